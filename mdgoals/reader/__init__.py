"""The reader: markdown files in, :class:`~mdgoals.model.Journal` out (SPEC §2–§3).

``read_journal`` walks a journal folder and reads every note; ``parse_note``
parses one decoded note and touches no file; ``NoteReader`` reads one file at
a time as ``read_journal`` does, for callers that keep what they read (watch);
``DateFormat`` matches and writes the dated paths of daily notes.  Nothing
here writes to the journal.
"""

from __future__ import annotations

from .dates import DateFormat
from .notes import NoteFile, NoteReader, Scan, parse_note, read_journal, scan_journal

__all__ = ["DateFormat", "NoteFile", "NoteReader", "Scan", "parse_note", "read_journal", "scan_journal"]
