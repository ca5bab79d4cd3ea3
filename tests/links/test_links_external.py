"""`urlkeeper links --external` against a real HTTP server on 127.0.0.1, through LinkChecker."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import build, make_project, mkdocs_config, urlkeeper
from httpserver import LocalServer, refused_url


# Only the local server is ever contacted: the theme's CDN links (and anything else) are ignored.
LOCAL_ONLY = ("--ignore", r"^(?!http://127\.0\.0\.1:)")
FAST = ("--timeout", "2", "--per-host-rate", "50", "--threads", "8", *LOCAL_ONLY)


@pytest.fixture(scope="module")
def server():
    with LocalServer(slow_seconds=5) as s:
        yield s


def _site(base: Path, server: LocalServer, refused: str) -> Path:
    u = server.url
    pages = {
        "index.md": (
            "# Home\n\n"
            f"[fine]({u('/ok')})\n\n"                # 3
            f"[moved]({u('/moved')})\n\n"            # 5
            f"[temporary]({u('/temporary')})\n\n"    # 7
            f"[missing]({u('/missing')})\n\n"        # 9
            f"[gone]({u('/gone')})\n\n"              # 11
            f"[limited]({u('/limited')})\n\n"        # 13
            f"[busy]({u('/busy')})\n\n"              # 15
            f"[loop]({u('/loop-a')})\n\n"            # 17
            f"[chain]({u('/chain/7')})\n\n"          # 19
            f"[slow]({u('/slow')})\n\n"              # 21
            f"[refused]({refused})\n\n"              # 23
            f"[anchor ok]({u('/anchors#present')})\n\n"  # 25
            f"[anchor missing]({u('/anchors#absent')})\n"  # 27
        ),
        "other.md": f"# Other\n\nThe same [fine link]({u('/ok')}) again, and [another]({u('/other')}).\n",
    }
    project = make_project(base, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    return project


def _run(project: Path, *args: str):
    proc = urlkeeper("links", "--external", "--format", "json", *FAST, *args, cwd=project)
    data = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, data


def test_external_links_through_linkchecker(server, tmp_path):
    project = _site(tmp_path, server, refused_url())
    started = time.monotonic()
    proc, data = _run(project)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    got = {(f["line"], f["code"]) for f in data["findings"]}
    assert got == {
        (5, "UK513"),   # 301 -> 200: info with the final URL
        (9, "UK511"), (11, "UK511"),  # 404, 410
        (17, "UK514"),  # redirect loop
        (19, "UK514"),  # 7 hops > 5
        (21, "UK512"),  # slower than the timeout
        (23, "UK512"),  # connection refused
        (27, "UK515"),  # fragment missing on the page
    }, json.dumps(data, indent=1)
    assert all(f["file"] == "docs/index.md" for f in data["findings"])
    moved = [f for f in data["findings"] if f["code"] == "UK513"][0]
    assert moved["severity"] == "info" and moved["final_url"] == server.url("/final")
    # 429 and 503 were retried after Retry-After and then succeeded.
    assert server.hits["/limited"] == 2 and server.hits["/busy"] == 2
    # Each URL is fetched once, however many pages use it.
    assert server.hits["/ok"] == 1
    assert server.hits["/temporary"] == 1
    assert elapsed < 120

    # Second run: successes come from the cache (max age a week), failures are checked again.
    before = dict(server.hits)
    proc, data2 = _run(project)
    assert proc.returncode == 1
    assert {(f["line"], f["code"]) for f in data2["findings"]} == got
    assert server.hits["/ok"] == before["/ok"] and server.hits["/moved"] == before["/moved"]
    assert server.hits["/missing"] == before["/missing"] + 1
    # --max-age 0: everything is checked again.
    proc, _ = _run(project, "--max-age", "0")
    assert server.hits["/ok"] == before["/ok"] + 1


def test_a_run_always_ends_within_its_budget(server, tmp_path):
    pages = {"index.md": "# Home\n\n" + "\n\n".join(f"[slow {i}]({server.url('/slow')}?n={i})" for i in range(6)) + "\n"}
    project = make_project(tmp_path, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    started = time.monotonic()
    proc = urlkeeper("links", "--external", "--format", "json", "--no-cache", "--timeout", "30", "--budget", "3",
                     "--threads", "2", *LOCAL_ONLY, cwd=project)
    elapsed = time.monotonic() - started
    assert elapsed < 25, elapsed
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert {f["code"] for f in data["findings"]} <= {"UK517", "UK512"}
    assert any(f["code"] == "UK517" for f in data["findings"])


def test_always_rate_limited_is_a_warning_after_bounded_retries(server, tmp_path):
    pages = {"index.md": f"# Home\n\n[busy]({server.url('/always-limited')})\n"}
    project = make_project(tmp_path, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    proc = urlkeeper("links", "--external", "--format", "json", "--no-cache", "--retries", "1", *FAST, cwd=project)
    data = json.loads(proc.stdout)
    assert [f["code"] for f in data["findings"]] == ["UK516"]
    assert data["findings"][0]["severity"] == "warning"
    assert server.hits["/always-limited"] == 2
    assert proc.returncode == 1


def test_external_ignore_pattern(server, tmp_path):
    pages = {"index.md": f"# Home\n\n[missing]({server.url('/missing')}?ignored=1)\n"}
    project = make_project(tmp_path, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    proc = urlkeeper("links", "--external", "--no-cache", "--ignore", r"ignored=1", *FAST, cwd=project)
    assert proc.returncode == 0, proc.stdout
    assert re.search(r"0 external URLs", proc.stderr)


def _check(urls: dict, tmp_path: Path, **options):
    """The external pass on its own, in this process (so its time is measured exactly)."""
    from urlkeeper.links import LinkOptions, external
    from urlkeeper.links.sources import SourceMap

    opts = LinkOptions(site_dir=tmp_path, cache_dir=tmp_path / "cache", **options)
    return external.check(urls, opts, SourceMap(None), "site")


def test_the_time_budget_is_a_hard_limit(server, tmp_path):
    urls = {server.url(f"/slow?n={i}"): ["index.html"] for i in range(6)}  # 5 s each, 2 at a time
    started = time.monotonic()
    findings, stats = _check(urls, tmp_path, timeout=30, budget=3, threads=2)
    elapsed = time.monotonic() - started
    assert elapsed <= 3 + 1, elapsed
    assert [f.code.id for f in findings] == ["UK517"] * 6 and stats["external_unchecked"] == 6


def test_a_fragment_on_a_page_linkchecker_did_not_read_is_unchecked_and_not_cached(server, tmp_path):
    url = server.url("/huge#present")
    for _ in range(2):  # not cached as OK: the second run fetches it again
        before = server.hits["/huge"]
        findings, _ = _check({url: ["index.html"]}, tmp_path, timeout=10, budget=60)
        assert [f.code.id for f in findings] == ["UK518"], findings
        assert findings[0].code.severity.name == "WARNING" and "#present was not checked" in findings[0].message
        assert server.hits["/huge"] > before
