//! The human error reference: `reference/errors.md` and a self-contained
//! `reference/errors.html` (inline CSS and script, a search box, anchors for
//! every domain, class and code). Both render one view, built here, through
//! `templates/reference/`; every string is escaped here for its format.

use askama::Template;

use crate::Error;
use crate::model::{FieldType, RetryMode};
use crate::resolve::{Catalog, Class, RetryPolicy};
use crate::targets;

/// Text for a Markdown table cell or paragraph: no markup survives, and
/// line breaks become `<br>` so a cell stays on its row.
pub(crate) fn md(text: &str) -> String {
    // Comparisons joined without short-circuit, so the scan vectorises.
    let plain = |b: u8| {
        (b != b'\\')
            & (b != b'`')
            & (b != b'*')
            & (b != b'_')
            & (b != b'[')
            & (b != b']')
            & (b != b'|')
            & (b != b'#')
            & (b != b'~')
            & (b != b'$')
            & (b != b'{')
            & (b != b'}')
            & (b != b'<')
            & (b != b'>')
            & (b != b'&')
            & (b != b'\n')
    };
    if crate::text::every_byte(text, plain) {
        return text.to_owned();
    }
    escaped(text, |b| {
        Some(match b {
            b'\\' => "\\\\",
            b'`' => "\\`",
            b'*' => "\\*",
            b'_' => "\\_",
            b'[' => "\\[",
            b']' => "\\]",
            b'|' => "\\|",
            b'#' => "\\#",
            b'~' => "\\~",
            b'$' => "\\$",
            b'{' => "\\{",
            b'}' => "\\}",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\n' => "<br>",
            _ => return None,
        })
    })
}

/// Text for HTML element content and attribute values.
fn html(text: &str) -> String {
    if crate::text::every_byte(text, |b| (b != b'&') & (b != b'<') & (b != b'>') & (b != b'"') & (b != b'\'')) {
        return text.to_owned();
    }
    escaped(text, |b| {
        Some(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => return None,
        })
    })
}

/// `text` with every byte that `escape` replaces replaced. Only ASCII bytes
/// are ever replaced, and they never occur inside a multi-byte character,
/// so unchanged runs are copied whole: this runs on every text of every
/// error, twice.
fn escaped(text: &str, escape: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(replacement) = escape(b) {
            out.push_str(&text[run..i]);
            out.push_str(replacement);
            run = i + 1;
        }
    }
    out.push_str(&text[run..]);
    out
}

/// What the search box matches a row against: its words, lower-cased,
/// escaped for an HTML attribute. Built in one buffer: it runs per row.
fn search_text(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if part.is_ascii() {
            let start = out.len();
            out.push_str(part);
            out[start..].make_ascii_lowercase();
        } else {
            out.push_str(&part.to_lowercase());
        }
    }
    html(&out)
}

/// An id usable in a URL fragment: kept readable, never ambiguous.
fn anchor(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 2).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str("--");
        }
        out.extend(part.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' }));
    }
    out
}

/// One piece of text in both formats.
struct Text {
    md: String,
    html: String,
}

impl Text {
    fn new(text: &str) -> Self {
        Text { md: md(text), html: html(text) }
    }

    /// Text shown as code: a Markdown code span when nothing in it can end
    /// one or the table cell, else an HTML `<code>` element (a code span has
    /// no escapes; problem type URIs and other codes the spec names may hold
    /// any character).
    fn code(text: &str) -> Self {
        let span_safe = crate::text::every_byte(text, |b| (b != b'`') & (b != b'|') & (b != b'<') & (b != b'&') & (b != b'\n'));
        let md =
            if span_safe && !text.is_empty() { format!("`{text}`") } else { format!("<code>{}</code>", html(text).replace('|', "&#124;")) };
        Text { md, html: format!("<code>{}</code>", html(text)) }
    }
}

/// A link to an `http(s)` URL: the `href` value (escaped) and a Markdown
/// autolink (`<url>`, which takes no escapes, so only for URLs without
/// `<`, `>` or `|`); anything else is not linked.
struct Link {
    href: String,
    md: String,
}

