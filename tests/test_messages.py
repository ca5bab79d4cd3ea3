"""Messages a user acts on: bad input is named (empty site, a missing --redirects path), chains
and loops are named with their path and length (one finding per loop), baseline findings name
the URL with its anchor, and a site older than its sources is pointed out."""

from __future__ import annotations

import os
import time

from conftest import urlkeeper
from test_check import check, codes, project

CHAIN = "redirects:\n" + "".join(f"  - from: /en/old-{i}/\n    to: /en/old-{i + 1}/\n" for i in range(9)) + \
    "  - from: /en/old-9/\n    to: /en/developer-portal/about/\n"
LOOP = "redirects:\n" + "".join(f"  - from: /en/loop-{i}/\n    to: /en/loop-{(i + 1) % 10}/\n" for i in range(10))
TWO = "redirects:\n  - from: /en/x/\n    to: /en/y/\n  - from: /en/y/\n    to: /en/x/\n  - from: /en/z/\n    to: /en/x/\n"


def test_a_chain_of_ten_rules_is_a_chain_with_its_path(tmp_path, tiny_site):
    proc, data = check(project(tmp_path, tiny_site, CHAIN, baselines={}), "-v")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first = [f for f in data["findings"] if f["url"] == "/en/old-0/"]
    assert [f["code"] for f in first] == ["UK108"]
    assert "chain of 10 redirects /en/old-0/ -> /en/old-1/" in first[0]["message"]
    assert first[0]["message"].endswith("collapsed to one hop, /en/developer-portal/about/")


def test_a_loop_of_ten_is_one_finding_with_its_path(tmp_path, tiny_site):
    proc, data = check(project(tmp_path, tiny_site, LOOP, baselines={}))
    assert proc.returncode == 2
    loops = [f for f in data["findings"] if f["code"] == "UK102"]
    assert len(loops) == 1, loops
    message = loops[0]["message"]
    assert message.startswith("redirect loop of 10 rules: /en/loop-0/ -> /en/loop-1/ -> ")
    assert "/en/loop-9/ -> /en/loop-0/;" in message and "(redirects/merge.yml:20)" in message


def test_a_loop_of_two_once_and_a_rule_leading_into_it(tmp_path, tiny_site):
    proc, data = check(project(tmp_path, tiny_site, TWO, baselines={}))
    loops = sorted(f["message"] for f in data["findings"] if f["code"] == "UK102")
    assert len(loops) == 2, loops
    assert loops[0].startswith("redirect loop of 2 rules: /en/x/ -> /en/y/ -> /en/x/")
    assert loops[1] == "target /en/x/ leads into the redirect loop /en/x/ -> /en/y/ -> /en/x/"


def test_redirects_option_takes_a_file_or_a_folder(tmp_path, tiny_site):
    root = project(tmp_path, tiny_site, baselines={"old.txt": "/en/apps/overview/\n"})
    (root / "elsewhere").mkdir()
    os.replace(root / "redirects" / "merge.yml", root / "elsewhere" / "merge.yml")
    proc, data = check(root)
    assert codes(data) == ["UK201"]  # no rules: the old URL is broken
    for path in ("elsewhere/merge.yml", "elsewhere"):
        proc, data = check(root, "--redirects", path)
        assert proc.returncode == 0 and codes(data) == [], (path, data)
    proc, _ = check(root, "--redirects", "elsewhere/nothing.yml")
    assert proc.returncode == 2 and "--redirects elsewhere/nothing.yml: no such file or folder" in proc.stderr


def test_baseline_findings_name_the_url_with_its_anchor(tmp_path, tiny_site):
    baseline = "/en/gone/\n/en/gone/#one\n/en/gone/#two\n"
    proc, data = check(project(tmp_path, tiny_site, "redirects: []\n", baselines={"old.txt": baseline}))
    messages = sorted(f["message"] for f in data["findings"] if f["code"] == "UK201")
    assert [m.split(" ")[0] for m in messages] == ["/en/gone/", "/en/gone/#one", "/en/gone/#two"]


def test_an_empty_site_is_bad_input(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "style.css").write_text("body{}")
    for command in ("check", "links"):
        proc = urlkeeper(command, "--site", "site", cwd=tmp_path)
        assert proc.returncode == 2, (command, proc.stdout, proc.stderr)
        assert "holds no HTML pages" in proc.stderr and "Traceback" not in proc.stderr


def test_a_site_older_than_its_markdown_is_pointed_out(tmp_path, tiny_site):
    root = project(tmp_path, tiny_site, baselines={})
    (root / "docs" / "en").mkdir(parents=True)
    page = root / "docs" / "en" / "index.md"
    page.write_text("# Home\n")
    built = os.stat(tiny_site / "sitemap.xml").st_mtime
    os.utime(root / "mkdocs.yml", (built - 60, built - 60))
    os.utime(page, (built - 60, built - 60))
    for command in ("check", "links"):
        proc = urlkeeper(command, cwd=root)
        assert "older than" not in proc.stderr, proc.stderr
    later = time.time() + 5
    os.utime(page, (later, later))
    for command in ("check", "links"):
        proc = urlkeeper(command, cwd=root)
        assert "is older than docs/en/index.md: run `mkdocs build` first" in proc.stderr, proc.stderr
