//! Python names and literals: casing, keyword escaping, string literals,
//! docstrings and TOML strings. Everything the Python templates print that
//! comes from the spec goes through here, so the text reaches the generated
//! code unchanged and the output is already what `ruff format` would write.

use std::fmt::Write as _;

use crate::case;

/// Python's hard keywords, as `keyword.kwlist` lists them (3.9 to 3.13).
/// <https://docs.python.org/3/reference/lexical_analysis.html#keywords>
/// Soft keywords (`match`, `case`, `type`, `_`) are valid identifiers.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
];

/// The fixed names of the package's `__all__`, by the module `__init__.py`
/// loads each from on first use (the spec adds its exception classes to
/// `_classes`, and its sub-code enums and message formatters to `_catalog`).
/// `Code` has a module of its own: an enum of every code is the costliest
/// thing to build at 10,000 codes, and parsing an error does not need it.
pub const EXPORTS: &[(&str, &[&str])] = &[
    ("_catalog", CATALOG_EXPORTS),
    ("_classes", &["class_for_status"]),
    ("_codes", &["Code"]),
    ("_errors", &["APIError", "DocumentError", "ErrorItem", "RateLimit"]),
    ("_grpc", &["GrpcCode"]),
    ("_parse", &["CREDENTIAL_HEADERS", "from_parts", "from_response", "from_response_async"]),
    ("_retry", &["Attempt", "async_with_retries", "is_connection_error", "with_retries"]),
];

/// The fixed names `__init__.py` loads from `_catalog.py`.
pub const CATALOG_EXPORTS: &[&str] = &[
    "API_ID",
    "API_VERSION",
    "Context",
    "Definition",
    "Deprecation",
    "ErrorClass",
    "RetryPolicy",
    "definition_for",
    "definitions",
    "format_message",
];

/// Every name the package itself defines or imports at module level where
/// spec-derived names live too: `__all__`, and the module globals of
/// `__init__.py`, `_catalog.py` and `_classes.py`, beside which the spec's
/// exception classes (`RateLimitError`), sub-code enums (`DeclineCode`) and
/// formatters (`format_out_of_credit`) are defined. A spec-derived name must
/// never equal one (validation reports it; [`escape_ident`] adds `_` should
/// one get through). Beware near-misses too: a class `api` would give
/// `ApiError` beside the base `APIError`.
pub const RESERVED: &[&str] = &[
    // `__all__`
    "API_ID",
    "API_VERSION",
    "CREDENTIAL_HEADERS",
    "APIError",
    "Attempt",
    "Code",
    "Context",
    "Definition",
    "Deprecation",
    "DocumentError",
    "ErrorClass",
    "ErrorItem",
    "GrpcCode",
    "RateLimit",
    "RetryPolicy",
    "class_for_status",
    "definition_for",
    "definitions",
    "async_with_retries",
    "format_message",
    "from_parts",
    "from_response",
    "from_response_async",
    "is_connection_error",
    "with_retries",
    // `__init__.py`: the lazy loading of the names above (PEP 562)
    "TYPE_CHECKING",
    // `_catalog.py` and `_classes.py`: types, tables and imports
    "Any",
    "BY_ID",
    "CLASSES",
    "CLASS_BY_RANGE",
    "CLASS_BY_STATUS",
    "CONDITIONS",
    "ClassVar",
    "Condition",
    "DEFAULT_RETRY",
    "ENVELOPE",
    "EXACT_MATCHES",
    "Enum",
    "Envelope",
    "ItemLocations",
    "Literal",
    "Mapping",
    "PREFIX_MATCHES",
    "RETRY_HELPER",
    "RateLimitHeaders",
    "RetryHelper",
    "SUBCODES",
    "Selection",
    "Subcode",
    "Subcodes",
    "annotations",
    "as_bool",
    "as_float",
    "as_int",
    "as_str",
    "context_from",
    "dataclass",
    "fill",
    "is_code",
];

