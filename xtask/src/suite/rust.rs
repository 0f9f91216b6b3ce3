//! Rust: drift check, formatting, clippy and every workspace test (the
//! engine's snapshots and the generated crates with their hand-written tests).

use super::{Suite, cmd};

pub fn run(suite: &mut Suite) {
    suite.step("generated output is up to date", &mut cmd("cargo", &["xtask", "check"]));
    suite.step("rustfmt", &mut cmd("cargo", &["fmt", "--all", "--check"]));
    suite.step("clippy", &mut cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]));
    suite.step("cargo test", &mut cmd("cargo", &["test", "--workspace", "--quiet"]));
}
