"""A server on 127.0.0.1 for tests: any request handler, on a free port, in a thread of its own."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serve a folder's files without logging each request (test output stays readable)."""

    def log_message(self, *args) -> None:
        pass


def start(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving with ``handler`` on a free port of 127.0.0.1; return the server and its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@contextlib.contextmanager
def serving(folder: Path, handler_class: type = QuietFiles) -> Iterator[str]:
    """Serve ``folder`` while the block runs; yield its base URL."""
    httpd, base = start(functools.partial(handler_class, directory=str(folder)))
    try:
        yield base
    finally:
        httpd.shutdown()
