//! An OpenAPI 3.0 document holding only `components`: the envelope and code
//! enum as schemas, one response per status with an example per code, and
//! the Retry-After and request-id headers. API documents `$ref` into it.

use openapiv3::{
    Components, Header, HeaderStyle, Info, IntegerFormat, IntegerType, MediaType, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Response,
    Schema, SchemaData, SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{Value, json};

use super::jsonschema::{
    CodeLiteral, Dialect, code_description, envelope_body, field_type, no_code_description, other_code_types, subcode_schema_name,
};
use super::{Examples, generated_notice};
use crate::Error;
use crate::model::EnvelopeKind;
use crate::resolve::{Catalog, ConditionSource};

fn schema(value: Value) -> Result<Schema, Error> {
    serde_json::from_value(value).map_err(|e| Error::Render(format!("OpenAPI schema: {e}")))
}

fn reference(kind: &str, name: &str) -> String {
    format!("#/components/{kind}/{name}")
}

fn header(description: String, value: Value) -> Result<ReferenceOr<Header>, Error> {
    Ok(ReferenceOr::Item(Header {
        description: Some(description),
        style: HeaderStyle::Simple,
        required: false,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema(value)?)),
        example: None,
        examples: Default::default(),
        extensions: Default::default(),
    }))
}

/// `Retry-After` → `RetryAfter`, `x-request-id` → `XRequestId`.
fn component_name(header: &str) -> String {
    crate::case::pascal(header)
}

