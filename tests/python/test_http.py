"""The vectors end to end over real HTTP.

A `ThreadingHTTPServer` on 127.0.0.1 (an ephemeral port) serves every
vector as a real response (status, headers, body bytes) and every retry
scenario's responses in order; `urllib.request` fetches them (a 4xx/5xx
arrives as `urllib.error.HTTPError`) and `from_response` turns them into the
package's error. A scenario's connection errors happen for real: the server
resets the connection, ends the body early or answers too late, and a
refused connection goes to a port nobody listens on. The server is shut
down after the module, and by a timer should a run hang.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

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


class Server(ThreadingHTTPServer):
    """Serves, for each registered path, its responses in turn."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Scenario] = {}
        self.lock = threading.Lock()
        self.serial = 0

    def register(self, scenario: Scenario) -> str:
        """A fresh path that serves `scenario`'s responses in order."""
        with self.lock:
            self.serial += 1
            path = f"/r/{self.serial}"
            self.routes[path] = scenario
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        with self.server.lock:
            scenario = self.server.routes.get(self.path)
        sent = dict(self.headers.items())
        response = None if scenario is None else scenario.next_response(sent)
        if response is None:
            self.send_error(599, "no such route")
            return
        failure = response.get("connection_error")
        if failure is not None:
            self.fail(failure)
            return
        body = body_bytes(response)
        self.send_response(response["status"])
        for name, value in headers_of(response):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

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


# Straight to 127.0.0.1: no proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(
    spec: Spec,
    url: str,
    now: float | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = FETCH_TIMEOUT_S,
) -> Any:
    """GETs `url`: the body of a 2xx, else the package's error for it."""
    clock = None if now is None else (lambda: now)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            if 200 <= response.status < 300:
                return response.read()
            return spec.pkg.from_response(response, now=clock)
    except urllib.error.HTTPError as http_error:
        with http_error:
            return spec.pkg.from_response(http_error, now=clock)


@pytest.mark.parametrize(("spec", "vector"), known(vector_params(), vector_ids()))
def test_vector_over_http(server: Server, spec: Spec, vector: dict[str, Any]) -> None:
    url = server.register(Scenario({"responses": [vector]}))
    err = fetch(spec, url, now_of(vector))
    if 200 <= vector["status"] < 300:
        # urllib hands a 2xx over as a response, not an error: the caller
        # decides; from_response still gives the error the vector expects.
        with OPENER.open(url, timeout=FETCH_TIMEOUT_S) as response:
            err = spec.pkg.from_response(response)
    check(spec, err, vector)
    assert err.body == body_bytes(vector)
    for name in ["authorization", "cookie", "set-cookie", "x-api-key"]:
        assert name not in err.headers


@pytest.mark.parametrize(("spec", "scenario"), known(retry_params(), retry_ids()))
def test_retry_scenario_over_http(
    server: Server, spec: Spec, scenario: dict[str, Any]
) -> None:
    state = Scenario(scenario)
    url = server.register(state)
    failures = {r.get("connection_error") for r in scenario["responses"]}
    timeout = SHORT_TIMEOUT_S if "timeout" in failures else FETCH_TIMEOUT_S

    def request(attempt: Any) -> bytes:
        headers = dict(attempt.headers)
        if state.peek().get("connection_error") == "refused":
            state.next_response(headers)
            result = fetch(spec, closed_port_url(), headers=headers)
        else:
            result = fetch(spec, url, headers=headers, timeout=timeout)
        if isinstance(result, spec.pkg.APIError):
            raise result
        assert isinstance(result, bytes)
        return result

    outcome: Any
    try:
        outcome = spec.pkg.with_retries(
            request, sleep=state.sleep, **retry_options(scenario)
        )
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
