//! errcat: one canonical error catalog, every artifact generated from it.
//!
//! The pipeline, one module per step:
//! `load` (TOML files → [`model`]) → `validate` (every problem, with spans) →
//! `resolve` (defaults filled, references followed: [`resolve::Catalog`]) →
//! `artifacts` (catalog.json, JSON Schemas, OpenAPI) and `targets` (one SDK
//! package per language) → [`output::Outputs`] → `output::sync` (gen/check).

use std::path::{Path, PathBuf};

pub mod artifacts;
pub mod compat;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod output;
pub mod resolve;
pub mod targets;
pub mod validate;

pub use diagnostics::Diagnostics;
pub use output::{Mode, Outputs, Report};
pub use resolve::Catalog;

/// Everything that can stop a run.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; the rendered diagnostics say which.
    Spec(String),
    /// A file could not be read or written.
    Io(String),
    /// A renderer failed (a template error or an unsafe output path).
    Render(String),
}

impl Error {
    pub fn io(path: &Path, err: std::io::Error) -> Self {
        Error::Io(format!("{}: {err}", path.display()))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Spec(text) => f.write_str(text),
            Error::Io(text) => write!(f, "error: {text}"),
            Error::Render(text) => write!(f, "error: rendering failed: {text}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<askama::Error> for Error {
    fn from(err: askama::Error) -> Self {
        Error::Render(err.to_string())
    }
}

/// Loads, validates and resolves the spec in `spec_dir`. On problems, the
/// error holds every diagnostic, rendered (`color` for a terminal).
pub fn load_catalog(spec_dir: &Path, color: bool) -> Result<Catalog, Error> {
    let mut diags = Diagnostics::default();
    let raw = load::load(spec_dir, &mut diags);
    if let Some(raw) = &raw {
        validate::validate(raw, &mut diags);
    }
    match raw {
        Some(raw) if diags.is_empty() => Ok(resolve::resolve(&raw, &source_name(spec_dir))),
        _ => Err(Error::Spec(diags.render(color))),
    }
}

/// How a spec directory is named in generated headers: its path as given,
/// with `/` separators, so output does not depend on the machine.
pub fn source_name(spec_dir: &Path) -> String {
    let text = spec_dir.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
    if trimmed.is_empty() { ".".into() } else { trimmed.into() }
}

/// Every spec a repository ships, with its output directory, relative to
/// `root`: `spec/` → `generated/`, then each `examples/<name>/spec/` and
/// `fixtures/<name>/spec/` → the `generated/` beside it, sorted.
pub fn shipped_specs(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut specs = vec![(PathBuf::from("spec"), PathBuf::from("generated"))];
    for group in ["examples", "fixtures"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(group))
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .filter(|e| e.path().join("spec").join(load::MANIFEST_FILE).is_file())
                    .map(|e| Path::new(group).join(e.file_name()))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        specs.extend(found.into_iter().map(|dir| (dir.join("spec"), dir.join("generated"))));
    }
    specs
}

/// Renders every artifact and every target package for `catalog`. The
/// renderers share nothing but the catalog, so each runs on its own thread;
/// the result is a sorted map and does not depend on which finishes first.
pub fn render(catalog: &Catalog) -> Result<Outputs, Error> {
    // Each part: its files, and the folder they go under (targets) or none.
    let parts: Vec<Result<(Option<&str>, Outputs), Error>> = std::thread::scope(|scope| {
        let artifacts = scope.spawn(|| Ok((None, artifacts::render(catalog)?)));
        let packages: Vec<_> = targets::all()
            .into_iter()
            .map(|target| {
                scope.spawn(move || {
                    let mut files = Outputs::default();
                    target.render(catalog, &mut files)?;
                    Ok((Some(target.name()), files))
                })
            })
            .collect();
        std::iter::once(artifacts)
            .chain(packages)
            .map(|handle| handle.join().unwrap_or_else(|_| Err(Error::Render("a renderer panicked".into()))))
            .collect()
    });
    let mut out = Outputs::default();
    for part in parts {
        match part? {
            (Some(folder), files) => out.extend_under(folder, files)?,
            (None, files) => out.merge(files)?,
        }
    }
    Ok(out)
}

/// `gen` (`Mode::Write`) or `check` (`Mode::Check`) for one spec. Nothing is
/// written unless the whole spec loaded and rendered.
pub fn run(spec_dir: &Path, out_dir: &Path, mode: Mode, color: bool) -> Result<Report, Error> {
    let catalog = load_catalog(spec_dir, color)?;
    let outputs = render(&catalog)?;
    output::sync(out_dir, &outputs, mode)
}
