"""Property-based tests of the link rewriter (Hypothesis), on real files in temp folders.

For generated sites and plans: an empty plan leaves every file byte-identical; after any
plan every rewritten link resolves to the same document and anchor as before; text outside
link destinations (code spans and fences included) is unchanged.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from urlkeeper.move import anchors, engine, txn, verify
from urlkeeper.move.plan import Move, Plan
from urlkeeper.move.site import Site

FOLDERS = ["en", "en/a", "en/a/x", "en/b"]
NAMES = ["index", "p0", "p1", "p2"]
CONFIG = ("site_name: T\nsite_url: https://docs.example.com/\ndocs_dir: docs\nmarkdown_extensions: [attr_list, footnotes, abbr, "
          "admonition, {pymdownx.snippets: {base_path: [docs]}}, {pymdownx.tabbed: {alternate_style: true}}]\n")
# What real pages hold besides links: shared headings (setext too), HTML anchors, abbreviations.
EXTRAS = ["\n\n## Overview\n\n", "\n\nOverview\n--------\n\n", '\n\n<a id="step-3"></a>\n\n', "\n\n## Setup {#setup}\n\n",
          "\n\n*[API]: Application Programming Interface\n\n", "\n\nThe API is small.\n\n"]
# Containers a link may sit in: a table cell, an admonition, a content tab.
WRAP = ["{}", "\n\n| Column |\n| --- |\n| {} |\n\n", "\n\n!!! note\n    {}\n\n", '\n\n=== "Tab"\n\n    {}\n\n']
SETTINGS = settings(max_examples=int(os.environ.get("UK_PROPERTY_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def url_of(rel: str) -> str:
    return Site.url_of(rel)


def rel_url(target: str, base: str) -> str:
    rel = posixpath.relpath(target, base)
    return ("./" if rel == "." else rel + "/") if target.endswith("/") else rel


@st.composite
def sites(draw):
    pages = draw(st.lists(st.sampled_from([f"{f}/{n}.md" for f in FOLDERS for n in NAMES]), min_size=2, max_size=9, unique=True))
    media = draw(st.lists(st.sampled_from(["en/a/img.png", "en/b/pic.png", "en/a/x/d.png"]), max_size=2, unique=True))
    targets = pages + media
    files: dict[str, str] = {}
    links: dict[str, tuple[str, str, str, str]] = {}  # id -> (page, form, target doc, fragment+query)
    n = 0
    for page in pages:
        chunks = [f"# Page {page}\n"]
        numbered = 0
        for _ in range(draw(st.integers(0, 6))):
            kind = draw(st.sampled_from(["text", "md", "img", "ref", "html", "abs", "code", "fence", "extra", "num", "note",
                                         "include"]))
            if kind == "text":
                # no line may start with spaces: four of them make an indented code block
                chunks.append(re.sub(r"\n +", "\n", draw(st.text(alphabet="abc xyz.,:;!-_*\n", max_size=30))).lstrip(" "))
                continue
            if kind == "extra":
                chunks.append(draw(st.sampled_from(EXTRAS)))
                continue
            if kind == "note":  # footnotes share their labels across pages
                numbered += 1
                chunks.append(f"\n\nA remark[^{numbered}].\n\n[^{numbered}]: Said on {page}.\n\n")
                continue
            if kind == "include":
                chunks.append('\n\n--8<-- "en/a/inc.txt"\n\n')
                continue
            if kind == "num":  # numbered reference labels, the same numbers on every page
                numbered += 1
                doc = draw(st.sampled_from(pages))
                dest = posixpath.relpath(doc, posixpath.dirname(page)) + draw(st.sampled_from(["", "#s1"]))
                chunks.append(f"\n\nSee [numbered {numbered}][{numbered}].\n\n[{numbered}]: {dest}\n\n")
                continue
            if kind == "code":
                chunks.append(f"`[c]({draw(st.sampled_from(targets))})`")
                continue
            if kind == "fence":
                chunks.append(f"\n```\n[c]({draw(st.sampled_from(targets))})\n```\n")
                continue
            lid = f"L{n}"
            n += 1
            is_img = kind == "img"
            doc = draw(st.sampled_from(media if is_img and media else pages if kind in ("html", "abs") else targets))
            rest = "" if not doc.endswith(".md") else draw(st.sampled_from(["", "#s1", "?v=2#s-2", "?q=1"]))
            if kind in ("md", "img", "ref"):
                dest = posixpath.relpath(doc, posixpath.dirname(page)) + rest
            elif kind == "html":
                dest = rel_url(url_of(doc), url_of(page)) + rest
            else:
                dest = url_of(doc) + rest
            links[lid] = (page, kind, doc, rest)
            title = draw(st.sampled_from(["", ' "A title"']))
            text = {"md": f"[{lid}]({dest}{title})", "img": f"![{lid}]({dest})", "ref": f"\n[{lid}]: {dest}\n",
                    "html": f'<a id="{lid}" href="{dest}">x</a>', "abs": f"[{lid}]({dest})"}[kind]
            chunks.append(draw(st.sampled_from(WRAP)).format(text) if kind != "ref" else text)
        files[page] = " ".join(c for c in chunks if c) + "\n"  # empty chunks would pile up spaces
    for m in media:
        files[m] = "binary"
    files["en/a/inc.txt"] = "Included text.\n"
    return files, links


@st.composite
def plans(draw, files):
    pages = sorted(p for p in files if p.endswith(".md"))
    moves: list[Move] = []
    folders = sorted({posixpath.dirname(p) for p in files} - {"en"})
    if folders and draw(st.booleans()):
        folder = draw(st.sampled_from(folders))
        choices = [t for t in ("en/f0", "en/b/f1", "top/f2") if not t.startswith(folder + "/")]
        moves.append(Move(folder, draw(st.sampled_from(choices))))
    for i, page in enumerate(draw(st.lists(st.sampled_from(pages), max_size=3, unique=True))):
        moves.append(Move(page, f"{draw(st.sampled_from(['en', 'en/n', 'en/a', 'deep/er']))}/m{i}.md"))
    return moves


def make(tmp: Path, files: dict[str, str]) -> Path:
    (tmp / "mkdocs.yml").write_text(CONFIG)
    for rel, text in files.items():
        p = tmp / "docs" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp


def run(tmp: Path, moves: list[Move]):
    site = Site.load(tmp / "mkdocs.yml")
    result = engine.compute(site, Plan("prop", moves), tmp / "redirects" / "prop.yml")
    assert not result.fatal, [str(c) for c in result.fatal]
    txn.apply(result, site.docs_dir, use_git=False)
    return result


def files_of(tmp: Path) -> dict[str, bytes]:
    return {p.relative_to(tmp).as_posix(): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}


@SETTINGS
@given(sites())
def test_empty_plan_leaves_every_file_byte_identical(site):
    files, _ = site
    with tempfile.TemporaryDirectory() as d:
        tmp = make(Path(d), files)
        before = files_of(tmp)
        result = run(tmp, [])
        assert result.nothing_to_do
        assert files_of(tmp) == before


DEST = {
    "md": r"(?<!!)\[{id}\]\(([^)\s]+)(?: \"A title\")?\)",
    "abs": r"(?<!!)\[{id}\]\(([^)\s]+)\)",
    "img": r"!\[{id}\]\(([^)\s]+)\)",
    "ref": r"^\[{id}\]: (\S+)$",
    "html": r'<a id="{id}" href="([^"]+)">',
}
ANY_DEST = re.compile(r'((?:!?\[L\d+\]\()[^)\s]+(?=[) ])|^\[L?\d+\]: \S+$|<a id="L\d+" href="[^"]+"|--8<-- "[^"]+")', re.M)


def blank_links(text: str) -> str:
    """The text with every generated link destination replaced by a placeholder."""
    def repl(m):
        s = m.group()
        if s.startswith("--8<--"):
            return '--8<-- "<D>"'
        if s.startswith("<a"):
            return re.sub(r'href="[^"]+"', 'href="<D>"', s)
        if s.startswith("["):
            return s.split(":")[0] + ": <D>" if "]: " in s else s.split("(")[0] + "(<D>"
        return s.split("(")[0] + "(<D>"
    return ANY_DEST.sub(repl, text)


def resolve(page: str, kind: str, dest: str, files: set[str]) -> tuple[str, str]:
    """Independent resolver: (docs file, ?query#fragment) of a destination in ``page``."""
    cut = min([i for i in (dest.find("?"), dest.find("#")) if i >= 0] or [len(dest)])
    path, rest = dest[:cut], dest[cut:]
    if not path:
        return page, rest  # a link within the page
    if kind in ("md", "img", "ref"):
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)), rest
    base = url_of(page) if kind == "html" else "/"
    url = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
    by_url = {url_of(f): f for f in files if f.endswith(".md")}
    return by_url.get(url, "<missing " + url + ">"), rest


