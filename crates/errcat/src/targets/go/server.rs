//! `server.go`: the engine's emit plan ([`crate::serve`]) printed as Go: a
//! `New<Error>Response` function per buildable error, the `ResponseFor`
//! dispatch and the `NewCustomResponse` escape hatch. Every statement is
//! computed here; the template only prints them.

use super::names::{camel, doc_comment, field_name, pascal, string_lit};
use crate::artifacts::generated_notice;
use crate::model::FieldType;
use crate::resolve::Catalog;
use crate::serve::{self, ErrorPlan, Piece, Source, Step, Write};

/// The locals and parameters every builder has besides the error's own.
const LOCALS: &[&str] = &["options", "ctx", "body", "message"];

pub struct ServerView {
    pub notice: String,
    pub package: String,
    pub builders: Vec<BuilderView>,
    /// The `case` clauses of `ResponseFor`, each with its statements.
    pub dispatch: Vec<String>,
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
    pub statements: Vec<String>,
    pub finish: String,
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
        Source::Slot(_) => unreachable!("slots are only in shapes"),
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
    pub fn new(catalog: &Catalog, package: &str) -> Self {
        let plan = serve::plan(catalog);
        let per_code = plan.builders_per_code();
        let several = |code: &str| per_code.get(code).is_some_and(|&n| n > 1);
        let mut builders = Vec::new();
        let mut dispatch = Vec::new();
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
            let statements = message_statement(catalog, &p.writes).into_iter().chain(p.writes.iter().map(statement)).collect();
            // ResponseFor: the parameters from ctx, required.
            let mut clause = format!("\tcase code == {} && status == {}:\n", super::names::code_const(&error.name), error.status);
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
            builders.push(BuilderView { doc, params: params.join(", "), statements, finish: finish_args(p), name });
        }
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
            builders,
            dispatch,
            custom,
            custom_finish,
        }
    }
}
