//! The catalog as the Rust templates see it: every identifier, literal and
//! doc comment already computed, so templates only loop and interpolate.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::names::{
    class_variant, code_variant, doc_block, field_name, formatter_name, grpc_variant, option_literal, push_doc_text, push_option_literal,
    push_slice_literal, push_string_literal, slice_literal, string_literal, subcode_accessor, subcode_type, subcode_variant,
};
use crate::artifacts::generated_notice;
use crate::model::{ConnectionRetry, FieldType, LongerWait, ResetKind, RetryMode, StatusRange};
use crate::resolve::{Catalog, ConditionSource, Error, RetryPolicy};

pub struct CrateView {
    pub notice: String,
    /// Cargo package name, as a TOML string.
    pub package_toml: String,
    pub version_toml: String,
    pub description_toml: String,
    /// The `[package]` lines from `[packages]` (license, repository, …),
    /// each already printed, e.g. `license = "MIT"`.
    pub metadata_toml: Vec<String>,
    /// `rust-version`: the oldest toolchain the crate is checked against.
    pub rust_version_toml: String,
    /// `//!` lines of the crate documentation.
    pub crate_docs: String,
    pub classes: Vec<ClassView>,
    /// `(status, ErrorClass variant)`, sorted by status.
    pub statuses: Vec<(u16, String)>,
    /// `Some(ErrorClass::X)` or `None`.
    pub fallback_4xx: String,
    pub fallback_5xx: String,
    /// The per-code tables of `codes.rs`, each row already printed (see
    /// [`CodeTables`]): a catalog has thousands of codes, and printing rows
    /// straight into one string is far cheaper than a view per row.
    pub tables: CodeTables,
    pub fields: Vec<FieldView>,
    /// The JSON readers `context.rs` needs, e.g. `integer`.
    pub readers: Vec<&'static str>,
    pub envelope: EnvelopeView,
    pub subcodes: Vec<SubcodeView>,
    /// What `lib.rs` re-exports from `subcodes.rs`: `Subcodes` or
    /// `{DeclineCode, Subcodes}`.
    pub subcode_exports: String,
    /// One typed message formatter per templated code.
    pub formatters: Vec<FormatterView>,
    /// The API id as a string literal, which error documents carry.
    pub api_id: String,
    pub retry_helper: RetryHelperView,
}

/// `RETRY_HELPER` in `retry.rs`: each field a Rust expression.
pub struct RetryHelperView {
    /// `ConnectionErrors::Never` or `ConnectionErrors::Backoff`.
    pub connection_errors: &'static str,
    /// A `RetryPolicy { … }` literal of the `[retry]` parameters.
    pub backoff: String,
    /// `Some("Idempotency-Key")` or `None`.
    pub idempotency_header: String,
}

/// A `[subcodes.<name>]`: its enum, its field of `Subcodes` and its accessor
/// on `ApiError`.
pub struct SubcodeView {
    /// The enum, e.g. `DeclineCode`.
    pub type_name: String,
    /// The field and accessor, e.g. `decline_code`.
    pub accessor: String,
    /// The name as a string literal.
    pub name: String,
    /// The body location as a string literal.
    pub at: String,
    /// Doc comment of the enum, not indented.
    pub doc: String,
    /// Doc comment of the field of `Subcodes`, indented.
    pub field_doc: String,
    /// Doc comment of the accessor on `ApiError`, indented.
    pub accessor_doc: String,
    pub values: Vec<SubcodeValueView>,
}

pub struct SubcodeValueView {
    pub variant: String,
    /// The value as a string literal.
    pub wire: String,
    /// Its description as a string literal.
    pub description: String,
    /// Indented doc comment.
    pub doc: String,
}

/// `messages::<name>(params) -> String` for a templated message.
pub struct FormatterView {
    pub name: String,
    /// Doc comment, not indented.
    pub doc: String,
    /// The parameter list, e.g. `balance: i64, cost: i64`.
    pub params: String,
    /// Parameters the template never names (bound to `_`).
    pub unused: Vec<String>,
    /// The one expression that builds the message.
    pub body: String,
}

