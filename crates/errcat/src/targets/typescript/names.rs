//! TypeScript names, literals and doc comments: everything the templates
//! print that comes from the spec passes through here.
//!
//! Generated files must already be what `prettier --check` (defaults) wants,
//! so literals are written the way prettier writes them (double quotes unless
//! the text holds more `"` than `'`), and only printable ASCII is emitted
//! inside literals (`\uXXXX` otherwise). That keeps every line's width exact,
//! which [`fits`] needs to lay out lines as prettier does, and keeps bidi
//! controls out of the source (Trojan Source, CVE-2021-42574).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::case;

/// Prettier's default `printWidth`.
pub const PRINT_WIDTH: usize = 80;

/// Words that cannot be identifiers or that would shadow something in the
/// generated module's scope.
///
/// - ECMAScript 2025, §13.7.2 "Keywords and Reserved Words" (reserved words,
///   strict-mode reserved words, and `await`/`yield`):
///   <https://tc39.es/ecma262/2025/#sec-keywords-and-reserved-words>
/// - TypeScript's reserved type names and contextual keywords that cannot name
///   a type (`any`, `boolean`, ..., from `src/compiler/scanner.ts`,
///   `textToKeywordObj`).
/// - Property names that are special on every object (`__proto__`,
///   `constructor`, `prototype`).
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    // ECMAScript reserved words
    "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return",
    "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    // strict mode
    "let", "static", "implements", "interface", "package", "private", "protected", "public",
    // restricted in strict mode
    "arguments", "eval",
    // TypeScript type names and contextual keywords
    "any", "as", "asserts", "bigint", "boolean", "declare", "infer", "is", "keyof", "module", "namespace", "never",
    "number", "object", "readonly", "require", "string", "symbol", "type", "undefined", "unique", "unknown", "accessor",
    "satisfies", "out", "override",
    // special properties
    "__proto__", "constructor", "prototype",
];

/// Every name the package itself puts in module scope, where the identifiers
/// derived from the spec (error classes and their guards, sub-code types,
/// message formatters) live too: what `index.ts` exports, the other
/// top-level names and imports of each module, and the globals the modules
/// use. A spec-derived identifier equal to one of these gets a trailing `_`
/// (and validation may report it); the unit test in `mod.rs` checks that
/// every such name the templates print is listed.
///
/// Code keys (`Code.X`) and context fields (`context.x`) are properties, so
/// they cannot clash with these; sub-code accessors are properties of the
/// error and are checked against [`ERROR_MEMBERS`].
#[rustfmt::skip]
pub const RESERVED: &[&str] = &[
    // exported by index.ts
    "APIError", "AnyCode", "Attempt", "AxiosErrorLike", "AxiosResponseLike", "BodyInput", "CLASSES", "CONTEXT_FIELDS",
    "CREDENTIAL_HEADERS", "ClientResponse", "Code", "Condition", "Context", "ContextFieldInfo", "DEFINITIONS", "DOCUMENT_VERSION", "Definition", "Deprecation", "DocumentError",
    "ERROR_TYPES", "ErrorClassId", "ErrorClassInfo", "ErrorDocument", "ErrorItem", "FieldType", "GRPC_CODE_NUMBERS",
    "GrpcCode", "HeaderInput", "KyHTTPErrorLike", "LongerWait", "MessageParams", "ParseOptions", "RateLimit", "ResponseLike", "RetryFacts",
    "RetryMode", "RetryOptions", "RetryPolicy", "SUBCODES", "SubcodeInfo", "TemplateValue", "backoffDelayMs",
    "definitionFor", "formatMessage", "fromParts", "fromResponse", "grpcCodeForStatus", "isAPIError", "isConnectionError",
    "isKnownCode", "isKnownSubcode", "retryDelayMs", "withRetries",
    // other top-level names and imports of catalog.ts, errors.ts, messages.ts
    "BRAND", "CATALOG", "CatalogInfo", "DEFINITION_ROWS", "DefinitionRow", "INDEX", "ParsedResponse", "RETRY_POLICIES",
    "definitionOf", "fillTemplate", "indexCatalog", "minimal", "parseResponse", "readClientResponse", "readDocument", "retryLoop", "writeDocument",
    // globals the modules use
    "AggregateError", "Array", "ArrayBuffer", "Boolean", "Date", "Error", "EvalError", "Function", "Headers", "Iterable",
    "JSON", "Map", "Math", "Number", "Object", "Promise", "RangeError", "Readonly", "ReadonlyMap", "ReadonlySet",
    "Record", "ReferenceError", "Reflect", "Response", "Set", "String", "SuppressedError", "Symbol", "SyntaxError",
    "TextDecoder", "TypeError", "URIError", "Uint8Array", "globalThis", "setTimeout",
];

