//! The rendered tree and the one function that writes or checks it.
//!
//! Everything a run produces goes into [`Outputs`] (path → text) first. `gen`
//! and `check` then both go through [`sync`]: `gen` writes only files whose
//! bytes change and removes stale files that an earlier run generated; `check`
//! writes nothing and reports a unified diff per drifted file.
//!
//! Which files are ours is recorded in `<out>/.errcat-manifest`. Files not
//! listed there (hand-written tests beside generated code, say) are never
//! touched: a run that would overwrite one stops before writing anything,
//! unless [`Mode::Force`] says to. No path can leave the output directory.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use similar::{ChangeTag, TextDiff};

use crate::Error;

/// Lists, one per line, the files a run generated, so that the next run
/// removes only those when they become stale.
pub const MANIFEST: &str = ".errcat-manifest";

/// Generated files by path relative to the output directory (`/`-separated).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outputs {
    files: BTreeMap<String, String>,
}

impl Outputs {
    /// Adds a file. Refuses a path given twice or one that could escape the
    /// output directory.
    ///
    /// Line endings are LF without a check here (scanning every byte was 5%
    /// of a run): templates are LF by `.gitattributes` and a test, and
    /// validation rejects a carriage return in any spec text.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) -> Result<(), Error> {
        let path = path.into();
        check_relative(&path)?;
        let text = text.into();
        debug_assert!(!text.contains('\r'), "{path} has a carriage return");
        if self.files.insert(path.clone(), text).is_some() {
            return Err(Error::Render(format!("two renderers produced {path}")));
        }
        Ok(())
    }

    /// Adds every file of `other` under `prefix/`.
    pub fn extend_under(&mut self, prefix: &str, other: Outputs) -> Result<(), Error> {
        for (path, text) in other.files {
            self.insert(format!("{prefix}/{path}"), text)?;
        }
        Ok(())
    }

    /// Moves every file of `other` in, refusing paths already present.
    pub fn merge(&mut self, other: Outputs) -> Result<(), Error> {
        for (path, text) in other.files {
            if self.files.insert(path.clone(), text).is_some() {
                return Err(Error::Render(format!("two renderers produced {path}")));
            }
        }
        Ok(())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn check_relative(path: &str) -> Result<(), Error> {
    let p = Path::new(path);
    let safe = !path.is_empty() && !path.contains('\\') && p.components().all(|c| matches!(c, Component::Normal(_))) && path != MANIFEST;
    if safe { Ok(()) } else { Err(Error::Render(format!("refusing to generate unsafe path {path:?}"))) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write what changed, remove what is stale; refuse to overwrite a file
    /// an earlier run did not write.
    Write,
    /// [`Mode::Write`], and overwrite such files too (`gen --force`).
    Force,
    /// Write nothing; report drift.
    Check,
}

/// What [`sync`] found or did.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
    /// Check mode: files whose text differs, with a unified diff each.
    pub drifted: Vec<(String, String)>,
    /// Check mode: files the spec produces that are not on disk.
    pub missing: Vec<String>,
    /// Check mode: generated files on disk that the spec no longer produces.
    pub extra: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.drifted.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// The drift report: a diff per drifted file, then missing and extra
    /// files. `color` adds ANSI colours for a terminal.
    pub fn render_drift(&self, out_dir: &Path, color: bool) -> String {
        let mut text = String::new();
        for (_, diff) in &self.drifted {
            if color {
                for line in diff.lines() {
                    let style = match line.as_bytes().first() {
                        Some(b'+') => "\x1b[32m",
                        Some(b'-') => "\x1b[31m",
                        Some(b'@') => "\x1b[36m",
                        _ => "",
                    };
                    if style.is_empty() {
                        let _ = writeln!(text, "{line}");
                    } else {
                        let _ = writeln!(text, "{style}{line}\x1b[0m");
                    }
                }
            } else {
                text.push_str(diff);
            }
        }
        for path in &self.missing {
            let _ = writeln!(text, "missing: {}", out_dir.join(path).display());
        }
        for path in &self.extra {
            let _ = writeln!(text, "stale:   {} (no longer generated)", out_dir.join(path).display());
        }
        text
    }
}

/// Brings `out_dir` in line with `outputs` (`Mode::Write`) or reports how it
/// differs (`Mode::Check`). In write mode every changed file is first staged
/// beside its target; nothing is renamed into place unless all staging
/// succeeded, so a failing run leaves the directory as it was.
pub fn sync(out_dir: &Path, outputs: &Outputs, mode: Mode) -> Result<Report, Error> {
    let syncer = Syncer::new(out_dir, mode);
    let staged = syncer.part(None, outputs);
    syncer.conclude(staged)
}

/// The files of `outputs` that exist in `out_dir` with other contents but
/// that no earlier run wrote: what [`Mode::Write`] refuses to overwrite.
/// For a caller that syncs several directories and wants to refuse before
/// writing any of them.
pub fn unowned(out_dir: &Path, outputs: &Outputs) -> Vec<String> {
    let owned = read_manifest(out_dir);
    outputs
        .iter()
        .filter(|(path, text)| !owned.contains(*path) && matches!(same_contents(&out_dir.join(path), text.as_bytes()), Ok(false)))
        .map(|(path, _)| path.to_owned())
        .collect()
}

/// A [`sync`] in pieces: each part of the tree is compared or staged by
/// [`Syncer::part`] as soon as it is rendered, from any thread, so writing
/// overlaps rendering and a part's text can be freed early. Then
/// [`Syncer::finish`] commits (renames into place, removes stale files), or
/// [`Syncer::abort`] removes everything staged.
pub struct Syncer<'a> {
    out_dir: &'a Path,
    mode: Mode,
    /// What the manifest says earlier runs wrote.
    owned: BTreeSet<String>,
    progress: Mutex<Progress>,
}

