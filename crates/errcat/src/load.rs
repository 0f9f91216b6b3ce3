//! Reading a spec directory: `errcat.toml` plus `domains/*.toml`.
//!
//! Each file is parsed into toml's spanned tree first (collecting every syntax
//! error), then deserialised piece by piece, each `[[errors]]` entry on its
//! own, so that one bad entry does not hide the problems of the others.
//! Unknown keys are collected with `serde_ignored` and reported at the key.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::{Diagnostics, FileId};
use crate::model::{Domain, DomainFile, ErrorDef, Manifest, Spanned};

pub const MANIFEST_FILE: &str = "errcat.toml";
pub const DOMAINS_DIR: &str = "domains";

/// A spec as read from disk, before validation.
pub struct RawSpec {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub manifest_file: FileId,
    pub domains: Vec<RawDomain>,
}

pub struct RawDomain {
    pub file: FileId,
    /// Path relative to the spec directory, e.g. `domains/llm.toml`.
    pub path: String,
    pub domain: DomainFile,
}

/// Lists the files of the spec in `dir`, manifest first, domains sorted by
/// name so that the result never depends on directory order.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut domains = Vec::new();
    let domain_dir = dir.join(DOMAINS_DIR);
    if domain_dir.is_dir() {
        for entry in std::fs::read_dir(&domain_dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                domains.push(path);
            }
        }
    }
    domains.sort();
    let mut files = vec![dir.join(MANIFEST_FILE)];
    files.extend(domains);
    Ok(files)
}

/// Reads and deserialises the spec in `dir`. Problems go to `diags`; the
/// result is `None` only when nothing usable could be read.
pub fn load(dir: &Path, diags: &mut Diagnostics) -> Option<RawSpec> {
    let files = match spec_files(dir) {
        Ok(files) => files,
        Err(err) => {
            diags.file_error(&dir.display().to_string(), format!("cannot list the spec directory: {err}"));
            return None;
        }
    };
    // Read every file first, so problems can point into any of them.
    let read: Vec<Result<FileId, (String, String)>> = files
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let name = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => Ok(diags.add_file(name, text)),
                Err(err) => {
                    let hint = if index == 0 { " (a spec directory holds errcat.toml and domains/*.toml)" } else { "" };
                    let message = format!("cannot read {name}: {err}{hint}");
                    Err((name, message))
                }
            }
        })
        .collect();
    // Parse and deserialise the files in parallel (at 10,000 errors this is
    // most of a run before rendering), each into its own problem list.
    let jobs: Vec<(usize, &PathBuf, FileId)> =
        read.iter().enumerate().filter_map(|(index, file)| file.as_ref().ok().map(|&file| (index, &files[index], file))).collect();
    let shared: &Diagnostics = diags;
    let mut parsed = crate::par::map(&jobs, crate::par::cores(), |&(index, path, file)| {
        let mut local = Diagnostics::default();
        let text = shared.source(file);
        let loaded = if index == 0 {
            parse_file(text, file, &mut local)
                .and_then(|table| deserialize_whole::<Manifest>(table, file, &mut local))
                .map(|m| Loaded::Manifest(Box::new(m)))
        } else {
            parse_file(text, file, &mut local).and_then(|table| {
                let relative = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                deserialize_domain(table, &stem, file, &mut local).map(|domain| Loaded::Domain(RawDomain { file, path: relative, domain }))
            })
        };
        (loaded, local)
    })
    .into_iter();
    // Problems in file order, as a sequential read would report them.
    let mut manifest = None;
    let mut domains = Vec::new();
    for file in read {
        match file {
            Err((name, message)) => diags.file_error(&name, message),
            Ok(_) => {
                let (loaded, local) = parsed.next().expect("one result per file read");
                diags.append(local);
                match loaded {
                    Some(Loaded::Manifest(m)) => manifest = Some(*m),
                    Some(Loaded::Domain(d)) => domains.push(d),
                    None => {}
                }
            }
        }
    }
    let manifest_file = jobs.first().filter(|(index, _, _)| *index == 0).map_or(0, |&(_, _, file)| file);
    manifest.map(|manifest| RawSpec { dir: dir.to_owned(), manifest, manifest_file, domains })
}

