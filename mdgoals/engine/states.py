"""Day states (SPEC §5.1): one :class:`~mdgoals.model.Day` per day of a goal's active range.

The first rule that applies decides a day.  Everything that does not change
from day to day (texts, bounds, the days a goal skips) is worked out once per
goal, so ten years of days cost one pass each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..model import Config, Day, DayState, Goal, Status, Task
from .calendar import ONE_DAY, daterange
from .days import DayData, GoalDays

_NO_NOTE = "no note for this day"
_TODAY = "today (as-of) is never a miss"

# Enum members as module globals: _DONE is a slow class-attribute lookup in a loop.
_DONE, _MVA, _PARTIAL, _MISSED = DayState.DONE, DayState.MVA, DayState.PARTIAL, DayState.MISSED
_UNKNOWN, _SKIPPED, _NOT_DUE, _IDLE, _PENDING = DayState.UNKNOWN, DayState.SKIPPED, DayState.NOT_DUE, DayState.IDLE, DayState.PENDING
_TASK_DONE, _TASK_DOING, _TASK_CANCELLED = Status.DONE, Status.IN_PROGRESS, Status.CANCELLED

Skip = tuple[str, "str | None"]  # (reason, source)


def _src(task: Task) -> str:
    return f"{task.path}:{task.line}"


def _skip_reason(goal: Goal, data: DayData | None, config: Config, day: dt.date) -> Skip | None:
    """Return (reason, source) when the day is skipped for the goal, else None."""
    for brk in config.breaks:
        if brk.start <= day <= brk.end:
            return _break_reason(brk.start, brk.end, brk.why), config.path
    if data is None:
        return None
    if data.off:
        return "a rest day (off: true)", data.off
    for key in (goal.id, "all"):
        if key in data.skip:
            return f"skip: names {key}", data.skip[key]
    return None


def _break_reason(start: dt.date, end: dt.date, why: str) -> str:
    return f"in the break {start}..{end}" + (f" ({why})" if why else "")


class Skips:
    """The days skipped for a reason no task can change: breaks, rest days, ``skip:`` keys — found once."""

    def __init__(self, days: Mapping[dt.date, DayData], config: Config) -> None:
        self.config = config
        self.off: dict[dt.date, str] = {}
        self.named: dict[str, dict[dt.date, str]] = {}
        for date, data in days.items():
            if data.off:
                self.off[date] = data.off
            for key, source in data.skip.items():
                self.named.setdefault(key, {})[date] = source

    def of_goal(self, goal: Goal, start: dt.date, end: dt.date) -> dict[dt.date, Skip]:
        """Return (reason, source) by date for the goal's skipped days in start..end, as _skip_reason gives them."""
        out: dict[dt.date, Skip] = {}
        # Weakest reason first: each later one overrides, as the first rule that applies wins.
        for key in ("all", goal.id):
            for date, source in self.named.get(key, {}).items():
                if start <= date <= end:
                    out[date] = (f"skip: names {key}", source)
        for date, source in self.off.items():
            if start <= date <= end:
                out[date] = ("a rest day (off: true)", source)
        for brk in reversed(self.config.breaks):
            reason = _break_reason(brk.start, brk.end, brk.why)
            for date in daterange(max(brk.start, start), min(brk.end, end)):
                out[date] = (reason, self.config.path)
        return out


