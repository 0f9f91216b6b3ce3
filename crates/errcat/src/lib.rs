//! errcat: one canonical error catalog, every artifact generated from it.
//!
//! The pipeline, one module per step:
//! `load` (TOML files → [`model`]) → `validate` (every problem, with spans) →
//! `resolve` (defaults filled, references followed: [`resolve::Catalog`]) →
//! `artifacts` (catalog.json, JSON Schemas, OpenAPI) and `targets` (one SDK
//! package per language) → [`output::Outputs`] → `output::sync` (gen/check).

use std::path::{Path, PathBuf};

pub mod artifacts;
pub mod case;
pub mod compat;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod output;
mod par;
pub mod resolve;
pub mod serve;
pub mod targets;
pub mod text;
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
    /// `gen` would overwrite files in `out_dir` that no earlier run wrote
    /// (not in its manifest); nothing was written.
    Unowned { out_dir: PathBuf, paths: Vec<String> },
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
            Error::Unowned { out_dir, paths } => {
                let n = paths.len();
                writeln!(f, "error: refusing to overwrite {n} file{} that errcat did not generate:", if n == 1 { "" } else { "s" })?;
                for path in paths {
                    writeln!(f, "  {}", out_dir.join(path).display())?;
                }
                write!(
                    f,
                    "They are not listed in {}. Move them away, or pass --force to replace them with generated files.",
                    out_dir.join(output::MANIFEST).display()
                )
            }
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

/// One independently rendered piece of the output tree: the folder its
/// files go under (a target's) or none (artifacts), and its renderer.
type Part<'a> = (Option<&'static str>, Box<dyn Fn(&Catalog, &serve::Plan<'_>) -> Result<Outputs, Error> + Sync + 'a>);

/// The artifacts in pieces and every target package, roughly the costliest
/// first (the two largest artifacts, the targets, the small artifacts), so
/// that no long part starts last and runs alone.
fn parts() -> Vec<Part<'static>> {
    let artifact = |&(_, render): &(&str, artifacts::Renderer)| -> Part<'static> { (None, Box::new(render)) };
    let (large, small) = artifacts::PARTS.split_at(2);
    let mut parts: Vec<Part<'static>> = large.iter().map(artifact).collect();
    for target in targets::all().into_iter().rev() {
        parts.push((
            Some(target.name()),
            Box::new(move |catalog, plan| {
                let mut files = Outputs::default();
                target.render(catalog, plan, &mut files)?;
                Ok(files)
            }),
        ));
    }
    parts.extend(small.iter().map(artifact));
    parts
}

/// Renders every part on a small pool of threads (the parts share nothing
/// but the catalog and its serve plan, made once here: five parts print the
/// server side, and making the plan in each was 12% of a run at 10,000
/// errors) and hands each part's files to `each` on the thread that rendered
/// them, so writing overlaps rendering and a part's text is freed early.
/// Returns the error of the earliest part that failed.
fn render_parts(catalog: &Catalog, each: impl Fn(Option<&str>, Outputs) -> Result<(), Error> + Sync) -> Result<(), Error> {
    let plan = serve::plan(catalog);
    // One worker per core: writes go to the page cache, so a worker rarely
    // waits, and a third part in flight only raised peak memory (by 18% at
    // 10,000 errors, for no speed).
    par::map(&parts(), par::cores(), |(folder, render)| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(catalog, &plan).and_then(|files| each(*folder, files))))
            .unwrap_or_else(|_| Err(Error::Render("a renderer panicked".into())))
    })
    .into_iter()
    .collect()
}

/// Renders every artifact and every target package for `catalog` into one
/// sorted map; the result does not depend on which thread finishes first.
pub fn render(catalog: &Catalog) -> Result<Outputs, Error> {
    let out = std::sync::Mutex::new(Outputs::default());
    render_parts(catalog, |folder, files| {
        let mut out = out.lock().unwrap_or_else(|p| p.into_inner());
        match folder {
            Some(folder) => out.extend_under(folder, files),
            None => out.merge(files),
        }
    })?;
    Ok(out.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// `gen` (`Mode::Write`) or `check` (`Mode::Check`) for one spec. Each part
/// is written (to staging) or compared as soon as it is rendered, and its
/// text freed; nothing is renamed into place unless the whole spec loaded
/// and every part rendered and staged.
pub fn run(spec_dir: &Path, out_dir: &Path, mode: Mode, color: bool) -> Result<Report, Error> {
    let catalog = load_catalog(spec_dir, color)?;
    let syncer = output::Syncer::new(out_dir, mode);
    let rendered = render_parts(&catalog, |folder, files| syncer.part(folder, &files));
    syncer.conclude(rendered)
}
