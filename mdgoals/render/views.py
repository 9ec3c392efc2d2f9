"""What the HTML templates see: the report reshaped into small, typed views, computed once.

Templates get these objects and nothing else from Python (see ``docs/site.md``),
so a user's override of ``goal.html`` has the same data as the packaged one.
Every ``href`` here is a path relative to the site root that this module builds
from a goal id, a week label or a date — never from note text — so no page can
carry a ``javascript:`` link.  Note paths become links only as percent-encoded
relative paths (:meth:`SiteView.note_href`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from ..engine.calendar import MONTH_NAMES, WEEKDAY_NAMES, week_start
from ..model import (
    Day,
    DayState,
    GoalReport,
    Level,
    Progress,
    Report,
    Streak,
    Suggestion,
    VisionProgress,
    Week,
    WeekGoal,
    is_goal_id,
)
from . import svg
from .common import STATE_WORD, amount, day_range_label, focus_week, ladder_order
from .numbers import percent
from .numbers import text as num

LEVEL_WORD = {
    Level.VISION: "Vision",
    Level.QUARTER: "12-week target",
    Level.MONTH: "Monthly milestone",
    Level.WEEK: "Weekly micro-goal",
    Level.DAILY: "Daily micro-action",
}
SUGGESTION_WORD = {"comeback": "Comeback", "fresh_start": "Fresh start", "scale_up": "Scale up"}
STRIP_WEEKS = 12
CHAIN_DAYS = 28
_WEEK_LABEL = re.compile(r"^\d{4}-(W\d{2}|\d{2}-\d{2})$")


def goal_slug(goal_id: str) -> str:
    """Return the file name stem of a goal's page: its id, or a hash when the id is not a plain slug."""
    if is_goal_id(goal_id):
        return goal_id
    return "goal-" + hashlib.sha256(goal_id.encode("utf-8")).hexdigest()[:12]


def week_slug(label: str) -> str:
    """Return the file name stem of a week's page (labels are ``2026-W47`` or ``2026-11-15``)."""
    if _WEEK_LABEL.match(label):
        return label
    return "week-" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:12]


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


@dataclass(frozen=True)
class Link:
    """A titled relative link (href relative to the site root)."""

    title: str
    href: str


@dataclass(frozen=True)
class SuggestionView:
    """One piece of advice, with its kind in words."""

    kind: str
    kind_word: str
    text: str
    goal: Link | None


@dataclass(frozen=True)
class ProgressView:
    """Where a ladder goal stands in its current period, in words and as a meter."""

    progress: Progress
    period: str
    amount: str
    percent: str
    verdict: str | None
    on_track: bool | None
    meter: str


@dataclass(frozen=True)
class GoalView:
    """One goal as the dashboard and its page show it."""

    report: GoalReport
    id: str
    slug: str
    title: str
    href: str
    kind: str
    level_word: str
    depth: int
    ancestors: tuple[Link, ...]
    children: tuple[Link, ...]
    schedule: str
    target: str
    streak: Streak | None
    forgiving: Streak | None
    streak_text: str
    forgiving_text: str
    strength: float | None
    strength_text: str
    strength_meter: str
    progress: ProgressView | None
    strip: str
    chain: str
    year: str
    suggestions: tuple[SuggestionView, ...]


@dataclass(frozen=True)
class DayCell:
    """One goal on one day in a week table: its state (None: not active), tooltip and words."""

    state: str | None
    css: str
    word: str
    title: str
    cell: str


@dataclass(frozen=True)
class WeekRow:
    """One goal's line in a week table."""

    goal: GoalView
    cells: tuple[DayCell, ...]
    summary: str
    rate: str
    met: bool | None
    quantity: str


@dataclass(frozen=True)
class LadderRow:
    """A ladder goal's quantity in one week: '2,310 / 2,500 words'."""

    goal: GoalView
    text: str
    met: bool | None
    meter: str


@dataclass(frozen=True)
class EntryView:
    """One evidence entry with where it came from."""

    text: str
    date: dt.date
    date_text: str
    day_href: str
    path: str
    note_href: str | None


@dataclass(frozen=True)
class EvidenceGroup:
    """Evidence entries of one feeling (None: other wins), with the goals that feed it."""

    feeling: str | None
    feeders: tuple[str, ...]
    entries: tuple[EntryView, ...]


