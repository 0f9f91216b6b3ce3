//! `gen` and `check` end to end on a scratch copy of a fixture spec: drift is
//! reported with a diff, stale generated files are removed, files we did not
//! generate are never touched, and a failing run changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use errcat::Mode;

/// A fresh scratch directory under the target dir, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("gen_check-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn setup(name: &str) -> (PathBuf, PathBuf) {
    let root = scratch(name);
    let spec = root.join("spec");
    copy_dir(Path::new("tests/fixtures/minimal"), &spec);
    (spec, root.join("out"))
}

#[test]
fn gen_then_check_is_clean_and_a_second_gen_writes_nothing() {
    let (spec, out) = setup("clean");
    let first = errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert!(!first.written.is_empty());
    let check = errcat::run(&spec, &out, Mode::Check, false).unwrap();
    assert!(check.is_clean(), "{}", check.render_drift(&out, false));
    let second = errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert!(second.written.is_empty(), "unchanged files are not rewritten: {:?}", second.written);
    assert_eq!(second.unchanged, first.written.len());
}

#[test]
fn a_changed_description_is_drift_with_a_diff_and_gen_fixes_it() {
    let (spec, out) = setup("drift");
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    let domain = spec.join("domains/core.toml");
    let text = std::fs::read_to_string(&domain).unwrap().replace("message = \"Invalid request\"", "message = \"Invalid request body\"");
    std::fs::write(&domain, text).unwrap();

    let before = tree(&out);
    let report = errcat::run(&spec, &out, Mode::Check, false).unwrap();
    assert!(!report.is_clean());
    assert_eq!(tree(&out), before, "check writes nothing");
    let drift = report.render_drift(&out, false);
    // catalog.json's part of the diff (conformance/serve.json shows the message too).
    let catalog_part = drift.split("\n--- ").find(|part| part.contains("catalog.json (on disk)")).unwrap_or_default();
    let removed = catalog_part.lines().filter(|l| l.starts_with('-') && l.contains("\"message\": \"Invalid request\",")).count();
    let added = catalog_part.lines().filter(|l| l.starts_with('+') && l.contains("\"message\": \"Invalid request body\",")).count();
    assert!(removed == 1 && added == 1, "the diff shows the old and the new line:\n{drift}");
    assert!(drift.contains("catalog.json (on disk)"), "{drift}");

    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert!(errcat::run(&spec, &out, Mode::Check, false).unwrap().is_clean());
}

#[test]
fn missing_and_stale_files_are_listed_and_only_generated_ones_removed() {
    let (spec, out) = setup("stale");
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    // A generated file we pretend an older spec produced, and one a human wrote.
    let manifest = out.join(".errcat-manifest");
    let mut listed = std::fs::read_to_string(&manifest).unwrap();
    listed.push_str("old/gone.txt\n../../outside.txt\n");
    std::fs::write(&manifest, listed).unwrap();
    std::fs::create_dir_all(out.join("old")).unwrap();
    std::fs::write(out.join("old/gone.txt"), "stale").unwrap();
    std::fs::write(out.join("hand-written.txt"), "mine").unwrap();
    std::fs::remove_file(out.join("catalog.json")).unwrap();
    let outside = out.parent().unwrap().parent().unwrap().join("outside.txt");
    std::fs::write(&outside, "not yours").unwrap();

    let report = errcat::run(&spec, &out, Mode::Check, false).unwrap();
    assert_eq!(report.missing, ["catalog.json"]);
    assert_eq!(report.extra, ["old/gone.txt"]);

    let report = errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert_eq!(report.removed, ["old/gone.txt"]);
    assert!(!out.join("old").exists(), "emptied generated directories go too");
    assert!(out.join("hand-written.txt").exists(), "files gen did not write are never touched");
    assert!(outside.exists(), "a manifest entry can never reach outside the output directory");
    assert!(out.join("catalog.json").exists());
}

#[test]
fn a_bad_spec_changes_nothing() {
    let (spec, out) = setup("bad");
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    let before = tree(&out);
    std::fs::write(
        spec.join("domains/core.toml"),
        "[domain]\nid = \"core\"\ntitle = \"Core\"\n\n[[errors]]\ncode = \"X\"\nstatus = 999\nmessage = \"\"\n",
    )
    .unwrap();
    let err = errcat::run(&spec, &out, Mode::Write, false).unwrap_err().to_string();
    assert!(err.contains("status 999 is not an error status") && err.contains("message of `X` is empty"), "{err}");
    assert!(err.contains("core.toml:7:10"), "{err}");
    assert_eq!(tree(&out), before);
}

#[test]
fn a_write_that_fails_halfway_changes_nothing() {
    let (spec, out) = setup("halfway");
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    let domain = spec.join("domains/core.toml");
    let text = std::fs::read_to_string(&domain).unwrap().replace("Slow down", "Slower");
    std::fs::write(&domain, text).unwrap();
    // `openapi/` cannot be created as a directory: staging fails after
    // catalog.json was staged, and the run must roll back.
    std::fs::remove_dir_all(out.join("openapi")).unwrap();
    std::fs::write(out.join("openapi"), "a file in the way").unwrap();
    let before = tree(&out);
    assert!(errcat::run(&spec, &out, Mode::Write, false).is_err());
    assert_eq!(tree(&out), before, "no file changed and no temporary file was left");
}

