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

use crate::case;

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
    let mut out = String::with_capacity(name.len());
    push_pascal(&mut out, name);
    out
}

/// [`pascal`] written onto `out`, without a `String` per word's casing.
fn push_pascal(out: &mut String, name: &str) {
    if name.is_ascii() {
        // The hot path: words as they appear in `name`, no allocation.
        case::ascii_words(name, |w| {
            if INITIALISMS.iter().any(|i| i.eq_ignore_ascii_case(w)) {
                out.extend(w.bytes().map(|b| b.to_ascii_uppercase() as char));
            } else {
                out.push(w.as_bytes()[0].to_ascii_uppercase() as char);
                out.extend(w[1..].bytes().map(|b| b.to_ascii_lowercase() as char));
            }
        });
        return;
    }
    push_pascal_words(out, name);
}

/// [`push_pascal`] for any name, word by lower-cased word.
fn push_pascal_words(out: &mut String, name: &str) {
    for w in case::words(name) {
        // Words are lower-case already. An ASCII word is an initialism when it
        // equals one ignoring case; any other word takes the general path,
        // since Unicode upper-casing can turn it into ASCII (`ı` → `I`).
        if w.is_ascii() {
            if INITIALISMS.iter().any(|i| i.eq_ignore_ascii_case(&w)) {
                out.extend(w.bytes().map(|b| b.to_ascii_uppercase() as char));
                continue;
            }
        } else {
            let upper = w.to_uppercase();
            if INITIALISMS.contains(&upper.as_str()) {
                out.push_str(&upper);
                continue;
            }
        }
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
}

/// A lower-case identifier made safe: keywords and predeclared names get a
/// trailing `_`.
pub fn ident(name: &str) -> String {
    if KEYWORDS.contains(&name) || PREDECLARED.contains(&name) { format!("{name}_") } else { name.to_owned() }
}

/// A lower-camel-case parameter or local: `quota_metric` → `quotaMetric`,
/// `api_key` → `apiKey`, keywords and predeclared names escaped (`type_`).
pub fn camel(name: &str) -> String {
    let pascal = pascal(name);
    // The leading word is lower-cased whole when it is an initialism (`ID`
    // → `id`, `APIKey` → `apiKey`), else its first letter only.
    let first_word = case::words(name).into_iter().next().unwrap_or_default();
    let lead = if INITIALISMS.iter().any(|i| i.eq_ignore_ascii_case(&first_word)) { first_word.len() } else { 1 };
    let mut out = String::with_capacity(pascal.len());
    for (i, c) in pascal.chars().enumerate() {
        if i < lead { out.extend(c.to_lowercase()) } else { out.push(c) }
    }
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, 'p');
    }
    ident(&out)
}

/// The typed formatter of a templated error: `FormatOutOfCredit`.
pub fn formatter(name: &str) -> String {
    prefixed("Format", name)
}

/// The type of a sub-code (`DeclineCode`) and the accessor on `*Error`
/// that returns it (the same name).
pub fn subcode_type(name: &str) -> String {
    let name = pascal(name);
    if name.starts_with(|c: char| c.is_ascii_uppercase()) { name } else { format!("S{name}") }
}

/// The constant a sub-code value becomes: `DeclineCodeInsufficientFunds`.
pub fn subcode_const(type_name: &str, value: &str) -> String {
    prefixed(type_name, value)
}