/// Attributes of `APIError` (and of `Exception`) that a sub-code accessor
/// on the error must not hide.
pub const ERROR_ATTRIBUTES: &[&str] = &[
    "add_note",
    "args",
    "body",
    "code",
    "context",
    "definition",
    "details",
    "domain",
    "error_class",
    "field",
    "from_dict",
    "from_json",
    "grpc_code",
    "headers",
    "is_known_code",
    "items",
    "json",
    "message",
    "metadata",
    "rate_limit",
    "received_at_ms",
    "request_id",
    "retry_after",
    "retry_after_ms",
    "retry_delay",
    "retry_policy",
    "retryable",
    "status",
    "subcodes",
    "text",
    "to_dict",
    "to_json",
    "with_traceback",
];

/// `name` made safe as a Python identifier: a keyword or a reserved name
/// gets a trailing underscore (PEP 8's advice for clashes).
pub fn escape_ident(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) || RESERVED.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A `Code` member: `RATE_LIMIT_EXCEEDED` (PEP 8 constants, like `HTTPStatus`).
pub fn code_member(code: &str) -> String {
    // Fast path for the usual spelling: upper-case ASCII words joined by
    // single underscores are their own screaming case (`case::words` splits
    // only at the underscores), so skip re-splitting and re-joining them.
    let bytes = code.as_bytes();
    let screaming = !bytes.is_empty()
        && bytes.iter().all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && bytes[0] != b'_'
        && bytes[bytes.len() - 1] != b'_'
        && !code.contains("__");
    if screaming { escape_ident(code.to_owned()) } else { escape_ident(case::screaming(code)) }
}

/// Python's built-in exceptions whose names end in `Error` (3.9 to 3.13),
/// as <https://docs.python.org/3/library/exceptions.html> lists them: the
/// only built-ins an exception name of ours (`<Class>Error`) can take.
pub const BUILTIN_ERRORS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "EOFError",
    "EnvironmentError",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "IOError",
    "ImportError",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "RuntimeError",
    "SyntaxError",
    "SystemError",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "ValueError",
    "ZeroDivisionError",
];

/// An exception class: `RateLimitError`. A name a built-in exception already
/// has gets the prefix `API` (`APIPermissionError`, `APITimeoutError`, as the
/// OpenAI SDK does): the package exports its classes in `__all__`, and
/// `from pkg import *` or `from pkg import TimeoutError` must never make a
/// user's `except TimeoutError:` stop catching the built-in one. This is the
/// one place that decides; every spec-derived exception name comes from here.
pub fn class_name(class_id: &str) -> String {
    let name = format!("{}Error", case::pascal(class_id));
    if BUILTIN_ERRORS.contains(&name.as_str()) {
        return format!("API{name}");
    }
    escape_ident(name)
}

/// A sub-code's enum: `DeclineCode`.
pub fn subcode_enum(name: &str) -> String {
    escape_ident(case::pascal(name))
}

/// A sub-code's accessor on the error: `decline_code` (`code_` for a
/// sub-code named like an attribute the error already has).
pub fn subcode_attr(name: &str) -> String {
    let attr = escape_ident(case::snake(name));
    if ERROR_ATTRIBUTES.contains(&attr.as_str()) { format!("{attr}_") } else { attr }
}

/// A member of a sub-code enum, named by its value: `INSUFFICIENT_FUNDS`;
/// a value that does not start with a letter gets `VALUE_` (`VALUE_05`).
pub fn enum_member(value: &str) -> String {
    let name = case::screaming(value);
    if name.chars().next().is_some_and(|c| c.is_alphabetic()) { escape_ident(name) } else { format!("VALUE_{name}") }
}

/// The typed formatter of an error's message template: `format_out_of_credit`.
pub fn formatter(name: &str) -> String {
    escape_ident(format!("format_{}", case::snake(name)))
}

