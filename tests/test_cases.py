"""The note parser against hand-checked cases: ``tests/cases/NAME.md`` → ``NAME.expected.json``.

Each case is parsed with :func:`mdgoals.reader.parse_note` as the note
``NAME.md`` dated 2026-11-18 by its file name — except cases whose name holds
``nodate``, which have no date from their name.  The config knows the goals
``write``, ``viola`` and ``walk`` (for ``skip:``).

To rewrite the expected files after a deliberate change, run
``MDGOALS_REGEN=1 pytest tests/test_cases.py`` — then read every diff by hand
before committing: the expected files are the specification, not a snapshot.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest

from mdgoals.errors import Problem
from mdgoals.model import Config, Goal, Note
from mdgoals.reader import parse_note

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name[: -len(".md")] for p in CASES.glob("*.md"))
FILE_DATE = datetime.date(2026, 11, 18)
CONFIG = Config(goals=(Goal("write", "Write 350 words"), Goal("viola", "Viola practice"), Goal("walk", "Walk")))


def note_json(note: Note | None, problems: list[Problem]) -> dict[str, Any]:
    """Return a parsed note and its problems as plain JSON data."""
    data: dict[str, Any] = {"note": None}
    if note is not None:
        data["note"] = {
            "date": note.date.isoformat(),
            "off": note.off,
            "skip": sorted(note.skip),
            "tags": list(note.tags),
            "lines": dict(sorted(note.lines.items())),
            "metrics": {
                key: {"value": m.value, "type": type(m.value).__name__, "line": m.line}
                for key, m in sorted(note.metrics.items())
            },
            "tasks": [
                {
                    "line": t.line,
                    "status": t.status.value,
                    "char": t.char,
                    "text": t.text,
                    "tags": list(t.tags),
                    "fields": [list(f) for f in t.fields],
                    "quantities": [list(q) for q in t.quantities],
                    "mva": t.mva,
                    "done_date": t.done_date.isoformat() if t.done_date else None,
                }
                for t in note.tasks
            ],
            "evidence": [{"line": e.line, "text": e.text, "tags": list(e.tags)} for e in note.evidence],
        }
    data["problems"] = [
        {"line": p.line, "column": p.column, "severity": p.severity.value, "message": p.message} for p in problems
    ]
    return data


def parse_case(name: str) -> dict[str, Any]:
    """Return the JSON form of case NAME as parsed now."""
    # Bytes, not text mode: BOMs, CRLF and CR-only line ends reach the parser as they are.
    text = (CASES / f"{name}.md").read_bytes().decode("utf-8")
    file_date = None if "nodate" in name else FILE_DATE
    note, problems = parse_note(f"{name}.md", text, file_date, CONFIG)
    if note is not None:
        assert all(t.path == f"{name}.md" for t in note.tasks)
        assert all(e.path == f"{name}.md" for e in note.evidence)
    assert all(p.path == f"{name}.md" for p in problems)
    return note_json(note, problems)


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    got = parse_case(name)
    expected_path = CASES / f"{name}.expected.json"
    if os.environ.get("MDGOALS_REGEN") == "1":
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"no {expected_path.name}: run MDGOALS_REGEN=1 and check it by hand"
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))
