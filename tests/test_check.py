"""`urlkeeper check` on a real tiny MkDocs build: every guarantee and every kind of bad input."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import urlkeeper

GOOD_RULES = """
redirects:
  - from: /en/apps/overview/
    to: /en/developer-portal/about/
  - from: /en/apps/publish/beta/
    to: /en/developer-portal/standard-app/publish/#beta
  - from: /en/apps/certification/checklist.html
    to: /en/developer-portal/standard-app/certification/#checklist
  - from: /en/apps/*
    to: /en/developer-portal/*
  - from: /*
    to: /en/*
"""

OLD_BASELINE = """
# urlkeeper inventory v1
/en/apps/overview/
/en/apps/overview/#overview
/en/apps/publish/beta/
/en/apps/publish/beta/#duration
/en/apps/getting-started/
/en/api/reference/operations/list-contacts/
/en/api/reference/operations/list-contacts/#param-limit
"""

LEGACY_BASELINE = """
/apps/overview.html
/apps/overview.html#roles
/apps/publish/beta.html
/apps/certification/checklist.html
/api/reference/operations/list-contacts.html#response-200
/developer-portal/about.html
"""


def project(tmp_path: Path, site: Path, rules: str | dict[str, str] = GOOD_RULES,
            baselines: dict[str, str] | None = None, plugin: dict | None = None) -> Path:
    """A project folder whose config points at the shared tiny build."""
    maps = {"merge.yml": rules} if isinstance(rules, str) else rules
    for name, text in maps.items():
        (tmp_path / "redirects").mkdir(exist_ok=True)
        (tmp_path / "redirects" / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (tmp_path / "redirects" / "baselines").mkdir(parents=True, exist_ok=True)
    for name, text in (baselines if baselines is not None else {"old.txt": OLD_BASELINE, "legacy.txt": LEGACY_BASELINE}).items():
        (tmp_path / "redirects" / "baselines" / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    options = {"protected": ["/en/api/"], "formats": []}
    options.update(plugin or {})
    import yaml

    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "site_dir": str(site), "plugins": [{"urlkeeper": options}],
    }), encoding="utf-8")
    return tmp_path


def check(tmp_path: Path, *args: str):
    proc = urlkeeper("check", "--format", "json", *args, cwd=tmp_path)
    data = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, data


def codes(data) -> list[str]:
    return [f["code"] for f in data["findings"] if f["severity"] != "info"]


def test_clean_merge_passes_and_every_old_form_resolves(tmp_path, tiny_site):
    proc, data = check(project(tmp_path, tiny_site))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert codes(data) == []


def test_terminal_report_is_the_default(tmp_path, tiny_site):
    proc = urlkeeper("check", cwd=project(tmp_path, tiny_site))
    assert proc.returncode == 0
    assert "urlkeeper: no findings" in proc.stdout


def test_malformed_yaml_names_file_and_line(tmp_path, tiny_site):
    bad = "redirects:\n  - from: /en/a/\n    to: [unclosed\n  - from: /en/b/\n"
    proc = urlkeeper("check", cwd=project(tmp_path, tiny_site, bad))
    assert proc.returncode == 2
    assert "merge.yml:" in proc.stderr and "malformed YAML" in proc.stderr
    assert "Traceback" not in proc.stderr
    line = int(proc.stderr.split("merge.yml:")[1].split(":")[0])
    assert line in (3, 4)


@pytest.mark.parametrize("text, message", [
    ("redirects:\n  - from: /en/a/\n", "needs a non-empty 'to'"),
    ("redirects:\n  - from: /en/a/\n    to: /en/\n    status: 404\n", "status must be one of"),
    ("redirects:\n  - from: en/a/\n    to: /en/\n", "must be a site-relative path"),
    ("redirects:\n  - from: /en/a/?x=1\n    to: /en/\n", "cannot carry a query or fragment"),
    ("redirects:\n  - from: /en/a/\n    to: /en/\n    colour: red\n", "unknown key 'colour'"),
    ("rules: []\n", "unknown top-level key 'rules'"),
    ("redirects:\n  - from: /en/*/x/\n    to: /en/\n", "only allowed at the end"),
])
def test_schema_errors_are_bad_input(tmp_path, tiny_site, text, message):
    proc = urlkeeper("check", cwd=project(tmp_path, tiny_site, text))
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "merge.yml:" in proc.stderr


