"""Building response bodies the way a spec's envelope lays them out."""

from __future__ import annotations

import json
from typing import Any

from conftest import Spec


def tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def set_at(body: dict[str, Any], pointer: str, value: Any) -> None:
    node = body
    parts = tokens(pointer)
    for token in parts[:-1]:
        node = node.setdefault(token, {})
    if parts:
        node[parts[-1]] = value


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
    body: dict[str, Any] = {}
    if env.get("success_flag"):
        set_at(body, env["success_flag"], False)
    if code is not None and env.get("code") is not None:
        set_at(body, env["code"], code)
    if message is not None:
        set_at(body, env["message"][0], message)
    if request_id is not None and env.get("request_id") is not None:
        set_at(body, env["request_id"], request_id)
    for pointer, value in (extra or {}).items():
        set_at(body, pointer, value)
    return json.dumps(body).encode()


def body_for_error(spec: Spec, error: dict[str, Any]) -> tuple[bytes, str]:
    """A body the package must recognise as `error`, and the message in it.

    With a code in the envelope the code is sent; without one (NovaKit), a
    message that the error's `match` recognises.
    """
    matches = error.get("matches", {})
    if spec.envelope.get("code") is not None:
        message = f"server says: {error['message']}"
        return body_for(spec, code=error["code"], message=message), message
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
