//! The shipped specs: the committed output is what they generate (so plain
//! `cargo test` catches drift), and spec/ holds every row of the platform's
//! published error table, exactly.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The only test in this binary that changes the working directory: headers
/// name specs relative to the repository root, as `cargo xtask gen` does.
#[test]
fn committed_output_matches_every_shipped_spec() {
    std::env::set_current_dir(repo_root()).unwrap();
    let specs = errcat::shipped_specs(Path::new("."));
    assert!(specs.len() >= 3, "spec/ and the two examples");
    for (spec, out) in specs {
        let report = errcat::run(&spec, &out, errcat::Mode::Check, false).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        assert!(report.is_clean(), "{} drifted; run `cargo xtask gen`:\n{}", out.display(), report.render_drift(&out, false));
    }
}

type Row = (String, String, u16, String);

/// The rows `(domain, code, status, message)` of the seed page's error
/// table, as kept in the repository, so that a clone anywhere can run this.
fn fixture_rows() -> Vec<Row> {
    let path = repo_root().join("crates/errcat/tests/fixtures/seed-rows.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("domain\tcode\tstatus\tmessage"), "{}: the header row", path.display());
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let [domain, code, status, message] = cells[..] else { panic!("{}: not four cells: {line:?}", path.display()) };
            let status = status.parse().unwrap_or_else(|e| panic!("{}: status {status:?}: {e}", path.display()));
            (domain.to_owned(), code.to_owned(), status, message.to_owned())
        })
        .collect()
}

/// The seed page's folder, when it is beside the clone (`shared/` next to it,
/// or beside an ancestor for a worktree deeper down); ERRCAT_SEEDS names it
/// outright.
fn seeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ERRCAT_SEEDS") {
        return Some(PathBuf::from(dir));
    }
    repo_root().ancestors().skip(1).map(|a| a.join("shared/seeds")).find(|p| p.is_dir())
}

/// The same rows read from the plain-text copy of the seed page in `seeds`.
fn seed_page_rows(seeds: &Path) -> Vec<Row> {
    let page = std::fs::read_dir(seeds)
        .unwrap_or_else(|e| panic!("{}: {e}", seeds.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("001_"))
        .expect("the plain-text copy of the error-code page");
    let text = std::fs::read_to_string(page).unwrap();
    let mut section = String::new();
    let mut rows = Vec::new();
    for line in text.lines().map(str::trim) {
        if ["Image / Video / Audio", "LLM", "GPU", "Billing"].contains(&line) {
            section = line.to_owned();
            continue;
        }
        // `CODE<3-digit status>Description`, the columns run together.
        let split = line.find(|c: char| c.is_ascii_digit());
        if let Some(at) = split {
            let (code, rest) = line.split_at(at);
            let is_code = !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            if is_code
                && rest.len() > 3
                && let Ok(status) = rest[..3].parse()
            {
                rows.push((section.clone(), code.to_owned(), status, rest[3..].to_owned()));
            }
        }
    }
    rows
}

#[test]
fn spec_holds_every_row_of_the_seed_catalog_exactly() {
    let rows = fixture_rows();
    assert_eq!(rows.len(), 96, "the page has 96 rows");
    let catalog = errcat::load_catalog(&repo_root().join("spec"), false).unwrap();
    let ours: Vec<Row> = catalog
        .domains
        .iter()
        .flat_map(|d| d.errors.iter().map(move |e| (d.title.clone(), e.code.clone(), e.status, e.description.clone())))
        .collect();
    assert_eq!(ours, rows);
}

/// The fixture cannot drift from the page it copies: wherever the seeds are
/// beside the clone (CI has them), it must say exactly what the page says.
#[test]
fn seed_rows_fixture_is_what_the_seed_page_says() {
    let Some(seeds) = seeds_dir() else {
        eprintln!("no shared/seeds beside the clone: the fixture is taken as it is");
        return;
    };
    assert_eq!(fixture_rows(), seed_page_rows(&seeds), "crates/errcat/tests/fixtures/seed-rows.tsv differs from {}", seeds.display());
}
