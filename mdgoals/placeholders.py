"""Obsidian's template placeholders, filled as plain text: ``{{date}}``, ``{{date:FORMAT}}``, ``{{title}}``.

A vault's own daily template is the user's text, so it is never given to a
template engine: only these placeholders are replaced, by string
substitution, the way Obsidian's daily-notes plugin does.  Dates are
formatted with moment.js tokens and English names.
"""

from __future__ import annotations

import datetime as dt
import re

from .engine.calendar import month_name, weekday_name

_PLACEHOLDER = re.compile(
    r"\{\{\s*(date|time|title|yesterday|tomorrow)\s*(?:([+-]\d+)\s*([yqmwd]))?\s*(?::([^}]*?))?\s*\}\}", re.IGNORECASE
)


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit == "d":
        return day + dt.timedelta(days=amount)
    if unit == "w":
        return day + dt.timedelta(weeks=amount)
    months = amount * {"m": 1, "q": 3, "y": 12}[unit]
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def fill_placeholders(text: str, day: dt.date, name_format: str, now: dt.time | None = None) -> str:
    """Replace Obsidian's template placeholders as plain text (no template engine runs).

    ``{{date}}`` and ``{{title}}`` become the note's name; ``{{date:dddd}}``,
    ``{{date+1d:YYYY-MM-DD}}``, ``{{yesterday}}`` and ``{{tomorrow}}`` are dates;
    ``{{time}}`` is replaced only when ``now`` is given.

    >>> fill_placeholders("# {{date:dddd, D MMMM}} ({{title}})", dt.date(2026, 11, 23), "YYYY-MM-DD")
    '# Monday, 23 November (2026-11-23)'
    """
    title = format_moment(name_format, day).rsplit("/", 1)[-1]

    def replace(match: re.Match[str]) -> str:
        kind, amount, unit, fmt = match.group(1).lower(), match.group(2), match.group(3), match.group(4)
        when = _shift(day, int(amount), unit) if amount else day
        if kind == "title":
            return title
        if kind in ("yesterday", "tomorrow"):
            other = day + dt.timedelta(days=-1 if kind == "yesterday" else 1)
            return format_moment(name_format, other).rsplit("/", 1)[-1]
        if kind == "time":
            if now is None:
                return match.group(0)
            return format_moment(fmt.strip() if fmt and fmt.strip() else "HH:mm", when, now)
        if fmt and fmt.strip():
            return format_moment(fmt.strip(), when, now)
        return title if not amount else format_moment(name_format, when).rsplit("/", 1)[-1]

    return _PLACEHOLDER.sub(replace, text)


_MOMENT_TOKEN = re.compile(
    r"\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|Mo|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|d|E|GGGG|gggg|WW|Wo|W|ww|wo|w|HH|H|hh|h|mm|m|ss|s|A|a"
)


def format_moment(fmt: str, day: dt.date, now: dt.time | None = None) -> str:
    """Format a date with moment.js tokens (English names); unknown letters stay as they are.

    >>> format_moment("gggg-[W]ww", dt.date(2026, 11, 23)), format_moment("Do MMM YY", dt.date(2026, 11, 1))
    ('2026-W48', '1st Nov 26')
    """
    iso_year, iso_week, iso_day = day.isocalendar()
    # moment's English locale: weeks start on Sunday and week 1 holds 1 January.
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    locale_week = (saturday - dt.date(saturday.year, 1, 1)).days // 7 + 1
    t = now or dt.time(0, 0)
    hour12 = t.hour % 12 or 12

    def ordinal(n: int) -> str:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    values = {
        "YYYY": f"{day.year:04d}", "YY": f"{day.year % 100:02d}", "Q": str((day.month - 1) // 3 + 1),
        "MMMM": month_name(day), "MMM": month_name(day)[:3], "MM": f"{day.month:02d}", "Mo": ordinal(day.month),
        "M": str(day.month), "DDDD": f"{day.timetuple().tm_yday:03d}", "DDD": str(day.timetuple().tm_yday),
        "Do": ordinal(day.day), "DD": f"{day.day:02d}", "D": str(day.day), "dddd": weekday_name(day),
        "ddd": weekday_name(day)[:3], "dd": weekday_name(day)[:2], "d": str((day.weekday() + 1) % 7),
        "E": str(iso_day), "GGGG": f"{iso_year:04d}", "gggg": f"{saturday.year:04d}", "WW": f"{iso_week:02d}",
        "Wo": ordinal(iso_week), "W": str(iso_week), "ww": f"{locale_week:02d}", "wo": ordinal(locale_week),
        "w": str(locale_week), "HH": f"{t.hour:02d}", "H": str(t.hour), "hh": f"{hour12:02d}", "h": str(hour12),
        "mm": f"{t.minute:02d}", "m": str(t.minute), "ss": f"{t.second:02d}", "s": str(t.second),
        "A": "AM" if t.hour < 12 else "PM", "a": "am" if t.hour < 12 else "pm",
    }  # fmt: skip

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        return text[1:-1] if text.startswith("[") else values[text]

    return _MOMENT_TOKEN.sub(token, fmt)
