"""A fast generator of documentation sites that look like MkDocs Material output.

``generate(out, pages)`` writes ``out/mkdocs.yml``, the Markdown sources under ``out/docs`` and
the built site under ``out/site`` (directory URLs, Material-like chrome: header, tabs, primary
navigation of the section, table of contents, content, footer, scripts), with realistic link
density and a known set of broken links of each kind, listed in ``out/expected.json``.

Used by ``bench_links.py``; also handy to try ``urlkeeper links`` on a large site.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

SECTIONS = 10
GROUP = 50
HEADINGS = ("overview", "install", "configure", "usage", "examples", "troubleshooting")
EXTERNAL = [f"https://ext{n % 40}.example.org/path/{n}" for n in range(200)]
ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 8a3 3 0 0 0 3-3 3 3 0 0 0-3-3 '
        '3 3 0 0 0-3 3 3 3 0 0 0 3 3m0 3.54C9.64 9.35 6.5 8 3 8v11c3.5 0 6.64 1.35 9 3.54 2.36-2.19 5.5-3.54 9-3.54V8'
        'c-3.5 0-6.64 1.35-9 3.54"/></svg>')
REDIRECTS = 50
IMAGES = 20


def layout(n: int):
    """Page i -> (section, group, url path without leading slash, md path)."""
    per_section = max(1, -(-n // SECTIONS))
    out = []
    for i in range(n):
        s, k = divmod(i, per_section)
        g = k // GROUP
        out.append((s, g, f"en/sec{s}/grp{g}/page-{i}/", f"en/sec{s}/grp{g}/page-{i}.md"))
    return out


def rel(from_dir: str, to: str) -> str:
    """Relative URL from a page folder (``a/b/``) to a site path (``c/d/`` or ``x.png``)."""
    r = os.path.relpath("/" + to, "/" + from_dir)
    if to.endswith("/") and not r.endswith("/"):
        r = r + "/"
    return r


def md_rel(from_md: str, to_md: str) -> str:
    return os.path.relpath("/" + to_md, "/" + os.path.dirname(from_md))


def generate(out: str | Path, n: int, seed: int = 7) -> dict:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    site, docs = out / "site", out / "docs"
    pages = layout(n)
    first_of_group: dict[tuple[int, int], int] = {}
    groups_of_section: dict[int, list[int]] = {}
    members: dict[tuple[int, int], list[int]] = {}
    for i, (s, g, _, _) in enumerate(pages):
        first_of_group.setdefault((s, g), i)
        members.setdefault((s, g), []).append(i)
        if g not in groups_of_section.setdefault(s, []):
            groups_of_section[s].append(g)
    first_of_section = {s: first_of_group[(s, 0)] for s in groups_of_section}
    # Static files: every file counts, not only pages.
    for p in ("assets/stylesheets/main.css", "assets/javascripts/bundle.js", "assets/images/favicon.png",
              "search/search_index.json", "sitemap.xml", "en/files/Release Notes.pdf"):
        f = site / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x\n")
    for k in range(IMAGES):
        f = site / f"en/img/diagram-{k}.png"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"\x89PNG\r\n")
    # Redirect pages (as `urlkeeper redirects render --format html` writes them).
    for k in range(min(REDIRECTS, n)):
        target = pages[(k * 37) % n][2]
        f = site / f"en/old/page-{k}/index.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="generator" content="urlkeeper-redirect">'
            f'<title>Redirecting</title><link rel="canonical" href="https://docs.example.com/{target}">'
            f'<meta http-equiv="refresh" content="0; url=/{target}"><meta name="robots" content="noindex"></head>'
            f'<body><a href="/{target}">Moved</a></body></html>\n')
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head>'
        f'<body><h1 id="home">Bench</h1><p><a href="{pages[0][2]}">Start</a></p></body></html>\n')
    (site / "404.html").write_text("<!doctype html><html><body><h1>404</h1></body></html>\n")
    (out / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://docs.example.com/\ndocs_dir: docs\ntheme:\n  name: material\n")

    expected = {"missing-page": 0, "missing-anchor": 0, "missing-image": 0, "same-page-anchor": 0,
                "redirect": 0, "case-mismatch": 0, "chrome-broken": 1, "links": 0, "pages": n}
    for i, (s, g, url, md) in enumerate(pages):
        r = random.Random(seed * 1_000_003 + i)
        d = url
        links = 0

        def a(href, text, cls="md-nav__link"):
            nonlocal links
            links += 1
            return f'<a href="{href}" class="{cls}">\n  <span class="md-ellipsis">\n    {text}\n  </span>\n</a>'

        head = [
            '<!doctype html>\n<html lang="en" class="no-js">\n  <head>\n    <meta charset="utf-8">\n',
            '    <meta name="viewport" content="width=device-width,initial-scale=1">\n',
            f'    <link rel="canonical" href="https://docs.example.com/{url}">\n',
            f'    <link rel="prev" href="{rel(d, pages[i - 1][2])}">\n' if i else "",
            f'    <link rel="next" href="{rel(d, pages[i + 1][2])}">\n' if i + 1 < n else "",
            f'    <link rel="icon" href="{rel(d, "assets/images/favicon.png")}">\n',
            '    <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.6.0">\n',
            f'    <title>Page {i} - Bench</title>\n',
            f'    <link rel="stylesheet" href="{rel(d, "assets/stylesheets/main.css")}">\n',
            '    <link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>\n',
            '    <script>__md_scope=new URL("../../../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0)</script>\n',
            '  </head>\n  <body dir="ltr">\n',
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n',
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n',
            '    <label class="md-overlay" for="__drawer"></label>\n',
            '    <div data-md-component="skip"><a href="#overview" class="md-skip">Skip to content</a></div>\n',
            '    <header class="md-header" data-md-component="header">\n  <nav class="md-header__inner md-grid" aria-label="Header">\n',
            f'    <a href="{rel(d, "")}" title="Bench" class="md-header__button md-logo" aria-label="Bench">{ICON}</a>\n',
            f'    <label class="md-header__button md-icon" for="__drawer">{ICON}</label>\n',
            '    <div class="md-search" data-md-component="search" role="dialog"><label class="md-search__overlay" for="__search"></label>\n',
            f'      <form class="md-search__form" name="search"><input type="text" class="md-search__input" name="query" aria-label="Search" placeholder="Search"><label class="md-search__icon md-icon" for="__search">{ICON}{ICON}</label></form>\n',
            '      <div class="md-search__output"><div class="md-search-result" data-md-component="search-result"><div class="md-search-result__meta">Initializing search</div><ol class="md-search-result__list" role="presentation"></ol></div></div>\n',
            '    </div>\n  </nav>\n</header>\n',
            '<div class="md-container" data-md-component="container">\n<nav class="md-tabs" aria-label="Tabs" data-md-component="tabs"><div class="md-grid"><ul class="md-tabs__list">\n',
        ]
        body = head
        for t in sorted(first_of_section):
            body.append(f'  <li class="md-tabs__item">\n    {a(rel(d, pages[first_of_section[t]][2]), f"Section {t}", "md-tabs__link")}\n  </li>\n')
        body.append('</ul></div></nav>\n<main class="md-main" data-md-component="main"><div class="md-main__inner md-grid">\n')
        body.append('<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation"><div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner">\n')
        body.append(f'<nav class="md-nav md-nav--primary" aria-label="Navigation" data-md-level="0">\n<label class="md-nav__title" for="__drawer"><a href="{rel(d, "")}" title="Bench" class="md-nav__button md-logo">{ICON}</a>Bench</label>\n<ul class="md-nav__list" data-md-scrollfix>\n')
        links += 2
        for gg in groups_of_section[s]:
            body.append(f'<li class="md-nav__item md-nav__item--nested">\n<input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_{gg + 2}">\n')
            body.append(f'<label class="md-nav__link" for="__nav_{gg + 2}" id="__nav_{gg + 2}_label" tabindex="0"><span class="md-ellipsis">Group {gg}</span><span class="md-nav__icon md-icon"></span></label>\n')
            body.append(f'<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_{gg + 2}_label" aria-expanded="false"><ul class="md-nav__list">\n')
            if gg == g:
                for j in members[(s, g)]:
                    body.append(f'<li class="md-nav__item">\n{a(rel(d, pages[j][2]), f"Page {j}")}\n</li>\n')
            else:
                body.append(f'<li class="md-nav__item">\n{a(rel(d, pages[first_of_group[(s, gg)]][2]), f"Group {gg}")}\n</li>\n')
            body.append('</ul></nav></li>\n')
        body.append('</ul></nav></div></div></div>\n')
        toc = "".join(f'<li class="md-nav__item">{a("#" + h, h.title())}</li>\n' for h in HEADINGS)
        body.append(f'<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc"><div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner"><nav class="md-nav md-nav--secondary" aria-label="Table of contents"><label class="md-nav__title" for="__toc">Table of contents</label><ul class="md-nav__list" data-md-component="toc">\n{toc}</ul></nav></div></div></div>\n')
        body.append('<div class="md-content" data-md-component="content">\n<article class="md-content__inner md-typeset">\n')

        md_lines = [f"# Page {i}", ""]
        body.append(f'<h1 id="page-{i}">Page {i}</h1>\n')
        for hn, h in enumerate(HEADINGS):
            body.append(f'<h2 id="{h}">{h.title()}<a class="headerlink" href="#{h}" title="Permanent link">&para;</a></h2>\n')
            links += 1
            md_lines += [f"## {h.title()}", ""]
            if hn == 1:
                body.append(f'<h3 id="topic-{i}">Topic {i}</h3>\n')
                md_lines += [f"### Topic {i}", ""]
            para_html, para_md = [], []
            for _ in range(2):
                j = r.randrange(n)
                tgt = pages[j]
                if r.random() < 0.5:
                    frag = r.choice(HEADINGS + (f"topic-{j}",))
                    para_html.append(f'see <a href="{rel(d, tgt[2])}#{frag}">Page {j} {frag}</a>')
                    para_md.append(f"see [Page {j} {frag}]({md_rel(md, tgt[3])}#{frag})")
                else:
                    para_html.append(f'read <a href="{rel(d, tgt[2])}">Page {j}</a>')
                    para_md.append(f"read [Page {j}]({md_rel(md, tgt[3])})")
                links += 1
            if r.random() < 0.3:
                ext = r.choice(EXTERNAL)
                para_html.append(f'visit <a href="{ext}">the vendor</a>')
                para_md.append(f"visit [the vendor]({ext})")
                links += 1
            body.append("<p>Lorem ipsum dolor sit amet, " + ", ".join(para_html) + ". Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n")
            md_lines += ["Lorem ipsum dolor sit amet, " + ", ".join(para_md) + ". Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.", ""]
            if hn == 2:
                k = r.randrange(IMAGES)
                body.append(f'<p><img alt="Diagram {k}" src="{rel(d, f"en/img/diagram-{k}.png")}" /></p>\n')
                md_lines += [f"![Diagram {k}]({md_rel(md, f'en/img/diagram-{k}.png')})", ""]
                links += 1
            if hn == 3:
                body.append('<div class="highlight"><pre><span></span><code><span class="n">href</span><span class="o">=</span><span class="s2">&quot;nowhere.html&quot;</span>\n</code></pre></div>\n')
                md_lines += ["```python", 'href="nowhere.html"', "```", ""]
        # Broken links of each kind, and other cases, at a known rate.
        roll = r.random()
        kind = None
        if roll < 0.004:
            kind = "missing-page"
            body.append(f'<p>Also see <a href="../page-missing-{i}/">the old page</a>.</p>\n')
            md_lines += [f"Also see [the old page](page-missing-{i}.md).", ""]
        elif roll < 0.008:
            kind = "missing-anchor"
            j = (i + 1) % n
            body.append(f'<p>Details in <a href="{rel(d, pages[j][2])}#no-such-{i}">the limits</a>.</p>\n')
            md_lines += [f"Details in [the limits]({md_rel(md, pages[j][3])}#no-such-{i}).", ""]
        elif roll < 0.011:
            kind = "missing-image"
            body.append(f'<p><img alt="Screenshot" src="{rel(d, f"en/img/screenshot-{i}.png")}" /></p>\n')
            md_lines += [f"![Screenshot]({md_rel(md, f'en/img/screenshot-{i}.png')})", ""]
        elif roll < 0.013:
            kind = "same-page-anchor"
            body.append(f'<p>Back to <a href="#setup-{i}">setup</a>.</p>\n')
            md_lines += [f"Back to [setup](#setup-{i}).", ""]
        elif roll < 0.016:
            kind = "redirect"
            k = i % min(REDIRECTS, n)
            body.append(f'<p>Legacy: <a href="{rel(d, f"en/old/page-{k}/")}">old page</a>.</p>\n')
            md_lines += [f"Legacy: [old page]({md_rel(md, f'en/old/page-{k}')}/).", ""]
        elif roll < 0.018:
            kind = "case-mismatch"
            j = (i + 3) % n
            body.append(f'<p>Compare <a href="{rel(d, pages[j][2]).replace("page-", "Page-")}">the other page</a>.</p>\n')
            md_lines += [f"Compare [the other page]({md_rel(md, pages[j][3]).replace('page-', 'Page-')}).", ""]
        elif roll < 0.03:
            body.append(f'<p>Notes: <a href="{rel(d, "en/files/Release Notes.pdf").replace(" ", "%20")}">release notes</a>, '
                        f'<a href="/{pages[(i + 7) % n][2]}">root-relative</a>, <a href="mailto:docs@example.com">mail us</a>.</p>\n')
            md_lines += [f"Notes: [release notes]({md_rel(md, 'en/files/Release Notes.pdf').replace(' ', '%20')}), "
                         f'<a href="/{pages[(i + 7) % n][2]}">root-relative</a>, [mail us](mailto:docs@example.com).', ""]
            links += 3
        if kind:
            expected[kind] += 1
            links += 1
        body.append("</article>\n</div>\n")
        body.append('<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>\n')
        body.append('</div>\n<button type="button" class="md-top md-icon" data-md-component="top" hidden>Back to top</button>\n</main>\n')
        body.append('<footer class="md-footer"><nav class="md-footer__inner md-grid" aria-label="Footer">\n')
        if i:
            body.append(a(rel(d, pages[i - 1][2]), "Previous", "md-footer__link md-footer__link--prev") + "\n")
        if i + 1 < n:
            body.append(a(rel(d, pages[i + 1][2]), "Next", "md-footer__link md-footer__link--next") + "\n")
        body.append('</nav><div class="md-footer-meta md-typeset"><div class="md-footer-meta__inner md-grid"><div class="md-copyright">\n')
        body.append(f'Made with <a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">Material for MkDocs</a> - {a(rel(d, "en/legal/imprint/"), "Imprint", "md-footer__legal")}\n')
        links += 2
        body.append('</div></div></div></footer>\n</div>\n<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>\n')
        body.append('<script id="__config" type="application/json">{"base": "../../../..", "features": ["navigation.tabs"], "search": "../../../../assets/javascripts/workers/search.js", "translations": {"clipboard.copy": "Copy to clipboard"}}</script>\n')
        body.append(f'<script src="{rel(d, "assets/javascripts/bundle.js")}"></script>\n  </body>\n</html>\n')
        links += 1
        expected["links"] += links
        f = site / url / "index.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("".join(body), encoding="utf-8")
        m = docs / md
        m.parent.mkdir(parents=True, exist_ok=True)
        m.write_text("\n".join(md_lines) + "\n", encoding="utf-8")
    (out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    return expected


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(json.dumps(generate(sys.argv[1], int(sys.argv[2])), indent=2))


def one_page(out: str | Path, links: int) -> Path:
    """A built site whose one page holds ``links`` links, every other one broken (to distinct
    missing pages), with its Markdown source: the per-page cost of links and findings."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    site, docs = out / "site", out / "docs"
    for d in (site / "en" / "big", site / "en" / "ok", docs / "en"):
        d.mkdir(parents=True)
    (site / "en" / "ok" / "index.html").write_text('<h1 id="top-of-ok">OK</h1>')
    (site / "index.html").write_text("<h1>Home</h1>")
    md = ["# Big\n"]
    html = ['<html><body><header><a href="../../">Home</a></header><article class="md-content__inner">']
    for i in range(links):
        if i % 2:
            md.append(f"- [missing {i}](../missing-{i}.md)\n")
            html.append(f'<li><a href="../missing-{i}/">missing {i}</a></li>\n')
        else:
            md.append(f"- [ok {i}](ok.md#top-of-ok)\n")
            html.append(f'<li><a href="../ok/#top-of-ok" title="a > b">ok {i}</a></li>\n')
    html.append("</article></body></html>")
    (docs / "en" / "big.md").write_text("".join(md))
    (site / "en" / "big" / "index.html").write_text("".join(html))
    return out
