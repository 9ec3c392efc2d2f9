"""Periods of the calendar: weeks (by ``week_start``), months and their labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

ONE_DAY = dt.timedelta(days=1)


def daterange(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Yield every day from start to end, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def week_start(day: dt.date, first_weekday: int) -> dt.date:
    """Return the first day of the week containing day (first_weekday 0 = Monday, 6 = Sunday)."""
    return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)


def week_label(start: dt.date, first_weekday: int) -> str:
    """Return a week's label: ``2026-W47`` (ISO) for Monday weeks, the first day for Sunday weeks."""
    if first_weekday == 0:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


def month_start(day: dt.date) -> dt.date:
    """Return the first day of the month containing day."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """Return the last day of the month containing day."""
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - ONE_DAY


def period_bounds(day: dt.date, period: str, first_weekday: int) -> tuple[dt.date, dt.date]:
    """Return (first, last) day of the week or month containing day."""
    if period == "week":
        start = week_start(day, first_weekday)
        return start, start + dt.timedelta(days=6)
    return month_start(day), month_end(day)


def periods(start: dt.date, end: dt.date, period: str, first_weekday: int) -> Iterator[tuple[dt.date, dt.date]]:
    """Yield the (first, last) days of every week or month that overlaps start..end."""
    first, last = period_bounds(start, period, first_weekday)
    while first <= end:
        yield first, last
        first, last = period_bounds(last + ONE_DAY, period, first_weekday)


def parse_week_label(label: str, first_weekday: int) -> dt.date:
    """Return the first day of the week a label names (``2026-W47`` or ``2026-11-15``).

    Raises ValueError with a message that says what was expected.
    """
    text = label.strip()
    if "-W" in text.upper():
        year_text, _, week_text = text.upper().partition("-W")
        try:
            monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
        except ValueError:
            raise ValueError(f"'{label}' is not a week: expected an ISO week like 2026-W47") from None
        return week_start(monday, first_weekday) if first_weekday == 0 else monday - ONE_DAY
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{label}' is not a week: expected 2026-W47 or a date like 2026-11-15") from None
    return week_start(day, first_weekday)


# English names, never the locale's: output must not depend on LANG (SPEC §8).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_name(day: dt.date) -> str:
    """Return the English name of day's month."""
    return MONTH_NAMES[day.month - 1]


def weekday_name(day: dt.date) -> str:
    """Return the English name of day's weekday."""
    return WEEKDAY_NAMES[day.weekday()]