def one(data, code):
    found = [f for f in data["findings"] if f["code"] == code]
    assert found, data
    return found[0]


def test_loop_is_bad_input_with_location(tmp_path, tiny_site):
    rules = """
    redirects:
      - from: /en/a/
        to: /en/b/
      - from: /en/b/
        to: /en/c/
      - from: /en/c/
        to: /en/a/
    """
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    f = one(data, "UK102")
    assert f["file"].endswith("merge.yml") and f["line"] in (2, 4, 6)
    assert "redirect loop" in f["message"]


def test_duplicate_sources_across_forms_and_files(tmp_path, tiny_site):
    rules = {
        "a.yml": "redirects:\n  - from: /en/apps/x/\n    to: /en/developer-portal/about/\n",
        "b.yml": "redirects:\n  - from: /en/apps/x.html\n    to: /en/developer-portal/\n",
    }
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    f = one(data, "UK101")
    assert f["file"].endswith("b.yml") and f["line"] == 2
    assert "a.yml:2" in f["message"]


def test_missing_target_and_missing_anchor(tmp_path, tiny_site):
    rules = """
    redirects:
      - from: /en/apps/x/
        to: /en/developer-portal/nowhere/
      - from: /en/apps/y/
        to: /en/developer-portal/about/#no-such-section
    """
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    assert one(data, "UK103")["line"] == 2
    assert one(data, "UK104")["line"] == 4


def test_source_that_shadows_a_live_page(tmp_path, tiny_site):
    rules = "redirects:\n  - from: /en/developer-portal/about.html\n    to: /en/\n"
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    assert "live page" in one(data, "UK105")["message"]


@pytest.mark.parametrize("target, code", [
    ("javascript:alert(1)", "UK106"),
    ("data:text/html,<b>x</b>", "UK106"),
    ("/en/../../etc/passwd", "UK106"),
    ("/en/%2e%2e/secret/", "UK106"),
    ("https://evil.example.net/", "UK107"),
    ("//evil.example.net/x", "UK107"),
    ("en/relative/", "UK106"),
])
def test_unsafe_targets_are_refused(tmp_path, tiny_site, target, code):
    rules = f"redirects:\n  - from: /en/apps/x/\n    to: '{target}'\n"
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    assert one(data, code)["line"] == 2


def test_external_target_allowed_when_host_listed(tmp_path, tiny_site):
    rules = "redirects:\n  - from: /en/apps/forum/\n    to: https://community.example.org/apps\n"
    p = project(tmp_path, tiny_site, rules, baselines={}, plugin={"allowed_hosts": ["community.example.org"]})
    proc, data = check(p)
    assert proc.returncode == 0, data
    proc, data = check(p, "--allow-host", "other.example.org")
    assert proc.returncode == 2


def test_chain_is_collapsed_and_reported_as_info(tmp_path, tiny_site):
    rules = """
    redirects:
      - from: /en/old/
        to: /en/apps/overview/
      - from: /en/apps/overview/
        to: /en/developer-portal/about/
    """
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 0
    f = one(data, "UK108")
    assert f["severity"] == "info" and "/en/developer-portal/about/" in f["message"]


def test_broken_baseline_url_names_file_and_line(tmp_path, tiny_site):
    baseline = "# old site\n/en/developer-portal/about/\n/en/apps/removed-page/\n"
    rules = "redirects: []\n"
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={"old.txt": baseline}))
    assert proc.returncode == 1
    f = one(data, "UK201")
    assert f["file"].endswith("old.txt") and f["line"] == 3 and "/en/apps/removed-page/" in f["message"]


