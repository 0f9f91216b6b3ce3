//! The catalog mapped to what the TypeScript templates print. Every
//! identifier, literal, doc comment and laid-out line is computed here (via
//! [`names`]); the templates under `templates/typescript/` only loop and
//! interpolate.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{Display, Write as _};

use serde_json::json;

use super::names::{
    self, array_property, doc_comment, number_array_property, property, push_doc_comment, push_literal_array_property,
    push_literal_property, push_pad, push_property_with, push_string_literal, string_literal as lit,
};
use crate::artifacts::generated_notice;
use crate::model::{ConnectionRetry, FieldType, LongerWait, ResetKind, RetryMode, StatusRange};
use crate::resolve::{Catalog, Class, Condition, ConditionSource, Error as SpecError, RetryPolicy};

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

/// A `[subcodes.<name>]`: its values object and type in `catalog.ts`, its
/// open type, guard and accessor in `errors.ts`.
pub struct SubcodeView {
    /// Doc comment of the values object.
    pub doc: String,
    /// `DeclineCode`: the values object and the type of its values.
    pub ident: String,
    /// The object's body: each value's doc comment and `  Key: "value",`.
    pub values: String,
    /// `export type AnyDeclineCode = DeclineCode | (string & {});`, documented.
    pub any_type: String,
    /// The guard `isKnownDeclineCode`, documented, laid out (no final newline).
    pub guard: String,
    /// The error's property: doc comment and `  readonly key: Type | undefined;`.
    pub member: String,
    /// `    this.key = parsed.subcodes["name"];`, laid out.
    pub assignment: String,
    /// The entry of `CATALOG.subcodes`: its properties.
    pub props: Vec<String>,
}

/// A typed message formatter (README rule 19), laid out.
pub struct FormatterView {
    pub doc: String,
    /// `export function formatX(params: {` … `}): string {`.
    pub signature: String,
    /// `  return `...`;`.
    pub body: String,
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
    /// The body of `DEFINITION_ROWS`: for each error, its row (see
    /// [`push_definition`]). Empty when the spec has no errors.
    pub definitions: String,
    /// The members of `RETRY_POLICIES`, which definitions refer to; empty
    /// when the spec has no errors.
    pub retry_policies: String,
    pub classes: Vec<ClassView>,
    pub fields: Vec<FieldView>,
    pub envelope: Vec<String>,
    /// `defaultRetry: {...},` and `retryHelper: {...},` of `CATALOG`.
    pub default_retry: Vec<String>,
    /// The API id as a literal, which error documents name.
    pub api_literal: String,
    pub package_json: String,
    pub subcodes: Vec<SubcodeView>,
    pub formatters: Vec<FormatterView>,
    /// `export { CLASSES, Code, ... } from "./catalog.js";`, laid out.
    pub catalog_exports: String,
    /// `import { CATALOG, Code, ... } from "./catalog.js";` of errors.ts, laid out.
    pub catalog_imports: String,
    pub messages_doc: String,
}

fn mode(policy: RetryMode) -> &'static str {
    match policy {
        RetryMode::Never => "never",
        RetryMode::Backoff => "backoff",
        RetryMode::RetryAfter => "retry_after",
    }
}

fn longer_wait(value: LongerWait) -> &'static str {
    match value {
        LongerWait::GiveUp => "give_up",
        LongerWait::Clamp => "clamp",
    }
}

/// `retryHelper: {` … `},` of `CATALOG` (README rules 20, 21).
fn retry_helper_object(catalog: &Catalog) -> String {
    let helper = &catalog.retry_helper;
    let mut out = String::from("  retryHelper: {\n");
    let connection = match helper.connection_errors {
        ConnectionRetry::Never => "never",
        ConnectionRetry::Backoff => "backoff",
    };
    push_literal_property(&mut out, 4, "connectionErrors", connection);
    if let Some(header) = &helper.idempotency_header {
        push_literal_property(&mut out, 4, "idempotencyHeader", header);
    }
    out.push_str("  },\n");
    out
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
    push_literal_property(out, inner, "longerWait", longer_wait(retry.longer_wait));
    push_pad(out, indent);
    out.push_str("},\n");
}

