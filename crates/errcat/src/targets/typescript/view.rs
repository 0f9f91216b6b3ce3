//! The catalog mapped to what the TypeScript templates print. Every
//! identifier, literal, doc comment and laid-out line is computed here (via
//! [`names`]); the templates under `templates/typescript/` only loop and
//! interpolate.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{Display, Write as _};

use serde_json::json;

use super::names::{
    self, array_property, doc_comment, number_array_property, property, push_doc_comment, push_literal_array_property,
    push_literal_property, push_pad, push_property_with, string_literal as lit,
};
use crate::artifacts::generated_notice;
use crate::model::{FieldType, RetryMode, StatusRange};
use crate::resolve::{Catalog, Class, Error as SpecError, RetryPolicy};

pub struct ClassView {
    pub doc: String,
    pub ident: String,
    /// `export function isXError(value: unknown): value is XError {`, laid out.
    pub guard_signature: String,
    pub guard_doc: String,
    /// `  static override readonly errorClass = "id";` laid out.
    pub static_id: String,
    /// The class id as a literal, for the `errorClass` type of instances.
    pub id_literal: String,
    /// `    this.prototype.name = "XError";`, laid out.
    pub name_assignment: String,
    /// `  return value instanceof XError;`, laid out.
    pub guard_body: String,
    /// The class's entry in `CLASSES`: its opening line(s), properties and
    /// closing line. A key too long for `key: {` on one line puts the
    /// object on the next line, one level deeper, as prettier does.
    pub open: String,
    pub props: Vec<String>,
    pub close: &'static str,
    /// `  id: IdentError,` for `ERROR_TYPES`.
    pub type_entry: String,
}

pub struct FieldView {
    pub doc: String,
    pub key: String,
    pub ts_type: &'static str,
    pub props: Vec<String>,
}

pub struct View {
    pub notice: String,
    pub catalog_doc: String,
    pub errors_doc: String,
    pub index_doc: String,
    pub brand_literal: String,
    /// The body of the `Code` object: each code's doc comment and its
    /// `  Key: "CODE",` line. One string for the whole table, written in
    /// place, as it grows with the spec.
    pub codes: String,
    /// The body of `DEFINITION_LIST`: for each error, `\n  {\n`, its
    /// properties and `  },`. Empty when the spec has no errors.
    pub definitions: String,
    pub classes: Vec<ClassView>,
    pub fields: Vec<FieldView>,
    pub envelope: Vec<String>,
    pub default_retry: Vec<String>,
    pub package_json: String,
}

fn mode(policy: RetryMode) -> &'static str {
    match policy {
        RetryMode::Never => "never",
        RetryMode::Backoff => "backoff",
        RetryMode::RetryAfter => "retry_after",
    }
}

/// `key: {` … `},` with the policy's members, at `indent`.
fn retry_object(indent: usize, key: &str, retry: &RetryPolicy) -> String {
    let mut out = String::new();
    push_retry_object(&mut out, indent, key, retry);
    out
}

/// [`retry_object`], appended to `out`.
fn push_retry_object(out: &mut String, indent: usize, key: &str, retry: &RetryPolicy) {
    let inner = indent + 2;
    push_pad(out, indent);
    out.push_str(key);
    out.push_str(": {\n");
    push_literal_property(out, inner, "policy", mode(retry.policy));
    push_number_property(out, inner, "maxAttempts", retry.max_attempts);
    push_number_property(out, inner, "initialDelayMs", retry.initial_delay_ms);
    push_number_property(out, inner, "maxDelayMs", retry.max_delay_ms);
    push_number_property(out, inner, "maxRetryAfterMs", retry.max_retry_after_ms);
    push_pad(out, indent);
    out.push_str("},\n");
}

/// A property with a number as its value, appended to `out`.
fn push_number_property(out: &mut String, indent: usize, key: &str, value: impl Display) {
    push_property_with(out, indent, key, |out| write!(out, "{value}").expect("writing to a String cannot fail"));
}

