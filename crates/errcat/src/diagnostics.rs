//! Problems found in a spec, each pointing at file, line and column.
//!
//! Everything that reads or checks a spec pushes into one [`Diagnostics`] and
//! keeps going, so a single run reports every problem. Rendering is
//! codespan-reporting's rustc-style output: `file:line:col`, the offending
//! line, and a caret under the offending span.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// The candidate nearest to `word` when it is near enough to be what a typo
/// meant (`remdy` → `remedy`, `rate_limt` → `rate_limit`): at most one edit
/// for a short word, one per three letters for a longer one, letter case
/// ignored; or one the word abbreviates (`int` → `integer`). Ties go to the
/// alphabetically first, so the suggestion is stable.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let typed = word;
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != typed)
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word, &lower);
            let abbreviates = word.chars().count() >= 3 && lower.starts_with(&word);
            (distance <= limit || abbreviates).then_some((distance, candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// Index of a source file inside [`Diagnostics`].
pub type FileId = usize;

#[derive(Default)]
pub struct Diagnostics {
    /// Name and text of every file, by [`FileId`]. codespan's line index is
    /// only built when there are problems to render: computing it for every
    /// file up front was a noticeable part of loading a large spec.
    files: Vec<(String, String)>,
    problems: Vec<Diagnostic<FileId>>,
}

impl Diagnostics {
    /// Registers a file's text (under the name it is shown with) so problems
    /// can point into it.
    pub fn add_file(&mut self, name: String, text: String) -> FileId {
        self.files.push((name, text));
        self.files.len() - 1
    }

    pub fn source(&self, file: FileId) -> &str {
        self.files.get(file).map(|(_, text)| text.as_str()).unwrap_or_default()
    }

    /// An error at `span` of `file`; `help` says how to fix it.
    pub fn error(
        &mut self,
        file: FileId,
        span: Range<usize>,
        message: impl std::fmt::Display,
        label: impl std::fmt::Display,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::error().with_message(message).with_labels(vec![Label::primary(file, span).with_message(label)]);
        if let Some(help) = help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        self.problems.push(diagnostic);
    }

    /// An error that also points at an earlier, conflicting place.
    pub fn conflict(
        &mut self,
        at: (FileId, Range<usize>),
        earlier: (FileId, Range<usize>),
        message: impl std::fmt::Display,
        label: impl std::fmt::Display,
        earlier_label: impl std::fmt::Display,
    ) {
        self.problems.push(Diagnostic::error().with_message(message).with_labels(vec![
            Label::primary(at.0, at.1).with_message(label),
            Label::secondary(earlier.0, earlier.1).with_message(earlier_label),
        ]));
    }

    /// An error about a file as a whole (one that cannot be read, say).
    pub fn file_error(&mut self, name: &str, message: impl std::fmt::Display) {
        let id = self.add_file(name.to_owned(), String::new());
        self.problems.push(Diagnostic::error().with_message(message).with_labels(vec![Label::primary(id, 0..0)]));
    }

    /// Moves in the problems of `other`, found by another thread. Its
    /// problems must point at files registered here (it has none of its own).
    pub fn append(&mut self, mut other: Diagnostics) {
        debug_assert!(other.files.is_empty(), "problems only; files are registered in one place");
        self.problems.append(&mut other.problems);
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn len(&self) -> usize {
        self.problems.len()
    }

    /// Every problem, rendered; `color` adds ANSI colours for a terminal.
    pub fn render(&self, color: bool) -> String {
        let config = term::Config::default();
        let mut files = SimpleFiles::new();
        for (name, text) in &self.files {
            files.add(name.as_str(), text.as_str());
        }
        let mut out = Vec::new();
        // In file order (the manifest, then domains by name), then by
        // position, whichever stage or thread found them; ties keep the
        // order they were found in.
        let mut order: Vec<&Diagnostic<FileId>> = self.problems.iter().collect();
        order.sort_by_key(|problem| problem.labels.first().map(|label| (label.file_id, label.range.start)));
        for problem in order {
            let result = if color {
                let mut writer = term::termcolor::Ansi::new(&mut out);
                term::emit_to_write_style(&mut writer, &config, &files, problem)
            } else {
                term::emit_to_io_write(&mut out, &config, &files, problem)
            };
            // Spans always come from the registered text, so this only fails on
            // a bug; show the bare message rather than lose the problem.
            if result.is_err() {
                out.extend_from_slice(format!("error: {}\n", problem.message).as_bytes());
            }
        }
        let count = self.problems.len();
        out.extend_from_slice(format!("error: the spec has {count} problem{}\n", if count == 1 { "" } else { "s" }).as_bytes());
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn suggests_only_near_words() {
        assert_eq!(nearest("remdy", ["description", "remedy", "retry"]), Some("remedy"));
        assert_eq!(nearest("rate_limt", ["rate_limit", "server"]), Some("rate_limit"));
        assert_eq!(nearest("bad_requets", ["bad_request", "also_bad"]), Some("bad_request"));
        assert_eq!(nearest("Status", ["status"]), Some("status"));
        assert_eq!(nearest("zzz", ["remedy", "class"]), None);
        assert_eq!(nearest("ab", ["xy"]), None);
        assert_eq!(nearest("int", ["string", "integer", "number"]), Some("integer"));
        // The same word is no suggestion, and ties are decided the same way every time.
        assert_eq!(nearest("code", ["code"]), None);
        assert_eq!(nearest("cat", ["bat", "car"]), Some("bat"));
    }
}
