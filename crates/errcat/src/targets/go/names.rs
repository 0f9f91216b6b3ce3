//! Go naming and escaping: every identifier, string literal and doc comment
//! the Go target prints is made here, so templates only interpolate.
//!
//! - Identifiers are PascalCase with Go's initialisms upper-cased
//!   (`INVALID_API_KEY` → `InvalidAPIKey`), the list from golint's
//!   `commonInitialisms` plus a few this domain uses (TTS, STT, GPU, LLM).
//! - Keywords: the 25 of the Go spec, <https://go.dev/ref/spec#Keywords>, and
//!   the predeclared identifiers, <https://go.dev/ref/spec#Predeclared_identifiers>.
//!   Exported names start with an upper-case letter and so can never be one;
//!   [`ident`] still guards every lower-case name (package name, locals).
//! - String literals are interpreted literals (`"..."`) with every character
//!   that could be invisible, reorder text or end the literal escaped.
//! - Doc comments are `//` lines; text is kept on one line per paragraph so
//!   gofmt's doc-comment reformatting (lists, headings, code blocks) never
//!   applies, and invisible or bidirectional characters are shown as `U+XXXX`.

use crate::targets::case;

/// golint's `commonInitialisms` (golang/lint, lint.go), plus TTS, STT, GPU,
/// LLM and SDK, which this kind of API names often.
const INITIALISMS: &[&str] = &[
    "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS",
    "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF",
    "XSS", "TTS", "STT", "GPU", "LLM", "SDK",
];

/// Go keywords, <https://go.dev/ref/spec#Keywords>.
pub const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Predeclared identifiers, <https://go.dev/ref/spec#Predeclared_identifiers>:
/// legal to shadow, but a package or local of that name breaks generated code
/// that uses the builtin.
pub const PREDECLARED: &[&str] = &[
    "any",
    "bool",
    "byte",
    "comparable",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "true",
    "false",
    "iota",
    "nil",
    "append",
    "cap",
    "clear",
    "close",
    "complex",
    "copy",
    "delete",
    "imag",
    "len",
    "make",
    "max",
    "min",
    "new",
    "panic",
    "print",
    "println",
    "real",
    "recover",
];

/// `INVALID_API_KEY` → `InvalidAPIKey`. Words that start with a digit are
/// kept as they are; callers always put a prefix in front (`Code`, `Class`).
pub fn pascal(name: &str) -> String {
    case::words(name)
        .iter()
        .map(|w| {
            let upper = w.to_uppercase();
            if INITIALISMS.contains(&upper.as_str()) {
                upper
            } else {
                let mut chars = w.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        })
        .collect()
}

/// A lower-case identifier made safe: keywords and predeclared names get a
/// trailing `_`.
pub fn ident(name: &str) -> String {
    if KEYWORDS.contains(&name) || PREDECLARED.contains(&name) { format!("{name}_") } else { name.to_owned() }
}

/// The constant a code becomes: `CodeInvalidAPIKey`.
pub fn code_const(code: &str) -> String {
    format!("Code{}", pascal(code))
}

/// The constant a class becomes: `ClassRateLimit`.
pub fn class_const(class_id: &str) -> String {
    format!("Class{}", pascal(class_id))
}

/// The sentinel error of a class: `ErrRateLimit`.
pub fn class_sentinel(class_id: &str) -> String {
    format!("Err{}", pascal(class_id))
}

/// The `Context` struct field of a context field: `RetryAfter`.
pub fn field_name(field: &str) -> String {
    let name = pascal(field);
    if name.starts_with(|c: char| c.is_ascii_uppercase()) { name } else { format!("F{name}") }
}

/// Why a Go module path cannot be used, if it cannot; else the package name
/// (its last element, skipping a `/vN` major-version suffix).
pub fn package_name(module: &str) -> Result<String, String> {
    if module.is_empty() || module.starts_with('/') || module.ends_with('/') || module.contains("//") {
        return Err("a Go module path is elements separated by single `/`".into());
    }
    if !module.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c)) {
        return Err("a Go module path holds only ASCII letters, digits and `-._~/`".into());
    }
    let elements: Vec<&str> = module.split('/').collect();
    let is_major = |e: &str| e.len() > 1 && e.starts_with('v') && e[1..].chars().all(|c| c.is_ascii_digit());
    let last = match elements.as_slice() {
        [.., before, last] if is_major(last) => *before,
        [.., last] => *last,
        [] => unreachable!("split gives at least one element"),
    };
    let valid = last.starts_with(|c: char| c.is_ascii_lowercase()) && last.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid {
        return Err(format!("its last element `{last}` must be a Go package name: lower-case letters and digits, starting with a letter"));
    }
    if ident(last) != last {
        return Err(format!("its last element `{last}` is a Go keyword or predeclared identifier"));
    }
    if last == "errors" {
        return Err("a package named `errors` would shadow the standard library's in every file that uses both".into());
    }
    Ok(last.to_owned())
}