#[derive(Default)]
struct Progress {
    /// Every path generated so far, relative to the output directory.
    paths: Vec<String>,
    unchanged: usize,
    changed: Vec<String>,
    drifted: Vec<(String, String)>,
    missing: Vec<String>,
    /// Existing files with other contents that no earlier run wrote.
    unowned: Vec<String>,
    /// Temporary file → its target, in write mode.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Directories staging created, to remove again on abort.
    created: Vec<PathBuf>,
}

impl<'a> Syncer<'a> {
    pub fn new(out_dir: &'a Path, mode: Mode) -> Self {
        Syncer { out_dir, mode, owned: read_manifest(out_dir), progress: Mutex::default() }
    }

    fn progress(&self) -> std::sync::MutexGuard<'_, Progress> {
        // A panic elsewhere cannot leave `Progress` half-updated: every
        // update is a push. Keep going with what it holds.
        self.progress.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Compares (check) or stages (write) every file of `outputs`, under
    /// `folder/` when given. On error, what this part staged is recorded,
    /// so [`Syncer::abort`] still removes it.
    pub fn part(&self, folder: Option<&str>, outputs: &Outputs) -> Result<(), Error> {
        let mut local = Progress::default();
        let result = self.compare_and_stage(folder, outputs, &mut local);
        let mut progress = self.progress();
        progress.paths.append(&mut local.paths);
        progress.unchanged += local.unchanged;
        progress.changed.append(&mut local.changed);
        progress.drifted.append(&mut local.drifted);
        progress.missing.append(&mut local.missing);
        progress.unowned.append(&mut local.unowned);
        progress.staged.append(&mut local.staged);
        progress.created.append(&mut local.created);
        result
    }

    fn compare_and_stage(&self, folder: Option<&str>, outputs: &Outputs, local: &mut Progress) -> Result<(), Error> {
        for (path, text) in outputs.iter() {
            let path = match folder {
                Some(folder) => format!("{folder}/{path}"),
                None => path.to_owned(),
            };
            let target = self.out_dir.join(&path);
            let changed = match same_contents(&target, text.as_bytes()) {
                Ok(true) => false,
                Ok(false) => {
                    if self.mode == Mode::Check {
                        let old = std::fs::read(&target).unwrap_or_default();
                        let old = String::from_utf8_lossy(&old);
                        local.drifted.push((path.clone(), unified_diff(&old, text, &target)));
                    } else if self.mode == Mode::Write && !self.owned.contains(&path) {
                        // Someone else's file: nothing is staged for it, and
                        // `finish` refuses the whole run.
                        local.unowned.push(path.clone());
                        local.paths.push(path);
                        continue;
                    }
                    true
                }
                Err(_) => {
                    if self.mode == Mode::Check {
                        local.missing.push(path.clone());
                    }
                    true
                }
            };
            local.paths.push(path.clone());
            if !changed {
                local.unchanged += 1;
                continue;
            }
            if self.mode != Mode::Check {
                stage(self.out_dir, &target, text, local)?;
            }
            local.changed.push(path);
        }
        Ok(())
    }

    /// [`Syncer::finish`] if every part went well (`parts` is their
    /// combined result), else [`Syncer::abort`] and the error.
    pub fn conclude(self, parts: Result<(), Error>) -> Result<Report, Error> {
        match parts {
            Ok(()) => self.finish(),
            Err(err) => {
                self.abort();
                Err(err)
            }
        }
    }

