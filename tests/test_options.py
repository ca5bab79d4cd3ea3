"""One options schema: each plugin option and the command-line flag that overrides it share
their default and their meaning. Read from the real parser (cli.build_parser) and the real
plugin config class, so a default changed in one place only fails here."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml
from mkdocs.config import config_options as c

from conftest import ENV, ROOT
from urlkeeper import cli, commands
from urlkeeper.links import LinkOptions, command as links_cmd
from urlkeeper.mkdocs_plugin.config import UrlkeeperPluginConfig

# flag -> the plugin option it overrides ("links.x": in the plugin's links group). Written out
# here, not read from the schema, so a flag that stops matching its option is caught.
PLUGIN_FLAGS = {
    "--language-prefix": "language_prefix", "--protected": "protected", "--allow-host": "allowed_hosts",
    "--redirects": "redirects_dir", "--baselines": "baselines_dir", "--anchor-ignore": "anchor_ignore",
    "--version-prefix": "version_prefixes", "--ignore": "links.ignore", "--ignore-page": "links.ignore_pages",
    "--redirect-severity": "links.redirect_severity", "--no-cache": "links.cache", "--cache-dir": "links.cache_dir",
    "--external": "links.external", "--max-age": "links.max_age", "--timeout": "links.timeout", "--budget": "links.budget",
}
# Flags of settings that are not plugin options: MkDocs' own, and the link checker's tuning.
OTHER_SETTING_FLAGS = {"--site", "--docs", "--site-url", "--retries", "--threads", "--per-host-rate",
                       "--max-redirects", "--jobs"}


def plugin_option(key: str) -> c.BaseConfigOption:
    options = dict(UrlkeeperPluginConfig._schema)
    if key.startswith("links."):
        options = dict(options["links"].config_class._schema)
        key = key[len("links."):]
    return options[key]


def setting_actions():
    """(command, action) for every flag of the real parser that stands for a setting."""
    for p in cli._leaves(cli.build_parser()):
        for action in p._actions:
            if action.dest.startswith(cli.OVERRIDES + ".") or action.dest == "anchor_ignore":
                yield p.prog, action


def test_every_setting_flag_is_known_here():
    flags = {a.option_strings[0] for _, a in setting_actions()}
    assert flags == set(PLUGIN_FLAGS) | OTHER_SETTING_FLAGS


def inner(option):
    return option.option if isinstance(option, c.Optional) else option


@pytest.mark.parametrize("flag", sorted(PLUGIN_FLAGS))
def test_a_plugin_option_and_its_flag_share_default_and_kind(flag):
    option = plugin_option(PLUGIN_FLAGS[flag])
    default = option.default
    actions = [(prog, a) for prog, a in setting_actions() if a.option_strings[0] == flag]
    assert actions, flag
    for prog, action in actions:
        where = f"{prog} {flag}"
        is_list = isinstance(inner(option), c.ListOfItems)
        assert (type(action).__name__ == "_AppendAction") == is_list, where
        if isinstance(inner(option), c.Choice):
            assert tuple(action.choices) == tuple(inner(option).choices), where
        if type(action).__name__ == "_StoreConstAction":  # a switch sets the value the option lacks by default
            assert action.const is (not default), where
            continue
        if action.default is not None:  # a flag that reads no mkdocs.yml: the default itself
            assert action.default == default, where
            continue
        stated = re.search(r"default: ([^;)]+)", action.help)
        if default in (None, [], ""):
            assert default is None or stated is None, f"{where} states a default the option lacks: {action.help}"
            continue
        assert stated, f"{where} does not state its default {default!r}: {action.help}"
        shown = stated.group(1).split()[0]
        if isinstance(option, c.OptionallyRequired) and type(option).__name__ == "Duration":
            assert action.type(shown) == option.validate(default), where
        else:
            assert shown == str(default), where


def test_the_link_checkers_defaults_are_what_the_help_says():
    parser = cli.build_parser()
    links = next(p for p in cli._leaves(parser) if p.prog.endswith(" links"))
    defaults = LinkOptions(site_dir=Path("site"))
    for action in links._actions:
        key = action.dest.removeprefix(cli.OVERRIDES + ".")
        stated = re.search(r"default: ([^;)]+)", action.help or "")
        if not (stated and action.type is not None and hasattr(defaults, key)):
            continue
        if key == "jobs":  # 0: one worker per CPU
            assert stated.group(1) == "one per CPU" and defaults.jobs == 0
        else:
            assert action.type(stated.group(1)) == getattr(defaults, key), action.option_strings


# Each flag beside the mkdocs.yml setting that means the same: (flag, values, plugin options).
CORE_SAMPLES = [
    ("--language-prefix", ["/de/"], {"language_prefix": "/de/"}),
    ("--protected", ["/en/api/", "/en/sdk/"], {"protected": ["/en/api/", "/en/sdk/"]}),
    ("--allow-host", ["Status.Example.COM"], {"allowed_hosts": ["Status.Example.COM"]}),
    ("--redirects", ["maps"], {"redirects_dir": "maps"}),
    ("--baselines", ["published"], {"baselines_dir": "published"}),
]
LINK_SAMPLES = [
    ("--ignore", [r"^https://status\.example\.com/"], {"links": {"ignore": [r"^https://status\.example\.com/"]}}),
    ("--ignore-page", ["/en/old/*"], {"links": {"ignore_pages": ["/en/old/*"]}}),
    ("--redirect-severity", ["warning"], {"links": {"redirect_severity": "warning"}}),
    ("--no-cache", [None], {"links": {"cache": False}}),
    ("--cache-dir", ["cache2"], {"links": {"cache_dir": "cache2"}}),
    ("--max-age", ["1d"], {"links": {"max_age": "1d"}}),
    ("--timeout", ["3s"], {"links": {"timeout": 3}}),
    ("--budget", ["2m"], {"links": {"budget": "2m"}}),
    ("--version-prefix", ["2.0"], {"version_prefixes": ["2.0"]}),
]


def test_every_plugin_flag_has_a_meaning_sample():
    sampled = {flag for flag, _, _ in CORE_SAMPLES + LINK_SAMPLES}
    assert sampled | {"--anchor-ignore", "--external"} == set(PLUGIN_FLAGS)


def project(tmp_path: Path, options: dict) -> Path:
    base = tmp_path / "p"
    for folder in ("docs", "maps", "published", "redirects"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    plugins = [{"urlkeeper": options}] if options else ["urlkeeper"]
    (base / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "t", "plugins": plugins}), encoding="utf-8")
    return base


def parsed(command: str, flag: str, values: list) -> tuple:
    argv = [command]
    for value in values:
        argv += [flag] if value is None else [flag, value]
    _, kwargs = cli.call(cli.build_parser().parse_args(argv))
    return kwargs["config_file"], kwargs["overrides"]


def resolved(options: LinkOptions) -> dict:
    """The options, paths relative to the project (the current folder)."""
    here = Path.cwd().resolve()
    return {k: v.resolve().relative_to(here) if isinstance(v, Path) else v for k, v in asdict(options).items()}


@pytest.mark.parametrize("flag, values, options", CORE_SAMPLES, ids=[s[0] for s in CORE_SAMPLES])
def test_a_core_flag_means_what_its_plugin_option_means(tmp_path, monkeypatch, flag, values, options):
    monkeypatch.chdir(project(tmp_path / "cfg", options))
    from_yaml = commands.load_config(None, {})
    monkeypatch.chdir(project(tmp_path / "flag", {}))
    from_flag = commands.load_config(*parsed("check", flag, values))
    key = next(iter(options))
    assert getattr(from_flag, key) == getattr(from_yaml, key)
    assert getattr(from_flag, key) != getattr(commands.load_config(None, {}), key)  # the sample is not the default


@pytest.mark.parametrize("flag, values, options", LINK_SAMPLES, ids=[s[0] for s in LINK_SAMPLES])
def test_a_links_flag_means_what_its_plugin_option_means(tmp_path, monkeypatch, flag, values, options):
    monkeypatch.chdir(project(tmp_path / "cfg", options))
    from_yaml = resolved(links_cmd.options_from(None, {}))
    monkeypatch.chdir(project(tmp_path / "flag", {}))
    from_flag = resolved(links_cmd.options_from(*parsed("links", flag, values)))
    default = resolved(links_cmd.options_from(None, {}))
    changed = {k for k in from_flag if from_flag[k] != default[k] and k not in ("site_dir", "root")}
    assert changed, f"{flag} changed nothing"
    assert {k: from_flag[k] for k in changed} == {k: from_yaml[k] for k in changed}


def test_external_links_are_checked_from_the_command_line_only_when_asked(tmp_path, monkeypatch):
    """The one documented difference: links.external turns the check on in builds; the
    command line checks external links only with --external (slow, networked)."""
    monkeypatch.chdir(project(tmp_path, {"links": {"external": True}}))
    assert links_cmd.options_from(None, {}).external is False
    assert links_cmd.options_from(*parsed("links", "--external", [None])).external is True


def test_bad_values_from_the_command_line_are_read_as_from_mkdocs_yml(tmp_path, monkeypatch):
    from urlkeeper.errors import InputError

    monkeypatch.chdir(project(tmp_path, {}))
    with pytest.raises(InputError, match="option --protected: protected prefix must start with '/'"):
        commands.load_config(*parsed("check", "--protected", ["en/api/"]))
    with pytest.raises(InputError, match="option --language-prefix: language_prefix must start with '/'"):
        commands.load_config(*parsed("check", "--language-prefix", ["en"]))


def test_the_readme_command_reference_is_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/readme_commands.py"), "--check"], env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_renderer_module_is_listed():
    from urlkeeper.renderers import REGISTRY, load_all

    load_all()
    folder = ROOT / "scripts/urlkeeper/renderers"
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_") and p.stem != "base"}
    assert {cls.__module__.rsplit(".", 1)[1] for cls in REGISTRY.values()} == modules


def test_codes_lists_every_code_of_the_table(capsys):
    from urlkeeper.findings import CODES

    assert cli.main(["codes"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == sorted(CODES) and {"UK501", "UK518", "UK601", "UK101"} <= set(listed)


def test_usage_errors_exit_with_bad_input():
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(["links", "--max-age", "soon"])
    assert exc.value.code == 2


def test_the_schema_and_the_core_do_not_import_mkdocs():
    code = ("import sys, urlkeeper.options, urlkeeper.config, urlkeeper.cli; "
            "sys.exit(1 if any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules) else 0)")
    proc = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr

