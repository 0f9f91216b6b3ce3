//! go: tests and linters over every spec's generated module, and over the
//! shared conformance suite in `tests/go/` that each module's tests run
//! (each module's hand-written `go.work` puts `tests/go` beside it).

use std::path::{Path, PathBuf};

use super::{Suite, cmd, in_dir, tools};

pub fn run(suite: &mut Suite) {
    let staticcheck = tools::staticcheck(suite);
    let mut dirs: Vec<PathBuf> = vec![PathBuf::from("tests/go")];
    dirs.extend(super::outputs().into_iter().map(|out| out.join("go")));
    for dir in &dirs {
        if !dir.join("go.mod").is_file() {
            suite.fail(&format!("go: {}", dir.display()), "no go.mod: run `cargo xtask gen`");
            continue;
        }
        module(suite, dir, staticcheck.as_deref());
    }
}

fn module(suite: &mut Suite, dir: &Path, staticcheck: Option<&Path>) {
    let name = dir.display().to_string();
    // gofmt -l lists the files it would change: any output fails the step.
    let check = r#"out=$(gofmt -l .) && test -z "$out" || { echo "not gofmt-clean: $out"; exit 1; }"#;
    suite.step(&format!("gofmt -l {name}"), &mut in_dir(cmd("sh", &["-c", check]), dir));
    suite.step(&format!("go vet {name}"), &mut in_dir(cmd("go", &["vet", "./..."]), dir));
    match staticcheck {
        Some(exe) => {
            suite.step(&format!("staticcheck {name}"), &mut in_dir(cmd(exe, &["./..."]), dir));
        }
        None => suite.fail(&format!("staticcheck {name}"), "staticcheck is not installed"),
    }
    suite.step(&format!("go test {name}"), &mut in_dir(cmd("go", &["test", "-count=1", "./..."]), dir));
}
