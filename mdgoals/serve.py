"""Serve an output folder on this machine, read-only, with live reload (SPEC §6 ``watch --serve``).

A ``ThreadingHTTPServer`` bound to 127.0.0.1 unless asked otherwise.  It
answers GET and HEAD only, never serves a file outside the folder (``..``,
``%2e%2e``, absolute paths and symlinks leading out are all 404), nor hidden
files (the manifest, temporary files), and marks every answer
``Cache-Control: no-store``.

Live reload: HTML is served with one ``<script src="/__mdgoals/livereload.js">``
added on the way out — the files on disk stay free of JavaScript.  The script
listens to server-sent events on ``/__mdgoals/events`` (or polls
``/__mdgoals/version`` where EventSource is missing) and reloads the page when
the site's version moves on: :meth:`SiteServer.site_changed` is called after
every rebuild that wrote something.

>>> server = SiteServer(Path("site"), port=0)  # doctest: +SKIP
>>> server.start(); server.url  # doctest: +SKIP
'http://127.0.0.1:41234/'
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import mimetypes
import re
import secrets
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import UsageError

LOCALHOST = "127.0.0.1"
DEFAULT_PORT = 8000
PREFIX = "/__mdgoals/"
KEEPALIVE = 15.0  # seconds between SSE comments, so a closed tab is noticed

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

LIVERELOAD_JS = """\
// mdgoals live reload: added by `mdgoals watch --serve` to the pages it serves.
// The built site itself has no JavaScript.
(function () {
  "use strict";
  var me = document.currentScript;
  var seen = me ? me.getAttribute("data-version") : null;
  function check(version) {
    if (seen === null) { seen = version; } else if (version !== seen) { location.reload(); }
  }
  if (window.EventSource) {
    var events = new EventSource("/__mdgoals/events");
    events.onmessage = function (e) { check(e.data); };
  } else {
    setInterval(function () {
      var r = new XMLHttpRequest();
      r.onload = function () { if (r.status === 200) { check(r.responseText); } };
      r.open("GET", "/__mdgoals/version");
      r.send();
    }, 1000);
  }
})();
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class SiteServer:
    """Serve folder over HTTP on host:port (port 0: any free port) until stopped.

    ``site_changed()`` moves the version on; open pages reload.
    """

    def __init__(self, folder: Path, host: str = LOCALHOST, port: int = DEFAULT_PORT) -> None:
        self.folder = folder
        self.host = host
        self.port = port
        self._token = secrets.token_hex(4)  # a restarted server is a new version too
        self._count = 0
        self._changed = threading.Condition()
        self._closing = False
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> str:
        """Return the site's version: it changes after every rebuild that wrote something."""
        with self._changed:
            return f"{self._token}-{self._count}"

    @property
    def url(self) -> str:
        """Return the address to open in a browser."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}/"

    @property
    def local_only(self) -> bool:
        """Return whether only this machine can connect (a loopback address)."""
        return is_loopback(self.host)

    def start(self) -> None:
        """Bind and serve from a background thread; raise UsageError when the port is taken."""
        server_class = _Server6 if ":" in self.host else _Server
        try:
            httpd = server_class((self.host, self.port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {self.port} is in use: choose another with --port N (--port 0 picks a free one)") from None
            raise UsageError(f"cannot serve on {self.host}:{self.port}: {exc.strerror or exc}") from None
        httpd.site = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="mdgoals-serve", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and end the open event streams."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def site_changed(self) -> None:
        """Move the version on: every open page reloads."""
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def wait_change(self, version: str, timeout: float) -> str | None:
        """Return the version once it differs from version (or after timeout); None when closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or f"{self._token}-{self._count}" != version, timeout)
            return None if self._closing else f"{self._token}-{self._count}"

    def resolve(self, url_path: str) -> Path | None:
        """Return the file a URL path names inside the folder, or None (404).

        Refused: '..' in any form, absolute or drive paths, backslashes, NUL,
        hidden names, and anything that resolves (through symlinks) outside the folder.
        """
        path = unquote(urlsplit(url_path).path, errors="strict") if url_path.startswith("/") else None
        if path is None or "\x00" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") or ":" in p for p in parts):
            return None
        try:
            folder = self.folder.resolve(strict=True)
            target = folder.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            return None
        if target != folder and folder not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


def is_loopback(host: str) -> bool:
    """Return whether host names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def inject_livereload(html: bytes, version: str) -> bytes:
    """Return the page with the live-reload script added before its last </body> (or at its end)."""
    tag = f'<script src="{PREFIX}livereload.js" data-version="{version}"></script>\n'.encode("ascii")
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + b"\n" + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


def content_type(path: Path) -> str:
    """Return the Content-Type header of a file (octet-stream when unknown)."""
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    site: SiteServer


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "mdgoals"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _refuse(self) -> None:
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: only GET and HEAD\n", head=False, extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: watch prints one line per rebuild, not one per request."""

    def _answer(self, *, head: bool) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        if path == PREFIX + "livereload.js":
            self._send(HTTPStatus.OK, LIVERELOAD_JS.encode("utf-8"), CONTENT_TYPES[".js"], head)
        elif path == PREFIX + "version":
            self._send_text(HTTPStatus.OK, site.version, head=head)
        elif path == PREFIX + "events":
            self._events(site, head)
        else:
            try:
                target = site.resolve(self.path)
            except UnicodeDecodeError:
                target = None
            if target is None:
                self._send_text(HTTPStatus.NOT_FOUND, "not found\n", head=head)
                return
            version = site.version  # before reading: a rebuild after the read still reloads the page
            try:
                data = target.read_bytes()
            except OSError:
                self._send_text(HTTPStatus.NOT_FOUND, "not found\n", head=head)
                return
            kind = content_type(target)
            if kind.startswith("text/html"):
                data = inject_livereload(data, version)
            self._send(HTTPStatus.OK, data, kind, head)

    def _events(self, site: SiteServer, head: bool) -> None:
        """Stream the version as server-sent events: now, and after every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if head:
            return
        version: str | None = site.version
        with contextlib.suppress(OSError):  # the tab was closed
            self.wfile.write(f"retry: 1000\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while version is not None:
                newer = site.wait_change(version, KEEPALIVE)
                if newer is None:
                    return
                self.wfile.write(f"data: {newer}\n\n".encode() if newer != version else b": keep-alive\n\n")
                self.wfile.flush()
                version = newer
        self.close_connection = True

    def _send_text(self, status: HTTPStatus, text: str, *, head: bool, extra: dict[str, str] | None = None) -> None:
        self._send(status, text.encode("utf-8"), CONTENT_TYPES[".txt"], head, extra)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            with contextlib.suppress(OSError):
                self.wfile.write(data)
