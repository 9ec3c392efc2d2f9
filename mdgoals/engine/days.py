"""Day states (SPEC §5.1): what each goal's matching tasks say about each day.

The journal is first folded into one :class:`DayData` per date (two notes for a
date are combined; done tasks move to their ``✅`` date), then every goal gets
one :class:`~mdgoals.model.Day` per day of its active range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import MAX_QUANTITY, Config, Day, DayState, Goal, Metric, Note, Status, Task
from .calendar import daterange


@dataclass
class DayData:
    """Everything the journal says about one date, all notes of that date combined."""

    date: dt.date
    has_note: bool = False
    paths: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    off: str | None = None  # "path:line" of the off/rest key when the day is a rest day
    skip: dict[str, str] = field(default_factory=dict)  # goal id (or "all") -> "path:line"
    metrics: dict[str, tuple[Metric, str]] = field(default_factory=dict)


def fold_journal(notes: Iterable[Note], as_of: dt.date) -> dict[dt.date, DayData]:
    """Return the journal as one DayData per date, up to as_of.

    Tasks of two notes for one date are their union (an identical task written
    in both counts once); a done task with a done date counts on that date.
    """
    days: dict[dt.date, DayData] = {}
    # The note that first gave a date each (status char, text): a task copied
    # into a second note of the same date counts once.
    first_note: dict[tuple[dt.date, str, str], str] = {}
    for note in notes:
        if note.date > as_of:
            continue
        data = days.get(note.date)
        if data is None:
            data = days[note.date] = DayData(note.date)
        data.has_note = True
        data.paths.append(note.path)
        if note.off and data.off is None:
            data.off = f"{note.path}:{note.lines.get('off', note.lines.get('rest', 1))}"
        for goal_id in note.skip:
            data.skip.setdefault(goal_id, f"{note.path}:{note.lines.get('skip', 1)}")
        for key, metric in note.metrics.items():
            data.metrics.setdefault(key, (metric, f"{note.path}:{metric.line}"))
        for task in note.tasks:
            target = data
            if task.done_date is not None and task.status is Status.DONE and task.done_date != note.date:
                if task.done_date > as_of:
                    continue
                target = days.get(task.done_date) or days.setdefault(task.done_date, DayData(task.done_date))
            if first_note.setdefault((target.date, task.char, task.text), note.path) != note.path:
                continue
            target.tasks.append(task)
    return days


class Matcher:
    """Decide which tasks a goal claims: by tag (``#area`` also matches ``#area/sub``) or regex."""

    def __init__(self, goal: Goal) -> None:
        self.everything = goal.implicit
        self.tags = frozenset(goal.match_tags)
        self.prefixes = tuple(t + "/" for t in goal.match_tags)
        self.regexes = tuple(re.compile(p, re.IGNORECASE) for p in goal.match_regex)

    @property
    def empty(self) -> bool:
        """Return whether the goal claims no task at all (a pure ladder or metric goal)."""
        return not (self.everything or self.tags or self.regexes)

    def __call__(self, task: Task) -> bool:
        if self.everything:
            return True
        tags, text = task.tags, task.text
        if tags and not self.tags.isdisjoint(tags):
            return True
        if self.prefixes and any(tag.startswith(self.prefixes) for tag in tags):
            return True
        return any(rx.search(text) for rx in self.regexes)


def task_quantity(task: Task, unit: str | None) -> float | None:
    """Return a task's quantity in unit: the inline field named after it, else the first "N unit" of the text."""
    if unit is None:
        return None
    from ..model import normalize_unit

    for key, value in task.fields:
        if normalize_unit(key) == unit:
            number = _leading_number(value)
            if number is not None:
                return number
    for amount, word in task.quantities:
        if word == unit:
            return amount
    return None


_NUMBER = re.compile(r"^\s*([-+]?\d[\d,]*(?:\.\d+)?)")


def _leading_number(text: str) -> float | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    raw = match.group(1)
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif "," in raw:
        return None
    value = float(raw)
    return value if abs(value) < MAX_QUANTITY else None  # also refuses inf and nan


@dataclass
class GoalDays:
    """One goal's matching tasks by date, and the dates it has tasks on."""

    goal: Goal
    tasks: dict[dt.date, list[Task]]
    first_task: dt.date | None


def claim_tasks(goal: Goal, days: dict[dt.date, DayData]) -> GoalDays:
    """Return the tasks a goal claims, by date."""
    return claim_all((goal,), days)[goal.id]


def claim_all(goals: Iterable[Goal], days: dict[dt.date, DayData]) -> dict[str, GoalDays]:
    """Return the tasks each goal claims, by date, in one pass over the journal."""
    goals = tuple(goals)
    matchers = [(g.id, Matcher(g)) for g in goals]
    matchers = [(gid, m) for gid, m in matchers if not m.empty]
    claimed: dict[str, dict[dt.date, list[Task]]] = {g.id: {} for g in goals}
    # Which goals a (tags, text) pair belongs to, decided once: journals repeat their lines.
    owners: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {}
    for date in sorted(days):
        for task in days[date].tasks:
            key = (task.tags, task.text)
            ids = owners.get(key)
            if ids is None:
                ids = owners[key] = tuple(gid for gid, m in matchers if m(task))
            for gid in ids:
                claimed[gid].setdefault(date, []).append(task)
    return {g.id: GoalDays(g, claimed[g.id], min(claimed[g.id]) if claimed[g.id] else None) for g in goals}


def _src(task: Task) -> str:
    return f"{task.path}:{task.line}"


def _skip_reason(goal: Goal, data: DayData | None, config: Config, day: dt.date) -> tuple[str, str | None] | None:
    """Return (reason, source) when the day is skipped for the goal, else None."""
    for brk in config.breaks:
        if brk.start <= day <= brk.end:
            why = f" ({brk.why})" if brk.why else ""
            return f"in the break {brk.start}..{brk.end}{why}", config.path
    if data is None:
        return None
    if data.off:
        return "a rest day (off: true)", data.off
    for key in (goal.id, "all"):
        if key in data.skip:
            return f"skip: names {key}", data.skip[key]
    return None


def task_day_state(
    goal: Goal, day: dt.date, tasks: list[Task], data: DayData | None, config: Config, as_of: dt.date
) -> Day:
    """Return the state of a task goal on one day, first rule that applies (SPEC §5.1)."""
    unit = goal.unit
    done = [t for t in tasks if t.status is Status.DONE]
    doing = [t for t in tasks if t.status is Status.IN_PROGRESS]
    quantity: float | None = None
    q_source: str | None = None
    for task in done + doing:
        amount = task_quantity(task, unit)
        if amount is not None:
            quantity = (quantity or 0.0) + amount
            q_source = q_source or _src(task)
    has_target = goal.target is not None and unit is not None
    quota = goal.schedule.is_quota

    def make(state: DayState, reason: str, source: str | None) -> Day:
        return Day(day, state, quantity, reason, source)

    # done
    if has_target and quantity is not None and quantity >= goal.target:  # type: ignore[operator]
        return make(DayState.DONE, f"{_fmt(quantity)} {goal.unit_text} ≥ target {_fmt(goal.target)}", q_source)
    if quantity is None or not has_target:
        full = [t for t in done if not t.mva]
        if full:
            return make(DayState.DONE, "a done task", _src(full[0]))
    # mva
    if quantity is not None and goal.mva is not None and quantity >= goal.mva:
        return make(DayState.MVA, f"{_fmt(quantity)} {goal.unit_text} ≥ MVA {_fmt(goal.mva)}", q_source)
    if done and all(t.mva for t in done):
        return make(DayState.MVA, "done tasks all marked MVA", _src(done[0]))
    # skipped
    skip = _skip_reason(goal, data, config, day)
    if skip is not None:
        return make(DayState.SKIPPED, skip[0], skip[1])
    cancelled = [t for t in tasks if t.status is Status.CANCELLED]
    if cancelled:
        return make(DayState.SKIPPED, "a cancelled task", _src(cancelled[0]))
    if not quota:
        if not goal.schedule.is_due(day):
            return make(DayState.NOT_DUE, f"not scheduled ({goal.schedule.text})", None)
        if day == as_of:
            return make(DayState.PENDING, "today (as-of) is never a miss", None)
    # partial
    if quantity is not None:
        below = "MVA" if goal.mva is not None else "target"
        return make(DayState.PARTIAL, f"{_fmt(quantity)} {goal.unit_text} below the {below}", q_source)
    if doing:
        return make(DayState.PARTIAL, "only in-progress tasks", _src(doing[0]))
    if quota:
        return make(DayState.IDLE, "no completion", None)
    if data is None or not data.has_note:
        return make(DayState.UNKNOWN, "no note for this day", None)
    if tasks:
        return make(DayState.MISSED, "matching tasks, none done", _src(tasks[0]))
    return make(DayState.MISSED, "the note has no matching task", data.paths[0] if data.paths else None)


def metric_day_state(goal: Goal, day: dt.date, data: DayData | None, config: Config, as_of: dt.date) -> Day:
    """Return the state of a metric goal on one day (SPEC §5.1, metric goals)."""
    assert goal.metric is not None
    entry = data.metrics.get(goal.metric) if data else None
    value = entry[0].value if entry else None
    source = entry[1] if entry else None
    number = None if value is None else float(value)
    if value is not None:
        if meets(value, goal.metric_op, goal.target):
            return Day(day, DayState.DONE, number, f"{goal.metric} = {_fmt_value(value)} meets {goal.metric_op} {_fmt(goal.target)}", source)
        if goal.mva is not None and meets(value, goal.mva_op, goal.mva):
            return Day(day, DayState.MVA, number, f"{goal.metric} = {_fmt_value(value)} meets the MVA {goal.mva_op} {_fmt(goal.mva)}", source)
    skip = _skip_reason(goal, data, config, day)
    if skip is not None:
        return Day(day, DayState.SKIPPED, number, skip[0], skip[1])
    if not goal.schedule.is_due(day):
        return Day(day, DayState.NOT_DUE, number, f"not scheduled ({goal.schedule.text})", None)
    if day == as_of:
        return Day(day, DayState.PENDING, number, "today (as-of) is never a miss", source)
    if value is not None:
        return Day(day, DayState.MISSED, number, f"{goal.metric} = {_fmt_value(value)} misses {goal.metric_op} {_fmt(goal.target)}", source)
    if data is None or not data.has_note:
        return Day(day, DayState.UNKNOWN, None, "no note for this day", None)
    return Day(day, DayState.UNKNOWN, None, f"the note has no '{goal.metric}' key", data.paths[0] if data.paths else None)


def meets(value: float | int | bool, op: str, bound: float | None) -> bool:
    """Return whether a metric value meets a bound; ``true`` meets any "at least" bound."""
    if bound is None:
        return bool(value)
    if isinstance(value, bool):
        if op == ">=":
            return value or bound <= 0
        return float(value) <= bound
    if op == "<=":
        return value <= bound
    return value >= bound


def goal_days(
    gd: GoalDays, start: dt.date, end: dt.date, days: dict[dt.date, DayData], config: Config, as_of: dt.date
) -> list[Day]:
    """Return one Day per day of start..end for a task or metric goal."""
    goal = gd.goal
    out: list[Day] = []
    empty: list[Task] = []
    for day in daterange(start, end):
        data = days.get(day)
        if goal.metric is not None:
            out.append(metric_day_state(goal, day, data, config, as_of))
        else:
            out.append(task_day_state(goal, day, gd.tasks.get(day, empty), data, config, as_of))
    return out


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fmt_value(value: float | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _fmt(float(value))
