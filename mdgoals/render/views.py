"""What the HTML templates see: the report reshaped into small, typed views, computed once.

Templates get these objects and nothing else from Python (see ``docs/site.md``),
so a user's override of ``goal.html`` has the same data as the packaged one.
The site-wide view is here; what a goal's page adds is in :mod:`.goal_views`,
a week's page in :mod:`.week_views`, links in :mod:`.links`, wording in
:mod:`.wording`.  Note paths become links only as percent-encoded relative
paths (:meth:`SiteView.note_href`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from ..engine.calendar import MONTH_NAMES, WEEKDAY_NAMES, week_start
from ..model import Day, DayState, GoalReport, Progress, Report, Streak, Suggestion, VisionProgress, Week
from . import svg
from .common import amount, day_range_label, focus_week, ladder_order, problem_counts
from .goal_views import GoalDetail, goal_detail, strip
from .links import Link, goal_href, goal_slug, week_href
from .numbers import percent
from .week_views import EvidenceGroup, WeekSummary, WeekView, evidence_groups, week_index, week_view
from .wording import LEVEL_WORD, SUGGESTION_WORD, goal_kind, legend, schedule_text, streak_words, target_text

CHAIN_DAYS = 28


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
    _evidence: dict[dt.date, tuple[tuple[EvidenceGroup, ...], Week]] = field(default_factory=dict)

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
        view.problem_counts = problem_counts(report.problems)
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

    def goal_detail(self, gv: GoalView) -> GoalDetail:
        """Return the charts of one goal's page: a calendar per year, rates, quantities, streak history."""
        return goal_detail(self.report, gv)

    def week_view(self, w: Week, *, links: bool = True) -> WeekView:
        """Return the review of one week."""
        return week_view(self, w, links=links)

    def evidence_groups(self, w: Week) -> tuple[EvidenceGroup, ...]:
        """Return a week's evidence grouped by feeling (named feelings first, alphabetically)."""
        # Made once per build: a week's page and the evidence page show the same groups.
        groups = self._evidence.get(w.start)
        if groups is None or groups[1] is not w:
            groups = self._evidence[w.start] = (evidence_groups(self, w), w)
        return groups[0]

    def week_index(self) -> tuple[WeekSummary, ...]:
        """Return every week, newest first, with each goal's rate and whether it was met."""
        return week_index(self)

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
            strip=strip(self.report, g, kind),
            chain=chain,
            year=year,
            suggestions=advice,
        )

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
