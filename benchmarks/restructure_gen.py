"""A generated documentation site and a hand-style restructuring of it, with ground truth.

``make_site(n)`` writes nothing: it returns ``{docs path: Markdown}`` for ``n`` pages of prose
(Zipf-distributed words, shared boilerplate sentences, recurring generic titles and headings,
and 6 % near copies of other pages, so pages resemble each other the way real documentation
pages of several products or versions do). ``restructure(pages)``
then does what writers do without a move tool: moves, renames (new title and slug), merges of
2-3 pages into one (each becomes a section), splits (the larger part keeps most sections),
deletions, and sentence-level rewrites of 0-40 % of every page. It returns the new pages and
the truth: old URL -> the URL (``#section`` for a merged page) that holds its content, or None.
"""

from __future__ import annotations

import random
import re

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "pa", "zu", "ri", "mo", "ga", "fe", "ba",
             "to", "li", "xe", "qu", "an", "er", "in", "os", "ul", "ex", "ar", "el"]
GENERIC_TITLES = ["Overview", "Configuration", "Troubleshooting", "Examples", "Reference", "Getting started",
                  "Limits", "Permissions", "Settings", "Migration guide"]
BOILERPLATE = [
    "For more information see the reference section of this documentation.",
    "This feature is available on all paid plans and in the trial period.",
    "Contact support if the problem persists after following these steps.",
    "Changes take effect within a few minutes and are recorded in the audit log.",
    "You need administrator permissions to change these settings.",
    "The examples below use the sandbox account and test credentials.",
]


class Words:
    def __init__(self, rnd: random.Random, size: int = 6000):
        seen: set[str] = set()
        while len(seen) < size:
            seen.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))))
        self.words = sorted(seen)
        self.weights = [1 / (i + 1) for i in range(size)]  # Zipf: a few words everywhere, most rare
        self.rnd = rnd

    def sentence(self) -> str:
        rnd = self.rnd
        if self.rnd.random() < 0.08:
            return self.rnd.choice(BOILERPLATE)
        ws = self.rnd.choices(self.words, self.weights, k=self.rnd.randint(8, 20))
        return " ".join(ws).capitalize() + "."

    def title(self) -> str:
        if self.rnd.random() < 0.12:
            return self.rnd.choice(GENERIC_TITLES)
        return " ".join(self.rnd.choices(self.words[:800], k=self.rnd.randint(2, 4))).capitalize()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def url_of(path: str) -> str:
    return "/" + path[:-3] + "/" if not path.endswith("index.md") else "/" + path[:-8]


class Page:
    def __init__(self, title: str, sections: list[tuple[str, list[list[str]]]]):
        self.title = title
        self.sections = sections  # (heading, paragraphs of sentences)

    def markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for heading, paras in self.sections:
            if heading:
                out += [f"## {heading}", ""]
            for p in paras:
                out += [" ".join(p), ""]
        return "\n".join(out)


def make_pages(n: int, seed: int = 13) -> tuple[dict[str, Page], Words]:
    rnd = random.Random(seed)
    words = Words(rnd)
    areas = [slug(words.title()) for _ in range(12)]
    pages: dict[str, Page] = {}
    while len(pages) < n:
        if pages and rnd.random() < 0.06:  # a near copy of another page (another product, another version)
            src = pages[rnd.choice(sorted(pages))]
            twin = rewrite(src, words, 0.2)
            twin.title = src.title if rnd.random() < 0.5 else words.title()
            pages.setdefault(f"en/{rnd.choice(areas)}/{rnd.choice(areas)}/{slug(twin.title)}-v2.md", twin)
            continue
        title = words.title()
        sections = []
        for _ in range(rnd.randint(2, 6)):
            heading = rnd.choice(GENERIC_TITLES) if rnd.random() < 0.3 else words.title()
            paras = [[words.sentence() for _ in range(rnd.randint(2, 6))] for _ in range(rnd.randint(1, 3))]
            sections.append((heading, paras))
        path = f"en/{rnd.choice(areas)}/{rnd.choice(areas[:6])}/{slug(title)}.md"
        if path not in pages:
            pages[path] = Page(title, sections)
    return pages, words


def rewrite(page: Page, words: Words, share: float) -> Page:
    rnd = words.rnd
    sections = []
    for heading, paras in page.sections:
        sections.append((heading, [[words.sentence() if rnd.random() < share else s for s in p] for p in paras]))
    return Page(page.title, sections)


def restructure(pages: dict[str, Page], words: Words, seed: int = 29, keep: frozenset[str] = frozenset()):
    """New pages and the truth (old URL -> new URL or None) for every old URL that changed;
    ``keep``: paths of pages left alone elsewhere, which no page may be moved onto."""
    rnd = random.Random(seed)
    paths = sorted(pages)
    rnd.shuffle(paths)
    new: dict[str, Page] = {}
    truth: dict[str, str | None] = {}
    areas = sorted({p.split("/")[1] for p in paths})

    def place(path: str, page: Page) -> str:
        while path in new or path in keep or (path in pages and url_of(path) not in truth):
            path = path[:-3] + "-2.md"
        new[path] = page
        return path

    i = 0
    while i < len(paths):
        old = paths[i]
        page = rewrite(pages[old], words, rnd.uniform(0, 0.4))
        op = rnd.random()
        if op < 0.55:  # kept in place (edited)
            new[old] = page
        elif op < 0.67:  # moved to another folder
            dst = place(f"en/{rnd.choice(areas)}/{rnd.choice(areas)}/{old.rsplit('/', 1)[1]}", page)
            truth[url_of(old)] = url_of(dst)
        elif op < 0.77:  # renamed (and retitled), maybe moved
            page.title = words.title()
            dst = place(f"{old.rsplit('/', 1)[0]}/{slug(page.title)}.md", page)
            truth[url_of(old)] = url_of(dst)
        elif op < 0.85 and i + 2 < len(paths):  # 2-3 pages merged into one
            group = paths[i:i + rnd.randint(2, 3)]
            i += len(group) - 1
            merged = Page(words.title(), [])
            for p in group:
                part = rewrite(pages[p], words, rnd.uniform(0, 0.4))
                merged.sections.append((part.title, [s for _, ps in part.sections for s in ps]))
            dst = place(f"en/{rnd.choice(areas)}/{slug(merged.title)}.md", merged)
            for p in group:
                truth[url_of(p)] = f"{url_of(dst)}#{slug(pages[p].title)}"
        elif op < 0.90 and len(page.sections) >= 3:  # split: the first part keeps most sections
            cut = max(2, (len(page.sections) * 2 + 2) // 3)
            a = Page(page.title, page.sections[:cut])
            b = Page(words.title(), page.sections[cut:])
            dst = place(f"{old.rsplit('/', 1)[0]}/{slug(page.title)}-guide.md", a)
            place(f"{old.rsplit('/', 1)[0]}/{slug(b.title)}.md", b)
            truth[url_of(old)] = url_of(dst)
        elif op < 0.95:  # deleted
            truth[url_of(old)] = None
        else:
            new[old] = page
        i += 1
    return {p: pg.markdown() for p, pg in new.items()}, truth
