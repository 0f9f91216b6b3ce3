"""README rule 25 in process, against every spec's package: what
`from_response` and `from_response_async` refuse, with the message that
says what to pass instead, and `async_with_retries` beside `with_retries`
(rules 13, 20 and 21; cancellation). The same over real HTTP, through every
client, is `test_http.py`.
"""

from __future__ import annotations

import asyncio
import errno
import io
import subprocess
import sys
import urllib.error
from collections.abc import Awaitable, Callable
from email.message import Message
from typing import Any

import aiohttp
import httpx
import pytest
import requests

from conftest import ROOT, Spec
from helpers import body_for_error

INSTEAD = "from_parts(status, headers, body)"


class NoStatus:
    """Looks like a response but has no HTTP status."""

    headers: dict[str, str] = {}
    content = b"{}"


class StatusZero:
    status_code = 0
    headers: dict[str, str] = {}
    content = b"{}"


class AsyncRead:
    """A response-like object of an unknown async client: `read()` is a
    coroutine function."""

    status = 503
    headers = {"Retry-After": "1"}

    async def read(self) -> bytes:
        return b"busy"


def refused_values() -> list[Any]:
    return [
        None,
        {"status": 404, "headers": {}, "body": b"{}"},
        "HTTP 404",
        b"{}",
        404,
        object(),
        ValueError("not a response"),
        NoStatus(),
        StatusZero(),
        requests.HTTPError("raised by hand, no response"),
        requests.ConnectionError("no response at all"),
        httpx.ConnectError("no response at all"),
    ]


@pytest.mark.parametrize("value", refused_values(), ids=repr)
def test_what_cannot_be_read_is_a_type_error(spec: Spec, value: Any) -> None:
    """Rule 25: never an error with status 0; the message says what was
    passed and what to pass instead."""
    for read in (
        spec.pkg.from_response,
        lambda v: asyncio.run(spec.pkg.from_response_async(v)),
    ):
        with pytest.raises(TypeError) as refused:
            read(value)
        message = str(refused.value)
        assert INSTEAD in message, message
        assert type(value).__name__ in message, message


def test_an_unread_async_body_is_refused_by_the_sync_constructor(
    spec: Spec,
) -> None:
    with pytest.raises(TypeError, match="from_response_async") as refused:
        spec.pkg.from_response(AsyncRead())
    assert INSTEAD in str(refused.value)
    err = asyncio.run(spec.pkg.from_response_async(AsyncRead()))
    assert (err.status, err.body, err.retry_after_ms) == (503, b"busy", 1000)


def test_aiohttp_raise_for_status_error_is_refused(spec: Spec) -> None:
    """aiohttp's `ClientResponseError` keeps no body: refused, pointing at
    the response and the async constructor."""
    error = aiohttp.ClientResponseError(
        request_info=None,  # type: ignore[arg-type]
        history=(),
        status=429,
        message="Too Many Requests",
    )
    with pytest.raises(TypeError, match="from_response_async") as refused:
        spec.pkg.from_response(error)
    assert "ClientResponseError" in str(refused.value)


def httpx_response(status: int, body: bytes, **kw: Any) -> httpx.Response:
    request = httpx.Request("GET", "https://example.invalid/x")
    return httpx.Response(status, content=body, request=request, **kw)


def test_httpx_responses_and_status_errors(spec: Spec) -> None:
    """httpx objects built in process (over HTTP: test_http.py): a read
    response, its `HTTPStatusError`, an unread async stream (refused by the
    sync constructor, read by the async one)."""
    error = spec.errors()[0]
    body, message = body_for_error(spec, error)
    response = httpx_response(error["status"], body)
    with pytest.raises(httpx.HTTPStatusError) as raised:
        response.raise_for_status()
    for value in (response, raised.value):
        err = spec.pkg.from_response(value)
        assert (err.status, str(err.code), err.message, err.body) == (
            error["status"],
            error["code"],
            message,
            body,
        )

    class Stream(httpx.AsyncByteStream):
        async def __aiter__(self) -> Any:
            yield body[:3]
            yield body[3:]

    unread = httpx.Response(error["status"], stream=Stream())
    with pytest.raises(TypeError, match="from_response_async"):
        spec.pkg.from_response(unread)
    err = asyncio.run(spec.pkg.from_response_async(unread))
    assert (err.status, err.body) == (error["status"], body)


