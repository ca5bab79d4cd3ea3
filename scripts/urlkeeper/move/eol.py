"""Line endings: a file keeps its own (LF or CRLF) through every edit urlkeeper makes."""

from __future__ import annotations

from typing import Callable


def kind(text: str) -> str:
    """"crlf" when every line break is CRLF, "lf" when none is, "mixed" otherwise."""
    crlf = text.count("\r\n")
    if not crlf:
        return "lf"
    return "crlf" if crlf == text.count("\n") else "mixed"


def in_lf(edit: Callable[..., tuple[str, list[str]]], target: str, page: str, *args) -> tuple[str, list[str]]:
    """Run a text edit that writes LF (a fold of ``page`` into ``target``) so that the result
    keeps ``target``'s line endings: the page joins in the target's style."""
    style = kind(target)
    if style == "mixed":
        raise ValueError("the target mixes CRLF and LF line endings; give it one style before folding into it")
    out, notes = edit(target.replace("\r\n", "\n"), page.replace("\r\n", "\n"), *args)
    return (out.replace("\n", "\r\n") if style == "crlf" else out), notes