pub struct ClassView {
    pub variant: String,
    /// Indented doc comment, ending in a newline.
    pub doc: String,
    pub id: String,
    pub title: String,
    pub description: String,
    pub statuses: String,
    pub causes: String,
    pub solutions: String,
    pub fields: String,
    pub retry: String,
    /// `Some(GrpcCode::X)` or `None`.
    pub grpc: String,
    /// `Condition { … }` literals.
    pub when: Vec<String>,
}

/// The rows of the tables in `codes.rs`, in the layout that template's
/// comments describe. Every row ends in a newline, so an empty table prints
/// nothing.
#[derive(Default)]
pub struct CodeTables {
    pub code_count: usize,
    pub definition_count: usize,
    pub exact_count: usize,
    pub prefix_count: usize,
    /// `Code` variants: doc comment, `#[deprecated]` when every definition
    /// of the code is deprecated, then `    Variant,`.
    pub variants: String,
    /// `    CodeEntry { code, known, first, count },`, sorted by code.
    pub entries: String,
    /// `    Definition { … },` over 15 lines, grouped by code.
    pub definitions: String,
    /// `    ("text", code index),`, sorted by text, first in spec order kept.
    pub exact: String,
    /// `    ("prefix", code index),`, in spec order.
    pub prefix: String,
    /// `            Code::Variant => Some(index),`, one per code.
    pub index_arms: String,
    /// `DEF_0, DEF_1, ...`: the rows of `DEFINITIONS`, ten a line, indented.
    pub definition_names: String,
}

pub struct FieldView {
    pub name: String,
    pub wire: String,
    pub ty: &'static str,
    pub reader: &'static str,
    /// The field's value (bound as `value: &T`) as an argument of `Value::from`.
    pub to_json: &'static str,
    pub doc: String,
}

pub struct EnvelopeView {
    pub code: String,
    pub no_code: String,
    pub message: String,
    pub details: String,
    pub request_id: String,
    pub status: String,
    pub field: String,
    pub context: String,
    pub retry_after: String,
    pub retry_delay: String,
    pub domain: String,
    pub metadata: String,
    /// `Some(Items { … })` or `None`.
    pub items: String,
    /// `Selection { … }` literals.
    pub selections: Vec<String>,
    pub success_flag: String,
    pub timestamp: String,
    pub request_id_headers: String,
    pub retry_after_header: String,
    pub retry_after_ms_header: String,
    pub retry_at_header: String,
    pub should_retry_header: String,
    /// `Some(RateLimitHeaders { … })` or `None`.
    pub rate_limit: String,
    pub content_types: String,
    pub default_retry: String,
}

