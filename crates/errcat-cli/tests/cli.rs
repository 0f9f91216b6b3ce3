//! The `errcat` command end to end, as a new user runs it, in scratch
//! directories outside any spec: init → gen → check, a config file that
//! sends one target elsewhere, and drift that check reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("errcat-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn errcat(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat")).current_dir(dir).args(args).output().unwrap()
}

fn ok(out: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "failed: {text}");
    text
}

#[test]
fn init_scaffolds_a_spec_that_generates_at_once() {
    let dir = scratch("init").join("Acme Cloud");
    ok(&errcat(dir.parent().unwrap(), &["init", "Acme Cloud", "--name", "Acme Cloud"]));
    let manifest = std::fs::read_to_string(dir.join("spec/errcat.toml")).unwrap();
    assert!(manifest.contains("id = \"acme_cloud\""), "{manifest}");
    ok(&errcat(&dir, &["gen"]));
    for file in ["generated/catalog.json", "generated/rust/Cargo.toml", "generated/python/pyproject.toml", "generated/go/go.mod"] {
        assert!(dir.join(file).is_file(), "{file} not generated");
    }
    assert!(std::fs::read_to_string(dir.join("generated/typescript/package.json")).unwrap().contains("\"@acme-cloud/errors\""));
    ok(&errcat(&dir, &["check"]));

    // Drift is reported with a diff, and nothing is written.
    let domain = dir.join("spec/domains/general.toml");
    let text = std::fs::read_to_string(&domain).unwrap().replace("message = \"Not found\"", "message = \"Nothing here\"");
    std::fs::write(&domain, text).unwrap();
    let drift = errcat(&dir, &["check"]);
    assert!(!drift.status.success());
    assert!(
        String::from_utf8_lossy(&drift.stdout).contains("+    message: \"Nothing here\""),
        "{}",
        String::from_utf8_lossy(&drift.stdout)
    );

    // init never overwrites.
    assert!(!errcat(&dir, &["init", "."]).status.success());
}

#[test]
fn config_sends_a_target_elsewhere_and_spec_out_flags_work_anywhere() {
    let dir = scratch("config");
    ok(&errcat(&dir, &["init", "api", "--id", "shop"]));
    let api = dir.join("api");
    std::fs::write(api.join("errcat-gen.toml"), "spec = \"spec\"\nout = \"out\"\n[targets.python]\nout = \"../sdk/shop_errors\"\n")
        .unwrap();
    ok(&errcat(&api, &["gen"]));
    assert!(dir.join("sdk/shop_errors/pyproject.toml").is_file());
    assert!(dir.join("sdk/shop_errors/src/shop_errors/__init__.py").is_file());
    assert!(!api.join("out/python").exists(), "python went to its own path");
    assert!(api.join("out/rust/src/lib.rs").is_file());
    ok(&errcat(&api, &["check"]));

    // The same spec with explicit paths, from another directory.
    ok(&errcat(&dir, &["gen", "--spec", "api/spec", "--out", "elsewhere"]));
    assert!(dir.join("elsewhere/python/pyproject.toml").is_file());

    // A misspelt target is refused by name.
    std::fs::write(api.join("errcat-gen.toml"), "spec = \"spec\"\nout = \"out\"\n[targets.pyhton]\nout = \"x\"\n").unwrap();
    let bad = errcat(&api, &["gen"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown target `pyhton`"));
}

#[test]
fn without_a_config_it_says_what_to_do() {
    let out = errcat(&scratch("none"), &["gen"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("errcat init"));
}

#[test]
fn vendor_writes_a_module_without_a_package_manifest() {
    let dir = scratch("vendor");
    ok(&errcat(&dir, &["init", "api", "--id", "shop"]));
    let api = dir.join("api");
    let config = "spec = \"spec\"\nout = \"out\"\n\
                  [targets.go]\nout = \"../host-go/apierrors\"\nvendor = \"example.com/host/apierrors\"\n\
                  [targets.python]\nout = \"../host-py/src/host/_errors\"\nvendor = \"_errors\"\n\
                  [targets.rust]\nout = \"../host-rs/src/errors\"\nvendor = \"errors\"\n";
    std::fs::write(api.join("errcat-gen.toml"), config).unwrap();
    ok(&errcat(&api, &["gen"]));
    let go = dir.join("host-go/apierrors");
    assert!(!go.join("go.mod").exists() && !go.join("README.md").exists());
    assert!(std::fs::read_to_string(go.join("errors.go")).unwrap().contains("package apierrors"));
    let py = dir.join("host-py/src/host/_errors");
    assert!(py.join("__init__.py").is_file() && !py.join("pyproject.toml").exists());
    assert!(std::fs::read_to_string(py.join("_classes.py")).unwrap().contains("from ._errors import APIError"));
    let rs = dir.join("host-rs/src/errors");
    assert!(rs.join("mod.rs").is_file() && !rs.join("lib.rs").exists() && !rs.join("Cargo.toml").exists());
    ok(&errcat(&api, &["check"]));

    // A name the language cannot take is refused before anything is written.
    std::fs::write(api.join("errcat-gen.toml"), "spec = \"spec\"\nout = \"o2\"\n[targets.rust]\nout = \"x\"\nvendor = \"my-errors\"\n")
        .unwrap();
    let bad = errcat(&api, &["gen"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("rust module name `my-errors`"), "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(!api.join("o2").exists());
}

/// Vendoring into a host SDK is where a generated path most often meets a
/// hand-written file: gen stops, names it, and writes none of the targets.
#[test]
fn gen_never_overwrites_a_host_file_without_force() {
    let dir = scratch("unowned");
    ok(&errcat(&dir, &["init", "api", "--id", "shop"]));
    let api = dir.join("api");
    let config = "spec = \"spec\"\nout = \"out\"\n[targets.python]\nout = \"../host-py\"\n";
    std::fs::write(api.join("errcat-gen.toml"), config).unwrap();
    let host = dir.join("host-py/pyproject.toml");
    std::fs::create_dir_all(host.parent().unwrap()).unwrap();
    std::fs::write(&host, "[project]\nname = \"host\"\n").unwrap();

    let refused = errcat(&api, &["gen"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("refusing to overwrite 1 file") && stderr.contains("pyproject.toml") && stderr.contains("--force"), "{stderr}");
    assert!(!api.join("out").exists(), "no other target was written either");
    assert_eq!(std::fs::read_to_string(&host).unwrap(), "[project]\nname = \"host\"\n");

    ok(&errcat(&api, &["gen", "--force"]));
    assert!(std::fs::read_to_string(&host).unwrap().contains("shop"));
    ok(&errcat(&api, &["check"]));
}
