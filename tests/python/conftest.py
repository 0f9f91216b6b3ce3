"""Finds every spec's generated Python package and imports it by path.

Each package is a `Spec`: the imported module plus that output directory's
`catalog.json`, so every test reads its expectations from the spec's own
resolved catalog instead of hard-coding them.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings

# Keep hypothesis's example database out of the source tree.
settings.register_profile("errcat", database=None)
settings.load_profile("errcat")

ROOT = Path(__file__).resolve().parents[2]


def output_dirs() -> list[Path]:
    """`generated/` and every `examples/*/generated/` and `fixtures/*/generated/`
    that has a Python package (the shipped specs, as `cargo xtask gen` finds
    them)."""
    dirs = [
        ROOT / "generated",
        *sorted((ROOT / "examples").glob("*/generated")),
        *sorted((ROOT / "fixtures").glob("*/generated")),
    ]
    return [d for d in dirs if (d / "python" / "src").is_dir()]


@dataclass
class Spec:
    """One generated package and the catalog it was generated from."""

    out: Path
    pkg: ModuleType
    catalog: dict[str, Any]

    @property
    def envelope(self) -> dict[str, Any]:
        envelope: dict[str, Any] = self.catalog["envelope"]
        return envelope

    def errors(self) -> list[dict[str, Any]]:
        """Every error, in spec (domain) order."""
        return [e for d in self.catalog["domains"] for e in d["errors"]]

    def klass(self, class_id: str) -> dict[str, Any]:
        found: dict[str, Any] = next(
            c for c in self.catalog["classes"] if c["id"] == class_id
        )
        return found

    def class_for_status(self, status: int) -> str | None:
        """README rule 5, from the catalog: listed status, else range fallback."""
        for c in self.catalog["classes"]:
            if status in c["statuses"]:
                return str(c["id"])
        wanted = {4: "4xx", 5: "5xx"}.get(status // 100)
        for c in self.catalog["classes"]:
            if wanted is not None and c.get("fallback") == wanted:
                return str(c["id"])
        return None

    def definition(self, code: str, status: int) -> dict[str, Any] | None:
        """README rule 4: the first definition (domain order) at `status`."""
        for error in self.errors():
            if error["code"] == code and error["status"] == status:
                return error
        return None


def load(out: Path) -> Spec:
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    src = str(out / "python" / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    pkg = importlib.import_module(catalog["packages"]["python"])
    return Spec(out=out, pkg=pkg, catalog=catalog)


SPECS = [load(out) for out in output_dirs()]


@pytest.fixture(params=SPECS, ids=[s.catalog["api"]["id"] for s in SPECS])
def spec(request: pytest.FixtureRequest) -> Spec:
    found: Spec = request.param
    return found
