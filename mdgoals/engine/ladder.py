"""The goal ladder (SPEC §5.4): quantities climb from micro-actions to the 12-week target."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate

from ..model import Config, Goal, Level, Progress, VisionProgress
from .calendar import month_end, month_start, week_start
from .days import GoalDays


def children_of(goals: Sequence[Goal]) -> dict[str, list[str]]:
    """Return each goal id's direct children, in config order."""
    children: dict[str, list[str]] = {g.id: [] for g in goals}
    for g in goals:
        if g.parent and g.parent in children:
            children[g.parent].append(g.id)
    return children


def descendants(goal_id: str, children: Mapping[str, list[str]]) -> list[str]:
    """Return every descendant id of a goal, depth first (cycles are refused by config)."""
    out: list[str] = []
    stack = list(reversed(children.get(goal_id, [])))
    while stack:
        gid = stack.pop()
        if gid in out:
            continue
        out.append(gid)
        stack.extend(reversed(children.get(gid, [])))
    return out


def ladder_quantities(
    goal: Goal,
    contributors: Sequence[GoalDays],
    ranges: Mapping[str, tuple[dt.date, dt.date] | None],
) -> dict[dt.date, float]:
    """Return the quantity per date in goal's unit, summed over contributing goals' tasks.

    A task claimed by two contributing goals counts once; only done and
    in-progress tasks inside each contributor's active range count.
    """
    unit = goal.unit
    per_date: dict[dt.date, float] = {}
    if unit is None:
        return per_date
    live = [gd for gd in contributors if gd.goal.unit == unit and ranges.get(gd.goal.id) is not None and gd.amounts(unit)]
    if len(live) == 1:
        # One contributor (the usual ladder): its per-date sums, if no task of it is listed twice.
        sums, once = live[0].totals(unit)
        if once:
            lo, hi = ranges[live[0].goal.id]  # type: ignore[misc]
            return {date: total for date, total in sums.items() if lo <= date <= hi}
    counted: set[int] = set()
    for gd in live:
        bounds = ranges[gd.goal.id]
        assert bounds is not None
        lo, hi = bounds
        for date, found in gd.amounts(unit).items():
            if not lo <= date <= hi:
                continue
            for task, amount in found:
                if id(task) in counted:
                    continue
                counted.add(id(task))
                per_date[date] = per_date.get(date, 0.0) + amount
    return per_date


class RangeSum:
    """Sums of a per-date quantity over date ranges, in O(log n) each (prefix sums)."""

    def __init__(self, quantities: Mapping[dt.date, float]) -> None:
        self._dates = sorted(quantities)
        self._cumulative = list(accumulate((quantities[d] for d in self._dates), initial=0.0))

    def between(self, lo: dt.date, hi: dt.date) -> float:
        """Return the sum from lo to hi, both included."""
        return self._cumulative[bisect_right(self._dates, hi)] - self._cumulative[bisect_left(self._dates, lo)]


def period_of(goal: Goal, as_of: dt.date, config: Config) -> tuple[dt.date, dt.date]:
    """Return the period of a ladder goal that contains as-of (its whole cycle for a quarter)."""
    if goal.level is Level.WEEK:
        start = week_start(as_of, config.week_start_day)
        return start, start + dt.timedelta(days=6)
    if goal.level is Level.MONTH:
        return month_start(as_of), month_end(as_of)
    assert goal.start is not None
    end = goal.end or goal.start + dt.timedelta(weeks=12, days=-1)
    return goal.start, end


def progress(
    goal: Goal, quantities: Mapping[dt.date, float], as_of: dt.date, config: Config, children: Sequence[str]
) -> Progress | VisionProgress | None:
    """Return the progress of a ladder goal in the period that contains as-of."""
    if goal.level is Level.VISION:
        return VisionProgress(tuple(children))
    if goal.level is Level.DAILY:
        return None
    if goal.level is Level.QUARTER and goal.start is None:
        return None
    start, end = period_of(goal, as_of, config)
    total_days = (end - start).days + 1
    upto = min(as_of, end)
    quantity = sum(q for d, q in quantities.items() if start <= d <= upto)
    elapsed_days = max(0, min(total_days, (as_of - start).days + 1))
    elapsed = elapsed_days / total_days
    target = goal.target
    fraction = quantity / target if target else None
    projected = round(quantity / elapsed_days * total_days) if elapsed_days else None
    on_track = (projected >= target) if (projected is not None and target is not None) else None
    week = weeks = None
    if goal.level is Level.QUARTER:
        weeks = 12
        week = min(12, max(1, (as_of - start).days // 7 + 1))
    return Progress(start, end, quantity, target, fraction, elapsed, projected, on_track, week, weeks)
