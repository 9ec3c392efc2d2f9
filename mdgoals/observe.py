"""What ``mdgoals watch`` sees of the journal: file events (hints) and stat snapshots (the truth).

Events are only hints (the watcher rescans by stat), so the rules here may
err towards waking it up — except for its own output folder, which must never
wake it, and read-only events (``opened``, ``closed_no_write``), which its own
reads would cause.  Hidden folders and editor droppings follow the reader's
rules (:func:`mdgoals.reader.discover.is_editor_dropping`); the config file,
the vault settings that decide where notes are, and template folders are
watched even when hidden.

:class:`FileObserver` starts watchdog's native observer (inotify on Linux),
falls back to polling when the system's inotify limits are reached (naming
the sysctl to raise), polls when asked (``--poll``), and can be restarted
when its threads die.

A :class:`Snapshot` stats every file the reader would read (its own walk and
ignore rules), the config and the templates: comparing a snapshot with the
:class:`NoteCache` (the files as last read) tells what changed, whatever
events were lost, and only those files are read again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Config, Journal
from .reader import NoteFile, NoteReader
from .reader.cache import ParseCache, inside
from .reader.discover import Found, discover, is_editor_dropping
from .reader.notes import read_files
from .reader.scan import StatKey, stat_key

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
POLL_INTERVAL = 1.0

_REREAD: StatKey = (-1, -1, -1, -1)  # the file changed while it was read: read it again next time


@dataclass(frozen=True)
class WatchedPaths:
    """The paths a watch cares about, resolved once: the journal, its output, config files, templates."""

    root: str
    out: str
    files: frozenset[str]  # the config and the vault's settings files
    template_dirs: tuple[str, ...]

    @classmethod
    def of(cls, root: Path, out_dir: Path, config_path: Path | None = None, templates: Path | None = None) -> WatchedPaths:
        """Return the watched paths of a journal (symlinks resolved, as the observer reports them)."""
        root_real = os.path.realpath(root)
        config = os.path.realpath(config_path if config_path is not None else root / "mdgoals.yaml")
        files = frozenset([config] + [os.path.join(root_real, *p.split("/")) for p in VAULT_SETTINGS])
        template_dirs = [os.path.join(root_real, ".mdgoals", "templates")]
        if templates is not None:
            template_dirs.append(os.path.realpath(templates))
        return cls(root_real, os.path.realpath(out_dir), files, tuple(template_dirs))

    def is_relevant(self, path: str, is_directory: bool = False) -> bool:
        """Return whether an event on path may change the site (never for the output folder's own files)."""
        if path in self.files:
            return True
        if any(inside(path, d) for d in self.template_dirs):
            name = os.path.basename(path)
            return not (name.startswith(".") or is_editor_dropping(name))
        if inside(path, self.out) or not inside(path, self.root) or path == self.root:
            return False
        parts = os.path.relpath(path, self.root).split(os.sep)
        if any(part.startswith(".") for part in parts) or is_editor_dropping(parts[-1]):
            return False
        return is_directory or parts[-1].lower().endswith(".md")

    def note_path(self, path: str, is_directory: bool = False) -> str | None:
        """Return the root-relative '/' path of a note file an event names, or None for anything else.

        Only an event on a relevant ``.md`` file below the journal (not a folder, the config, a
        vault setting or a template) can be checked by stat'ing that one file: see
        :meth:`Snapshot.refresh`.
        """
        if is_directory or path in self.files or any(inside(path, d) for d in self.template_dirs):
            return None
        if not self.is_relevant(path, is_directory):
            return None
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def folders(self) -> dict[str, bool]:
        """Return the folders to observe, each with whether to observe below it too."""
        out = dict.fromkeys([self.root], True)
        for folder in self.template_dirs:
            if os.path.isdir(folder) and not inside(folder, self.root):
                out[folder] = True
        for path in self.files:
            folder = os.path.dirname(path)
            if not any(inside(folder, f) for f in out) and os.path.isdir(folder):
                out[folder] = False  # --config outside the journal: its folder, not below it
        return out


@dataclass(frozen=True)
class Snapshot:
    """The stat keys of a journal's notes (by root-relative path), config files and templates, at one moment."""

    files: dict[str, tuple[Found, StatKey | None]]
    walk_problems: tuple[Problem, ...]  # what the walk met: sync-conflict copies, bad symlinks …
    config_key: tuple[object, ...]
    template_key: tuple[object, ...]

    @classmethod
    def take(cls, root: Path, exclude: tuple[str, ...], out_dir: Path, paths: WatchedPaths) -> Snapshot:
        """Stat every candidate note (the reader's own walk and ignore rules), the config files and the templates."""
        found, walk_problems = discover(root, exclude, (out_dir,))
        files = {f.relpath: (f, stat_key(f.path)) for f in found}
        config_key = tuple(stat_key(p) for p in sorted(paths.files))
        template_key = tuple(_tree_keys(d) for d in paths.template_dirs)
        return cls(files, tuple(sorted(walk_problems)), config_key, template_key)


    def refresh(self, relpaths: Iterable[str]) -> Snapshot | None:
        """Return this snapshot with the stat keys of these notes taken again, or None when that cannot tell.

        A path this snapshot does not hold (a new file: is the reader's walk to take it?) or
        one that cannot be stat'ed (removed) needs the full walk of :meth:`take`.
        """
        files = dict(self.files)
        for rel in relpaths:
            entry = files.get(rel)
            if entry is None:
                return None
            key = stat_key(entry[0].path)
            if key is None:
                return None
            files[rel] = (entry[0], key)
        return replace(self, files=files)


def _tree_keys(folder: str) -> tuple[tuple[str, StatKey | None], ...]:
    """Return (relative path, stat key) of every file below folder, droppings aside; empty when there is none."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or is_editor_dropping(name):
                continue
            path = os.path.join(dirpath, name)
            out.append((os.path.relpath(path, folder), stat_key(path)))
    return tuple(out)


class EventHandler:
    """The watchdog handler: only decides whether an event may matter, and then calls on_change()."""

    def __init__(self, paths: WatchedPaths, on_change: Callable[[str | None], None]) -> None:
        self.paths = paths
        self.on_change = on_change

    def dispatch(self, event: Any) -> None:
        """Handle one watchdog event (watchdog calls this from its own thread).

        Calls ``on_change(relpath)`` for an event on one note file (written in place, or
        a temporary file renamed over it), ``on_change(None)`` for any other relevant
        event (a folder, the config, a template, a note renamed or moved).
        """
        if event.event_type in READ_ONLY_EVENTS:
            return
        src = os.fsdecode(event.src_path) if event.src_path else ""
        dest = os.fsdecode(getattr(event, "dest_path", "") or "")
        src_relevant = bool(src) and self.paths.is_relevant(src, event.is_directory)
        dest_relevant = bool(dest) and self.paths.is_relevant(dest, event.is_directory)  # a rename counts for its destination too
        if not (src_relevant or dest_relevant):
            return
        # One note named, and no other relevant path: an editor's atomic save renames a temporary
        # file over the note; a note renamed away or over another needs the full walk.
        note = None
        if not dest:
            note = self.paths.note_path(src, event.is_directory)
        elif not src_relevant:
            note = self.paths.note_path(dest, event.is_directory)
        self.on_change(note)


class FileObserver:
    """A watchdog observer of the watched paths: native events, else polling; restartable.

    ``say`` receives the one-line messages for the user (the polling fallback).
    """

    def __init__(
        self,
        paths: WatchedPaths,
        on_change: Callable[[str | None], None],
        *,
        poll: bool = False,
        poll_interval: float = POLL_INTERVAL,
        say: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.paths = paths
        self.handler = EventHandler(paths, on_change)
        self.poll = poll
        self.poll_interval = poll_interval
        self.say = say
        self.observer: Any = None
        self.kind = ""

    def start(self) -> None:
        """Start observing: native events unless polling is asked for or the system's limit is reached."""
        if not self.poll:
            from watchdog.observers import Observer

            try:
                self.observer = self._schedule(Observer())
                self.observer.start()
                self.kind = _kind(self.observer)
                return
            except OSError as exc:
                self.stop()
                self.say(limit_message(exc))
        from watchdog.observers.polling import PollingObserver

        self.observer = self._schedule(PollingObserver(timeout=self.poll_interval))
        self.observer.start()
        self.kind = _kind(self.observer)

    def _schedule(self, observer: Any) -> Any:
        for folder, below in self.paths.folders().items():
            try:
                observer.schedule(self.handler, folder, recursive=below, event_filter=_event_filter())
            except TypeError:  # watchdog < 4 has no event_filter: the handler filters anyway
                observer.schedule(self.handler, folder, recursive=below)
        return observer

    def stop(self) -> None:
        """Stop observing (quietly: the observer may never have started, or have died already)."""
        observer, self.observer = self.observer, None
        if observer is None:
            return
        with contextlib.suppress(Exception):
            observer.stop()
            if observer.is_alive() and observer is not threading.current_thread():
                observer.join(2.0)

    def alive(self) -> bool:
        """Return whether the observer and every one of its emitters still run."""
        observer = self.observer
        if observer is None or not observer.is_alive():
            return False
        return all(emitter.is_alive() for emitter in list(getattr(observer, "emitters", ())))

    def restart(self) -> bool:
        """Replace a dead observer by a new one; return whether it started."""
        self.stop()
        try:
            self.start()
        except OSError as exc:  # pragma: no cover - even polling failed: the caller tries again later
            self.say(f"mdgoals: cannot restart the file watcher: {exc.strerror or exc}")
            return False
        return True


def limit_message(exc: OSError) -> str:
    """Return what to say when native events cannot be used (polling is used instead)."""
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

    def without(self, unsettled: frozenset[str]) -> Changes:
        """Return these changes without the files still being written (nor the config or templates, '')."""
        return replace(
            self,
            added=tuple(p for p in self.added if p not in unsettled),
            modified=tuple(p for p in self.modified if p not in unsettled),
            config=self.config and "" not in unsettled,
            templates=self.templates and "" not in unsettled,
        )

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


class NoteCache:
    """The journal's files as last read, each with the stat key it was read at: re-read only what changed.

    With ``parse_cache`` (the journal's :class:`~mdgoals.reader.cache.ParseCache`), the
    first update takes the unchanged notes from it instead of reading them, and
    leaves the notes it read there for the next run.
    """

    def __init__(self, config: Config, parse_cache: ParseCache | None = None) -> None:
        self.reader = NoteReader(config)
        self.files: dict[str, tuple[StatKey | None, NoteFile]] = {}
        self.parse_cache = parse_cache

    def compare(self, snapshot: Snapshot) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Return the paths added, modified and removed in snapshot since they were read, each sorted."""
        files = self.files
        added = sorted(rel for rel in snapshot.files if rel not in files)
        modified = sorted(rel for rel, (_, key) in snapshot.files.items() if rel in files and files[rel][0] != key)
        removed = sorted(rel for rel in files if rel not in snapshot.files)
        return tuple(added), tuple(modified), tuple(removed)

    def update(self, snapshot: Snapshot, unsettled: frozenset[str] = frozenset()) -> bool:
        """Re-read what changed (not the files still being written), forget what is gone.

        Returns whether a file changed while it was read: it is read again next time.
        """
        files = self.files
        cache, self.parse_cache = self.parse_cache, None  # only the first update (all files) uses it
        if cache is not None:
            cache.load()
        todo: list[tuple[str, Found, StatKey | None]] = []
        for rel, (found, key) in snapshot.files.items():
            entry = files.get(rel)
            if (entry is not None and entry[0] == key) or rel in unsettled:
                continue
            hit = cache.get(rel, key) if cache is not None else None
            if hit is not None:
                files[rel] = (key, hit)
            else:
                todo.append((rel, found, key))
        raced = False
        for (rel, found, key), note_file in zip(todo, read_files(self.reader, [f for _, f, _ in todo]), strict=True):
            if stat_key(found.path) != key:
                files[rel] = (_REREAD, note_file)
                raced = True
            else:
                files[rel] = (key, note_file)
        for rel in [rel for rel in files if rel not in snapshot.files]:
            del files[rel]
        if cache is not None and (todo or len(cache.entries) != len(files)):
            cache.save({rel: entry for rel, entry in files.items() if entry[0] is not None and entry[0] != _REREAD})  # type: ignore[misc]
        return raced

    def journal(self, root: Path, walk_problems: tuple[Problem, ...]) -> Journal:
        """Return the Journal of the files read, exactly as read_journal would."""
        return self.reader.journal(root, (note_file for _, note_file in self.files.values()), walk_problems)
