// {{ v.notice }}

//! Building the responses this API sends for its errors (README, "Serving
//! errors"): one builder per listed error, typed by its template parameters
//! and context fields, whose [`ErrorResponse`] is exactly what
//! [`crate::ApiError::from_parts`] reads back as that error (README rule 24).
//! The response is plain data (status, header pairs, body bytes) for any
//! server framework. [`custom`] is the escape hatch for codes the catalog
//! does not list.

use std::time::Duration;

use super::{Code, Context};

/// An error response: plain data to hand to any HTTP server framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body: compact JSON in the API's envelope.
    pub body: Vec<u8>,
}

/// What any response may carry besides the error's own values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The request id, sent in the spec's request-id header (or body member).
    pub request_id: Option<String>,
    /// A retry delay, sent as `Retry-After` in whole seconds rounded up;
    /// without it, errors whose policy is `retry_after` send the policy's
    /// initial delay.
    pub retry_after: Option<Duration>,
}

impl Options {
    /// These options with a request id.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// These options with a retry delay.
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }
}
{% for b in v.builders %}
{{ b.doc }}#[derive({{ b.derive }})]
#[rustfmt::skip]
{% if b.fields.is_empty() -%}
pub struct {{ b.name }} {}
{%- else -%}
pub struct {{ b.name }} {
{%- for f in b.fields %}
{{ f }}
{%- endfor %}
}
{%- endif %}

#[rustfmt::skip]
impl {{ b.name }} {
{%- if let Some(plain) = b.plain %}
    /// Its row of `PLAIN`: its shape's function and the constants it fills in.
    const PLAIN: Plain = {{ plain }};
{% endif %}
    /// The error with its template parameters; context fields unset.
    #[inline]
    pub fn new({{ b.new_params }}) -> Self {
        {{ b.name }} { {{ b.new_fields }} }
    }

    /// The response, without a request id or retry delay.
    #[inline]
    pub fn response(&self) -> ErrorResponse {
        self.response_with(&Options::default())
    }

    /// The response with `options`.
    #[inline]
    pub fn response_with(&self, options: &Options) -> ErrorResponse {
{%- if b.plain.is_some() %}
        Self::PLAIN.response(options)
{%- else %}
        let mut body = Value::Object(Vec::new());
{%- for s in b.statements %}
{{ s }}
{%- endfor %}
        finish({{ b.finish }}, options, body)
{%- endif %}
    }
}
{% endfor %}
/// The response for `code`'s definition at `status`, its parameters and
/// context fields taken from `context`; `None` when the code has no
/// definition at that status or `context` lacks one of its parameters.
#[rustfmt::skip]
pub fn for_code(code: &Code, status: u16, {{ v.context_param }}: &Context, options: &Options) -> Option<ErrorResponse> {
{%- if v.dispatch.is_empty() && !v.plain_rows.is_empty() %}
    plain(code, status).map(|plain| plain.response(options))
{%- else %}
    match (code, status) {
{%- for d in v.dispatch %}
{{ d }}
{%- endfor %}
{%- if v.plain_rows.is_empty() %}
        _ => None,
{%- else %}
        _ => plain(code, status).map(|plain| plain.response(options)),
{%- endif %}
    }
{%- endif %}
}
{%- if !v.plain_rows.is_empty() %}

/// Every plain error (one whose body holds only constants and the request
/// id): its builder's `PLAIN`, sorted by code and status for [`for_code`].
/// A table, not match arms: rustc compiles one row per error far faster
/// than one arm and one builder call per error.
#[rustfmt::skip]
static PLAIN: [Plain; {{ v.plain_rows.len() }}] = [
{%- for row in v.plain_rows %}
{{ row }}
{%- endfor %}
];

/// The plain error `code` has at `status`, if any.
fn plain(code: &Code, status: u16) -> Option<&'static Plain> {
    if !code.is_known() {
        return None;
    }
    let key = (code.as_str(), status);
    PLAIN
        .binary_search_by(|plain| (plain.code, plain.status).cmp(&key))
        .ok()
        .map(|at| &PLAIN[at])
}

