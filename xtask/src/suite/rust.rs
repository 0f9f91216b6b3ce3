//! Rust: drift check, formatting, clippy and every workspace test (the
//! engine's snapshots and the generated crates with their hand-written tests),
//! then the same for a crate generated from `tests/rust/hostile-spec/` (quotes,
//! template syntax, bidi controls, keywords as codes, classes and fields).

use std::path::Path;

use super::{Suite, cmd};

pub fn run(suite: &mut Suite) {
    suite.step("generated output is up to date", &mut cmd("cargo", &["xtask", "check"]));
    suite.step("rustfmt", &mut cmd("cargo", &["fmt", "--all", "--check"]));
    // Included by every crate's tests/conformance.rs, so `cargo fmt` never sees it.
    suite.step("rustfmt tests/rust", &mut cmd("rustfmt", &["--check", "--edition", "2021", "tests/rust/conformance.rs"]));
    suite.step("clippy", &mut cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]));
    suite.step("cargo test", &mut cmd("cargo", &["test", "--workspace", "--quiet"]));
    hostile(suite);
}

/// Generates the hostile spec outside the workspace and runs the generic
/// conformance suite, rustfmt and clippy on the crate.
fn hostile(suite: &mut Suite) {
    let root = std::env::current_dir().unwrap_or_default();
    let out = std::env::temp_dir().join("errcat-hostile-rust");
    let out_text = out.to_string_lossy().into_owned();
    if !suite.step("gen hostile spec", &mut cmd("cargo", &["xtask", "gen", "--spec", "tests/rust/hostile-spec", "--out", &out_text])) {
        return;
    }
    let krate = out.join("rust");
    let conformance = root.join("tests/rust/conformance.rs");
    let test = format!(
        "use hostile_errors as sdk;\n\nconst CATALOG: &str = include_str!(\"../../catalog.json\");\n\ninclude!({:?});\n",
        conformance.to_string_lossy()
    );
    if let Err(e) = std::fs::create_dir_all(krate.join("tests")).and_then(|()| std::fs::write(krate.join("tests/conformance.rs"), test)) {
        suite.fail("write hostile conformance test", &e.to_string());
        return;
    }
    let manifest = krate.join("Cargo.toml").to_string_lossy().into_owned();
    let in_crate = |args: &[&str]| {
        let mut c = cmd("cargo", args);
        c.current_dir(Path::new(&krate)).env("CARGO_TARGET_DIR", root.join("target/hostile-rust"));
        c
    };
    suite.step("hostile: rustfmt", &mut in_crate(&["fmt", "--check", "--manifest-path", &manifest]));
    suite.step("hostile: clippy", &mut in_crate(&["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]));
    suite.step("hostile: cargo test", &mut in_crate(&["test", "--quiet"]));
}