fn link(url: &str) -> Option<Link> {
    let web = url.starts_with("https://") || url.starts_with("http://");
    let plain = !url.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || matches!(b, b'<' | b'>' | b'|' | b'`'));
    (web && plain).then(|| Link { href: html(url), md: format!("<{url}>") })
}

struct Snippet {
    language: &'static str,
    /// The fence / class name of the language.
    fence: &'static str,
    code: String,
    code_html: String,
}

struct ClassView {
    id: String,
    anchor: String,
    title: Text,
    description: Text,
    statuses: String,
    causes: Vec<Text>,
    solutions: Vec<Text>,
    retry: Text,
    fields: String,
    /// The `google.rpc.Code`, or how each error's is found.
    grpc: Text,
    /// The conditions that put a response in this class whatever its status.
    conditions: Vec<Text>,
    snippets: Vec<Snippet>,
}

struct Row {
    anchor: String,
    code: Text,
    /// The problem type URI to link the code to.
    link: Option<Link>,
    status: u16,
    grpc: &'static str,
    class_anchor: String,
    class_id: String,
    message: Text,
    description: Option<Text>,
    remedy: Option<Text>,
    field: Option<Text>,
    notes: Option<Text>,
    /// Lower-cased text the search box matches against.
    search: String,
}

struct DomainView {
    anchor: String,
    id: String,
    title: Text,
    description: Option<Text>,
    rows: Vec<Row>,
}

struct FieldView {
    name: String,
    ty: &'static str,
    unit: String,
    description: Text,
}

struct DeprecationView {
    anchor: String,
    code: String,
    domain: String,
    since: String,
    replacement: String,
    note: Option<Text>,
}

/// A problem type URI (RFC 9457) and the error it identifies.
struct ProblemTypeView {
    /// The error's row.
    anchor: String,
    uri: Text,
    link: Option<Link>,
    name: String,
    title: Text,
}

/// A second-level code and its documented values.
struct SubcodeView {
    anchor: String,
    name: String,
    at: Text,
    description: Text,
    values: Vec<SubcodeValueView>,
}

struct SubcodeValueView {
    anchor: String,
    value: Text,
    description: Text,
}

struct View {
    notice: String,
    title: Text,
    version: String,
    description: Option<Text>,
    docs_url: Option<Text>,
    envelope: Vec<(String, Text)>,
    classes: Vec<ClassView>,
    domains: Vec<DomainView>,
    fields: Vec<FieldView>,
    deprecations: Vec<DeprecationView>,
    problem_types: Vec<ProblemTypeView>,
    subcodes: Vec<SubcodeView>,
    total: usize,
}

#[derive(Template)]
#[template(path = "reference/errors.md", escape = "none")]
struct Markdown<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "reference/errors.html", escape = "none")]
struct Html<'a> {
    v: &'a View,
}

fn retry_text(policy: &RetryPolicy) -> String {
    let attempts = format!("up to {} attempts", policy.max_attempts);
    match policy.policy {
        RetryMode::Never => "Not retried automatically.".into(),
        RetryMode::Backoff => format!(
            "Retried with exponential backoff from {} ms to at most {} ms, with equal jitter; {attempts}.",
            policy.initial_delay_ms, policy.max_delay_ms
        ),
        RetryMode::RetryAfter => format!(
            "Retried after the delay the server asks for (Retry-After, at most {} ms), else with backoff from {} ms; {attempts}.",
            policy.max_retry_after_ms, policy.initial_delay_ms
        ),
    }
}

/// A class's `google.rpc.Code` in words (README rule 17): its own, else the
/// one each of its statuses maps to.
fn grpc_text(class: &Class) -> String {
    if let Some(grpc) = class.grpc {
        return grpc.name().to_owned();
    }
    let mapped: Vec<String> = class.statuses.iter().map(|&s| format!("{s} → {}", crate::model::GrpcCode::for_status(s).name())).collect();
    let mut text = "by the error's status".to_owned();
    if !mapped.is_empty() {
        text.push_str(&format!(": {}", mapped.join(", ")));
    }
    if class.fallback.is_some() || class.statuses.is_empty() {
        text.push_str(if mapped.is_empty() { " (google/rpc/code.proto)" } else { "; others per google/rpc/code.proto" });
    }
    text
}

