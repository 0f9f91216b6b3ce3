//! Reading a spec directory: `errcat.toml` plus `domains/*.toml`.
//!
//! Each file is parsed into toml's spanned tree first (collecting every syntax
//! error), then deserialised piece by piece (the manifest, `[domain]`, each
//! `[[errors]]` entry). A value that cannot be read is reported in the spec's
//! words and repaired (see [`read_piece`]), so that neither the rest of its
//! piece nor validation, which needs the spec read, stops at it: one run
//! reports every problem. Unknown keys are collected with `serde_ignored`
//! and reported at the key, with the nearest key the format has.

mod format;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::{Diagnostics, FileId};
use crate::model::{Domain, DomainFile, ErrorDef, Manifest, Spanned};
use format::Schema;

pub const MANIFEST_FILE: &str = "errcat.toml";
pub const DOMAINS_DIR: &str = "domains";

/// A spec as read from disk, before validation.
pub struct RawSpec {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub manifest_file: FileId,
    /// Dotted paths of the manifest's values that could not be read as
    /// written (already reported, then dropped or stood in for), e.g.
    /// `classes.rate_limit.statuses`.
    pub damaged: Vec<String>,
    pub domains: Vec<RawDomain>,
}

pub struct RawDomain {
    pub file: FileId,
    /// Path relative to the spec directory, e.g. `domains/llm.toml`.
    pub path: String,
    pub domain: DomainFile,
    /// Per entry of `domain.errors`: dotted paths, inside the entry, of the
    /// values that could not be read as written (see [`RawSpec::damaged`]).
    pub damaged: Vec<Vec<String>>,
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
            parse_file(text, file, &mut local).and_then(|table| {
                let root = toml::Spanned::new(table.span(), DeValue::Table(table.into_inner()));
                let reader = Reader { file, text, piece: &root, key: None, format: Schema::manifest(), entry: None };
                read_piece::<Manifest>(&reader, &mut local).map(|(m, damaged)| Loaded::Manifest(Box::new(m), damaged))
            })
        } else {
            parse_file(text, file, &mut local).and_then(|table| {
                let relative = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                deserialize_domain(table, &stem, file, text, &mut local)
                    .map(|(domain, damaged)| Loaded::Domain(RawDomain { file, path: relative, domain, damaged }))
            })
        };
        (loaded, local)
    })
    .into_iter();
    // Problems in file order, as a sequential read would report them.
    let mut manifest = None;
    let mut damaged = Vec::new();
    let mut domains = Vec::new();
    for file in read {
        match file {
            Err((name, message)) => diags.file_error(&name, message),
            Ok(_) => {
                let (loaded, local) = parsed.next().expect("one result per file read");
                diags.append(local);
                match loaded {
                    Some(Loaded::Manifest(m, repaired)) => {
                        manifest = Some(*m);
                        damaged = repaired;
                    }
                    Some(Loaded::Domain(d)) => domains.push(d),
                    None => {}
                }
            }
        }
    }
    let manifest_file = jobs.first().filter(|(index, _, _)| *index == 0).map_or(0, |&(_, _, file)| file);
    manifest.map(|manifest| RawSpec { dir: dir.to_owned(), manifest, manifest_file, damaged, domains })
}

/// What one file deserialised into.
enum Loaded {
    /// The manifest, and the dotted paths of its repaired parts.
    Manifest(Box<Manifest>, Vec<String>),
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
        let message = error.message().trim();
        if message == "duplicate key" {
            let key = text.get(span.clone()).unwrap_or_default();
            let help = Some("keep one of them; each key is set once per table".to_owned());
            diags.error(file, span, format!("`{key}` is set twice"), "set again here", help);
        } else {
            diags.error(file, span, format!("invalid TOML: {message}"), "here", None);
        }
    }
    None
}

