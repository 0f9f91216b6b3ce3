//! JSON Schemas (draft 2020-12): the error-response envelope with its code
//! enum, and the spec format itself (from the `model` types, via schemars).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{generated_notice, pointer_tokens};
use crate::model::{self, EnvelopeKind, FieldType};
use crate::resolve::Catalog;

pub fn manifest_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(model::Manifest)).expect("schema serialises")
}

pub fn domain_file_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(model::DomainFile)).expect("schema serialises")
}

/// Puts the generated-file notice first in a schema object.
pub fn with_notice(schema: Value, catalog: &Catalog) -> Value {
    let mut root = Map::new();
    if let Value::Object(mut body) = schema {
        if let Some(s) = body.shift_remove("$schema") {
            root.insert("$schema".into(), s);
        }
        root.insert("$comment".into(), json!(generated_notice(catalog)));
        root.extend(body);
    }
    Value::Object(root)
}

/// The JSON type of a context field.
pub fn field_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
    }
}

/// Which schema language a body schema is written in: JSON Schema 2020-12
/// can say "this element, when its `@type` is X, looks like this"
/// (`if`/`then`); OpenAPI 3.0's subset cannot, so there selected elements
/// are documented as alternatives (`anyOf`) beside any other element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    JsonSchema,
    OpenApi,
}

/// A JSON Pointer token that indexes an array (RFC 6901: `0`, or digits
/// without a leading zero).
fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) && (token == "0" || !token.starts_with('0'))
}

/// Merges schema `new` into `existing`: objects member by member, the lists
/// of `allOf`/`anyOf`/`required` appended, and otherwise the first
/// definition wins, so the standard members' descriptions survive later
/// leaves at the same place.
fn merge(existing: &mut Value, new: Value) {
    match (existing, new) {
        // A reference stands alone: its schema says everything.
        (Value::Object(existing), Value::Object(_)) if existing.contains_key("$ref") => {}
        (Value::Object(existing), Value::Object(new)) => {
            for (key, value) in new {
                match existing.get_mut(&key) {
                    None => {
                        existing.insert(key, value);
                    }
                    Some(Value::Array(list)) if matches!(key.as_str(), "allOf" | "anyOf" | "required") => {
                        if let Value::Array(more) = value {
                            for item in more {
                                if !(key == "required" && list.contains(&item)) {
                                    list.push(item);
                                }
                            }
                        }
                    }
                    Some(old @ Value::Object(_)) => merge(old, value),
                    Some(_) => {}
                }
            }
        }
        (existing @ Value::Null, new) => *existing = new,
        _ => {}
    }
}

/// Adds `leaf` at `pointer` inside `schema`: an object member for a name
/// token, the array's `items` for an index token (`/errors/0/code`: every
/// element of `errors` may be the first), creating the schemas on the way
/// and merging into ones already there.
pub fn place(schema: &mut Value, pointer: &str, leaf: Value) {
    let mut node = schema;
    for token in pointer_tokens(pointer) {
        if node.is_null() {
            *node = json!({});
        }
        let object = node.as_object_mut().expect("body nodes are schemas");
        node = if is_index(&token) && object.get("type").is_none_or(|t| t == "array") {
            object.entry("type").or_insert(json!("array"));
            object.entry("items").or_insert_with(|| json!({}))
        } else {
            object.entry("type").or_insert(json!("object"));
            let properties = object.entry("properties").or_insert_with(|| json!({}));
            properties.as_object_mut().expect("properties is an object").entry(token).or_insert(Value::Null)
        };
    }
    merge(node, leaf);
}

/// The body schema under construction: the top-level object, and one object
/// schema per selection for the locations that start with `@name`.
struct BodySchema<'a> {
    catalog: &'a Catalog,
    root: Value,
    selected: BTreeMap<String, Value>,
}

