"""A real HTTP server on 127.0.0.1 (in a thread) with the answers external link checks meet."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = ('<!doctype html><html><head><title>{title}</title></head><body>'
        '<h1 id="top-heading">{title}</h1><h2 id="present">Present</h2><a name="named">n</a></body></html>')


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: str = "", headers: dict | None = None):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        srv = self.server
        path = self.path.split("?")[0]
        with srv.lock:
            srv.hits[path] += 1
            hits = srv.hits[path]
        if path in ("/ok", "/anchors", "/final", "/other"):
            return self._send(200, PAGE.format(title=path))
        if path == "/moved":
            return self._send(301, "", {"Location": "/final"})
        if path == "/temporary":
            return self._send(302, "", {"Location": "/final"})
        if path == "/missing":
            return self._send(404, "not found")
        if path == "/gone":
            return self._send(410, "gone")
        if path == "/limited":
            if hits == 1:
                return self._send(429, "slow down", {"Retry-After": "1"})
            return self._send(200, PAGE.format(title="limited"))
        if path == "/busy":
            if hits == 1:
                return self._send(503, "busy", {"Retry-After": "1"})
            return self._send(200, PAGE.format(title="busy"))
        if path == "/always-limited":
            return self._send(429, "slow down", {"Retry-After": "1"})
        if path == "/loop-a":
            return self._send(301, "", {"Location": "/loop-b"})
        if path == "/loop-b":
            return self._send(301, "", {"Location": "/loop-a"})
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n <= 0:
                return self._send(200, PAGE.format(title="end of chain"))
            return self._send(301, "", {"Location": f"/chain/{n - 1}"})
        if path == "/huge":  # larger than LinkChecker downloads: its anchors cannot be checked
            return self._send(200, PAGE.format(title="huge") + " " * (6 * 1024 * 1024))
        if path == "/slow":
            time.sleep(srv.slow_seconds)
            return self._send(200, PAGE.format(title="slow"))
        return self._send(404, "no such path")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # clients that hang up (timeouts) are expected
        pass


class LocalServer:
    """``with TestServer() as s: s.url('/ok')``; ``s.hits`` counts requests per path."""

    def __init__(self, slow_seconds: float = 4.0):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.hits = Counter()
        self.httpd.lock = threading.Lock()
        self.httpd.slow_seconds = slow_seconds
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def hits(self) -> Counter:
        return self.httpd.hits

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def refused_url() -> str:
    """A URL on 127.0.0.1 whose port has no listener (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/refused"
