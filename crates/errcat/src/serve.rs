//! The server side: how to emit each listed error so that the runtime
//! semantics (README, rules 1-19) read it back as that error.
//!
//! [`plan`] works out, once per catalog, an *emit plan* per error: the
//! ordered JSON writes that make its body (each a path of steps and what
//! goes there), the headers, and which inputs the error takes (template
//! parameters, context fields, request id, retry delay). Every target's
//! server code is this plan printed as literals, run by one small generic
//! writer and one canonical serializer per runtime (README rule 24); the
//! engine's own writer and serializer here ([`Node`]) make the expected
//! bytes of `conformance/serve.json`, which every language's tests check.
//!
//! Envelope logic lives only here: the targets never decide where a value
//! goes.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::model::{EnvelopeKind, FieldType, RetryMode};
use crate::resolve::{Catalog, ConditionSource, Error as SpecError};

/// One step of a body path: an object member, an array element by index
/// (padded with empty objects), or the first array element that is an
/// object whose `member` is the string `equals` (appended as
/// `{member: equals}` when there is none; README rule 18).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
    Select { member: String, equals: String },
}

/// What one write puts at its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A constant string (the code, a fixed message, a class title, ...).
    Text(String),
    /// A constant integer (the status, a numeric code).
    Integer(i64),
    /// A constant boolean (a `success: false` flag).
    Bool(bool),
    /// The error's template message, filled from its parameters.
    Template(Vec<Piece>),
    /// The request id, when one is given; skipped otherwise.
    RequestId,
    /// A [`Shape`]'s i-th per-error constant (only in [`Shape::writes`]).
    Slot(usize),
    /// The escape hatch's code (a string), status and message
    /// ([`custom_writes`]).
    CustomCode,
    CustomStatus,
    CustomMessage,
    /// A context field's value, typed; skipped when not given unless it is
    /// a template parameter (then it is required).
    Context {
        field: String,
        ty: FieldType,
        required: bool,
    },
}

/// A piece of a template message (rule 19).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    Text(String),
    Param(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Write {
    pub path: Vec<Step>,
    pub source: Source,
}

/// How to emit one error.
#[derive(Debug, Clone)]
pub struct ErrorPlan<'a> {
    pub error: &'a SpecError,
    /// The `content-type` header's value.
    pub content_type: String,
    /// The header a given request id goes in, if the spec has one (else the
    /// body's `envelope.request_id`, as a [`Source::RequestId`] write).
    pub request_id_header: Option<String>,
    /// Whether a request id can be carried at all.
    pub takes_request_id: bool,
    /// The header a retry delay goes in, in whole seconds rounded up.
    pub retry_after_header: String,
    /// The delay sent when none is given: the policy's `initial_delay_ms`
    /// rounded up to seconds, for policy `retry_after`.
    pub default_retry_after_s: Option<u64>,
    /// Template parameters, in order, with their types (required inputs).
    pub params: Vec<(String, FieldType)>,
    /// Context fields beyond the parameters (optional inputs), sorted.
    pub fields: Vec<(String, FieldType)>,
    pub writes: Vec<Write>,
    /// For a plain error, the shape its writes share with other errors.
    pub plain: Option<Plain>,
}

/// The kind of a [`Shape`]'s slot: which constant [`Source`] fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    Text,
    Integer,
    Bool,
}

/// The body layout that *plain* errors (no template parameters, no context
/// fields: their writes are constants and the request id) have in common:
/// their writes with each constant replaced by [`Source::Slot`]. A target
/// emits one function per shape and makes each plain error's builder a call
/// into it with the error's constants, so that the generated code does not
/// grow by a body's worth of statements per error.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub writes: Vec<Write>,
    /// Each slot's kind, in slot order (the order of the writes).
    pub slots: Vec<SlotKind>,
}

/// A plain error's shape (an index into [`Plan::shapes`]) and the
/// constants that fill its slots, in slot order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plain {
    pub shape: usize,
    pub values: Vec<Source>,
}

/// An error that cannot be emitted so that it parses back, and why.
#[derive(Debug, Clone)]
pub struct Unbuildable<'a> {
    pub error: &'a SpecError,
    pub why: String,
}

#[derive(Debug, Clone, Default)]
pub struct Plan<'a> {
    /// Every buildable error, in catalog order.
    pub errors: Vec<ErrorPlan<'a>>,
    pub unbuildable: Vec<Unbuildable<'a>>,
    /// The shapes of the plain errors, in order of first use.
    pub shapes: Vec<Shape>,
}

impl Plan<'_> {
    /// How many buildable errors carry each code (at different statuses,
    /// since a code is buildable once per status): the targets name a
    /// builder after its status too when its code has more than one.
    pub fn builders_per_code(&self) -> HashMap<&str, usize> {
        let mut counts: HashMap<&str, usize> = HashMap::with_capacity(self.errors.len());
        for p in &self.errors {
            *counts.entry(p.error.code.as_str()).or_default() += 1;
        }
        counts
    }
}