impl BodySchema<'_> {
    /// Adds `leaf` at a body location (README rule 18): a JSON Pointer, or
    /// `@name` and a pointer into the element that selection picks.
    fn place(&mut self, location: &str, leaf: Value) {
        match location.strip_prefix('@') {
            Some(rest) => {
                let (name, pointer) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
                let element = self.selected.entry(name.to_owned()).or_insert_with(|| json!({ "type": "object" }));
                place(element, pointer, leaf);
            }
            None => place(&mut self.root, location, leaf),
        }
    }

    /// Puts each selection's element schema into the array it selects from.
    fn finish(mut self, dialect: Dialect) -> Value {
        let mut arrays: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for selection in &self.catalog.envelope.selections {
            let Some(mut element) = self.selected.remove(&selection.name) else { continue };
            let description = format!("The element whose `{}` is `{}`.", selection.member, selection.equals);
            let alternative = match dialect {
                Dialect::JsonSchema => {
                    let test = json!({ "type": "object", "required": [selection.member], "properties": { &selection.member: { "const": selection.equals } } });
                    merge(&mut element, json!({ "description": description }));
                    json!({ "if": test, "then": element })
                }
                Dialect::OpenApi => {
                    let member = json!({ "type": "object", "required": [selection.member], "description": description, "properties": { &selection.member: { "type": "string", "enum": [selection.equals] } } });
                    merge(&mut element, member);
                    element
                }
            };
            arrays.entry(selection.array.as_str()).or_default().push(alternative);
        }
        for (array, alternatives) in arrays {
            let items = match dialect {
                Dialect::JsonSchema => json!({ "allOf": alternatives }),
                Dialect::OpenApi => {
                    let mut any = alternatives;
                    any.push(json!({ "description": "Any other element." }));
                    json!({ "anyOf": any })
                }
            };
            place(&mut self.root, array, json!({ "type": "array", "items": items }));
        }
        self.root
    }
}

/// The name of a sub-code's schema, e.g. `DeclineCode`; never one of the
/// schemas every document has.
pub fn subcode_schema_name(name: &str) -> String {
    let pascal = crate::case::pascal(name);
    if matches!(pascal.as_str(), "Code" | "ErrorCode" | "ErrorContext" | "ErrorResponse") { format!("{pascal}Subcode") } else { pascal }
}