/// What one file deserialised into.
enum Loaded {
    Manifest(Box<Manifest>),
    Domain(RawDomain),
}

/// Parses a file into toml's spanned tree, reporting every syntax error and
/// every string with a forbidden character.
fn parse_file<'i>(text: &'i str, file: FileId, diags: &mut Diagnostics) -> Option<toml::Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        check_strings(table.get_ref(), &mut Vec::new(), file, diags);
        return Some(table);
    }
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        diags.error(file, span, format!("invalid TOML: {}", error.message().trim()), "here", None);
    }
    None
}

/// The first character of `text` that no target can carry in a literal and
/// a comment alike: a control character other than tab and newline, or
/// U+FEFF (an invisible byte-order mark).
fn forbidden_char(text: &str) -> Option<char> {
    // Nearly all text is printable ASCII, tab and newline: one vectorised
    // pass over the bytes rules everything else out.
    if crate::targets::every_byte(text, |b| ((0x20..0x7f).contains(&b)) | (b == b'\n') | (b == b'\t')) {
        return None;
    }
    text.chars().find(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{FEFF}')
}

/// One step of the path to a value, borrowed from the tree while walking it.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reports every key and string value in the tree that holds a forbidden
/// character. Done here, on the parsed tree, so every text of the format is
/// covered, including fields added later (generated files are not scanned
/// for carriage returns: see `output::Outputs::insert`).
fn check_strings<'a>(table: &'a DeTable<'_>, steps: &mut Vec<Step<'a>>, file: FileId, diags: &mut Diagnostics) {
    for (key, value) in table.iter() {
        steps.push(Step::Key(key.get_ref()));
        if let Some(c) = forbidden_char(key.get_ref()) {
            report_char(&format!("the key `{}`", path_text(steps)), c, key.span(), file, diags);
        }
        check_value(value, steps, file, diags);
        steps.pop();
    }
}

fn check_value<'a>(value: &'a toml::Spanned<DeValue<'_>>, steps: &mut Vec<Step<'a>>, file: FileId, diags: &mut Diagnostics) {
    match value.get_ref() {
        DeValue::String(text) => {
            if let Some(c) = forbidden_char(text) {
                report_char(&format!("`{}`", path_text(steps)), c, value.span(), file, diags);
            }
        }
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                steps.push(Step::Index(index));
                check_value(item, steps, file, diags);
                steps.pop();
            }
        }
        DeValue::Table(table) => check_strings(table, steps, file, diags),
        _ => {}
    }
}

fn path_text(steps: &[Step<'_>]) -> String {
    let segments: Vec<Segment> = steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => Segment::Key((*key).to_owned()),
            Step::Index(index) => Segment::Index(*index),
        })
        .collect();
    dotted(&segments)
}

fn report_char(what: &str, c: char, span: Range<usize>, file: FileId, diags: &mut Diagnostics) {
    diags.error(
        file,
        span,
        format!("{what} contains the control character U+{:04X}", c as u32),
        "cannot be carried safely into generated code",
        Some("remove it; only tab and newline are allowed among control characters".into()),
    );
}

fn deserialize_whole<T: DeserializeOwned>(table: toml::Spanned<DeTable<'_>>, file: FileId, diags: &mut Diagnostics) -> Option<T> {
    let root = toml::Spanned::new(table.span(), DeValue::Table(table.into_inner()));
    deserialize_value(&root, &[], file, diags)
}

