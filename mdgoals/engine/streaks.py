"""Streaks (SPEC §5.2) and strength (SPEC §5.3): walks over items in date order."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Day, DayState, Item, Outcome, Streak, StreakStep

_SUCCESS = {DayState.DONE, DayState.MVA}
_FAILURE = {DayState.MISSED, DayState.PARTIAL}


def day_outcome(state: DayState, missing_note: str) -> Outcome:
    """Return what a day contributes to a streak: done/mva succeed, missed/partial/unknown fail."""
    if state in _SUCCESS:
        return Outcome.SUCCESS
    if state in _FAILURE:
        return Outcome.FAILURE
    if state is DayState.UNKNOWN and missing_note != "skip":
        return Outcome.FAILURE
    return Outcome.NEUTRAL


@dataclass
class StreakWalk:
    """A run counter over items (one per grace value); see :func:`walk`."""

    grace: int
    run: int = 0
    longest: int = 0
    failures: int = 0
    start: dt.date | None = None

    def step(self, item: Item) -> None:
        """Advance over one item: a success adds one, a failure past the grace resets."""
        if item.outcome is Outcome.SUCCESS:
            if self.run == 0:
                self.start = item.start
            self.run += 1
            self.failures = 0
            self.longest = max(self.longest, self.run)
        elif item.outcome is Outcome.FAILURE:
            self.failures += 1
            if self.failures > self.grace:
                self.run = 0
                self.start = None

    def streak(self, unit: str) -> Streak:
        """Return the streak after the items walked so far."""
        return Streak(unit, self.grace, self.run, self.longest, self.start if self.run else None)


def walk(items: Sequence[Item], grace: int, unit: str) -> Streak:
    """Return the streak over items with a grace of failures in a row.

    >>> from mdgoals.model import Item, Outcome
    >>> d = dt.date(2026, 1, 1)
    >>> walk([Item(d, d, Outcome.SUCCESS), Item(d, d, Outcome.FAILURE)], 1, "days").current
    1
    """
    state = StreakWalk(grace)
    for item in items:
        state.step(item)
    return state.streak(unit)


@dataclass
class DayWalk:
    """A day-schedule or metric goal walked once: the steps for ``explain`` (one per day), streaks, strength."""

    steps: list[StreakStep]
    strict: StreakWalk
    forgiving: StreakWalk
    strength: float


def walk_days(
    days: Sequence[Day],
    grace: int,
    missing_note: str,
    mva_credit: float,
    target: float | None,
    shared: dict[Outcome, dict[dt.date, Item]] | None = None,
) -> DayWalk:
    """Return the streak steps, streaks and strength of a day-schedule or metric goal in one pass.

    :func:`walk` and :func:`strength_series` (SPEC §5.2–§5.3) inlined: the same runs and, bit for bit, the same scores.  Items are frozen
    and depend on nothing but their date and outcome: goals walked with the
    same ``shared`` share them.
    """
    success, failure = Outcome.SUCCESS, Outcome.FAILURE
    if shared is None:
        shared = {}
    outcome_of = {state: day_outcome(state, missing_note) for state in DayState}
    known_of = {state: shared.setdefault(outcome, {}) for state, outcome in outcome_of.items()}
    done, partial = DayState.DONE, DayState.PARTIAL
    m = multiplier(1.0)
    run = longest = 0
    start: dt.date | None = None
    f_run = f_longest = f_failures = 0
    f_start: dt.date | None = None
    score = 0.0  # after the last scored day, as explain shows it
    steps: list[StreakStep] = []
    for d in days:
        date, state = d.date, d.state
        outcome = outcome_of[state]
        item = known_of[state].get(date)
        if item is None:
            item = known_of[state][date] = Item(date, date, outcome, date.isoformat())
        if outcome is success:
            v = 1.0 if state is done else mva_credit
            if run == 0:
                start = date
            run += 1
            if run > longest:
                longest = run
            if f_run == 0:
                f_start = date
            f_run += 1
            f_failures = 0
            if f_run > f_longest:
                f_longest = f_run
            score = score * m + v * (1.0 - m)
        elif outcome is failure:
            quantity = d.quantity
            v = min(1.0, max(0.0, quantity / target)) if state is partial and quantity is not None and target else 0.0
            run, start = 0, None
            f_failures += 1
            if f_failures > grace:
                f_run, f_start = 0, None
            score = score * m + v * (1.0 - m)
        steps.append(StreakStep(item, run, f_run, score))
    strict = StreakWalk(0, run=run, longest=longest, start=start)
    forgiving = StreakWalk(grace, run=f_run, longest=f_longest, failures=f_failures, start=f_start)
    return DayWalk(steps, strict, forgiving, score)


def multiplier(frequency: float) -> float:
    """Return Loop Habit Tracker's decay multiplier for a habit's frequency."""
    return 0.5 ** (math.sqrt(frequency) / 13.0)


def quota_values(days: Sequence[Day], quota: int, period: str, mva_credit: float) -> list[tuple[dt.date, float]]:
    """Return (date, v) for each non-skipped day of a quota goal (SPEC §5.3).

    ``v = min(1, c / 2N)`` where c is the credit of the last 14 (week) or 60
    (month) days up to and including the day.
    """
    window = 14 if period == "week" else 60
    credit = {DayState.DONE: 1.0, DayState.MVA: mva_credit}
    by_date = {d.date: credit.get(d.state, 0.0) for d in days}
    values: list[tuple[dt.date, float]] = []
    running = 0.0
    dates = [d.date for d in days]
    # A sliding window over consecutive dates keeps this linear on long histories.
    for i, d in enumerate(days):
        running += by_date[d.date]
        if i >= window:
            running -= by_date[dates[i - window]]
        if d.state is DayState.SKIPPED:
            continue
        values.append((d.date, min(1.0, running / (2 * quota))))
    return values


def strength_series(values: Sequence[tuple[dt.date, float]], frequency: float) -> list[tuple[dt.date, float]]:
    """Return the score after each step: ``score = score × m + v × (1 − m)``, from 0."""
    m = multiplier(frequency)
    score = 0.0
    series = []
    for date, v in values:
        score = score * m + v * (1.0 - m)
        series.append((date, score))
    return series
