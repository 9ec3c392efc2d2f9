"""What every human-facing renderer shares: state symbols, bars, the focus week, wording."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.calendar import month_name
from ..errors import Problem
from ..model import DayState, EvidenceEntry, GoalReport, Progress, Report, Streak, Week, WeekGoal
from .numbers import text as num

# One symbol per state, distinguishable without colour (SPEC §8).
STATE_SYMBOL = {
    DayState.DONE: "✅",
    DayState.MVA: "🟡",
    DayState.PARTIAL: "◐",
    DayState.MISSED: "❌",
    DayState.UNKNOWN: "❔",
    DayState.SKIPPED: "⏸",
    DayState.NOT_DUE: "·",
    DayState.IDLE: "○",
    DayState.PENDING: "⏳",
}

STATE_WORD = {
    DayState.DONE: "done",
    DayState.MVA: "minimum (MVA)",
    DayState.PARTIAL: "partial",
    DayState.MISSED: "missed",
    DayState.UNKNOWN: "no note",
    DayState.SKIPPED: "skipped",
    DayState.NOT_DUE: "not due",
    DayState.IDLE: "no session",
    DayState.PENDING: "today",
}


def _week_at(report: Report, day: dt.date) -> int:
    """Return the index of the last week starting on or before day (-1: none); weeks are in order."""
    return bisect.bisect_right(report.weeks, day, key=_start) - 1


def _start(w: Week) -> dt.date:
    return w.start


def focus_week(report: Report, week: dt.date | None) -> Week | None:
    """Return the week under review: the one starting at week, else the week of as-of."""
    # A site renders a review of every week: a scan of the weeks for each would cost weeks² (100 years: 27 M).
    weeks = report.weeks
    if not weeks:
        return None
    if week is not None:
        i = _week_at(report, week)
        if i >= 0 and weeks[i].start == week:
            return weeks[i]
    i = _week_at(report, report.as_of)
    if i >= 0 and weeks[i].start <= report.as_of <= weeks[i].end:
        return weeks[i]
    return weeks[-1]


def bar(fraction: float | None, width: int = 10, full: str = "█", empty: str = "░") -> str:
    """Return a text progress bar: bar(0.5, 10) → '█████░░░░░'."""
    if fraction is None:
        return empty * width
    filled = max(0, min(width, round(fraction * width)))
    return full * filled + empty * (width - filled)


def streak_text(streak: Streak | None) -> str:
    """Return '12 days (best 21)' or '–'."""
    if streak is None:
        return "–"
    unit = streak.unit[:-1] if streak.current == 1 else streak.unit
    return f"{streak.current} {unit} (best {streak.longest})"


def amount(value: float | None, goal_report: GoalReport) -> str:
    """Return an amount with the goal's unit: '2,310 words'."""
    unit = goal_report.goal.unit_text
    return f"{num(value)} {unit}" if unit else num(value)


def progress_line(g: GoalReport) -> str | None:
    """Return one line on where a ladder goal stands, or None."""
    p = g.progress
    if not isinstance(p, Progress):
        return None
    parts = []
    if p.weeks:
        parts.append(f"week {p.week} of {p.weeks}")
    target = f" / {amount(p.target, g)}" if p.target is not None else ""
    parts.append(f"{amount(p.quantity, g)}{target}")
    if p.fraction is not None:
        parts.append(f"{bar(p.fraction)} {round(p.fraction * 100)}%")
    if p.projected is not None and p.target is not None:
        verdict = "on track" if p.on_track else "behind"
        parts.append(f"projected {amount(p.projected, g)} — {verdict}")
    return " · ".join(parts)


def day_range_label(start: dt.date, end: dt.date) -> str:
    """Return '16–22 November 2026' (or across months: '28 September – 4 October 2026')."""
    if start.month == end.month:
        return f"{start.day}–{end.day} {month_name(end)} {end.year}"
    if start.year == end.year:
        return f"{start.day} {month_name(start)} – {end.day} {month_name(end)} {end.year}"
    return f"{start.day} {month_name(start)} {start.year} – {end.day} {month_name(end)} {end.year}"


def problem_counts(problems: Sequence[Problem]) -> dict[str, int]:
    """Return how many problems there are of each severity: {'error': 2, 'warning': 0, 'info': 1}."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for p in problems:
        counts[p.severity.value] = counts.get(p.severity.value, 0) + 1
    return counts


def weeks_before(report: Report, week: Week, count: int) -> list[Week]:
    """Return up to count weeks ending with week, oldest first."""
    index = _week_at(report, week.start)
    if index < 0 or report.weeks[index].start != week.start:
        index = len(report.weeks) - 1
    return list(report.weeks[max(0, index - count + 1) : index + 1])


def ladder_order(report: Report) -> list[tuple[int, GoalReport]]:
    """Return (depth, goal) pairs, parents before children, config order among siblings."""
    ids = {g.goal.id for g in report.goals}
    children: dict[str | None, list[GoalReport]] = {}
    for g in report.goals:
        parent = g.goal.parent if g.goal.parent in ids else None
        children.setdefault(parent, []).append(g)
    out: list[tuple[int, GoalReport]] = []
    seen: set[str] = set()

    def visit(parent: str | None, depth: int) -> None:
        for g in children.get(parent, []):
            if g.goal.id in seen:
                continue
            seen.add(g.goal.id)
            out.append((depth, g))
            visit(g.goal.id, depth + 1)

    visit(None, 0)
    return out


@dataclass(frozen=True)
class FeelingGroup:
    """A week's evidence entries that share a feeling (None: no feeling), and the goals that feed it."""

    feeling: str | None
    entries: tuple[EvidenceEntry, ...]
    fed_by: tuple[tuple[GoalReport, WeekGoal], ...]


def evidence_by_feeling(report: Report, week: Week) -> list[FeelingGroup]:
    """Return the week's evidence grouped by feeling, feelings alphabetically, entries without one last."""
    groups: dict[str | None, list[EvidenceEntry]] = {}
    for entry in week.evidence:
        groups.setdefault(entry.feeling, []).append(entry)
    out = []
    for feeling in sorted(groups, key=lambda f: (f is None, f or "")):
        fed = tuple(
            (g, week.goals[g.goal.id]) for g in report.goals if feeling and g.goal.feeling == feeling and g.goal.id in week.goals
        )
        out.append(FeelingGroup(feeling, tuple(groups[feeling]), fed))
    return out