/// Splits a template message at its `<param>`s, left to right in one pass,
/// as every runtime's formatter reads it.
pub fn template_pieces(message: &str, params: &[String]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let (mut text_start, mut i) = (0, 0);
    while let Some(open) = message[i..].find('<').map(|o| o + i) {
        let Some(close) = message[open + 1..].find('>').map(|c| c + open + 1) else { break };
        let name = &message[open + 1..close];
        if params.iter().any(|p| p == name) {
            if open > text_start {
                pieces.push(Piece::Text(message[text_start..open].to_owned()));
            }
            pieces.push(Piece::Param(name.to_owned()));
            text_start = close + 1;
            i = close + 1;
        } else {
            i = open + 1;
        }
    }
    if text_start < message.len() {
        pieces.push(Piece::Text(message[text_start..].to_owned()));
    }
    pieces
}

/// The steps to the envelope's context object, where each context field is
/// the member named after it; `None` when the envelope has no context.
pub fn context_path(catalog: &Catalog) -> Option<Vec<Step>> {
    catalog.envelope.context.as_deref().map(|context| steps(catalog, context))
}

/// A location's steps: a JSON Pointer's tokens (all-digit tokens are array
/// indexes), after the selection an `@name` prefix names.
fn steps(catalog: &Catalog, location: &str) -> Vec<Step> {
    let (mut out, pointer) = match location.strip_prefix('@') {
        Some(rest) => {
            let (name, pointer) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
            let selection = catalog.envelope.selections.iter().find(|s| s.name == name).expect("validated selection");
            let mut out = pointer_steps(&selection.array);
            out.push(Step::Select { member: selection.member.clone(), equals: selection.equals.clone() });
            (out, pointer)
        }
        None => (Vec::new(), location),
    };
    out.extend(pointer_steps(pointer));
    out
}

fn pointer_steps(pointer: &str) -> Vec<Step> {
    if pointer.is_empty() {
        return Vec::new();
    }
    // RFC 6901 tokens, unescaped (`~1` is `/`, `~0` is `~`).
    let unescape = |t: &str| if t.contains('~') { t.replace("~1", "/").replace("~0", "~") } else { t.to_owned() };
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|t| match t.parse::<usize>() {
            Ok(i) if t == i.to_string() => Step::Index(i),
            _ => Step::Key(unescape(t)),
        })
        .collect()
}

fn code_source(error: &SpecError) -> Source {
    match error.code.parse::<i64>() {
        Ok(n) if error.numeric => Source::Integer(n),
        _ => Source::Text(error.code.clone()),
    }
}

fn message_source(error: &SpecError) -> Source {
    if error.params.is_empty() {
        Source::Text(error.message.clone())
    } else {
        Source::Template(template_pieces(&error.message, &error.params))
    }
}

/// The emit plan of every error of `catalog`.
pub fn plan(catalog: &Catalog) -> Plan<'_> {
    // Built on first use: only specs whose bodies carry no code match messages.
    let owners = std::cell::OnceCell::new();
    let mut plan = Plan::default();
    // The first definition of each code at each status, by one pass.
    let mut firsts: HashMap<(&str, u16), &SpecError> = HashMap::new();
    for error in catalog.errors() {
        // Parsing finds the first definition of a code at a status (rule 4).
        let first = *firsts.entry((error.code.as_str(), error.status)).or_insert(error);
        if !std::ptr::eq(first, error) {
            let why = format!("it is the same code at the same status as the earlier definition in domain `{}`", first.domain);
            plan.unbuildable.push(Unbuildable { error, why });
            continue;
        }
        match plan_error(catalog, &owners, error) {
            Ok(p) => plan.errors.push(p),
            Err(why) => plan.unbuildable.push(Unbuildable { error, why }),
        }
    }
    // Equal shapes are found by hashing their writes (no floats in them):
    // printing each error's writes to text for a key was 40% of `plan`.
    let mut seen: HashMap<Vec<Write>, usize> = HashMap::new();
    for p in &mut plan.errors {
        let Some((shape, values)) = shape_of(&p.writes) else { continue };
        let index = match seen.get(&shape.writes) {
            Some(&index) => index,
            None => {
                seen.insert(shape.writes.clone(), plan.shapes.len());
                plan.shapes.push(shape);
                plan.shapes.len() - 1
            }
        };
        p.plain = Some(Plain { shape: index, values });
    }
    plan
}

