//! typescript: tests and linters over every spec's generated package.
//!
//! Per spec (the shipped ones and `fixtures/hostile`), in
//! `target/typescript/<out>/` (never committed):
//! 1. `prettier --check` on the package and on the hand-written tests;
//! 2. the package is copied to `node_modules/<its name>/` and built there
//!    with its own `tsconfig.json` (strict, no unused locals/parameters), as
//!    a consumer would; the build is also installed as `errcat-under-test`
//!    and `errcat-under-test-copy` (two copies, for the cross-copy
//!    `instanceof` test), and `fast-check`, express, axios and ky are linked
//!    in from `tools/`;
//! 3. the generic suite (`tests/typescript/*.test.ts`: the spec's
//!    `catalog.json`, the shared vectors `tests/vectors/` in process and over
//!    real HTTP, there through each client README rule 25 lists: fetch,
//!    axios and ky, pinned in `tools/package.json`; bounded fuzzing) and the
//!    spec's own tests
//!    (`<out>/typescript/tests/`, if it has any) are compiled with tsc
//!    (strict) and run with `node --test`.
//!
//! Last, the lookup micro-benchmark (`tests/typescript/bench/lookup.ts`) is
//! compiled and run briefly against the shipped spec's package, so that the
//! command `cargo xtask bench` uses keeps working.

use std::path::{Path, PathBuf};

use super::{Suite, cmd, tools};

const GENERIC_TESTS: &str = "tests/typescript";
const VECTORS: &str = "tests/vectors";
const BENCH_CONFIG: &str = "tests/typescript/bench/tsconfig.json";
/// Where the benchmark's tsconfig puts `lookup.js`.
const BENCH_JS: &str = "target/typescript-bench/lookup.js";

pub fn run(suite: &mut Suite) {
    let Some(bin) = tools::node_bin(suite) else { return };
    let root = match std::env::current_dir() {
        Ok(root) => root,
        Err(e) => return suite.fail("typescript", &e.to_string()),
    };
    let bin = root.join(bin);
    let prettier = bin.join("prettier");
    let tsc = bin.join("tsc");
    suite.step("typescript: prettier --check tests/typescript", &mut cmd(&prettier, &["--check", GENERIC_TESTS]));
    for (spec, out) in crate::shipped_specs() {
        let name = out.display().to_string();
        let package = match errcat::load_catalog(&spec, false) {
            Ok(catalog) => catalog.packages.typescript,
            Err(e) => {
                suite.fail(&format!("typescript {name}: load spec"), &e.to_string());
                continue;
            }
        };
        let generated = out.join("typescript");
        suite.step(&format!("typescript {name}: prettier --check"), &mut cmd(&prettier, &["--check", &generated.to_string_lossy()]));
        let Some((work, tests)) = build(suite, &root, &tsc, &out, &package) else { continue };
        let mut node = cmd("node", &["--test"]);
        node.args(tests.iter().map(|t| work.join("dist").join(format!("{}.js", t.trim_end_matches(".ts")))));
        node.env("ERRCAT_CATALOG", root.join(&out).join("catalog.json"));
        // The vectors test picks the file whose `spec` is this spec.
        node.env("ERRCAT_SPEC", &spec);
        node.env("ERRCAT_VECTORS", root.join(VECTORS));
        suite.step(&format!("typescript {name}: node --test"), &mut node);
    }
    if suite.step("typescript: compile the lookup benchmark (tsc)", &mut cmd(&tsc, &["-p", BENCH_CONFIG])) {
        let mut bench = cmd("node", &[BENCH_JS, "generated/typescript", "--ops", "200000"]);
        suite.step("typescript: lookup benchmark, briefly, on generated/typescript", &mut bench);
    }
}

/// Lays out `work`: the package under `node_modules/<package>/`, every test
/// under `tests/`, a strict `tsconfig.json`. Returns the test files'
/// paths relative to `work`.
/// Installs the package of `out` and the generic tests into
/// `target/typescript/<out>` and compiles both; the work directory and the
/// test files, or `None` after recording why not. The differential suite
/// runs `dist/tests/diff_driver.js` from there.
pub(super) fn build(suite: &mut Suite, root: &Path, tsc: &Path, out: &Path, package: &str) -> Option<(PathBuf, Vec<String>)> {
    let name = out.display().to_string();
    let generated = out.join("typescript");
    let work = root.join("target/typescript").join(out);
    let tests = match prepare(root, &generated, &work, package) {
        Ok(tests) => tests,
        Err(e) => {
            suite.fail(&format!("typescript {name}: prepare {}", work.display()), &e.to_string());
            return None;
        }
    };
    let installed = work.join("node_modules").join(package);
    if !suite.step(&format!("typescript {name}: build package (tsc)"), &mut cmd(tsc, &["-p", &installed.to_string_lossy()])) {
        return None;
    }
    for alias in ["errcat-under-test", "errcat-under-test-copy"] {
        if let Err(e) = copy_dir(&installed, &work.join("node_modules").join(alias)) {
            suite.fail(&format!("typescript {name}: install {alias}"), &e.to_string());
        }
    }
    if !suite.step(&format!("typescript {name}: compile tests (tsc)"), &mut cmd(tsc, &["-p", &work.to_string_lossy()])) {
        return None;
    }
    Some((work, tests))
}

fn prepare(root: &Path, generated: &Path, work: &Path, package: &str) -> std::io::Result<Vec<String>> {
    if work.exists() {
        std::fs::remove_dir_all(work)?;
    }
    let installed = work.join("node_modules").join(package);
    for file in ["package.json", "tsconfig.json"] {
        std::fs::create_dir_all(&installed)?;
        std::fs::copy(generated.join(file), installed.join(file))?;
    }
    copy_dir(&generated.join("src"), &installed.join("src"))?;
    link_dir(&root.join("tools/node_modules/fast-check"), &work.join("node_modules/fast-check"))?;
    // The serving examples' framework (generated/typescript/tests/serve-express.ts).
    std::fs::create_dir_all(work.join("node_modules/@types"))?;
    // The HTTP clients of the client matrix (tests/typescript/vectors.test.ts)
    // and the README's axios example.
    for module in ["express", "@types/express", "axios", "ky"] {
        link_dir(&root.join("tools/node_modules").join(module), &work.join("node_modules").join(module))?;
    }
    let tests_dir = work.join("tests");
    std::fs::create_dir_all(&tests_dir)?;
    let mut tests = Vec::new();
    for dir in [root.join(GENERIC_TESTS), generated.join("tests")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let Some(file_name) = file.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
            if !file_name.ends_with(".ts") {
                continue;
            }
            std::fs::copy(&file, tests_dir.join(&file_name))?;
            if file_name.ends_with(".test.ts") {
                tests.push(format!("tests/{file_name}"));
            }
        }
    }
    let types = root.join("tools/node_modules/@types");
    let tsconfig = format!(
        r#"{{
  "compilerOptions": {{
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "typeRoots": [{types:?}],
    "types": ["node"],
    "strict": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noUncheckedIndexedAccess": true,
    "rootDir": "tests",
    "outDir": "dist/tests"
  }},
  "include": ["tests"]
}}
"#
    );
    std::fs::write(work.join("tsconfig.json"), tsconfig)?;
    // The tests are ES modules, like the package.
    std::fs::write(work.join("package.json"), "{ \"private\": true, \"type\": \"module\" }\n")?;
    Ok(tests)
}

/// A link to `from` at `to` (a copy where links are not available).
fn link_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(from, to);
    #[cfg(not(unix))]
    return copy_dir(from, to);
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
