"""Fingerprints from a page's source: rendered HTML (any generator) or MkDocs Markdown.

HTML: the main content is the ``<article>`` (Material for MkDocs, most themes), else the
element with ``role="main"``, else ``<main>``, else ``<body>``; navigation, header and footer
are left out so that theme chrome does not make every page look alike. Headings are the
``h1``-``h6`` that carry an ``id``; the title is the first ``h1``, else ``<title>``.

Markdown: front matter gives ``title`` and the identifiers (``uid``, ``id``, ``aliases``,
``redirect_from``); headings get the anchors Python-Markdown's toc extension would give
(``{#custom}`` attribute lists honoured); link targets, HTML tags, attribute lists and Jinja
expressions (mkdocs-macros) are removed from the text, so the words match those of the
rendered page.
"""

from __future__ import annotations

import html
import re

import yaml

from .fingerprint import Fingerprint, slugify

ID_KEYS = ("uid", "id", "aliases", "redirect_from")

_SCRIPTS = re.compile(r"<(script|style|template|svg|nav|header|footer)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_HEADERLINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.S | re.I)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S | re.I)


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment)).replace("¶", " ")


def _main(page: str) -> str:
    low = page.lower()
    start = low.find("<article")
    if start >= 0:
        end = low.rfind("</article>")
        return page[start:end if end > start else len(page)]
    at = low.find('role="main"')
    if at >= 0:
        start = low.rfind("<", 0, at)
        end = low.find("<footer", at)
        return page[start:end if end > 0 else len(page)]
    start = low.find("<main")
    if start >= 0:
        end = low.find("</main>", start)
        return page[start:end if end > 0 else len(page)]
    start = low.find("<body")
    return page[start:] if start >= 0 else page


def from_html(url: str, page: str, ids=()) -> Fingerprint:
    body = _HEADERLINK.sub(" ", _SCRIPTS.sub(" ", _main(page)))
    headings: list[tuple[str, str]] = []
    title = ""
    for m in _HEADING.finditer(body):
        text = " ".join(_text(m.group(3)).split())
        if m.group(1) == "1" and not title:
            title = text
        idm = _ID.search(m.group(2))
        if idm and text:
            headings.append((html.unescape(next(g for g in idm.groups() if g is not None)), text))
    if not title:
        tm = _TITLE.search(page)
        title = " ".join(_text(tm.group(1)).split()).split(" - ")[0] if tm else ""
    return Fingerprint.make(url, title, ids, headings, _text(body))


# ---- Markdown ------------------------------------------------------------------------------
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTR = re.compile(r"\{:?[ \t]*[#.][^}\n]*\}")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # and Jinja (mkdocs-macros)
_INLINE = re.compile(r"[*_`~]+")
_ADMONITION = re.compile(r'^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+\w+[ \t]*(?:"([^"]*)")?', re.M)


def front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[m.end():]


def identifiers(meta: dict) -> list[str]:
    out: list[str] = []
    for key in ID_KEYS:
        value = meta.get(key)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, (str, int)) and str(v).strip():
                out.append(f"{key}:{str(v).strip()}" if key in ("uid", "id") else str(v).strip())
    return out


def _inline(text: str) -> str:
    text = _IMAGE_OR_LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    return _INLINE.sub("", _TAG.sub(" ", text))


def _md_headings(body: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    in_fence = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        m = None if in_fence else _MD_HEADING.match(line)
        if not m:
            continue
        raw = m.group(2)
        idm = _ATTR_ID.search(raw)
        text = " ".join(html.unescape(_inline(_ATTR.sub("", raw))).split())
        anchor = idm.group(1) if idm else slugify(text)
        if not idm and anchor in seen:  # toc numbers repeated anchors: x, x_1, x_2
            seen[anchor] += 1
            anchor = f"{anchor}_{seen[anchor]}"
        else:
            seen.setdefault(anchor, 0)
        if text:
            out.append((anchor, text))
    return out


def from_markdown(url: str, text: str, default_title: str = "") -> Fingerprint:
    meta, body = front_matter(text)
    body = _COMMENT.sub(" ", body)
    headings = _md_headings(body)
    title = str(meta.get("title") or "").strip()
    if not title:
        first = _MD_HEADING.search(body)
        title = headings[0][1] if headings and first and first.group(1) == "#" else default_title
    plain = _ADMONITION.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}", body)
    plain = _REF_DEF.sub(" ", _AUTOLINK.sub(" ", plain))
    plain = html.unescape(_ATTR.sub(" ", _inline(plain)))
    return Fingerprint.make(url, title, identifiers(meta), headings, plain)
