import pytest

import novita_sdk
from novita_sdk import _errors


def test_failed_calls_raise_the_vendored_error_types() -> None:
    novita_sdk.check(200, {}, b"{}")
    body = b'{"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}'
    with pytest.raises(novita_sdk.RateLimitError) as raised:
        novita_sdk.check(429, {"Retry-After": "1"}, body)
    assert raised.value.code == _errors.Code.RATE_LIMIT_EXCEEDED
    assert raised.value.retry_after == 1.0
    with pytest.raises(novita_sdk.APIError):
        novita_sdk.check(502, {}, b"<html>bad gateway</html>")


def test_the_module_is_inside_the_sdk() -> None:
    assert _errors.__name__ == "novita_sdk._errors"
    assert _errors.APIError.__module__.startswith("novita_sdk._errors.")
