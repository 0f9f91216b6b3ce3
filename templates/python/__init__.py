# {{ notice }}
{{ doc }}

from ._catalog import (
    API_ID,
    API_VERSION,
    Code,
    Context,
    Definition,
    Deprecation,
    ErrorClass,
    RetryPolicy,
    definition_for,
    definitions,
)
from ._classes import (
{%- for class in classes %}
    {{ class.name }},
{%- endfor %}
    class_for_status,
)
from ._errors import APIError
from ._parse import CREDENTIAL_HEADERS, from_parts, from_response
from ._retry import with_retries

__all__ = [
{%- for name in all %}
    {{ name }},
{%- endfor %}
]
