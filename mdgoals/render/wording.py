"""Goals, dates and weeks in words for the HTML site (English, never the locale's)."""

from __future__ import annotations

import datetime as dt

from ..engine.calendar import MONTH_NAMES, WEEKDAY_NAMES
from ..model import DayState, GoalReport, Level, Progress, Streak, WeekGoal
from . import svg
from .common import STATE_WORD, amount
from .numbers import text as num

LEVEL_WORD = {
    Level.VISION: "Vision",
    Level.QUARTER: "12-week target",
    Level.MONTH: "Monthly milestone",
    Level.WEEK: "Weekly micro-goal",
    Level.DAILY: "Daily micro-action",
}
SUGGESTION_WORD = {"comeback": "Comeback", "fresh_start": "Fresh start", "scale_up": "Scale up"}


def long_date(day: dt.date) -> str:
    """Return 'Sunday 22 November 2026' (English, never the locale's)."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """Return 'Wed 18 Nov'."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"


def goal_kind(g: GoalReport) -> str:
    """Return how a goal is evaluated: 'metric', 'quota', 'period', 'ladder' or 'days' (as the engine does)."""
    goal = g.goal
    if goal.metric is not None:
        return "metric"
    if goal.schedule.is_quota:
        return "quota"
    if goal.level in (Level.WEEK, Level.MONTH):
        return "period"
    if goal.level in (Level.QUARTER, Level.VISION):
        return "ladder"
    return "days"


def schedule_text(g: GoalReport) -> str:
    """Return the schedule in words: 'every day', '3 times a week', 'Mon, Wed, Fri'."""
    s = g.goal.schedule
    if s.is_quota:
        return f"{s.quota} {'time' if s.quota == 1 else 'times'} a {s.period}"
    if len(s.weekdays) == 7:
        return "every day"
    if s.weekdays == frozenset(range(5)):
        return "weekdays"
    if s.weekdays == frozenset({5, 6}):
        return "weekends"
    return ", ".join(WEEKDAY_NAMES[d][:3] for d in sorted(s.weekdays))


def target_text(g: GoalReport) -> str:
    """Return what the goal asks for: '350 words a day · minimum 100 words'."""
    goal = g.goal
    parts: list[str] = []
    if goal.metric is not None:
        if goal.target is not None:
            parts.append(f"{goal.metric} {goal.metric_op.replace('>=', '≥').replace('<=', '≤')} {num(goal.target)}")
        if goal.mva is not None:
            parts.append(f"minimum {goal.mva_op.replace('>=', '≥').replace('<=', '≤')} {num(goal.mva)}")
        return " · ".join(parts)
    kind = goal_kind(g)
    if goal.target is not None:
        per = {"days": " each time", "quota": " a session"}.get(kind, "")
        if goal.level is Level.WEEK:
            per = " a week"
        elif goal.level is Level.MONTH:
            per = " a month"
        elif goal.level is Level.QUARTER and isinstance(g.progress, Progress):
            per = f" by {g.progress.end.day} {MONTH_NAMES[g.progress.end.month - 1]} {g.progress.end.year}"
        parts.append(amount(goal.target, g) + per)
    if goal.mva is not None:
        parts.append(f"minimum {amount(goal.mva, g)}")
    elif goal.mva_text:
        parts.append(f"minimum: {goal.mva_text}")
    return " · ".join(parts)


def streak_words(streak: Streak | None) -> str:
    """Return '12 days' (the current run) or '–'."""
    if streak is None:
        return "–"
    unit = streak.unit[:-1] if streak.current == 1 else streak.unit
    return f"{streak.current} {unit}"


def week_summary(g: GoalReport, kind: str, wg: WeekGoal) -> str:
    """Return one goal's week in words: '6 of 7 due', '2 of 3 · 1 to go', '2,942 of 2,500 words'."""
    done = wg.counts["done"] + wg.counts["mva"]
    if kind == "quota":
        return f"{done} of {wg.due}" + ("" if wg.met else f" · {wg.remaining} to go" if wg.remaining else "")
    if kind == "period":
        target = f" of {amount(g.goal.target, g)}" if g.goal.target is not None else ""
        return f"{amount(wg.quantity or 0, g)}{target}"
    if kind == "ladder":
        return amount(wg.quantity or 0, g)
    return f"{done} of {wg.due} due" if wg.due else f"{done} done"


def legend(states: set[DayState] | frozenset[DayState]) -> tuple[tuple[str, str], ...]:
    """Return (word, cell) for each state given, in the fixed order of states."""
    return tuple((STATE_WORD[s], svg.legend_cell(s)) for s in DayState if s in states)

