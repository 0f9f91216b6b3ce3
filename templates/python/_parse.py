{% import "macros.py" as m -%}
{% call m::header(notice, "Turning any HTTP response into this package's error (README, Runtime semantics).") %}{% endcall %}

import functools
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping

from . import _json
from ._catalog import (
    CONDITIONS,
    ENVELOPE,
    EXACT_MATCHES,
    PREFIX_MATCHES,
    SUBCODES,
    Condition,
    Definition,
    context_from,
    definition_for,
    is_code,
)
from ._classes import BY_ID, class_for_status
from ._errors import APIError, ErrorItem, RateLimit
from ._template import fill

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` is not imported at run time: annotations only
    from typing import Any, Union

    from ._codes import Code

    Headers = Union[Mapping[str, Any], Iterable[Any], None]
    """Response headers: a mapping (dict, requests, httpx, `http.client`
    messages) or an iterable of (name, value) pairs."""

    Body = Union[bytes, bytearray, memoryview, str, None]
    """A response body: bytes as received, or text (encoded as UTF-8)."""


CREDENTIAL_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
    }
)
"""Headers an error never keeps (README, rule 14)."""

# Patterns, compiled on first use (`_regex`): a typical error needs none.
_SECONDS = r"[0-9]+(\.[0-9]+)?"
_DIGITS = r"[0-9]+"
_DURATION = r"([0-9]+(\.[0-9]+)?)s"
_DAYS = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH = f"({'|'.join(_MONTHS)})"
_D2 = "([0-9][0-9])"
_D4 = "([0-9][0-9][0-9][0-9])"
_TIME = f"{_D2}:{_D2}:{_D2}"
# RFC 9110, section 5.6.7, exactly (README, rule 10): IMF-fixdate, RFC 850
# and asctime.
_IMF_FIXDATE = f"{_DAYS}, {_D2} {_MONTH} {_D4} {_TIME} GMT"
_RFC_850 = (
    "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
    f"{_D2}-{_MONTH}-{_D2} {_TIME} GMT"
)
_ASCTIME = f"{_DAYS} {_MONTH} ( [0-9]|[0-9][0-9]) {_TIME} {_D4}"


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """`pattern`, compiled the first time it is used."""
    return re.compile(pattern)


def from_parts(
    status: int,
    headers: Headers = None,
    body: Body = None,
    *,
    now: Callable[[], float] | None = None,
) -> APIError:
    """The error for an HTTP response given as status, headers and body.

    Never raises: any status, headers and body (HTML from a proxy, empty,
    invalid UTF-8, JSON of any shape) give an `APIError`. `now` is the clock
    (seconds since the epoch) the response is received at: an HTTP-date
    Retry-After and an epoch rate-limit reset count from it.
    """
    try:
        now_ms = round((now or time.time)() * 1000)
    except Exception:
        now_ms = round(time.time() * 1000)
    return parse_at(status, headers, body, now_ms)


def parse_at(status: int, headers: Headers, body: Body, now_ms: int) -> APIError:
    """`from_parts` at the clock `now_ms` (milliseconds since the epoch)."""
    try:
        return _build(status, headers, body, now_ms)
    except Exception:  # rule 1: a last resort that cannot fail
        return APIError(
            f"HTTP {status}" if isinstance(status, int) else "HTTP error",
            status=status if isinstance(status, int) else 0,
            body=body if isinstance(body, bytes) else b"",
            received_at_ms=now_ms,
        )


def from_response(response: Any, *, now: Callable[[], float] | None = None) -> APIError:
    """The error for what an HTTP client hands back (README, rule 25).

    Takes a response of requests, httpx (read or not: an unread one is read
    here) or urllib (`urllib.error.HTTPError`, `http.client.HTTPResponse`),
    an aiohttp `ClientResponse` whose body was already read, or an
    exception that holds a response (requests `HTTPError`, httpx
    `HTTPStatusError`), and reads its status, headers and whole body;
    keeps nothing else of it, so no credential of the request is ever
    stored. Any other object with an integer `status_code`, `status` or
    `code` and a `content` (or `read()`) body is read the same way.

    A failure while reading the body is the client's own exception, raised
    as it is (`with_retries` retries it as a connection error). Something it
    cannot read (None, a dict, a str, an object without an HTTP status, an
    unread async response: await `from_response_async` for that) raises a
    `TypeError` that says what to pass instead; it never gives an error with
    status 0. Otherwise, like `from_parts`, it never raises.
    """
    target = _response_of(response)
    origins = _origins(target)
    _status_of(response, target)  # nothing is read from what has no status
    if ("httpx", "Response") in origins:
        if not _httpx_is_read(target):
            if not _has_sync_stream(target):
                raise _unreadable(response, _UNREAD_HTTPX)
            target.read()
        body = target.content
    elif ("aiohttp", "ClientResponse") in origins:
        body = getattr(target, "_body", None)  # set once `read()` has run
        if body is None:
            raise _unreadable(response, _UNREAD_AIOHTTP)
    elif ("urllib", "HTTPError") in origins:
        fp = vars(target).get("fp")  # None: an HTTPError made without a body
        body = b"" if fp is None else target.read()
    else:
        body = getattr(target, "content", None)
        if body is None:
            body = _read(response, target)
    return _finish(response, target, body, now)


async def from_response_async(
    response: Any, *, now: Callable[[], float] | None = None
) -> APIError:
    """`from_response` for async clients: awaits the body of an httpx
    `AsyncClient` response not yet read (`aread()`) and of an aiohttp
    `ClientResponse` (`read()`), then reads it as `from_response` does.

    Takes everything `from_response` takes, and raises as it does: a
    failure while reading is the client's own exception, something it
    cannot read a `TypeError`.
    """
    target = _response_of(response)
    origins = _origins(target)
    _status_of(response, target)
    if ("httpx", "Response") in origins:
        if not _httpx_is_read(target) and not _has_sync_stream(target):
            await target.aread()
    elif ("aiohttp", "ClientResponse") in origins:
        return _finish(response, target, await target.read(), now)
    elif not origins & _SYNC_BODIES and getattr(target, "content", None) is None:
        body = _read(response, target, awaitable=True)
        if hasattr(body, "__await__"):
            body = await body
        return _finish(response, target, body, now)
    return from_response(response, now=now)


_SYNC_BODIES = frozenset({("requests", "Response"), ("urllib", "HTTPError")})
"""Responses whose body `from_response` reads as it is."""

_INSTEAD = (
    "pass a response of requests, httpx, aiohttp or urllib, an exception that "
    "holds one (requests HTTPError, httpx HTTPStatusError), or the response's "
    "parts as from_parts(status, headers, body)"
)
_UNREAD_HTTPX = (
    "an httpx AsyncClient response not read yet: "
    "`await from_response_async(response)` reads it"
)
_UNREAD_AIOHTTP = (
    "an aiohttp response whose body is not read yet: "
    "`await from_response_async(response)` reads it"
)


def _origins(value: object) -> set[tuple[str, str]]:
    """(top-level module, class name) of every class `value` derives from:
    a client's types are recognised by name, none of them imported."""
    return {
        (cls.__module__.partition(".")[0], cls.__name__) for cls in type(value).__mro__
    }


def _described(value: object) -> str:
    cls = type(value)
    module = cls.__module__.partition(".")[0]
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _unreadable(value: object, why: str) -> TypeError:
    return TypeError(
        f"from_response() cannot read {_described(value)} ({why}): {_INSTEAD}"
    )


def _peek(value: object, name: str) -> Any:
    """`value.name`, None when it is absent or cannot be looked up (an
    `urllib.error.HTTPError` made without a body raises KeyError on 3.9)."""
    try:
        return getattr(value, name, None)
    except Exception:
        return None


def _response_of(value: Any) -> Any:
    """`value`, or the response the exception `value` holds."""
    if isinstance(value, BaseException):
        held = _peek(value, "response")
        if held is not None:
            return held
        if ("aiohttp", "ClientResponseError") in _origins(value):
            raise _unreadable(
                value,
                "aiohttp's raise_for_status() error keeps no body; check "
                "`response.ok` and `await from_response_async(response)` instead",
            )
        if "response" in dir(value):
            raise _unreadable(value, "an exception that holds no response")
    return value


def _status_of(value: object, target: object) -> int:
    for name in ("status_code", "status", "code"):
        status = _peek(target, name)
        if isinstance(status, int) and not isinstance(status, bool):
            if 100 <= status <= 999:
                return status
            raise _unreadable(value, f"{status} is no HTTP status")
    raise _unreadable(value, "no HTTP status in status_code, status or code")


def _read(value: object, target: object, awaitable: bool = False) -> object:
    """What `target.read()` returns: the body, or with `awaitable` an
    awaitable of it."""
    read = getattr(target, "read", None)
    if not callable(read):
        raise _unreadable(value, "no body in content or read()")
    body = read()
    if hasattr(body, "__await__") and not awaitable:
        close = getattr(body, "close", None)
        if callable(close):
            close()  # a coroutine that is never awaited
        raise _unreadable(
            value, "its body is read asynchronously: await from_response_async()"
        )
    return body


def _finish(
    value: object, target: object, body: object, now: Callable[[], float] | None
) -> APIError:
    if not (body is None or isinstance(body, (bytes, bytearray, memoryview, str))):
        raise _unreadable(value, f"its body is {_described(body)}, not bytes")
    headers = _peek(target, "headers")
    return from_parts(_status_of(value, target), headers, body, now=now)


def _httpx_is_read(response: Any) -> bool:
    try:
        _ = response.content  # httpx raises ResponseNotRead until it is read
    except Exception as error:
        if ("httpx", "ResponseNotRead") in _origins(error):
            return False
        raise
    return True


def _has_sync_stream(response: Any) -> bool:
    """Whether an httpx response can be read without awaiting."""
    return callable(getattr(getattr(response, "stream", None), "__iter__", None))


def _as_bytes(body: Body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8", errors="surrogatepass")
    return bytes(body)


def _header_pairs(headers: Headers) -> Iterable[Any]:
    if headers is None:
        return ()
    items = getattr(headers, "items", None)
    if callable(items):
        return list(items())
    if isinstance(headers, (str, bytes)):
        return ()
    try:
        return list(headers)
    except TypeError:  # not iterable: no headers
        return ()


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return None


def _headers(headers: Headers) -> dict[str, str]:
    """Lower-cased names; the values of a repeated header are combined,
    joined by ", " in order (RFC 9110, section 5.3)."""
    kept: dict[str, str] = {}
    for pair in _header_pairs(headers):
        try:
            name, value = pair
        except (TypeError, ValueError):
            continue
        name, value = _text(name), _text(value)
        if name is None or value is None:
            continue
        name = name.strip().lower()
        if name and name not in CREDENTIAL_HEADERS:
            kept[name] = f"{kept[name]}, {value}" if name in kept else value
    return kept


def _locate(document: Any, location: str | None) -> Any:
    """The value at a body location of the envelope (README, rule 18)."""
    return _json.at(document, location, ENVELOPE.selections)


def _known(code: str | None) -> Code | str | None:
    """An item's code: its `Code` member when the catalog lists it."""
    if code is None or not is_code(code):
        return code
    from ._codes import Code

    return Code(code)


def _items(document: Any) -> list[ErrorItem]:
    """The items of a multi-error body (README, rule 15)."""
    where = ENVELOPE.items
    if where is None:
        return []
    array = _locate(document, where.at)
    if not isinstance(array, list):
        return []
    items = []
    for element in array:
        if not isinstance(element, dict):
            continue
        message: str | None = None
        for pointer in where.message:
            message = _json.as_str(_json.at(element, pointer)) or None
            if message is not None:
                break
        items.append(
            ErrorItem(
                code=_known(_json.as_code(_json.at(element, where.code))),
                message=message,
                field=_json.as_str(_json.at(element, where.field)),
                location=_json.as_str(_json.at(element, where.location)),
            )
        )
    return items


def _first_item(value: str | None) -> str | None:
    """The first non-empty item, stripped, of a comma-separated header value."""
    for item in (value or "").split(","):
        item = item.strip()
        if item:
            return item
    return None


def _code(
    document: Any, message: str | None, items: list[ErrorItem]
) -> Code | str | None:
    """The error's code (README, rule 3): an item's as it is, else the code
    as text (`_build` has the error make it a `Code` member on first use)."""
    raw = _json.as_code(_locate(document, ENVELOPE.code))
    if raw in ENVELOPE.no_code:
        raw = None
    if raw is None:
        for item in items:
            if item.code is not None:
                return item.code
    if raw is None and message is not None:
        raw = EXACT_MATCHES.get(message)
        if raw is None:
            for prefix, code in PREFIX_MATCHES.items():
                if message.startswith(prefix):
                    raw = code
                    break
    return raw


def _holds(
    condition: Condition, status: int, headers: Mapping[str, str], document: Any
) -> bool:
    """Whether a class condition holds for the response (README, rule 5)."""
    if condition.statuses and status not in condition.statuses:
        return False
    if condition.header is not None:
        return headers.get(condition.header) == condition.equals
    return _json.as_str(_locate(document, condition.body)) == condition.equals


def _subcodes(document: Any) -> dict[str, str]:
    """The sub-codes present (README, rule 16)."""
    found = {}
    for name, subcode in SUBCODES.items():
        value = _json.as_str(_locate(document, subcode.at))
        if value:
            found[name] = subcode.values.get(value, value)
    return found


def _metadata(document: Any) -> dict[str, str]:
    """The string-valued members of the metadata object (README, rule 18)."""
    found = _json.as_object(_locate(document, ENVELOPE.metadata)) or {}
    return {key: value for key, value in found.items() if isinstance(value, str)}


def _millis(text: str, unit_ms: int = 1000) -> int | None:
    """A header number (README, rule 10) of units of `unit_ms` milliseconds,
    in whole milliseconds: computed from the digits, so exact; fractions of
    a millisecond rounded down; at most 2^53-1. None if `text` is not one or
    is beyond the double range."""
    millis = _exact_millis(text, unit_ms)
    return None if millis is None else min(millis, _json.MAX_SAFE_INTEGER)


def _exact_millis(text: str, unit_ms: int = 1000) -> int | None:
    """`_millis` without the bound: an epoch is bounded once it is a delay."""
    text = text.strip()
    if _regex(_SECONDS).fullmatch(text) is None or not math.isfinite(float(text)):
        return None
    whole, _, fraction = text.partition(".")
    thousandths = int(whole) * 1000 + int(fraction.ljust(3, "0")[:3])
    return thousandths * unit_ms // 1000


def _float_millis(seconds: float) -> int:
    """Seconds of a JSON number in whole milliseconds, at most 2^53-1."""
    # Rounded to a microsecond first, so that binary fractions such as
    # 4.35 * 1000 = 4349.999... still give 4350 ms.
    return min(math.floor(round(seconds * 1000, 3)), _json.MAX_SAFE_INTEGER)


def _until(epoch_ms: int, now_ms: int) -> int:
    """Milliseconds from `now_ms` until `epoch_ms`, 0 if past, at most
    2^53-1 (README, rule 10)."""
    return min(max(epoch_ms - now_ms, 0), _json.MAX_SAFE_INTEGER)


def _retry_after(headers: Mapping[str, str], document: Any, now_ms: int) -> int | None:
    """The server-requested delay in whole milliseconds (README, rule 10),
    as asked: `retry_delay` applies the policy's bound."""
    if ENVELOPE.retry_after_ms_header is not None:
        value = headers.get(ENVELOPE.retry_after_ms_header)
        millis = _millis(value, 1) if value is not None else None
        if millis is not None:
            return millis
    value = headers.get(ENVELOPE.retry_after_header)
    if value is not None:
        millis = _millis(value)
        if millis is not None:
            return millis
        when = http_date_seconds(value)
        if when is not None:
            return _until(when * 1000, now_ms)
    if ENVELOPE.retry_at_header is not None:
        value = headers.get(ENVELOPE.retry_at_header)
        epoch_ms = _exact_millis(value) if value is not None else None
        if epoch_ms is not None:
            return _until(epoch_ms, now_ms)
    seconds = _json.as_float(_locate(document, ENVELOPE.retry_after))
    if seconds is not None and seconds >= 0:
        return _float_millis(seconds)
    duration = _json.as_str(_locate(document, ENVELOPE.retry_delay))
    found = _regex(_DURATION).fullmatch(duration) if duration is not None else None
    return _millis(found.group(1)) if found is not None else None


def http_date_seconds(value: str) -> int | None:
    """Seconds since the epoch of an HTTP-date in any of RFC 9110's three
    forms, negative before 1970; None if `value` is not one."""
    value = value.strip(" \t")
    if match := _regex(_IMF_FIXDATE).fullmatch(value):
        day, month, year, hour, minute, second = match.groups()
        full_year = int(year)
    elif match := _regex(_RFC_850).fullmatch(value):
        day, month, year, hour, minute, second = match.groups()
        # Two-digit years below 70 are this century's.
        full_year = int(year) + (2000 if int(year) < 70 else 1900)
    elif match := _regex(_ASCTIME).fullmatch(value):
        month, day, hour, minute, second, year = match.groups()
        full_year = int(year)
    else:
        return None
    m = _MONTHS.index(month) + 1
    d, h, mi, s = int(day), int(hour), int(minute), int(second)
    if h > 23 or mi > 59 or s > 60 or not 1 <= d <= _days_in_month(full_year, m):
        return None
    return _days_from_civil(full_year, m, d) * 86400 + h * 3600 + mi * 60 + s


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 (Howard Hinnant's `days_from_civil`)."""
    if month <= 2:
        year -= 1
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _count(text: str | None) -> int | None:
    """A non-negative integer header value: digits only, trimmed, at most
    2^53-1 (README, rule 22)."""
    if text is None:
        return None
    text = text.strip()
    if _regex(_DIGITS).fullmatch(text) is None:
        return None
    number = int(text)
    return number if number <= _json.MAX_SAFE_INTEGER else None


# `RateLimit` and `RateLimit-Policy` (README, rule 22): a member's name is a
# token or a quoted string.
_TOKEN = r"[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*"
_QUOTED = r'"((?:[^"\\]|\\["\\])*)"'
_ESCAPE = r"\\([\"\\])"
_OWS = " \t"


def _split(value: str, separator: str) -> list[str]:
    """`value` split at each `separator` outside a quoted string."""
    parts, start, quoted, escaped = [], 0, False, False
    for index, char in enumerate(value):
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return parts


def _members(value: str | None) -> list[tuple[str, dict[str, int | None]]]:
    """The members of a `RateLimit` or `RateLimit-Policy` header, in order:
    each its name and its parameters, None where a value is not a
    non-negative integer."""
    found: list[tuple[str, dict[str, int | None]]] = []
    for member in _split(value or "", ","):
        name, *params = _split(member, ";")
        name = name.strip(_OWS)
        quoted = _regex(_QUOTED).fullmatch(name)
        if quoted is not None:
            name = _regex(_ESCAPE).sub(r"\1", quoted.group(1))
        elif _regex(_TOKEN).fullmatch(name) is None:
            continue  # neither a token nor a quoted string: skipped
        numbers: dict[str, int | None] = {}
        for param in params:
            key, _, raw = param.partition("=")
            # The last of a repeated parameter counts.
            numbers[key.strip(_OWS)] = _count(raw.strip(_OWS))
        found.append((name, numbers))
    return found


def _seconds_ms(seconds: int | None) -> int | None:
    return None if seconds is None else min(seconds * 1000, _json.MAX_SAFE_INTEGER)


def _rate_limit(headers: Mapping[str, str], now_ms: int) -> RateLimit | None:
    """The rate limit the headers report (README, rule 22)."""
    where = ENVELOPE.rate_limit
    if where is None:
        return None
    limit = remaining = reset_ms = window_ms = None
    policy: str | None = None
    if where.ietf:
        for name, params in _members(headers.get("ratelimit")):
            if "r" in params:
                remaining = params["r"]
                reset_ms = _seconds_ms(params.get("t"))
                policy = name
                break
        policies = _members(headers.get("ratelimit-policy"))
        chosen = next((p for p in policies if p[0] == policy), None)
        if chosen is None and policies:
            chosen = policies[0]
        if chosen is not None:
            limit = chosen[1].get("q")
            window_ms = _seconds_ms(chosen[1].get("w"))
            if policy is None:
                policy = chosen[0]
    if limit is None and where.limit is not None:
        limit = _count(headers.get(where.limit))
    if remaining is None and where.remaining is not None:
        remaining = _count(headers.get(where.remaining))
    if reset_ms is None and where.reset is not None:
        value = headers.get(where.reset)
        if value is None:
            reset_ms = None
        elif where.reset_kind == "epoch_seconds":
            epoch_ms = _exact_millis(value)
            reset_ms = None if epoch_ms is None else _until(epoch_ms, now_ms)
        else:
            reset_ms = _millis(value)
    if limit is None and remaining is None and reset_ms is None:
        return None
    return RateLimit(
        limit=limit,
        remaining=remaining,
        reset_ms=reset_ms,
        window_ms=window_ms,
        policy=policy,
    )


def _should_retry(headers: Mapping[str, str]) -> bool | None:
    if ENVELOPE.should_retry_header is None:
        return None
    value = headers.get(ENVELOPE.should_retry_header, "").strip().lower()
    return {"true": True, "false": False}.get(value)


def _build(status: int, raw_headers: Headers, raw_body: Body, now_ms: int) -> APIError:
    if isinstance(status, bool) or not isinstance(status, int):
        status = 0
    body = _as_bytes(raw_body)
    headers = _headers(raw_headers)
    parsed = _json.parse(body)
    document = parsed if isinstance(parsed, dict) else None

    message: str | None = None
    for pointer in ENVELOPE.message:
        message = _json.as_str(_locate(document, pointer)) or None
        if message is not None:
            break
    items = _items(document)
    code = _code(document, message, items)
    definition: Definition | None = (
        definition_for(code, status) if code is not None else None
    )
    if definition is not None:
        cls = BY_ID[definition.class_id]
    else:
        holding = (c for c in CONDITIONS if _holds(c, status, headers, document))
        condition = next(holding, None)
        cls = BY_ID[condition.class_id] if condition else class_for_status(status)
    context = context_from(_locate(document, ENVELOPE.context))
    if message is None:
        if definition is not None:
            present = context.to_dict()
            params = {p: present[p] for p in definition.params if p in present}
            message = fill(definition.message, params)
        elif cls.error_class is not None:
            message = cls.error_class.title
        else:
            message = f"HTTP {status}"

    request_id: str | None = None
    for name in ENVELOPE.request_id_headers:
        request_id = _first_item(headers.get(name))
        if request_id is not None:
            break
    if request_id is None:
        request_id = _json.as_str(_locate(document, ENVELOPE.request_id))

    field = _json.as_str(_locate(document, ENVELOPE.field))
    if field is None and definition is not None:
        field = definition.field

    if definition is not None:
        policy = definition.retry
    elif cls.error_class is not None:
        policy = cls.error_class.retry
    else:
        policy = None
    error = cls(
        message,
        status=status,
        code=code,
        request_id=request_id,
        field=field,
        details=_json.as_object(_locate(document, ENVELOPE.details)),
        context=context,
        body=body,
        json=parsed,
        headers=headers,
        definition=definition,
        retry_policy=policy,
        retryable=_should_retry(headers),
        retry_after_ms=_retry_after(headers, document, now_ms),
        rate_limit=_rate_limit(headers, now_ms),
        received_at_ms=now_ms,
        items=items,
        subcodes=_subcodes(document),
        domain=_json.as_str(_locate(document, ENVELOPE.domain)),
        metadata=_metadata(document),
    )
    if type(code) is str:
        error._catalog_code(code)
    return error