/// The `retry: {...},` objects of definitions, rendered once per distinct
/// policy: a spec has thousands of errors but only a handful of policies.
#[derive(Default)]
struct RetryObjects<'a> {
    rendered: Vec<(&'a RetryPolicy, String)>,
}

impl<'a> RetryObjects<'a> {
    fn push(&mut self, out: &mut String, retry: &'a RetryPolicy) {
        if let Some((_, text)) = self.rendered.iter().find(|(p, _)| *p == retry) {
            out.push_str(text);
            return;
        }
        let text = retry_object(4, "retry", retry);
        out.push_str(&text);
        self.rendered.push((retry, text));
    }
}

fn literals(items: &[String]) -> Vec<String> {
    items.iter().map(|s| lit(s)).collect()
}

/// One object of `DEFINITION_LIST`, `\n  {\n` … `  },`, appended to `out`.
fn push_definition<'a>(out: &mut String, error: &'a SpecError, retry_objects: &mut RetryObjects<'a>) {
    let i = 4;
    out.push_str("\n  {\n");
    push_literal_property(out, i, "code", &error.code);
    push_literal_property(out, i, "domain", &error.domain);
    push_number_property(out, i, "status", error.status);
    push_literal_property(out, i, "errorClass", &error.class);
    push_literal_property(out, i, "message", &error.message);
    push_literal_property(out, i, "description", &error.description);
    if let Some(remedy) = &error.remedy {
        push_literal_property(out, i, "remedy", remedy);
    }
    if let Some(field) = &error.field {
        push_literal_property(out, i, "field", field);
    }
    push_literal_array_property(out, i, "fields", &error.fields);
    retry_objects.push(out, &error.retry);
    if !error.matches.is_empty() {
        out.push_str("    match: {\n");
        push_literal_array_property(out, i + 2, "exact", &error.matches.exact);
        push_literal_array_property(out, i + 2, "prefix", &error.matches.prefix);
        out.push_str("    },\n");
    }
    if let Some(since) = &error.since {
        push_literal_property(out, i, "since", since);
    }
    if let Some(dep) = &error.deprecated {
        out.push_str("    deprecated: {\n");
        push_literal_property(out, i + 2, "since", &dep.since);
        if let Some(r) = &dep.replacement {
            push_literal_property(out, i + 2, "replacement", r);
        }
        if let Some(n) = &dep.note {
            push_literal_property(out, i + 2, "note", n);
        }
        out.push_str("    },\n");
    }
    if let Some(url) = &error.docs_url {
        push_literal_property(out, i, "docsUrl", url);
    }
    out.push_str("  },");
}

fn deprecation_text(error: &SpecError) -> Option<String> {
    let dep = error.deprecated.as_ref()?;
    let mut text = format!("@deprecated Since {}.", dep.since);
    if let Some(r) = &dep.replacement {
        text.push_str(&format!(" Use `{r}` instead."));
    }
    if let Some(n) = &dep.note {
        text.push_str(&format!(" {n}"));
    }
    Some(text)
}

/// The doc comment of a code with definitions `defs`, appended to `out`.
/// `text` is scratch space reused across codes; `class_idents` maps class
/// ids to their identifiers, computed once per render.
fn push_code_doc(out: &mut String, text: &mut String, class_idents: &HashMap<&str, String>, defs: &[&SpecError]) {
    let first = defs[0];
    text.clear();
    text.push_str(&first.description);
    if let Some(remedy) = &first.remedy {
        text.push_str("\n\nRemedy: ");
        text.push_str(remedy);
    }
    text.push('\n');
    for d in defs {
        let class = class_idents.get(d.class.as_str()).unwrap_or(&d.class);
        write!(text, "\n- HTTP {} in domain `{}` ({class})", d.status, d.domain).expect("writing to a String cannot fail");
        if defs.len() > 1 && d.description != first.description {
            text.push_str(": ");
            text.push_str(&d.description);
        }
        if let Some(url) = &d.docs_url {
            text.push_str(", see ");
            text.push_str(url);
        }
    }
    if let Some(since) = &first.since {
        text.push_str("\n\n@since ");
        text.push_str(since);
    }
    // The marker goes on when every definition is deprecated; a code still
    // current somewhere is not.
    if defs.iter().all(|d| d.deprecated.is_some())
        && let Some(dep) = deprecation_text(first)
    {
        text.push_str("\n\n");
        text.push_str(&dep);
    }
    push_doc_comment(out, text, 2);
}

