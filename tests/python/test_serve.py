"""The server side of every package (`<package>.server`).

`conformance/serve.json` (computed by the engine from each spec): every
case's builder makes exactly the expected status, headers and body bytes,
and `from_parts` reads every expected response into the expected result.
Then every builder, with sample values and with random ones (hypothesis),
makes a response that `from_parts` parses into the same code, status,
message, request id, context fields and retry delay.
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SPECS, Spec
from vectors import check

MAX_SAFE = 2**53 - 1


def server_of(spec: Spec) -> ModuleType:
    return importlib.import_module(f"{spec.pkg.__name__}.server")


def builders() -> list[tuple[Spec, str, int]]:
    return [
        (spec, code, status)
        for spec in SPECS
        for (code, status) in server_of(spec).BUILDERS
    ]


def builder_ids() -> list[str]:
    return [
        f"{s.catalog['api']['id']}-{code}-{status}" for s, code, status in builders()
    ]


def field_type(spec: Spec, name: str) -> str:
    found: str = next(f["type"] for f in spec.catalog["fields"] if f["name"] == name)
    return found


def code_text(err: Any) -> str | None:
    code = err.code
    return None if code is None else str(getattr(code, "value", code))


def expected_message(
    spec: Spec, definition: dict[str, Any], args: dict[str, Any]
) -> str:
    """Rule 6 and 19: the definition's message, its template filled; for a
    code-less envelope the text the builder sends is the one matching reads."""
    params = {p: args[p] for p in definition.get("params", [])}
    filled: str = spec.pkg._template.fill(definition["message"], params)
    return filled


def check_round_trip(
    spec: Spec,
    code: str,
    status: int,
    fields: dict[str, Any],
    request_id: str | None,
    retry_delay: float | None,
) -> None:
    server = server_of(spec)
    build: Callable[..., Any] = server.BUILDERS[(code, status)]
    parameters = inspect.signature(build).parameters
    kwargs: dict[str, Any] = {server.ARGUMENTS[f]: v for f, v in fields.items()}
    if "request_id" in parameters:
        kwargs["request_id"] = request_id
    if retry_delay is not None:
        kwargs["retry_delay"] = retry_delay
    response = build(**kwargs)
    assert isinstance(response, server.ErrorResponse)
    assert response.status == status
    assert response.headers[0][0] == "content-type"
    json.loads(response.body)  # valid JSON, whatever the text
    err = spec.pkg.from_parts(response.status, response.headers, response.body)
    definition = spec.definition(code, status)
    assert definition is not None
    assert code_text(err) == code
    assert err.status == status
    if spec.envelope.get("code") or (spec.envelope.get("items") or {}).get("code"):
        assert err.message == expected_message(spec, definition, fields)
    if "request_id" in parameters:
        assert err.request_id == request_id
    if spec.envelope.get("context") is not None:
        assert err.context.to_dict() == fields
    delay = retry_delay
    if delay is None and definition["retry"]["policy"] == "retry_after":
        delay = definition["retry"]["initial_delay_ms"] / 1000
    if delay is not None:
        # Whole seconds, rounded up, read back as sent (rules 10 and 24).
        assert err.retry_after == math.ceil(delay)


def serve_cases() -> list[tuple[Spec, dict[str, Any]]]:
    found: list[tuple[Spec, dict[str, Any]]] = []
    for spec in SPECS:
        path = spec.out / "conformance" / "serve.json"
        found.extend(
            (spec, case) for case in json.loads(path.read_text("utf-8"))["cases"]
        )
    return found


SERVE_CASES = serve_cases()
SERVE_IDS = [f"{s.catalog['api']['id']}: {c['name']}" for s, c in SERVE_CASES]


def test_every_package_has_serve_cases() -> None:
    assert {s.catalog["api"]["id"] for s, _ in SERVE_CASES} == {
        s.catalog["api"]["id"] for s in SPECS
    }


@pytest.mark.parametrize(("spec", "case"), SERVE_CASES, ids=SERVE_IDS)
def test_serve_case_builds_exactly(spec: Spec, case: dict[str, Any]) -> None:
    server = server_of(spec)
    key = (str(case["code"]), case["status"])
    kwargs: dict[str, Any] = {
        server.ARGUMENTS[name]: value
        for name, value in {**case["params"], **case["context"]}.items()
    }
    if case["request_id"] is not None:
        kwargs["request_id"] = case["request_id"]
    if case["retry_after_ms"] is not None:
        kwargs["retry_delay"] = case["retry_after_ms"] / 1000
    response = server.BUILDERS[key](**kwargs)
    wanted = case["response"]
    assert response.status == wanted["status"]
    assert [list(h) for h in response.headers] == wanted["headers"]
    assert response.body == wanted["body"].encode("utf-8")


@pytest.mark.parametrize(("spec", "case"), SERVE_CASES, ids=SERVE_IDS)
def test_serve_case_parses_back(spec: Spec, case: dict[str, Any]) -> None:
    response = case["response"]
    err = spec.pkg.from_parts(
        response["status"],
        [tuple(h) for h in response["headers"]],
        response["body"].encode("utf-8"),
    )
    check(
        spec,
        err,
        {"name": case["name"], "status": response["status"], "expect": case["expect"]},
    )


SAMPLES = {"string": 'a "q" \\ \n é \u2028 😀', "integer": -42, "boolean": True}


def sample_fields(spec: Spec, definition: dict[str, Any]) -> dict[str, Any]:
    if spec.envelope.get("context") is None:
        return {p: "x" for p in definition.get("params", [])}
    return {f: SAMPLES.get(field_type(spec, f), 1.5) for f in definition["fields"]}


@pytest.mark.parametrize(("spec", "code", "status"), builders(), ids=builder_ids())
def test_builder_round_trip(spec: Spec, code: str, status: int) -> None:
    definition = spec.definition(code, status)
    assert definition is not None
    check_round_trip(spec, code, status, sample_fields(spec, definition), "req_1", None)
    params = sample_fields(spec, definition)
    required = {p: params[p] for p in definition.get("params", [])}
    check_round_trip(spec, code, status, required, None, 2.5)


def test_every_listed_error_has_a_builder_or_is_codeless() -> None:
    for spec in SPECS:
        table = server_of(spec).BUILDERS
        for error in spec.errors():
            if spec.envelope.get("code") or (spec.envelope.get("items") or {}).get(
                "code"
            ):
                assert (error["code"], error["status"]) in table, error["code"]


def test_custom_sends_any_code() -> None:
    for spec in SPECS:
        server = server_of(spec)
        if not spec.envelope.get("code"):
            continue
        response = server.custom(499, "NOT_IN_THE_CATALOG", "made up")
        err = spec.pkg.from_parts(response.status, response.headers, response.body)
        assert code_text(err) == "NOT_IN_THE_CATALOG" and err.message == "made up"
        assert err.status == 499


def test_canonical_json_escapes_only_what_the_rule_says() -> None:
    serve = importlib.import_module(f"{SPECS[0].pkg.__name__}._serve")
    text = 'q" b\\ \b\f\n\r\t \x00\x1f\x7f / é \u2028\u2029 <>& 😀'
    body = serve.canonical_json({"k": text, "n": [1, -2, True, False, None]})
    assert body == (
        b'{"k":"q\\" b\\\\ \\b\\f\\n\\r\\t \\u0000\\u001f\x7f / '
        + "é \u2028\u2029 <>& 😀".encode()
        + b'","n":[1,-2,true,false,null]}'
    )
    assert json.loads(body) == {"k": text, "n": [1, -2, True, False, None]}


# Request ids as rule 7 reads them back: one trimmed item, no comma.
request_ids = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=","),
    min_size=1,
    max_size=30,
)


def value_of(kind: str) -> st.SearchStrategy[Any]:
    if kind == "integer":
        return st.integers(-MAX_SAFE, MAX_SAFE)
    if kind == "boolean":
        return st.booleans()
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    return st.text(max_size=20)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Spec, str, int, dict[str, Any], str | None]:
    spec, code, status = draw(st.sampled_from(builders()))
    definition = spec.definition(code, status)
    assert definition is not None
    fields: dict[str, Any] = {}
    if spec.envelope.get("context") is None:
        fields = {p: draw(st.text(max_size=20)) for p in definition.get("params", [])}
    else:
        for f in definition["fields"]:
            if f in definition.get("params", []) or draw(st.booleans()):
                fields[f] = draw(value_of(field_type(spec, f)))
    return spec, code, status, fields, draw(request_ids | st.none())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.none() | st.floats(0, 100_000))
def test_random_round_trip(
    case: tuple[Spec, str, int, dict[str, Any], str | None], delay: float | None
) -> None:
    spec, code, status, fields, request_id = case
    definition = spec.definition(code, status)
    assert definition is not None
    message = expected_message(spec, definition, fields)
    if not message.strip():
        return  # an empty message is no message (rule 6)
    check_round_trip(spec, code, status, fields, request_id, delay)


def test_every_case_served_over_http_parses_back() -> None:
    """The client half of the cross-language check (xtask's serve suite):
    with ERRCAT_SERVE_URL set, every case of the spec ERRCAT_SERVE_SPEC,
    served there by another language's server side at `/<i>`, is fetched
    with urllib and must read back as expected."""
    url, wanted = (
        os.environ.get("ERRCAT_SERVE_URL"),
        os.environ.get("ERRCAT_SERVE_SPEC"),
    )
    if not url or not wanted:
        pytest.skip("ERRCAT_SERVE_URL and ERRCAT_SERVE_SPEC are not set")
    found = [
        spec
        for spec in SPECS
        if json.loads((spec.out / "conformance" / "serve.json").read_text("utf-8"))[
            "spec"
        ]
        == wanted
    ]
    assert len(found) == 1, wanted
    spec = found[0]
    cases = [c for s, c in SERVE_CASES if s is spec]
    assert cases
    for i, case in enumerate(cases):
        try:
            with urllib.request.urlopen(f"{url}/{i}", timeout=10) as r:
                err = spec.pkg.from_response(r)
        except urllib.error.HTTPError as http_error:
            err = spec.pkg.from_response(http_error)
        status = case["response"]["status"]
        check(
            spec,
            err,
            {"name": case["name"], "status": status, "expect": case["expect"]},
        )
