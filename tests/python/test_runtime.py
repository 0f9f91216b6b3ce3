"""README "Runtime semantics", checked against every spec's package.

Expectations come from each output directory's catalog.json (see conftest),
so the same tests hold for Novita, the structured API and NovaKit alike.
"""

from __future__ import annotations

import dataclasses
import email.utils
import enum
import io
import math
import pickle
import urllib.error
from typing import Any

import pytest

from conftest import SPECS, Spec
from helpers import body_for, body_for_error, duplicate_keys

NOW = 1_700_000_000.0
CREDENTIALS = {
    "Authorization": "Bearer sk_secret_1",
    "Proxy-Authorization": "Basic c2VjcmV0",
    "Cookie": "session=secret_2",
    "Set-Cookie": "session=secret_3",
    "X-Api-Key": "secret_4",
}


def test_every_output_dir_was_found() -> None:
    names = {s.catalog["api"]["id"] for s in SPECS}
    assert {"novita", "structured", "novakit", "hostile"} <= names


def class_id(err: Any) -> str | None:
    info = type(err).error_class
    return None if info is None else str(info.id)


def test_every_class_from_its_status(spec: Spec) -> None:
    checked = 0
    for klass in spec.catalog["classes"]:
        for status in klass["statuses"]:
            err = spec.pkg.from_parts(status, {}, b"")
            assert isinstance(err, spec.pkg.APIError)
            assert class_id(err) == klass["id"]
            assert err.message == klass["title"]  # rule 6, no body
            assert err.status == status
            assert err.code is None
            checked += 1
    assert checked == sum(len(c["statuses"]) for c in spec.catalog["classes"])


@pytest.mark.parametrize("status", [418, 499, 451, 599, 520, 200, 302, 0, 999])
def test_statuses_nobody_lists(spec: Spec, status: int) -> None:
    err = spec.pkg.from_parts(status, None, None)
    assert class_id(err) == spec.class_for_status(status)
    expected = spec.class_for_status(status)
    if expected is None:
        assert type(err) is spec.pkg.APIError
        assert err.message == f"HTTP {status}"
        assert err.retry_policy.policy == "never"


def test_every_code_of_the_first_domain(spec: Spec) -> None:
    domain = spec.catalog["domains"][0]
    assert domain["errors"]
    for error in domain["errors"]:
        body, message = body_for_error(spec, error)
        err = spec.pkg.from_parts(error["status"], {}, body)
        definition = spec.definition(error["code"], error["status"])
        assert definition is not None
        assert err.code == error["code"]
        assert isinstance(err.code, spec.pkg.Code)
        assert err.is_known_code
        assert err.message == message
        assert class_id(err) == definition["class"]
        assert err.definition.domain == definition["domain"]
        assert err.definition.description == definition["description"]
        assert err.definition.remedy == definition.get("remedy")
        assert err.retry_policy.policy == definition["retry"]["policy"]
        assert err.retry_policy.max_attempts == definition["retry"]["max_attempts"]
        assert err.retryable == (definition["retry"]["policy"] != "never")
        assert err.field == definition.get("field")


def test_code_enum_and_definitions_cover_the_catalog(spec: Spec) -> None:
    codes = list(spec.catalog["codes"])
    assert sorted(member.value for member in spec.pkg.Code) == sorted(codes)
    for error in spec.errors():
        defs = spec.pkg.definitions(error["code"])
        assert any(
            d.domain == error["domain"] and d.status == error["status"] for d in defs
        )
        assert spec.pkg.Code(error["code"]) == error["code"]
        assert str(spec.pkg.Code(error["code"])) == error["code"]
    assert spec.pkg.definitions("NO_SUCH_CODE_ANYWHERE") == ()


def test_docstrings_on_every_public_name(spec: Spec) -> None:
    for name in spec.pkg.__all__:
        value = getattr(spec.pkg, name)
        if isinstance(value, type) or callable(value):
            assert value.__doc__, name