/// Characters that are invisible, change line structure or reorder text
/// (bidirectional controls), or that Go rejects outside the file start (BOM).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// A Go interpreted string literal holding exactly `text`.
pub fn string_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Variation selectors (FE00–FE0F) are part of emoji: escaped
            // they stay the same string, and nothing is hidden in the source.
            c if is_hidden(c) && (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if is_hidden(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One doc-comment paragraph's text: whitespace runs (newlines included)
/// become one space, hidden characters are shown as `U+XXXX`, so the
/// paragraph is a single line that gofmt leaves alone.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{2028}' || c == '\u{2029}' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if is_hidden(c) && !('\u{FE00}'..='\u{FE0F}').contains(&c) {
            out.push_str(&format!("U+{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.truncate(out.trim_end().len());
    keep_quotes(&out)
}

/// gofmt rewrites `''` as `”` and a pair of backticks as `“` in doc
/// comments (go/doc/comment, `parseText`; a run of three or more backticks
/// is left alone). A zero-width space between the two characters keeps the
/// text as the spec wrote it and makes gofmt a no-op.
fn keep_quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        let split = (c == '\'' && run >= 2) || (c == '`' && run == 2);
        for k in 0..run {
            if split && k > 0 {
                out.push('\u{200B}');
            }
            out.push(c);
        }
        i += run;
    }
    out
}

/// A doc comment: each paragraph one `// ` line, paragraphs separated by
/// `//`, every line indented by `indent`, each ending in a newline. Empty
/// paragraphs are dropped.
pub fn doc_comment(paragraphs: &[String], indent: &str) -> String {
    let lines: Vec<String> = paragraphs.iter().map(|p| doc_text(p)).filter(|p| !p.is_empty()).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(indent);
            out.push_str("//\n");
        }
        out.push_str(indent);
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms_are_upper_case() {
        assert_eq!(code_const("INVALID_API_KEY"), "CodeInvalidAPIKey");
        assert_eq!(code_const("TTS_CHARACTER_LIMIT_EXCEEDED"), "CodeTTSCharacterLimitExceeded");
        assert_eq!(code_const("out-of-credit"), "CodeOutOfCredit");
        assert_eq!(code_const("request.id.missing"), "CodeRequestIDMissing");
        assert_eq!(class_const("rate_limit"), "ClassRateLimit");
        assert_eq!(class_sentinel("not_found"), "ErrNotFound");
        assert_eq!(field_name("retry_after"), "RetryAfter");
        assert_eq!(field_name("user_id"), "UserID");
        assert_eq!(field_name("v2"), "V2");
    }

    #[test]
    fn doc_text_survives_gofmt_quote_rewriting() {
        assert_eq!(doc_text("it''s ''' x"), "it'\u{200B}'s '\u{200B}'\u{200B}' x");
        assert_eq!(doc_text("a ``b`` ``` c ` d"), "a `\u{200B}`b`\u{200B}` ``` c ` d");
        assert_eq!(doc_text("plain 'quoted' text"), "plain 'quoted' text");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(ident("type"), "type_");
        assert_eq!(ident("nil"), "nil_");
        assert_eq!(ident("novitaerrors"), "novitaerrors");
        // Exported names never collide with a keyword.
        assert_eq!(class_const("type"), "ClassType");
        assert_eq!(code_const("func"), "CodeFunc");
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("example.com/novita/novitaerrors").unwrap(), "novitaerrors");
        assert_eq!(package_name("example.com/novita/novitaerrors/v2").unwrap(), "novitaerrors");
        assert!(package_name("example.com/x/errors").is_err());
        assert!(package_name("example.com/x/type").is_err());
        assert!(package_name("example.com/x/go-errors").is_err());
        assert!(package_name("example.com/x/Errs").is_err());
        assert!(package_name("").is_err());
        assert!(package_name("a//b").is_err());
    }

    #[test]
    fn string_literals_keep_the_text() {
        assert_eq!(string_lit("plain"), "\"plain\"");
        assert_eq!(string_lit("say \"hi\" \\ `tick` ${x} {{ y }} {% z %}"), r#""say \"hi\" \\ `tick` ${x} {{ y }} {% z %}""#);
        assert_eq!(string_lit("a\nb\tc"), r#""a\nb\tc""#);
        assert_eq!(string_lit("*/ \"\"\" '"), r#""*/ \"\"\" '""#);
        assert_eq!(string_lit("x\u{2028}y\u{2029}z"), r#""x\u2028y\u2029z""#);
        assert_eq!(string_lit("\u{202E}evil\u{FEFF}"), r#""\u202eevil\ufeff""#);
        assert_eq!(string_lit("tag\u{E0041}"), r#""tag\U000e0041""#);
        // Printable non-ASCII stays as it is.
        assert_eq!(string_lit("café 🎉 e\u{301}"), "\"café 🎉 e\u{301}\"");
        let long = "x".repeat(10_000);
        assert_eq!(string_lit(&long).len(), 10_002);
    }

    #[test]
    fn doc_comments_are_one_line_per_paragraph() {
        assert_eq!(doc_text("line one\n  - item\n\n# heading\t*/ end "), "line one - item # heading */ end");
        assert_eq!(doc_text("rtl\u{202E}x\u{2028}y"), "rtlU+202Ex y");
        assert_eq!(doc_text("`code` \"q\" {{ x }} 🎉"), "`code` \"q\" {{ x }} 🎉");
        assert_eq!(
            doc_comment(&["Code is X.".into(), "".into(), "Deprecated: use Y.".into()], "\t"),
            "\t// Code is X.\n\t//\n\t// Deprecated: use Y.\n"
        );
        assert_eq!(doc_comment(&[], ""), "");
    }
}
