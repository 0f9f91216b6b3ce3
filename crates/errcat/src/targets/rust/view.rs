//! The catalog as the Rust templates see it: every identifier, literal and
//! doc comment already computed, so templates only loop and interpolate.

use std::collections::BTreeMap;

use super::names::{class_variant, code_variant, doc_block, field_name, option_literal, slice_literal, string_literal};
use crate::artifacts::generated_notice;
use crate::model::{FieldType, RetryMode, StatusRange};
use crate::resolve::{Catalog, Error, RetryPolicy};

pub struct CrateView {
    pub notice: String,
    /// Cargo package name, as a TOML string.
    pub package_toml: String,
    pub version_toml: String,
    pub description_toml: String,
    /// `//!` lines of the crate documentation.
    pub crate_docs: String,
    pub classes: Vec<ClassView>,
    /// `(status, ErrorClass variant)`, sorted by status.
    pub statuses: Vec<(u16, String)>,
    /// `Some(ErrorClass::X)` or `None`.
    pub fallback_4xx: String,
    pub fallback_5xx: String,
    pub codes: Vec<CodeView>,
    pub definitions: Vec<DefinitionView>,
    /// `(literal, index into codes)`, sorted by text, first in spec order kept.
    pub exact: Vec<(String, usize)>,
    /// `(literal, index into codes)`, in spec order.
    pub prefix: Vec<(String, usize)>,
    pub fields: Vec<FieldView>,
    /// The JSON readers `context.rs` needs, e.g. `integer`.
    pub readers: Vec<&'static str>,
    pub envelope: EnvelopeView,
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
}

pub struct CodeView {
    pub variant: String,
    pub doc: String,
    /// `#[deprecated = "…"]` when every definition of the code is deprecated.
    pub deprecated: Option<String>,
    pub code: String,
    pub first: usize,
    pub count: usize,
}

pub struct DefinitionView {
    pub code: String,
    pub status: u16,
    pub domain: String,
    pub class: String,
    pub message: String,
    pub description: String,
    pub remedy: String,
    pub field: String,
    pub fields: String,
    pub retry: String,
    pub since: String,
    pub deprecated: String,
    pub docs_url: String,
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
    pub message: String,
    pub details: String,
    pub request_id: String,
    pub status: String,
    pub field: String,
    pub context: String,
    pub retry_after: String,
    pub success_flag: String,
    pub timestamp: String,
    pub request_id_headers: String,
    pub retry_after_header: String,
    pub retry_after_ms_header: String,
    pub should_retry_header: String,
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

        let mut codes = Vec::new();
        let mut definitions = Vec::new();
        let mut code_index: BTreeMap<&str, usize> = BTreeMap::new();
        for code in &catalog.codes {
            let defs: Vec<&Error> = catalog.definitions(code).collect();
            code_index.insert(&code.code, codes.len());
            codes.push(code_view(&code.code, &defs, definitions.len()));
            definitions.extend(defs.iter().map(|e| definition_view(e)));
        }

        let mut exact: Vec<(String, usize)> = Vec::new();
        let mut prefix = Vec::new();
        for error in catalog.errors() {
            let index = code_index[error.code.as_str()];
            exact.extend(error.matches.exact.iter().map(|m| (m.clone(), index)));
            prefix.extend(error.matches.prefix.iter().map(|m| (string_literal(m), index)));
        }
        // A stable sort keeps spec order among equal texts; the first wins.
        exact.sort_by(|a, b| a.0.cmp(&b.0));
        exact.dedup_by(|later, first| later.0 == first.0);
        let exact = exact.into_iter().map(|(text, index)| (string_literal(&text), index)).collect();

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
             [`ErrorClass`] or [`Code`], read its typed [`Context`], and retry with \
             [`retry_blocking`] under the catalog's [`RetryPolicy`]."
                .to_owned(),
        );

        let env = &catalog.envelope;
        let pointer = |p: &Option<String>| option_literal(p.as_deref());
        let envelope = EnvelopeView {
            code: pointer(&env.code),
            message: slice_literal(&env.message),
            details: pointer(&env.details),
            request_id: pointer(&env.request_id),
            status: pointer(&env.status),
            field: pointer(&env.field),
            context: pointer(&env.context),
            retry_after: pointer(&env.retry_after),
            success_flag: pointer(&env.success_flag),
            timestamp: pointer(&env.timestamp),
            request_id_headers: slice_literal(&env.headers.request_id),
            retry_after_header: string_literal(&env.headers.retry_after),
            retry_after_ms_header: pointer(&env.headers.retry_after_ms),
            should_retry_header: pointer(&env.headers.should_retry),
            content_types: slice_literal(&env.content_types),
            default_retry: retry_literal(&catalog.retry),
        };

        CrateView {
            notice: generated_notice(catalog),
            package_toml: toml_string(&catalog.packages.rust),
            version_toml: toml_string(&cargo_version(&catalog.api.version)),
            description_toml: toml_string(&format!("Typed errors of the {} API, generated from its error catalog.", catalog.api.name)),
            crate_docs: doc_block(&crate_docs, "", true),
            classes,
            statuses,
            fallback_4xx: fallback(StatusRange::Client),
            fallback_5xx: fallback(StatusRange::Server),
            codes,
            definitions,
            exact,
            prefix,
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
    }
}

