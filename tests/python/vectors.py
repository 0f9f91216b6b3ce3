"""The shared conformance vectors (`tests/vectors/*.json`) and how a Python
error is compared with one. `test_vectors.py` feeds them to `from_parts`,
`test_http.py` serves them over real HTTP; both check with `check`."""

from __future__ import annotations

import base64
import errno
import http.client
import json
import keyword
import re
import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from conftest import ROOT, SPECS, Spec

VECTOR_DIR = ROOT / "tests" / "vectors"

# Vectors this package disagrees with on purpose, by name, each with the
# reason (see the final report of wave 2).
KNOWN_FAILURES: dict[str, str] = {}

EXPECT_KEYS = {
    "class",
    "code",
    "known_code",
    "message",
    "request_id",
    "field",
    "retryable",
    "retry_after_ms",
    "context",
    # Issue 11's keys, each checked only when present.
    "items",
    "subcodes",
    "domain",
    "metadata",
    "grpc",
    # Issue 12's retry semantics (README, rule 22).
    "rate_limit",
}

GENERATED_KEY = "<generated uuid v4>"
"""A `sent_headers` value: the key the retry helper made for the call."""

UUID_V4 = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


@dataclass
class Vectors:
    """One spec's vector file, with the package it is checked against."""

    spec: Spec
    path: Path
    vectors: list[dict[str, Any]]
    retry: list[dict[str, Any]]
    templates: list[dict[str, Any]]
    documents: list[dict[str, Any]] = field(default_factory=list)


def _output_dir(spec_dir: str) -> Path:
    return (ROOT / spec_dir).parent / "generated"


def load_all() -> list[Vectors]:
    """Every vector file, matched to the package generated from its spec."""
    by_out = {s.out.resolve(): s for s in SPECS}
    found = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        spec = by_out[_output_dir(data["spec"]).resolve()]
        found.append(
            Vectors(
                spec,
                path,
                data["vectors"],
                data.get("retry", []),
                data.get("templates", []),
                data.get("documents", []),
            )
        )
    return found


ALL = load_all()


def body_bytes(item: dict[str, Any]) -> bytes:
    """The exact response body of a vector or a retry response."""
    if "body_base64" in item:
        return base64.b64decode(item["body_base64"])
    if "body_large" in item:
        large = item["body_large"]
        text = str(large["prefix"]) + str(large["repeat"]) * int(large["count"])
        text += str(large["suffix"])
        return text.encode("utf-8")
    return str(item.get("body", "")).encode("utf-8")


def headers_of(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(name), str(value)) for name, value in item.get("headers", [])]


def now_of(item: dict[str, Any]) -> float | None:
    """The clock (seconds) an HTTP-date Retry-After counts from, if given."""
    millis = item.get("now_unix_ms")
    return None if millis is None else millis / 1000


def rate_limit_of(err: Any) -> dict[str, Any] | None:
    limit = err.rate_limit
    if limit is None:
        return None
    return {
        "limit": limit.limit,
        "remaining": limit.remaining,
        "reset_ms": limit.reset_ms,
        "window_ms": limit.window_ms,
        "policy": limit.policy,
    }


def observed(err: Any) -> dict[str, Any]:
    """The error as the vectors describe one."""
    info = type(err).error_class
    return {
        "class": None if info is None else info.id,
        "code": None if err.code is None else str(err.code),
        "known_code": err.is_known_code,
        "message": err.message,
        "request_id": err.request_id,
        "field": err.field,
        "retryable": err.retryable,
        "retry_after_ms": err.retry_after_ms,
        "context": err.context.to_dict(),
        "items": [
            {
                "code": None if item.code is None else str(item.code),
                "known_code": item.is_known_code,
                "message": item.message,
                "field": item.field,
                "location": item.location,
            }
            for item in err.items
        ],
        "subcodes": {
            name: {"value": str(value), "known": isinstance(value, Enum)}
            for name, value in err.subcodes.items()
        },
        "domain": err.domain,
        "metadata": err.metadata,
        "grpc": err.grpc_code.name,
        "rate_limit": rate_limit_of(err),
    }


