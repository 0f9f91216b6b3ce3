//! Rust names and literals: casing, keyword escaping, string literals and doc
//! comments. Everything the Rust templates print that comes from the spec
//! goes through here, so the spec's text reaches the generated crate intact.

use std::fmt::Write as _;

use crate::case;
use crate::model::GrpcCode;

/// Every keyword of Rust 2021 and the reserved words of 2024, from the Rust
/// Reference, "Keywords" (<https://doc.rust-lang.org/reference/keywords.html>):
/// strict keywords, reserved keywords, and `gen` (reserved in 2024). Weak
/// keywords (`union`, `macro_rules`, `raw`, `safe`) are valid identifiers.
pub const KEYWORDS: &[&str] = &[
    // strict (2015)
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", // strict (2018+)
    "async", "await", "dyn", // reserved
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
    // reserved (2024)
    "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error): these
/// get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Variant names the generated `Code` enum uses for itself.
const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// The generated crate's own public names that a name from the spec could
/// take or shadow, in the namespaces spec names share with them (Rust keeps
/// types, values and each type's associated items apart, so an `ErrorClass`
/// variant can never clash with a `Code` method):
/// - the crate root: every type, trait, function and module it exports, and
///   the names of the standard prelude that generated code uses unqualified
///   (a sub-code enum named `Option` would break `Option<…>` beside it);
/// - the modules spec names go into: `messages` (`for_code`) and `envelope`;
/// - associated items beside generated variants: `Unknown` (`Code` and every
///   sub-code enum), `ALL` (`ErrorClass`), `KNOWN` (sub-code enums).
///
/// Methods of `ApiError`, which sub-code accessors sit beside, are in
/// [`API_ERROR_METHODS`]. A unit test checks that every public name the
/// templates emit is in one of the two lists.
pub const RESERVED: &[&str] = &[
    // crate root: types and traits
    "ApiError",
    "AsApiError",
    "Code",
    "Context",
    "Attempt",
    "BlockingResponseExt",
    "ClientError",
    "ConnectionErrors",
    "Definition",
    "Deprecation",
    "DocumentError",
    "ErrorClass",
    "GrpcCode",
    "Item",
    "LongerWait",
    "RateLimit",
    "ReqwestResponseExt",
    "Retry",
    "RetryAsync",
    "RetryHelper",
    "RetryMode",
    "RetryPolicy",
    "Subcodes",
    "UreqResponseExt",
    // crate root: functions, statics and modules
    "is_connection_error",
    "random",
    "retry",
    "retry_blocking",
    "uuid_v4",
    "RETRY_HELPER",
    "envelope",
    "http_date",
    "messages",
    "server",
    // `envelope` and `http_date`
    "ENVELOPE",
    "Envelope",
    "Items",
    "RateLimitHeaders",
    "ResetKind",
    "Selection",
    "parse_http_date",
    "parse_unix_seconds",
    "parse_seconds",
    // `messages`
    "for_code",
    // associated items beside generated variants
    "Unknown",
    "ALL",
    "KNOWN",
    // the standard prelude (Rust 2021), and what the generated modules import
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "BTreeMap",
    "Duration",
    "FromStr",
    "Infallible",
    "Map",
    "SystemTime",
    "Value",
    "fmt",
];

/// The methods of `ApiError`, its own and those of the traits it implements:
/// a sub-code accessor (`err.decline_code()`) must be none of them.
pub const API_ERROR_METHODS: &[&str] = &[
    "from_parts",
    "from_parts_at",
    "status",
    "class",
    "code",
    "definition",
    "message",
    "request_id",
    "field",
    "details",
    "context",
    "subcodes",
    "items",
    "domain",
    "metadata",
    "grpc",
    "json",
    "body",
    "headers",
    "header",
    "retry_policy",
    "is_retryable",
    "retry_after",
    "retry_delay",
    "rate_limit",
    "received_at",
    "to_json",
    "from_json",
    // behind the client features
    "from_http",
    "from_header_map",
    "from_reqwest",
    "from_reqwest_blocking",
    "from_ureq",
    // Clone, Display/Debug (`to_string`), std::error::Error, AsApiError, Any, Borrow, From/Into, ToOwned
    "clone",
    "clone_from",
    "fmt",
    "to_string",
    "source",
    "description",
    "cause",
    "provide",
    "as_api_error",
    "connection_error",
    "type_id",
    "borrow",
    "borrow_mut",
    "from",
    "into",
    "try_from",
    "try_into",
    "to_owned",
    "clone_into",
];

/// `name` with a trailing underscore if it is one of `taken`.
fn avoiding(name: String, taken: &[&str]) -> String {
    if taken.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// `name` made safe as an identifier: a raw identifier for keywords, a
/// trailing underscore for the few keywords that cannot be raw.
pub fn escape_ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// `RATE_LIMIT_EXCEEDED` → `RateLimitExceeded`, the `Code` variant. A code
/// that would take `Unknown` (the variant for codes the crate does not know)
/// or `Self` gets a trailing underscore; `case::pascal` never produces one, so
/// the result cannot collide with another code.
pub fn code_variant(code: &str) -> String {
    let mut name = case::pascal(code);
    if RESERVED_VARIANTS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `decline_code` → `DeclineCode`, the enum of a sub-code's values: a crate
/// root type, so one of [`RESERVED`] (`code` → `Code_`) gets an underscore.
pub fn subcode_type(name: &str) -> String {
    let name = avoiding(case::pascal(name), NOT_RAW);
    avoiding(name, RESERVED)
}

/// `decline_code` → `decline_code`: the field of `Subcodes` and the accessor
/// on `ApiError`, which must not take one of its methods (`class` →
/// `class_`).
pub fn subcode_accessor(name: &str) -> String {
    let name = field_name(name);
    avoiding(name, API_ERROR_METHODS)
}

/// `MODEL_UNAVAILABLE` → `model_unavailable`, the formatter in `messages`,
/// beside `for_code`.
pub fn formatter_name(name: &str) -> String {
    avoiding(field_name(name), RESERVED)
}

/// `insufficient_funds` → `InsufficientFunds`, a variant of a sub-code's
/// enum. Like [`code_variant`], `Unknown` is the enum's own, and so is
/// `KNOWN`; a value that does not start with a letter gets a `V` in front
/// (`3ds` → `V3ds`).
pub fn subcode_variant(value: &str) -> String {
    let name = avoiding(code_variant(value), &["KNOWN"]);
    if name.starts_with(|c: char| c.is_alphabetic()) { name } else { format!("V{name}") }
}

/// `RESOURCE_EXHAUSTED` → `ResourceExhausted`, the `GrpcCode` variant.
pub fn grpc_variant(code: GrpcCode) -> String {
    case::pascal(code.name())
}

/// `rate_limit` → `RateLimit`, the `ErrorClass` variant (`ALL`, which only
/// `a_l_l` gives, is the enum's own).
pub fn class_variant(class_id: &str) -> String {
    let name = case::pascal(class_id);
    if NOT_RAW.contains(&name.as_str()) || name == "ALL" { format!("{name}_") } else { name }
}

/// `retry_after` → `retry_after`, the `Context` field (`r#type` for `type`).
pub fn field_name(field: &str) -> String {
    escape_ident(&case::snake(field))
}

/// `novita-errors` → `novita_errors`: how Rust code names the crate.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// Why `name` cannot be a Cargo package name, if it cannot.
pub fn check_package(name: &str) -> Result<(), String> {
    let first_ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("a Rust package name starts with an ASCII letter and holds only ASCII letters, digits, `-` and `_`".into());
    }
    if name.len() > 64 {
        return Err("a Rust package name has at most 64 characters".into());
    }
    let ident = crate_ident(name);
    if KEYWORDS.contains(&ident.as_str()) || ident == "test" || ident == "core" || ident == "std" || ident == "alloc" {
        return Err(format!("`{ident}` is reserved in Rust"));
    }
    Ok(())
}

/// Characters that change how text is displayed without being visible:
/// bidirectional controls (which rustc rejects in literals and comments,
/// lints `text_direction_codepoint_in_*`), zero-width characters, line and
/// paragraph separators and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether every byte of `text` is printable ASCII (space to `~`), which
/// needs no escape in a doc comment and none but `"` and `\\` in a literal.
/// This runs over every byte of every message, hence the vectorised scan.
fn is_printable_ascii(text: &str) -> bool {
    crate::text::every_byte(text, |b| (b' '..=b'~').contains(&b))
}

/// [`is_printable_ascii`] without `"` and `\\`: text a string literal holds
/// as is. One pass, for the same reason.
fn is_plain_literal(text: &str) -> bool {
    crate::text::every_byte(text, |b| (b' '..=b'~').contains(&b) & (b != b'"') & (b != b'\\'))
}

/// Whether `c` cannot appear as itself inside a string literal.
fn needs_escape(c: char) -> bool {
    c == '"' || c == '\\' || c.is_control() || is_invisible(c)
}

/// A Rust string literal, quotes included, whose value is exactly `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string_literal(&mut out, text);
    out
}

/// [`string_literal`], appended to `out`. Most text needs no escape at all,
/// so printable ASCII is copied in one piece and other text in runs between
/// escapes.
pub fn push_string_literal(out: &mut String, text: &str) {
    out.push('"');
    if is_plain_literal(text) {
        out.push_str(text);
    } else {
        let mut run = 0;
        for (i, c) in text.char_indices() {
            if !needs_escape(c) {
                continue;
            }
            out.push_str(&text[run..i]);
            run = i + c.len_utf8();
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c => write!(out, "\\u{{{:x}}}", c as u32).expect("writing to a String cannot fail"),
            }
        }
        out.push_str(&text[run..]);
    }
    out.push('"');
}

