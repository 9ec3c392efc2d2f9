"""The coach (SPEC §5.4 Suggestions): comeback, fresh start, scale up — from facts only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Config, DayState, Goal, Level, Outcome, Suggestion
from .calendar import month_end, month_name, week_start, weekday_name
from .goals import GoalEval, _goal_end, _kind

COMEBACK_RUN = 7
RECENT_ITEMS = 7
SCALE_UP_WEEKS = 4


def _amount(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{number} {unit}" if unit else number


def _mva_text(goal: Goal) -> str:
    if goal.mva is not None and goal.metric is not None:
        return f"{goal.metric} {goal.mva_op} {_amount(goal.mva, None)}"
    if goal.mva is not None:
        return _amount(goal.mva, goal.unit_text)
    if goal.mva_text:
        return goal.mva_text
    return "the smallest version of it"


def _unit_word(ev: GoalEval) -> str:
    streak = ev.report.streak
    return streak.unit if streak else "days"


def comeback(ev: GoalEval, as_of: dt.date) -> Suggestion | None:
    """Suggest the MVA for 7–14 days after a broken long run or 2+ recent failures."""
    steps = ev.report.steps
    goal = ev.report.goal
    # A ladder goal has no minimum of its own: its daily goals get the comeback.
    if not steps or _kind(goal) == "period":
        return None
    unit = _unit_word(ev)
    recent = steps[-RECENT_ITEMS:]
    failures = [s for s in recent if s.item.outcome is Outcome.FAILURE]
    successes = [s for s in recent if s.item.outcome is Outcome.SUCCESS]
    facts: list[str] = []
    # Find where the strict run last reset, and how long it had been.
    broke_after = 0
    broke_on: dt.date | None = None
    previous = 0
    for index, step in enumerate(steps):
        if previous > 0 and step.strict == 0:
            broke_after, broke_on, broke_index = previous, step.item.start, index
        previous = step.strict
    long_break = broke_on is not None and broke_after >= COMEBACK_RUN and len(steps) - broke_index <= 2 * RECENT_ITEMS
    long_break = long_break and ev.report.streak is not None and ev.report.streak.current < COMEBACK_RUN
    if long_break:
        facts.append(f"your {broke_after}-{unit[:-1]} streak broke on {broke_on}")
    if len(failures) >= 2:
        verb = "done" if unit == "days" else "met"
        facts.append(f"in the last {len(recent)} {unit}: {len(successes)} {verb}, {len(failures)} missed")
    if not facts:
        return None
    text = (
        f"{goal.title}: {'; '.join(facts)}. Scale down, don't stop: do the minimum ({_mva_text(goal)}) "
        f"for the next 7–14 days, then build back up."
    )
    return Suggestion(goal.id, "comeback", text, tuple(facts))


def next_landmark(as_of: dt.date, config: Config) -> tuple[dt.date, str]:
    """Return the next temporal landmark after as-of: a new week, a new month, or a new 12-week cycle."""
    candidates: list[tuple[dt.date, str]] = []
    nxt_week = week_start(as_of, config.week_start_day) + dt.timedelta(days=7)
    candidates.append((nxt_week, f"a new week ({weekday_name(nxt_week)})"))
    first = month_end(as_of) + dt.timedelta(days=1)
    candidates.append((first, f"the 1st of {month_name(first)}"))
    for goal in config.goals:
        if goal.level is Level.QUARTER and goal.start is not None:
            end = _goal_end(goal)
            if end is not None and end >= as_of:
                nxt = end + dt.timedelta(days=1)
                candidates.append((nxt, f"the next 12-week cycle after '{goal.title}'"))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates[0]


def fresh_start(ev: GoalEval, as_of: dt.date, config: Config) -> Suggestion | None:
    """Suggest starting again at the next landmark when the strict chain is broken now."""
    streak = ev.report.streak
    if streak is None or streak.current > 0 or not ev.report.steps or _kind(ev.report.goal) == "period":
        return None
    if not any(s.item.outcome is Outcome.FAILURE for s in ev.report.steps[-RECENT_ITEMS:]):
        return None
    date, what = next_landmark(as_of, config)
    goal = ev.report.goal
    fact = f"no current streak; the next landmark is {what}, {date.isoformat()}"
    text = f"{goal.title}: {fact}. Pick that day for a fresh start and put the first micro-action in its note now."
    return Suggestion(goal.id, "fresh_start", text, (fact,))


def scale_up(ev: GoalEval, as_of: dt.date, config: Config) -> Suggestion | None:
    """Suggest +10–15% after 4 finished weeks in a row with every due day done (not MVA)."""
    goal = ev.report.goal
    kind = _kind(goal)
    if kind not in ("days", "quota") or goal.schedule.period == "month":
        return None
    if ev.report.streak is None or ev.report.streak.current == 0:
        return None  # a broken chain calls for a comeback, not more
    this_week = week_start(as_of, config.week_start_day)
    weeks = [this_week - dt.timedelta(days=7 * k) for k in range(SCALE_UP_WEEKS, 0, -1)]
    by_date = {d.date: d.state for d in ev.report.days}
    if not weeks or weeks[0] < (ev.start or as_of):
        return None
    for start in weeks:
        states = [by_date.get(start + dt.timedelta(days=i)) for i in range(7)]
        if kind == "days":
            due = [s for i, s in enumerate(states) if goal.schedule.is_due(start + dt.timedelta(days=i)) and s is not DayState.SKIPPED]
            if not due or any(s is not DayState.DONE for s in due):
                return None
        else:
            period = next((p for p in ev.periods if p.start == start), None)
            if period is None or not period.met or any(s is DayState.MVA for s in states):
                return None
    if goal.target is not None and goal.unit is not None:
        low, high = goal.target * 1.10, goal.target * 1.15
        step = f"raise the target from {_amount(goal.target, goal.unit_text)} to {_amount(round(low), None)}–{_amount(round(high), goal.unit_text)}"
    elif goal.schedule.is_quota:
        step = f"raise it from {goal.schedule.text} to {goal.schedule.quota + 1}/week, or lengthen each session by 10–15%"  # type: ignore[operator]
    else:
        step = "make each session 10–15% longer or harder"
    fact = f"every due day of the last {SCALE_UP_WEEKS} weeks was fully done"
    return Suggestion(goal.id, "scale_up", f"{goal.title}: {fact}. You are ready for more: {step}.", (fact,))


def suggestions(evals: Sequence[GoalEval], as_of: dt.date, config: Config) -> list[Suggestion]:
    """Return the coach's suggestions, goals in config order, comeback before fresh start before scale up."""
    out: list[Suggestion] = []
    for ev in evals:
        for rule in (comeback(ev, as_of), fresh_start(ev, as_of, config), scale_up(ev, as_of, config)):
            if rule is not None:
                out.append(rule)
    return out