/// A plain error's writes split into their shape and constants; `None` when
/// a write takes an input (template parameter or context field).
fn shape_of(writes: &[Write]) -> Option<(Shape, Vec<Source>)> {
    let mut shape = Shape { writes: Vec::with_capacity(writes.len()), slots: Vec::new() };
    let mut values = Vec::new();
    for write in writes {
        let kind = match &write.source {
            Source::Text(_) => SlotKind::Text,
            Source::Integer(_) => SlotKind::Integer,
            Source::Bool(_) => SlotKind::Bool,
            Source::RequestId => {
                shape.writes.push(write.clone());
                continue;
            }
            _ => return None,
        };
        shape.writes.push(Write { path: write.path.clone(), source: Source::Slot(shape.slots.len()) });
        shape.slots.push(kind);
        values.push(write.source.clone());
    }
    Some((shape, values))
}

/// Which error (the first in catalog order) each `match` text belongs to,
/// so that finding a message's owner is a few lookups rather than a scan
/// of every error per error.
struct Owners<'c> {
    /// Each exact text, with the first error listing it and its position.
    exact: HashMap<&'c str, (usize, &'c SpecError)>,
    /// Each prefix, likewise.
    prefixes: HashMap<&'c str, (usize, &'c SpecError)>,
}

impl<'c> Owners<'c> {
    fn new(catalog: &'c Catalog) -> Self {
        let mut owners = Owners { exact: HashMap::new(), prefixes: HashMap::new() };
        for (i, error) in catalog.errors().enumerate() {
            for text in &error.matches.exact {
                owners.exact.entry(text.as_str()).or_insert((i, error));
            }
            for text in &error.matches.prefix {
                owners.prefixes.entry(text.as_str()).or_insert((i, error));
            }
        }
        owners
    }

    /// The first error with a prefix that `text` starts with: the earliest
    /// owner among `text`'s own prefixes.
    fn prefix(&self, text: &str) -> Option<&'c SpecError> {
        earliest_prefix(&self.prefixes, text)
    }
}

/// Of the entries keyed by a prefix of `text` (at its character
/// boundaries: a string that `text` starts with ends at one), the value of
/// the one with the lowest position.
fn earliest_prefix<T: Copy>(prefixes: &HashMap<&str, (usize, T)>, text: &str) -> Option<T> {
    let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    ends.filter_map(|end| prefixes.get(&text[..end])).min_by_key(|(i, _)| *i).map(|&(_, value)| value)
}

