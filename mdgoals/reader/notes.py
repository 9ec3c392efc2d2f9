"""One note from its text, and a whole journal from its folder (SPEC §2, §3)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..collector import collector_paused
from ..errors import Problem, Severity
from ..model import Config, Journal, Note
from ..vault import periodic_kind
from .body import scan_body
from .dates import DateFormat
from .discover import Found, decode, read_bytes
from .frontmatter import read_front_matter
from .scan import Scan, scan_journal


def parse_note(
    relpath: str, text: str, file_date: datetime.date | None, config: Config
) -> tuple[Note | None, list[Problem]]:
    """Parse one decoded note; pure: no file is opened and no clock is read.

    ``file_date`` is the date its path names (None when it names none).  Returns
    ``(None, problems)`` when the note has no date at all: it is not a daily note.

    >>> note, problems = parse_note("2026-11-18.md", "- [x] Walk 10 min #walk\\n", datetime.date(2026, 11, 18), Config())
    >>> note.tasks[0].quantities, note.tags
    (((10.0, 'minutes'),), ('walk',))
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    fm = read_front_matter(lines, relpath, config)
    problems = list(fm.problems)
    date = file_date or fm.date
    if file_date is None and periodic_kind(relpath) is not None:
        # A weekly or monthly note (2026-W47.md, 2026-11.md) is not a daily note, whatever its date: says.
        return None, []
    if file_date is not None and fm.date is not None and fm.date != file_date:
        problems.append(
            Problem(
                relpath,
                fm.lines.get("date", 0),
                1,
                Severity.WARNING,
                f"the file name says {file_date.isoformat()} but front matter says date: {fm.date.isoformat()}; "
                "the file name wins: correct one of them",
            )
        )
    if date is None:
        # Not a daily note: its problems are none of our business, unless they may be why it has no date.
        if not fm.valid and fm.found:
            return None, [
                Problem(p.path, p.line, p.column, Severity.WARNING, f"{p.message} (so the note's date is unknown)")
                for p in fm.problems
            ]
        if "date" in fm.lines:
            return None, [p for p in fm.problems if p.line == fm.lines["date"]]
        return None, []
    body = scan_body(lines, fm.body_start, relpath, config.evidence_headings, text)
    problems.extend(body.problems)
    tags = list(fm.tags)
    seen = set(tags)
    tags.extend(t for t in body.tags if t not in seen)
    note = Note(
        path=relpath,
        date=date,
        tasks=tuple(body.tasks),
        metrics=dict(fm.metrics),
        tags=tuple(tags),
        off=fm.off,
        skip=frozenset(fm.skip),
        evidence=tuple(fm.evidence) + tuple(body.evidence),
        lines=dict(fm.lines),
    )
    return note, problems


def _folder_prefix(folder: str) -> str:
    """Return the notes folder as a '/'-ended relative prefix ('' for the root)."""
    folder = folder.replace("\\", "/").strip()
    while folder.startswith("./"):
        folder = folder[2:]
    folder = folder.strip("/")
    return "" if folder in ("", ".") else folder + "/"


@dataclass(frozen=True)
class NoteFile:
    """What one markdown file gives the journal: its daily note (or None), its problems, and whether it is another note."""

    relpath: str
    note: Note | None
    problems: tuple[Problem, ...]
    other: bool  # a markdown file that is not a daily note


