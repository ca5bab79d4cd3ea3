"""The ``urlkeeper`` command line: the whole command tree in one parser.

``build_parser`` declares every command with shared option groups; flags that override a
setting of ``mkdocs.yml`` come from :mod:`urlkeeper.options`, so their defaults and help are
the plugin's. ``main`` calls the command's function with the parsed values as keyword
arguments (the overriding flags given, as one ``overrides`` mapping keyed like the settings)
and returns its :class:`~urlkeeper.exitcodes.ExitCode`: 0 clean, 1 findings, 2 bad input or
usage (one line naming file and line, never a traceback), 3 a move not applied, 128 + N
interrupted by signal N.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Sequence

from . import __version__, commands, options as schema
from .errors import InputError
from .exitcodes import ExitCode
from .links import command as links_cmd
from .move import command as move_cmd
from .renderers import names as host_formats
from .reporters import REPORTERS
from .suggest import command as suggest_cmd

OVERRIDES = "overrides"  # argparse dest prefix of the flags that override a setting
SITE_SETTINGS = ("site_dir", "redirects_dir", "baselines_dir", "protected", "allowed_hosts", "language_prefix")
LINK_SITE_SETTINGS = ("site_dir", "docs_dir", "site_url", "version_prefixes")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 with one clear line
        self.print_usage(sys.stderr)
        self.exit(ExitCode.BAD_INPUT, f"urlkeeper: error: {message}\n")


def _subcommands(p: argparse.ArgumentParser, dest: str, metavar: str):
    sub = p.add_subparsers(dest=dest, metavar=metavar, parser_class=_Parser)
    sub.required = True
    p.commands = sub.choices  # name -> parser, in order (read by command_reference)
    return sub


def _command(sub, name: str, summary: str, **kw) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=summary, **kw)
    p.summary = summary
    return p


def _duration(text: str) -> float:
    try:
        return schema.seconds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_TYPES = {"duration": _duration, "int": int, "float": float}


def setting_flag(p: argparse.ArgumentParser, setting: schema.Setting, *, overrides: bool = True) -> None:
    """The flag of a setting. ``overrides``: it overrides mkdocs.yml (unset: None, so the
    configured value stands); else the schema's default is the flag's default."""
    kw: dict = {"help": setting.flag_help(), "dest": f"{OVERRIDES}.{setting.key}" if overrides else setting.dest}
    if setting.kind == "bool":
        kw.update(action="store_const", const=not setting.negated, default=None if overrides else setting.default)
    else:
        kw.update(metavar=setting.metavar, default=None if overrides else setting.default)
        if setting.kind == "list":
            kw["action"] = "append"
        if setting.kind == "choice":
            kw["choices"] = setting.choices
        if setting.kind in _TYPES:
            kw["type"] = _TYPES[setting.kind]
    p.add_argument(setting.flag, **kw)


def _flags(p: argparse.ArgumentParser, keys: Sequence[str]) -> None:
    for key in keys:
        setting_flag(p, schema.get(key, schema.ALL))


def _config_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--config-file", metavar="MKDOCS_YML",
                   help="read settings from this mkdocs.yml (default: ./mkdocs.yml if present)")


def _site_options(p: argparse.ArgumentParser) -> None:
    _config_file(p)
    _flags(p, SITE_SETTINGS)


def _report_options(p: argparse.ArgumentParser, info: str) -> None:
    p.add_argument("--format", dest="report_format", choices=sorted(REPORTERS), default="terminal",
                   help="report format (default: terminal)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("-v", "--verbose", action="store_true", help=f"also show info findings ({info})")


def _plan_options(p: argparse.ArgumentParser) -> None:
    _config_file(p)
    p.add_argument("-n", "--dry-run", action="store_true",
                   help="print the whole change (moves, link diffs, rules, conflicts) and change nothing")
    p.add_argument("--no-git", action="store_true", help="move files plainly even inside a git work tree")


def _check(sub) -> None:
    p = _command(sub, "check", "validate redirect maps, baselines and protected URLs against a built site")
    _site_options(p)
    _report_options(p, "collapsed chains")
    p.set_defaults(func=commands.check)


def _inventory(sub) -> None:
    p = _command(sub, "inventory", "write the URL inventory (pages and anchors) of a built site")
    p.add_argument("site", metavar="SITE_DIR_OR_SITEMAP", help="a built site folder, or a sitemap.xml (URLs only)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--site-url", help="with a sitemap: the site_url whose path is stripped from every URL")
    setting_flag(p, schema.ANCHOR_IGNORE, overrides=False)
    p.add_argument("--fingerprints", action="store_true",
                   help="with -o FILE.txt: also write each page's fingerprint to FILE.fingerprints (for redirects suggest)")
    p.add_argument("--docs", metavar="DIR",
                   help="with --fingerprints: the Markdown the site was built from (front-matter uid and aliases)")
    p.set_defaults(func=commands.inventory)


def _redirects(sub) -> None:
    p = _command(sub, "redirects", "work with redirect maps")
    rsub = _subcommands(p, "redirects_command", "ACTION")
    r = _command(rsub, "render", "render the redirect maps for a host")
    r.add_argument("--format", dest="render_format", required=True, choices=host_formats(), help="host format")
    r.add_argument("-o", "--output", metavar="PATH",
                   help="file to write (a folder for the html format); default: standard output, or the site folder for html")
    r.add_argument("--force", action="store_true", help="write the output even when it is over a limit of the host")
    r.add_argument("--version-folder", metavar="NAME",
                   help="the site is deployed into this folder of its host (mike: latest, 2.0): rules are written below it")
    _site_options(r)
    r.set_defaults(func=commands.render)

    r = _command(rsub, "from-git", "propose rules for every page renamed or deleted since a git revision (and blog posts whose URL changed)")
    r.add_argument("rev", metavar="REV", help="the git revision to compare with (a tag, a commit, HEAD~3)")
    _config_file(r)
    r.add_argument("-o", "--output", metavar="FILE", help="append the rules to this redirect map instead of printing them")
    r.set_defaults(func=move_cmd.from_git)

    r = _command(rsub, "suggest", "propose rules for broken baseline URLs: where did their content go?")
    r.add_argument("-o", "--output", metavar="FILE",
                   help="write the proposed redirect map to FILE (a new file) instead of standard output")
    r.add_argument("--min-confidence", type=suggest_cmd.confidence, default=suggest_cmd.DEFAULT_MIN_CONFIDENCE, metavar="X",
                   help=f"propose a rule only from this confidence on, 0 to 1 (default: {suggest_cmd.DEFAULT_MIN_CONFIDENCE})")
    old = r.add_mutually_exclusive_group()
    old.add_argument("--from-rev", metavar="REV", help="old content: the Markdown of docs_dir at this git revision")
    old.add_argument("--old-site", metavar="DIR", help="old content: an old built site (any generator's HTML)")
    _site_options(r)
    r.set_defaults(func=suggest_cmd.suggest)


def _moves(sub) -> None:
    p = _command(sub, "move", "move a page or a folder, rewriting every link and adding redirects")
    p.add_argument("src", metavar="SRC", help="page or folder to move (relative to docs_dir)")
    p.add_argument("dst", metavar="DST", help="new path (relative to docs_dir); PAGE.md#anchor folds the page into a section")
    p.add_argument("--name", default="moves", help="redirect rules go to redirects/NAME.yml (default: moves)")
    _plan_options(p)
    p.set_defaults(func=move_cmd.move)

    p = _command(sub, "apply", "apply a move plan (redirects/plans/NAME.yml), or roll back one that was killed (--recover)")
    p.add_argument("plan", metavar="PLAN", nargs="?", help="the plan file; its rules go to redirects/<plan name>.yml")
    p.add_argument("--recover", action="store_true", help="roll back a change that was interrupted (killed, power cut) and exit")
    _plan_options(p)
    p.set_defaults(func=move_cmd.apply)


def _links(sub) -> None:
    p = _command(sub, "links", "check the links and anchors of a built site (and external links with --external)",
        description="Check every link of the built site: internal links and #anchors resolved as a static host "
                    "would, incrementally (cached by content hash); external links through LinkChecker with "
                    "--external. Findings name the Markdown source file and line.")
    _config_file(p)
    _flags(p, LINK_SITE_SETTINGS)
    _report_options(p, "links through redirects")
    for setting in schema.LINKS + schema.LINKS_CLI:
        if setting.flag:
            setting_flag(p, setting)
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    p.set_defaults(func=links_cmd.links)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="urlkeeper", description="Keep every URL of a documentation site working through restructurings.")
    parser.add_argument("--version", action="version", version=f"urlkeeper {__version__}")
    sub = _subcommands(parser, "command", "COMMAND")
    for add in (_check, _inventory, _redirects, _links, _moves):
        add(sub)
    p = _command(sub, "codes", "list the finding codes")
    p.set_defaults(func=commands.codes)
    return parser


def _leaves(parser: argparse.ArgumentParser):
    for p in getattr(parser, "commands", {}).values():
        if getattr(p, "commands", None):
            yield from _leaves(p)
        else:
            yield p


def command_reference(width: int = 100) -> str:
    """Every command's summary and usage, as README's command reference shows them."""
    lines = []
    for p in _leaves(build_parser()):
        p.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=width)
        usage = p.format_usage().rstrip().replace(" [-h]", "", 1).splitlines()
        indent = len("usage: ")
        lines += ["", f"# {p.summary}", usage[0][indent:], *(line[indent:] for line in usage[1:])]
    return "\n".join(lines[1:]) + "\n"


def call(args: argparse.Namespace):
    """The command's function and its keyword arguments, from the parsed command line."""
    values = dict(vars(args))
    func = values.pop("func")
    values.pop("command", None)
    values.pop("redirects_command", None)
    kwargs: dict = {}
    overrides: dict = {}
    for dest, value in values.items():
        if dest.startswith(OVERRIDES + "."):
            if value is not None:
                overrides[dest[len(OVERRIDES) + 1:]] = value
        else:
            kwargs[dest] = value
    if any(dest.startswith(OVERRIDES + ".") for dest in values):
        kwargs[OVERRIDES] = overrides
    return func, kwargs


def main(argv: Sequence[str] | None = None) -> int:
    func, kwargs = call(build_parser().parse_args(argv))
    try:
        return func(**kwargs)
    except InputError as exc:
        print(f"urlkeeper: error: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        return ExitCode.interrupted(signal.SIGINT)
    except BrokenPipeError:  # the reader stopped reading: the report was cut short, so not clean
        return ExitCode.FINDINGS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