@dataclass(frozen=True)
class DayInfo:
    """One day of a week: its notes and evidence count."""

    date: dt.date
    anchor: str
    text: str
    notes: tuple[tuple[str, str | None], ...]  # (path, href or None)
    evidence: int
    future: bool


@dataclass(frozen=True)
class WeekView:
    """One week, as its review page shows it."""

    week: Week
    label: str
    href: str
    review_href: str
    range_text: str
    is_current: bool
    heads: tuple[tuple[str, str, str], ...]  # (weekday, day of month, long date)
    rows: tuple[WeekRow, ...]
    ladder: tuple[LadderRow, ...]
    metrics: tuple[tuple[str, str, str, str, str], ...]
    tags: tuple[tuple[str, int], ...]
    evidence: tuple[EvidenceGroup, ...]
    days: tuple[DayInfo, ...]
    legend: tuple[tuple[str, str], ...]  # (word, cell svg) of the states shown
    prev: Link | None
    next: Link | None
    suggestions: tuple[SuggestionView, ...]


@dataclass(frozen=True)
class WeekSummary:
    """One line of the week index: the week, its notes, and each goal's (rate, met, tooltip)."""

    link: Link
    range_text: str
    notes: int
    done: int
    evidence: int
    cells: tuple[tuple[str, bool | None, str], ...]
    is_current: bool


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


@dataclass(frozen=True)
class MonthDays:
    """A month of the day index: weeks of (date, href or None) cells, None outside the month."""

    name: str
    anchor: str
    count: int
    weeks: tuple[tuple[tuple[dt.date, str | None] | None, ...], ...]


@dataclass(frozen=True)
class YearDays:
    """A year of the day index."""

    year: int
    count: int
    months: tuple[MonthDays, ...]


