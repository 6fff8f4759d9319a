"""A real HTTP server on 127.0.0.1 serving tests/fixtures/feeds, with the failures a feed can have.

* ``/<path>``: a fixture file (``.html`` may be left off), ``{base}`` replaced by the server's address; an
  ETag is sent and ``If-None-Match`` answered with ``304``.
* ``/status/<code>/…``: that status; ``/slow/…``: an answer after ``SLOW`` s;
  ``/flaky/<path>``: ``503`` the first time, then ``/<path>``;
  ``/loop``: a redirect to itself; ``/big``: a body over any small limit with
  no Content-Length; ``/big-declared``: a Content-Length over it.
* ``routes``: a path served with other bytes (a feed changed since last time).

Every request is logged with its headers, so tests can check what was sent.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
SLOW = 3.0


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.failed_once: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.log.append((self.path, dict(self.headers)))
                server.answer(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def fixture(self, name: str) -> bytes:
        return (FIXTURES / name).read_bytes().replace(b"{base}", self.base.encode())

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        if path.startswith("/status/"):
            return self.send(handler, int(path.split("/")[2]), b"failure on purpose")
        if path.startswith("/flaky/") and path not in self.failed_once:
            self.failed_once.add(path)
            return self.send(handler, 503, b"try again")
        if path.startswith("/flaky/"):
            path = path[len("/flaky"):]
        if path.startswith("/slow/"):
            time.sleep(SLOW)
            return self.send(handler, 200, b"too late")
        if path == "/loop":
            handler.send_response(302)
            handler.send_header("Location", "/loop")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if path == "/big":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.close_connection = True
            for _ in range(64):
                handler.wfile.write(b"<!-- padding -->" * 4096)
            return None
        if path == "/big-declared":
            handler.send_response(200)
            handler.send_header("Content-Length", str(10**9))
            handler.end_headers()
            return None
        body = self.routes.get(path)
        if body is None:
            name = path.lstrip("/")
            # Post pages are addressed without a suffix, as on Substack (``/p/<slug>``).
            name = name if (FIXTURES / name).is_file() else name + ".html"
            file = (FIXTURES / name).resolve()
            if not file.is_file() or FIXTURES.resolve() not in file.parents:
                return self.send(handler, 404, b"not found")
            body = self.fixture(name)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return None
        return self.send(handler, 200, body, {"ETag": etag})

    @staticmethod
    def send(handler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
