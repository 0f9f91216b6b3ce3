//! `src/server.rs`: the engine's emit plan ([`crate::serve`]) printed as
//! Rust: one builder struct per buildable error, [`for_code`]-style
//! dispatch, and the escape hatch. Every statement is computed here; the
//! template only prints them.

use std::collections::HashMap;

use super::names::{code_variant, field_name, push_doc_text, string_literal};
use crate::artifacts::generated_notice;
use crate::model::FieldType;
use crate::resolve::Catalog;
use crate::serve::{self, ErrorPlan, Piece, SlotKind, Source, Step, Write};

/// Names `server.rs` declares itself; a builder named like one gets `_`.
const OWN: &[&str] = &["ErrorResponse", "Options", "Value", "Step", "Custom", "Plain", "Slot"];

pub struct ServerView {
    pub notice: String,
    pub builders: Vec<BuilderView>,
    /// The match arms of `for_code`, indented.
    pub dispatch: Vec<String>,
    /// `context` or `_context` (when no builder reads it).
    pub context_param: String,
    /// The statements of `custom`, indented.
    pub custom: Vec<String>,
    /// The arguments of `custom`'s `finish` call before `options, body`.
    pub custom_finish: String,
    /// The same for the shapes' functions (status and delay are theirs).
    pub shape_finish: String,
    /// The steps to the envelope's context object, as a slice literal, when
    /// some builder writes a context field (then `context` is emitted).
    pub context_path: Option<String>,
    /// One function per shape of the plain errors ([`serve::Shape`]).
    pub shapes: Vec<ShapeView>,
    /// The plain builders' `PLAIN` constants, sorted by code and status:
    /// the rows of the `PLAIN` table `for_code` searches.
    pub plain_rows: Vec<String>,
    /// Whether some shape has a slot of each kind (else that `Slot`
    /// variant is not emitted).
    pub text_slots: bool,
    pub integer_slots: bool,
    pub bool_slots: bool,
}

pub struct ShapeView {
    /// `shape_<i>`.
    pub name: String,
    /// Its statements, indented: one `set` per write.
    pub statements: Vec<String>,
    /// `values`, or `_values` when it has no slots.
    pub values_param: &'static str,
}

pub struct BuilderView {
    pub name: String,
    /// Doc comment, not indented.
    pub doc: String,
    pub derive: &'static str,
    /// Field declarations with their doc comments, indented.
    pub fields: Vec<String>,
    /// `new`'s parameter list and struct literal fields.
    pub new_params: String,
    pub new_fields: String,
    /// The statements of `response_with`, indented.
    pub statements: Vec<String>,
    /// The arguments of its `finish` call before `options, body`.
    pub finish: String,
    /// For a plain error, its `Plain` literal: the response is its shape
    /// filled with its constants, and `statements` is empty.
    pub plain: Option<String>,
}

fn rust_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "String",
        FieldType::Integer => "i64",
        FieldType::Number => "f64",
        FieldType::Boolean => "bool",
    }
}

fn path_literal(path: &[Step]) -> String {
    let steps: Vec<String> = path
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("Step::Key({})", string_literal(key)),
            Step::Index(i) => format!("Step::Index({i})"),
            Step::Select { member, equals } => format!("Step::Select({}, {})", string_literal(member), string_literal(equals)),
        })
        .collect();
    format!("&[{}]", steps.join(", "))
}

/// A parameter's text in a template message (rule 19).
fn param_text(name: &str, ty: FieldType) -> String {
    let field = field_name(name);
    match ty {
        FieldType::String => format!("self.{field}.as_str()"),
        FieldType::Boolean => format!("if self.{field} {{ \"true\" }} else {{ \"false\" }}"),
        FieldType::Integer => format!("self.{field}.to_string().as_str()"),
        FieldType::Number => format!("number_text(self.{field}).as_str()"),
    }
}

/// `response_with`'s (or `custom`'s) statement for one write.
fn statement(catalog: &Catalog, write: &Write) -> String {
    let path = path_literal(&write.path);
    let set = |value: &str| format!("        set(&mut body, {path}, {value});");
    match &write.source {
        Source::Text(text) => set(&format!("Value::text({})", string_literal(text))),
        Source::Integer(n) => set(&format!("Value::Integer({n})")),
        Source::Bool(b) => set(&format!("Value::Bool({b})")),
        Source::Template(pieces) => {
            let parts: Vec<String> = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(text) => string_literal(text),
                    Piece::Param(name) => param_text(name, catalog.field(name).map_or(FieldType::String, |f| f.ty)),
                })
                .collect();
            set(&format!("Value::Text([{}].concat())", parts.join(", ")))
        }
        Source::RequestId => {
            format!("        if let Some(id) = &options.request_id {{\n            set(&mut body, {path}, Value::text(id));\n        }}")
        }
        // Context fields go through the one shared writer, `context`, at
        // the envelope's context object (the plan puts every one there).
        Source::Context { field, required: true, .. } => {
            format!("        context(&mut body, {}, Some(&self.{}));", string_literal(field), field_name(field))
        }
        Source::Context { field, .. } => {
            format!("        context(&mut body, {}, self.{}.as_ref());", string_literal(field), field_name(field))
        }
        Source::Slot(i) => set(&format!("values[{i}].value()")),
        Source::CustomCode => set("Value::text(code)"),
        Source::CustomStatus => set("Value::Integer(i64::from(status))"),
        Source::CustomMessage => set("Value::text(message)"),
    }
}