impl CrateView {
    pub fn new(catalog: &Catalog) -> CrateView {
        let classes = catalog.classes.iter().map(class_view).collect();
        let mut statuses: Vec<(u16, String)> =
            catalog.classes.iter().flat_map(|c| c.statuses.iter().map(|s| (*s, class_variant(&c.id)))).collect();
        statuses.sort();
        statuses.dedup_by_key(|(s, _)| *s);
        let fallback = |range: StatusRange| {
            catalog
                .classes
                .iter()
                .find(|c| c.fallback == Some(range))
                .map_or_else(|| "None".to_owned(), |c| format!("Some(ErrorClass::{})", class_variant(&c.id)))
        };

        let tables = code_tables(catalog);

        let fields: Vec<FieldView> = catalog
            .fields
            .iter()
            .map(|f| {
                let (ty, reader) = match f.ty {
                    FieldType::String => ("String", "string"),
                    FieldType::Integer => ("i64", "integer"),
                    FieldType::Number => ("f64", "number"),
                    FieldType::Boolean => ("bool", "boolean"),
                };
                let mut paragraphs = vec![f.description.clone()];
                let mut wire = format!("Body member `{}`", f.name.replace('`', "'"));
                if let Some(unit) = &f.unit {
                    wire.push_str(&format!(", in {unit}"));
                }
                paragraphs.push(format!("{wire}."));
                FieldView {
                    name: field_name(&f.name),
                    wire: string_literal(&f.name),
                    ty,
                    reader,
                    to_json: if f.ty == FieldType::String { "value.clone()" } else { "*value" },
                    doc: doc_block(&paragraphs, "    ", false),
                }
            })
            .collect();
        let mut readers: Vec<&'static str> = fields.iter().map(|f| f.reader).collect();
        readers.sort_unstable();
        readers.dedup();

        let mut crate_docs =
            vec![format!("Errors of the {} API (version {}), generated from its error catalog.", catalog.api.name, catalog.api.version)];
        crate_docs.extend(catalog.api.description.clone());
        crate_docs.extend(catalog.api.docs_url.as_ref().map(|u| format!("Reference: <{u}>")));
        crate_docs.push(
            "[`ApiError::from_parts`] turns any HTTP response into an [`ApiError`]; match on its \
             [`ErrorClass`] or [`Code`], read its typed [`Context`], [`Subcodes`] and [`Item`]s and \
             its [`GrpcCode`], build messages with [`messages`], and retry with \
             [`retry_blocking`] under the catalog's [`RetryPolicy`]."
                .to_owned(),
        );

        let env = &catalog.envelope;
        let pointer = |p: &Option<String>| option_literal(p.as_deref());
        let envelope = EnvelopeView {
            code: pointer(&env.code),
            no_code: slice_literal(&env.no_code),
            message: slice_literal(&env.message),
            details: pointer(&env.details),
            request_id: pointer(&env.request_id),
            status: pointer(&env.status),
            field: pointer(&env.field),
            context: pointer(&env.context),
            retry_after: pointer(&env.retry_after),
            retry_delay: pointer(&env.retry_delay),
            domain: pointer(&env.domain),
            metadata: pointer(&env.metadata),
            items: env.items.as_ref().map_or_else(
                || "None".to_owned(),
                |i| {
                    format!(
                        "Some(Items {{ at: {}, code: {}, message: {}, field: {}, location: {} }})",
                        string_literal(&i.at),
                        pointer(&i.code),
                        slice_literal(&i.message),
                        pointer(&i.field),
                        pointer(&i.location)
                    )
                },
            ),
            selections: env
                .selections
                .iter()
                .map(|s| {
                    format!(
                        "Selection {{ name: {}, array: {}, member: {}, equals: {} }}",
                        string_literal(&s.name),
                        string_literal(&s.array),
                        string_literal(&s.member),
                        string_literal(&s.equals)
                    )
                })
                .collect(),
            success_flag: pointer(&env.success_flag),
            timestamp: pointer(&env.timestamp),
            request_id_headers: slice_literal(&env.headers.request_id),
            retry_after_header: string_literal(&env.headers.retry_after),
            retry_after_ms_header: pointer(&env.headers.retry_after_ms),
            retry_at_header: pointer(&env.headers.retry_at),
            should_retry_header: pointer(&env.headers.should_retry),
            rate_limit: env.headers.rate_limit.as_ref().map_or_else(
                || "None".to_owned(),
                |r| {
                    let kind = match r.reset_kind {
                        ResetKind::Seconds => "Seconds",
                        ResetKind::EpochSeconds => "EpochSeconds",
                    };
                    format!(
                        "Some(RateLimitHeaders {{ ietf: {}, limit: {}, remaining: {}, reset: {}, reset_kind: ResetKind::{kind} }})",
                        r.ietf,
                        pointer(&r.limit),
                        pointer(&r.remaining),
                        pointer(&r.reset)
                    )
                },
            ),
            content_types: slice_literal(&env.content_types),
            default_retry: retry_literal(&catalog.retry),
        };

        let subcodes: Vec<SubcodeView> = catalog.subcodes.iter().map(subcode_view).collect();
        let subcode_exports = if subcodes.is_empty() {
            "Subcodes".to_owned()
        } else {
            let mut names: Vec<&str> = subcodes.iter().map(|s| s.type_name.as_str()).chain(["Subcodes"]).collect();
            names.sort_unstable();
            format!("{{{}}}", names.join(", "))
        };

        let retry_helper = RetryHelperView {
            connection_errors: match catalog.retry_helper.connection_errors {
                ConnectionRetry::Never => "ConnectionErrors::Never",
                ConnectionRetry::Backoff => "ConnectionErrors::Backoff",
            },
            backoff: retry_literal(&catalog.retry),
            idempotency_header: option_literal(catalog.retry_helper.idempotency_header.as_deref()),
        };

        CrateView {
            api_id: string_literal(&catalog.api.id),
            retry_helper,
            subcodes,
            subcode_exports,
            formatters: formatters(catalog),
            notice: generated_notice(catalog),
            package_toml: toml_string(&catalog.packages.rust),
            version_toml: toml_string(&cargo_version(&catalog.package_info.versions.rust)),
            metadata_toml: metadata_toml(catalog),
            rust_version_toml: toml_string(RUST_VERSION),
            description_toml: toml_string(&format!("Typed errors of the {} API, generated from its error catalog.", catalog.api.name)),
            crate_docs: doc_block(&crate_docs, "", true),
            classes,
            statuses,
            fallback_4xx: fallback(StatusRange::Client),
            fallback_5xx: fallback(StatusRange::Server),
            tables,
            fields,
            readers,
            envelope,
        }
    }
}

