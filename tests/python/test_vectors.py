"""The shared conformance vectors, fed to `from_parts` and `with_retries`.

Every vector of `tests/vectors/<api>.json` is checked, every `expect` key,
against the package generated from that file's spec; every retry scenario
runs through the package's own `with_retries` with random fixed at 0.5 and
a sleep that only records.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import SPECS, Spec
from vectors import (
    ALL,
    Scenario,
    body_bytes,
    check,
    check_scenario,
    check_template,
    headers_of,
    known,
    now_of,
    retry_ids,
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


@pytest.mark.parametrize(("spec", "scenario"), known(retry_params(), retry_ids()))
def test_retry_scenario(spec: Spec, scenario: dict[str, Any]) -> None:
    state = Scenario(scenario)

    def request() -> bytes:
        response = state.next_response()
        body = body_bytes(response)
        if 200 <= response["status"] < 300:
            return body
        raise spec.pkg.from_parts(response["status"], headers_of(response), body)

    outcome: Any
    try:
        outcome = spec.pkg.with_retries(request, sleep=state.sleep, random=lambda: 0.5)
    except spec.pkg.APIError as err:
        outcome = err
    check_scenario(spec, scenario, state, outcome)
