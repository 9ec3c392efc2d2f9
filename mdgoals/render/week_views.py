"""What a week's page shows: each goal's days, the ladder, evidence by feeling, the days and their notes."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..engine.calendar import MONTH_NAMES, WEEKDAY_NAMES
from ..model import Day, DayState, Level, Week, WeekGoal
from . import html_pieces, svg
from .common import STATE_WORD, amount, day_range_label, evidence_by_feeling
from .links import Link, week_href, week_slug
from .numbers import percent
from .numbers import text as num
from .wording import legend, long_date, short_date, week_summary

if TYPE_CHECKING:
    from .views import GoalView, SiteView, SuggestionView


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
    """One goal's line in a week table: its day on each date of the week (None: not active)."""

    goal: GoalView
    dates: tuple[dt.date, ...]
    days: tuple[Day | None, ...]
    summary: str
    rate: str
    met: bool | None
    quantity: str

    @property
    def cells(self) -> tuple[DayCell, ...]:
        """Return the row's cells, one per date (the day grid itself is written by ``html_pieces.day_grid``)."""
        unit = self.goal.report.goal.unit_text
        return tuple(
            DayCell(None, "s-none", "not active", f"{short_date(date)}: not active", "")
            if d is None
            else DayCell(d.state.value, svg.STATE_CLASS[d.state], STATE_WORD[d.state], svg.day_title(d, unit), svg.legend_cell(d.state))
            for date, d in zip(self.dates, self.days, strict=True)
        )


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
    head_cells: Markup  # the heads as the header cells of the day grid
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

    def day_grid(self, root: str, standalone: bool = False) -> Markup:
        """Return the rows of the day grid as HTML (see ``html_pieces``)."""
        return html_pieces.day_grid(self.rows, root, standalone)

    def day_list(self, root: str, standalone: bool = False) -> Markup:
        """Return the days of the week and their notes as HTML list items (see ``html_pieces``)."""
        return html_pieces.day_list(self.days, root, standalone)

    def ladder_items(self, root: str, standalone: bool = False) -> Markup:
        """Return the ladder goals' quantities as HTML list items (see ``html_pieces``)."""
        return html_pieces.ladder_items(self.ladder, root, standalone)

    def metric_rows(self) -> Markup:
        """Return the metrics as HTML table rows (see ``html_pieces``)."""
        return html_pieces.metric_rows(self.metrics)

    def tag_items(self) -> Markup:
        """Return the tags of done micro-actions as HTML list items (see ``html_pieces``)."""
        return html_pieces.tag_items(self.tags)


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


def week_view(site: SiteView, w: Week, *, links: bool = True) -> WeekView:
    """Return the review of one week."""
    report = site.report
    index = site._week_index.get(w.start)
    is_current = w.start <= report.as_of <= w.end
    days = tuple(w.start + dt.timedelta(days=i) for i in range(7))
    rows: list[WeekRow] = []
    ladder: list[LadderRow] = []
    used: set[str] = set()  # the states shown, by value: hashing an enum member runs Python code
    for gv in site.goals:
        g = gv.report
        wg = w.goals.get(gv.id)
        if g.days:
            found = tuple(map(site._days[gv.id].get, days))
            used.update([d.state._value_ for d in found if d is not None])
            summary = week_summary(g, gv.kind, wg) if wg else "–"
            quantity = amount(wg.quantity, g) if wg and wg.quantity else ""
            rows.append(WeekRow(gv, days, found, summary, percent(wg.rate) if wg else "–", wg.met if wg else None, quantity))
        elif wg is not None and wg.quantity is not None and gv.kind in ("period", "ladder"):
            ladder.append(_ladder_row(gv, wg))
    metrics = tuple((k, str(m.n), num(m.mean), num(m.min), num(m.max)) for k in sorted(w.metrics) for m in (w.metrics[k],))
    # Most done first, then by name: a stable sort by count (descending) of the tags sorted by name, with no key function per tag.
    tags = tuple(sorted([(tag, w.tags[tag]) for tag in sorted(w.tags)], key=itemgetter(1), reverse=True))
    evidence_days: dict[dt.date, int] = {}
    for e in w.evidence:
        evidence_days[e.date] = evidence_days.get(e.date, 0) + 1
    long_dates = [long_date(day) for day in days]
    day_infos = tuple(
        DayInfo(
            day, "d" + day.isoformat(), long,
            tuple((p, site.note_href(p)) for p in site.notes.get(day, ())), evidence_days.get(day, 0), day > report.as_of,
        )
        for day, long in zip(days, long_dates, strict=True)
    )
    prev = nxt = None
    if links and index is not None:
        if index > 0:
            before = report.weeks[index - 1]
            prev = Link(before.label, week_href(before.label))
        if index + 1 < len(report.weeks):
            after = report.weeks[index + 1]
            nxt = Link(after.label, week_href(after.label))
    heads = tuple((WEEKDAY_NAMES[d.weekday()][:3], f"{d.day} {MONTH_NAMES[d.month - 1][:3]}", long) for d, long in zip(days, long_dates, strict=True))
    advice = tuple(s for gv in site.goals for s in gv.suggestions) + site.general_advice if is_current else ()
    return WeekView(
        week=w,
        label=w.label,
        href=week_href(w.label),
        review_href=f"reviews/{week_slug(w.label)}.md",
        range_text=day_range_label(w.start, w.end),
        is_current=is_current,
        heads=heads,
        head_cells=html_pieces.day_heads(heads),
        rows=tuple(rows),
        ladder=tuple(ladder),
        metrics=metrics,
        tags=tags,
        evidence=site.evidence_groups(w),
        days=day_infos,
        legend=_legend(frozenset(used)),
        prev=prev,
        next=nxt,
        suggestions=advice,
    )


@functools.lru_cache(maxsize=256)
def _legend(values: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """Return the legend of the states of these values (a handful of different sets between all the weeks)."""
    return legend({s for s in DayState if s.value in values})


def _ladder_row(gv: GoalView, wg: WeekGoal) -> LadderRow:
    g = gv.report
    quantity = wg.quantity or 0.0
    target = g.goal.target if gv.kind == "period" and g.goal.level is Level.WEEK else None
    if target:
        fraction = quantity / target
        text = f"{amount(quantity, g)} of {amount(target, g)} ({percent(fraction)})"
        return LadderRow(gv, text, wg.met, svg.meter(fraction, label=f"{gv.title}: {percent(fraction)}"))
    return LadderRow(gv, f"{amount(quantity, g)} this week", None, "")


def week_page_key(site: SiteView, w: Week) -> tuple[object, ...]:
    """Return everything :func:`week_view` reads for a week before as-of, but what :func:`~mdgoals.render.html.site_key` holds.

    The week (rollups, metrics, tags, evidence), each goal's days in it, the notes
    of its dates and its neighbours: keep it in step with week_view, or watch
    shows stale pages (tests/test_watch.py builds after edits and compares).
    """
    days = [w.start + dt.timedelta(days=i) for i in range(7)]
    index = site._week_index.get(w.start)
    weeks = site.report.weeks
    neighbours = (
        weeks[index - 1].label if index else None,
        weeks[index + 1].label if index is not None and index + 1 < len(weeks) else None,
    )
    goal_days = tuple(
        (gv.id, tuple([site._days[gv.id].get(day) for day in days]) if gv.report.days else None) for gv in site.goals
    )
    return (w, goal_days, tuple([tuple(site.notes.get(day, ())) for day in days]), neighbours)


def review_key(site: SiteView, w: Week) -> tuple[object, ...]:
    """Return everything a week's markdown review (:mod:`mdgoals.render.markdown`) reads, but the site key.

    The week and the three before it, each goal's streaks, strength, progress and
    days that week, the suggestions, the problem counts and the number of notes.
    """
    report = site.report
    index = site._week_index.get(w.start)
    before = report.weeks[max(0, index - 3) : index] if index is not None else ()
    goals = tuple(
        (g.streak, g.forgiving_streak, g.strength, g.progress, bool(g.days), g.days_between(w.start, w.end))
        for g in report.goals
    )
    counts = tuple(sorted(site.problem_counts.items()))
    return (w, tuple(before), goals, report.suggestions, counts, report.journal.notes)


def evidence_groups(site: SiteView, w: Week) -> tuple[EvidenceGroup, ...]:
    """Return a week's evidence grouped by feeling (named feelings first, alphabetically)."""
    when: dict[dt.date, tuple[str, str]] = {}  # a day's words and link, for its several wins
    out = []
    for group in evidence_by_feeling(site.report, w):
        entries = []
        for e in group.entries:
            day = when.get(e.date)
            if day is None:
                day = when[e.date] = (short_date(e.date), site.day_href(e.date))
            entries.append(EntryView(e.text, e.date, day[0], day[1], e.path, site.note_href(e.path)))
        fed = {g.goal.id: wg for g, wg in group.fed_by}
        # The feeders in the site's (ladder) order, as its goals are listed everywhere else.
        feeders = tuple(f"{gv.title}: {wg.counts['done'] + wg.counts['mva']} of {wg.due}" for gv in site.goals if (wg := fed.get(gv.id)) is not None)
        out.append(EvidenceGroup(group.feeling, feeders, tuple(entries)))
    return tuple(out)


def week_index(site: SiteView) -> tuple[WeekSummary, ...]:
    """Return every week, newest first, with each goal's rate and whether it was met."""
    out = []
    for w in reversed(site.report.weeks):
        cells: list[tuple[str, bool | None, str]] = []
        for gv in site.rated_goals():
            wg = w.goals.get(gv.id)
            if wg is None or (wg.rate is None and wg.met is None):
                cells.append(("", None, f"{gv.title}: –"))
            else:
                cells.append((percent(wg.rate), wg.met, f"{gv.title}: {week_summary(gv.report, gv.kind, wg)}"))
        out.append(
            WeekSummary(
                Link(w.label, week_href(w.label)), day_range_label(w.start, w.end), w.notes, w.actions_done,
                len(w.evidence), tuple(cells), w.start <= site.report.as_of <= w.end,
            )
        )
    return tuple(out)

# -- the day index -------------------------------------------------------
