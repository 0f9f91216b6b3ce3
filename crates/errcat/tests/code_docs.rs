//! `packages.code_docs`: with `"summary"` every package's doc comments on
//! its codes drop the description and remedy paragraphs, while the data
//! (`Definition`) keeps them; `"full"` (the default) carries both.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The shipped spec copied to a scratch directory, with `code_docs` set
/// under `[packages]` when given.
/// One directory for every call (headers name it), so call in turn.
fn spec_with(code_docs: Option<&str>) -> PathBuf {
    let from = repo_root().join("spec");
    let to = std::env::temp_dir().join(format!("errcat-code-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(to.join("domains")).unwrap();
    let mut manifest = std::fs::read_to_string(from.join("errcat.toml")).unwrap();
    if let Some(value) = code_docs {
        manifest = manifest.replacen("[packages]\n", &format!("[packages]\ncode_docs = \"{value}\"\n"), 1);
        assert!(manifest.contains("code_docs"), "the shipped manifest has a [packages] table");
    }
    std::fs::write(to.join("errcat.toml"), manifest).unwrap();
    for entry in std::fs::read_dir(from.join("domains")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join("domains").join(path.file_name().unwrap())).unwrap();
    }
    to
}

/// Each package's files of codes and definitions, by their paths' endings
/// (Python keeps the `Code` enum, with the doc comments, apart from the
/// definitions table).
const CODE_FILES: [&[&str]; 4] =
    [&["rust/src/codes.rs"], &["/_codes.py", "/_catalog.py"], &["typescript/src/catalog.ts"], &["go/codes.go"]];

/// Per package, its code files' texts joined, named by the first path.
fn code_files(spec: &Path) -> Vec<(String, String)> {
    let catalog = errcat::load_catalog(spec, false).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let outputs = errcat::render(&catalog).unwrap();
    CODE_FILES
        .iter()
        .map(|ends| {
            let files: Vec<(&str, &str)> = outputs.iter().filter(|(path, _)| ends.iter().any(|end| path.ends_with(end))).collect();
            assert_eq!(files.len(), ends.len(), "{ends:?}: found {:?}", files.iter().map(|f| f.0).collect::<Vec<_>>());
            (files[0].0.to_owned(), files.iter().map(|f| f.1).collect::<Vec<_>>().concat())
        })
        .collect()
}

#[test]
fn summary_docs_drop_the_prose_but_keep_the_data() {
    let catalog = errcat::load_catalog(&repo_root().join("spec"), false).unwrap();
    // A remedy no doc comment or literal escapes: plain text, and unique.
    let remedies: Vec<&str> = catalog
        .errors()
        .filter_map(|e| e.remedy.as_deref())
        .filter(|r| r.chars().all(|c| c.is_ascii_alphanumeric() || " ,.;-".contains(c)))
        .collect();
    let remedy = *remedies.iter().find(|r| remedies.iter().filter(|o| o == r).count() == 1).expect("a short plain remedy");

    let default = code_files(&spec_with(None));
    let full = code_files(&spec_with(Some("full")));
    let summary = code_files(&spec_with(Some("summary")));
    let _ = std::fs::remove_dir_all(spec_with(None));
    assert!(default == full, "`full` is the default");
    for ((path, full), (_, summary)) in full.iter().zip(&summary) {
        let in_full = full.matches(remedy).count();
        let in_summary = summary.matches(remedy).count();
        assert_eq!(in_full, 2, "{path}: the remedy {remedy:?} once in the doc comment, once in the data");
        assert_eq!(in_summary, 1, "{path}: summary docs keep the remedy only in the data");
        assert!(!summary.contains(&format!("Remedy: {remedy}")), "{path}: no remedy paragraph in summary docs");
        assert!(full.contains(&format!("Remedy: {remedy}")), "{path}: a remedy paragraph in full docs");
        assert!(summary.len() < full.len(), "{path}: summary docs are lighter");
    }
}
