"""The structured API's sample bodies (seed 003)."""

from __future__ import annotations

import json

import structured_errors as api


def envelope(code: str, message: str, **details: str) -> bytes:
    return json.dumps(
        {
            "success": False,
            "error": {"code": code, "message": message, "details": details},
            "meta": {
                "request_id": "req_1234567890",
                "timestamp": "2024-01-01T00:00:00Z",
            },
        }
    ).encode()


def test_field_specific_error() -> None:
    body = envelope(
        "PROMPT_TOO_LONG",
        "Prompt exceeds maximum length",
        field="prompt",
        issue="too long",
    )
    err = api.from_parts(400, {}, body)
    assert isinstance(err, api.BadRequestError)
    assert err.code is api.Code.PROMPT_TOO_LONG
    assert err.field == "prompt"
    assert err.context.issue == "too long"
    assert err.details == {"field": "prompt", "issue": "too long"}
    assert err.request_id == "req_1234567890"


def test_request_id_sample_without_details() -> None:
    body = b'{"error": {"code": "INVALID_REQUEST", "message": "The request was invalid"}, "meta": {"request_id": "req_1234567890"}}'
    err = api.from_parts(400, {}, body)
    assert err.code is api.Code.INVALID_REQUEST
    assert err.message == "The request was invalid"
    assert err.request_id == "req_1234567890"
    assert err.field is None


def test_every_status_of_the_page() -> None:
    expected = {
        401: api.AuthenticationError,
        403: api.APIPermissionError,
        404: api.NotFoundError,
        429: api.RateLimitError,
        500: api.ServerError,
        502: api.UnavailableError,
        503: api.UnavailableError,
    }
    for status, cls in expected.items():
        assert type(api.from_parts(status, {}, b"")) is cls


def test_field_from_the_definition_when_the_body_has_none() -> None:
    err = api.from_parts(400, {}, envelope("INVALID_TEMPERATURE", "bad temperature"))
    assert err.field == "temperature"
