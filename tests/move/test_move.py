"""`urlkeeper move` / `urlkeeper apply` on real tiny sites: every link form, folding,
conflicts, rollback, idempotence, mkdocs.yml round trips, redirects that keep old URLs working."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from movekit import build, config, git, project, read, snapshot, uk, write

PAGES = {
    "en/index.md": """
        ---
        title: Home
        links: [apps/overview.md]
        ---
        # Home

        Inline [overview](apps/overview.md#roles), with a query [q](apps/overview.md?tab=1#roles),
        an image ![logo](apps/media/logo.png "The logo"), a reference [ref][ov],
        an angle link [angle](<apps/overview.md>), a URL-style link [dir](apps/overview/#roles),
        an absolute one [abs](/en/apps/overview/), an autolink <https://docs.example.com/en/apps/overview/>,
        raw HTML <a href="apps/overview/#roles">html</a> and <img src="apps/media/logo.png" alt="x">.
        External [ext](https://example.org/en/apps/overview.md) and <https://example.org/x>.
        Inline code `[code](apps/overview.md)` and ``[two](apps/overview.md)`` stay.

        ```markdown
        [fenced](apps/overview.md)
        ```

            [indented](apps/overview.md)

        <!-- [comment](apps/overview.md) -->

        --8<-- "snippets/note.md"

        [ov]: apps/overview.md#roles "Overview"
        """,
    "en/apps/index.md": "# Apps\n\nStart with the [overview](overview.md).\n",
    "en/apps/overview.md": """
        # Overview

        ## Roles {#roles}

        Back [home](../index.md), the [apps](index.md), [publish](../developer-portal/standard-app/publish.md#release).

        ![logo](media/logo.png)
        """,
    "en/apps/media/logo.png": b"\x89PNG\r\n\x1a\nfake",
    "en/apps/beta.md": """
        # Beta program

        ## Duration {#duration}

        Two weeks; see the [overview](overview.md#roles) and [above](#duration).
        """,
    "en/developer-portal/index.md": "# Portal\n\n[About](about.md)\n",
    "en/developer-portal/about.md": "# About\n\n## Overview {#overview}\n",
    "en/developer-portal/standard-app/publish.md": """
        # Publish

        ## Release {#release}

        After the [beta](../../apps/beta.md) ends.

        ## Pricing {#pricing}

        Free.
        """,
    "snippets/note.md": "A shared note.\n",
}

NAV = [
    {"Home": "en/index.md"},
    {"Apps": ["en/apps/index.md", {"Overview": "en/apps/overview.md"}, {"Beta": "en/apps/beta.md"}]},
    {"Portal": ["en/developer-portal/index.md", "en/developer-portal/about.md",
                {"Publish": "en/developer-portal/standard-app/publish.md"}]},
]


def site(tmp_path: Path, **kw) -> Path:
    return project(tmp_path / "p", PAGES, config(nav=NAV), **kw)


def plan(base: Path, name: str, moves: list[tuple[str, str]]) -> str:
    rel = f"redirects/plans/{name}.yml"
    write(base, {rel: "moves:\n" + "".join(f"  - from: {a}\n    to: {b}\n" for a, b in moves)})
    return rel


def ok(proc):
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


# ---- every link form -------------------------------------------------------------------------


def test_page_move_rewrites_every_link_form(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "en/apps/overview.md", "en/developer-portal/apps-overview.md"))
    index = read(base, "en/index.md")
    expected = textwrap.dedent(PAGES["en/index.md"]).lstrip("\n")
    for old, new in [
        ("[overview](apps/overview.md#roles)", "[overview](developer-portal/apps-overview.md#roles)"),
        ("[q](apps/overview.md?tab=1#roles)", "[q](developer-portal/apps-overview.md?tab=1#roles)"),
        ("[angle](<apps/overview.md>)", "[angle](<developer-portal/apps-overview.md>)"),
        ("[dir](apps/overview/#roles)", "[dir](developer-portal/apps-overview/#roles)"),
        ("[abs](/en/apps/overview/)", "[abs](/en/developer-portal/apps-overview/)"),
        ("<https://docs.example.com/en/apps/overview/>", "<https://docs.example.com/en/developer-portal/apps-overview/>"),
        ('<a href="apps/overview/#roles">', '<a href="developer-portal/apps-overview/#roles">'),
        ('[ov]: apps/overview.md#roles "Overview"', '[ov]: developer-portal/apps-overview.md#roles "Overview"'),
    ]:
        assert old in expected
        expected = expected.replace(old, new)
    assert index == expected  # and nothing else: code, comments, front matter, externals kept
    moved = read(base, "en/developer-portal/apps-overview.md")
    assert "Back [home](../index.md), the [apps](../apps/index.md), [publish](standard-app/publish.md#release)." in moved
    assert "![logo](../apps/media/logo.png)" in moved
    assert read(base, "en/apps/index.md") == "# Apps\n\nStart with the [overview](../developer-portal/apps-overview.md).\n"
    cfg = (base / "mkdocs.yml").read_text()
    assert "Overview: en/developer-portal/apps-overview.md" in cfg and "en/apps/overview.md" not in cfg
    rules = yaml.safe_load((base / "redirects/moves.yml").read_text())["redirects"]
    assert rules == [{"from": "/en/apps/overview/", "to": "/en/developer-portal/apps-overview/"}]
    assert "RM docs/en/apps/overview.md -> docs/en/developer-portal/apps-overview.md" in git(base, "status", "--porcelain")
    build(base)  # --strict with link and anchor validation


def test_folder_move_keeps_images_and_snippets_working(tmp_path):
    base = site(tmp_path)
    write(base / "docs", {"en/apps/tips.md": '# Tips\n\n--8<-- "en/apps/media/tip.txt"\n', "en/apps/media/tip.txt": "A tip.\n"})
    git(base, "add", "-A")
    git(base, "commit", "-qm", "tips")
    ok(uk(base, "apply", plan(base, "merge", [("en/apps/", "en/developer-portal/apps/")])))
    assert not (base / "docs/en/apps").exists()
    assert (base / "docs/en/developer-portal/apps/media/logo.png").read_bytes() == PAGES["en/apps/media/logo.png"]
    index = read(base, "en/index.md")
    assert '![logo](developer-portal/apps/media/logo.png "The logo")' in index
    assert '<img src="developer-portal/apps/media/logo.png" alt="x">' in index
    assert read(base, "en/developer-portal/apps/tips.md") == '# Tips\n\n--8<-- "en/developer-portal/apps/media/tip.txt"\n'
    moved = read(base, "en/developer-portal/apps/overview.md")
    assert "![logo](media/logo.png)" in moved  # moved together: untouched
    assert "[publish](../standard-app/publish.md#release)" in moved
    rules = yaml.safe_load((base / "redirects/merge.yml").read_text())["redirects"]
    assert {"from": "/en/apps/", "to": "/en/developer-portal/apps/"} in rules
    assert {"from": "/en/apps/beta/", "to": "/en/developer-portal/apps/beta/"} in rules
    assert not any("logo" in r["from"] for r in rules)
    status = git(base, "status", "--porcelain")
    assert "R  docs/en/apps/media/logo.png -> docs/en/developer-portal/apps/media/logo.png" in status
    build(base)
    html = (base / "site/en/index.html").read_text()
    assert 'src="developer-portal/apps/media/logo.png"' in html
    assert (base / "site/en/developer-portal/apps/media/logo.png").exists()


def test_snippet_file_move_rewrites_includes(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "snippets/note.md", "snippets/shared/note.md"))
    assert '--8<-- "snippets/shared/note.md"' in read(base, "en/index.md")
    assert not (base / "redirects/moves.yml").exists()  # not a published page: no rule
    build(base)


# ---- folding ------------------------------------------------------------------------------------


def test_fold_appends_section_retires_page_and_redirects(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "apply", plan(base, "merge", [("en/apps/beta.md", "en/developer-portal/standard-app/publish.md#beta")])))
    assert not (base / "docs/en/apps/beta.md").exists()
    publish = read(base, "en/developer-portal/standard-app/publish.md")
    assert publish.endswith(
        "## Pricing {#pricing}\n\nFree.\n\n## Beta program { #beta }\n\n### Duration {#duration}\n\n"
        "Two weeks; see the [overview](../../apps/overview.md#roles) and [above](#duration).\n")
    assert "After the [beta](#beta) ends." in publish
    cfg = (base / "mkdocs.yml").read_text()
    assert "Beta:" not in cfg and "en/apps/beta.md" not in cfg
    rules = yaml.safe_load((base / "redirects/merge.yml").read_text())["redirects"]
    assert rules == [{"from": "/en/apps/beta/", "to": "/en/developer-portal/standard-app/publish/#beta"}]
    assert "D  docs/en/apps/beta.md" in git(base, "status", "--porcelain")
    build(base)


def test_fold_into_existing_anchor_goes_to_the_end_of_that_section(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "en/apps/beta.md", "en/developer-portal/standard-app/publish.md#release"))
    publish = read(base, "en/developer-portal/standard-app/publish.md")
    assert publish == (
        "# Publish\n\n## Release {#release}\n\nAfter the [beta](#release) ends.\n\n"
        "### Duration {#duration}\n\nTwo weeks; see the [overview](../../apps/overview.md#roles) and [above](#duration).\n\n"
        "## Pricing {#pricing}\n\nFree.\n")
    build(base)


def test_fold_reports_anchor_clash_as_warning(tmp_path):
    base = site(tmp_path)
    write(base / "docs", {"en/developer-portal/about.md": "# About\n\n## Duration {#duration}\n"})
    proc = ok(uk(base, "move", "en/apps/beta.md", "en/developer-portal/about.md#beta"))
    assert "warning" in proc.stderr and "#duration" in proc.stderr


# ---- conflicts, rollback, idempotence -----------------------------------------------------------


@pytest.mark.parametrize("moves, message", [
    ([("en/apps/nothing.md", "en/x.md")], "source not found: en/apps/nothing.md"),
    ([("en/apps/overview.md", "en/developer-portal/about.md")], "target exists: en/developer-portal/about.md"),
    ([("en/apps/overview.md", "en/x.md"), ("en/apps/beta.md", "en/x.md")], "two moves to one place"),
    ([("en/apps/", "en/apps/old/")], "cannot move a folder into itself"),
    ([("en/apps/beta.md", "en/nowhere.md#beta")], "fold target not found"),
    ([("en/apps/overview.md", "en/x.md"), ("en/apps/overview.md", "en/y.md")], "moved twice"),
    ([("en/apps/overview.md", "en/a/overview.png")], "must stay a Markdown file"),
    ([("en/apps/overview.md", "en/index.md/x.md")], "is a file"),
    ([("en/apps/overview.md", "../outside.md")], "must be inside docs_dir"),
    ([("en/apps/beta.md", "en/apps/overview/index.md")], "which en/apps/overview.md already is"),
])
def test_conflicts_are_reported_with_plan_line_and_change_nothing(tmp_path, moves, message):
    base = site(tmp_path)
    rel = plan(base, "bad", moves)
    before = snapshot(base)
    proc = uk(base, "apply", rel)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and f"{rel}:" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(base) == before
    dry = uk(base, "apply", rel, "--dry-run")
    assert dry.returncode == 2 and message in dry.stdout and "## Conflicts" in dry.stdout


@pytest.mark.parametrize("fail_after", [0, 1, 3, 6, 9])
def test_error_half_way_leaves_tree_and_index_unchanged(tmp_path, fail_after):
    base = site(tmp_path)
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/"),
                               ("en/developer-portal/about.md", "en/developer-portal/standard-app/publish.md#about")])
    before = snapshot(base)
    proc = uk(base, "apply", rel, env={"URLKEEPER_MOVE_FAIL_AFTER": str(fail_after)})
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "injected failure" in proc.stderr and "nothing was changed" in proc.stderr
    assert snapshot(base) == before


def test_git_failure_after_files_moved_rolls_back(tmp_path):
    base = site(tmp_path)
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/")])
    before = snapshot(base)
    lock = base / ".git/index.lock"
    lock.write_text("")  # another git process holds the index: update-index fails after the moves
    try:
        proc = uk(base, "apply", rel)
    finally:
        lock.unlink()
    assert proc.returncode == 3 and "git update-index failed" in proc.stderr
    assert snapshot(base) == before


def test_applying_the_same_plan_twice_is_a_no_op(tmp_path):
    base = site(tmp_path)
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/"),
                               ("en/developer-portal/about.md", "en/developer-portal/standard-app/publish.md#about")])
    ok(uk(base, "apply", rel))
    after = snapshot(base)
    again = ok(uk(base, "apply", rel))
    assert "nothing to do" in again.stdout
    assert snapshot(base) == after
    assert "nothing to do" in ok(uk(base, "apply", rel, "--dry-run")).stdout


def test_dry_run_prints_the_whole_plan_and_changes_nothing(tmp_path):
    base = site(tmp_path)
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/"),
                               ("en/developer-portal/about.md", "en/developer-portal/standard-app/publish.md#about")])
    before = snapshot(base)
    out = ok(uk(base, "apply", rel, "--dry-run")).stdout
    assert snapshot(base) == before
    assert "move  en/apps/media/logo.png -> en/developer-portal/apps/media/logo.png" in out
    assert "fold  en/developer-portal/about.md -> en/developer-portal/standard-app/publish.md#about" in out
    assert "--- a/docs/en/index.md\n+++ b/docs/en/index.md" in out
    assert "-Inline [overview](apps/overview.md#roles)" in out
    assert "+Inline [overview](developer-portal/apps/overview.md#roles)" in out
    assert "--- a/mkdocs.yml" in out
    assert "  - from: /en/developer-portal/about/\n    to: /en/developer-portal/standard-app/publish/#about" in out
    assert "## Conflicts\n  (none)" in out


def test_no_git_moves_files_plainly(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "en/apps/overview.md", "en/overview.md", "--no-git"))
    status = git(base, "status", "--porcelain")
    assert " D docs/en/apps/overview.md" in status and "?? docs/en/overview.md" in status


def test_works_outside_git(tmp_path):
    base = project(tmp_path / "p", PAGES, config(nav=NAV), git_repo=False)
    ok(uk(base, "move", "en/apps/", "en/applications/"))
    assert (base / "docs/en/applications/overview.md").exists()
    build(base)


# ---- mkdocs.yml round trip -----------------------------------------------------------------------

CONFIG_WITH_TAGS = """
# Site configuration: comments, order and tags must survive.
site_name: Tiny   # trailing comment
site_url: https://docs.example.com/
docs_dir: docs
exclude_docs: |
  /snippets/
theme:
  name: material
  features: [navigation.sections]   # flow list kept
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
  - pymdownx.snippets:
      base_path: [docs]
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics: !ENV [ANALYTICS_ID, "none"]
nav:
  # top of the nav
  - Home: en/index.md
  - Apps:
      - en/apps/index.md
      - 'Overview': 'en/apps/overview.md'    # quoted
      - "Beta": "en/apps/beta.md"
  - Portal:
      - en/developer-portal/index.md
      - en/developer-portal/about.md
      - Publish: en/developer-portal/standard-app/publish.md
  - External: https://example.org/
copyright: Example   # after the nav
"""


def test_mkdocs_yml_keeps_comments_order_and_tags(tmp_path):
    base = project(tmp_path / "p", PAGES, CONFIG_WITH_TAGS)
    before = (base / "mkdocs.yml").read_text()
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/"),
                               ("en/apps/beta.md", "en/developer-portal/standard-app/publish.md#beta")])
    ok(uk(base, "apply", rel))
    after = (base / "mkdocs.yml").read_text()
    expected = (before.replace("      - en/apps/index.md", "      - en/developer-portal/apps/index.md")
                .replace("'en/apps/overview.md'", "'en/developer-portal/apps/overview.md'")
                .replace('      - "Beta": "en/apps/beta.md"\n', ""))
    assert after == expected
    from ruamel.yaml import YAML

    data = YAML().load(after)  # round-trip loader: tags kept as tagged scalars
    emoji = data["markdown_extensions"][3]["pymdownx.emoji"]
    assert emoji["emoji_index"].tag.value == "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji"
    assert list(data) == list(YAML().load(before))
    build(base)


def test_a_redirect_map_that_is_not_utf8_is_bad_input_and_changes_nothing(tmp_path):
    base = site(tmp_path)
    write(base, {"redirects/legacy.yml": "redirects:\n  - from: /x/\n    to: /caf\xe9/\n".encode("latin-1")})
    before = snapshot(base)
    proc = uk(base, "move", "en/apps/overview.md", "en/x.md")
    assert proc.returncode == 2 and "redirects/legacy.yml: not UTF-8 text" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(base) == before


def test_flow_style_nav_that_needs_an_entry_removed_is_a_conflict(tmp_path):
    cfg = config(nav=[{"Apps": ["en/apps/index.md", "en/apps/beta.md"]}])
    base = project(tmp_path / "p", PAGES, yaml.safe_dump(cfg, default_flow_style=None, sort_keys=False))
    cfg_text = (base / "mkdocs.yml").read_text()
    assert "[en/apps/index.md, en/apps/beta.md]" in cfg_text
    proc = uk(base, "move", "en/apps/beta.md", "en/developer-portal/about.md#beta")
    assert proc.returncode == 2 and "flow-style nav" in proc.stderr
    assert (base / "mkdocs.yml").read_text() == cfg_text


# ---- redirects: old URLs keep working -----------------------------------------------------------


def test_old_urls_keep_working_after_apply(tmp_path):
    base = site(tmp_path, files={"redirects/legacy.yml": """
        # Older restructuring
        redirects:
          - from: /en/old-overview/
            to: /en/apps/overview/#roles
          - from: /en/old-beta/
            to: /en/apps/beta/
        """})
    build(base)
    ok(uk(base, "inventory", "site", "-o", "redirects/baselines/before.txt"))
    rel = plan(base, "merge", [("en/apps/", "en/developer-portal/apps/"),
                               ("en/apps/beta.md", "en/developer-portal/standard-app/publish.md#beta")])
    ok(uk(base, "apply", rel))
    legacy = (base / "redirects/legacy.yml").read_text()
    assert legacy.startswith("# Older restructuring\n")
    assert "to: /en/developer-portal/apps/overview/#roles" in legacy  # pointed at the new URL: no chain
    assert "to: /en/developer-portal/standard-app/publish/#beta" in legacy
    build(base)
    proc = uk(base, "check", "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    import json

    findings = [f for f in json.loads(proc.stdout)["findings"] if f["severity"] != "info"]
    assert findings == []


def test_page_to_index_of_same_url_needs_no_rule(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "en/apps/overview.md", "en/apps/overview/index.md"))
    assert not (base / "redirects/moves.yml").exists()
    assert "[overview](apps/overview/index.md#roles)" in read(base, "en/index.md")
    build(base)


def test_moving_a_page_back_drops_the_rule_that_would_shadow_it(tmp_path):
    base = site(tmp_path)
    ok(uk(base, "move", "en/apps/overview.md", "en/overview.md"))
    proc = ok(uk(base, "move", "en/overview.md", "en/apps/overview.md"))
    assert "removed rule" in proc.stdout
    rules = yaml.safe_load((base / "redirects/moves.yml").read_text())["redirects"]
    assert rules == [{"from": "/en/overview/", "to": "/en/apps/overview/"}]
    assert read(base, "en/index.md") == textwrap.dedent(PAGES["en/index.md"]).lstrip("\n")


def test_links_inside_admonitions_tabs_and_definitions_are_rewritten(tmp_path):
    """Four-space indented content of !!!, ???, === and definition lists is text, not code."""
    pages = {
        "en/index.md": """
            # Home

            !!! note
                See the [guide](old/guide.md#setup).

            === "Tab"

                Read the [guide](old/guide.md) first.

            Term
            :   Defined in the [guide](old/guide.md).

                More of the [guide](old/guide.md#setup) in a second paragraph.

                code block after a blank line in a list is still text here

            Real code:

                [not a link](old/guide.md)
            """,
        "en/old/guide.md": "# Guide\n\n## Setup {#setup}\n",
    }
    base = project(tmp_path / "site", pages, config(markdown_extensions=[
        "attr_list", "admonition", "def_list", "pymdownx.superfences", {"pymdownx.tabbed": {"alternate_style": True}}]))
    ok(uk(base, "move", "en/old/guide.md", "en/new/guide.md"))
    index = read(base, "en/index.md")
    assert index.count("new/guide.md") == 4
    assert "    [not a link](old/guide.md)" in index  # indented code after a plain paragraph is untouched
    build(base)


def test_moved_page_keeps_links_to_pages_generated_at_build_time(tmp_path):
    """A link to a page that is not on disk (generated by a plugin) still gets a new relative path."""
    pages = {
        "en/index.md": "# Home\n",
        "en/apps/limits.md": "# Limits\n\nSee [list contacts](../api/reference/list-contacts.md#param-limit).\n",
    }
    base = project(tmp_path / "site", pages)
    ok(uk(base, "move", "en/apps/limits.md", "en/portal/best/limits.md"))
    assert "[list contacts](../../api/reference/list-contacts.md#param-limit)" in read(base, "en/portal/best/limits.md")


def test_fold_does_not_repeat_the_pages_own_heading_for_the_anchor(tmp_path):
    pages = {
        "en/index.md": "# Home\n\nRead about the [beta](apps/beta.md#beta).\n",
        "en/apps/beta.md": "# Beta\n\nIntro.\n\n## Beta period {#beta}\n\nThirty days.\n\n## Ending {#ending}\n\nDone.\n",
        "en/guide/publish.md": "# Publish\n\n## States {#states}\n\nText.\n",
    }
    base = project(tmp_path / "site", pages)
    ok(uk(base, "move", "en/apps/beta.md", "en/guide/publish.md#beta"))
    publish = read(base, "en/guide/publish.md")
    assert "{#beta}" not in publish and "Beta period" not in publish  # "## Beta" has the id beta
    assert publish.endswith("## Beta\n\nIntro.\n\nThirty days.\n\n### Ending {#ending}\n\nDone.\n")
    assert "[beta](guide/publish.md#beta)" in read(base, "en/index.md")
    build(base)