fn class_view(class: &crate::resolve::Class) -> ClassView {
    let statuses: Vec<String> = class.statuses.iter().map(u16::to_string).collect();
    let mut heading = class.title.clone();
    if !statuses.is_empty() {
        heading.push_str(&format!(" (HTTP {})", statuses.join(", ")));
    }
    let mut paragraphs = vec![heading, class.description.clone()];
    if !class.causes.is_empty() {
        paragraphs.push(format!("Causes:\n{}", bullets(&class.causes)));
    }
    if !class.solutions.is_empty() {
        paragraphs.push(format!("Solutions:\n{}", bullets(&class.solutions)));
    }
    ClassView {
        variant: class_variant(&class.id),
        doc: doc_block(&paragraphs, "    ", false),
        id: string_literal(&class.id),
        title: string_literal(&class.title),
        description: string_literal(&class.description),
        statuses: format!("&[{}]", statuses.join(", ")),
        causes: slice_literal(&class.causes),
        solutions: slice_literal(&class.solutions),
        fields: slice_literal(&class.fields),
        retry: retry_literal(&class.retry),
        grpc: class.grpc.map_or_else(|| "None".to_owned(), |g| format!("Some(GrpcCode::{})", grpc_variant(g))),
        when: class
            .when
            .iter()
            .map(|w| {
                let (header, body) = match &w.source {
                    ConditionSource::Header(h) => (Some(h.as_str()), None),
                    ConditionSource::Body(b) => (None, Some(b.as_str())),
                };
                let statuses: Vec<String> = w.status.iter().map(u16::to_string).collect();
                format!(
                    "Condition {{ statuses: &[{}], header: {}, body: {}, equals: {} }}",
                    statuses.join(", "),
                    option_literal(header),
                    option_literal(body),
                    string_literal(&w.equals)
                )
            })
            .collect(),
    }
}

fn subcode_view(subcode: &crate::resolve::Subcode) -> SubcodeView {
    let type_name = subcode_type(&subcode.name);
    let location = format!("Read from `{}` in the body.", subcode.at.replace('`', "'"));
    SubcodeView {
        accessor: subcode_accessor(&subcode.name),
        name: string_literal(&subcode.name),
        at: string_literal(&subcode.at),
        doc: doc_block(
            &[
                format!("`{}`: {}", subcode.name, subcode.description),
                location.clone(),
                format!("A value this crate does not list is kept verbatim as [`{type_name}::Unknown`]."),
            ],
            "",
            false,
        ),
        field_doc: doc_block(&[subcode.description.clone(), location.clone()], "    ", false),
        accessor_doc: doc_block(&[format!("The `{}` sub-code: {}", subcode.name, subcode.description), location], "    ", false),
        values: subcode
            .values
            .iter()
            .map(|v| SubcodeValueView {
                variant: subcode_variant(&v.value),
                wire: string_literal(&v.value),
                description: string_literal(&v.description),
                doc: doc_block(&[format!("`{}`: {}", v.value, v.description)], "    ", false),
            })
            .collect(),
        type_name,
    }
}