/// The members of every error object (`APIError`'s properties and methods,
/// `Error`'s and `Object.prototype`'s): a sub-code accessor equal to one gets
/// a trailing `_`.
#[rustfmt::skip]
pub const ERROR_MEMBERS: &[&str] = &[
    "body", "cause", "code", "constructor", "context", "definition", "details", "domain", "errorClass", "field", "grpc",
    "headers", "items", "message", "metadata", "name", "rateLimit", "receivedAtMs", "requestId", "retryAfterMs",
    "retryDelay", "retryPolicy", "retryable", "stack", "status", "text", "toJSON", "toString",
    "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "__proto__", "hasOwnProperty",
    "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "valueOf",
];

/// `name` if it is usable, else `name_`.
pub fn escape_ident(name: &str) -> String {
    escape_ident_owned(name.to_owned())
}

/// [`escape_ident`] on a name already built, without copying it again.
fn escape_ident_owned(mut name: String) -> String {
    if name.is_empty() {
        return "_".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `name`, or `name_` when the package already uses it in module scope.
fn unreserved(mut name: String) -> String {
    if RESERVED.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The key of a code in the `Code` object, from the code's name (the spec's
/// `name`, else the code): `RATE_LIMIT_EXCEEDED` → `RateLimitExceeded`,
/// `bad_symbol` (code `-1121`) → `BadSymbol`.
pub fn code_ident(name: &str) -> String {
    escape_ident_owned(case::pascal(name))
}

/// The error class for a class id, e.g. `rate_limit` → `RateLimitError`.
pub fn class_ident(class_id: &str) -> String {
    let mut name = case::pascal(class_id);
    name.push_str("Error");
    unreserved(name)
}

/// The object and type of a sub-code's values, e.g. `decline_code` →
/// `DeclineCode`.
pub fn subcode_type_ident(name: &str) -> String {
    unreserved(escape_ident_owned(case::pascal(name)))
}

/// The error's property holding a sub-code, e.g. `decline_code` →
/// `declineCode`.
pub fn subcode_key(name: &str) -> String {
    let mut key = field_ident(name);
    if ERROR_MEMBERS.contains(&key.as_str()) {
        key.push('_');
    }
    key
}

/// The typed message formatter of an error, from its name, e.g.
/// `out_of_credit` → `formatOutOfCredit`.
pub fn formatter_ident(name: &str) -> String {
    let mut ident = String::from("format");
    ident.push_str(&case::pascal(name));
    unreserved(ident)
}

/// The body of a template literal (without the backticks) for a message
/// template: each `<param>` of `params` becomes `${expr}` with the
/// expression `param` gives, the rest is literal text. Placeholders are
/// found as `fillTemplate` finds them (the regex `<([^<>]*)>`, left to
/// right), so both give the same text. Only printable ASCII is emitted.
pub fn template_literal(template: &str, params: &[String], param: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('<') {
        push_template_text(&mut out, &rest[..open]);
        let after = &rest[open + 1..];
        match after.find(['<', '>']) {
            Some(end) if after.as_bytes()[end] == b'>' => {
                let name = &after[..end];
                if params.iter().any(|p| p == name) {
                    out.push_str("${");
                    out.push_str(&param(name));
                    out.push('}');
                } else {
                    push_template_text(&mut out, &rest[open..open + end + 2]);
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    push_template_text(&mut out, rest);
    out
}

/// Literal text inside a template literal: `\`, `` ` `` and `${` escaped,
/// anything but printable ASCII as `\uXXXX`.
fn push_template_text(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{unit:04x}").expect("writing to a String cannot fail");
                }
            }
        }
    }
}

/// The property of a context field, e.g. `retry_after` → `retryAfter`.
pub fn field_ident(field: &str) -> String {
    escape_ident(&case::camel(field))
}

/// A string literal as prettier writes it, printable ASCII only.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string_literal(&mut out, text);
    out
}

/// [`string_literal`], appended to `out`. As the literal is ASCII, its width
/// in columns is its length in bytes.
pub fn push_string_literal(out: &mut String, text: &str) {
    // One pass over the bytes decides the quote and whether anything needs
    // escaping; most spec text is plain and is copied as is.
    let doubles = crate::text::count_byte(text, b'"');
    let singles = crate::text::count_byte(text, b'\'');
    let plain = crate::text::every_byte(text, |b| (b' '..=b'~').contains(&b) & (b != b'\\'));
    let (quote, quotes) = if doubles > singles { ('\'', singles) } else { ('"', doubles) };
    out.reserve(text.len() + 2);
    out.push(quote);
    if plain && quotes == 0 {
        out.push_str(text);
    } else {
        for c in text.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                ' '..='~' => out.push(c),
                c => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(out, "\\u{unit:04x}").expect("writing to a String cannot fail");
                    }
                }
            }
        }
    }
    out.push(quote);
}

