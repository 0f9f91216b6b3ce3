//! vendoring: the shipped spec's module vendored into a small hand-written
//! SDK per language (`tests/vendoring/<lang>/`), which is then built, linted
//! and tested in that language's runner. Each host is copied to
//! `target/vendoring/<lang>/` and the module written where it expects it,
//! as `errcat gen` does for a `[targets.<lang>]` entry with `vendor = NAME`.

use std::path::{Path, PathBuf};

use super::{Suite, cmd, in_dir, tools};

const HOSTS: &str = "tests/vendoring";

/// `(language, the module's name, where the host keeps it)`.
const MODULES: [(&str, &str, &str); 4] = [
    ("rust", "errors", "src/errors"),
    ("python", "_errors", "src/novita_sdk/_errors"),
    ("typescript", "novita-sdk", "src/errors"),
    ("go", "example.com/novitasdk/apierrors", "apierrors"),
];

pub fn run(suite: &mut Suite) {
    let Ok(root) = std::env::current_dir() else { return };
    let catalog = match errcat::load_catalog(Path::new("spec"), false) {
        Ok(catalog) => catalog,
        Err(e) => return suite.fail("vendoring: load spec/", &e.to_string()),
    };
    for (lang, name, module_dir) in MODULES {
        let host = root.join("target/vendoring").join(lang);
        let _ = std::fs::remove_dir_all(&host);
        let Some(target) = errcat::targets::all().into_iter().find(|t| t.name() == lang) else { continue };
        let written = copy_dir(&root.join(HOSTS).join(lang), &host)
            .map_err(|e| e.to_string())
            .and_then(|()| errcat::targets::vendor(target, &catalog, name).map_err(|e| e.to_string()))
            .and_then(|files| {
                errcat::output::sync(&host.join(module_dir), &files, errcat::Mode::Write).map(drop).map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            suite.fail(&format!("vendoring {lang}: write {module_dir} into the host"), &e);
            continue;
        }
        let manifest = ["Cargo.toml", "pyproject.toml", "package.json", "go.mod"];
        if let Some(extra) = manifest.iter().find(|m| host.join(module_dir).join(m).exists()) {
            suite.fail(&format!("vendoring {lang}: no package manifest in the module"), &format!("{module_dir}/{extra} was written"));
        }
        match lang {
            "rust" => rust(suite, &root, &host),
            "python" => python(suite, &root, &host),
            "typescript" => typescript(suite, &root, &host),
            _ => go(suite, &host),
        }
    }
}

fn rust(suite: &mut Suite, root: &Path, host: &Path) {
    let manifest = host.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let shared_target = |mut c: std::process::Command| {
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            c.env("CARGO_TARGET_DIR", root.join("target"));
        }
        c
    };
    suite.step(
        "vendoring rust: clippy -D warnings",
        &mut shared_target(cmd("cargo", &["clippy", "--quiet", "--all-targets", "--manifest-path", &manifest, "--", "-D", "warnings"])),
    );
    suite.step("vendoring rust: cargo test", &mut shared_target(cmd("cargo", &["test", "--quiet", "--manifest-path", &manifest])));
}

fn python(suite: &mut Suite, root: &Path, host: &Path) {
    let Some(bin) = tools::python_bin(suite).map(|b| root.join(b)) else { return };
    let tool = |name: &str| bin.join(name);
    let cache = format!("--cache-dir={}", root.join("target/python-cache/mypy-vendoring").display());
    for (name, program, args) in [
        ("ruff check", tool("ruff"), vec!["check", "--no-cache", "."]),
        ("ruff format --check", tool("ruff"), vec!["format", "--check", "--no-cache", "."]),
        ("mypy --strict", tool("mypy"), vec!["--strict", &cache]),
        ("pytest", tool("python"), vec!["-m", "pytest", "-q", "-p", "no:cacheprovider"]),
    ] {
        let mut c = in_dir(cmd(program, &args), host);
        c.env("PYTHONDONTWRITEBYTECODE", "1");
        suite.step(&format!("vendoring python: {name}"), &mut c);
    }
}

fn typescript(suite: &mut Suite, root: &Path, host: &Path) {
    let Some(bin) = tools::node_bin(suite).map(|b| root.join(b)) else { return };
    if let Err(e) = link(&root.join("tools/node_modules"), &host.join("node_modules")) {
        return suite.fail("vendoring typescript: link tools/node_modules", &e.to_string());
    }
    suite.step("vendoring typescript: prettier --check", &mut in_dir(cmd(bin.join("prettier"), &["--check", "src", "test"]), host));
    if suite.step("vendoring typescript: tsc --strict", &mut in_dir(cmd(bin.join("tsc"), &["-p", "."]), host)) {
        suite.step("vendoring typescript: node --test", &mut in_dir(cmd("node", &["--test", "dist/test/"]), host));
    }
}

fn go(suite: &mut Suite, host: &Path) {
    let staticcheck = tools::staticcheck(suite);
    let with_env = |mut c: std::process::Command| {
        c.env("GOWORK", "off");
        in_dir(c, host)
    };
    let gofmt = r#"out=$(gofmt -l .) && test -z "$out" || { echo "not gofmt-clean: $out"; exit 1; }"#;
    suite.step("vendoring go: gofmt -l", &mut with_env(cmd("sh", &["-c", gofmt])));
    suite.step("vendoring go: go vet", &mut with_env(cmd("go", &["vet", "./..."])));
    if let Some(exe) = staticcheck {
        suite.step("vendoring go: staticcheck", &mut with_env(cmd(exe, &["./..."])));
    }
    suite.step("vendoring go: go test", &mut with_env(cmd("go", &["test", "-count=1", "./..."])));
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(from, to);
    #[cfg(not(unix))]
    return copy_dir(from, to);
}
