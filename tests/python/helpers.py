"""Building response bodies the way a spec's envelope lays them out."""

from __future__ import annotations

import json
from typing import Any

from conftest import Spec


def tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def set_at(
    body: dict[str, Any],
    pointer: str,
    value: Any,
    selections: list[dict[str, Any]] | None = None,
) -> None:
    """Puts `value` at a body location, making the objects on the way; an
    `@name` location (README, rule 18) goes into the array element that
    selection picks, appended when there is none yet."""
    node = body
    if pointer.startswith("@"):
        name, _, pointer = pointer[1:].partition("/")
        pointer = "/" + pointer if pointer else ""
        selection = next(s for s in selections or [] if s["name"] == name)
        array = get_at(body, selection["in"])
        if not isinstance(array, list):
            array = []
            set_at(body, selection["in"], array)
        element = next(
            (
                e
                for e in array
                if isinstance(e, dict)
                and e.get(selection["member"]) == selection["equals"]
            ),
            None,
        )
        if element is None:
            element = {selection["member"]: selection["equals"]}
            array.append(element)
        node = element
    parts = tokens(pointer)
    for token in parts[:-1]:
        node = node.setdefault(token, {})
    if parts:
        node[parts[-1]] = value


def get_at(body: Any, pointer: str) -> Any:
    node = body
    for token in tokens(pointer):
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node


def body_for(
    spec: Spec,
    *,
    code: Any = None,
    message: Any = None,
    request_id: str | None = None,
    extra: dict[str, Any] | None = None,
) -> bytes:
    """A JSON body with `code` and `message` where the envelope puts them."""
    env = spec.envelope
    selections = env["selections"]
    body: dict[str, Any] = {}
    if env.get("success_flag"):
        set_at(body, env["success_flag"], False)
    if code is not None and env.get("code") is not None:
        set_at(body, env["code"], code, selections)
    elif code is not None and (env.get("items") or {}).get("code") is not None:
        item: dict[str, Any] = {}
        set_at(item, env["items"]["code"], code)
        set_at(body, env["items"]["at"], [item], selections)
    if message is not None:
        set_at(body, env["message"][0], message, selections)
    if request_id is not None and env.get("request_id") is not None:
        set_at(body, env["request_id"], request_id, selections)
    for pointer, value in (extra or {}).items():
        set_at(body, pointer, value, selections)
    return json.dumps(body).encode()


def body_for_error(spec: Spec, error: dict[str, Any]) -> tuple[bytes, str]:
    """A body the package must recognise as `error`, and the message in it.

    With a code in the envelope (or in its items) the code is sent, as an
    integer for a numeric code; without one (NovaKit), a message that the
    error's `match` recognises.
    """
    matches = error.get("matches", {})
    code: Any = int(error["code"]) if error.get("numeric") else error["code"]
    if spec.envelope.get("code") is not None:
        message = f"server says: {error['message']}"
        return body_for(spec, code=code, message=message), message
    if not matches and (spec.envelope.get("items") or {}).get("code"):
        message = f"server says: {error['message']}"
        return body_for(spec, code=code, message=message), message
    if matches.get("exact"):
        message = matches["exact"][0]
    else:
        message = matches["prefix"][0] + " (and more)"
    return body_for(spec, message=message), message


def duplicate_keys(pointer: str, first: str, last: str) -> bytes:
    """`{"a": {"b": first, "b": last}}` for pointer /a/b: a duplicate key."""
    parts = tokens(pointer)
    inner = (
        f"{json.dumps(parts[-1])}: {json.dumps(first)}, "
        f"{json.dumps(parts[-1])}: {json.dumps(last)}"
    )
    text = "{" + inner + "}"
    for token in reversed(parts[:-1]):
        text = "{" + json.dumps(token) + ": " + text + "}"
    return text.encode()
