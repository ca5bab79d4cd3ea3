"""Versioned sites: two versions deployed by a real mike into a local git branch, the branch
checked out into a folder and served over HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest

from conftest import ENV, make_project, mkdocs_config, write_tree
from urlkeeper.errors import InputError
from urlkeeper.versions import Versions, from_options, relative_to

HOST = "https://docs.example.test"
BRANCH = "site-pages"


# ---- the parts ---------------------------------------------------------------------------------
@pytest.mark.parametrize("stub, target, expected", [
    ("setup/index.html", "/install/setup/", "../install/setup/"),
    ("en/x/index.html", "/en/y/#a", "../y/#a"),
    ("old/deep/index.html", "/", "../../"),
    ("x/index.html", "/x/?q=1", "./?q=1"),
    ("index.html", "/guide/", "./guide/"),
    ("en/tools.html", "/en/dev/tools/", "./dev/tools/"),
    ("a/index.html", "https://example.org/x", "https://example.org/x"),
])
def test_relative_targets(stub, target, expected):
    assert relative_to(stub, target) == expected
    # the relative target resolves to the absolute one from the stub's URL, in any version folder
    if target.startswith("/"):
        here = "/" + stub[: -len("index.html")] if stub.endswith("index.html") else "/" + stub
        assert urljoin("https://h" + "/latest" + here, expected) == "https://h/latest" + target


def test_version_prefixes_and_other_versions():
    v = Versions(("latest", "2.0"))
    assert v.strip("/latest/x/") == ("/x/", False)
    assert v.strip("/2.0/x/#a") == ("/x/#a", False)
    assert v.strip("/latest") == ("/", False)
    assert v.strip("/1.4/x/") == ("/1.4/x/", True)
    assert v.strip("/v3/") == ("/v3/", True)
    assert v.strip("/install.sh") == ("/install.sh", True)  # at the root of the deployment
    assert Versions().strip("/guide/1.4/") == ("/guide/1.4/", False)


def test_mike_sites_default_to_latest_and_relative_targets():
    mike = {"extra": {"version": {"provider": "mike"}}}
    assert from_options({}, mike) == Versions(("latest",), True)
    assert from_options({}, {}) == Versions((), False)
    assert from_options({"version_prefixes": ["stable"], "redirect_targets": "absolute"}, mike) == Versions(("stable",), False)
    assert from_options({}, {}).prefixes == ()


def test_the_version_mike_is_building_is_this_build(monkeypatch):
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2.0")
    assert from_options({}, {"extra": {"version": {"provider": "mike"}}}).prefixes == ("latest", "2.0")
    assert from_options({}, {}).prefixes == ()


def test_bad_version_options():
    with pytest.raises(InputError, match="redirect_targets"):
        from_options({"redirect_targets": "sideways"}, {})
    with pytest.raises(InputError, match="one folder name"):
        from_options({"version_prefixes": ["a/b"]}, {})


# ---- the real thing: mike, git, an HTTP server -------------------------------------------------
needs_mike = pytest.mark.skipif(importlib.util.find_spec("mike") is None or shutil.which("git") is None,
                                reason="needs mike (pip install -e '.[test]') and git")

V1 = {
    "index.md": "# Home\n\nRead the [setup](setup.md) first.\n",
    "setup.md": "# Setup\n\n## Install {#install}\n\nRun the installer.\n",
}
V2 = {
    "index.md": ("# Home\n\nRead the [setup](install/setup.md#install) first.\n\n"
                 f"- [setup on the site]({HOST}/latest/install/setup/)\n"
                 f"- [gone]({HOST}/latest/nowhere/)\n"
                 f"- [old version]({HOST}/1.0/setup/)\n"
                 f"- [installer at the root of the deployment]({HOST}/install.sh)\n"
                 "- [root-relative](/latest/install/setup/#install)\n"),
    "install/setup.md": "# Setup\n\n## Install {#install}\n\nRun the installer.\n",
}
RULES = "redirects:\n  - from: /setup/\n    to: /install/setup/\n"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


# mike runs `properdocs build` when the ProperDocs fork is installed beside MkDocs (it is on some
# machines); the site is built with MkDocs here, by this interpreter.
_MIKE = ("import sys, mike.mkdocs_utils as u; u._program_name = 'mkdocs'; "
         "from mike.driver import main; sys.argv[0] = 'mike'; sys.exit(main())")


def _mike(cwd: Path, *args: str) -> str:
    shim = cwd.parent / "bin"
    if not shim.is_dir():
        shim.mkdir()
        (shim / "mkdocs").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mkdocs "$@"\n', encoding="utf-8")
        (shim / "mkdocs").chmod(0o755)
    env = {**ENV, "PATH": f"{shim}:{ENV.get('PATH', '')}"}
    proc = subprocess.run([sys.executable, "-c", _MIKE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """Versions 1.0 and 2.0 (alias latest) deployed by mike; the branch checked out and served."""
    if importlib.util.find_spec("mike") is None or shutil.which("git") is None:
        pytest.skip("needs mike and git")
    base = tmp_path_factory.mktemp("versioned")
    plugin = {"language_prefix": "", "formats": ["html"], "links": {"enabled": True, "cache": False}}
    config = mkdocs_config(plugins=[{"urlkeeper": plugin}],
                           site_url=HOST + "/", extra={"version": {"provider": "mike"}})
    project = make_project(base / "project", V1, config, {"redirects/.keep": ""})
    _git(project, "init", "-q", "-b", "main")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "--allow-empty", "-m", "start")
    _mike(project, "deploy", "--branch", BRANCH, "1.0")
    (project / "docs" / "setup.md").unlink()
    write_tree(project / "docs", V2)
    (project / "redirects" / "moves.yml").write_text(RULES, encoding="utf-8")
    log = _mike(project, "deploy", "--branch", BRANCH, "--update-aliases", "2.0", "latest")
    (base / "deploy-2.0.log").write_text(log, encoding="utf-8")
    served = base / "served"
    _git(project, "worktree", "add", "-q", str(served), BRANCH)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


_REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


def _follow(origin: str, path: str) -> tuple[str, str]:
    """GET ``path``; when it is a redirect page, follow its refresh target once: (final URL, body)."""
    with urlopen(origin + path, timeout=10) as resp:
        url, body = resp.geturl(), resp.read().decode()
    m = _REFRESH.search(body)
    if m is None:
        return url, body
    nxt = urljoin(url, m.group(1))
    with urlopen(nxt, timeout=10) as resp:
        return resp.geturl(), resp.read().decode()


@needs_mike
@pytest.mark.parametrize("folder", ["latest", "2.0"])
def test_old_urls_resolve_through_stubs_inside_the_version_folder(deployed, folder):
    _, served, origin = deployed
    versions = json.loads((served / "versions.json").read_text())
    assert {v["version"] for v in versions} == {"1.0", "2.0"}
    stub = (served / "2.0" / "setup" / "index.html").read_text()
    assert 'url=../install/setup/"' in stub and "url=/" not in stub
    for old in (f"/{folder}/setup/", f"/{folder}/setup/index.html"):
        final, body = _follow(origin, old)
        assert final == f"{origin}/{folder}/install/setup/", old
        assert 'id="install"' in body
    # the old version still serves its own page, not a redirect
    final, body = _follow(origin, "/1.0/setup/")
    assert final == f"{origin}/1.0/setup/" and 'id="install"' in body


@needs_mike
def test_self_host_links_to_latest_are_checked_against_this_build(deployed):
    project, served, _ = deployed
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "links", "--site", str(served / "latest"), "--no-cache", "--format", "json"],
        cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    rows = report["findings"] if isinstance(report, dict) else report
    broken = sorted(f["url"] for f in rows if f["code"] == "UK501")
    assert broken == [f"{HOST}/latest/nowhere/"]  # /latest/install/setup/ exists in this build; /1.0/ is another
    assert not [f for f in rows if f["code"] == "UK502"]
    # without the version prefix the same links are false positives against the unversioned build
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "links", "--site", str(served / "latest"), "--no-cache", "--format", "json",
         "--version-prefix="], cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    rows = json.loads(proc.stdout)
    rows = rows["findings"] if isinstance(rows, dict) else rows
    assert f"{HOST}/latest/install/setup/" in {f["url"] for f in rows if f["code"] == "UK501"}


@needs_mike
def test_plugin_checks_self_host_links_while_mike_builds(deployed):
    project, _, _ = deployed
    log = (project.parent / "deploy-2.0.log").read_text()
    # mike adds the version to site_url (https://docs.example.test/2.0/) and names it in MIKE_DOCS_VERSION
    broken = [line for line in log.splitlines() if "UK501" in line or "broken link" in line]
    assert any(f"{HOST}/latest/nowhere/" in line for line in broken), log
    assert not any("/latest/install/setup/" in line or "/1.0/" in line or "install.sh" in line for line in broken), log


@needs_mike
def test_server_rules_for_a_version_folder(deployed):
    project, served, _ = deployed
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "redirects", "render", "--format", "json", "--site", str(served / "latest"),
         "--version-folder", "latest"], cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "/latest/setup/" in proc.stdout and "/latest/install/setup/" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "redirects", "render", "--format", "json", "--site", str(served / "latest"),
         "--version-folder", "a/b"], cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--version-folder" in proc.stderr and "Traceback" not in proc.stderr


@needs_mike
def test_baseline_recorded_under_latest_is_checked_against_this_build(deployed, tmp_path):
    project, served, _ = deployed
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    (baselines / "published.txt").write_text("/latest/\n/latest/setup/#install\n/latest/install/setup/\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "check", "--site", str(served / "latest"), "--baselines", str(baselines)],
        cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (baselines / "published.txt").write_text("/latest/removed/\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "check", "--site", str(served / "latest"), "--baselines", str(baselines)],
        cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "/removed/" in proc.stdout + proc.stderr


def test_resolver_on_a_versioned_site():
    from urlkeeper.links.site import EXTERNAL, INTERNAL, SKIP, SiteIndex

    # as the MkDocs plugin sees a build by mike: the version is in site_url and MIKE_DOCS_VERSION
    site = SiteIndex(".", "https://h.test/docs/2.0/", ("latest", "2.0"))
    assert site.classify("/docs/2.0/x/", "https://h.test/docs/latest/a/#f") == (INTERNAL, "/a/", "f")
    assert site.classify("/docs/2.0/x/", "https://h.test/docs/2.0/a/") == (INTERNAL, "/a/", "")
    assert site.classify("/docs/2.0/x/", "/docs/latest/a/../b/") == (INTERNAL, "/b/", "")
    assert site.classify("/x/", "https://h.test/docs/1.0/a/")[0] == EXTERNAL
    assert site.classify("/x/", "https://h.test/install.sh")[0] == EXTERNAL
    assert site.classify("/x/", "../y/") == (INTERNAL, "/y/", "")
    # as the command line sees it: site_url without a version
    site = SiteIndex(".", None, ("latest",))
    assert site.classify("/x/", "/latest/y/") == (INTERNAL, "/y/", "")
    assert site.classify("/x/", "/1.0/y/")[0] == SKIP


def test_legacy_html_pages_are_relative_too():
    from urlkeeper.inventory import Inventory
    from urlkeeper.renderers import RenderInput, get

    inv = Inventory()
    inv.pages["/guide/setup/"] = frozenset()
    out = get("html").render(RenderInput(rules=[], language_prefix=None, inventory=inv, legacy_html=True,
                                         relative_targets=True))
    assert 'url=./setup/"' in out.files["guide/setup.html"]


@needs_mike
def test_nginx_rules_for_the_latest_folder_on_a_real_nginx(deployed, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent / "servers"))
    import hosts

    if hosts.NGINX is None:
        pytest.skip("nginx not installed (apt-get install nginx)")
    project, served, _ = deployed
    proc = subprocess.run(
        [sys.executable, "-m", "urlkeeper", "redirects", "render", "--format", "nginx", "--site", str(served / "latest"),
         "--version-folder", "latest"], cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    copy = hosts._readable_copy(served, {})
    shutil.rmtree(copy / "site" / "latest" / "setup")  # a server that redirects needs no redirect pages (files win)
    try:
        with hosts.nginx({"nginx-redirects.conf": proc.stdout}, copy / "site", tmp_path / "nginx") as server:
            for old in ("/latest/setup/", "/latest/setup/index.html", "/latest/setup"):
                resp = server.get(old)
                assert resp.status == 301 and resp.header("Location").endswith("/latest/install/setup/"), (old, resp)
            assert server.get("/latest/install/setup/").status == 200
            assert server.get("/1.0/setup/").status == 200  # the old version keeps its page
    finally:
        shutil.rmtree(copy, ignore_errors=True)