/// For a spec whose bodies carry no code: the message text that matching
/// (rule 3) finds this error by first, or why there is none.
fn matched_message<'c>(catalog: &'c Catalog, owners: &std::cell::OnceCell<Owners<'c>>, error: &SpecError) -> Result<Source, String> {
    if error.matches.is_empty() {
        return Err("the envelope carries no code and the error has no `match` messages to be recognised by".into());
    }
    let owners: &Owners<'_> = owners.get_or_init(|| Owners::new(catalog));
    let exact_owner = |text: &str| owners.exact.get(text).map(|&(_, e)| e);
    let prefix_owner = |text: &str| owners.prefix(text);
    let owner = |text: &str, fixed: bool| if fixed { exact_owner(text).or_else(|| prefix_owner(text)) } else { prefix_owner(text) };
    let ours = |found: Option<&SpecError>| found.is_some_and(|e| e.code == error.code);
    // A template's text before its first parameter is all that is fixed.
    let pieces = template_pieces(&error.message, &error.params);
    let head = match pieces.first() {
        Some(Piece::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let fixed = error.params.is_empty();
    if ours(owner(&head, fixed)) {
        return Ok(message_source(error));
    }
    for text in error.matches.exact.iter().chain(&error.matches.prefix) {
        if !text.is_empty() && ours(owner(text, true)) {
            return Ok(Source::Text(text.clone()));
        }
    }
    Err(format!("no message of it is matched to `{}` first (rule 3)", error.code))
}

fn plan_error<'a, 'c>(
    catalog: &'c Catalog,
    owners: &std::cell::OnceCell<Owners<'c>>,
    error: &'a SpecError,
) -> Result<ErrorPlan<'a>, String> {
    let env = &catalog.envelope;
    let field_type = |name: &str| catalog.field(name).map_or(FieldType::String, |f| f.ty);
    let mut writes: Vec<Write> = Vec::new();
    let add = |writes: &mut Vec<Write>, location: &str, source: Source| writes.push(Write { path: steps(catalog, location), source });
    if let Some(flag) = &env.success_flag {
        add(&mut writes, flag, Source::Bool(false));
    }
    let has_code = env.code.is_some() || env.items.as_ref().is_some_and(|i| i.code.is_some());
    if env.no_code.contains(&error.code) && has_code {
        return Err(format!("its code `{}` is listed in `envelope.no_code`, so it reads back as no code", error.code));
    }
    let message = if env.code.is_some() || (has_code && error.matches.is_empty()) {
        message_source(error)
    } else {
        matched_message(catalog, owners, error)?
    };
    if let Some(code) = &env.code {
        add(&mut writes, code, code_source(error));
    }
    if env.kind == EnvelopeKind::Problem {
        let title = catalog.class(&error.class).map_or(error.message.as_str(), |c| c.title.as_str());
        add(&mut writes, "/title", Source::Text(title.to_owned()));
    }
    if let Some(status) = &env.status {
        add(&mut writes, status, Source::Integer(i64::from(error.status)));
    }
    match env.message.first() {
        Some(at) => add(&mut writes, at, message.clone()),
        None if !error.params.is_empty() && env.context.is_none() => {
            return Err("its template parameters can go nowhere: the envelope has no message and no context".into());
        }
        None => {}
    }
    if let (Some(at), Some(field)) = (&env.field, &error.field) {
        add(&mut writes, at, Source::Text(field.clone()));
    }
    // Codes only in the items (GitHub-style): one item with the code.
    if let Some(items) = &env.items
        && env.code.is_none()
        && let Some(code_at) = &items.code
        && error.matches.is_empty()
    {
        let mut item = steps(catalog, &items.at);
        item.push(Step::Index(0));
        let add_item = |writes: &mut Vec<Write>, pointer: &str, source: Source| {
            let mut path = item.clone();
            path.extend(pointer_steps(pointer));
            writes.push(Write { path, source });
        };
        add_item(&mut writes, code_at, code_source(error));
        if let Some(at) = items.message.first() {
            add_item(&mut writes, at, message.clone());
        }
        if let (Some(at), Some(field)) = (&items.field, &error.field) {
            add_item(&mut writes, at, Source::Text(field.clone()));
        }
    }
    // The body values a class's conditions read, for the error's class.
    if let Some(class) = catalog.class(&error.class) {
        for condition in &class.when {
            if let ConditionSource::Body(at) = &condition.source
                && (condition.status.is_empty() || condition.status.contains(&error.status))
            {
                add(&mut writes, at, Source::Text(condition.equals.clone()));
            }
        }
    }
    let request_id_header = env.headers.request_id.first().cloned();
    if request_id_header.is_none()
        && let Some(at) = &env.request_id
    {
        add(&mut writes, at, Source::RequestId);
    }
    let takes_request_id = request_id_header.is_some() || env.request_id.is_some();
    let params: Vec<(String, FieldType)> = error.params.iter().map(|p| (p.clone(), field_type(p))).collect();
    let mut fields = Vec::new();
    if let Some(context) = &env.context {
        for name in &error.fields {
            let mut path = steps(catalog, context);
            path.push(Step::Key(name.clone()));
            let required = error.params.contains(name);
            let write = Write { path, source: Source::Context { field: name.clone(), ty: field_type(name), required } };
            // A field where another write already goes cannot be carried.
            if writes.iter().any(|w| overlaps(&w.path, &write.path)) {
                if required {
                    return Err(format!("its parameter `{name}` would go where another part of the body is"));
                }
                continue;
            }
            if !required {
                fields.push((name.clone(), field_type(name)));
            }
            writes.push(write);
        }
    }
    // Two fixed writes to one place would leave only the last.
    for (i, a) in writes.iter().enumerate() {
        if let Some(b) = writes[i + 1..].iter().find(|b| overlaps(&a.path, &b.path)) {
            return Err(format!("two parts of its body go to one place ({} and {})", describe(&a.path), describe(&b.path)));
        }
    }
    let policy = &error.retry;
    Ok(ErrorPlan {
        error,
        content_type: env.content_types.first().cloned().unwrap_or_else(|| "application/json".into()),
        request_id_header,
        takes_request_id,
        retry_after_header: env.headers.retry_after.clone(),
        default_retry_after_s: (policy.policy == RetryMode::RetryAfter).then(|| policy.initial_delay_ms.div_ceil(1000)),
        params,
        fields,
        writes,
        plain: None,
    })
}

/// The writes of the escape hatch: a response for any code, status and
/// message, laid out as the envelope says but checked against nothing. A
/// body without a code location carries only the message.
pub fn custom_writes(catalog: &Catalog) -> Vec<Write> {
    let env = &catalog.envelope;
    let mut writes = Vec::new();
    let mut add = |location: &str, source: Source| writes.push(Write { path: steps(catalog, location), source });
    if let Some(flag) = &env.success_flag {
        add(flag, Source::Bool(false));
    }
    if let Some(code) = &env.code {
        add(code, Source::CustomCode);
    }
    if let Some(status) = &env.status {
        add(status, Source::CustomStatus);
    }
    if let Some(at) = env.message.first() {
        add(at, Source::CustomMessage);
    }
    if let Some(items) = &env.items
        && env.code.is_none()
        && let Some(code_at) = &items.code
    {
        let mut item = steps(catalog, &items.at);
        item.push(Step::Index(0));
        let with = |pointer: &str| item.iter().cloned().chain(pointer_steps(pointer)).collect::<Vec<_>>();
        writes.push(Write { path: with(code_at), source: Source::CustomCode });
        if let Some(at) = items.message.first() {
            writes.push(Write { path: with(at), source: Source::CustomMessage });
        }
    }
    if env.headers.request_id.is_empty()
        && let Some(at) = &env.request_id
    {
        writes.push(Write { path: steps(catalog, at), source: Source::RequestId });
    }
    writes
}

