"""Suggestions: for each old URL that no longer resolves, where its content went.

Candidates come from :class:`.index.Index`, each is weighed (:mod:`.evidence`), and the best
one gets a rule when it is clearly best: the confidence is its score, lowered when a rival
comes close. Pages that share the old content between them (a split: each holds a good part
of the old page, or its title, and consists mostly of it) are not rivals; the rule goes to the
one that kept the old title (the page's successor, often a short overview), else to the one
holding most, and the others are named. An old page that became a section of a larger page gets a
rule to that section's anchor. Old anchors are matched to the new page's headings by text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .evidence import SMALL, Evidence, heading_weights, score, weigh
from .fingerprint import Fingerprint, norm
from .index import Index, path_key

FULL = 0.6  # a score from which the evidence alone is full (content kept, or title, headings and path)
GONE = 0.2  # best score under which the content counts as gone
FOLLOW_BELOW = 0.5  # a folder index placed with less confidence than this may follow its pages
SPLIT_PART = 0.15  # share of the old page a part of a split holds at least


@dataclass
class Suggestion:
    old_url: str
    old: Fingerprint | None
    best: Evidence | None = None
    new: Fingerprint | None = None  # the best page's fingerprint
    target: str = ""
    confidence: float = 0.0
    rivals: list[Evidence] = field(default_factory=list)
    split: list[Evidence] = field(default_factory=list)
    anchors: list[tuple[str, str | None]] = field(default_factory=list)  # old anchor -> anchor on the target
    followed: int = 0  # pages of its old folder that went to the target (see follow_children)

    @property
    def gone(self) -> bool:
        return self.best is None or self.best.score < GONE


def rank(old: Fingerprint, index: Index, before: dict[str, Fingerprint] | None = None) -> list[Evidence]:
    """Candidates by score. A page that was already live on the old side only counts for the
    text and headings it gained: what its old version already shared with the old page is taken
    off, so a near copy that always held much of the same text (another product's or version's
    page) is no evidence that the content went there, while a page that took the old page in as
    a section is."""
    lang = index.language_prefix
    found = index.candidates(old, path_key(old.url, lang))
    found.discard(old.url)
    heads = {norm(t) for _, t in old.headings} - {norm(old.title)}
    weights = heading_weights(heads, index.by_heading, len(index.urls))
    ranked = []
    for url in found:
        ev = weigh(old, index.prints[url], lang, heads, weights)
        prior = (before or {}).get(url)
        if prior is not None:
            was = weigh(old, prior, lang, heads, weights)
            ev.content = max(0.0, ev.content - was.content)
            ev.headings = max(0.0, ev.headings - was.headings)
            ev.section = "" if was.section else ev.section
            ev.score = score(ev, old)
        ranked.append(ev)
    ranked.sort(key=lambda e: (-e.score, e.url))
    return ranked


def decide(old_url: str, old: Fingerprint | None, index: Index, old_anchors: set[str] = frozenset(),
           new_anchors: dict[str, frozenset[str]] | None = None, before: dict[str, Fingerprint] | None = None) -> Suggestion:
    """The suggestion for one broken old URL; ``before`` holds the old side's fingerprints."""
    s = Suggestion(old_url, old)
    if old is None:
        return s
    ranked = rank(old, index, before)
    if not ranked:
        return s
    best = ranked[0]
    parts = [e for e in ranked if e.share_of_new >= 0.5 and (e.content >= SPLIT_PART or e.title >= 1.0)
             ] if old.shingles >= SMALL else []
    if len(parts) >= 2 and best in parts:
        # the part that kept the old title is the page's successor; else the part holding most
        best = max(parts, key=lambda e: (e.title >= 1.0, e.content + 0.05 * (e.title + e.headings + e.path), e.score))
        s.split = [e for e in parts if e is not best]
    section = section_split(old, ranked)
    if section is not None and section[0].score > best.score:
        best, s.split = section
    s.best = best
    s.new = index.prints[best.url]
    taken = {best.url} | {e.url for e in s.split}
    s.rivals = [e for e in ranked if e.url not in taken][:3]
    second = s.rivals[0].score if s.rivals else 0.0
    strongest = max([best.score] + [e.score for e in s.split])  # a split is as clear as its clearest part
    s.confidence = confidence(strongest, second)
    s.target = best.url
    live = (new_anchors or {}).get(best.url)
    if best.section and best.share_of_new < 0.7 and best.title < 1.0 and (live is None or best.section in live):
        s.target = f"{best.url}#{best.section}"
    else:
        s.anchors = match_anchors(old, index.prints[best.url], old_anchors, live or frozenset())
    return s


