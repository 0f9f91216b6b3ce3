"""The shared conformance vectors (`tests/vectors/*.json`) and how a Python
error is compared with one. `test_vectors.py` feeds them to `from_parts`,
`test_http.py` serves them over real HTTP; both check with `check`."""

from __future__ import annotations

import base64
import json
import keyword
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from conftest import ROOT, SPECS, Spec

VECTOR_DIR = ROOT / "tests" / "vectors"

# Vectors this package disagrees with on purpose, by name, each with the
# reason (see the final report of wave 2). Empty: every vector passes.
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
}


@dataclass
class Vectors:
    """One spec's vector file, with the package it is checked against."""

    spec: Spec
    path: Path
    vectors: list[dict[str, Any]]
    retry: list[dict[str, Any]]
    templates: list[dict[str, Any]]


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


def observed(err: Any) -> dict[str, Any]:
    """The error as the vectors describe one."""
    info = type(err).error_class
    retry_after = err.retry_after
    return {
        "class": None if info is None else info.id,
        "code": None if err.code is None else str(err.code),
        "known_code": err.is_known_code,
        "message": err.message,
        "request_id": err.request_id,
        "field": err.field,
        "retryable": err.retryable,
        "retry_after_ms": None if retry_after is None else round(retry_after * 1000),
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


class Scenario:
    """A retry scenario's responses, served in order; records every sleep."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.responses = scenario["responses"]
        self.calls = 0
        self.slept: list[float] = []

    def next_response(self) -> dict[str, Any]:
        response: dict[str, Any] = self.responses[
            min(self.calls, len(self.responses) - 1)
        ]
        self.calls += 1
        return response

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def check_scenario(
    spec: Spec, scenario: dict[str, Any], state: Scenario, outcome: Any
) -> None:
    """Asserts attempts, delays and the result of a finished retry run."""
    name = scenario["name"]
    assert state.calls == scenario["attempts"], name
    assert [round(s * 1000) for s in state.slept] == scenario["delays_ms"], name
    if scenario["result"] == "ok":
        assert not isinstance(outcome, BaseException), f"{name}: {outcome!r}"
    else:
        assert scenario["result"] == "error", name
        assert isinstance(outcome, spec.pkg.APIError), f"{name}: {outcome!r}"
        assert outcome.status == scenario["final_status"], name
