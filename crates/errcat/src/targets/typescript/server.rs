//! `src/server.ts` (the package's `./server` export): one typed builder per
//! listed error (per code and status), each the engine's emit plan
//! ([`crate::serve`]) printed as `body.put(...)` and `body.header(...)`
//! calls, and the `custom` escape hatch. Every statement is laid out the
//! way prettier prints it: flat when it fits, else one argument per line.

use std::collections::HashSet;

use askama::Template;

use super::names::{self, PRINT_WIDTH, doc_comment, string_literal};
use crate::artifacts::generated_notice;
use crate::case;
use crate::model::FieldType;
use crate::resolve::Catalog;
use crate::serve::{self, ErrorPlan, Shape, SlotKind, Source, Step};
use crate::targets::layout::{Expr, Style, atom, width};

#[derive(Template)]
#[template(path = "typescript/server.ts", escape = "none")]
pub struct ServerTs {
    pub notice: String,
    pub serve_imports: String,
    pub build_options: String,
    pub custom: String,
    pub builders: Vec<String>,
    /// The `BUILDERS` entries, laid out.
    pub table: String,
    /// The `OPTION_KEYS` map, laid out.
    pub option_keys: String,
}

/// prettier's print width and indent.
const PRETTIER: Style = Style { width: PRINT_WIDTH, step: 2 };

/// `head(args)`.
fn call(head: &str, args: Vec<Expr>) -> Expr {
    Expr::Group { head: head.to_owned(), open: '(', close: ')', items: args, lone_comma: false }
}

/// `[items]`.
fn array(items: Vec<Expr>) -> Expr {
    Expr::Group { head: String::new(), open: '[', close: ']', items, lone_comma: false }
}

/// `  call;` as a statement at indent 2.
fn statement(expr: &Expr) -> String {
    let mut out = String::from("  ");
    expr.layout(&mut out, PRETTIER, 2, 2, 1, false);
    out.push(';');
    out
}

fn path(steps: &[Step]) -> Expr {
    array(
        steps
            .iter()
            .map(|s| match s {
                Step::Key(key) => atom(string_literal(key)),
                Step::Index(i) => atom(i.to_string()),
                Step::Select { member, equals } => call("select", vec![atom(string_literal(member)), atom(string_literal(equals))]),
            })
            .collect(),
    )
}

fn ts_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::Boolean => "boolean",
        FieldType::Integer | FieldType::Number => "number",
    }
}

/// The option key of a context field, kept clear of `requestId` and
/// `retryAfterMs`.
fn option_key(field: &str) -> String {
    let key = names::field_ident(field);
    if key == "requestId" || key == "retryAfterMs" { format!("{key}_") } else { key }
}

/// What `server.ts` binds itself; a builder or options type of that name
/// gets a `_`.
const SERVER_NAMES: &[&str] =
    &["BUILDERS", "Body", "BuildOptions", "ErrorResponse", "OPTION_KEYS", "String", "custom", "retryAfterSeconds", "select"];

