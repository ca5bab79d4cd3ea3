"""A seeded generator of hostile HTML pages for the scanner's differential test: every piece of
syntax where a regex scanner and a browser can disagree, mixed at random."""

from __future__ import annotations

import random
import re

_TAG_NAME = re.compile(r"<([^\t\n\f\r />]*)")

URLS = ["/x/", "../y/#a", "p q.html", "a>b.html", "?a=1&copy=2", "&amp;z", "#s&#101;c", "&#x2F;root",
        " spaced ", "x\"y", "it's", "=eq", "u/", "/z/?q=<b>", "%41.png", "", "&notit;x", "&lt;&gt", "r&amp=1"]
IDS = ["sec", "a>b", "z y", "&amp;", "A", "dup", "t\"q", "x'y", "&#0065;", "=", "/"]
NAMES = ["a", "A", "div", "span", "p", "h2", "img", "IMG", "link", "area", "video", "source", "iframe", "embed",
         "track", "audio", "base", "image", "b", "code", "li", "em", "font"]
RAW = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "TITLE", "Style"]
ATTRS = ["href", "HREF", "Href", "src", "SRC", "srcset", "id", "ID", "name", "title", "alt", "class", "rel",
         "poster", "data-href", "xlink:href", "color"]
SP = [" ", "  ", "\n", "\t", " / ", "/", "\f", "\r\n"]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def value(self) -> str:
        r = self.r
        v = self.pick(URLS + IDS + ["a.png 1x, b.png 2x", "preconnect", "stylesheet", "red"])
        if r.random() < 0.2:
            v = v + self.pick([">", "<", "'", '"', "/", "&", "--!>", "-->"]) + self.pick(URLS)
        return v

    def attr(self) -> str:
        r = self.r
        name = self.pick(ATTRS)
        roll = r.random()
        if roll < 0.08:
            return name  # no value
        v = self.value()
        eq = self.pick(["=", "=", " = ", "=\n"])
        if '"' not in v and roll < 0.55:
            return f'{name}{eq}"{v}"'
        if "'" not in v and roll < 0.8:
            return f"{name}{eq}'{v}'"
        bare = "".join(c for c in v if c not in " \t\n\f\r>\"'") or "b"
        return f"{name}{eq}{bare}"

    def start(self, name: str | None = None, close: bool = False) -> str:
        """A start tag; with ``close``, never self-closing and followed by its end tag."""
        r = self.r
        name = name or self.pick(NAMES)
        out = "<" + name
        for _ in range(r.randint(0, 4)):
            out += self.pick(SP) if r.random() < 0.85 else ""  # sometimes no space after a quoted value
            out += self.attr()
        if close:  # the end tag names the element the parser sees (an attribute may be glued on)
            return out + self.pick(["", " ", "\n"]) + "></" + _TAG_NAME.match(out).group(1) + ">"
        return out + self.pick(["", "", " ", "/", " /", "\n"]) + ">"

    def text(self) -> str:
        return self.pick(["text", "a < b", "1 <3 2", "x >y", "</ p>", "</>", "&lt;a href=q&gt;", "<-->", "<!>",
                          "<? php ?>", "<!DOCTYPE html>", "<!-- c -->", "<!-->", "<!--->", "<!-- a --!> b",
                          "<![CDATA[ <a href=cd> ]]>", "<!-- <a href=\"c\"> -->", "</div title=\">\">", "&amp;"])

    def raw(self) -> str:
        name = self.pick(RAW)
        low = name.lower()
        body = self.pick([f'<a href="in-{low}">', f"</{low}x>", f"</{low}", f"<{low}>", "<!--", "-->", "x > y",
                          f'<a title="</{low}>" href=q>', "<script>"])
        end = self.pick([f"</{low}>", f"</{name.upper()} >", f"</{low}/>", f'</{low} x=">">', f"</{low}\n>"])
        return self.start(name) + body + end

    def script(self) -> str:
        parts = [self.pick(["", "var a='", "<!--", "-->", "<script>", "</script", "<a href=s1>", "<!-->",
                            "</scriptx>", "<SCRIPT ", "--!>", "<!--<script>"]) for _ in range(self.r.randint(1, 5))]
        return self.start("script") + "".join(parts) + self.pick(["</script>", "</SCRIPT >", "</script/>"])

    def svg(self) -> str:
        r = self.r
        inner = []
        for _ in range(r.randint(1, 4)):
            k = r.random()
            if k < 0.3:
                inner.append(self.start(self.pick(["a", "image", "use"]), close=r.random() < 0.5))
            elif k < 0.45:
                point = self.pick(["title", "desc", "foreignObject"])
                inner.append(f"<{point}>{self.svg_safe()}</{point}>")
            elif k < 0.6:
                inner.append(f"<style>{self.start('a')}</style><script>{self.start('a')}</script>")
            elif k < 0.7:
                inner.append("<![CDATA[ <a href='cdata'> ]]>")
            elif k < 0.8:
                inner.append(f"<textarea>{self.start('a')}</textarea>")
            else:
                inner.append(self.start(self.pick(["g", "path", "circle", "p", "b", "span"]), close=True))
        return self.start(self.pick(["svg", "SVG"])) + "".join(inner) + "</svg>"

    def svg_safe(self) -> str:
        """HTML inside an SVG or MathML integration point that leaves no HTML element open and
        opens no <a> (with an <a> open outside, the adoption agency would restructure the tree:
        the scanner does not follow HTML elements there; see html_tokens)."""
        k = self.r.random()
        if k < 0.4:
            return self.start(self.pick(["span", "em", "code", "img", "video", "audio"]), close=True)
        if k < 0.6:
            return self.raw()
        if k < 0.7:
            return self.script()
        return self.text()

    def piece(self, depth: int = 0) -> str:
        k = self.r.random()
        if k < 0.35:
            return self.start()
        if k < 0.45:
            return "</" + self.pick(NAMES) + self.pick(["", ' x=">"', " "]) + ">"
        if k < 0.6:
            return self.text()
        if k < 0.72:
            return self.raw()
        if k < 0.8:
            return self.script()
        if k < 0.88 and depth < 2:
            return self.svg()
        if k < 0.96:
            return f"<math><mi>{self.start('img', close=True)}</mi><mtext id=m1>{self.svg_safe()}</mtext></math>"
        return "<a href=" + self.pick(['"open', "'open", "x"]) + self.pick(["", " title="])  # left open

    def page(self) -> str:
        body = "".join(self.piece() for _ in range(self.r.randint(3, 25)))
        return self.pick(["", "<!doctype html>", "<html><head>"]) + body


def pages(count: int, seed: int = 14):
    for i in range(count):
        yield Gen(seed * 100_003 + i).page()