/// How isort (ruff's `I` rules) orders the names of one `from` import:
/// constants, then classes, then the rest, each case-insensitively.
pub fn isort_key(name: &str) -> (u8, String, &str) {
    let constant = name.len() > 1 && !name.chars().any(|c| c.is_lowercase());
    let kind = if constant {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (kind, name.to_lowercase(), name)
}

/// Methods of the generated `Context` dataclass a field must not hide.
pub const CONTEXT_METHODS: &[&str] = &["to_dict"];

/// A context attribute: `generations_remaining`, `class_`, `to_dict_`.
pub fn field_attr(field: &str) -> String {
    let attr = escape_ident(case::snake(field));
    if CONTEXT_METHODS.contains(&attr.as_str()) { format!("{attr}_") } else { attr }
}

/// Characters written as escapes in literals and docstrings: the line
/// breaks Python's `str.splitlines` knows beyond `\n`, and the bidirectional
/// controls that can make source read differently than it runs.
fn needs_unicode_escape(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escape(out: &mut String, c: char) {
    let code = c as u32;
    // Writing into a `String` cannot fail.
    let _ = if code <= 0xFF { write!(out, "\\x{code:02x}") } else { write!(out, "\\u{code:04x}") };
}

/// `n` spaces, appended without allocating.
pub fn push_indent(out: &mut String, n: usize) {
    const SPACES: &str = "                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        left -= take;
    }
}

/// A Python string literal holding exactly `text`, quoted the way `ruff
/// format` prefers: double quotes unless the text has more double quotes
/// than single quotes. Hex escapes are lower case, as ruff writes them.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// [`string`], appended to `out` (the generated tables are built in one
/// buffer rather than from one `String` per literal).
pub fn push_string(out: &mut String, text: &str) {
    // One pass over the bytes counts the quotes and notes whether anything
    // else could need an escape: only backslashes, ASCII controls and
    // non-ASCII characters can.
    let doubles = crate::text::count_byte(text, b'"');
    let singles = crate::text::count_byte(text, b'\'');
    let plain = crate::text::every_byte(text, |b| (0x20..=0x7e).contains(&b) & (b != b'\\'));
    let quote = if doubles > singles { '\'' } else { '"' };
    out.push(quote);
    let quoted = if quote == '"' { doubles } else { singles };
    if plain && quoted == 0 {
        // Printable ASCII without the quote or a backslash reads as is.
        out.push_str(text);
        out.push(quote);
        return;
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || needs_unicode_escape(c) => push_escape(out, c),
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// `Some(x)` as a literal, `None` as `None`.
pub fn opt_string(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), string)
}

/// Whitespace a docstring line is trimmed of: ruff strips trailing
/// whitespace and re-indents, so it would not survive formatting anyway;
/// the characters we escape are kept, so they stay visible.
fn trimmable(c: char) -> bool {
    c.is_whitespace() && !needs_unicode_escape(c)
}

/// The lines of a docstring body for `text`, escaped: backslashes doubled,
/// quotes that could close the docstring escaped, each line trimmed, blank
/// runs kept.
pub fn doc_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|line| {
            let mut escaped = String::with_capacity(line.len());
            push_doc_line(&mut escaped, line.trim_matches(trimmable));
            escaped
        })
        .collect()
}

fn push_doc_line(out: &mut String, line: &str) {
    let bytes = line.as_bytes();
    // Fast path: printable ASCII (and tabs) without backslashes or quotes
    // needs no escape at all.
    if crate::text::every_byte(line, |b| ((0x20..=0x7e).contains(&b) | (b == b'\t')) & (b != b'\\') & (b != b'"')) {
        out.push_str(line);
        return;
    }
    for (i, c) in line.char_indices() {
        match c {
            '\\' => out.push_str("\\\\"),
            // A quote next to another quote, or first or last on its line,
            // could end the docstring or merge with its delimiters. (`"` is
            // one byte, so byte offsets stand in for character positions.)
            '"' if i == 0 || i + 1 == bytes.len() || bytes[i + 1] == b'"' => out.push_str("\\\""),
            '\t' => out.push(c),
            c if c.is_control() || needs_unicode_escape(c) => push_escape(out, c),
            c => out.push(c),
        }
    }
}

/// A complete docstring at `indent` spaces: `"""Summary."""` when it fits
/// one line, else the summary, then the rest, then the closing quotes on a
/// line of their own. `paragraphs` are separated by blank lines; empty ones
/// are skipped.
pub fn docstring(paragraphs: &[String], indent: usize) -> String {
    let mut out = String::new();
    let mut doc = Docstring::new(&mut out, indent);
    for paragraph in paragraphs {
        doc.paragraph(paragraph);
    }
    doc.finish();
    out
}

/// [`docstring`], written paragraph by paragraph straight into `out`: no
/// list of lines is built, the layout only needs to know whether more than
/// one line was written.
pub struct Docstring<'a> {
    out: &'a mut String,
    indent: usize,
    lines: usize,
}

