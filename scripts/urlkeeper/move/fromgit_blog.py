"""``from-git`` for blog posts: a post's URL comes from its front matter and the blog settings.

A post keeps its file while its URL changes when its ``slug`` or ``date`` changes, or when the
blog's ``post_url_format``, ``post_url_date_format``, ``post_slugify`` or ``blog_dir`` change
in ``mkdocs.yml``; its URL can also stay when the file is renamed. So the posts are compared
by URL: every post published at REV (read from git: its text and the ``mkdocs.yml`` of REV)
against the same post now (followed through git's renames). A post whose URL changed gets
``old URL -> new URL``; a post that is gone gets a rule to the blog's index, to review.

The category and archive pages are compared the same way: a category page that moved (a new
``categories_url_format`` or slug function) goes to the same category's page now; a renamed
category to the one category its posts now share; an archive page to the archive page that
lists most of its posts now. What cannot be decided goes to the blog index, to review.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import blog
from ..errors import InputError
from ..gitblobs import cat_blobs
from .site import Site


@dataclass
class BlogChange:
    old: dict[str, blog.PostInfo]  # post path at REV -> where it was published
    new: dict[str, blog.PostInfo]  # post path now -> where it is published
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
    """{docs-relative path: text} of the post files at ``rev`` (read by one ``git cat-file``)."""
    prefix = docs + "/" if docs else ""
    blobs: dict[str, str] = {}  # path -> object id
    for s in settings:
        listing = _git(top, "ls-tree", "-r", "-z", rev, "--", prefix + s.posts_dir)
        for row in filter(None, listing.split("\0")):
            meta, _, path = row.partition("\t")
            rel = path[len(prefix):]
            if meta.split()[1] == "blob" and s.is_post(rel):
                blobs[rel] = meta.split()[2]
    return dict(zip(blobs, cat_blobs(top, list(blobs.values()))))


def load(site: Site, rev: str) -> BlogChange | None:
    """Post URLs at ``rev`` and now, or None when the site has no blog at either."""
    now = blog.load_settings(site.config_file) if site.config_file else []
    top = _top(site)
    then = _settings_at(site, top, rev)
    if not now and not then:
        return None
    docs = _rel(site.docs_dir, top)
    old = blog.posts_info(then, _posts_at(top, docs, rev, then), label=lambda p: f"{rev}:{docs}/{p}")
    new = blog.posts_info(now, blog.read_posts(site.docs_dir, now), label=lambda p: str(site.docs_dir / p))
    index = now[0].index_url if now else "/"
    return BlogChange(old, new, index, [*then, *now])


Rule = tuple[str, str, "str | None"]


def _live(change: BlogChange) -> set[str]:
    urls = {change.index}
    for info in change.new.values():
        urls.add(info.url)
        urls.update(info.categories.values())
        if info.archive:
            urls.add(info.archive)
    return urls


def propose(change: BlogChange, renames: dict[str, str], have: set[str]) -> list[Rule]:
    """Rules for posts and listings whose URL changed since REV (``renames``: old path -> new path)."""
    live = _live(change)
    now = {path: change.new.get(renames.get(path, path)) for path in change.old}  # None: deleted
    out: list[Rule] = []

    def add(src: str, target: str | None, note: str) -> None:
        if src in have or src in live:
            return
        out.append((src, target, None) if target else (src, change.index, note))
        have.add(src)

    for path, info in sorted(change.old.items(), key=lambda kv: kv[1].url):
        add(info.url, now[path].url if now[path] else None, "deleted blog post: review the target")
    for url, target in _listing_targets(change, now).items():
        add(url, target, "blog listing without a clear successor: review the target")
    return out


def _listing_targets(change: BlogChange, now: dict) -> dict[str, str | None]:
    """Old category and archive page URL -> the page that lists the same posts now (or None)."""
    current = {name: url for info in change.new.values() for name, url in info.categories.items()}
    out: dict[str, str | None] = {}
    old_categories: dict[str, tuple[str, list[str]]] = {}
    old_archives: dict[str, list[str]] = {}
    for path, info in change.old.items():
        for name, url in info.categories.items():
            old_categories.setdefault(url, (name, []))[1].append(path)
        if info.archive:
            old_archives.setdefault(info.archive, []).append(path)
    for url, (name, paths) in sorted(old_categories.items()):
        if name in current:
            out[url] = current[name]
        else:  # renamed: the one category all its posts share now, if there is one
            shared = [set(now[p].categories.values()) for p in paths if now[p]]
            common = set.intersection(*shared) if shared else set()
            out[url] = common.pop() if len(common) == 1 else None
    for url, paths in sorted(old_archives.items()):
        counts = Counter(now[p].archive for p in paths if now[p] and now[p].archive)
        out[url] = counts.most_common(1)[0][0] if counts else None
    return out


__all__ = ["BlogChange", "load", "propose"]
