//! The cross-language round trip over real HTTP (README "Serving errors"):
//! the Go package's server side serves every case of the shipped spec's
//! `conformance/serve.json` on loopback (`TestServeHTTP`), and each
//! language's client reads every case back as expected. A client learns
//! where from `ERRCAT_SERVE_URL` and which spec it is from
//! `ERRCAT_SERVE_SPEC`; the Go client runs in `go test` itself. Then the
//! axum example (`tests/rust/axum`, its own workspace and lock file, so no
//! other build compiles axum) over loopback.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{Suite, cmd, in_dir, tools, typescript};

pub fn run(suite: &mut Suite) {
    cross_language(suite);
    let axum = ["tests/rust/axum/src/lib.rs", "tests/rust/axum/tests/loopback.rs"];
    suite.step("rustfmt tests/rust/axum", &mut cmd("rustfmt", &["--check", "--edition", "2021", axum[0], axum[1]]));
    let manifest = "tests/rust/axum/Cargo.toml";
    suite.step(
        "axum example over loopback",
        &mut cmd("cargo", &["test", "--quiet", "--locked", "--manifest-path", manifest, "--target-dir", "target/axum"]),
    );
}

fn cross_language(suite: &mut Suite) {
    let root = std::env::current_dir().expect("the working directory");
    let url_file = root.join("target").join("errcat-serve-url");
    let done = url_file.with_extension("done");
    let _ = std::fs::remove_file(&url_file);
    let _ = std::fs::remove_file(&done);
    let _ = std::fs::create_dir_all(root.join("target"));
    let mut server = in_dir(cmd("go", &["test", "-count=1", "-run", "^TestServeHTTP$", "."]), Path::new("generated/go"));
    server.env("ERRCAT_SERVE_URL_FILE", &url_file);
    let mut child = match server.spawn() {
        Ok(child) => child,
        Err(e) => return suite.fail("Go server over loopback", &format!("cannot start go test: {e}")),
    };
    // `go test` compiles first; the URL file appears once it serves.
    let started = Instant::now();
    let url = loop {
        if let Ok(url) = std::fs::read_to_string(&url_file) {
            break Some(url);
        }
        if started.elapsed() > Duration::from_secs(180) || matches!(child.try_wait(), Ok(Some(_))) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    match url {
        Some(url) => {
            suite.pass(&format!("Go server over loopback at {url}"));
            let mut rust = cmd("cargo", &["test", "--quiet", "-p", "novita-errors", "--test", "serve", "served_over_http"]);
            rust.env("ERRCAT_SERVE_URL", &url).env("ERRCAT_SERVE_SPEC", "spec");
            suite.step("Rust client reads every case the Go server sends", &mut rust);
            python_client(suite, &root, &url);
            typescript_client(suite, &root, &url);
        }
        None => suite.fail("Go server over loopback", "it never wrote its URL"),
    }
    let _ = std::fs::write(&done, b"");
    let finished = child.wait().map(|s| s.success()).unwrap_or(false);
    if !finished {
        suite.fail("Go server exits cleanly", "go test -run TestServeHTTP failed");
    }
    let _ = std::fs::remove_file(&url_file);
    let _ = std::fs::remove_file(&done);
}

/// tests/python/test_serve.py's over-HTTP test, against the served cases.
fn python_client(suite: &mut Suite, root: &Path, url: &str) {
    let Some(bin) = tools::python_bin(suite) else { return };
    let python = root.join(bin).join("python");
    let args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_serve.py", "-k", "served_over_http"];
    let mut pytest = in_dir(cmd(python, &args), &root.join("tests/python"));
    pytest.env("ERRCAT_SERVE_URL", url).env("ERRCAT_SERVE_SPEC", "spec").env("PYTHONDONTWRITEBYTECODE", "1");
    suite.step("Python client reads every case the Go server sends", &mut pytest);
}

/// tests/typescript/serve.test.ts, built against the shipped spec's
/// package as the typescript suite builds it, against the served cases.
fn typescript_client(suite: &mut Suite, root: &Path, url: &str) {
    let Some(bin) = tools::node_bin(suite) else { return };
    let tsc = root.join(bin).join("tsc");
    let out = Path::new("generated");
    let package = match errcat::load_catalog(Path::new("spec"), false) {
        Ok(catalog) => catalog.packages.typescript,
        Err(e) => return suite.fail("TypeScript client: load spec", &e.to_string()),
    };
    let Some((work, _)) = typescript::build(suite, root, &tsc, out, &package) else { return };
    let mut node = cmd("node", &["--test", "--test-name-pattern", "served over HTTP"]);
    node.arg(work.join("dist/tests/serve.test.js"));
    node.env("ERRCAT_CATALOG", root.join(out).join("catalog.json")).env("ERRCAT_SERVE_URL", url);
    suite.step("TypeScript client reads every case the Go server sends", &mut node);
}
