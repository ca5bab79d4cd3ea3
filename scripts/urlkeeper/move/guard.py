"""Checks around a move that keep hostile or broken input from doing harm.

Before the plan is computed: the redirect maps must all read and validate (a map is only ever
appended to when it was fully understood), the rules' file name is a plain name, and paths
carry no control characters. After it is computed: every path read or written resolves (symlinks
followed) inside the project, a symlinked page is moved as a symlink (never flattened into a
copy), every Markdown file is UTF-8, and no destination would stop being published (hidden,
excluded by ``exclude_docs``, outside ``docs_dir``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import rules as rules_mod
from ..errors import InputError
from .engine import Conflict, Result, shown
from .plan import Plan, clean_path
from .site import Site

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_name(name: str, what: str = "--name") -> None:
    if not _NAME.fullmatch(name) or ".." in name:
        raise InputError(f"{what} {name!r} must be a plain file name (letters, digits, '_', '-', '.'), "
                         "without a folder")


def check_inputs(site: Site, plan: Plan, redirect_file: Path) -> list[Conflict]:
    """Bad input raised at once; plan entries that cannot be moved returned as conflicts."""
    rules_mod.load_dir(site.redirects_dir)  # raises InputError naming the file and line
    if redirect_file.exists() and redirect_file.parent.resolve() != site.redirects_dir.resolve():
        rules_mod.load_map(redirect_file)
    if site.config_file is not None and _same(redirect_file, site.config_file):
        raise InputError(f"the rules would go to {redirect_file}, which is the MkDocs configuration")
    conflicts = []
    for m in plan.moves:
        src, _ = clean_path(m.src)
        if src and (site.docs_dir / src).is_symlink() and (site.docs_dir / src).is_dir():
            conflicts.append(Conflict(f"{src} is a symlinked folder: move the link itself (git mv); urlkeeper "
                                      "does not follow it to rewrite the links to the pages behind it", plan.file, m.line))
        for label, raw in (("source", m.src), ("destination", m.dst + (f"#{m.anchor}" if m.anchor else ""))):
            bad = _CONTROL.search(raw)
            if bad:
                conflicts.append(Conflict(f"the {label} {raw!r} holds a control character ({bad.group()!r})",
                                          plan.file, m.line))
    return conflicts


def _same(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _inside(path: Path, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def check_result(site: Site, result: Result) -> tuple[list[Conflict], dict[Path, str]]:
    """Conflicts found in a computed plan, and the symlinks to write as symlinks (new path -> link)."""
    conflicts: list[Conflict] = []
    pf = result.plan.file
    root = os.path.realpath(site.root)
    docs = site.docs_dir
    for c in result.conflicts:
        if not c.fatal and c.message.startswith("not UTF-8 text"):
            conflicts.append(Conflict("not UTF-8 text: MkDocs reads every page as UTF-8; convert the file first",
                                      c.file, c.line))
    real_writes: dict[str, Path] = {}
    for path in result.writes:
        real = os.path.realpath(path)
        if real in real_writes:
            conflicts.append(Conflict(f"{shown(path, site.root)} and {shown(real_writes[real], site.root)} are one file "
                                      "(a symlink): its links cannot be rewritten for both places", pf))
        real_writes[real] = path
    for path in list(result.writes) + list(result.removes):
        if not _inside(path, root) or not _inside(path.parent, root):
            conflicts.append(Conflict(f"{shown(path, site.root)} resolves to {os.path.realpath(path)}, outside the "
                                      f"project {site.root} (a symlink)", pf))
    for rel in sorted(site.files):
        path = docs / rel
        if site.is_markdown(rel) and path.is_symlink() and not _inside(path, root):
            conflicts.append(Conflict(f"{rel} is a symlink to {os.path.realpath(path)}, outside the project: "
                                      "urlkeeper reads and writes only inside it", str(docs / rel)))
    links: dict[Path, str] = {}
    for old, new in result.renames:
        src, dst = docs / old, docs / new
        if new not in site.files and os.path.lexists(dst):
            conflicts.append(Conflict(f"target exists: {new} (for {old}; reached through a symlinked folder)", pf))
        if src.is_symlink():
            link = os.readlink(src)
            if not os.path.isabs(link):
                target = os.path.normpath(os.path.join(src.parent, link))
                link = os.path.relpath(target, os.path.normpath(dst.parent))
            if result.writes.get(dst) != _read(src):
                conflicts.append(Conflict(f"{old} is a symlink and its links would change: edit or move its "
                                          f"target {os.readlink(src)} instead", pf))
            links[dst] = link
        was_published = site.is_page(old) if site.is_markdown(old) else not site.excluded(old)
        if was_published and site.excluded(new):
            hidden = any(part.startswith(".") for part in new.split("/"))
            why = "a hidden path (a part starts with '.')" if hidden else "excluded from the build by exclude_docs"
            conflicts.append(Conflict(f"{new} would not be published: {why} (for {old})", pf))
    for m in result.plan.moves:
        dst, _ = clean_path(m.dst)
        if dst and not _inside(docs / dst, os.path.realpath(docs)) and ".." not in dst.split("/"):
            conflicts.append(Conflict(f"destination {m.dst} resolves outside docs_dir (a symlink)", pf, m.line))
    return conflicts, links


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
