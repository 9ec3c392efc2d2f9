"""The data that flows through mdgoals: notes in, goals and reports out.

Everything here is a frozen dataclass or an enum, standard library only.  The
reader builds :class:`Note` objects, :mod:`mdgoals.config` builds the
:class:`Config`, the engine turns both into a :class:`Report`, and renderers
turn the report into text.  Mappings inside frozen objects are never mutated
after construction.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import Problem

# ---------------------------------------------------------------------------
# Shared vocabulary: tags and units are compared the same way everywhere.

# The earliest date a note's name, its front matter, a done date or a goal's start may give.
# Reports run day by day from the first date seen, so one typo like 0206-11-18 would make every
# command compute and build eighteen centuries of days and weeks (minutes, gigabytes); a date
# before 1900 is taken for a typo in the year.
EARLIEST_DATE = dt.date(1900, 1, 1)
# The largest quantity a task may carry: a 5,000-digit "words" count is infinity as a float, and
# one infinite (or absurd) quantity would turn every total it joins into nothing.  Below 10**15,
# sums stay finite and exact.
MAX_QUANTITY = 1e15


def normalize_tag(tag: str) -> str:
    """Return the canonical form of a tag: no leading '#', NFC, case-folded."""
    return unicodedata.normalize("NFC", tag.lstrip("#")).casefold()


_UNIT_SYNONYMS = {
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
}


def normalize_unit(word: str) -> str:
    """Return the canonical unit for a unit word: singular and plural agree.

    ``min``, ``mins``, ``minute`` and ``minutes`` are one unit, as are
    ``word``/``words`` and ``page``/``pages``.
    """
    w = unicodedata.normalize("NFC", word).casefold()
    if w in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[w]
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 2 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


_ID_RE = re.compile(r"^[a-z0-9-]+$")


def is_goal_id(text: str) -> bool:
    """Return whether text is a valid goal id (``[a-z0-9-]+``)."""
    return bool(_ID_RE.match(text))


# ---------------------------------------------------------------------------
# What the reader produces.


class Status(str, enum.Enum):
    """The status of a task (SPEC §3)."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    IN_PROGRESS = "in_progress"
    DEFERRED = "deferred"


MetricValue = int | float | bool


@dataclass(frozen=True)
class Task:
    """One task line of a note.

    ``char`` is the raw status character (`` ``, ``x``, ``-`` …) or the Logseq
    marker (``DONE``); ``text`` is what follows the box, stripped.  ``tags`` are
    normalised (:func:`normalize_tag`); ``fields`` maps inline-field keys
    (case-folded) to their raw values, first one wins; ``quantities`` lists every
    "number unit-word" pair of the text in order, units normalised.
    """

    path: str
    line: int
    status: Status
    char: str
    text: str
    tags: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    quantities: tuple[tuple[float, str], ...] = ()
    mva: bool = False
    done_date: dt.date | None = None


@dataclass(frozen=True)
class Evidence:
    """One evidence-log entry, in the user's own words, with where it came from."""

    path: str
    line: int
    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metric:
    """A front-matter number or boolean (mood, sleep …) and its line."""

    value: MetricValue
    line: int