/// The body of an error response as an object schema. `reference` turns a
/// schema name (`Code`, a sub-code's) into a reference in the dialect's
/// document.
pub fn envelope_body(catalog: &Catalog, dialect: Dialect, reference: impl Fn(&str) -> String) -> Value {
    let env = &catalog.envelope;
    let mut body = BodySchema {
        catalog,
        root: json!({ "type": "object", "description": format!("An error response of the {} API.", catalog.api.name) }),
        selected: BTreeMap::new(),
    };
    let code_schema = json!({ "$ref": reference("Code") });
    // The code first: where the code is also a standard member (a problem's
    // `type`), the reference stands alone and its schema says the rest.
    if let Some(code) = &env.code {
        body.place(code, code_schema.clone());
    }
    if env.kind == EnvelopeKind::Problem {
        body.place(
            "/type",
            json!({ "type": "string", "format": "uri-reference", "description": "A URI reference identifying the problem type (RFC 9457)." }),
        );
        body.place("/title", json!({ "type": "string", "description": "A short summary of the problem type." }));
        body.place("/detail", json!({ "type": "string", "description": "An explanation specific to this occurrence." }));
        body.place(
            "/instance",
            json!({ "type": "string", "format": "uri-reference", "description": "A URI reference identifying this occurrence." }),
        );
    }
    if let Some(flag) = &env.success_flag {
        body.place(flag, json!({ "type": "boolean", "description": "Always false on an error." }));
    }
    if let Some(details) = &env.details {
        body.place(details, json!({ "type": "object", "description": "Structured details about the error." }));
    }
    if let Some(context) = &env.context {
        let mut properties = Map::new();
        for field in &catalog.fields {
            let mut leaf = json!({ "type": field_type(field.ty), "description": field.description });
            if let Some(unit) = &field.unit {
                leaf["x-unit"] = json!(unit);
            }
            properties.insert(field.name.clone(), leaf);
        }
        if !properties.is_empty() {
            body.place(context, json!({ "type": "object", "properties": properties }));
        }
    }
    for message in &env.message {
        body.place(message, json!({ "type": "string", "description": "A human-readable message." }));
    }
    if let Some(status) = &env.status {
        body.place(status, json!({ "type": "integer", "minimum": 100, "maximum": 599, "description": "The HTTP status, repeated." }));
    }
    if let Some(field) = &env.field {
        body.place(field, json!({ "type": "string", "description": "The request field the error is about." }));
    }
    if let Some(request_id) = &env.request_id {
        body.place(request_id, json!({ "type": "string", "description": "Identifies the request; quote it to support." }));
    }
    if let Some(retry_after) = &env.retry_after {
        body.place(retry_after, json!({ "type": "number", "minimum": 0, "description": "Seconds to wait before retrying." }));
    }
    if let Some(retry_delay) = &env.retry_delay {
        body.place(
            retry_delay,
            json!({ "type": "string", "description": "How long to wait before retrying: a protobuf Duration, seconds followed by `s`, e.g. `30s` or `1.5s`." }),
        );
    }
    if let Some(domain) = &env.domain {
        body.place(
            domain,
            json!({ "type": "string", "description": "The logical grouping the error's code belongs to, e.g. a service name." }),
        );
    }
    if let Some(metadata) = &env.metadata {
        body.place(
            metadata,
            json!({ "type": "object", "additionalProperties": { "type": "string" }, "description": "More about the error, as string-valued members." }),
        );
    }
    for subcode in &catalog.subcodes {
        body.place(&subcode.at, json!({ "$ref": reference(&subcode_schema_name(&subcode.name)) }));
    }
    // Body values that put a response in a class (README rule 5).
    let mut conditions: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for class in &catalog.classes {
        for condition in &class.when {
            if let crate::resolve::ConditionSource::Body(at) = &condition.source {
                conditions.entry(at).or_default().push(format!("`{}`: {}", condition.equals, class.title));
            }
        }
    }
    for (at, values) in conditions {
        body.place(
            at,
            json!({ "type": "string", "description": format!("The kind of error; these values decide its class: {}.", values.join(", ")) }),
        );
    }
    if let Some(items) = &env.items {
        let mut item = json!({ "type": "object", "description": "One of the errors this response reports." });
        if let Some(code) = &items.code {
            place(&mut item, code, code_schema.clone());
        }
        for message in &items.message {
            place(&mut item, message, json!({ "type": "string", "description": "A human-readable message about this item." }));
        }
        if let Some(field) = &items.field {
            place(&mut item, field, json!({ "type": "string", "description": "The request field this item is about." }));
        }
        if let Some(location) = &items.location {
            place(
                &mut item,
                location,
                json!({ "type": "string", "description": "A JSON Pointer into the request, to what this item is about." }),
            );
        }
        body.place(&items.at, json!({ "type": "array", "description": "The errors this response reports, one per item.", "items": item }));
    }
    if let Some(timestamp) = &env.timestamp {
        body.place(timestamp, json!({ "type": "string", "format": "date-time", "description": "When the error occurred." }));
    }
    body.finish(dialect)
}

/// One line per code: what it means across the domains that define it.
pub fn code_description(catalog: &Catalog, code: &crate::resolve::Code) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(160);
    for (i, error) in catalog.definitions(code).enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        let _ = write!(text, "{} ({}, {}): {}", error.domain, error.status, error.class, error.description);
        if let Some(d) = &error.deprecated {
            let _ = write!(text, " Deprecated since {}", d.since);
            if let Some(r) = &d.replacement {
                let _ = write!(text, ": use {r}");
            }
            text.push('.');
        }
    }
    text
}

/// The error-response schema. Serialised directly: its code list is one
/// entry per code, and building it as a JSON tree first cost more than the
/// rest of the schema put together.
#[derive(Serialize)]
pub struct EnvelopeSchema<'a> {
    /// `$schema`, `$comment`, `$id`, `title`, then the envelope's body.
    #[serde(flatten)]
    head: Map<String, Value>,
    #[serde(rename = "$defs")]
    defs: Defs<'a>,
}

#[derive(Serialize)]
struct Defs<'a> {
    #[serde(rename = "Code")]
    code: CodeSchema<'a>,
    /// One open enum per sub-code, by [`subcode_schema_name`].
    #[serde(flatten)]
    subcodes: Map<String, Value>,
}

