"""Resolving a URL the way a reader's browser would: live page, or redirect rules, hop by hop."""

from __future__ import annotations

from dataclasses import dataclass, field

from .inventory import Inventory
from .options import LANGUAGE_PREFIX
from .rules import Rule
from .urls import canonical, is_external, normalize_path, split_url, strip_language

MAX_HOPS = 8


@dataclass
class Resolution:
    url: str
    page: str | None = None  # the live page it ends on
    fragment: str = ""  # the fragment on that page (a rule's own fragment wins, as in HTTP)
    hops: list[str] = field(default_factory=list)  # every redirect target, in order
    rules: list[Rule] = field(default_factory=list)
    external: str | None = None  # an external URL it ends on
    problem: str | None = None  # why it does not resolve

    @property
    def ok(self) -> bool:
        return self.page is not None or self.external is not None

    @property
    def final(self) -> str:
        if self.external:
            return self.external
        if self.page is None:
            return ""
        return self.page + (f"#{self.fragment}" if self.fragment else "")


def target_live(inventory: Inventory, target: str) -> bool:
    """Whether a splat rule may answer with ``target``: an external URL, or a path the site
    serves (a live page in one of its forms, or another file of the build). A target that is
    only another rule's source (a chain) is not: the splat does not take that URL. With an
    empty inventory (nothing known of the site) every target counts as live."""
    if is_external(target) or not inventory.pages:
        return True
    path = normalize_path(split_url(target)[0])
    return inventory.resolve_page(path) is not None or path in inventory.files


class Resolver:
    """Matches request paths against rules: exact first, then the longest prefix.

    Rule sources also cover their form without the language prefix, unless another rule
    claims that form explicitly. A splat rule answers only when its one-hop target is live
    (:func:`target_live`): :meth:`match` finds the rule, :meth:`resolve` (and the HTTP model,
    :mod:`urlkeeper.http_model`) then stop with no rule where the target is not live.
    """

    def __init__(self, rules: list[Rule], inventory: Inventory, language_prefix: str | None = LANGUAGE_PREFIX.default,
                 legacy_html: bool = False):
        self.inventory = inventory
        self.language_prefix = language_prefix
        self.legacy_html = legacy_html  # the setting legacy_forms: [html]
        self.exact: dict[str, Rule] = {}
        self.prefixes: dict[str, Rule] = {}
        implied: list[tuple[dict, str, Rule]] = []
        for rule in rules:
            table = self.prefixes if rule.prefix else self.exact
            source = normalize_path(rule.source) if rule.prefix else canonical(rule.source)
            table.setdefault(source, rule)
            bare = strip_language(source, language_prefix)
            if bare is not None and bare != source:
                implied.append((table, bare, rule))
        for table, key, rule in implied:
            table.setdefault(key, rule)

    def match(self, key: str) -> tuple[Rule, str] | None:
        """The rule for a canonical key and the source (or prefix) it matched through."""
        rule = self.exact.get(key)
        if rule is not None:
            return rule, key
        prefixes = self.prefixes
        if not prefixes:
            return None
        p = key if key.endswith("/") else key[: key.rfind("/") + 1]
        while True:
            rule = prefixes.get(p)
            if rule is not None and rule.takes(key, p):
                return rule, p
            if p == "/" or not p:
                return None
            p = p[: p.rstrip("/").rfind("/") + 1]

    def live(self, target: str) -> bool:
        """Whether a splat rule may answer with ``target`` (:func:`target_live`)."""
        return target_live(self.inventory, target)

    def resolve(self, url: str, max_hops: int = MAX_HOPS) -> Resolution:
        path, _query, fragment = split_url(url)
        res = Resolution(url, fragment=fragment)
        seen: set[str] = set()
        current = path
        while True:
            page = self.inventory.resolve_page(current)
            if page is not None:
                res.page = page
                return res
            key = canonical(current)
            if key in self.inventory.pages:  # another form of a live page: rules never take it
                if not (self.legacy_html and key != current and current.endswith(".html")) or res.hops:
                    res.problem = f"{current} is not a form under which the live page {key} is served"
                    return res
                res.hops.append(key)
                current = key
                continue
            if key in seen:
                res.problem = "redirect loop"
                return res
            seen.add(key)
            found = self.match(key)
            if found is None:
                res.problem = "no live page and no redirect rule" if not res.hops else f"redirect target {current} does not exist"
                return res
            if len(res.hops) >= max_hops:
                res.problem = f"more than {max_hops} redirects"
                return res
            rule, matched = found
            target = rule.apply(key, matched)
            if rule.splat and not self.live(target):  # a splat answers only with a live page
                res.problem = "no live page and no redirect rule" if not res.hops else f"redirect target {current} does not exist"
                return res
            res.hops.append(target)
            res.rules.append(rule)
            tpath, _q, tfrag = split_url(target)
            if tfrag:
                res.fragment = tfrag
            if is_external(target):
                res.external = target
                return res
            current = tpath
