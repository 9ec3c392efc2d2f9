"""Weekly rollups (SPEC §5.4 Weeks): per goal, per week; actions, tags, metrics, evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..model import (
    COUNT_KEYS,
    Config,
    DayState,
    EvidenceEntry,
    MetricStats,
    Note,
    Outcome,
    Status,
    Week,
    WeekGoal,
)
from .calendar import period_bounds, week_label
from .days import DayData
from .goals import GoalEval, _kind
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


def build_week(
    start: dt.date,
    config: Config,
    days: Mapping[dt.date, DayData],
    evals: Sequence[GoalEval],
    evidence: Mapping[dt.date, list[EvidenceEntry]],
    as_of: dt.date,
) -> Week:
    """Return the rollup of the week that starts on start."""
    end = start + dt.timedelta(days=6)
    upto = min(end, as_of)
    week_days = [start + dt.timedelta(days=i) for i in range(7)]
    notes = done = open_ = cancelled = 0
    tags: dict[str, int] = {}
    metric_values: dict[str, list[float]] = {}
    entries: list[EvidenceEntry] = []
    for day in week_days:
        if day > as_of:
            break
        data = days.get(day)
        entries.extend(evidence.get(day, ()))
        if data is None:
            continue
        notes += len(data.paths)
        for task in data.tasks:
            if task.status is Status.DONE:
                done += 1
                for tag in task.tags:
                    tags[tag] = tags.get(tag, 0) + 1
            elif task.status is Status.CANCELLED:
                cancelled += 1
            else:
                open_ += 1
        for key, (metric, _src) in data.metrics.items():
            metric_values.setdefault(key, []).append(float(metric.value))
    metrics = {
        key: MetricStats(len(vals), round(sum(vals) / len(vals), 2), min(vals), max(vals))
        for key, vals in sorted(metric_values.items())
    }
    goals = {}
    for ev in evals:
        wg = _week_goal(ev, start, upto, config, as_of)
        if wg is not None:
            goals[ev.report.goal.id] = wg
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


def _week_goal(ev: GoalEval, start: dt.date, upto: dt.date, config: Config, as_of: dt.date) -> WeekGoal | None:
    """Return one goal's rollup for a week, or None when the goal is not active that week."""
    goal = ev.report.goal
    if ev.start is None or ev.end is None or ev.end < start or ev.start > upto:
        return None
    kind = _kind(goal)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    days = ev.days_between(start, upto)
    for d in days:
        counts[d.state.value] += 1
    quantity: float | None = None
    if goal.unit is not None:
        if kind in ("days", "quota"):
            quantity = sum(d.quantity for d in days if d.quantity is not None)
        else:
            quantity = ev.quantity_between(start, upto)
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
        due = sum(1 for d in days if goal.schedule.is_due(d.date))
        failures = sum(1 for d in days if day_outcome(d.state, config.missing_note) is Outcome.FAILURE)
        rate = successes / (successes + failures) if successes + failures else None
        met = failures == 0
    elif kind == "period" and goal.level.value == "month":
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


def is_success(state: DayState) -> bool:
    """Return whether a day state is a success (done or MVA)."""
    return state in (DayState.DONE, DayState.MVA)
