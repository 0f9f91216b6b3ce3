"""Checks a generated error reference in a real browser (headless Chromium).

For the page given: it renders and its script runs; every in-page link
resolves to an element; and the search box filters the tables: loaded with
?q=<the first code's search words>, exactly the rows whose search text holds
every word stay visible (computed here independently), and empty sections hide.

Usage: python3 check_html.py CHROMIUM PAGE.html
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rows: list[tuple[str, bool]] = []  # (data-search, hidden)
        self.shown: str | None = None
        self.inputs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append((a.get("href") or "")[1:])
        if tag == "tr" and "data-search" in a:
            self.rows.append((a["data-search"] or "", "hidden" in a))
        if tag == "body":
            self.shown = a.get("data-shown")
        if tag == "input" and a.get("id") == "search":
            self.inputs.append(a.get("value") or "")


def dump(chromium: str, url: str) -> Dom:
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", url,
            ],
            capture_output=True, text=True, timeout=120, check=True,
        )
    dom = Dom()
    dom.feed(out.stdout)
    return dom


def main() -> int:
    chromium, page = sys.argv[1], Path(sys.argv[2]).resolve()
    url = page.as_uri()
    plain = dump(chromium, url)
    problems: list[str] = []
    if not plain.rows:
        problems.append("no error rows rendered")
    if plain.shown != str(len(plain.rows)):
        problems.append(f"script did not run or shows {plain.shown} of {len(plain.rows)} rows with no filter")
    missing = sorted({link for link in plain.links if link not in plain.ids})
    if missing:
        problems.append(f"links to missing anchors: {missing[:10]}")

    # Filter by the first row's first two words (its code and status).
    words = plain.rows[0][0].split()[:2] if plain.rows else ["x"]
    query = " ".join(words)
    filtered = dump(chromium, url + "?q=" + urllib.parse.quote(query))
    expected = [all(w in text for w in words) for text, _ in plain.rows]
    visible = [not hidden for _, hidden in filtered.rows]
    if visible != expected:
        problems.append(f"filtering by {query!r}: visible rows differ from the rows matching every word")
    if not any(visible):
        problems.append(f"filtering by {query!r} hid every row")
    if all(visible):
        problems.append(f"filtering by {query!r} hid nothing")

    for p in problems:
        print(f"{page}: {p}")
    if not problems:
        print(f"{page}: ok ({len(plain.rows)} rows, {len(plain.links)} links, filter {query!r} shows {sum(visible)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
