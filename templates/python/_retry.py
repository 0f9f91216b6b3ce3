{% import "macros.py" as m -%}
{% call m::header(notice, "Running a request with retries under the catalog's retry policies.") %}{% endcall %}

import http.client
import random as _random
import socket
import time
import urllib.error
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ._catalog import RETRY_HELPER
from ._errors import APIError, backoff_delay

T = TypeVar("T")

_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, aborted, broken pipe
    TimeoutError,
    socket.timeout,  # TimeoutError itself from Python 3.10 on
    http.client.IncompleteRead,
    http.client.RemoteDisconnected,
)

# Client libraries' own connection errors, by (top-level module, class name)
# of any class the error derives from: nothing is imported to find them.
_LIBRARY_CONNECTION_ERRORS = frozenset(
    {
        ("ssl", "SSLEOFError"),  # a TLS connection closed early
        ("requests", "ConnectionError"),
        ("requests", "Timeout"),
        ("requests", "ChunkedEncodingError"),  # the body ended early
        ("httpx", "NetworkError"),  # ConnectError, ReadError, WriteError, ...
        ("httpx", "TimeoutException"),  # ConnectTimeout, ReadTimeout, ...
        ("httpx", "RemoteProtocolError"),  # the server closed the connection
        ("aiohttp", "ClientConnectionError"),
        ("aiohttp", "ServerTimeoutError"),
        ("aiohttp", "ClientPayloadError"),  # the body ended early
        # `TimeoutError` itself from Python 3.11 on (aiohttp's total timeout).
        ("asyncio", "TimeoutError"),
    }
)

# Failures of the connection's TLS (a certificate, a handshake), which a
# retry does not mend; the standard library's other `ssl.SSLError`s are no
# connection errors either.
_NOT_CONNECTION_ERRORS = frozenset(
    {("requests", "SSLError"), ("aiohttp", "ClientSSLError")}
)


def is_connection_error(error: BaseException) -> bool:
    """Whether `error` means the request failed before any response came:
    the connection was refused, reset or closed early, a pipe broke, or a
    connect or read timed out (README, rule 20).

    The built-in `ConnectionError` and `TimeoutError` (`socket.timeout`),
    `http.client.IncompleteRead` and `RemoteDisconnected`, `ssl.SSLEOFError`,
    a `urllib.error.URLError` whose reason is one of those, and the like of
    requests (`ConnectionError` but `SSLError`, `Timeout`,
    `ChunkedEncodingError`), httpx (`NetworkError`, `TimeoutException`,
    `RemoteProtocolError`) and aiohttp (`ClientConnectionError` but
    `ClientSSLError`, `ServerTimeoutError`, `ClientPayloadError`) and
    `asyncio.TimeoutError` (before Python 3.11, where it is no
    `TimeoutError`), recognised by class name. A cancellation (`KeyboardInterrupt`,
    `asyncio.CancelledError`) never is; nor is a TLS certificate or
    handshake failure, which a retry does not mend.
    """
    if not isinstance(error, Exception) or isinstance(error, APIError):
        return False
    origins = {
        (cls.__module__.partition(".")[0], cls.__name__) for cls in type(error).__mro__
    }
    if origins & _NOT_CONNECTION_ERRORS:
        return False
    if isinstance(error, _CONNECTION_ERRORS) or origins & _LIBRARY_CONNECTION_ERRORS:
        return True
    if isinstance(error, urllib.error.URLError) and not isinstance(
        error, urllib.error.HTTPError
    ):
        reason = error.reason
        return isinstance(reason, BaseException) and is_connection_error(reason)
    return False


@dataclass(frozen=True)
class Attempt:
    """One attempt of a call of `with_retries`, handed to its request
    function (README, rule 21)."""

    number: int
    """1 for the first attempt, 2 for the first retry, ..."""
    headers: Mapping[str, str]
    """Headers to send with this attempt: the idempotency key under the
    catalog's header, the same on every attempt of the call; empty when the
    API takes none."""
    idempotency_key: str | None
    """The call's idempotency key: the caller's, else one made for the call;
    None when the API takes none."""


def _new_key() -> str:
    return str(uuid.uuid4())


