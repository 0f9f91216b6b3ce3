"""Exchange's documented bodies (Binance-style numeric codes): a JSON
integer is the code, in decimal, named by the spec's `name`."""

from __future__ import annotations

from pathlib import Path

import exchange_errors as api

SAMPLES = Path(__file__).resolve().parents[5] / "tests" / "samples" / "exchange"


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.json").read_bytes()


def test_a_numeric_code_is_a_named_member() -> None:
    err = api.from_parts(400, {}, sample("400-bad-symbol"))
    assert isinstance(err, api.BadRequestError)
    assert err.code == "-1121"
    assert err.code is api.Code.BAD_SYMBOL
    assert int(err.code) == -1121
    assert err.message == "Invalid symbol."
    assert err.definition is not None and err.definition.numeric


def test_the_code_as_a_string_matches_too() -> None:
    err = api.from_parts(400, {}, b'{"code": "-1121", "msg": "Invalid symbol."}')
    assert err.code is api.Code.BAD_SYMBOL
    assert api.from_parts(400, {}, b'{"code": -1121.0}').code is api.Code.BAD_SYMBOL
    assert api.from_parts(400, {}, b'{"code": -1121.5}').code is None


def test_one_code_at_two_statuses() -> None:
    limited = api.from_parts(429, {"Retry-After": "3"}, sample("429-too-many-requests"))
    banned = api.from_parts(418, {"Retry-After": "120"}, sample("418-ip-banned"))
    assert limited.code is banned.code is api.Code.TOO_MANY_REQUESTS
    assert isinstance(limited, api.RateLimitError) and limited.retryable
    assert isinstance(banned, api.BannedError) and not banned.retryable
    assert limited.grpc_code is api.GrpcCode.RESOURCE_EXHAUSTED
    assert banned.grpc_code is api.GrpcCode.UNKNOWN
