{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! [`Subcodes`]: the second-level codes an error body may carry beside its
//! code (README rule 16), each an enum of its documented values that stays
//! open to values a newer server may add.
{%- if !v.subcodes.is_empty() %}

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use super::ApiError;
{%- endif %}

/// The second-level codes of an error, each present only when the body holds
/// a non-empty string at its location.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
{%- if v.subcodes.is_empty() %}
pub struct Subcodes {}
{%- else %}
pub struct Subcodes {
{%- for s in v.subcodes %}
{{ s.field_doc }}    pub {{ s.accessor }}: Option<{{ s.type_name }}>,
{%- endfor %}
}
{%- endif %}

impl Subcodes {
    /// Reads every sub-code, given the string at a body location.
{%- if v.subcodes.is_empty() %}
    pub(crate) fn read<'a>(_string_at: impl Fn(&str) -> Option<&'a str>) -> Subcodes {
        Subcodes {}
    }
{%- else %}
    #[rustfmt::skip]
    pub(crate) fn read<'a>(string_at: impl Fn(&str) -> Option<&'a str>) -> Subcodes {
        let present = |location: &str| string_at(location).filter(|value| !value.is_empty());
        Subcodes {
{%- for s in v.subcodes %}
            {{ s.accessor }}: present({{ s.at }}).map({{ s.type_name }}::from),
{%- endfor %}
        }
    }
{%- endif %}

    /// The sub-codes present, as `(name, value on the wire, whether the
    /// catalog lists the value)`: for logs, or code that treats them alike.
{%- if v.subcodes.is_empty() %}
    pub fn entries(&self) -> Vec<(&'static str, &str, bool)> {
        Vec::new()
    }
{%- else %}
    #[rustfmt::skip]
    pub fn entries(&self) -> Vec<(&'static str, &str, bool)> {
        let mut entries = Vec::new();
{%- for s in v.subcodes %}
        if let Some(value) = &self.{{ s.accessor }} {
            entries.push(({{ s.name }}, value.as_str(), value.is_known()));
        }
{%- endfor %}
        entries
    }
{%- endif %}
}
{%- for s in v.subcodes %}

{{ s.doc }}#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ s.type_name }} {
{%- for value in s.values %}
{{ value.doc }}    {{ value.variant }},
{%- endfor %}
    /// A value this version of the crate does not know, kept verbatim.
    Unknown(String),
}

#[rustfmt::skip]
impl {{ s.type_name }} {
    /// Every value the catalog lists, sorted.
    pub const KNOWN: [{{ s.type_name }}; {{ s.values.len() }}] = [
{%- for value in s.values %}
        {{ s.type_name }}::{{ value.variant }},
{%- endfor %}
    ];

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{%- for value in s.values %}
            {{ s.type_name }}::{{ value.variant }} => {{ value.wire }},
{%- endfor %}
            {{ s.type_name }}::Unknown(value) => value,
        }
    }

    /// What the catalog says the value means; `None` when it is unknown.
    pub fn description(&self) -> Option<&'static str> {
        match self {
{%- for value in s.values %}
            {{ s.type_name }}::{{ value.variant }} => Some({{ value.description }}),
{%- endfor %}
            {{ s.type_name }}::Unknown(_) => None,
        }
    }

    /// Whether the catalog lists this value.
    pub fn is_known(&self) -> bool {
        !matches!(self, {{ s.type_name }}::Unknown(_))
    }
}

#[rustfmt::skip]
impl From<&str> for {{ s.type_name }} {
    fn from(value: &str) -> {{ s.type_name }} {
        match value {
{%- for value in s.values %}
            {{ value.wire }} => {{ s.type_name }}::{{ value.variant }},
{%- endfor %}
            other => {{ s.type_name }}::Unknown(other.to_owned()),
        }
    }
}

impl FromStr for {{ s.type_name }} {
    type Err = Infallible;

    fn from_str(value: &str) -> Result<{{ s.type_name }}, Infallible> {
        Ok({{ s.type_name }}::from(value))
    }
}

impl AsRef<str> for {{ s.type_name }} {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for {{ s.type_name }} {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ApiError {
{{ s.accessor_doc }}    pub fn {{ s.accessor }}(&self) -> Option<&{{ s.type_name }}> {
        self.subcodes().{{ s.accessor }}.as_ref()
    }
}
{%- endfor %}