/// A plain error: its code and status, and the function of its shape (the
/// layout it shares with other plain errors) with the constants that fill
/// that shape's slots.
struct Plain {
    code: &'static str,
    status: u16,
    /// The `Retry-After` seconds sent when no delay is given.
    default_delay_s: Option<u64>,
    shape: fn(&[Slot], u16, Option<u64>, &Options) -> ErrorResponse,
    values: &'static [Slot],
}

impl Plain {
    fn response(&self, options: &Options) -> ErrorResponse {
        (self.shape)(self.values, self.status, self.default_delay_s, options)
    }
}

/// A constant a plain error puts in its body.
enum Slot {
{%- if v.text_slots %}
    Text(&'static str),
{%- endif %}
{%- if v.integer_slots %}
    Integer(i64),
{%- endif %}
{%- if v.bool_slots %}
    Bool(bool),
{%- endif %}
}

impl Slot {
    fn value(&self) -> Value {
        match self {
{%- if v.text_slots %}
            Slot::Text(text) => Value::text(text),
{%- endif %}
{%- if v.integer_slots %}
            Slot::Integer(n) => Value::Integer(*n),
{%- endif %}
{%- if v.bool_slots %}
            Slot::Bool(b) => Value::Bool(*b),
{%- endif %}
        }
    }
}
{%- for shape in v.shapes %}

/// The body of the plain errors of shape {{ loop.index0 }}, `values` filling its
/// slots in order.
#[rustfmt::skip]
fn {{ shape.name }}({{ shape.values_param }}: &[Slot], status: u16, default_delay_s: Option<u64>, options: &Options) -> ErrorResponse {
    let mut body = Value::Object(Vec::new());
{%- for s in shape.statements %}
{{ s }}
{%- endfor %}
    finish({{ v.shape_finish }}, options, body)
}
{%- endfor %}
{%- endif %}

/// The escape hatch: a response for any code, status and message, laid
/// out in the API's envelope but checked against nothing in the catalog.
/// Prefer the builders, which make an unlisted code impossible by accident.
#[rustfmt::skip]
pub fn custom(code: &str, status: u16, message: &str, options: &Options) -> ErrorResponse {
    let mut body = Value::Object(Vec::new());
{%- for s in v.custom %}
{{ s }}
{%- endfor %}
    finish({{ v.custom_finish }}, options, body)
}

/// One step of a body path: a member, an array element, or the first
/// element whose `member` is the string `equals` (appended when missing).
///
/// The same writer serves every envelope, and not every envelope has arrays:
/// hence the `allow`s.
{% if v.context_path.is_some() -%}
#[derive(Clone, Copy)]
{% endif -%}
enum Step {
    Key(&'static str),
    #[allow(dead_code)]
    Index(usize),
    #[allow(dead_code)]
    Select(&'static str, &'static str),
}

/// A JSON value whose objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Object(Vec<(String, Value)>),
    Array(Vec<Value>),
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
}

impl Value {
    fn text(text: &str) -> Value {
        Value::Text(text.to_owned())
    }

