"""The oracle for the scanner: links, ids and base URL of a page as html5lib (a complete HTML5
parser, tokenizer and tree builder) builds its document, with scripting on as in a browser."""

from __future__ import annotations

import html5lib

from urlkeeper.html_tokens import LINK_ATTRS, SVG_LINKS

HTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SP = "\t\n\f\r "


def read(text: str) -> tuple[set, set, str | None]:
    """({(url, element, attribute)}, {ids}, first base href) of the document html5lib builds."""
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=True, scripting=True)
    links: set[tuple[str, str, str]] = set()
    ids: set[str] = set()
    base = None
    todo = [root]
    while todo:
        el = todo.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == HTML + "template":
            continue  # template content is a separate document fragment
        todo.extend(reversed(list(el)))
        ns, _, local = tag[1:].partition("}")
        ns, local = "{" + ns + "}", local.lower()
        attrs = el.attrib
        if attrs.get("id"):
            ids.add(attrs["id"])
        if ns == SVG and local in SVG_LINKS:
            if "href" in attrs:
                links.add((attrs["href"].strip(SP), local, "href"))
            elif XLINK_HREF in attrs:
                links.add((attrs[XLINK_HREF].strip(SP), local, "xlink:href"))
        if ns != HTML:
            continue
        if local == "a" and attrs.get("name"):
            ids.add(attrs["name"])
        if local == "base" and base is None and "href" in attrs:
            base = attrs["href"].strip(SP)
        if local == "link" and {"preconnect", "dns-prefetch"} & set(attrs.get("rel", "").lower().split()):
            continue
        for attr in LINK_ATTRS.get(local, ()):
            value = attrs.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                links.update((p.strip(SP).split()[0], local, attr) for p in value.split(",") if p.strip(SP))
            else:
                links.add((value.strip(SP), local, attr))
    return links, ids, base
