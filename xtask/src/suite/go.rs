//! go: tests and linters over every spec's generated module, and over the
//! shared conformance suite in `tests/go/` that each module's tests run
//! (each module's hand-written `go.work` puts `tests/go` beside it). The
//! suite also checks every conformance vector in `tests/vectors/`, directly
//! and over loopback HTTP, and seeds `FuzzFromParts` with them. Over HTTP,
//! the client matrix (`tests/go/conformance/clients.go`, README rule 25)
//! reads every vector through net/http (whole and chunked) and resty
//! (pinned in `tests/go/go.mod`), parsed and raw, and the issue's cases
//! also reset midway through the body; `go test` of each module runs it.

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
        // Every spec's module has at least its conformance adapter; a module
        // without tests would pass `go test` with "no test files".
        if dir != Path::new("tests/go") && !has_tests(dir) {
            suite.fail(&format!("go test {}", dir.display()), "no _test.go files: add the conformance adapter");
        }
        module(suite, dir, staticcheck.as_deref());
    }
    // The lookup micro-benchmark (`go run ./bench <package dir>`) runs on
    // the main spec's package so that it keeps working; `cargo xtask bench`
    // points it at a 10,000-error package.
    if let Some(main) = dirs.get(1) {
        let target = Path::new("../..").join(main);
        suite
            .step("go lookup benchmark", &mut in_dir(cmd("go", &["run", "./bench", &target.display().to_string()]), Path::new("tests/go")));
    }
}

fn has_tests(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().ends_with("_test.go"))).unwrap_or(false)
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