/// The first character of `text` that no target can carry in a literal and
/// a comment alike: a control character other than tab and newline, or
/// U+FEFF (an invisible byte-order mark).
fn forbidden_char(text: &str) -> Option<char> {
    // Nearly all text is printable ASCII, tab and newline: one vectorised
    // pass over the bytes rules everything else out.
    if crate::text::every_byte(text, |b| ((0x20..0x7f).contains(&b)) | (b == b'\n') | (b == b'\t')) {
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

/// Reads one piece of a file as `T`: the manifest, `[domain]`, or one
/// `[[errors]]` entry (found at `at`; `name` names an entry in messages).
///
/// Every problem in the piece is reported, in the spec's words. A part that
/// cannot be read is reported, then repaired so that reading can go on: an
/// optional key or an array element is dropped, a required key gets a
/// stand-in of its type with an empty span (which validation never reports
/// on). So one broken value hides neither the other problems of its piece nor
/// the checks that need the piece read. Returns the value and the dotted
/// paths of what was repaired, for validation to skip the checks those parts
/// would have decided.
fn read_piece<T: DeserializeOwned>(reader: &Reader<'_, '_>, diags: &mut Diagnostics) -> Option<(T, Vec<String>)> {
    let value = reader.piece;
    // A copy to repair is only made once something is broken.
    let mut repaired: Option<toml::Spanned<DeValue<'_>>> = None;
    let mut unknown: Vec<Vec<Segment>> = Vec::new();
    let mut damaged = Vec::new();
    // Each round repairs one part. A problem seen twice means a repair did
    // not help: the piece is given up rather than reported again.
    let mut seen: Vec<(Option<Range<usize>>, String)> = Vec::new();
    let mut outcome = None;
    for _ in 0..256 {
        let mut found = Vec::new();
        // A shallow copy: strings stay borrowed from the file's text.
        let input = repaired.as_ref().unwrap_or(value).clone();
        let result = serde_ignored::deserialize(ValueDeserializer::from(input), |path| found.push(segments(&path)));
        for path in found {
            if !unknown.iter().any(|known| dotted(known) == dotted(&path)) {
                unknown.push(path);
            }
        }
        match result {
            Ok(read) => {
                outcome = Some((read, std::mem::take(&mut damaged)));
                break;
            }
            Err(error) if seen.contains(&(error.span(), error.message().to_owned())) => break,
            Err(error) => {
                seen.push((error.span(), error.message().to_owned()));
                let before = diags.len();
                match reader.repair(repaired.get_or_insert_with(|| value.clone()), &error, diags) {
                    Some(path) => damaged.push(dotted(&path)),
                    None => {
                        // A piece is never dropped unreported: that would
                        // let a spec with a broken entry generate without it.
                        if diags.len() == before {
                            let span = error.span().unwrap_or_else(|| value.span());
                            let what = reader.table_name(&[]);
                            diags.error(reader.file, span, format!("{what} cannot be read: {}", error.message().trim()), "here", None);
                        }
                        break;
                    }
                }
            }
        }
    }
    for path in unknown {
        // A misspelt key leaves the key it meant unset: that counts as
        // damage too, or validation would complain that it is missing.
        if let Some(meant) = reader.unknown_key(&path, diags)
            && let Some((_, damaged)) = outcome.as_mut()
        {
            damaged.push(dotted(&meant));
        }
    }
    outcome
}

/// A piece, where it sits, and what the format allows there. Names and the
/// format are only looked up once something is wrong.
struct Reader<'a, 'i> {
    file: FileId,
    text: &'a str,
    piece: &'a toml::Spanned<DeValue<'i>>,
    /// The key the piece is under (`domain`, `errors`), none for a whole file.
    key: Option<&'static str>,
    /// The format of the whole file.
    format: Schema,
    /// The index of an `[[errors]]` entry, which messages name by its code.
    entry: Option<usize>,
}

impl Reader<'_, '_> {
    /// The piece's path inside its file.
    fn at(&self) -> Vec<Segment> {
        let key = self.key.map(|key| Segment::Key(key.to_owned()));
        key.into_iter().chain(self.entry.map(Segment::Index)).collect()
    }

    /// The format of the piece.
    fn schema(&self) -> Schema {
        self.format.at(&self.at()).unwrap_or(self.format)
    }

    /// How the table at `path` (inside the piece) is named in messages:
    /// by its TOML header (`[classes.rate_limit]`), or as the entry it is in.
    fn table_name(&self, path: &[Segment]) -> String {
        let at = self.at();
        let mut full = at.clone();
        full.extend_from_slice(path);
        if let Some(index) = self.entry {
            let name = entry_name(self.piece, index);
            let rest = full.get(at.len()..).unwrap_or_default();
            return if rest.is_empty() { name.clone() } else { format!("`{}` in {name}", dotted(rest)) };
        }
        if full.is_empty() { "the manifest".to_owned() } else { format!("`[{}]`", dotted(&full)) }
    }

    /// Reports a problem `error` found in `value`, then repairs the part it
    /// is about. Returns that part's path inside the piece, or `None` when
    /// the piece cannot be read at all.
    fn repair(&self, value: &mut toml::Spanned<DeValue<'_>>, error: &toml::de::Error, diags: &mut Diagnostics) -> Option<Vec<Segment>> {
        let message = error.message().trim();
        let span = error.span().unwrap_or_else(|| value.span());
        let missing = message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`'));
        let path = match missing {
            Some(field) => locate(value, &span, &|v| v.as_table().is_some_and(|t| !t.contains_key(field)))?,
            None => locate(value, &span, &|_| true)?,
        };
        if let Some(field) = missing {
            let table_schema = self.schema().at(&path)?;
            let stand_in = table_schema.child(&Segment::Key(field.to_owned()))?.placeholder()?;
            let table = node_mut(value, &path)?;
            let at = table.span().start;
            // A stand-in table lacks everything: only real tables are reported
            // (the piece itself is real, though toml may give it no span).
            if path.is_empty() || !table.span().is_empty() {
                self.missing(table.span(), &path, field, table_schema, diags);
            }
            let DeValue::Table(table) = table.get_mut() else { return None };
            table.insert(toml::Spanned::new(at..at, field.to_owned().into()), toml::Spanned::new(at..at, stand_in));
            let mut repaired = path;
            repaired.push(Segment::Key(field.to_owned()));
            return Some(repaired);
        }
        let node = node_mut(value, &path)?;
        if !path.is_empty() && node.span().is_empty() {
            // A stand-in the format does not accept after all: the problem is
            // already reported at the real place.
            return None;
        }
        self.wrong_value(node, &path, message, diags);
        let (last, parent_path) = path.split_last()?;
        let parent_schema = self.schema().at(parent_path)?;
        let stand_in = match last {
            Segment::Key(key)
                if parent_schema.requires(key) || (parent_schema.is_map() && !parent_schema.keys().contains(&key.as_str())) =>
            {
                Some(self.schema().at(&path)?.placeholder()?)
            }
            _ => None,
        };
        let at = node.span().start;
        let parent = node_mut(value, parent_path)?;
        match (parent.get_mut(), last, stand_in) {
            (DeValue::Table(table), Segment::Key(key), Some(stand_in)) => {
                let (key, _) = table.remove_entry(key.as_str())?;
                table.insert(key, toml::Spanned::new(at..at, stand_in));
            }
            (DeValue::Table(table), Segment::Key(key), None) => {
                table.remove(key.as_str())?;
            }
            (DeValue::Array(array), Segment::Index(index), _) => {
                *array = array.iter().enumerate().filter(|(i, _)| i != index).map(|(_, v)| v.clone()).collect();
            }
            _ => return None,
        }
        Some(path)
    }

    fn missing(&self, span: Range<usize>, path: &[Segment], field: &str, table: Schema, diags: &mut Diagnostics) {
        let place = self.table_name(path);
        let child = table.child(&Segment::Key(field.to_owned()));
        let is_table = child.is_some_and(Schema::is_table);
        let what = if is_table && self.entry.is_none() {
            format!("`[{}]`", dotted(&[&self.at()[..], path, &[Segment::Key(field.to_owned())]].concat()))
        } else {
            format!("`{field}`")
        };
        let add = match child {
            Some(child) if is_table => match child.required().as_slice() {
                [] => format!("add {what}"),
                keys => format!("add {what} with {}", format::either(keys).replace(" or ", " and ")),
            },
            Some(child) => format!("add `{field} = {}`", child.example(field)),
            None => format!("add `{field}`"),
        };
        let help = match table.description_of(field) {
            Some(description) => format!("{add}: {}", one_line(description)),
            None => add,
        };
        diags.error(self.file, span, format!("{place} is missing {what}"), format!("`{field}` is required here"), Some(help));
    }

    /// Reports a value of the wrong type or out of range, or a choice that is
    /// not one of the allowed values.
    fn wrong_value(&self, node: &toml::Spanned<DeValue<'_>>, path: &[Segment], message: &str, diags: &mut Diagnostics) {
        let last = path.iter().rev().find_map(|s| if let Segment::Key(k) = s { Some(k.as_str()) } else { None }).unwrap_or_default();
        let schema = self.schema().at(path);
        let source = self.text.get(node.span()).unwrap_or_default();
        let got = describe_value(node.get_ref(), source);
        let mut expected = schema.map_or_else(|| "a value of the spec format".to_owned(), |s| s.expected(last));
        let mut help = None;
        if message.starts_with("invalid value: integer")
            && let Some(range) = schema.and_then(|s| s.range_hint(source))
            && expected == "a whole number"
        {
            expected = format!("{expected} {range}");
        }
        let values = schema.map(Schema::values).unwrap_or_default();
        if let DeValue::String(text) = node.get_ref() {
            if let Some(near) = crate::diagnostics::nearest(text, values.iter().copied()) {
                help = Some(format!("did you mean `{near}`?"));
            } else if (expected.contains("number") || expected.contains("status")) && text.trim().parse::<f64>().is_ok() {
                help = Some(format!("remove the quotes: `{}`", text.trim()));
            }
        }
        if help.is_none() && expected.starts_with("an array") && !matches!(node.get_ref(), DeValue::Array(_) | DeValue::Table(_)) {
            help = Some(format!("write it as an array: `{last} = [{source}]`"));
        }
        // The value's own key (`statuses[1]` for an array element), and the
        // table it is in.
        let (subject, label) = match path.split_last() {
            Some((Segment::Key(key), parent)) => (format!("`{key}`"), format!("in {}", self.table_name(parent))),
            Some((Segment::Index(index), parent)) => match parent.split_last() {
                Some((Segment::Key(key), table)) => (format!("`{key}[{index}]`"), format!("in {}", self.table_name(table))),
                _ => (format!("item {index}"), format!("in {}", self.table_name(parent))),
            },
            None => (self.table_name(path), "here".to_owned()),
        };
        // serde's own wording is replaced; a message a type gives itself is
        // kept, as it already says what is wrong in the format's terms.
        let standard = ["invalid type:", "invalid value:", "unknown variant", "data did not match any variant", "invalid length"];
        let text = if !standard.iter().any(|s| message.starts_with(s)) {
            format!("{subject}: {message}")
        } else {
            format!("{subject} must be {expected}, got {got}")
        };
        diags.error(self.file, node.span(), text, label, help);
    }

    /// Reports a key the format does not have at `path`, suggesting the
    /// nearest one it does; returns the path of that one.
    fn unknown_key(&self, path: &[Segment], diags: &mut Diagnostics) -> Option<Vec<Segment>> {
        let value = self.piece;
        let Some((Segment::Key(key), parent)) = path.split_last() else { return None };
        let span = key_span(value, path).unwrap_or_else(|| value.span());
        let place = self.table_name(parent);
        let allowed = self.schema().at(parent).map(Schema::keys).unwrap_or_default();
        let near = crate::diagnostics::nearest(key, allowed.iter().copied());
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None if allowed.is_empty() => "remove it".to_owned(),
            None => format!("the keys allowed here are {}", format::either(&allowed).replace(" or ", " and ")),
        };
        diags.error(self.file, span, format!("unknown key `{key}` in {place}"), "not part of the spec format", Some(help));
        near.map(|near| [parent, &[Segment::Key(near.to_owned())]].concat())
    }
}

/// A value as the user wrote it, for "got ..." in a message.
fn describe_value(value: &DeValue<'_>, source: &str) -> String {
    let short =
        |text: &str| if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text.to_owned() };
    match value {
        DeValue::String(text) => format!("the string {}", short(&format!("{text:?}"))),
        DeValue::Integer(n) => {
            if source.is_empty() {
                n.as_str().to_owned()
            } else {
                short(source)
            }
        }
        DeValue::Float(n) => format!("the number {}", if source.is_empty() { n.as_str().to_owned() } else { short(source) }),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date-time {d}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// A key's documentation on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The path, inside `value`, to the value an error at `span` is about: one
/// whose span is exactly `span` (the deepest), else the one with the
/// smallest span holding it. (A table's span is its header only, so spans do
/// not nest and a plain descent would stop early.) `fits` filters the
/// candidates, e.g. to tables that lack a missing key.
fn locate(value: &toml::Spanned<DeValue<'_>>, span: &Range<usize>, fits: &dyn Fn(&DeValue<'_>) -> bool) -> Option<Vec<Segment>> {
    /// Not exact, span length, depth from the bottom: the least wins.
    type Rank = (bool, usize, usize);
    fn walk(
        value: &toml::Spanned<DeValue<'_>>,
        span: &Range<usize>,
        fits: &dyn Fn(&DeValue<'_>) -> bool,
        path: &mut Vec<Segment>,
        best: &mut Option<(Rank, Vec<Segment>)>,
    ) {
        let own = value.span();
        if own.start <= span.start && span.end <= own.end && fits(value.get_ref()) {
            // Exact first, then the smallest span, then the deepest.
            let rank = (own != *span, own.len(), usize::MAX - path.len());
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                *best = Some((rank, path.clone()));
            }
        }
        match value.get_ref() {
            DeValue::Table(table) => {
                for (key, child) in table.iter() {
                    path.push(Segment::Key(key.get_ref().to_string()));
                    walk(child, span, fits, path, best);
                    path.pop();
                }
            }
            DeValue::Array(array) => {
                for (index, child) in array.iter().enumerate() {
                    path.push(Segment::Index(index));
                    walk(child, span, fits, path, best);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut best = None;
    walk(value, span, fits, &mut Vec::new(), &mut best);
    best.map(|(_, path)| path)
}

fn node_mut<'a, 'i>(value: &'a mut toml::Spanned<DeValue<'i>>, path: &[Segment]) -> Option<&'a mut toml::Spanned<DeValue<'i>>> {
    let Some((first, rest)) = path.split_first() else { return Some(value) };
    let child = match (value.get_mut(), first) {
        (DeValue::Table(table), Segment::Key(key)) => table.get_mut(key.as_str())?,
        (DeValue::Array(array), Segment::Index(index)) => array.get_mut(*index)?,
        _ => return None,
    };
    node_mut(child, rest)
}

/// How an `[[errors]]` entry is named in messages: by its code when it has
/// one, else by its position.
fn entry_name(entry: &toml::Spanned<DeValue<'_>>, index: usize) -> String {
    let code = entry.get_ref().as_table().and_then(|t| t.get("code")).and_then(|code| match code.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
        DeValue::Integer(n) => Some(n.as_str().to_owned()),
        _ => None,
    });
    match code {
        Some(code) => format!("`[[errors]]` entry `{code}`"),
        None => format!("`[[errors]]` entry {}", index + 1),
    }
}

/// Reads a domain file: `[domain]` and each `[[errors]]` entry on its own.
/// Returns the domain and, per entry read, the parts of it repaired.
fn deserialize_domain(
    table: toml::Spanned<DeTable<'_>>,
    stem: &str,
    file: FileId,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<(DomainFile, Vec<Vec<String>>)> {
    let span = table.span();
    let table = table.into_inner();
    let mut domain: Option<Domain> = None;
    let mut errors = Vec::new();
    let mut damaged = Vec::new();
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "domain" => {
                let reader = Reader { file, text, piece: value, key: Some("domain"), format: Schema::domain(), entry: None };
                domain = read_piece::<Domain>(&reader, diags).map(|(d, _)| d);
            }
            "errors" => match value.get_ref().as_array() {
                Some(entries) => {
                    for (index, entry) in entries.iter().enumerate() {
                        let reader = Reader { file, text, piece: entry, key: Some("errors"), format: Schema::domain(), entry: Some(index) };
                        // A failed entry is already reported; the rest still count.
                        if let Some((error, repaired)) = read_piece::<ErrorDef>(&reader, diags) {
                            errors.push(error);
                            damaged.push(repaired);
                        }
                    }
                }
                None => {
                    diags.error(file, value.span(), "`errors` must be an array of tables", "expected `[[errors]]` entries", None);
                }
            },
            other => {
                let help = match crate::diagnostics::nearest(other, ["domain", "errors"]) {
                    Some(near) => format!("did you mean `{near}`? a domain file holds `[domain]` and `[[errors]]` only"),
                    None => "a domain file holds `[domain]` and `[[errors]]` only".to_owned(),
                };
                diags.error(
                    file,
                    key.span(),
                    format!("unknown key `{other}` in the domain file"),
                    "not part of the spec format",
                    Some(help),
                );
            }
        }
    }
    if domain.is_none() && !table.contains_key("domain") {
        diags.error(
            file,
            span.start..span.start,
            "the domain file is missing `[domain]`",
            "expected `[domain]` with `id` and `title`",
            None,
        );
    }
    // Entries that did deserialise are still validated, so one run shows
    // every problem; a broken `[domain]` gets a stand-in named after the file
    // (its empty span tells validation not to report it again).
    let mut domain =
        domain.unwrap_or_else(|| Domain { id: Spanned::unspanned(stem.to_owned()), title: stem.to_owned(), description: None, order: 0 });
    if domain.id.span.is_empty() {
        domain.id.value = stem.to_owned();
    }
    Some((DomainFile { domain, errors }, damaged))
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
