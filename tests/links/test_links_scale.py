"""Linear cost in the links and findings of one page: 200,000 links, half of them broken, on a
single page with its Markdown source, checked in seconds; ten times the links cost about ten
times the work, not a hundred."""

from __future__ import annotations

import time
from pathlib import Path

from urlkeeper.links import LinkOptions, check_site


def big_page(root: Path, links: int) -> Path:
    """A built site whose one page holds ``links`` links (every other one broken), and its source."""
    site, docs = root / "site", root / "docs"
    (site / "en" / "big").mkdir(parents=True)
    (docs / "en").mkdir(parents=True)
    (site / "en" / "ok").mkdir(parents=True)
    (site / "en" / "ok" / "index.html").write_text('<h1 id="top-of-ok">OK</h1>')
    md, html = ["# Big\n"], ['<html><body><header><a href="../../">Home</a></header><article class="md-content__inner">']
    for i in range(links):
        if i % 2:
            md.append(f"- [missing {i}](../missing-{i}.md)\n")
            html.append(f'<li><a href="../missing-{i}/">missing {i}</a></li>\n')
        else:
            md.append(f"- [ok {i}](ok.md#top-of-ok)\n")
            html.append(f'<li><a href="../ok/#top-of-ok" title="a > b">ok {i}</a></li>\n')
    html.append("</article></body></html>")
    (docs / "en" / "big.md").write_text("".join(md))
    (site / "en" / "big" / "index.html").write_text("".join(html))
    (site / "index.html").write_text("<h1>Home</h1>")
    return root


def run(root: Path) -> tuple[float, list]:
    started = time.perf_counter()
    report = check_site(LinkOptions(site_dir=root / "site", docs_dir=root / "docs", root=root, jobs=1))
    return time.perf_counter() - started, report.findings


def test_200000_links_on_one_page_in_seconds(tmp_path):
    small_time, small = run(big_page(tmp_path / "small", 20_000))
    big_time, big = run(big_page(tmp_path / "big", 200_000))
    assert len(small) == 10_000 and len(big) == 100_000
    last = max(big, key=lambda f: f.line or 0)
    assert last.code.id == "UK501" and last.file.endswith("docs/en/big.md") and last.line == 200_001
    assert "/en/missing-199999/" in last.message
    # Linear: ten times the links, at most ~10x the time (30x allows for a loaded machine; the
    # quadratic scanner this replaces took 100x). And seconds, not minutes.
    assert big_time < 30 * small_time + 5, (small_time, big_time)
    assert big_time < 60, big_time
