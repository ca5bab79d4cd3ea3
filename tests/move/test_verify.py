"""The plan proves itself before it writes: a defect injected into the rewriter (in-process,
with monkeypatch) makes `apply` refuse with exit 3 (ExitCode.NOT_APPLIED), naming file, line and both targets, and
leave every file as it was."""

from __future__ import annotations

import argparse

import pytest

from movekit import project, snapshot
from urlkeeper.move import command, engine, fold as fold_mod, plan as plan_mod
from urlkeeper.move.site import Site

PAGES = {
    "en/index.md": "# Home\n\nSee [the guide](old/guide.md#setup) and [the FAQ](faq.md).\n",
    "en/faq.md": "# FAQ\n\nAsk.\n",
    "en/old/guide.md": "# Guide\n\n## Setup {#setup}\n\nSet up. See [the FAQ](../faq.md).\n",
    "en/host.md": "# Host\n\nRead [the RFC][1][^1].\n\n## Setup\n\nHost setup.\n\n[1]: faq.md\n[^1]: Host note.\n",
    "en/folded.md": "# Folded\n\nRead [the guide][1][^1].\n\n## Setup\n\nFolded setup.\n\n[1]: old/guide.md\n[^1]: Folded note.\n",
}


def run(base, moves, capsys, dry_run=False):
    site = Site.load(base / "mkdocs.yml")
    plan = plan_mod.Plan("t", [plan_mod.make_move(a, b) for a, b in moves])
    code = command.run(site, plan, argparse.Namespace(dry_run=dry_run, no_git=True))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def base(tmp_path, monkeypatch):
    base = project(tmp_path / "p", PAGES, git_repo=False)
    monkeypatch.chdir(base)
    return base


def test_a_rewriter_that_sends_a_link_elsewhere_is_refused(base, capsys, monkeypatch):
    real = engine.write_dest

    def wrong(site, t, new_source, new_doc):  # the defect: links to the guide go to the FAQ
        return real(site, t, new_source, "en/faq.md" if new_doc == "en/new/guide.md" else new_doc)

    monkeypatch.setattr(engine, "write_dest", wrong)
    before = snapshot(base)
    code, out, err = run(base, [("en/old/guide.md", "en/new/guide.md")], capsys)
    assert code == 3, out + err
    assert "docs/en/index.md:3: link 'inline' would change target: before en/new/guide.md#setup, after en/faq.md#setup" in err
    assert "nothing was changed" in err
    assert snapshot(base) == before
    code, out, _ = run(base, [("en/old/guide.md", "en/new/guide.md")], capsys, dry_run=True)
    assert code == 3 and "## Verification" in out and "would change target" in out
    assert snapshot(base) == before


def test_a_fold_that_lets_labels_collide_is_refused(base, capsys, monkeypatch):
    monkeypatch.setattr(fold_mod, "_labels", lambda body, stem, taken, spec: None)  # the defect: no renaming
    before = snapshot(base)
    code, out, err = run(base, [("en/folded.md", "en/host.md#folded")], capsys)
    assert code == 3, out + err
    assert "docs/en/host.md:3: link '[the RFC]' would change target: before page en/faq.md, after page en/old/guide.md" in err
    assert "docs/en/host.md:3: link 'footnote' would change target: before footnote en/host.md (1), after footnote en/folded.md (1)" in err
    assert snapshot(base) == before


def test_a_sound_plan_is_verified_and_applied(base, capsys):
    code, out, _ = run(base, [("en/folded.md", "en/host.md#folded"), ("en/old/guide.md", "en/new/guide.md")], capsys,
                       dry_run=True)
    assert code == 0
    assert "## Verification\n  7 links in the files this plan writes resolved before and after: 0 would change target" in out
    code, out, err = run(base, [("en/folded.md", "en/host.md#folded"), ("en/old/guide.md", "en/new/guide.md")], capsys)
    assert code == 0, out + err


def test_a_nav_entry_sent_elsewhere_is_refused(tmp_path, monkeypatch, capsys):
    from movekit import config
    from urlkeeper.move import yamledit

    base = project(tmp_path / "n", PAGES, config(nav=["en/index.md", {"Guide": "en/old/guide.md"}, "en/faq.md"]),
                   git_repo=False)
    monkeypatch.chdir(base)
    real = yamledit.nav_edits

    def wrong(text, name, new_path, drop):  # the defect: the guide's entry names the FAQ
        return real(text, name, lambda v: "en/faq.md" if new_path(v) else None, drop)

    monkeypatch.setattr(yamledit, "nav_edits", wrong)
    before = snapshot(base)
    code, out, err = run(base, [("en/old/guide.md", "en/new/guide.md")], capsys)
    assert code == 3, out + err
    assert "mkdocs.yml:29: link 'nav' would change target: before page en/new/guide.md, after page en/faq.md" in err
    assert snapshot(base) == before


def test_a_link_the_rewriter_left_behind_is_refused(base, capsys, monkeypatch):
    real = engine.write_dest

    def forgetful(site, t, new_source, new_doc):  # the defect: links to the FAQ are not rewritten
        return t.path if new_doc == "en/new/faq.md" else real(site, t, new_source, new_doc)

    monkeypatch.setattr(engine, "write_dest", forgetful)
    before = snapshot(base)
    code, out, err = run(base, [("en/old/guide.md", "en/new/guide.md"), ("en/faq.md", "en/new/faq.md")], capsys)
    assert code == 3, out + err
    assert "docs/en/index.md:3: link 'inline' would change target: before page en/new/faq.md, after page en/faq.md" in err
    assert snapshot(base) == before
