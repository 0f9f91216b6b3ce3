//! Rust: drift check, formatting, clippy and every workspace test: the
//! engine's snapshots and the generated crates (`generated/rust`,
//! `examples/*/generated/rust`, `fixtures/*/generated/rust`, the hostile
//! fixture included) with their hand-written tests, which run the shared
//! conformance vectors in process and over real HTTP, and fuzz the response
//! constructor. With the client features on (README rule 25), the shipped
//! spec's crate and one example's run the client matrix.

use super::{Suite, cmd};

/// Files `cargo fmt` never sees, checked on their own: the generic suites
/// every crate's tests include, and the lookup micro-benchmark (its own
/// workspace, built only after `cargo xtask bench`).
/// The consumer program too (its own workspace, built by the publish suite).
const INCLUDED: [&str; 6] = [
    "tests/rust/conformance.rs",
    "tests/rust/serve.rs",
    "tests/rust/vectors.rs",
    "tests/rust/diff_driver.rs",
    "tests/rust/bench/src/main.rs",
    "tests/consumers/rust/src/main.rs",
];

/// `-p` for the generated crates built and tested with every feature,
/// which brings in reqwest, hyper and the `http` crate (built once, in the
/// shared target directory): the shipped spec's, with the README's client
/// example, and cardpay's, whose spec retries connection errors. The other
/// crates' `clients.rs` is the same template.
const CLIENT_CRATES: [&str; 5] = ["--all-features", "-p", "novita-errors", "-p", "cardpay-errors"];

pub fn run(suite: &mut Suite) {
    suite.step("generated output is up to date", &mut cmd("cargo", &["xtask", "check"]));
    suite.step("rustfmt", &mut cmd("cargo", &["fmt", "--all", "--check"]));
    for file in INCLUDED {
        suite.step(&format!("rustfmt {file}"), &mut cmd("rustfmt", &["--check", "--edition", "2021", file]));
    }
    suite.step("clippy", &mut cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]));
    // Every test target runs even when one fails, so one failure hides no other.
    suite.step("cargo test", &mut cmd("cargo", &["test", "--workspace", "--no-fail-fast", "--quiet"]));
    let with = |args: &[&'static str], more: &[&'static str]| cmd("cargo", &[args, &CLIENT_CRATES, more].concat());
    suite.step(
        "clippy --all-features (client matrix crates)",
        &mut with(&["clippy", "--all-targets", "--quiet"], &["--", "-D", "warnings"]),
    );
    suite.step(
        "client matrix: cargo test --all-features --test vectors",
        &mut with(&["test", "--no-fail-fast", "--quiet"], &["--test", "vectors"]),
    );
    suite.step(
        "README client example: cargo test --all-features --test clients_usage",
        &mut cmd("cargo", &["test", "--quiet", "--all-features", "-p", "novita-errors", "--test", "clients_usage"]),
    );
    let mut doc = with(&["doc", "--no-deps", "--quiet"], &[]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    suite.step("RUSTDOCFLAGS=-D warnings cargo doc --all-features (client matrix crates)", &mut doc);
}
