"""Dates in note paths: a compiled moment.js format, as Obsidian and Logseq write them.

Supported tokens: ``YYYY YY MM M DD D MMM MMMM ddd dddd``, ``[literal]``
escapes, literal separators and ``/`` folders.  Month and weekday names are
English and matched case-insensitively.

>>> DateFormat("YYYY/MM/YYYY-MM-DD").match("2026/11/2026-11-22")
datetime.date(2026, 11, 22)
>>> DateFormat("YYYY-MM-DD").match("archive/2026-11-22 Sunday")
datetime.date(2026, 11, 22)
>>> DateFormat("YYYY-MM-DD").format(datetime.date(2026, 11, 22))
'2026-11-22'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..model import EARLIEST_DATE

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH_NUMBER = {name.casefold(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBER.update({name[:3].casefold(): i + 1 for i, name in enumerate(MONTHS)})

# (letter, run length) -> (field, regex).  Only these runs are tokens we can parse.
_TOKENS: dict[tuple[str, int], tuple[str, str]] = {
    ("Y", 4): ("year", r"[0-9]{4}"),
    ("Y", 2): ("year2", r"[0-9]{2}"),
    ("M", 4): ("month_name", "|".join(MONTHS)),
    ("M", 3): ("month_name", "|".join(m[:3] for m in MONTHS)),
    ("M", 2): ("month", r"[0-9]{2}"),
    ("M", 1): ("month", r"[0-9]{1,2}"),
    ("D", 2): ("day", r"[0-9]{2}"),
    ("D", 1): ("day", r"[0-9]{1,2}"),
    ("d", 4): ("weekday", "|".join(WEEKDAYS)),
    ("d", 3): ("weekday", "|".join(w[:3] for w in WEEKDAYS)),
}
# Letters that moment.js reads as tokens we do not support (hours, weeks, quarters …):
# refusing them beats silently treating them as literal text.
_OTHER_TOKEN_LETTERS = set("YMDdHhmsSaAQWwEeGgXxZzNky")


def _next_is_alnum(text: str, pos: int) -> bool:
    return pos < len(text) and text[pos].isalnum()


@dataclass(frozen=True)
class _Part:
    kind: str  # "literal" | field name
    text: str  # the literal, or the token as written (YYYY)
    regex: str = ""


class DateFormat:
    """A moment.js date format compiled for matching paths and formatting dates.

    Raises ``ValueError`` for a token it cannot parse (``HH``, ``ww``, ``Do`` …).
    """

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.parts = tuple(_tokenize(fmt))
        if not any(p.kind in ("year", "year2") for p in self.parts) or not any(
            p.kind in ("month", "month_name") for p in self.parts
        ) or not any(p.kind == "day" for p in self.parts):
            raise ValueError(f"date format {fmt!r} needs a year (YYYY), a month (MM) and a day (DD)")
        self.has_folders = any(p.kind == "literal" and "/" in p.text for p in self.parts)
        pattern = []
        for i, part in enumerate(self.parts):
            if part.kind == "literal":
                pattern.append(re.escape(part.text))
            else:
                pattern.append(f"(?P<g{i}>{part.regex})")
        self._regex = re.compile("".join(pattern), re.IGNORECASE)
        self._kinds = tuple(p.kind for p in self.parts if p.kind != "literal")  # of the regex's groups, in order

    def __repr__(self) -> str:
        return f"DateFormat({self.fmt!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateFormat) and other.fmt == self.fmt

    def __hash__(self) -> int:
        return hash(self.fmt)

    def match(self, relpath_without_ext: str) -> datetime.date | None:
        """Return the date a note path names, or None.

        ``relpath_without_ext`` is relative to the notes folder, '/'-separated,
        without ``.md``.  A format with folders matches the whole path; one
        without matches the file name in any folder.  The date must start the
        name; text may follow after a separator (``2026-11-22 Sunday``).
        """
        return self.probe(relpath_without_ext)[0]

    def probe(self, relpath_without_ext: str) -> tuple[datetime.date | None, str | None]:
        """Return (date, None), or (None, why) when the path looks like a date but is not one."""
        text = relpath_without_ext if self.has_folders else relpath_without_ext.rsplit("/", 1)[-1]
        m = self._regex.match(text)
        if m is None:
            return None, None
        end = m.end()
        if _next_is_alnum(text, end) or (self.has_folders and "/" in text[end:]):
            return None, None
        year = month = day = None
        conflicts = False
        for kind, raw in zip(self._kinds, m.groups(), strict=True):
            if kind == "weekday":
                continue
            if kind == "year":
                value = int(raw)
                conflicts |= year is not None and year != value
                year = value
            elif kind == "year2":
                two = int(raw)
                # moment.js: two-digit years above 68 are in the 1900s.
                value = two + (1900 if two > 68 else 2000)
                conflicts |= year is not None and year != value
                year = value
            elif kind == "month" or kind == "month_name":
                value = int(raw) if kind == "month" else _MONTH_NUMBER[raw.casefold()]
                conflicts |= month is not None and month != value
                month = value
            else:
                value = int(raw)
                conflicts |= day is not None and day != value
                day = value
        assert year is not None and month is not None and day is not None
        if conflicts:
            return None, f"{m.group(0)!r} names two different dates (its folders and its name disagree)"
        try:
            date = datetime.date(year, month, day)
        except ValueError as exc:
            return None, f"{m.group(0)!r} looks like a date but is not one ({exc})"
        if date < EARLIEST_DATE:
            return None, f"{m.group(0)!r} is a date before {EARLIEST_DATE.year}, taken for a typo in the year"
        return date, None

    def format(self, d: datetime.date) -> str:
        """Return the path (without ``.md``) of the note for day d."""
        out = []
        for part in self.parts:
            if part.kind == "literal":
                out.append(part.text)
            elif part.kind == "year":
                out.append(f"{d.year:04d}")
            elif part.kind == "year2":
                out.append(f"{d.year % 100:02d}")
            elif part.kind == "month":
                out.append(f"{d.month:02d}" if part.text == "MM" else str(d.month))
            elif part.kind == "month_name":
                name = MONTHS[d.month - 1]
                out.append(name if part.text == "MMMM" else name[:3])
            elif part.kind == "day":
                out.append(f"{d.day:02d}" if part.text == "DD" else str(d.day))
            else:
                name = WEEKDAYS[d.weekday()]
                out.append(name if part.text == "dddd" else name[:3])
        return "".join(out)


def _tokenize(fmt: str) -> list[_Part]:
    """Split a moment.js format into literals and supported tokens."""
    parts: list[_Part] = []
    literal: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "[":
            close = fmt.find("]", i + 1)
            if close < 0:
                raise ValueError(f"date format {fmt!r}: '[' at position {i + 1} is never closed with ']'")
            literal.append(fmt[i + 1 : close])
            i = close + 1
            continue
        if ch in _OTHER_TOKEN_LETTERS:
            j = i
            while j < len(fmt) and fmt[j] == ch:
                j += 1
            run = fmt[i:j]
            if (ch, len(run)) not in _TOKENS or (j < len(fmt) and fmt[j] == "o"):
                token = run + ("o" if j < len(fmt) and fmt[j] == "o" else "")
                raise ValueError(
                    f"date format {fmt!r}: token {token!r} is not supported "
                    "(use YYYY YY MM M DD D MMM MMMM ddd dddd, and [text] for literal text)"
                )
            if literal:
                parts.append(_Part("literal", "".join(literal)))
                literal = []
            field, regex = _TOKENS[(ch, len(run))]
            parts.append(_Part(field, run, regex))
            i = j
            continue
        literal.append(ch)
        i += 1
    if literal:
        parts.append(_Part("literal", "".join(literal)))
    return parts
