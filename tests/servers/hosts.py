"""Real servers on 127.0.0.1, each serving a site folder with a rendered redirect config.

Every host is a context manager yielding a :class:`Running` server whose ``get`` sends one
raw request target and returns the status and the response headers. A host whose program is
missing is skipped with one reason (``reason()``).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _which(name: str, *extra: str) -> str | None:
    return shutil.which(name) or next((p for p in extra if os.path.exists(p)), None)


NGINX = _which("nginx", "/usr/sbin/nginx")
APACHE = _which("apache2", "/usr/sbin/apache2")
CADDY = _which("caddy", "/usr/bin/caddy")
NODE = _which("node", "/usr/bin/node")
REDIRECTOR = HERE / "node_modules" / "netlify-redirector"


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Running:
    name: str
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, target: str) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest("GET", target, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            resp.read()
            return Response(resp.status, resp.getheaders())
        finally:
            conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _process(name: str, argv: list[str], port: int, log: Path, env: dict | None = None, wait: float = 20,
             cwd: Path | None = None):
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{name} did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.05)
        yield Running(name, port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---- nginx ----------------------------------------------------------------------------------
def nginx_config(rendered: str, include: Path, site: Path, port: int, work: Path) -> str:
    """nginx.conf made of the directives the rendered file's header lists, and nothing of our own
    but where to listen, the site root and the paths of a private instance."""
    lines = rendered.splitlines()
    start = lines.index("#     http {")
    header = []
    for line in lines[start:]:
        if not line.startswith("#     "):
            break
        header.append(line[6:])
    text = "\n".join(header)
    text = text.replace("include nginx-redirects.conf;", f"include {include};")
    text = text.replace("    server {", f"    server {{\n        listen 127.0.0.1:{port};\n        root {site};", 1)
    private = (f"    access_log off;\n    client_body_temp_path {work}/cb;\n    proxy_temp_path {work}/px;\n"
               f"    fastcgi_temp_path {work}/fc;\n    uwsgi_temp_path {work}/uw;\n    scgi_temp_path {work}/sc;\n")
    text = text.replace("http {", "http {\n" + private, 1)
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would run as nobody
    return (f"daemon off;\nworker_processes 1;\n{user}pid {work}/nginx.pid;\n"
            f"error_log {work}/error.log warn;\nevents {{ worker_connections 64; }}\n{text}\n")


def nginx_test(conf: Path, work: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(conf)], capture_output=True, text=True)


@contextlib.contextmanager
def nginx(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    work.mkdir(parents=True, exist_ok=True)
    include = work / "nginx-redirects.conf"
    include.write_text(files["nginx-redirects.conf"], encoding="utf-8")
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(files["nginx-redirects.conf"], include, site, port, work), encoding="utf-8")
    test = nginx_test(conf, work)
    assert test.returncode == 0 and "[warn]" not in test.stderr, test.stderr
    with _process("nginx", [NGINX, "-p", str(work), "-c", str(conf)], port, work / "stdout.log") as running:
        yield running


# ---- Apache httpd ---------------------------------------------------------------------------
APACHE_MODULES = ("mpm_event", "authz_core", "dir", "mime", "rewrite")
MODULE_DIR = Path("/usr/lib/apache2/modules")


def _readable_copy(site: Path, extra: dict[str, str], sub: str = "") -> Path:
    """A copy of the site that a server's unprivileged workers can read (pytest's folders are
    private to root), with the rendered files added in its folder ``sub`` (the base path)."""
    folder = Path(tempfile.mkdtemp(prefix="urlkeeper-site-"))
    folder.chmod(0o755)
    shutil.copytree(site, folder / "site")
    for rel, text in extra.items():
        (folder / "site" / sub.strip("/") / rel).write_text(text, encoding="utf-8")
    for path in [folder / "site", *(folder / "site").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


@contextlib.contextmanager
def apache(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    work.mkdir(parents=True, exist_ok=True)
    copy = _readable_copy(site, files, sub)
    port = free_port()
    modules = "\n".join(f"LoadModule {m}_module {MODULE_DIR}/mod_{m}.so" for m in APACHE_MODULES)
    conf = work / "httpd.conf"
    conf.write_text(f"""{modules}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
