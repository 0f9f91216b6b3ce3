//! The Catalog seen from Python: every name, literal and docstring the
//! templates print, computed here through [`names`].

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;

use super::names::{self, docstring, opt_string, string};
use crate::artifacts::generated_notice;
use crate::model::{FieldType, RetryMode};
use crate::resolve::{Catalog, Error as SpecError, RetryPolicy};

/// `_catalog.py`: the spec's data.
#[derive(Template)]
#[template(path = "python/_catalog.py", escape = "none")]
pub struct Package {
    pub notice: String,
    pub summary: String,
    pub api_id: String,
    pub api_version: String,
    pub code_doc: String,
    pub codes: Vec<CodeMember>,
    pub context_doc: String,
    pub fields: Vec<Field>,
    /// `as_int, as_str`: the `_json` helpers the context fields need.
    pub extractors: String,
    pub policies: Vec<Policy>,
    pub default_policy: String,
    pub envelope: Vec<String>,
    pub classes: Vec<Class>,
    pub by_status: Vec<(u16, String)>,
    pub fallbacks: Vec<(u16, String)>,
    pub definitions: Vec<CodeDefinitions>,
    pub exact: Vec<(String, String)>,
    pub prefix: Vec<(String, String)>,
}

pub struct CodeMember {
    /// `    INVALID_API_KEY = "INVALID_API_KEY"`, laid out as ruff would.
    pub assignment: String,
    pub doc: String,
}

pub struct Field {
    pub attr: String,
    pub wire: String,
    pub ty: &'static str,
    pub extractor: &'static str,
    pub doc: String,
}

pub struct Policy {
    pub name: String,
    pub mode: String,
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
}

pub struct Class {
    pub name: String,
    pub key: String,
    pub title: String,
    pub statuses: String,
    pub retry: String,
    pub doc: String,
}

pub struct CodeDefinitions {
    pub key: String,
    /// Per definition, its keyword arguments (`status=403`), rendered.
    pub defs: Vec<Vec<String>>,
}

/// `_classes.py`
#[derive(Template)]
#[template(path = "python/_classes.py", escape = "none")]
pub struct Classes<'a> {
    pub notice: String,
    pub classes: &'a [Class],
}

/// `__init__.py`
#[derive(Template)]
#[template(path = "python/__init__.py", escape = "none")]
pub struct Init<'a> {
    pub notice: String,
    pub doc: String,
    pub classes: Vec<&'a Class>,
    pub all: Vec<String>,
}

/// `pyproject.toml`
#[derive(Template)]
#[template(path = "python/pyproject.toml", escape = "none")]
pub struct Pyproject {
    pub notice: String,
    pub project: String,
    pub version: String,
    pub description: String,
    pub package: String,
}

/// The runtime modules: the same for every spec but for the notice.
#[derive(Template)]
#[template(path = "python/_errors.py", escape = "none")]
pub struct Errors {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_json.py", escape = "none")]
pub struct Json {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_parse.py", escape = "none")]
pub struct Parse {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_retry.py", escape = "none")]
pub struct Retry {
    pub notice: String,
}

fn mode(policy: RetryMode) -> &'static str {
    match policy {
        RetryMode::Never => "never",
        RetryMode::Backoff => "backoff",
        RetryMode::RetryAfter => "retry_after",
    }
}

/// Retry policies are few and shared: each distinct one becomes a named
/// constant (`_RETRY_1`), in order of first use.
#[derive(Default)]
struct Policies {
    seen: Vec<RetryPolicy>,
}

impl Policies {
    fn name(&mut self, policy: &RetryPolicy) -> String {
        let index = match self.seen.iter().position(|p| p == policy) {
            Some(i) => i,
            None => {
                self.seen.push(policy.clone());
                self.seen.len() - 1
            }
        };
        format!("_RETRY_{}", index + 1)
    }

