# {{ notice }}
{{ doc }}

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
