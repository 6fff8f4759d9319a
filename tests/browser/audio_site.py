"""A site with audio, for the player's tests: a generated WAV file served on 127.0.0.1 with Range support.

The bundled episodes have no audio and none may be invented, so the tests build
the bundled input with a temporary metadata file that gives one talk an
``audio:`` URL pointing at a file generated here: a tone whose pitch steps up
every second (a listener hears where they are), long enough to cover the
talk's first minutes. Chromium needs Range requests to seek in a media file,
which ``http.server`` does not answer, hence the small handler below.
"""

from __future__ import annotations

import io
import math
import re
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.localserver import start

#: The talk given audio in the tests (its metadata slug).
AUDIO_SLUG = "agents-work-dust-tt"
AUDIO_SECONDS = 300
SAMPLE_RATE = 8000


def tone_wav(seconds: int = AUDIO_SECONDS, rate: int = SAMPLE_RATE) -> bytes:
    """Mono 8-bit PCM: a quiet tone whose pitch steps through 20 notes, one a second."""
    frames = bytearray(seconds * rate)
    phase = 0.0
    for second in range(seconds):
        step = 2 * math.pi * (220 * 2 ** ((second % 20) / 12)) / rate
        for i in range(second * rate, (second + 1) * rate):
            frames[i] = 128 + int(40 * math.sin(phase))
            phase += step
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(1)
        file.setframerate(rate)
        file.writeframes(bytes(frames))
    return out.getvalue()


class RangeHandler(BaseHTTPRequestHandler):
    """Serves ``self.server.files`` (path -> (bytes, type)), answering ``Range: bytes=a-b`` with 206."""

    def _send(self, head_only: bool) -> None:
        found = self.server.files.get(self.path.split("?")[0])
        if found is None:
            self.send_error(404)
            return
        data, kind = found
        start, end = 0, len(data) - 1
        wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        if wanted and (wanted.group(1) or wanted.group(2)):
            if wanted.group(1):
                start = int(wanted.group(1))
                end = min(int(wanted.group(2)), end) if wanted.group(2) else end
            else:
                start = max(0, len(data) - int(wanted.group(2)))
            if start > end:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        if not head_only:
            try:
                self.wfile.write(data[start : end + 1])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser cancels a range it no longer needs

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._send(False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(True)

    def log_message(self, *args) -> None:
        pass


def serve_files(files: dict[str, tuple[bytes, str]]) -> tuple[ThreadingHTTPServer, str]:
    """Start a Range-capable server on 127.0.0.1 for ``files``; return it and its base URL."""
    httpd, base = start(RangeHandler)
    httpd.files = files
    return httpd, base


def metadata_with_audio(source: Path, slug: str, url: str) -> str:
    """The metadata file's text with an ``audio:`` line added to the entry of ``slug``."""
    text = source.read_text(encoding="utf-8")
    marked = text.replace(f"    slug: {slug}\n", f"    slug: {slug}\n    audio: {url}\n", 1)
    if marked == text:
        raise ValueError(f"{source}: no entry with slug {slug}")
    return marked
