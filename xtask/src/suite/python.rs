//! python: for every spec's generated package, ruff (lint and format check),
//! mypy --strict and its per-spec pytest files; then the generic suite in
//! `tests/python/`, which runs against every package at once; then, when a
//! `python3.9` is on the PATH, an import smoke test on the oldest Python the
//! packages support (mypy 2 no longer checks 3.9 itself), the async
//! variants (`from_response_async`, `async_with_retries`) included. The
//! generic suite's client matrix (`tests/python/test_http.py`: requests,
//! httpx, aiohttp and urllib over loopback) needs those clients, pinned in
//! `tools/requirements.txt`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Suite, cmd, in_dir, outputs, tools};

/// Caches go under `target/`, never beside the generated code.
fn cache(name: &str) -> PathBuf {
    std::env::current_dir().unwrap_or_default().join("target/python-cache").join(name)
}

fn quiet(mut c: Command) -> Command {
    c.env("PYTHONDONTWRITEBYTECODE", "1");
    c
}

/// The usual four checks on one Python project directory.
/// `dir` is a generated package (its tests, if any, in `tests/`) or, with
/// `generic`, the generic suite itself.
fn check_project(suite: &mut Suite, bin: &Path, dir: &Path, label: &str, generic: bool) {
    let tool = |name: &str| bin.join(name).to_string_lossy().into_owned();
    let mypy_cache = cache(&format!("mypy-{label}"));
    let mypy_cache = format!("--cache-dir={}", mypy_cache.display());
    let steps: [(&str, Vec<&str>); 4] = [
        ("ruff check", vec!["check", "--no-cache", "."]),
        ("ruff format --check", vec!["format", "--check", "--no-cache", "."]),
        ("mypy --strict", vec!["--strict", "--python-version", "3.10", &mypy_cache]),
        ("pytest", vec!["-m", "pytest", "-q", "-p", "no:cacheprovider"]),
    ];
    let has_tests = generic || dir.join("tests").is_dir();
    for (name, mut args) in steps {
        if !has_tests && name == "pytest" {
            // Said plainly, never a silent "no tests ran": the generic suite
            // in tests/python/ still covers this package.
            eprintln!("\n==> pytest ({label}): SKIPPED: no per-spec tests/ directory");
            continue;
        }
        if !has_tests && name == "mypy --strict" {
            args.push("src"); // the project's `files` names tests/ too
        }
        let program = match name {
            "pytest" => tool("python"),
            "mypy --strict" => tool("mypy"),
            _ => tool("ruff"),
        };
        // pytest exits 5 when it collected nothing: a failure like any other.
        suite.step(&format!("{name} ({label})"), &mut quiet(in_dir(cmd(program, &args), dir)));
    }
}

fn package_name(src: &Path) -> Option<String> {
    std::fs::read_dir(src)
        .ok()?
        .filter_map(|e| e.ok())
        .find(|e| e.path().join("__init__.py").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
}

pub fn run(suite: &mut Suite) {
    let Some(bin) = tools::python_bin(suite) else { return };
    let Ok(root) = std::env::current_dir() else { return };
    let bin = root.join(bin);
    let mut packages = Vec::new();
    for out in outputs() {
        let dir = root.join(&out).join("python");
        let label = out.display().to_string();
        if !dir.join("pyproject.toml").is_file() {
            suite.fail(&format!("python package ({label})"), "no generated python/ package: run `cargo xtask gen`");
            continue;
        }
        check_project(suite, &bin, &dir, &label, false);
        if let Some(name) = package_name(&dir.join("src")) {
            packages.push((dir, name));
        }
    }
    check_project(suite, &bin, &root.join("tests/python"), "generic suite, every package", true);

    // Python 3.9 is the oldest the packages claim; check they import and run
    // there when it is installed (CI images with pyenv have it).
    // pyenv's shim finds 3.9 only when asked for it; PYENV_VERSION is
    // ignored where there is no pyenv.
    let python39 = || {
        let mut c = cmd("python3.9", &[]);
        c.env("PYENV_VERSION", "3.9");
        c
    };
    let has_39 = python39().arg("--version").output().is_ok_and(|o| o.status.success());
    if !has_39 {
        eprintln!("\n==> python3.9 not on PATH: skipping the 3.9 import check");
        return;
    }
    for (dir, name) in packages {
        let script = format!(
            "import sys; sys.path.insert(0, 'src'); import {name} as p; \
             e = p.from_parts(429, {{'retry-after': '1'}}, b'{{}}'); \
             assert isinstance(e, p.APIError) and e.retry_after == 1.0, e; \
             p.with_retries(lambda attempt: attempt.number, sleep=lambda s: None); import {name}.server; \
             import asyncio; r = type('R', (), {{'status': 503, 'headers': {{}}, 'read': lambda self: b'{{}}'}})(); \
             assert asyncio.run(p.from_response_async(r)).status == 503; \
             assert asyncio.run(p.async_with_retries(lambda a: asyncio.sleep(0, a.number))) == 1; \
             print('{name} ok on', sys.version.split()[0])"
        );
        let mut check = python39();
        check.args(["-c", &script]);
        suite.step(&format!("python3.9 import {name}"), &mut quiet(in_dir(check, &dir)));
    }
}