pub fn document(catalog: &Catalog) -> Result<OpenAPI, Error> {
    let env = &catalog.envelope;
    let mut components = Components::default();

    // Built from openapiv3's types directly: with one entry per code, going
    // through a JSON tree and back cost more than the rest of the schema.
    // Open, not an `enum`: a newer server may send codes this version does
    // not list, and a listed set would make every new code a breaking change
    // for the tools that diff OpenAPI documents (`x-extensible-enum`).
    let mut data = SchemaData {
        description: Some(format!(
            "The error codes of {} {}. Clients must accept codes not listed here.",
            catalog.api.name, catalog.api.version
        )),
        ..Default::default()
    };
    let mut known: Vec<Value> =
        catalog.codes.iter().map(|c| serde_json::to_value(CodeLiteral::of(c)).expect("a code serialises")).collect();
    known.extend(env.no_code.iter().map(|v| Value::String(v.clone())));
    let mut descriptions: Vec<Value> = catalog.codes.iter().map(|c| Value::String(code_description(catalog, c))).collect();
    descriptions.extend(env.no_code.iter().map(|v| Value::String(no_code_description(v))));
    data.extensions.insert("x-extensible-enum".into(), Value::Array(known));
    data.extensions.insert("x-enum-descriptions".into(), Value::Array(descriptions));
    let string = || {
        let format = if env.kind == EnvelopeKind::Problem {
            VariantOrUnknownOrEmpty::Unknown("uri-reference".to_owned())
        } else {
            VariantOrUnknownOrEmpty::Empty
        };
        SchemaKind::Type(Type::String(StringType { format, ..Default::default() }))
    };
    let integer = || {
        SchemaKind::Type(Type::Integer(IntegerType { format: VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64), ..Default::default() }))
    };
    let schema_kind = match other_code_types(catalog).as_slice() {
        ["string"] => string(),
        ["integer"] => integer(),
        _ => SchemaKind::AnyOf {
            any_of: vec![
                ReferenceOr::Item(Schema { schema_data: SchemaData::default(), schema_kind: string() }),
                ReferenceOr::Item(Schema { schema_data: SchemaData::default(), schema_kind: integer() }),
            ],
        },
    };
    let code = Schema { schema_data: data, schema_kind };
    components.schemas.insert("ErrorCode".into(), ReferenceOr::Item(code));
    for subcode in &catalog.subcodes {
        let values: Vec<&str> = subcode.values.iter().map(|v| v.value.as_str()).collect();
        let descriptions: Vec<&str> = subcode.values.iter().map(|v| v.description.as_str()).collect();
        let value = json!({
            "type": "string",
            "description": format!("{} Clients must accept values not listed here.", subcode.description),
            "x-extensible-enum": values,
            "x-enum-descriptions": descriptions,
        });
        components.schemas.insert(subcode_schema_name(&subcode.name), ReferenceOr::Item(schema(value)?));
    }
    let context: serde_json::Map<String, Value> =
        catalog.fields.iter().map(|f| (f.name.clone(), json!({ "type": field_type(f.ty), "description": f.description }))).collect();
    if !context.is_empty() {
        components.schemas.insert(
            "ErrorContext".into(),
            ReferenceOr::Item(schema(
                json!({ "type": "object", "description": "Typed context fields an error may carry.", "properties": context }),
            )?),
        );
    }
    let body = envelope_body(catalog, Dialect::OpenApi, |name| reference("schemas", if name == "Code" { "ErrorCode" } else { name }));
    components.schemas.insert("ErrorResponse".into(), ReferenceOr::Item(schema(body)?));

    let mut response_headers = indexmap::IndexMap::new();
    let retry_after = component_name(&env.headers.retry_after);
    components.headers.insert(
        retry_after.clone(),
        header("How long to wait before retrying: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).".into(), json!({ "type": "string" }))?,
    );
    response_headers.insert(env.headers.retry_after.clone(), ReferenceOr::ref_(&reference("headers", &retry_after)));
    if let Some(ms) = &env.headers.retry_after_ms {
        let name = component_name(ms);
        components.headers.insert(
            name.clone(),
            header("How long to wait before retrying, in milliseconds.".into(), json!({ "type": "integer", "minimum": 0 }))?,
        );
        response_headers.insert(ms.clone(), ReferenceOr::ref_(&reference("headers", &name)));
    }
    for id in &env.headers.request_id {
        let name = component_name(id);
        components
            .headers
            .insert(name.clone(), header("Identifies the request; quote it to support.".into(), json!({ "type": "string" }))?);
        response_headers.insert(id.clone(), ReferenceOr::ref_(&reference("headers", &name)));
    }
    if let Some(should) = &env.headers.should_retry {
        let name = component_name(should);
        components.headers.insert(
            name.clone(),
            header(
                "`true` or `false`: whether the client should retry, overriding the status.".into(),
                json!({ "type": "string", "enum": ["true", "false"] }),
            )?,
        );
        response_headers.insert(should.clone(), ReferenceOr::ref_(&reference("headers", &name)));
    }

    if let Some(at) = &env.headers.retry_at {
        let name = component_name(at);
        components.headers.insert(
            name.clone(),
            header("When a retry may be made, in seconds since the Unix epoch.".into(), json!({ "type": "integer", "minimum": 0 }))?,
        );
        response_headers.insert(at.clone(), ReferenceOr::ref_(&reference("headers", &name)));
    }
    // Headers that put a response in a class (README rule 5), one
    // description per header naming each value and its class.
    let mut conditions: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for class in &catalog.classes {
        for condition in &class.when {
            if let ConditionSource::Header(name) = &condition.source {
                conditions.entry(name).or_default().push(format!("`{}` → {}", condition.equals, class.title));
            }
        }
    }
    for (name, classes) in conditions {
        let component = component_name(name);
        if components.headers.contains_key(&component) {
            continue;
        }
        components
            .headers
            .insert(component.clone(), header(format!("Decides the kind of error: {}.", classes.join(", ")), json!({ "type": "string" }))?);
        response_headers.insert(name.to_owned(), ReferenceOr::ref_(&reference("headers", &component)));
    }

    let bodies = Examples::new(catalog);
    for status in catalog.statuses() {
        let class = catalog.class_for_status(status);
        let mut description = class.map_or_else(|| format!("Error {status}"), |c| format!("{}: {}", c.title, c.description));
        let errors: Vec<_> = catalog.errors().filter(|e| e.status == status).collect();
        if !errors.is_empty() {
            description.push_str(&format!(" Codes: {}.", errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(", ")));
        }
        let mut examples = indexmap::IndexMap::new();
        for error in &errors {
            let key = format!("{}.{}", error.domain, error.code);
            examples.insert(
                key,
                ReferenceOr::Item(openapiv3::Example {
                    summary: Some(error.message.clone()),
                    description: (error.description != error.message).then(|| error.description.clone()),
                    value: Some(bodies.body(error)),
                    external_value: None,
                    extensions: Default::default(),
                }),
            );
        }
        // Every content type shows the same examples: the last one takes
        // them, the others a copy (there is usually just one).
        let mut content = indexmap::IndexMap::new();
        for (i, ct) in env.content_types.iter().enumerate() {
            let examples = if i + 1 == env.content_types.len() { std::mem::take(&mut examples) } else { examples.clone() };
            let media =
                MediaType { schema: Some(ReferenceOr::ref_(&reference("schemas", "ErrorResponse"))), examples, ..Default::default() };
            content.insert(ct.clone(), media);
        }
        components.responses.insert(
            format!("Error{status}"),
            ReferenceOr::Item(Response { description, headers: response_headers.clone(), content, ..Default::default() }),
        );
    }

    let mut info = Info {
        title: format!("{} errors", catalog.api.name),
        version: catalog.api.version.clone(),
        description: Some(
            format!("Error components of the {} API. {}", catalog.api.name, catalog.api.description.clone().unwrap_or_default())
                .trim_end()
                .to_owned(),
        ),
        ..Default::default()
    };
    info.extensions.insert("x-generated".into(), json!(generated_notice(catalog)));
    Ok(OpenAPI { openapi: "3.0.3".into(), info, components: Some(components), ..Default::default() })
}