class NoteReader:
    """Read a journal's files one at a time, exactly as :func:`read_journal` does.

    For callers that keep the files they read (``mdgoals watch`` re-reads only
    the files whose stat changed): ``read`` one :class:`Found` file, then
    ``journal`` joins the files into the :class:`Journal` read_journal returns.

    >>> reader = NoteReader(Config())
    >>> found, walk_problems = discover(Path("sample-journal"))  # doctest: +SKIP
    >>> reader.journal(Path("sample-journal"), [reader.read(f) for f in found], walk_problems)  # doctest: +SKIP
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.problems: list[Problem] = []  # about the config's notes settings, once per journal
        try:
            self.format: DateFormat | None = DateFormat(config.notes_format)
        except ValueError as exc:
            self.format = None
            self.problems.append(Problem(config.path or "mdgoals.yaml", 0, 0, Severity.ERROR, f"notes.format: {exc}"))
        self.prefix = _folder_prefix(config.notes_folder)

    def read(self, f: Found) -> NoteFile:
        """Read, decode and parse one file found by :func:`discover`."""
        prefix = self.prefix
        if prefix and not f.relpath.startswith(prefix):
            return NoteFile(f.relpath, None, (), True)
        inside = f.relpath[len(prefix) :]
        problems: list[Problem] = []
        file_date = None
        if self.format is not None:
            file_date, why = self.format.probe(inside[:-3])
            if why is not None:
                problems.append(Problem(f.relpath, 0, 0, Severity.INFO, f"file name {why}: not dated by its name (rename it if it is a daily note)"))
        data, read_problems = read_bytes(f)
        problems.extend(read_problems)
        if data is None:
            return NoteFile(f.relpath, None, tuple(problems), False)
        text, decode_problems = decode(data, f.relpath)
        problems.extend(decode_problems)
        if text is None:
            return NoteFile(f.relpath, None, tuple(problems), False)
        note, note_problems = parse_note(f.relpath, text, file_date, self.config)
        problems.extend(note_problems)
        return NoteFile(f.relpath, note, tuple(problems), note is None)

    def journal(self, root: Path, files: Iterable[NoteFile], walk_problems: Iterable[Problem] = ()) -> Journal:
        """Return the Journal of the files read: notes by (date, path), problems and other notes sorted."""
        problems = list(self.problems)
        problems.extend(walk_problems)
        notes: list[Note] = []
        others: list[str] = []
        for nf in files:
            problems.extend(nf.problems)
            if nf.note is not None:
                notes.append(nf.note)
            elif nf.other:
                others.append(nf.relpath)
        notes.sort(key=lambda n: (n.date, n.path))
        problems.extend(_same_day_warnings(notes))
        return Journal(
            root=str(root),
            notes=tuple(notes),
            problems=tuple(sorted(problems)),
            other_notes=tuple(sorted(others)),
            layout=self.config.layout,
        )


def read_journal(
    root: Path, config: Config, *, exclude_dirs: Sequence[Path] = (), use_cache: bool = False, scan: Scan | None = None
) -> Journal:
    """Walk root, read every note, and return the :class:`Journal`.

    Notes are sorted by (date, path), problems sorted, other notes sorted.  One
    bad file never stops the walk: it becomes a problem.  With ``use_cache``,
    notes whose stat key is unchanged since the last run come from the parse
    cache (:mod:`mdgoals.reader.cache`) instead of being read: the Journal is
    the same either way.  ``scan`` is the walk's result when the caller has made
    it already (:func:`scan_journal`).

    >>> journal = read_journal(Path("sample-journal"), Config())  # doctest: +SKIP
    >>> journal.notes[0].date  # doctest: +SKIP
    datetime.date(2026, 8, 31)
    """
    reader = NoteReader(config)
    if scan is None:
        scan = scan_journal(root, config, exclude_dirs)
    if use_cache:
        from .cache import read_cached

        files = read_cached(root, reader, scan.found, scan.keys)
    else:
        files = read_files(reader, scan.found)
    return reader.journal(root, files, scan.walk_problems)


def read_files(reader: NoteReader, found: Sequence[Found]) -> list[NoteFile]:
    """Read the files in order: on two processors when there are many (:mod:`mdgoals.parallel`)."""
    from ..parallel import map_split

    def read_all(files: Sequence[Found]) -> list[NoteFile]:
        return [reader.read(f) for f in files]

    with collector_paused():  # notes hold no reference cycles (mdgoals.collector)
        return map_split(read_all, found)


def _same_day_warnings(notes: list[Note]) -> list[Problem]:
    """Warn once per date held by two or more notes (their items are combined)."""
    by_date: dict[datetime.date, list[str]] = {}
    for note in notes:
        by_date.setdefault(note.date, []).append(note.path)
    return [
        Problem(
            paths[0],
            0,
            0,
            Severity.WARNING,
            f"{len(paths)} notes for {date.isoformat()}: {', '.join(paths)}; their items are combined",
        )
        for date, paths in by_date.items()
        if len(paths) > 1
    ]