    fn is_selected(&self, member: &str, equals: &str) -> bool {
        matches!(self, Value::Object(members) if members.iter().any(|(k, v)| k == member && matches!(v, Value::Text(t) if t == equals)))
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Value {
        Value::Text(text.clone())
    }
}

impl From<&i64> for Value {
    fn from(n: &i64) -> Value {
        Value::Integer(*n)
    }
}

impl From<&f64> for Value {
    fn from(x: &f64) -> Value {
        Value::Number(*x)
    }
}

impl From<&bool> for Value {
    fn from(b: &bool) -> Value {
        Value::Bool(*b)
    }
}

/// Sets `value` at `path` inside `body`, making objects and arrays on the
/// way (README rule 24).
fn set(body: &mut Value, path: &[Step], value: Value) {
    let mut node = body;
    for (i, step) in path.iter().enumerate() {
        let next_is_array = matches!(path.get(i + 1), Some(Step::Index(_) | Step::Select(..)));
        let fresh = || {
            if next_is_array {
                Value::Array(Vec::new())
            } else {
                Value::Object(Vec::new())
            }
        };
        node = match step {
            Step::Key(key) => {
                if !matches!(node, Value::Object(_)) {
                    *node = Value::Object(Vec::new());
                }
                let Value::Object(members) = node else {
                    unreachable!("just made an object")
                };
                let at = match members.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        members.push(((*key).to_owned(), fresh()));
                        members.len() - 1
                    }
                };
                &mut members[at].1
            }
            Step::Index(index) => {
                let elements = array(node);
                while elements.len() <= *index {
                    elements.push(Value::Object(Vec::new()));
                }
                &mut elements[*index]
            }
            Step::Select(member, equals) => {
                let elements = array(node);
                let at = match elements.iter().position(|e| e.is_selected(member, equals)) {
                    Some(at) => at,
                    None => {
                        elements.push(Value::Object(vec![(
                            (*member).to_owned(),
                            Value::text(equals),
                        )]));
                        elements.len() - 1
                    }
                };
                &mut elements[at]
            }
        };
    }
    *node = value;
}

{% if let Some(path) = v.context_path -%}
/// Where the envelope carries context fields: each is the member of this
/// object named after it.
#[rustfmt::skip]
const CONTEXT: &[Step] = {{ path }};

/// Sets context field `field` to `value`, when given, in the envelope's
/// context object: every builder's context fields go through here.
fn context<T>(body: &mut Value, field: &'static str, value: Option<&T>)
where
    for<'a> Value: From<&'a T>,
{
    if let Some(value) = value {
        let mut path = CONTEXT.to_vec();
        path.push(Step::Key(field));
        set(body, &path, Value::from(value));
    }
}

{% endif -%}
fn array(node: &mut Value) -> &mut Vec<Value> {
    if !matches!(node, Value::Array(_)) {
        *node = Value::Array(Vec::new());
    }
    let Value::Array(elements) = node else {
        unreachable!("just made an array")
    };
    elements
}

/// The canonical text of `value` (README rule 24).
fn write_json(out: &mut String, value: &Value) {
    match value {
        Value::Object(members) => {
            out.push('{');
            for (i, (key, member)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_json(out, member);
            }
            out.push('}');
        }
        Value::Array(elements) => {
            out.push('[');
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, element);
            }
            out.push(']');
        }
        Value::Text(text) => write_string(out, text),
        Value::Integer(n) => out.push_str(&n.to_string()),
        Value::Number(x) => out.push_str(&number_text(*x)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
    }
}

/// `"` and `\` escaped, `\b \f \n \r \t` short, other control characters as
/// `\u00xx`, nothing else.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as JavaScript's `Number.prototype.toString` writes it; `null`
/// for NaN and the infinities, which JSON cannot carry.
fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return "null".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    if (1e-6..1e21).contains(&x.abs()) {
        return format!("{x}");
    }
    let text = format!("{x:e}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => text,
    }
}

fn finish(
    status: u16,
    content_type: &str,
    request_id_header: Option<&str>,
    retry_after_header: &str,
    default_delay_s: Option<u64>,
    options: &Options,
    body: Value,
) -> ErrorResponse {
    let mut headers = vec![("content-type".to_owned(), content_type.to_owned())];
    if let (Some(name), Some(id)) = (request_id_header, &options.request_id) {
        headers.push((name.to_owned(), id.clone()));
    }
    let delay = options
        .retry_after
        .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
        .or(default_delay_s);
    if let Some(seconds) = delay {
        headers.push((retry_after_header.to_owned(), seconds.to_string()));
    }
    let mut text = String::new();
    write_json(&mut text, &body);
    ErrorResponse {
        status,
        headers,
        body: text.into_bytes(),
    }
}