def test_urllib_http_error_through_the_async_constructor(spec: Spec) -> None:
    """The async constructor takes everything the sync one does."""
    error = spec.errors()[0]
    body, _ = body_for_error(spec, error)
    http_error = urllib.error.HTTPError(
        "https://example.invalid", error["status"], "x", Message(), io.BytesIO(body)
    )
    err = asyncio.run(spec.pkg.from_response_async(http_error))
    assert (err.status, str(err.code), err.body) == (
        error["status"],
        error["code"],
        body,
    )


def test_urllib_http_error_without_a_body(spec: Spec) -> None:
    """An `HTTPError` made without a file (no body) is an empty body; on
    Python 3.9 any attribute it lacks raises KeyError, never seen here."""
    http_error = urllib.error.HTTPError("http://x.invalid", 503, "busy", None, None)  # type: ignore[arg-type]
    for err in (
        spec.pkg.from_response(http_error),
        asyncio.run(spec.pkg.from_response_async(http_error)),
    ):
        assert (err.status, err.body) == (503, b"")


def test_a_read_failure_is_the_clients_own_error(spec: Spec) -> None:
    """A body that fails while it is read raises the client's exception as
    it is (here the standard library's), never an error with status 0."""

    class Broken:
        status = 502
        headers: dict[str, str] = {}

        def read(self) -> bytes:
            raise ConnectionResetError(errno.ECONNRESET, "reset mid-body")

    with pytest.raises(ConnectionResetError):
        spec.pkg.from_response(Broken())
    with pytest.raises(ConnectionResetError):
        asyncio.run(spec.pkg.from_response_async(Broken()))


