"""The internal pass: every link and anchor of a built site, incremental and in parallel.

Flow: walk the site folder (every file is a possible target) -> find redirect pages -> for
each HTML page whose content hash changed, extract its links and anchors and resolve them
(in worker processes for large sites) -> check fragments against the target pages' anchors
-> pages whose content did not change are re-checked only when a page they link to appeared,
disappeared, became a redirect or changed its anchors (reverse index in the cache).
The result is raw *problems* per page; :mod:`.report` turns them into findings.
"""

from __future__ import annotations

import hashlib
from array import array
import multiprocessing
import os
import re
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from .. import __version__
from ..inventory import page_url
from ..html_tokens import normalize
from . import scan as scan_mod
from .problems import add_details, missing as _missing
from .cache import InternalCache
from .site import EXTERNAL, INTERNAL, SAME, SKIP, SiteIndex, dep_key, page_dir

REDIRECT_PAGE_MAX = 16384
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh", re.I)  # redirect pages are small; larger files are real pages
MAX_REDIRECT_HOPS = 10
PARALLEL_MIN_PAGES = 400


@dataclass
class InternalResult:
    site: SiteIndex
    problems: dict[str, list[tuple]]  # built page -> problems
    externals: dict[str, list[str]]  # external URL -> pages using it
    pages: int = 0
    checked: int = 0  # pages whose links were (re)checked this run
    links: int = 0  # links extracted this run
    cached: bool = False
    elapsed: float = 0.0


def _frag_ok(frag: str, anchors) -> bool:
    if not frag or frag == "top" or frag.startswith(":~:"):
        return True
    if frag in anchors:
        return True
    if "%" in frag and unquote(frag) in anchors:
        return True
    return False


# ---- the per-page work (runs in worker processes) ------------------------------------------------
_SITE: SiteIndex | None = None


def _follow(site: SiteIndex, target: str):
    """Follow redirect pages from ``target``: (final URL, final file or None, why-not)."""
    seen = {target}
    cur = target
    for _ in range(MAX_REDIRECT_HOPS):
        red = site.redirects.get(cur)
        if red is None:
            return site.url_of(page_url(cur)), cur, ""
        kind, path, frag = site.classify(page_dir(cur), red)
        if kind == EXTERNAL:
            return path, None, ""
        if kind != INTERNAL:
            return red, None, "the redirect page has no usable target"
        nxt = site.lookup(path)
        if nxt is None:
            return site.url_of(path), None, f"the redirect target {site.url_of(path)} does not exist"
        if nxt in seen:
            return site.url_of(path), None, "the redirect pages redirect in a loop"
        seen.add(nxt)
        cur = nxt
    return site.url_of(page_url(cur)), None, "too many redirect hops"


def _anchor_digest(joined: str) -> bytes:
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).digest()[:12]


def check_text(site: SiteIndex, rel: str, text: str):
    """Extract and resolve the links of one page: (anchors, problems, deps, fdeps, flinks, externals, n).

    Linear in the page: each distinct URL is resolved once, and each problem keeps the offset of
    its link (the first one in the page's content, else the first one), so its details are read
    at that offset instead of searched for."""
    text = normalize(text)
    page = scan_mod.scan(text)
    anchors = page.anchors
    base_dir = page_dir(rel)
    if page.base:
        kind, path, _ = site.classify(base_dir, page.base)
        if kind == INTERNAL:
            base_dir = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    problems: list[list] = []
    deps: set[str] = set()
    fdeps: set[str] = set()
    flinks: list[tuple[str, str, str, int]] = []
    externals: set[str] = set()
    where: dict[str, int] = {}  # URL -> offset of the link its problem is reported at
    start, end = scan_mod.content_region(text)
    url_of = site.url_of
    classify = site.classify
    resolve = site.resolve
    redirects = site.redirects
    for href, tag, attr, pos in page.links:
        at = where.get(href)
        if at is not None:
            if not start <= at < end and start <= pos < end:
                where[href] = pos  # a content occurrence is reported rather than the chrome one
            continue
        where[href] = pos
        kind, path, frag = classify(base_dir, href)
        if kind == SKIP:
            continue
        if kind == SAME:
            if not _frag_ok(frag, anchors):
                problems.append(["UK502", href, url_of(page_url(rel)) + "#" + frag, f"this page has no anchor #{frag}", "", 0, 0, ""])
            continue
        if kind == EXTERNAL:
            externals.add(path)
            continue
        target, key = resolve(path)
        deps.add(key)
        if target is None:
            problems.append(_missing(site, path, href, tag))
            continue
        if target in redirects:
            final, final_file, why = _follow(site, target)
            full = final + ("#" + frag if frag else "")
            if final_file is None and why:
                problems.append(["UK505", href, url_of(path), f"lands on a redirect page, and {why}", "", 0, 0, full])
                continue
            problems.append(["UK503", href, url_of(path), f"lands on a redirect page; link to {full} instead", "", 0, 0, full])
            if final_file and frag and final_file.endswith(".html") and not _frag_ok(frag, ()):
                flinks.append((final_file, frag, href, -1))
                fdeps.add(dep_key(final_file))
            continue
        if frag and target.endswith(".html") and not _frag_ok(frag, ()):
            if target == rel:
                if not _frag_ok(frag, anchors):
                    problems.append(["UK502", href, url_of(path) + "#" + frag, f"the page has no anchor #{frag}", "", 0, 0, ""])
            else:
                flinks.append((target, frag, href, -1))
                fdeps.add(dep_key(target))
    if problems:
        add_details(text, problems, where, (start, end))
    flinks = [(t, f, h, where[h]) for t, f, h, _ in flinks]
    return anchors, problems, deps, fdeps, flinks, externals, len(page.links)