/// A formatter per code whose first templated definition has parameters.
fn formatters(catalog: &Catalog) -> Vec<FormatterView> {
    catalog
        .codes
        .iter()
        .filter_map(|code| {
            let def = catalog.definitions(code).find(|d| !d.params.is_empty())?;
            let mut params = Vec::new();
            let mut unused = Vec::new();
            let mut paragraphs = vec![format!("The message of `{}` (HTTP {}): {}", code.code, def.status, def.message)];
            let mut args = Vec::new();
            for param in &def.params {
                let ident = field_name(param);
                let ty = match catalog.field(param).map(|f| f.ty) {
                    Some(FieldType::Integer) => "i64",
                    Some(FieldType::Boolean) => "bool",
                    Some(FieldType::Number) => "f64",
                    _ => "&str",
                };
                if !def.message.contains(&format!("<{param}>")) {
                    unused.push(ident.clone());
                }
                let description = catalog.field(param).map_or("", |f| f.description.as_str());
                args.push(format!("- `{ident}`: {description}"));
                params.push((param.as_str(), ident, ty));
            }
            paragraphs.push(args.join("\n"));
            Some(FormatterView {
                name: formatter_name(&code.name),
                doc: doc_block(&paragraphs, "", false),
                params: params.iter().map(|(_, ident, ty)| format!("{ident}: {ty}")).collect::<Vec<_>>().join(", "),
                unused,
                body: template_body(&def.message, &params),
            })
        })
        .collect()
}

/// `["Model ", model, " is not available in ", region, "."].concat()`: the
/// template's text between `<param>`s, and each parameter as text.
fn template_body(message: &str, params: &[(&str, String, &str)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rest = message;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let param = after.find('>').and_then(|close| params.iter().find(|p| p.0 == &after[..close]).map(|p| (close, p)));
        match param {
            Some((close, (_, ident, ty))) => {
                text.push_str(&rest[..open]);
                if !text.is_empty() {
                    parts.push(string_literal(&text));
                    text.clear();
                }
                parts.push(if *ty == "&str" { ident.clone() } else { format!("&{ident}.to_string()") });
                rest = &after[close + 1..];
            }
            None => {
                text.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(string_literal(&text));
    }
    if parts.is_empty() { "String::new()".to_owned() } else { format!("[{}].concat()", parts.join(", ")) }
}

/// Markdown bullets; continuation lines indented so a list item stays one.
fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {}", i.replace('\n', "\n  "))).collect::<Vec<_>>().join("\n")
}

/// Prints every per-code table of `codes.rs`. Each distinct retry policy and
/// class variant is printed once and reused, since thousands of definitions
/// share a handful of them.
fn code_tables(catalog: &Catalog) -> CodeTables {
    let mut t = CodeTables { code_count: catalog.codes.len(), ..CodeTables::default() };
    // Sizes seen in practice, so the strings rarely grow.
    let definitions = catalog.errors().count();
    t.variants.reserve(catalog.codes.len() * 400);
    t.entries.reserve(catalog.codes.len() * 120);
    t.definitions.reserve(definitions * 900);
    t.index_arms.reserve(catalog.codes.len() * 60);

    let class_variants: HashMap<&str, String> = catalog.classes.iter().map(|c| (c.id.as_str(), class_variant(&c.id))).collect();
    let mut retry_literals: Vec<(&RetryPolicy, String)> = Vec::new();
    let mut code_index: HashMap<&str, usize> = HashMap::with_capacity(catalog.codes.len());
    // The doc comment's text before it becomes `///` lines; reused per code.
    let mut doc = String::new();
    let full_docs = catalog.full_code_docs();

    for (index, code) in catalog.codes.iter().enumerate() {
        code_index.insert(&code.code, index);
        let variant = code_variant(&code.name);
        let first = t.definition_count;
        let mut count = 0;

        doc.clear();
        let mut all_deprecated = true;
        for def in catalog.definitions(code) {
            // `write!` costs more than the copies themselves here.
            if count == 0 {
                doc.extend(["`", &code.code, "`: ", &def.message]);
            }
            doc.push_str("\n\nHTTP ");
            push_number(&mut doc, def.status.into());
            doc.extend([" in domain `", &def.domain, "` (class `", &def.class, "`)"]);
            // `summary` docs stop at the message above (`packages.code_docs`).
            if full_docs {
                doc.extend([": ", &def.description]);
                if let Some(remedy) = &def.remedy {
                    doc.push_str("\n\nRemedy: ");
                    doc.push_str(remedy);
                }
            } else {
                doc.push('.');
            }
            if let Some(dep) = &def.deprecated {
                doc.push_str("\n\n");
                push_deprecation_text(&mut doc, dep);
            }
            all_deprecated &= def.deprecated.is_some();
            count += 1;

            let unlisted;
            let class = match class_variants.get(def.class.as_str()) {
                Some(class) => class.as_str(),
                None => {
                    unlisted = class_variant(&def.class);
                    &unlisted
                }
            };
            let retry = match retry_literals.iter().find(|(p, _)| **p == def.retry) {
                Some((_, literal)) => literal,
                None => {
                    retry_literals.push((&def.retry, retry_literal(&def.retry)));
                    &retry_literals.last().expect("just pushed").1
                }
            };
            push_definition(&mut t.definitions, t.definition_count + count - 1, def, class, retry);
        }
        t.definition_count += count;

        push_doc_text(&mut t.variants, &doc, "    ", false);
        if all_deprecated && count > 0 {
            let dep = catalog.definitions(code).next().and_then(|d| d.deprecated.as_ref()).expect("checked");
            let mut text = String::new();
            push_deprecation_text(&mut text, dep);
            t.variants.push_str("    #[deprecated = ");
            push_string_literal(&mut t.variants, &text);
            t.variants.push_str("]\n");
        }
        t.variants.extend(["    ", &variant, ",\n"]);

        t.entries.push_str("    CodeEntry { code: ");
        push_string_literal(&mut t.entries, &code.code);
        t.entries.extend([", known: Code::", &variant, ", first: "]);
        push_number(&mut t.entries, first);
        t.entries.push_str(", count: ");
        push_number(&mut t.entries, count);
        t.entries.push_str(" },\n");

        t.index_arms.extend(["            Code::", &variant, " => Some("]);
        push_number(&mut t.index_arms, index);
        t.index_arms.push_str("),\n");
    }

    for index in 0..t.definition_count {
        t.definition_names.push_str(if index % 10 == 0 { "    " } else { " " });
        t.definition_names.push_str("DEF_");
        push_number(&mut t.definition_names, index);
        t.definition_names.push(',');
        if index % 10 == 9 || index + 1 == t.definition_count {
            t.definition_names.push('\n');
        }
    }

    let mut exact: Vec<(&str, usize)> = Vec::new();
    for error in catalog.errors() {
        let index = code_index[error.code.as_str()];
        exact.extend(error.matches.exact.iter().map(|m| (m.as_str(), index)));
        for m in &error.matches.prefix {
            push_match_row(&mut t.prefix, m, index);
            t.prefix_count += 1;
        }
    }
    // A stable sort keeps spec order among equal texts; the first wins.
    exact.sort_by(|a, b| a.0.cmp(b.0));
    exact.dedup_by(|later, first| later.0 == first.0);
    for (text, index) in &exact {
        push_match_row(&mut t.exact, text, *index);
    }
    t.exact_count = exact.len();
    t
}

/// `    ("text", index),` and a newline.
fn push_match_row(out: &mut String, text: &str, index: usize) {
    out.push_str("    (");
    push_string_literal(out, text);
    out.push_str(", ");
    push_number(out, index);
    out.push_str("),\n");
}

/// `n` in decimal, as `{n}` prints it, without the formatting machinery.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).expect("ASCII digits"));
}

fn push_deprecation_text(out: &mut String, dep: &crate::resolve::Deprecation) {
    write!(out, "Deprecated since {}.", dep.since).expect("writing to a String cannot fail");
    if let Some(replacement) = &dep.replacement {
        write!(out, " Use `{replacement}` instead.").expect("writing to a String cannot fail");
    }
    if let Some(note) = &dep.note {
        out.push(' ');
        out.push_str(note);
    }
}

/// One `Definition { … },` row of `DEFINITIONS`.
/// `const DEF_<index>: Definition = Definition { ... };`, one field a line
/// (under `#[rustfmt::skip]`: the retry policy stays on one line).
fn push_definition(out: &mut String, index: usize, e: &Error, class: &str, retry: &str) {
    out.push_str("#[rustfmt::skip]\nconst DEF_");
    push_number(out, index);
    out.push_str(": Definition = Definition {\n    code: ");
    push_string_literal(out, &e.code);
    out.push_str(",\n    status: ");
    push_number(out, e.status.into());
    out.push_str(",\n    domain: ");
    push_string_literal(out, &e.domain);
    out.push_str(",\n    class: ErrorClass::");
    out.push_str(class);
    out.push_str(",\n    message: ");
    push_string_literal(out, &e.message);
    out.push_str(",\n    params: ");
    push_slice_literal(out, &e.params);
    out.push_str(",\n    grpc: GrpcCode::");
    out.push_str(&grpc_variant(e.grpc));
    out.push_str(",\n    description: ");
    push_string_literal(out, &e.description);
    out.push_str(",\n    remedy: ");
    push_option_literal(out, e.remedy.as_deref());
    out.push_str(",\n    field: ");
    push_option_literal(out, e.field.as_deref());
    out.push_str(",\n    fields: ");
    push_slice_literal(out, &e.fields);
    out.push_str(",\n    retry: ");
    out.push_str(retry);
    out.push_str(",\n    since: ");
    push_option_literal(out, e.since.as_deref());
    out.push_str(",\n    deprecated: ");
    match &e.deprecated {
        Some(d) => {
            out.push_str("Some(Deprecation { since: ");
            push_string_literal(out, &d.since);
            out.push_str(", replacement: ");
            push_option_literal(out, d.replacement.as_deref());
            out.push_str(", note: ");
            push_option_literal(out, d.note.as_deref());
            out.push_str(" })");
        }
        None => out.push_str("None"),
    }
    out.push_str(",\n    docs_url: ");
    push_option_literal(out, e.docs_url.as_deref());
    out.push_str(",\n};\n");
}

