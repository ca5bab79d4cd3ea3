"""The renderer interface and registry: one module per host format in this package.

A renderer turns the validated redirect rules (chains already collapsed: use ``rule.final``)
into the files a host reads. Adding a host is one module that defines a :class:`Renderer`
subclass decorated with :func:`register`; the package imports every module in it.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..errors import InputError
from ..findings import Finding
from ..inventory import Inventory
from ..options import LANGUAGE_PREFIX
from ..rules import Rule


@dataclass
class RenderInput:
    rules: list[Rule]  # valid rules only, sorted by source; rule.final is the one-hop target
    language_prefix: str | None = LANGUAGE_PREFIX.default  # rule sources also cover their form without it
    base_path: str = ""  # the path of site_url ("/docs" for https://x.org/docs/), "" at the root
    inventory: Inventory | None = None  # live pages of the build (never overwrite one)
    baseline_urls: list[str] = field(default_factory=list)  # canonical keys of published URLs
    site_url: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    legacy_html: bool = False  # legacy_forms: [html]: every live page's old .html address redirects
    fragments: dict[str, dict[str, str]] = field(default_factory=dict)  # old page URL -> anchor -> new URL
    relative_targets: bool = False  # HTML redirect pages name targets relative to themselves (versioned sites)
    templates_dir: Path | None = None  # the site's override folder (theme.custom_dir): its urlkeeper/*.html win
    # what several formats of one render compute alike (the server plan), filled on first use:
    # a RenderInput is not changed once rendered
    shared: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Rendered:
    files: dict[str, str] = field(default_factory=dict)  # relative path -> text
    findings: list[Finding] = field(default_factory=list)


class Renderer:
    name: ClassVar[str]
    filename: ClassVar[str]  # default output path (relative to the site dir)
    description: ClassVar[str]

    def render(self, data: RenderInput) -> Rendered:  # pragma: no cover - interface
        raise NotImplementedError


def over_limit(name: str, rendered: Rendered) -> Finding | None:
    """A finding that the output of format ``name`` is withheld: past a host's documented
    limit (an error-level HOST_LIMIT) the host ignores part of it, so it is not written unless
    forced. None when nothing is over a limit."""
    from ..findings import HOST_LIMIT, OUTPUT_NOT_WRITTEN, Severity

    if not any(f.code is HOST_LIMIT and f.level >= Severity.ERROR for f in rendered.findings):
        return None
    files = ", ".join(sorted(rendered.files)) or name
    return Finding(OUTPUT_NOT_WRITTEN, f"{files} ({name}) not written: it is over a limit of the host (see above); "
                   "use --force to write it anyway", None, None, None)


REGISTRY: dict[str, type[Renderer]] = {}


def register(cls: type[Renderer]) -> type[Renderer]:
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> Renderer:
    from . import load_all

    load_all()
    try:
        return REGISTRY[name]()
    except KeyError:
        raise InputError(f"unknown redirect format {name!r} (available: {', '.join(sorted(REGISTRY))})") from None


@dataclass
class WriteLog:
    """What :func:`write_files` made (relative paths): the folders it created, the files it wrote."""

    folders: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)


def write_files(out_dir: Path, files: dict[str, str], overwrite: bool, log: WriteLog | None = None) -> int:
    """Write rendered files under ``out_dir``; the number written (and in ``log``, what).

    Every path is checked first (none may leave ``out_dir``), so a bad one writes nothing.
    With ``overwrite`` false an existing file is kept: an HTML redirect page never replaces a
    real page. Thousands of small files are written with plain ``os`` calls, one folder
    creation per folder (pathlib and a thread pool cost more than the writes themselves).
    """
    todo: list[tuple[str, str]] = []
    for rel, text in sorted(files.items()):
        clean = posixpath.normpath(rel)
        if clean.startswith(("/", "../")) or clean in ("..", "."):
            raise InputError(f"refusing to write outside {out_dir}: {rel}")
        todo.append((clean, text))
    root = os.fspath(out_dir)
    mode = "wb" if overwrite else "xb"
    made: set[str] = {""}
    log = log if log is not None else WriteLog()
    written = 0
    try:
        if todo:
            os.makedirs(root, exist_ok=True)
        for clean, text in todo:
            folder = posixpath.dirname(clean)
            if folder not in made:
                _make_folder(root, folder, made, log.folders)
            try:
                with open(os.path.join(root, clean), mode) as fh:
                    fh.write(text.encode("utf-8"))
            except FileExistsError:
                continue
            written += 1
            log.files.append(clean)
    except OSError as exc:  # a file where a folder should be, a full or read-only disk
        raise InputError(f"cannot write under {out_dir}: {exc.filename or ''}: {exc.strerror or exc}") from None
    return written


def _make_folder(root: str, folder: str, made: set[str], created: set[str]) -> None:
    """Make ``folder`` and its missing parents (one call when the parent is there); those it
    created go into ``created``."""
    try:
        os.mkdir(os.path.join(root, folder))
        created.add(folder)
    except FileExistsError:
        pass  # (a file there fails at the write)
    except FileNotFoundError:
        parent = posixpath.dirname(folder)
        if parent in made:
            raise
        _make_folder(root, parent, made, created)
        os.mkdir(os.path.join(root, folder))
        created.add(folder)
    made.add(folder)
