"""The internal pass: every link and anchor of a built site, incremental and in parallel.

Flow: walk the site folder (every file is a possible target) -> find redirect pages -> for
each HTML page whose content hash changed, extract its links and anchors and resolve them
(in worker processes for large sites) -> check fragments against the target pages' anchors
-> pages whose content did not change are re-checked only when a page they link to appeared,
disappeared, became a redirect or changed its anchors (reverse index in the cache).
The result is raw *problems* per page; :mod:`.report` turns them into findings. :func:`run`
calls one function per phase over a shared state; the per-page work is :mod:`.page_check`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from array import array
from dataclasses import dataclass, field
from typing import Callable

from .. import __version__
from ..inventory import page_url
from ..html_tokens import normalize
from . import scan as scan_mod
from .cache import InternalCache
from .page_check import check_text, frag_ok, run_pages
from .problems import add_details
from .site import SiteIndex, dep_key

REDIRECT_PAGE_MAX = 16384
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh", re.I)  # redirect pages are small; larger files are real pages
SCANNER_VERSION = 2  # cached problems depend on how pages are read: a new reading discards them


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


def _anchor_digest(joined: str) -> bytes:
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).digest()[:12]


def signature(site_url: str | None, version_prefixes=()) -> str:
    return f"{__version__}|{SCANNER_VERSION}|{site_url or ''}" + ("|" + ",".join(version_prefixes) if version_prefixes else "")


def run(site_dir, *, site_url: str | None = None, cache_dir=None, jobs: int = 0,
        progress: Callable[[int, int], None] | None = None, version_prefixes=()) -> InternalResult:
    started = time.perf_counter()
    site = SiteIndex(site_dir, site_url, version_prefixes)
    site.walk()
    st = _Run(site, InternalCache.open(cache_dir, site_dir, signature(site_url, version_prefixes)), jobs, progress)
    find_redirects(st)
    st.execute(what_changed(st))
    note_anchor_changes(st)
    recheck_dependents(st)
    links = check_fragments(st)
    save_cache(st)
    problems, externals = collect(st)
    return InternalResult(site=site, problems=problems, externals=externals, pages=len(st.html),
                          checked=len(st.results), links=links, cached=st.cache.loaded,
                          elapsed=time.perf_counter() - started)


@dataclass
class _Run:
    """What the phases of one run share."""

    site: SiteIndex
    cache: InternalCache
    jobs: int
    progress: Callable[[int, int], None] | None
    old_pages: dict[str, list] = field(init=False)  # the cache's page entries of the last run
    html: list[str] = field(init=False)  # the HTML pages of the site
    html_set: set[str] = field(init=False)
    others: dict = field(init=False)  # every other file -> (mtime, size)
    cold: bool = field(init=False)  # no cache: the reverse index is built from scratch
    next_id: int = field(init=False)  # the next page id of the reverse index
    changed_keys: set[str] = field(default_factory=set)  # targets whose existence or redirect changed
    anchor_keys: set[str] = field(default_factory=set)  # targets whose anchors changed
    results: dict[str, tuple] = field(default_factory=dict)  # page checked this run -> its result
    new_pages: dict[str, list] = field(default_factory=dict)  # the cache's page entries after this run
    done: list[int] = field(default_factory=lambda: [0])  # pages processed (for progress)
    pids: dict[str, int] = field(default_factory=dict)  # page -> its id in the reverse index
    rev_arrays: dict[str, array] = field(default_factory=dict)  # cold run: target -> ids of pages linking to it
    frev_arrays: dict[str, array] = field(default_factory=dict)  # the same, for links with a fragment
    read_anchors: dict[str, set] = field(default_factory=dict)  # unchanged page -> its anchors, read again

    def __post_init__(self) -> None:
        self.old_pages = self.cache.pages
        self.html = [f for f in self.site.files if f.endswith(".html") or f.endswith(".htm")]
        self.html_set = set(self.html)
        self.others = {f: s for f, s in self.site.files.items() if f not in self.html_set}
        self.cold = not self.cache.loaded
        self.next_id = self.cache.next_id

    def execute(self, batch_list: list) -> None:
        """Check the pages of ``batch_list`` (in worker processes on a large site)."""
        if not batch_list:
            return
        for res in run_pages(self.site, batch_list, self.jobs, self.progress, self.done, len(self.html)):
            rel = res[0]
            if len(res) == 2:  # unchanged content (or unreadable)
                if res[1] is None:
                    self.site.files.pop(rel, None)
                elif rel in self.old_pages:
                    self.old_pages[rel][0], self.old_pages[rel][1] = self.site.files[rel]
                continue
            self.index(rel, res[4], res[5])
            self.results[rel] = res[:4] + (None, None) + res[6:]

    def index(self, rel: str, deps: str, fdeps: str) -> None:
        """Record in the reverse index which targets the page links to (as it arrives: the
        dependency lists are not kept in memory)."""
        old = self.old_pages.get(rel)
        if old is not None:
            pid = old[7]
        else:
            pid = self.next_id
            self.next_id += 1
        self.pids[rel] = pid
        for keys, arrays, idx in ((deps, self.rev_arrays, self.cache.rev), (fdeps, self.frev_arrays, self.cache.frev)):
            if not keys:
                continue
            for k in keys.split("\n"):
                if self.cold:
                    a = arrays.get(k)
                    if a is None:
                        a = arrays[k] = array("I")
                    a.append(pid)
                else:
                    self.cache.add_dependents(idx, k, pid)

    def anchors_of(self, target: str):
        if target in self.results:
            return _Anchors(self.results[target][2])
        found = self.read_anchors.get(target)
        if found is None:  # an unchanged page: its anchors are read again (the cache keeps a digest)
            try:
                with open(os.path.join(self.site.root, target), encoding="utf-8", errors="replace") as fh:
                    found = scan_mod.scan(normalize(fh.read())).anchors
            except OSError:
                found = set()
            self.read_anchors[target] = found
        return found


class _Anchors:
    """Membership in a page's newline-joined anchors without building a set per page."""

    __slots__ = ("raw",)

    def __init__(self, raw: str):
        self.raw = "\n" + raw + "\n"

    def __contains__(self, frag: str) -> bool:
        return ("\n" + frag + "\n") in self.raw


def find_redirects(st: _Run) -> None:
    """1. Redirect pages (small files) first: links into them are reported with the final URL."""
    site = st.site
    for rel in st.html:
        mtime, size = site.files[rel]
        if size > REDIRECT_PAGE_MAX:
            continue
        old = st.old_pages.get(rel)
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


def what_changed(st: _Run) -> list[tuple[str, str | None]]:
    """2. What changed since the cached run: targets (``changed_keys``) and the pages to check
    (with their old content digest)."""
    old_pages = st.old_pages
    if st.cache.loaded:
        for f in set(st.cache.others) ^ set(st.others):
            st.changed_keys.add(dep_key(f))
        for f in set(old_pages) ^ st.html_set:
            st.changed_keys.add(dep_key(f))
        for rel in st.html_set & set(old_pages):
            if old_pages[rel][4] != st.site.redirects.get(rel):  # became, stopped being or changed as a redirect page
                st.changed_keys.add(dep_key(rel))
    todo = []
    for rel in st.html:
        old = old_pages.get(rel)
        stat = st.site.files[rel]
        if old is None:
            todo.append((rel, None))
        elif old[0] != stat[0] or old[1] != stat[1]:
            todo.append((rel, old[2]))
    return todo


def note_anchor_changes(st: _Run) -> None:
    for rel, res in st.results.items():
        old = st.old_pages.get(rel)
        if old is not None and old[3] != _anchor_digest(res[2]):
            st.anchor_keys.add(dep_key(rel))


def recheck_dependents(st: _Run) -> None:
    """3. Pages whose targets changed are re-checked too (their own content did not change)."""
    if st.cache.loaded and (st.changed_keys or st.anchor_keys):
        ids = st.cache.dependents(st.changed_keys) | st.cache.dependents(st.anchor_keys, fragment_only=True)
        if ids:
            by_id = {v[7]: rel for rel, v in st.old_pages.items()}
            st.execute([(by_id[i], None) for i in ids
                        if i in by_id and by_id[i] not in st.results and by_id[i] in st.html_set])


def check_fragments(st: _Run) -> int:
    """4. Fragments into other pages, against the anchors as rendered. Returns the links counted."""
    links = 0
    for rel, res in st.results.items():
        links += res[8]
        if rel in st.site.redirects:  # a redirect page is not content; `urlkeeper check` validates its target
            st.results[rel] = res[:3] + ([],) + res[4:]
            continue
        page_problems = list(res[3])
        fresh = []
        where = {}
        for target, frag, href, pos in res[6]:
            if not frag_ok(frag, st.anchors_of(target)):
                url = st.site.url_of(page_url(target))
                fresh.append(["UK502", href, url + "#" + frag, f"{url} has no anchor #{frag}", "", 0, 0, ""])
                where[href] = pos
        if fresh:
            try:
                with open(os.path.join(st.site.root, rel), encoding="utf-8", errors="replace") as fh:
                    text = normalize(fh.read())
                add_details(text, fresh, where, scan_mod.content_region(text))
            except OSError:
                pass
            page_problems += [tuple(p) for p in fresh]
        st.results[rel] = res[:3] + (page_problems,) + res[4:]
    return links


def save_cache(st: _Run) -> None:
    """5. Update the cache: pages, reverse index."""
    site, cache = st.site, st.cache
    pool: dict[tuple, tuple] = {}
    for rel in st.html:
        if rel not in site.files:
            continue
        mtime, size = site.files[rel]
        old = st.old_pages.get(rel)
        res = st.results.get(rel)
        if res is None:
            if old is None:
                continue
            old[0], old[1] = mtime, size
            old[4] = site.redirects.get(rel)
            st.new_pages[rel] = old
            continue
        problems_here = [pool.setdefault(p, p) for p in res[3]]  # shared tuples: marshal stores them once
        st.new_pages[rel] = [mtime, size, res[1], _anchor_digest(res[2]), site.redirects.get(rel), problems_here,
                             res[7], st.pids[rel]]
    if st.cold:
        cache.rev = {k: a.tobytes() for k, a in st.rev_arrays.items()}
        cache.frev = {k: a.tobytes() for k, a in st.frev_arrays.items()}
    cache.pages = st.new_pages
    cache.others = st.others
    cache.next_id = st.next_id
    cache.save()


def collect(st: _Run) -> tuple[dict[str, list[tuple]], dict[str, list[str]]]:
    """6. The problems of every page and the pages using each external URL."""
    problems: dict[str, list[tuple]] = {}
    externals: dict[str, list[str]] = {}
    for rel, entry in st.new_pages.items():
        if entry[5]:
            problems[rel] = entry[5]
        if entry[6] and rel not in st.site.redirects:
            for url in entry[6]:
                externals.setdefault(url, []).append(rel)
    return problems, externals


__all__ = ["run", "InternalResult", "check_text"]
