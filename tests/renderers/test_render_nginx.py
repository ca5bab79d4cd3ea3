"""A real nginx serves the rendered map: every old URL answers with its redirect (status and
Location as urlkeeper's resolver says), live pages answer 200.

Needs the ``nginx`` binary (Debian package ``nginx``); skipped with a reason when it is absent.
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from urlkeeper.renderers import get
from urlkeeper.renderers._common import encode_url
from urlkeeper.renderers.nginx import hash_sizes
from urlkeeper.resolve import Resolver
from urlkeeper.urls import is_external, join_base

from conftest import program
from render_fixtures import live_forms, make_input, old_forms

NGINX = program("nginx")
pytestmark = pytest.mark.usefixtures("needs_nginx")  # one skip line for all nginx tests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _snippet(conf: str) -> str:
    """The server-block lines of the commented snippet in the rendered file."""
    lines = conf.splitlines()
    start = lines.index("#     server {") + 1
    out = []
    for line in lines[start:]:
        body = line[1:].strip()
        if body in ("...", "}"):
            break
        out.append(body)
    return "\n".join(out)


def _site(root: Path, data, base: str) -> None:
    for page in data.inventory.pages:
        rel = (base + page).lstrip("/")
        target = root / rel / "index.html" if page.endswith("/") else root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><title>{page}</title>live {page}\n", encoding="utf-8")


@pytest.fixture(params=["", "/docs"], ids=["root", "base-path"])
def server(request, tmp_path):
    base = request.param
    data = make_input(base_path=base)
    conf = get("nginx").render(data).files["nginx-redirects.conf"]
    (tmp_path / "nginx-redirects.conf").write_text(conf, encoding="utf-8")
    site = tmp_path / "site"
    _site(site, data, base)
    keys = re.findall(r'^    "(/[^"]*)"', conf, re.M)
    bucket, max_size = hash_sizes(keys)
    assert f"map_hash_bucket_size {bucket};" in conf
    port = _free_port()
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
user root;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    map_hash_bucket_size {bucket};
    map_hash_max_size {max_size};
    include {tmp_path}/nginx-redirects.conf;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        absolute_redirect off;
        {_snippet(conf)}
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
""", encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {proc.stderr.read().decode()}")
                time.sleep(0.05)
        yield port, data, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(port: int, path: str) -> tuple[int, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", encode_url(path))
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.getheader("Location")
    finally:
        conn.close()


def test_every_old_url_redirects(server):
    port, data, base = server
    resolver = Resolver(data.rules, data.inventory, data.language_prefix)
    forms = old_forms(data)
    assert len(forms) > 60
    for form in forms:
        expected = resolver.resolve(form)
        status, location = _get(port, join_base(base, form))
        assert status == expected.rules[0].status, f"{form}: {status}"
        assert location is not None, form
        want = join_base(base, expected.hops[0])
        assert unquote(location) == unquote(want), f"{form}: Location {location}, expected {want}"
        if not is_external(location):
            path = urlsplit(location).path
            landing, _ = _get(port, unquote(path))
            assert landing == 200, f"{form} -> {location} answers {landing}"


def test_live_pages_answer_200(server):
    port, data, base = server
    for form in live_forms(data):
        status, location = _get(port, join_base(base, form))
        assert status == 200, f"live {form}: {status} {location}"