/// A property with a number as its value, appended to `out`.
fn push_number_property(out: &mut String, indent: usize, key: &str, value: impl Display) {
    push_property_with(out, indent, key, |out| write!(out, "{value}").expect("writing to a String cannot fail"));
}

/// The retry policies of definitions, written once each in
/// `RETRY_POLICIES` (a spec has thousands of errors but only a handful of
/// policies); each definition names its own as `RETRY_POLICIES.pN`.
#[derive(Default)]
struct RetryObjects<'a> {
    policies: Vec<&'a RetryPolicy>,
}

impl<'a> RetryObjects<'a> {
    fn push(&mut self, out: &mut String, retry: &'a RetryPolicy) {
        let n = match self.policies.iter().position(|p| *p == retry) {
            Some(n) => n,
            None => {
                self.policies.push(retry);
                self.policies.len() - 1
            }
        };
        write!(out, "RETRY_POLICIES.p{n}").expect("writing to a String cannot fail");
    }

    /// The members of `RETRY_POLICIES`: `  pN: {` … `  },` per policy.
    fn render(&self) -> String {
        let mut out = String::new();
        for (n, policy) in self.policies.iter().enumerate() {
            push_retry_object(&mut out, 2, &format!("p{n}"), policy);
        }
        out
    }
}

fn literals(items: &[String]) -> Vec<String> {
    items.iter().map(|s| lit(s)).collect()
}

/// One row of `DEFINITION_ROWS` (runtime.ts's `DefinitionRow`), `\n  [`
/// … `],`, appended to `out`: on one line when it fits and has no extras
/// object, else one element per line, as prettier lays arrays out.
fn push_definition<'a>(out: &mut String, error: &'a SpecError, retry_objects: &mut RetryObjects<'a>) {
    let start = out.len();
    let extras = definition_extras(error);
    // The elements on one line, `, ` between them; `ends` records where each
    // ends, to re-lay them one per line when the line is too long.
    out.push_str("\n  [");
    let mut ends = Vec::with_capacity(10);
    let mut element = |out: &mut String, write: &mut dyn FnMut(&mut String)| {
        if !ends.is_empty() {
            out.push_str(", ");
        }
        write(out);
        ends.push(out.len());
    };
    element(out, &mut |out| push_string_literal(out, &error.code));
    element(out, &mut |out| push_string_literal(out, &error.domain));
    element(out, &mut |out| write!(out, "{}", error.status).expect("writing to a String cannot fail"));
    element(out, &mut |out| push_string_literal(out, &error.class));
    element(out, &mut |out| push_string_literal(out, &error.message));
    element(out, &mut |out| push_string_literal(out, error.grpc.name()));
    element(out, &mut |out| retry_objects.push(out, &error.retry));
    // Trailing elements that say nothing are left off; one before an element
    // that does is `undefined`. A description equal to the message is absent.
    let description = (error.description != error.message).then_some(error.description.as_str());
    let remedy = error.remedy.as_deref();
    // How many of the optional elements (description, remedy, extras) are written.
    let written = if !extras.is_empty() {
        3
    } else if remedy.is_some() {
        2
    } else {
        usize::from(description.is_some())
    };
    for (n, text) in [description, remedy].into_iter().enumerate() {
        match text {
            Some(text) => element(out, &mut |out| push_string_literal(out, text)),
            None if n < written => element(out, &mut |out| out.push_str("undefined")),
            None => {}
        }
    }
    out.push_str("],");
    if extras.is_empty() && names::fits(&out[start + 1..]) {
        return;
    }
    // One element per line: split the one-line text at the recorded ends.
    let line = out.split_off(start);
    let body = &line["\n  [".len()..line.len() - "],".len()];
    out.push_str("\n  [\n");
    let mut from = 0;
    for end in ends.iter().map(|e| e - start - "\n  [".len()) {
        push_pad(out, 4);
        let element = &body[from..end];
        out.push_str(element.strip_prefix(", ").unwrap_or(element));
        out.push_str(",\n");
        from = end;
    }
    if !extras.is_empty() {
        out.push_str("    {\n");
        out.push_str(&extras);
        out.push_str("    },\n");
    }
    out.push_str("  ],");
}