def every_field(err: Any) -> dict[str, Any]:
    """Everything an error holds, to compare a rebuilt error with its
    original (README, rule 23)."""
    return {
        **observed(err),
        "type": type(err),
        "status": err.status,
        "body": err.body,
        "json": err.json,
        "headers": err.headers,
        "details": err.details,
        "definition": err.definition,
        "retry_policy": err.retry_policy,
        "received_at_ms": err.received_at_ms,
        "code_object": err.code,
        "items_objects": err.items,
    }


def _same_json(a: Any, b: Any) -> bool:
    """JSON equality where numbers compare numerically (15 == 15.0) but a
    boolean is never a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def check(spec: Spec, err: Any, vector: dict[str, Any]) -> None:
    """Asserts every `expect` key of `vector` against `err`."""
    name = vector["name"]
    assert isinstance(err, spec.pkg.APIError), name
    assert err.status == vector["status"], name
    expect = vector["expect"]
    assert set(expect) <= EXPECT_KEYS, f"{name}: unknown expect keys"
    got = observed(err)
    for key, wanted in expect.items():
        if key == "context":
            assert set(got["context"]) == set(wanted), f"{name}: context {got}"
            for field, value in wanted.items():
                assert _same_json(got["context"][field], value), f"{name}: {field}"
        elif key == "rate_limit" and wanted is not None:
            assert got[key] is not None, f"{name}: no rate limit"
            absent = dict.fromkeys(got[key])
            assert got[key] == {**absent, **wanted}, f"{name}: {key} {got[key]}"
        elif key in ("items", "subcodes", "metadata"):
            # Compared whole, after a JSON round trip (the JSON's own types).
            assert json.loads(json.dumps(got[key])) == wanted, f"{name}: {key} {got}"
        elif isinstance(wanted, bool) or wanted is None:
            assert got[key] is wanted, f"{name}: {key} {got[key]!r} != {wanted!r}"
        else:
            assert got[key] == wanted, f"{name}: {key} {got[key]!r} != {wanted!r}"
        # Strings from the wire or the spec arrive byte for byte.
        if isinstance(wanted, str):
            assert got[key].encode("utf-8") == wanted.encode("utf-8"), name


def check_template(spec: Spec, case: dict[str, Any]) -> None:
    """Asserts a `templates` case through the by-code formatter (rule 19)."""
    got = spec.pkg.format_message(case["code"], case["status"], case["params"])
    assert got == case["message"], f"{case['code']}: {got!r}"
    # The error's typed formatter (`format_<name>`, keyword arguments named
    # like the context attributes) says the same.
    templated = [
        e for e in spec.errors() if e["code"] == case["code"] and e.get("params")
    ]
    if len(templated) == 1:
        snake = re.sub(r"[^0-9A-Za-z]+", "_", templated[0]["name"]).strip("_")
        formatter = getattr(spec.pkg, f"format_{snake.lower()}")
        kwargs = {
            (f"{k}_" if keyword.iskeyword(k) else k): v
            for k, v in case["params"].items()
        }
        assert formatter(**kwargs) == case["message"], case["code"]


def template_params() -> list[tuple[Spec, dict[str, Any]]]:
    return [(v.spec, case) for v in ALL for case in v.templates]


def template_ids() -> list[str]:
    return [
        f"{v.path.stem}: {case['code']} at {case['status']}"
        for v in ALL
        for case in v.templates
    ]


def vector_params() -> list[tuple[Spec, dict[str, Any]]]:
    return [(v.spec, vector) for v in ALL for vector in v.vectors]


def vector_ids() -> list[str]:
    return [f"{v.path.stem}: {vector['name']}" for v in ALL for vector in v.vectors]


def retry_params() -> list[tuple[Spec, dict[str, Any]]]:
    return [(v.spec, scenario) for v in ALL for scenario in v.retry]


def retry_ids() -> list[str]:
    return [f"{v.path.stem}: {s['name']}" for v in ALL for s in v.retry]


def document_params() -> list[tuple[Spec, dict[str, Any]]]:
    return [(v.spec, case) for v in ALL for case in v.documents]


def document_ids() -> list[str]:
    return [f"{v.path.stem}: {case['name']}" for v in ALL for case in v.documents]


def known(params: list[tuple[Spec, dict[str, Any]]], ids: list[str]) -> list[Any]:
    """`params` as pytest params, a known failure marked strict xfail."""
    import pytest

    return [
        pytest.param(
            *p,
            id=i,
            marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[p[1]["name"]], strict=True)]
            if p[1]["name"] in KNOWN_FAILURES
            else [],
        )
        for p, i in zip(params, ids)
    ]


def connection_error(kind: str) -> Exception:
    """The standard library's own error for a failure before any response."""
    if kind == "refused":
        return ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    if kind == "reset":
        return ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
    if kind == "eof":
        return http.client.IncompleteRead(b"{", 100)
    assert kind == "timeout", kind
    return TimeoutError("timed out")


