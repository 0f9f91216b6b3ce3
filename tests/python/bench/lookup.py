"""Times looking up a code's metadata from its string.

    python tests/python/bench/lookup.py <package-dir>

`<package-dir>` is a generated Python package (the directory holding
`pyproject.toml` and `src/`), e.g. `target/bench/out-10000/python` from
`cargo xtask bench --sizes 10000 --runs 1 --no-peer --no-compile`. Looks up
every known code (`definitions` and `definition_for`) and as
many unknown ones, with `timeit`, and prints `lookup_ns_per_op=<ns>`: the
best of five rounds, per lookup.
"""

from __future__ import annotations

import importlib
import sys
import timeit
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[1]).resolve() / "src"
    packages = [p for p in src.iterdir() if (p / "__init__.py").is_file()]
    if len(packages) != 1:
        print(f"no single package under {src}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(src))
    pkg = importlib.import_module(packages[0].name)
    known = [member.value for member in pkg.Code]
    unknown = [f"NOT_A_CODE_{i}" for i in range(len(known))]
    statuses = {c: pkg.definitions(c)[0].status for c in known}
    codes = known + unknown

    def run() -> None:
        definitions, definition_for = pkg.definitions, pkg.definition_for
        for code in codes:
            definitions(code)
            definition_for(code, statuses.get(code, 400))

    ops = 2 * len(codes)
    best = min(timeit.repeat(run, number=1, repeat=5))
    ns = best / ops * 1e9
    print(f"codes={len(known)} unknown={len(unknown)} ops_per_round={ops}")
    print(f"lookup_ns_per_op={ns:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
