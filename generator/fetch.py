"""HTTP for ``update``: polite, bounded, and honest about failure.

* Every request names this program in its User-Agent and has a timeout per
  socket operation and a deadline for the whole response (a server that drips
  a byte a second cannot hold an update forever).
* A response larger than the size limit is refused, whether its
  ``Content-Length`` says so or its body turns out so.
* Conditional requests: the ETag and Last-Modified of the last response are
  sent back (``If-None-Match``, ``If-Modified-Since``); ``304 Not Modified``
  means the stored copy is current.
* A timeout, a dropped connection, ``429`` and ``5xx`` are tried again a few
  times with growing pauses; other ``4xx`` are final. Redirects are followed up
  to a limit, and a loop is a failure.

Failures raise :class:`FetchError` with the URL and the reason; nothing here
writes files. Only http and https URLs are fetched.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


USER_AGENT = "talks-site-updater/0.1 (+podcast feed reader; python -m generator update)"
#: Seconds each socket operation may take.
TIMEOUT = 20.0
#: Seconds a whole response may take.
DEADLINE = 120.0
#: Largest response accepted, in bytes (a feed of a thousand episodes is a few MB).
MAX_BYTES = 20 * 1024 * 1024
#: Attempts per URL, and the first pause between them (doubled each time).
ATTEMPTS = 3
BACKOFF = 1.0
MAX_REDIRECTS = 5
CHUNK = 65536


class FetchError(Exception):
    """A URL could not be fetched; says which and why."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Validators:
    """What a server said to recognise its response next time."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Response:
    """A fetched body, or None when the server said the stored copy is current."""

    url: str
    body: bytes | None
    validators: Validators
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.body is None


@dataclass(frozen=True)
class Limits:
    """How patient and how generous a fetch is; tests make them small."""

    timeout: float = TIMEOUT
    deadline: float = DEADLINE
    max_bytes: int = MAX_BYTES
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


class _Final(Exception):
    """A failure that trying again would not change."""


_OPENER = urllib.request.build_opener(_Redirects())


def fetch(url: str, validators: Validators | None = None, limits: Limits | None = None) -> Response:
    """Fetch ``url``; raise FetchError when every attempt failed."""
    limits = limits or Limits()
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(url, "only http and https URLs are fetched")
    last = "no attempt made"
    for attempt in range(limits.attempts):
        if attempt:
            time.sleep(limits.backoff * 2 ** (attempt - 1))
        try:
            return _once(url, validators or Validators(), limits)
        except _Final as exc:
            raise FetchError(url, str(exc)) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
            last = _reason(exc)
    raise FetchError(url, f"{last} (after {limits.attempts} attempts)")


def _once(url: str, validators: Validators, limits: Limits) -> Response:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        response = _OPENER.open(request, timeout=limits.timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, None, validators)
        if exc.code in (301, 302, 303, 307, 308):
            raise _Final(f"too many redirects or a redirect loop ({exc.code} {exc.reason})") from None
        if exc.code == 429 or exc.code >= 500:
            raise
        raise _Final(f"HTTP {exc.code} {exc.reason}") from None
    with response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise _Final(f"response of {int(declared):,} bytes is over the limit of {limits.max_bytes:,}")
        body = bytearray()
        started = time.monotonic()
        while chunk := response.read(CHUNK):
            body += chunk
            if len(body) > limits.max_bytes:
                raise _Final(f"response is over the limit of {limits.max_bytes:,} bytes")
            if time.monotonic() - started > limits.deadline:
                raise TimeoutError(f"response took over {limits.deadline:g} s")
        if declared and declared.isdigit() and len(body) < int(declared):
            raise http.client.IncompleteRead(bytes(body), int(declared) - len(body))
        found = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Response(response.geturl(), bytes(body), found, response.headers.get("Content-Type", ""))


def _reason(exc: BaseException) -> str:
    """Say in a few words why a request failed."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        if isinstance(inner, (socket.timeout, TimeoutError)):
            return "timed out"
        return f"cannot connect ({inner})"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"timed out ({exc})" if str(exc) and str(exc) != "timed out" else "timed out"
    if isinstance(exc, http.client.IncompleteRead):
        return "the connection closed before the whole response arrived"
    return f"{type(exc).__name__}: {exc}"