/// Whether one path is the other or lies inside it.
fn overlaps(a: &[Step], b: &[Step]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

fn describe(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{k}"),
            Step::Index(i) => format!("/{i}"),
            Step::Select { member, equals } => format!("[{member}={equals}]"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The reference writer and serializer (README rule 24).

/// A JSON value whose objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
}

impl Node {
    fn child(&mut self, step: &Step, next_is_array: bool) -> &mut Node {
        let fresh = || if next_is_array { Node::Array(Vec::new()) } else { Node::Object(Vec::new()) };
        match step {
            Step::Key(key) => {
                if !matches!(self, Node::Object(_)) {
                    *self = Node::Object(Vec::new());
                }
                let Node::Object(members) = self else { unreachable!() };
                let at = match members.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        members.push((key.clone(), fresh()));
                        members.len() - 1
                    }
                };
                &mut members[at].1
            }
            Step::Index(i) => {
                let elements = self.array();
                while elements.len() <= *i {
                    elements.push(Node::Object(Vec::new()));
                }
                &mut elements[*i]
            }
            Step::Select { member, equals } => {
                let elements = self.array();
                let picks =
                    |e: &Node| matches!(e, Node::Object(m) if m.iter().any(|(k, v)| k == member && *v == Node::Text(equals.clone())));
                let at = match elements.iter().position(picks) {
                    Some(at) => at,
                    None => {
                        elements.push(Node::Object(vec![(member.clone(), Node::Text(equals.clone()))]));
                        elements.len() - 1
                    }
                };
                &mut elements[at]
            }
        }
    }

    fn array(&mut self) -> &mut Vec<Node> {
        if !matches!(self, Node::Array(_)) {
            *self = Node::Array(Vec::new());
        }
        let Node::Array(elements) = self else { unreachable!() };
        elements
    }

    /// Sets `value` at `path`, making objects and arrays on the way.
    pub fn set(&mut self, path: &[Step], value: Node) {
        let mut node = self;
        for (i, step) in path.iter().enumerate() {
            let next_is_array = matches!(path.get(i + 1), Some(Step::Index(_) | Step::Select { .. }));
            node = node.child(step, next_is_array);
        }
        *node = value;
    }

    /// The value at `path`, if there is one (selections as rule 18 reads).
    pub fn get(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match (step, node) {
                (Step::Key(key), Node::Object(members)) => &members.iter().rev().find(|(k, _)| k == key)?.1,
                (Step::Index(i), Node::Array(elements)) => elements.get(*i)?,
                (Step::Select { member, equals }, Node::Array(elements)) => elements
                    .iter()
                    .find(|e| matches!(e, Node::Object(m) if m.iter().any(|(k, v)| k == member && *v == Node::Text(equals.clone()))))?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The canonical text: compact, members in order, strings escaped as
    /// rule 24 says.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
            Node::Array(elements) => {
                out.push('[');
                for (i, value) in elements.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    value.write(out);
                }
                out.push(']');
            }
            Node::Text(text) => push_json_string(out, text),
            Node::Integer(n) => {
                let _ = write!(out, "{n}");
            }
            Node::Number(x) => out.push_str(&number_text(*x)),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        }
    }
}

/// A JSON string as rule 24 writes it: `"` and `\` escaped, `\b \f \n \r
/// \t` in short form, other control characters as `\u00xx`, nothing else.
pub fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    // Runs of bytes that need no escape are copied whole; every byte that
    // needs one is ASCII, so a run always ends on a character boundary.
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if short.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// A finite number as JavaScript's `Number.prototype.toString` writes it:
/// the shortest digits that read back as the same double, no exponent for
/// magnitudes in [1e-6, 1e21), `1e+21` and `1.5e-7` style beyond, integral
/// values without a fraction.
pub fn number_text(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs();
    if (1e-6..1e21).contains(&magnitude) {
        return format!("{x}");
    }
    let text = format!("{x:e}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => text,
    }
}

// ---------------------------------------------------------------------------
// conformance/serve.json

/// Strings that exercise the serializer's escaping: quotes and backslashes,
/// control characters, non-ASCII, U+2028/2029, HTML's specials.
const SAMPLE_TEXTS: [&str; 5] = [
    "say \"hi\" \\ C:\\path/to",
    "tab\there\nnew line\u{1}\u{1f}\u{7f}",
    "naïve café – 東京 🚀",
    "line\u{2028}sep\u{2029}end",
    "<b>&amp;</b> 'x'",
];
const SAMPLE_NUMBERS: [f64; 4] = [1.5, 2.0, 0.000_000_1, 1e21];

