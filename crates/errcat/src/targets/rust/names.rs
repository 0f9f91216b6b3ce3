//! Rust names and literals: casing, keyword escaping, string literals and doc
//! comments. Everything the Rust templates print that comes from the spec
//! goes through here, so the spec's text reaches the generated crate intact.

use crate::targets::case;

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
    let name = case::pascal(code);
    if RESERVED_VARIANTS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// `rate_limit` → `RateLimit`, the `ErrorClass` variant.
pub fn class_variant(class_id: &str) -> String {
    let name = case::pascal(class_id);
    if NOT_RAW.contains(&name.as_str()) { format!("{name}_") } else { name }
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

/// A Rust string literal, quotes included, whose value is exactly `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `Some("…")` or `None`.
pub fn option_literal(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({})", string_literal(t)))
}

/// `&["a", "b"]`.
pub fn slice_literal<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| string_literal(s.as_ref())).collect();
    format!("&[{}]", items.join(", "))
}

/// Doc-comment lines for `text` (outer `///`, or inner `//!` when `inner`),
/// one per line of text, without indentation. A line that holds an invisible
/// or bidirectional character becomes a `#[doc = "…"]` attribute with the
/// character escaped, since rustc rejects such characters in comments; so
/// does a line with a tab, which clippy (`tabs_in_doc_comments`) rejects in
/// `///` comments but not in attributes.
/// Trailing whitespace is dropped (rustfmt would remove it).
pub fn doc_lines(text: &str, inner: bool) -> Vec<String> {
    let (comment, attr) = if inner { ("//!", "#![doc = ") } else { ("///", "#[doc = ") };
    text.split('\n')
        .map(|line| {
            let line = line.trim_end();
            if line.chars().any(|c| c.is_control() || is_invisible(c)) {
                format!("{attr}{}]", string_literal(&format!(" {line}")))
            } else if line.is_empty() {
                comment.to_owned()
            } else {
                format!("{comment} {line}")
            }
        })
        .collect()
}

/// Several paragraphs of documentation, blank lines between them, as
/// doc-comment lines indented by `indent`, each ending in a newline: ready to
/// print as is.
pub fn doc_block(paragraphs: &[String], indent: &str, inner: bool) -> String {
    let text = paragraphs.iter().filter(|p| !p.trim().is_empty()).cloned().collect::<Vec<_>>().join("\n\n");
    let mut out = String::new();
    for line in doc_lines(&text, inner) {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
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
