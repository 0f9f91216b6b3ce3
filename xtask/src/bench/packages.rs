//! The generated packages as their users meet them, at 96 and 10,000
//! errors: Python import time, TypeScript load time and bundle bytes, Go
//! build time and added binary size, Rust build times, and in every
//! language the time to parse one typical error response beside a
//! hand-written minimal parser of the same envelope (the floor).
//!
//! The drivers live beside the lookup micro-benchmarks in
//! `tests/<lang>/bench/`; each prints `key=value` fields, which are kept
//! as they come (numbers only).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One package measurement: `key=value` figures by language.
pub type Figures = BTreeMap<String, BTreeMap<String, f64>>;

/// Every `key=number` field in `text`.
pub fn fields(text: &str) -> BTreeMap<String, f64> {
    text.split_whitespace()
        .filter_map(|field| {
            let (key, value) = field.split_once('=')?;
            Some((key.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// Runs `argv` in `dir` and returns its `key=value` fields (stdout and
/// stderr both), or none, with the output on stderr, when it failed.
fn run(label: &str, dir: &Path, argv: &[String]) -> BTreeMap<String, f64> {
    eprintln!("  {label}…");
    match Command::new(&argv[0]).args(&argv[1..]).current_dir(dir).output() {
        Ok(o) if o.status.success() => fields(&format!("{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))),
        Ok(o) => {
            eprintln!("{label} failed:\n{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            BTreeMap::new()
        }
        Err(err) => {
            eprintln!("{label}: cannot run {}: {err}", argv[0]);
            BTreeMap::new()
        }
    }
}

/// The status and body of one typical error response of the spec: its
/// first error, in the shipped envelope (`code` the status, `reason` the
/// error code, `message`).
pub fn typical_response(spec: &Path) -> Option<(u16, String)> {
    let catalog = errcat::load_catalog(spec, false).ok()?;
    let error = catalog.errors().next()?;
    let body = serde_json::json!({ "code": error.status, "reason": error.code, "message": error.message });
    Some((error.status, body.to_string()))
}

/// A manifest in `work` for the Rust drivers (tests/rust/bench/src), on the
/// crate in `crate_dir`: tests/rust/bench/Cargo.toml names a fixed path under
/// target/, which `CARGO_TARGET_DIR` or another size would not match.
pub fn rust_driver(root: &Path, work: &Path, crate_dir: &Path, package: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(work)?;
    let src = root.join("tests/rust/bench/src");
    let manifest = format!(
        "# Written by `cargo xtask bench` for the drivers in tests/rust/bench.\n[package]\nname = \"errcat-rust-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[[bin]]\nname = \"lookup\"\npath = {:?}\n\n[[bin]]\nname = \"parse\"\npath = {:?}\n\n[dependencies]\nsdk = {{ package = {package:?}, path = {:?} }}\nserde_json = \"1\"\n",
        src.join("main.rs"),
        src.join("parse.rs"),
        crate_dir,
    );
    let path = work.join("Cargo.toml");
    std::fs::write(&path, manifest)?;
    Ok(path)
}

/// Seconds of one cold `cargo build` (debug or release) of the crate in
/// `crate_dir`, in a fresh target directory of its own.
pub fn rust_build(crate_dir: &Path, target: &Path, release: bool) -> Option<f64> {
    let _ = std::fs::remove_dir_all(target);
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "--quiet", "--manifest-path"]).arg(crate_dir.join("Cargo.toml")).arg("--target-dir").arg(target);
    if release {
        cmd.arg("--release");
    }
    let start = Instant::now();
    let ok = cmd.status().is_ok_and(|s| s.success());
    let took = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(target);
    ok.then_some(took)
}

/// Measures the packages in `out` (one generated tree) for the spec in
/// `spec`, with `runs` fresh processes per start-up figure. `base` is the
/// bench's work directory (under cargo's target directory).
pub fn measure(root: &Path, base: &Path, spec: &Path, out: &Path, errors: usize, runs: usize) -> Figures {
    let mut figures = BTreeMap::new();
    let Some((status, body)) = typical_response(spec) else {
        eprintln!("cannot load {} for a typical response", spec.display());
        return figures;
    };
    let abs = |p: &Path| root.join(p).to_string_lossy().into_owned();
    let status = status.to_string();
    let runs = runs.to_string();
    eprintln!("measuring the packages for {errors} errors…");

    let python = vec![
        abs(Path::new(".venv/bin/python")),
        abs(Path::new("tests/python/bench/package.py")),
        abs(&out.join("python")),
        status.clone(),
        body.clone(),
        "--runs".into(),
        runs.clone(),
    ];
    figures.insert("python".into(), run("Python", root, &python));

    let ts_out = base.join("typescript-bench");
    let typescript = vec![
        "sh".into(),
        "-c".into(),
        format!(
            "tools/node_modules/.bin/tsc -p tests/typescript/bench --outDir {} && node {}/package.js \"$0\" \"$1\" \"$2\" --runs \"$3\"",
            ts_out.display(),
            ts_out.display()
        ),
        abs(&out.join("typescript")),
        status.clone(),
        body.clone(),
        runs.clone(),
    ];
    figures.insert("typescript".into(), run("TypeScript", root, &typescript));

    let go = vec![
        "go".into(),
        "run".into(),
        "./bench/package".into(),
        "-cache".into(),
        abs(&base.join("go-cache")),
        abs(&out.join("go")),
        status.clone(),
        body.clone(),
    ];
    figures.insert("go".into(), run("Go", &root.join("tests/go"), &go));

    let mut rust = BTreeMap::new();
    let package = errcat::load_catalog(spec, false).map(|c| c.packages.rust).unwrap_or_default();
    match rust_driver(root, &base.join(format!("rust-bench-{errors}")), &root.join(out).join("rust"), &package) {
        Ok(manifest) => {
            let argv = [
                "cargo",
                "run",
                "--quiet",
                "--release",
                "--bin",
                "parse",
                "--manifest-path",
                &manifest.to_string_lossy(),
                "--",
                &status,
                &body,
            ]
            .map(String::from);
            rust = run("Rust", root, &argv);
        }
        Err(err) => eprintln!("cannot write the Rust driver's manifest: {err}"),
    }
    figures.insert("rust".into(), rust);
    figures
}
