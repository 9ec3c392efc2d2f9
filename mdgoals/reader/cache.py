"""The parse cache: what each note file gave the last run, so an unchanged note is never read again.

One file per journal in the user's cache folder (``platformdirs.user_cache_dir("mdgoals")``,
which honours ``XDG_CACHE_HOME``; ``MDGOALS_CACHE_DIR`` overrides it), named by a
hash of the journal's real path — never inside the journal (SPEC §9.1).  It maps
each note's root-relative path to the stat key it was read at (size, mtime_ns,
inode, ctime_ns) and the :class:`~mdgoals.reader.notes.NoteFile` it gave: the
note and its problems, so a cached note reports exactly what reading it would.

A warm run stats every file (the walk does anyway), loads this one file, and
reads only the notes whose key changed.  The cache is trusted only when

- its header names this format, this parser (a digest of the reader's sources,
  so any change to how notes are read invalidates it), this Python, this
  journal, and the settings notes are read with (notes folder and format,
  evidence headings, goal ids);
- the file is a regular file owned by the current user and writable by no one
  else (it is a pickle: loading one planted by another user would run their
  code), and unpickles to nothing but mdgoals' own note types.

Anything else — a missing, truncated, corrupt, foreign or outdated file — is
silently ignored and replaced by this run: a cache never changes what a run
reports, only how fast.  A note modified in the two seconds before the read is
not stored (its mtime may not change on a second write within the same clock
tick), nor is anything when the cache folder cannot be written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from ..collector import collector_paused
from ..model import Config
from .discover import READ_FLAGS, Found
from .scan import StatKey, stat_key, stat_keys

if TYPE_CHECKING:  # the reading is imported when a cache is loaded, not when a remembered output is looked up
    from .notes import NoteFile, NoteReader

Entries: TypeAlias = "dict[str, tuple[StatKey, NoteFile]]"

__all__ = ["Entries", "ParseCache", "StatKey", "read_cached", "stat_key", "stat_keys"]

MAGIC = b"mdgoals parse cache\n"
SCHEMA = 1
RACY_NS = 2_000_000_000  # a file this recently modified may change again without its stat key changing
ENV_DIR = "MDGOALS_CACHE_DIR"

# The modules whose code decides what a note file gives: the cache is keyed by a digest of their source.
_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCES = ("errors.py", "model.py", "safeyaml.py", "reader")

# What a cache file may hold; anything else makes it foreign.
_ALLOWED = {
    ("mdgoals.reader.notes", "NoteFile"),
    ("mdgoals.model", "Note"),
    ("mdgoals.model", "Task"),
    ("mdgoals.model", "Evidence"),
    ("mdgoals.model", "Metric"),
    ("mdgoals.model", "Status"),
    ("mdgoals.errors", "Problem"),
    ("mdgoals.errors", "Severity"),
    ("datetime", "date"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
}

_parser_digest: str | None = None


def parser_version(package: Path = _PACKAGE) -> str:
    """Return a digest of the reader's source files and the Python version (it names the cache's parser).

    Hashing the sources (about 100 KB, well under a millisecond) means no one has
    to remember to bump a version number when the reader's output changes.
    """
    global _parser_digest
    if package == _PACKAGE and _parser_digest is not None:
        return _parser_digest
    digest = hashlib.sha256(f"{SCHEMA} {sys.version}".encode())
    for path in _source_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # pragma: no cover - a broken installation: never trust a cache then
            digest.update(os.urandom(16))
        digest.update(b"\0")
    value = digest.hexdigest()
    if package == _PACKAGE:
        _parser_digest = value
    return value


def _source_files(package: Path) -> Iterator[Path]:
    for name in _SOURCES:
        path = package / name
        if path.is_dir():
            yield from sorted(path.glob("*.py"))
        else:
            yield path


def config_key(config: Config) -> tuple[object, ...]:
    """Return what the config says about how each note is read (not which files are notes: the walk decides that)."""
    return (
        config.notes_folder,
        config.notes_format,
        tuple(config.evidence_headings),
        tuple(sorted(g.id for g in config.goals)),
    )


def cache_dir() -> Path:
    """Return the folder of mdgoals' caches: $MDGOALS_CACHE_DIR, else the user cache dir."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mdgoals", appauthor=False))


