"""The vectors end to end over real HTTP, through every client README
rule 25 names.

A `ThreadingHTTPServer` on 127.0.0.1 (an ephemeral port) serves every
vector as a real response (status, headers, body bytes), once with a
Content-Length and once streamed (chunked, in pieces), and every retry
scenario's responses in order. Each client of the matrix (`CLIENTS`:
urllib, requests read and streamed, httpx sync and async, read and
streamed, aiohttp read by the package and by the caller) fetches them the
way its users do, and `from_response` (`from_response_async` for the async
clients) turns what the client hands back (the response, or the exception
that holds it) into the package's error; `with_retries` and
`async_with_retries` run every retry scenario. Connection errors happen for
real: the server resets the connection (also in the middle of a body), ends
the body early or answers too late, and a refused connection goes to a port
nobody listens on. The server is shut down after the module, and by a timer
should a run hang.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import aiohttp
import httpx
import pytest
import requests

from conftest import Spec
from vectors import (
    Scenario,
    body_bytes,
    check,
    check_scenario,
    check_sent_headers,
    headers_of,
    known,
    now_of,
    retry_ids,
    retry_options,
    retry_params,
    vector_ids,
    vector_params,
)

# No test run takes this long; past it the server stops by itself.
SERVER_LIFETIME_S = 300.0
FETCH_TIMEOUT_S = 30.0
# A scenario with a timeout reads with this timeout, and the server answers
# its timeout attempts this much later than that.
SHORT_TIMEOUT_S = 1.0
LATE_S = 1.5
# A streamed body goes out in pieces of at most this many bytes.
CHUNK = 64 * 1024

T = TypeVar("T")


class Server(ThreadingHTTPServer):
    """Serves, for each registered path, its responses in turn."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, tuple[Scenario, bool]] = {}
        self.lock = threading.Lock()
        self.serial = 0

    def register(self, scenario: Scenario, chunked: bool = False) -> str:
        """A fresh path that serves `scenario`'s responses in order, their
        bodies streamed (chunked) if `chunked`."""
        with self.lock:
            self.serial += 1
            path = f"/r/{self.serial}"
            self.routes[path] = (scenario, chunked)
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        with self.server.lock:
            route = self.server.routes.get(self.path)
        sent = dict(self.headers.items())
        if route is None:
            self.send_error(599, "no such route")
            return
        scenario, chunked = route
        response = scenario.next_response(sent)
        failure = response.get("connection_error")
        if failure is not None:
            self.fail(failure)
            return
        body = body_bytes(response)
        self.send_response(response["status"])
        for name, value in headers_of(response):
            self.send_header(name, value)
        if chunked or response.get(RESET_MID_BODY):
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if response.get(RESET_MID_BODY):
            # The status and headers are out, then part of the body: reset.
            self.wfile.write(b"%x\r\n%s\r\n" % (len(body[:1]), body[:1]))
            time.sleep(0.05)
            self.fail("reset")
        elif chunked:
            self.write_chunked(body)
        else:
            self.wfile.write(body)

    def write_chunked(self, body: bytes) -> None:
        """`body` in three pieces or more (at most `CHUNK` bytes each), each
        sent on its own, then the last, empty chunk."""
        size = max(1, min(CHUNK, -(-len(body) // 3)))
        for start in range(0, len(body), size):
            piece = body[start : start + size]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    do_POST = do_GET  # noqa: N815 (aiohttp's requests; they carry no body)

    def fail(self, kind: str) -> None:
        """Fails the connection the way a scenario's `connection_error` says."""
        self.close_connection = True
        if kind == "reset":
            # Linger 0: closing sends a TCP RST instead of a FIN.
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()
        elif kind == "eof":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"{")
        else:
            assert kind == "timeout", kind
            time.sleep(LATE_S + SHORT_TIMEOUT_S)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    watchdog = threading.Timer(SERVER_LIFETIME_S, httpd.shutdown)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield httpd
    finally:
        watchdog.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


RESET_MID_BODY = "reset mid-body"
"""A response key of this module's own: the server sends the status, the
headers and one byte of the body, then resets the connection."""

# Straight to 127.0.0.1: no proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Clock = Callable[[], float] | None

SYNC_CLIENTS = ["urllib", "requests", "requests-stream", "httpx", "httpx-stream"]
ASYNC_CLIENTS = ["httpx-async", "httpx-async-stream", "aiohttp", "aiohttp-read"]
CLIENTS = SYNC_CLIENTS + ASYNC_CLIENTS
"""The client matrix: each client, read the way its users read it.

- urllib: `urlopen`; a 4xx/5xx arrives as `urllib.error.HTTPError`, which
  `from_response` takes (its body unread).
- requests: `raise_for_status()`'s `requests.HTTPError`; requests-stream:
  `stream=True`, the `Response` itself, its body unread.
- httpx: `raise_for_status()`'s `httpx.HTTPStatusError`; httpx-stream:
  `client.stream(...)`, the `Response` unread.
- httpx-async: `AsyncClient`, `raise_for_status()`'s `HTTPStatusError`,
  through `from_response_async`; httpx-async-stream: `AsyncClient.stream`,
  the response unread, through `from_response_async`.
- aiohttp: the `ClientResponse` unread, through `from_response_async`;
  aiohttp-read: the caller awaits `read()` first, then `from_response`.
  Both POST, since aiohttp retries a GET once by itself after a reset.
"""


class Clients:
    """One session per client for the module; the async ones live on an
    event loop in a thread of their own, which `run` submits to."""

    def __init__(self) -> None:
        self.requests = requests.Session()
        self.requests.trust_env = False  # no proxy from the environment
        self.httpx = httpx.Client(trust_env=False)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.httpx_async, self.aiohttp = self.run(self._open())

    async def _open(self) -> tuple[httpx.AsyncClient, aiohttp.ClientSession]:
        return httpx.AsyncClient(trust_env=False), aiohttp.ClientSession()

    async def _close(self) -> None:
        await self.httpx_async.aclose()
        await self.aiohttp.close()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Runs `coroutine` on the clients' event loop and waits for it."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(timeout=SERVER_LIFETIME_S)

    def close(self) -> None:
        self.run(self._close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()
        self.requests.close()
        self.httpx.close()


@pytest.fixture(scope="module")
def clients() -> Iterator[Clients]:
    found = Clients()
    try:
        yield found
    finally:
        found.close()


def fetch(
    spec: Spec,
    url: str,
    now: float | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = FETCH_TIMEOUT_S,
) -> Any:
    """GETs `url` with urllib: the body of a 2xx, else the package's error."""
    clock = None if now is None else (lambda: now)
    return fetch_sync("urllib", None, spec, url, clock, headers or {}, timeout)


def fetch_sync(
    client: str,
    clients: Clients | None,
    spec: Spec,
    url: str,
    clock: Clock,
    headers: dict[str, str],
    timeout: float,
    every_status: bool = False,
) -> Any:
    """GETs `url` with a sync client: the body of a 2xx (unless
    `every_status`), else `from_response` of what the client hands back."""
    from_response = spec.pkg.from_response
    if client == "urllib":
        request = urllib.request.Request(url, headers=headers)
        try:
            with OPENER.open(request, timeout=timeout) as response:
                if every_status:
                    return from_response(response, now=clock)
                return response.read()
        except urllib.error.HTTPError as http_error:
            with http_error:
                return from_response(http_error, now=clock)
    assert clients is not None
    if client == "requests":
        r = clients.requests.get(url, headers=headers, timeout=timeout)
        try:
            r.raise_for_status()
        except requests.HTTPError as http_error:
            return from_response(http_error, now=clock)
        return from_response(r, now=clock) if every_status else r.content
    if client == "requests-stream":
        get = clients.requests.get
        with get(url, headers=headers, timeout=timeout, stream=True) as r:
            if r.status_code < 300 and not every_status:
                return r.content
            return from_response(r, now=clock)
    if client == "httpx":
        hr = clients.httpx.get(url, headers=headers, timeout=timeout)
        try:
            hr.raise_for_status()
        except httpx.HTTPStatusError as status_error:
            return from_response(status_error, now=clock)
        return from_response(hr, now=clock) if every_status else hr.content
    assert client == "httpx-stream", client
    with clients.httpx.stream("GET", url, headers=headers, timeout=timeout) as hr:
        if hr.is_success and not every_status:
            return hr.read()
        return from_response(hr, now=clock)


async def fetch_async(
    client: str,
    clients: Clients,
    spec: Spec,
    url: str,
    clock: Clock,
    headers: dict[str, str],
    timeout: float,
    every_status: bool = False,
) -> Any:
    """`fetch_sync` for the async clients (`from_response_async`)."""
    from_response_async = spec.pkg.from_response_async
    if client == "httpx-async":
        r = await clients.httpx_async.get(url, headers=headers, timeout=timeout)
        try:
            r.raise_for_status()
        except httpx.HTTPStatusError as status_error:
            return await from_response_async(status_error, now=clock)
        return await from_response_async(r, now=clock) if every_status else r.content
    if client == "httpx-async-stream":
        stream = clients.httpx_async.stream
        async with stream("GET", url, headers=headers, timeout=timeout) as r:
            if r.is_success and not every_status:
                return await r.aread()
            return await from_response_async(r, now=clock)
    assert client in ("aiohttp", "aiohttp-read"), client
    limits = aiohttp.ClientTimeout(sock_connect=timeout, sock_read=timeout)
    # POST: aiohttp itself retries an idempotent request once after a reset,
    # which would hide the attempts the scenario counts.
    async with clients.aiohttp.post(url, headers=headers, timeout=limits) as ar:
        if 200 <= ar.status < 300 and not every_status:
            return await ar.read()
        if client == "aiohttp-read":
            await ar.read()
            return spec.pkg.from_response(ar, now=clock)
        return await from_response_async(ar, now=clock)


def fetch_with(
    client: str,
    clients: Clients,
    spec: Spec,
    url: str,
    now: float | None = None,
    every: bool = False,
) -> Any:
    """GETs `url` with `client`: the body of a 2xx (unless `every`), else
    the package's error for what the client hands back."""
    clock = None if now is None else (lambda: now)
    if client in ASYNC_CLIENTS:
        return clients.run(
            fetch_async(client, clients, spec, url, clock, {}, FETCH_TIMEOUT_S, every)
        )
    return fetch_sync(client, clients, spec, url, clock, {}, FETCH_TIMEOUT_S, every)


def check_over_http(spec: Spec, err: Any, vector: dict[str, Any]) -> None:
    check(spec, err, vector)
    assert err.body == body_bytes(vector), vector["name"]
    for name in ["authorization", "cookie", "set-cookie", "x-api-key"]:
        assert name not in err.headers


@pytest.mark.parametrize(("spec", "vector"), known(vector_params(), vector_ids()))
def test_vector_over_http(server: Server, spec: Spec, vector: dict[str, Any]) -> None:
    url = server.register(Scenario({"responses": [vector]}))
    err = fetch(spec, url, now_of(vector))
    if 200 <= vector["status"] < 300:
        # urllib hands a 2xx over as a response, not an error: the caller
        # decides; from_response still gives the error the vector expects.
        with OPENER.open(url, timeout=FETCH_TIMEOUT_S) as response:
            err = spec.pkg.from_response(response)
    check_over_http(spec, err, vector)


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(("spec", "vector"), known(vector_params(), vector_ids()))
def test_vector_through_client(
    server: Server,
    clients: Clients,
    client: str,
    chunked: bool,
    spec: Spec,
    vector: dict[str, Any],
) -> None:
    """Every vector through every client, with a Content-Length and
    streamed: the error the vector expects, the body byte for byte. A 2xx
    is read too (the caller decides it failed)."""
    url = server.register(Scenario({"responses": [vector]}), chunked=chunked)
    err = fetch_with(client, clients, spec, url, now_of(vector), every=True)
    check_over_http(spec, err, vector)
    framing = "transfer-encoding" if chunked else "content-length"
    assert framing in err.headers, err.headers


def issue_vector(name: str, wanted: Callable[[dict[str, Any]], bool]) -> Any:
    """The first vector `wanted` picks: the issue's cases come from the
    vectors, never from the test."""
    for spec, vector in vector_params():
        if wanted(vector):
            return pytest.param(spec, vector, id=name)
    raise AssertionError(f"no vector for the issue case {name!r}")


def header_names(vector: dict[str, Any]) -> set[str]:
    return {name.lower() for name, _ in headers_of(vector)}


ISSUE_CASES = [
    issue_vector(
        "429 with Retry-After",
        lambda v: (
            v["status"] == 429
            and "retry-after" in header_names(v)
            and v["expect"].get("retry_after_ms") is not None
        ),
    ),
    issue_vector(
        "404 JSON",
        lambda v: (
            v["status"] == 404
            and body_bytes(v).startswith(b"{")
            and v["expect"].get("code") is not None
        ),
    ),
    issue_vector(
        "HTML 502 from a proxy",
        lambda v: v["status"] == 502 and b"<html" in body_bytes(v).lower(),
    ),
]


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(("spec", "vector"), ISSUE_CASES)
def test_issue_case_through_client(
    server: Server, clients: Clients, client: str, spec: Spec, vector: dict[str, Any]
) -> None:
    """The issue's cases, streamed, each the way the client's users see a
    failure (an exception for requests and httpx, `urlopen`'s HTTPError)."""
    url = server.register(Scenario({"responses": [vector]}), chunked=True)
    err = fetch_with(client, clients, spec, url, now_of(vector))
    check_over_http(spec, err, vector)
    assert err.status != 0


@pytest.mark.parametrize("client", CLIENTS)
def test_reset_mid_body_is_the_clients_connection_error(
    server: Server, clients: Clients, client: str, spec: Spec
) -> None:
    """A connection reset while the body streams in: the client's own
    exception comes out of the response constructor (README, rule 25), and
    the retry helper treats it as a connection error (rule 20)."""
    broken = {"status": 502, "body": "<html>bad gateway</html>", RESET_MID_BODY: True}
    url = server.register(Scenario({"responses": [broken]}))
    with pytest.raises(Exception) as raised:
        fetch_with(client, clients, spec, url)
    assert not isinstance(raised.value, spec.pkg.APIError), raised.value
    assert spec.pkg.is_connection_error(raised.value), repr(raised.value)

    state = Scenario({"responses": [broken, {"status": 200, "body": "ok"}]})
    url = server.register(state)
    run = retry_runner(client, clients, spec, state, url, FETCH_TIMEOUT_S)
    retried = spec.catalog["retry_helper"]["connection_errors"] == "backoff"
    if retried:
        assert run(lambda: 0.5) == b"ok"
        assert state.calls == 2 and len(state.slept) == 1
    else:
        with pytest.raises(Exception) as again:
            run(lambda: 0.5)
        assert spec.pkg.is_connection_error(again.value), repr(again.value)
        assert (state.calls, state.slept) == (1, [])


@pytest.mark.parametrize("client", ["httpx-async-stream", "aiohttp"])
def test_an_unread_async_body_is_refused_by_the_sync_constructor(
    server: Server, clients: Clients, client: str, spec: Spec
) -> None:
    """`from_response` cannot await: on an async response whose body is not
    read it raises a TypeError naming `from_response_async`, which reads it."""
    vector = ISSUE_CASES[0].values[1]
    url = server.register(Scenario({"responses": [vector]}), chunked=True)

    async def read() -> tuple[str, Any]:
        if client == "aiohttp":
            async with clients.aiohttp.post(url) as ar:
                with pytest.raises(TypeError) as refused:
                    spec.pkg.from_response(ar)
                return str(refused.value), await spec.pkg.from_response_async(ar)
        async with clients.httpx_async.stream("GET", url) as r:
            with pytest.raises(TypeError) as refused:
                spec.pkg.from_response(r)
            return str(refused.value), await spec.pkg.from_response_async(r)

    message, err = clients.run(read())
    assert "from_response_async" in message and "from_parts(" in message, message
    assert err.status == vector["status"] and err.body == body_bytes(vector)


def retry_runner(
    client: str,
    clients: Clients,
    spec: Spec,
    state: Scenario,
    url: str,
    timeout: float,
    **options: Any,
) -> Callable[[Callable[[], float]], Any]:
    """A function that runs the client's retry helper over `url` (the
    scenario's refused attempts to a closed port) and returns its result;
    sleeps are recorded in `state`."""

    def target(headers: dict[str, str]) -> str:
        if state.peek().get("connection_error") == "refused":
            state.next_response(headers)
            return closed_port_url()
        return url

    def returned(result: Any) -> bytes:
        if isinstance(result, spec.pkg.APIError):
            raise result
        assert isinstance(result, bytes), result
        return result

    if client in SYNC_CLIENTS:

        def request(attempt: Any) -> bytes:
            headers = dict(attempt.headers)
            where = target(headers)
            result = fetch_sync(client, clients, spec, where, None, headers, timeout)
            return returned(result)

        def run(random: Callable[[], float]) -> Any:
            return spec.pkg.with_retries(
                request, sleep=state.sleep, **{"random": random, **options}
            )

        return run

    async def arequest(attempt: Any) -> bytes:
        headers = dict(attempt.headers)
        where = target(headers)
        result = await fetch_async(client, clients, spec, where, None, headers, timeout)
        return returned(result)

    async def asleep(seconds: float) -> None:
        state.sleep(seconds)

    def arun(random: Callable[[], float]) -> Any:
        helper: Callable[..., Coroutine[Any, Any, Any]] = spec.pkg.async_with_retries
        return clients.run(
            helper(arequest, sleep=asleep, **{"random": random, **options})
        )

    return arun


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(("spec", "scenario"), known(retry_params(), retry_ids()))
def test_retry_scenario_over_http(
    server: Server,
    clients: Clients,
    client: str,
    spec: Spec,
    scenario: dict[str, Any],
) -> None:
    """Every retry scenario through every client and its retry helper
    (`with_retries`, `async_with_retries` for the async clients)."""
    state = Scenario(scenario)
    url = server.register(state)
    failures = {r.get("connection_error") for r in scenario["responses"]}
    timeout = SHORT_TIMEOUT_S if "timeout" in failures else FETCH_TIMEOUT_S
    options = retry_options(scenario)
    random = options.pop("random")
    run = retry_runner(client, clients, spec, state, url, timeout, **options)
    outcome: Any
    try:
        outcome = run(random)
    except Exception as err:  # the package's error or a connection error
        outcome = err
    check_scenario(spec, scenario, state, outcome)
    check_sent_headers(scenario, state, exact=False)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
