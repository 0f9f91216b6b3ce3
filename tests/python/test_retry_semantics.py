"""README rules 20-23 beyond the vectors, against every spec's package:
which exceptions count as connection errors, the idempotency key of a call,
and error documents that are refused."""

from __future__ import annotations

import asyncio
import errno
import http.client
import json
import socket
import ssl
import urllib.error
from typing import Any

import pytest

from conftest import Spec
from vectors import UUID_V4


def fake_error(module: str, *names: str) -> type[Exception]:
    """A class hierarchy named like a client library's, none of it imported:
    `names` from the base down, every class in `module`."""
    cls: type[Exception] = Exception
    for name in names:
        cls = type(name, (cls,), {"__module__": module})
    return cls


CONNECTION_ERRORS = [
    ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
    ConnectionResetError(errno.ECONNRESET, "reset"),
    ConnectionAbortedError(errno.ECONNABORTED, "aborted"),
    BrokenPipeError(errno.EPIPE, "broken pipe"),
    TimeoutError("timed out"),
    socket.timeout("timed out"),
    http.client.IncompleteRead(b"{", 10),
    http.client.RemoteDisconnected("closed"),
    ssl.SSLEOFError(8, "EOF occurred in violation of protocol"),
    urllib.error.URLError(ssl.SSLEOFError(8, "EOF occurred in violation of protocol")),
    urllib.error.URLError(ConnectionRefusedError(errno.ECONNREFUSED, "refused")),
    urllib.error.URLError(TimeoutError("timed out")),
    fake_error("requests.exceptions", "RequestException", "ConnectionError")(),
    fake_error("requests.exceptions", "RequestException", "Timeout", "ReadTimeout")(),
    fake_error("httpx._exceptions", "TransportError", "NetworkError", "ConnectError")(),
    fake_error(
        "httpx._exceptions", "TransportError", "TimeoutException", "ReadTimeout"
    )(),
    fake_error("httpx._exceptions", "ProtocolError", "RemoteProtocolError")(),
    fake_error("aiohttp.client_exceptions", "ClientConnectionError", "ClientOSError")(),
    fake_error("aiohttp.client_exceptions", "ServerTimeoutError")(),
    fake_error("aiohttp.client_exceptions", "ClientPayloadError")(),
    fake_error("requests.exceptions", "RequestException", "ChunkedEncodingError")(),
]

NOT_CONNECTION_ERRORS: list[BaseException] = [
    ValueError("not ours"),
    OSError(errno.ENOENT, "no such file"),
    socket.gaierror(-2, "Name or service not known"),
    ssl.SSLCertVerificationError("certificate verify failed"),
    urllib.error.URLError("unknown url type: ftp"),
    urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
    fake_error("requests.exceptions", "ConnectionError", "SSLError")(),
    fake_error(
        "aiohttp.client_exceptions", "ClientConnectionError", "ClientSSLError"
    )(),
    fake_error("httpx._exceptions", "TransportError", "UnsupportedProtocol")(),
    fake_error("mylib", "ConnectionError")(),  # a name alone is not enough
    KeyboardInterrupt(),
    asyncio.CancelledError(),
]


@pytest.mark.parametrize("error", CONNECTION_ERRORS, ids=repr)
def test_connection_errors_are_recognised(spec: Spec, error: Exception) -> None:
    assert spec.pkg.is_connection_error(error)


@pytest.mark.parametrize("error", NOT_CONNECTION_ERRORS, ids=repr)
def test_other_errors_are_not(spec: Spec, error: BaseException) -> None:
    assert not spec.pkg.is_connection_error(error)


def test_an_http_error_is_no_connection_error(spec: Spec) -> None:
    assert not spec.pkg.is_connection_error(spec.pkg.from_parts(503, {}, b""))
    http_error = urllib.error.HTTPError("http://x.invalid", 503, "busy", None, None)  # type: ignore[arg-type]
    assert not spec.pkg.is_connection_error(http_error)


def retries_connections(spec: Spec) -> bool:
    return bool(spec.catalog["retry_helper"]["connection_errors"] == "backoff")


class Failing:
    """A request function raising `errors` in turn, then returning 'ok';
    records every attempt."""

    def __init__(self, errors: list[BaseException]) -> None:
        self.errors = errors
        self.attempts: list[Any] = []

    def __call__(self, attempt: Any) -> str:
        self.attempts.append(attempt)
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def test_connection_errors_follow_the_catalog(spec: Spec) -> None:
    """Rule 20: retried with the [retry] backoff when the catalog says so,
    else at once propagated; a user predicate extends what counts."""
    retry = spec.catalog["retry"]
    slept: list[float] = []
    request = Failing([ConnectionResetError(errno.ECONNRESET, "reset")])
    if not retries_connections(spec):
        with pytest.raises(ConnectionResetError):
            spec.pkg.with_retries(request, sleep=slept.append)
        assert (len(request.attempts), slept) == (1, [])
        return
    assert (
        spec.pkg.with_retries(request, sleep=slept.append, random=lambda: 0.5) == "ok"
    )
    assert slept == [
        0.75 * min(retry["max_delay_ms"], retry["initial_delay_ms"]) / 1000
    ]

    class Custom(Exception):
        pass

    def custom(error: Exception) -> bool:
        return isinstance(error, Custom)

    request = Failing([Custom(), Custom()])
    assert spec.pkg.with_retries(request, sleep=slept.append, connection_error=custom)
    assert len(request.attempts) == 3
    with pytest.raises(Custom):
        spec.pkg.with_retries(Failing([Custom()]), sleep=slept.append)


