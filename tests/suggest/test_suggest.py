"""`urlkeeper redirects suggest` on a real MkDocs build restructured by hand, and the fingerprints."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

import pages
from conftest import urlkeeper
from suggestkit import restructured  # noqa: F401 (fixture)

from urlkeeper.suggest import extract, fingerprint


def _rules(text: str) -> dict[str, str]:
    data = yaml.safe_load(text)
    return {r["from"]: r["to"] for r in data["redirects"] or []}


# ---- fingerprints ----------------------------------------------------------------------------
def test_fingerprint_sidecar_round_trip_and_size(tmp_path):
    prints = [extract.from_markdown(f"/{p[:-3]}/", t) for p, t in pages.OLD.items()]
    path = tmp_path / "en.fingerprints"
    fingerprint.write(path, prints)
    back = fingerprint.read(path)
    assert sorted(back) == sorted(fp.url for fp in prints)
    for fp in prints:
        got = back[fp.url]
        assert (got.title, got.ids, got.headings, got.shingles) == (fp.title, fp.ids, fp.headings, fp.shingles)
        assert (got.sig == fp.sig).all()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == fingerprint.HEADER and lines[1:] == sorted(lines[1:])  # one line a page, sorted
    per_page = path.stat().st_size / len(prints)
    assert per_page < 400, per_page  # title, headings and a 128-byte signature
    assert back["/en/guides/events/"].ids == ("uid:events-catalogue",)


def test_custom_anchor_and_heading_text_from_markdown():
    fp = extract.from_markdown("/en/x/", pages.install(True))
    assert ("check", "Verify the installation") in fp.headings
    assert fp.headings[0] == ("installing-the-sdk", "Installing the SDK") and fp.title == "Installing the SDK"


def test_inventory_writes_the_sidecar_beside_an_unchanged_baseline(restructured):
    baseline = (restructured / "redirects/baselines/en.txt").read_text(encoding="utf-8").splitlines()
    assert baseline[0] == "# urlkeeper inventory v1" and "/en/guides/install/#requirements" in baseline
    prints = fingerprint.read(restructured / "redirects/baselines/en.fingerprints")
    assert set(prints) == {line for line in baseline if line.startswith("/") and "#" not in line}
    assert prints["/en/guides/auth/"].title == "Authentication"
    assert prints["/en/guides/events/"].ids == ("uid:events-catalogue",)  # from --docs


# ---- suggestions -----------------------------------------------------------------------------
@pytest.mark.parametrize("source", [[], ["--from-rev", "v1"], ["--old-site", "old-site"]], ids=["baseline", "from-rev", "old-site"])
def test_suggestions_for_rename_merge_split_and_deletion(restructured, source):
    proc = urlkeeper("redirects", "suggest", *source, cwd=restructured)
    assert proc.returncode == 0, proc.stderr
    assert _rules(proc.stdout) == pages.EXPECTED
    out = proc.stdout
    assert "#verify-the-installation -> #check" in out  # old anchor -> the new page's heading of that text
    assert "split: this page holds most of it, also in /en/auth/oauth/" in out
    gone = out.split("# Content gone", 1)[1]
    assert pages.GONE in gone and "- from: " + pages.GONE not in out
    assert "/en/guides/rate-limits/#retry-after-a-429 -> /en/guides/rate-limits/#retry" in out


def test_min_confidence_moves_rules_to_the_review_list(restructured):
    proc = urlkeeper("redirects", "suggest", "--min-confidence", "1", cwd=restructured)
    assert proc.returncode == 0, proc.stderr
    low = {k: v for k, v in _rules(proc.stdout).items()}
    assert len(low) < len(pages.EXPECTED)
    assert "# Below the confidence threshold 1.00" in proc.stdout


def test_check_accepts_the_suggested_map(restructured, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(restructured, project, ignore=shutil.ignore_patterns(".git"))
    before = urlkeeper("check", "--format", "json", cwd=project)
    assert before.returncode == 1 and "redirects suggest" in before.stderr  # the hint, one line
    assert sum(1 for line in before.stderr.splitlines() if "hint:" in line) == 1
    proc = urlkeeper("redirects", "suggest", "-o", "redirects/suggested.yml", cwd=project)
    assert proc.returncode == 0, proc.stderr
    after = urlkeeper("check", "--format", "json", cwd=project)
    assert after.returncode == 1, after.stderr  # still: the deleted page, and anchors no rule can carry
    found = json.loads(after.stdout)["findings"]
    broken = sorted({f["url"].split("#")[0] for f in found if f["code"] == "UK201"})
    assert broken == [pages.GONE]
    assert not [f for f in found if f["code"].startswith("UK1")]  # the map is valid


def test_old_baseline_without_fingerprints(restructured, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(restructured, project, ignore=shutil.ignore_patterns(".git"))
    (project / "redirects/baselines/en.fingerprints").unlink()
    check = urlkeeper("check", cwd=project)
    assert check.returncode == 1 and "UK201" in check.stdout
    proc = urlkeeper("redirects", "suggest", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert _rules(proc.stdout) == {}
    assert "without a fingerprint" in proc.stdout and "#   /en/guides/install/" in proc.stdout


# ---- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["redirects", "suggest", "--min-confidence", "2"], "expected a number from 0 to 1"),
    (["redirects", "suggest", "--from-rev", "no-such-rev"], "no-such-rev"),
    (["redirects", "suggest", "--old-site", "missing"], "missing: is not a folder"),
    (["redirects", "suggest", "-o", "mkdocs.yml"], "mkdocs.yml: exists already"),
    (["redirects", "suggest", "--from-rev", "v1", "--old-site", "old-site"], "not allowed with"),
    (["inventory", "site", "--fingerprints"], "--fingerprints needs"),
])
def test_bad_input_exits_2(restructured, args, message):
    proc = urlkeeper(*args, cwd=restructured)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_malformed_sidecar_names_file_and_line(restructured, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(restructured, project, ignore=shutil.ignore_patterns(".git"))
    sidecar = project / "redirects/baselines/en.fingerprints"
    lines = sidecar.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][:-20]
    sidecar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = urlkeeper("redirects", "suggest", cwd=project)
    assert proc.returncode == 2
    assert "en.fingerprints:3: malformed fingerprint" in proc.stderr and "Traceback" not in proc.stderr


def test_no_hint_when_every_published_url_resolves(restructured, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(restructured, project, ignore=shutil.ignore_patterns(".git"))
    assert urlkeeper("inventory", "site", "-o", "redirects/baselines/en.txt", cwd=project).returncode == 0
    proc = urlkeeper("check", cwd=project)
    assert proc.returncode == 0, proc.stdout
    assert "hint" not in proc.stderr
