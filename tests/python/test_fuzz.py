"""Bounded fuzzing of the response constructors (README, rule 1).

Arbitrary status, headers and body bytes, then bodies shaped like each
spec's envelope with arbitrary JSON at every pointer and arbitrary values in
every header the spec reads: `from_parts` returns the package's own error,
never raises, and always carries a non-empty message (rule 6); and
`from_response` of an object with arbitrary attributes gives that error
when it has an HTTP status and a body, else a `TypeError` (rule 25), never
anything else.
Example counts are fixed (FUZZ_EXAMPLES) so the suite stays fast.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SPECS, Spec
from helpers import set_at

# Examples per property; each runs against every package.
FUZZ_EXAMPLES = 300

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)

header_values = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["true", "FALSE", "maybe", "", "Wed, 21 Oct 2015 07:28:00 GMT"]),
    st.binary(max_size=20),
)

headers_strategy = st.one_of(
    st.none(),
    st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=5),
    st.lists(st.tuples(st.text(max_size=20), header_values), max_size=5),
    st.lists(st.binary(max_size=10), max_size=3),
    st.integers(),
)


def assert_sound(spec: Spec, err: Any, body: bytes | None) -> None:
    assert isinstance(err, spec.pkg.APIError)
    # Rule 6: the message is never empty.
    assert isinstance(err.message, str) and err.message, err
    assert isinstance(str(err), str) and str(err)
    assert isinstance(repr(err), str)
    if err.retry_after_ms is not None:
        assert 0 <= err.retry_after_ms <= 2**53 - 1  # rule 10: as asked
    limit = max(err.retry_policy.max_retry_after_ms, err.retry_policy.max_delay_ms)
    for attempt in (1, 2, 50):
        # Rules 12 and 13: never longer than the policy allows, or no retry.
        delay = err.retry_delay(attempt, random=lambda: 0.5)
        assert delay is None or 0 <= delay <= limit / 1000
    if err.rate_limit is not None:
        parts = [
            err.rate_limit.limit,
            err.rate_limit.remaining,
            err.rate_limit.reset_ms,
        ]
        assert any(part is not None for part in parts)
        assert all(p is None or 0 <= p <= 2**53 - 1 for p in parts)
    # Rule 23: the document rebuilds the same error.
    rebuilt = spec.pkg.APIError.from_json(err.to_json())
    assert (rebuilt.status, rebuilt.body, rebuilt.headers) == (
        err.status,
        err.body,
        err.headers,
    )
    assert (rebuilt.code, rebuilt.message, type(rebuilt)) == (
        err.code,
        err.message,
        type(err),
    )
    assert (rebuilt.retry_after_ms, rebuilt.rate_limit) == (
        err.retry_after_ms,
        err.rate_limit,
    )
    assert set(err.headers).isdisjoint(spec.pkg.CREDENTIAL_HEADERS)
    # The issue-11 parts are always of their types.
    assert isinstance(err.grpc_code, spec.pkg.GrpcCode)
    assert all(isinstance(item, spec.pkg.ErrorItem) for item in err.items)
    assert all(isinstance(v, str) and v for v in err.subcodes.values())
    assert all(isinstance(v, str) for v in err.metadata.values())
    assert err.domain is None or isinstance(err.domain, str)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(
    status=st.one_of(st.integers(), st.none(), st.text(max_size=3)),
    headers=headers_strategy,
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=200).map(str.encode),
        st.none(),
        json_values.map(lambda v: json.dumps(v).encode()),
    ),
)
def test_from_parts_never_raises(status: Any, headers: Any, body: Any) -> None:
    for spec in SPECS:
        err = spec.pkg.from_parts(status, headers, body)
        assert_sound(spec, err, body)


def pointers(spec: Spec) -> list[str]:
    """Every body location the spec reads: the envelope's, its selections'
    arrays, its items' array, its sub-codes' and its class conditions'."""
    env = spec.envelope
    keys = ("code", "details", "request_id", "field", "context", "retry_after")
    found = [env.get(k) for k in keys + ("retry_delay", "domain", "metadata")]
    found += [*env["message"], *(s["in"] for s in env["selections"])]
    found += [(env.get("items") or {}).get("at")]
    found += [s["at"] for s in spec.catalog["subcodes"]]
    found += [w.get("body") for c in spec.catalog["classes"] for w in c.get("when", [])]
    return [p for p in found if p]


def header_names(spec: Spec) -> list[str]:
    headers = spec.envelope["headers"]
    names = [*headers["request_id"], headers["retry_after"]]
    names += [headers.get("retry_after_ms"), headers.get("should_retry")]
    names += [headers.get("retry_at")]
    names += [
        w.get("header") for c in spec.catalog["classes"] for w in c.get("when", [])
    ]
    return [n for n in names if n] + ["authorization", "set-cookie"]


@settings(
    max_examples=FUZZ_EXAMPLES * 2 // 3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data(), status=st.integers(100, 599))
def test_envelope_shaped_bodies(data: st.DataObject, status: int) -> None:
    for spec in SPECS:
        body: dict[str, Any] = {}
        for pointer in pointers(spec):
            if data.draw(st.booleans()):
                value = data.draw(json_values)
                try:
                    set_at(body, pointer, value, spec.envelope["selections"])
                except (AttributeError, TypeError):
                    pass  # a pointer under a non-object value drawn earlier
        codes = list(spec.catalog["codes"])
        send_known: bool = data.draw(st.booleans())
        if spec.envelope.get("code") and codes and send_known:
            code = data.draw(st.sampled_from(codes))
            try:
                set_at(body, spec.envelope["code"], code, spec.envelope["selections"])
            except (AttributeError, TypeError):
                pass
        headers = [
            (name, data.draw(header_values))
            for name in header_names(spec)
            if data.draw(st.booleans())
        ]
        raw = json.dumps(body).encode()
        err = spec.pkg.from_parts(status, headers, raw, now=lambda: 1.445412e9)
        assert_sound(spec, err, raw)


class Anything:
    """A response-like object with arbitrary (often wrong) attributes."""

    def __init__(self, attrs: dict[str, Any]) -> None:
        self.__dict__.update(attrs)


@settings(max_examples=FUZZ_EXAMPLES // 3, deadline=None)
@given(
    attrs=st.dictionaries(
        st.sampled_from(["status_code", "status", "code", "headers", "content"]),
        st.one_of(
            st.integers(),
            st.integers(100, 599),
            st.text(max_size=10),
            st.binary(max_size=50),
            st.none(),
            headers_strategy,
        ),
        max_size=5,
    )
)
def test_from_response_reads_or_refuses(attrs: dict[str, Any]) -> None:
    status = next(
        (
            attrs[name]
            for name in ("status_code", "status", "code")
            if isinstance(attrs.get(name), int) and not isinstance(attrs[name], bool)
        ),
        None,
    )
    body = attrs.get("content")
    readable = (
        status is not None and 100 <= status <= 999 and isinstance(body, (bytes, str))
    )
    for spec in SPECS:
        try:
            err = spec.pkg.from_response(Anything(attrs))
        except TypeError as refused:
            assert not readable, refused
            assert "from_parts(status, headers, body)" in str(refused)
            continue
        assert readable, err
        assert isinstance(err, spec.pkg.APIError)
        assert err.status == status
        assert err.body == (body.encode() if isinstance(body, str) else body)
        assert err.message
