//! JSON Schemas (draft 2020-12): the error-response envelope with its code
//! enum, and the spec format itself (from the `model` types, via schemars).

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

/// Adds `leaf` at `pointer` in an object schema, creating nested object
/// schemas on the way and merging into ones already there.
pub fn place(schema: &mut Value, pointer: &str, leaf: Value) {
    let mut node = schema;
    for token in pointer_tokens(pointer) {
        let object = node.as_object_mut().expect("envelope nodes are object schemas");
        object.entry("type").or_insert(json!("object"));
        let properties = object.entry("properties").or_insert_with(|| json!({}));
        node = properties.as_object_mut().expect("properties is an object").entry(token).or_insert_with(|| json!({}));
    }
    match (node.as_object_mut(), leaf) {
        (Some(existing), Value::Object(new)) => {
            for (k, v) in new {
                if k == "properties" {
                    let props = existing.entry("properties").or_insert_with(|| json!({}));
                    if let (Some(p), Value::Object(v)) = (props.as_object_mut(), v) {
                        p.extend(v);
                    }
                } else {
                    // The first definition of a location wins, so the
                    // standard members' descriptions survive later leaves.
                    existing.entry(k).or_insert(v);
                }
            }
        }
        (_, leaf) => *node = leaf,
    }
}

/// The body of an error response as an object schema. `code_schema` is what
/// the code location holds (a `$ref` to the code enum, in either dialect).
pub fn envelope_body(catalog: &Catalog, code_schema: Value) -> Value {
    let env = &catalog.envelope;
    let mut schema = json!({ "type": "object", "description": format!("An error response of the {} API.", catalog.api.name) });
    if env.kind == EnvelopeKind::Problem {
        place(
            &mut schema,
            "/type",
            json!({ "type": "string", "format": "uri-reference", "description": "A URI reference identifying the problem type (RFC 9457)." }),
        );
        place(&mut schema, "/title", json!({ "type": "string", "description": "A short summary of the problem type." }));
        place(&mut schema, "/detail", json!({ "type": "string", "description": "An explanation specific to this occurrence." }));
        place(
            &mut schema,
            "/instance",
            json!({ "type": "string", "format": "uri-reference", "description": "A URI reference identifying this occurrence." }),
        );
    }
    if let Some(flag) = &env.success_flag {
        place(&mut schema, flag, json!({ "type": "boolean", "description": "Always false on an error." }));
    }
    if let Some(details) = &env.details {
        place(&mut schema, details, json!({ "type": "object", "description": "Structured details about the error." }));
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
            place(&mut schema, context, json!({ "type": "object", "properties": properties }));
        }
    }
    if let Some(code) = &env.code {
        place(&mut schema, code, code_schema);
    }
    for message in &env.message {
        place(&mut schema, message, json!({ "type": "string", "description": "A human-readable message." }));
    }
    if let Some(status) = &env.status {
        place(
            &mut schema,
            status,
            json!({ "type": "integer", "minimum": 100, "maximum": 599, "description": "The HTTP status, repeated." }),
        );
    }
    if let Some(field) = &env.field {
        place(&mut schema, field, json!({ "type": "string", "description": "The request field the error is about." }));
    }
    if let Some(request_id) = &env.request_id {
        place(&mut schema, request_id, json!({ "type": "string", "description": "Identifies the request; quote it to support." }));
    }
    if let Some(retry_after) = &env.retry_after {
        place(&mut schema, retry_after, json!({ "type": "number", "minimum": 0, "description": "Seconds to wait before retrying." }));
    }
    if let Some(timestamp) = &env.timestamp {
        place(&mut schema, timestamp, json!({ "type": "string", "format": "date-time", "description": "When the error occurred." }));
    }
    schema
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
}

#[derive(Serialize)]
struct CodeSchema<'a> {
    description: String,
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(rename = "oneOf", skip_serializing_if = "Vec::is_empty")]
    one_of: Vec<CodeConst<'a>>,
}

#[derive(Serialize)]
struct CodeConst<'a> {
    #[serde(rename = "const")]
    code: &'a str,
    description: String,
}

pub fn envelope_schema(catalog: &Catalog) -> EnvelopeSchema<'_> {
    let mut head = Map::new();
    head.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    head.insert("$comment".into(), json!(generated_notice(catalog)));
    head.insert("$id".into(), json!(format!("{}-error-response.schema.json", catalog.api.id)));
    head.insert("title".into(), json!(format!("{} error response", catalog.api.name)));
    if let Value::Object(body) = envelope_body(catalog, json!({ "$ref": "#/$defs/Code" })) {
        head.extend(body);
    }
    let one_of = catalog.codes.iter().map(|c| CodeConst { code: &c.code, description: code_description(catalog, c) }).collect();
    let code =
        CodeSchema { description: format!("The error codes of {} {}.", catalog.api.name, catalog.api.version), ty: "string", one_of };
    EnvelopeSchema { head, defs: Defs { code } }
}
