{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! Message templates (README rules 6 and 19): a typed formatter per error
//! whose message has `<param>`s, for servers and tests, and [`for_code`],
//! which fills in any code's template from a [`Context`].

use super::{Code, Context};
{%- for f in v.formatters %}

{{ f.doc }}#[rustfmt::skip]
pub fn {{ f.name }}({{ f.params }}) -> String {
{%- for unused in f.unused %}
    let _ = {{ unused }};
{%- endfor %}
    {{ f.body }}
}
{%- endfor %}

/// The message of `code`'s definition at `status`, its template's
/// `<param>`s filled in from `context` (absent ones stay `<param>`); `None`
/// when the code has no definition at that status.
pub fn for_code(code: &Code, status: u16, context: &Context) -> Option<String> {
    code.definition_for(status)
        .map(|definition| definition.format_message(context))
}

