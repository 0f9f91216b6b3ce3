//! `server.go`: the engine's emit plan ([`crate::serve`]) printed as Go: a
//! `New<Error>Response` function per buildable error, the `ResponseFor`
//! dispatch and the `NewCustomResponse` escape hatch. Every statement is
//! computed here; the template only prints them.

use super::names::{camel, doc_comment, field_name, pascal, string_lit};
use crate::artifacts::generated_notice;
use crate::model::FieldType;
use crate::resolve::Catalog;
use crate::serve::{self, ErrorPlan, Piece, Shape, SlotKind, Source, Step, Write};

/// The locals and parameters every builder has besides the error's own.
const LOCALS: &[&str] = &["options", "ctx", "body", "message"];

pub struct ServerView {
    pub notice: String,
    pub package: String,
    /// One private function per shape of the plain errors (README rule 24
    /// holds for each: it prints exactly what the error's writes would).
    pub shapes: Vec<ShapeView>,
    pub builders: Vec<BuilderView>,
    /// The `case` clauses of `ResponseFor` for the errors that are not
    /// plain, each with its statements.
    pub dispatch: Vec<String>,
    /// The plain errors' rows of the `plainResponders` table, sorted by
    /// code and then status, for `ResponseFor`'s binary search.
    pub responders: Vec<String>,
    /// The statements of `NewCustomResponse`.
    pub custom: Vec<String>,
    /// The arguments of its `finish` call before `options, body`.
    pub custom_finish: String,
    /// Whether some path has an index step, or a selection.
    pub uses_index: bool,
    pub uses_select: bool,
}

pub struct BuilderView {
    pub name: String,
    /// Doc comment.
    pub doc: String,
    /// The parameter list.
    pub params: String,
    /// For a plain error, the call into its shape's function that is its
    /// whole body; else `statements` and `finish`.
    pub call: Option<String>,
    pub statements: Vec<String>,
    pub finish: String,
}

pub struct ShapeView {
    pub name: String,
    /// Doc comment.
    pub doc: String,
    /// The parameter list: the slots, then `status int, defaultDelaySeconds
    /// int64, options ResponseOptions`.
    pub params: String,
    pub statements: Vec<String>,
    /// The arguments of its `finish` call before `options, body`.
    pub finish: String,
}

/// A shape's function: `plainResponse<i>`.
fn shape_name(index: usize) -> String {
    format!("plainResponse{index}")
}

/// A shape's `i`-th slot parameter.
fn slot_ident(i: usize) -> String {
    format!("v{i}")
}

fn slot_type(kind: SlotKind) -> &'static str {
    match kind {
        SlotKind::Text => "string",
        SlotKind::Integer => "int64",
        SlotKind::Bool => "bool",
    }
}

/// A constant as the argument of a shape's slot.
fn slot_value(source: &Source) -> String {
    match source {
        Source::Text(text) => string_lit(text),
        Source::Integer(n) => n.to_string(),
        Source::Bool(b) => b.to_string(),
        other => unreachable!("a plain error's slot value is a constant, not {other:?}"),
    }
}

/// The JSON path of a write as a reader sees it: `/error/code`.
fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                out.push('/');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("/{i}")),
            Step::Select { member, equals } => out.push_str(&format!("/[{member}={equals}]")),
        }
    }
    out
}

/// `first` is the first plain error of the shape: the envelope-wide values
/// (content type, request-id and retry-after headers) are its.
fn shape_view(index: usize, shape: &Shape, first: &ErrorPlan<'_>) -> ShapeView {
    let name = shape_name(index);
    let targets: Vec<String> = shape
        .writes
        .iter()
        .filter_map(|w| match w.source {
            Source::Slot(i) => Some(format!("{} at {}", slot_ident(i), path_text(&w.path))),
            _ => None,
        })
        .collect();
    let mut lines = vec![format!(
        "{name} builds the response of every plain error (no template parameters, no context fields) whose body has this layout{}.",
        if targets.is_empty() { String::new() } else { format!(": {}", targets.join(", ")) }
    )];
    lines.push("Each New...Response function of such an error is a call with its own values.".to_owned());
    let doc = doc_comment(&lines, "");
    let mut params: Vec<String> = shape.slots.iter().enumerate().map(|(i, k)| format!("{} {}", slot_ident(i), slot_type(*k))).collect();
    params.extend(["status int".to_owned(), "defaultDelaySeconds int64".to_owned(), "options ResponseOptions".to_owned()]);
    let finish = format!(
        "status, {}, {}, {}, defaultDelaySeconds",
        string_lit(&first.content_type),
        string_lit(first.request_id_header.as_deref().unwrap_or("")),
        string_lit(&first.retry_after_header),
    );
    ShapeView { name, doc, params: params.join(", "), statements: shape.writes.iter().map(statement).collect(), finish }
}