/// Every exported name the Go package declares itself (types, functions,
/// variables, struct fields and methods of `*Error`), beside which no
/// generated identifier may stand: a sub-code named `code` would make a type
/// `Code` and a method `Error.Code` clash with the package's own. Codes,
/// classes and sentinels always carry a prefix (`Code…`, `Class…`, `Err…`,
/// `Format…`) and so can only meet these through a sub-code's type, its
/// constants or a context field (a field of `Context`, which has no methods).
pub const RESERVED: &[&str] = &[
    // Types.
    "Class",
    "Code",
    "Context",
    "Definition",
    "Deprecation",
    "Error",
    "GRPCCode",
    "Attempt",
    "ClientResponse",
    "DocumentError",
    "Item",
    "LongerWait",
    "Option",
    "RateLimit",
    "RetryMode",
    "RetryPolicy",
    "Response",
    "ResponseOptions",
    // Functions and variables.
    "AttemptFrom",
    "Do",
    "ErrNoResponse",
    "FormatMessage",
    "FromClientResponse",
    "FromJSON",
    "FromParts",
    "FromPartsAt",
    "FromResponse",
    "IsConnectionError",
    "NewCustomResponse",
    "NewIdempotencyKey",
    "ResponseFor",
    "StatusClass",
    "WithClock",
    "WithConnectionError",
    "WithIdempotencyKey",
    "WithKeyGenerator",
    "WithRandom",
    "WithSleep",
    // Constants of LongerWait, RetryMode and GRPCCode.
    "LongerWaitClamp",
    "LongerWaitGiveUp",
    "RetryModeBackoff",
    "RetryModeNever",
    "RetryModeRetryAfter",
    "GRPCAborted",
    "GRPCAlreadyExists",
    "GRPCCancelled",
    "GRPCDataLoss",
    "GRPCDeadlineExceeded",
    "GRPCFailedPrecondition",
    "GRPCInternal",
    "GRPCInvalidArgument",
    "GRPCNotFound",
    "GRPCOK",
    "GRPCOutOfRange",
    "GRPCPermissionDenied",
    "GRPCResourceExhausted",
    "GRPCUnauthenticated",
    "GRPCUnavailable",
    "GRPCUnimplemented",
    "GRPCUnknown",
    // Fields of *Error (sub-code accessors are methods beside them).
    "Body",
    "Details",
    "Domain",
    "Field",
    "GRPC",
    "Header",
    "Items",
    "Message",
    "Metadata",
    "ReceivedAt",
    "RequestID",
    "Status",
    // The client's error when reading a response failed (README rule 25).
    "Err",
    // Methods of *Error (and Definition, above).
    "Is",
    "MarshalJSON",
    "Policy",
    "RetryAfter",
    "RetryAfterAt",
    "RetryAfterMillis",
    "Unwrap",
    "RetryDelay",
    "Retryable",
    "UnmarshalJSON",
];

/// The constant a code becomes: `CodeInvalidAPIKey`.
pub fn code_const(code: &str) -> String {
    prefixed("Code", code)
}

/// `prefix` followed by [`pascal`] of `name`, in one allocation.
fn prefixed(prefix: &str, name: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + name.len());
    out.push_str(prefix);
    push_pascal(&mut out, name);
    out
}

/// The constant a class becomes: `ClassRateLimit`.
pub fn class_const(class_id: &str) -> String {
    prefixed("Class", class_id)
}

/// The sentinel error of a class: `ErrRateLimit`.
pub fn class_sentinel(class_id: &str) -> String {
    prefixed("Err", class_id)
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
    push_string_lit(&mut out, text);
    out
}

/// Printable ASCII that stands for itself inside a Go string literal: runs of
/// it are copied as they are, which is nearly all of a catalog's text.
fn is_plain_in_lit(b: u8) -> bool {
    (0x20..=0x7E).contains(&b) && b != b'"' && b != b'\\'
}

