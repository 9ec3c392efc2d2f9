"""The words of ``mdgoals.yaml``: parsers of single values, each with a message that says how to fix it.

Every parser takes a YAML node (so the caller knows the line and column) and
returns the value, or raises :class:`Invalid` with a message that does not
repeat the key path: :mod:`mdgoals.config` adds it.

>>> from mdgoals import safeyaml
>>> parse_schedule(safeyaml.compose("mon, Wednesday, fri")).text
'mon,wed,fri'
>>> parse_quantity(safeyaml.compose("40,000 words"))
(40000.0, 'word', 'words')
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from pathlib import PurePosixPath
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from . import safeyaml
from .model import EARLIEST_DATE, Level, Schedule, is_goal_id, normalize_tag, normalize_unit

# Front-matter keys with a meaning of their own (SPEC §3) cannot be metrics.
RESERVED_FRONT_MATTER = ("date", "tags", "off", "rest", "skip", "evidence")

_DAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE_WORDS = ("daily", "weekdays", "weekends")
_SCHEDULE_HELP = "(daily, weekdays, weekends, mon,wed,fri, 3/week, 10/month)"
_QUOTA = re.compile(r"^(\d+)\s*x?\s*/\s*(week|month)$")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
# A unit is one word of letters, as the reader finds it in task text ("410 words").
_QUANTITY = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[^\W\d_]+)?$")
_BOUND = re.compile(rf"^(?P<op>>=|<=|≥|≤|=>|=<|==|=|>|<)?\s*(?P<num>[-+]?(?:{_NUMBER}))$")
LOOKS_LIKE_BOUND = re.compile(r"^\s*(?:[<>=≥≤]|[-+]?[\d.])")
_FEELING = re.compile(r"^[\w/-]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_YAML_11_BOOLEANS = ("yes", "no", "on", "off", "y", "n")


class Invalid(Exception):
    """A value that cannot be used; the message says why and how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------
# Small helpers on nodes and words.


def line_of(node: Node) -> int:
    """Return the 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def column_of(node: Node) -> int:
    """Return the 1-based column where a node starts."""
    return int(node.start_mark.column) + 1


def is_null(node: Node) -> bool:
    """Return whether a node is an empty value (``key:`` with nothing after it, or ``null``)."""
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def scalar(node: Node) -> Any:
    """Return the value of a scalar node; a list or mapping is an error."""
    if not isinstance(node, ScalarNode):
        raise Invalid(f"expected a single value, not a {'list' if isinstance(node, SequenceNode) else 'mapping'}")
    return safeyaml.construct(node)


def text_of(node: Node) -> str:
    """Return a scalar as the user wrote it (``2026`` stays "2026"), stripped."""
    scalar(node)
    return str(node.value).strip()


def string_of(node: Node, what: str) -> str:
    """Return a non-empty string scalar; numbers and booleans are errors."""
    value = scalar(node)
    if not isinstance(value, str):
        raise Invalid(f"expected {what}, got {node.value}")
    if not value.strip():
        raise Invalid(f"expected {what}, got an empty string")
    return value.strip()


def suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    """Return "; did you mean 'x'?" for the nearest option, or ''."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def choice(node: Node, options: tuple[str, ...], what: str) -> str:
    """Return one of options (case-insensitive), with a did-you-mean when it is not."""
    word = text_of(node)
    if word.lower() in options:
        return word.lower()
    raise Invalid(f"'{word}' is not {what}{suggest(word.lower(), options)} ({', '.join(options)})")


def parse_date(node: Node) -> dt.date:
    """Return the date of ``YYYY-MM-DD`` (safeyaml keeps dates as strings)."""
    text = text_of(node)
    try:
        if _DATE.match(text):
            date = dt.date.fromisoformat(text)
            if date < EARLIEST_DATE:
                raise Invalid(f"'{text}' is before {EARLIEST_DATE.year}: a typo in the year?")
            return date
    except ValueError:
        raise Invalid(f"'{text}' is not a valid date (YYYY-MM-DD)") from None
    raise Invalid(f"'{text}' is not a date; write YYYY-MM-DD, e.g. 2026-07-01")