class Scenario:
    """A retry scenario's responses, served in order; records every sleep
    and the headers of every attempt."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.responses = scenario["responses"]
        self.calls = 0
        self.slept: list[float] = []
        self.sent: list[dict[str, str]] = []
        self.lock = threading.Lock()

    def peek(self) -> dict[str, Any]:
        """The response the next attempt gets."""
        with self.lock:
            found: dict[str, Any] = self.responses[
                min(self.calls, len(self.responses) - 1)
            ]
            return found

    def next_response(self, headers: dict[str, str] | None = None) -> dict[str, Any]:
        with self.lock:
            response: dict[str, Any] = self.responses[
                min(self.calls, len(self.responses) - 1)
            ]
            self.calls += 1
            self.sent.append({k.lower(): v for k, v in (headers or {}).items()})
            return response

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def retry_options(scenario: dict[str, Any]) -> dict[str, Any]:
    """`with_retries`' keyword arguments for a scenario."""
    draw = float(scenario.get("random", 0.5))
    return {"random": lambda: draw, "idempotency_key": scenario.get("idempotency_key")}


def check_scenario(
    spec: Spec, scenario: dict[str, Any], state: Scenario, outcome: Any
) -> None:
    """Asserts attempts, delays and the result of a finished retry run."""
    name = scenario["name"]
    assert state.calls == scenario["attempts"], name
    assert [round(s * 1000) for s in state.slept] == scenario["delays_ms"], name
    if scenario["result"] == "ok":
        assert not isinstance(outcome, BaseException), f"{name}: {outcome!r}"
    elif scenario["result"] == "connection_error":
        assert not isinstance(outcome, spec.pkg.APIError), f"{name}: {outcome!r}"
        assert spec.pkg.is_connection_error(outcome), f"{name}: {outcome!r}"
    else:
        assert scenario["result"] == "error", name
        assert isinstance(outcome, spec.pkg.APIError), f"{name}: {outcome!r}"
        assert outcome.status == scenario["final_status"], name


def check_sent_headers(
    scenario: dict[str, Any], state: Scenario, exact: bool = True
) -> str | None:
    """Asserts `sent_headers` (one list of [name, value] per attempt), the
    attempt's headers exactly, or with `exact` false (a real request, which
    carries more) the listed ones; returns the generated key, if any."""
    name = scenario["name"]
    if "sent_headers" not in scenario:
        return None
    wanted_per_attempt = scenario["sent_headers"]
    assert len(state.sent) == len(wanted_per_attempt), name
    generated = None
    for sent, wanted_pairs in zip(state.sent, wanted_per_attempt):
        wanted = {str(k).lower(): str(v) for k, v in wanted_pairs}
        if exact:
            assert set(sent) == set(wanted), f"{name}: {sent}"
        for header, value in wanted.items():
            got = sent.get(header)
            assert got is not None, f"{name}: attempt without {header}: {sent}"
            if value == GENERATED_KEY:
                assert UUID_V4.fullmatch(got), f"{name}: {got!r} is no UUID v4"
                assert generated in (None, got), f"{name}: a new key per attempt"
                generated = got
            else:
                assert got == value, f"{name}: {header} {got!r}"
    return generated
