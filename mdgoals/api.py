"""The library entry points the CLI forwards to: load, read, compute — and write safely.

>>> import datetime as dt
>>> report = load_report(Path("sample-journal"), as_of=dt.date(2026, 11, 22))  # doctest: +SKIP
>>> report.goal("write").streak.current  # doctest: +SKIP
12
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import OutputError, UsageError
from .model import Config, Journal, Report


@dataclass(frozen=True)
class Loaded:
    """A journal read with its config, ready for the engine."""

    root: Path
    config: Config
    journal: Journal


def load_journal(root: Path, config_path: Path | None = None, *, exclude_dirs: tuple[Path, ...] = (), use_cache: bool = True) -> Loaded:
    """Load the config and read every note of the journal at root (unchanged notes from the parse cache with use_cache)."""
    from .config import load_config
    from .reader import read_journal

    if not root.exists():
        raise UsageError(f"journal folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"not a folder: {root} (give the journal's folder)")
    config = load_config(root, config_path)
    journal = read_journal(root, config, exclude_dirs=exclude_dirs, use_cache=use_cache)
    if config.problems:  # warnings about the vault's own settings (unreadable JSON …)
        journal = replace(journal, problems=tuple(sorted(config.problems + journal.problems)))
    return Loaded(root, config, journal)


def load_report(
    root: Path,
    config_path: Path | None = None,
    *,
    as_of: dt.date,
    week_from: dt.date | None = None,
    week_to: dt.date | None = None,
    exclude_dirs: tuple[Path, ...] = (),
    use_cache: bool = True,
) -> Report:
    """Read the journal at root and return its report as of one day."""
    from .engine import compute_report

    loaded = load_journal(root, config_path, exclude_dirs=exclude_dirs, use_cache=use_cache)
    return compute_report(loaded.journal, loaded.config, as_of, week_from=week_from, week_to=week_to)


def is_inside(path: Path, folder: Path) -> bool:
    """Return whether path is folder or below it (both resolved)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def write_file_atomic(path: Path, content: str | bytes) -> bool:
    """Write content to path atomically (temporary file, then rename), only when it changed.

    Returns whether the file was written.  Text is written as UTF-8 with LF.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes 0600 files; a page must be readable like any file the user creates.
        os.fchmod(fd, _new_file_mode())
        # The rename makes the write atomic for every reader (and for a killed build);
        # no fsync: everything mdgoals writes can be rebuilt, and an fsync per page
        # made a ten-year site take three times longer.
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):  # the temporary file may already be gone
            os.unlink(tmp)
        raise
    return True


def _new_file_mode() -> int:
    """Return the mode a new file gets under the current umask (0644 with the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def check_report_target(out: Path, journal_root: Path) -> None:
    """Refuse a report file inside the journal: the journal is only read (SPEC §9.1)."""
    if is_inside(out, journal_root):
        raise OutputError(
            f"refusing to write {out}: it is inside the journal {journal_root}, which mdgoals only reads; "
            "write the report elsewhere, or use 'mdgoals build --out DIR' for an output folder"
        )