def parse_time(node: Node) -> dt.time:
    """Return the time of ``"HH:MM"``; numbers are refused with a hint to quote."""
    value = scalar(node)
    if not isinstance(value, str):
        raise Invalid(f'{node.value} is not a time; write "HH:MM" in quotes, e.g. "04:00"')
    match = _TIME.match(value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Invalid(f"'{value}' is not a time between 00:00 and 23:59 (\"HH:MM\", e.g. \"04:00\")")
    return dt.time(int(match.group(1)), int(match.group(2)))


def _number(text: str) -> float:
    """Return the value of a number that may have thousands separators (40,000)."""
    return float(text.replace(",", ""))


def parse_quantity(node: Node) -> tuple[float, str | None, str | None]:
    """Return (amount, normalised unit, unit as written) of ``350 words``, ``20 min`` or ``5``."""
    value = scalar(node)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount, unit = float(value), None
    else:
        match = _QUANTITY.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            raise Invalid(f"'{node.value}' is not a quantity; write an amount and a one-word unit, e.g. \"350 words\", \"20 min\" or 5")
        amount, unit = _number(match.group("num")), match.group("unit")
    if not math.isfinite(amount) or amount <= 0:
        raise Invalid(f"'{node.value}' must be more than 0")
    return amount, (normalize_unit(unit) if unit else None), unit


def parse_bound(node: Node) -> tuple[float, str]:
    """Return (amount, op) of a metric bound: ``>= 7``, ``<= 2``, ``7`` (at least) or ``true``."""
    value = scalar(node)
    if value is True:
        return 1.0, ">="
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value), ">="
    text = str(node.value).strip()
    match = _BOUND.match(text) if isinstance(value, str) else None
    if match and match.group("op") in (None, ">=", "<=", "≥", "≤"):
        op = {"≥": ">=", "≤": "<=", None: ">="}.get(match.group("op"), match.group("op"))
        return _number(match.group("num")), op
    hint = ""
    if text.lower() in _YAML_11_BOOLEANS:
        hint = " (only true and false are booleans)"
    elif value is False:
        hint = ' (false is never met; for "not at all" write "<= 0")'
    elif re.match(rf"^[<>=≥≤]*\s*[-+]?(?:{_NUMBER})\s*[^\W\d_]", text):
        hint = " (front-matter values are plain numbers: drop the unit)"
    elif match:
        hint = f' (use ">=" or "<=", e.g. ">= {match.group("num")}")'
    raise Invalid(f"'{text}' is not a metric bound; write \">= 7\", \"<= 2\", a number (at least) or true{hint}")


def parse_schedule(node: Node) -> Schedule:
    """Return the Schedule of ``daily``, ``weekdays``, ``weekends``, ``mon,wed,fri``, ``3/week``, ``10/month``."""
    if isinstance(node, SequenceNode):  # every: [mon, wed, fri]
        words = [text_of(item).lower() for item in node.value]
    else:
        text = re.sub(r"\s+", " ", text_of(node).lower())
        if text in ("daily", "every day"):
            return Schedule()
        if text == "weekdays":
            return Schedule("weekdays", frozenset(range(5)))
        if text == "weekends":
            return Schedule("weekends", frozenset({5, 6}))
        quota = _QUOTA.match(text)
        if quota:
            return _quota(int(quota.group(1)), quota.group(2), text)
        words = [w for w in re.split(r"[,\s]+", text) if w]
    bad = [w for w in words if w not in _DAYS]
    if not words or (len(words) == 1 and bad):
        word = words[0] if words else ""
        raise Invalid(f"'{word}' is not a schedule{suggest(word, _SCHEDULE_WORDS + tuple(_DAYS))} {_SCHEDULE_HELP}")
    if bad:
        raise Invalid(f"'{bad[0]}' is not a day{suggest(bad[0], tuple(_DAYS))} ({', '.join(_DAY_NAMES)})")
    days = frozenset(_DAYS[w] for w in words)
    return Schedule(",".join(_DAY_NAMES[d] for d in sorted(days)), days)


def _quota(count: int, period: str, text: str) -> Schedule:
    """Return an ``N/week`` or ``N/month`` schedule; N must fit in the period."""
    most = 7 if period == "week" else 31
    if not 1 <= count <= most:
        raise Invalid(f"'{text}': the count must be between 1 and {most} per {period}")
    return Schedule(f"{count}/{period}", frozenset(range(7)), count, period)


