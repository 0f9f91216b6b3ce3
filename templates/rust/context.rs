{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! [`Context`]: the typed context fields an error body may carry.

use serde_json::{Map, Value};

/// The context fields the catalog declares, each present only when the body
/// holds it with its declared type (README rule 8). The raw values stay
/// available through [`ApiError::details`](super::ApiError::details) and
/// [`ApiError::json`](super::ApiError::json).
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq)]
{%- if v.fields.is_empty() %}
pub struct Context {}
{%- else %}
pub struct Context {
{%- for f in v.fields %}
{{ f.doc }}    pub {{ f.name }}: Option<{{ f.ty }}>,
{%- endfor %}
}
{%- endif %}

impl Context {
    /// Reads every declared field from a context object, by wire name; a
    /// value of another type than the declared one counts as absent. The
    /// inverse of [`Context::to_json`], e.g. to fill in a message template
    /// with [`Definition::format_message`](super::Definition::format_message).
    #[rustfmt::skip]
{%- if v.fields.is_empty() %}
    pub fn from_json(_object: &Map<String, Value>) -> Context {
        Context {}
    }
{%- else %}
    pub fn from_json(object: &Map<String, Value>) -> Context {
        Context {
{%- for f in v.fields %}
            {{ f.name }}: {{ f.reader }}(object.get({{ f.wire }})),
{%- endfor %}
        }
    }
{%- endif %}

    /// The fields present, by wire name, as JSON values: for logs, or to
    /// pass the typed context on.
{%- if v.fields.is_empty() %}
    pub fn to_json(&self) -> Map<String, Value> {
        Map::new()
    }
{%- else %}
    #[rustfmt::skip]
    pub fn to_json(&self) -> Map<String, Value> {
        let mut json = Map::new();
{%- for f in v.fields %}
        if let Some(value) = &self.{{ f.name }} {
            json.insert({{ f.wire }}.to_owned(), Value::from({{ f.to_json }}));
        }
{%- endfor %}
        json
    }
{%- endif %}
}
{%- for reader in v.readers %}
{%- if reader == &"string" %}

fn string(value: Option<&Value>) -> Option<String> {
    value?.as_str().map(str::to_owned)
}
{%- else if reader == &"integer" %}

/// A JSON number with no fractional part within ±(2^53 − 1), the integers
/// every language reads exactly (README rule 8).
fn integer(value: Option<&Value>) -> Option<i64> {
    const MAX_SAFE: i64 = (1 << 53) - 1;
    let number = value?.as_number()?;
    let whole = match number.as_i64() {
        Some(whole) => whole,
        None => {
            let float = number.as_f64()?;
            if float.fract() != 0.0 || float.abs() > MAX_SAFE as f64 {
                return None;
            }
            float as i64
        }
    };
    (whole.unsigned_abs() <= MAX_SAFE as u64).then_some(whole)
}
{%- else if reader == &"number" %}

/// A finite JSON number.
fn number(value: Option<&Value>) -> Option<f64> {
    value?.as_f64().filter(|n| n.is_finite())
}
{%- else if reader == &"boolean" %}

fn boolean(value: Option<&Value>) -> Option<bool> {
    value?.as_bool()
}
{%- endif %}
{%- endfor %}

