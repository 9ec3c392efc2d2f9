"""Remember what ``report`` printed and ``build`` wrote, so that running them again with nothing changed is instant.

A report is a pure function of its inputs: the note files, the configuration,
the code (mdgoals' sources and templates), as-of and the command line.  The
parse cache (:mod:`mdgoals.reader.cache`) spares re-reading unchanged notes,
but computing and rendering ten years still takes most of a second.  So beside
it, in the same cache folder, each journal has a small memo: for the last few
distinct inputs, a digest of them and what came out — the report's text and its
problems; for a build, the stat key of every file it left in the output folder.

A run whose inputs digest to a remembered entry (one small file each, in a
folder beside the parse cache) prints the remembered text (or,
for a build whose output files are all still as it left them, writes nothing)
without reading a note.  The digest covers every note's stat key, the walk's
problems, the whole validated configuration, the content of mdgoals' sources
and of every template folder, and the options; anything else makes a new entry.
A file modified within two seconds of the moment an entry was made could change
again without its stat key changing, so such an entry is never made (git calls
this "racily clean").  ``--no-cache`` neither reads nor writes the memo; a
damaged, foreign or unsafe memo file is ignored and replaced, as the parse
cache is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import os
import pickle
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .reader import cache as parse_cache
from .reader.cache import StatKey, cache_file, read_private, stat_key

MAGIC = b"mdgoals output memo\n"
SCHEMA = 1
MAX_ENTRIES = 8  # distinct inputs remembered per journal (as-of days, formats, output folders)

_PACKAGE = Path(__file__).resolve().parent
_code_digest: str | None = None

# What a memo file may hold besides plain data.
_ALLOWED = {("mdgoals.errors", "Problem"), ("mdgoals.errors", "Severity")}


def code_digest() -> str:
    """Return a digest of mdgoals' own sources and packaged templates (any change makes every memo stale)."""
    global _code_digest
    if _code_digest is None:
        from . import templates_dir

        digest = hashlib.sha256(f"{SCHEMA} {sys.version}".encode())
        digest.update(folder_digest(_PACKAGE, "*.py").encode())
        with contextlib.suppress(FileNotFoundError):  # a broken installation: no templates to cover
            digest.update(folder_digest(templates_dir()).encode())
        _code_digest = digest.hexdigest()
    return _code_digest


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """Return a digest of the names and bytes of the files below folder ('' when there is none)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob(pattern) if "__pycache__" not in p.parts):
            with contextlib.suppress(OSError):  # a folder, a vanished or unreadable file: its name still counts
                data = path.read_bytes() if path.is_file() else b""
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def canonical(value: Any) -> Any:
    """Return value as nested tuples of plain values, sets sorted: its repr is stable across runs (hash seeds)."""
    if isinstance(value, enum.Enum):
        return (type(value).__name__, canonical(value.value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(canonical(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return ("dict",) + tuple(sorted(((canonical(k), canonical(v)) for k, v in value.items()), key=repr))
    if isinstance(value, (set, frozenset)):
        return ("set",) + tuple(sorted((canonical(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    if isinstance(value, re.Pattern):
        return ("re", value.pattern, value.flags)
    if isinstance(value, Path):
        return ("path", str(value))
    if value is None or isinstance(value, (str, int, float, bool, dt.date, dt.time)):
        return value
    return (type(value).__name__, repr(value))


def key_of(*parts: Any) -> str:
    """Return the memo key of some inputs (a digest of their canonical form)."""
    return hashlib.sha256(repr(canonical(parts)).encode()).hexdigest()


def recent(keys: Iterable[StatKey | None], now_ns: int | None = None) -> bool:
    """Return whether any file was modified (mtime or ctime) too recently for its stat key to be trusted."""
    now = time.time_ns() if now_ns is None else now_ns
    return any(key is not None and parse_cache.changed_lately(key, now) for key in keys)


class Memo:
    """The output memo of one journal: a folder of entries, one file per key, the MAX_ENTRIES newest kept."""

    def __init__(self, root: Path) -> None:
        self.folder = cache_file(root).with_suffix(".outputs")
        self.root_real = os.path.realpath(root)

    def get(self, key: str) -> Any | None:
        """Return what was remembered for key, or None (also for a damaged, foreign or unsafe entry)."""
        stream = read_private(self.folder / f"{key}.pickle", MAGIC)
        if stream is None:
            return None
        try:
            entry = parse_cache.RestrictedUnpickler(stream, _ALLOWED).load()
        except Exception:  # noqa: BLE001 - missing, truncated or damaged: make it again
            return None
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
            return None
        return entry[1]

    def put(self, key: str, value: Any) -> bool:
        """Remember value for key (the oldest entries forgotten); return whether it was written."""
        folder = self.folder
        if parse_cache.inside(os.path.realpath(folder), self.root_real):
            return False  # never write inside the journal (SPEC §9.1)
        if not parse_cache.write_private(
            folder / f"{key}.pickle", lambda fh: pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL), MAGIC
        ):
            return False
        self._forget_old()
        return True

    def _forget_old(self) -> None:
        """Remove all but the MAX_ENTRIES most recently written entries."""
        with contextlib.suppress(OSError):
            entries = sorted(
                (entry.stat().st_mtime_ns, entry.path) for entry in os.scandir(self.folder) if entry.name.endswith(".pickle")
            )
            for _, path in entries[:-MAX_ENTRIES]:
                with contextlib.suppress(OSError):
                    os.unlink(path)


def output_keys(out_dir: Path, paths: Sequence[str]) -> tuple[StatKey | None, ...]:
    """Return the stat keys of files in an output folder."""
    base = str(out_dir)
    return tuple(stat_key(os.path.join(base, p)) for p in paths)
