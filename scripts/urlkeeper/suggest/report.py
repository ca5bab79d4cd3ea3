"""The suggestions as a redirect map that ``urlkeeper check`` accepts, with the evidence of
each rule in a YAML comment above it, and the URLs left without a rule listed at the end."""

from __future__ import annotations

from ..move.yamledit import plain_or_quoted
from .engine import Suggestion
from .run import Outcome


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _why(s: Suggestion) -> str:
    assert s.best is not None and s.old is not None
    if s.followed:
        return f"no text of its own found; the {s.followed} pages of its folder all went there"
    text = s.best.describe(s.old, s.new)
    if s.split:
        others = ", ".join(f"{e.url} ({e.content:.0%})" for e in s.split)
        kept = "keeps the old title" if s.best.title >= 1.0 else "holds most of it"
        text += f"; split: this page {kept}, also in {others}"
    if s.rivals:
        text += f"; runner-up {s.rivals[0].url} ({s.rivals[0].score:.2f})"
    return _one_line(text)


def render(out: Outcome, min_confidence: float) -> str:
    rules = [s for s in out.suggestions if not s.gone and s.confidence >= min_confidence]
    low = [s for s in out.suggestions if not s.gone and s.confidence < min_confidence]
    gone = [s for s in out.suggestions if s.gone]
    lines = [
        f"# Redirects suggested by urlkeeper redirects suggest, from {_one_line(out.source)}.",
        "# Review each rule (its confidence and evidence are in the comment above it), then keep the file in redirects/.",
        f"# {out.old_urls} old URLs, {len(out.suggestions) + len(out.unknown)} broken without a rule: {len(rules)} rules "
        f"(confidence >= {min_confidence:.2f}), {len(low)} below that, {len(gone)} with the content gone, "
        f"{len(out.unknown)} without a fingerprint.",
        "redirects:" if rules else "redirects: []",
    ]
    for s in rules:
        lines.append(f"  # {s.confidence:.2f}: {_why(s)}")
        moved = [f"#{a} -> #{b}" for a, b in s.anchors if b]
        lost = [f"#{a}" for a, b in s.anchors if not b]
        if moved:
            lines.append(f"  # old anchors now under other ids (give the headings the old ids to keep them): {_one_line(', '.join(moved))}")
        if lost:
            lines.append(f"  # old anchors with no heading of the same text there: {_one_line(', '.join(lost))}")
        lines.append(f"  - from: {plain_or_quoted(s.old_url)}")
        lines.append(f"    to: {plain_or_quoted(s.target)}")
    _section(lines, f"Below the confidence threshold {min_confidence:.2f} (no rule; the best guess is shown):",
             [f"{s.old_url} -> {s.target} ({s.confidence:.2f}: {_why(s)})" for s in low])
    _section(lines, "Content gone: no live page holds it (no rule; redirect by hand to the best replacement, or let it 404):",
             [f"{s.old_url} {s.old.title!r}" + (f" (closest: {s.best.url}, {s.best.score:.2f})" if s.best else "")
              for s in gone if s.old is not None])
    _section(lines, "Anchors lost from pages that still resolve (a rule cannot carry a #fragment: give the heading "
                    "the old id, e.g. '## Title {#old-id}'):",
             [f"{old} -> {new}" if new else f"{old}: no heading of that text on the site" for old, new in out.anchors])
    _section(lines, "Broken URLs without a fingerprint (baseline written without --fingerprints; try --from-rev or --old-site):",
             out.unknown)
    return "\n".join(lines) + "\n"


def _section(lines: list[str], title: str, items: list[str]) -> None:
    if items:
        lines.append(f"# {title}")
        lines.extend(f"#   {_one_line(item)}" for item in items)