/// Markdown bullets; continuation lines indented so a list item stays one.
fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {}", i.replace('\n', "\n  "))).collect::<Vec<_>>().join("\n")
}

fn code_view(code: &str, defs: &[&Error], first: usize) -> CodeView {
    let mut paragraphs = Vec::new();
    if let Some(def) = defs.first() {
        paragraphs.push(format!("`{code}`: {}", def.message));
    }
    for def in defs {
        paragraphs.push(format!("HTTP {} in domain `{}` (class `{}`): {}", def.status, def.domain, def.class, def.description));
        if let Some(remedy) = &def.remedy {
            paragraphs.push(format!("Remedy: {remedy}"));
        }
        if let Some(dep) = &def.deprecated {
            paragraphs.push(deprecation_text(dep));
        }
    }
    let all_deprecated = !defs.is_empty() && defs.iter().all(|d| d.deprecated.is_some());
    let deprecated = all_deprecated
        .then(|| format!("#[deprecated = {}]", string_literal(&deprecation_text(defs[0].deprecated.as_ref().expect("checked")))));
    CodeView {
        variant: code_variant(code),
        doc: doc_block(&paragraphs, "    ", false),
        deprecated,
        code: string_literal(code),
        first,
        count: defs.len(),
    }
}

fn deprecation_text(dep: &crate::resolve::Deprecation) -> String {
    let mut text = format!("Deprecated since {}.", dep.since);
    if let Some(replacement) = &dep.replacement {
        text.push_str(&format!(" Use `{replacement}` instead."));
    }
    if let Some(note) = &dep.note {
        text.push(' ');
        text.push_str(note);
    }
    text
}

fn definition_view(e: &Error) -> DefinitionView {
    DefinitionView {
        code: string_literal(&e.code),
        status: e.status,
        domain: string_literal(&e.domain),
        class: class_variant(&e.class),
        message: string_literal(&e.message),
        description: string_literal(&e.description),
        remedy: option_literal(e.remedy.as_deref()),
        field: option_literal(e.field.as_deref()),
        fields: slice_literal(&e.fields),
        retry: retry_literal(&e.retry),
        since: option_literal(e.since.as_deref()),
        deprecated: e.deprecated.as_ref().map_or_else(
            || "None".to_owned(),
            |d| {
                format!(
                    "Some(Deprecation {{ since: {}, replacement: {}, note: {} }})",
                    string_literal(&d.since),
                    option_literal(d.replacement.as_deref()),
                    option_literal(d.note.as_deref())
                )
            },
        ),
        docs_url: option_literal(e.docs_url.as_deref()),
    }
}

fn retry_literal(p: &RetryPolicy) -> String {
    let mode = match p.policy {
        RetryMode::Never => "Never",
        RetryMode::Backoff => "Backoff",
        RetryMode::RetryAfter => "RetryAfter",
    };
    format!(
        "RetryPolicy {{ mode: RetryMode::{mode}, max_attempts: {}, initial_delay_ms: {}, max_delay_ms: {}, max_retry_after_ms: {} }}",
        p.max_attempts, p.initial_delay_ms, p.max_delay_ms, p.max_retry_after_ms
    )
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
    fn toml_strings() {
        assert_eq!(toml_string("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
    }
}