fn go_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::Integer => "int64",
        FieldType::Number => "float64",
        FieldType::Boolean => "bool",
    }
}

fn param_ident(name: &str) -> String {
    let ident = camel(name);
    if LOCALS.contains(&ident.as_str()) { format!("{ident}_") } else { ident }
}

fn path_literal(path: &[Step]) -> String {
    let steps: Vec<String> = path
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("key({})", string_lit(key)),
            Step::Index(i) => format!("index({i})"),
            Step::Select { member, equals } => format!("selecting({}, {})", string_lit(member), string_lit(equals)),
        })
        .collect();
    format!("[]step{{{}}}", steps.join(", "))
}

fn param_text(name: &str, ty: FieldType) -> String {
    let ident = param_ident(name);
    match ty {
        FieldType::String => ident,
        FieldType::Integer => format!("strconv.FormatInt({ident}, 10)"),
        FieldType::Boolean => format!("strconv.FormatBool({ident})"),
        FieldType::Number => format!("numberText({ident})"),
    }
}

fn statement(write: &Write) -> String {
    let path = path_literal(&write.path);
    let set = |value: &str| format!("\tbody = set(body, {path}, {value})");
    match &write.source {
        Source::Text(text) => set(&string_lit(text)),
        Source::Integer(n) => set(&format!("int64({n})")),
        Source::Bool(b) => set(&b.to_string()),
        // Filled in once, by `message_statement`.
        Source::Template(_) => set("message"),
        Source::RequestId => format!("\tif options.RequestID != \"\" {{\n\t\tbody = set(body, {path}, options.RequestID)\n\t}}"),
        Source::Context { field, required: true, .. } => set(&param_ident(field)),
        Source::Context { field, .. } => {
            let f = field_name(field);
            format!("\tif ctx.{f} != nil {{\n\t\tbody = set(body, {path}, *ctx.{f})\n\t}}")
        }
        Source::Slot(i) => set(&slot_ident(*i)),
        Source::CustomCode => set("code"),
        Source::CustomStatus => set("int64(status)"),
        Source::CustomMessage => set("message"),
    }
}

/// `message := …`, the template filled in, when a write needs it: a
/// statement of its own, where gofmt keeps the spaces around `+`.
fn message_statement(catalog: &Catalog, writes: &[Write]) -> Option<String> {
    writes.iter().find_map(|w| match &w.source {
        Source::Template(pieces) => {
            let parts: Vec<String> = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(text) => string_lit(text),
                    Piece::Param(name) => param_text(name, catalog.field(name).map_or(FieldType::String, |f| f.ty)),
                })
                .collect();
            Some(format!("\tmessage := {}", parts.join(" + ")))
        }
        _ => None,
    })
}

fn finish_args(p: &ErrorPlan<'_>) -> String {
    format!(
        "{}, {}, {}, {}, {}",
        p.error.status,
        string_lit(&p.content_type),
        string_lit(p.request_id_header.as_deref().unwrap_or("")),
        string_lit(&p.retry_after_header),
        p.default_retry_after_s.map_or_else(|| "-1".to_owned(), |s| s.to_string()),
    )
}

