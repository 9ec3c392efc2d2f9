"""Dates in note paths: moment.js formats compiled for matching and for writing (``mdgoals today``)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdgoals.reader import DateFormat

D = datetime.date


@pytest.mark.parametrize(
    ("fmt", "path", "expected"),
    [
        ("YYYY-MM-DD", "2026-11-22", D(2026, 11, 22)),
        ("YYYY-MM-DD", "any/folder/2026-11-22", D(2026, 11, 22)),
        ("YYYY-MM-DD", "2026-11-22 Sunday", D(2026, 11, 22)),
        ("YYYY-MM-DD", "2021-01-01-Friday", D(2021, 1, 1)),
        ("YYYY-MM-DD", "2021-01-01_notes", D(2021, 1, 1)),
        ("YYYY-MM-DD", "2026-11-22abc", None),
        ("YYYY-MM-DD", "2026-11-221", None),
        ("YYYY-MM-DD", "Jeffrey-20210102-Diary", None),
        ("YYYY-MM-DD", "x2026-11-22", None),
        ("YYYY-MM-DD", "2024-13-45", None),
        ("YYYYMMDD", "20210103-D", D(2021, 1, 3)),
        ("DD.MM.YYYY", "02.01.2021", D(2021, 1, 2)),
        ("DD-MM-YYYY", "05-01-2021", D(2021, 1, 5)),
        ("D-M-YY", "5-1-21", D(2021, 1, 5)),
        ("D-M-YY", "5-1-99", D(1999, 1, 5)),
        ("YYYY_MM_DD", "2026_11_22", D(2026, 11, 22)),
        ("[D-]YYYYMMDD", "D-20210102", D(2021, 1, 2)),
        ("[Journal] YYYY-MM-DD", "journal 2026-01-05", D(2026, 1, 5)),
        ("YYYY/MM/DD", "2026/11/22", D(2026, 11, 22)),
        ("YYYY/MM/DD", "2026/11/22 notes", D(2026, 11, 22)),
        ("YYYY/MM/DD", "archive/2026/11/22", None),
        ("YYYY/MM/DD", "2026/11/22/more", None),
        ("YYYY/MM/YYYY-MM-DD", "2026/11/2026-11-22", D(2026, 11, 22)),
        ("YYYY/MM/YYYY-MM-DD", "2026/10/2026-11-22", None),
        ("YYYY/MMMM/YYYY-MM-DD", "2026/November/2026-11-22", D(2026, 11, 22)),
        ("dddd, MMMM D, YYYY", "Sunday, November 22, 2026", D(2026, 11, 22)),
        ("dddd, MMMM D, YYYY", "sunday, NOVEMBER 22, 2026", D(2026, 11, 22)),
        ("ddd D MMM YYYY", "Sun 22 Nov 2026", D(2026, 11, 22)),
        ("D MMM YYYY", "22 Sept 2026", None),
        ("MMM D, YYYY", "Sep 3, 2026", D(2026, 9, 3)),
    ],
)
def test_match(fmt: str, path: str, expected: datetime.date | None) -> None:
    assert DateFormat(fmt).match(path) == expected


def test_probe_tells_what_looks_like_a_date_but_is_not() -> None:
    fmt = DateFormat("YYYY-MM-DD")
    assert fmt.probe("2024-13-45") == (None, "'2024-13-45' looks like a date but is not one (month must be in 1..12)")
    assert fmt.probe("2023-02-29")[1] == "'2023-02-29' looks like a date but is not one (day is out of range for month)"
    assert fmt.probe("notes") == (None, None)
    assert fmt.probe("2026-11-22") == (D(2026, 11, 22), None)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("YYYY-MM-DD", "2026-03-05"),
        ("YYYY/MM/YYYY-MM-DD", "2026/03/2026-03-05"),
        ("D.M.YY", "5.3.26"),
        ("dddd, MMMM D, YYYY", "Thursday, March 5, 2026"),
        ("ddd DD MMM YYYY", "Thu 05 Mar 2026"),
        ("[Daily] YYYY-MM-DD", "Daily 2026-03-05"),
        ("YYYY_MM_DD", "2026_03_05"),
    ],
)
def test_format(fmt: str, expected: str) -> None:
    assert DateFormat(fmt).format(D(2026, 3, 5)) == expected


FORMATS = ["YYYY-MM-DD", "YYYY/MM/YYYY-MM-DD", "D.M.YYYY", "dddd, MMMM D, YYYY", "ddd DD MMM YY", "[Day] YYYYMMDD",
           "YYYY_MM_DD", "YYYY/MMMM/DD"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(FORMATS), st.dates(min_value=D(1969, 1, 1), max_value=D(2068, 12, 31)))
def test_format_and_match_are_inverse(fmt: str, day: datetime.date) -> None:
    date_format = DateFormat(fmt)
    assert date_format.match(date_format.format(day)) == day


@pytest.mark.parametrize(
    ("fmt", "word"),
    [("YYYY-MM-DD HH:mm", "'HH'"), ("gggg-[W]ww", "'gggg'"), ("Do MMMM YYYY", "'Do'"), ("YYYY-DDDD", "'DDDD'"),
     ("YYYY-MM-DD-dd", "'dd'"), ("Y-MM-DD", "'Y'")],
)
def test_unsupported_tokens_are_refused(fmt: str, word: str) -> None:
    with pytest.raises(ValueError, match=word):
        DateFormat(fmt)


@pytest.mark.parametrize("fmt", ["YYYY-MM", "MM-DD", "[YYYY-MM-DD]", "YYYY-[MM-DD"])
def test_a_format_needs_year_month_and_day(fmt: str) -> None:
    with pytest.raises(ValueError, match="date format"):
        DateFormat(fmt)


def test_equality_and_repr() -> None:
    assert DateFormat("YYYY-MM-DD") == DateFormat("YYYY-MM-DD") != DateFormat("YYYY_MM_DD")
    assert len({DateFormat("YYYY-MM-DD"), DateFormat("YYYY-MM-DD")}) == 1
    assert repr(DateFormat("YYYY-MM-DD")) == "DateFormat('YYYY-MM-DD')"
    assert DateFormat("YYYY/MM/DD").has_folders and not DateFormat("YYYY-MM-DD").has_folders