    /// Check mode: the report. Write mode: renames every staged file into
    /// place, updates the manifest and removes stale generated files.
    pub fn finish(self) -> Result<Report, Error> {
        let out_dir = self.out_dir;
        let mode = self.mode;
        let mut progress = self.progress.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        progress.paths.sort_unstable();
        if let Some(pair) = progress.paths.windows(2).find(|pair| pair[0] == pair[1]) {
            let err = Error::Render(format!("two renderers produced {}", pair[0]));
            abort(progress);
            return Err(err);
        }
        if !progress.unowned.is_empty() {
            let mut paths = std::mem::take(&mut progress.unowned);
            paths.sort_unstable();
            abort(progress);
            return Err(Error::Unowned { out_dir: out_dir.to_owned(), paths });
        }
        progress.changed.sort_unstable();
        progress.drifted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        progress.missing.sort_unstable();
        // `paths` is sorted: a binary search tells what is still generated.
        let stale: Vec<String> = read_manifest(out_dir).into_iter().filter(|p| progress.paths.binary_search(p).is_err()).collect();

        let mut report = Report { unchanged: progress.unchanged, ..Report::default() };
        if mode == Mode::Check {
            report.drifted = std::mem::take(&mut progress.drifted);
            report.missing = std::mem::take(&mut progress.missing);
            report.extra = stale.into_iter().filter(|p| out_dir.join(p).exists()).collect();
            return Ok(report);
        }

        let manifest = manifest_text(&progress.paths);
        let manifest_path = out_dir.join(MANIFEST);
        if std::fs::read(&manifest_path).map_or(true, |b| b != manifest.as_bytes()) {
            let mut local = Progress::default();
            let result = stage(out_dir, &manifest_path, &manifest, &mut local);
            progress.staged.append(&mut local.staged);
            progress.created.append(&mut local.created);
            if let Err(err) = result {
                abort(progress);
                return Err(err);
            }
        }
        for (temp, target) in &progress.staged {
            std::fs::rename(temp, target).map_err(|e| Error::io(target, e))?;
        }
        report.written = std::mem::take(&mut progress.changed);
        for path in stale {
            let target = out_dir.join(&path);
            if target.is_file() {
                std::fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
                remove_empty_parents(out_dir, &target);
                report.removed.push(path);
            }
        }
        Ok(report)
    }

    /// Removes every staged file and every directory staging created.
    pub fn abort(self) {
        abort(self.progress.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()));
    }
}

fn abort(progress: Progress) {
    for (temp, _) in &progress.staged {
        let _ = std::fs::remove_file(temp);
    }
    // Deepest first; a directory someone else filled meanwhile stays.
    let mut created = progress.created;
    created.sort_unstable_by_key(|dir| std::cmp::Reverse(dir.components().count()));
    for dir in created {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Whether the file at `path` holds exactly `text`: the size first, then
/// the bytes through one small buffer. Reading whole files into fresh
/// memory made `check` slower than `gen` on large specs.
fn same_contents(path: &Path, text: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() != text.len() as u64 {
        return Ok(false);
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let mut rest = text;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if n > rest.len() || buffer[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

/// Writes `text` to a temporary file beside `target`, creating missing
/// directories (and recording them) on the way.
fn stage(out_dir: &Path, target: &Path, text: &str, local: &mut Progress) -> Result<(), Error> {
    let parent = target.parent().unwrap_or(out_dir);
    if !parent.is_dir() {
        let mut missing = Vec::new();
        let mut dir = Some(parent);
        while let Some(d) = dir.filter(|d| !d.exists()) {
            missing.push(d.to_owned());
            dir = d.parent();
        }
        let result = std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e));
        local.created.extend(missing);
        result?;
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.errcat-tmp"));
    std::fs::write(&temp, text).map_err(|e| Error::io(&temp, e))?;
    local.staged.push((temp, target.to_owned()));
    Ok(())
}

fn manifest_text(paths: &[String]) -> String {
    let mut text = String::from("# Files generated by `cargo xtask gen`; it removes them when they become stale.\n");
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

fn read_manifest(out_dir: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(out_dir.join(MANIFEST))
        // The manifest is ours to read but not to trust blindly: only plain
        // relative paths inside the output directory count.
        .map(|text| text.lines().filter(|l| !l.starts_with('#') && check_relative(l).is_ok()).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn remove_empty_parents(out_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out_dir || !d.starts_with(out_dir) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// A unified diff from what is on disk to what the spec produces.
pub fn unified_diff(old: &str, new: &str, path: &Path) -> String {
    let diff = TextDiff::from_lines(old, new);
    let shown = path.display().to_string();
    let mut text =
        diff.unified_diff().context_radius(3).header(&format!("{shown} (on disk)"), &format!("{shown} (from the spec)")).to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // similar marks a missing final newline; spell it out for readers.
    if diff.ops().is_empty() || diff.iter_all_changes().all(|c| c.tag() == ChangeTag::Equal) {
        text = format!("--- {shown} (on disk)\n+++ {shown} (from the spec)\n(only line endings or invisible bytes differ)\n");
    }
    text
}