/// The properties of a definition's `DefinitionExtras`, at indent 6: those
/// only some definitions have. Empty when it has none.
fn definition_extras(error: &SpecError) -> String {
    let i = 6;
    let mut out = String::new();
    if !error.params.is_empty() {
        push_literal_array_property(&mut out, i, "params", &error.params);
    }
    if let Some(field) = &error.field {
        push_literal_property(&mut out, i, "field", field);
    }
    if !error.fields.is_empty() {
        push_literal_array_property(&mut out, i, "fields", &error.fields);
    }
    if !error.matches.is_empty() {
        out.push_str("      match: {\n");
        push_literal_array_property(&mut out, i + 2, "exact", &error.matches.exact);
        push_literal_array_property(&mut out, i + 2, "prefix", &error.matches.prefix);
        out.push_str("      },\n");
    }
    if let Some(since) = &error.since {
        push_literal_property(&mut out, i, "since", since);
    }
    if let Some(dep) = &error.deprecated {
        out.push_str("      deprecated: {\n");
        push_literal_property(&mut out, i + 2, "since", &dep.since);
        if let Some(r) = &dep.replacement {
            push_literal_property(&mut out, i + 2, "replacement", r);
        }
        if let Some(n) = &dep.note {
            push_literal_property(&mut out, i + 2, "note", n);
        }
        out.push_str("      },\n");
    }
    if let Some(url) = &error.docs_url {
        push_literal_property(&mut out, i, "docsUrl", url);
    }
    out
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
/// With `full_docs` false (`packages.code_docs = "summary"`) the message
/// stands where the description was, and there is no remedy.
fn push_code_doc(out: &mut String, text: &mut String, class_idents: &HashMap<&str, String>, defs: &[&SpecError], full_docs: bool) {
    let first = defs[0];
    text.clear();
    if full_docs {
        text.push_str(&first.description);
        if let Some(remedy) = &first.remedy {
            text.push_str("\n\nRemedy: ");
            text.push_str(remedy);
        }
    } else {
        text.push_str(&first.message);
    }
    text.push('\n');
    if first.numeric {
        write!(text, "\nSent as the JSON integer `{}` (or that string).\n", first.code).expect("writing to a String cannot fail");
    }
    for d in defs {
        let class = class_idents.get(d.class.as_str()).unwrap_or(&d.class);
        write!(text, "\n- HTTP {} in domain `{}` ({class}, gRPC `{}`)", d.status, d.domain, d.grpc.name())
            .expect("writing to a String cannot fail");
        let (meaning, first_meaning) = if full_docs { (&d.description, &first.description) } else { (&d.message, &first.message) };
        if defs.len() > 1 && meaning != first_meaning {
            text.push_str(": ");
            text.push_str(meaning);
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
    for w in &class.when {
        text.push_str(&format!("\n\nAlso {}.", condition_text(w)));
    }
    if let Some(grpc) = class.grpc {
        text.push_str(&format!("\n\ngRPC code: `{}`.", grpc.name()));
    }
    text.push_str(&format!("\n\nRetry policy: `{}`.", mode(class.retry.policy)));
    doc_comment(&text, 0)
}

/// A condition in words, for doc comments.
fn condition_text(w: &Condition) -> String {
    let source = match &w.source {
        ConditionSource::Header(h) => format!("header `{h}`"),
        ConditionSource::Body(b) => format!("the body's `{b}`"),
    };
    let mut text = format!("any response whose {source} is `{}`", w.equals);
    if !w.status.is_empty() {
        let statuses: Vec<String> = w.status.iter().map(u16::to_string).collect();
        text.push_str(&format!(" at HTTP {}", statuses.join(", ")));
    }
    text
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
    if class.when.is_empty() {
        props.push(property(i, "when", "[]"));
    } else {
        let mut when = String::new();
        push_pad(&mut when, i);
        when.push_str("when: [\n");
        for w in &class.when {
            push_pad(&mut when, i + 2);
            when.push_str("{\n");
            let statuses: Vec<String> = w.status.iter().map(u16::to_string).collect();
            when.push_str(&number_array_property(i + 4, "status", &statuses));
            match &w.source {
                ConditionSource::Header(h) => push_literal_property(&mut when, i + 4, "header", h),
                ConditionSource::Body(b) => push_literal_property(&mut when, i + 4, "body", b),
            }
            push_literal_property(&mut when, i + 4, "equals", &w.equals);
            push_pad(&mut when, i + 2);
            when.push_str("},\n");
        }
        push_pad(&mut when, i);
        when.push_str("],\n");
        props.push(when);
    }
    if let Some(grpc) = class.grpc {
        props.push(property(i, "grpc", &lit(grpc.name())));
    }
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
    props.push(array_property(i, "noCode", &literals(&e.no_code)));
    props.push(array_property(i, "message", &literals(&e.message)));
    optional(&mut props, "details", &e.details);
    optional(&mut props, "requestId", &e.request_id);
    optional(&mut props, "field", &e.field);
    optional(&mut props, "context", &e.context);
    optional(&mut props, "retryAfter", &e.retry_after);
    optional(&mut props, "retryDelay", &e.retry_delay);
    optional(&mut props, "domain", &e.domain);
    optional(&mut props, "metadata", &e.metadata);
    if let Some(items) = &e.items {
        let mut p = String::from("    items: {\n");
        push_literal_property(&mut p, i + 2, "at", &items.at);
        if let Some(code) = &items.code {
            push_literal_property(&mut p, i + 2, "code", code);
        }
        push_literal_array_property(&mut p, i + 2, "message", &items.message);
        if let Some(field) = &items.field {
            push_literal_property(&mut p, i + 2, "field", field);
        }
        if let Some(location) = &items.location {
            push_literal_property(&mut p, i + 2, "location", location);
        }
        p.push_str("    },\n");
        props.push(p);
    }
    if e.selections.is_empty() {
        props.push(property(i, "selections", "[]"));
    } else {
        let mut p = String::from("    selections: [\n");
        for sel in &e.selections {
            p.push_str("      {\n");
            push_literal_property(&mut p, i + 4, "name", &sel.name);
            push_literal_property(&mut p, i + 4, "in", &sel.array);
            push_literal_property(&mut p, i + 4, "member", &sel.member);
            push_literal_property(&mut p, i + 4, "equals", &sel.equals);
            p.push_str("      },\n");
        }
        p.push_str("    ],\n");
        props.push(p);
    }
    let mut h = String::from("    headers: {\n");
    h.push_str(&array_property(i + 2, "requestId", &literals(&e.headers.request_id)));
    h.push_str(&property(i + 2, "retryAfter", &lit(&e.headers.retry_after)));
    if let Some(v) = &e.headers.retry_after_ms {
        h.push_str(&property(i + 2, "retryAfterMs", &lit(v)));
    }
    if let Some(v) = &e.headers.should_retry {
        h.push_str(&property(i + 2, "shouldRetry", &lit(v)));
    }
    if let Some(v) = &e.headers.retry_at {
        h.push_str(&property(i + 2, "retryAt", &lit(v)));
    }
    if let Some(r) = &e.headers.rate_limit {
        h.push_str("      rateLimit: {\n");
        h.push_str(&property(i + 4, "ietf", if r.ietf { "true" } else { "false" }));
        for (key, value) in [("limit", &r.limit), ("remaining", &r.remaining), ("reset", &r.reset)] {
            if let Some(v) = value {
                h.push_str(&property(i + 4, key, &lit(v)));
            }
        }
        let kind = match r.reset_kind {
            ResetKind::Seconds => "seconds",
            ResetKind::EpochSeconds => "epoch_seconds",
        };
        h.push_str(&property(i + 4, "resetKind", &lit(kind)));
        h.push_str("      },\n");
    }
    h.push_str("    },\n");
    props.push(h);
    props
}

/// `line` if it fits, else `broken` (prettier's layout for the too-long case).
fn fit_or(line: String, broken: impl FnOnce() -> String) -> String {
    if names::fits(&line) { line } else { broken() }
}

fn subcode_views(catalog: &Catalog) -> Vec<SubcodeView> {
    catalog
        .subcodes
        .iter()
        .map(|sub| {
            let ident = names::subcode_type_ident(&sub.name);
            let key = names::subcode_key(&sub.name);
            let name = lit(&sub.name);
            let mut values = String::new();
            let mut taken = BTreeSet::new();
            for v in &sub.values {
                let base = names::code_ident(&v.value);
                let mut value_key = base.clone();
                let mut n = 2;
                while !taken.insert(value_key.clone()) {
                    value_key = format!("{base}{n}");
                    n += 1;
                }
                push_doc_comment(&mut values, &v.description, 2);
                push_literal_property(&mut values, 2, &value_key, &v.value);
            }
            let doc = doc_comment(
                &format!(
                    "{}\n\nThe documented values of the sub-code `{}` (at `{}`), by identifier. A response may carry\na value that is not listed here (a newer server); it is kept as a plain string.",
                    sub.description, sub.name, sub.at
                ),
                0,
            );
            let any = format!("Any{ident}");
            let any_type = format!(
                "{}{}\n",
                doc_comment(&format!("A {{@link {ident}}}, or any other string a newer server sends."), 0),
                fit_or(format!("export type {any} = {ident} | (string & {{}});"), || format!(
                    "export type {any} =\n  | {ident}\n  | (string & {{}});"
                ))
            );
            let guard_name = format!("isKnown{ident}");
            let guard = format!(
                "{}{}\n{}\n}}",
                doc_comment(&format!("Whether `value` is a documented {{@link {ident}}}."), 0),
                fit_or(format!("export function {guard_name}(value: string): value is {ident} {{"), || format!(
                    "export function {guard_name}(\n  value: string,\n): value is {ident} {{"
                )),
                fit_or(format!("  return isKnownSubcode({name}, value);"), || format!(
                    "  return isKnownSubcode(\n    {name},\n    value,\n  );"
                )),
            );
            let member = format!(
                "{}{}\n",
                doc_comment(&format!("The sub-code `{}`: {}", sub.name, sub.description), 2),
                fit_or(format!("  readonly {key}: {any} | undefined;"), || format!(
                    "  readonly {key}:\n    {any} | undefined;"
                ))
            );
            let assignment = fit_or(format!("    this.{key} = parsed.subcodes[{name}];"), || format!(
                "    this.{key} =\n      parsed.subcodes[{name}];"
            ));
            let value_literals: Vec<String> = sub.values.iter().map(|v| v.value.clone()).collect();
            let mut props = vec![
                property(6, "name", &name),
                property(6, "key", &lit(&key)),
                property(6, "at", &lit(&sub.at)),
                property(6, "description", &lit(&sub.description)),
            ];
            let mut values_prop = String::new();
            push_literal_array_property(&mut values_prop, 6, "values", &value_literals);
            props.push(values_prop);
            SubcodeView { doc, ident, values, any_type, guard, member, assignment, props }
        })
        .collect()
}

/// A typed formatter per templated error (README rule 19): one per code,
/// from its first templated definition; a later definition of the code with
/// another template gets one named after its status too.
fn formatter_views(catalog: &Catalog, fields: &[FieldView]) -> Vec<FormatterView> {
    let keys: HashMap<&str, (&str, &'static str)> =
        catalog.fields.iter().zip(fields).map(|(f, v)| (f.name.as_str(), (v.key.as_str(), v.ts_type))).collect();
    // The templates already given a formatter, by code.
    let mut seen: HashMap<&str, Vec<(&str, &[String])>> = HashMap::new();
    let mut out = Vec::new();
    for error in catalog.errors().filter(|e| !e.params.is_empty()) {
        let templates = seen.entry(&error.code).or_default();
        if templates.iter().any(|(message, params)| *message == error.message && *params == error.params) {
            continue;
        }
        let ident = if templates.is_empty() {
            names::formatter_ident(&error.name)
        } else {
            names::formatter_ident(&format!("{}_{}", error.name, error.status))
        };
        templates.push((&error.message, &error.params));
        let mut doc = format!(
            "The message of {{@link Code.{}}} (HTTP {}) with its parameters filled in:\n\n`{}`",
            names::code_ident(&error.name),
            error.status,
            error.message.replace('`', "'")
        );
        doc.push_str("\n\nStrings go in as they are, integers in decimal, booleans as `true`/`false`.");
        let mut signature = format!("export function {ident}(params: {{\n");
        let mut text = String::new();
        for param in &error.params {
            let (key, ty) = keys.get(param.as_str()).copied().unwrap_or(("_", "string"));
            text.clear();
            text.push_str(&format!("`{param}`"));
            if let Some(f) = catalog.field(param) {
                text.push_str(": ");
                text.push_str(&f.description);
            }
            push_doc_comment(&mut signature, &text, 2);
            signature.push_str(&format!("  readonly {key}: {ty};\n"));
        }
        signature.push_str("}): string {\n");
        let literal = names::template_literal(&error.message, &error.params, |param| {
            let (key, ty) = keys.get(param).copied().unwrap_or(("_", "string"));
            if ty == "string" { format!("params.{key}") } else { format!("String(params.{key})") }
        });
        out.push(FormatterView { doc: doc_comment(&doc, 0), signature, body: format!("  return `{literal}`;\n") });
    }
    out
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
        push_code_doc(&mut codes, &mut text, &class_idents, &defs, catalog.full_code_docs());
        push_literal_property(&mut codes, 2, &names::code_ident(&code.name), &code.code);
    }
    let mut definitions = String::with_capacity(catalog.domains.iter().map(|d| d.errors.len()).sum::<usize>() * 768);
    let mut retry_objects = RetryObjects::default();
    for error in catalog.errors() {
        push_definition(&mut definitions, error, &mut retry_objects);
    }
    let retry_policies = retry_objects.render();
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
    let fields = field_views(catalog);
    let subcodes = subcode_views(catalog);
    let mut exported: Vec<String> = vec!["CLASSES".into(), "Code".into()];
    exported.extend(subcodes.iter().map(|s| s.ident.clone()));
    exported.push("type ErrorClassId".into());
    let from_catalog = |keyword: &str, names: &[String]| {
        fit_or(format!("{keyword} {{ {} }} from \"./catalog.js\";", names.join(", ")), || {
            format!("{keyword} {{\n{}}} from \"./catalog.js\";", names.iter().map(|e| format!("  {e},\n")).collect::<String>())
        })
    };
    let catalog_exports = from_catalog("export", &exported);
    let mut imported: Vec<String> = vec!["CATALOG".into(), "type Code".into()];
    imported.extend(subcodes.iter().map(|s| format!("type {}", s.ident)));
    imported.push("type ErrorClassId".into());
    let catalog_imports = from_catalog("import", &imported);
    View {
        catalog_exports,
        catalog_imports,
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
        retry_policies,
        classes,
        formatters: formatter_views(catalog, &fields),
        fields,
        subcodes,
        messages_doc: doc_comment(
            &format!(
                "Message templates of the {} API (README rule 19): a typed formatter per error whose\nmessage has parameters, and {{@link formatMessage}} for any code.\n\n@module",
                api.name
            ),
            0,
        ),
        envelope: envelope_props(catalog),
        default_retry: vec![retry_object(2, "defaultRetry", &catalog.retry), retry_helper_object(catalog)],
        api_literal: lit(&catalog.api.id),
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
    put(
        "exports",
        json!({
            ".": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
            "./server": { "types": "./dist/server.d.ts", "default": "./dist/server.js" },
        }),
    );
    put("types", json!("./dist/index.d.ts"));
    put("files", json!(["dist", "src"]));
    put("sideEffects", json!(false));
    // Node 20 is the oldest line with a global `crypto` (the idempotency key)
    // and the oldest the tests run on.
    put("engines", json!({ "node": ">=20" }));
    put("scripts", json!({ "build": "tsc -p .", "prepack": "tsc -p ." }));
    put("devDependencies", json!({ "typescript": TYPESCRIPT_VERSION }));
    let mut text = serde_json::to_string_pretty(&manifest).expect("JSON values always serialise");
    text.push('\n');
    text
}