/// Blanks for indentation, sliced instead of allocated for every line.
const SPACES: &str = "                                        ";

/// `indent` spaces, appended to `out`.
pub fn push_pad(out: &mut String, indent: usize) {
    match SPACES.get(..indent) {
        Some(pad) => out.push_str(pad),
        None => out.extend(std::iter::repeat_n(' ', indent)),
    }
}

/// A JSDoc block at `indent` spaces, one ` * ` line per line of `text`
/// (paragraphs separated by empty lines). Ends with a newline.
///
/// `*/` cannot end the comment early (`*\/`), U+2028/U+2029 become line
/// breaks, and trailing blanks are dropped so formatters see nothing to fix.
pub fn doc_comment(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_doc_comment(&mut out, text, indent);
    out
}

/// [`doc_comment`], appended to `out`.
pub fn push_doc_comment(out: &mut String, text: &str, indent: usize) {
    // Rewriting needs a copy; most texts have nothing to rewrite.
    let text = if text.contains("*/") || text.contains('\u{2028}') || text.contains('\u{2029}') {
        Cow::Owned(text.replace(['\u{2028}', '\u{2029}'], "\n").replace("*/", "*\\/"))
    } else {
        Cow::Borrowed(text)
    };
    push_pad(out, indent);
    out.push_str("/**\n");
    for line in text.trim_matches('\n').lines() {
        let line = line.trim_end();
        push_pad(out, indent);
        if line.is_empty() {
            out.push_str(" *\n");
        } else {
            out.push_str(" * ");
            out.push_str(line);
            out.push('\n');
        }
    }
    push_pad(out, indent);
    out.push_str(" */\n");
}

/// Whether `line` (its indentation included) fits prettier's print width.
pub fn fits(line: &str) -> bool {
    // Lines are mostly ASCII, where bytes are columns; only count characters
    // when the byte length could be too long.
    line.len() <= PRINT_WIDTH || line.chars().count() <= PRINT_WIDTH
}

/// An object property `key: value,` at `indent`, broken after the colon as
/// prettier does when the line is too long and the key is not short
/// (shorter than `tabWidth + 3`, prettier's `isObjectPropertyWithShortKey`).
pub fn property(indent: usize, key: &str, value: &str) -> String {
    let mut out = String::new();
    push_property(&mut out, indent, key, value);
    out
}

/// [`property`], appended to `out`.
pub fn push_property(out: &mut String, indent: usize, key: &str, value: &str) {
    push_property_with(out, indent, key, |out| out.push_str(value));
}

/// [`property`] with a string literal of `text` as the value, appended to `out`.
pub fn push_literal_property(out: &mut String, indent: usize, key: &str, text: &str) {
    push_property_with(out, indent, key, |out| push_string_literal(out, text));
}

/// [`property`] with the value written by `value`, appended to `out`. The
/// line is written once on one line, measured, and only broken when too long.
pub fn push_property_with(out: &mut String, indent: usize, key: &str, value: impl FnOnce(&mut String)) {
    let start = out.len();
    push_pad(out, indent);
    out.push_str(key);
    out.push(':');
    let blank = out.len();
    out.push(' ');
    value(out);
    out.push(',');
    if !fits(&out[start..]) && key.chars().count() >= 5 {
        // The blank after the colon becomes a line break and deeper indent.
        let mut brk = String::with_capacity(indent + 3);
        brk.push('\n');
        push_pad(&mut brk, indent + 2);
        out.replace_range(blank..blank + 1, &brk);
    }
    out.push('\n');
}

