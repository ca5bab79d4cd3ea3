"""``urlkeeper redirects from-git REV``: rules for every page renamed or deleted since REV.

Uses git's rename detection (``git diff --name-status -M REV -- <docs_dir>``). A renamed
page gets ``old URL -> new URL``; a deleted page gets a rule to its nearest live parent
section (or the language root), marked with a note to review. Pages whose old URL already
has a rule, or is a live page again, are skipped. Blog posts are compared by the URL their
front matter and the blog settings give them, at REV and now (see :mod:`.fromgit_blog`).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from pathlib import Path

from .. import rules as rules_mod
from ..errors import InputError
from . import fromgit_blog
from .site import Site


def changes(site: Site, rev: str) -> list[tuple[str, str, str | None]]:
    """(status R/D, old docs path, new docs path or None) for every change since ``rev``."""
    docs = site.docs_dir.resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=docs, capture_output=True, text=True)
    except OSError as exc:
        raise InputError(f"git is not available: {exc}") from None
    if top.returncode != 0:
        raise InputError(f"{site.docs_dir} is not inside a git work tree")
    top_path = Path(top.stdout.strip()).resolve()
    # REV is only ever a revision: resolved with --end-of-options, so '--output=FILE' or '-x'
    # cannot reach git as an option; git diff then gets the commit id
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                           cwd=top_path, capture_output=True, text=True)
    if found.returncode != 0 or not found.stdout.strip():
        raise InputError(f"git diff {rev} failed: {rev!r} is not a commit of this repository")
    proc = subprocess.run(["git", "diff", "--name-status", "-z", "-M", found.stdout.strip(), "--", str(docs)],
                          cwd=top_path, capture_output=True, text=True)
    if proc.returncode != 0:
        raise InputError(f"git diff {rev} failed: {proc.stderr.strip()}")
    prefix = os.path.relpath(docs, top_path).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"

    def docs_rel(p: str) -> str | None:
        return p[len(prefix):] if p.startswith(prefix) else None

    fields = proc.stdout.split("\0")
    out = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            if status[0] == "R":
                out.append(("R", docs_rel(old), docs_rel(new)))
        else:
            path = fields[i + 1]
            i += 2
            if status[0] == "D":
                out.append(("D", docs_rel(path), None))
    return [(s, o, n) for s, o, n in out if o is not None]


def propose(site: Site, rev: str) -> list[tuple[str, str, str | None]]:
    """(from, to, note) rules for renamed and deleted pages that have no redirect yet."""
    have = {r.source for r in rules_mod.load_dir(site.redirects_dir)}
    out: list[tuple[str, str, str | None]] = []
    found = changes(site, rev)
    blog = fromgit_blog.load(site, rev)  # blog posts: URLs from front matter and blog settings
    for status, old, new in found:
        if not site.is_page(old) or (blog and blog.is_post(old)):
            continue
        src = site.url_of(old)
        if src in have or site.page_at(src) is not None:
            continue
        if status == "R" and new is not None and site.is_page(new) and new in site.files:
            out.append((src, site.url_of(new), None))
        else:
            out.append((src, _nearest_live(site, old), "deleted page: review the target"))
        have.add(src)
    if blog:
        out += fromgit_blog.propose(blog, {o: n for s, o, n in found if s == "R" and n}, have)
    return out


def _nearest_live(site: Site, old: str) -> str:
    folder = posixpath.dirname(old)
    if posixpath.basename(posixpath.splitext(old)[0]) in ("index", "README"):
        folder = posixpath.dirname(folder)
    while folder:
        url = "/" + folder + "/"
        if site.page_at(url) is not None:
            return url
        folder = posixpath.dirname(folder)
    root = (site.language_prefix or "") + "/"
    return root if site.page_at(root) is not None or not site.language_prefix else "/"


def render(rules: list[tuple[str, str, str | None]], rev: str) -> str:
    from .yamledit import plain_or_quoted

    lines = [f"# Proposed by urlkeeper redirects from-git {rev}: review, then keep in redirects/.", "redirects:"]
    for a, b, note in rules:
        lines.append(f"  - from: {plain_or_quoted(a)}")
        lines.append(f"    to: {plain_or_quoted(b)}")
        if note:
            lines.append(f"    note: {plain_or_quoted(note)}")
    return "\n".join(lines) + "\n"


def append(path: Path, rules: list[tuple[str, str, str | None]], rev: str) -> None:
    from ..yamlsrc import read_text
    from .yamledit import append_rules

    text = None
    if path.exists():
        rules_mod.load_map(path)  # only a map read and validated whole is appended to
        text = read_text(path)
    new = append_rules(text, str(path), rules, f"Redirects proposed by urlkeeper redirects from-git {rev}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.urlkeeper-{os.getpid()}.tmp")
    tmp.write_bytes(new.encode("utf-8"))
    os.replace(tmp, path)  # the map is whole, old or new


__all__ = ["changes", "propose", "render", "append"]