class TaskRule:
    """The day-state rule of one task goal (SPEC §5.1), its texts and bounds worked out once."""

    def __init__(self, goal: Goal, claim: GoalDays, as_of: dt.date) -> None:
        self.as_of = as_of
        self.tasks = claim.tasks
        self.amounts = claim.amounts(goal.unit) if goal.unit is not None else {}
        unit_text = goal.unit_text
        self.target = goal.target if goal.unit is not None else None
        self.mva = goal.mva
        self.quota = goal.schedule.is_quota
        self.weekdays = goal.schedule.weekdays
        self.not_due = f"not scheduled ({goal.schedule.text})"
        self.reach_target = f" {unit_text} ≥ target {_fmt(goal.target)}"
        self.reach_mva = f" {unit_text} ≥ MVA {_fmt(goal.mva)}"
        self.below = f" {unit_text} below the {'MVA' if goal.mva is not None else 'target'}"

    def days(self, start: dt.date, end: dt.date, days: Mapping[dt.date, DayData], skips: dict[dt.date, Skip]) -> list[Day]:
        """Return the goal's Day for every day of start..end."""
        out: list[Day] = []
        append = out.append
        tasks_on, data_on, skip_on = self.tasks.get, days.get, skips.get
        quota, weekdays, as_of, not_due = self.quota, self.weekdays, self.as_of, self.not_due
        day, weekday = start, start.weekday()
        while day <= end:
            data = data_on(day)
            tasks = tasks_on(day)
            due = quota or weekday in weekdays
            if tasks is not None:
                append(self._busy(day, tasks, data, skip_on(day), due))
            elif (skip := skip_on(day)) is not None:
                append(Day(day, _SKIPPED, None, skip[0], skip[1]))
            elif quota:
                append(Day(day, _IDLE, None, "no completion", None))
            elif not due:
                append(Day(day, _NOT_DUE, None, not_due, None))
            elif day == as_of:
                append(Day(day, _PENDING, None, _TODAY, None))
            elif data is None or not data.has_note:
                append(Day(day, _UNKNOWN, None, _NO_NOTE, None))
            else:
                append(Day(day, _MISSED, None, "the note has no matching task", data.paths[0] if data.paths else None))
            day += ONE_DAY
            weekday = 0 if weekday == 6 else weekday + 1
        return out

    def _busy(self, day: dt.date, tasks: list[Task], data: DayData | None, skip: Skip | None, due: bool) -> Day:
        """Return the state of a day the goal has matching tasks on."""
        target, mva = self.target, self.mva
        quantity: float | None = None
        q_source: str | None = None
        amounts = self.amounts.get(day)
        if amounts is not None:
            # Done tasks first, then in-progress ones, as the sum has always been taken.
            for status in (_TASK_DONE, _TASK_DOING):
                for task, amount in amounts:
                    if task.status is status:
                        quantity = (quantity or 0.0) + amount
                        q_source = q_source or _src(task)
        if target is not None and quantity is not None and quantity >= target:
            return Day(day, _DONE, quantity, _fmt(quantity) + self.reach_target, q_source)
        if quantity is None or target is None:
            for t in tasks:
                if t.status is _TASK_DONE and not t.mva:
                    return Day(day, _DONE, quantity, "a done task", _src(t))
        if quantity is not None and mva is not None and quantity >= mva:
            return Day(day, _MVA, quantity, _fmt(quantity) + self.reach_mva, q_source)
        done = [t for t in tasks if t.status is _TASK_DONE]
        if done and all(t.mva for t in done):
            return Day(day, _MVA, quantity, "done tasks all marked MVA", _src(done[0]))
        if skip is not None:
            return Day(day, _SKIPPED, quantity, skip[0], skip[1])
        for t in tasks:
            if t.status is _TASK_CANCELLED:
                return Day(day, _SKIPPED, quantity, "a cancelled task", _src(t))
        if not self.quota:
            if not due:
                return Day(day, _NOT_DUE, quantity, self.not_due, None)
            if day == self.as_of:
                return Day(day, _PENDING, quantity, _TODAY, None)
        if quantity is not None:
            return Day(day, _PARTIAL, quantity, _fmt(quantity) + self.below, q_source)
        for t in tasks:
            if t.status is _TASK_DOING:
                return Day(day, _PARTIAL, None, "only in-progress tasks", _src(t))
        if self.quota:
            return Day(day, _IDLE, None, "no completion", None)
        if data is None or not data.has_note:
            return Day(day, _UNKNOWN, None, _NO_NOTE, None)
        return Day(day, _MISSED, None, "matching tasks, none done", _src(tasks[0]))


def metric_days(
    goal: Goal, start: dt.date, end: dt.date, days: Mapping[dt.date, DayData], skips: dict[dt.date, Skip], as_of: dt.date
) -> list[Day]:
    """Return the Day of a metric goal for every day of start..end (SPEC §5.1, metric goals)."""
    metric, op, mva_op, target, mva = goal.metric, goal.metric_op, goal.mva_op, goal.target, goal.mva
    assert metric is not None
    meets_text = f" meets {op} {_fmt(target)}"
    meets_mva_text = f" meets the MVA {mva_op} {_fmt(mva)}"
    misses_text = f" misses {op} {_fmt(target)}"
    no_key = f"the note has no '{metric}' key"
    not_due = f"not scheduled ({goal.schedule.text})"
    quota, weekdays = goal.schedule.is_quota, goal.schedule.weekdays
    out: list[Day] = []
    for day in daterange(start, end):
        data = days.get(day)
        entry = data.metrics.get(metric) if data else None
        if entry is None:
            value = number = source = None
        else:
            assert data is not None
            value, number, source = entry.value, float(entry.value), data.metric_source(metric)
            if meets(value, op, target):
                out.append(Day(day, _DONE, number, f"{metric} = {_fmt_value(value)}{meets_text}", source))
                continue
            if mva is not None and meets(value, mva_op, mva):
                out.append(Day(day, _MVA, number, f"{metric} = {_fmt_value(value)}{meets_mva_text}", source))
                continue
        skip = skips.get(day)
        if skip is not None:
            out.append(Day(day, _SKIPPED, number, skip[0], skip[1]))
        elif not (quota or day.weekday() in weekdays):  # Schedule.is_due, without two calls a day
            out.append(Day(day, _NOT_DUE, number, not_due, None))
        elif day == as_of:
            out.append(Day(day, _PENDING, number, _TODAY, source))
        elif value is not None:
            out.append(Day(day, _MISSED, number, f"{metric} = {_fmt_value(value)}{misses_text}", source))
        elif data is None or not data.has_note:
            out.append(Day(day, _UNKNOWN, None, _NO_NOTE, None))
        else:
            out.append(Day(day, _UNKNOWN, None, no_key, data.paths[0] if data.paths else None))
    return out


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
    gd: GoalDays, start: dt.date, end: dt.date, days: Mapping[dt.date, DayData], skips: Skips, as_of: dt.date
) -> list[Day]:
    """Return one Day per day of start..end for a task or metric goal."""
    goal = gd.goal
    skipped = skips.of_goal(goal, start, end)
    if goal.metric is not None:
        return metric_days(goal, start, end, days, skipped, as_of)
    return TaskRule(goal, gd, as_of).days(start, end, days, skipped)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fmt_value(value: float | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _fmt(float(value))