/// An array property `key: [a, b],` at `indent`: on one line if it fits,
/// else one element per line (prettier's layout for arrays of strings).
pub fn array_property(indent: usize, key: &str, items: &[String]) -> String {
    let mut out = String::new();
    push_array_property_with(&mut out, indent, key, items, |out, item| out.push_str(item));
    out
}

/// [`array_property`] of string literals of `items`, appended to `out`.
pub fn push_literal_array_property(out: &mut String, indent: usize, key: &str, items: &[String]) {
    push_array_property_with(out, indent, key, items, push_string_literal);
}

/// [`array_property`] with each element written by `item`, appended to
/// `out`: written on one line, measured, and rewritten one per line if too long.
fn push_array_property_with(out: &mut String, indent: usize, key: &str, items: &[String], item: impl Fn(&mut String, &str)) {
    let start = out.len();
    push_pad(out, indent);
    out.push_str(key);
    out.push_str(": [");
    for (n, text) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        item(out, text);
    }
    out.push_str("],");
    if fits(&out[start..]) {
        out.push('\n');
        return;
    }
    out.truncate(start);
    push_pad(out, indent);
    out.push_str(key);
    out.push_str(": [\n");
    for text in items {
        push_pad(out, indent + 2);
        item(out, text);
        out.push_str(",\n");
    }
    push_pad(out, indent);
    out.push_str("],\n");
}

