"""Lint a journal (``mdgoals check``): the config's problems, the notes' problems, and a few cheap cross-checks.

Built to run as a pre-commit hook on years of notes: it reads the notes and
the configuration, adds what only a whole-journal view shows, and computes no
report.  Most diagnostics come from the configuration loader and the reader
(bad front matter, an unknown goal in ``skip:``, an unknown status character,
a file name and a ``date:`` that disagree, two notes for one date, invalid
UTF-8, sync-conflict copies); this module adds notes dated after as-of and
the markdown files that are not daily notes (info).

Exit status (SPEC §6): 0 clean, 1 errors (or, with ``--strict``, warnings), 2
a configuration or usage error.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .api import Loaded
from .errors import ConfigError, Problem, Severity
from .model import Config, Journal
from .reader import DateFormat
from .vault import detect_layout, periodic_kind

SCHEMA = "mdgoals/check/1"
# A note dated a few days ahead is planned (`mdgoals today --date` for tomorrow); far ahead is likely a typo.
PLANNED_DAYS = 7


@dataclass(frozen=True)
class CheckResult:
    """The diagnostics of one journal, sorted by path, line and column."""

    root: str
    as_of: dt.date | None
    layout: str
    notes: int
    problems: tuple[Problem, ...]
    config_failed: bool = False

    def count(self, severity: Severity) -> int:
        """Return how many problems have this severity."""
        return sum(1 for p in self.problems if p.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        """Return 2 for a configuration error, 1 for errors (or warnings when strict), else 0."""
        if self.config_failed:
            return 2
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return 1
        return 0

    def summary(self) -> str:
        """Return one line: what was checked and how many problems of each kind."""
        if self.config_failed:
            return f"{self.root}: the configuration has errors; fix them, then check again"

        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        counts = f"{plural(self.count(Severity.ERROR), 'error')}, {plural(self.count(Severity.WARNING), 'warning')}"
        return f"{self.root}: {plural(self.notes, 'daily note')} checked: {counts}, {self.count(Severity.INFO)} info"


def check_loaded(loaded: Loaded, as_of: dt.date) -> CheckResult:
    """Return every diagnostic of a journal read with its config, as of one day."""
    journal, config = loaded.journal, loaded.config
    problems = set(journal.problems)
    problems.update(future_notes(journal, as_of))
    problems.update(other_notes(loaded.root, journal, config))
    return CheckResult(
        root=str(loaded.root),
        as_of=as_of,
        layout=config.layout,
        notes=len(journal.notes),
        problems=tuple(sorted(problems)),
    )


def config_failure(root: Path, error: ConfigError) -> CheckResult:
    """Return the result of a check stopped by an invalid configuration (exit status 2)."""
    return CheckResult(str(root), None, "", 0, tuple(sorted(error.problems)), config_failed=True)


def future_notes(journal: Journal, as_of: dt.date) -> list[Problem]:
    """Return a problem for each note dated after as-of: info when planned a few days ahead, else a warning."""
    problems = []
    for note in journal.notes:
        ahead = (note.date - as_of).days
        if ahead <= 0:
            continue
        line = note.lines.get("date", 0)
        if ahead <= PLANNED_DAYS:
            message = f"dated {note.date}, after as-of {as_of}: a note planned ahead counts from that day on"
            problems.append(Problem(note.path, line, 1 if line else 0, Severity.INFO, message))
        else:
            message = (
                f"dated {note.date}, {ahead} days after as-of {as_of}: a typo in the date? It is ignored until then"
            )
            problems.append(Problem(note.path, line, 1 if line else 0, Severity.WARNING, message))
    return problems


def other_notes(root: Path, journal: Journal, config: Config) -> list[Problem]:
    """Return an info problem for each markdown file that is not a daily note, saying why."""
    folder = config.notes_folder.replace("\\", "/").strip("/")
    prefix = "" if folder in ("", ".") else folder + "/"
    try:
        fmt: DateFormat | None = DateFormat(config.notes_format)
    except ValueError:
        fmt = None  # the reader reports the format itself
    layout = detect_layout(root)  # small settings files only: cheap
    problems = []
    for path in journal.other_notes:
        kind = periodic_kind(path, layout)
        if kind is not None:
            message = f"a {kind} note, not a daily note"
        elif prefix and not path.startswith(prefix):
            dated = fmt is not None and fmt.match(path[:-3]) is not None
            what = "named like a daily note but" if dated else "not a daily note:"
            message = f"{what} outside the daily-notes folder '{folder}'"
            if dated:
                message += f": not read as one (move it into '{folder}')"
        else:
            message = f"not a daily note: no date in its name ({config.notes_format}) or its front matter (date:)"
        problems.append(Problem(path, 0, 0, Severity.INFO, message))
    for note in journal.notes:
        kind = periodic_kind(note.path, layout)
        if kind is not None:
            message = (
                f"a {kind} note read as the daily note of {note.date} (its front matter has date:); "
                "exclude its folder in mdgoals.yaml (exclude:) if it is not one"
            )
            problems.append(
                Problem(
                    note.path, note.lines.get("date", 0), 1 if "date" in note.lines else 0, Severity.WARNING, message
                )
            )
    return problems


def to_json(result: CheckResult, strict: bool = False) -> str:
    """Return the check result as JSON (schema ``mdgoals/check/1``), keys in a stable order."""
    data = {
        "schema": SCHEMA,
        "root": result.root,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "layout": result.layout or None,
        "notes": result.notes,
        "strict": strict,
        "exit_code": result.exit_code(strict),
        "counts": {s.value: result.count(s) for s in Severity},
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity.value, "message": p.message}
            for p in result.problems
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