@SETTINGS
@given(st.data())
def test_every_link_resolves_to_the_same_document_after_any_plan(data):
    files, links = data.draw(sites())
    moves = data.draw(plans(files))
    with tempfile.TemporaryDirectory() as d:
        tmp = make(Path(d), files)
        site = Site.load(tmp / "mkdocs.yml")
        result = engine.compute(site, Plan("prop", moves), tmp / "redirects" / "prop.yml")
        assert not result.fatal, [str(c) for c in result.fatal]
        txn.apply(result, site.docs_dir, use_git=False)
        mapping = dict(result.renames)
        after_files = {p.relative_to(tmp / "docs").as_posix() for p in (tmp / "docs").rglob("*") if p.is_file()}
        assert after_files == {mapping.get(f, f) for f in files}
        for page in (p for p in files if p.endswith(".md")):
            new_page = mapping.get(page, page)
            new_text = (tmp / "docs" / new_page).read_text()
            assert blank_links(new_text) == blank_links(files[page]), new_page
            for lid, (src, kind, doc, rest) in links.items():
                if src != page:
                    continue
                m = re.search(DEST[kind].format(id=lid), new_text, re.M)
                assert m, (lid, new_text)
                got_doc, got_rest = resolve(new_page, kind, m.group(1), after_files)
                assert (got_doc, got_rest) == (mapping.get(doc, doc), rest), (lid, kind, m.group(1))


