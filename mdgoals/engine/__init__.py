"""The engine: (journal, config, as-of) → Report.  Pure functions: no I/O, no clock.

>>> import datetime as dt
>>> from mdgoals.model import Config, Journal
>>> compute_report(Journal(".", ()), Config(), dt.date(2026, 11, 22)).as_of
datetime.date(2026, 11, 22)
"""

from __future__ import annotations

import datetime as dt

from ..collector import collector_paused
from ..model import IMPLICIT_GOAL, Config, Journal, JournalInfo, Report
from .calendar import week_start
from .coach import suggestions
from .days import claim_all, fold_journal
from .goals import evaluate_goals
from .weeks import build_week, evidence_by_date, feelings_of, goal_weeks


def compute_report(
    journal: Journal,
    config: Config,
    as_of: dt.date,
    *,
    week_from: dt.date | None = None,
    week_to: dt.date | None = None,
) -> Report:
    """Return the report of a journal as of one day.

    Notes dated after as-of are ignored.  ``weeks`` runs from the week of the
    first note to the week of as-of, or over the weeks containing
    ``week_from``..``week_to`` when given.
    """
    with collector_paused():  # a report holds no reference cycles (mdgoals.collector)
        return _compute(journal, config, as_of, week_from, week_to)


def _compute(journal: Journal, config: Config, as_of: dt.date, week_from: dt.date | None, week_to: dt.date | None) -> Report:
    if not config.goals:
        from dataclasses import replace

        config = replace(config, goals=(IMPLICIT_GOAL,))
    # Sorted here too, so nothing depends on the order notes were read in.
    notes = sorted((n for n in journal.notes if n.date <= as_of), key=lambda n: (n.date, n.path))
    days = fold_journal(notes, as_of)
    claims = claim_all(config.goals, days)
    evals = evaluate_goals(config, days, claims, as_of)

    first_day = config.week_start_day
    first_note = notes[0].date if notes else None
    last_note = notes[-1].date if notes else None
    lo = week_from or first_note or as_of
    hi = min(week_to or as_of, as_of)
    evidence = evidence_by_date(notes, feelings_of(config), as_of)
    starts = []
    start = week_start(lo, first_day)
    while start <= hi:
        starts.append(start)
        start += dt.timedelta(days=7)
    by_goal = {ev.report.goal.id: goal_weeks(ev, starts, config, as_of) for ev in evals}
    weeks = [build_week(start, config, days, by_goal, evidence, as_of) for start in starts]

    info = JournalInfo(
        root=journal.root,
        notes=len(notes),
        first_date=first_note,
        last_date=last_note,
        week_start=config.week_start,
        layout=journal.layout,
    )
    return Report(
        as_of=as_of,
        journal=info,
        problems=tuple(sorted(journal.problems)),
        goals=tuple(ev.report for ev in evals),
        weeks=tuple(weeks),
        suggestions=tuple(suggestions(evals, as_of, config)),
        config=config,
    )
