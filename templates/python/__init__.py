# {{ notice }}
{{ doc }}

# The names below load on first use (PEP 562 `__getattr__`), so `import` of
# the package costs next to nothing and each part (the catalog, the retry
# helper) is imported when a program first touches it. `TYPE_CHECKING` is
# spelt here rather than imported from `typing`, which would cost more than
# this whole module; type checkers treat the name as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
{%- for (module, names) in modules %}
{%- if names.len() == 1 %}
    from .{{ module }} import {{ names[0] }}
{%- else %}
    from .{{ module }} import (
{%- for name in names %}
        {{ name }},
{%- endfor %}
    )
{%- endif %}
{%- endfor %}

__all__ = [
{%- for name in all %}
    {{ name }},
{%- endfor %}
]

# Each public name's module.
_MODULES = {
{%- for (module, names) in modules %}
{%- for name in names %}
    "{{ name }}": "{{ module }}",
{%- endfor %}
{%- endfor %}
}


def __getattr__(name: str) -> object:
    """Imports a public name's module on first use (PEP 562)."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later uses find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
