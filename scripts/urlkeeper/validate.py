"""Validation of redirect rules against the inventory of the site being built.

Yields findings for duplicates, loops, missing targets and anchors, shadowed pages, unsafe
and external targets, and sources under protected prefixes; collapses chains to one hop
(``rule.final``) and returns the rules that are safe to render.
"""

from __future__ import annotations

import bisect

from . import findings as F
from .findings import Finding
from .inventory import Inventory
from .options import LANGUAGE_PREFIX
from .resolve import Resolver
from .rules import Rule
from .urls import canonical, host_of, is_external, split_url, unsafe_reason


def _f(code: F.Code, rule: Rule, message: str, **extra) -> Finding:
    return Finding(code, message, rule.file, rule.line, url=rule.raw_source, extra=extra)


class _Pages:
    """Sorted page URLs, to ask quickly whether any live page lies under a prefix."""

    def __init__(self, inventory: Inventory):
        self.sorted = sorted(inventory.pages)

    def any_under(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.sorted, prefix)
        return i < len(self.sorted) and self.sorted[i].startswith(prefix)


def validate(rules: list[Rule], inventory: Inventory, *, language_prefix: str | None = LANGUAGE_PREFIX.default,
             protected: tuple[str, ...] = (), allowed_hosts: tuple[str, ...] = ()) -> tuple[list[Finding], list[Rule]]:
    out: list[Finding] = []
    candidates: list[Rule] = []
    seen: dict[tuple[str, bool], Rule] = {}
    allowed = {h.lower() for h in allowed_hosts}

    for rule in rules:
        problem = unsafe_reason(rule.raw_source)
        if problem:
            out.append(_f(F.UNSAFE_URL, rule, f"unsafe source {rule.raw_source!r}: {problem}"))
            continue
        problem = unsafe_reason(rule.target)
        if problem:
            out.append(_f(F.UNSAFE_URL, rule, f"unsafe target {rule.target!r}: {problem}"))
            continue
        if is_external(rule.target):
            host = host_of(rule.target)
            if host not in allowed:
                out.append(_f(F.EXTERNAL_NOT_ALLOWED, rule,
                              f"target {rule.target!r} is outside the site; add {host!r} to allowed_hosts to permit it"))
                continue
        elif not rule.target.startswith("/"):
            out.append(_f(F.UNSAFE_URL, rule, f"target {rule.target!r} must be site-relative (start with '/') or an allowed https URL"))
            continue
        elif rule.prefix and split_url(rule.target)[0] == "/*":
            out.append(_f(F.SCHEME_RELATIVE_TARGET, rule, f"target {rule.target!r} puts the rest of the path right after "
                          "the first '/': a request for .../%5Cevil.example/ or .../%2Fevil.example/ would become "
                          "a Location off the site; give the target a folder (/new/*)"))
            continue
        guarded = next((p for p in protected if rule.source.startswith(p)), None)
        if guarded:
            out.append(_f(F.SOURCE_PROTECTED, rule, f"source {rule.raw_source} lies under the protected prefix {guarded}: its URLs must stay live pages"))
            continue
        key = (rule.source, rule.prefix)
        first = seen.get(key)
        if first is not None:
            out.append(_f(F.DUPLICATE_SOURCE, rule, f"source {rule.raw_source} is already claimed by the rule at {first.where}"))
            continue
        seen[key] = rule
        if not rule.prefix and inventory.resolve_page(rule.source) is not None:
            out.append(_f(F.SOURCE_SHADOWS_PAGE, rule, f"source {rule.raw_source} is a live page of this build; remove the rule or the page"))
            continue
        candidates.append(rule)

    resolver = Resolver(candidates, inventory, language_prefix)
    pages = _Pages(inventory)
    valid: list[Rule] = []
    loops: set[int] = set()  # rules of the loops already reported (each loop once, at its first rule)
    for rule in candidates:
        finding = _collapse(rule, resolver, inventory, pages, loops, len(candidates) + 1)
        if finding is None and id(rule) in loops:
            continue  # in a loop reported at another of its rules
        if finding is not None:
            out.append(finding)
            if finding.level < F.Severity.ERROR:
                valid.append(rule)
        else:
            valid.append(rule)
    return out, valid