impl ServerView {
    pub fn new(catalog: &Catalog, plan: &serve::Plan<'_>, package: &str) -> Self {
        let per_code = plan.builders_per_code();
        let several = |code: &str| per_code.get(code).is_some_and(|&n| n > 1);
        let mut builders = Vec::new();
        let mut dispatch = Vec::new();
        let mut responders: Vec<(&str, u16, String)> = Vec::new();
        let mut shape_firsts: Vec<Option<&ErrorPlan<'_>>> = vec![None; plan.shapes.len()];
        for p in &plan.errors {
            let error = p.error;
            let mut name = format!("New{}", pascal(&error.name));
            if several(&error.code) {
                name.push_str(&error.status.to_string());
            }
            name.push_str("Response");
            if name == "NewCustomResponse" {
                name = format!("New{}ErrorResponse", pascal(&error.name));
            }
            let usage = match (p.params.is_empty(), p.fields.is_empty()) {
                (true, true) => None,
                (false, true) => Some("Its template parameters are its arguments."),
                (true, false) => Some("Of ctx, only the error's own context fields are sent."),
                (false, false) => Some("Its template parameters are its arguments; of ctx, only the error's own context fields are sent."),
            };
            let summary = format!("{name} builds the response for {} (HTTP {}): {}", error.code, error.status, error.message);
            let doc = doc_comment(&std::iter::once(summary).chain(usage.map(str::to_owned)).collect::<Vec<_>>(), "");
            let mut params: Vec<String> = p.params.iter().map(|(n, ty)| format!("{} {}", param_ident(n), go_type(*ty))).collect();
            if !p.fields.is_empty() {
                params.push("ctx Context".into());
            }
            params.push("options ResponseOptions".into());
            let code_const = super::names::code_const(&error.name);
            if let Some(plain) = &p.plain {
                // The shape's function does it all; ResponseFor finds the
                // builder in plainResponders.
                let mut args: Vec<String> = plain.values.iter().map(slot_value).collect();
                args.push(error.status.to_string());
                args.push(p.default_retry_after_s.map_or_else(|| "-1".to_owned(), |s| s.to_string()));
                args.push("options".into());
                if shape_firsts[plain.shape].is_none() {
                    shape_firsts[plain.shape] = Some(p);
                }
                responders.push((error.code.as_str(), error.status, format!("\t{{{code_const}, {}, {name}}},", error.status)));
                let call = Some(format!("{}({})", shape_name(plain.shape), args.join(", ")));
                builders.push(BuilderView { doc, params: params.join(", "), call, statements: Vec::new(), finish: String::new(), name });
                continue;
            }
            let statements = message_statement(catalog, &p.writes).into_iter().chain(p.writes.iter().map(statement)).collect();
            // ResponseFor: the parameters from ctx, required.
            let mut clause = format!("\tcase code == {code_const} && status == {}:\n", error.status);
            let mut args = Vec::new();
            for (param, _) in &p.params {
                let f = field_name(param);
                clause.push_str(&format!("\t\tif ctx.{f} == nil {{\n\t\t\treturn nil, false\n\t\t}}\n"));
                args.push(format!("*ctx.{f}"));
            }
            if !p.fields.is_empty() {
                args.push("ctx".into());
            }
            args.push("options".into());
            clause.push_str(&format!("\t\treturn {name}({}), true", args.join(", ")));
            dispatch.push(clause);
            builders.push(BuilderView { doc, params: params.join(", "), call: None, statements, finish: finish_args(p), name });
        }
        // Sorted as Go compares strings: bytewise.
        responders.sort_by(|a, b| (a.0.as_bytes(), a.1).cmp(&(b.0.as_bytes(), b.1)));
        let responders = responders.into_iter().map(|(_, _, row)| row).collect();
        let shapes =
            plan.shapes.iter().enumerate().filter_map(|(i, shape)| shape_firsts[i].map(|first| shape_view(i, shape, first))).collect();
        let custom_writes = serve::custom_writes(catalog);
        let mut custom: Vec<String> = custom_writes.iter().map(statement).collect();
        if !custom_writes.iter().any(|w| w.source == Source::CustomCode) {
            custom.insert(0, "\t_ = code".to_owned());
        }
        if !custom_writes.iter().any(|w| w.source == Source::CustomMessage) {
            custom.insert(0, "\t_ = message".to_owned());
        }
        let env = &catalog.envelope;
        let custom_finish = format!(
            "status, {}, {}, {}, -1",
            string_lit(env.content_types.first().map_or("application/json", String::as_str)),
            string_lit(env.headers.request_id.first().map_or("", String::as_str)),
            string_lit(&env.headers.retry_after),
        );
        let steps = || plan.errors.iter().flat_map(|p| &p.writes).chain(&custom_writes).flat_map(|w| &w.path);
        let uses_index = steps().any(|s| matches!(s, Step::Index(_)));
        let uses_select = steps().any(|s| matches!(s, Step::Select { .. }));
        ServerView {
            uses_index,
            uses_select,
            notice: format!("// {}", generated_notice(catalog)),
            package: package.to_owned(),
            shapes,
            builders,
            dispatch,
            responders,
            custom,
            custom_finish,
        }
    }
}