def duplicates(items: list[str]) -> set[str]:
    return {k for k, n in Counter(items).items() if n > 1}


@st.composite
def fold_plans(draw, files):
    """Folds (with and without a section) into pages that stay or move, beside page moves and
    reused paths."""
    pages = sorted(p for p in files if p.endswith(".md"))
    folded = draw(st.lists(st.sampled_from(pages), min_size=1, max_size=min(3, len(pages) - 1), unique=True))
    hosts = [p for p in pages if p not in folded]
    moves = [Move(src, draw(st.sampled_from(hosts)), draw(st.sampled_from(["", f"sec{i}"] + (["overview"] if not i else []))))
             for i, src in enumerate(folded)]
    rest = [p for p in hosts if draw(st.booleans())][:2]
    for i, page in enumerate(rest):
        moves.append(Move(page, f"en/moved/r{i}.md"))
    if rest and draw(st.booleans()):  # a path the plan vacates is taken by another page
        stay = [p for p in hosts if p not in rest and not any(m.dst == p for m in moves)]
        if stay:
            moves.append(Move(draw(st.sampled_from(stay)), rest[0]))
    return moves


@SETTINGS
@given(st.data())
def test_folds_and_moves_keep_every_link_target_and_leave_no_duplicate_labels_or_ids(data):
    files, _ = data.draw(sites())
    moves = data.draw(fold_plans(files))
    with tempfile.TemporaryDirectory() as d:
        tmp = make(Path(d), files)
        site = Site.load(tmp / "mkdocs.yml")
        result = engine.compute(site, Plan("prop", moves), tmp / "redirects" / "prop.yml")
        assert not result.fatal, [str(c) for c in result.fatal]
        compared, changed = verify.check(site, result, result.moved)
        assert changed == [], [str(c) for c in changed]
        txn.apply(result, site.docs_dir, use_git=False)
        origin = {new: old for old, new in result.renames}
        for host in {result.moved[m.src] for m in moves if m.fold}:
            after = (tmp / "docs" / host).read_text()
            sources = [files[origin.get(host, host)]] + [files[m.src] for m in moves if m.fold and result.moved[m.src] == host]
            for name, of in (("ids", lambda t: [a.id for a in anchors.ids(t) if a.kind != "html"]),
                             ("labels", lambda t: [anchors.norm_label(lbl) for lbl, _ in anchors.ref_defs(t)]),
                             ("footnotes", lambda t: [lbl for lbl, _ in anchors.footnote_defs(t)]),
                             ("abbreviations", lambda t: [term for term, _, _ in anchors.abbr_defs(t)])):
                had = set().union(*(duplicates(of(t)) for t in sources))
                assert duplicates(of(after)) <= had, (host, name, of(after))  # none the fold made