fn sample(ty: FieldType, n: usize) -> Node {
    match ty {
        FieldType::String => Node::Text(SAMPLE_TEXTS[n % SAMPLE_TEXTS.len()].to_owned()),
        FieldType::Integer => Node::Integer(if n.is_multiple_of(2) { 42 + n as i64 } else { -(n as i64) - 7 }),
        FieldType::Number => Node::Number(SAMPLE_NUMBERS[n % SAMPLE_NUMBERS.len()]),
        FieldType::Boolean => Node::Bool(n.is_multiple_of(2)),
    }
}

/// A template parameter's value as the message shows it (rule 19).
fn param_text(value: &Node) -> String {
    match value {
        Node::Text(text) => text.clone(),
        other => other.canonical(),
    }
}

/// One conformance case's inputs.
struct Inputs {
    params: Vec<(String, Node)>,
    context: Vec<(String, Node)>,
    request_id: Option<String>,
    retry_after_ms: Option<u64>,
}

/// The response `plan` says to send for `inputs`: status, headers, body.
fn emit(plan: &ErrorPlan<'_>, inputs: &Inputs) -> (Vec<(String, String)>, Node) {
    let value_of = |name: &str| inputs.params.iter().chain(&inputs.context).find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let mut body = Node::Object(Vec::new());
    for write in &plan.writes {
        let value = match &write.source {
            Source::Text(text) => Node::Text(text.clone()),
            Source::Integer(n) => Node::Integer(*n),
            Source::Bool(b) => Node::Bool(*b),
            Source::Template(pieces) => Node::Text(
                pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.clone(),
                        Piece::Param(name) => value_of(name).map_or_else(|| format!("<{name}>"), |v| param_text(&v)),
                    })
                    .collect(),
            ),
            Source::Slot(_) | Source::CustomCode | Source::CustomStatus | Source::CustomMessage => continue,
            Source::RequestId => match &inputs.request_id {
                Some(id) => Node::Text(id.clone()),
                None => continue,
            },
            Source::Context { field, .. } => match value_of(field) {
                Some(value) => value,
                None => continue,
            },
        };
        body.set(&write.path, value);
    }
    let mut headers = vec![("content-type".to_owned(), plan.content_type.clone())];
    if let (Some(name), Some(id)) = (&plan.request_id_header, &inputs.request_id) {
        headers.push((name.clone(), id.clone()));
    }
    if let Some(seconds) = inputs.retry_after_ms.map(|ms| ms.div_ceil(1000)).or(plan.default_retry_after_s) {
        headers.push((plan.retry_after_header.clone(), seconds.to_string()));
    }
    (headers, body)
}

/// A JSON scalar of an expected context value or an input, as
/// `serve.json` writes it.
impl serde::Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Object(members) => serializer.collect_map(members.iter().map(|(k, v)| (k, v))),
            Node::Array(elements) => serializer.collect_seq(elements),
            Node::Text(text) => serializer.serialize_str(text),
            Node::Integer(n) => serializer.serialize_i64(*n),
            Node::Number(x) => serializer.serialize_f64(*x),
            Node::Bool(b) => serializer.serialize_bool(*b),
        }
    }
}

/// Members in the order given, written as a JSON object (names are unique:
/// validation rejects a parameter listed twice, and context fields are
/// sorted and deduplicated).
struct Members<'a>(&'a [(String, Node)]);

impl serde::Serialize for Members<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The code as a case names it: numeric codes as JSON integers.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum CodeValue<'a> {
    Number(i64),
    Text(&'a str),
}

/// What the client side must parse a case's response into.
#[derive(serde::Serialize)]
struct Expect<'a> {
    class: &'a str,
    code: &'a str,
    known_code: bool,
    message: String,
    request_id: Option<String>,
    field: Option<String>,
    retryable: bool,
    retry_after_ms: Option<u64>,
    context: Members<'a>,
}

#[derive(serde::Serialize)]
struct Response<'a> {
    status: u16,
    headers: &'a [(String, String)],
    body: String,
}

/// One case of `serve.json`, in the order its members are written.
#[derive(serde::Serialize)]
struct Case<'a> {
    name: String,
    code: CodeValue<'a>,
    status: u16,
    params: Members<'a>,
    context: Members<'a>,
    request_id: &'a Option<String>,
    retry_after_ms: Option<u64>,
    response: Response<'a>,
    expect: Expect<'a>,
}

/// The locations the client side reads a response at, as steps: worked
/// out once per catalog rather than once per case.
struct Reading<'a> {
    catalog: &'a Catalog,
    message: Vec<Vec<Step>>,
    request_id: Option<Vec<Step>>,
    field: Option<Vec<Step>>,
    retry_after: Option<Vec<Step>>,
    /// Every context field of the catalog, in order, with its path.
    context: Vec<(&'a crate::resolve::ContextField, Vec<Step>)>,
}