@dataclass
class SiteView:
    """The report indexed once for every page: goals in ladder order, days by date, notes by date."""

    report: Report
    notes: dict[dt.date, list[str]]
    note_base: str | None = None
    general_advice: tuple[SuggestionView, ...] = ()
    current_week: Week | None = None
    problem_counts: dict[str, int] = field(default_factory=dict)
    chain_legend: tuple[tuple[str, str], ...] = ()
    goals: list[GoalView] = field(default_factory=list)
    _by_id: dict[str, GoalView] = field(default_factory=dict)
    _days: dict[str, dict[dt.date, Day]] = field(default_factory=dict)
    _week_index: dict[dt.date, int] = field(default_factory=dict)
    _by_week: dict[str, dict[dt.date, tuple[Day, ...]]] = field(default_factory=dict)

    @classmethod
    def build(cls, report: Report, notes: Sequence[tuple[dt.date, str]] | None = None, note_base: str | None = None) -> SiteView:
        """Return the view of a report; notes are (date, path) of the daily notes (None: guess from the report)."""
        by_date: dict[dt.date, list[str]] = {}
        for date, path in notes if notes is not None else _notes_from_report(report):
            if date <= report.as_of:
                by_date.setdefault(date, []).append(path)
        for paths in by_date.values():
            paths.sort()
        view = cls(report, dict(sorted(by_date.items())), note_base)
        view._days = {g.goal.id: {d.date: d for d in g.days} for g in report.goals}
        view._week_index = {w.start: i for i, w in enumerate(report.weeks)}
        order = ladder_order(report)
        titles = {g.goal.id: Link(g.goal.title, goal_href(g.goal.id)) for g in report.goals}
        parents = {g.goal.id: g.goal.parent for g in report.goals}
        children: dict[str, list[Link]] = {}
        for _, g in order:
            if g.goal.parent in titles:
                children.setdefault(g.goal.parent, []).append(titles[g.goal.id])
        advice: dict[str | None, list[SuggestionView]] = {}
        for s in report.suggestions:
            advice.setdefault(s.goal if s.goal in titles else None, []).append(_suggestion(s, titles))
        for depth, g in order:
            ancestors: list[Link] = []
            parent = parents[g.goal.id]
            while parent in titles and len(ancestors) < len(titles):
                ancestors.insert(0, titles[parent])
                parent = parents[parent]
            gv = view._goal_view(g, depth, tuple(ancestors), tuple(children.get(g.goal.id, ())), tuple(advice.get(g.goal.id, ())))
            view.goals.append(gv)
            view._by_id[gv.id] = gv
        view.general_advice = tuple(advice.get(None, ()))
        view.current_week = focus_week(report, None)
        view.problem_counts = {"error": 0, "warning": 0, "info": 0}
        for p in report.problems:
            view.problem_counts[p.severity.value] = view.problem_counts.get(p.severity.value, 0) + 1
        view.chain_legend = legend({d.state for g in report.goals for d in g.days[-CHAIN_DAYS:]})
        return view

    # -- links ---------------------------------------------------------------

    def note_href(self, path: str) -> str | None:
        """Return a link (relative to the site root) to a note file, or None when the site is outside the journal."""
        if self.note_base is None:
            return None
        return self.note_base + quote(path, safe="/")

    def day_href(self, day: dt.date) -> str:
        """Return the link to a day: its row on its week's page."""
        start = week_start(day, self.report.config.week_start_day)
        index = self._week_index.get(start)
        if index is None:
            return "days.html#" + day.strftime("m%Y-%m")
        return week_href(self.report.weeks[index].label) + "#d" + day.isoformat()

    def rated_goals(self) -> list[GoalView]:
        """Return the goals that have a weekly rate (not the vision or 12-week targets)."""
        return [g for g in self.goals if g.kind != "ladder"]

    def week_link(self, w: Week) -> str:
        """Return the link to a week's page."""
        return week_href(w.label)

    def range_text(self, w: Week) -> str:
        """Return '16–22 November 2026'."""
        return day_range_label(w.start, w.end)

    def goal(self, goal_id: str) -> GoalView:
        """Return the view of one goal."""
        return self._by_id[goal_id]

    # -- goals ---------------------------------------------------------------

    def _goal_view(
        self, g: GoalReport, depth: int, ancestors: tuple[Link, ...], children: tuple[Link, ...], advice: tuple[SuggestionView, ...]
    ) -> GoalView:
        kind = goal_kind(g)
        title = g.goal.title
        strength = g.strength
        chain = year = ""
        if g.days:
            last = self.report.as_of
            first = week_start(last - dt.timedelta(days=364), self.report.config.week_start_day)
            recent_year = [d for d in g.days[-371:] if d.date >= first]
            label = f"{title}, the last 12 months: {svg.summary(recent_year)}"
            year = svg.calendar(
                recent_year, first, last, first_weekday=self.report.config.week_start_day, label=label, unit=g.goal.unit_text, compact=True
            )
            recent = list(g.days[-CHAIN_DAYS:])
            chain = svg.chain(recent, title=title, unit=g.goal.unit_text, first_weekday=self.report.config.week_start_day)
        return GoalView(
            report=g,
            id=g.goal.id,
            slug=goal_slug(g.goal.id),
            title=title,
            href=goal_href(g.goal.id),
            kind=kind,
            level_word=LEVEL_WORD[g.goal.level],
            depth=depth,
            ancestors=ancestors,
            children=children,
            schedule=schedule_text(g) if kind in ("days", "quota", "metric") else "",
            target=target_text(g),
            streak=g.streak,
            forgiving=g.forgiving_streak,
            streak_text=streak_words(g.streak),
            forgiving_text=streak_words(g.forgiving_streak),
            strength=strength,
            strength_text=percent(strength),
            strength_meter=svg.meter(strength, label=f"strength {percent(strength)}") if strength is not None else "",
            progress=_progress_view(g),
            strip=self._strip(g, kind),
            chain=chain,
            year=year,
            suggestions=advice,
        )

    def _strip(self, g: GoalReport, kind: str) -> str:
        """Return the 12-week strip: each week's rate (ladder goals: quantity against the pace), met weeks ticked."""
        if kind == "ladder" and not (g.goal.level is Level.QUARTER and g.goal.target):
            return ""
        weeks = self.report.weeks[-STRIP_WEEKS:]
        bars = [self._week_bar(g, kind, w) for w in weeks]
        if all(b.value is None for b in bars):
            return ""
        return svg.bars(bars, title=f"{g.goal.title}: the last {len(bars)} weeks")

    def _week_bar(self, g: GoalReport, kind: str, w: Week) -> svg.Bar:
        wg = w.goals.get(g.goal.id)
        current = w.start <= self.report.as_of <= w.end
        if wg is None:
            return svg.Bar(None, f"{w.label}: not active", None, current)
        if kind == "ladder":
            pace = (g.goal.target or 0) / 12
            quantity = wg.quantity or 0.0
            met = quantity >= pace if pace else None
            value = min(1.0, quantity / pace) if pace else None
            return svg.Bar(value, f"{w.label}: {amount(quantity, g)} (pace {amount(round(pace), g)})", met, current)
        text = f"{w.label}: {_week_summary(g, kind, wg)}"
        if wg.rate is not None:
            text += f" · {percent(wg.rate)}"
        return svg.Bar(wg.rate, text, wg.met, current)

    # -- one goal's page -----------------------------------------------------

    def goal_detail(self, gv: GoalView) -> GoalDetail:
        """Return the charts of one goal's page: a calendar per year, rates, quantities, streak history."""
        g = gv.report
        unit = g.goal.unit_text
        first_weekday = self.report.config.week_start_day
        years: list[YearBlock] = []
        if g.days:
            by_year: dict[int, list[Day]] = {}
            for d in g.days:
                by_year.setdefault(d.date.year, []).append(d)
            for year in sorted(by_year, reverse=True):
                days = by_year[year]
                heat = svg.heatmap(days, year, first_weekday=first_weekday, title=gv.title, unit=unit)
                years.append(YearBlock(year, heat, self._year_rates(g, gv.kind, year), self._year_quantities(g, days, year), _year_summary(days)))
        elif gv.kind in ("period", "ladder"):
            for year in sorted({w.start.year for w in self.report.weeks if g.goal.id in w.goals}, reverse=True):
                rates = self._year_rates(g, gv.kind, year)
                if rates:
                    years.append(YearBlock(year, "", rates, "", ""))
        counts = {s: g.counts.get(s.value, 0) for s in DayState}
        legend = tuple((f"{STATE_WORD[s]}: {counts[s]}", svg.legend_cell(s)) for s in DayState if counts[s])
        history = strength = ""
        runs: list[Run] = []
        if g.steps:
            first = g.steps[0].item.start.toordinal()
            strict = svg.Series([(s.item.start.toordinal() - first, s.strict) for s in g.steps], "strict streak")
            forgiving = svg.Series([(s.item.start.toordinal() - first, s.forgiving) for s in g.steps], "forgiving streak", "dash")
            history = svg.line_chart(
                [forgiving, strict], title=f"{gv.title}: streak history", x_labels=_x_labels(g.steps[0].item.start, g.steps[-1].item.start), step=True
            )
            points = [(s.item.start.toordinal() - first, s.strength * 100) for s in g.steps if s.strength is not None]
            if points:
                strength = svg.line_chart(
                    [svg.Series(points, "strength (%)")], title=f"{gv.title}: strength history", y_max=100,
                    x_labels=_x_labels(g.steps[0].item.start, g.steps[-1].item.start), height=110,
                )
            runs = _runs(g)
        weeks = []
        for w in reversed(self.report.weeks[-STRIP_WEEKS:]):
            wg = w.goals.get(g.goal.id)
            if wg is None:
                continue
            quantity = amount(wg.quantity, g) if wg.quantity is not None else "–"
            summary, met = _week_summary(g, gv.kind, wg), wg.met
            if gv.kind == "ladder":
                bar = self._week_bar(g, gv.kind, w)  # a 12-week target's week is judged against the even pace
                summary, met = (f"{percent(bar.value)} of the pace", bar.met) if bar.value is not None else ("–", None)
            weeks.append((Link(w.label, week_href(w.label)), summary, quantity, met))
        return GoalDetail(tuple(years), legend, history, strength, tuple(runs), self._ladder_chart(g, gv), tuple(weeks))

    def _year_rates(self, g: GoalReport, kind: str, year: int) -> str:
        weeks = [w for w in self.report.weeks if w.start.year == year]
        bars = [self._week_bar(g, kind, w) for w in weeks if g.goal.id in w.goals]
        if not any(b.value is not None for b in bars):
            return ""
        return svg.bars(bars, title=f"{g.goal.title}: weekly rates, {year}", height=80, width=9, gap=3, axis=True)

    def _year_quantities(self, g: GoalReport, days: Sequence[Day], year: int) -> str:
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

    def _ladder_chart(self, g: GoalReport, gv: GoalView) -> str:
        """Return a quarter goal's cumulative quantity against an even pace, or a week goal's weekly quantities."""
        if gv.kind == "ladder" and isinstance(g.progress, Progress) and g.progress.target:
            p = g.progress
            target = p.target or 0.0
            weeks = [w for w in self.report.weeks if w.end >= p.start and w.start <= p.end and g.goal.id in w.goals]
            if not weeks:
                return ""
            total = 0.0
            points: list[tuple[float, float]] = [(0.0, 0.0)]
            for w in weeks:
                total += w.goals[g.goal.id].quantity or 0.0
                points.append(((min(w.end, self.report.as_of) - p.start).days + 1, total))
            length = (p.end - p.start).days + 1
            pace = svg.Series([(0, 0), (length, target)], f"even pace to {amount(target, g)}", "dash")
            return svg.line_chart(
                [pace, svg.Series(points, f"{g.goal.unit_text or 'quantity'} so far")],
                title=f"{gv.title}: the 12-week cycle", x_labels=_x_labels(p.start, p.end), y_max=target,
            )
        if gv.kind == "period" and g.goal.target:
            weeks = [w for w in self.report.weeks if g.goal.id in w.goals][-52:]
            if not weeks:
                return ""
            points = [(float(i), w.goals[g.goal.id].quantity or 0.0) for i, w in enumerate(weeks)]
            goal_line = svg.Series([(0, g.goal.target), (len(weeks) - 1, g.goal.target)], f"target {amount(g.goal.target, g)}", "dash")
            labels = [(float(i), weeks[i].label[-3:]) for i in range(0, len(weeks), max(1, len(weeks) // 6))]
            return svg.line_chart([goal_line, svg.Series(points, f"{g.goal.unit_text or 'quantity'} a week")], title=f"{gv.title}: weekly quantity against target", x_labels=labels)
        return ""

    # -- weeks ---------------------------------------------------------------

    def week_view(self, w: Week, *, links: bool = True) -> WeekView:
        """Return the review of one week."""
        report = self.report
        index = self._week_index.get(w.start)
        is_current = w.start <= report.as_of <= w.end
        days = [w.start + dt.timedelta(days=i) for i in range(7)]
        rows: list[WeekRow] = []
        ladder: list[LadderRow] = []
        used: set[DayState] = set()
        for gv in self.goals:
            g = gv.report
            wg = w.goals.get(gv.id)
            if g.days:
                by_date = self._days[gv.id]
                cells = []
                for day in days:
                    d = by_date.get(day)
                    if d is None:
                        cells.append(DayCell(None, "s-none", "not active", f"{short_date(day)}: not active", ""))
                    else:
                        used.add(d.state)
                        cells.append(
                            DayCell(d.state.value, svg.STATE_CLASS[d.state], STATE_WORD[d.state], svg.day_title(d, g.goal.unit_text), svg.legend_cell(d.state))
                        )
                summary = _week_summary(g, gv.kind, wg) if wg else "–"
                quantity = amount(wg.quantity, g) if wg and wg.quantity else ""
                rows.append(WeekRow(gv, tuple(cells), summary, percent(wg.rate) if wg else "–", wg.met if wg else None, quantity))
            elif wg is not None and wg.quantity is not None and gv.kind in ("period", "ladder"):
                ladder.append(self._ladder_row(gv, wg))
        metrics = tuple((k, str(m.n), num(m.mean), num(m.min), num(m.max)) for k, m in sorted(w.metrics.items()))
        tags = tuple(sorted(w.tags.items(), key=lambda kv: (-kv[1], kv[0])))
        evidence_days: dict[dt.date, int] = {}
        for e in w.evidence:
            evidence_days[e.date] = evidence_days.get(e.date, 0) + 1
        day_infos = tuple(
            DayInfo(
                day, "d" + day.isoformat(), long_date(day),
                tuple((p, self.note_href(p)) for p in self.notes.get(day, ())), evidence_days.get(day, 0), day > report.as_of,
            )
            for day in days
        )
        prev = nxt = None
        if links and index is not None:
            if index > 0:
                before = report.weeks[index - 1]
                prev = Link(before.label, week_href(before.label))
            if index + 1 < len(report.weeks):
                after = report.weeks[index + 1]
                nxt = Link(after.label, week_href(after.label))
        advice = tuple(s for gv in self.goals for s in gv.suggestions) + self.general_advice if is_current else ()
        return WeekView(
            week=w,
            label=w.label,
            href=week_href(w.label),
            review_href=f"reviews/{week_slug(w.label)}.md",
            range_text=day_range_label(w.start, w.end),
            is_current=is_current,
            heads=tuple((WEEKDAY_NAMES[d.weekday()][:3], f"{d.day} {MONTH_NAMES[d.month - 1][:3]}", long_date(d)) for d in days),
            rows=tuple(rows),
            ladder=tuple(ladder),
            metrics=metrics,
            tags=tags,
            evidence=self.evidence_groups(w),
            days=day_infos,
            legend=legend(used),
            prev=prev,
            next=nxt,
            suggestions=advice,
        )

    def _ladder_row(self, gv: GoalView, wg: WeekGoal) -> LadderRow:
        g = gv.report
        quantity = wg.quantity or 0.0
        target = g.goal.target if gv.kind == "period" and g.goal.level is Level.WEEK else None
        if target:
            fraction = quantity / target
            text = f"{amount(quantity, g)} of {amount(target, g)} ({percent(fraction)})"
            return LadderRow(gv, text, wg.met, svg.meter(fraction, label=f"{gv.title}: {percent(fraction)}"))
        return LadderRow(gv, f"{amount(quantity, g)} this week", None, "")

    def evidence_groups(self, w: Week) -> tuple[EvidenceGroup, ...]:
        """Return a week's evidence grouped by feeling (named feelings first, alphabetically)."""
        groups: dict[str | None, list[EntryView]] = {}
        for e in w.evidence:
            entry = EntryView(e.text, e.date, short_date(e.date), self.day_href(e.date), e.path, self.note_href(e.path))
            groups.setdefault(e.feeling, []).append(entry)
        out = []
        for feeling in sorted(groups, key=lambda f: (f is None, f or "")):
            feeders: list[str] = []
            if feeling is not None:
                for gv in self.goals:
                    wg = w.goals.get(gv.id)
                    if gv.report.goal.feeling == feeling and wg is not None:
                        feeders.append(f"{gv.title}: {wg.counts['done'] + wg.counts['mva']} of {wg.due}")
            out.append(EvidenceGroup(feeling, tuple(feeders), tuple(groups[feeling])))
        return tuple(out)

    def trimmed_report(self, start: dt.date) -> Report:
        """Return the report with each goal's days cut to the week starting at start.

        A goal with days but none that week keeps one, so it still counts as a
        day-schedule goal; used to render one week's markdown review quickly.
        """
        if not self._by_week:
            first_weekday = self.report.config.week_start_day
            for g in self.report.goals:
                weeks: dict[dt.date, list[Day]] = {}
                for d in g.days:
                    weeks.setdefault(week_start(d.date, first_weekday), []).append(d)
                self._by_week[g.goal.id] = {k: tuple(v) for k, v in weeks.items()}
        goals = []
        for g in self.report.goals:
            if g.days:
                days = self._by_week[g.goal.id].get(start) or g.days[:1]
                g = replace(g, days=days, steps=())
            goals.append(g)
        return replace(self.report, goals=tuple(goals))

    def week_index(self) -> tuple[WeekSummary, ...]:
        """Return every week, newest first, with each goal's rate and whether it was met."""
        out = []
        for w in reversed(self.report.weeks):
            cells: list[tuple[str, bool | None, str]] = []
            for gv in self.rated_goals():
                wg = w.goals.get(gv.id)
                if wg is None or (wg.rate is None and wg.met is None):
                    cells.append(("", None, f"{gv.title}: –"))
                else:
                    cells.append((percent(wg.rate), wg.met, f"{gv.title}: {_week_summary(gv.report, gv.kind, wg)}"))
            out.append(
                WeekSummary(
                    Link(w.label, week_href(w.label)), day_range_label(w.start, w.end), w.notes, w.actions_done,
                    len(w.evidence), tuple(cells), w.start <= self.report.as_of <= w.end,
                )
            )
        return tuple(out)

    # -- the day index -------------------------------------------------------

    def day_index(self) -> tuple[YearDays, ...]:
        """Return every month that has a note, newest first, as calendar grids linking each note's date."""
        months: dict[tuple[int, int], list[dt.date]] = {}
        for day in self.notes:
            months.setdefault((day.year, day.month), []).append(day)
        first_weekday = self.report.config.week_start_day
        years: dict[int, list[MonthDays]] = {}
        for (year, month) in sorted(months, reverse=True):
            with_note = set(months[(year, month)])
            first = dt.date(year, month, 1)
            day = week_start(first, first_weekday)
            grid: list[tuple[tuple[dt.date, str | None] | None, ...]] = []
            while day.month == month or day < first:
                row: list[tuple[dt.date, str | None] | None] = []
                for _ in range(7):
                    row.append((day, self.day_href(day) if day in with_note else None) if day.month == month else None)
                    day += dt.timedelta(days=1)
                grid.append(tuple(row))
            name = f"{MONTH_NAMES[month - 1]} {year}"
            years.setdefault(year, []).append(MonthDays(name, f"m{year}-{month:02d}", len(with_note), tuple(grid)))
        return tuple(YearDays(y, sum(m.count for m in ms), tuple(ms)) for y, ms in years.items())

    def weekday_heads(self) -> tuple[str, ...]:
        """Return the weekday names in week order: ('Mon', … 'Sun')."""
        first = self.report.config.week_start_day
        return tuple(WEEKDAY_NAMES[(first + i) % 7][:3] for i in range(7))


def legend(states: set[DayState] | frozenset[DayState]) -> tuple[tuple[str, str], ...]:
    """Return (word, cell) for each state given, in the fixed order of states."""
    return tuple((STATE_WORD[s], svg.legend_cell(s)) for s in DayState if s in states)


def goal_href(goal_id: str) -> str:
    """Return the path of a goal's page, relative to the site root."""
    return f"goals/{goal_slug(goal_id)}.html"


def week_href(label: str) -> str:
    """Return the path of a week's page, relative to the site root."""
    return f"weeks/{week_slug(label)}.html"


def _suggestion(s: Suggestion, titles: dict[str, Link]) -> SuggestionView:
    return SuggestionView(s.kind, SUGGESTION_WORD.get(s.kind, s.kind.replace("_", " ").capitalize()), s.text, titles.get(s.goal or ""))


def _progress_view(g: GoalReport) -> ProgressView | None:
    p = g.progress
    if not isinstance(p, Progress) or isinstance(p, VisionProgress):
        return None
    period = f"week {p.week} of {p.weeks}" if p.weeks else day_range_label(p.start, p.end)
    target = f" of {amount(p.target, g)}" if p.target is not None else ""
    verdict = None
    if p.projected is not None and p.target is not None:
        verdict = f"projected {amount(p.projected, g)} — {'on track' if p.on_track else 'behind'}"
    label = f"{g.goal.title}: {percent(p.fraction)} of the target" if p.fraction is not None else g.goal.title
    return ProgressView(p, period, amount(p.quantity, g) + target, percent(p.fraction), verdict, p.on_track, svg.meter(p.fraction, label=label, width=200))


def _week_summary(g: GoalReport, kind: str, wg: WeekGoal) -> str:
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


def _year_summary(days: Sequence[Day]) -> str:
    done = sum(1 for d in days if d.state in (DayState.DONE, DayState.MVA))
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


def _notes_from_report(report: Report) -> list[tuple[dt.date, str]]:
    """Return the notes the report proves exist (evidence, decided days) when the reader's list is not given."""
    found: set[tuple[dt.date, str]] = set()
    for w in report.weeks:
        for e in w.evidence:
            found.add((e.date, e.path))
    for g in report.goals:
        for d in g.days:
            if d.source and d.state not in (DayState.SKIPPED, DayState.NOT_DUE):
                path = d.source.rsplit(":", 1)[0]
                found.add((d.date, path))
    return sorted(found)