def test_unknown_code_is_kept_verbatim(spec: Spec) -> None:
    if spec.envelope.get("code") is None:
        err = spec.pkg.from_parts(400, {}, body_for(spec, message="a brand new error"))
        assert err.code is None
        assert err.message == "a brand new error"
    else:
        body = body_for(spec, code="SHINY_NEW_CODE_2099", message="new")
        err = spec.pkg.from_parts(429, {}, body)
        assert err.code == "SHINY_NEW_CODE_2099"
        assert not isinstance(err.code, spec.pkg.Code)
        assert not err.is_known_code
        assert err.definition is None
        assert class_id(err) == spec.class_for_status(429)
        assert err.message == "new"
    assert isinstance(err, spec.pkg.APIError)


GARBAGE: list[tuple[int, bytes | str | None]] = [
    (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    (503, b""),
    (503, None),
    (500, b"   \n\t "),
    (500, b"\xff\xfe\x00garbage\x80"),
    (400, b"[1, 2, 3]"),
    (400, b'"just a string"'),
    (400, b"null"),
    (400, b"12"),
    (400, b'{"unterminated": '),
    (400, b'{"a": NaN}'),
    (400, b"[" * 100_000),
    (400, b"1" * 10_000),
    (413, b"x" * 5_000_000),
    (400, "text body \u202e\U0001f600"),
]


@pytest.mark.parametrize(("status", "body"), GARBAGE)
def test_garbage_bodies_still_give_an_error(
    spec: Spec, status: int, body: bytes | str | None
) -> None:
    err = spec.pkg.from_parts(status, {"content-type": "text/html"}, body)
    assert isinstance(err, spec.pkg.APIError)
    assert err.status == status
    assert err.code is None
    expected_class = spec.class_for_status(status)
    assert class_id(err) == expected_class
    title = spec.klass(expected_class)["title"] if expected_class else None
    assert err.message == (title or f"HTTP {status}")
    raw = body.encode() if isinstance(body, str) else (body or b"")
    assert err.body == raw
    assert isinstance(err.text, str)


def test_code_of_the_wrong_type_and_null_message(spec: Spec) -> None:
    if spec.envelope.get("code") is not None:
        # Rule 3: a string, or an integer within 2^53-1 read in decimal.
        wrongs: list[Any] = [4.5, True, None, [], {}, 2**53, -(2**53)]
        for wrong in wrongs:
            body = body_for(spec, code=wrong, message=None)
            assert spec.pkg.from_parts(400, {}, body).code is None, wrong
        safe = 2**53 - 1
        for number, text in [(403, "403"), (-1121, "-1121"), (safe, str(safe))]:
            body = body_for(spec, code=number, message=None)
            assert spec.pkg.from_parts(400, {}, body).code == text
    err = spec.pkg.from_parts(400, {}, body_for(spec, message=None))
    assert err.message == spec.klass(spec.class_for_status(400) or "")["title"]
    err = spec.pkg.from_parts(400, {}, body_for(spec, message=["not", "a", "str"]))
    assert isinstance(err.message, str)


def test_duplicate_keys_last_wins(spec: Spec) -> None:
    message_at = spec.envelope["message"][0]
    err = spec.pkg.from_parts(400, {}, duplicate_keys(message_at, "first", "last"))
    assert err.message == "last"
    code_at = spec.envelope.get("code")
    if code_at is not None and not code_at.startswith("@"):
        known = spec.errors()[0]["code"]
        err = spec.pkg.from_parts(400, {}, duplicate_keys(code_at, "NOPE", known))
        assert err.code == known


def test_huge_json_body(spec: Spec) -> None:
    message = "m" * 5_000_000
    err = spec.pkg.from_parts(500, {}, body_for(spec, message=message))
    assert err.message == message
    assert len(err.body) > 5_000_000


def rate_limited(spec: Spec) -> int:
    """A status whose class retries per Retry-After (skips a spec without)."""
    for klass in spec.catalog["classes"]:
        if klass["retry"]["policy"] == "retry_after" and klass["statuses"]:
            return int(klass["statuses"][0])
    assert spec.catalog["api"]["id"] == "cardpay", "only CardPay has none"
    pytest.skip("no class of this spec retries per Retry-After")


def max_retry_after(spec: Spec, status: int) -> float:
    klass = spec.klass(spec.class_for_status(status) or "")
    return float(klass["retry"]["max_retry_after_ms"]) / 1000


def retry_after(spec: Spec, value: str) -> float | None:
    status = rate_limited(spec)
    header = spec.envelope["headers"]["retry_after"]
    err = spec.pkg.from_parts(status, {header: value}, b"", now=lambda: NOW)
    result: float | None = err.retry_after
    return result


def test_retry_after_seconds(spec: Spec) -> None:
    # Rule 10: the server's ask as it is, never shortened.
    assert retry_after(spec, "7") == 7.0
    assert retry_after(spec, " 0 ") == 0.0
    assert retry_after(spec, "0.5") == 0.5
    assert retry_after(spec, "1.5") == 1.5
    err = spec.pkg.from_parts(
        rate_limited(spec), {spec.envelope["headers"]["retry_after"]: "4.3219"}, b""
    )
    assert err.retry_after_ms == 4321  # a fraction of a millisecond rounds down


def test_retry_after_http_date(spec: Spec) -> None:
    future = email.utils.formatdate(NOW + 12, usegmt=True)
    assert retry_after(spec, future) == 12.0
    past = email.utils.formatdate(NOW - 100, usegmt=True)
    assert retry_after(spec, past) == 0.0


def test_retry_after_negative_malformed_and_huge(spec: Spec) -> None:
    for bad in ["-5", "soon", "", "1e3", "inf", "nan", "Mon, 99 Foo 2024"]:
        assert retry_after(spec, bad) is None, bad
    assert retry_after(spec, "999999999") == 999999999.0
    far = email.utils.formatdate(NOW + 10**7, usegmt=True)
    assert retry_after(spec, far) == 10.0**7
    status = rate_limited(spec)
    header = spec.envelope["headers"]["retry_after"]
    huge = spec.pkg.from_parts(status, {header: "9" * 30}, b"")
    assert huge.retry_after_ms == 2**53 - 1


def test_longer_waits_give_up_or_clamp(spec: Spec) -> None:
    """Rules 12 and 13: an ask beyond max_retry_after_ms is never waited
    short; `give_up` returns the error at once, `clamp` waits the bound."""
    status = rate_limited(spec)
    header = spec.envelope["headers"]["retry_after"]
    limit = max_retry_after(spec, status)
    within = spec.pkg.from_parts(status, {header: str(limit)}, b"")
    assert within.retry_delay(1) == limit
    longer = spec.pkg.from_parts(status, {header: str(limit + 1)}, b"")
    assert longer.retry_after == limit + 1
    for longer_wait, expected in [("give_up", None), ("clamp", limit)]:
        policy = dataclasses.replace(longer.retry_policy, longer_wait=longer_wait)
        longer.retry_policy = policy
        assert longer.retry_delay(1) == expected, longer_wait
        slept: list[float] = []
        request = Flaky([longer])
        if expected is None:
            with pytest.raises(spec.pkg.APIError):
                spec.pkg.with_retries(request, sleep=slept.append)
            assert (request.calls, slept) == (1, [])
        else:
            assert spec.pkg.with_retries(request, sleep=slept.append) == "ok"
            assert (request.calls, slept) == (2, [limit])


def test_retry_after_from_the_body(spec: Spec) -> None:
    pointer = spec.envelope.get("retry_after")
    if pointer is None:
        pytest.skip("this spec's bodies carry no retry delay")
    status = rate_limited(spec)
    body = body_for(spec, message="slow down", extra={pointer: 30})
    assert spec.pkg.from_parts(status, {}, body).retry_after == 30.0
    header = spec.envelope["headers"]["retry_after"]
    with_header = spec.pkg.from_parts(status, {header: "4"}, body)
    assert with_header.retry_after == 4.0
    negative = body_for(spec, message="slow down", extra={pointer: -3})
    assert spec.pkg.from_parts(status, {}, negative).retry_after is None


def request_id_header(spec: Spec) -> str:
    """The spec's first request id header (`x-request-id` when it has none:
    then a header of that name must be ignored)."""
    headers: list[str] = spec.envelope["headers"]["request_id"]
    return headers[0] if headers else "x-request-id"


def test_request_id_from_header_and_body(spec: Spec) -> None:
    header = request_id_header(spec)
    if not spec.envelope["headers"]["request_id"]:
        assert spec.pkg.from_parts(400, {header: "req"}, b"").request_id is None
        return
    err = spec.pkg.from_parts(400, {header.upper(): "req_header"}, b"")
    assert err.request_id == "req_header"
    assert "req_header" in str(err)
    if spec.envelope.get("request_id") is not None:
        body = body_for(spec, message="m", request_id="req_body")
        assert spec.pkg.from_parts(400, {}, body).request_id == "req_body"
        both = spec.pkg.from_parts(400, [(header, "req_header")], body)
        assert both.request_id == "req_header"
        empty = spec.pkg.from_parts(400, {header: ""}, body)
        assert empty.request_id == "req_body"


def test_str_names_class_code_message_status_and_request_id(spec: Spec) -> None:
    error = spec.errors()[0]
    body, message = body_for_error(spec, error)
    header = request_id_header(spec)
    request_id = "req_42" if spec.envelope["headers"]["request_id"] else ""
    err = spec.pkg.from_parts(error["status"], {header: "req_42"}, body)
    text = str(err)
    for part in [type(err).__name__, error["code"], message, request_id]:
        assert part in text
    assert str(error["status"]) in text


def test_repr_shows_a_missing_code_as_none(spec: Spec) -> None:
    err = spec.pkg.from_parts(502, {}, b"<html>Bad Gateway</html>")
    assert err.code is None
    assert "code=None," in repr(err)
    error = spec.errors()[0]
    body, _ = body_for_error(spec, error)
    known = spec.pkg.from_parts(error["status"], {}, body)
    assert f"code={str(error['code'])!r}," in repr(known)


def test_credentials_are_never_kept(spec: Spec) -> None:
    headers = {**CREDENTIALS, "X-Request-Id": "req_1", "Content-Type": "text/html"}
    err = spec.pkg.from_parts(401, headers, b"nope")
    assert set(err.headers) == {"x-request-id", "content-type"}
    dumped = pickle.dumps(err) + repr(err).encode() + str(err).encode()
    for secret in CREDENTIALS.values():
        assert secret.encode() not in dumped
    response = FakeResponse(401, headers, b"nope")
    err = spec.pkg.from_response(response)
    assert not hasattr(err, "response")
    assert set(err.headers) == {"x-request-id", "content-type"}


def test_pickle_keeps_every_field(spec: Spec) -> None:
    for error in spec.errors()[:10]:
        body, _ = body_for_error(spec, error)
        err = spec.pkg.from_parts(error["status"], {"x-request-id": "r"}, body)
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err)
        assert copy.__dict__ == err.__dict__
        assert str(copy) == str(err)
        assert copy.args == err.args