def section_split(old: Fingerprint, ranked: list[Evidence]) -> tuple[Evidence, list[Evidence]] | None:
    """An old page that became a section of its own: a folder index that kept the old title,
    and pages under it that each hold a good part of the old text (``/configuration/auth/``
    split into ``/concepts/auth/`` with ``http/``, ``git/``, ``certificates/``). The index gets
    the rule, weighed with the content and headings its pages hold between them."""
    if old.shingles < SMALL:
        return None
    head = next((e for e in ranked if e.title >= 1.0 and e.url.endswith("/")), None)
    if head is None:
        return None
    parts = [e for e in ranked if e is not head and e.url.startswith(head.url) and e.content >= SPLIT_PART]
    if len(parts) < 2:
        return None
    whole = replace(head, content=min(1.0, head.content + sum(e.content for e in parts)),
                    headings=min(1.0, head.headings + sum(e.headings for e in parts)))
    whole.score = score(whole, old)
    return whole, parts


def follow_children(suggestions: list[Suggestion], old_urls, live: set[str]) -> None:
    """A section index not placed by its own evidence follows its pages: when every page of the old
    folder that still has a home went to one live page (at least two of them), the folder's
    index goes there too (``/guide/basics/`` after ``basics/*`` were folded into ``/guide/start/``)."""
    placed = {s.old_url: s.target.split("#")[0] for s in suggestions if s.target and not s.gone}
    ordered = sorted(old_urls)
    for s in suggestions:
        if s.old is None or not s.old_url.endswith("/") or s.confidence >= FOLLOW_BELOW:
            continue
        homes = [placed.get(u) or (u if u in live else None) for u in _under(ordered, s.old_url)]
        homes = [h for h in homes if h is not None]
        if len(homes) >= 2 and len(set(homes)) == 1 and homes[0] in live:
            s.best = Evidence(homes[0], score=GONE)
            s.new = None
            s.target = homes[0]
            s.confidence = round(min(1.0, 0.4 + 0.1 * len(homes)), 3)
            s.followed = len(homes)


def _under(ordered: list[str], folder: str) -> list[str]:
    """The URLs of a sorted list that lie under ``folder`` (not the folder itself)."""
    out = []
    for i in range(bisect_right(ordered, folder), len(ordered)):
        if not ordered[i].startswith(folder):
            break
        out.append(ordered[i])
    return out


def confidence(best: float, second: float) -> float:
    """Strength of the best evidence, times how clearly it beats the runner-up: a rival with
    half the best score takes off 30 %, a tie takes off everything."""
    if best <= 0:
        return 0.0
    strength = min(1.0, best / FULL)
    clarity = max(0.0, 1.0 - second / best) ** 0.5
    return round(strength * clarity, 3)


def match_anchors(old: Fingerprint, new: Fingerprint, old_anchors: set[str], live: frozenset[str]) -> list[tuple[str, str | None]]:
    """Old anchors the new page lacks, each with the new page's heading of the same text (or None)."""
    texts = dict(old.headings)
    by_text = {norm(t): a for a, t in new.headings}
    if old.headings and new.headings and norm(old.headings[0][1]) == norm(old.title):
        by_text.setdefault(norm(old.title), new.headings[0][0])  # the title heading: the new page's title
    have = set(live) | {a for a, _ in new.headings}
    out = []
    for anchor in sorted(set(old_anchors) | set(texts)):
        if anchor in have:
            continue
        text = texts.get(anchor)
        out.append((anchor, by_text.get(norm(text)) if text else None))
    return out


def moved_anchor(url: str, anchor: str, old: Fingerprint | None, page: Fingerprint | None, index: Index) -> str | None:
    """Where a lost anchor of a still-live page went: the heading of the same text on the page,
    else on the one other page that has it; None when it cannot be told."""
    text = dict(old.headings).get(anchor) if old else None
    if not text:
        return None
    key = norm(text)
    if page is not None:
        for a, t in page.headings:
            if norm(t) == key:
                return f"{page.url}#{a}"
    hits = index.by_heading.get(key, [])
    if len(hits) == 1:
        other = index.prints[hits[0]]
        return next(f"{other.url}#{a}" for a, t in other.headings if norm(t) == key)
    return None
