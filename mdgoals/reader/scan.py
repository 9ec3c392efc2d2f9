"""The walk of a journal: which files are its notes, and their stat keys — nothing read yet.

Kept apart from the reading (``notes``, ``body`` …) so that a run whose output
is remembered (:mod:`mdgoals.memo`) walks the journal without importing the
parser at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..model import Config
from .discover import Found, discover

StatKey = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns (as mdgoals.observe keys files)


def stat_key(path: str) -> StatKey | None:
    """Return the stat key of a file, or None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def stat_keys(found: Sequence[Found]) -> list[StatKey | None]:
    """Return the stat key of each found file (None for one that cannot be stat'ed)."""
    return [stat_key(f.path) for f in found]


@dataclass(frozen=True)
class Scan:
    """The note files below a journal root (sorted by relpath) and what walking it met: nothing read yet."""

    found: tuple[Found, ...]
    walk_problems: tuple[Problem, ...]
    keys: tuple[StatKey | None, ...] | None = None  # the files' stat keys, when taken


def scan_journal(root: Path, config: Config, exclude_dirs: Sequence[Path] = (), *, stat: bool = False) -> Scan:
    """Walk root and return its note files by the config's ignore rules; with stat, their stat keys too."""
    found, walk_problems = discover(root, config.exclude, exclude_dirs)
    keys = tuple(stat_keys(found)) if stat else None
    return Scan(tuple(found), tuple(walk_problems), keys)