class FakeResponse:
    """What requests and httpx responses look like to `from_response`."""

    def __init__(self, status: int, headers: dict[str, str], content: bytes) -> None:
        self.status_code = status
        self.headers = headers
        self.content = content
        self.request = {"headers": CREDENTIALS}


def test_from_response_requests_httpx_and_urllib(spec: Spec) -> None:
    error = spec.errors()[0]
    body, message = body_for_error(spec, error)
    fake = spec.pkg.from_response(FakeResponse(error["status"], {}, body))
    assert (fake.status, fake.code, fake.message) == (
        error["status"],
        error["code"],
        message,
    )
    from email.message import Message

    headers = Message()
    headers[request_id_header(spec)] = "req_urllib"
    http_error = urllib.error.HTTPError(
        "https://example.invalid", error["status"], "x", headers, io.BytesIO(body)
    )
    err = spec.pkg.from_response(http_error)
    assert (err.status, err.code, err.request_id) == (
        error["status"],
        error["code"],
        "req_urllib" if spec.envelope["headers"]["request_id"] else None,
    )
    with pytest.raises(TypeError, match=r"from_parts\(status, headers, body\)"):
        spec.pkg.from_response(object())  # rule 25: never a silent status 0


def backoff_status(spec: Spec) -> int:
    for klass in spec.catalog["classes"]:
        if klass["retry"]["policy"] == "backoff" and klass["statuses"]:
            return int(klass["statuses"][0])
    raise AssertionError("every shipped spec has a backoff class")


