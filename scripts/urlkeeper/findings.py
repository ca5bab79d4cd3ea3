"""Findings: what every check yields, with a stable code, a severity and a location."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


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


CODES: dict[str, Code] = {}


def _code(id: str, name: str, severity: Severity, summary: str, bad_input: bool = False) -> Code:
    code = Code(id, name, severity, summary, bad_input)
    CODES[id] = code
    return code


# Redirect maps (bad input: exit code 2)
DUPLICATE_SOURCE = _code("UK101", "duplicate-source", Severity.ERROR, "two rules claim the same old URL", True)
REDIRECT_LOOP = _code("UK102", "redirect-loop", Severity.ERROR, "rules redirect in a circle", True)
TARGET_MISSING = _code("UK103", "target-missing", Severity.ERROR, "the target page does not exist in the build", True)
TARGET_ANCHOR_MISSING = _code("UK104", "target-anchor-missing", Severity.ERROR, "the target page has no such anchor", True)
SOURCE_SHADOWS_PAGE = _code("UK105", "source-shadows-page", Severity.ERROR, "the old URL is still a live page", True)
UNSAFE_URL = _code("UK106", "unsafe-url", Severity.ERROR, "javascript:, data:, traversal or malformed URL", True)
EXTERNAL_NOT_ALLOWED = _code("UK107", "external-not-allowed", Severity.ERROR, "target host is not in allowed_hosts", True)
CHAIN_COLLAPSED = _code("UK108", "chain-collapsed", Severity.INFO, "a chain of rules was collapsed to one hop")
SOURCE_PROTECTED = _code("UK109", "source-protected", Severity.ERROR, "a rule takes a source under a protected prefix", True)
SCHEME_RELATIVE_TARGET = _code("UK110", "scheme-relative-target", Severity.ERROR,
                               "a splat target that could become //host or /\\host", True)

# Baselines: the guarantee that no published URL breaks
BASELINE_BROKEN = _code("UK201", "baseline-broken", Severity.ERROR, "a published URL no longer resolves")
BASELINE_ANCHOR_MISSING = _code("UK202", "baseline-anchor-missing", Severity.ERROR, "a published anchor no longer exists")
BASELINE_MULTI_HOP = _code("UK203", "baseline-multi-hop", Severity.WARNING, "a published URL needs more than one redirect")
DELETED_WITHOUT_REDIRECT = _code("UK204", "deleted-without-redirect", Severity.ERROR, "a page deleted since the baseline has no redirect")

# Protected prefixes (frozen API reference)
PROTECTED_REMOVED = _code("UK301", "protected-removed", Severity.ERROR, "a protected URL is gone")
PROTECTED_REDIRECTED = _code("UK302", "protected-redirected", Severity.ERROR, "a protected URL is only reachable through a redirect")
PROTECTED_ANCHOR_REMOVED = _code("UK303", "protected-anchor-removed", Severity.ERROR, "a protected page lost an anchor")

# Renderers
HOST_LIMIT = _code("UK401", "host-limit", Severity.ERROR, "the redirect map exceeds a documented limit of the host")
HOST_UNSUPPORTED = _code("UK402", "host-unsupported", Severity.WARNING, "a rule cannot be expressed for this host")
REDIRECT_PAGE_SKIPPED = _code("UK403", "redirect-page-skipped", Severity.WARNING, "a redirect page would overwrite a real file")
HOST_APPROXIMATE = _code("UK404", "host-approximate", Severity.WARNING,
                         "the host answers some URLs under a rule differently from the model")
OUTPUT_NOT_WRITTEN = _code("UK405", "output-not-written", Severity.ERROR,
                           "over-limit output was not written (use --force to write it anyway)")

# Fragments that followed their content (redirects/fragments/*.yml, written by urlkeeper move)
FRAGMENT_TARGET_MISSING = _code("UK601", "fragment-target-missing", Severity.ERROR,
                                "a forwarded fragment's new page or anchor is not in the build")


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


def exit_code(findings: list[Finding]) -> int:
    """0 clean (info only), 1 findings, 2 bad input (an error that says the input is wrong)."""
    errors = [f for f in findings if f.level >= Severity.WARNING]
    if any(f.level == Severity.ERROR and f.code.bad_input for f in errors):
        return 2
    return 1 if errors else 0
