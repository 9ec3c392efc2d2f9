"""Weekly rollups (SPEC §5.4 Weeks): per goal, per week; actions, tags, metrics, evidence."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from ..model import (
    COUNT_KEYS,
    Config,
    DayState,
    EvidenceEntry,
    Level,
    MetricStats,
    Note,
    Outcome,
    Status,
    Task,
    Week,
    WeekGoal,
)
from .calendar import ONE_DAY, daterange, period_bounds, week_label, week_start
from .days import DayData
from .goals import COUNT_KEY, GoalEval, _kind
from .streaks import day_outcome


def feelings_of(config: Config) -> frozenset[str]:
    """Return the feelings some goal declares (normalised like tags)."""
    return frozenset(g.feeling for g in config.goals if g.feeling)


def evidence_by_date(notes: Sequence[Note], feelings: frozenset[str], as_of: dt.date) -> dict[dt.date, list[EvidenceEntry]]:
    """Return every evidence entry by its note's date, with its feeling (first tag that names one)."""
    out: dict[dt.date, list[EvidenceEntry]] = {}
    for note in notes:
        if note.date > as_of:
            continue
        for ev in note.evidence:
            feeling = next((t for t in ev.tags if t in feelings), None)
            out.setdefault(note.date, []).append(EvidenceEntry(note.date, ev.path, ev.line, ev.text, feeling))
    return out


_status_tags = operator.attrgetter("status", "tags")


def build_week(
    start: dt.date,
    config: Config,
    days: Mapping[dt.date, DayData],
    goal_weeks: Mapping[str, Mapping[dt.date, WeekGoal]],
    evidence: Mapping[dt.date, list[EvidenceEntry]],
    as_of: dt.date,
) -> Week:
    """Return the rollup of the week that starts on start; goal_weeks holds each goal's (see :func:`goal_weeks`)."""
    end = start + dt.timedelta(days=6)
    notes = done = open_ = cancelled = 0
    tags: dict[str, int] = {}
    metric_values: dict[str, list[float]] = {}
    entries: list[EvidenceEntry] = []
    week_tasks: list[list[Task]] = []
    for day in daterange(start, min(end, as_of)):
        data = days.get(day)
        entries.extend(evidence.get(day, ()))
        if data is None:
            continue
        notes += len(data.paths)
        week_tasks.append(data.tasks)
        for key, metric in data.metrics.items():
            metric_values.setdefault(key, []).append(float(metric.value))
    # Counted in C by (status, tags): a week repeats a few dozen kinds of task line.
    for (status, task_tags), count in Counter(map(_status_tags, chain.from_iterable(week_tasks))).items():
        if status is Status.DONE:
            done += count
            for tag in task_tags:
                tags[tag] = tags.get(tag, 0) + count
        elif status is Status.CANCELLED:
            cancelled += count
        else:
            open_ += count
    metrics = {
        key: MetricStats(len(vals), round(sum(vals) / len(vals), 2), min(vals), max(vals))
        for key, vals in sorted(metric_values.items())
    }
    goals = {}
    for goal_id, by_week in goal_weeks.items():
        wg = by_week.get(start)
        if wg is not None:
            goals[goal_id] = wg
    entries.sort(key=lambda e: (e.date, e.path, e.line))
    return Week(
        label=week_label(start, config.week_start_day),
        start=start,
        end=end,
        notes=notes,
        actions_done=done,
        actions_open=open_,
        actions_cancelled=cancelled,
        goals=goals,
        tags=dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
        metrics=metrics,
        evidence=tuple(entries),
    )


@dataclass
class _Tally:
    """One goal's days of one week, counted."""

    counts: dict[str, int]
    quantity: float = 0  # an int 0 when no day has a quantity, as sum() gives
    due: int = 0
    failures: int = 0


def goal_weeks(ev: GoalEval, starts: Sequence[dt.date], config: Config, as_of: dt.date) -> dict[dt.date, WeekGoal]:
    """Return one goal's rollup for each week (by its first day) it is active in, its days counted in one pass."""
    tallies: dict[dt.date, _Tally] = {}
    days = ev.report.days
    if days:
        goal = ev.report.goal
        failing = {COUNT_KEY[state] for state in DayState if day_outcome(state, config.missing_note) is Outcome.FAILURE}
        weekdays = goal.schedule.weekdays
        quota = goal.schedule.is_quota
        week = week_start(days[0].date, config.week_start_day)
        next_week = week + _WEEK
        # Locals, stored in a _Tally when the week ends: attribute updates cost more than the counting.
        counts, due, failures = dict.fromkeys(COUNT_KEYS, 0), 0, 0
        quantity: float = 0  # an int 0 when no day has a quantity, as sum() gives
        for d in days:
            date = d.date
            if date >= next_week:
                tallies[week] = _Tally(counts, quantity, due, failures)
                week, next_week = next_week, next_week + _WEEK
                counts, quantity, due, failures = dict.fromkeys(COUNT_KEYS, 0), 0, 0, 0
            key = COUNT_KEY[d.state]
            counts[key] += 1
            if d.quantity is not None:
                quantity += d.quantity
            if quota or date.weekday() in weekdays:
                due += 1
            if key in failing:
                failures += 1
        tallies[week] = _Tally(counts, quantity, due, failures)
    out: dict[dt.date, WeekGoal] = {}
    for start in starts:
        upto = min(start + _WEEK - ONE_DAY, as_of)
        if ev.start is None or ev.end is None or ev.end < start or ev.start > upto:
            continue
        out[start] = _week_goal(ev, start, upto, tallies.get(start) or _Tally(dict.fromkeys(COUNT_KEYS, 0)), config)
    return out


_WEEK = dt.timedelta(days=7)


def _week_goal(ev: GoalEval, start: dt.date, upto: dt.date, tally: _Tally, config: Config) -> WeekGoal:
    """Return one goal's rollup for a week it is active in, from its days' tally."""
    goal = ev.report.goal
    kind = _kind(goal)
    counts = tally.counts
    quantity: float | None = None
    if goal.unit is not None:
        quantity = tally.quantity if kind in ("days", "quota") else ev.quantity_between(start, upto)
    successes = counts["done"] + counts["mva"]
    remaining: int | None = None
    if kind == "quota":
        assert goal.schedule.period is not None
        period = ev.period_starting(period_bounds(start, goal.schedule.period, config.week_start_day)[0])
        quota = period.quota if period is not None else 0
        # A monthly quota is judged per month; the week shows what it contributed.
        if goal.schedule.period == "week":
            due = quota or 0
            rate = min(1.0, successes / quota) if quota else None
            met: bool | None = bool(period and period.met)
            remaining = max(0, (quota or 0) - successes)
        else:
            due = quota or 0
            rate = min(1.0, period.successes / quota) if (period and quota) else None
            met = bool(period and period.met)
            remaining = max(0, (quota or 0) - (period.successes if period else 0))
    elif kind in ("days", "metric"):
        due = tally.due
        failures = tally.failures
        rate = successes / (successes + failures) if successes + failures else None
        met = failures == 0
    elif kind == "period" and goal.level is Level.MONTH:
        due = 0  # a monthly ladder goal is judged per month, not per week
        rate = None
        met = None
    elif kind == "period":
        period = ev.period_starting(start)
        due = 0
        target = goal.target
        rate = min(1.0, quantity / target) if (target and quantity is not None) else None
        met = bool(period.met) if period is not None else (quantity is not None and target is not None and quantity >= target)
    else:
        due = 0
        rate = None
        met = None
    return WeekGoal(due=due, counts=counts, rate=rate, quantity=quantity, met=met, remaining=remaining)