def _collapse(rule: Rule, resolver: Resolver, inventory: Inventory, pages: _Pages, loops: set,
              max_hops: int) -> Finding | None:
    """Follow the rule's target to a live page; set ``rule.final``; report what is wrong. A chain
    may be as long as there are rules (longer, it loops); a loop is reported once."""
    target = rule.target
    if is_external(target):
        return None
    path, _q, fragment = split_url(target)
    if rule.prefix and path.endswith("*"):
        return _collapse_splat(rule, resolver, pages)
    res = resolver.resolve(target, max_hops)
    if res.problem == "redirect loop" or (res.rules and rule in res.rules):
        return _loop(rule, res, loops)
    if not res.ok:
        why = "does not exist in the build" if not res.hops else f"ends at a page that does not exist ({res.problem})"
        return _f(F.TARGET_MISSING, rule, f"target {target} {why}")
    if res.external:
        rule.final = res.external
    else:
        final = res.page + (f"#{res.fragment}" if res.fragment else "")
        if res.fragment and not inventory.has_anchor(res.page, res.fragment):
            return _f(F.TARGET_ANCHOR_MISSING, rule, f"target page {res.page} has no anchor #{res.fragment}")
        rule.final = final
    if res.hops:
        via = " -> ".join(res.hops)
        return _f(F.CHAIN_COLLAPSED, rule, f"chain of {len(res.hops) + 1} redirects {rule.raw_source} -> {target} -> {via}: "
                                           f"collapsed to one hop, {rule.final}")
    return None


def _loop(rule: Rule, res, loops: set) -> Finding | None:
    """The loop the rule's target runs into: named with its rules and length, once per loop."""
    if rule in res.rules:  # the rule is part of the loop: from it round to it
        cycle = [rule] + res.rules[:res.rules.index(rule)]
    else:  # the rule leads into a loop: it starts where the repeated URL was first matched
        repeated = canonical(split_url(res.hops[-1])[0])
        keys = [canonical(split_url(u)[0]) for u in [rule.target] + res.hops[:-1]]
        cycle = res.rules[keys.index(repeated):] if repeated in keys else res.rules
    path = " -> ".join([r.raw_source for r in cycle] + [cycle[0].raw_source])
    if rule not in cycle:
        return _f(F.REDIRECT_LOOP, rule, f"target {rule.target} leads into the redirect loop {path}")
    if id(rule) in loops:
        return None
    loops.update(id(r) for r in cycle)  # a rule has one target, so it is in one loop at most
    where = ", ".join(f"{r.raw_source} ({r.where})" for r in cycle)
    return _f(F.REDIRECT_LOOP, rule, f"redirect loop of {len(cycle)} rule{'s' if len(cycle) != 1 else ''}: {path}; rules: {where}")


def _collapse_splat(rule: Rule, resolver: Resolver, pages: _Pages) -> Finding | None:
    target_prefix = split_url(rule.target)[0][:-1]
    seen = {rule.source}
    current, current_rule = target_prefix, rule
    while not pages.any_under(current):
        found = resolver.match(canonical(current) if current.endswith("/") else current)
        if found is None or not found[0].prefix:
            return _f(F.TARGET_MISSING, rule, f"no live page lies under the target prefix {target_prefix}")
        nxt, matched = found
        if nxt.source in seen:
            return _f(F.REDIRECT_LOOP, rule, f"redirect loop between prefix rules {rule.raw_source} and {nxt.raw_source}")
        seen.add(nxt.source)
        current = split_url(nxt.apply(current, matched))[0].rstrip("*")
        current_rule = nxt
    if current != target_prefix:
        rule.final = current + "*"
        return _f(F.CHAIN_COLLAPSED, rule, f"{rule.raw_source} -> {rule.target} -> {current_rule.target}: collapsed to one hop, {rule.final}")
    return None
