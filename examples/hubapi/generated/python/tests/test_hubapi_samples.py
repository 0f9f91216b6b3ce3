"""Hub API's documented bodies (GitHub's REST API): several errors per
response, codes recognised by message, rate limits as 403 or 429."""

from __future__ import annotations

from pathlib import Path

import hubapi_errors as api

SAMPLES = Path(__file__).resolve().parents[5] / "tests" / "samples" / "hubapi"
NOW = 1_700_000_000.0


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.json").read_bytes()


def test_the_first_item_gives_the_code() -> None:
    err = api.from_parts(422, {"X-Hub-Request-Id": "A1:B2"}, sample("422-two-items"))
    assert isinstance(err, api.ValidationError)
    assert err.code is api.Code.ALREADY_EXISTS
    assert err.message == "Validation Failed"
    assert err.request_id == "A1:B2"
    assert err.items == (
        api.ErrorItem(code=api.Code.ALREADY_EXISTS, field="name"),
        api.ErrorItem(
            code=api.Code.CUSTOM,
            message="color is not a valid hex color",
            field="color",
        ),
    )
    assert all(item.is_known_code for item in err.items)


def test_items_skip_non_objects_and_keep_unknown_codes() -> None:
    body = b'{"message": "Validation Failed", "errors": [1, {"code": "brand_new"}]}'
    err = api.from_parts(422, {}, body)
    assert err.items == (api.ErrorItem(code="brand_new"),)
    assert not err.items[0].is_known_code
    assert err.code == "brand_new"
    assert api.from_parts(422, {}, b'{"errors": "nope"}').items == ()
    assert api.from_parts(404, {}, sample("404-not-found")).items == ()


def test_a_403_with_no_remaining_requests_is_a_rate_limit() -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 42)}
    body = sample("403-primary-rate-limit")
    err = api.from_parts(403, headers, body, now=lambda: NOW)
    assert isinstance(err, api.RateLimitError)
    assert err.code is api.Code.PRIMARY_RATE_LIMIT
    assert err.definition is not None and err.definition.status == 403
    assert err.retry_after == 42.0  # x-ratelimit-reset, epoch seconds
    assert err.grpc_code is api.GrpcCode.RESOURCE_EXHAUSTED
    # Without the header condition an unrecognised 403 is just forbidden...
    assert type(api.from_parts(403, {}, b'{"message": "no"}')) is api.ForbiddenError
    # ...and with it, a rate limit even without a known message.
    limited = api.from_parts(403, {"X-RateLimit-Remaining": "0"}, b"{}")
    assert type(limited) is api.RateLimitError
    assert limited.grpc_code is api.GrpcCode.RESOURCE_EXHAUSTED


def test_reset_in_the_past_is_zero_and_retry_after_wins() -> None:
    past = {"x-ratelimit-reset": str(int(NOW) - 5)}
    assert api.from_parts(429, past, b"{}", now=lambda: NOW).retry_after == 0.0
    both = {"x-ratelimit-reset": str(int(NOW) + 90), "retry-after": "7"}
    assert api.from_parts(429, both, b"{}", now=lambda: NOW).retry_after == 7.0
    bad = {"x-ratelimit-reset": "-1"}
    assert api.from_parts(429, bad, b"{}", now=lambda: NOW).retry_after is None


def test_messages_recognise_codes() -> None:
    err = api.from_parts(401, {}, sample("401-bad-credentials"))
    assert err.code is api.Code.BAD_CREDENTIALS
    secondary = api.from_parts(429, {}, sample("429-secondary-rate-limit"))
    assert secondary.code is api.Code.SECONDARY_RATE_LIMIT
    assert isinstance(secondary, api.RateLimitError)
