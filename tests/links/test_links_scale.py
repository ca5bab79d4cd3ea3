"""Linear cost in the links and findings of one page: 200,000 links, half of them broken, on a
single page with its Markdown source, checked in seconds; ten times the links cost about ten
times the work, not a hundred."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from urlkeeper.links import LinkOptions, check_site

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from sitegen import one_page as big_page  # noqa: E402


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
