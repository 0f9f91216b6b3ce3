{% import "macros.py" as m -%}
{% call m::header(notice, "Errors as data: versioned JSON documents that rebuild the same error (README, rule 23).") %}{% endcall %}

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from ._catalog import API_ID
from ._errors import APIError, DocumentError
from ._parse import CREDENTIAL_HEADERS, parse_at

_SURROGATE = re.compile(r"[\ud800-\udfff]")

VERSION = 1
"""The `errcat` version of the documents this package writes and reads."""


def to_document(error: APIError) -> dict[str, Any]:
    """The document of `error`: what rebuilds it (status, kept headers sorted
    by name, body, the clock it was read at), then its code and message for
    readers."""
    headers = sorted(
        (name.lower(), value)
        for name, value in error.headers.items()
        if name.lower() not in CREDENTIAL_HEADERS
    )
    document: dict[str, Any] = {
        "errcat": VERSION,
        "api": API_ID,
        "status": error.status,
        "headers": [[name, value] for name, value in headers],
    }
    try:
        document["body"] = error.body.decode("utf-8")
    except UnicodeDecodeError:
        document["body_base64"] = base64.b64encode(error.body).decode("ascii")
    document["received_at_ms"] = error.received_at_ms
    document["code"] = None if error._code is None else str(error._code)
    document["message"] = error.message
    return document


def dump(document: Mapping[str, Any]) -> str:
    """A document as compact JSON (ASCII only, so any transport keeps it)."""
    return json.dumps(document, separators=(",", ":"))


def load(text: str | bytes) -> Any:
    """The JSON value of a document's text."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise DocumentError(f"an errcat document is JSON: {error}") from None


def from_document(document: Any) -> APIError:
    """The error a document describes, parsed as its response was."""
    if not isinstance(document, Mapping):
        raise DocumentError("an errcat document is a JSON object")
    version = document.get("errcat")
    if version != VERSION or isinstance(version, bool):
        raise DocumentError(
            f"an errcat document of version {version!r}; this package reads "
            f"version {VERSION}"
        )
    api = document.get("api")
    if api != API_ID:
        raise DocumentError(
            f"a document of the API {api!r}; this package is {API_ID!r}"
        )
    status = _integer(document, "status")
    received_at_ms = _integer(document, "received_at_ms")
    pairs = document.get("headers")
    if not isinstance(pairs, list) or not all(_is_pair(p) for p in pairs):
        raise DocumentError("`headers` is a list of [name, value] strings")
    if isinstance(document.get("body"), str):
        # A lone surrogate escape reads as U+FFFD, as in a body (rule 2).
        body = _SURROGATE.sub("\ufffd", document["body"]).encode("utf-8")
    elif isinstance(document.get("body_base64"), str):
        try:
            body = base64.b64decode(document["body_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise DocumentError("`body_base64` is not base64") from None
    else:
        raise DocumentError("an errcat document has `body` or `body_base64`")
    return parse_at(status, [(n, v) for n, v in pairs], body, received_at_ms)


def _integer(document: Mapping[str, Any], key: str) -> int:
    value = document.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DocumentError(f"`{key}` is an integer")
    return value


def _is_pair(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(part, str) for part in value)
    )
