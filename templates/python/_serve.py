{% import "macros.py" as m -%}
{% call m::header(notice, "Building error responses: the response value, the body writer and the canonical JSON serializer (README, \"Serving errors\").") %}{% endcall %}

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

JSONValue = Union[
    None, bool, int, float, str, "list[JSONValue]", "dict[str, JSONValue]"
]
"""A JSON value as the writer builds it."""


@dataclass(frozen=True)
class Select:
    """A path step into an array: the element object whose member `member` is
    the string `equals`, created (with that member first) when there is none
    (README, rule 18)."""

    member: str
    equals: str


Step = Union[str, int, Select]
"""One step of a body path: an object member, an array index, or a selection."""

Write = tuple[tuple[Step, ...], JSONValue]
"""One body write of an emit plan: where, and what (None: not written)."""


@dataclass(frozen=True)
class ErrorResponse:
    """A built error response: plain data for any server framework."""

    status: int
    """The HTTP status."""
    headers: tuple[tuple[str, str], ...]
    """The headers, in order, as (name, value) pairs."""
    body: bytes
    """The body bytes: canonical compact JSON (README, rule 24)."""

    @property
    def header_dict(self) -> dict[str, str]:
        """The headers as a dict, for frameworks that take one."""
        return dict(self.headers)


_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _string(text: str, out: list[str]) -> None:
    out.append('"')
    start = 0
    for i, c in enumerate(text):
        if c in _SHORT_ESCAPES or c < " ":
            out.append(text[start:i])
            out.append(_SHORT_ESCAPES.get(c) or f"\\u{ord(c):04x}")
            start = i + 1
    out.append(text[start:])
    out.append('"')


def _number(value: float) -> str:
    """A finite number as JavaScript's `Number.prototype.toString` writes it
    (README, rule 24): the shortest digits that read back as the same
    double, no exponent for magnitudes in [1e-6, 1e21)."""
    if not math.isfinite(value):
        raise ValueError(f"not a JSON number: {value!r}")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr is the shortest round-trip form; split it into digits and the
    # exponent n of 0.DIGITS x 10^n.
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction.rstrip("0")).lstrip("0") or "0"
    n = int(exponent or 0) + len(whole.lstrip("0"))
    if not whole.lstrip("0"):
        n -= len(fraction) - len(fraction.lstrip("0"))
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    rest = "." + digits[1:] if k > 1 else ""
    return f"{sign}{digits[0]}{rest}e{'+' if n > 0 else '-'}{abs(n - 1)}"


def _value(value: JSONValue, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(_number(value))
    elif isinstance(value, str):
        _string(value, out)
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _value(item, out)
        out.append("]")
    else:
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            _string(key, out)
            out.append(":")
            _value(item, out)
        out.append("}")


def canonical_json(value: JSONValue) -> bytes:
    """`value` as canonical JSON (README, rule 24): compact, members in
    insertion order, only `"`, `\\` and U+0000-U+001F escaped."""
    out: list[str] = []
    _value(value, out)
    return "".join(out).encode("utf-8")


def _container(next_step: Step) -> JSONValue:
    return {} if isinstance(next_step, str) else []


def put(document: dict[str, JSONValue], path: Sequence[Step], value: JSONValue) -> None:
    """Sets `value` at `path` inside `document`, creating the objects and
    arrays on the way; an index past the end pads the array with objects."""
    node: JSONValue = document
    for i, step in enumerate(path):
        last = i == len(path) - 1
        new = value if last else _container(path[i + 1])
        if isinstance(step, str):
            if not isinstance(node, dict):
                raise ValueError(f"{path!r}: step {i} is not into an object")
            if last or step not in node:
                node[step] = new
            node = node[step]
        elif isinstance(node, list) and isinstance(step, Select):
            found = next(
                (
                    e
                    for e in node
                    if isinstance(e, dict) and e.get(step.member) == step.equals
                ),
                None,
            )
            if found is None:
                found = {step.member: step.equals}
                node.append(found)
            node = found
        elif isinstance(node, list) and isinstance(step, int):
            while len(node) <= step:
                node.append({})
            if last or not isinstance(node[step], (dict, list)):
                node[step] = new
            node = node[step]
        else:
            raise ValueError(f"{path!r}: step {i} is not into an array")


def respond(
    status: int,
    content_type: str,
    writes: Sequence[Write],
    headers: Sequence[tuple[str, str | None]] = (),
) -> ErrorResponse:
    """The response of one emit plan: `writes` applied in order to an empty
    object (a None value is skipped), then `headers` (a None value is
    skipped) after the content type."""
    document: dict[str, JSONValue] = {}
    for path, value in writes:
        if value is not None:
            put(document, path, value)
    pairs = [("content-type", content_type)]
    pairs.extend((name, value) for name, value in headers if value is not None)
    return ErrorResponse(status, tuple(pairs), canonical_json(document))


def retry_after_seconds(delay: float | None) -> str | None:
    """A delay in seconds as a `Retry-After` value: whole seconds, rounded up."""
    if delay is None:
        return None
    if not math.isfinite(delay) or delay < 0:
        raise ValueError(f"not a delay in seconds: {delay!r}")
    return str(math.ceil(delay))