fn retry_literal(p: &RetryPolicy) -> String {
    let mode = match p.policy {
        RetryMode::Never => "Never",
        RetryMode::Backoff => "Backoff",
        RetryMode::RetryAfter => "RetryAfter",
    };
    let longer_wait = match p.longer_wait {
        LongerWait::GiveUp => "GiveUp",
        LongerWait::Clamp => "Clamp",
    };
    format!(
        "RetryPolicy {{ mode: RetryMode::{mode}, max_attempts: {}, initial_delay_ms: {}, max_delay_ms: {}, max_retry_after_ms: {}, longer_wait: LongerWait::{longer_wait} }}",
        p.max_attempts, p.initial_delay_ms, p.max_delay_ms, p.max_retry_after_ms
    )
}

/// The crate's `rust-version`. No older toolchain can be installed where the
/// tests run, so it is held by clippy's `incompatible_msrv` lint (run with
/// `-D warnings` on every generated crate and its tests), which rejects any
/// standard-library API newer than this; the runtime needs none newer than
/// 1.63 today. Language features stay within edition 2021 as of 1.70
/// (let-else, inline format arguments).
pub const RUST_VERSION: &str = "1.70";

/// `[packages]` as Cargo.toml lines, in Cargo's documented order.
fn metadata_toml(catalog: &Catalog) -> Vec<String> {
    let info = &catalog.package_info;
    let list = |items: Vec<String>| format!("[{}]", items.iter().map(|i| toml_string(i)).collect::<Vec<_>>().join(", "));
    let mut lines = Vec::new();
    if !info.authors.is_empty() {
        lines.push(format!("authors = {}", list(info.authors.iter().map(|a| a.line()).collect())));
    }
    for (key, value) in [("license", &info.license), ("repository", &info.repository), ("homepage", &info.homepage)] {
        if let Some(value) = value {
            lines.push(format!("{key} = {}", toml_string(value)));
        }
    }
    if !info.keywords.is_empty() {
        lines.push(format!("keywords = {}", list(info.keywords.clone())));
    }
    lines
}

/// A TOML basic string. JSON's escapes are all valid TOML escapes.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings always serialise")
}

/// The API version if Cargo accepts it (`MAJOR.MINOR.PATCH`, optionally with
/// a pre-release or build suffix), else `0.0.0`.
fn cargo_version(version: &str) -> String {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0'));
    let suffix_ok = version[core.len()..].chars().all(|c| c.is_ascii_alphanumeric() || "-+.".contains(c));
    if parts.len() == 3 && parts.iter().all(numeric) && suffix_ok { version.to_owned() } else { "0.0.0".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(cargo_version("1.0.0"), "1.0.0");
        assert_eq!(cargo_version("2.1.0-beta.1"), "2.1.0-beta.1");
        assert_eq!(cargo_version("v1"), "0.0.0");
        assert_eq!(cargo_version("1.0"), "0.0.0");
        assert_eq!(cargo_version("01.0.0"), "0.0.0");
    }

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 429, 65535, usize::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
    }
}
