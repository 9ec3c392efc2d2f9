"""Watch a journal: build its site, then rebuild after every change (SPEC §6, §9.5).

Events are hints.  The watchdog handler only marks the state dirty; a builder
thread waits for a quiet period (with a maximum wait, so a constant writer
cannot starve it), then rescans the journal by ``os.stat`` and re-reads only
the files whose (size, mtime, inode, ctime) changed.  A lost or overflowing
event queue therefore still ends with every note right, and a changed file is
built only once its stat key is the same in two scans a quiet period apart
(a note being written in chunks is never taken as final).  Anything that goes
wrong inside a rebuild is reported and watching goes on; the output folder's
own files never trigger a rebuild.

>>> watcher = Watcher(Path("sample-journal"), Path("site"), as_of=dt.date(2026, 11, 22))  # doctest: +SKIP
>>> watcher.start().ok  # the initial build  # doctest: +SKIP
True
>>> event = watcher.wait_for_build(timeout=10, after=1)  # after the next change  # doctest: +SKIP
>>> watcher.stop()  # doctest: +SKIP

Core code never prints: each build's lines go to the ``log`` callback, and
each :class:`BuildEvent` to the listeners (the live-reload server is one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, MdgoalsError, Problem, Severity
from .model import Config
from .reader import NoteFile, NoteReader
from .reader.discover import Found, discover, is_editor_dropping

QUIET = 0.2  # seconds without events before a rescan
MAX_WAIT = 2.0  # ... but never longer than this after the first event
RESCAN_EVERY = 60.0  # a full rescan even without events: the safety net under lost events
HEALTH_EVERY = 0.5  # how often the builder looks at the observer and the clock
POLL_INTERVAL = 1.0

StatKey = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns
_REREAD: StatKey = (-1, -1, -1, -1)  # the file changed while it was read: read it again next time
AsOf = Callable[[Config], dt.date]
Log = Callable[[str], None]

# Settings files that decide where daily notes are when mdgoals.yaml has no notes: key (mdgoals.vault).
VAULT_SETTINGS = (
    ".obsidian",
    ".obsidian/daily-notes.json",
    ".obsidian/community-plugins.json",
    ".obsidian/plugins/periodic-notes/data.json",
    "logseq/config.edn",
    "dendron.yml",
)
# Event types that never mean a change: without them, mdgoals' own reads would wake it up.
READ_ONLY_EVENTS = frozenset({"opened", "closed_no_write"})


def stat_key(path: str) -> StatKey | None:
    """Return the stat key of a file, or None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


@dataclass(frozen=True)
class Changes:
    """What a rescan found changed since the last build (root-relative '/' paths)."""

    added: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    config: bool = False
    templates: bool = False
    other: bool = False  # problems met walking the folder (a sync-conflict copy, a bad symlink …)
    day: dt.date | None = None  # as-of moved on (a new day)
    retry: bool = False  # the last build failed

    def __bool__(self) -> bool:
        return bool(self.notes or self.config or self.templates or self.other or self.day or self.retry)

    @property
    def notes(self) -> tuple[str, ...]:
        """Return every note path added, modified or removed."""
        return self.added + self.modified + self.removed

    @property
    def only_config(self) -> bool:
        """Return whether the config files are all that changed."""
        return self.config and not (self.notes or self.templates or self.other or self.day or self.retry)

    def describe(self, config_name: str = "mdgoals.yaml") -> str:
        """Return one short phrase: '2 notes changed: a.md, b.md; mdgoals.yaml changed'."""
        parts = []
        for paths, verb in ((self.modified, "changed"), (self.added, "added"), (self.removed, "removed")):
            if paths:
                shown = ", ".join(paths[:3]) + (f", … ({len(paths) - 3} more)" if len(paths) > 3 else "")
                parts.append(f"{len(paths)} note{'s' if len(paths) != 1 else ''} {verb}: {shown}")
        if self.config:
            parts.append(f"{config_name} changed")
        if self.templates:
            parts.append("templates changed")
        if self.other:
            parts.append("other files changed")
        if self.day:
            parts.append(f"a new day: as of {self.day.isoformat()}")
        if self.retry:
            parts.append("retrying after the failed build")
        return "; ".join(parts) or "nothing changed"