/// [`string_lit`] written onto `out`.
pub fn push_string_lit(out: &mut String, text: &str) {
    out.push('"');
    if crate::text::every_byte(text, is_plain_in_lit) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().position(|&b| !is_plain_in_lit(b)).unwrap_or(bytes.len() - i);
        if run > 0 {
            out.push_str(&text[i..i + run]);
            i += run;
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        i += c.len_utf8();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Variation selectors (FE00–FE0F) are part of emoji: escaped
            // they stay the same string, and nothing is hidden in the source.
            c if is_hidden(c) && (c as u32) <= 0xFFFF => push_fmt(out, format_args!("\\u{:04x}", c as u32)),
            c if is_hidden(c) => push_fmt(out, format_args!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_fmt(out: &mut String, args: std::fmt::Arguments) {
    use std::fmt::Write;
    out.write_fmt(args).expect("writing to a String cannot fail");
}

/// One doc-comment paragraph's text: whitespace runs (newlines included)
/// become one space, hidden characters are shown as `U+XXXX`, so the
/// paragraph is a single line that gofmt leaves alone.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_doc_text(&mut out, text);
    out
}

/// Printable ASCII other than the space and the two quote characters gofmt
/// rewrites: copied to a doc comment as it is.
fn is_plain_in_doc(b: u8) -> bool {
    (0x21..=0x7E).contains(&b) && b != b'\'' && b != b'`'
}

/// [`doc_text`] written onto `out`.
///
/// gofmt rewrites `''` as `”` and a pair of backticks as `“` in doc
/// comments (go/doc/comment, `parseText`; a run of three or more backticks
/// is left alone). A zero-width space between the two characters keeps the
/// text as the spec wrote it and makes gofmt a no-op. Whitespace never sits
/// inside such a run, so runs are counted in `text` itself.
pub fn push_doc_text(out: &mut String, text: &str) {
    // The common case, copied as it is: plain ASCII words separated by
    // single spaces.
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(|&b| is_plain_in_doc(b))
        && bytes.last().is_some_and(|&b| is_plain_in_doc(b))
        && crate::text::every_byte(text, |b| is_plain_in_doc(b) | (b == b' '))
        && !text.contains("  ")
    {
        out.push_str(text);
        return;
    }
    let start = out.len();
    // A whitespace run seen since the last character written: it becomes one
    // space before the next one, never at the start or the end.
    let mut space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let plain = bytes[i..].iter().position(|&b| !is_plain_in_doc(b)).unwrap_or(bytes.len() - i);
        let quotes =
            if plain == 0 && (b == b'\'' || b == b'`') { bytes[i..].iter().position(|&q| q != b).unwrap_or(bytes.len() - i) } else { 0 };
        let c = if plain == 0 && quotes == 0 { text[i..].chars().next() } else { None };
        if let Some(c) = c.filter(|&c| c.is_whitespace() || c == '\u{2028}' || c == '\u{2029}') {
            space = true;
            i += c.len_utf8();
            continue;
        }
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        if plain > 0 {
            out.push_str(&text[i..i + plain]);
            i += plain;
        } else if quotes > 0 {
            let split = (b == b'\'' && quotes >= 2) || (b == b'`' && quotes == 2);
            for k in 0..quotes {
                if split && k > 0 {
                    out.push('\u{200B}');
                }
                out.push(b as char);
            }
            i += quotes;
        } else if let Some(c) = c {
            if is_hidden(c) && !('\u{FE00}'..='\u{FE0F}').contains(&c) {
                push_fmt(out, format_args!("U+{:04X}", c as u32));
            } else {
                out.push(c);
            }
            i += c.len_utf8();
        }
    }
}

/// A doc comment being written onto a `String`: each paragraph one `// `
/// line, paragraphs separated by `//`, every line indented by `indent`, each
/// ending in a newline. Empty paragraphs are dropped.
pub struct DocComment<'a> {
    out: &'a mut String,
    indent: &'a str,
    empty: bool,
}

impl<'a> DocComment<'a> {
    pub fn new(out: &'a mut String, indent: &'a str) -> Self {
        DocComment { out, indent, empty: true }
    }

    /// Adds one paragraph, unless its text comes out empty.
    pub fn paragraph(&mut self, text: &str) {
        let start = self.out.len();
        if !self.empty {
            self.out.push_str(self.indent);
            self.out.push_str("//\n");
        }
        self.out.push_str(self.indent);
        self.out.push_str("// ");
        let line = self.out.len();
        push_doc_text(self.out, text);
        if self.out.len() == line {
            self.out.truncate(start);
        } else {
            self.out.push('\n');
            self.empty = false;
        }
    }
}

