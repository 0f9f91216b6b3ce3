{% import "macros.py" as m -%}
{% call m::header(notice, "The base exception every error of this package derives from.") %}{% endcall %}

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ._catalog import (
    DEFAULT_RETRY,
    Context,
    Definition,
    ErrorClass,
    RetryPolicy,
    Subcodes,
    is_code,
)
from ._grpc import GrpcCode, grpc_code_for_status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from ._codes import Code


def _is_member(code: object) -> bool:
    """Whether `code` is a `Code` member. A plain `str` or None never is,
    and is told apart without importing `_codes` (which builds the enum)."""
    if code is None or code.__class__ is str:
        return False
    from ._codes import Code

    return isinstance(code, Code)


@dataclass(frozen=True)
class ErrorItem:
    """One of several errors a response reports (README, rule 15)."""

    code: Code | str | None = None
    """The item's code: a `Code` member when the package knows it, else the
    code verbatim, else None."""
    message: str | None = None
    """The item's message, if it has one."""
    field: str | None = None
    """The request field the item is about, if named."""
    location: str | None = None
    """A JSON Pointer into the request the item is about, if given."""

    @property
    def is_known_code(self) -> bool:
        """Whether the item's code is one the catalog lists."""
        return _is_member(self.code)


@dataclass(frozen=True)
class RateLimit:
    """The rate limit a response reports (README, rule 22); each part is None
    when the response does not say."""

    limit: int | None = None
    """The quota: requests allowed in the window."""
    remaining: int | None = None
    """What is left of the quota."""
    reset_ms: int | None = None
    """Milliseconds from the response until the quota resets."""
    window_ms: int | None = None
    """The length of the quota's window in milliseconds (IETF
    `RateLimit-Policy`)."""
    policy: str | None = None
    """The name of the IETF policy the figures belong to."""


class DocumentError(ValueError):
    """A text that is not an error document this package can read: not
    JSON, of another `errcat` version or another API, or with a missing or
    malformed member (README, rule 23). Never an HTTP error."""


def backoff_delay(
    policy: RetryPolicy, attempt: int, random: Callable[[], float] | None = None
) -> float:
    """Seconds of exponential backoff with equal jitter before retry number
    `attempt` (1 for the first): a uniform value in [base/2, base], base =
    min(max_delay, initial_delay * 2^(attempt-1)), rounded down to a whole
    millisecond (README, rule 12). `random` returns a float in [0, 1)."""
    exponent = min(max(attempt, 1) - 1, 64)
    base = min(policy.max_delay_ms, policy.initial_delay_ms << exponent)
    if random is None:  # imported here: most programs never back off
        import random as _random

        random = _random.random
    draw = random()
    draw = min(max(draw, 0.0), 1.0)
    return math.floor(base / 2 + draw * base / 2) / 1000