#[test]
fn a_first_gen_that_fails_leaves_no_directory_behind() {
    let (spec, out) = setup("fresh-fails");
    // A file where the Rust package's folder goes: that part cannot stage,
    // while the other parts, rendered in parallel, create their folders.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("rust"), "a file in the way").unwrap();
    assert!(errcat::run(&spec, &out, Mode::Write, false).is_err());
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["rust"], "every directory the run created is gone, the file in the way stays");
    assert_eq!(std::fs::read_to_string(out.join("rust")).unwrap(), "a file in the way");
}

#[test]
fn templates_have_lf_line_endings() {
    // Output is not re-scanned for carriage returns (see `Outputs::insert`).
    let templates = tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates"));
    assert!(templates.len() > 20, "found the templates ({})", templates.len());
    for (path, bytes) in &templates {
        assert!(!bytes.contains(&b'\r'), "{} has a carriage return", path.display());
    }
}

#[test]
fn output_is_deterministic() {
    let catalog = errcat::load_catalog(Path::new("tests/fixtures/problem"), false).unwrap();
    let a = errcat::render(&catalog).unwrap();
    let b = errcat::render(&errcat::load_catalog(Path::new("tests/fixtures/problem"), false).unwrap()).unwrap();
    assert_eq!(a, b);
    assert!(a.iter().all(|(_, text)| !text.contains('\r') && (text.is_empty() || text.ends_with('\n'))));
}

#[test]
fn reordering_files_and_keys_changes_nothing() {
    let original = Path::new("tests/fixtures/problem");
    let (_, scratch_out) = setup("reordered");
    let spec = scratch_out.parent().unwrap().join("reordered-spec");
    std::fs::create_dir_all(spec.join("domains")).unwrap();
    // The manifest with its tables, and the keys inside each, in reverse
    // order; the domain file under another name.
    let manifest = std::fs::read_to_string(original.join("errcat.toml")).unwrap();
    let mut tables: Vec<Vec<&str>> = Vec::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        if line.starts_with('[') || tables.is_empty() {
            tables.push(vec![line]);
        } else {
            tables.last_mut().unwrap().push(line);
        }
    }
    let mut reversed = String::new();
    for table in tables.iter().rev() {
        reversed.push_str(table[0]);
        reversed.push('\n');
        for line in table[1..].iter().rev() {
            reversed.push_str(line);
            reversed.push('\n');
        }
        reversed.push('\n');
    }
    assert_ne!(reversed, manifest);
    std::fs::write(spec.join("errcat.toml"), reversed).unwrap();
    std::fs::copy(original.join("domains/orders.toml"), spec.join("domains/zz-renamed.toml")).unwrap();

    let render = |dir: &Path| {
        let mut catalog = errcat::load_catalog(dir, false).unwrap_or_else(|e| panic!("{e}"));
        catalog.source = "spec".into(); // headers name the directory; compare the rest
        errcat::render(&catalog).unwrap()
    };
    assert_eq!(render(&spec), render(original));
}

/// Issue 12, item 6: a fresh output folder that already holds a
/// hand-written file at a generated path (a `pyproject.toml`, say).
#[test]
fn gen_refuses_to_overwrite_a_file_it_did_not_write_unless_forced() {
    let (spec, out) = setup("unowned");
    let mine = out.join("python/pyproject.toml");
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    std::fs::write(&mine, "# mine, by hand\n").unwrap();
    let before = tree(&out);

    let err = errcat::run(&spec, &out, Mode::Write, false).unwrap_err();
    match &err {
        errcat::Error::Unowned { paths, .. } => assert_eq!(paths, &["python/pyproject.toml"]),
        other => panic!("expected Unowned, got {other}"),
    }
    let text = err.to_string();
    assert!(text.contains("python/pyproject.toml") && text.contains("--force"), "{text}");
    assert_eq!(tree(&out), before, "nothing is written, not even the other files or the manifest");

    // check still reports the difference as drift, and writes nothing either.
    let check = errcat::run(&spec, &out, Mode::Check, false).unwrap();
    assert!(check.drifted.iter().any(|(path, _)| path == "python/pyproject.toml"));

    let forced = errcat::run(&spec, &out, Mode::Force, false).unwrap();
    assert!(forced.written.contains(&"python/pyproject.toml".to_owned()));
    assert_ne!(std::fs::read(&mine).unwrap(), b"# mine, by hand\n");
    let manifest = std::fs::read_to_string(out.join(".errcat-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "python/pyproject.toml"), "a forced file is ours from then on");
    // And so a later plain gen may update it.
    std::fs::write(&mine, "# edited since\n").unwrap();
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert!(errcat::run(&spec, &out, Mode::Check, false).unwrap().is_clean());
}

/// A file that already holds exactly what gen would write is no loss to
/// take over: gen claims it in the manifest without asking.
#[test]
fn an_identical_file_gen_did_not_write_is_claimed() {
    let (spec, out) = setup("identical");
    errcat::run(&spec, &out, Mode::Write, false).unwrap();
    std::fs::remove_file(out.join(".errcat-manifest")).unwrap();
    let report = errcat::run(&spec, &out, Mode::Write, false).unwrap();
    assert!(report.written.is_empty());
    assert!(out.join(".errcat-manifest").is_file());
}
