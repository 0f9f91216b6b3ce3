{% import "macros.py" as m -%}
{% call m::header(notice, summary) %}{% endcall %}

from collections.abc import Mapping
from dataclasses import dataclass
{%- if !subcodes.is_empty() %}
from enum import Enum
{%- endif %}

from ._grpc import GrpcCode
from ._json import {{ json_imports }}
from ._template import fill

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` is not imported at run time: annotations only
    from typing import Any, Literal

API_ID = {{ api_id }}
API_VERSION = {{ api_version }}
{%- for subcode in subcodes %}


class {{ subcode.enum_name }}(str, Enum):
{{ subcode.doc }}

    def __str__(self) -> str:
        return str(self.value)
{%- for member in subcode.members %}
{%- if loop.first %}
{% endif %}
    {{ member.assignment }}
{{ member.doc }}
{%- endfor %}
{%- endfor %}


class Subcodes:
    """Typed accessors of the sub-codes an error may carry (README, rule 16).

    `APIError` derives from it: each accessor is the value at its location, a
    member of its enum when the package knows the value, else the value
    verbatim (a newer server's), else None.
    """

    subcodes: dict[str, str]
    """The sub-codes present, by name (see each accessor)."""
{%- for subcode in subcodes %}

    @property
    def {{ subcode.attr }}(self) -> {{ subcode.enum_name }} | str | None:
{{ subcode.accessor_doc }}
        return self.subcodes.get({{ subcode.key }})
{%- endfor %}


@dataclass(frozen=True)
class RetryPolicy:
    """How errors of a kind are retried (README, "Runtime semantics", 9-13)."""

    policy: Literal["never", "backoff", "retry_after"]
    """`never`, `backoff`, or `retry_after` (wait as the server asks)."""
    max_attempts: int
    """Attempts in total, the first one included."""
    initial_delay_ms: int
    """Backoff base for the first retry, in milliseconds."""
    max_delay_ms: int
    """Upper bound of the backoff base, in milliseconds."""
    max_retry_after_ms: int
    """The longest server-requested delay that is waited, in milliseconds."""
    longer_wait: Literal["give_up", "clamp"] = "give_up"
    """When the server asks for longer than `max_retry_after_ms`: give up at
    once (the error propagates), or wait `max_retry_after_ms` (README, rules
    12 and 13)."""


@dataclass(frozen=True)
class RetryHelper:
    """What `with_retries` does besides following the policies (README,
    rules 20 and 21)."""

    connection_errors: Literal["never", "backoff"]
    """Whether a request that fails before any response (connection refused,
    reset, closed early, a timeout) is retried, with the backoff of
    `backoff`."""
    idempotency_header: str | None
    """The header that carries one idempotency key on every attempt of a
    call, if the API takes one."""
    backoff: RetryPolicy
    """The catalog's `[retry]` parameters, which connection errors are
    retried with: its attempts, delays and equal jitter (its `policy` does
    not matter here)."""


@dataclass(frozen=True)
class Deprecation:
    """Why and since when a code is deprecated."""

    since: str
    """The API version that deprecated the code."""
    replacement: str | None = None
    """The code to use instead, if any."""
    note: str | None = None
    """More about the deprecation, if anything."""


@dataclass(frozen=True)
class Definition:
    """One definition of a code in the catalog: what it means at one status."""

    code: str
    """The code as sent on the wire."""
    domain: str
    """The domain (API area) that defines it."""
    status: int
    """The HTTP status it comes with."""
    class_id: str
    """The id of its error class, e.g. `rate_limit`."""
    message: str
    """The catalog's message for it."""
    description: str
    """What it means."""
    retry: RetryPolicy
    """How to retry it."""
    grpc_code: GrpcCode
    """Its gRPC code (README, rule 17)."""
    numeric: bool = False
    """Whether the body carries the code as a JSON integer."""
    params: tuple[str, ...] = ()
    """The context fields its message template names as `<param>`, in order."""
    remedy: str | None = None
    """What the caller can do about it."""
    field: str | None = None
    """The request field it is about."""
    fields: tuple[str, ...] = ()
    """Names of the context fields it may carry."""
    since: str | None = None
    """The API version that introduced it."""
    deprecated: Deprecation | None = None
    """Set when the code is deprecated."""
    docs_url: str | None = None
    """Where it is documented."""


@dataclass(frozen=True)
class ErrorClass:
    """A status-level class of errors: one exception type each."""

    id: str
    """The class id, e.g. `rate_limit`."""
    title: str
    """A short title, e.g. "Rate limit exceeded"."""
    statuses: tuple[int, ...]
    """The HTTP statuses it stands for."""
    retry: RetryPolicy
    """How errors of this class are retried unless their code says otherwise."""
    grpc_code: GrpcCode | None = None
    """The class's own gRPC code, if the catalog gives one (README, rule 17)."""


@dataclass(frozen=True)
class Condition:
    """A test that puts a response in a class whatever its status (rule 5)."""

    class_id: str
    """The class it puts the response in."""
    equals: str
    """The value the header or the body string must have."""
    header: str | None = None
    """A header name (lower case) whose value is compared."""
    body: str | None = None
    """A body location whose string is compared."""
    statuses: tuple[int, ...] = ()
    """The statuses it applies at; empty: any."""


@dataclass(frozen=True)
class Subcode:
    """Where a sub-code is and the values the catalog knows."""

    at: str
    """Its body location."""
    values: Mapping[str, str]
    """Each known value's enum member, by value."""


@dataclass(frozen=True)
class ItemLocations:
    """Where the items of a multi-error body are; pointers relative to an item."""

    at: str
    """The array of items (a body location)."""
    code: str | None
    """The item's code."""
    message: tuple[str, ...]
    """The item's message: the first non-empty string wins."""
    field: str | None
    """The name of the request field the item is about."""
    location: str | None
    """A JSON Pointer into the request the item is about."""


@dataclass(frozen=True)
class RateLimitHeaders:
    """Where the rate limit of a response is read from (README, rule 22)."""

    ietf: bool
    """Whether the IETF `RateLimit` and `RateLimit-Policy` headers are read."""
    limit: str | None
    """The header with the quota, e.g. `x-ratelimit-limit`."""
    remaining: str | None
    """The header with what is left of it, e.g. `x-ratelimit-remaining`."""
    reset: str | None
    """The header with when it resets, e.g. `x-ratelimit-reset`."""
    reset_kind: Literal["seconds", "epoch_seconds"]
    """What the reset header holds: seconds from now, or an epoch second."""


@dataclass(frozen=True)
class Envelope:
    """Where each part of an error lives: JSON Pointers and header names."""

    code: str | None
    no_code: tuple[str, ...]
    message: tuple[str, ...]
    details: str | None
    request_id: str | None
    field: str | None
    context: str | None
    retry_after: str | None
    retry_delay: str | None
    domain: str | None
    metadata: str | None
    items: ItemLocations | None
    selections: Mapping[str, Selection]
    request_id_headers: tuple[str, ...]
    retry_after_header: str
    retry_after_ms_header: str | None
    retry_at_header: str | None
    should_retry_header: str | None
    rate_limit: RateLimitHeaders | None


@dataclass(frozen=True)
class Context:
{{ context_doc }}
{%- for field in fields %}
{%- if loop.first %}
{% endif %}
    {{ field.attr }}: {{ field.ty }} | None = None
{{ field.doc }}
{%- endfor %}

    def to_dict(self) -> dict[str, Any]:
        """The fields present, by their name on the wire."""
{%- if fields.is_empty() %}
        return {}
{%- else %}
        pairs: list[tuple[str, Any]] = [
{%- for field in fields %}
            ({{ field.wire }}, self.{{ field.attr }}),
{%- endfor %}
        ]
        return {wire: value for wire, value in pairs if value is not None}
{%- endif %}


def context_from(value: Any) -> Context:
    """The typed context fields found in the JSON object `value`."""
    if not isinstance(value, dict):
        return Context()
{%- if fields.is_empty() %}
    return Context()
{%- else %}
    return Context(
{%- for field in fields %}
        {{ field.attr }}={{ field.extractor }}(value.get({{ field.wire }})),
{%- endfor %}
    )
{%- endif %}

{% for policy in policies %}
{{ policy.name }} = RetryPolicy(
    policy={{ policy.mode }},
    max_attempts={{ policy.max_attempts }},
    initial_delay_ms={{ policy.initial_delay_ms }},
    max_delay_ms={{ policy.max_delay_ms }},
    max_retry_after_ms={{ policy.max_retry_after_ms }},
    longer_wait={{ policy.longer_wait }},
)
{%- endfor %}

DEFAULT_RETRY = {{ default_policy }}
"""The policy of an error with neither a known code nor a class."""

RETRY_HELPER = RetryHelper(
    connection_errors={{ retry_helper.connection_errors }},
    idempotency_header={{ retry_helper.idempotency_header }},
    backoff=DEFAULT_RETRY,
)
"""What `with_retries` does besides following the policies."""

ENVELOPE = Envelope(
{%- for arg in envelope %}
    {{ arg }},
{%- endfor %}
)

CLASSES: dict[str, ErrorClass] = {
{%- for class in classes %}
    {{ class.key }}: ErrorClass(
        id={{ class.key }},
        title={{ class.title }},
        statuses={{ class.statuses }},
        retry={{ class.retry }},
{%- if let Some(grpc) = class.grpc %}
        grpc_code=GrpcCode.{{ grpc }},
{%- endif %}
    ),
{%- endfor %}
}
{%- if conditions.is_empty() %}

CONDITIONS: tuple[Condition, ...] = ()
{%- else %}

CONDITIONS: tuple[Condition, ...] = (
{%- for condition in conditions %}
    Condition(
{%- for arg in condition %}
        {{ arg }},
{%- endfor %}
    ),
{%- endfor %}
)
{%- endif %}
"""Class conditions, in catalog order: the first that holds gives the class."""
{%- if subcodes.is_empty() %}

SUBCODES: dict[str, Subcode] = {}
{%- else %}

SUBCODES: dict[str, Subcode] = {
{%- for subcode in subcodes %}
    {{ subcode.key }}: Subcode(
        at={{ subcode.at }},
        values={member.value: member for member in {{ subcode.enum_name }}},
    ),
{%- endfor %}
}
{%- endif %}

CLASS_BY_STATUS: dict[int, str] = {
{%- for (status, class) in by_status %}
    {{ status }}: {{ class }},
{%- endfor %}
}
{%- if fallbacks.is_empty() %}
CLASS_BY_RANGE: dict[int, str] = {}
{%- else %}
CLASS_BY_RANGE: dict[int, str] = {
{%- for (range, class) in fallbacks %}
    {{ range }}: {{ class }},
{%- endfor %}
}
{%- endif %}
"""Fallback classes by the status's hundreds: 4 for 4xx, 5 for 5xx."""

{{ policy_table }}
"""The retry policies, by the index a row of `_DEFINITIONS` gives."""

# Each code's definitions, in domain order, as rows of literals (see
# `_definition`), which load as they are: building a `Definition` of every
# code when the module loads would cost most of the first error's time in a
# large catalog, so `definitions` builds a code's on first use.
_DEFINITIONS: dict[str, tuple[tuple[Any, ...], ...]] = {
{{- definitions }}
}
_BUILT: dict[str, tuple[Definition, ...]] = {}
{%- if exact.is_empty() %}

EXACT_MATCHES: dict[str, str] = {}
{%- else %}

EXACT_MATCHES: dict[str, str] = {
{%- for (text, code) in exact %}
    {{ text }}: {{ code }},
{%- endfor %}
}
{%- endif %}
"""Message → code, for bodies without a code (first in spec order wins)."""
{%- if prefix.is_empty() %}

PREFIX_MATCHES: dict[str, str] = {}
{%- else %}

PREFIX_MATCHES: dict[str, str] = {
{%- for (text, code) in prefix %}
    {{ text }}: {{ code }},
{%- endfor %}
}
{%- endif %}
"""Message prefix → code, tried in spec order after the exact matches."""


def _definition(code: str, row: tuple[Any, ...]) -> Definition:
    """The `Definition` of `code` that a row of `_DEFINITIONS` holds: its
    fields but the code, in order; the retry policy as its index in
    `_POLICIES`, the gRPC code as its number, a deprecation as the tuple of
    its fields."""
    (domain, status, class_id, message, description, retry, grpc) = row[:7]
    (numeric, params, remedy, field, fields, since, deprecated, docs_url) = row[7:]
    return Definition(
        code=code,
        domain=domain,
        status=status,
        class_id=class_id,
        message=message,
        description=description,
        retry=_POLICIES[retry],
        grpc_code=GrpcCode(grpc),
        numeric=numeric,
        params=params,
        remedy=remedy,
        field=field,
        fields=fields,
        since=since,
        deprecated=None if deprecated is None else Deprecation(*deprecated),
        docs_url=docs_url,
    )


def definitions(code: str) -> tuple[Definition, ...]:
    """Every definition of `code`, in domain order; empty for an unknown code."""
    code = str(code)
    built = _BUILT.get(code)
    if built is None:
        rows = _DEFINITIONS.get(code)
        if rows is None:
            return ()
        built = _BUILT[code] = tuple(_definition(code, row) for row in rows)
    return built


def is_code(code: str) -> bool:
    """Whether `code` is one the catalog lists (without building `Code`)."""
    return code in _DEFINITIONS


def definition_for(code: str, status: int) -> Definition | None:
    """The definition of `code` that applies at `status` (README, rule 4)."""
    for definition in definitions(code):
        if definition.status == status:
            return definition
    return None


def format_message(
    code: str, status: int, params: Mapping[str, str | int | bool]
) -> str | None:
    """The catalog's message of `code` at `status`, each `<param>` of its
    template replaced by `params[param]` (README, rule 19); a parameter not in
    `params` stays `<param>`. None when the catalog has no such definition."""
    definition = definition_for(code, status)
    if definition is None:
        return None
    given = {name: params[name] for name in definition.params if name in params}
    return fill(definition.message, given)
{%- for formatter in formatters %}


{{ formatter.signature }}
{{ formatter.doc }}
    return fill(
        {{ formatter.template }},
        {
{%- for (wire, attr) in formatter.mapping %}
            {{ wire }}: {{ attr }},
{%- endfor %}
        },
    )
{%- endfor %}