def test_cancellation_is_never_retried(spec: Spec) -> None:
    for cancel in [KeyboardInterrupt(), asyncio.CancelledError()]:
        request = Failing([cancel])
        with pytest.raises(type(cancel)):
            spec.pkg.with_retries(
                request, sleep=lambda _: None, connection_error=lambda _: True
            )
        assert len(request.attempts) == 1


def test_attempts_count_every_failure_and_stop_at_max_attempts(spec: Spec) -> None:
    if not retries_connections(spec):
        pytest.skip("this catalog does not retry connection errors")
    limit = spec.catalog["retry"]["max_attempts"]
    errors: list[BaseException] = [TimeoutError("t") for _ in range(limit + 2)]
    request = Failing(errors)
    with pytest.raises(TimeoutError):
        spec.pkg.with_retries(request, sleep=lambda _: None)
    assert [a.number for a in request.attempts] == list(range(1, limit + 1))
    request = Failing([TimeoutError("t") for _ in range(5)])
    with pytest.raises(TimeoutError):
        spec.pkg.with_retries(request, sleep=lambda _: None, max_attempts=2)
    assert len(request.attempts) == 2


def test_idempotency_key(spec: Spec) -> None:
    """Rule 21: one key per call, on every attempt; the caller's if given."""
    header = spec.catalog["retry_helper"]["idempotency_header"]
    failure = spec.pkg.from_parts(503, {}, b"")
    if not failure.retryable:
        pytest.skip("503 is not retried here")
    request = Failing([failure, failure])
    spec.pkg.with_retries(request, sleep=lambda _: None, max_attempts=3)
    assert [a.number for a in request.attempts] == [1, 2, 3]
    if header is None:
        assert all(
            a.headers == {} and a.idempotency_key is None for a in request.attempts
        )
        return
    keys = {a.headers[header] for a in request.attempts}
    assert len(keys) == 1 and UUID_V4.fullmatch(keys.pop())
    other = Failing([])
    spec.pkg.with_retries(other)
    assert other.attempts[0].headers[header] != request.attempts[0].headers[header]
    mine = Failing([failure])
    spec.pkg.with_retries(mine, sleep=lambda _: None, idempotency_key="k-1")
    assert [dict(a.headers) for a in mine.attempts] == [{header: "k-1"}] * 2
    made = Failing([])
    spec.pkg.with_retries(made, new_idempotency_key=lambda: "fixed")
    assert made.attempts[0].idempotency_key == "fixed"

    def meddle(attempt: Any) -> str:
        attempt.headers[header] = "changed"  # a dict of the attempt's own
        raise failure

    seen = Failing([])
    with pytest.raises(spec.pkg.APIError):
        spec.pkg.with_retries(meddle, sleep=lambda _: None, max_attempts=2)
    spec.pkg.with_retries(seen, idempotency_key="k-2")
    assert seen.attempts[0].headers == {header: "k-2"}


def document(spec: Spec, **changes: Any) -> dict[str, Any]:
    err = spec.pkg.from_parts(429, {"Retry-After": "2"}, b'{"x": 1}', now=lambda: 1.5)
    found: dict[str, Any] = err.to_dict()
    assert found["received_at_ms"] == 1500
    found.update(changes)
    return found


@pytest.mark.parametrize(
    "changes",
    [
        {"errcat": 2},
        {"errcat": True},
        {"errcat": None},
        {"api": "someone-else"},
        {"status": "429"},
        {"headers": [["a"]]},
        {"headers": {"a": "b"}},
        {"received_at_ms": 1.5},
        {"body": None},
        {"body": None, "body_base64": "not base64!"},
    ],
    ids=repr,
)
def test_documents_that_are_refused(spec: Spec, changes: dict[str, Any]) -> None:
    with pytest.raises(spec.pkg.DocumentError) as refused:
        spec.pkg.APIError.from_dict(document(spec, **changes))
    assert not isinstance(refused.value, spec.pkg.APIError)
    assert str(refused.value)


def test_document_text_that_is_refused(spec: Spec) -> None:
    for text in ["", "{", "[]", "null", b"\xff"]:
        with pytest.raises(spec.pkg.DocumentError):
            spec.pkg.APIError.from_json(text)
    assert isinstance(spec.pkg.DocumentError("x"), ValueError)


def test_document_of_any_body_and_no_credentials(spec: Spec) -> None:
    headers = {"Authorization": "Bearer sk_1", "X-B": "2", "x-a": "1", "X-A": "3"}
    err = spec.pkg.from_parts(500, headers, b"\xff\xfe binary")
    found = err.to_dict()
    assert found["headers"] == [["x-a", "1, 3"], ["x-b", "2"]]
    assert "body" not in found and found["body_base64"] == "//4gYmluYXJ5"
    assert "sk_1" not in err.to_json()
    rebuilt = spec.pkg.APIError.from_json(err.to_json().encode())
    assert (rebuilt.body, rebuilt.headers) == (err.body, err.headers)
    # An error built by hand never writes a credential either.
    by_hand = spec.pkg.APIError("m", status=401, headers={"Cookie": "c=1", "A": "b"})
    assert by_hand.to_dict()["headers"] == [["a", "b"]]
    # Members a newer writer may add are ignored.
    assert spec.pkg.APIError.from_dict({**found, "new": 1}).body == err.body
    assert json.loads(err.to_json()) == found


def test_an_error_built_by_hand(spec: Spec) -> None:
    err = spec.pkg.APIError("m", status=429, retry_after=4.35, received_at_ms=7)
    assert (err.retry_after_ms, err.retry_after, err.received_at_ms) == (4350, 4.35, 7)
    err.retry_after = None
    assert err.retry_after_ms is None and err.rate_limit is None
    exact = spec.pkg.APIError("m", retry_after=1.0, retry_after_ms=2**53 - 1)
    assert exact.retry_after_ms == 2**53 - 1  # milliseconds win, exactly
