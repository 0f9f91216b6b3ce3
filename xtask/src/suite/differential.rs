//! Differential fuzzing: the same random responses through all four
//! languages' parsers in one run, every field compared
//! (`tests/differential/fuzz.py`). This suite builds one driver per language
//! and shipped spec, writes `target/differential/drivers.json` naming them,
//! and runs the fuzzer with a fixed seed; a finding fails the step and is
//! left, minimised, in `target/differential/findings/`.
//!
//! `ERRCAT_DIFF_CASES` (cases per spec, default 400) and `ERRCAT_DIFF_SEED`
//! make a longer run: `ERRCAT_DIFF_CASES=20000 cargo xtask test --only differential`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Suite, cmd, tools, typescript};

pub fn run(suite: &mut Suite) {
    let Some(python) = tools::python_bin(suite) else { return };
    let Some(node_bin) = tools::node_bin(suite) else { return };
    let root = match std::env::current_dir() {
        Ok(root) => root,
        Err(e) => return suite.fail("differential", &e.to_string()),
    };
    let venv = root.join(python);
    let python = venv.join("python");
    let scripts = ["tests/differential/fuzz.py", "tests/python/diff_driver.py"];
    suite.step("differential: ruff check", &mut cmd(venv.join("ruff"), &[&["check", "--no-cache"][..], &scripts].concat()));
    suite.step(
        "differential: ruff format --check",
        &mut cmd(venv.join("ruff"), &[&["format", "--check", "--no-cache"][..], &scripts].concat()),
    );
    let mut mypy = cmd(venv.join("mypy"), &[&["--strict", "--no-incremental", "--ignore-missing-imports"][..], &scripts].concat());
    suite.step("differential: mypy --strict", &mut mypy);
    let tsc = root.join(node_bin).join("tsc");
    let work = root.join("target/differential");
    let mut drivers: BTreeMap<String, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    let mut crates = Vec::new();
    for (index, (spec, out)) in crate::shipped_specs().into_iter().enumerate() {
        let name = out.display().to_string();
        let catalog = match errcat::load_catalog(&spec, false) {
            Ok(catalog) => catalog,
            Err(e) => {
                suite.fail(&format!("differential {name}: load spec"), &e.to_string());
                continue;
            }
        };
        let packages = &catalog.packages;
        let mut these = BTreeMap::new();
        let src = root.join(&out).join("python/src");
        these.insert("python", vec![text(&python), text(&root.join("tests/python/diff_driver.py")), text(&src), packages.python.clone()]);
        if let Some((ts_work, _)) = typescript::build(suite, &root, &tsc, &out, &packages.typescript) {
            these.insert("typescript", vec!["node".to_owned(), text(&ts_work.join("dist/tests/diff_driver.js"))]);
        }
        let bin = format!("diff-{index}");
        crates.push((bin.clone(), packages.rust.clone(), root.join(&out).join("rust")));
        these.insert("rust", vec![text(&work.join("rust/target/debug").join(&bin))]);
        match go_driver(&root, &work.join("go").join(index.to_string()), &out, &packages.go) {
            Ok(dir) => {
                let exe = dir.join("diffdriver");
                let mut build = cmd("go", &["build", "-o", &text(&exe), "."]);
                build.current_dir(&dir);
                if suite.step(&format!("differential {name}: build the Go driver"), &mut build) {
                    these.insert("go", vec![text(&exe)]);
                }
            }
            Err(e) => suite.fail(&format!("differential {name}: write the Go driver"), &e.to_string()),
        }
        drivers.insert(text(&spec), these);
    }
    match rust_drivers(&root, &work.join("rust"), &crates) {
        Ok(manifest) => {
            let mut build = cmd("cargo", &["build", "--quiet", "--manifest-path", &text(&manifest)]);
            build.env("CARGO_TARGET_DIR", work.join("rust/target"));
            suite.step("differential: build the Rust drivers", &mut build);
        }
        Err(e) => suite.fail("differential: write the Rust drivers", &e.to_string()),
    }
    let config = work.join("drivers.json");
    let json = serde_json::to_string_pretty(&drivers).expect("driver table serialises");
    if let Err(e) = std::fs::write(&config, json) {
        return suite.fail("differential: write drivers.json", &e.to_string());
    }
    let cases = std::env::var("ERRCAT_DIFF_CASES").unwrap_or_else(|_| "400".to_owned());
    let seed = std::env::var("ERRCAT_DIFF_SEED").unwrap_or_else(|_| "1".to_owned());
    let mut fuzz = cmd(&python, &["tests/differential/fuzz.py", &text(&config), "--cases", &cases, "--seed", &seed]);
    suite.step("differential: four languages agree on random responses", &mut fuzz);
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A cargo project with one binary per generated crate, each binding its
/// crate as `sdk` and including tests/rust/diff_driver.rs.
fn rust_drivers(root: &Path, dir: &Path, crates: &[(String, String, PathBuf)]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir.join("src"))?;
    let mut manifest = String::from(
        "# Written by `cargo xtask test --only differential`.\n[package]\nname = \"errcat-diff-drivers\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nserde_json = \"1\"\n",
    );
    for (bin, package, path) in crates {
        manifest.push_str(&format!("{bin} = {{ package = {package:?}, path = {:?} }}\n", text(path)));
    }
    for (bin, _, _) in crates {
        manifest.push_str(&format!("\n[[bin]]\nname = {bin:?}\npath = \"src/{bin}.rs\"\n"));
        let driver = text(&root.join("tests/rust/diff_driver.rs"));
        let source = format!("use {} as sdk;\ninclude!({driver:?});\n", bin.replace('-', "_"));
        std::fs::write(dir.join("src").join(format!("{bin}.rs")), source)?;
    }
    let path = dir.join("Cargo.toml");
    std::fs::write(&path, manifest)?;
    Ok(path)
}

/// A main package for one generated Go module, in a workspace with it and
/// tests/go (which holds the driver).
fn go_driver(root: &Path, dir: &Path, out: &Path, module: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("go.mod"), "module example.com/errcat/diffdriver\n\ngo 1.21\n")?;
    let work = format!("go 1.23.0\n\nuse (\n\t.\n\t{:?}\n\t{:?}\n)\n", text(&root.join("tests/go")), text(&root.join(out).join("go")));
    std::fs::write(dir.join("go.work"), work)?;
    let main = format!(
        "// Written by `cargo xtask test --only differential`.\npackage main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.com/errcat/gotests/diffdriver\"\n\tpkg {module:?}\n)\n\nfunc main() {{\n\tdiffdriver.Main((*pkg.Error)(nil), func(s int, h http.Header, b []byte, at time.Time) error {{ return pkg.FromPartsAt(s, h, b, at) }})\n}}\n"
    );
    std::fs::write(dir.join("main.go"), main)?;
    Ok(dir.to_owned())
}