impl<'a> Docstring<'a> {
    pub fn new(out: &'a mut String, indent: usize) -> Self {
        Docstring { out, indent, lines: 0 }
    }

    /// Adds a paragraph; a blank one is skipped, and its own leading and
    /// trailing blank lines are dropped (inner ones are kept).
    pub fn paragraph(&mut self, text: &str) {
        if text.chars().all(trimmable) {
            return;
        }
        let mut first = true;
        let mut held_blanks = 0;
        for line in text.split('\n') {
            let line = line.trim_matches(trimmable);
            if line.is_empty() {
                if !first {
                    held_blanks += 1;
                }
                continue;
            }
            if first {
                if self.lines > 0 {
                    self.line("");
                }
                first = false;
            }
            for _ in 0..held_blanks {
                self.line("");
            }
            held_blanks = 0;
            self.line(line);
        }
    }

    fn line(&mut self, line: &str) {
        if self.lines == 0 {
            push_indent(self.out, self.indent);
            self.out.push_str("\"\"\"");
            push_doc_line(self.out, line);
        } else {
            self.out.push('\n');
            if !line.is_empty() {
                push_indent(self.out, self.indent);
                push_doc_line(self.out, line);
            }
        }
        self.lines += 1;
    }

    /// Closes the docstring (`Undocumented.` when nothing was written).
    pub fn finish(mut self) {
        if self.lines == 0 {
            self.line("Undocumented.");
        }
        if self.lines > 1 {
            self.out.push('\n');
            push_indent(self.out, self.indent);
        }
        self.out.push_str("\"\"\"");
    }
}

/// A TOML basic string holding exactly `text`.
pub fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || needs_unicode_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why `name` cannot be an importable Python package name, if it cannot.
pub fn check_package(name: &str) -> Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("`{name}` is not a Python identifier (use letters, digits and `_`, e.g. `novita_errors`)"));
    }
    if KEYWORDS.contains(&name) {
        return Err(format!("`{name}` is a Python keyword"));
    }
    Ok(())
}

/// The line length `ruff format` wraps at (the generated `pyproject.toml`
/// sets the same).
pub const LINE_LENGTH: usize = 88;

/// `lhs = target[key]` at `indent`, broken inside the brackets when too
/// long, as ruff format does: `lhs = target[`, the key one level deeper, `]`.
pub fn subscript_assignment(indent: usize, lhs: &str, target: &str, key: &str) -> String {
    // `lhs` ` = ` `target` `[` `key` `]`
    let one_line = indent + width(lhs) + 3 + width(target) + width(key) + 2;
    if one_line <= LINE_LENGTH {
        return format!("{lhs} = {target}[{key}]");
    }
    let pad = " ".repeat(indent);
    format!("{lhs} = {target}[\n{pad}    {key}\n{pad}]")
}

/// How wide `text` is on screen, as ruff counts it (close enough: one
/// column per character; spec text near the limit is rare).
fn width(text: &str) -> usize {
    if text.is_ascii() { text.len() } else { text.chars().count() }
}

/// A tuple literal of already-rendered `items` that ruff leaves as it is
/// when printed on a line starting with `lead` (indent and `key=`) and
/// ending in `tail`: inline when that line fits, else one item per line.
pub fn tuple(items: &[String], indent: usize, lead: &str, tail: &str) -> String {
    let mut out = String::new();
    push_tuple(&mut out, items.len(), |out, i| out.push_str(&items[i]), indent, lead, tail);
    out
}

/// [`tuple`], appended to `out`, with item `i` written by `item`: the
/// inline form is written first and measured in place, and replaced by the
/// one-per-line form only when it is too wide.
pub fn push_tuple(out: &mut String, len: usize, mut item: impl FnMut(&mut String, usize), indent: usize, lead: &str, tail: &str) {
    if len == 0 {
        out.push_str("()");
        return;
    }
    let start = out.len();
    out.push('(');
    for i in 0..len {
        if i > 0 {
            out.push_str(", ");
        }
        item(out, i);
    }
    if len == 1 {
        out.push(',');
    }
    out.push(')');
    if indent + width(lead) + width(&out[start..]) + width(tail) <= LINE_LENGTH {
        return;
    }
    out.truncate(start);
    out.push_str("(\n");
    for i in 0..len {
        push_indent(out, indent + 4);
        item(out, i);
        out.push_str(",\n");
    }
    push_indent(out, indent);
    out.push(')');
}

