"""The reader: markdown files in, :class:`~mdgoals.model.Journal` out (SPEC §2–§3).

``read_journal`` walks a journal folder and reads every note; ``parse_note``
parses one decoded note and touches no file; ``NoteReader`` reads one file at
a time as ``read_journal`` does, for callers that keep what they read (watch);
``DateFormat`` matches and writes the dated paths of daily notes.  Nothing
here writes to the journal.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dates import DateFormat
    from .notes import NoteFile, NoteReader, parse_note, read_journal
    from .scan import Scan, scan_journal

__all__ = ["DateFormat", "NoteFile", "NoteReader", "Scan", "parse_note", "read_journal", "scan_journal"]

# Each name is imported from its module when first asked for: a remembered report needs the walk
# (``scan``), not the parser.
_HOMES = {"DateFormat": "dates", "NoteFile": "notes", "NoteReader": "notes", "parse_note": "notes", "read_journal": "notes", "Scan": "scan", "scan_journal": "scan"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
