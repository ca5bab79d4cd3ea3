"""Evidence that an old page's content now lives on a given live page, and how much it weighs.

Each kind of evidence is a number from 0 to 1: ``content`` is the share of the old page's
shingles found on the new page (containment, estimated from the signatures), ``title`` the
agreement of the titles, ``headings`` the share of the old headings the new page still has,
``path`` the overlap of the URL path words, ``same_id`` a shared front-matter identifier or an
alias naming the old URL. ``section`` is the anchor of the new page's heading that carries
the old page's title when the old page became a section of a larger page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import signature
from .fingerprint import Fingerprint, norm
from .index import path_key

WEIGHTS = {"content": 0.55, "title": 0.15, "headings": 0.15, "path": 0.15}
SMALL = 12  # pages with fewer shingles than this say little through their content


@dataclass
class Evidence:
    url: str
    content: float = 0.0  # share of the old page found here
    share_of_new: float = 0.0  # share of this page that came from the old page
    title: float = 0.0
    headings: float = 0.0
    path: float = 0.0
    same_id: bool = False
    section: str = ""  # anchor of the heading that carries the old title, if the page took it in as a section
    has_headings: bool = False  # the old page had headings besides its title
    score: float = 0.0

    def describe(self, old: Fingerprint, new: Fingerprint) -> str:
        parts = []
        if self.same_id:
            parts.append("same identifier")
        if self.title >= 1.0:
            parts.append(f"same title {new.title!r}")
        elif self.section:
            parts.append(f"old title is the section #{self.section}")
        elif self.title > 0:
            parts.append(f"title {new.title!r} ({self.title:.0%})")
        if old.shingles >= SMALL:
            parts.append(f"{self.content:.0%} of the text")
        if self.headings > 0:
            parts.append(f"{self.headings:.0%} of the headings")
        if self.path > 0:
            parts.append(f"path words {self.path:.0%}")
        return "; ".join(parts) or "weak evidence"


def _words(text: str) -> set[str]:
    return set(norm(text).split())


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@lru_cache(maxsize=1 << 16)
def path_words(url: str, language_prefix: str | None) -> frozenset[str]:
    return frozenset({w for w in re.split(r"[/_.\-\s]+", path_key(url, language_prefix)) if w})


def weigh(old: Fingerprint, new: Fingerprint, language_prefix: str | None, old_heading_norms: set[str] | None = None,
          heading_weights: dict[str, float] | None = None) -> Evidence:
    """``heading_weights``: how much each old heading says (see :func:`heading_weights`); equal
    weights without it."""
    ev = Evidence(new.url)
    if old.shingles and new.shingles:
        j = signature.jaccard(int(np.count_nonzero(old.sig == new.sig)))
        ev.content = signature.containment(j, old.shingles, new.shingles)
        ev.share_of_new = signature.containment(j, new.shingles, old.shingles)
    ot, nt = norm(old.title), norm(new.title)
    new_headings = new.heading_index()
    if ot and ot == nt:
        ev.title = 1.0
    elif ot:
        ow, nw = set(ot.split()), set(nt.split())
        ev.title = max(0.8 * _overlap(ow, nw), 0.6 if ow <= nw else 0.0)  # "Search" -> "Setting up site search"
        anchor = new_headings.get(ot)
        if anchor is not None and new.headings and norm(new.headings[0][1]) != ot:
            ev.section = anchor
    heads = old_heading_norms if old_heading_norms is not None else {norm(t) for _, t in old.headings} - {ot}
    ev.has_headings = bool(heads)
    if heads:
        shared = heads & new_headings.keys()
        ev.headings = (sum(heading_weights.get(h, 1.0) for h in shared) if heading_weights else len(shared)) / len(heads)
    ev.path = _overlap(path_words(old.url, language_prefix), path_words(new.url, language_prefix))
    if new.ids:
        ev.same_id = bool(set(old.ids) & set(new.ids)) or any(
            path_key(i, language_prefix) == path_key(old.url, language_prefix) for i in new.ids)
    ev.score = score(ev, old)
    return ev


def heading_weights(heads: set[str], pages_with: dict[str, list[str]], pages: int) -> dict[str, float]:
    """How much sharing each heading says, from 1 (one live page has it) down as more pages
    have it (inverse document frequency, scaled): "Configuration" or "Usage", found on half the
    pages, says far less than a heading only one page has."""
    top = math.log(1 + max(1, pages))
    return {h: math.log(1 + max(1, pages) / max(1, len(pages_with.get(h, ())))) / top for h in heads}


def score(ev: Evidence, old: Fingerprint) -> float:
    w = WEIGHTS
    # a page without text (only macros, includes, generated content) is judged by the rest
    content_weight = w["content"] if old.shingles >= SMALL else w["content"] / 3 if old.shingles else 0.0
    title = max(ev.title, 0.9 if ev.section else 0.0)
    heading_weight = w["headings"] if ev.has_headings else 0.0
    s = content_weight * ev.content + w["title"] * title + heading_weight * ev.headings + w["path"] * ev.path
    s /= content_weight + w["title"] + heading_weight + w["path"]
    if ev.same_id:
        s = max(s, 0.97)
    return s
