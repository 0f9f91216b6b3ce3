{% import "macros.py" as m -%}
{% call m::header(notice, "Reading the error body: JSON parsing, JSON Pointers, typed values.") %}{% endcall %}

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` is not imported at run time: annotations only
    from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer every language reads exactly from JSON (README, rules 3
and 8)."""

_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Selection:
    """The first element of the array at `array` that is an object whose
    member `member` is the string `equals` (README, rule 18)."""

    array: str
    """JSON Pointer to the array."""
    member: str
    """The member that tells the elements apart, e.g. `@type`."""
    equals: str
    """Its value in the wanted element."""


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; a body holding them is not JSON either.
    raise ValueError(f"not JSON: {name}")


def parse(body: bytes) -> Any:
    """The JSON value of `body`, or None if it is not UTF-8 JSON or blank.

    Duplicate keys: the last one wins; a lone surrogate escape (`"\\ud800"`)
    reads as U+FFFD (README, rule 2).
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.strip():
        return None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    # Only an escape can put a surrogate into the value: UTF-8 cannot.
    return _without_surrogates(value) if "\\u" in text else value


def _without_surrogates(value: Any) -> Any:
    """`value` with each lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_surrogates(key): _without_surrogates(item)
            for key, item in value.items()
        }
    return value


def at(
    document: Any,
    pointer: str | None,
    selections: Mapping[str, Selection] | None = None,
) -> Any:
    """The value at a body location inside `document`, or None.

    A location is a JSON Pointer (RFC 6901), or `@name` and a pointer into
    the array element the selection `name` picks (README, rule 18).
    """
    if pointer is None:
        return None
    if pointer.startswith("@"):
        name, slash, rest = pointer[1:].partition("/")
        selection = (selections or {}).get(name)
        if selection is None:
            return None
        return at(select(document, selection), slash + rest)
    if pointer == "":
        return document
    node = document
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if token not in node:
                return None
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and token.isascii():
            index = int(token)
            if index >= len(node):
                return None
            node = node[index]
        else:
            return None
    return node


def select(document: Any, selection: Selection) -> Any:
    """The element of an array that `selection` picks, or None."""
    array = at(document, selection.array)
    if not isinstance(array, list):
        return None
    for element in array:
        if (
            isinstance(element, dict)
            and element.get(selection.member) == selection.equals
        ):
            return element
    return None


def as_code(value: Any) -> str | None:
    """A code as every language compares it: a JSON string as it is, or an
    integer (no fractional part, at most 2^53-1 either way) in decimal. An
    empty string is no code (README, rule 3)."""
    if isinstance(value, str):
        return value or None
    number = as_int(value)
    if number is None or abs(number) > MAX_SAFE_INTEGER:
        return None
    return str(number)


def as_str(value: Any) -> str | None:
    """`value` if it is a JSON string."""
    return value if isinstance(value, str) else None


def as_int(value: Any) -> int | None:
    """`value` if it is a JSON number with no fractional part, within
    ±(2^53 - 1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) <= MAX_SAFE_INTEGER:
        return value
    return None


def as_float(value: Any) -> float | None:
    """`value` if it is a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def as_bool(value: Any) -> bool | None:
    """`value` if it is a JSON boolean."""
    return value if isinstance(value, bool) else None


def as_object(value: Any) -> dict[str, Any] | None:
    """`value` if it is a JSON object."""
    return value if isinstance(value, dict) else None