fn unreserved(name: String) -> String {
    // `shapeN` names the shapes' functions.
    let shape = name.strip_prefix("shape").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if shape || SERVER_NAMES.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// The header statements and the `return` of a builder.
fn finish(out: &mut String, plan_headers: (Option<&str>, &str), retry: String, status: &str, content_type: &str) {
    let (request_id, retry_after) = plan_headers;
    if let Some(name) = request_id {
        out.push_str(&statement(&call("body.header", vec![atom(string_literal(name)), atom("options.requestId")])));
        out.push('\n');
    }
    let delay = call("retryAfterSeconds", vec![atom(retry)]);
    out.push_str(&statement(&call("body.header", vec![atom(string_literal(retry_after)), delay])));
    out.push('\n');
    let mut ret = String::from("  return ");
    call("body.response", vec![atom(status), atom(string_literal(content_type))]).layout(&mut ret, PRETTIER, 2, 9, 1, false);
    out.push_str(&ret);
    out.push_str(";\n}");
}

fn signature(name: &str, params: &str) -> String {
    let line = format!("export function {name}({params}): ErrorResponse {{");
    if width(&line) <= PRINT_WIDTH { line } else { format!("export function {name}(\n  {params},\n): ErrorResponse {{") }
}

fn builder(plan: &ErrorPlan<'_>, name: &str) -> String {
    let error = plan.error;
    let mut out = String::new();
    let options_type = if plan.params.is_empty() && plan.fields.is_empty() {
        "BuildOptions".to_owned()
    } else {
        let ident = unreserved(format!("{}Options", case::pascal(&name.replace('_', " "))));
        out.push_str(&doc_comment(&format!("The inputs of {{@link {name}}}."), 0));
        out.push_str(&format!("export interface {ident} extends BuildOptions {{\n"));
        for (field, ty) in &plan.params {
            out.push_str(&format!("  readonly {}: {};\n", option_key(field), ts_type(*ty)));
        }
        for (field, ty) in &plan.fields {
            out.push_str(&format!("  readonly {}?: {};\n", option_key(field), ts_type(*ty)));
        }
        out.push_str("}\n\n");
        ident
    };
    let mut doc = format!("The `{}` error response (HTTP {}): {}", error.code, error.status, error.message);
    if let Some(s) = plan.default_retry_after_s {
        doc.push_str(&format!("\n\n`retryAfterMs` defaults to {}, the retry policy's first delay.", s * 1000));
    }
    out.push_str(&doc_comment(&doc, 0));
    let default = if plan.params.is_empty() { " = {}" } else { "" };
    out.push_str(&signature(name, &format!("options: {options_type}{default}")));
    if let Some(plain) = &plan.plain {
        // One call into the shape's function with this error's constants.
        let mut args = vec![atom(error.status.to_string()), atom(default_delay(plan)), atom("options")];
        args.extend(plain.values.iter().map(constant));
        let mut ret = String::from("\n  return ");
        call(&shape_name(plain.shape), args).layout(&mut ret, PRETTIER, 2, 9, 1, false);
        out.push_str(&ret);
        out.push_str(";\n}");
        return out;
    }
    out.push_str("\n  const body = new Body();\n");
    for w in &plan.writes {
        let value = match &w.source {
            Source::Text(text) => atom(string_literal(text)),
            Source::Integer(n) => atom(n.to_string()),
            Source::Bool(b) => atom(b.to_string()),
            Source::Template(_) => {
                let literal = names::template_literal(&error.message, &error.params, |param| {
                    let ty = plan.params.iter().find(|(p, _)| p == param).map_or(FieldType::String, |(_, t)| *t);
                    let key = option_key(param);
                    if ty == FieldType::String { format!("options.{key}") } else { format!("String(options.{key})") }
                });
                atom(format!("`{literal}`"))
            }
            Source::RequestId => atom("options.requestId"),
            Source::Slot(_) => unreachable!("slots are only in shapes, and plain errors call theirs"),
            Source::CustomCode => atom("code"),
            Source::CustomStatus => atom("status"),
            Source::CustomMessage => atom("message"),
            Source::Context { field, .. } => atom(format!("options.{}", option_key(field))),
        };
        out.push_str(&statement(&call("body.put", vec![path(&w.path), value])));
        out.push('\n');
    }
    let retry = match plan.default_retry_after_s {
        Some(s) => format!("options.retryAfterMs ?? {}", s * 1000),
        None => "options.retryAfterMs".to_owned(),
    };
    finish(&mut out, (plan.request_id_header.as_deref(), &plan.retry_after_header), retry, &error.status.to_string(), &plan.content_type);
    out
}

/// A constant of a plain error, as the literal its shape's slot takes.
fn constant(source: &Source) -> Expr {
    match source {
        Source::Text(text) => atom(string_literal(text)),
        Source::Integer(n) => atom(n.to_string()),
        Source::Bool(b) => atom(b.to_string()),
        other => unreachable!("a plain error's constants are literals, not {other:?}"),
    }
}

/// The default delay a builder passes on: the retry policy's first delay
/// in ms, or `undefined`.
fn default_delay(plan: &ErrorPlan<'_>) -> String {
    plan.default_retry_after_s.map_or_else(|| "undefined".to_owned(), |s| (s * 1000).to_string())
}

/// The private function of shape `n`.
fn shape_name(n: usize) -> String {
    format!("shape{n}")
}

/// `shapeN`: the response of every plain error laid out as `shape`, from the
/// status, the default delay, the options and the error's constants (README
/// "Serving errors": the bytes are those of the error's own builder). The
/// envelope-wide header names and content type come from `plan`, any error
/// of the catalog.
fn shape_function(shape: &Shape, n: usize, plan: &ErrorPlan<'_>) -> String {
    let where_to: Vec<String> = shape
        .writes
        .iter()
        .filter_map(|w| match w.source {
            Source::Slot(i) => Some(format!("`value{i}` at `{}`", path_text(&w.path))),
            _ => None,
        })
        .collect();
    let mut out = doc_comment(
        &format!(
            "The response of every listed error whose body holds constants only (and the\nrequest id): {}.",
            if where_to.is_empty() { "none".to_owned() } else { where_to.join(", ") }
        ),
        0,
    );
    let mut params = vec!["status: number".to_owned(), "retryAfterMs: number | undefined".to_owned(), "options: BuildOptions".to_owned()];
    params.extend(shape.slots.iter().enumerate().map(|(i, kind)| {
        let ty = match kind {
            SlotKind::Text => "string",
            SlotKind::Integer => "number",
            SlotKind::Bool => "boolean",
        };
        format!("value{i}: {ty}")
    }));
    let name = shape_name(n);
    let line = format!("function {name}({}): ErrorResponse {{", params.join(", "));
    if width(&line) <= PRINT_WIDTH {
        out.push_str(&line);
    } else {
        out.push_str(&format!("function {name}(\n"));
        for p in &params {
            out.push_str(&format!("  {p},\n"));
        }
        out.push_str("): ErrorResponse {");
    }
    out.push_str("\n  const body = new Body();\n");
    for w in &shape.writes {
        let value = match &w.source {
            Source::Slot(i) => atom(format!("value{i}")),
            Source::RequestId => atom("options.requestId"),
            other => unreachable!("a shape writes slots and the request id, not {other:?}"),
        };
        out.push_str(&statement(&call("body.put", vec![path(&w.path), value])));
        out.push('\n');
    }
    finish(
        &mut out,
        (plan.request_id_header.as_deref(), &plan.retry_after_header),
        "options.retryAfterMs ?? retryAfterMs".to_owned(),
        "status",
        &plan.content_type,
    );
    out
}

/// A body path in words, for doc comments: `reason`, `error/code`.
fn path_text(steps: &[Step]) -> String {
    let parts: Vec<String> = steps
        .iter()
        .map(|s| match s {
            Step::Key(key) => key.replace('`', "'"),
            Step::Index(i) => i.to_string(),
            Step::Select { member, equals } => format!("[{member} = {equals}]").replace('`', "'"),
        })
        .collect();
    parts.join("/")
}

fn builder_name(code_name: &str, status: u16, several: bool) -> String {
    let base = if several { format!("{code_name}_{status}") } else { code_name.to_owned() };
    unreserved(names::escape_ident(&case::camel(&base)))
}

fn custom_builder(catalog: &Catalog) -> String {
    let env = &catalog.envelope;
    let mut out = doc_comment(
        "Escape hatch: a response in the API's envelope for any status, code and\n\
         message, listed or not. Prefer the typed builders, which cannot send a\n\
         code or status the catalog does not list.",
        0,
    );
    let writes = serve::custom_writes(catalog);
    // Without a code in the envelope, a code could go nowhere.
    let code = if writes.iter().any(|w| w.source == Source::CustomCode) { "\n  code: string | number | undefined," } else { "" };
    out.push_str(&format!(
        "export function custom(\n  status: number,{code}\n  message: string,\n  \
         options: BuildOptions = {{}},\n): ErrorResponse {{\n  const body = new Body();\n",
    ));
    for w in writes {
        let value = match &w.source {
            Source::CustomCode => "code".to_owned(),
            Source::CustomStatus => "status".to_owned(),
            Source::CustomMessage => "message".to_owned(),
            Source::RequestId => "options.requestId".to_owned(),
            Source::Bool(b) => b.to_string(),
            Source::Text(text) => string_literal(text),
            Source::Integer(n) => n.to_string(),
            // The escape hatch's plan carries no error's values.
            Source::Template(_) | Source::Context { .. } | Source::Slot(_) => continue,
        };
        out.push_str(&statement(&call("body.put", vec![path(&w.path), atom(value)])));
        out.push('\n');
    }
    let content_type = env.content_types.first().map_or("application/json", String::as_str);
    finish(
        &mut out,
        (env.headers.request_id.first().map(String::as_str), &env.headers.retry_after),
        "options.retryAfterMs".into(),
        "status",
        content_type,
    );
    out
}

impl ServerTs {
    pub fn new(catalog: &Catalog, plan: &serve::Plan<'_>) -> Self {
        // Rule 4: a later definition at the same status never applies.
        let mut built: HashSet<(&str, u16)> = HashSet::new();
        let errors: Vec<&ErrorPlan<'_>> = plan.errors.iter().filter(|p| built.insert((p.error.code.as_str(), p.error.status))).collect();
        // Each shape's function, before the builders that call it: the first
        // error of the shape gives the header names and content type, which
        // are the same for every error.
        let mut builders: Vec<String> = plan
            .shapes
            .iter()
            .enumerate()
            .filter_map(|(n, shape)| {
                let user = errors.iter().find(|p| p.plain.as_ref().is_some_and(|plain| plain.shape == n))?;
                Some(shape_function(shape, n, user))
            })
            .collect();
        let mut entries = Vec::new();
        let per_code = plan.builders_per_code();
        for p in errors {
            let several = per_code.get(p.error.code.as_str()).is_some_and(|&n| n > 1);
            let name = builder_name(&p.error.name, p.error.status, several);
            builders.push(builder(p, &name));
            let entry = array(vec![atom(string_literal(&format!("{} {}", p.error.code, p.error.status))), atom(name)]);
            let mut text = String::from("  ");
            entry.layout(&mut text, PRETTIER, 2, 2, 1, false);
            entries.push(text);
        }
        let takes_request_id = !catalog.envelope.headers.request_id.is_empty() || catalog.envelope.request_id.is_some();
        let mut build_options = doc_comment("The inputs every builder takes.", 0);
        build_options.push_str("export interface BuildOptions {\n");
        if takes_request_id {
            build_options.push_str("  /** The request id to send back. */\n  readonly requestId?: string;\n");
        }
        build_options.push_str(&format!(
            "  /** A delay to ask for, sent in `{}` in whole seconds, rounded up. */\n  readonly retryAfterMs?: number;\n}}",
            catalog.envelope.headers.retry_after
        ));
        let keys: Vec<String> = catalog
            .fields
            .iter()
            .map(|f| {
                let mut text = String::from("  ");
                array(vec![atom(string_literal(&f.name)), atom(string_literal(&option_key(&f.name)))])
                    .layout(&mut text, PRETTIER, 2, 2, 1, false);
                text
            })
            .collect();
        let option_keys = match keys.len() {
            0 => "new Map()".to_owned(),
            _ => format!("new Map([\n{},\n])", keys.join(",\n")),
        };
        let serve_imports = if builders.iter().any(|b| b.contains("select(")) || custom_builder(catalog).contains("select(") {
            "{\n  Body,\n  retryAfterSeconds,\n  select,\n  type ErrorResponse,\n}"
        } else {
            "{ Body, retryAfterSeconds, type ErrorResponse }"
        };
        ServerTs {
            notice: generated_notice(catalog),
            serve_imports: serve_imports.to_owned(),
            build_options,
            custom: custom_builder(catalog),
            builders,
            table: entries.join(",\n"),
            option_keys,
        }
    }
}
