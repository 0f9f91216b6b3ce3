"""The Python side of the differential fuzzer (tests/differential/fuzz.py):
reads a file of cases, prints what the package makes of each, normalised as
fuzz.py describes.

    python tests/python/diff_driver.py PACKAGE_SRC_DIR IMPORT_NAME CASES.json
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
from enum import Enum
from typing import Any


def observed(pkg: Any, case: dict[str, Any]) -> dict[str, Any]:
    now = case["now_unix_ms"] / 1000
    try:
        err = pkg.from_parts(
            case["status"],
            [(name, value) for name, value in case["headers"]],
            base64.b64decode(case["body_base64"]),
            now=lambda: now,
        )
    except Exception as exc:  # noqa: BLE001 - a crash is what we look for
        return {"crash": f"{type(exc).__name__}: {exc}"}
    info = type(err).error_class
    return {
        "status": err.status,
        "class": None if info is None else info.id,
        "code": str(err.code) if err.code else None,
        "known_code": err.is_known_code,
        "message": err.message,
        "request_id": err.request_id or None,
        "field": err.field or None,
        "retryable": err.retryable,
        "retry_after_ms": err.retry_after_ms,
        "context": err.context.to_dict(),
        "items": [
            {
                "code": str(item.code) if item.code else None,
                "known_code": item.is_known_code,
                "message": item.message or None,
                "field": item.field or None,
                "location": item.location or None,
            }
            for item in err.items
        ],
        "subcodes": {
            name: {"value": str(value), "known": isinstance(value, Enum)}
            for name, value in err.subcodes.items()
        },
        "domain": err.domain or None,
        "metadata": dict(err.metadata),
        "grpc": err.grpc_code.name,
        "rate_limit": rate_limit(err),
    }


def rate_limit(err: Any) -> dict[str, Any] | None:
    limit = err.rate_limit
    if limit is None:
        return None
    return {
        "limit": limit.limit,
        "remaining": limit.remaining,
        "reset_ms": limit.reset_ms,
        "window_ms": limit.window_ms,
        "policy": limit.policy or None,
    }


def main() -> None:
    src, name, cases_path = sys.argv[1:4]
    sys.path.insert(0, src)
    pkg = importlib.import_module(name)
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([observed(pkg, c) for c in cases], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
