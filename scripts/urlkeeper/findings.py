"""Findings: what every check yields, with a stable code, a severity and a location."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType
from typing import Mapping

from .exitcodes import ExitCode


class Severity(IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Code:
    """A finding code: stable identifier, short name, default severity, and whether a
    finding of this code means the *input* (a redirect map) is wrong rather than the site."""

    id: str
    name: str
    severity: Severity
    summary: str
    bad_input: bool = False


# The table of every finding code: each is declared once below, and CODES (built at the end of
# this module, read-only) lists them in the order of their ids.

# Redirect maps (bad input: exit code 2)
DUPLICATE_SOURCE = Code("UK101", "duplicate-source", Severity.ERROR, "two rules claim the same old URL", True)
REDIRECT_LOOP = Code("UK102", "redirect-loop", Severity.ERROR, "rules redirect in a circle", True)
TARGET_MISSING = Code("UK103", "target-missing", Severity.ERROR, "the target page does not exist in the build", True)
TARGET_ANCHOR_MISSING = Code("UK104", "target-anchor-missing", Severity.ERROR, "the target page has no such anchor", True)
SOURCE_SHADOWS_PAGE = Code("UK105", "source-shadows-page", Severity.ERROR, "the old URL is still a live page", True)
UNSAFE_URL = Code("UK106", "unsafe-url", Severity.ERROR, "javascript:, data:, traversal or malformed URL", True)
EXTERNAL_NOT_ALLOWED = Code("UK107", "external-not-allowed", Severity.ERROR, "target host is not in allowed_hosts", True)
CHAIN_COLLAPSED = Code("UK108", "chain-collapsed", Severity.INFO, "a chain of rules was collapsed to one hop")
SOURCE_PROTECTED = Code("UK109", "source-protected", Severity.ERROR, "a rule takes a source under a protected prefix", True)
SCHEME_RELATIVE_TARGET = Code("UK110", "scheme-relative-target", Severity.ERROR,
                               "a splat target that could become //host or /\\host", True)

# Baselines: the guarantee that no published URL breaks
BASELINE_BROKEN = Code("UK201", "baseline-broken", Severity.ERROR, "a published URL no longer resolves")
BASELINE_ANCHOR_MISSING = Code("UK202", "baseline-anchor-missing", Severity.ERROR, "a published anchor no longer exists")
BASELINE_MULTI_HOP = Code("UK203", "baseline-multi-hop", Severity.WARNING, "a published URL needs more than one redirect")
DELETED_WITHOUT_REDIRECT = Code("UK204", "deleted-without-redirect", Severity.ERROR, "a page deleted since the baseline has no redirect")

# Protected prefixes (frozen API reference)
PROTECTED_REMOVED = Code("UK301", "protected-removed", Severity.ERROR, "a protected URL is gone")
PROTECTED_REDIRECTED = Code("UK302", "protected-redirected", Severity.ERROR, "a protected URL is only reachable through a redirect")
PROTECTED_ANCHOR_REMOVED = Code("UK303", "protected-anchor-removed", Severity.ERROR, "a protected page lost an anchor")

# Renderers
HOST_LIMIT = Code("UK401", "host-limit", Severity.ERROR, "the redirect map exceeds a documented limit of the host")
HOST_UNSUPPORTED = Code("UK402", "host-unsupported", Severity.WARNING, "a rule cannot be expressed for this host")
REDIRECT_PAGE_SKIPPED = Code("UK403", "redirect-page-skipped", Severity.WARNING, "a redirect page would overwrite a real file")
HOST_APPROXIMATE = Code("UK404", "host-approximate", Severity.WARNING,
                         "the host answers some URLs under a rule differently from the model")
OUTPUT_NOT_WRITTEN = Code("UK405", "output-not-written", Severity.ERROR,
                           "over-limit output was not written (use --force to write it anyway)")

# Internal links and anchors (urlkeeper links, the plugin's links option)
LINK_BROKEN = Code("UK501", "link-broken", Severity.ERROR, "a link points at a page or file the site does not have")
ANCHOR_MISSING = Code("UK502", "anchor-missing", Severity.ERROR, "a link's #fragment names no id on the target page")
LINK_REDIRECTED = Code("UK503", "link-redirected", Severity.INFO, "a link lands on a redirect page: point it at the final URL")
CASE_MISMATCH = Code("UK504", "case-mismatch", Severity.WARNING, "a link only works on case-insensitive hosts")
REDIRECT_TARGET_BROKEN = Code("UK505", "redirect-target-broken", Severity.ERROR, "a link lands on a redirect page whose target is missing")

# External links (checked by LinkChecker)
EXTERNAL_BROKEN = Code("UK511", "external-broken", Severity.ERROR, "an external URL answers with an HTTP error")
EXTERNAL_UNREACHABLE = Code("UK512", "external-unreachable", Severity.ERROR, "an external URL times out, refuses the connection or has no host")
EXTERNAL_REDIRECTED = Code("UK513", "external-redirected", Severity.INFO, "an external URL redirects permanently: use the final URL")
EXTERNAL_REDIRECT_LOOP = Code("UK514", "external-redirect-loop", Severity.ERROR, "an external URL redirects in a loop or through too many hops")
EXTERNAL_ANCHOR_MISSING = Code("UK515", "external-anchor-missing", Severity.WARNING, "an external page has no such #fragment")
EXTERNAL_RATE_LIMITED = Code("UK516", "external-rate-limited", Severity.WARNING, "an external host kept answering 429/503 after the retries")
EXTERNAL_NOT_CHECKED = Code("UK517", "external-not-checked", Severity.WARNING, "the time budget ran out before an external URL was checked")
EXTERNAL_ANCHOR_UNCHECKED = Code("UK518", "external-anchor-unchecked", Severity.WARNING, "an external page could not be read (too large, too slow), so its #fragment was not checked (not cached)")

# Fragments that followed their content (redirects/fragments/*.yml, written by urlkeeper move)
FRAGMENT_TARGET_MISSING = Code("UK601", "fragment-target-missing", Severity.ERROR,
                                "a forwarded fragment's new page or anchor is not in the build")

_DECLARED = sorted((v for v in list(globals().values()) if isinstance(v, Code)), key=lambda c: c.id)
CODES: Mapping[str, Code] = MappingProxyType({c.id: c for c in _DECLARED})
if len(CODES) != len(_DECLARED):
    raise RuntimeError("two finding codes share an id")


@dataclass(frozen=True)
class Finding:
    code: Code
    message: str
    file: str | None = None
    line: int | None = None
    url: str | None = None
    severity: Severity | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else self.code.severity

    @property
    def location(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict:
        data = {
            "code": self.code.id,
            "name": self.code.name,
            "severity": self.level.label,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "url": self.url,
        }
        data.update(self.extra)
        return data


def sort_key(f: Finding):
    return (f.file or "", f.line or 0, f.code.id, f.url or "", f.message)


def exit_code(findings: list[Finding]) -> ExitCode:
    """OK clean (info only), FINDINGS, BAD_INPUT (an error that says the input is wrong)."""
    errors = [f for f in findings if f.level >= Severity.WARNING]
    if any(f.level == Severity.ERROR and f.code.bad_input for f in errors):
        return ExitCode.BAD_INPUT
    return ExitCode.FINDINGS if errors else ExitCode.OK
