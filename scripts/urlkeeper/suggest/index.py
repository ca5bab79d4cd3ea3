"""An index of the live pages' fingerprints for finding candidates without comparing all pairs.

Candidates for an old page come from five inverted indexes: identifiers (and aliases that
name the old URL), exact titles, heading texts, the words of the last path segment, and the
signature positions (one bucket per
position and 16-bit value, i.e. LSH with bands of one row: a page sharing even a fifth of its
shingles with the old one meets it in several buckets). Buckets that hold a large share of
the site (theme boilerplate, very common headings) are skipped as carrying no evidence, and
only the pages meeting the old one most often are weighed, so the cost of one suggestion does
not grow with the size of the site.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

from . import signature
from .fingerprint import Fingerprint, norm

MIN_SHARED_POSITIONS = 3  # about 5 % Jaccard: below that, shared buckets are chance
SIGNATURE_CANDIDATES = 30  # the pages sharing most signature positions that are weighed
WEAK_CANDIDATES = 10  # the pages sharing most headings and page-name words that are weighed


def path_key(url: str, language_prefix: str | None = None) -> str:
    """A URL or docs path reduced for comparison: ``/en/a/b.html`` -> ``a/b``."""
    p = re.sub(r"(index)?\.(md|markdown|html?)$", "", url.strip().lower()).strip("/")
    lang = (language_prefix or "").strip("/").lower()
    if lang and (p == lang or p.startswith(lang + "/")):
        p = p[len(lang):].strip("/")
    return p


def name_words(url: str, language_prefix: str | None = None) -> set[str]:
    """The words of a URL's last path segment: ``/en/a/payment_cards/`` -> {payment, cards}."""
    last = path_key(url, language_prefix).rsplit("/", 1)[-1]
    return {w for w in re.split(r"[_.\-\s]+", last) if len(w) > 2}


class Index:
    """Built from ``prints`` at once, or (``prints`` None) page by page with :meth:`add` while
    the pages are read, then :meth:`finish` (the same index either way)."""

    def __init__(self, prints: dict[str, Fingerprint] | None, language_prefix: str | None = None):
        self.prints: dict[str, Fingerprint] = {}
        self.language_prefix = language_prefix
        self.by_id: dict[str, list[str]] = defaultdict(list)
        self.by_title: dict[str, list[str]] = defaultdict(list)
        self.by_heading: dict[str, list[str]] = defaultdict(list)
        self.by_name_word: dict[str, list[str]] = defaultdict(list)  # words of the last path segment
        if prints is not None:
            for url in sorted(prints):
                self.add(prints[url])
            self.finish()

    def add(self, fp: Fingerprint) -> None:
        url, language_prefix = fp.url, self.language_prefix
        self.prints[url] = fp
        for word in name_words(url, language_prefix):
            self.by_name_word[word].append(url)
        for ident in fp.ids:
            self.by_id[ident].append(url)
            self.by_id["path:" + path_key(ident, language_prefix)].append(url)
        if fp.title:
            self.by_title[norm(fp.title)].append(url)
        for text in fp.heading_index():
            self.by_heading[text].append(url)

    def finish(self) -> None:
        self.urls = sorted(self.prints)
        for table in (self.by_id, self.by_title, self.by_heading, self.by_name_word):
            for urls in table.values():
                urls.sort()  # in URL order, however the pages came
        self.common = max(20, len(self.urls) // 200)
        self._build_buckets()

    def _build_buckets(self) -> None:
        with_text = [u for u in self.urls if self.prints[u].shingles > 0]
        self.sig_urls = with_text
        if not with_text:
            self.keys = np.empty(0, dtype=np.int64)
            self.owner = np.empty(0, dtype=np.int64)
            return
        matrix = np.stack([self.prints[u].sig for u in with_text]).astype(np.int64)  # pages x K
        keys = (matrix + (np.arange(signature.K, dtype=np.int64) << 16)[None, :]).ravel()
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.owner = order // signature.K

    def candidates(self, old: Fingerprint, old_url_key: str) -> set[str]:
        """The pages worth weighing: every page sharing an identifier or the title (or with the
        old title as a heading), the pages sharing most signature positions, and the pages
        sharing most headings and page-name words."""
        found: set[str] = set()
        for ident in old.ids:
            found.update(self.by_id.get(ident, ()))
        found.update(self.by_id.get("path:" + old_url_key, ()))
        title = norm(old.title) if old.title else ""
        for hits in (self.by_title.get(title, ()), self.by_heading.get(title, ())):
            if len(hits) <= self.common:
                found.update(hits)
        weak: Counter[str] = Counter()
        for key in {norm(t) for _, t in old.headings} - {title}:
            hits = self.by_heading.get(key, ())
            if len(hits) <= self.common:
                weak.update(hits)
        for word in name_words(old.url, self.language_prefix):
            hits = self.by_name_word.get(word, ())
            if len(hits) <= self.common:
                weak.update(hits)
        # ties by URL, not by the order of a set: the same run gives the same suggestions
        found.update(sorted(weak, key=lambda u: (-weak[u], u))[:WEAK_CANDIDATES])
        if old.shingles > 0 and self.keys.size:
            found.update(self._signature_hits(old.sig))
        return found

    def _signature_hits(self, sig: np.ndarray) -> list[str]:
        query = sig.astype(np.int64) + (np.arange(signature.K, dtype=np.int64) << 16)
        lo = np.searchsorted(self.keys, query, "left")
        hi = np.searchsorted(self.keys, query, "right")
        parts = [self.owner[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if 0 < b - a <= self.common]
        if not parts:
            return []
        pages, counts = np.unique(np.concatenate(parts), return_counts=True)
        keep = counts >= MIN_SHARED_POSITIONS
        pages, counts = pages[keep], counts[keep]
        if pages.size > SIGNATURE_CANDIDATES:
            pages = pages[np.argsort(-counts, kind="stable")[:SIGNATURE_CANDIDATES]]
        return [self.sig_urls[i] for i in pages.tolist()]