fn option_str(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({})", string_literal(t)))
}

impl ServerView {
    pub fn new(catalog: &Catalog, plan: &serve::Plan<'_>) -> Self {
        let per_code = plan.builders_per_code();
        let several = |code: &str| per_code.get(code).is_some_and(|&n| n > 1);
        let mut builders = Vec::new();
        let mut dispatch = Vec::new();
        let mut reads_context = false;
        let mut plain_rows: Vec<(&str, u16, String)> = Vec::new();
        // Whether every definition of a code is deprecated, by one pass.
        let mut all_deprecated: HashMap<&str, bool> = HashMap::new();
        for e in catalog.errors() {
            *all_deprecated.entry(e.code.as_str()).or_insert(true) &= e.deprecated.is_some();
        }
        for p in &plan.errors {
            let error = p.error;
            let mut name = code_variant(&error.name);
            if several(&error.code) {
                name = format!("{}{}", name.trim_end_matches('_'), error.status);
            }
            if OWN.contains(&name.as_str()) {
                name.push('_');
            }
            let mut doc = String::new();
            push_doc_text(&mut doc, &format!("`{}` (HTTP {}): {}", error.code, error.status, error.message), "", false);
            doc.push_str("///\n");
            let usage = match (p.params.is_empty(), p.fields.is_empty()) {
                (true, true) => "[`Self::response`] builds the response.",
                (true, false) => "Its context fields are optional; [`Self::response`] builds the response.",
                (false, true) => "Its template parameters are required; [`Self::response`] builds the response.",
                (false, false) => {
                    "Its template parameters are required and its other context fields optional; \
                     [`Self::response`] builds the response."
                }
            };
            push_doc_text(&mut doc, usage, "", false);
            let mut fields = Vec::new();
            let field_doc = |name: &str| catalog.field(name).map_or_else(String::new, |f| f.description.clone());
            for (param, ty) in &p.params {
                let mut line = String::new();
                push_doc_text(&mut line, &field_doc(param), "    ", false);
                line.push_str(&format!("    pub {}: {},", field_name(param), rust_type(*ty)));
                fields.push(line);
            }
            for (field, ty) in &p.fields {
                let mut line = String::new();
                push_doc_text(&mut line, &field_doc(field), "    ", false);
                line.push_str(&format!("    pub {}: Option<{}>,", field_name(field), rust_type(*ty)));
                fields.push(line);
            }
            let new_params = p
                .params
                .iter()
                .map(|(param, ty)| match ty {
                    FieldType::String => format!("{}: impl Into<String>", field_name(param)),
                    ty => format!("{}: {}", field_name(param), rust_type(*ty)),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let new_fields = p
                .params
                .iter()
                .map(|(param, ty)| match ty {
                    FieldType::String => format!("{0}: {0}.into()", field_name(param)),
                    _ => field_name(param),
                })
                .chain(p.fields.iter().map(|(field, _)| format!("{}: None", field_name(field))))
                .collect::<Vec<_>>()
                .join(", ");
            // A plain error is its shape's function called with its
            // constants: no statements, no dispatch arm (`for_code` finds
            // it in the `PLAIN` table).
            let plain = p.plain.as_ref().map(|plain| {
                let values: Vec<String> = plain.values.iter().map(slot_literal).collect();
                format!(
                    "Plain {{ code: {}, status: {}, default_delay_s: {}, shape: shape_{}, values: &[{}] }}",
                    string_literal(&error.code),
                    error.status,
                    delay_literal(p.default_retry_after_s),
                    plain.shape,
                    values.join(", ")
                )
            });
            if plain.is_some() {
                plain_rows.push((error.code.as_str(), error.status, name.clone()));
            }
            let statements = if plain.is_some() { Vec::new() } else { p.writes.iter().map(|w| statement(catalog, w)).collect() };
            let context_value = |field: &str, ty: FieldType| {
                let f = field_name(field);
                if ty == FieldType::String { format!("context.{f}.clone()") } else { format!("context.{f}") }
            };
            let literal: Vec<String> = p
                .params
                .iter()
                .map(|(param, ty)| format!("{}: {}?", field_name(param), context_value(param, *ty)))
                .chain(p.fields.iter().map(|(field, ty)| format!("{}: {}", field_name(field), context_value(field, *ty))))
                .collect();
            reads_context |= !literal.is_empty();
            if plain.is_some() {
                builders.push(BuilderView {
                    derive: "Debug, Clone, Default, PartialEq",
                    doc,
                    fields,
                    new_params,
                    new_fields,
                    statements,
                    finish: String::new(),
                    name,
                    plain,
                });
                continue;
            }
            let code_variant = code_variant(&error.name);
            // A deprecated code still has its builder; its variant warns.
            let allow =
                if all_deprecated.get(error.code.as_str()).copied().unwrap_or(false) { "        #[allow(deprecated)]\n" } else { "" };
            dispatch.push(format!(
                "{allow}        (Code::{code_variant}, {}) => Some({name} {{ {} }}.response_with(options)),",
                error.status,
                literal.join(", ")
            ));
            builders.push(BuilderView {
                derive: if p.params.is_empty() { "Debug, Clone, Default, PartialEq" } else { "Debug, Clone, PartialEq" },
                doc,
                fields,
                new_params,
                new_fields,
                statements,
                finish: finish_args(p, &error.status.to_string()),
                name,
                plain: None,
            });
        }
        // Byte order of the code, as `str`'s `Ord` compares in `for_code`.
        plain_rows.sort();
        let plain_rows = plain_rows.into_iter().map(|(_, _, name)| format!("    {name}::PLAIN,")).collect();
        let kinds: Vec<SlotKind> = plan.shapes.iter().flat_map(|shape| shape.slots.iter().copied()).collect();
        let shapes = plan
            .shapes
            .iter()
            .enumerate()
            .map(|(i, shape)| ShapeView {
                name: format!("shape_{i}"),
                statements: shape.writes.iter().map(|w| outdent(&statement(catalog, w))).collect(),
                values_param: if shape.slots.is_empty() { "_values" } else { "values" },
            })
            .collect();
        let custom_writes = serve::custom_writes(catalog);
        let mut custom: Vec<String> = custom_writes.iter().map(|w| outdent(&statement(catalog, w))).collect();
        if !custom_writes.iter().any(|w| w.source == Source::CustomCode) {
            custom.insert(0, "    let _ = code;".to_owned());
        }
        if !custom_writes.iter().any(|w| w.source == Source::CustomMessage) {
            custom.insert(0, "    let _ = message;".to_owned());
        }
        let env = &catalog.envelope;
        let envelope_wide = format!(
            "{}, {}, {}",
            string_literal(env.content_types.first().map_or("application/json", String::as_str)),
            option_str(env.headers.request_id.first().map(String::as_str)),
            string_literal(&env.headers.retry_after),
        );
        let custom_finish = format!("status, {envelope_wide}, None");
        let shape_finish = format!("status, {envelope_wide}, default_delay_s");
        ServerView {
            notice: generated_notice(catalog),
            builders,
            dispatch,
            context_param: if reads_context { "context".into() } else { "_context".into() },
            custom,
            custom_finish,
            shape_finish,
            context_path: serve::context_path(catalog)
                .filter(|_| plan.errors.iter().flat_map(|p| &p.writes).any(|w| matches!(w.source, Source::Context { .. })))
                .map(|path| path_literal(&path)),
            shapes,
            plain_rows,
            text_slots: kinds.contains(&SlotKind::Text),
            integer_slots: kinds.contains(&SlotKind::Integer),
            bool_slots: kinds.contains(&SlotKind::Bool),
        }
    }
}

/// A method's statement (indented for a method body) for a free function.
fn outdent(statement: &str) -> String {
    statement.lines().map(|line| line.strip_prefix("    ").unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// A plain error's constant as a `Slot`.
fn slot_literal(value: &Source) -> String {
    match value {
        Source::Text(text) => format!("Slot::Text({})", string_literal(text)),
        Source::Integer(n) => format!("Slot::Integer({n})"),
        Source::Bool(b) => format!("Slot::Bool({b})"),
        other => unreachable!("a plain error's constant, not {other:?}"),
    }
}

fn delay_literal(delay: Option<u64>) -> String {
    delay.map_or_else(|| "None".to_owned(), |s| format!("Some({s})"))
}

fn finish_args(p: &ErrorPlan<'_>, status: &str) -> String {
    format!(
        "{status}, {}, {}, {}, {}",
        string_literal(&p.content_type),
        option_str(p.request_id_header.as_deref()),
        string_literal(&p.retry_after_header),
        delay_literal(p.default_retry_after_s),
    )
}
