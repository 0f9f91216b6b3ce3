//! `server.py`: one typed builder per listed error (per code and status),
//! each the emit plan of its error printed as a call of `_serve.respond`,
//! and the `custom` escape hatch. A plain error's builder (its body only
//! constants and the request id) calls the private function of its shape
//! instead, with its constants: one `respond` per shape, not per error.

use std::collections::HashSet;

use askama::Template;

use super::names::{self, docstring, string};
use crate::artifacts::generated_notice;
use crate::case;
use crate::model::FieldType;
use crate::resolve::{Catalog, Error as SpecError};
use crate::serve::{self, ErrorPlan, Piece, Source, Step};
use crate::targets::layout::{Expr, Style, atom, width};

#[derive(Template)]
#[template(path = "python/server.py", escape = "none")]
pub struct Server {
    pub notice: String,
    pub doc: String,
    /// `from ._serve import ...` names, in isort's order.
    pub serve_imports: String,
    pub uses_fill: bool,
    pub all: Vec<String>,
    pub builders: Vec<Builder>,
    /// One private function per shape of the plain errors (see `shape`).
    pub shapes: Vec<Builder>,
    pub custom: Builder,
    /// The `BUILDERS` dict display: `("CODE", 403): builder` entries.
    pub table: String,
    /// The `ARGUMENTS` dict display: `"wire": "argument"` entries.
    pub arguments: String,
}

pub struct Builder {
    pub signature: String,
    pub doc: String,
    /// `return respond(...)`, laid out as ruff formats it, at indent 4.
    pub body: String,
}

/// ruff format's line width and indent.
const RUFF: Style = Style { width: names::LINE_LENGTH, step: 4 };

/// `head(items)`: a call when `head` is a name, a tuple when it is empty,
/// a dict display when it is `{`.
fn group(head: &str, items: Vec<Expr>) -> Expr {
    if head == "{" {
        Expr::Group { head: String::new(), open: '{', close: '}', items, lone_comma: false }
    } else {
        Expr::Group { head: head.to_owned(), open: '(', close: ')', items, lone_comma: head.is_empty() }
    }
}

fn tuple(items: Vec<Expr>) -> Expr {
    group("", items)
}

fn path(steps: &[Step]) -> Expr {
    tuple(
        steps
            .iter()
            .map(|s| match s {
                Step::Key(key) => atom(string(key)),
                Step::Index(i) => atom(i.to_string()),
                Step::Select { member, equals } => group("Select", vec![atom(string(member)), atom(string(equals))]),
            })
            .collect(),
    )
}

fn type_of(ty: Option<FieldType>) -> &'static str {
    match ty {
        Some(FieldType::Integer) => "int",
        Some(FieldType::Boolean) => "bool",
        Some(FieldType::Number) => "float",
        _ => "str",
    }
}

/// The builder's parameter for a context field: its context attribute,
/// kept clear of the builder's own `request_id` and `retry_delay`.
fn param_name(field: &str) -> String {
    let attr = names::field_attr(field);
    if attr == "request_id" || attr == "retry_delay" { format!("{attr}_") } else { attr }
}

/// `return respond(...)` for one plan: the body writes (a None value is
/// skipped at run time), then the request id and Retry-After headers.
fn respond(status: Expr, content_type: &str, writes: Vec<Expr>, request_id_header: Option<&str>, retry_after_header: &str) -> String {
    let mut headers = Vec::new();
    if let Some(name) = request_id_header {
        headers.push(tuple(vec![atom(string(name)), atom("request_id")]));
    }
    headers.push(tuple(vec![atom(string(retry_after_header)), atom("retry_after_seconds(retry_delay)")]));
    let call = group("respond", vec![status, atom(string(content_type)), tuple(writes), tuple(headers)]);
    let mut out = String::from("return ");
    call.layout(&mut out, RUFF, 4, 4 + 7, 0, true);
    out
}

/// A plan's value as a Python expression over the builder's arguments.
fn value(source: &Source, message: &str, uses_fill: &mut bool) -> Expr {
    match source {
        Source::Text(text) => atom(string(text)),
        Source::Integer(n) => atom(n.to_string()),
        Source::Bool(b) => atom(if *b { "True" } else { "False" }),
        Source::Template(pieces) => {
            *uses_fill = true;
            let params: Vec<&str> = pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Param(name) => Some(name.as_str()),
                    Piece::Text(_) => None,
                })
                .collect();
            let mut seen = Vec::new();
            let mapping = params
                .into_iter()
                .filter(|p| {
                    let fresh = !seen.contains(p);
                    seen.push(*p);
                    fresh
                })
                .map(|p| atom(format!("{}: {}", string(p), param_name(p))))
                .collect();
            group("fill", vec![atom(string(message)), group("{", mapping)])
        }
        Source::RequestId => atom("request_id"),
        Source::Slot(i) => atom(slot(*i)),
        Source::CustomCode => atom("code"),
        Source::CustomStatus => atom("status"),
        Source::CustomMessage => atom("message"),
        Source::Context { field, .. } => atom(param_name(field)),
    }
}

