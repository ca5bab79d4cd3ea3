"""Fragments that followed their content: ``redirects/fragments/*.yml``.

When a page is folded into a section of another page, or its path is taken over by another
page, its old ``URL#anchor`` combinations must still reach that content. Servers never see
fragments, so the forwarding is done in the browser: the redirect page of the old URL, or the
live page that now has the old path, carries a small table ``anchor -> new URL`` and a script
that follows it when the fragment the reader came with is not an id of the page.

::

    # redirects/fragments/merge.yml (written by urlkeeper move)
    fragments:
      /en/apps/beta/:                       # the old page URL
        duration: /en/guide/publish/#duration-beta
        step-3: /en/guide/publish/#step-3

``urlkeeper check`` counts a baseline ``URL#anchor`` whose anchor the landing page lacks as
resolved when such an entry exists and its target has the anchor.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from . import templating, yamlsrc
from .errors import InputError
from .findings import FRAGMENT_TARGET_MISSING, Finding
from .urls import canonical

FOLDER = "fragments"


def files(redirects_dir: str | Path) -> list[Path]:
    d = Path(redirects_dir) / FOLDER
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml")) if d.is_dir() else []


def load(redirects_dir: str | Path, where: dict | None = None) -> dict[str, dict[str, str]]:
    """Old page URL (canonical) -> old anchor -> new ``/path/#anchor``, from every file
    (``where``, when given, gets (page, anchor) -> (file, line) of each entry)."""
    out: dict[str, dict[str, str]] = {}
    for path in files(redirects_dir):
        root = yamlsrc.compose(path)
        if root is None:
            continue
        top = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else None
        pages = top.get("fragments") if top is not None else None
        if top is None or set(top) - {"fragments"} or not isinstance(pages, (yaml.MappingNode, type(None))):
            raise InputError("a fragments file is a mapping 'fragments: {old page URL: {anchor: new URL}}'",
                             str(path), yamlsrc.line_of(root))
        for page, table in (pages.value if pages is not None else []):
            if not isinstance(table, yaml.MappingNode) or not str(page.value).startswith("/"):
                raise InputError(f"{page.value!r}: expected a page URL starting with '/' and a mapping of anchors",
                                 str(path), yamlsrc.line_of(page))
            entry = out.setdefault(canonical(str(page.value)), {})
            for anchor, target in table.value:
                value = str(target.value)
                if not isinstance(target, yaml.ScalarNode) or not value.startswith("/") or "#" not in value:
                    raise InputError(f"anchor {anchor.value!r}: the target must be a site path with a #fragment",
                                     str(path), yamlsrc.line_of(target))
                entry[str(anchor.value)] = value
                if where is not None:
                    where[(canonical(str(page.value)), str(anchor.value))] = (str(path), yamlsrc.line_of(anchor))
    return out


def check(forwards: dict[str, dict[str, str]], inventory, where: dict) -> list[Finding]:
    """A finding for each entry whose new page or anchor the build does not have."""
    out = []
    for page, table in sorted(forwards.items()):
        for anchor, target in sorted(table.items()):
            path, _, fragment = target.partition("#")
            live = inventory.resolve_page(path)
            if live is None or not inventory.has_anchor(live, fragment):
                file, line = where.get((page, anchor), (None, None))
                problem = f"{path} is not a page of the build" if live is None else f"{live} has no anchor #{fragment}"
                out.append(Finding(FRAGMENT_TARGET_MISSING, f"{page}#{anchor} is forwarded to {target}, but {problem}",
                                   file, line, url=f"{page}#{anchor}"))
    return out


def write(path: Path, entries: dict[str, dict[str, str]], plan: str) -> str:
    """The text of a fragments file with ``entries`` merged into what ``path`` holds."""
    current: dict[str, dict[str, str]] = {}
    if path.exists():
        data = yaml.safe_load(yamlsrc.read_text(path)) or {}
        current = {k: dict(v) for k, v in (data.get("fragments") or {}).items()}
    for page, table in entries.items():
        current.setdefault(page, {}).update(table)
    lines = [f"# Fragments that followed their content in plan '{plan}' (written by urlkeeper).", "fragments:"]
    for page in sorted(current):
        lines.append(f"  {json.dumps(page)}:")
        lines.extend(f"    {json.dumps(a)}: {json.dumps(t)}" for a, t in sorted(current[page].items()))
    return "\n".join(lines) + "\n"


def js_literal(value) -> str:
    """JSON that is safe inside ``<script>`` (no ``</script>``, no ``<!--``)."""
    return str(templating.js(value))


def script(table: dict[str, str], base_path: str = "", templates: str | Path | None = None) -> str:
    """A script for a live page: a fragment it has no id for goes where that content went
    (template ``forward.html``: the site's own under ``templates``, the override folder, if any)."""
    return templating.render("forward.html", templates, targets={a: base_path + t for a, t in table.items()})
