"""Reporters render findings: terminal (grouped by file), JSON, JUnit XML, GitHub annotations."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from itertools import groupby
from typing import Callable, TextIO
from xml.sax.saxutils import escape, quoteattr

from .findings import Finding, Severity, sort_key

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.level for f in findings)
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    return ", ".join(parts)


def terminal(findings: list[Finding], out: TextIO, *, colour: bool | None = None, verbose: bool = False) -> None:
    if colour is None:
        colour = out.isatty() and "NO_COLOR" not in os.environ
    shown = [f for f in findings if verbose or f.level > Severity.INFO]
    hidden = len(findings) - len(shown)
    for file, group in groupby(sorted(shown, key=sort_key), key=lambda f: f.file or "(no file)"):
        out.write(f"{file}\n")
        for f in group:
            label = f.level.label
            if colour:
                label = f"{_COLOURS[f.level]}{label}\033[0m"
            line = f"{f.line}" if f.line else "-"
            out.write(f"  {line:>6}  {label:<7} {f.code.id} {f.code.name}: {f.message}\n")
    tail = summary(findings)
    if hidden:
        tail += f" ({hidden} info not shown; --verbose shows them)"
    out.write(("urlkeeper: " + tail if findings else "urlkeeper: no findings") + "\n")


def as_json(findings: list[Finding], out: TextIO, **_) -> None:
    """One JSON document, one finding a line (each line encoded by the C encoder: an indented
    document goes through the pure-Python one, 100,000 findings in seconds instead)."""
    summary_ = {s.label: sum(1 for f in findings if f.level == s) for s in Severity}
    out.write('{"summary": ' + json.dumps(summary_, ensure_ascii=False) + ',\n "findings": [')
    for i, f in enumerate(sorted(findings, key=sort_key)):
        out.write(("\n  " if i == 0 else ",\n  ") + json.dumps(f.to_dict(), ensure_ascii=False))
    out.write("\n ]}\n" if findings else "]}\n")


def junit(findings: list[Finding], out: TextIO, **_) -> None:
    failures = [f for f in findings if f.level > Severity.INFO]
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="urlkeeper" tests="{max(len(findings), 1)}" failures="{len(failures)}">\n')
    out.write(f'  <testsuite name="urlkeeper" tests="{max(len(findings), 1)}" failures="{len(failures)}">\n')
    if not findings:
        out.write('    <testcase classname="urlkeeper" name="all guarantees hold"/>\n')
    for f in sorted(findings, key=sort_key):
        name = f"{f.code.id} {f.location or f.url or ''}".strip()
        out.write(f"    <testcase classname={quoteattr('urlkeeper.' + f.code.name)} name={quoteattr(name)}")
        if f.level > Severity.INFO:
            out.write(f">\n      <failure type={quoteattr(f.level.label)} message={quoteattr(f.message)}>{escape(f.message)}</failure>\n    </testcase>\n")
        else:
            out.write(f">\n      <system-out>{escape(f.message)}</system-out>\n    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(findings: list[Finding], out: TextIO, **_) -> None:
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for f in sorted(findings, key=sort_key):
        props = []
        if f.file:
            props.append(f"file={_gh_escape(f.file, True)}")
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_gh_escape(f.code.id + ' ' + f.code.name, True)}")
        out.write(f"::{kinds[f.level]} {','.join(props)}::{_gh_escape(f.message)}\n")
    sys.stderr.write("urlkeeper: " + summary(findings) + "\n")


REPORTERS: dict[str, Callable[..., None]] = {
    "terminal": terminal,
    "json": as_json,
    "junit": junit,
    "github": github,
}


def emit(findings: list[Finding], fmt: str, output: str | None = None, verbose: bool = False) -> None:
    """Report to standard output, or to ``output`` with a terminal summary on standard error."""
    reporter = REPORTERS[fmt]
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            reporter(findings, fh, verbose=verbose)
        if fmt != "terminal":
            terminal(findings, sys.stderr, verbose=False)
    else:
        reporter(findings, sys.stdout, verbose=verbose)


def log_findings(findings: list[Finding], log) -> int:
    """Log findings through a ``logging.Logger`` (errors and warnings as warnings, so that
    ``mkdocs build --strict`` fails on them; info as info); the number of errors."""
    errors = 0
    for f in findings:
        where = f" ({f.location})" if f.location else ""
        text = f"urlkeeper {f.code.id} {f.code.name}{where}: {f.message}"
        if f.level >= Severity.WARNING:
            errors += f.level == Severity.ERROR
            log.warning(text)
        else:
            log.info(text)
    return errors