class Flaky:
    """A request function failing with `errors` in turn, then returning 'ok'."""

    def __init__(self, errors: list[Exception]) -> None:
        self.errors = errors
        self.calls = 0

    def __call__(self, attempt: Any) -> str:
        self.calls += 1
        assert attempt.number == self.calls
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def test_retry_delay_is_backoff_with_equal_jitter(spec: Spec) -> None:
    err = spec.pkg.from_parts(backoff_status(spec), {}, b"")
    policy = err.retry_policy
    for attempt in [1, 2, 3, 10, 100]:
        base = min(policy.max_delay_ms, policy.initial_delay_ms * 2 ** (attempt - 1))
        for draw in [0.0, 0.3, 0.5, 0.999999]:
            delay = err.retry_delay(attempt, random=lambda d=draw: d)
            # Equal jitter, rounded down to a whole millisecond (rule 12).
            assert delay == math.floor(base / 2 + draw * base / 2) / 1000
            assert (delay * 1000) == pytest.approx(round(delay * 1000))


def test_with_retries_runs_up_to_max_attempts(spec: Spec) -> None:
    status = backoff_status(spec)
    policy = spec.pkg.from_parts(status, {}, b"").retry_policy
    errors: list[Exception] = [spec.pkg.from_parts(status, {}, b"") for _ in range(9)]
    slept: list[float] = []
    request = Flaky(errors)
    with pytest.raises(spec.pkg.APIError):
        spec.pkg.with_retries(request, sleep=slept.append, random=lambda: 0.5)
    assert request.calls == policy.max_attempts
    expected = [
        0.75 * min(policy.max_delay_ms, policy.initial_delay_ms * 2**n) / 1000
        for n in range(policy.max_attempts - 1)
    ]
    assert slept == pytest.approx(expected)


