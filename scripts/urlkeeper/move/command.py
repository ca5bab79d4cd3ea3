"""Command line: ``urlkeeper move``, ``urlkeeper apply`` and ``urlkeeper redirects from-git``.

Exit codes (:class:`~urlkeeper.exitcodes.ExitCode`): OK (0) done, or nothing to do, or a dry
run of a plan that would apply; BAD_INPUT (2) bad input or conflicts in the plan (nothing
changed); NOT_APPLIED (3) the plan would change a link's target (refused by the verification)
or it failed half way and was rolled back (nothing changed); 128 + N when signal N (SIGTERM,
SIGINT, SIGHUP) interrupted the change (rolled back: nothing changed). A dry run exits as the
change would.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..exitcodes import ExitCode
from . import engine, fromgit, guard, journal, plan as plan_mod, txn, verify
from .site import Site


@dataclass(frozen=True)
class Mode:
    """How a plan is carried out."""

    dry_run: bool = False  # print the whole change and change nothing
    no_git: bool = False  # move files plainly even inside a git work tree


def recover_project(config_file: str | None) -> str | None:
    """Roll back a change a killed urlkeeper left half made in the project of ``config_file``."""
    root = Path(config_file or "mkdocs.yml").parent
    return journal.recover(root)


def load_site(config_file: str | None) -> Site:
    """The site, after rolling back any change a killed urlkeeper left half made."""
    done = recover_project(config_file)
    if done:
        print(f"urlkeeper: {done}", file=sys.stderr)
    return Site.load(config_file)


def move(*, config_file: str | None, src: str, dst: str, name: str, dry_run: bool, no_git: bool) -> ExitCode:
    site = load_site(config_file)
    plan = plan_mod.Plan(name, [plan_mod.make_move(src, dst)], None)
    return run(site, plan, Mode(dry_run, no_git))


def apply(*, config_file: str | None, plan: str | None, recover: bool, dry_run: bool, no_git: bool) -> ExitCode:
    if recover:
        done = recover_project(config_file)
        print(f"urlkeeper: {done or 'nothing to recover: no change was interrupted'}")
        return ExitCode.OK
    if not plan:
        raise InputError("apply needs a PLAN file (or --recover)")
    site = load_site(config_file)
    return run(site, plan_mod.load(plan), Mode(dry_run, no_git))


def run(site: Site, plan: plan_mod.Plan, mode: Mode) -> ExitCode:
    started = time.perf_counter()
    guard.check_name(plan.name, "--name" if plan.file is None else "the plan's file name")
    redirect_file = site.redirects_dir / f"{plan.name}.yml"
    bad = guard.check_inputs(site, plan, redirect_file)
    result = engine.compute(site, plan, redirect_file) if not bad else engine.Result(plan, redirect_file)
    result.conflicts.extend(bad)
    found, links = guard.check_result(site, result)
    result.conflicts.extend(found)
    out = sys.stdout
    if not result.fatal and not result.nothing_to_do:
        result.checked, result.changed = verify.check(site, result, result.moved)
    if mode.dry_run:
        report(result, site, out)
        return ExitCode.BAD_INPUT if result.fatal else ExitCode.NOT_APPLIED if result.changed else ExitCode.OK
    for c in result.conflicts:
        if not c.fatal:
            print(f"urlkeeper: warning: {c}", file=sys.stderr)
    if result.fatal:
        for c in result.fatal:
            print(f"urlkeeper: error: {c}", file=sys.stderr)
        print(f"urlkeeper: {len(result.fatal)} conflict(s); nothing was changed", file=sys.stderr)
        return ExitCode.BAD_INPUT
    if result.nothing_to_do:
        print(f"urlkeeper: nothing to do: the plan '{plan.name}' is already applied")
        return ExitCode.OK
    if result.changed:
        for c in result.changed:
            print(f"urlkeeper: error: {engine.shown(site.docs_dir / c.file, site.root)}:{c.line}: link {c.label!r} "
                  f"would change target: before {c.before}, after {c.after}", file=sys.stderr)
        print(f"urlkeeper: the plan would change the target of {len(result.changed)} link(s); nothing was changed",
              file=sys.stderr)
        return ExitCode.NOT_APPLIED
    try:
        txn.apply(result, site.docs_dir, use_git=not mode.no_git, root=site.root, links=links)
    except txn.Aborted as exc:
        print(f"urlkeeper: error: {exc}", file=sys.stderr)
        return ExitCode.NOT_APPLIED
    except txn.Interrupted as exc:
        if not exc.complete:
            print(f"urlkeeper: error: {exc}; rolled back, nothing was changed", file=sys.stderr)
            return ExitCode.interrupted(exc.signum)
        print(f"urlkeeper: {exc} after the change was complete", file=sys.stderr)
    pages = sum(1 for a, _ in result.renames if site.is_markdown(a))
    print(f"urlkeeper: moved {len(result.renames)} files ({pages} pages), folded {len(result.retired)} pages, "
          f"rewrote {result.links_rewritten} links in {result.files_edited} files, "
          f"added {len(result.rules_added)} redirect rules to {engine.shown(redirect_file, site.root)}"
          f" in {time.perf_counter() - started:.2f}s")
    for dropped in result.rules_dropped:
        print(f"urlkeeper: removed rule {dropped} (its old URL is a live page again)")
    if result.skipped:
        print(f"urlkeeper: {len(result.skipped)} move(s) already applied, skipped")
    return ExitCode.OK


def report(result: engine.Result, site: Site, out) -> None:
    """The whole plan, for --dry-run."""
    name = result.plan.file or f"move ({result.plan.name})"
    print(f"urlkeeper: dry run of {name}: nothing is changed", file=out)
    print("\n## Files", file=out)
    folded = {src: f"{t}#{a}" for src, t, a in result.folds}
    for old, new in result.renames:
        print(f"  move  {old} -> {new}", file=out)
    for old in result.retired:
        print(f"  fold  {old} -> {folded.get(old, '?')} (file retired)", file=out)
    for m in result.skipped:
        print(f"  skip  {m.describe()} (already applied)", file=out)
    if not (result.renames or result.retired or result.skipped):
        print("  (none)", file=out)
    print(f"\n## Edits ({result.links_rewritten} links in {result.files_edited} files, nav, redirect maps)", file=out)
    diff = result.diffs(site.root)
    out.write(diff if diff else "  (none)\n")
    print(f"\n## Redirect rules added to {engine.shown(result.redirect_file, site.root)}", file=out)
    for a, b in result.rules_added:
        print(f"  - from: {a}\n    to: {b}", file=out)
    if not result.rules_added:
        print("  (none)", file=out)
    for dropped in result.rules_dropped:
        print(f"  removed: {dropped} (its old URL is a live page again)", file=out)
    print("\n## Verification", file=out)
    if result.checked >= 0:
        print(f"  {result.checked} links in the files this plan writes resolved before and after: "
              f"{len(result.changed)} would change target", file=out)
        for c in result.changed:
            print(f"  error: {engine.shown(site.docs_dir / c.file, site.root)}:{c.line}: link {c.label!r} "
                  f"would change target: before {c.before}, after {c.after}", file=out)
    else:
        print("  (not run)", file=out)
    print("\n## Conflicts", file=out)
    for c in result.conflicts:
        print(f"  {'error' if c.fatal else 'warning'}: {c}", file=out)
    if not result.conflicts:
        print("  (none)", file=out)
    if result.fatal:
        print(f"\nurlkeeper: {len(result.fatal)} conflict(s): the plan cannot be applied", file=out)
    elif result.nothing_to_do:
        print("\nurlkeeper: nothing to do: the plan is already applied", file=out)


def from_git(*, config_file: str | None, rev: str, output: str | None) -> ExitCode:
    site = load_site(config_file)
    rules = fromgit.propose(site, rev)
    if output:
        if rules:
            fromgit.append(Path(output), rules, rev)
        print(f"urlkeeper: {len(rules)} rule(s) proposed -> {output}", file=sys.stderr)
    else:
        sys.stdout.write(fromgit.render(rules, rev))
    return ExitCode.OK


__all__ = ["move", "apply", "from_git", "run", "Mode"]
