//! publish: every shipped spec's packages, checked as the registries will
//! take them, and used from outside the repository.
//!
//! Per spec, in `target/publish/<out>/` (never committed):
//! - crates.io: `cargo publish --dry-run` (packages the crate and builds
//!   the package) and `cargo doc` with `RUSTDOCFLAGS=-D warnings`. Its
//!   `rust-version` is held by clippy's `incompatible_msrv` lint in the rust
//!   suite (no older toolchain can be installed here);
//! - PyPI: wheel and sdist built (`python -m build`, pinned setuptools),
//!   `twine check --strict`, the wheel installed into a scratch venv and
//!   `pyright --verifytypes` at 100% type completeness;
//! - npm: `npm pack` (its `prepack` builds `dist/`), `publint --strict` on
//!   the tarball, `attw --pack --profile esm-only` (the package is ES
//!   modules; `require()` of it is checked on Node 20.19+), the tarball
//!   installed and imported from ESM and required from CommonJS;
//! - Go: the module builds from a consumer module that requires it by path.
//!
//! For the shipped spec (`spec/` → `generated/`), the consumers in
//! `tests/consumers/` (shown in README.md) run against those artifacts, and
//! the esbuild bundle of one class and `fromResponse` is measured against
//! the figure README.md records.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Suite, cmd, in_dir, tools};

const CONSUMERS: &str = "tests/consumers";
/// How far the bundle may drift from README's figure before README must
/// be updated.
const BUNDLE_TOLERANCE: f64 = 0.10;

pub fn run(suite: &mut Suite) {
    let Ok(root) = std::env::current_dir() else { return };
    let python = tools::python_bin(suite).map(|bin| root.join(bin));
    let node = tools::node_bin(suite).map(|bin| root.join(bin));
    if let Some(bin) = &node {
        let mut prettier = cmd(bin.join("prettier"), &["--check", &format!("{CONSUMERS}/typescript")]);
        suite.step("publish: prettier --check tests/consumers/typescript", &mut prettier);
    }
    if let Some(bin) = &python {
        let ruff = bin.join("ruff");
        let dir = format!("{CONSUMERS}/python");
        suite.step("publish: ruff check tests/consumers/python", &mut cmd(&ruff, &["check", "--no-cache", &dir]));
        suite.step("publish: ruff format --check tests/consumers/python", &mut cmd(&ruff, &["format", "--check", "--no-cache", &dir]));
    }
    let gofmt = format!(r#"out=$(gofmt -l {CONSUMERS}/go) && test -z "$out" || {{ echo "not gofmt-clean: $out"; exit 1; }}"#);
    suite.step("publish: gofmt -l tests/consumers/go", &mut cmd("sh", &["-c", &gofmt]));
    let mut wheels = Vec::new();
    for (spec, out) in crate::shipped_specs() {
        let label = out.display().to_string();
        let catalog = match errcat::load_catalog(&spec, false) {
            Ok(catalog) => catalog,
            Err(e) => {
                suite.fail(&format!("publish {label}: load spec"), &e.to_string());
                continue;
            }
        };
        let work = root.join("target/publish").join(&out);
        let _ = std::fs::remove_dir_all(&work);
        let shipped = out == Path::new("generated");
        crate_checks(suite, &label, &catalog.packages.rust);
        if let Some(bin) = &python
            && let Some(wheel) = python_build(suite, bin, &root.join(&out).join("python"), &work.join("python"), &label)
        {
            wheels.push((wheel, catalog.packages.python.clone(), shipped));
        }
        if let Some(bin) = &node {
            npm_checks(suite, &root, bin, &root.join(&out).join("typescript"), &work.join("typescript"), &catalog, shipped);
        }
        go_consumer(suite, &root, &root.join(&out).join("go"), &work.join("go-consumer"), &catalog);
    }
    if let (Some(python), Some(node)) = (&python, &node) {
        python_types(suite, &root, python, node, &wheels);
    }
    rust_consumer(suite, &root);
}

/// crates.io: the package as `cargo publish` builds it, and its docs.
fn crate_checks(suite: &mut Suite, label: &str, package: &str) {
    suite.step(
        &format!("publish {label}: cargo publish --dry-run -p {package}"),
        &mut cmd("cargo", &["publish", "--dry-run", "--allow-dirty", "--quiet", "-p", package]),
    );
    let mut doc = cmd("cargo", &["doc", "--no-deps", "--quiet", "-p", package]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    suite.step(&format!("publish {label}: RUSTDOCFLAGS=-D warnings cargo doc -p {package}"), &mut doc);
}

/// PyPI: wheel and sdist from a copy of what the generator owns (no
/// tests), then twine's strict check. Returns the wheel.
fn python_build(suite: &mut Suite, bin: &Path, generated: &Path, work: &Path, label: &str) -> Option<PathBuf> {
    if let Err(e) = copy_package(generated, work, &["pyproject.toml", "README.md", "src"]) {
        suite.fail(&format!("publish {label}: copy the python package"), &e.to_string());
        return None;
    }
    let dist = work.join("dist");
    let mut build = cmd(bin.join("python"), &["-m", "build", "--no-isolation", "--outdir", &dist.to_string_lossy(), "."]);
    // setuptools lists every file it copies; its problems go to stderr.
    build.stdout(std::process::Stdio::null());
    if !suite.step(&format!("publish {label}: python -m build (wheel, sdist)"), &mut in_dir(quiet(build), work)) {
        return None;
    }
    let artifacts = files_in(&dist);
    let mut twine = cmd(bin.join("twine"), &["check", "--strict"]);
    twine.args(&artifacts);
    suite.step(&format!("publish {label}: twine check --strict"), &mut twine);
    artifacts.into_iter().find(|f| f.extension().is_some_and(|e| e == "whl"))
}

/// Every wheel installed into one scratch venv; pyright's type
/// completeness of each package must be 100%. Then the consumer script
/// runs there, against the installed shipped package.
fn python_types(suite: &mut Suite, root: &Path, bin: &Path, node: &Path, wheels: &[(PathBuf, String, bool)]) {
    let venv = root.join("target/publish/venv");
    let _ = std::fs::remove_dir_all(&venv);
    if !suite.step("publish: scratch venv for the wheels", &mut cmd(bin.join("python"), &["-m", "venv", &venv.to_string_lossy()])) {
        return;
    }
    let python = venv.join("bin/python");
    let mut install = cmd(&python, &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index"]);
    install.args(wheels.iter().map(|(wheel, _, _)| wheel));
    if !suite.step("publish: pip install the wheels", &mut install) {
        return;
    }
    let outside = root.join("target/publish");
    for (_, package, shipped) in wheels {
        let name = format!("publish: pyright --verifytypes {package}");
        let mut pyright = cmd(node.join("pyright"), &["--pythonpath", &python.to_string_lossy(), "--verifytypes", package]);
        // Run outside the repository, so pyright reads no project config,
        // with the venv first on the PATH: pyright asks the `python` it
        // finds there for the import paths.
        pyright.current_dir(&outside);
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(venv.join("bin")).chain(std::env::split_paths(&path).collect::<Vec<_>>());
        pyright.env("PATH", std::env::join_paths(paths).unwrap_or(path));
        match pyright.output() {
            Ok(o) => {
                let text = String::from_utf8_lossy(&o.stdout);
                if o.status.success() && text.contains("Type completeness score: 100%") {
                    suite.pass(&name);
                } else {
                    eprintln!("{text}{}", String::from_utf8_lossy(&o.stderr));
                    suite.fail(&name, "type completeness is not 100%");
                }
            }
            Err(e) => suite.fail(&name, &format!("cannot start pyright: {e}")),
        }
        if *shipped {
            let app = root.join(CONSUMERS).join("python/app.py");
            let mut run = quiet(cmd(&python, &[&app.to_string_lossy()]));
            // Only the installed wheel: none of the repository's src/ trees.
            run.env_remove("PYTHONPATH");
            suite.step(&format!("publish: {CONSUMERS}/python/app.py against the installed wheel"), &mut in_dir(run, &outside));
        }
    }
}

fn quiet(mut c: Command) -> Command {
    c.env("PYTHONDONTWRITEBYTECODE", "1");
    c
}

/// npm: pack (building `dist/` on `prepack`), lint the tarball, install it
/// into a consumer and use it from ESM and CommonJS.
fn npm_checks(suite: &mut Suite, root: &Path, bin: &Path, generated: &Path, work: &Path, catalog: &errcat::Catalog, shipped: bool) {
    let package = &catalog.packages.typescript;
    let label = format!("publish {package}");
    let (pinned, wanted) = (typescript_pin(&root.join("tools/package.json")), typescript_pin(&generated.join("package.json")));
    if pinned.is_some() && pinned == wanted {
        suite.pass(&format!("{label}: its TypeScript dev dependency is tools/package.json's"));
    } else {
        suite.fail(&format!("{label}: TypeScript pin"), &format!("package.json has {wanted:?}, tools/package.json {pinned:?}"));
    }
    let source = work.join("package");
    if let Err(e) = copy_package(generated, &source, &["package.json", "tsconfig.json", "README.md", "src"])
        .and_then(|()| link(&root.join("tools/node_modules"), &source.join("node_modules")))
    {
        return suite.fail(&format!("{label}: copy the package"), &e.to_string());
    }
    let packs = work.join("packs");
    let _ = std::fs::create_dir_all(&packs);
    let pack = cmd("npm", &["pack", "--silent", "--pack-destination", &packs.to_string_lossy()]);
    if !suite.step(&format!("{label}: npm pack (prepack builds dist/)"), &mut in_dir(pack_env(pack, bin), &source)) {
        return;
    }
    let Some(tarball) = files_in(&packs).into_iter().find(|f| f.extension().is_some_and(|e| e == "tgz")) else {
        return suite.fail(&format!("{label}: npm pack"), "no tarball");
    };
    suite.step(&format!("{label}: publint --strict"), &mut cmd(bin.join("publint"), &["--strict", &tarball.to_string_lossy()]));
    let attw = cmd(bin.join("attw"), &["--pack", ".", "--profile", "esm-only", "--format", "ascii"]);
    suite.step(&format!("{label}: attw --pack --profile esm-only"), &mut in_dir(pack_env(attw, bin), &source));

    // A consumer with the tarball installed under the package's name.
    let consumer = work.join("consumer");
    let installed = consumer.join("node_modules").join(package);
    let unpacked = std::fs::create_dir_all(&installed).map_err(|e| e.to_string()).and_then(|()| {
        run_quiet(cmd("tar", &["xzf", &tarball.to_string_lossy(), "--strip-components=1", "-C", &installed.to_string_lossy()]))
    });
    if let Err(e) = unpacked {
        return suite.fail(&format!("{label}: install the tarball"), &e);
    }
    let smoke = "const e = p.fromParts(503, {}, \"\"); if (!(e instanceof p.APIError) || e.status !== 503) throw new Error(String(e));";
    let esm = format!("import * as p from {package:?}; {smoke} console.log('import ok');");
    suite.step(&format!("{label}: import from an ES module"), &mut in_dir(cmd("node", &["--input-type=module", "-e", &esm]), &consumer));
    let cjs = format!("const p = require({package:?}); {smoke} console.log('require ok');");
    suite.step(&format!("{label}: require() from CommonJS"), &mut in_dir(cmd("node", &["--input-type=commonjs", "-e", &cjs]), &consumer));
    if !shipped {
        return;
    }
    for app in ["app.mjs", "app.cjs", "bundle.mjs"] {
        if let Err(e) = std::fs::copy(root.join(CONSUMERS).join("typescript").join(app), consumer.join(app)) {
            return suite.fail(&format!("{label}: copy {app}"), &e.to_string());
        }
    }
    for app in ["app.mjs", "app.cjs"] {
        suite.step(&format!("{label}: {CONSUMERS}/typescript/{app}"), &mut in_dir(cmd("node", &[app]), &consumer));
    }
    let bundle = consumer.join("bundle.js");
    let mut esbuild =
        cmd(bin.join("esbuild"), &["bundle.mjs", "--bundle", "--minify", "--format=esm", "--platform=neutral", "--log-level=warning"]);
    esbuild.arg(format!("--outfile={}", bundle.display()));
    if suite.step(&format!("{label}: esbuild bundle of one class and fromResponse"), &mut in_dir(esbuild, &consumer)) {
        bundle_figure(suite, root, &bundle);
    }
}

/// npm runs `prepack` with the package's `node_modules/.bin` on the PATH;
/// the tools' `.bin` goes first too, for a clone whose link is missing.
fn pack_env(mut c: Command, bin: &Path) -> Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_owned()];
    paths.extend(std::env::split_paths(&path));
    c.env("PATH", std::env::join_paths(paths).unwrap_or(path));
    c.env("npm_config_update_notifier", "false");
    c
}

/// README.md records the bundle's size between `<!-- bundle-bytes -->`
/// markers; it must be within [`BUNDLE_TOLERANCE`] of what esbuild wrote.
fn bundle_figure(suite: &mut Suite, root: &Path, bundle: &Path) {
    let name = "publish: README's esbuild bundle figure";
    let Ok(actual) = std::fs::metadata(bundle).map(|m| m.len()) else { return suite.fail(name, "no bundle written") };
    eprintln!("esbuild bundle: {actual} bytes");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    let recorded = readme
        .split_once("<!-- bundle-bytes -->")
        .and_then(|(_, rest)| rest.split_once("<!-- /bundle-bytes -->"))
        .and_then(|(figure, _)| figure.replace(',', "").trim().parse::<u64>().ok());
    match recorded {
        Some(recorded) if (actual as f64 - recorded as f64).abs() <= recorded as f64 * BUNDLE_TOLERANCE => suite.pass(name),
        Some(recorded) => suite.fail(name, &format!("README.md says {recorded} bytes, the bundle is {actual}: update README.md")),
        None => suite.fail(name, "README.md has no <!-- bundle-bytes -->N<!-- /bundle-bytes --> figure"),
    }
}

/// Go: a module outside the generated one requires it by its path (a
/// `replace` to the tree, as before a tag is pushed) and builds.
fn go_consumer(suite: &mut Suite, root: &Path, generated: &Path, work: &Path, catalog: &errcat::Catalog) {
    let module = &catalog.packages.go;
    let label = format!("publish {module}");
    let go_mod =
        format!("module example.com/consumer\n\ngo 1.21\n\nrequire {module} v0.0.0\n\nreplace {module} => {}\n", generated.display());
    let main = format!(
        "package main\n\nimport (\n\t\"fmt\"\n\n\tsdk \"{module}\"\n)\n\nfunc main() {{\n\tfmt.Println(sdk.FromParts(503, nil, nil).Status)\n}}\n"
    );
    let written = std::fs::create_dir_all(work)
        .and_then(|()| std::fs::write(work.join("go.mod"), go_mod))
        .and_then(|()| std::fs::write(work.join("main.go"), main));
    if let Err(e) = written {
        return suite.fail(&format!("{label}: write a consumer module"), &e.to_string());
    }
    let mut vet = cmd("go", &["vet", "."]);
    vet.env("GOWORK", "off");
    suite.step(&format!("{label}: go vet of a module that requires it"), &mut in_dir(vet, work));
    if generated == root.join("generated/go") {
        let dir = root.join(CONSUMERS).join("go");
        let mut run = cmd("go", &["run", "."]);
        run.env("GOWORK", "off");
        suite.step(&format!("publish: {CONSUMERS}/go (go run)"), &mut in_dir(run, &dir));
    }
}

/// The Rust consumer: its own workspace, sharing this one's target
/// directory so that the crate's dependencies are built once.
fn rust_consumer(suite: &mut Suite, root: &Path) {
    let manifest = root.join(CONSUMERS).join("rust/Cargo.toml");
    let mut run = cmd("cargo", &["run", "--quiet", "--manifest-path", &manifest.to_string_lossy()]);
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        run.env("CARGO_TARGET_DIR", root.join("target"));
    }
    suite.step(&format!("publish: {CONSUMERS}/rust (cargo run)"), &mut run);
}

/// `devDependencies.typescript` of the `package.json` at `path`.
fn typescript_pin(path: &Path) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["devDependencies"]["typescript"].as_str().map(str::to_owned)
}

fn run_quiet(mut c: Command) -> Result<(), String> {
    match c.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{c:?}: {s}")),
        Err(e) => Err(format!("{c:?}: {e}")),
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
}

/// Copies `names` (files or folders) of a generated package to `to`.
fn copy_package(from: &Path, to: &Path, names: &[&str]) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for name in names {
        let source = from.join(name);
        if source.is_dir() { copy_dir(&source, &to.join(name))? } else { std::fs::copy(&source, to.join(name)).map(drop)? }
    }
    Ok(())
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

fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(from, to);
    #[cfg(not(unix))]
    return copy_dir(from, to);
}
