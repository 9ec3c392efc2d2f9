"""What a goal's page shows beyond its card: a calendar per year, weekly rates, quantities, streak history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine.calendar import MONTH_NAMES
from ..model import Day, DayState, GoalReport, Level, Progress, Report, Week
from . import svg
from .common import STATE_WORD, amount
from .links import Link, week_href
from .numbers import percent
from .wording import week_summary

if TYPE_CHECKING:
    from .views import GoalView

STRIP_WEEKS = 12


@dataclass(frozen=True)
class YearBlock:
    """One year of a goal's history: the calendar, the weekly rates and the quantities."""

    year: int
    heatmap: str
    rates: str
    quantities: str
    summary: str


@dataclass(frozen=True)
class Run:
    """A run of the strict streak: its length, first and last item."""

    length: int
    start: dt.date
    end: dt.date
    current: bool


@dataclass(frozen=True)
class GoalDetail:
    """What only the goal's own page shows."""

    years: tuple[YearBlock, ...]
    legend: tuple[tuple[str, str], ...]  # ("done: 61", cell svg)
    history: str
    strength_history: str
    runs: tuple[Run, ...]
    ladder_chart: str
    weeks: tuple[tuple[Link, str, str, bool | None], ...]  # the last weeks: (week, rate, quantity, met)


def strip(report: Report, g: GoalReport, kind: str) -> str:
    """Return the 12-week strip: each week's rate (ladder goals: quantity against the pace), met weeks ticked."""
    if kind == "ladder" and not (g.goal.level is Level.QUARTER and g.goal.target):
        return ""
    weeks = report.weeks[-STRIP_WEEKS:]
    bars = [week_bar(report, g, kind, w) for w in weeks]
    if all(b.value is None for b in bars):
        return ""
    return svg.bars(bars, title=f"{g.goal.title}: the last {len(bars)} weeks")


def week_bar(report: Report, g: GoalReport, kind: str, w: Week) -> svg.Bar:
    """Return one week of a goal as a bar: its rate (ladder goals: quantity against the pace), ticked when met."""
    wg = w.goals.get(g.goal.id)
    current = w.start <= report.as_of <= w.end
    if wg is None:
        return svg.Bar(None, f"{w.label}: not active", None, current)
    if kind == "ladder":
        pace = (g.goal.target or 0) / 12
        quantity = wg.quantity or 0.0
        met = quantity >= pace if pace else None
        value = min(1.0, quantity / pace) if pace else None
        return svg.Bar(value, f"{w.label}: {amount(quantity, g)} (pace {amount(round(pace), g)})", met, current)
    text = f"{w.label}: {week_summary(g, kind, wg)}"
    if wg.rate is not None:
        text += f" · {percent(wg.rate)}"
    return svg.Bar(wg.rate, text, wg.met, current)


def goal_detail(report: Report, gv: GoalView) -> GoalDetail:
    """Return the charts of one goal's page: a calendar per year, rates, quantities, streak history."""
    g = gv.report
    unit = g.goal.unit_text
    first_weekday = report.config.week_start_day
    years: list[YearBlock] = []
    weeks_of_year: dict[int, list[Week]] = {}  # every goal's charts of a year show the weeks starting in it
    for w in report.weeks:
        weeks_of_year.setdefault(w.start.year, []).append(w)
    if g.days:
        by_year: dict[int, list[Day]] = {}
        for d in g.days:
            by_year.setdefault(d.date.year, []).append(d)
        for year in sorted(by_year, reverse=True):
            days = by_year[year]
            heat = svg.heatmap(days, year, first_weekday=first_weekday, title=gv.title, unit=unit)
            rates = _year_rates(report, g, gv.kind, year, weeks_of_year.get(year, []))
            years.append(YearBlock(year, heat, rates, _year_quantities(g, days, year), _year_summary(days)))
    elif gv.kind in ("period", "ladder"):
        for year in sorted({w.start.year for w in report.weeks if g.goal.id in w.goals}, reverse=True):
            rates = _year_rates(report, g, gv.kind, year, weeks_of_year.get(year, []))
            if rates:
                years.append(YearBlock(year, "", rates, "", ""))
    counts = {s: g.counts.get(s.value, 0) for s in DayState}
    legend = tuple((f"{STATE_WORD[s]}: {counts[s]}", svg.legend_cell(s)) for s in DayState if counts[s])
    history = strength = ""
    runs: list[Run] = []
    if g.steps:
        first = g.steps[0].item.start.toordinal()
        at = [s.item.start.toordinal() - first for s in g.steps]  # each step's day, shared by the three lines
        strict = svg.Series(list(zip(at, [s.strict for s in g.steps], strict=True)), "strict streak")
        forgiving = svg.Series(list(zip(at, [s.forgiving for s in g.steps], strict=True)), "forgiving streak", "dash")
        history = svg.line_chart(
            [forgiving, strict], title=f"{gv.title}: streak history", x_labels=_x_labels(g.steps[0].item.start, g.steps[-1].item.start), step=True
        )
        points = [(x, s.strength * 100) for x, s in zip(at, g.steps, strict=True) if s.strength is not None]
        if points:
            strength = svg.line_chart(
                [svg.Series(points, "strength (%)")], title=f"{gv.title}: strength history", y_max=100,
                x_labels=_x_labels(g.steps[0].item.start, g.steps[-1].item.start), height=110,
            )
        runs = _runs(g)
    weeks = []
    for w in reversed(report.weeks[-STRIP_WEEKS:]):
        wg = w.goals.get(g.goal.id)
        if wg is None:
            continue
        quantity = amount(wg.quantity, g) if wg.quantity is not None else "–"
        summary, met = week_summary(g, gv.kind, wg), wg.met
        if gv.kind == "ladder":
            bar = week_bar(report, g, gv.kind, w)  # a 12-week target's week is judged against the even pace
            summary, met = (f"{percent(bar.value)} of the pace", bar.met) if bar.value is not None else ("–", None)
        weeks.append((Link(w.label, week_href(w.label)), summary, quantity, met))
    return GoalDetail(tuple(years), legend, history, strength, tuple(runs), _ladder_chart(report, g, gv), tuple(weeks))