/// `Some("…")` or `None`.
pub fn option_literal(text: Option<&str>) -> String {
    let mut out = String::new();
    push_option_literal(&mut out, text);
    out
}

/// [`option_literal`], appended to `out`.
pub fn push_option_literal(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => {
            out.push_str("Some(");
            push_string_literal(out, text);
            out.push(')');
        }
        None => out.push_str("None"),
    }
}

/// `&["a", "b"]`.
pub fn slice_literal<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    push_slice_literal(&mut out, items);
    out
}

/// [`slice_literal`], appended to `out`.
pub fn push_slice_literal<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push_str("&[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string_literal(out, item.as_ref());
    }
    out.push(']');
}

/// Doc-comment lines for `text` (outer `///`, or inner `//!` when `inner`),
/// one per line of text, without indentation. A line that holds an invisible
/// or bidirectional character becomes a `#[doc = "…"]` attribute with the
/// character escaped, since rustc rejects such characters in comments; so
/// does a line with a tab, which clippy (`tabs_in_doc_comments`) rejects in
/// `///` comments but not in attributes.
/// Trailing whitespace is dropped (rustfmt would remove it).
pub fn doc_lines(text: &str, inner: bool) -> Vec<String> {
    text.split('\n')
        .map(|line| {
            let mut out = String::new();
            push_doc_line(&mut out, line, inner);
            out
        })
        .collect()
}

