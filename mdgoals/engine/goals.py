"""One goal, evaluated: its days, streak items, streaks, strength and ladder quantities."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import COUNT_KEYS, Config, Day, DayState, Goal, GoalReport, Item, Level, Outcome, StreakStep
from .calendar import ONE_DAY, periods
from .days import DayData, GoalDays
from .ladder import RangeSum, children_of, descendants, ladder_quantities, progress
from .states import Skips, _skip_reason, goal_days
from .streaks import StreakWalk, quota_values, strength_series, walk_days

_PERIOD_LEVELS = {Level.WEEK: "week", Level.MONTH: "month"}
# A day state's key in counts: a dict lookup, far cheaper than the enum's .value in a loop.
COUNT_KEY = {state: state.value for state in DayState}
_STATE = operator.attrgetter("state")


@dataclass
class GoalEval:
    """A goal's report plus what the weekly rollups need from it, indexed for range queries."""

    report: GoalReport
    start: dt.date | None
    end: dt.date | None  # last evaluated day (≤ as-of)
    quantities: dict[dt.date, float] = field(default_factory=dict)
    periods: list[PeriodResult] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Range queries run once per week per goal: index them so ten years stay linear.
        self._sums = RangeSum(self.quantities)
        self._periods = {p.start: p for p in self.periods}

    def days_between(self, lo: dt.date, hi: dt.date) -> Sequence[Day]:
        """Return the goal's days from lo to hi."""
        return self.report.days_between(lo, hi)

    def quantity_between(self, lo: dt.date, hi: dt.date) -> float:
        """Return the ladder quantity summed from lo to hi, both included."""
        return self._sums.between(lo, hi)

    def period_starting(self, start: dt.date) -> PeriodResult | None:
        """Return the period (week or month) that starts on start, if any."""
        return self._periods.get(start)


@dataclass(frozen=True)
class PeriodResult:
    """A week or month of a quota or period-ladder goal."""

    start: dt.date
    end: dt.date
    quota: int | None
    successes: int
    quantity: float | None
    met: bool
    outcome: Outcome


def _kind(goal: Goal) -> str:
    """Return how a goal is evaluated: 'metric', 'quota', 'period', 'ladder' or 'days'."""
    if goal.metric is not None:
        return "metric"
    if goal.schedule.is_quota:
        return "quota"
    if goal.level in _PERIOD_LEVELS:
        return "period"
    if goal.level in (Level.QUARTER, Level.VISION):
        return "ladder"
    return "days"


def _first_metric_day(goal: Goal, days: Mapping[dt.date, DayData]) -> dt.date | None:
    dates = [d for d, data in days.items() if goal.metric in data.metrics]
    return min(dates) if dates else None


def evaluate_goals(config: Config, days: Mapping[dt.date, DayData], claims: Mapping[str, GoalDays], as_of: dt.date) -> list[GoalEval]:
    """Return every goal evaluated as of one day, in config order."""
    goals = config.goals
    children = children_of(goals)
    by_id = {g.id: g for g in goals}

    # Active ranges: leaves first (their start is their first task), then ladder goals.
    starts: dict[str, dt.date | None] = {}
    for g in goals:
        if g.start is not None:
            starts[g.id] = g.start
        elif g.metric is not None:
            starts[g.id] = _first_metric_day(g, days)
        else:
            starts[g.id] = claims[g.id].first_task
    for g in goals:
        if starts[g.id] is None:
            below = [starts[d] for d in descendants(g.id, children) if starts[d] is not None]
            own = [s for s in below if s is not None]
            starts[g.id] = min(own) if own else None

    def range_of(g: Goal) -> tuple[dt.date, dt.date] | None:
        start = starts[g.id]
        if start is None or start > as_of:
            return None
        end = _goal_end(g)
        last = min(as_of, end) if end else as_of
        return (start, last) if last >= start else None

    ranges = {g.id: range_of(g) for g in goals}
    skips = Skips(days, config)
    shared_items: dict[Outcome, dict[dt.date, Item]] = {}  # one Item per (outcome, date) for every day goal
    evals: list[GoalEval] = []
    for g in goals:
        contributors = [claims[g.id]] + [claims[d] for d in descendants(g.id, children) if by_id[d].unit == g.unit]
        quantities = ladder_quantities(g, contributors, ranges) if g.unit else {}
        evals.append(_evaluate(g, ranges[g.id], starts[g.id], days, skips, claims[g.id], quantities, config, as_of, children[g.id], shared_items))
    return evals


def _goal_end(goal: Goal) -> dt.date | None:
    if goal.end is not None:
        return goal.end
    if goal.level is Level.QUARTER and goal.start is not None:
        return goal.start + dt.timedelta(weeks=12, days=-1)
    return None