def test_with_retries_returns_after_a_retryable_failure(spec: Spec) -> None:
    status = rate_limited(spec)
    header = spec.envelope["headers"]["retry_after"]
    failure = spec.pkg.from_parts(status, {header: "0.5"}, b"")
    slept: list[float] = []
    request = Flaky([failure])
    assert spec.pkg.with_retries(request, sleep=slept.append) == "ok"
    assert request.calls == 2
    assert slept == [0.5]


def test_with_retries_never_retries_the_rest(spec: Spec) -> None:
    slept: list[float] = []
    never = [c for c in spec.catalog["classes"] if c["retry"]["policy"] == "never"]
    assert never
    request = Flaky([spec.pkg.from_parts(never[0]["statuses"][0], {}, b"")])
    with pytest.raises(spec.pkg.APIError):
        spec.pkg.with_retries(request, sleep=slept.append)
    assert request.calls == 1
    other = Flaky([ValueError("not ours")])
    with pytest.raises(ValueError):
        spec.pkg.with_retries(other, sleep=slept.append)
    assert other.calls == 1
    assert slept == []


def test_should_retry_header_decides(spec: Spec) -> None:
    name = spec.envelope["headers"].get("should_retry")
    status = backoff_status(spec)
    if name is None:
        err = spec.pkg.from_parts(status, {"x-should-retry": "false"}, b"")
        assert err.retryable  # the header is not part of this API
        return
    assert not spec.pkg.from_parts(status, {name: "FALSE"}, b"").retryable
    assert spec.pkg.from_parts(400, {name: "True"}, b"").retryable


