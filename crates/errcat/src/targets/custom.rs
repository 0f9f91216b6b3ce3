//! The escape hatch every target's server side has beside its typed
//! builders: a response for *any* status, code and message, in the API's
//! envelope. Its writes are the part of an emit plan ([`crate::serve`]) that
//! does not depend on a listed error: the success flag, the code, the
//! status, the message and the request id.

use crate::model::EnvelopeKind;
use crate::resolve::Catalog;
use crate::serve::{Step, steps};

/// What one write of the escape hatch puts at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// The code argument (a string or an integer), skipped when absent.
    Code,
    /// The status argument, an integer.
    Status,
    /// The message argument.
    Message,
    /// The request id, skipped when absent.
    RequestId,
    /// A constant: the `success: false` flag.
    False,
}

#[derive(Debug, Clone)]
pub struct Write {
    pub path: Vec<Step>,
    pub value: Value,
}

/// The escape hatch's body writes, in the order the emit plans use.
pub fn writes(catalog: &Catalog) -> Vec<Write> {
    let env = &catalog.envelope;
    let mut out = Vec::new();
    let mut add = |location: &str, value| out.push(Write { path: steps(catalog, location), value });
    if let Some(flag) = &env.success_flag {
        add(flag, Value::False);
    }
    if let Some(code) = &env.code {
        add(code, Value::Code);
    }
    if env.kind == EnvelopeKind::Problem {
        add("/title", Value::Message);
    }
    if let Some(status) = &env.status {
        add(status, Value::Status);
    }
    if let Some(at) = env.message.first() {
        add(at, Value::Message);
    }
    if let Some(items) = env.items.as_ref().filter(|_| env.code.is_none())
        && let Some(code_at) = &items.code
    {
        let mut item = steps(catalog, &items.at);
        item.push(Step::Index(0));
        let mut path = item.clone();
        path.extend(steps(catalog, code_at));
        out.push(Write { path, value: Value::Code });
        if let Some(at) = items.message.first() {
            let mut path = item;
            path.extend(steps(catalog, at));
            out.push(Write { path, value: Value::Message });
        }
    }
    if env.headers.request_id.is_empty()
        && let Some(at) = &env.request_id
    {
        out.push(Write { path: steps(catalog, at), value: Value::RequestId });
    }
    out
}
