"""Fragments that follow their content: the entries of ``redirects/fragments/<plan>.yml``
a computed plan adds (see :mod:`urlkeeper.fragments`)."""

from __future__ import annotations

from .. import fragments as fragments_mod, yamlsrc
from . import anchors
from .site import Site


def forward_fragments(site: Site, res, mapper) -> None:
    """Entries of ``redirects/fragments/<plan>.yml``: every id of a folded page to its id in
    the host; the ids of a page whose path another page takes over, which that page lacks,
    to where the content went."""
    table: dict[str, dict[str, str]] = {}
    for src, spec in res.specs.items():
        if site.is_page(src):
            host = site.url_of(mapper.new[src])
            table[site.url_of(src)] = {old: f"{host}#{new}" for old, new in spec.ids.items() if old}
    arriving = {site.url_of(new): new for old, new in res.renames if site.is_page(new)}
    for old, new in res.renames:
        taker = arriving.get(site.url_of(old)) if site.is_page(old) else None
        if taker is None or taker == new:
            continue
        text = res.texts_before.get(old)
        if text is None:
            try:
                text = (site.docs_dir / old).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        kept = {a.id for a in anchors.ids(res.texts_after.get(taker, ""))}
        moved = {a.id: f"{site.url_of(new)}#{a.id}" for a in anchors.ids(text) if a.id not in kept}
        if moved:
            table[site.url_of(old)] = moved
    table = {page: t for page, t in table.items() if t}
    if not table:
        return
    path = site.redirects_dir / fragments_mod.FOLDER / f"{res.plan.name}.yml"
    before = yamlsrc.read_text(path) if path.exists() else ""
    res.writes[path] = fragments_mod.write(path, table, res.plan.name).encode("utf-8")
    res.before[path] = before
