"""Differential fuzzing: the same random responses through all four
languages' parsers, every field compared.

Each language has a driver (tests/<lang>/diff_driver.*) that reads a file of
cases and prints, for each, what its package made of it, normalised as below.
`cargo xtask test --only differential` builds the drivers for every shipped
spec and runs this script; run it by hand for longer:

    python3 tests/differential/fuzz.py target/differential/drivers.json --cases 20000 --seed 7

A case is {"status", "headers": [[name, value], ...], "body_base64",
"now_unix_ms"}. A driver prints one JSON list with, per case, either
{"crash": "..."} (README rule 1 broken) or the keys in `KEYS`. Strings that
are empty count as absent (null), because Go has no other way to say so.

Cases come from a seeded generator: bodies built from the spec's own
envelope (codes, messages, context fields of every type and of the wrong
type, request ids, retry delays, selections), mutations of the spec's vector
bodies (members removed or retyped, truncation, lone surrogates, huge
numbers, duplicate keys), and garbage (HTML, bytes that are not UTF-8, deep
nesting); headers with every Retry-After form, duplicates and odd case.

Any disagreement is minimised (headers dropped, members removed, bytes cut
while the same keys still disagree) and written as a vector to
target/differential/findings/<api>.json; the script then exits 1.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOW_MS = 1_700_000_000_000  # 2023-11-14T22:13:20Z: every HTTP-date counts from here
LANGUAGES = ("rust", "python", "typescript", "go")
KEYS = (
    "status",
    "class",
    "code",
    "known_code",
    "message",
    "request_id",
    "field",
    "retryable",
    "retry_after_ms",
    "context",
    "items",
    "subcodes",
    "domain",
    "metadata",
    "grpc",
    "rate_limit",
)

# ----------------------------------------------------------------- generator

# Rate-limit header values (README rule 22): valid, odd and malformed.
RATE_NUMBERS = [
    "0",
    "60",
    " 5000 ",
    "1.5",
    "-1",
    "abc",
    "",
    "9007199254740991",
    "9007199254740992",
    "1e3",
]
IETF_RATE_LIMIT = [
    '"default";r=0;t=30',
    "day;r=7;t=2;pk=:YWJj:",
    '"burst";r=5;t=1, "daily";r=900;t=3600',
    '"a";t=5, "b";r=1.5;t=9',
    '"open;r=1',
    '"a\\"b";r=2',
    " x ; r = 3 ; t = 4 ",
    "1abc;r=1",
    '"x";r;t=1',
    "*;r=9007199254740992;t=1",
    "",
]
IETF_RATE_LIMIT_POLICY = [
    '"default";q=100;w=60',
    '"daily";q=1000;w=86400, "burst";q=10;w=1',
    '"hourly";q=50;w=3600',
    "day;q=10",
    "x;q=-1;w=1.0",
    "",
]

STRINGS = [
    "",
    " ",
    "x",
    "req_1",
    "é",
    "💥 boom",
    "a\tb",
    "line\nbreak",
    "<b>html</b>",
    "null",
    "0",
]
NUMBERS = [
    0,
    -1,
    1,
    7,
    1.5,
    -2.25,
    12.0,
    2**53 - 1,
    2**53 + 1,
    -(2**53) - 1,
    10**30,
    1e-7,
]
ODD = [True, False, None, [], {}, [1, "x"], {"k": "v"}]
RETRY_AFTER = [
    "0",
    "5",
    "-1",
    "1.5",
    "abc",
    "",
    " 7 ",
    "+5",
    "1e3",
    "0x10",
    "999999999999",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Tue, 14 Nov 2023 22:13:50 GMT",
    "Tue, 14 Nov 2023 22:13:50 UTC",
    "Tue, 32 Nov 2023 22:13:50 GMT",
]
RETRY_AFTER_MS = ["100", "0", "-5", "1.5", "abc", "1e3", "", "2500"]
SHOULD_RETRY = ["true", "false", "TRUE", "False", "yes", "", "1"]
REQUEST_IDS = ["req_1", "", " ", "a, b", ",abc", "  x  ", "ä"]
EPOCHS = ["1700000030", "1600000000", "-1", "1.5e9", "soon", "1700000000.5"]
NOISE = [
    ("Content-Type", "application/json"),
    ("Content-Type", "text/html"),
    ("Set-Cookie", "s=1"),
    ("Authorization", "Bearer sk"),
    ("X-Api-Key", "k"),
    ("Server", "nginx"),
]


def case_name(name: str, rng: random.Random) -> str:
    return rng.choice(
        [
            name,
            name.lower(),
            name.upper(),
            "-".join(p.capitalize() for p in name.split("-")),
        ]
    )


def set_at(
    doc: Any, pointer: str, value: Any, selections: dict[str, dict[str, str]]
) -> Any:
    """`doc` with `value` at an errcat location (a JSON Pointer or `@name/...`),
    creating objects on the way; the root itself may be replaced."""
    if pointer.startswith("@"):
        name, _, rest = pointer[1:].partition("/")
        sel = selections.get(name)
        if sel is None:
            return doc
        element: dict[str, Any] = {sel["member"]: sel["equals"]}
        element = (
            set_at(element, "/" + rest if rest else "", value, selections)
            if rest
            else element
        )
        array = get_at(doc, sel["in"])
        if not isinstance(array, list):
            array = []
        array = array + [element]
        return set_at(doc, sel["in"], array, selections)
    if pointer == "":
        if isinstance(value, dict) and isinstance(doc, dict):
            return {**doc, **value}
        return value
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]
    if not isinstance(doc, dict):
        doc = {}
    node = doc
    for token in tokens[:-1]:
        child = node.get(token)
        if not isinstance(child, dict):
            child = {}
            node[token] = child
        node = child
    node[tokens[-1]] = value
    return doc


def get_at(doc: Any, pointer: str) -> Any:
    if pointer == "":
        return doc
    node = doc
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


class Generator:
    def __init__(
        self, catalog: dict[str, Any], vectors: list[dict[str, Any]], seed: int
    ) -> None:
        self.rng = random.Random(seed)
        self.catalog = catalog
        self.env = catalog["envelope"]
        self.selections = {s["name"]: s for s in self.env.get("selections", [])}
        errors = [e for d in catalog["domains"] for e in d["errors"]]
        self.codes = sorted({e["code"] for e in errors})
        self.numeric = [int(e["code"]) for e in errors if e.get("numeric")]
        self.messages = [e["message"] for e in errors]
        self.messages += [
            t for e in errors for t in e.get("matches", {}).get("exact", [])
        ]
        self.messages += [
            t + " and more"
            for e in errors
            for t in e.get("matches", {}).get("prefix", [])
        ]
        self.statuses = sorted(
            {e["status"] for e in errors}
            | {s for c in catalog["classes"] for s in c["statuses"]}
        )
        self.fields = catalog["fields"]
        self.bodies = [v["body"].encode("utf-8") for v in vectors if "body" in v]
        self.bodies += [
            base64.b64decode(v["body_base64"]) for v in vectors if "body_base64" in v
        ]

    def value(self) -> Any:
        kind = self.rng.random()
        if kind < 0.4:
            return self.rng.choice(STRINGS)
        if kind < 0.75:
            return self.rng.choice(NUMBERS)
        # A copy: set_at fills objects in place, and a pool's own object
        # placed twice would end up inside itself.
        return copy.deepcopy(self.rng.choice(ODD))

    def status(self) -> int:
        r = self.rng.random()
        if r < 0.7 and self.statuses:
            return int(self.rng.choice(self.statuses))
        if r < 0.9:
            return self.rng.randint(400, 599)
        return self.rng.choice([100, 200, 204, 302, 399, 600, 999])

    def headers(self) -> list[list[str]]:
        rng, h = self.rng, self.env["headers"]
        out: list[list[str]] = []
        pools = [(name, REQUEST_IDS) for name in h.get("request_id", [])]
        pools.append((h["retry_after"], RETRY_AFTER))
        for key, pool in (
            ("retry_after_ms", RETRY_AFTER_MS),
            ("should_retry", SHOULD_RETRY),
            ("retry_at", EPOCHS),
        ):
            if h.get(key):
                pools.append((h[key], pool))
        rate_limit = h.get("rate_limit") or {}
        for key, pool in (
            ("limit", RATE_NUMBERS),
            ("remaining", RATE_NUMBERS),
            ("reset", RATE_NUMBERS + EPOCHS),
        ):
            if rate_limit.get(key):
                pools.append((rate_limit[key], pool))
        if rate_limit.get("ietf"):
            pools.append(("RateLimit", IETF_RATE_LIMIT))
            pools.append(("RateLimit-Policy", IETF_RATE_LIMIT_POLICY))
        for name, pool in pools:
            if rng.random() < 0.35:
                for _ in range(
                    1 if rng.random() < 0.8 else 2
                ):  # sometimes the header twice
                    out.append([case_name(name, rng), rng.choice(pool)])
        for condition in (
            c for cls in self.catalog["classes"] for c in cls.get("when", [])
        ):
            if "header" in condition and rng.random() < 0.5:
                out.append(
                    [
                        case_name(condition["header"], rng),
                        rng.choice([condition["equals"], "1", ""]),
                    ]
                )
        if rng.random() < 0.3:
            out.append(list(rng.choice(NOISE)))
        rng.shuffle(out)
        return out

    def code(self) -> Any:
        r = self.rng.random()
        if r < 0.55 and self.codes:
            code = self.rng.choice(self.codes)
            return (
                int(code)
                if code.lstrip("-").isdigit()
                and self.numeric
                and self.rng.random() < 0.8
                else code
            )
        if r < 0.7:
            return self.rng.choice(["NOT_IN_THE_SPEC", "about:blank", "", "x" * 300])
        if r < 0.8 and self.numeric:
            return self.rng.choice(self.numeric) + self.rng.choice([0, 0.0, 0.5])
        return self.value()

    def envelope_body(self) -> Any:
        rng, env = self.rng, self.env
        doc: Any = {}

        def put(pointer: str, value: Any) -> Any:
            return set_at(doc, pointer, value, self.selections)

        if env.get("code") and rng.random() < 0.85:
            doc = put(env["code"], self.code())
        for pointer in env.get("message", []):
            if rng.random() < 0.6:
                doc = put(
                    pointer,
                    rng.choice(self.messages)
                    if self.messages and rng.random() < 0.6
                    else self.value(),
                )
        for key in (
            "request_id",
            "field",
            "status",
            "details",
            "retry_after",
            "retry_delay",
            "domain",
            "metadata",
        ):
            if env.get(key) and rng.random() < 0.4:
                value = self.value()
                if key == "retry_delay" and rng.random() < 0.6:
                    value = rng.choice(
                        ["30s", "1.5s", "0.0005s", "-3s", "30", "s", "1e2s"]
                    )
                if key == "status" and rng.random() < 0.6:
                    value = self.status()
                doc = put(env[key], value)
        if env.get("context") is not None and self.fields:
            members = {}
            for f in self.fields:
                if rng.random() < 0.5:
                    members[f["name"]] = (
                        self.typed(f["type"]) if rng.random() < 0.6 else self.value()
                    )
            doc = put(env["context"], members)
        items = env.get("items")
        if items and rng.random() < 0.5:
            array = []
            for _ in range(rng.randint(0, 3)):
                item: Any = {} if rng.random() < 0.9 else self.value()
                if isinstance(item, dict):
                    for key in ("code", "field", "location"):
                        if items.get(key) and rng.random() < 0.6:
                            item = set_at(
                                item,
                                items[key],
                                self.code() if key == "code" else self.value(),
                                {},
                            )
                    for pointer in items.get("message", []):
                        if rng.random() < 0.6:
                            item = set_at(item, pointer, self.value(), {})
                array.append(item)
            doc = put(items["at"], array if rng.random() < 0.9 else self.value())
        for condition in (
            c for cls in self.catalog["classes"] for c in cls.get("when", [])
        ):
            if "body" in condition and rng.random() < 0.4:
                doc = put(
                    condition["body"],
                    condition["equals"] if rng.random() < 0.7 else self.value(),
                )
        if rng.random() < 0.05:
            doc = [doc]
        return doc

    def typed(self, ty: str) -> Any:
        pools: dict[str, list[Any]] = {
            "string": STRINGS,
            "integer": [0, -3, 42, 2**53 - 1, 2**53, 2**53 + 1, 10**20, 7.0, 1e2],
            "number": [0, 1.5, -2.75, 1e300, 3, 2**60],
            "boolean": [True, False],
        }
        return self.rng.choice(pools[ty])

    def mutate(self, body: bytes) -> bytes:
        rng = self.rng
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        r = rng.random()
        if doc is not None and r < 0.5:
            doc = self.mutate_json(doc)
            # A lone surrogate (read from a "\ud800" escape) has no UTF-8:
            # it goes out escaped again.
            ascii_only = rng.random() < 0.5
            text = json.dumps(doc, ensure_ascii=ascii_only)
            try:
                return text.encode("utf-8")
            except UnicodeEncodeError:
                return json.dumps(doc, ensure_ascii=True).encode("utf-8")
        text = body.decode("utf-8", "replace")
        r = rng.random()
        if r < 0.2:
            return body[: rng.randint(0, len(body))]
        if r < 0.35:
            return (
                text.replace('"', '"\\ud800', 1).encode("utf-8")
                if '"' in text
                else body
            )
        if r < 0.5:
            i = text.find(":")
            return (
                (text[: i + 1] + ' 1e400, "pad":' + text[i + 1 :]).encode()
                if i >= 0
                else body
            )
        if r < 0.65 and text.startswith("{") and len(text) > 2:
            # Duplicate keys: the same member twice, the last one must win.
            return ("{" + text[1:-1] + "," + text[1:-1] + "}").encode("utf-8")
        if r < 0.75:
            return b"\xef\xbb\xbf" + body
        if r < 0.85:
            return body + b"\xff"
        return (" \n" + text + "\t").encode("utf-8")

    def mutate_json(self, doc: Any) -> Any:
        rng = self.rng
        if isinstance(doc, dict) and doc:
            key = rng.choice(sorted(doc))
            r = rng.random()
            if r < 0.3:
                return {k: v for k, v in doc.items() if k != key}
            if r < 0.6:
                return {**doc, key: self.value()}
            return {**doc, key: self.mutate_json(doc[key])}
        if isinstance(doc, list) and doc:
            i = rng.randrange(len(doc))
            return doc[:i] + [self.mutate_json(doc[i])] + doc[i + 1 :]
        return self.value()

    def garbage(self) -> bytes:
        rng = self.rng
        return rng.choice(
            [
                b"",
                b"   \n",
                b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                b"null",
                b"[]",
                b'"just a string"',
                b"42",
                b"{",
                b'{"a":',
                bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))),
                b"[" * 600 + b"]" * 600,
                b'{"a":' * 300 + b"1" + b"}" * 300,
                b"NaN",
                b'{"message": NaN}',
                b'{"message": Infinity}',
                '{"message": "caf\u00e9"}'.encode("latin-1"),
            ]
        )

    def case(self) -> dict[str, Any]:
        r = self.rng.random()
        if r < 0.55:
            body = json.dumps(
                self.envelope_body(), ensure_ascii=self.rng.random() < 0.5
            ).encode("utf-8")
        elif r < 0.85 and self.bodies:
            body = self.mutate(self.rng.choice(self.bodies))
        else:
            body = self.garbage()
        return {
            "status": self.status(),
            "headers": self.headers(),
            "body_base64": base64.b64encode(body).decode(),
            "now_unix_ms": NOW_MS,
        }


# ---------------------------------------------------------------- comparison


def canonical(value: Any) -> Any:
    """Numbers compare by their double value (15 == 15.0, and Go's
    1152921504606847000 is Python's 1.152921504606847e+18: both print the
    double 2^60); a boolean is not a number."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return int(number) if number.is_integer() else number
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in sorted(value.items())}
    return value


