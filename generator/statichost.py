"""Serve a built site on 127.0.0.1 as a static host would: the right types, text compressed.

GitHub Pages, Netlify and CDNs send HTML, CSS, JavaScript, JSON and XML
gzip-compressed to a browser that accepts it, and WebVTT as ``text/vtt``.
Measuring the site through this handler counts the bytes a reader's browser
downloads (the search benchmark), and the audit runs its tools against it.
Pagefind's own files (``.pf_*``, ``.pagefind``) are compressed already and are
sent as they are.
"""

from __future__ import annotations

import gzip
import http.server
import io
from pathlib import Path

#: Types a static host compresses.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class HostLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types and compression a real host gives them; no request log."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt", ".json": "application/json"}

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address ending in a slash
            target = target / "index.html"
        kind = self.guess_type(str(target))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (target.is_file() and accepts_gzip and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(target.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass
