# {{ notice }}
{{ doc }}

from __future__ import annotations

from collections.abc import Callable

from ._serve import {{ serve_imports }}
{%- if uses_fill %}
from ._template import fill
{%- endif %}

__all__ = [
{%- for name in all %}
    {{ name }},
{%- endfor %}
]


{{ custom.signature }}
{{ custom.doc }}
    {{ custom.body }}
{%- for b in shapes %}


{{ b.signature }}
{{ b.doc }}
    {{ b.body }}
{%- endfor %}
{%- for b in builders %}


{{ b.signature }}
{{ b.doc }}
    {{ b.body }}
{%- endfor %}


BUILDERS: dict[tuple[str, int], Callable[..., ErrorResponse]] = {{ table }}
"""Each builder by its code (as the body carries it, integers in decimal)
and status."""

ARGUMENTS: dict[str, str] = {{ arguments }}
"""Each context field's builder argument, by the field's wire name."""
