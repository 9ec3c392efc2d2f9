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
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, Problem, UsageError
from .model import Config, Journal, Report

if TYPE_CHECKING:
    from .reader.scan import Scan
    from .site import BuildResult


@dataclass(frozen=True)
class Loaded:
    """A journal read with its config, ready for the engine."""

    root: Path
    config: Config
    journal: Journal


@dataclass(frozen=True)
class Sources:
    """What a run's output depends on, found without reading a note: the config and the note files (stat'ed)."""

    root: Path
    config: Config
    scan: Scan

    def digest(self) -> str:
        """Return a digest of the journal's state: every note file's path and stat key, and the walk's problems."""
        import hashlib

        state = (
            [f.relpath for f in self.scan.found],
            self.scan.keys,
            [(p.path, p.line, p.column, p.severity.value, p.message) for p in self.scan.walk_problems],
        )
        return hashlib.sha256(repr(state).encode("utf-8", "surrogateescape")).hexdigest()

    def recent(self) -> bool:
        """Return whether a note file changed too recently for its stat key to stand for its content."""
        from .memo import recent

        return self.scan.keys is None or recent(self.scan.keys)


def find_sources(
    root: Path, config_path: Path | None = None, *, exclude_dirs: tuple[Path, ...] = (), stat: bool = True
) -> Sources:
    """Load the config and find the journal's note files (stat'ed when stat), reading none."""
    from .config import load_config
    from .reader.scan import scan_journal

    if not root.exists():
        raise UsageError(f"journal folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"not a folder: {root} (give the journal's folder)")
    config = load_config(root, config_path)
    return Sources(root, config, scan_journal(root, config, exclude_dirs, stat=stat))


def read_sources(sources: Sources, *, use_cache: bool = True) -> Loaded:
    """Read every note of the sources found (unchanged notes from the parse cache with use_cache)."""
    from .reader import read_journal

    config = sources.config
    journal = read_journal(sources.root, config, use_cache=use_cache, scan=sources.scan)
    if config.problems:  # warnings about the vault's own settings (unreadable JSON …)
        journal = replace(journal, problems=tuple(sorted(config.problems + journal.problems)))
    return Loaded(sources.root, config, journal)


def load_journal(root: Path, config_path: Path | None = None, *, exclude_dirs: tuple[Path, ...] = (), use_cache: bool = True) -> Loaded:
    """Load the config and read every note of the journal at root (unchanged notes from the parse cache with use_cache)."""
    return read_sources(find_sources(root, config_path, exclude_dirs=exclude_dirs, stat=use_cache), use_cache=use_cache)


def remembered_report(
    sources: Sources,
    request: tuple[object, ...],
    make: Callable[[Loaded], tuple[str, tuple[Problem, ...]]],
    *,
    use_cache: bool = True,
) -> tuple[str, tuple[Problem, ...]]:
    """Return ``make(loaded)`` — a report's text and problems — or what it returned before for the same inputs.

    ``request`` holds whatever else the text depends on (format, as-of, options).
    Without use_cache, or when a note changed too recently to be sure of it, the
    report is always made and nothing is remembered (:mod:`mdgoals.memo`).
    """
    memo = None
    key = ""
    if use_cache and not sources.recent():
        from .memo import Memo, code_digest, key_of

        memo = Memo(sources.root)
        key = key_of("report", code_digest(), sources.config, sources.digest(), request)
        hit = memo.get(key)
        if (
            isinstance(hit, tuple)
            and len(hit) == 2
            and isinstance(hit[0], str)
            and isinstance(hit[1], tuple)
            and all(isinstance(p, Problem) for p in hit[1])
        ):
            return hit
    from .reader.cache import written_in_background

    with written_in_background():  # the parse cache is pickled on the other processor while the report is made
        text, problems = make(read_sources(sources, use_cache=use_cache))
    if memo is not None:
        memo.put(key, (text, tuple(problems)))
    return text, tuple(problems)


def remembered_build(
    sources: Sources,
    out_dir: Path,
    request: tuple[object, ...],
    make: Callable[[Loaded], tuple[BuildResult, tuple[Problem, ...]]],
    *,
    templates: Path | None = None,
    use_cache: bool = True,
) -> tuple[BuildResult, tuple[Problem, ...]]:
    """Return ``make(loaded)`` — a build's result and problems — or, when the same inputs built the output
    folder last time and every file it left there is still as it was, that result with nothing written.

    ``request`` holds what else the site depends on (as-of, --clean); the
    template folders' content is part of the inputs too (:mod:`mdgoals.memo`).
    """
    from .site import MANIFEST, BuildResult, template_dirs

    memo = None
    key = ""
    if use_cache and not sources.recent():
        from .memo import Memo, code_digest, folder_digest, key_of, output_keys

        memo = Memo(sources.root)
        where = (os.path.realpath(out_dir), os.path.realpath(sources.root), str(out_dir))
        looks = [folder_digest(d) for d in template_dirs(sources.root, templates)]
        key = key_of("build", code_digest(), sources.config, sources.digest(), where, looks, request)
        hit = memo.get(key)
        if isinstance(hit, tuple) and len(hit) == 4:
            pages, kept, keys, problems = hit
            if output_keys(out_dir, (*pages, *kept, MANIFEST)) == keys and all(isinstance(p, Problem) for p in problems):
                return BuildResult(out_dir, (), tuple(pages), (), tuple(kept)), tuple(problems)
    from .reader.cache import written_in_background

    with written_in_background():  # the parse cache is pickled on the other processor while the site is made
        built, problems = make(read_sources(sources, use_cache=use_cache))
    if memo is not None:
        from .memo import output_keys, recent

        pages = tuple(sorted(built.written + built.unchanged))
        keys = output_keys(out_dir, (*pages, *built.kept, MANIFEST))
        if None not in keys and not recent(keys):  # files written just now are remembered after the next build
            memo.put(key, (pages, built.kept, keys, tuple(problems)))
    return built, tuple(problems)


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


# Exclusive create of the temporary file: a name taken (by a crashed build's leftover) is retried.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _temp_suffix() -> str:
    """Return 8 random hex digits for a temporary file's name (os.urandom: no import of secrets/hashlib)."""
    return os.urandom(4).hex()


def write_file_atomic(path: Path, content: str | bytes) -> bool:
    """Write content to path atomically (temporary file, then rename), only when it changed.

    Returns whether the file was written.  Text is written as UTF-8 with LF; a new
    file gets the mode the umask gives any file the user creates.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    name = os.fspath(path)
    with contextlib.suppress(OSError):
        st = os.stat(name)
        if st.st_size == len(data) and stat.S_ISREG(st.st_mode):  # never open a FIFO planted there
            with open(name, "rb") as fh:
                if fh.read() == data:
                    return False
    folder, base = os.path.split(name)
    os.makedirs(folder or ".", exist_ok=True)
    # A site is a thousand small files: os.open with 0o666 (the umask applies, as for any new file)
    # costs a third of tempfile.mkstemp + fchmod. The name matches what mdgoals.site cleans up after a
    # killed build: ".<name>.<8 characters>.tmp".
    while True:
        tmp = os.path.join(folder, f".{base}.{_temp_suffix()}.tmp")
        try:
            fd = os.open(tmp, _NEW_FILE, 0o666)
            break
        except FileExistsError:
            continue
    try:
        # The rename makes the write atomic for every reader (and for a killed build);
        # no fsync: everything mdgoals writes can be rebuilt, and an fsync per page
        # made a ten-year site take three times longer.
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, name)
    except BaseException:
        with contextlib.suppress(OSError):  # the temporary file may already be gone
            os.unlink(tmp)
        raise
    return True


def check_report_target(out: Path, journal_root: Path) -> None:
    """Refuse a report file inside the journal: the journal is only read (SPEC §9.1)."""
    if is_inside(out, journal_root):
        raise OutputError(
            f"refusing to write {out}: it is inside the journal {journal_root}, which mdgoals only reads; "
            "write the report elsewhere, or use 'mdgoals build --out DIR' for an output folder"
        )