fn class_doc(class: &Class) -> String {
    let mut text = format!("{}: {}", class.title, class.description);
    if !class.statuses.is_empty() {
        let statuses: Vec<String> = class.statuses.iter().map(u16::to_string).collect();
        text.push_str(&format!("\n\nHTTP status: {}.", statuses.join(", ")));
    }
    if let Some(range) = class.fallback {
        let range = match range {
            StatusRange::Client => "4xx",
            StatusRange::Server => "5xx",
        };
        text.push_str(&format!(" Also every other {range} status no class claims."));
    }
    for (title, items) in [("Causes", &class.causes), ("Remedy", &class.solutions)] {
        if !items.is_empty() {
            text.push_str(&format!("\n\n{title}:\n"));
            for item in items {
                text.push_str(&format!("\n- {item}"));
            }
        }
    }
    text.push_str(&format!("\n\nRetry policy: `{}`.", mode(class.retry.policy)));
    doc_comment(&text, 0)
}

fn class_props(class: &Class, i: usize) -> Vec<String> {
    let mut props = vec![property(i, "id", &lit(&class.id)), property(i, "title", &lit(&class.title))];
    let statuses: Vec<String> = class.statuses.iter().map(u16::to_string).collect();
    props.push(number_array_property(i, "statuses", &statuses));
    if let Some(range) = class.fallback {
        let range = match range {
            StatusRange::Client => "4xx",
            StatusRange::Server => "5xx",
        };
        props.push(property(i, "fallback", &lit(range)));
    }
    props.push(property(i, "description", &lit(&class.description)));
    props.push(retry_object(i, "retry", &class.retry));
    props
}

fn envelope_props(catalog: &Catalog) -> Vec<String> {
    let e = &catalog.envelope;
    let i = 4;
    let mut props = Vec::new();
    let optional = |props: &mut Vec<String>, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            props.push(property(i, key, &lit(v)));
        }
    };
    optional(&mut props, "code", &e.code);
    props.push(array_property(i, "message", &literals(&e.message)));
    optional(&mut props, "details", &e.details);
    optional(&mut props, "requestId", &e.request_id);
    optional(&mut props, "field", &e.field);
    optional(&mut props, "context", &e.context);
    optional(&mut props, "retryAfter", &e.retry_after);
    let mut h = String::from("    headers: {\n");
    h.push_str(&array_property(i + 2, "requestId", &literals(&e.headers.request_id)));
    h.push_str(&property(i + 2, "retryAfter", &lit(&e.headers.retry_after)));
    if let Some(v) = &e.headers.retry_after_ms {
        h.push_str(&property(i + 2, "retryAfterMs", &lit(v)));
    }
    if let Some(v) = &e.headers.should_retry {
        h.push_str(&property(i + 2, "shouldRetry", &lit(v)));
    }
    h.push_str("    },\n");
    props.push(h);
    props
}

