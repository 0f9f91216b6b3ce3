"""The shared conformance vectors, fed to `from_parts` and `with_retries`.

Every vector of `tests/vectors/<api>.json` is checked, every `expect` key,
against the package generated from that file's spec, and rebuilt from its
error document; every retry scenario runs through the package's own
`with_retries` and `async_with_retries` with the scenario's random (0.5
unless it says) and a sleep that only records, its connection errors raised
as the standard library's;
every document case is written and read back.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from conftest import SPECS, Spec
from vectors import (
    ALL,
    Scenario,
    body_bytes,
    check,
    check_scenario,
    check_sent_headers,
    check_template,
    connection_error,
    document_ids,
    document_params,
    every_field,
    headers_of,
    known,
    now_of,
    retry_ids,
    retry_options,
    retry_params,
    template_ids,
    template_params,
    vector_ids,
    vector_params,
)


def test_every_package_has_vectors() -> None:
    covered = {v.spec.catalog["api"]["id"] for v in ALL}
    assert covered == {s.catalog["api"]["id"] for s in SPECS}
    assert all(v.vectors for v in ALL)


@pytest.mark.parametrize(("spec", "vector"), known(vector_params(), vector_ids()))
def test_vector(spec: Spec, vector: dict[str, Any]) -> None:
    now = now_of(vector)
    err = spec.pkg.from_parts(
        vector["status"],
        headers_of(vector),
        body_bytes(vector),
        now=None if now is None else (lambda: now),
    )
    check(spec, err, vector)
    # Rule 23: the error's document rebuilds the same error.
    rebuilt = spec.pkg.APIError.from_json(err.to_json())
    assert every_field(rebuilt) == every_field(err), vector["name"]
    check(spec, rebuilt, vector)


@pytest.mark.parametrize(("spec", "case"), template_params(), ids=template_ids())
def test_template(spec: Spec, case: dict[str, Any]) -> None:
    check_template(spec, case)


def test_every_templated_error_has_a_template_case() -> None:
    """Each templated error of a spec with template cases is covered."""
    for v in ALL:
        if not v.templates:
            continue
        covered = {(c["code"], c["status"]) for c in v.templates}
        for error in v.spec.errors():
            if error.get("params"):
                assert (error["code"], error["status"]) in covered, error["code"]


def run_scenario(spec: Spec, scenario: dict[str, Any], helper: str) -> Scenario:
    """Runs a retry scenario in process through `helper` (`with_retries` or
    `async_with_retries`) and checks its outcome."""
    state = Scenario(scenario)

    def request(attempt: Any) -> bytes:
        assert attempt.number == state.calls + 1
        response = state.next_response(dict(attempt.headers))
        if "connection_error" in response:
            raise connection_error(response["connection_error"])
        body = body_bytes(response)
        if 200 <= response["status"] < 300:
            return body
        raise spec.pkg.from_parts(response["status"], headers_of(response), body)

    async def arequest(attempt: Any) -> bytes:
        await asyncio.sleep(0)
        return request(attempt)

    async def asleep(seconds: float) -> None:
        state.sleep(seconds)

    outcome: Any
    try:
        if helper == "with_retries":
            outcome = spec.pkg.with_retries(
                request, sleep=state.sleep, **retry_options(scenario)
            )
        else:
            assert helper == "async_with_retries", helper
            outcome = asyncio.run(
                spec.pkg.async_with_retries(
                    arequest, sleep=asleep, **retry_options(scenario)
                )
            )
    except Exception as err:  # the package's error or a connection error
        outcome = err
    check_scenario(spec, scenario, state, outcome)
    return state


@pytest.mark.parametrize("helper", ["with_retries", "async_with_retries"])
@pytest.mark.parametrize(("spec", "scenario"), known(retry_params(), retry_ids()))
def test_retry_scenario(spec: Spec, scenario: dict[str, Any], helper: str) -> None:
    first = check_sent_headers(scenario, run_scenario(spec, scenario, helper))
    if first is not None:
        # Rule 21: each call makes its own key.
        second = check_sent_headers(scenario, run_scenario(spec, scenario, helper))
        assert second is not None and second != first, scenario["name"]


@pytest.mark.parametrize(("spec", "case"), document_params(), ids=document_ids())
def test_document(spec: Spec, case: dict[str, Any]) -> None:
    """Rule 23: the package writes exactly the document and reads it back."""
    now = now_of(case)
    err = spec.pkg.from_parts(
        case["status"],
        headers_of(case),
        body_bytes(case),
        now=None if now is None else (lambda: now),
    )
    assert err.to_dict() == case["document"]
    assert json.loads(err.to_json()) == case["document"]
    rebuilt = spec.pkg.APIError.from_json(json.dumps(case["document"]))
    expect = {"name": case["name"], "status": case["status"], "expect": case["expect"]}
    check(spec, rebuilt, expect)
    assert every_field(rebuilt) == every_field(err), case["name"]
    assert spec.pkg.APIError.from_dict(case["document"]).to_dict() == case["document"]