DefaultRuntimeDir {work}
Mutex file:{work}
ErrorLog {work}/error.log
LogLevel warn
User www-data
Group www-data
TypesConfig /etc/mime.types
DocumentRoot {copy}/site
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {copy}/site>
    Options FollowSymLinks
    AllowOverride FileInfo
    Require all granted
</Directory>
""", encoding="utf-8")
    try:
        with _process("apache2", [APACHE, "-f", str(conf), "-DFOREGROUND"], port, work / "stdout.log") as running:
            yield running
    finally:
        shutil.rmtree(copy, ignore_errors=True)


# ---- Caddy ----------------------------------------------------------------------------------
@contextlib.contextmanager
def caddy(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    work.mkdir(parents=True, exist_ok=True)
    (work / "redirects.caddy").write_text(files["redirects.caddy"], encoding="utf-8")
    port = free_port()
    conf = work / "Caddyfile"
    conf.write_text(f"""{{
\tadmin off
\tauto_https off
\tstorage file_system {work}/data
}}
http://127.0.0.1:{port} {{
\troot * {site}
\timport {work}/redirects.caddy
}}
""", encoding="utf-8")
    env = {"HOME": str(work), "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    with _process("caddy", [CADDY, "run", "--config", str(conf), "--adapter", "caddyfile"], port,
                  work / "stdout.log", env) as running:
        yield running


# ---- Netlify (its redirect engine, netlify-redirector, in a small Node host) ------------------
@contextlib.contextmanager
def _node_host(name: str, script: str, files: dict[str, str], site: Path, work: Path, sub: str):
    """A small Node host (``script`` in this folder) serving a readable copy of the site with
    the rendered files, from the site's root."""
    assert not sub, f"a {name} site is served from its root"
    work.mkdir(parents=True, exist_ok=True)
    copy = _readable_copy(site, files)
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NODE_PATH": str(HERE / "node_modules")}
    try:
        with _process(name, [NODE, str(HERE / script), str(copy / "site"), str(port)], port,
                      work / "stdout.log", env) as running:
            yield running
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def netlify(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    return _node_host("netlify", "netlify_host.js", files, site, work, sub)


# ---- Cloudflare Pages (its asset server and _redirects parser, @cloudflare/pages-shared) -----
PAGES_SHARED = HERE / "node_modules" / "@cloudflare" / "pages-shared"


def cloudflare(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    return _node_host("cloudflare", "cloudflare_host.js", files, site, work, sub)


# ---- Azure Static Web Apps (the emulator of its CLI, @azure/static-web-apps-cli) -------------
SWA_CLI = HERE / "node_modules" / "@azure" / "static-web-apps-cli" / "dist" / "cli" / "bin.js"


@contextlib.contextmanager
def azure(files: dict[str, str], site: Path, work: Path, sub: str = ""):
    """``swa start SITE``: the CLI's emulator serves the folder with its staticwebapp.config.json
    routes, offline (no login, no functions, no update check)."""
    assert not sub, "an Azure Static Web App is served from its root"
    work.mkdir(parents=True, exist_ok=True)
    copy = _readable_copy(site, files)
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work), "NO_UPDATE_NOTIFIER": "1", "CI": "1"}
    argv = [NODE, str(SWA_CLI), "start", str(copy / "site"), "--app-location", str(copy / "site"),
            "--host", "127.0.0.1", "--port", str(port)]
    try:
        with _process("azure", argv, port, work / "stdout.log", env, wait=90, cwd=work) as running:
            yield running
    finally:
        shutil.rmtree(copy, ignore_errors=True)