/// A shape function's parameter for its `i`-th constant.
fn slot(i: usize) -> String {
    format!("slot_{i}")
}

fn shape_name(index: usize) -> String {
    format!("_shape_{}", index + 1)
}

/// The private function of the shape at `index`: its constants (in slot
/// order), then the status, the request id (when the envelope takes one)
/// and the delay, which its errors' builders pass on.
fn shape(plan: &serve::Plan<'_>, index: usize, takes_request_id: bool, uses_fill: &mut bool) -> Builder {
    let first = plan.errors.iter().find(|p| p.plain.as_ref().is_some_and(|plain| plain.shape == index));
    let first = first.expect("every shape is some plain error's");
    let shape = &plan.shapes[index];
    let mut params: Vec<String> = shape
        .slots
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let ty = match kind {
                serve::SlotKind::Text => "str",
                serve::SlotKind::Integer => "int",
                serve::SlotKind::Bool => "bool",
            };
            format!("{}: {ty}", slot(i))
        })
        .collect();
    params.push("status: int".to_owned());
    if takes_request_id {
        params.push("request_id: str | None".to_owned());
    }
    params.push("retry_delay: float | None".to_owned());
    let writes = shape.writes.iter().map(|w| tuple(vec![path(&w.path), value(&w.source, "", uses_fill)])).collect();
    Builder {
        signature: signature(&shape_name(index), &params),
        doc: docstring(&["The response of the errors whose body has this layout; `slot_i` is an error's i-th constant.".to_owned()], 4),
        body: respond(atom("status"), &first.content_type, writes, first.request_id_header.as_deref(), &first.retry_after_header),
    }
}

/// A plain error's builder body: `return _shape_n(...)` with its constants.
fn shape_call(plan: &ErrorPlan<'_>, plain: &serve::Plain) -> String {
    let mut args: Vec<Expr> = plain.values.iter().map(|v| value(v, "", &mut false)).collect();
    args.push(atom(plan.error.status.to_string()));
    if plan.takes_request_id {
        args.push(atom("request_id"));
    }
    args.push(atom("retry_delay"));
    let mut out = String::from("return ");
    group(&shape_name(plain.shape), args).layout(&mut out, RUFF, 4, 4 + 7, 0, false);
    out
}

fn signature(name: &str, params: &[String]) -> String {
    let one_line = format!("def {name}({}) -> ErrorResponse:", params.join(", "));
    if width(&one_line) <= names::LINE_LENGTH {
        return one_line;
    }
    let lines: String = params.iter().map(|p| format!("\n    {p},")).collect();
    format!("def {name}({lines}\n) -> ErrorResponse:")
}

fn builder(plan: &ErrorPlan<'_>, name: &str, uses_fill: &mut bool) -> Builder {
    let error = plan.error;
    let mut params = vec!["*".to_owned()];
    for (p, ty) in &plan.params {
        params.push(format!("{}: {}", param_name(p), type_of(Some(*ty))));
    }
    for (f, ty) in &plan.fields {
        params.push(format!("{}: {} | None = None", param_name(f), type_of(Some(*ty))));
    }
    if plan.takes_request_id {
        params.push("request_id: str | None = None".to_owned());
    }
    let default_delay = plan.default_retry_after_s.map_or_else(|| "None".to_owned(), |s| s.to_string());
    params.push(format!("retry_delay: float | None = {default_delay}"));
    let mut paragraphs = vec![format!("The `{}` error response (HTTP {}): {}", error.code, error.status, error.message)];
    let mut notes = String::new();
    if plan.takes_request_id {
        match &plan.request_id_header {
            Some(h) => notes.push_str(&format!("`request_id` is sent in `{h}`; ")),
            None => notes.push_str("`request_id` is sent in the body; "),
        }
    }
    notes.push_str(&format!(
        "`retry_delay` (seconds, rounded up) in `{}`{}.",
        plan.retry_after_header,
        if default_delay == "None" { String::new() } else { format!(", {default_delay} by default (the retry policy's first delay)") }
    ));
    paragraphs.push(notes);
    let body = match &plan.plain {
        Some(plain) => shape_call(plan, plain),
        None => respond(
            atom(error.status.to_string()),
            &plan.content_type,
            plan.writes.iter().map(|w| tuple(vec![path(&w.path), value(&w.source, &error.message, uses_fill)])).collect(),
            plan.request_id_header.as_deref(),
            &plan.retry_after_header,
        ),
    };
    Builder { signature: signature(name, &params), doc: docstring(&paragraphs, 4), body }
}

