"""Measures a generated Python package as its users meet it.

    python tests/python/bench/package.py <package-dir> <status> <body> [--runs N]

`<package-dir>` holds `pyproject.toml` and `src/` (a generated `python/`
tree). Prints, as `key=value` fields:

- `import_self_us`, `import_total_us`: `python -X importtime -c 'import
  <pkg>'` in fresh processes (median of N): the package's own modules'
  self time summed, and the cumulative time of `import <pkg>`, which
  includes every module it pulls in;
- `first_parse_import_us`: the same total for `import <pkg>` followed by
  one `from_parts` (what the first error costs in imports);
- `first_parse_source_import_us`: the same, with no bytecode (`.pyc`) of
  the package, so that every run compiles its sources: a checkout run in
  place with `PYTHONDONTWRITEBYTECODE` set. Measured first; then the
  package is byte-compiled (`compileall`, as pip does when it installs),
  and every other figure is of the package as installed, whatever
  `PYTHONDONTWRITEBYTECODE` says;
- `pass_ms`, `import_ms`, `first_parse_ms`: wall time of a fresh `python
  -c pass`, of `python -c 'import <pkg>'` and of the first-parse program
  (median of N, interleaved);
- `parse_ns`, `floor_ns`: `from_parts(status, headers, body)` on one typical
  error response, and a hand-written minimal parser of the same envelope
  (`json.loads`, the code, message and request id) as the floor.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path
from typing import Any


def importtime(
    python: str, src: Path, code: str, name: str, **env_vars: str
) -> tuple[int, int]:
    """One fresh `python -X importtime -c code` (with `env_vars` set too):
    the self time of the package's own modules, summed, and the time of
    every import the code made beyond those of `python -c pass`, in us. (An
    import the package makes from its `__getattr__` shows as a top-level
    entry, not inside the package's, so the total sums the top-level
    entries.)"""
    env = {**os.environ, "PYTHONPATH": str(src), **env_vars}
    run = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    own = total = 0
    for line in run.stderr.splitlines():
        # import time: self [us] | cumulative | imported package
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        module = fields[2].strip()
        if module == name or module.startswith(name + "."):
            own += int(fields[0])
        top_level = not fields[2][1:].startswith(" ")
        if top_level and module not in STARTUP:
            total += int(fields[1])
    return own, total


# What `python -c pass` imports at the top level (set by main).
STARTUP: set[str] = set()


def wall(python: str, src: Path, code: str) -> float:
    """Wall time of one fresh `python -c code`, in ms."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    subprocess.run([python, "-c", code], env=env, check=True)
    return (time.perf_counter() - start) * 1e3


class Minimal(Exception):
    """What the floor keeps of a response: what an app reads off an error."""

    def __init__(
        self, status: int, code: str | None, message: str, request_id: str | None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id


def minimal(status: int, headers: dict[str, str], body: bytes) -> Minimal:
    """The floor: parse the JSON body, read `reason` and `message`, find the
    request id header in any case."""
    try:
        doc: Any = json.loads(body)
    except ValueError:
        doc = None
    code = message = None
    if isinstance(doc, dict):
        code, message = doc.get("reason"), doc.get("message")
    request_id = next(
        (v for k, v in headers.items() if k.lower() == "x-request-id"), None
    )
    return Minimal(
        status,
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else "",
        request_id,
    )


def per_call_ns(f: Any, number: int = 20_000) -> float:
    """ns per call of `f`: the best of five rounds."""
    return min(timeit.repeat(f, number=number, repeat=5)) / number * 1e9


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 9
    if "--runs" in argv:
        args.remove(str(runs))  # the value of --runs
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(args[0]).resolve() / "src"
    status, body = int(args[1]), args[2].encode()
    packages = [p for p in src.iterdir() if (p / "__init__.py").is_file()]
    if len(packages) != 1:
        print(f"no single package under {src}", file=sys.stderr)
        return 2
    name, python = packages[0].name, sys.executable

    startup = subprocess.run(
        [python, "-X", "importtime", "-c", "pass"],
        capture_output=True,
        text=True,
        check=True,
    )
    STARTUP.update(
        line.split("|")[2].strip()
        for line in startup.stderr.splitlines()
        if line.count("|") == 2
    )
    first = f"import {name}; {name}.from_parts({status}, {{}}, {body!r})"
    # Sources only: no bytecode of the package, none written.
    shutil.rmtree(packages[0] / "__pycache__", ignore_errors=True)
    source = [
        importtime(python, src, first, name, PYTHONDONTWRITEBYTECODE="1")[1]
        for _ in range(runs)
    ]
    print(f"first_parse_source_import_us={statistics.median(source):.0f}")
    # As installed: pip byte-compiles what it installs.
    subprocess.run(
        [python, "-m", "compileall", "-q", str(packages[0])],
        check=True,
        capture_output=True,
    )
    own, total, first_total, passes, imports, firsts = [], [], [], [], [], []
    for _ in range(runs):
        o, t = importtime(python, src, f"import {name}", name)
        own.append(o)
        total.append(t)
        first_total.append(importtime(python, src, first, name)[1])
        passes.append(wall(python, src, "pass"))
        imports.append(wall(python, src, f"import {name}"))
        firsts.append(wall(python, src, first))
    print(
        f"import_self_us={statistics.median(own):.0f} "
        f"import_total_us={statistics.median(total):.0f} "
        f"first_parse_import_us={statistics.median(first_total):.0f} "
        f"pass_ms={statistics.median(passes):.2f} "
        f"import_ms={statistics.median(imports):.2f} "
        f"first_parse_ms={statistics.median(firsts):.2f}"
    )

    sys.path.insert(0, str(src))
    pkg = __import__(name)
    headers = {"Content-Type": "application/json", "X-Request-Id": "req_42"}
    err, floor = pkg.from_parts(status, headers, body), minimal(status, headers, body)
    if not err.is_known_code or err.message != floor.message:
        print(f"the package and the floor disagree: {err!r}", file=sys.stderr)
        return 1
    parse = per_call_ns(lambda: pkg.from_parts(status, headers, body))
    base = per_call_ns(lambda: minimal(status, headers, body))
    print(f"parse_ns={parse:.0f} floor_ns={base:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
