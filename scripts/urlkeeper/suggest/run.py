"""One suggestion run: which old URLs are broken, and a :class:`.engine.Suggestion` for each.

The old URLs are the baselines' entries when the old content comes from their fingerprint
sidecars, else every page (and heading anchor) of the old side (``--from-rev``,
``--old-site``). An old URL is broken when it is not a live page and no rule of the redirect
maps takes it anywhere; URLs under a protected prefix are left to ``check`` (no rule may take
them). A baseline anchor of a page that still resolves but lost the anchor is matched to the
heading of the same text.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .. import baselines, rules as rules_mod
from ..config import Config
from ..inventory import Inventory
from ..resolve import Resolver
from ..validate import validate
from . import buildcache, engine, sources
from .engine import Suggestion
from .fingerprint import Fingerprint
from .index import Index


@dataclass
class Outcome:
    source: str  # where the old content came from, for the report's header
    old_urls: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)
    anchors: list[tuple[str, str | None]] = field(default_factory=list)  # lost anchor of a resolving page -> where it went
    unknown: list[str] = field(default_factory=list)  # broken URLs without a fingerprint


def old_side(cfg: Config, rev: str | None, old_site: str | None) -> tuple[str, dict[str, Fingerprint]]:
    if rev is not None:
        return f"the Markdown of {cfg.docs_dir} at {rev}", sources.from_rev(cfg.docs_dir, rev)
    if old_site is not None:
        return f"the built site {old_site}", sources.from_site(old_site)
    return f"the fingerprints beside the baselines in {cfg.baselines_dir}", sources.from_baselines(cfg.baselines_dir)


def suggest(cfg: Config, rev: str | None = None, old_site: str | None = None,
            new: tuple[dict[str, Fingerprint], Inventory] | None = None) -> Outcome:
    index = Index(None, cfg.language_prefix)  # filled as the build's pages come in
    reading = nullcontext(lambda each: _given(new, each)) if new is not None else sources.site_reading(
        cfg.site_dir, cfg.docs_dir, cfg.anchor_ignore, buildcache.path_of(cfg.root))
    with reading as new_side:  # worker processes read the build while the old side is read here
        label, old_prints = old_side(cfg, rev, old_site)
        wanted = _old_urls(cfg, old_prints, rev is None and old_site is None)
        new_prints, inventory = new_side(index.add)
    index.finish()
    _found, rules = validate(rules_mod.load_dir(cfg.redirects_dir), inventory, language_prefix=cfg.language_prefix,
                             protected=cfg.protected, allowed_hosts=cfg.allowed_hosts)
    resolver = Resolver(rules, inventory, cfg.language_prefix)  # the valid rules, as check uses them
    out = Outcome(label, len(wanted))
    match(out, wanted, old_prints, new_prints, inventory, resolver, cfg.protected, index)
    return out


def _given(new: tuple[dict[str, Fingerprint], Inventory], each) -> tuple[dict[str, Fingerprint], Inventory]:
    for fp in new[0].values():
        each(fp)
    return new


def match(out: Outcome, wanted: dict[str, set[str]], old_prints: dict[str, Fingerprint], new_prints: dict[str, Fingerprint],
          inventory: Inventory, resolver: Resolver, protected: tuple[str, ...] = (), index: Index | None = None) -> None:
    """Fill ``out`` for the old URLs ``wanted`` (URL -> its old anchors); ``index``: of ``new_prints``."""
    index = index or Index(new_prints, resolver.language_prefix)
    broken: list[str] = []
    for url in sorted(wanted):
        if any(url.startswith(p) for p in protected):
            continue
        res = resolver.resolve(url)
        old = old_prints.get(url)
        if not res.ok:
            if old is None:
                out.unknown.append(url)
            else:
                broken.append(url)
            continue
        if res.page is None or res.fragment:
            continue
        for anchor in sorted(wanted[url]):
            if not inventory.has_anchor(res.page, anchor):
                out.anchors.append((f"{url}#{anchor}", engine.moved_anchor(url, anchor, old, new_prints.get(res.page), index)))
    out.suggestions = _decide_all(broken, (index, wanted, inventory.pages, old_prints))
    engine.follow_children(out.suggestions, wanted, set(inventory.pages))


def _old_urls(cfg: Config, old_prints: dict[str, Fingerprint], from_baselines: bool) -> dict[str, set[str]]:
    """Old page URL -> its old anchors."""
    urls: dict[str, set[str]] = {}
    if from_baselines:
        for path in baselines.baseline_files(cfg.baselines_dir):
            for url, anchors in Inventory.read(path).pages.items():
                urls.setdefault(url, set()).update(anchors)
    else:
        for url, fp in old_prints.items():
            urls[url] = {a for a, _ in fp.headings}
    return urls


def write_fingerprints(site_dir: Path, baseline: Path, docs_dir: str | None) -> Path:
    from . import fingerprint

    prints = sources.from_site(site_dir, docs_dir)
    path = fingerprint.sidecar_of(baseline)
    fingerprint.write(path, prints.values())
    return path


PARALLEL_FROM = 200  # broken URLs from which the decisions are shared among the cores
_JOB: tuple | None = None  # what forked workers decide with: inherited, never pickled


def _decide_all(urls: list[str], job: tuple) -> list[Suggestion]:
    """The suggestions for ``urls``, in their order; many are decided in forked processes, one
    per core, each inheriting the index instead of receiving it."""
    global _JOB
    _JOB = (urls, *job)
    try:
        workers = min(os.cpu_count() or 1, len(urls) * 2 // PARALLEL_FROM)
        if workers < 2 or not sys.platform.startswith("linux"):  # fork is safe on Linux only
            return _decide((0, len(urls)))
        step = -(-len(urls) // (4 * workers))  # four chunks a worker: the ends come out even
        gc.freeze()  # the inherited objects stay out of the workers' collections: their pages stay shared
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [s for part in pool.map(_decide, [(i, i + step) for i in range(0, len(urls), step)]) for s in part]
    finally:
        _JOB = None
        gc.unfreeze()


def _decide(bounds: tuple[int, int]) -> list[Suggestion]:
    urls, index, wanted, pages, old_prints = _JOB
    return [engine.decide(u, old_prints[u], index, wanted[u], pages, old_prints) for u in urls[bounds[0]:bounds[1]]]