fn field_views(catalog: &Catalog) -> Vec<FieldView> {
    let mut taken = BTreeSet::new();
    catalog
        .fields
        .iter()
        .map(|f| {
            // Two wire names may re-case to one property; later ones get a suffix.
            let base = names::field_ident(&f.name);
            let mut key = base.clone();
            let mut n = 2;
            while !taken.insert(key.clone()) {
                key = format!("{base}{n}");
                n += 1;
            }
            let (ts_type, ty) = match f.ty {
                FieldType::String => ("string", "string"),
                FieldType::Integer => ("number", "integer"),
                FieldType::Number => ("number", "number"),
                FieldType::Boolean => ("boolean", "boolean"),
            };
            let mut text = f.description.clone();
            text.push_str("\n\n");
            if let Some(unit) = &f.unit {
                text.push_str(&format!("Unit: {unit}. "));
            }
            text.push_str(&format!("JSON type: {ty}. Wire name: `{}`.", f.name));
            let mut props = vec![property(6, "name", &lit(&f.name)), property(6, "key", &lit(&key)), property(6, "type", &lit(ty))];
            props.push(property(6, "description", &lit(&f.description)));
            if let Some(unit) = &f.unit {
                props.push(property(6, "unit", &lit(unit)));
            }
            FieldView { doc: doc_comment(&text, 2), key, ts_type, props }
        })
        .collect()
}

pub fn build(catalog: &Catalog) -> View {
    let package = &catalog.packages.typescript;
    // `catalog.class(id)` then `class_ident` for every definition would
    // search and re-case per error; the classes are few, so map them once.
    let class_idents: HashMap<&str, String> = catalog.classes.iter().map(|c| (c.id.as_str(), names::class_ident(&c.id))).collect();
    // Both tables are written straight into one string each, sized from the
    // spec (roughly 600 bytes per code, 700 per error) to avoid regrowing.
    let mut codes = String::with_capacity(catalog.codes.len() * 640);
    let mut text = String::new();
    let mut defs: Vec<&SpecError> = Vec::new();
    for code in &catalog.codes {
        defs.clear();
        defs.extend(catalog.definitions(code));
        push_code_doc(&mut codes, &mut text, &class_idents, &defs);
        push_literal_property(&mut codes, 2, &names::code_ident(&code.code), &code.code);
    }
    let mut definitions = String::with_capacity(catalog.domains.iter().map(|d| d.errors.len()).sum::<usize>() * 768);
    let mut retry_objects = RetryObjects::default();
    for error in catalog.errors() {
        push_definition(&mut definitions, error, &mut retry_objects);
    }
    let classes = catalog
        .classes
        .iter()
        .map(|class| {
            let ident = names::class_ident(&class.id);
            let long_key = !names::fits(&format!("  {}: {{", class.id));
            let id = lit(&class.id);
            let static_line = format!("  static override readonly errorClass = {id};");
            let static_id = if names::fits(&static_line) {
                format!("{static_line}\n")
            } else {
                format!("  static override readonly errorClass =\n    {id};\n")
            };
            ClassView {
                doc: class_doc(class),
                guard_signature: {
                    let line = format!("export function is{ident}(value: unknown): value is {ident} {{");
                    if names::fits(&line) {
                        format!("{line}\n")
                    } else {
                        format!("export function is{ident}(\n  value: unknown,\n): value is {ident} {{\n")
                    }
                },
                guard_doc: doc_comment(
                    &format!("Whether `value` is a {{@link {ident}}}, also when it comes from another copy of this package."),
                    0,
                ),
                static_id,
                id_literal: id.clone(),
                name_assignment: {
                    let line = format!("    this.prototype.name = {};", lit(&ident));
                    if names::fits(&line) { line } else { format!("    this.prototype.name =\n      {};", lit(&ident)) }
                },
                guard_body: {
                    let line = format!("  return value instanceof {ident};");
                    let inner = format!("    value instanceof {ident}");
                    if names::fits(&line) {
                        line
                    } else if names::fits(&inner) {
                        format!("  return (\n{inner}\n  );")
                    } else {
                        // prettier breaks after the operator when even that is too long.
                        format!("  return (\n    value instanceof\n    {ident}\n  );")
                    }
                },
                open: if long_key { format!("  {}:\n    {{", class.id) } else { format!("  {}: {{", class.id) },
                props: class_props(class, if long_key { 6 } else { 4 }),
                close: if long_key { "    }," } else { "  }," },
                type_entry: property(2, &class.id, &ident),
                ident,
            }
        })
        .collect();
    let api = &catalog.api;
    let mut about = format!("Typed errors for the {} API (error contract {}).", api.name, api.version);
    if let Some(d) = &api.description {
        about.push_str(&format!("\n\n{d}"));
    }
    if let Some(url) = &api.docs_url {
        about.push_str(&format!("\n\nDocumentation: {url}"));
    }
    let package_json = package_json(catalog, package);
    View {
        notice: generated_notice(catalog),
        catalog_doc: doc_comment(
            &format!("The {} error catalog as data: every code, its definitions and the status-level classes.\n\n@module", api.name),
            0,
        ),
        errors_doc: doc_comment(
            &format!(
                "{about}\n\nOne error type per status-level class, all extending {{@link APIError}}, and\n{{@link fromParts}} / {{@link fromResponse}} to read any HTTP response.\n\n@module"
            ),
            0,
        ),
        index_doc: doc_comment(&format!("{about}\n\n@packageDocumentation"), 0),
        brand_literal: lit(&format!("{package}:APIError")),
        codes,
        definitions,
        classes,
        fields: field_views(catalog),
        envelope: envelope_props(catalog),
        default_retry: vec![retry_object(2, "defaultRetry", &catalog.retry)],
        package_json,
    }
}

/// The TypeScript the package builds itself with on `npm pack` (its one
/// dev dependency); the tests check it is the one `tools/package.json` pins.
pub const TYPESCRIPT_VERSION: &str = "5.9.3";

/// `package.json`: an ES module package (`require()` of it works where Node
/// loads ES modules synchronously, 20.19 and 22.12 on), built by `prepack`
/// so that `npm pack` and `npm publish` ship `dist/`; metadata from
/// `[packages]`.
fn package_json(catalog: &Catalog, package: &str) -> String {
    let api = &catalog.api;
    let info = &catalog.package_info;
    let mut manifest = serde_json::Map::new();
    let mut put = |key: &str, value: serde_json::Value| {
        manifest.insert(key.to_owned(), value);
    };
    put("//", json!(generated_notice(catalog)));
    put("name", json!(package));
    put("version", json!(info.versions.typescript));
    put("description", json!(format!("Typed errors for the {} API, generated from its error catalog.", api.name)));
    if !info.keywords.is_empty() {
        put("keywords", json!(info.keywords));
    }
    if let Some(homepage) = &info.homepage {
        put("homepage", json!(homepage));
    }
    if let Some(license) = &info.license {
        put("license", json!(license));
    }
    if let Some((first, rest)) = info.authors.split_first() {
        put("author", json!(first.line()));
        if !rest.is_empty() {
            put("contributors", json!(rest.iter().map(|a| a.line()).collect::<Vec<_>>()));
        }
    }
    if let Some(repository) = &info.repository {
        // npm's canonical form, which `npm pkg fix` would otherwise write.
        let url = if repository.ends_with(".git") { repository.clone() } else { format!("{repository}.git") };
        put("repository", json!({ "type": "git", "url": format!("git+{url}") }));
    }
    put("type", json!("module"));
    put("exports", json!({ ".": { "types": "./dist/index.d.ts", "default": "./dist/index.js" } }));
    put("types", json!("./dist/index.d.ts"));
    put("files", json!(["dist", "src"]));
    put("sideEffects", json!(false));
    put("engines", json!({ "node": ">=18" }));
    put("scripts", json!({ "build": "tsc -p .", "prepack": "tsc -p ." }));
    put("devDependencies", json!({ "typescript": TYPESCRIPT_VERSION }));
    let mut text = serde_json::to_string_pretty(&manifest).expect("JSON values always serialise");
    text.push('\n');
    text
}
