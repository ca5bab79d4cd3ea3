"""The per-page work of the internal pass (in worker processes on a large site): extract a
page's links and anchors and resolve them (see :func:`check_text`)."""

from __future__ import annotations

import hashlib
import multiprocessing
import os

from ..inventory import page_url
from ..html_tokens import normalize
from . import scan as scan_mod
from .problems import add_details, missing as _missing
from .site import EXTERNAL, INTERNAL, SAME, SKIP, SiteIndex, dep_key, page_dir

MAX_REDIRECT_HOPS = 10
PARALLEL_MIN_PAGES = 400


def frag_ok(frag: str, anchors) -> bool:
    if not frag or frag == "top" or frag.startswith(":~:"):
        return True
    if frag in anchors:
        return True
    if "%" in frag and unquote(frag) in anchors:
        return True
    return False


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
            if not frag_ok(frag, anchors):
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
            if final_file and frag and final_file.endswith(".html") and not frag_ok(frag, ()):
                flinks.append((final_file, frag, href, -1))
                fdeps.add(dep_key(final_file))
            continue
        if frag and target.endswith(".html") and not frag_ok(frag, ()):
            if target == rel:
                if not frag_ok(frag, anchors):
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



def run_pages(site: SiteIndex, items: list, jobs: int, progress, done: list, total: int):
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

