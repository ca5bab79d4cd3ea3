"""The scanner against a real HTML5 parser (html5lib, the oracle): on generated hostile pages and
on every page of a benchmark site (the real site: tests/test_site.py), both must find the same
links, the same ids and the same base URL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from urlkeeper.html_tokens import normalize, scan

sys.path.insert(0, str(Path(__file__).parent))
from adversarial import pages  # noqa: E402
from html_oracle import read  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GENERATED_PAGES = 10_000


def scanner(text: str):
    found = scan(normalize(text))
    return {(u, t, a) for u, t, a, _ in found.links}, found.anchors, found.base


def disagreements(texts) -> list[str]:
    out = []
    for name, text in texts:
        mine, oracle = scanner(text), read(text)
        if mine != oracle:
            out.append(f"{name}: scanner {mine} != html5lib {oracle}")
    return out


def test_the_cases_the_issue_names():
    page = ('<a title="a > b" href="/x/">x</a><h2 title="z>y" id="sec">S</h2><img alt="1>0" src="i.png">'
            '<textarea><a href="/in-textarea/"></textarea><TITLE><a href=/in-title/></title>'
            '<A HREF=/upper/ ID=Up>u</A><base href="/b/"><svg><a xlink:href="/svg-old/"/><a href="/svg/"/></svg>'
            '<noscript><a href="/in-noscript/"></noscript><style>a[href="/in-style/"]{}</style>')
    links, ids, base = scanner(page)
    assert {u for u, _, _ in links} == {"/x/", "i.png", "/upper/", "/svg-old/", "/svg/"}
    assert ids == {"sec", "Up"} and base == "/b/"
    assert (links, ids, base) == read(page)


def test_generated_hostile_pages_agree_with_html5lib():
    bad = disagreements((f"page {i}", text) for i, text in enumerate(pages(GENERATED_PAGES)))
    assert not bad, f"{len(bad)} of {GENERATED_PAGES} pages differ; first: {bad[0][:2000]}"


def built_pages(site: Path):
    """(name, text) of every HTML file of a built site (the real site's: tests/test_site.py)."""
    for path in sorted(site.rglob("*.html")):
        yield str(path.relative_to(site)), path.read_text(encoding="utf-8", errors="replace")


def test_every_page_of_a_benchmark_site_agrees(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from sitegen import generate

    generate(tmp_path / "bench", 300)
    texts = list(built_pages(tmp_path / "bench" / "site"))
    assert len(texts) >= 300
    assert not disagreements(texts)
