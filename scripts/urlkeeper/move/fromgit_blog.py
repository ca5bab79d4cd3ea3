"""``from-git`` for blog posts: a post's URL comes from its front matter and the blog settings.

A post keeps its file while its URL changes when its ``slug`` or ``date`` changes, or when the
blog's ``post_url_format``, ``post_url_date_format``, ``post_slugify`` or ``blog_dir`` change
in ``mkdocs.yml``; its URL can also stay when the file is renamed. So the posts are compared
by URL: every post published at REV (read from git: its text and the ``mkdocs.yml`` of REV)
against the same post now (followed through git's renames). A post whose URL changed gets
``old URL -> new URL``; a post that is gone gets a rule to the blog's index, to review.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import blog
from ..errors import InputError
from .site import Site


@dataclass
class BlogChange:
    old: dict[str, str]  # post path at REV -> URL at REV
    new: dict[str, str]  # post path now -> URL now
    index: str  # the (current) blog index URL, where deleted posts go
    settings: list  # old and new BlogSettings, to recognise post files

    def is_post(self, path: str | None) -> bool:
        return bool(path) and any(s.is_post(path) for s in self.settings)


def _git(top: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=top, capture_output=True, text=True)
    if proc.returncode != 0:
        raise InputError(f"git {' '.join(args[:2])} failed: {proc.stderr.strip()}")
    return proc.stdout


def _top(site: Site) -> Path:
    out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=site.docs_dir, capture_output=True, text=True)
    if out.returncode != 0:
        raise InputError(f"{site.docs_dir} is not inside a git work tree")
    return Path(out.stdout.strip()).resolve()


def _rel(path: Path, top: Path) -> str:
    rel = os.path.relpath(path.resolve(), top).replace(os.sep, "/")
    return "" if rel == "." else rel


def _settings_at(site: Site, top: Path, rev: str) -> list:
    if site.config_file is None:
        return []
    spec = f"{rev}:{_rel(site.config_file, top)}"
    shown = subprocess.run(["git", "show", spec], cwd=top, capture_output=True, text=True)
    if shown.returncode != 0:
        return []  # no mkdocs.yml at REV: no blog then
    return blog.settings_from(blog.load_config_text(shown.stdout, spec), spec)


def _posts_at(top: Path, docs: str, rev: str, settings: list) -> dict[str, str]:
    """{docs-relative path: text} of the post files at ``rev``."""
    prefix = docs + "/" if docs else ""
    out: dict[str, str] = {}
    for s in settings:
        listing = _git(top, "ls-tree", "-r", "-z", "--name-only", rev, "--", prefix + s.posts_dir)
        for path in filter(None, listing.split("\0")):
            rel = path[len(prefix):]
            if s.is_post(rel):
                out[rel] = _git(top, "show", f"{rev}:{path}")
    return out


def load(site: Site, rev: str) -> BlogChange | None:
    """Post URLs at ``rev`` and now, or None when the site has no blog at either."""
    now = blog.load_settings(site.config_file) if site.config_file else []
    top = _top(site)
    then = _settings_at(site, top, rev)
    if not now and not then:
        return None
    docs = _rel(site.docs_dir, top)
    old = blog.post_urls(then, _posts_at(top, docs, rev, then), label=lambda p: f"{rev}:{docs}/{p}")
    new = blog.post_urls(now, blog.read_posts(site.docs_dir, now), label=lambda p: str(site.docs_dir / p))
    index = now[0].index_url if now else "/"
    return BlogChange(old, new, index, [*then, *now])


def propose(change: BlogChange, renames: dict[str, str], have: set[str]) -> list[tuple[str, str, str | None]]:
    """Rules for posts whose URL changed since REV (``renames``: old path -> new path)."""
    live = set(change.new.values())
    out: list[tuple[str, str, str | None]] = []
    for path, old_url in sorted(change.old.items(), key=lambda kv: kv[1]):
        if old_url in have or old_url in live:
            continue
        new_url = change.new.get(renames.get(path, path))
        if new_url:
            out.append((old_url, new_url, None))
        else:
            out.append((old_url, change.index, "deleted blog post: review the target"))
        have.add(old_url)
    return out


__all__ = ["BlogChange", "load", "propose"]