impl<'a> Reading<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let env = &catalog.envelope;
        let at = |location: &Option<String>| location.as_ref().map(|l| steps(catalog, l));
        let context = match &env.context {
            Some(object) => {
                let object = steps(catalog, object);
                let path = |name: &str| object.iter().cloned().chain([Step::Key(name.to_owned())]).collect();
                catalog.fields.iter().map(|field| (field, path(&field.name))).collect()
            }
            None => Vec::new(),
        };
        Reading {
            catalog,
            message: env.message.iter().map(|l| steps(catalog, l)).collect(),
            request_id: at(&env.request_id),
            field: at(&env.field),
            retry_after: at(&env.retry_after),
            context,
        }
    }
}

/// What the runtime semantics read back from an emitted response; the
/// context values go to `context`, in catalog field order.
fn expect<'a>(
    reading: &Reading<'a>,
    plan: &ErrorPlan<'a>,
    headers: &[(String, String)],
    body: &Node,
    context: &'a mut Vec<(String, Node)>,
) -> Expect<'a> {
    let env = &reading.catalog.envelope;
    let error = plan.error;
    let text_at = |path: Option<&Vec<Step>>| match path.and_then(|p| body.get(p)) {
        Some(Node::Text(t)) if !t.is_empty() => Some(t.clone()),
        _ => None,
    };
    let message = reading.message.iter().find_map(|p| text_at(Some(p))).unwrap_or_else(|| error.message.clone());
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let request_id = env.headers.request_id.iter().find_map(|h| header(h)).or_else(|| text_at(reading.request_id.as_ref()));
    context.clear();
    for (field, path) in &reading.context {
        let value = match (body.get(path), field.ty) {
            (Some(Node::Text(t)), FieldType::String) => Node::Text(t.clone()),
            (Some(Node::Integer(n)), FieldType::Integer | FieldType::Number) => Node::Integer(*n),
            (Some(Node::Number(x)), FieldType::Number) => Node::Number(*x),
            (Some(Node::Number(x)), FieldType::Integer) if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 => {
                Node::Integer(*x as i64)
            }
            (Some(Node::Bool(b)), FieldType::Boolean) => Node::Bool(*b),
            _ => continue,
        };
        context.push((field.name.clone(), value));
    }
    let policy = &error.retry;
    let header_delay = header(&env.headers.retry_after).and_then(|s| s.parse::<u64>().ok()).map(|s| s * 1000);
    let body_delay = reading.retry_after.as_ref().and_then(|p| match body.get(p) {
        Some(Node::Integer(n)) if *n >= 0 => Some(*n as u64 * 1000),
        Some(Node::Number(x)) if *x >= 0.0 => Some((x * 1000.0).floor() as u64),
        _ => None,
    });
    // The server's ask as sent, never shortened (README rule 10).
    let retry_after_ms = header_delay.or(body_delay).map(|ms| ms.min(9_007_199_254_740_991));
    Expect {
        class: &error.class,
        code: &error.code,
        known_code: true,
        message,
        request_id,
        field: text_at(reading.field.as_ref()).or_else(|| error.field.clone()),
        retryable: policy.policy != RetryMode::Never,
        retry_after_ms,
        context: Members(context),
    }
}

/// One case: the response `plan` gives for `inputs`, and what parsing it
/// gives. `context` holds the expected context values meanwhile.
fn case<'a>(
    reading: &Reading<'a>,
    plan: &ErrorPlan<'a>,
    name: String,
    inputs: &'a Inputs,
    headers: &'a mut Vec<(String, String)>,
    context: &'a mut Vec<(String, Node)>,
) -> Case<'a> {
    let (sent, body) = emit(plan, inputs);
    *headers = sent;
    let error = plan.error;
    Case {
        name,
        code: if error.numeric { CodeValue::Number(error.code.parse().unwrap_or_default()) } else { CodeValue::Text(&error.code) },
        status: error.status,
        params: Members(&inputs.params),
        context: Members(&inputs.context),
        request_id: &inputs.request_id,
        retry_after_ms: inputs.retry_after_ms,
        expect: expect(reading, plan, headers, &body, context),
        response: Response { status: error.status, headers, body: body.canonical() },
    }
}

/// Every case of `serve.json`, made one at a time as it is written.
struct Cases<'a> {
    catalog: &'a Catalog,
    plan: &'a Plan<'a>,
}

impl serde::Serialize for Cases<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.plan.errors.len() * 2))?;
        let reading = Reading::new(self.catalog);
        let mut n = 0;
        for p in &self.plan.errors {
            let label = format!("{} {}", p.error.code, p.error.status);
            let mut next = |ty| {
                n += 1;
                sample(ty, n)
            };
            let params: Vec<(String, Node)> = p.params.iter().map(|(name, ty)| (name.clone(), next(*ty))).collect();
            let context: Vec<(String, Node)> = p.fields.iter().map(|(name, ty)| (name.clone(), next(*ty))).collect();
            let full = Inputs {
                params: params.clone(),
                context,
                request_id: p.takes_request_id.then(|| format!("req_{n:04}")),
                retry_after_ms: Some(2500),
            };
            let bare = Inputs { params, context: Vec::new(), request_id: None, retry_after_ms: None };
            for (name, inputs) in [(format!("{label}, every input"), &full), (format!("{label}, required inputs only"), &bare)] {
                let (mut headers, mut expected) = (Vec::new(), Vec::new());
                seq.serialize_element(&case(&reading, p, name, inputs, &mut headers, &mut expected))?;
            }
        }
        seq.end()
    }
}