/// A class condition in words (README rule 5).
fn condition_text(condition: &crate::resolve::Condition) -> String {
    let mut text = match &condition.source {
        crate::resolve::ConditionSource::Header(name) => format!("header {name} is \"{}\"", condition.equals),
        crate::resolve::ConditionSource::Body(at) => format!("the body's {at} is \"{}\"", condition.equals),
    };
    if !condition.status.is_empty() {
        let statuses: Vec<String> = condition.status.iter().map(u16::to_string).collect();
        text.push_str(&format!(", at status {}", statuses.join(" or ")));
    }
    text
}

fn field_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
    }
}

/// How a user catches `class` with each generated package, written with the
/// identifiers the targets really emit.
fn snippets(catalog: &Catalog, class: &Class) -> Vec<Snippet> {
    let mut out = Vec::new();
    for target in targets::all() {
        let ident = target.class_ident(&class.id);
        let (language, fence, code) = match target.name() {
            "rust" => {
                let krate = target.package(catalog).replace('-', "_");
                (
                    "Rust",
                    "rust",
                    format!(
                        "use {krate}::{{ApiError, ErrorClass}};\n\nfn handle(err: &ApiError) {{\n    if err.class() == Some(ErrorClass::{ident}) {{\n        eprintln!(\"{{err}} (retry after {{:?}})\", err.retry_after());\n    }}\n}}"
                    ),
                )
            }
            "python" => {
                let package = target.package(catalog);
                (
                    "Python",
                    "python",
                    format!(
                        "from {package} import {ident}\n\ntry:\n    call_the_api()\nexcept {ident} as err:\n    print(err.message, err.request_id, err.retry_after)"
                    ),
                )
            }
            "typescript" => {
                let package = target.package(catalog);
                (
                    "TypeScript",
                    "typescript",
                    format!(
                        "import {{ {ident} }} from \"{package}\";\n\ntry {{\n  await callTheApi();\n}} catch (err) {{\n  if (err instanceof {ident}) {{\n    console.log(err.message, err.requestId, err.retryAfterMs);\n  }}\n}}"
                    ),
                )
            }
            "go" => {
                let module = target.package(catalog);
                let package = targets::go::names::package_name(module).unwrap_or_default();
                let sentinel = targets::go::names::class_sentinel(&class.id);
                (
                    "Go",
                    "go",
                    format!(
                        "import \"{module}\"\n\nif errors.Is(err, {package}.{sentinel}) {{\n\tvar apiErr *{package}.Error\n\terrors.As(err, &apiErr)\n\tlog.Printf(\"%s (request %s)\", apiErr.Message, apiErr.RequestID)\n}}"
                    ),
                )
            }
            _ => continue,
        };
        out.push(Snippet { language, fence, code_html: html(&code), code });
    }
    out
}