/// Deserialises `value` (found at `at` inside the file), reporting a type
/// error and every unknown key.
fn deserialize_value<T: DeserializeOwned>(
    value: &toml::Spanned<DeValue<'_>>,
    at: &[Segment],
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<T> {
    let mut unknown = Vec::new();
    // A shallow copy: strings stay borrowed from the file's text. The
    // original is kept to find the spans of unknown keys afterwards.
    let result = serde_ignored::deserialize(ValueDeserializer::from(value.clone()), |path| unknown.push(segments(&path)));
    for mut path in unknown {
        let mut full = at.to_vec();
        full.append(&mut path);
        let key = full.iter().rev().find_map(|s| if let Segment::Key(k) = s { Some(k.clone()) } else { None }).unwrap_or_default();
        let span = key_span(value, &full[at.len()..]).unwrap_or_else(|| value.span());
        diags.error(
            file,
            span,
            format!("unknown key `{}`", dotted(&full)),
            "not part of the spec format",
            Some(format!("remove `{key}` or fix its spelling; the format is described by generated/jsonschema/spec-*.schema.json")),
        );
    }
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let span = error.span().unwrap_or_else(|| value.span());
            let location = if at.is_empty() { String::new() } else { format!(" in `{}`", dotted(at)) };
            diags.error(file, span, format!("invalid value{location}: {}", error.message().trim()), "here", None);
            None
        }
    }
}

fn deserialize_domain(table: toml::Spanned<DeTable<'_>>, stem: &str, file: FileId, diags: &mut Diagnostics) -> Option<DomainFile> {
    let span = table.span();
    let table = table.into_inner();
    let mut domain: Option<Domain> = None;
    let mut errors = Vec::new();
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "domain" => {
                domain = deserialize_value(value, &[Segment::Key("domain".into())], file, diags);
            }
            "errors" => match value.get_ref().as_array() {
                Some(entries) => {
                    for (index, entry) in entries.iter().enumerate() {
                        let at = [Segment::Key("errors".into()), Segment::Index(index)];
                        // A failed entry is already reported; the rest still count.
                        if let Some(error) = deserialize_value::<ErrorDef>(entry, &at, file, diags) {
                            errors.push(error);
                        }
                    }
                }
                None => {
                    diags.error(file, value.span(), "`errors` must be an array of tables", "expected `[[errors]]`", None);
                }
            },
            other => {
                diags.error(
                    file,
                    key.span(),
                    format!("unknown key `{other}`"),
                    "not part of the spec format",
                    Some("a domain file holds `[domain]` and `[[errors]]` only".into()),
                );
            }
        }
    }
    if domain.is_none() && !table.contains_key("domain") {
        diags.error(file, span.start..span.start, "missing `[domain]` table", "expected `[domain]` with `id` and `title`", None);
    }
    // Entries that did deserialise are still validated, so one run shows
    // every problem; a broken `[domain]` gets a stand-in named after the file
    // (its empty span tells validation not to report it again).
    let domain =
        domain.unwrap_or_else(|| Domain { id: Spanned::unspanned(stem.to_owned()), title: stem.to_owned(), description: None, order: 0 });
    Some(DomainFile { domain, errors })
}

/// One step of a path inside a TOML document.
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &serde_ignored::Path<'_>) -> Vec<Segment> {
    use serde_ignored::Path as P;
    match path {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = segments(parent);
            v.push(Segment::Index(*index));
            v
        }
        // The member toml's `Spanned` wraps a value in is no key of the file.
        P::Map { parent, key } if key == "$__serde_spanned_private_value" => segments(parent),
        P::Map { parent, key } => {
            let mut v = segments(parent);
            v.push(Segment::Key(key.clone()));
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => segments(parent),
    }
}

fn dotted(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// The span of the last key of `path` inside `value`.
fn key_span(value: &toml::Spanned<DeValue<'_>>, path: &[Segment]) -> Option<Range<usize>> {
    let (last, parents) = path.split_last()?;
    let mut current = value;
    for segment in parents {
        current = child(current, segment)?.1;
    }
    Some(child(current, last)?.0)
}

fn child<'a, 'i>(value: &'a toml::Spanned<DeValue<'i>>, segment: &Segment) -> Option<(Range<usize>, &'a toml::Spanned<DeValue<'i>>)> {
    match (value.get_ref(), segment) {
        (DeValue::Table(table), Segment::Key(key)) => {
            table.iter().find(|(k, _)| k.get_ref().as_ref() == key.as_str()).map(|(k, v)| (k.span(), v))
        }
        (DeValue::Array(array), Segment::Index(index)) => array.get(*index).map(|v| (v.span(), v)),
        _ => None,
    }
}