def _evaluate(
    goal: Goal,
    bounds: tuple[dt.date, dt.date] | None,
    start: dt.date | None,
    days: Mapping[dt.date, DayData],
    skips: Skips,
    claim: GoalDays,
    quantities: dict[dt.date, float],
    config: Config,
    as_of: dt.date,
    children: Sequence[str],
    shared_items: dict[Outcome, dict[dt.date, Item]],
) -> GoalEval:
    kind = _kind(goal)
    day_list: list[Day] = []
    if bounds is not None and kind in ("days", "metric", "quota"):
        day_list = goal_days(claim, bounds[0], bounds[1], days, skips, as_of)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for state, n in Counter(map(_STATE, day_list)).items():  # counted in C
        counts[COUNT_KEY[state]] = n

    items: list[Item] = []
    period_results: list[PeriodResult] = []
    unit_name = "days"
    values: list[tuple[dt.date, float]] = []
    frequency = 1.0
    streak = forgiving = None
    strength: float | None = None
    steps: list[StreakStep] = []
    if kind in ("days", "metric"):
        walked = walk_days(day_list, goal.grace, config.missing_note, config.mva_credit, goal.target if goal.unit else None, shared_items)
        steps = walked.steps
        streak, forgiving = walked.strict.streak(unit_name), walked.forgiving.streak(unit_name)
        strength = walked.strength
    elif kind == "quota":
        unit_name = f"{goal.schedule.period}s"
    elif kind == "period":
        unit_name = _PERIOD_LEVELS[goal.level] + "s"
    if kind == "quota" and bounds is not None:
        assert goal.schedule.quota is not None and goal.schedule.period is not None
        period = goal.schedule.period
        period_results = _quota_periods(goal, bounds[0], day_list, config, as_of)
        values = quota_values(day_list, goal.schedule.quota, period, config.mva_credit)
        frequency = goal.schedule.quota / (7.0 if period == "week" else 30.0)
    elif kind == "period" and bounds is not None:
        period_results = _ladder_periods(goal, bounds[0], quantities, days, config, as_of)
    if period_results:
        items = [Item(p.start, p.end, p.outcome, p.start.isoformat()) for p in period_results]

    if kind in ("quota", "period"):
        strict_walk, forgiving_walk = StreakWalk(0), StreakWalk(goal.grace)
        scores = strength_series(values, frequency) if kind != "period" else []
        series = dict(scores)
        last_strength: float | None = 0.0 if kind != "period" else None
        for item in items:
            strict_walk.step(item)
            forgiving_walk.step(item)
            if series:
                for date in _dates_of(item):
                    if date in series:
                        last_strength = series[date]
            steps.append(StreakStep(item, strict_walk.run, forgiving_walk.run, last_strength))
        streak = strict_walk.streak(unit_name)
        forgiving = forgiving_walk.streak(unit_name)
        if kind != "period":
            strength = scores[-1][1] if scores else 0.0

    quantity_total: float | None = None
    if goal.unit is not None:
        if kind in ("days", "quota"):
            quantity_total = sum(d.quantity for d in day_list if d.quantity is not None)
        elif bounds is not None:
            quantity_total = sum(q for d, q in quantities.items() if bounds[0] <= d <= bounds[1])
        else:
            quantity_total = 0.0

    report = GoalReport(
        goal=goal,
        start=start,
        streak=streak,
        forgiving_streak=forgiving,
        strength=strength,
        counts=counts,
        quantity_total=quantity_total,
        progress=progress(goal, quantities, as_of, config, children),
        days=tuple(day_list) if kind in ("days", "metric", "quota") else (),
        steps=tuple(steps),
    )
    return GoalEval(report, bounds[0] if bounds else start, bounds[1] if bounds else None, quantities, period_results)


def _dates_of(item: Item) -> list[dt.date]:
    if item.start == item.end:
        return [item.start]
    out, day = [], item.start
    while day <= item.end:
        out.append(day)
        day += ONE_DAY
    return out


def _quota_periods(goal: Goal, start: dt.date, day_list: Sequence[Day], config: Config, as_of: dt.date) -> list[PeriodResult]:
    """Return a quota goal's periods: quota = min(N, non-skipped active days), met when reached."""
    assert goal.schedule.quota is not None and goal.schedule.period is not None
    by_date = {d.date: d for d in day_list}
    goal_end = _goal_end(goal)
    results = []
    skipped, done, mva = DayState.SKIPPED, DayState.DONE, DayState.MVA
    for p_start, p_end in periods(start, as_of, goal.schedule.period, config.week_start_day):
        lo = max(p_start, start)
        hi = min(p_end, goal_end) if goal_end else p_end
        open_days = 0
        successes = 0
        day = lo
        while day <= hi:
            state = by_date[day].state if day in by_date else None
            if state is None:  # after as-of: only a configured break can skip it
                if not any(b.start <= day <= b.end for b in config.breaks):
                    open_days += 1
            elif state is not skipped:
                open_days += 1
            if state is done or state is mva:
                successes += 1
            day += ONE_DAY
        quota = min(goal.schedule.quota, open_days)
        met = quota > 0 and successes >= quota
        finished = hi < as_of
        outcome = _period_outcome(quota > 0, met, finished)
        results.append(PeriodResult(p_start, p_end, quota, successes, None, met, outcome))
    return results


def _ladder_periods(
    goal: Goal, start: dt.date, quantities: Mapping[dt.date, float], days: Mapping[dt.date, DayData], config: Config, as_of: dt.date
) -> list[PeriodResult]:
    """Return a week/month ladder goal's periods: met when the summed quantity reaches the target."""
    period = _PERIOD_LEVELS[goal.level]
    goal_end = _goal_end(goal)
    sums = RangeSum(quantities)
    results = []
    for p_start, p_end in periods(start, as_of, period, config.week_start_day):
        lo = max(p_start, start)
        hi = min(p_end, goal_end) if goal_end else p_end
        quantity = sums.between(lo, min(hi, as_of))
        all_skipped = all(_skip_reason(goal, days.get(d), config, d) is not None for d in _dates_of(Item(lo, hi, Outcome.NEUTRAL)))
        target = goal.target
        met = target is not None and quantity >= target
        finished = hi < as_of
        outcome = _period_outcome(target is not None and not all_skipped, met, finished)
        results.append(PeriodResult(p_start, p_end, None, 0, quantity, met, outcome))
    return results


def _period_outcome(counts: bool, met: bool, finished: bool) -> Outcome:
    """Return a period's outcome: met succeeds (current included), a finished unmet period fails."""
    if not counts:
        return Outcome.NEUTRAL
    if met:
        return Outcome.SUCCESS
    return Outcome.FAILURE if finished else Outcome.NEUTRAL
