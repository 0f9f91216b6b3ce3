"""CardPay's documented bodies (Stripe's two-level model): the class from
`type`, the code from `code`, and `decline_code` as a typed sub-code."""

from __future__ import annotations

import json
from pathlib import Path

import cardpay_errors as api

SAMPLES = Path(__file__).resolve().parents[5] / "tests" / "samples" / "cardpay"


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.json").read_bytes()


def test_card_declined_with_a_known_decline_code() -> None:
    err = api.from_parts(402, {"Request-Id": "req_1"}, sample("402-card-declined"))
    assert isinstance(err, api.CardError)
    assert err.code is api.Code.CARD_DECLINED
    assert err.decline_code == "insufficient_funds"
    assert err.decline_code is api.DeclineCode.INSUFFICIENT_FUNDS
    assert err.subcodes == {"decline_code": api.DeclineCode.INSUFFICIENT_FUNDS}
    assert err.message == "Your card has insufficient funds."
    assert err.request_id == "req_1"
    assert err.grpc_code is api.GrpcCode.UNKNOWN  # 402 is not in the mapping


def test_an_unknown_decline_code_is_kept_verbatim() -> None:
    body = {"error": {"type": "card_error", "code": "card_declined"}}
    body["error"]["decline_code"] = "new_reason_2099"
    err = api.from_parts(402, {}, json.dumps(body))
    assert err.decline_code == "new_reason_2099"
    assert not isinstance(err.decline_code, api.DeclineCode)
    del body["error"]["decline_code"]
    assert api.from_parts(402, {}, json.dumps(body)).decline_code is None
    body["error"]["decline_code"] = ""
    assert api.from_parts(402, {}, json.dumps(body)).subcodes == {}


def test_the_class_comes_from_type_without_a_code() -> None:
    # A codeless idempotency_error at 400 is still an idempotency error...
    err = api.from_parts(400, {}, sample("400-idempotency-error"))
    assert type(err) is api.IdempotencyError
    assert err.code is None
    assert err.retry_policy.policy == "never"
    # ...and an api_error at any status a server error, retried with backoff.
    err = api.from_parts(500, {}, sample("500-api-error"))
    assert type(err) is api.ServerError
    assert err.retryable
    # A known code's own class wins over the discriminator.
    body = b'{"error": {"type": "api_error", "code": "card_declined"}}'
    assert type(api.from_parts(402, {}, body)) is api.CardError


def test_param_is_the_field_and_details_the_error_object() -> None:
    err = api.from_parts(404, {}, sample("404-resource-missing"))
    assert isinstance(err, api.InvalidRequestError)
    assert err.code is api.Code.RESOURCE_MISSING
    assert err.field == "customer"
    assert err.details is not None and err.details["type"] == "invalid_request_error"
    assert err.grpc_code is api.GrpcCode.NOT_FOUND
    expired = api.from_parts(402, {}, sample("402-expired-card"))
    assert expired.field == "exp_month"
    assert expired.definition is not None
    assert expired.definition.grpc_code is api.GrpcCode.UNKNOWN


def test_decline_code_enum_is_documented() -> None:
    assert api.DeclineCode.FRAUDULENT.__doc__
    assert {m.value for m in api.DeclineCode} >= {"insufficient_funds", "lost_card"}
    assert str(api.DeclineCode.LOST_CARD) == "lost_card"