/// An error no response can carry back, as `not_buildable` lists it.
#[derive(serde::Serialize)]
struct NotBuildable<'a> {
    code: &'a str,
    status: u16,
    why: &'a str,
}

#[derive(serde::Serialize)]
struct Conformance<'a> {
    #[serde(rename = "$comment")]
    comment: &'static str,
    spec: &'a str,
    cases: Cases<'a>,
    not_buildable: Vec<NotBuildable<'a>>,
}

/// `conformance/serve.json`, as its final text: per buildable error, one
/// case with every input given (hostile sample texts) and one with only the
/// required ones, each with the exact response and what parsing it gives.
///
/// Each case is made as it is written, straight to text in serde_json's
/// pretty layout: at 10,000 errors a `Value` tree of it (19 MB of text)
/// cost more than half a second.
pub fn conformance(catalog: &Catalog, plan: &Plan<'_>) -> String {
    let document = Conformance {
        comment: "Generated by `cargo xtask gen`. Server-side conformance (README, \"Serving errors\" and rule 24): each case builds `code` at `status` with the inputs given (`params` required, `context` optional, `request_id`, `retry_after_ms` a delay to send); the server side must produce exactly `response` (status, headers in order, body text), and the client side must parse `response` into `expect` (the shape of tests/vectors/*.json). `not_buildable` lists errors no response can carry back, and why.",
        spec: &catalog.source,
        cases: Cases { catalog, plan },
        not_buildable: plan.unbuildable.iter().map(|u| NotBuildable { code: &u.error.code, status: u.error.status, why: &u.why }).collect(),
    };
    let mut out = Vec::with_capacity(plan.errors.len() * 2048 + 4096);
    serde_json::to_writer_pretty(&mut out, &document).expect("writing to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly_the_rule_20_set() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c/d\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é\u{2028}<>&");
        assert_eq!(out, "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}é\u{2028}<>&\"");
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        for (x, text) in [
            (1.5, "1.5"),
            (2.0, "2"),
            (-0.25, "-0.25"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
        ] {
            assert_eq!(number_text(x), text, "{x}");
        }
    }

    #[test]
    fn selections_are_made_once_and_members_keep_their_order() {
        let select = Step::Select { member: "@type".into(), equals: "t".into() };
        let mut body = Node::Object(Vec::new());
        body.set(&[Step::Key("e".into()), Step::Key("details".into()), select.clone(), Step::Key("reason".into())], Node::Text("R".into()));
        body.set(&[Step::Key("e".into()), Step::Key("code".into())], Node::Integer(4));
        body.set(&[Step::Key("e".into()), Step::Key("details".into()), select, Step::Key("domain".into())], Node::Text("d".into()));
        body.set(&[Step::Key("items".into()), Step::Index(0), Step::Key("code".into())], Node::Text("c".into()));
        assert_eq!(body.canonical(), r#"{"e":{"details":[{"@type":"t","reason":"R","domain":"d"}],"code":4},"items":[{"code":"c"}]}"#);
    }

    #[test]
    fn a_prefix_owner_is_the_first_error_whose_prefix_the_text_starts_with() {
        // The lookup by the text's own prefixes against the scan it replaces.
        let lists: [&[&str]; 5] = [&["Quota é", "Zed"], &["x", "Quota"], &["Quota é!"], &["東"], &[""]];
        for skip_empty in [true, false] {
            let lists = if skip_empty { &lists[..4] } else { &lists[..] };
            let mut prefixes: HashMap<&str, (usize, usize)> = HashMap::new();
            for (i, list) in lists.iter().enumerate() {
                for p in *list {
                    prefixes.entry(p).or_insert((i, i));
                }
            }
            let scan = |text: &str| lists.iter().position(|list| list.iter().any(|p| text.starts_with(p)));
            for text in ["", "Quota", "Quota é", "Quota é!", "Quota e", "Zed", "x", "東京", "Quot"] {
                assert_eq!(earliest_prefix(&prefixes, text), scan(text), "{text:?}");
            }
        }
    }

    #[test]
    fn templates_split_at_declared_parameters_only() {
        let pieces = template_pieces("a <x> <y> <z>", &["x".into(), "z".into()]);
        assert_eq!(pieces, [Piece::Text("a ".into()), Piece::Param("x".into()), Piece::Text(" <y> ".into()), Piece::Param("z".into())]);
    }
}
