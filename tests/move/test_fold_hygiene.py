"""Folding a page whose reference labels, footnotes, abbreviations and headings are also the
host's: every rendered link, footnote and anchor keeps its target (real MkDocs builds
before and after, compared by content with urlkeeper.move.rendered)."""

from __future__ import annotations

import shutil

import yaml
from bs4 import BeautifulSoup

from movekit import build, config, project, read, uk
from urlkeeper.move.rendered import Built, compare

EXTENSIONS = ["attr_list", {"toc": {"permalink": True}}, "footnotes", "abbr", "admonition",
              {"pymdownx.snippets": {"base_path": ["docs"], "check_paths": True}}]

HOST = """
    # Publish

    Read the [specification][1] and the [style guide][2]. Publishing needs a token[^1].
    The API is versioned.

    ## Overview

    The host's overview cites [the RFC][1] and [the guide][2].

    ## Release

    Released apps are listed.

    *[API]: Application Programming Interface

    [1]: ../ref/rfc.md "RFC 6749"
    [2]: ../ref/style.md
    [^1]: Tokens come from the host's OAuth flow.
    """

BETA = """
    ---
    title: Beta programme
    tags: [beta]
    ---
    # Beta

    Beta apps may [revoke tokens][1] and [list tokens][2] at any time[^1]. The API is open.

    ## Overview

    The beta overview explains [revocation][1], [shortcut] links and [itself](#overview).
    See [step three](#step-3) and [the release of the host](../guide/publish.md#release).

    <a id="step-3"></a>

    ## Overview

    A second overview heading (toc makes its id overview_1).

    Duration
    --------

    Thirty days[^2].

    [1]: ../ref/revoke.md
    [2]: ../ref/tokens.md#list
    [shortcut]: ../ref/style.md
    [^1]: Beta tokens expire after the beta.
    [^2]: Counted from the first install.

    *[API]: Beta Partner Interface
    """

PAGES = {
    "en/index.md": """
        # Home

        - [Beta overview](apps/beta.md#overview) and [the second one](apps/beta.md#overview_1)
        - [The beta](apps/beta.md), [its duration](apps/beta/#duration), [step 3](apps/beta.md#step-3)
        - [Host overview](guide/publish.md#overview), [host release](guide/publish.md#release)
        """,
    "en/guide/publish.md": HOST,
    "en/apps/beta.md": BETA,
    "en/ref/rfc.md": "# RFC 6749\n\nThe OAuth 2.0 framework.\n",
    "en/ref/style.md": "# Style guide\n\nWrite short sentences.\n",
    "en/ref/revoke.md": "# Revoke\n\nRevoking a token.\n",
    "en/ref/tokens.md": "# Tokens\n\n## List {#list}\n\nListing tokens.\n",
}


def test_fold_with_shared_labels_footnotes_and_headings_keeps_every_rendered_target(tmp_path):
    base = project(tmp_path / "p", PAGES, config(markdown_extensions=EXTENSIONS))
    build(base)
    before = Built(base / "site", "https://docs.example.com/").links()
    shutil.rmtree(base / "site")

    proc = uk(base, "move", "en/apps/beta.md", "en/guide/publish.md#beta", "--name", "merge")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "front matter of en/apps/beta.md dropped (keys: title, tags)" in proc.stderr
    build(base)
    after = Built(base / "site", "https://docs.example.com/").links()
    total, changed, examples = compare(before, after)
    assert total >= 25
    assert changed == 0, examples

    publish = read(base, "en/guide/publish.md")
    assert "## Beta programme { #beta }" in publish  # the front matter title names the section
    assert "[revoke tokens][1-beta]" in publish and "[1-beta]: ../ref/revoke.md" in publish
    assert "[shortcut][shortcut]" not in publish  # not taken in the host: left as it was
    assert "[^1-beta]" in publish and "[^1]: Tokens come from the host's OAuth flow." in publish
    assert "### Overview { #overview-beta }" in publish and "### Overview { #overview_1 }" in publish
    assert '<abbr title="Beta Partner Interface">API</abbr>' in publish and "*[API]: Beta Partner" not in publish
    assert "### Duration" in publish  # setext heading, shifted to ATX
    index = read(base, "en/index.md")
    assert "[Beta overview](guide/publish.md#overview-beta)" in index
    assert "[the second one](guide/publish.md#overview_1)" in index
    assert "[The beta](guide/publish.md#beta)" in index and "[its duration](guide/publish/#duration)" in index

    soup = BeautifulSoup((base / "site/en/guide/publish/index.html").read_text(), "html.parser")
    ids = [t["id"] for t in soup.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids in the folded page"
    host_api = soup.find("abbr", string="API")
    assert host_api["title"] == "Application Programming Interface"
    rules = yaml.safe_load((base / "redirects/merge.yml").read_text())["redirects"]
    assert rules == [{"from": "/en/apps/beta/", "to": "/en/guide/publish/#beta"}]


def test_folds_without_section_several_into_one_page_and_into_a_moved_page(tmp_path):
    pages = {
        "en/index.md": "# Home\n\n[A](a.md#setup), [B](b.md), [host](host.md#setup)\n",
        "en/a.md": "# Alpha setup\n\n## Setup\n\nAlpha steps[^1].\n\n[^1]: Alpha note.\n",
        "en/b.md": "# Beta setup\n\n## Setup\n\nBeta steps[^1].\n\n[^1]: Beta note.\n",
        "en/host.md": "# Host\n\n## Setup\n\nHost steps[^1].\n\n[^1]: Host note.\n",
    }
    base = project(tmp_path / "p", pages, config(markdown_extensions=EXTENSIONS))
    build(base)
    before = Built(base / "site", "https://docs.example.com/").links()
    shutil.rmtree(base / "site")
    (base / "redirects/plans").mkdir(parents=True)
    (base / "redirects/plans/merge.yml").write_text(
        "moves:\n  - from: en/a.md\n    to: en/host.md#\n"  # into the page the plan moves, by its old path
        "  - from: en/host.md\n    to: en/guide/host.md\n"
        "  - from: en/b.md\n    to: en/guide/host.md#\n")
    proc = uk(base, "apply", "redirects/plans/merge.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    host = read(base, "en/guide/host.md")
    assert "## Alpha setup\n" in host and "## Beta setup\n" in host
    assert "### Setup { #setup-a }" in host and "### Setup { #setup-b }" in host
    assert "[^1-a]: Alpha note." in host and "[^1-b]: Beta note." in host
    build(base)
    total, changed, examples = compare(before, Built(base / "site", "https://docs.example.com/").links())
    assert changed == 0, examples
    assert total >= 8
    again = uk(base, "apply", "redirects/plans/merge.yml")
    assert again.returncode == 0 and "nothing to do" in again.stdout, again.stdout + again.stderr
    rules = yaml.safe_load((base / "redirects/merge.yml").read_text())["redirects"]
    assert {"from": "/en/a/", "to": "/en/guide/host/#alpha-setup"} in rules
    assert {"from": "/en/b/", "to": "/en/guide/host/#beta-setup"} in rules