def test_importing_the_package_imports_no_client(spec: Spec) -> None:
    """Clients are recognised by name: importing the package loads none of
    them, nor asyncio (issue 15 measures the import)."""
    src = spec.out / "python" / "src"
    name = spec.pkg.__name__
    script = (
        f"import sys; sys.path.insert(0, {str(src)!r}); import {name}; "
        "print(' '.join(m for m in ('requests', 'httpx', 'aiohttp', 'asyncio') "
        "if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert found.stdout.strip() == "", found.stdout


def test_the_first_error_builds_no_code_enum(spec: Spec) -> None:
    """Parsing an error with a known code loads neither the `Code` enum (its
    module builds a member per code: most of the first error's time in a
    large catalog) nor `typing` or `random`; reading `err.code` gives the
    member all the same (issue 15). (An item's code is its member at once:
    a spec whose codes come in items is not checked.)"""
    if spec.envelope.get("code") is None:
        pytest.skip("the code is not in the envelope")
    error = spec.errors()[0]
    body, _ = body_for_error(spec, error)
    src = spec.out / "python" / "src"
    name = spec.pkg.__name__
    script = (
        f"import sys; sys.path.insert(0, {str(src)!r}); "
        "before = set(sys.modules); "
        f"import {name}; err = {name}.from_parts({error['status']}, {{}}, {body!r}); "
        f"loaded = [m for m in ('{name}._codes', 'typing', 'random') "
        "if m in sys.modules and m not in before]; "
        f"known = err.is_known_code and '{name}._codes' not in sys.modules; "
        f"member = isinstance(err.code, {name}.Code); "
        "print(' '.join(loaded), known, member)"
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert found.stdout.split() == ["True", "True"], found.stdout


def retries_connections(spec: Spec) -> bool:
    return bool(spec.catalog["retry_helper"]["connection_errors"] == "backoff")


class AsyncFailing:
    """A request coroutine function raising `errors` in turn, then
    returning 'ok'; records every attempt."""

    def __init__(self, errors: list[BaseException]) -> None:
        self.errors = errors
        self.attempts: list[Any] = []

    async def __call__(self, attempt: Any) -> str:
        self.attempts.append(attempt)
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def recorder() -> tuple[list[float], Callable[[float], Awaitable[None]]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return slept, sleep


def test_async_connection_errors_follow_the_catalog(spec: Spec) -> None:
    """Rule 20 for `async_with_retries`, as for `with_retries`."""
    retry = spec.catalog["retry"]
    slept, sleep = recorder()
    request = AsyncFailing([ConnectionResetError(errno.ECONNRESET, "reset")])
    run = spec.pkg.async_with_retries
    if not retries_connections(spec):
        with pytest.raises(ConnectionResetError):
            asyncio.run(run(request, sleep=sleep))
        assert (len(request.attempts), slept) == (1, [])
        return
    assert asyncio.run(run(request, sleep=sleep, random=lambda: 0.5)) == "ok"
    assert slept == [
        0.75 * min(retry["max_delay_ms"], retry["initial_delay_ms"]) / 1000
    ]
    request = AsyncFailing([ValueError("x"), ValueError("y")])
    assert asyncio.run(
        run(request, sleep=sleep, connection_error=lambda e: isinstance(e, ValueError))
    )
    assert len(request.attempts) == 3


def test_async_retries_follow_the_policy_and_key(spec: Spec) -> None:
    """Rules 13 and 21: the policy's attempts, one key for the call."""
    failure = spec.pkg.from_parts(503, {}, b"")
    if not failure.retryable:
        pytest.skip("503 is not retried here")
    slept, sleep = recorder()
    request = AsyncFailing([failure, failure, failure, failure])
    with pytest.raises(spec.pkg.APIError):
        asyncio.run(
            spec.pkg.async_with_retries(
                request, sleep=sleep, max_attempts=3, idempotency_key="k-9"
            )
        )
    assert [a.number for a in request.attempts] == [1, 2, 3]
    assert len(slept) == 2
    keys = {a.idempotency_key for a in request.attempts}
    header = spec.catalog["retry_helper"]["idempotency_header"]
    assert keys == ({"k-9"} if header else {None})


def test_async_sleeps_with_asyncio_by_default(
    spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = spec.pkg.from_parts(503, {}, b"")
    if not failure.retryable:
        pytest.skip("503 is not retried here")
    slept, sleep = recorder()
    monkeypatch.setattr(asyncio, "sleep", sleep)
    request = AsyncFailing([failure])
    helper = spec.pkg.async_with_retries
    assert asyncio.run(helper(request, random=lambda: 0.5)) == "ok"
    assert slept == [failure.retry_delay(1, random=lambda: 0.5)]


def test_async_cancellation_is_never_retried(spec: Spec) -> None:
    """A cancellation raised by the request, or of the task while it waits
    between attempts, is never retried and propagates."""
    request = AsyncFailing([asyncio.CancelledError()])
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(
            spec.pkg.async_with_retries(
                request, sleep=recorder()[1], connection_error=lambda _: True
            )
        )
    assert len(request.attempts) == 1

    retried: BaseException = TimeoutError("t")
    if not retries_connections(spec):
        failure = spec.pkg.from_parts(503, {}, b"")
        if not failure.retryable:
            return
        retried = failure
    waiting = AsyncFailing([retried, retried, retried])

    async def cancel_while_waiting() -> None:
        task = asyncio.ensure_future(
            spec.pkg.async_with_retries(
                waiting,
                sleep=lambda s: asyncio.sleep(60),
            )
        )
        while not waiting.attempts:
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(cancel_while_waiting(), timeout=30))
    assert len(waiting.attempts) == 1
