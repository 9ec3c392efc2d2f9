"""A weekly or monthly note with a front-matter date is still not a daily note (issue 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from mdgoals.model import Config
from mdgoals.reader import parse_note

TEXT = "---\ndate: 2026-11-16\n---\n- [x] Weekly review #review\n"


@pytest.mark.parametrize("path", ["weekly/2026-W47.md", "2026-11.md", "reviews/2026-Q4.md", "2026.md"])
def test_periodic_notes_are_not_daily_even_with_a_date(path):
    assert parse_note(path, TEXT, None, Config()) == (None, [])


def test_an_undated_name_with_a_front_matter_date_is_daily():
    note, problems = parse_note("meetings/standup.md", TEXT, None, Config())
    assert note is not None and note.date == dt.date(2026, 11, 16) and problems == []
