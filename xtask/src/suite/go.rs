//! go: tests and linters over every spec's generated package.

use super::Suite;

pub fn run(_suite: &mut Suite) {}