def parse_relative_path(node: Node, what: str) -> str:
    """Return a root-relative path with '/', '.' for the root; absolute paths and '..' are errors."""
    raw = text_of(node)
    text = raw.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise Invalid(f"'{raw}' must be relative to the journal root, e.g. journal/daily")
    parts = [p for p in PurePosixPath(text).parts if p != "."]
    if ".." in parts:
        raise Invalid(f"'{raw}' must stay inside the journal (no '..')")
    if what == "template" and not parts:
        raise Invalid("expected the path of a template file, e.g. templates/daily.md")
    return "/".join(parts) or "."


# ---------------------------------------------------------------------------
# Parsers of single goal values.


def parse_goal_id(node: Node) -> str:
    """Return a goal id (``[a-z0-9-]+``, not ``all``), suggesting a valid spelling."""
    text = text_of(node)
    if text == "all":
        raise Invalid("'all' is reserved (skip: all skips every goal); choose another id")
    if not is_goal_id(text):
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        example = f", e.g. '{slug}'" if slug else ""
        raise Invalid(f"'{text}' is not a valid id; use lowercase letters, digits and '-'{example}")
    return text


def parse_level(node: Node) -> Level:
    """Return the ladder level of a goal."""
    return Level(choice(node, tuple(level.value for level in Level), "a level"))


def parse_metric_key(node: Node) -> str:
    """Return a front-matter key name as written (case matters); reserved keys are refused."""
    key = string_of(node, "a front-matter key, e.g. sleep")
    if key.lower() in RESERVED_FRONT_MATTER:
        raise Invalid(f"'{key}' is a reserved front-matter key ({', '.join(RESERVED_FRONT_MATTER)}), not a metric")
    return key


def parse_grace(node: Node) -> int:
    """Return the misses in a row a forgiving streak survives (a whole number, 0 or more)."""
    value = scalar(node)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise Invalid(f"'{node.value}' is not a whole number of misses (0 or more; 0 for no grace)")


def parse_feeling(node: Node) -> str:
    """Return a feeling normalised like a tag (a leading '#' is allowed and dropped)."""
    text = text_of(node)
    word = normalize_tag(text)
    if not word or not _FEELING.match(word):
        raise Invalid(f"'{text}' is not one word; a feeling is matched as a tag (#capable) on evidence")
    return word


def parse_credit(node: Node) -> float:
    """Return a number between 0 and 1."""
    value = scalar(node)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise Invalid(f"'{node.value}' is not a number between 0 and 1, e.g. 0.5")


def parse_amount(node: Node) -> tuple[float, str | None, str | None]:
    """Return a quantity of a task-matched goal; a comparison belongs to metric goals only."""
    value = scalar(node)
    if isinstance(value, str) and re.match(r"^\s*[<>=≥≤]", value):
        raise Invalid(f"'{value}' compares a metric; add metric: <front-matter key>, or give an amount like \"350 words\"")
    return parse_quantity(node)


def parse_matcher(node: Node) -> tuple[str, str]:
    """Return ("tag", normalised tag) or ("regex", pattern) of one ``match`` item."""
    text = text_of(node)
    if text.startswith("#"):
        name = text[3:-2] if text.startswith("#[[") and text.endswith("]]") else text[1:]
        tag = normalize_tag(name.strip())
        if not tag or (re.search(r"\s", tag) and not text.startswith("#[[")):
            raise Invalid(f"'{text}' is not a tag; a tag is one word, e.g. \"#writing\" or \"#[[Multi Word]]\"")
        return "tag", tag
    if len(text) >= 3 and text.startswith("/") and text.endswith("/"):
        pattern = text[1:-1]
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise Invalid(f"invalid regex {text}: {exc}") from None
        return "regex", pattern
    word = re.sub(r"\s+", "-", text)
    raise Invalid(f"'{text}' is neither a tag nor a regex; write \"#{word}\" for a tag or \"/{text}/\" for a regex (quote it: '#' starts a YAML comment)")


def format_amount(amount: float) -> str:
    """Return an amount for a message: 350, not 350.0."""
    return str(int(amount)) if amount == int(amount) else str(amount)