def with_retries(
    request: Callable[[Attempt], T],
    *,
    idempotency_key: str | None = None,
    sleep: Callable[[float], object] | None = None,
    random: Callable[[], float] | None = None,
    max_attempts: int | None = None,
    connection_error: Callable[[Exception], bool] | None = None,
    new_idempotency_key: Callable[[], str] | None = None,
) -> T:
    """Calls `request(attempt)` until it returns, retrying this package's
    errors and, where the catalog says so, connection errors.

    On an `APIError` that is retryable, when fewer than the policy's
    `max_attempts` attempts (the first included; `max_attempts` here
    overrides it) were made, sleeps `err.retry_delay(n)` seconds and tries
    again; it gives up at once when that is None (the server asked for
    longer than the policy waits). When the catalog retries connection
    errors, an exception for which `is_connection_error` (or the
    `connection_error` predicate) is true is retried the same way with the
    catalog's `[retry]` backoff; attempts of both kinds count together.
    Anything else propagates at once (README, rules 13 and 20).

    Every attempt gets the call's idempotency key (rule 21):
    `idempotency_key`, else a new UUID v4 made once per call. `sleep`,
    `random` and `new_idempotency_key` default to `time.sleep`,
    `random.random` and `uuid.uuid4`; tests replace them.
    """
    key, headers = _call_key(idempotency_key, new_idempotency_key)
    draw = random or _random.random
    number = 1
    while True:
        try:
            return request(Attempt(number, dict(headers), key))
        except Exception as error:
            delay = _delay(error, number, max_attempts, connection_error, draw)
            if delay is None:
                raise
        (sleep or time.sleep)(delay)
        number += 1


async def async_with_retries(
    request: Callable[[Attempt], Awaitable[T]],
    *,
    idempotency_key: str | None = None,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    random: Callable[[], float] | None = None,
    max_attempts: int | None = None,
    connection_error: Callable[[Exception], bool] | None = None,
    new_idempotency_key: Callable[[], str] | None = None,
) -> T:
    """`with_retries` for asyncio: awaits `request(attempt)` until it
    returns, under the same policy, attempts and idempotency key, and
    sleeps with `asyncio.sleep` (or the `sleep` coroutine function given).

    Works with any async client (httpx's `AsyncClient`, aiohttp): raise
    `await from_response_async(response)` for a failed response. A
    cancellation (`asyncio.CancelledError`) is never retried, nor caught:
    cancelling the task cancels the wait between attempts too.
    """
    if sleep is None:
        import asyncio  # here, so that importing the package stays cheap

        sleep = asyncio.sleep
    key, headers = _call_key(idempotency_key, new_idempotency_key)
    draw = random or _random.random
    number = 1
    while True:
        try:
            return await request(Attempt(number, dict(headers), key))
        except Exception as error:
            delay = _delay(error, number, max_attempts, connection_error, draw)
            if delay is None:
                raise
        await sleep(delay)
        number += 1


def _call_key(
    idempotency_key: str | None, new_idempotency_key: Callable[[], str] | None
) -> tuple[str | None, dict[str, str]]:
    """The call's idempotency key and the headers that send it (rule 21)."""
    header = RETRY_HELPER.idempotency_header
    if header is None:
        return None, {}
    key = idempotency_key
    if key is None:
        key = (new_idempotency_key or _new_key)()
    return key, {header: key}


def _delay(
    error: Exception,
    number: int,
    max_attempts: int | None,
    connection_error: Callable[[Exception], bool] | None,
    draw: Callable[[], float],
) -> float | None:
    """Seconds to wait before retrying after attempt `number` failed with
    `error`; None when it is not retried (README, rules 13 and 20)."""
    if isinstance(error, APIError):
        limit = max_attempts or error.retry_policy.max_attempts
        if not error.retryable or number >= limit:
            return None
        return error.retry_delay(number, random=draw)
    if RETRY_HELPER.connection_errors != "backoff" or not (
        is_connection_error(error)
        or (connection_error is not None and connection_error(error))
    ):
        return None
    policy = RETRY_HELPER.backoff
    if number >= (max_attempts or policy.max_attempts):
        return None
    return backoff_delay(policy, number, draw)
