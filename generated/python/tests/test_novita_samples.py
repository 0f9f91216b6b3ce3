"""Novita's own sample body (its "Common Error Codes" page)."""

from __future__ import annotations

import novita_errors as api


def test_invalid_api_key_sample() -> None:
    body = b'{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}'
    err = api.from_parts(403, {"x-request-id": "req_1"}, body)
    # The spec classes INVALID_API_KEY as an authentication problem at 403.
    assert isinstance(err, api.AuthenticationError)
    assert err.code is api.Code.INVALID_API_KEY
    assert err.message == "invalid api-key"
    assert err.request_id == "req_1"
    assert err.definition is not None and err.definition.status == 403
    assert not err.retryable


def test_status_repeated_under_code_is_not_the_code() -> None:
    err = api.from_parts(429, {}, b'{"code": 429, "message": "slow down"}')
    assert isinstance(err, api.RateLimitError)
    assert err.code is None
    assert err.retryable


def test_metadata_is_the_details_object() -> None:
    body = b'{"code":400,"reason":"INVALID_REQUEST_BODY","message":"bad","metadata":{"k":1}}'
    err = api.from_parts(400, {}, body)
    assert isinstance(err, api.BadRequestError)
    assert err.details == {"k": 1}
