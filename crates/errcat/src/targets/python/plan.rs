//! A stand-in for the engine's emit plan (issue 16a's `serve` module) until
//! that lands: the body writes that make a body the parsers read back as one
//! error.

use crate::model::EnvelopeKind;
use crate::resolve::Catalog;

/// One step of a body path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
    Pick { member: String, equals: String },
}

/// What one write puts into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Code,
    Message,
    Status,
    Title,
    False,
    RequestId,
    Context(String),
}

#[derive(Debug, Clone)]
pub struct Write {
    pub at: Vec<Step>,
    pub source: Source,
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The steps of a body location (README, rule 18).
pub fn steps(catalog: &Catalog, location: &str) -> Vec<Step> {
    let (mut out, pointer) = match location.strip_prefix('@') {
        Some(rest) => {
            let (name, pointer) = rest.split_once('/').map_or((rest, ""), |(n, p)| (n, p));
            let pointer = if pointer.is_empty() { String::new() } else { format!("/{pointer}") };
            let selection = catalog.envelope.selections.iter().find(|s| s.name == name);
            let mut out = Vec::new();
            if let Some(s) = selection {
                out = pointer_steps(&s.array);
                out.push(Step::Pick { member: s.member.clone(), equals: s.equals.clone() });
            }
            (out, pointer)
        }
        None => (Vec::new(), location.to_owned()),
    };
    out.extend(pointer_steps(&pointer));
    out
}

fn pointer_steps(pointer: &str) -> Vec<Step> {
    pointer.split('/').skip(1).map(|t| Step::Key(unescape(t))).collect()
}

/// The writes for an error with context `fields`, in order.
pub fn plan(catalog: &Catalog, fields: &[String]) -> Vec<Write> {
    let e = &catalog.envelope;
    let mut out = Vec::new();
    let mut push = |at: Vec<Step>, source: Source| out.push(Write { at, source });
    if let Some(flag) = &e.success_flag {
        push(steps(catalog, flag), Source::False);
    }
    let item = e.items.as_ref().map(|items| {
        let mut at = steps(catalog, &items.at);
        at.push(Step::Index(0));
        (at, items)
    });
    match (&e.code, &item) {
        (Some(code), _) => push(steps(catalog, code), Source::Code),
        (None, Some((at, items))) if items.code.is_some() => {
            let mut at = at.clone();
            at.extend(steps(catalog, items.code.as_deref().unwrap_or_default()));
            push(at, Source::Code);
        }
        _ => {}
    }
    if e.kind == EnvelopeKind::Problem && e.message.iter().any(|m| m == "/title") {
        push(steps(catalog, "/title"), Source::Title);
    }
    if let Some(status) = &e.status {
        push(steps(catalog, status), Source::Status);
    }
    let message = e.message.iter().find(|m| *m != "/title" || e.kind != EnvelopeKind::Problem);
    if let Some(message) = message {
        push(steps(catalog, message), Source::Message);
    }
    if let Some(request_id) = &e.request_id {
        push(steps(catalog, request_id), Source::RequestId);
    }
    if let Some(context) = &e.context {
        for field in fields {
            let mut at = steps(catalog, context);
            at.push(Step::Key(field.clone()));
            push(at, Source::Context(field.clone()));
        }
    }
    out
}

/// Whether bodies of this spec carry a code (at the top or in the first item).
pub fn carries_code(catalog: &Catalog) -> bool {
    catalog.envelope.code.is_some() || catalog.envelope.items.as_ref().is_some_and(|i| i.code.is_some())
}

/// The code the message matching of rule 3 finds for `message`.
fn matched_code<'a>(catalog: &'a Catalog, message: &str) -> Option<&'a str> {
    let exact = catalog.errors().find(|e| e.matches.exact.iter().any(|m| m == message));
    let prefix = || catalog.errors().find(|e| e.matches.prefix.iter().any(|p| message.starts_with(p.as_str())));
    exact.or_else(prefix).map(|e| e.code.as_str())
}

/// The message text a code-less body sends so that matching finds `error`'s
/// code again: the first of its `exact` texts, its own message, its
/// `prefix`es that does. None when none does: the error cannot be sent.
pub fn codeless_message(catalog: &Catalog, error: &crate::resolve::Error) -> Option<String> {
    let m = &error.matches;
    m.exact
        .iter()
        .chain(std::iter::once(&error.message))
        .chain(&m.prefix)
        .find(|text| !text.is_empty() && matched_code(catalog, text) == Some(error.code.as_str()))
        .cloned()
}