def cache_file(root: Path) -> Path:
    """Return the cache file of the journal at root (named by a hash of its real path)."""
    real = os.path.realpath(root)
    name = hashlib.sha256(os.fsencode(real)).hexdigest()[:32]
    return cache_dir() / "journals" / f"{name}.pickle"


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickle only the classes named in ``allowed`` (mdgoals' own data types), nothing else."""

    def __init__(self, stream: IO[bytes], allowed: frozenset[tuple[str, str]] | set[tuple[str, str]]) -> None:
        super().__init__(stream)
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an mdgoals cache")
        return super().find_class(module, name)


class ParseCache:
    """The parse cache of one journal, read with one config.

    >>> cache = ParseCache(Path("sample-journal"), Config())  # doctest: +SKIP
    >>> cache.load()  # doctest: +SKIP
    >>> cache.get("2026/11/2026-11-18.md", (410, 1763500000000000000, 1234, 1763500000000000000))  # doctest: +SKIP
    """

    def __init__(self, root: Path, config: Config, path: Path | None = None) -> None:
        self.root = root
        self.path = path if path is not None else cache_file(root)
        self.header = {
            "schema": SCHEMA,
            "parser": parser_version(),
            "root": os.path.realpath(root),
            "config": config_key(config),
        }
        self.entries: Entries = {}

    def load(self) -> bool:
        """Load the cache file; return whether it was valid (else the cache starts empty)."""
        self.entries = {}
        stream = read_private(self.path, MAGIC)
        if stream is None:
            return False
        try:
            with collector_paused():
                unpickler = RestrictedUnpickler(stream, _ALLOWED)
                if unpickler.load() != self.header:
                    return False  # another format, parser, Python, journal or config
                entries = unpickler.load()
        except Exception:  # a truncated or corrupt file can fail in any way unpickling can  # noqa: BLE001
            return False
        if not isinstance(entries, dict):
            return False
        self.entries = entries
        return True

    def get(self, relpath: str, key: StatKey | None) -> NoteFile | None:
        """Return what the file gave when it had this stat key, or None."""
        entry = self.entries.get(relpath)
        if entry is None or key is None or entry[0] != key:
            return None
        return entry[1]

    def save(self, entries: Entries) -> bool:
        """Write entries as the new cache file, atomically; return whether it was written.

        Entries modified too recently to be trusted are left out; a cache folder
        that cannot be written, or that lies inside the journal, is given up on quietly.
        """
        now = time.time_ns()
        kept = {rel: entry for rel, entry in entries.items() if not changed_lately(entry[0], now)}
        folder = self.path.parent
        if inside(os.path.realpath(folder), self.header["root"]):  # type: ignore[arg-type]
            return False  # the journal is only read (SPEC §9.1)
        def write(fh: IO[bytes]) -> None:
            with collector_paused():
                pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dump(self.header)
                pickler.dump(kept)

        return write_private(self.path, write)


def write_private(path: Path, write: Callable[[IO[bytes]], None], magic: bytes = MAGIC) -> bool:
    """Write a cache file atomically, readable by its owner only: magic, then what write(fh) writes.

    Returns whether it was written; a folder that cannot be made or written is
    given up on quietly (a cache only ever saves time).  Any other error is raised,
    the temporary file removed first.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(magic)
            write(fh)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the temporary file may already be gone
            os.unlink(tmp)
        if isinstance(exc, OSError):
            return False
        raise
    return True


def read_private(path: Path, magic: bytes) -> io.BytesIO | None:
    """Return a cache file's bytes after its magic; None when it is unsafe to unpickle (:func:`owned_by_me`) or starts otherwise.

    Opened without blocking: a FIFO planted where a cache file should be must not hang the run.
    """
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not owned_by_me(os.fstat(fh.fileno())):
                return None
            data = fh.read()
    except OSError:
        return None
    if not data.startswith(magic):
        return None
    stream = io.BytesIO(data)
    stream.seek(len(magic))
    return stream


def owned_by_me(st: os.stat_result) -> bool:
    """Return whether a cache file is safe to unpickle: a regular file of ours that no one else may write."""
    if not stat.S_ISREG(st.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: the user's profile folder is private
        return True
    return st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def changed_lately(key: StatKey, now_ns: int) -> bool:
    """Return whether a file was modified (mtime or ctime) too recently for its stat key to be trusted."""
    limit = now_ns - RACY_NS
    return key[1] >= limit or key[3] >= limit


def inside(path: str, folder: str) -> bool:
    """Return whether path is folder or below it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_cached(
    root: Path, reader: NoteReader, found: Sequence[Found], keys: Sequence[StatKey | None] | None = None
) -> list[NoteFile]:
    """Return what each found file gives, from the cache when its stat key is unchanged; update the cache.

    ``keys`` are the files' stat keys when the caller has them already.  Only the
    files whose stat key changed (or that the cache lacks) are read; the cache
    file is rewritten only when something changed.
    """
    from .notes import read_files

    cache = ParseCache(root, reader.config)
    valid = cache.load()
    entries: Entries = {}
    files: list[NoteFile | None] = []
    todo: list[tuple[int, Found, StatKey | None]] = []
    for f, key in zip(found, stat_keys(found) if keys is None else keys, strict=True):
        hit = cache.get(f.relpath, key)
        if hit is None:
            todo.append((len(files), f, key))
            files.append(None)
        else:
            entries[f.relpath] = (key, hit)  # type: ignore[assignment]  # a hit has a key
            files.append(hit)
    if todo:
        for (i, f, key), note_file in zip(todo, read_files(reader, [f for _, f, _ in todo]), strict=True):
            files[i] = note_file
            if key is not None:
                entries[f.relpath] = (key, note_file)
    if todo or not valid or len(entries) != len(cache.entries):
        _save(cache, entries)
    return [nf for nf in files if nf is not None]


# The forked cache writers of the innermost ``written_in_background`` block (None: write in this process).
_WRITERS: ContextVar[list[int] | None] = ContextVar("mdgoals_cache_writers", default=None)


@contextlib.contextmanager
def written_in_background() -> Iterator[None]:
    """Let the parse cache be written by a forked child while this process goes on; wait for it at the end.

    Pickling ten years of notes takes ~0.15 s that a cold ``report`` or ``build``
    can spend computing instead, on a processor that is idle anyway.  The block
    waits for the writer before it ends, so the cache is there for the next run
    exactly as if it had been written in place (and a failed writer only costs
    that next run a read).  Only for many notes and an idle processor
    (:func:`mdgoals.parallel.can_fork`); otherwise the cache is written
    in place.
    """
    writers: list[int] = []
    token = _WRITERS.set(writers)
    try:
        yield
    finally:
        _WRITERS.reset(token)
        for pid in writers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _save(cache: ParseCache, entries: Entries) -> None:
    """Write the cache: from a forked child inside a ``written_in_background`` block when it pays, else here."""
    from ..parallel import MIN_FILES, can_fork

    writers = _WRITERS.get()
    if writers is not None and len(entries) >= MIN_FILES and can_fork():
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child: write, and leave without running any cleanup (nor flushing the parent's output)
            code = 1
            try:
                code = 0 if cache.save(entries) else 1
            except BaseException:  # noqa: BLE001 - the next run reads the notes again: nothing is lost
                pass
            finally:
                os._exit(code)
        if pid > 0:
            writers.append(pid)
            return
    cache.save(entries)
