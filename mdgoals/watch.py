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
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .errors import ConfigError, MdgoalsError, Problem, Severity
from .model import Config, Journal
from .observe import POLL_INTERVAL, Changes, FileObserver, NoteCache, Snapshot, WatchedPaths
from .reader.cache import ParseCache
from .site import PageMemo
from .watch_events import BuildEvent, Outcome, one_line, pass_lines

QUIET = 0.2  # seconds without events before a rescan
MAX_WAIT = 2.0  # ... but never longer than this after the first event
RESCAN_EVERY = 60.0  # a full rescan even without events: the safety net under lost events
HEALTH_EVERY = 0.5  # how often the builder looks at the observer and the clock

AsOf = Callable[[Config], dt.date]
Log = Callable[[str], None]

class _Stopped(Exception):
    """Raised inside a build when the watcher is stopping, between two file writes."""


class Watcher:
    """Build a journal's site into out_dir, then rebuild it after every change until stopped.

    ``as_of`` is a day or a function of the config returning one (called at
    every build, so a watch left running past midnight moves on to the new
    day).  ``quiet`` and ``max_wait`` tune the debounce; ``poll`` forces a
    polling observer; ``use_cache`` reads the unchanged notes of the first build
    from the parse cache (and fills it); ``before_build(number)`` is called at the start of every
    build (tests inject failures with it); ``log`` receives each line to show.
    ``journal`` is the Journal as read for the last good build.
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
        use_cache: bool = True,
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
        self.rescan_every = rescan_every
        self.use_cache = use_cache
        self._log = log or (lambda line: None)
        self.before_build = before_build
        self.listeners: list[Callable[[BuildEvent], None]] = []

        self.paths = WatchedPaths.of(root, out_dir, config_path, templates)
        self._config_name = str(config_path) if config_path is not None else "mdgoals.yaml"

        # Shared with the observer's thread.
        self._wake = threading.Condition()
        self._dirty = False
        self._dirty_notes: set[str] = set()  # the notes events named since the last look …
        self._dirty_all = False  # … unless an event needs the full walk (a folder, the config, a rename)
        self._first_dirty = 0.0
        self._last_event = 0.0
        self._stopping = threading.Event()
        # Shared with the waiting tests and the server.
        self._built = threading.Condition()
        self._events: list[BuildEvent] = []
        # Builder state: touched by start() before the builder thread exists, then only by it.
        self._observer = FileObserver(self.paths, self.mark_dirty, poll=poll, poll_interval=poll_interval, say=self._say)
        self._thread: threading.Thread | None = None
        self._config: Config | None = None
        self._config_key: tuple[object, ...] = ()
        self._config_autodetected = False
        self._notes: NoteCache | None = None
        self._walk_problems: tuple[Problem, ...] = ()
        self._template_key: tuple[object, ...] = ()
        self._built_as_of: dt.date | None = None
        self._stale = False
        self._problems: frozenset[Problem] = frozenset()
        self._last_scan_at = 0.0
        self._snapshot: Snapshot | None = None  # the last look at the journal
        self._page_memo = PageMemo()  # the pages of past weeks as last built: not rendered again unless changed
        self._rescan_due = False  # a build from a look at a few notes only: walk everything soon after
        self.journal: Journal | None = None  # as read for the last good build
        self._root_missing = False

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
        self._observer.start()  # before the first scan, so that no change after it is missed
        try:
            scan = self._scan()
            self._config_key = scan.config_key
            event = self._build(scan, Changes(), initial=True)
        except BaseException:
            self._observer.stop()
            raise
        self._thread = threading.Thread(target=self._run, name="mdgoals-watch", daemon=True)
        self._thread.start()
        return event

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; a build in progress stops between two file writes (no partial file)."""
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        self._observer.stop()
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

    def mark_dirty(self, note: str | None = None) -> None:
        """Note that something may have changed; the builder rescans after a quiet period.

        ``note`` is the root-relative path of the one note an event named: then, if
        events named nothing else, only the notes named are stat'ed again before the
        rebuild (the full walk follows it).  None asks for the full walk.
        """
        now = time.monotonic()
        with self._wake:
            if note is None:
                self._dirty_all = True
            else:
                self._dirty_notes.add(note)
            if not self._dirty:
                self._dirty = True
                self._first_dirty = now
            self._last_event = now
            self._wake.notify_all()

    def is_relevant(self, path: str, is_directory: bool = False) -> bool:
        """Return whether an event on path may change the site (never for the output folder's own files)."""
        return self.paths.is_relevant(path, is_directory)

    @property
    def observer_kind(self) -> str:
        """Return how changes are seen: 'inotify' (or the platform's events) or 'polling'."""
        return self._observer.kind

    # ------------------------------------------------------------------
    # The observer

    def _check_observer(self) -> None:
        """Restart a dead observer; the events it missed are found by a full rescan."""
        if self._stopping.is_set() or self._observer.alive():
            return
        self._say("mdgoals: the file watcher stopped; restarting it (rescanning the journal)")
        if self._observer.restart():
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
                self._say(f"mdgoals: internal error in the watch loop (still watching): {one_line(exc)}")
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
        if not self._root_present():
            return
        self._check_observer()
        periodic = self._rescan_due or (
            self.rescan_every is not None and time.monotonic() - self._last_scan_at >= self.rescan_every
        )
        if not (dirty or periodic or self._day_changed()):
            return
        if dirty:  # most saves take a millisecond: a short pause lets the first look see them whole
            self._wait_quiet(time.monotonic(), started, self.quiet / 4)
        targets = self._take_targets(dirty and not periodic) or None
        first = self._look(targets)
        if not dirty and not self._diff(first):
            return  # the safety rescan found nothing: the usual case
        while True:
            self._wait_quiet(time.monotonic(), started, self.quiet)
            more = self._take_targets(True)
            targets = None if targets is None or more is None else targets | more
            scan = self._look(targets)
            changes = self._diff(scan)
            if not changes:
                return
            unsettled = self._unsettled(first, scan, changes)
            if not unsettled:
                break
            if time.monotonic() - started >= self.max_wait:
                # A writer that never stops must not hold back the rest: build what has settled,
                # keep the files still being written as they were, and look at them again.
                changes = changes.without(unsettled)
                self.mark_dirty()
                if not changes:
                    return
                break
            first = scan  # not settled yet: look again a quiet period later
        self._build(scan, changes, unsettled=unsettled)
        # Built from a look at the notes events named: the full walk follows, in case an event was lost.
        self._rescan_due = targets is not None

    def _take_targets(self, from_events: bool) -> set[str] | None:
        """Return the notes events named since the last call and forget them; None: walk everything.

        The full walk is needed when an event named anything but a note, or when
        the look is not for events (a periodic rescan, a new day): from_events False.
        """
        with self._wake:
            notes, self._dirty_notes = self._dirty_notes, set()
            everything, self._dirty_all = self._dirty_all, False
        return notes if from_events and not everything else None

    def _look(self, targets: set[str] | None) -> Snapshot:
        """Return a new snapshot: of the target notes only when the last snapshot allows it, else of everything."""
        if targets is not None and self._snapshot is not None:
            snapshot = self._snapshot.refresh(targets)
            if snapshot is not None:
                self._snapshot = snapshot
                return snapshot
        return self._scan()

    def _wait_quiet(self, since: float, started: float, quiet: float) -> None:
        """Wait quiet seconds after since, and after the last event unless the maximum wait from started is over."""
        with self._wake:
            while not self._stopping.is_set():
                now = time.monotonic()
                # Always a quiet period after since: two scans closer than that would prove nothing settled.
                until = max(since + quiet, min(self._last_event + quiet, started + self.max_wait))
                if now >= until:
                    break
                self._wake.wait(until - now)
            self._dirty = False
        if self._stopping.is_set():
            raise _Stopped

    def _root_present(self) -> bool:
        """Return whether the journal folder is there; while it is gone, keep the last build and say so once."""
        present = os.path.isdir(self.root)
        if present == self._root_missing:
            self._root_missing = not present
            if present:
                self._say(f"mdgoals: the journal folder {self.root} is back; rescanning")
                self.mark_dirty()
            else:
                self._say(f"mdgoals: the journal folder {self.root} is gone; keeping the last build until it is back")
        return present

    def _day_changed(self) -> bool:
        if self._config is None or self._built_as_of is None:
            return False
        try:
            return self._as_of(self._config) != self._built_as_of
        except MdgoalsError:
            return False

    def _scan(self) -> Snapshot:
        assert self._config is not None
        self._last_scan_at = time.monotonic()
        self._rescan_due = False
        self._snapshot = Snapshot.take(self.root, self._config.exclude, self.out_dir, self.paths)
        return self._snapshot

    def _diff(self, scan: Snapshot) -> Changes:
        assert self._notes is not None and self._config is not None
        added, modified, removed = self._notes.compare(scan)
        return Changes(
            added=added,
            modified=modified,
            removed=removed,
            config=scan.config_key != self._config_key,
            templates=scan.template_key != self._template_key,
            other=scan.walk_problems != self._walk_problems,
            day=self._as_of(self._config) if self._day_changed() else None,
            retry=self._stale,
        )

    @staticmethod
    def _unsettled(first: Snapshot, scan: Snapshot, changes: Changes) -> frozenset[str]:
        """Return the changed files whose stat key differs between the two scans ('' for config or templates)."""
        out = {rel for rel in changes.added + changes.modified if first.files.get(rel, (None, None))[1] != scan.files[rel][1]}
        if first.config_key != scan.config_key or first.template_key != scan.template_key:
            out.add("")
        return frozenset(out)

    # ------------------------------------------------------------------
    # One build

    def _use_config(self, config: Config) -> None:
        self._config = config
        # The config decides how notes are read: read them all again (unchanged ones from the parse cache).
        self._notes = NoteCache(config, ParseCache(self.root, config) if self.use_cache else None)
        # Without notes: in mdgoals.yaml, where the notes are depends on the vault's files.
        self._config_autodetected = config.path is None or config.layout != "plain"

    def _reload_config(self, scan: Snapshot, changes: Changes) -> tuple[Problem, ...]:
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

    def _build(self, scan: Snapshot, changes: Changes, *, initial: bool = False, unsettled: frozenset[str] = frozenset()) -> BuildEvent:
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
                    return self._finish(number, changes, t0, Outcome(config_problems=config_problems, skipped=True))
                if self._config is not config:  # exclude: may have changed what the notes are
                    scan = self._scan()
            if self.before_build is not None:
                self.before_build(number)
            config, notes = self._config, self._notes
            assert config is not None and notes is not None
            if notes.update(scan, unsettled):  # a file was written to while it was read: look again
                self.mark_dirty()
            self._walk_problems = scan.walk_problems
            if initial or changes.templates:  # templates still being written are looked at again later
                self._template_key = scan.template_key
            journal = notes.journal(self.root, scan.walk_problems)
            if config.problems:
                from dataclasses import replace

                journal = replace(journal, problems=tuple(sorted(config.problems + journal.problems)))
            as_of = self._as_of(config)
            report = compute_report(journal, config, as_of)
            dated = [(note.date, note.path) for note in journal.notes]
            result = build_site(
                report, self.out_dir, journal_root=self.root, notes=dated, templates=self.templates,
                clean=self.clean, progress=self._abort_if_stopping, memo=self._page_memo,
            )  # fmt: skip
        except _Stopped:
            raise
        except MdgoalsError as exc:
            if initial:
                raise
            return self._finish(
                number, changes, t0, Outcome(error=str(exc), error_problems=exc.problems, config_problems=config_problems)
            )
        except Exception as exc:
            if initial:
                raise
            return self._finish(number, changes, t0, Outcome(error=one_line(exc), config_problems=config_problems))
        self._built_as_of = as_of
        problems = frozenset(p for p in report.problems if p.severity is not Severity.INFO)
        new = tuple(sorted(problems - self._problems)) if not initial else tuple(sorted(problems))
        fixed = tuple(sorted(self._problems - problems))
        self._problems = problems
        self.journal = journal
        outcome = Outcome(
            result.written, result.removed, new, fixed, config_problems, notes=len(journal.notes), initial=initial
        )
        return self._finish(number, changes, t0, outcome)

    def _abort_if_stopping(self, done: int, total: int) -> None:
        if self._stopping.is_set():
            raise _Stopped

    def _finish(self, number: int, changes: Changes, t0: float, outcome: Outcome) -> BuildEvent:
        """Record one pass: its event, its log lines, and the listeners told."""
        seconds = time.perf_counter() - t0
        o = outcome
        lines = pass_lines(self._config_name, self.out_dir, changes, seconds, o)
        if o.error is not None:
            self._stale = True
        elif not o.initial and not o.skipped:
            self._stale = False
        error = f"{self._config_name} is invalid" if o.skipped else o.error
        event = BuildEvent(
            number, error is None, changes, seconds, o.written, o.removed, o.new, o.fixed, o.config_problems, error, tuple(lines)
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
                self._say(f"mdgoals: after the build: {one_line(exc)}")
        return event

    def _say(self, line: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # stderr closed: keep watching anyway
            self._log(line)


def _fixed_day(day: dt.date) -> AsOf:
    def as_of(config: Config) -> dt.date:
        return day

    return as_of