def _year_rates(report: Report, g: GoalReport, kind: str, year: int, weeks: Sequence[Week]) -> str:
    bars = [week_bar(report, g, kind, w) for w in weeks if g.goal.id in w.goals]
    if not any(b.value is not None for b in bars):
        return ""
    return svg.bars(bars, title=f"{g.goal.title}: weekly rates, {year}", height=80, width=9, gap=3, axis=True)


def _year_quantities(g: GoalReport, days: Sequence[Day], year: int) -> str:
    if g.goal.unit is None or g.goal.metric is not None:
        return ""
    if not any(d.quantity for d in days):
        return ""
    first = days[0].date.toordinal()
    series = [svg.Series([(d.date.toordinal() - first, d.quantity or 0.0) for d in days], f"{g.goal.unit_text} a day")]
    span = (days[0].date.toordinal() - first, days[-1].date.toordinal() - first)
    if g.goal.target is not None:
        series.append(svg.Series([(span[0], g.goal.target), (span[1], g.goal.target)], f"target {amount(g.goal.target, g)}", "dash"))
    if g.goal.mva is not None:
        series.append(svg.Series([(span[0], g.goal.mva), (span[1], g.goal.mva)], f"minimum {amount(g.goal.mva, g)}", "dot"))
    return svg.line_chart(series, title=f"{g.goal.title}: quantity against target, {year}", x_labels=_x_labels(days[0].date, days[-1].date))


def _ladder_chart(report: Report, g: GoalReport, gv: GoalView) -> str:
    """Return a quarter goal's cumulative quantity against an even pace, or a week goal's weekly quantities."""
    if gv.kind == "ladder" and isinstance(g.progress, Progress) and g.progress.target:
        p = g.progress
        target = p.target or 0.0
        weeks = [w for w in report.weeks if w.end >= p.start and w.start <= p.end and g.goal.id in w.goals]
        if not weeks:
            return ""
        total = 0.0
        points: list[tuple[float, float]] = [(0.0, 0.0)]
        for w in weeks:
            total += w.goals[g.goal.id].quantity or 0.0
            points.append(((min(w.end, report.as_of) - p.start).days + 1, total))
        length = (p.end - p.start).days + 1
        pace = svg.Series([(0, 0), (length, target)], f"even pace to {amount(target, g)}", "dash")
        return svg.line_chart(
            [pace, svg.Series(points, f"{g.goal.unit_text or 'quantity'} so far")],
            title=f"{gv.title}: the 12-week cycle", x_labels=_x_labels(p.start, p.end), y_max=target,
        )
    if gv.kind == "period" and g.goal.target:
        weeks = [w for w in report.weeks if g.goal.id in w.goals][-52:]
        if not weeks:
            return ""
        points = [(float(i), w.goals[g.goal.id].quantity or 0.0) for i, w in enumerate(weeks)]
        goal_line = svg.Series([(0, g.goal.target), (len(weeks) - 1, g.goal.target)], f"target {amount(g.goal.target, g)}", "dash")
        labels = [(float(i), weeks[i].label[-3:]) for i in range(0, len(weeks), max(1, len(weeks) // 6))]
        return svg.line_chart([goal_line, svg.Series(points, f"{g.goal.unit_text or 'quantity'} a week")], title=f"{gv.title}: weekly quantity against target", x_labels=labels)
    return ""


def _year_summary(days: Sequence[Day]) -> str:
    states = [d.state for d in days]
    done = states.count(DayState.DONE) + states.count(DayState.MVA)
    return f"{done} of {len(days)} days done (or the minimum)"


def _x_labels(first: dt.date, last: dt.date) -> list[tuple[float, str]]:
    """Return month labels along an x axis measured in days from first (at most ~7)."""
    span = (last - first).days
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if not months:
        months = [first]
    stride = max(1, (len(months) + 6) // 7)
    out = []
    for m in months[::stride]:
        text = MONTH_NAMES[m.month - 1][:3] if span < 330 else f"{MONTH_NAMES[m.month - 1][:3]} {m.year % 100:02d}"
        out.append((float((m - first).days), text))
    return out


def _runs(g: GoalReport, limit: int = 5) -> list[Run]:
    """Return the longest runs of the strict streak, longest first (ties: the most recent first)."""
    runs: list[Run] = []
    start: dt.date | None = None
    end: dt.date | None = None
    length = 0
    for step in g.steps:
        if step.strict > length:
            if length == 0:
                start = step.item.start
            length = step.strict
            end = step.item.end
        elif step.strict == 0 and length:
            assert start is not None and end is not None
            runs.append(Run(length, start, end, False))
            length = 0
    if length and start is not None and end is not None:
        runs.append(Run(length, start, end, True))
    runs.sort(key=lambda r: (-r.length, -r.start.toordinal()))
    return runs[:limit]

