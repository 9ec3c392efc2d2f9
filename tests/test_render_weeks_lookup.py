"""Finding the week under review: by bisection, as a scan of the weeks would find it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mdgoals.render.common import focus_week, weeks_before
from tests.builders import goal, note, report, task

NOTES = [note(f"2026-{m:02d}-{day:02d}", task("write")) for m in (8, 9, 11) for day in (3, 17)]  # no note in October
REPORT = report(NOTES, [goal()], "2026-11-22")


def scan_focus(rep, week):
    """The plain rule: the week starting at week, else the week holding as-of, else the last."""
    for w in rep.weeks:
        if week is not None and w.start == week:
            return w
    for w in rep.weeks:
        if w.start <= rep.as_of <= w.end:
            return w
    return rep.weeks[-1] if rep.weeks else None


@given(st.dates(dt.date(2026, 7, 1), dt.date(2026, 12, 31)) | st.none(), st.dates(dt.date(2026, 7, 1), dt.date(2026, 12, 31)))
def test_focus_week_and_weeks_before_agree_with_a_scan(week, as_of):
    from dataclasses import replace

    rep = replace(REPORT, as_of=as_of)
    found = focus_week(rep, week)
    assert found is scan_focus(rep, week)
    index = rep.weeks.index(found)
    assert weeks_before(rep, found, 4) == list(rep.weeks[max(0, index - 3) : index + 1])


def test_no_weeks_no_focus():
    from dataclasses import replace

    assert focus_week(replace(REPORT, weeks=()), None) is None