@dataclass(frozen=True)
class Note:
    """One daily note.  ``path`` is relative to the journal root, with '/'.

    ``off`` is the rest-day flag; ``skip`` the goal ids skipped that day
    (``"all"`` for every goal); ``lines`` maps reserved front-matter keys
    (``off``, ``skip``, ``date`` …) to their line, for explanations.
    """

    path: str
    date: dt.date
    tasks: tuple[Task, ...] = ()
    metrics: dict[str, Metric] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    off: bool = False
    skip: frozenset[str] = frozenset()
    evidence: tuple[Evidence, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Journal:
    """Everything read from a journal folder.

    ``notes`` are the daily notes sorted by (date, path) — two notes may share a
    date; ``other_notes`` the paths of markdown files that are not daily notes.
    """

    root: str
    notes: tuple[Note, ...]
    problems: tuple[Problem, ...] = ()
    other_notes: tuple[str, ...] = ()
    layout: str = "plain"


# ---------------------------------------------------------------------------
# What the configuration holds.


class Level(str, enum.Enum):
    """The rung of the goal ladder."""

    VISION = "vision"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAILY = "daily"


@dataclass(frozen=True)
class Schedule:
    """When a goal is due.

    Day schedules list ``weekdays`` (0 = Monday … 6 = Sunday).  Quota schedules
    (``3/week``, ``10/month``) have ``quota`` and ``period`` and every day is
    eligible.  ``text`` is the schedule as the user wrote it, normalised.
    """

    text: str = "daily"
    weekdays: frozenset[int] = frozenset(range(7))
    quota: int | None = None
    period: str | None = None  # "week" | "month" for quotas

    @property
    def is_quota(self) -> bool:
        """Return whether this is an ``N/week`` or ``N/month`` schedule."""
        return self.quota is not None

    def is_due(self, day: dt.date) -> bool:
        """Return whether a day-schedule goal is due on day (quota: always)."""
        return self.is_quota or day.weekday() in self.weekdays


@dataclass(frozen=True)
class Goal:
    """A goal of the ladder, validated.

    ``match_tags`` are normalised tags, ``match_regex`` case-insensitive
    patterns on the task text.  ``unit`` is normalised (:func:`normalize_unit`);
    ``target`` and ``mva`` are amounts in that unit — or, for a metric goal,
    ``target`` is the bound compared with ``metric_op``.  ``mva_text`` is an MVA
    given as a description ("write one sentence").
    """

    id: str
    title: str
    level: Level = Level.DAILY
    parent: str | None = None
    match_tags: tuple[str, ...] = ()
    match_regex: tuple[str, ...] = ()
    schedule: Schedule = Schedule()
    target: float | None = None
    unit: str | None = None
    mva: float | None = None
    mva_text: str | None = None
    grace: int = 1
    feeling: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    metric: str | None = None
    metric_op: str = ">="
    mva_op: str = ">="
    implicit: bool = False
    line: int = 0
    unit_label: str | None = None  # the unit as the user wrote it ("words", "min"), for display

    @property
    def unit_text(self) -> str | None:
        """Return the unit as shown to people: as written in the config when known."""
        return self.unit_label or self.unit


IMPLICIT_GOAL = Goal(id="show-up", title="Any micro-action done", implicit=True)
"""The goal that stands in when none is configured: any micro-action done, daily."""


@dataclass(frozen=True)
class Break:
    """A range of days (inclusive) when every goal is skipped."""

    start: dt.date
    end: dt.date
    why: str = ""


@dataclass(frozen=True)
class Config:
    """The validated configuration (SPEC §4); every field has the documented default."""

    week_start: str = "monday"
    day_starts_at: dt.time = dt.time(4, 0)
    missing_note: str = "missed"
    mva_credit: float = 0.5
    evidence_headings: tuple[str, ...] = ("Evidence", "Wins")
    breaks: tuple[Break, ...] = ()
    notes_folder: str = "."
    notes_format: str = "YYYY-MM-DD"
    exclude: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    path: str | None = None
    layout: str = "plain"
    template: str | None = None
    problems: tuple[Problem, ...] = ()  # warnings found while loading (unusable vault settings)

    @property
    def week_start_day(self) -> int:
        """Return the weekday weeks start on (0 = Monday, 6 = Sunday)."""
        return 6 if self.week_start == "sunday" else 0


# ---------------------------------------------------------------------------
# What the engine produces.


class DayState(str, enum.Enum):
    """The state of one goal on one day (SPEC §5.1)."""

    DONE = "done"
    MVA = "mva"
    PARTIAL = "partial"
    MISSED = "missed"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"
    NOT_DUE = "not_due"
    IDLE = "idle"
    PENDING = "pending"


COUNT_KEYS: tuple[str, ...] = ("done", "mva", "partial", "missed", "unknown", "skipped", "not_due", "idle", "pending")


class Outcome(str, enum.Enum):
    """What a streak item contributes (SPEC §5.2)."""

    SUCCESS = "success"
    FAILURE = "failure"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Day:
    """One goal's state on one day, with the rule and source that decided it."""

    date: dt.date
    state: DayState
    quantity: float | None = None
    reason: str = ""
    source: str | None = None  # "path:line" of the deciding task or key


@dataclass(frozen=True)
class Item:
    """One streak item: a day, or a period (week / month) of a quota or ladder goal."""

    start: dt.date
    end: dt.date
    outcome: Outcome
    label: str = ""


@dataclass(frozen=True)
class Streak:
    """A streak over items (SPEC §5.2)."""

    unit: str
    grace: int
    current: int
    longest: int
    current_start: dt.date | None


@dataclass(frozen=True)
class StreakStep:
    """The strict and forgiving streak and the strength after one item (for ``explain``)."""

    item: Item
    strict: int
    forgiving: int
    strength: float | None


@dataclass(frozen=True)
class Progress:
    """Where a ladder goal stands in the period that contains as-of (SPEC §5.4)."""

    start: dt.date
    end: dt.date
    quantity: float
    target: float | None
    fraction: float | None
    elapsed: float
    projected: float | None
    on_track: bool | None
    week: int | None = None
    weeks: int | None = None


@dataclass(frozen=True)
class VisionProgress:
    """A vision goal's progress: the ids of its children."""

    children: tuple[str, ...]


@dataclass(frozen=True)
class GoalReport:
    """Everything computed about one goal."""

    goal: Goal
    start: dt.date | None
    streak: Streak | None
    forgiving_streak: Streak | None
    strength: float | None
    counts: dict[str, int]
    quantity_total: float | None
    progress: Progress | VisionProgress | None
    days: tuple[Day, ...]
    steps: tuple[StreakStep, ...] = ()

    def days_between(self, lo: dt.date, hi: dt.date) -> tuple[Day, ...]:
        """Return the days from lo to hi, both included (days are consecutive: a slice, not a scan)."""
        if not self.days:
            return ()
        first = self.days[0].date
        return self.days[max(0, (lo - first).days) : max(0, (hi - first).days + 1)]


@dataclass(frozen=True)
class WeekGoal:
    """One goal's rollup for one week (SPEC §5.4)."""

    due: int
    counts: dict[str, int]
    rate: float | None
    quantity: float | None
    met: bool | None
    remaining: int | None


@dataclass(frozen=True)
class MetricStats:
    """n / mean / min / max of one metric over a week."""

    n: int
    mean: float
    min: float
    max: float


@dataclass(frozen=True)
class EvidenceEntry:
    """An evidence-log entry dated and tagged with its feeling (or None)."""

    date: dt.date
    path: str
    line: int
    text: str
    feeling: str | None


@dataclass(frozen=True)
class Week:
    """The rollup of one week."""

    label: str
    start: dt.date
    end: dt.date
    notes: int
    actions_done: int
    actions_open: int
    actions_cancelled: int
    goals: dict[str, WeekGoal]
    tags: dict[str, int]
    metrics: dict[str, MetricStats]
    evidence: tuple[EvidenceEntry, ...]


@dataclass(frozen=True)
class Suggestion:
    """One piece of advice from the coach, for one goal (or none: ``goal`` None)."""

    goal: str | None
    kind: str  # "comeback" | "fresh_start" | "scale_up"
    text: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class JournalInfo:
    """The journal summary at the top of the report."""

    root: str
    notes: int
    first_date: dt.date | None
    last_date: dt.date | None
    week_start: str
    layout: str = "plain"


@dataclass(frozen=True)
class Report:
    """The whole computed report, as of one day; the input of every renderer."""

    as_of: dt.date
    journal: JournalInfo
    problems: tuple[Problem, ...]
    goals: tuple[GoalReport, ...]
    weeks: tuple[Week, ...]
    suggestions: tuple[Suggestion, ...]
    config: Config = Config()

    def goal(self, goal_id: str) -> GoalReport:
        """Return the report of one goal by id (KeyError when unknown)."""
        for g in self.goals:
            if g.goal.id == goal_id:
                return g
        raise KeyError(goal_id)
