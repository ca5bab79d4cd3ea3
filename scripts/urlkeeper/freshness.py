"""Whether a built site is older than its sources: checks of a stale build describe the old site.

After a ``git reset``, a pull or an edit, ``site/`` still holds the previous build until
``mkdocs build`` runs again; findings on it (or their absence) would mislead without a note.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Files every MkDocs build writes again: their time is the time of the build.
_BUILD_MARKS = ("sitemap.xml", "index.html", "404.html", "sitemap.xml.gz")
SLACK = 1.0  # seconds: file systems with coarse times


def built_at(site_dir: str | os.PathLike) -> float | None:
    times = []
    for name in _BUILD_MARKS:
        try:
            times.append(os.stat(os.path.join(site_dir, name)).st_mtime)
        except OSError:
            pass
    return max(times) if times else None


def newer_sources(docs_dir, config_file, since: float) -> list[Path]:
    """The Markdown files of ``docs_dir`` and the config file changed after ``since``."""
    out = []
    if config_file and os.path.isfile(config_file) and os.stat(config_file).st_mtime > since + SLACK:
        out.append(Path(config_file))
    stack = [os.fspath(docs_dir)] if docs_dir and os.path.isdir(docs_dir) else []
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(".md"):
                try:
                    if entry.stat().st_mtime > since + SLACK:
                        out.append(Path(entry.path))
                except OSError:
                    pass
    return out


def stale_note(site_dir, docs_dir, config_file, stream=None) -> str | None:
    """Print (and return) one line when the site is older than its Markdown or mkdocs.yml."""
    since = built_at(site_dir)
    if since is None:
        return None
    newer = newer_sources(docs_dir, config_file, since)
    if not newer:
        return None
    newest = max(newer, key=lambda p: p.stat().st_mtime)
    others = f" and {len(newer) - 1} other file{'s' if len(newer) > 2 else ''}" if len(newer) > 1 else ""
    note = (f"urlkeeper: note: {_shown(site_dir)} is older than {_shown(newest)}{others}: "
            "run `mkdocs build` first, or these results describe the previous build")
    print(note, file=stream or sys.stderr)
    return note


def _shown(path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