def disagreement(results: dict[str, Any]) -> list[str]:
    """The keys on which the languages' results differ (or `crash`)."""
    if any("crash" in r for r in results.values()):
        return ["crash"]
    wrong = []
    for key in KEYS:
        # A driver that cannot observe a key leaves it out (Go's sub-codes);
        # the others must still agree on it.
        values = {
            lang: json.dumps(canonical(r[key]), sort_keys=True)
            for lang, r in results.items()
            if key in r
        }
        if len(set(values.values())) > 1:
            wrong.append(key)
    return wrong


def run_drivers(
    drivers: dict[str, list[str]], cases: list[dict[str, Any]], work: Path
) -> list[dict[str, Any]]:
    """Per case, each language's result."""
    path = work / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    per_language = {}
    for lang, argv in drivers.items():
        done = subprocess.run(
            [*argv, str(path)],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        if done.returncode != 0:
            raise SystemExit(
                f"{lang} driver failed ({done.returncode}): {' '.join(argv)}\n{done.stderr[-4000:]}"
            )
        results = json.loads(done.stdout)
        if len(results) != len(cases):
            raise SystemExit(
                f"{lang} driver answered {len(results)} of {len(cases)} cases"
            )
        per_language[lang] = results
    return [
        {lang: per_language[lang][i] for lang in drivers} for i in range(len(cases))
    ]


def shrink_steps(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Smaller variants of `case`, one change each."""
    out = []
    for i in range(len(case["headers"])):
        out.append({**case, "headers": case["headers"][:i] + case["headers"][i + 1 :]})
    body = base64.b64decode(case["body_base64"])

    def with_body(b: bytes) -> dict[str, Any]:
        return {**case, "body_base64": base64.b64encode(b).decode()}

    try:
        doc = json.loads(body)
        compact = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )
        if compact != body:
            out.append(with_body(compact))
        for smaller in json_steps(doc):
            out.append(
                with_body(
                    json.dumps(
                        smaller, ensure_ascii=False, separators=(",", ":")
                    ).encode("utf-8")
                )
            )
    except ValueError:
        pass
    if len(body) > 1:
        out += [with_body(body[: len(body) // 2]), with_body(body[len(body) // 2 :])]
        out += [with_body(body[:-1]), with_body(body[1:])]
    return out


def json_steps(doc: Any) -> list[Any]:
    steps: list[Any] = []
    if isinstance(doc, dict):
        for key in doc:
            steps.append({k: v for k, v in doc.items() if k != key})
        for key, value in doc.items():
            steps += [{**doc, key: smaller} for smaller in json_steps(value)]
    elif isinstance(doc, list):
        for i in range(len(doc)):
            steps.append(doc[:i] + doc[i + 1 :])
        for i, value in enumerate(doc):
            steps += [
                doc[:i] + [smaller] + doc[i + 1 :] for smaller in json_steps(value)
            ]
    return steps


def minimise(
    drivers: dict[str, list[str]], case: dict[str, Any], keys: list[str], work: Path
) -> dict[str, Any]:
    for _ in range(40):
        candidates = shrink_steps(case)[:200]
        if not candidates:
            break
        results = run_drivers(drivers, candidates, work)
        better = next(
            (c for c, r in zip(candidates, results) if disagreement(r) == keys), None
        )
        if better is None:
            break
        case = better
    return case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "drivers",
        type=Path,
        help="JSON: {spec dir: {language: argv}} (written by xtask)",
    )
    parser.add_argument("--cases", type=int, default=400, help="cases per spec")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--findings", type=Path, default=ROOT / "target" / "differential" / "findings"
    )
    args = parser.parse_args()
    config = json.loads(args.drivers.read_text(encoding="utf-8"))
    vector_files = {}
    for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        vector_files[data["spec"]] = data.get("vectors", [])
    total = found = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for spec, drivers in sorted(config.items()):
            missing = [lang for lang in LANGUAGES if lang not in drivers]
            if missing:
                raise SystemExit(f"{spec}: no driver for {', '.join(missing)}")
            catalog = json.loads(
                (ROOT / spec)
                .parent.joinpath("generated", "catalog.json")
                .read_text(encoding="utf-8")
            )
            gen = Generator(catalog, vector_files.get(spec, []), args.seed)
            cases = [gen.case() for _ in range(args.cases)]
            results = run_drivers(drivers, cases, work)
            findings: list[dict[str, Any]] = []
            for case, result in zip(cases, results):
                keys = disagreement(result)
                if not keys:
                    continue
                if len(findings) < 5:
                    small = minimise(drivers, case, keys, work)
                    observed = run_drivers(drivers, [small], work)[0]
                    findings.append(
                        {
                            "name": f"differential seed {args.seed}: {', '.join(keys)}",
                            "keys": keys,
                            "status": small["status"],
                            "headers": small["headers"],
                            "body_base64": small["body_base64"],
                            "now_unix_ms": NOW_MS,
                            "observed": observed,
                        }
                    )
                found += 1
            total += len(cases)
            api = catalog["api"]["id"]
            print(
                f"{spec} ({api}): {len(cases)} cases, {sum(1 for r in results if disagreement(r))} disagreements"
            )
            if findings:
                args.findings.mkdir(parents=True, exist_ok=True)
                out = args.findings / f"{api}.json"
                out.write_text(
                    json.dumps(findings, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8",
                )
                for f in findings:
                    print(
                        f"  {f['name']}: status {f['status']}, headers {f['headers']}, body {base64.b64decode(f['body_base64'])[:200]!r}"
                    )
                    for lang, r in f["observed"].items():
                        print(
                            f"    {lang:10} {json.dumps({k: r.get(k) for k in (f['keys'] if f['keys'] != ['crash'] else ['crash'])}, ensure_ascii=False)}"
                        )
                print(f"  minimised findings written to {out}")
    print(f"{total - found} passed, {found} failed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
