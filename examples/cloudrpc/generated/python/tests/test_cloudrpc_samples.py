"""CloudRPC's documented bodies (Google AIP-193): the code, domain and
metadata from the ErrorInfo detail, the delay from RetryInfo, templates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cloudrpc_errors as api

SAMPLES = Path(__file__).resolve().parents[5] / "tests" / "samples" / "cloudrpc"


def sample(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text())
    return found


def test_error_info_gives_code_domain_and_metadata() -> None:
    body = sample("429-rate-limit-exceeded")
    err = api.from_parts(429, {}, json.dumps(body))
    assert isinstance(err, api.ResourceExhaustedError)
    assert err.code is api.Code.RATE_LIMIT_EXCEEDED
    assert err.domain == "cloudrpc.example"
    assert err.metadata["quota_limit_value"] == "600"
    assert err.context.quota_metric == "Queries"
    assert err.request_id == "7f1c2a9e"  # RequestInfo.requestId
    assert err.retry_after == 30.0  # RetryInfo.retryDelay "30s"
    assert err.grpc_code is api.GrpcCode.RESOURCE_EXHAUSTED


def test_retry_delay_is_a_duration() -> None:
    body = sample("429-rate-limit-exceeded")
    for delay, seconds in [("1.5s", 1.5), ("0s", 0.0), ("0.0001s", 0.0)]:
        body["error"]["details"][1]["retryDelay"] = delay
        assert api.from_parts(429, {}, json.dumps(body)).retry_after == seconds
    for bad in ["-1s", "30", "s", "1.5 s", 30]:
        body["error"]["details"][1]["retryDelay"] = bad
        assert api.from_parts(429, {}, json.dumps(body)).retry_after is None, bad


def test_metadata_keeps_string_members_only() -> None:
    body = sample("400-api-key-invalid")
    body["error"]["details"][0]["metadata"]["count"] = 3
    err = api.from_parts(400, {}, json.dumps(body))
    assert err.code is api.Code.API_KEY_INVALID
    assert err.metadata == {"service": "translate.cloudrpc.example"}
    assert err.domain == "googleapis.com"


def test_field_violations_are_items() -> None:
    err = api.from_parts(400, {}, json.dumps(sample("400-bad-request")))
    assert err.code is api.Code.REQUEST_INVALID
    assert [(i.field, i.message) for i in err.items] == [
        ("instance.name", "must match ^[a-z][-a-z0-9]*$"),
        ("instance.zone", "is required"),
    ]
    assert all(i.code is None for i in err.items)


def test_the_message_is_filled_in_from_metadata() -> None:
    body = sample("429-rate-limit-exceeded")
    del body["error"]["message"]
    del body["error"]["details"][0]["metadata"]["quota_limit"]
    err = api.from_parts(429, {}, json.dumps(body))
    assert err.message == (
        "Quota exceeded for quota metric 'Queries' and limit '<quota_limit>' of "
        "service 'storage.cloudrpc.example' for consumer 'projects/123'."
    )


def test_typed_formatters() -> None:
    text = api.format_model_unavailable(model="gemma-9", region="europe-west4")
    assert text == "Model gemma-9 is not available in europe-west4."
    assert api.format_message("MODEL_UNAVAILABLE", 404, {"model": "m"}) == (
        "Model m is not available in <region>."
    )
    assert api.format_message("MODEL_UNAVAILABLE", 500, {}) is None
    # One pass: a value that looks like a placeholder stays as it is.
    assert api.format_service_disabled(service="<consumer>", consumer="p") == (
        "<consumer> has not been used in project p before or it is disabled."
    )


def test_class_from_the_status_member_and_grpc_codes() -> None:
    body = {"error": {"code": 400, "status": "FAILED_PRECONDITION", "message": "x"}}
    err = api.from_parts(400, {}, json.dumps(body))
    assert type(err) is api.FailedPreconditionError
    assert err.grpc_code is api.GrpcCode.FAILED_PRECONDITION  # the class's own
    assert api.from_parts(409, {}, b"{}").grpc_code is api.GrpcCode.ABORTED
    expired = api.definitions("ACCESS_TOKEN_EXPIRED")[0]
    assert expired.grpc_code is api.GrpcCode.UNAUTHENTICATED
    assert api.definitions("ALREADY_EXISTS")[0].grpc_code == 6