def _process(batch: list[tuple[str, str | None]]) -> list[tuple]:
    site = _SITE
    out = []
    for rel, old_digest in batch:
        try:
            with open(os.path.join(site.root, rel), "rb") as fh:
                data = fh.read()
        except OSError:
            out.append((rel, None))
            continue
        digest = hashlib.sha1(data).hexdigest()
        if digest == old_digest:
            out.append((rel, digest))
            continue
        text = data.decode("utf-8", errors="replace")
        anchors, problems, deps, fdeps, flinks, externals, n = check_text(site, rel, text)
        out.append((rel, digest, "\n".join(sorted(anchors)), [tuple(p) for p in problems], "\n".join(deps),
                    "\n".join(fdeps), flinks, sorted(externals), n))
    return out


def _init_worker(site: SiteIndex) -> None:  # for spawn-based platforms
    global _SITE
    _SITE = site


# ---- the run ------------------------------------------------------------------------------------
SCANNER_VERSION = 2  # cached problems depend on how pages are read: a new reading discards them


def signature(site_url: str | None, version_prefixes=()) -> str:
    return f"{__version__}|{SCANNER_VERSION}|{site_url or ''}" + ("|" + ",".join(version_prefixes) if version_prefixes else "")


def run(site_dir, *, site_url: str | None = None, cache_dir=None, jobs: int = 0,
        progress: Callable[[int, int], None] | None = None, version_prefixes=()) -> InternalResult:
    started = time.perf_counter()
    site = SiteIndex(site_dir, site_url, version_prefixes)
    site.walk()
    cache = InternalCache.open(cache_dir, site_dir, signature(site_url, version_prefixes))
    old_pages = cache.pages
    html = [f for f in site.files if f.endswith(".html") or f.endswith(".htm")]
    html_set = set(html)

    # 1. Redirect pages (small files) first: links into them are reported with the final URL.
    for rel in html:
        mtime, size = site.files[rel]
        if size > REDIRECT_PAGE_MAX:
            continue
        old = old_pages.get(rel)
        if old is not None and old[0] == mtime and old[1] == size:
            if old[4] is not None:
                site.redirects[rel] = old[4]
            continue
        try:
            with open(os.path.join(site.root, rel), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue
        if not _REFRESH.search(text, 0, 8192):
            continue
        page = scan_mod.scan(normalize(text))
        if page.redirect is not None and (page.generated_redirect or size <= 4096):
            site.redirects[rel] = page.redirect

    # 2. What changed since the cached run.
    changed_keys: set[str] = set()  # existence or redirect changed
    anchor_keys: set[str] = set()  # anchors changed
    others = {f: st for f, st in site.files.items() if f not in html_set}
    if cache.loaded:
        for f in set(cache.others) ^ set(others):
            changed_keys.add(dep_key(f))
        for f in set(old_pages) ^ html_set:
            changed_keys.add(dep_key(f))
        for rel in html_set & set(old_pages):
            if old_pages[rel][4] != site.redirects.get(rel):  # became, stopped being or changed as a redirect page
                changed_keys.add(dep_key(rel))
    todo = []
    for rel in html:
        old = old_pages.get(rel)
        st = site.files[rel]
        if old is None:
            todo.append((rel, None))
        elif old[0] != st[0] or old[1] != st[1]:
            todo.append((rel, old[2]))
    total_pages = len(html)
    results: dict[str, tuple] = {}
    done = [0]
    cold = not cache.loaded
    rev_arrays: dict[str, array] = {}
    frev_arrays: dict[str, array] = {}
    pids: dict[str, int] = {}
    next_id = [cache.next_id]

    def index(rel: str, deps: str, fdeps: str) -> None:
        """Record in the reverse index which targets the page links to (as it arrives: the
        dependency lists are not kept in memory)."""
        old = old_pages.get(rel)
        if old is not None:
            pid = old[7]
        else:
            pid = next_id[0]
            next_id[0] += 1
        pids[rel] = pid
        for keys, arrays, idx in ((deps, rev_arrays, cache.rev), (fdeps, frev_arrays, cache.frev)):
            if not keys:
                continue
            for k in keys.split("\n"):
                if cold:
                    a = arrays.get(k)
                    if a is None:
                        a = arrays[k] = array("I")
                    a.append(pid)
                else:
                    cache.add_dependents(idx, k, pid)

    def execute(batch_list):
        if not batch_list:
            return
        for res in _map(site, batch_list, jobs, progress, done, total_pages):
            rel = res[0]
            if len(res) == 2:  # unchanged content (or unreadable)
                if res[1] is None:
                    site.files.pop(rel, None)
                elif rel in old_pages:
                    old_pages[rel][0], old_pages[rel][1] = site.files[rel]
                continue
            index(rel, res[4], res[5])
            results[rel] = res[:4] + (None, None) + res[6:]

    execute(todo)
    for rel, res in results.items():
        old = old_pages.get(rel)
        if old is not None and old[3] != _anchor_digest(res[2]):
            anchor_keys.add(dep_key(rel))

    # 3. Pages whose targets changed are re-checked too (their own content did not change).
    if cache.loaded and (changed_keys or anchor_keys):
        ids = cache.dependents(changed_keys) | cache.dependents(anchor_keys, fragment_only=True)
        if ids:
            by_id = {v[7]: rel for rel, v in old_pages.items()}
            again = [(by_id[i], None) for i in ids if i in by_id and by_id[i] not in results and by_id[i] in html_set]
            execute(again)

    # 4. Fragments into other pages, against the anchors as rendered.
    class _Anchors:
        """Membership in a page's newline-joined anchors without building a set per page."""

        __slots__ = ("raw",)

        def __init__(self, raw: str):
            self.raw = "\n" + raw + "\n"

        def __contains__(self, frag: str) -> bool:
            return ("\n" + frag + "\n") in self.raw

    read_anchors: dict[str, set] = {}

    def anchors_of(target: str):
        if target in results:
            return _Anchors(results[target][2])
        found = read_anchors.get(target)
        if found is None:  # an unchanged page: its anchors are read again (the cache keeps a digest)
            try:
                with open(os.path.join(site.root, target), encoding="utf-8", errors="replace") as fh:
                    found = scan_mod.scan(normalize(fh.read())).anchors
            except OSError:
                found = set()
            read_anchors[target] = found
        return found

    problems: dict[str, list[tuple]] = {}
    links = 0
    for rel, res in results.items():
        links += res[8]
        if rel in site.redirects:  # a redirect page is not content; `urlkeeper check` validates its target
            results[rel] = res[:3] + ([],) + res[4:]
            continue
        page_problems = list(res[3])
        fresh = []
        where = {}
        for target, frag, href, pos in res[6]:
            if not _frag_ok(frag, anchors_of(target)):
                fresh.append(["UK502", href, site.url_of(page_url(target)) + "#" + frag,
                              f"{site.url_of(page_url(target))} has no anchor #{frag}", "", 0, 0, ""])
                where[href] = pos
        if fresh:
            try:
                with open(os.path.join(site.root, rel), encoding="utf-8", errors="replace") as fh:
                    text = normalize(fh.read())
                add_details(text, fresh, where, scan_mod.content_region(text))
            except OSError:
                pass
            page_problems += [tuple(p) for p in fresh]
        results[rel] = res[:3] + (page_problems,) + res[4:]

    # 5. Update the cache: pages, reverse index.
    new_pages: dict[str, list] = {}
    pool: dict[tuple, tuple] = {}
    for rel in html:
        if rel not in site.files:
            continue
        mtime, size = site.files[rel]
        old = old_pages.get(rel)
        res = results.get(rel)
        if res is None:
            if old is None:
                continue
            old[0], old[1] = mtime, size
            old[4] = site.redirects.get(rel)
            new_pages[rel] = old
            continue
        problems_here = [pool.setdefault(p, p) for p in res[3]]  # shared tuples: marshal stores them once
        new_pages[rel] = [mtime, size, res[1], _anchor_digest(res[2]), site.redirects.get(rel), problems_here, res[7], pids[rel]]
    if cold:
        cache.rev = {k: a.tobytes() for k, a in rev_arrays.items()}
        cache.frev = {k: a.tobytes() for k, a in frev_arrays.items()}
    cache.pages = new_pages
    cache.others = others
    cache.next_id = next_id[0]
    cache.save()

    externals: dict[str, list[str]] = {}
    for rel, entry in new_pages.items():
        if entry[5]:
            problems[rel] = entry[5]
        if entry[6] and rel not in site.redirects:
            for url in entry[6]:
                externals.setdefault(url, []).append(rel)
    return InternalResult(site=site, problems=problems, externals=externals, pages=total_pages,
                          checked=len(results), links=links, cached=cache.loaded,
                          elapsed=time.perf_counter() - started)


def _map(site: SiteIndex, items: list, jobs: int, progress, done: list, total: int):
    """Run :func:`_process` over ``items`` in chunks, in worker processes when it pays off."""
    global _SITE
    _SITE = site
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    chunk = 64
    batches = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    if jobs == 1 or len(items) < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        for b in batches:
            yield from _process(b)
            done[0] += len(b)
            if progress:
                progress(done[0], total)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=jobs) as pool:
        for out in pool.imap_unordered(_process, batches):
            yield from out
            done[0] += len(out)
            if progress:
                progress(done[0], total)


__all__ = ["run", "InternalResult", "check_text"]