def test_context_fields_are_typed(spec: Spec) -> None:
    fields = spec.catalog["fields"]
    context_at = spec.envelope.get("context")
    if not fields or context_at is None:
        assert spec.pkg.from_parts(400, {}, b"{}").context == spec.pkg.Context()
        return
    good = {"string": "s", "integer": 3, "number": 1.5, "boolean": True}
    wrong = {"string": 1, "integer": 1.5, "number": "1", "boolean": "true"}
    for values, expect in [(good, True), (wrong, False)]:
        extra = {f"{context_at}/{f['name']}": values[f["type"]] for f in fields}
        err = spec.pkg.from_parts(400, {}, body_for(spec, message="m", extra=extra))
        present = err.context.to_dict()
        for f in fields:
            value = present.get(f["name"])
            assert value == (values[f["type"]] if expect else None), f["name"]


# README rule 17, from the HTTP mapping of google/rpc/code.proto.
GRPC_BY_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def test_grpc_codes_follow_the_catalog(spec: Spec) -> None:
    assert len(spec.pkg.GrpcCode) == 17
    assert spec.pkg.GrpcCode["RESOURCE_EXHAUSTED"] == 8
    for error in spec.errors():
        found = [
            d
            for d in spec.pkg.definitions(error["code"])
            if d.status == error["status"]
        ]
        assert found[0].grpc_code.name == error["grpc"], error["code"]
    for status in [*range(400, 432), *range(495, 512), 0, 200, 302, 599]:
        err = spec.pkg.from_parts(status, {}, b"")
        expected_class = spec.class_for_status(status)
        own = spec.klass(expected_class).get("grpc") if expected_class else None
        assert err.grpc_code.name == (own or GRPC_BY_STATUS.get(status, "UNKNOWN"))


def sample_value(field_type: str) -> Any:
    return {"string": "v<x>", "integer": -7, "boolean": True, "number": 1.5}[field_type]


def test_template_messages_are_filled_from_the_context(spec: Spec) -> None:
    """Rule 6 with rule 19: without a message, a templated definition's
    `<param>`s are the context fields present; absent ones stay."""
    context_at = spec.envelope.get("context")
    fields = {f["name"]: f["type"] for f in spec.catalog["fields"]}
    templated = [e for e in spec.errors() if e.get("params")]
    if not templated:
        pytest.skip("no templated errors")
    assert context_at is not None
    for error in templated:
        if spec.definition(error["code"], error["status"]) is not error:
            continue
        present = error["params"][1:]  # the first parameter is left out
        extra = {f"{context_at}/{p}": sample_value(fields[p]) for p in present}
        code: Any = int(error["code"]) if error.get("numeric") else error["code"]
        body = body_for(spec, code=code, extra=extra)
        err = spec.pkg.from_parts(error["status"], {}, body)
        expected = error["message"]
        text = {"v<x>": "v<x>", -7: "-7", True: "true"}
        for p in present:
            expected = expected.replace(f"<{p}>", text[sample_value(fields[p])])
        assert err.message == expected, error["code"]
        values = {p: sample_value(fields[p]) for p in present}
        assert spec.pkg.format_message(error["code"], error["status"], values) == (
            expected
        )


def test_subcodes_are_open_enums(spec: Spec) -> None:
    if not spec.catalog["subcodes"]:
        assert spec.pkg.from_parts(400, {}, b"{}").subcodes == {}
        return
    for subcode in spec.catalog["subcodes"]:
        name = subcode["name"]
        for value in [v["value"] for v in subcode["values"]] + ["new_2099", ""]:
            body = body_for(spec, extra={subcode["at"]: value})
            err = spec.pkg.from_parts(400, {}, body)
            got = getattr(err, name)
            if not value:
                assert got is None and name not in err.subcodes
                continue
            assert got == value and err.subcodes[name] == value
            known = value in {v["value"] for v in subcode["values"]}
            assert isinstance(got, enum.Enum) == known, value
        wrong = spec.pkg.from_parts(400, {}, body_for(spec, extra={subcode["at"]: 3}))
        assert getattr(wrong, name) is None
