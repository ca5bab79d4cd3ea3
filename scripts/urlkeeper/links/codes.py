"""Finding codes of the link checker (UK5xx), registered with urlkeeper's stable code table."""

from __future__ import annotations

from ..findings import CODES, Severity, _code


def _register(id: str, name: str, severity: Severity, summary: str):
    return CODES[id] if id in CODES else _code(id, name, severity, summary)


# Internal links and anchors
LINK_BROKEN = _register("UK501", "link-broken", Severity.ERROR, "a link points at a page or file the site does not have")
ANCHOR_MISSING = _register("UK502", "anchor-missing", Severity.ERROR, "a link's #fragment names no id on the target page")
LINK_REDIRECTED = _register("UK503", "link-redirected", Severity.INFO, "a link lands on a redirect page: point it at the final URL")
CASE_MISMATCH = _register("UK504", "case-mismatch", Severity.WARNING, "a link only works on case-insensitive hosts")
REDIRECT_TARGET_BROKEN = _register("UK505", "redirect-target-broken", Severity.ERROR, "a link lands on a redirect page whose target is missing")

# External links (checked by LinkChecker)
EXTERNAL_BROKEN = _register("UK511", "external-broken", Severity.ERROR, "an external URL answers with an HTTP error")
EXTERNAL_UNREACHABLE = _register("UK512", "external-unreachable", Severity.ERROR, "an external URL times out, refuses the connection or has no host")
EXTERNAL_REDIRECTED = _register("UK513", "external-redirected", Severity.INFO, "an external URL redirects permanently: use the final URL")
EXTERNAL_REDIRECT_LOOP = _register("UK514", "external-redirect-loop", Severity.ERROR, "an external URL redirects in a loop or through too many hops")
EXTERNAL_ANCHOR_MISSING = _register("UK515", "external-anchor-missing", Severity.WARNING, "an external page has no such #fragment")
EXTERNAL_RATE_LIMITED = _register("UK516", "external-rate-limited", Severity.WARNING, "an external host kept answering 429/503 after the retries")
EXTERNAL_NOT_CHECKED = _register("UK517", "external-not-checked", Severity.WARNING, "the time budget ran out before an external URL was checked")
EXTERNAL_ANCHOR_UNCHECKED = _register("UK518", "external-anchor-unchecked", Severity.WARNING, "an external page could not be read (too large, too slow), so its #fragment was not checked (not cached)")