@dataclass(frozen=True)
class BuildEvent:
    """One pass of the builder: what changed, what it wrote, how long it took, and what went wrong.

    ``number`` counts every pass, the initial build being 1.  ``ok`` is False
    when the build failed (``error`` says why) or when only an invalid config
    changed (then nothing was built and ``config_problems`` say why).
    """

    number: int
    ok: bool
    changes: Changes
    seconds: float
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    new_problems: tuple[Problem, ...] = ()
    fixed_problems: tuple[Problem, ...] = ()
    config_problems: tuple[Problem, ...] = ()
    error: str | None = None
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def site_changed(self) -> bool:
        """Return whether the output folder changed (open pages should reload)."""
        return bool(self.written or self.removed)


class _Stopped(Exception):
    """Raised inside a build when the watcher is stopping, between two file writes."""


@dataclass
class _Scan:
    files: dict[str, tuple[Found, StatKey | None]]
    walk_problems: tuple[Problem, ...]
    config_key: tuple[object, ...]
    template_key: tuple[object, ...]


class _Handler:
    """The watchdog handler: decides whether an event may matter, and only then marks the state dirty."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        if event.event_type in READ_ONLY_EVENTS:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(p and self.watcher.is_relevant(os.fsdecode(p), event.is_directory) for p in paths):
            self.watcher.mark_dirty()


class Watcher:
    """Build a journal's site into out_dir, then rebuild it after every change until stopped.

    ``as_of`` is a day or a function of the config returning one (called at
    every build, so a watch left running past midnight moves on to the new
    day).  ``quiet`` and ``max_wait`` tune the debounce; ``poll`` forces a
    polling observer; ``before_build(number)`` is called at the start of every
    build (tests inject failures with it); ``log`` receives each line to show.
    """

    def __init__(
        self,
        root: Path,
        out_dir: Path,
        *,
        as_of: dt.date | AsOf,
        config_path: Path | None = None,
        templates: Path | None = None,
        clean: bool = False,
        quiet: float = QUIET,
        max_wait: float = MAX_WAIT,
        poll: bool = False,
        poll_interval: float = POLL_INTERVAL,
        rescan_every: float | None = RESCAN_EVERY,
        log: Log | None = None,
        before_build: Callable[[int], None] | None = None,
    ) -> None:
        self.root = root
        self.out_dir = out_dir
        self._as_of: AsOf = _fixed_day(as_of) if isinstance(as_of, dt.date) else as_of
        self.config_path = config_path
        self.templates = templates
        self.clean = clean
        self.quiet = quiet
        self.max_wait = max(max_wait, quiet)
        self.poll = poll
        self.poll_interval = poll_interval
        self.rescan_every = rescan_every
        self._log = log or (lambda line: None)
        self.before_build = before_build
        self.listeners: list[Callable[[BuildEvent], None]] = []

        self._root_real = os.path.realpath(root)
        self._out_real = os.path.realpath(out_dir)
        self._config_file = os.path.realpath(config_path if config_path is not None else root / "mdgoals.yaml")
        self._config_name = str(config_path) if config_path is not None else "mdgoals.yaml"
        watched_files = [self._config_file] + [os.path.join(self._root_real, *p.split("/")) for p in VAULT_SETTINGS]
        self._watched_files = frozenset(watched_files)
        self._template_dirs = [os.path.join(self._root_real, ".mdgoals", "templates")]
        if templates is not None:
            self._template_dirs.append(os.path.realpath(templates))

        # Shared with the observer's thread.
        self._wake = threading.Condition()
        self._dirty = False
        self._first_dirty = 0.0
        self._last_event = 0.0
        self._stopping = threading.Event()
        # Shared with the waiting tests and the server.
        self._built = threading.Condition()
        self._events: list[BuildEvent] = []
        # Builder state: touched by start() before the builder thread exists, then only by it.
        self._observer: Any = None
        self.observer_kind = ""
        self._thread: threading.Thread | None = None
        self._config: Config | None = None
        self._config_key: tuple[object, ...] = ()
        self._config_autodetected = False
        self._reader: NoteReader | None = None
        self._entries: dict[str, tuple[StatKey | None, NoteFile]] = {}
        self._walk_problems: tuple[Problem, ...] = ()
        self._template_key: tuple[object, ...] = ()
        self._built_as_of: dt.date | None = None
        self._stale = False
        self._last_error: str | None = None
        self._problems: frozenset[Problem] = frozenset()
        self._last_scan_at = 0.0

    # ------------------------------------------------------------------
    # Public API

    @property
    def build_count(self) -> int:
        """Return how many builder passes have finished (the initial build is the first)."""
        with self._built:
            return len(self._events)

    @property
    def rebuild_count(self) -> int:
        """Return how many passes have finished after the initial build."""
        return max(0, self.build_count - 1)

    @property
    def last_event(self) -> BuildEvent | None:
        """Return the last finished pass, or None before the initial build."""
        with self._built:
            return self._events[-1] if self._events else None

    def start(self) -> BuildEvent:
        """Check the output folder, load the config, start watching, build once, and return that build.

        Raises MdgoalsError (the CLI exits 2) when the output folder is refused,
        the config is invalid or the first build cannot be made (a template error).
        """
        from .config import load_config
        from .site import check_output_dir

        check_output_dir(self.out_dir, self.root)
        if not self.root.is_dir():
            from .errors import UsageError

            raise UsageError(f"journal folder not found: {self.root}")
        config = load_config(self.root, self.config_path)
        self._use_config(config)
        self._start_observer()  # before the first scan, so that no change after it is missed
        try:
            scan = self._scan()
            self._config_key = scan.config_key
            event = self._build(scan, Changes(), initial=True)
        except BaseException:
            self._stop_observer()
            raise
        self._thread = threading.Thread(target=self._run, name="mdgoals-watch", daemon=True)
        self._thread.start()
        return event

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; a build in progress stops between two file writes (no partial file)."""
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        self._stop_observer()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the watcher stops (or timeout); return whether it has stopped."""
        return self._stopping.wait(timeout)

    def wait_for_build(self, timeout: float, after: int | None = None) -> BuildEvent:
        """Return the first pass numbered above ``after`` (default: the last finished), waiting up to timeout.

        Raises TimeoutError when none comes.
        """
        deadline = time.monotonic() + timeout
        with self._built:
            if after is None:
                after = len(self._events)
            while len(self._events) <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no build after #{after} within {timeout} s")
                self._built.wait(left)
            return self._events[after]

    def add_listener(self, listener: Callable[[BuildEvent], None]) -> None:
        """Call listener(event) after every pass (from the builder thread)."""
        self.listeners.append(listener)

    def mark_dirty(self) -> None:
        """Note that something may have changed; the builder rescans after a quiet period."""
        now = time.monotonic()
        with self._wake:
            if not self._dirty:
                self._dirty = True
                self._first_dirty = now
            self._last_event = now
            self._wake.notify_all()

    def is_relevant(self, path: str, is_directory: bool = False) -> bool:
        """Return whether an event on path may change the site (never for the output folder's own files)."""
        if path in self._watched_files:
            return True
        if any(_inside(path, d) for d in self._template_dirs):
            name = os.path.basename(path)
            return not (name.startswith(".") or is_editor_dropping(name))
        if _inside(path, self._out_real) or not _inside(path, self._root_real) or path == self._root_real:
            return False
        parts = os.path.relpath(path, self._root_real).split(os.sep)
        if any(part.startswith(".") for part in parts) or is_editor_dropping(parts[-1]):
            return False
        return is_directory or parts[-1].lower().endswith(".md")

    # ------------------------------------------------------------------
    # The observer

    def _start_observer(self) -> None:
        """Start an inotify (or the platform's) observer; poll when asked or when the system's limit is reached."""
        if not self.poll:
            from watchdog.observers import Observer

            try:
                self._observer = self._schedule(Observer())
                self._observer.start()
                self.observer_kind = _kind(self._observer)
                return
            except OSError as exc:
                self._stop_observer()
                self._say(_limit_message(exc))
        from watchdog.observers.polling import PollingObserver

        self._observer = self._schedule(PollingObserver(timeout=self.poll_interval))
        self._observer.start()
        self.observer_kind = _kind(self._observer)

    def _schedule(self, observer: Any) -> Any:
        folders = [self._root_real]
        folders += [d for d in self._template_dirs if os.path.isdir(d) and not _inside(d, self._root_real)]
        config_dir = os.path.dirname(self._config_file)
        recursive = dict.fromkeys(folders, True)
        if not any(_inside(config_dir, f) for f in folders) and os.path.isdir(config_dir):
            recursive[config_dir] = False  # --config outside the journal: watch its folder, not below it
        handler = _Handler(self)
        for folder, below in recursive.items():
            try:
                observer.schedule(handler, folder, recursive=below, event_filter=_event_filter())
            except TypeError:  # watchdog < 4 has no event_filter: the handler filters anyway
                observer.schedule(handler, folder, recursive=below)
        return observer

    def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is None:
            return
        with contextlib.suppress(Exception):  # it may never have started, or have died already
            observer.stop()
            if observer.is_alive() and observer is not threading.current_thread():
                observer.join(2.0)

    def _observer_alive(self) -> bool:
        observer = self._observer
        if observer is None or not observer.is_alive():
            return False
        return all(emitter.is_alive() for emitter in list(getattr(observer, "emitters", ())))

    def _check_observer(self) -> None:
        """Restart a dead observer; the events it missed are found by a full rescan."""
        if self._stopping.is_set() or self._observer_alive():
            return
        self._say("mdgoals: the file watcher stopped; restarting it (rescanning the journal)")
        self._stop_observer()
        try:
            self._start_observer()
        except OSError as exc:  # pragma: no cover - even polling failed: try again on the next check
            self._say(f"mdgoals: cannot restart the file watcher: {exc}")
            return
        self.mark_dirty()

    # ------------------------------------------------------------------
    # The builder loop

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._step()
            except _Stopped:
                break
            except Exception as exc:  # the loop must outlive any bug: say it and go on
                self._say(f"mdgoals: internal error in the watch loop (still watching): {_one_line(exc)}")
                time.sleep(self.quiet)

    def _step(self) -> None:
        """Wait for a reason to look, then rescan, and rebuild when something changed for good."""
        with self._wake:
            if not self._dirty:
                self._wake.wait(HEALTH_EVERY)
            dirty = self._dirty
            started = self._first_dirty if dirty else time.monotonic()
        if self._stopping.is_set():
            raise _Stopped
        self._check_observer()
        periodic = self.rescan_every is not None and time.monotonic() - self._last_scan_at >= self.rescan_every
        if not (dirty or periodic or self._day_changed()):
            return
        if dirty:  # most saves take a millisecond: a short pause lets the first look see them whole
            self._wait_quiet(time.monotonic(), started, self.quiet / 4)
        first = self._scan()
        if not dirty and not self._diff(first):
            return  # the safety rescan found nothing: the usual case
        while True:
            self._wait_quiet(time.monotonic(), started, self.quiet)
            scan = self._scan()
            changes = self._diff(scan)
            if not changes:
                return
            unsettled = self._unsettled(first, scan, changes)
            if not unsettled:
                break
            if time.monotonic() - started >= self.max_wait:
                # A writer that never stops must not hold back the rest: build what has settled,
                # keep the files still being written as they were, and look at them again.
                changes = _without(changes, unsettled)
                self.mark_dirty()
                if not changes:
                    return
                break
            first = scan  # not settled yet: look again a quiet period later
        self._build(scan, changes, unsettled=unsettled)

    def _wait_quiet(self, since: float, started: float, quiet: float) -> None:
        """Wait quiet seconds after since and after the last event, but not past the maximum wait from started."""
        with self._wake:
            while not self._stopping.is_set():
                now = time.monotonic()
                until = min(max(self._last_event, since) + quiet, max(started + self.max_wait, since))
                if now >= until:
                    break
                self._wake.wait(until - now)
            self._dirty = False
        if self._stopping.is_set():
            raise _Stopped

    def _day_changed(self) -> bool:
        if self._config is None or self._built_as_of is None:
            return False
        try:
            return self._as_of(self._config) != self._built_as_of
        except MdgoalsError:
            return False

    def _scan(self) -> _Scan:
        """Stat every candidate note (the reader's own ignore rules), the config and the templates."""
        assert self._config is not None
        found, walk_problems = discover(self.root, self._config.exclude, (self.out_dir,))
        files = {f.relpath: (f, stat_key(f.path)) for f in found}
        config_key = tuple(stat_key(p) for p in sorted(self._watched_files))
        template_key = tuple(_tree_keys(d) for d in self._template_dirs)
        self._last_scan_at = time.monotonic()
        return _Scan(files, tuple(sorted(walk_problems)), config_key, template_key)

    def _diff(self, scan: _Scan) -> Changes:
        entries = self._entries
        added = tuple(rel for rel in scan.files if rel not in entries)
        modified = tuple(rel for rel, (_, key) in scan.files.items() if rel in entries and entries[rel][0] != key)
        removed = tuple(sorted(rel for rel in entries if rel not in scan.files))
        day = None
        if self._day_changed() and self._config is not None:
            day = self._as_of(self._config)
        return Changes(
            added=tuple(sorted(added)),
            modified=tuple(sorted(modified)),
            removed=removed,
            config=scan.config_key != self._config_key,
            templates=scan.template_key != self._template_key,
            other=scan.walk_problems != self._walk_problems,
            day=day,
            retry=self._stale,
        )

    @staticmethod
    def _unsettled(first: _Scan, scan: _Scan, changes: Changes) -> frozenset[str]:
        """Return the changed files whose stat key differs between the two scans ('' for config or templates)."""
        out = {rel for rel in changes.added + changes.modified if first.files.get(rel, (None, None))[1] != scan.files[rel][1]}
        if first.config_key != scan.config_key or first.template_key != scan.template_key:
            out.add("")
        return frozenset(out)

    # ------------------------------------------------------------------
    # One build

    def _use_config(self, config: Config) -> None:
        self._config = config
        self._reader = NoteReader(config)
        self._entries.clear()  # the config decides how notes are read: read them all again
        # Without notes: in mdgoals.yaml, where the notes are depends on the vault's files.
        self._config_autodetected = config.path is None or config.layout != "plain"

    def _reload_config(self, scan: _Scan, changes: Changes) -> tuple[Problem, ...]:
        """Reload the config when its files changed; keep the last good one when it is invalid."""
        from .config import load_config

        if not (changes.config or (self._config_autodetected and (changes.added or changes.removed))):
            return ()
        self._config_key = scan.config_key
        try:
            config = load_config(self.root, self.config_path)
        except ConfigError as exc:
            return exc.problems or (Problem(self._config_name, 0, 0, Severity.ERROR, str(exc)),)
        if config != self._config:
            self._use_config(config)
        return ()

    def _build(self, scan: _Scan, changes: Changes, *, initial: bool = False, unsettled: frozenset[str] = frozenset()) -> BuildEvent:
        from .engine import compute_report
        from .site import build_site

        number = self.build_count + 1
        t0 = time.perf_counter()
        config_problems: tuple[Problem, ...] = ()
        try:
            if not initial:
                config = self._config
                config_problems = self._reload_config(scan, changes)
                if config_problems and changes.only_config:
                    return self._finish(number, changes, t0, config_problems=config_problems, skipped=True)
                if self._config is not config:  # exclude: may have changed what the notes are
                    scan = self._scan()
            if self.before_build is not None:
                self.before_build(number)
            config, reader = self._config, self._reader
            assert config is not None and reader is not None
            self._read_changed(scan, reader, unsettled)
            self._walk_problems = scan.walk_problems
            if initial or changes.templates:  # templates still being written are looked at again later
                self._template_key = scan.template_key
            journal = reader.journal(self.root, (nf for _, nf in self._entries.values()), scan.walk_problems)
            if config.problems:
                from dataclasses import replace

                journal = replace(journal, problems=tuple(sorted(config.problems + journal.problems)))
            as_of = self._as_of(config)
            report = compute_report(journal, config, as_of)
            notes = [(note.date, note.path) for note in journal.notes]
            result = build_site(
                report, self.out_dir, journal_root=self.root, notes=notes, templates=self.templates,
                clean=self.clean, progress=self._abort_if_stopping,
            )  # fmt: skip
        except _Stopped:
            raise
        except MdgoalsError as exc:
            if initial:
                raise
            return self._finish(number, changes, t0, error=str(exc), error_problems=exc.problems, config_problems=config_problems)
        except Exception as exc:
            if initial:
                raise
            return self._finish(number, changes, t0, error=_one_line(exc), config_problems=config_problems)
        self._built_as_of = as_of
        problems = frozenset(p for p in report.problems if p.severity is not Severity.INFO)
        new = tuple(sorted(problems - self._problems)) if not initial else tuple(sorted(problems))
        fixed = tuple(sorted(self._problems - problems))
        self._problems = problems
        return self._finish(
            number, changes, t0, written=result.written, removed=result.removed, new=new, fixed=fixed,
            config_problems=config_problems, notes=len(journal.notes), initial=initial,
        )  # fmt: skip

    def _read_changed(self, scan: _Scan, reader: NoteReader, unsettled: frozenset[str] = frozenset()) -> None:
        """Re-read the files whose stat key changed (not those still being written); forget the files that are gone."""
        entries = self._entries
        for rel, (found, key) in scan.files.items():
            entry = entries.get(rel)
            if (entry is not None and entry[0] == key) or rel in unsettled:
                continue
            note_file = reader.read(found)
            if stat_key(found.path) != key:  # written to while it was read: read it again after the next quiet period
                entries[rel] = (_REREAD, note_file)
                self.mark_dirty()
            else:
                entries[rel] = (key, note_file)
        for rel in [rel for rel in entries if rel not in scan.files]:
            del entries[rel]

    def _abort_if_stopping(self, done: int, total: int) -> None:
        if self._stopping.is_set():
            raise _Stopped

    def _finish(
        self,
        number: int,
        changes: Changes,
        t0: float,
        *,
        written: tuple[str, ...] = (),
        removed: tuple[str, ...] = (),
        new: tuple[Problem, ...] = (),
        fixed: tuple[Problem, ...] = (),
        config_problems: tuple[Problem, ...] = (),
        error: str | None = None,
        error_problems: tuple[Problem, ...] = (),
        notes: int = 0,
        initial: bool = False,
        skipped: bool = False,
    ) -> BuildEvent:
        """Record one pass: its event, its log lines, and the listeners told."""
        seconds = time.perf_counter() - t0
        lines: list[str] = []
        if config_problems:
            lines.append(f"mdgoals: {self._config_name} is invalid; still using the last good configuration:")
            lines.extend(p.format() for p in config_problems)
        if error is not None:
            self._stale = True
            lines.append(
                f"mdgoals: {changes.describe(self._config_name)} → rebuild failed after {seconds:.2f} s "
                f"(still watching; the site shows the last good build): {error}"
            )
            lines.extend(p.format() for p in error_problems)
        elif initial:
            lines.append(
                f"mdgoals: built {self.out_dir} from {notes} notes in {seconds:.2f} s: "
                f"{len(written)} written, {len(new)} problem{'s' if len(new) != 1 else ''}"
            )
            lines.extend(p.format() for p in new)
        elif not skipped:
            self._stale = False
            summary = f"{len(written)} file{'s' if len(written) != 1 else ''} written"
            if removed:
                summary += f", {len(removed)} removed"
            delta = [f"{len(new)} new problem{'s' if len(new) != 1 else ''}"] if new else []
            if fixed:
                delta.append(f"{len(fixed)} fixed")
            tail = f"; {', '.join(delta)}" if delta else ""
            lines.append(f"mdgoals: {changes.describe(self._config_name)} → {summary} in {seconds:.2f} s{tail}")
            lines.extend(p.format() for p in new)
        if skipped:
            error = f"{self._config_name} is invalid"
        event = BuildEvent(
            number, error is None, changes, seconds, written, removed, new, fixed, config_problems, error, tuple(lines)
        )
        for line in lines:
            self._say(line)
        with self._built:
            self._events.append(event)
            self._built.notify_all()
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception as exc:  # a listener (the server) must not stop the builder
                self._say(f"mdgoals: after the build: {_one_line(exc)}")
        return event

    def _say(self, line: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # stderr closed: keep watching anyway
            self._log(line)


def _fixed_day(day: dt.date) -> AsOf:
    def as_of(config: Config) -> dt.date:
        return day

    return as_of


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _tree_keys(folder: str) -> tuple[tuple[str, StatKey | None], ...]:
    """Return (relative path, stat key) of every file below folder; empty when it does not exist."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or is_editor_dropping(name):
                continue
            path = os.path.join(dirpath, name)
            out.append((os.path.relpath(path, folder), stat_key(path)))
    return tuple(out)


def _without(changes: Changes, unsettled: frozenset[str]) -> Changes:
    """Return changes without the files still being written (and without the config or templates, '')."""
    from dataclasses import replace

    return replace(
        changes,
        added=tuple(p for p in changes.added if p not in unsettled),
        modified=tuple(p for p in changes.modified if p not in unsettled),
        config=changes.config and "" not in unsettled,
        templates=changes.templates and "" not in unsettled,
    )


def _kind(observer: Any) -> str:
    """Return 'inotify', 'polling', 'fsevents' … from the observer's class name."""
    name = type(observer).__name__.lower()
    return name[: -len("observer")] if name.endswith("observer") and name != "observer" else name


def _event_filter() -> list[type]:
    """Return the watchdog event classes that may mean a change (no opened / closed_no_write)."""
    from watchdog import events

    names = (
        "FileCreatedEvent", "FileModifiedEvent", "FileDeletedEvent", "FileMovedEvent", "FileClosedEvent",
        "FileAttribEvent", "DirCreatedEvent", "DirDeletedEvent", "DirMovedEvent",
    )  # fmt: skip
    return [getattr(events, name) for name in names if hasattr(events, name)]


def _limit_message(exc: OSError) -> str:
    """Return what to say when the event observer cannot start (polling is used instead)."""
    if exc.errno == errno.ENOSPC:
        return (
            "mdgoals: the system's limit of inotify watches is reached; watching by polling instead (slower). "
            "Raise the limit with: sudo sysctl fs.inotify.max_user_watches=524288"
        )
    if exc.errno == errno.EMFILE:
        return (
            "mdgoals: the system's limit of inotify instances is reached; watching by polling instead (slower). "
            "Raise the limit with: sudo sysctl fs.inotify.max_user_instances=512 (and fs.inotify.max_user_watches)"
        )
    return f"mdgoals: cannot watch for file events ({exc.strerror or exc}); watching by polling instead"


def _one_line(exc: BaseException) -> str:
    """Return 'Type: message (at file:line)' for an unexpected exception, naming the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno})" if frames else ""
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"