/// One line of [`doc_lines`], appended to `out` without indent or newline.
fn push_doc_line(out: &mut String, line: &str, inner: bool) {
    let (comment, attr) = if inner { ("//!", "#![doc = ") } else { ("///", "#[doc = ") };
    let line = line.trim_end();
    if !is_printable_ascii(line) && line.chars().any(|c| c.is_control() || is_invisible(c)) {
        out.push_str(attr);
        push_string_literal(out, &format!(" {line}"));
        out.push(']');
    } else if line.is_empty() {
        out.push_str(comment);
    } else {
        out.push_str(comment);
        out.push(' ');
        out.push_str(line);
    }
}

/// Doc-comment lines for `text` as [`doc_lines`] makes them, each indented by
/// `indent` and ending in a newline, appended to `out`.
pub fn push_doc_text(out: &mut String, text: &str, indent: &str, inner: bool) {
    for line in text.split('\n') {
        out.push_str(indent);
        push_doc_line(out, line, inner);
        out.push('\n');
    }
}

/// Several paragraphs of documentation, blank lines between them, as
/// doc-comment lines indented by `indent`, each ending in a newline: ready to
/// print as is.
pub fn doc_block(paragraphs: &[String], indent: &str, inner: bool) -> String {
    let mut text = String::new();
    for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(p);
    }
    let mut out = String::with_capacity(text.len() + 64);
    push_doc_text(&mut out, &text, indent, inner);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_pascal_and_never_keywords() {
        assert_eq!(code_variant("INVALID_API_KEY"), "InvalidApiKey");
        assert_eq!(code_variant("out-of-credit"), "OutOfCredit");
        assert_eq!(code_variant("SELF"), "Self_");
        assert_eq!(code_variant("UNKNOWN"), "Unknown_");
        assert_eq!(class_variant("rate_limit"), "RateLimit");
        assert_eq!(class_variant("self"), "Self_");
    }

    #[test]
    fn fields_escape_keywords() {
        assert_eq!(field_name("retry_after"), "retry_after");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("union"), "union");
    }

    #[test]
    fn package_names() {
        assert_eq!(crate_ident("novita-errors"), "novita_errors");
        assert!(check_package("novita-errors").is_ok());
        assert!(check_package("1abc").is_err());
        assert!(check_package("a b").is_err());
        assert!(check_package("self").is_err());
        assert!(check_package(&"a".repeat(65)).is_err());
    }

    #[test]
    fn string_literals_keep_every_character() {
        assert_eq!(string_literal(r#"say "hi" \ there"#), r#""say \"hi\" \\ there""#);
        assert_eq!(string_literal("a\nb\tc"), r#""a\nb\tc""#);
        assert_eq!(string_literal("x\u{202E}y\u{2028}z"), r#""x\u{202e}y\u{2028}z""#);
        // Templating syntax, comment ends, emoji and combining marks pass through.
        assert_eq!(string_literal("{{ x }} {% y %} */ ${z} `q` 🦀 e\u{301}"), "\"{{ x }} {% y %} */ ${z} `q` 🦀 e\u{301}\"");
        assert_eq!(string_literal("r#\"raw\"#"), r##""r#\"raw\"#""##);
        assert_eq!(option_literal(None), "None");
        assert_eq!(option_literal(Some("a")), "Some(\"a\")");
        assert_eq!(slice_literal(&["a", "b\""]), r#"&["a", "b\""]"#);
    }

    #[test]
    fn doc_comments_one_line_each() {
        assert_eq!(doc_lines("one\n\ntwo  ", false), ["/// one", "///", "/// two"]);
        assert_eq!(doc_lines("/not a comment */", true), ["//! /not a comment */"]);
        assert_eq!(doc_lines("evil \u{202E} text", false), [r#"#[doc = " evil \u{202e} text"]"#]);
        assert_eq!(doc_lines("\tand a tab", false), [r#"#[doc = " \tand a tab"]"#]);
        assert_eq!(doc_block(&["a".into(), "".into(), "b".into()], "    ", false), "    /// a\n    ///\n    /// b\n");
    }
}
