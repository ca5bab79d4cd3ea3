"""The redirect maps a computed move edits: old URL -> new URL rules added, existing rules
pointed at the new URLs, rules whose source is a live page again dropped."""

from __future__ import annotations

from pathlib import Path

from .. import rules as rules_mod, yamlsrc
from ..urls import canonical, split_url
from . import yamledit
from .model import Mapper, Result
from .site import Site


def redirect_rules(site: Site, res: Result, mapper: Mapper) -> None:
    """Add old URL -> new URL rules, point existing rules at the new URLs, drop rules whose
    source is a live page again."""
    pages_moved: dict[str, str] = {}  # old URL -> new URL (with #anchor for folds)
    live_new: set[str] = set()
    for old, new in mapper.new.items():
        if not site.is_page(old):
            continue
        anchor = mapper.anchor.get(old)
        if anchor:
            pages_moved[site.url_of(old)] = site.url_of(new) + "#" + anchor
        elif site.is_page(new) and site.url_of(new) != site.url_of(old):
            pages_moved[site.url_of(old)] = site.url_of(new)
            live_new.add(site.url_of(new))
    existing_sources: set[str] = set()
    target_file = res.redirect_file
    pending: dict[Path, str] = {}
    read_maps: dict[Path, str] = {}
    for path in rules_mod.map_files(site.redirects_dir):
        text = read_maps[path] = yamlsrc.read_text(path)
        root = yamledit.compose(text, str(path))
        edits: list[yamledit.Edit] = []
        for item, fields in yamledit.rule_items(root):
            src_node, to_node = fields.get("from"), fields.get("to")
            if src_node is None or to_node is None:
                continue
            raw_src = src_node.value
            src_key = canonical(raw_src) if not raw_src.endswith("*") else raw_src
            new_to = None
            tpath, _, frag = split_url(to_node.value)
            if tpath.startswith("/") and not tpath.endswith("*"):
                hit = pages_moved.get(canonical(tpath))
                if hit:
                    hpath, _, hfrag = hit.partition("#")
                    new_to = hpath + ("#" + (frag or hfrag) if (frag or hfrag) else "")
            final_to = new_to or to_node.value
            if src_key in live_new or canonical(split_url(final_to)[0]) == src_key:
                edits.append(yamledit.drop_item(text, item))
                res.rules_dropped.append(f"{path.name}:{item.start_mark.line + 1}: {raw_src} -> {to_node.value}")
                continue
            existing_sources.add(src_key)
            if new_to:
                edits.append(yamledit.replace_scalar(text, to_node, new_to))
        if edits:
            pending[path] = yamledit.apply_edits(text, edits)
        res.before[path] = text
    live_after = live_new | {site.url_of(f) for f in site.files if f not in mapper.new and site.is_page(f)}
    added = [(a, b) for a, b in pages_moved.items() if a not in existing_sources and a not in live_after]
    res.rules_added = added
    if added:
        current = pending.get(target_file, read_maps.get(target_file))
        if current is None and target_file.exists():
            current = yamlsrc.read_text(target_file)
        res.before.setdefault(target_file, current or "")
        pending[target_file] = yamledit.append_rules(current, str(target_file), added,
                                                     f"Redirects for the moves of plan '{res.plan.name}' (written by urlkeeper).")
    for path, text in pending.items():
        res.writes[path] = text.encode("utf-8")
    for path in list(res.before):
        if path not in res.writes:
            del res.before[path]
