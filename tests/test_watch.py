"""Watch mode against real file events (no mocks): editors' saves, half-written notes, bursts, broken configs.

Every test works on a private copy of the sample journal, waits on the
watcher's own build events (never on a fixed sleep), and ends by checking that
the journal holds exactly what the test itself wrote there: watch only reads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mdgoals.watch import BuildEvent, Watcher
from tests.conftest import AS_OF, REPO, tree_digest

DAY = dt.date.fromisoformat(AS_OF)
NOTE = "journal/2026/11/2026-11-22.md"  # the as-of day's note: it shows in this week's review
TIMEOUT = 30.0  # generous: a loaded 2-core machine may be slow, but a hang still fails


class Journal:
    """A journal copy that remembers what the test wrote, to check nothing else changed."""

    def __init__(self, root: Path, ignore: tuple[str, ...] = ()) -> None:
        self.root = root
        self.ignore = ignore  # an output folder inside the journal: mdgoals' own files
        self.expected = self._digest()

    def _digest(self) -> dict[str, tuple[int, str]]:
        return {k: v for k, v in tree_digest(self.root).items() if not any(k == i or k.startswith(i + "/") for i in self.ignore)}

    def path(self, rel: str) -> Path:
        return self.root / rel

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def record(self, *rels: str) -> None:
        """Remember the present state of paths the test changed (or removed)."""
        for rel in rels:
            p = self.path(rel)
            if p.is_dir():
                self.expected[rel] = (p.lstat().st_mode, "")
            elif p.exists():
                self.expected[rel] = (p.lstat().st_mode, hashlib.sha256(p.read_bytes()).hexdigest())
            else:
                self.expected.pop(rel, None)

    def write(self, rel: str, text: str) -> None:
        self.path(rel).write_text(text, encoding="utf-8")
        self.record(rel)

    def check_unchanged(self) -> None:
        assert self._digest() == self.expected, "the journal holds something the test did not write"


@pytest.fixture
def journal(sample_journal: Path) -> Journal:
    return Journal(sample_journal)


@pytest.fixture
def start_watcher(tmp_path: Path) -> Iterator[Callable[..., Watcher]]:
    """Return a function that starts a watcher (short quiet period) and stops it at the end of the test."""
    started: list[Watcher] = []

    def start(root: Path, out: Path | None = None, **options: object) -> Watcher:
        lines: list[str] = []
        settings: dict[str, object] = {"as_of": DAY, "quiet": 0.05, "max_wait": 1.0, "log": lines.append}
        settings.update(options)
        watcher = Watcher(root, out or tmp_path / "site", **settings)  # type: ignore[arg-type]
        watcher.lines = lines  # type: ignore[attr-defined]
        started.append(watcher)
        first = watcher.start()
        assert first.ok and first.number == 1, first.lines
        return watcher

    yield start
    for watcher in started:
        watcher.stop()


def wait_until(watcher: Watcher, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Wait for builds until condition() holds (checked after each build)."""
    deadline = time.monotonic() + timeout
    while True:
        count = watcher.build_count
        if condition():
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out waiting for {what}; log: {getattr(watcher, 'lines', [])[-5:]}")
        with contextlib.suppress(TimeoutError):
            watcher.wait_for_build(min(left, 2.0), after=count)


def report(watcher: Watcher) -> dict:
    return json.loads((watcher.out_dir / "report.json").read_text(encoding="utf-8"))


def evidence(watcher: Watcher) -> str:
    """Return every evidence text of the built report, one per line."""
    return "\n".join(e["text"] for w in report(watcher)["weeks"] for e in w["evidence"])


def problem_paths(watcher: Watcher) -> set[str]:
    return {p["path"] for p in report(watcher)["problems"]}


def with_win(text: str, marker: str) -> str:
    """Return a note's text with one more evidence line: a '#win' task line carrying marker."""
    return text.rstrip("\n") + f"\n- {marker} #win\n"


def events_since(watcher: Watcher, number: int) -> list[BuildEvent]:
    return [watcher.wait_for_build(0, after=n) for n in range(number, watcher.build_count)]


# ---------------------------------------------------------------------------
# Editors' saves