/// A whole doc comment made of `paragraphs` (see [`DocComment`]).
pub fn doc_comment(paragraphs: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut doc = DocComment::new(&mut out, indent);
    for p in paragraphs {
        doc.paragraph(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_agrees_with_the_general_one() {
        for name in ["RATE_LIMIT_EXCEEDED", "invalid_api_key", "gpuID", "HTTPServer2xx", "a__b", "_x_", "I_D", "x1Y2z", "utf8_json"] {
            let mut general = String::new();
            push_pascal_words(&mut general, name);
            assert_eq!(pascal(name), general, "{name}");
        }
    }

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

    /// Every exported name the templates declare at package level (types,
    /// functions, constants and variables outside `{{ }}`) and every field
    /// and method of `*Error` is in [`RESERVED`].
    #[test]
    fn reserved_lists_every_public_name_of_the_templates() {
        let templates = [
            include_str!("../../../../../templates/go/classes.go"),
            include_str!("../../../../../templates/go/codes.go"),
            include_str!("../../../../../templates/go/envelope.go"),
            include_str!("../../../../../templates/go/errors.go"),
            include_str!("../../../../../templates/go/grpc.go"),
            include_str!("../../../../../templates/go/messages.go"),
            include_str!("../../../../../templates/go/retry.go"),
            include_str!("../../../../../templates/go/ratelimit.go"),
            include_str!("../../../../../templates/go/document.go"),
            include_str!("../../../../../templates/go/server.go"),
            include_str!("../../../../../templates/go/subcodes.go"),
        ];
        let exported = |name: &str| name.starts_with(|c: char| c.is_ascii_uppercase());
        let ident = |text: &str| text.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("").to_owned();
        let mut names = Vec::new();
        for text in templates {
            let mut in_error = false;
            let mut in_const = false;
            for line in text.lines().filter(|l| !l.contains("{{")) {
                if let Some(rest) = line.strip_prefix("type ").or_else(|| line.strip_prefix("func ")).or_else(|| line.strip_prefix("var "))
                {
                    names.push(ident(rest));
                }
                if let Some(rest) = line.strip_prefix("func (e *Error) ") {
                    names.push(ident(rest));
                }
                if line == "type Error struct {" {
                    in_error = true;
                } else if line == "const (" {
                    in_const = true;
                } else if line == "}" || line == ")" {
                    (in_error, in_const) = (false, false);
                } else if (in_error || in_const) && line.starts_with('\t') && !line.trim_start().starts_with("//") {
                    names.push(ident(line.trim_start()));
                }
            }
        }
        let names: Vec<String> = names.into_iter().filter(|n| exported(n)).collect();
        for must in ["Error", "FromParts", "GRPCCode", "GRPCUnauthenticated", "Items", "RetryModeNever", "FormatMessage", "Retryable"] {
            assert!(names.iter().any(|n| n == must), "the scan misses {must}: {names:?}");
        }
        for name in &names {
            assert!(RESERVED.contains(&name.as_str()), "`{name}` is public in templates/go but not in names::RESERVED");
        }
    }

    #[test]
    fn parameters_and_subcodes() {
        assert_eq!(camel("quota_metric"), "quotaMetric");
        assert_eq!(camel("api_key"), "apiKey");
        assert_eq!(camel("id"), "id");
        assert_eq!(camel("type"), "type_");
        assert_eq!(camel("len"), "len_");
        assert_eq!(camel("2fa"), "p2fa");
        assert_eq!(formatter("out_of_credit"), "FormatOutOfCredit");
        assert_eq!(subcode_type("decline_code"), "DeclineCode");
        assert_eq!(subcode_const("DeclineCode", "insufficient_funds"), "DeclineCodeInsufficientFunds");
        assert_eq!(code_const("bad_symbol"), "CodeBadSymbol");
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
