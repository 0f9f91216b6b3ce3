{% macro header(notice, summary) -%}
# {{ notice }}
"""{{ summary }}"""

from __future__ import annotations
{%- endmacro %}