def test_atomic_rename_save(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    note = journal.path(NOTE)
    tmp = note.with_name(note.name + ".tmp-4242")  # editors write beside the note, then rename over it
    tmp.write_text(with_win(journal.text(NOTE), "SAVED-BY-RENAME"), encoding="utf-8")
    os.replace(tmp, note)
    journal.record(NOTE, str(tmp.relative_to(journal.root)))
    wait_until(watcher, lambda: "SAVED-BY-RENAME" in evidence(watcher), "the renamed-over note in the report")
    last = watcher.last_event
    assert last is not None and last.ok and NOTE in last.changes.modified
    assert any(NOTE in line and "changed" in line for line in watcher.lines)  # type: ignore[attr-defined]
    journal.check_unchanged()


def test_vim_style_save_with_probe_swap_and_backup(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    first = watcher.build_count
    note = journal.path(NOTE)
    folder = note.parent
    old = journal.text(NOTE)
    swap = folder / f".{note.name}.swp"
    swap.write_bytes(b"b0VIM 9.0\x00" + b"\x00" * 64)
    probe = folder / "4913"  # vim checks it may create files in the folder
    probe.write_bytes(b"")
    probe.unlink()
    backup = folder / f"{note.name}~"
    os.rename(note, backup)
    note.write_text(with_win(old, "VIM-FINAL"), encoding="utf-8")
    backup.unlink()
    swap.unlink()
    journal.record(NOTE)
    wait_until(watcher, lambda: "VIM-FINAL" in evidence(watcher), "vim's save in the report")
    assert report(watcher)["journal"]["notes"] == 84  # never built without the note, nor with the backup
    for event in events_since(watcher, first):
        assert event.ok, event.lines
        for problem in event.new_problems:
            assert not any(name in problem.path for name in ("4913", ".swp", "~")), problem
    journal.check_unchanged()


def test_slow_write_in_chunks_is_never_final_half_written(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root, quiet=0.2, max_wait=2.0)  # the default debounce
    rel = "journal/2026/11/2026-11-21.md"
    whole = "---\nmood: 3\nsleep: 7\n---\n# Saturday\n\n- [x] Walk 25 minutes #walk\n- CHUNKED-WHOLE #win\n"
    half = len(whole) // 3  # ends inside the front matter: read alone, the note is broken
    with open(journal.path(rel), "w", encoding="utf-8") as fh:
        fh.write(whole[:half])
        fh.flush()
        time.sleep(0.05)
        fh.write(whole[half:])
    journal.record(rel)
    wait_until(watcher, lambda: "CHUNKED-WHOLE" in evidence(watcher), "the whole note in the report")
    assert rel not in problem_paths(watcher)
    assert watcher.last_event is not None and watcher.last_event.ok
    journal.check_unchanged()


# ---------------------------------------------------------------------------
# Many files, deletions, renames


@pytest.fixture(scope="module")
def generated_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic journal of 1,005 notes over 37 months (benchmarks/generate.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    out = tmp_path_factory.mktemp("generated") / "journal"
    first, last = generate.span(months=37)
    generate.generate(out, first, last)
    return out


def test_burst_of_a_thousand_changed_files(generated_journal: Path, tmp_path: Path, start_watcher: Callable[..., Watcher]) -> None:
    from mdgoals.api import load_journal
    from mdgoals.engine import compute_report
    from mdgoals.render.json_report import render_json

    root = tmp_path / "journal"
    shutil.copytree(generated_journal, root)
    journal = Journal(root)
    # An early as-of keeps the site small; the watcher still reads every note, and is checked on all of them.
    as_of = dt.date(2023, 12, 31)
    watcher = start_watcher(root, as_of=as_of, max_wait=2.0)
    notes = sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))
    assert len(notes) >= 1000
    for rel in notes:  # like a checkout of another history: every note rewritten at once
        text = journal.text(rel).replace("- [ ]", "- [x]", 1)
        journal.write(rel, with_win(text, f"burst {rel}"))
    loaded = load_journal(root)
    expected = render_json(compute_report(loaded.journal, loaded.config, as_of))
    wait_until(watcher, lambda: watcher.journal == loaded.journal, "every changed note read again")
    wait_until(watcher, lambda: (root.parent / "site" / "report.json").read_text("utf-8") == expected, "the report of the changed notes")
    journal.check_unchanged()


def test_note_deleted_and_note_renamed(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    gone, moved, moved_to = "journal/2026/11/2026-11-21.md", "journal/2026/11/2026-11-20.md", "projects/moved-2026-11-20.md"
    journal.path(gone).unlink()
    os.rename(journal.path(moved), journal.path(moved_to))
    journal.record(gone, moved, moved_to)
    wait_until(watcher, lambda: report(watcher)["journal"]["notes"] == 82, "82 notes")
    days = next(g for g in report(watcher)["goals"] if g["id"] == "write")["days"]
    assert days["2026-11-21"] == days["2026-11-20"] == "unknown"  # no note any more for either day
    changed = [e.changes for e in events_since(watcher, 1)]
    assert any(gone in c.removed for c in changed) and any(moved_to in c.added for c in changed)
    journal.check_unchanged()


# ---------------------------------------------------------------------------
# Broken notes and configs


def test_invalid_front_matter_mid_edit_then_fixed(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    original = journal.text(NOTE)
    journal.write(NOTE, original.replace("mood: 4", "mood: [4", 1))
    wait_until(watcher, lambda: NOTE in problem_paths(watcher), "the broken front matter reported")
    event = watcher.last_event
    assert event is not None and any(p.path == NOTE for p in event.new_problems)
    assert any(NOTE in line and "error" in line for line in event.lines)
    journal.write(NOTE, original)
    wait_until(watcher, lambda: NOTE not in problem_paths(watcher), "the problem gone")
    event = watcher.last_event
    assert event is not None and any(p.path == NOTE for p in event.fixed_problems)
    assert "fixed" in event.lines[0]
    journal.check_unchanged()


def test_config_typo_keeps_the_last_good_config_until_fixed(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    good = journal.text("mdgoals.yaml")
    journal.write("mdgoals.yaml", good.replace("every: daily", "every: dayly", 1).replace("title: Write 350 words", "title: Typo", 1))
    count = watcher.build_count
    wait_until(watcher, lambda: any(e.config_problems for e in events_since(watcher, count)), "the config problem reported")
    bad = next(e for e in events_since(watcher, count) if e.config_problems)
    assert not bad.ok and "dayly" in "\n".join(bad.lines) and "last good" in bad.lines[0]
    assert any("daily" in p.message for p in bad.config_problems)  # did you mean
    # Meanwhile notes still rebuild, with the last good config.
    journal.write(NOTE, with_win(journal.text(NOTE), "WHILE-CONFIG-BROKEN"))
    wait_until(watcher, lambda: "WHILE-CONFIG-BROKEN" in evidence(watcher), "a note rebuilt meanwhile")
    assert next(g for g in report(watcher)["goals"] if g["id"] == "write")["title"] == "Write 350 words"
    journal.write("mdgoals.yaml", good.replace("title: Write 350 words", "title: Write 400 words", 1))
    wait_until(
        watcher, lambda: next(g for g in report(watcher)["goals"] if g["id"] == "write")["title"] == "Write 400 words",
        "the fixed config applied",
    )
    assert "WHILE-CONFIG-BROKEN" in evidence(watcher)
    journal.check_unchanged()


# ---------------------------------------------------------------------------
# Its own output, failures, observers


def test_output_folder_inside_the_journal_never_triggers_a_rebuild(sample_journal: Path, start_watcher: Callable[..., Watcher]) -> None:
    journal = Journal(sample_journal, ignore=("_site",))
    watcher = start_watcher(journal.root, journal.root / "_site")
    assert (journal.root / "_site" / "index.html").is_file()
    count = watcher.build_count
    time.sleep(2.0)  # an idle window: the rebuilds in it are counted
    assert watcher.build_count == count, [e.lines for e in events_since(watcher, count)]
    journal.write(NOTE, with_win(journal.text(NOTE), "INSIDE"))
    wait_until(watcher, lambda: "INSIDE" in evidence(watcher), "the edit built")
    count = watcher.build_count
    time.sleep(2.0)
    assert watcher.build_count == count, [e.lines for e in events_since(watcher, count)]
    journal.check_unchanged()


def test_an_exception_in_one_rebuild_is_reported_and_the_next_one_works(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    failures = []

    def before_build(number: int) -> None:
        if number == 2:
            failures.append(number)
            raise RuntimeError("injected failure")

    watcher = start_watcher(journal.root, before_build=before_build)
    journal.write(NOTE, with_win(journal.text(NOTE), "FIRST-EDIT"))
    failed = watcher.wait_for_build(TIMEOUT, after=1)
    assert not failed.ok and failures == [2]
    assert "RuntimeError: injected failure" in failed.lines[0] and "still watching" in failed.lines[0]
    assert "FIRST-EDIT" not in evidence(watcher)
    rel = "journal/2026/11/2026-11-21.md"
    journal.write(rel, with_win(journal.text(rel), "SECOND-EDIT"))
    wait_until(watcher, lambda: "SECOND-EDIT" in evidence(watcher), "the next rebuild")
    assert "FIRST-EDIT" in evidence(watcher)  # nothing of the failed one is lost
    assert watcher.last_event is not None and watcher.last_event.ok
    journal.check_unchanged()


def test_a_dead_observer_is_restarted(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    observer = watcher._observer.observer  # watchdog's: its thread ends as if it had crashed
    observer.stop()
    observer.join(5)
    journal.write(NOTE, with_win(journal.text(NOTE), "AFTER-RESTART"))
    wait_until(watcher, lambda: "AFTER-RESTART" in evidence(watcher), "the edit built by the new observer")
    assert watcher._observer.observer is not observer and watcher._observer.alive()
    assert any("restarting" in line for line in watcher.lines)  # type: ignore[attr-defined]
    journal.check_unchanged()


def test_the_inotify_limit_falls_back_to_polling(journal: Journal, start_watcher: Callable[..., Watcher], monkeypatch: pytest.MonkeyPatch) -> None:
    import watchdog.observers

    class Exhausted(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
        def start(self) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Exhausted)
    watcher = start_watcher(journal.root, poll_interval=0.1)
    assert watcher.observer_kind == "polling"
    assert any("fs.inotify.max_user_watches" in line for line in watcher.lines)  # type: ignore[attr-defined]
    journal.write(NOTE, with_win(journal.text(NOTE), "POLLED"))
    wait_until(watcher, lambda: "POLLED" in evidence(watcher), "the edit seen by polling")
    journal.check_unchanged()


def test_poll_forces_polling(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root, poll=True, poll_interval=0.1)
    assert watcher.observer_kind == "polling"
    journal.write(NOTE, with_win(journal.text(NOTE), "POLL-FORCED"))
    wait_until(watcher, lambda: "POLL-FORCED" in evidence(watcher), "the edit seen by polling")
    journal.check_unchanged()


def test_a_new_day_rebuilds_without_any_change(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    today = [DAY]
    watcher = start_watcher(journal.root, as_of=lambda config: today[0])
    today[0] = DAY + dt.timedelta(days=1)
    wait_until(watcher, lambda: report(watcher)["as_of"] == "2026-11-23", "the report of the new day")
    assert watcher.last_event is not None and watcher.last_event.changes.day == today[0]
    journal.check_unchanged()


def test_a_template_override_rebuilds_the_site(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    watcher = start_watcher(journal.root)
    folder = journal.path(".mdgoals/templates")
    folder.mkdir(parents=True)
    css = (REPO / "templates" / "style.css").read_text(encoding="utf-8")
    journal.write(".mdgoals/templates/style.css", css + "\n/* TEMPLATE-OVERRIDE */\n")
    journal.record(".mdgoals", ".mdgoals/templates")
    wait_until(watcher, lambda: "TEMPLATE-OVERRIDE" in (watcher.out_dir / "style.css").read_text("utf-8"), "the new stylesheet")
    assert watcher.last_event is not None and watcher.last_event.changes.templates
    journal.check_unchanged()


def test_rebuilds_reuse_the_compiled_templates_until_an_override_appears(
    journal: Journal, start_watcher: Callable[..., Watcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mdgoals.render.html as html

    made: list[int] = []
    real = html.make_environment
    monkeypatch.setattr(html, "make_environment", lambda dirs=(): made.append(1) or real(dirs))
    watcher = start_watcher(journal.root)
    assert made == [1]
    for marker in ("FIRST-EDIT", "SECOND-EDIT"):
        journal.write(NOTE, with_win(journal.text(NOTE), marker))
        wait_until(watcher, lambda marker=marker: marker in evidence(watcher), marker)  # type: ignore[misc]
    assert made == [1]  # the templates were compiled once
    journal.path(".mdgoals/templates").mkdir(parents=True)
    journal.write(".mdgoals/templates/week.html", "{% extends 'base.html' %}{% block main %}MY-WEEK-PAGE{% endblock %}\n")
    journal.record(".mdgoals", ".mdgoals/templates")
    page = watcher.out_dir / "weeks" / "2026-W47.html"
    wait_until(watcher, lambda: "MY-WEEK-PAGE" in page.read_text("utf-8"), "the new week template")
    assert made == [1, 1]  # a new override: a new Environment
    journal.check_unchanged()


def test_handler_ignores_droppings_hidden_folders_and_the_output(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    watcher = Watcher(root, root / "_site", as_of=DAY)
    r = str(root.resolve())
    assert watcher.is_relevant(f"{r}/2026-11-22.md")
    assert watcher.is_relevant(f"{r}/2026", is_directory=True)
    assert watcher.is_relevant(f"{r}/mdgoals.yaml")
    assert watcher.is_relevant(f"{r}/.obsidian/daily-notes.json")
    assert watcher.is_relevant(f"{r}/.mdgoals/templates/base.html")
    for path in ("_site/index.html", "_site/x.md", ".obsidian/workspace.json", ".git/index", ".trash/a.md",
                 "4913", ".2026-11-22.md.swp", "2026-11-22.md~", "#2026-11-22.md#", ".#2026-11-22.md",
                 "2026-11-22.md.tmp-1", "picture.png", ".mdgoals/templates/.base.html.swp"):
        assert not watcher.is_relevant(f"{r}/{path}"), path


# ---------------------------------------------------------------------------
# The command


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_cli_watch_rebuilds_serves_and_stops_cleanly(stop: signal.Signals, sample_journal: Path, tmp_path: Path) -> None:
    journal = Journal(sample_journal)
    out = tmp_path / "site"
    env = {**os.environ, "MDGOALS_AS_OF": AS_OF, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mdgoals", "watch", str(journal.root), "--out", str(out), "--serve", "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr or ()], daemon=True)
    reader.start()

    seen: list[str] = []

    def read_until(fragment: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                assert proc.poll() is None, f"mdgoals watch exited early: {seen}"
                continue
            seen.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r}: {seen}")

    try:
        serving = read_until("serving")
        assert "http://127.0.0.1:" in serving and "this machine only" in serving
        url = serving.split(" at ", 1)[1].split()[0]
        read_until("watching")
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            assert response.status == 200 and b"/__mdgoals/livereload.js" in response.read()
        journal.write(NOTE, with_win(journal.text(NOTE), "FROM-THE-CLI"))
        changed = read_until("1 note changed")
        assert NOTE in changed and " s" in changed
        t0 = time.monotonic()
        proc.send_signal(stop)
        status = proc.wait(TIMEOUT)
        reader.join(5)
        assert status == 0, seen + list(lines.queue)
        assert time.monotonic() - t0 < 10  # promptly: a second on an idle machine
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(5)
        if proc.stderr is not None:
            proc.stderr.close()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert "FROM-THE-CLI" in (out / "report.json").read_text("utf-8")
    assert b"<script" not in (out / "index.html").read_bytes()  # the built site stays free of JavaScript
    journal.check_unchanged()


# ---------------------------------------------------------------------------
# A look at the notes events named, and the full walk after it


class _Event:
    """A watchdog event as the handler sees it (type, paths, whether a folder)."""

    def __init__(self, event_type: str, src: str, dest: str = "", is_directory: bool = False) -> None:
        self.event_type, self.src_path, self.dest_path, self.is_directory = event_type, src, dest, is_directory


def test_handler_names_the_one_note_an_event_is_about(tmp_path: Path) -> None:
    from mdgoals.observe import EventHandler, WatchedPaths

    root = tmp_path / "notes"
    root.mkdir()
    r = str(root.resolve())
    seen: list[str | None] = []
    handler = EventHandler(WatchedPaths.of(root, root / "_site"), seen.append)
    handler.dispatch(_Event("modified", f"{r}/2026/2026-11-22.md"))
    handler.dispatch(_Event("moved", f"{r}/2026/.2026-11-22.md.tmp", f"{r}/2026/2026-11-22.md"))  # an atomic save
    assert seen == ["2026/2026-11-22.md", "2026/2026-11-22.md"]
    seen.clear()
    handler.dispatch(_Event("moved", f"{r}/a.md", f"{r}/b.md"))  # a note renamed: a is gone, b is new
    handler.dispatch(_Event("created", f"{r}/2027", is_directory=True))
    handler.dispatch(_Event("modified", f"{r}/mdgoals.yaml"))
    handler.dispatch(_Event("modified", f"{r}/.mdgoals/templates/base.html"))
    assert seen == [None, None, None, None]  # each needs the full walk
    seen.clear()
    handler.dispatch(_Event("modified", f"{r}/_site/index.html"))
    handler.dispatch(_Event("opened", f"{r}/2026/2026-11-22.md"))
    assert seen == []


def test_snapshot_refresh_stats_only_known_notes(sample_journal: Path, tmp_path: Path) -> None:
    from mdgoals.observe import Snapshot, WatchedPaths

    out = tmp_path / "site"
    snapshot = Snapshot.take(sample_journal, (), out, WatchedPaths.of(sample_journal, out))
    note = sample_journal / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\n- [x] one more\n", encoding="utf-8")
    fresh = snapshot.refresh({NOTE})
    assert fresh is not None and fresh.files[NOTE][1] != snapshot.files[NOTE][1]
    assert {k: v for k, v in fresh.files.items() if k != NOTE} == {k: v for k, v in snapshot.files.items() if k != NOTE}
    assert snapshot.refresh({"journal/2026/11/2026-11-30.md"}) is None  # new: is the walk to take it?
    note.unlink()
    assert snapshot.refresh({NOTE}) is None  # gone: only the walk can say what else went


def test_a_change_no_event_named_is_found_by_the_walk_after_the_build(journal: Journal, start_watcher: Callable[..., Watcher]) -> None:
    # Polling once a minute: only the events this test hands over reach the watcher.
    watcher = start_watcher(journal.root, poll=True, poll_interval=60.0, rescan_every=None)
    named, silent = NOTE, "journal/2026/11/2026-11-21.md"
    before = watcher.build_count
    journal.write(named, with_win(journal.text(named), "NAMED-BY-AN-EVENT"))
    journal.write(silent, with_win(journal.text(silent), "NO-EVENT-SAID-SO"))
    watcher.mark_dirty(named)
    wait_until(watcher, lambda: "NO-EVENT-SAID-SO" in evidence(watcher), "the silent change found by the walk")
    events = events_since(watcher, before)
    assert [e.changes.modified for e in events] == [(named,), (silent,)]  # the named note first, at once
    assert "NAMED-BY-AN-EVENT" in evidence(watcher)
    journal.check_unchanged()


def test_the_first_build_takes_unchanged_notes_from_the_parse_cache(
    journal: Journal, start_watcher: Callable[..., Watcher], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mdgoals.reader.notes import NoteReader

    monkeypatch.setenv("MDGOALS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("mdgoals.reader.cache.RACY_NS", 0)  # the copied journal is seconds old: trust it
    reads: list[str] = []
    real_read = NoteReader.read
    monkeypatch.setattr(NoteReader, "read", lambda self, f: reads.append(f.relpath) or real_read(self, f))
    first = start_watcher(journal.root, out=tmp_path / "a")
    assert NOTE in reads and first.journal is not None
    all_notes = {n.path for n in first.journal.notes}
    first.stop()
    reads.clear()
    journal.write(NOTE, with_win(journal.text(NOTE), "CHANGED-BETWEEN-RUNS"))
    second = start_watcher(journal.root, out=tmp_path / "b")
    assert reads == [NOTE]  # the one note changed since the first watch; the rest came from the cache
    assert second.journal is not None and {n.path for n in second.journal.notes} == all_notes
    assert "CHANGED-BETWEEN-RUNS" in evidence(second)
    no_cache = start_watcher(journal.root, out=tmp_path / "c", use_cache=False)
    assert no_cache.journal is not None and len(reads) > len(all_notes)  # everything read again
    journal.check_unchanged()


# ---------------------------------------------------------------------------
# Pages of past weeks that did not change are not rendered again: the site stays as a fresh build makes it


def _site_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuilds_skip_unchanged_past_weeks_and_equal_a_fresh_build(
    journal: Journal, start_watcher: Callable[..., Watcher], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mdgoals.render.html as html
    from mdgoals.engine import compute_report
    from mdgoals.site import build_site

    rendered_weeks: list[str] = []
    real = html._week_context
    monkeypatch.setattr(html, "_week_context", lambda view, w: rendered_weeks.append(w.label) or real(view, w))
    watcher = start_watcher(journal.root)
    all_weeks = len(set(rendered_weeks))
    assert all_weeks > 10

    def check_equals_a_fresh_build(what: str) -> None:
        assert watcher.journal is not None
        fresh = tmp_path / f"fresh-{what}"
        notes = [(n.date, n.path) for n in watcher.journal.notes]
        build_site(compute_report(watcher.journal, watcher._config, DAY), fresh, journal_root=journal.root, notes=notes)  # type: ignore[arg-type]
        assert _site_bytes(watcher.out_dir) == _site_bytes(fresh), what

    def rebuilt_for(rel: str, count: int) -> Callable[[], bool]:
        def done() -> bool:
            last = watcher.last_event
            return watcher.build_count > count and last is not None and rel in last.changes.notes

        return done

    def edit(rel: str, text: str, marker: str) -> list[str]:
        rendered_weeks.clear()
        count = watcher.build_count
        journal.write(rel, text)
        wait_until(watcher, rebuilt_for(rel, count), marker)
        return sorted(set(rendered_weeks))

    past = "journal/2026/09/2026-09-08.md"  # 2026-W37
    # The week of as-of (2026-W47) shows the as-of day and the coach's advice: it is always made again.
    assert edit(past, with_win(journal.text(past), "PAST-WEEK-WIN"), "PAST-WEEK-WIN") == ["2026-W37", "2026-W47"]
    check_equals_a_fresh_build("past week edited")

    assert edit(NOTE, with_win(journal.text(NOTE), "THIS-WEEK-WIN"), "THIS-WEEK-WIN") == ["2026-W47"]
    check_equals_a_fresh_build("this week edited")

    # A task done on another day (✅) counts on that day: the page of that week changes, not its note's.
    moved = journal.text(past).rstrip("\n") + "\n- [x] Walk 40 minutes MOVED-BY-DONE-DATE #walk ✅ 2026-09-15\n"
    assert edit(past, moved, "MOVED-BY-DONE-DATE") == ["2026-W38", "2026-W47"]
    check_equals_a_fresh_build("done date into the next week")

    gap = "journal/2026/09/2026-09-03.md"  # a day without a note, in 2026-W36
    assert edit(gap, "- [x] Write 350 words #writing GAP-FILLED\n", "GAP-FILLED") == ["2026-W36", "2026-W47"]
    check_equals_a_fresh_build("note added")

    rendered_weeks.clear()
    count = watcher.build_count
    journal.path(gap).unlink()
    journal.record(gap)
    wait_until(watcher, rebuilt_for(gap, count), "the removal")
    assert sorted(set(rendered_weeks)) == ["2026-W36", "2026-W47"]
    check_equals_a_fresh_build("note removed")

    import mdgoals.render.markdown as markdown

    reviews: list[str] = []
    real_review = markdown.render_review
    monkeypatch.setattr(markdown, "render_review", lambda r, week, **kw: reviews.append(week.isoformat()) or real_review(r, week=week, **kw))
    (watcher.out_dir / "weeks" / "2026-W40.html").write_text("changed by hand", encoding="utf-8")
    assert edit(past, journal.text(past) + "\nMORE-TEXT #win\n", "MORE-TEXT") == ["2026-W37", "2026-W40", "2026-W47"]
    # One more win in 2026-W37 changes no streak: only its review and the three whose last 4 weeks hold it are made again.
    assert sorted(reviews) == ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]
    check_equals_a_fresh_build("a page changed by hand is made again")
    journal.check_unchanged()