def test_baseline_anchor_missing_after_redirect(tmp_path, tiny_site):
    baseline = "/en/apps/overview/#overview\n/en/apps/overview/#gone-heading\n"
    proc, data = check(project(tmp_path, tiny_site, baselines={"old.txt": baseline}))
    assert proc.returncode == 1
    f = one(data, "UK202")
    assert f["line"] == 2 and "#gone-heading" in f["message"]


def test_rule_fragment_wins_over_old_fragment(tmp_path, tiny_site):
    # /en/apps/publish/beta/ was folded into the #beta section: old anchors land there.
    proc, data = check(project(tmp_path, tiny_site, baselines={"old.txt": "/en/apps/publish/beta/#whatever\n"}))
    assert proc.returncode == 0, data


def test_protected_url_removed(tmp_path, tiny_site):
    baseline = "/en/api/reference/operations/delete-contact/\n"
    proc, data = check(project(tmp_path, tiny_site, "redirects: []\n", baselines={"api.txt": baseline}))
    assert proc.returncode == 1
    f = one(data, "UK301")
    assert "/en/api/reference/operations/delete-contact/" in f["message"] and f["line"] == 1


def test_protected_url_redirected(tmp_path, tiny_site):
    rules = "redirects:\n  - from: /en/*\n    to: /en/\n"
    baseline = "/en/api/reference/operations/delete-contact/\n"
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={"api.txt": baseline}))
    assert proc.returncode == 1
    assert "only redirects to /en/" in one(data, "UK302")["message"]


def test_protected_anchor_removed(tmp_path, tiny_site):
    baseline = "/en/api/reference/operations/list-contacts/#param-limit\n/en/api/reference/operations/list-contacts/#param-cursor\n"
    proc, data = check(project(tmp_path, tiny_site, "redirects: []\n", baselines={"api.txt": baseline}))
    assert proc.returncode == 1
    f = one(data, "UK303")
    assert f["line"] == 2 and "#param-cursor" in f["message"]


def test_rule_under_protected_prefix_is_refused(tmp_path, tiny_site):
    rules = "redirects:\n  - from: /en/api/reference/old/\n    to: /en/api/reference/\n"
    proc, data = check(project(tmp_path, tiny_site, rules, baselines={}))
    assert proc.returncode == 2
    assert one(data, "UK109")["line"] == 2


def test_cli_options_override_config(tmp_path, tiny_site):
    baseline = "/en/api/reference/operations/delete-contact/\n"
    p = project(tmp_path, tiny_site, "redirects: []\n", baselines={"api.txt": baseline})
    proc, data = check(p, "--protected", "/en/other/")
    assert "UK201" in codes(data) and "UK301" not in codes(data)


def test_missing_site_is_bad_input(tmp_path, tiny_site):
    p = project(tmp_path, tiny_site)
    proc = urlkeeper("check", "--site", str(tmp_path / "nope"), cwd=p)
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_reporters_json_junit_github(tmp_path, tiny_site):
    p = project(tmp_path, tiny_site, "redirects: []\n", baselines={"old.txt": "/en/apps/gone/\n"})
    proc = urlkeeper("check", "--format", "junit", "-o", str(tmp_path / "r.xml"), cwd=p)
    assert proc.returncode == 1
    suite = ET.parse(tmp_path / "r.xml").getroot()
    assert suite.get("failures") == "1"
    assert suite.find(".//failure") is not None
    proc = urlkeeper("check", "--format", "github", cwd=p)
    assert proc.stdout.startswith("::error file=")
    assert ",line=1," in proc.stdout and "UK201" in proc.stdout
    proc = urlkeeper("check", "--format", "json", cwd=p)
    data = json.loads(proc.stdout)
    assert data["summary"]["error"] == 1


def test_usage_error_exits_2(tmp_path):
    proc = urlkeeper("check", "--no-such-option", cwd=tmp_path)
    assert proc.returncode == 2
    proc = urlkeeper("frobnicate", cwd=tmp_path)
    assert proc.returncode == 2
