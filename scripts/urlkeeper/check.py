"""``urlkeeper check``: every guarantee at once, on plain data.

Loads the redirect maps and baselines named by the config, validates the rules against the
inventory of the build, proves every baseline URL resolves and protected URLs stay live.
Bad input that stops the run early (malformed YAML, unreadable files) raises InputError.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import baselines, fragments as fragments_mod, rules as rules_mod
from .config import Config
from .errors import InputError
from .findings import BASELINE_BROKEN, Finding, sort_key
from .inventory import Inventory
from .renderers import RenderInput, Rendered, get as get_renderer
from .resolve import Resolver
from .rules import Rule
from .urls import canonical
from .validate import validate


@dataclass
class CheckResult:
    inventory: Inventory
    rules: list[Rule]  # valid rules, chains collapsed
    findings: list[Finding] = field(default_factory=list)
    baseline_urls: list[str] = field(default_factory=list)


def run(config: Config, inventory: Inventory | None = None) -> CheckResult:
    if inventory is None:
        inventory = Inventory.from_site(config.site_dir, config.anchor_ignore)
        if not inventory.pages:
            raise InputError(f"site directory {config.site_dir} holds no HTML pages (build the site first: mkdocs build)")
    all_rules = rules_mod.load_dir(config.redirects_dir)
    entries = baselines.load_entries(config.baselines_dir)
    if config.versions.prefixes:  # /latest/x/ recorded from a deployed site is /x/ of this build
        entries = [replace(e, url=config.versions.strip(e.url)[0]) for e in entries]
    found, valid = validate(all_rules, inventory, language_prefix=config.language_prefix,
                            protected=config.protected, allowed_hosts=config.allowed_hosts)
    valid.sort(key=lambda r: (r.source, r.prefix))
    resolver = Resolver(valid, inventory, config.language_prefix, config.legacy_html)
    where: dict = {}
    forwards = fragments_mod.load(config.redirects_dir, where)
    found += fragments_mod.check(forwards, inventory, where)
    found += baselines.check_entries(entries, inventory, resolver, config.protected, forwards)
    found.sort(key=sort_key)
    urls = sorted({canonical(e.url) for e in entries})
    return CheckResult(inventory, valid, found, urls)


def suggest_hint(findings: list[Finding]) -> str | None:
    """One line pointing at ``redirects suggest`` when published URLs are broken (UK201)."""
    broken = sum(1 for f in findings if f.code is BASELINE_BROKEN)
    if not broken:
        return None
    return (f"urlkeeper: hint: {broken} published URL(s) no longer resolve; run `urlkeeper redirects suggest` "
            "to find where their content went")


def render(config: Config, result: CheckResult, formats: tuple[str, ...] | None = None) -> dict[str, Rendered]:
    """Render the validated rules in each format (name -> files and findings)."""
    data = RenderInput(
        rules=result.rules,
        language_prefix=config.language_prefix,
        base_path=config.base_path,
        inventory=result.inventory,
        baseline_urls=result.baseline_urls,
        site_url=config.site_url,
        allowed_hosts=config.allowed_hosts,
        legacy_html=config.legacy_html,
        fragments=fragments_mod.load(config.redirects_dir),
        relative_targets=config.versions.relative_targets,
        templates_dir=config.templates_dir,
    )
    return {name: get_renderer(name).render(data) for name in (formats or config.formats)}