/// `lhs = rhs` at `indent`, with `rhs` in parentheses on a line of its own
/// when the line is too long and that makes it fit, as ruff does.
pub fn assignment(indent: usize, lhs: &str, rhs: &str) -> String {
    let mut out = String::new();
    push_assignment(&mut out, indent, lhs, rhs);
    out
}

/// [`assignment`], appended to `out`.
pub fn push_assignment(out: &mut String, indent: usize, lhs: &str, rhs: &str) {
    push_indent(out, indent);
    out.push_str(lhs);
    if indent + width(lhs) + 3 + width(rhs) > LINE_LENGTH && indent + 4 + width(rhs) <= LINE_LENGTH {
        out.push_str(" = (\n");
        push_indent(out, indent + 4);
        out.push_str(rhs);
        out.push('\n');
        push_indent(out, indent);
        out.push(')');
    } else {
        out.push_str(" = ");
        out.push_str(rhs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(code_member("INVALID_API_KEY"), "INVALID_API_KEY");
        assert_eq!(code_member("rate-limit.exceeded"), "RATE_LIMIT_EXCEEDED");
        assert_eq!(class_name("rate_limit"), "RateLimitError");
        assert_eq!(class_name("a_p_i"), "APIError_");
        assert_eq!(class_name("permission"), "APIPermissionError");
        assert_eq!(class_name("timeout"), "APITimeoutError");
        assert_eq!(class_name("type"), "APITypeError");
        assert_eq!(class_name("self"), "SelfError");
        assert_eq!(class_name("default"), "DefaultError");
        assert_eq!(field_attr("generations_remaining"), "generations_remaining");
        assert_eq!(field_attr("class"), "class_");
        assert_eq!(field_attr("from"), "from_");
        assert_eq!(field_attr("match"), "match");
        assert_eq!(field_attr("to_dict"), "to_dict_");
        assert_eq!(escape_ident("None".into()), "None_");
        assert_eq!(escape_ident("definitions".into()), "definitions_");
    }

    #[test]
    fn issue_11_identifiers() {
        // Codes are named by `Error.name`: numbers and URIs get good names.
        assert_eq!(code_member("bad_symbol"), "BAD_SYMBOL");
        assert_eq!(code_member("out_of_credit"), "OUT_OF_CREDIT");
        assert_eq!(subcode_enum("decline_code"), "DeclineCode");
        assert_eq!(subcode_enum("code"), "Code_");
        assert_eq!(subcode_enum("grpc_code"), "GrpcCode_");
        assert_eq!(subcode_enum("none"), "None_");
        assert_eq!(subcode_attr("decline_code"), "decline_code");
        assert_eq!(subcode_attr("code"), "code_");
        assert_eq!(subcode_attr("retry_delay"), "retry_delay_");
        assert_eq!(subcode_attr("class"), "class_");
        assert_eq!(enum_member("insufficient_funds"), "INSUFFICIENT_FUNDS");
        assert_eq!(enum_member("do-not-honor"), "DO_NOT_HONOR");
        assert_eq!(enum_member("05"), "VALUE_05");
        assert_eq!(enum_member("None"), "NONE");
        assert_eq!(formatter("out_of_credit"), "format_out_of_credit");
        assert_eq!(formatter("RATE_LIMIT_EXCEEDED"), "format_rate_limit_exceeded");
        assert_eq!(formatter("message"), "format_message_");
    }

    #[test]
    fn isort_order() {
        let mut names = ["format_b", "API_ID", "Code", "A_b", "Ab", "APIError", "X1", "abc_", "abc", "format_a"];
        names.sort_by(|a, b| isort_key(a).cmp(&isort_key(b)));
        // What `ruff check --select I --fix` leaves.
        assert_eq!(names, ["API_ID", "X1", "A_b", "Ab", "APIError", "Code", "abc", "abc_", "format_a", "format_b"]);
    }

    #[test]
    fn builtin_errors_are_sorted_and_end_in_error() {
        assert!(BUILTIN_ERRORS.windows(2).all(|w| w[0] < w[1]));
        assert!(BUILTIN_ERRORS.iter().all(|n| n.ends_with("Error")));
    }

    #[test]
    fn keyword_list_is_sorted_and_complete() {
        assert_eq!(KEYWORDS.len(), 35);
        for k in ["async", "await", "nonlocal", "yield"] {
            assert!(KEYWORDS.contains(&k));
        }
    }

    #[test]
    fn string_literals() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("it's"), "\"it's\"");
        assert_eq!(string(r#"say "hi""#), r#"'say "hi"'"#);
        assert_eq!(string(r#"it's "x""#), r#"'it\'s "x"'"#);
        assert_eq!(string(r#"a"b'"#), r#""a\"b'""#);
        assert_eq!(string("a\\b\nc\td"), r#""a\\b\nc\td""#);
        assert_eq!(string("{{ x }} {% y %} ${z} `q` */"), "\"{{ x }} {% y %} ${z} `q` */\"");
        assert_eq!(string("\u{202E}rtl\u{2028}\u{2029}"), r#""\u202ertl\u2028\u2029""#);
        assert_eq!(string("\u{1b}"), r#""\x1b""#);
        assert_eq!(string("emoji 🎉 e\u{301}"), "\"emoji 🎉 e\u{301}\"");
        assert_eq!(string(r#"""""#), r#"'"""'"#);
        assert_eq!(opt_string(None), "None");
    }

    #[test]
    fn docstrings() {
        assert_eq!(docstring(&["One line.".into()], 4), "    \"\"\"One line.\"\"\"");
        assert_eq!(docstring(&["Summary.".into(), "More\n  text.  ".into()], 0), "\"\"\"Summary.\n\nMore\ntext.\n\"\"\"");
        assert_eq!(docstring(&[r#"ends "quoted""#.into()], 0), r#""""ends "quoted\"""""#);
        // `"""x""`: quotes beside quotes and at either end are escaped.
        let q3 = "\"\"\"";
        assert_eq!(docstring(&[format!("{q3}x\"\"")], 0), format!("{q3}\\\"\\\"\"x\\\"\\\"{q3}"));
        assert_eq!(docstring(&["\"q\" ".into()], 0), r#""""\"q\"""""#);
        assert_eq!(docstring(&["a\\b".into()], 0), r#""""a\\b""""#);
        assert_eq!(docstring(&["\u{2028}".into()], 0), r#""""\u2028""""#);
        assert_eq!(docstring(&[], 0), "\"\"\"Undocumented.\"\"\"");
        assert_eq!(docstring(&["".into(), "x".into()], 0), "\"\"\"x\"\"\"");
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(toml_string("\u{202E}"), r#""\u202E""#);
    }

    #[test]
    fn package_names() {
        assert!(check_package("novita_errors").is_ok());
        assert!(check_package("novita-errors").is_err());
        assert!(check_package("1x").is_err());
        assert!(check_package("import").is_err());
    }

    #[test]
    fn layout() {
        assert_eq!(tuple(&[], 4, "x=", ","), "()");
        assert_eq!(tuple(&["1".into()], 4, "x=", ","), "(1,)");
        assert_eq!(tuple(&["1".into(), "2".into()], 4, "x=", ","), "(1, 2)");
        let long = vec!["\"a\"".repeat(30)];
        assert_eq!(tuple(&long, 4, "x=", ","), format!("(\n        {},\n    )", long[0]));
        assert_eq!(assignment(4, "A", "\"a\""), "    A = \"a\"");
        let rhs = format!("\"{}\"", "A".repeat(45));
        assert_eq!(assignment(4, &"A".repeat(45), &rhs), format!("    {} = (\n        {rhs}\n    )", "A".repeat(45)));
        let huge = format!("\"{}\"", "A".repeat(90));
        assert_eq!(assignment(4, "A", &huge), format!("    A = {huge}"));
    }

    #[test]
    fn long_subscripts_break_inside_the_brackets() {
        assert_eq!(subscript_assignment(4, "x", "T", "\"k\""), "x = T[\"k\"]");
        let key = format!("\"{}\"", "k".repeat(80));
        assert_eq!(subscript_assignment(4, "x", "T", &key), format!("x = T[\n        {key}\n    ]"));
    }
}
