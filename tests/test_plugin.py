"""The MkDocs plugin: real `mkdocs build --strict` runs fail exactly when a guarantee breaks."""

from __future__ import annotations

from pathlib import Path

from conftest import TINY_PAGES, build, make_project, mkdocs_config, write_tree


def plugin_project(tmp_path: Path, rules: str, baseline: str, formats=(), **options) -> Path:
    plugin = {"urlkeeper": {"protected": ["/en/api/"], "formats": list(formats), **options}}
    return make_project(tmp_path, TINY_PAGES, mkdocs_config([plugin]), {
        "redirects/merge.yml": rules,
        "redirects/baselines/old.txt": baseline,
    })


RULES = "redirects:\n  - from: /en/apps/overview/\n    to: /en/developer-portal/about/\n"


def test_strict_build_passes_when_guarantees_hold(tmp_path):
    p = plugin_project(tmp_path, RULES, "/en/apps/overview/#roles\n/en/api/reference/\n")
    proc = build(p, "--strict")
    assert "urlkeeper:" in proc.stderr and "baseline URLs checked" in proc.stderr


def test_strict_build_fails_on_broken_baseline(tmp_path):
    p = plugin_project(tmp_path, RULES, "/en/developer-portal/about/\n/en/apps/removed/\n")
    proc = build(p, "--strict", check=False)
    assert proc.returncode != 0
    assert "UK201" in proc.stderr and "old.txt:2" in proc.stderr


def test_protected_page_removed_fails_the_build(tmp_path):
    p = plugin_project(tmp_path, RULES, "/en/api/reference/operations/list-contacts/#param-limit\n")
    (p / "docs/en/api/reference/operations/list-contacts.md").write_text("# List contacts\n\n## 200 {#response-200}\n")
    proc = build(p, "--strict", check=False)
    assert proc.returncode != 0 and "UK303" in proc.stderr and "#param-limit" in proc.stderr


def test_plugin_strict_option_fails_even_without_strict_flag(tmp_path):
    p = plugin_project(tmp_path, RULES, "/en/apps/removed/\n", strict=True)
    proc = build(p, check=False)
    assert proc.returncode != 0 and "broken guarantee" in proc.stderr


def test_malformed_map_is_a_clear_error_not_a_traceback(tmp_path):
    p = plugin_project(tmp_path, "redirects:\n  - from: /en/a/\n    to: [oops\n", "")
    proc = build(p, "--strict", check=False)
    assert proc.returncode != 0
    assert "merge.yml:" in proc.stderr and "malformed YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_plugin_option_is_reported(tmp_path):
    p = plugin_project(tmp_path, RULES, "", language_prefix="en")
    proc = build(p, check=False)
    assert proc.returncode != 0 and "language_prefix must start with '/'" in proc.stderr


def test_plugin_and_cli_see_the_same_site(tmp_path):
    """The plugin's in-memory inventory equals the one read back from site/ (no second read needed)."""
    from urlkeeper import check as check_mod, config as config_mod
    from urlkeeper.inventory import Inventory

    p = plugin_project(tmp_path, RULES, "/en/apps/overview/\n", write_inventory="build-inventory.txt")
    write_tree(p / "docs", {"en/extra.md": "# Extra {#extra-top}\n\n<a name=\"legacy-anchor\"></a>\n"})
    build(p, "--strict")
    cfg = config_mod.load(p / "mkdocs.yml")
    from_disk = Inventory.from_site(cfg.site_dir)
    assert "legacy-anchor" in from_disk.anchors("/en/extra/")
    assert (p / "build-inventory.txt").read_text() == from_disk.to_text()
    assert check_mod.run(cfg).findings == []
