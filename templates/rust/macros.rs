{#- Snippets shared by the Rust templates. -#}

{% macro header(v) -%}
// {{ v.notice }}
{%- endmacro %}