fn view(catalog: &Catalog) -> View {
    let env = &catalog.envelope;
    let mut envelope = Vec::new();
    let mut put = |what: &str, at: &Option<String>| {
        if let Some(at) = at {
            envelope.push((what.to_owned(), if at.is_empty() { "(the whole body)".into() } else { at.clone() }));
        }
    };
    put("code", &env.code);
    put("details", &env.details);
    put("request id", &env.request_id);
    put("status", &env.status);
    put("request field", &env.field);
    put("context fields", &env.context);
    put("retry delay (seconds)", &env.retry_after);
    put("retry delay (protobuf Duration, e.g. 30s)", &env.retry_delay);
    put("error domain", &env.domain);
    put("metadata (string members)", &env.metadata);
    if !env.no_code.is_empty() {
        envelope.push(("values that mean no code".into(), env.no_code.join(", ")));
    }
    if let Some(items) = &env.items {
        envelope.push(("items (several errors)".into(), format!("each object in the array at {}", items.at)));
        let parts = [("code", &items.code), ("request field", &items.field), ("request location", &items.location)];
        for (what, at) in parts {
            if let Some(at) = at {
                envelope.push((format!("item {what}"), at.clone()));
            }
        }
        if !items.message.is_empty() {
            envelope.push(("item message".into(), items.message.join(", then ")));
        }
    }
    for s in &env.selections {
        envelope.push((format!("@{}", s.name), format!("the first object in {} whose {} is {}", s.array, s.member, s.equals)));
    }
    for s in &catalog.subcodes {
        envelope.push((format!("sub-code {}", s.name), s.at.clone()));
    }
    if !env.message.is_empty() {
        envelope.push(("message".into(), env.message.join(", then ")));
    }
    if !env.headers.request_id.is_empty() {
        envelope.push(("request id header".into(), env.headers.request_id.join(", ")));
    }
    envelope.push(("retry-after header".into(), env.headers.retry_after.clone()));
    if let Some(h) = &env.headers.retry_after_ms {
        envelope.push(("retry-after-ms header".into(), h.clone()));
    }
    if let Some(h) = &env.headers.should_retry {
        envelope.push(("should-retry header".into(), h.clone()));
    }
    if let Some(h) = &env.headers.retry_at {
        envelope.push(("retry-at header (epoch seconds)".into(), h.clone()));
    }
    let envelope = envelope.into_iter().map(|(k, v)| (k, Text::new(&v))).collect();

    let classes = catalog
        .classes
        .iter()
        .map(|c| {
            let mut statuses: Vec<String> = c.statuses.iter().map(u16::to_string).collect();
            if let Some(f) = c.fallback {
                statuses.push(match f {
                    crate::model::StatusRange::Client => "other 4xx".into(),
                    crate::model::StatusRange::Server => "other 5xx".into(),
                });
            }
            ClassView {
                id: c.id.clone(),
                anchor: anchor(&["class", &c.id]),
                title: Text::new(&c.title),
                description: Text::new(&c.description),
                statuses: statuses.join(", "),
                causes: c.causes.iter().map(|t| Text::new(t)).collect(),
                solutions: c.solutions.iter().map(|t| Text::new(t)).collect(),
                retry: Text::new(&retry_text(&c.retry)),
                fields: c.fields.join(", "),
                grpc: Text::new(&grpc_text(c)),
                conditions: c.when.iter().map(|w| Text::new(&condition_text(w))).collect(),
                snippets: snippets(catalog, c),
            }
        })
        .collect();

    let mut deprecations = Vec::new();
    let mut problem_types = Vec::new();
    let domains = catalog
        .domains
        .iter()
        .map(|d| DomainView {
            anchor: anchor(&["domain", &d.id]),
            id: d.id.clone(),
            title: Text::new(&d.title),
            description: d.description.as_deref().map(Text::new),
            rows: {
                let mut seen = std::collections::HashSet::with_capacity(d.errors.len());
                d.errors
                    .iter()
                    .map(|e| {
                        // One code at two statuses (GitHub's 403 and 429): the
                        // first keeps the plain anchor, the others add the status.
                        let again = !seen.insert(e.code.as_str());
                        let code_anchor = if again {
                            anchor(&["code", &d.id, &e.code, &e.status.to_string()])
                        } else {
                            anchor(&["code", &d.id, &e.code])
                        };
                        let mut notes = Vec::new();
                        if let Some(dep) = &e.deprecated {
                            let mut note = format!("Deprecated since {}", dep.since);
                            if let Some(r) = &dep.replacement {
                                note.push_str(&format!("; use {r}"));
                            }
                            note.push('.');
                            notes.push(note);
                            deprecations.push(DeprecationView {
                                anchor: code_anchor.clone(),
                                code: e.code.clone(),
                                domain: d.id.clone(),
                                since: dep.since.clone(),
                                replacement: dep.replacement.clone().unwrap_or_default(),
                                note: dep.note.as_deref().map(Text::new),
                            });
                        }
                        if let Some(s) = &e.since {
                            notes.push(format!("Since {s}."));
                        }
                        if e.name != e.code {
                            notes.push(format!("Name: {}.", e.name));
                        }
                        if !e.params.is_empty() {
                            let params: Vec<String> = e
                                .params
                                .iter()
                                .map(|p| format!("<{p}> ({})", catalog.field(p).map_or("string", |f| field_type(f.ty))))
                                .collect();
                            notes.push(format!("Message parameters: {}.", params.join(", ")));
                        }
                        if !e.fields.is_empty() {
                            notes.push(format!("Context: {}.", e.fields.join(", ")));
                        }
                        if catalog.class(&e.class).is_some_and(|c| c.retry != e.retry) {
                            notes.push(retry_text(&e.retry));
                        }
                        if let Some(url) = &e.docs_url {
                            notes.push(format!("Docs: {url}"));
                        }
                        let search = search_text(&[
                            &e.code,
                            &e.status.to_string(),
                            &e.class,
                            &e.name,
                            e.grpc.name(),
                            &e.message,
                            &e.description,
                            &d.title,
                        ]);
                        if catalog.envelope.kind == crate::model::EnvelopeKind::Problem && e.code.contains(':') {
                            problem_types.push(ProblemTypeView {
                                anchor: code_anchor.clone(),
                                uri: Text::code(&e.code),
                                link: link(&e.code),
                                name: e.name.clone(),
                                title: Text::new(&e.description),
                            });
                        }
                        Row {
                            link: (catalog.envelope.kind == crate::model::EnvelopeKind::Problem).then(|| link(&e.code)).flatten(),
                            anchor: code_anchor,
                            code: Text::code(&e.code),
                            status: e.status,
                            grpc: e.grpc.name(),
                            class_anchor: anchor(&["class", &e.class]),
                            class_id: e.class.clone(),
                            message: Text::new(&e.message),
                            description: (e.description != e.message).then(|| Text::new(&e.description)),
                            remedy: e.remedy.as_deref().map(Text::new),
                            field: e.field.as_deref().map(Text::new),
                            notes: (!notes.is_empty()).then(|| Text::new(&notes.join(" "))),
                            search,
                        }
                    })
                    .collect()
            },
        })
        .collect();

    View {
        notice: crate::artifacts::generated_notice(catalog),
        title: Text::new(&catalog.api.name),
        version: catalog.api.version.clone(),
        description: catalog.api.description.as_deref().map(Text::new),
        docs_url: catalog.api.docs_url.as_deref().map(Text::new),
        envelope,
        classes,
        domains,
        fields: catalog
            .fields
            .iter()
            .map(|f| FieldView {
                name: f.name.clone(),
                ty: field_type(f.ty),
                unit: f.unit.clone().unwrap_or_default(),
                description: Text::new(&f.description),
            })
            .collect(),
        deprecations,
        problem_types,
        subcodes: catalog
            .subcodes
            .iter()
            .map(|s| SubcodeView {
                anchor: anchor(&["subcode", &s.name]),
                name: s.name.clone(),
                at: Text::new(&s.at),
                description: Text::new(&s.description),
                values: s
                    .values
                    .iter()
                    .map(|v| SubcodeValueView {
                        anchor: anchor(&["subcode", &s.name, &v.value]),
                        value: Text::code(&v.value),
                        description: Text::new(&v.description),
                    })
                    .collect(),
            })
            .collect(),
        total: catalog.errors().count(),
    }
}

/// `(markdown, html)` of the reference.
pub fn render(catalog: &Catalog) -> Result<(String, String), Error> {
    let v = view(catalog);
    Ok((Markdown { v: &v }.render()?, Html { v: &v }.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_cannot_open_markup() {
        assert_eq!(md("a|b *c* `d` <e> [f](g) \\ #h\nnext"), "a\\|b \\*c\\* \\`d\\` &lt;e&gt; \\[f\\](g) \\\\ \\#h<br>next");
    }

    #[test]
    fn html_text_cannot_open_markup() {
        assert_eq!(html("</script><a href=\"x\" title='y'>&"), "&lt;/script&gt;&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
    }

    #[test]
    fn anchors_are_fragment_safe() {
        assert_eq!(anchor(&["code", "llm", "out-of.credit"]), "code--llm--out-of-credit");
    }
}