/// What `server.py` binds itself; a builder of that name gets a `_`.
const SERVER_NAMES: &[&str] =
    &["ARGUMENTS", "BUILDERS", "Callable", "ErrorResponse", "Select", "custom", "fill", "respond", "retry_after_seconds"];

fn builder_name(error: &SpecError, several: bool) -> String {
    let base = case::snake(&error.name);
    let name = names::escape_ident(if several { format!("{base}_{}", error.status) } else { base });
    if SERVER_NAMES.contains(&name.as_str()) { format!("{name}_") } else { name }
}

impl Server {
    pub fn new(catalog: &Catalog, plan: &serve::Plan<'_>) -> Self {
        let mut builders = Vec::new();
        let mut all = vec!["ARGUMENTS".to_owned(), "BUILDERS".to_owned(), "ErrorResponse".to_owned(), "custom".to_owned()];
        let mut table = Vec::new();
        let mut uses_fill = false;
        let mut built: HashSet<(&str, u16)> = HashSet::new();
        let per_code = plan.builders_per_code();
        for p in &plan.errors {
            // Rule 4: a later definition at the same status never applies.
            let key = (p.error.code.as_str(), p.error.status);
            if !built.insert(key) {
                continue;
            }
            let several = per_code.get(p.error.code.as_str()).is_some_and(|&n| n > 1);
            let name = builder_name(p.error, several);
            all.push(name.clone());
            let (code, status) = (string(&p.error.code), p.error.status);
            let entry = format!("({code}, {status}): {name}");
            table.push(if width(&entry) + 5 <= names::LINE_LENGTH {
                entry
            } else {
                format!("(\n        {code},\n        {status},\n    ): {name}")
            });
            builders.push(builder(p, &name, &mut uses_fill));
        }
        all.sort();
        let takes_request_id = plan.errors.first().is_some_and(|p| p.takes_request_id);
        let shapes: Vec<Builder> = (0..plan.shapes.len()).map(|i| shape(plan, i, takes_request_id, &mut uses_fill)).collect();
        // The escape hatch: the generic plan, for any code and status.
        let mut custom_params: Vec<String> = ["status: int", "code: str | int | None", "message: str", "*"].map(str::to_owned).to_vec();
        if sends_request_id(catalog) {
            custom_params.push("request_id: str | None = None".into());
        }
        custom_params.push("retry_delay: float | None = None".into());
        let custom = Builder {
            signature: signature("custom", &custom_params),
            doc: docstring(
                &["Escape hatch: a response in the API's envelope for any status, code and message, \
                     listed or not. Prefer the typed builders, which cannot send a code or status the \
                     catalog does not list."
                    .to_owned()],
                4,
            ),
            body: respond(
                atom("status"),
                catalog.envelope.content_types.first().map_or("application/json", String::as_str),
                serve::custom_writes(catalog).iter().map(|w| tuple(vec![path(&w.path), value(&w.source, "", &mut uses_fill)])).collect(),
                catalog.envelope.headers.request_id.first().map(String::as_str),
                &catalog.envelope.headers.retry_after,
            ),
        };
        let mut doc = vec![format!("Error responses of the {} API, built from its error catalog.", catalog.api.name)];
        doc.push(
            "Each function builds one listed error's response: status, headers and the body bytes in \
             the API's own envelope, which every generated client reads back as that error."
                .to_owned(),
        );
        let mut serve_imports = vec!["ErrorResponse"];
        if builders.iter().chain(&shapes).chain([&custom]).any(|b| b.body.contains("Select(")) {
            serve_imports.push("Select");
        }
        serve_imports.extend(["respond", "retry_after_seconds"]);
        Server {
            notice: generated_notice(catalog),
            doc: docstring(&doc.iter().map(|p| names::doc_lines(p).join(" ")).collect::<Vec<_>>(), 0),
            serve_imports: serve_imports.join(", "),
            uses_fill,
            all: all.iter().map(|n| string(n)).collect(),
            builders,
            shapes,
            custom,
            table: dict(&table),
            arguments: dict(
                &catalog.fields.iter().map(|f| format!("{}: {}", string(&f.name), string(&param_name(&f.name)))).collect::<Vec<_>>(),
            ),
        }
    }
}

/// A module-level dict display of rendered entries, one per line.
fn dict(entries: &[String]) -> String {
    if entries.is_empty() {
        return "{}".to_owned();
    }
    let lines: String = entries.iter().map(|e| format!("\n    {e},")).collect();
    format!("{{{lines}\n}}")
}

/// Whether a response can carry a request id: a header or a body location.
fn sends_request_id(catalog: &Catalog) -> bool {
    !catalog.envelope.headers.request_id.is_empty() || catalog.envelope.request_id.is_some()
}
