"""Problem Shop's documented bodies (RFC 9457): the type URI is the code,
`about:blank` is no code, extension members are the context."""

from __future__ import annotations

import json
from pathlib import Path

import problems_errors as api

SAMPLES = Path(__file__).resolve().parents[5] / "tests" / "samples" / "problems"


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.json").read_bytes()


def test_type_uri_is_the_code_with_a_good_name() -> None:
    err = api.from_parts(403, {}, sample("403-out-of-credit"))
    assert isinstance(err, api.ForbiddenError)
    assert err.code == "https://api.shop.example/problems/out-of-credit"
    assert err.code is api.Code.OUT_OF_CREDIT
    assert err.message == "Your current balance is 30, but that costs 50."
    assert (err.context.balance, err.context.cost) == (30, 50)
    assert err.request_id == "/account/12345/msgs/abc"  # the problem's instance


def test_about_blank_is_no_code() -> None:
    err = api.from_parts(404, {}, sample("404-about-blank"))
    assert type(err) is api.NotFoundError
    assert err.code is None
    assert err.message == "Not Found"  # the problem's title
    assert err.grpc_code is api.GrpcCode.NOT_FOUND


def test_validation_errors_are_items_with_pointers() -> None:
    err = api.from_parts(422, {}, sample("422-validation-error"))
    assert err.code is api.Code.VALIDATION_ERROR
    assert [(i.message, i.location) for i in err.items] == [
        ("must be a positive integer", "#/age"),
        ("must be 'green', 'red' or 'blue'", "#/profile/color"),
    ]


def test_the_template_message_from_the_extension_members() -> None:
    body = json.loads(sample("403-out-of-credit"))
    del body["detail"], body["title"]
    err = api.from_parts(403, {}, json.dumps(body))
    assert err.message == "Your current balance is 30, but that costs 50."
    assert api.format_out_of_credit(balance=30, cost=50) == err.message
    del body["cost"]
    err = api.from_parts(403, {}, json.dumps(body))
    assert err.message == "Your current balance is 30, but that costs <cost>."
