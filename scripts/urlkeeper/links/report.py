"""From raw problems to findings: Markdown source and line, link text, theme chrome reported once,
ignore rules applied."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..findings import CODES, Finding, Severity
from .problems import P_CHROME, P_CODE, P_FINAL, P_HREF, P_LINE, P_TARGET, P_TEXT, P_WHY
from ..inventory import page_url
from .sources import SourceMap

_WHAT = {"UK501": "broken link", "UK502": "missing anchor", "UK503": "redirected link", "UK504": "case mismatch",
         "UK505": "broken redirect"}
SEVERITIES = {"info": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}


@dataclass
class Ignore:
    """Ignore rules: regexes searched in link URLs, and globs (or regexes) of pages not checked."""

    urls: list[re.Pattern] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    base_path: str = ""  # the path of site_url: page patterns may include it

    @classmethod
    def build(cls, urls=(), pages=()) -> "Ignore":
        compiled = []
        for pattern in urls or ():
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise InputError(f"invalid ignore pattern {pattern!r}: {exc}") from None
        return cls(compiled, [p for p in (pages or ()) if p])

    def url(self, *values: str) -> bool:
        return any(p.search(v) for p in self.urls for v in values if v)

    def page(self, rel: str, src: str | None) -> bool:
        if not self.pages:
            return False
        names = [rel, page_url(rel), page_url(rel).lstrip("/")]
        if self.base_path:
            names.append(self.base_path + page_url(rel))
        if src:
            names.append(src)
        for pat in self.pages:
            for name in names:
                if fnmatch.fnmatchcase(name, pat) or fnmatch.fnmatchcase(name, pat.rstrip("/") + "/*"):
                    return True
        return False


def findings_from(problems: dict[str, list[tuple]], sources: SourceMap, ignore: Ignore, *,
                  site_root_display: str, redirect_severity: str = "info", theme: str | None = None) -> list[Finding]:
    out: list[Finding] = []
    chrome: dict[tuple, dict] = {}
    red_sev = SEVERITIES.get(redirect_severity, Severity.INFO)
    for rel in sorted(problems):
        page_problems = problems[rel]
        content = any(not p[P_CHROME] for p in page_problems)
        # The Markdown source is looked up only when needed (chrome-only pages are the common case).
        src = sources.source_of(rel) if content or ignore.pages else None
        if ignore.page(rel, src):
            continue
        nth_seen: dict[str, int] = {}
        for p in page_problems:
            code, href, target, why, text = p[P_CODE], p[P_HREF], p[P_TARGET], p[P_WHY], p[P_TEXT]
            if ignore.url(href, target, p[P_FINAL]):
                continue
            severity = red_sev if code == "UK503" else None
            line = None
            if not p[P_CHROME] and src:
                nth = nth_seen.get(href, 0)
                nth_seen[href] = nth + 1
                line = sources.find_line(src, href, text, nth)
            if p[P_CHROME] or (src and line is None):  # not written in the page's Markdown
                key = (code, target, why, bool(p[P_CHROME]))
                entry = chrome.get(key)
                if entry is None:
                    chrome[key] = {"p": p, "rel": rel, "count": 1, "severity": severity}
                else:
                    entry["count"] += 1
                continue
            if src:
                file = sources.display(src)
            else:
                file = f"{site_root_display}/{rel}"
                line = p[P_LINE] or None
            out.append(Finding(CODES[code], _message(p), file, line, href, severity,
                               _extra(p, rel)))
    for (code, target, why, in_chrome), entry in chrome.items():
        p, rel, count = entry["p"], entry["rel"], entry["count"]
        file, line = sources.template_of(p[P_HREF], target)
        if file is None:
            file = f"theme:{theme}" if theme else f"{site_root_display}/{rel}"
            line = None if theme else (p[P_LINE] or None)
        pages = f"{count} page{'s' if count != 1 else ''}, e.g. {page_url(rel)}"
        if in_chrome:
            where = f"in the theme's chrome (header, navigation or footer) of {pages}"
        else:
            where = f"in the content of {pages}, but not in the Markdown (written by the theme or a plugin)"
        extra = _extra(p, rel)
        extra["pages"] = count
        extra["chrome"] = in_chrome
        out.append(Finding(CODES[code], f"{_message(p)}; {where}", file, line, p[P_HREF], entry["severity"], extra))
    return out


def _message(p) -> str:
    what = _WHAT.get(p[P_CODE], "link")
    text = f' "{p[P_TEXT]}"' if p[P_TEXT] else ""
    return f"{what}{text} {p[P_HREF]} -> {p[P_TARGET]}: {p[P_WHY]}"


def _extra(p, rel) -> dict:
    extra = {"page": page_url(rel), "target": p[P_TARGET], "text": p[P_TEXT]}
    if p[P_FINAL]:
        extra["final_url"] = p[P_FINAL]
    return extra
