# {{ notice }}
{{ doc }}

# The names below load on first use (PEP 562 `__getattr__`), so `import` of
# the package costs next to nothing and each part (the catalog, the retry
# helper) is imported when a program first touches it. `TYPE_CHECKING` is
# spelt here rather than imported from `typing`, which would cost more than
# this whole module; type checkers treat the name as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._catalog import (
{%- for name in catalog_names %}
        {{ name }},
{%- endfor %}
    )
    from ._classes import (
{%- for class in classes %}
        {{ class.name }},
{%- endfor %}
        class_for_status,
    )
    from ._errors import APIError, DocumentError, ErrorItem, RateLimit
    from ._grpc import GrpcCode
    from ._parse import (
        CREDENTIAL_HEADERS,
        from_parts,
        from_response,
        from_response_async,
    )
    from ._retry import Attempt, async_with_retries, is_connection_error, with_retries

__all__ = [
{%- for name in all %}
    {{ name }},
{%- endfor %}
]

# Each public name's module.
_MODULES = {
{%- for name in catalog_names %}
    "{{ name }}": "_catalog",
{%- endfor %}
{%- for class in classes %}
    "{{ class.name }}": "_classes",
{%- endfor %}
    "class_for_status": "_classes",
    "APIError": "_errors",
    "DocumentError": "_errors",
    "ErrorItem": "_errors",
    "RateLimit": "_errors",
    "GrpcCode": "_grpc",
    "CREDENTIAL_HEADERS": "_parse",
    "from_parts": "_parse",
    "from_response": "_parse",
    "from_response_async": "_parse",
    "Attempt": "_retry",
    "async_with_retries": "_retry",
    "is_connection_error": "_retry",
    "with_retries": "_retry",
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
