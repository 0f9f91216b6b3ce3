{#- Snippets the Go templates share. Everything printed is made in view.rs. -#}
{% macro policy(p) -%}
RetryPolicy{Mode: {{ p.mode }}, MaxAttempts: {{ p.max_attempts }}, InitialDelay: {{ p.initial_delay_ms }} * time.Millisecond, MaxDelay: {{ p.max_delay_ms }} * time.Millisecond, MaxRetryAfter: {{ p.max_retry_after_ms }} * time.Millisecond, LongerWait: {{ p.longer_wait }}}
{%- endmacro %}
