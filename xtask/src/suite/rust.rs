//! Rust: drift check, formatting, clippy and every workspace test: the
//! engine's snapshots and the generated crates (`generated/rust`,
//! `examples/*/generated/rust`, `fixtures/*/generated/rust`, the hostile
//! fixture included) with their hand-written tests, which run the shared
//! conformance vectors in process and over real HTTP, and fuzz the response
//! constructor.

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

pub fn run(suite: &mut Suite) {
    suite.step("generated output is up to date", &mut cmd("cargo", &["xtask", "check"]));
    suite.step("rustfmt", &mut cmd("cargo", &["fmt", "--all", "--check"]));
    for file in INCLUDED {
        suite.step(&format!("rustfmt {file}"), &mut cmd("rustfmt", &["--check", "--edition", "2021", file]));
    }
    suite.step("clippy", &mut cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]));
    // Every test target runs even when one fails, so one failure hides no other.
    suite.step("cargo test", &mut cmd("cargo", &["test", "--workspace", "--no-fail-fast", "--quiet"]));
}