/// The codes the catalog documents, then any other value of the code's type:
/// a newer server may send codes this version does not list (README rule 3),
/// and a body carrying one is still a valid error response.
#[derive(Serialize)]
struct CodeSchema<'a> {
    description: String,
    #[serde(rename = "anyOf")]
    any_of: Vec<CodeAlternative<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum CodeAlternative<'a> {
    Known {
        #[serde(rename = "const")]
        code: CodeLiteral<'a>,
        description: String,
    },
    Other(Value),
}

/// A code as the body carries it: numeric codes are JSON integers.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CodeLiteral<'a> {
    Text(&'a str),
    Number(i64),
}

impl<'a> CodeLiteral<'a> {
    pub fn of(code: &'a crate::resolve::Code) -> Self {
        match code.numeric.then(|| code.code.parse().ok()).flatten() {
            Some(n) => Self::Number(n),
            None => Self::Text(&code.code),
        }
    }
}

/// The JSON type(s) of codes not listed: those of the listed ones (a string
/// when there are none).
pub fn other_code_types(catalog: &Catalog) -> Vec<&'static str> {
    let numeric = catalog.codes.iter().filter(|c| c.numeric).count();
    match (numeric, catalog.codes.len() - numeric) {
        (0, _) => vec!["string"],
        (_, 0) => vec!["integer"],
        _ => vec!["string", "integer"],
    }
}

/// What the open alternative of a code schema says.
pub fn other_code_description(catalog: &Catalog) -> &'static str {
    if catalog.envelope.kind == EnvelopeKind::Problem {
        "A problem type URI this version does not list; clients must accept it."
    } else {
        "A code this version does not list; clients must accept it."
    }
}

/// What a value listed in `envelope.no_code` means.
pub fn no_code_description(value: &str) -> String {
    if value == "about:blank" {
        "No problem type beyond the HTTP status (RFC 9457 §4.2.1): the error has no code.".to_owned()
    } else {
        format!("`{value}` means no particular code: the error has none.")
    }
}

/// A sub-code as a JSON Schema: its documented values, then any other string.
fn subcode_schema(subcode: &crate::resolve::Subcode) -> Value {
    let mut any_of: Vec<Value> = subcode.values.iter().map(|v| json!({ "const": v.value, "description": v.description })).collect();
    any_of.push(json!({ "type": "string", "description": "A value this version does not list; clients must accept it." }));
    json!({ "description": subcode.description, "anyOf": any_of })
}

pub fn envelope_schema(catalog: &Catalog) -> EnvelopeSchema<'_> {
    let mut head = Map::new();
    head.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    head.insert("$comment".into(), json!(generated_notice(catalog)));
    head.insert("$id".into(), json!(format!("{}-error-response.schema.json", catalog.api.id)));
    head.insert("title".into(), json!(format!("{} error response", catalog.api.name)));
    if let Value::Object(body) = envelope_body(catalog, Dialect::JsonSchema, |name| format!("#/$defs/{name}")) {
        head.extend(body);
    }
    let mut any_of: Vec<CodeAlternative<'_>> = catalog
        .codes
        .iter()
        .map(|c| CodeAlternative::Known { code: CodeLiteral::of(c), description: code_description(catalog, c) })
        .collect();
    any_of.extend(
        catalog.envelope.no_code.iter().map(|v| CodeAlternative::Known { code: CodeLiteral::Text(v), description: no_code_description(v) }),
    );
    let types = other_code_types(catalog);
    let mut other =
        json!({ "type": if types.len() == 1 { json!(types[0]) } else { json!(types) }, "description": other_code_description(catalog) });
    if catalog.envelope.kind == EnvelopeKind::Problem {
        other["format"] = json!("uri-reference");
    }
    any_of.push(CodeAlternative::Other(other));
    let code = CodeSchema {
        description: format!("The error codes of {} {}, open to codes a newer server may add.", catalog.api.name, catalog.api.version),
        any_of,
    };
    let subcodes = catalog.subcodes.iter().map(|s| (subcode_schema_name(&s.name), subcode_schema(s))).collect();
    EnvelopeSchema { head, defs: Defs { code, subcodes } }
}