    fn views(&self) -> Vec<Policy> {
        self.seen
            .iter()
            .enumerate()
            .map(|(i, p)| Policy {
                name: format!("_RETRY_{}", i + 1),
                mode: string(mode(p.policy)),
                max_attempts: p.max_attempts,
                initial_delay_ms: p.initial_delay_ms,
                max_delay_ms: p.max_delay_ms,
                max_retry_after_ms: p.max_retry_after_ms,
            })
            .collect()
    }
}

fn status_list(statuses: &[u16]) -> String {
    statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

fn class_doc(class: &crate::resolve::Class) -> String {
    let mut paragraphs = vec![class.description.clone(), format!("Title: {}.", class.title)];
    let mut statuses = String::new();
    if !class.statuses.is_empty() {
        statuses = format!("HTTP statuses: {}.", status_list(&class.statuses));
    }
    if let Some(range) = class.fallback {
        let range = match range {
            crate::model::StatusRange::Client => "4xx",
            crate::model::StatusRange::Server => "5xx",
        };
        statuses.push_str(&format!(" Also every other {range} status."));
    }
    paragraphs.push(statuses);
    if !class.causes.is_empty() {
        paragraphs.push(format!("Causes:\n{}", bullets(&class.causes)));
    }
    if !class.solutions.is_empty() {
        paragraphs.push(format!("Solutions:\n{}", bullets(&class.solutions)));
    }
    paragraphs.push(format!("Retry: {}, at most {} attempts.", mode(class.retry.policy), class.retry.max_attempts));
    docstring(&paragraphs, 4)
}

fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")
}

fn code_doc(catalog: &Catalog, defs: &[&SpecError]) -> String {
    let mut paragraphs = vec![defs[0].description.clone()];
    for def in defs {
        let class = names::class_name(&def.class);
        let mut line = format!("HTTP {} ({class}, domain {}): {}", def.status, def.domain, def.message);
        if defs.len() > 1 && def.description != def.message {
            line.push_str(&format!("\n{}", def.description));
        }
        paragraphs.push(line);
        if let Some(remedy) = &def.remedy {
            paragraphs.push(format!("Remedy: {remedy}"));
        }
        if let Some(field) = &def.field {
            paragraphs.push(format!("Request field: {field}."));
        }
        if let Some(since) = &def.since {
            paragraphs.push(format!("Since {since}."));
        }
        if let Some(dep) = &def.deprecated {
            let mut text = format!("Deprecated since {}.", dep.since);
            if let Some(replacement) = &dep.replacement {
                text.push_str(&format!(" Use {replacement} instead."));
            }
            if let Some(note) = &dep.note {
                text.push_str(&format!(" {note}"));
            }
            paragraphs.push(text);
        }
        if let Some(url) = def.docs_url.as_ref().or(catalog.api.docs_url.as_ref()) {
            paragraphs.push(format!("Docs: {url}"));
        }
    }
    paragraphs.dedup();
    docstring(&paragraphs, 4)
}

fn definition_args(def: &SpecError, policies: &mut Policies) -> Vec<String> {
    let indent = 12;
    let mut args = vec![
        format!("code={}", string(&def.code)),
        format!("domain={}", string(&def.domain)),
        format!("status={}", def.status),
        format!("class_id={}", string(&def.class)),
        format!("message={}", string(&def.message)),
        format!("description={}", string(&def.description)),
        format!("retry={}", policies.name(&def.retry)),
    ];
    if let Some(remedy) = &def.remedy {
        args.push(format!("remedy={}", string(remedy)));
    }
    if let Some(field) = &def.field {
        args.push(format!("field={}", string(field)));
    }
    if !def.fields.is_empty() {
        let items: Vec<String> = def.fields.iter().map(|f| string(f)).collect();
        args.push(format!("fields={}", names::tuple(&items, indent, "fields=", ",")));
    }
    if let Some(since) = &def.since {
        args.push(format!("since={}", string(since)));
    }
    if let Some(dep) = &def.deprecated {
        let pad = " ".repeat(indent + 4);
        let mut text = format!("deprecated=Deprecation(\n{pad}since={},\n", string(&dep.since));
        if let Some(replacement) = &dep.replacement {
            text.push_str(&format!("{pad}replacement={},\n", string(replacement)));
        }
        if let Some(note) = &dep.note {
            text.push_str(&format!("{pad}note={},\n", string(note)));
        }
        text.push_str(&format!("{})", " ".repeat(indent)));
        args.push(text);
    }
    if let Some(url) = &def.docs_url {
        args.push(format!("docs_url={}", string(url)));
    }
    args
}

fn envelope_args(catalog: &Catalog) -> Vec<String> {
    let env = &catalog.envelope;
    let opt = |key: &str, value: &Option<String>| format!("{key}={}", opt_string(value.as_deref()));
    let many = |key: &str, values: &[String]| {
        let items: Vec<String> = values.iter().map(|v| string(v)).collect();
        format!("{key}={}", names::tuple(&items, 4, &format!("{key}="), ","))
    };
    vec![
        opt("code", &env.code),
        many("message", &env.message),
        opt("details", &env.details),
        opt("request_id", &env.request_id),
        opt("field", &env.field),
        opt("context", &env.context),
        opt("retry_after", &env.retry_after),
        many("request_id_headers", &env.headers.request_id),
        format!("retry_after_header={}", string(&env.headers.retry_after)),
        opt("retry_after_ms_header", &env.headers.retry_after_ms),
        opt("should_retry_header", &env.headers.should_retry),
    ]
}

impl Package {
    pub fn new(catalog: &Catalog) -> Self {
        let mut policies = Policies::default();
        // Rule 9: no definition and no class means `never` with the
        // spec's `[retry]` parameters.
        let default_policy = policies.name(&RetryPolicy { policy: RetryMode::Never, ..catalog.retry.clone() });

        let classes: Vec<Class> = catalog
            .classes
            .iter()
            .map(|c| {
                let statuses: Vec<String> = c.statuses.iter().map(u16::to_string).collect();
                Class {
                    name: names::class_name(&c.id),
                    key: string(&c.id),
                    title: string(&c.title),
                    statuses: names::tuple(&statuses, 8, "statuses=", ","),
                    retry: policies.name(&c.retry),
                    doc: class_doc(c),
                }
            })
            .collect();

        let mut codes = Vec::new();
        let mut definitions = Vec::new();
        for code in &catalog.codes {
            let defs: Vec<&SpecError> = catalog.definitions(code).collect();
            codes.push(CodeMember {
                assignment: names::assignment(4, &names::code_member(&code.code), &string(&code.code)),
                doc: code_doc(catalog, &defs),
            });
            definitions
                .push(CodeDefinitions { key: string(&code.code), defs: defs.iter().map(|d| definition_args(d, &mut policies)).collect() });
        }

        let mut extractors = BTreeSet::new();
        let fields: Vec<Field> = catalog
            .fields
            .iter()
            .map(|f| {
                let (ty, extractor) = match f.ty {
                    FieldType::String => ("str", "as_str"),
                    FieldType::Integer => ("int", "as_int"),
                    FieldType::Number => ("float", "as_float"),
                    FieldType::Boolean => ("bool", "as_bool"),
                };
                extractors.insert(extractor);
                let attr = names::field_attr(&f.name);
                let mut paragraphs = vec![f.description.clone()];
                if let Some(unit) = &f.unit {
                    paragraphs.push(format!("Unit: {unit}."));
                }
                if attr != f.name {
                    paragraphs.push(format!("On the wire: {}.", f.name));
                }
                Field { wire: string(&f.name), attr, ty, extractor, doc: docstring(&paragraphs, 4) }
            })
            .collect();

        let mut by_status = Vec::new();
        for class in &catalog.classes {
            for status in &class.statuses {
                by_status.push((*status, string(&class.id)));
            }
        }
        by_status.sort();
        by_status.dedup_by_key(|(s, _)| *s);
        let mut fallbacks = Vec::new();
        for (range, hundreds) in [(crate::model::StatusRange::Client, 4), (crate::model::StatusRange::Server, 5)] {
            if let Some(class) = catalog.classes.iter().find(|c| c.fallback == Some(range)) {
                fallbacks.push((hundreds, string(&class.id)));
            }
        }

        // First in spec order wins, for exact texts and prefixes alike.
        let mut exact_seen: BTreeMap<&str, ()> = BTreeMap::new();
        let mut prefix_seen: BTreeMap<&str, ()> = BTreeMap::new();
        let (mut exact, mut prefix) = (Vec::new(), Vec::new());
        for error in catalog.errors() {
            for text in &error.matches.exact {
                if exact_seen.insert(text, ()).is_none() {
                    exact.push((string(text), string(&error.code)));
                }
            }
            for text in &error.matches.prefix {
                if prefix_seen.insert(text, ()).is_none() {
                    prefix.push((string(text), string(&error.code)));
                }
            }
        }

        let api = &catalog.api;
        Package {
            notice: generated_notice(catalog),
            summary: format!("The {} error catalog: codes, definitions, classes, envelope.", python_safe_summary(&api.name)),
            api_id: string(&api.id),
            api_version: string(&api.version),
            code_doc: docstring(
                &[
                    format!("Every error code of the {} API.", api.name),
                    "A `str` enum: members compare equal to the code strings. An error with a code \
                     this package does not know keeps it as a plain `str`."
                        .to_owned(),
                ],
                4,
            ),
            codes,
            context_doc: docstring(
                &["Typed context fields an error body may carry.".to_owned(), "Each is None when absent or of another type.".to_owned()],
                4,
            ),
            extractors: extractors.into_iter().collect::<Vec<_>>().join(", "),
            fields,
            policies: policies.views(),
            default_policy,
            envelope: envelope_args(catalog),
            classes,
            by_status,
            fallbacks,
            definitions,
            exact,
            prefix,
        }
    }
}

/// The API name inside a one-line module docstring of our own: quotes and
/// backslashes would need escaping, so the docstring layer handles it.
fn python_safe_summary(name: &str) -> String {
    names::doc_lines(name).join(" ")
}

impl<'a> Init<'a> {
    pub fn new(catalog: &Catalog, package: &'a Package) -> Self {
        let mut classes: Vec<&Class> = package.classes.iter().collect();
        classes.sort_by(|a, b| a.name.cmp(&b.name));
        let mut all: Vec<String> = [
            "API_ID",
            "API_VERSION",
            "CREDENTIAL_HEADERS",
            "APIError",
            "Code",
            "Context",
            "Definition",
            "Deprecation",
            "ErrorClass",
            "RetryPolicy",
            "class_for_status",
            "definition_for",
            "definitions",
            "from_parts",
            "from_response",
            "with_retries",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain(classes.iter().map(|c| c.name.clone()))
        .collect();
        all.sort();
        let api = &catalog.api;
        let mut paragraphs = vec![format!("Typed errors of the {} API, generated from its error catalog.", api.name)];
        if let Some(description) = &api.description {
            paragraphs.push(description.clone());
        }
        paragraphs.push(
            "Turn any error response into an exception with `from_parts(status, headers, body)` or \
             `from_response(resp)`; catch `APIError` or one of its subclasses; retry with `with_retries`."
                .to_owned(),
        );
        if let Some(url) = &api.docs_url {
            paragraphs.push(format!("Docs: {url}"));
        }
        Init { notice: generated_notice(catalog), doc: docstring(&paragraphs, 0), classes, all: all.iter().map(|n| string(n)).collect() }
    }
}

impl Pyproject {
    pub fn new(catalog: &Catalog) -> Self {
        let package = &catalog.packages.python;
        Pyproject {
            notice: generated_notice(catalog),
            project: names::toml_string(&package.replace('_', "-")),
            version: names::toml_string(&catalog.api.version),
            description: names::toml_string(&format!("Typed errors of the {} API, generated from its error catalog.", catalog.api.name)),
            package: package.clone(),
        }
    }
}
