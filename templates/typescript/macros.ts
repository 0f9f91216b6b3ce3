{%- macro notice(text) -%}
// {{ text }}
{% endmacro -%}