def _restore(cls: type[APIError], state: dict[str, Any]) -> APIError:
    """Unpickles an error without calling `__init__` (see `APIError.__reduce__`)."""
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class APIError(Subcodes, Exception):
    """An error response of the API.

    Every error this package builds is an instance of one of its subclasses,
    one per error class (`RateLimitError`, ...), or of `APIError` itself when
    the status has no class. Build one with `from_parts` or `from_response`.
    """

    error_class: ClassVar[ErrorClass | None] = None
    """The catalog's class this exception type stands for (None for the base)."""

    status: int
    """The HTTP status of the response."""
    message: str
    """The server's message, else the catalog's (README, rule 6)."""
    request_id: str | None
    """The request id from the headers or the body, for support requests."""
    field: str | None
    """The request field the error is about, if any."""
    details: dict[str, Any] | None
    """The raw details object of the body, if any."""
    context: Context
    """Typed context fields from the body; each is None when absent."""
    body: bytes
    """The raw response body, always kept."""
    json: Any
    """The parsed JSON body (any JSON value), or None if it was not JSON."""
    headers: dict[str, str]
    """Response headers, lower-cased names, credentials removed; a repeated
    header's values are combined, joined by ", " (RFC 9110, section 5.3)."""
    definition: Definition | None
    """The catalog's definition of the code at this status, if any."""
    retry_policy: RetryPolicy
    """The retry policy that applies (README, rule 9)."""
    retryable: bool
    """Whether retrying may succeed (README, rule 11)."""
    retry_after_ms: int | None
    """The delay the server asked for, in whole milliseconds, as asked
    (README, rule 10): `retry_delay` decides what is waited."""
    rate_limit: RateLimit | None
    """The rate limit the response reports, if it reports one (rule 22)."""
    received_at_ms: int
    """The clock (milliseconds since the epoch) when the response was read;
    delays that count from "now" count from it."""
    items: tuple[ErrorItem, ...]
    """The errors a multi-error body lists, in order (README, rule 15)."""
    subcodes: dict[str, str]
    """The sub-codes present, by name (README, rule 16); see the typed
    accessors such as `decline_code` where the catalog declares them."""
    domain: str | None
    """The error's domain the body names (e.g. AIP-193 `ErrorInfo.domain`)."""
    metadata: dict[str, str]
    """The string-valued members of the body's metadata object (rule 18)."""
    grpc_code: GrpcCode
    """The gRPC code of the error (README, rule 17)."""
    _code: Code | str | None  # what `code` gives, a catalog code maybe as text
    _known: bool  # whether `_code` is a catalog code

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        code: Code | str | None = None,
        request_id: str | None = None,
        field: str | None = None,
        details: dict[str, Any] | None = None,
        context: Context | None = None,
        body: bytes = b"",
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        definition: Definition | None = None,
        retry_policy: RetryPolicy | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        retry_after_ms: int | None = None,
        rate_limit: RateLimit | None = None,
        received_at_ms: int | None = None,
        items: Iterable[ErrorItem] = (),
        subcodes: Mapping[str, str] | None = None,
        domain: str | None = None,
        metadata: Mapping[str, str] | None = None,
        grpc_code: GrpcCode | None = None,
    ) -> None:
        super().__init__(message)
        if retry_policy is None:
            if definition is not None:
                retry_policy = definition.retry
            elif self.error_class is not None:
                retry_policy = self.error_class.retry
            else:
                retry_policy = DEFAULT_RETRY
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.field = field
        self.details = details
        self.context = context if context is not None else Context()
        self.body = body
        self.json = json
        self.headers = dict(headers) if headers is not None else {}
        self.definition = definition
        self.retry_policy = retry_policy
        self.retryable = (
            retryable if retryable is not None else retry_policy.policy != "never"
        )
        self.retry_after_ms = retry_after_ms
        if retry_after_ms is None:
            self.retry_after = retry_after  # seconds, kept in whole milliseconds
        self.rate_limit = rate_limit
        self.received_at_ms = (
            received_at_ms if received_at_ms is not None else round(time.time() * 1000)
        )
        self.items = tuple(items)
        self.subcodes = dict(subcodes) if subcodes is not None else {}
        self.domain = domain
        self.metadata = dict(metadata) if metadata is not None else {}
        if grpc_code is None:
            if definition is not None:
                grpc_code = definition.grpc_code
            elif self.error_class is not None:
                grpc_code = self.error_class.grpc_code
            if grpc_code is None:
                grpc_code = grpc_code_for_status(status)
        self.grpc_code = grpc_code

    @property
    def text(self) -> str:
        """The body as text (invalid UTF-8 replaced)."""
        return self.body.decode("utf-8", errors="replace")

    @property
    def code(self) -> Code | str | None:
        """The error code: a `Code` member when the package knows it, else the
        code verbatim as a `str` (a newer server's code), else None."""
        code = self._code
        if self._known and code.__class__ is str:
            # A catalog code read off a response: its member on first use,
            # so that parsing an error does not build the enum of every code.
            from ._codes import Code

            code = self._code = Code(code)
        return code

    @code.setter
    def code(self, code: Code | str | None) -> None:
        self._code = code
        self._known = _is_member(code)

    @property
    def is_known_code(self) -> bool:
        """Whether the code is one the catalog lists."""
        return self._known

    def _catalog_code(self, code: str) -> None:
        """Sets the code to `code`, a catalog code as a plain `str` (see `code`)."""
        self._code = code
        self._known = is_code(code)

    @property
    def retry_after(self) -> float | None:
        """The delay the server asked for, in seconds (`retry_after_ms`)."""
        return None if self.retry_after_ms is None else self.retry_after_ms / 1000

    @retry_after.setter
    def retry_after(self, seconds: float | None) -> None:
        # Rounded to a microsecond first, so that 4.35 s is 4350 ms.
        self.retry_after_ms = (
            None if seconds is None else math.floor(round(seconds * 1000, 3))
        )

    def retry_delay(
        self, attempt: int, *, random: Callable[[], float] | None = None
    ) -> float | None:
        """Seconds to wait before retry number `attempt` (1 for the first), or
        None when `with_retries` would give up instead of waiting.

        For a `retry_after` policy with a server-requested delay: that delay;
        when it is longer than the policy's `max_retry_after_ms`, that bound
        if the policy's `longer_wait` is `clamp`, else None (never retry
        early). Otherwise exponential backoff with equal jitter (see
        `backoff_delay`; README, rules 12 and 13). `random` returns a float
        in [0, 1).
        """
        policy = self.retry_policy
        if policy.policy == "retry_after" and self.retry_after_ms is not None:
            if self.retry_after_ms <= policy.max_retry_after_ms:
                return self.retry_after_ms / 1000
            if policy.longer_wait == "clamp":
                return policy.max_retry_after_ms / 1000
            return None
        return backoff_delay(policy, attempt, random)

    def to_dict(self) -> dict[str, Any]:
        """The error as an `errcat` document (README, rule 23): status, kept
        headers (credentials never), body and the clock it was read at, from
        which `from_dict` rebuilds the same error, in any of the languages."""
        # Imported here: `_document` builds errors through `_parse`, which
        # imports this module.
        from ._document import to_document

        return to_document(self)

    def to_json(self) -> str:
        """`to_dict()` as JSON text."""
        from ._document import dump

        return dump(self.to_dict())

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> APIError:
        """The error an `errcat` document describes (see `to_dict`), of the
        class its response parses to. Raises `DocumentError` for anything
        else, including a document of another version or API."""
        from ._document import from_document

        return from_document(document)

    @classmethod
    def from_json(cls, text: str | bytes) -> APIError:
        """`from_dict` of a JSON text; `DocumentError` if it is not one."""
        from ._document import load

        return cls.from_dict(load(text))

    def __str__(self) -> str:
        parts = [f"status {self.status}"]
        if self._code is not None:
            parts.append(f"code {self._code}")
        if self.request_id is not None:
            parts.append(f"request id {self.request_id}")
        return f"{type(self).__name__}: {self.message} ({', '.join(parts)})"

    def __repr__(self) -> str:
        code = None if self._code is None else str(self._code)
        return (
            f"{type(self).__name__}(status={self.status!r}, code={code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), dict(self.__dict__)))