/// A numeric array property at `indent`: one line if it fits, else
/// prettier's "fill" layout (as many numbers per line as fit).
pub fn number_array_property(indent: usize, key: &str, items: &[String]) -> String {
    let pad = " ".repeat(indent);
    let line = format!("{pad}{key}: [{}],", items.join(", "));
    if fits(&line) {
        return format!("{line}\n");
    }
    let mut out = format!("{pad}{key}: [\n");
    let mut current = String::new();
    for item in items {
        let piece = format!("{item},");
        let candidate = if current.is_empty() { format!("{pad}  {piece}") } else { format!("{current} {piece}") };
        if fits(&candidate) || current.is_empty() {
            current = candidate;
        } else {
            out.push_str(&current);
            out.push('\n');
            current = format!("{pad}  {piece}");
        }
    }
    out.push_str(&current);
    out.push('\n');
    out.push_str(&format!("{pad}],\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_recased_and_escaped() {
        assert_eq!(code_ident("RATE_LIMIT_EXCEEDED"), "RateLimitExceeded");
        assert_eq!(class_ident("rate_limit"), "RateLimitError");
        assert_eq!(class_ident("type"), "TypeError_");
        assert_eq!(class_ident("a_p_i"), "APIError_");
        assert_eq!(field_ident("retry_after"), "retryAfter");
        assert_eq!(field_ident("constructor"), "constructor_");
        assert_eq!(field_ident("default"), "default_");
        assert_eq!(escape_ident("1st"), "_1st");
        assert_eq!(code_ident("bad_symbol"), "BadSymbol");
        assert_eq!(code_ident("-1121"), "_1121");
        assert_eq!(class_ident("a_p_i"), "APIError_");
        assert_eq!(subcode_type_ident("decline_code"), "DeclineCode");
        assert_eq!(subcode_type_ident("code"), "Code_");
        assert_eq!(subcode_type_ident("definition"), "Definition_");
        assert_eq!(subcode_key("decline_code"), "declineCode");
        assert_eq!(subcode_key("status"), "status_");
        assert_eq!(subcode_key("to_string"), "toString_");
        assert_eq!(formatter_ident("out_of_credit"), "formatOutOfCredit");
        assert_eq!(formatter_ident("message"), "formatMessage_");
        assert_eq!(escape_ident(""), "_");
    }

    #[test]
    fn every_listed_word_is_escaped() {
        for word in KEYWORDS {
            assert_ne!(escape_ident(word), *word);
        }
    }

    #[test]
    fn template_literals_find_placeholders_as_the_runtime_does() {
        let params = vec!["model".to_owned(), "region".to_owned()];
        let expr = |p: &str| format!("params.{p}");
        assert_eq!(
            template_literal("Model <model> is not in <region>.", &params, expr),
            "Model ${params.model} is not in ${params.region}."
        );
        assert_eq!(template_literal("<<model>> <other> <", &params, expr), "<${params.model}> <other> <");
        assert_eq!(template_literal("a<b<model>", &params, expr), "a<b${params.model}");
        assert_eq!(template_literal("`${x}` \\ é\n", &params, expr), "\\`\\${x}\\` \\\\ \\u00e9\\n");
        assert_eq!(template_literal("$ {} $", &params, expr), "$ {} $");
    }

    #[test]
    fn string_literals_follow_prettier_quotes() {
        assert_eq!(string_literal("plain"), "\"plain\"");
        assert_eq!(string_literal("it's"), "\"it's\"");
        assert_eq!(string_literal("say \"hi\""), "'say \"hi\"'");
        assert_eq!(string_literal("a'b\"c\""), "'a\\'b\"c\"'");
        assert_eq!(string_literal("\"'"), "\"\\\"'\"");
    }

    #[test]
    fn string_literals_are_ascii_and_escaped() {
        assert_eq!(string_literal("back\\slash"), "\"back\\\\slash\"");
        assert_eq!(string_literal("line\nbreak\ttab"), "\"line\\nbreak\\ttab\"");
        assert_eq!(string_literal("`${x}` {{ y }} {% z %}"), "\"`${x}` {{ y }} {% z %}\"");
        assert_eq!(string_literal("\u{2028}\u{2029}"), "\"\\u2028\\u2029\"");
        assert_eq!(string_literal("\u{202e}rtl"), "\"\\u202ertl\"");
        assert_eq!(string_literal("é"), "\"\\u00e9\"");
        assert_eq!(string_literal("e\u{301}"), "\"e\\u0301\"");
        assert_eq!(string_literal("😀"), "\"\\ud83d\\ude00\"");
        assert!(string_literal(&"x".repeat(10_000)).len() == 10_002);
    }

    #[test]
    fn doc_comments_cannot_be_closed_early() {
        assert_eq!(doc_comment("a */ b", 0), "/**\n * a *\\/ b\n */\n");
        assert_eq!(doc_comment("one\n\ntwo  ", 2), "  /**\n   * one\n   *\n   * two\n   */\n");
        assert_eq!(doc_comment("x\u{2028}y", 0), "/**\n * x\n * y\n */\n");
        assert_eq!(doc_comment("emoji 😀 and \u{202e}", 0), "/**\n * emoji 😀 and \u{202e}\n */\n");
    }

    #[test]
    fn properties_break_like_prettier() {
        let short = property(4, "message", "\"x\"");
        assert_eq!(short, "    message: \"x\",\n");
        let long = "a".repeat(70);
        assert_eq!(property(4, "message", &format!("\"{long}\"")), format!("    message:\n      \"{long}\",\n"));
        assert_eq!(property(4, "code", &format!("\"{long}\"")), format!("    code: \"{long}\",\n"));
        // exactly 80 columns still fits
        let v = format!("\"{}\"", "a".repeat(80 - 4 - 8 - 2 - 1));
        assert_eq!(property(4, "fielda", &v).lines().count(), 1);
        let v = format!("\"{}\"", "a".repeat(81 - 4 - 8 - 2 - 1));
        assert_eq!(property(4, "fielda", &v).lines().count(), 2);
    }

    #[test]
    fn arrays_break_like_prettier() {
        let items = vec!["\"a\"".to_owned(), "\"b\"".to_owned()];
        assert_eq!(array_property(4, "fields", &items), "    fields: [\"a\", \"b\"],\n");
        let long = vec![format!("\"{}\"", "a".repeat(70))];
        assert_eq!(array_property(4, "fields", &long), format!("    fields: [\n      {},\n    ],\n", long[0]));
        let numbers: Vec<String> = (400..429).map(|n| n.to_string()).collect();
        assert_eq!(
            number_array_property(4, "statuses", &numbers),
            "    statuses: [\n      400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414,\n      415, 416, 417, 418, 419, 420, 421, 422, 423, 424, 425, 426, 427, 428,\n    ],\n"
        );
    }
}
