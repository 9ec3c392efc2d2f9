"""The local server of ``watch --serve``: read-only, no way out of the folder, live reload by server-sent events."""

from __future__ import annotations

import datetime as dt
import http.client
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdgoals.serve import SiteServer, inject_livereload, is_loopback
from mdgoals.watch import Watcher
from tests.conftest import AS_OF
from tests.test_watch import Journal

TIMEOUT = 30.0


@pytest.fixture
def journal(sample_journal: Path) -> Journal:
    return Journal(sample_journal)


@pytest.fixture
def site(journal: Journal, tmp_path: Path) -> Iterator[tuple[Watcher, SiteServer]]:
    """A watcher building the sample journal into tmp/site, and a server on it wired for live reload.

    At the end the journal must hold exactly what the test wrote there.
    """
    watcher = Watcher(journal.root, tmp_path / "site", as_of=dt.date.fromisoformat(AS_OF), quiet=0.05, max_wait=1.0)
    watcher.start()
    server = SiteServer(tmp_path / "site", port=0)
    server.start()
    watcher.add_listener(lambda event: server.site_changed() if event.site_changed else None)
    yield watcher, server
    server.stop()
    watcher.stop()
    journal.check_unchanged()


def get(server: SiteServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send one request with the path exactly as given (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_binds_to_this_machine_only_by_default(site: tuple[Watcher, SiteServer]) -> None:
    _, server = site
    assert server.host == "127.0.0.1" and server.local_only
    assert server._httpd is not None and server._httpd.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")


def test_pages_with_content_types_no_store_and_the_reload_script_added_on_the_way_out(site: tuple[Watcher, SiteServer]) -> None:
    watcher, server = site
    status, headers, body = get(server, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store" and headers["content-length"] == str(len(body))
    assert body.count(b'<script src="/__mdgoals/livereload.js"') == 1
    assert body.index(b"/__mdgoals/livereload.js") < body.lower().rindex(b"</body>")
    assert b"<script" not in (watcher.out_dir / "index.html").read_bytes()  # the file on disk stays script-free
    for path, kind in (("/style.css", "text/css; charset=utf-8"), ("/report.json", "application/json"),
                       ("/reviews/2026-W47.md", "text/markdown; charset=utf-8"), ("/weeks.html", "text/html; charset=utf-8")):
        status, headers, body = get(server, path)
        assert (status, headers["content-type"]) == (200, kind), path
        assert b"livereload" not in body or kind.startswith("text/html")
    status, headers, body = get(server, "/__mdgoals/livereload.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b"EventSource" in body and b"http" not in body  # served here, nothing fetched from elsewhere


def test_head_answers_without_a_body_and_writes_are_refused(site: tuple[Watcher, SiteServer]) -> None:
    _, server = site
    status, headers, body = get(server, "/index.html", "HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    for method in ("POST", "PUT", "DELETE"):
        status, headers, _ = get(server, "/index.html", method)
        assert status == 405 and headers["allow"] == "GET, HEAD"


def test_no_way_out_of_the_folder(site: tuple[Watcher, SiteServer], tmp_path: Path) -> None:
    watcher, server = site
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    os.symlink(secret, watcher.out_dir / "leak.txt")
    os.symlink(tmp_path, watcher.out_dir / "up")
    for path in ("/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/weeks/%2e%2e/%2e%2e/secret.txt",
                 "/..%2fsecret.txt", "/..\\secret.txt", "/%2e%2e%5csecret.txt", f"/{tmp_path}/secret.txt", "//etc/passwd",
                 "/leak.txt", "/up/secret.txt", "/.mdgoals-manifest.json", "/index.html%00.txt", "/nope.html", "/%ff"):
        status, _, body = get(server, path)
        assert status == 404, path
        assert b"secret" not in body


def test_live_reload_signal_after_a_rebuild(site: tuple[Watcher, SiteServer], journal: Journal) -> None:
    watcher, server = site
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        conn.request("GET", "/__mdgoals/events")
        response = conn.getresponse()
        assert response.status == 200 and response.getheader("Content-Type", "").startswith("text/event-stream")

        def next_version() -> str:
            while True:
                line = response.fp.readline().decode("utf-8").strip()
                if line.startswith("data: "):
                    return line[len("data: "):]

        first = next_version()
        assert first == server.version
        rel = "journal/2026/11/2026-11-22.md"
        journal.write(rel, journal.text(rel) + "- [x] Viola 15 min #viola\n")
        assert next_version() != first  # the page would reload now
        assert watcher.last_event is not None and watcher.last_event.site_changed
        _, _, body = get(server, "/")
        assert f'data-version="{server.version}"'.encode() in body
    finally:
        conn.close()


def test_version_poll_endpoint_moves_on(site: tuple[Watcher, SiteServer]) -> None:
    _, server = site
    before = get(server, "/__mdgoals/version")[2].decode()
    server.site_changed()
    after = get(server, "/__mdgoals/version")[2].decode()
    assert before != after == server.version


def test_inject_livereload_without_a_body_tag() -> None:
    assert inject_livereload(b"<p>x</p>", "v1").startswith(b"<p>x</p>\n<script")
    page = inject_livereload(b"<body><pre></BODY></pre></Body >", "v1")
    assert page.endswith(b'data-version="v1"></script>\n</Body >')


def test_a_taken_port_is_a_usage_error(tmp_path: Path) -> None:
    from mdgoals.errors import UsageError

    first = SiteServer(tmp_path, port=0)
    first.start()
    try:
        with pytest.raises(UsageError, match="--port"):
            SiteServer(tmp_path, port=first.port).start()
    finally:
        first.stop()
