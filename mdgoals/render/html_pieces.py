"""The long, repetitive parts of pages, built in Python: a week's day grid and days, evidence lists.

Templates loop over a week's 56 day cells or a year of evidence a few hundred
thousand times in a ten-year site; jinja spends microseconds on each ``{{ }}``.
These functions write the same bytes the template loops wrote (the golden tree
holds them to it) with string joins, and are called from the templates
(``_macros.html``, ``week.html``), so a user's template still decides where —
and whether — each piece goes.  Escaping stays total: every string that is not a
constant (of this module, or the calendar's English names and numbers, or the
number formatter's text) passes through :func:`_esc` (markupsafe's escaping)
exactly once; what comes back is :class:`~markupsafe.Markup`, which the template does not
escape again.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..model import DayState
from . import svg
from .common import STATE_WORD
from .wording import short_date

if TYPE_CHECKING:
    from .views import GoalView, MonthDays
    from .week_views import DayInfo, EvidenceGroup, LadderRow, WeekRow, WeekSummary


def _esc(text: str) -> str:
    """Return text escaped as :func:`markupsafe.escape` escapes it, as a plain str, in a fifth of the time."""
    if type(text) is not str:  # Markup (already safe), numbers: markupsafe's own rules
        return str(escape(text))
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    return text


# A cell's words and drawing by state value (hashing an enum member runs Python code; a str does not).
_STATE_TITLE = {s.value: ": " + str(escape(STATE_WORD[s])) for s in DayState}
_STATE_TAIL = {s.value: f"{svg.legend_cell(s)}<span class=\"sr\">{escape(STATE_WORD[s])}</span></td>\n" for s in DayState}
# The whole cell after its date, for a day without a quantity to show.
_STATE_REST = {value: f'{_STATE_TITLE[value]}">{_STATE_TAIL[value]}' for value in _STATE_TITLE}
_CELL = '        <td class="st" title="'


@functools.lru_cache(maxsize=1024)  # a ten-year site links each goal from 500 week pages
def _goal_link(title: str, href: str, root: str, standalone: bool) -> str:
    if standalone:
        return _esc(title)
    return f'<a href="{_esc(root)}{_esc(href)}">{_esc(title)}</a>'


def goal_link(g: GoalView, root: str, standalone: bool) -> str:
    """Return a goal's title linked to its page (as the ``goal_link`` macro writes it)."""
    return _goal_link(g.title, g.href, root, standalone)


def day_heads(heads: Sequence[tuple[str, str, str]]) -> Markup:
    """Return the header cells of a week's day grid: weekday, date, the long date as a tooltip.

    The heads are made of the calendar's constant English names and numbers (see
    ``week_view``): nothing in them to escape.
    """
    return Markup(
        "".join(
            f'<th scope="col" class="day"><abbr title="{long}">{day}<br><span class="date">{date}</span></abbr></th>'
            for day, date, long in heads
        )
    )


def day_grid(rows: Sequence[WeekRow], root: str, standalone: bool) -> Markup:
    """Return the rows of a week's day grid (no line break after the last)."""
    out: list[str] = []
    dates: Sequence[dt.date] = ()
    isos: list[str] = []
    for r in rows:
        if r.dates is not dates:  # every row of a week shares its dates
            dates = r.dates
            isos = [date.isoformat() for date in dates]
        out.append(f'      <tr>\n        <th scope="row">{goal_link(r.goal, root, standalone)}</th>\n')
        unit = r.goal.report.goal.unit_text
        suffix = f" {_esc(unit)}" if unit else None
        for iso, date, d in zip(isos, dates, r.days, strict=True):
            if d is None:
                # A short date is made of constant words and numbers: nothing to escape.
                out.append(f'{_CELL}{short_date(date)}: not active"><span class="sr">not active</span></td>\n')
                continue
            # The tooltip is svg.day_title's text: only the unit can hold a character to escape.
            q = d.quantity
            if suffix is None or q is None:
                out.append(_CELL + iso + _STATE_REST[d.state._value_])
            else:
                value = d.state._value_
                out.append(f'{_CELL}{iso}{_STATE_TITLE[value]} · {svg.quantity_text(q)}{suffix}">{_STATE_TAIL[value]}')
        quantity = f"<br><small>{_esc(r.quantity)}</small>" if r.quantity else ""
        met = ' <span class="ok" title="met">✓</span>' if r.met else ""
        out.append(f'        <td class="sum">{_esc(r.summary)}{quantity}</td>\n        <td class="num">{_esc(r.rate)}{met}</td>\n      </tr>\n')
    return Markup("".join(out)[:-1])


def ladder_items(ladder: Sequence[LadderRow], root: str, standalone: bool) -> Markup:
    """Return a week's ladder goals as list items (no line break after the last)."""
    out = []
    for row in ladder:
        met = ' <span class="ok">✓ met</span>' if row.met else ' <span class="no">not met</span>' if row.met is False else ""
        out.append(
            f'    <li><span class="level">{_esc(row.goal.level_word)}</span> {goal_link(row.goal, root, standalone)}: '
            f"{_esc(row.text)}{met} {_esc(row.meter)}</li>\n"
        )
    return Markup("".join(out)[:-1])


def metric_rows(metrics: Sequence[tuple[str, str, str, str, str]]) -> Markup:
    """Return a week's metrics as table rows (no line break after the last).

    The names come from notes and are escaped; the numbers are the number
    formatter's text (digits, ',', '.', '-', '–'): nothing to escape.
    """
    return Markup(
        "\n".join(
            f'      <tr><th scope="row">{_esc(name)}</th><td class="num">{n}</td><td class="num">{mean}</td>'
            f'<td class="num">{lo}</td><td class="num">{hi}</td></tr>'
            for name, n, mean, lo, hi in metrics
        )
    )


def tag_items(tags: Sequence[tuple[str, int]]) -> Markup:
    """Return a week's tags and their counts as list items (no line break after the last)."""
    return Markup("\n".join(f'    <li><span class="tag">#{_esc(tag)}</span> {int(count)}</li>' for tag, count in tags))


def legend(items: Sequence[tuple[str, str]], label: str = "Legend") -> Markup:
    """Return a legend of (word, cell) items, as the ``legend`` macro of ``_macros.html`` writes it."""
    if type(items) is tuple and type(label) is str:
        return _legend(items, label)
    return _legend.__wrapped__(items, label)


@functools.lru_cache(maxsize=256)  # the week pages show a handful of different legends between them
def _legend(items: Sequence[tuple[str, str]], label: str) -> Markup:
    lines = "".join(f"  <li>{_esc(cell)} {_esc(word)}</li>\n" for word, cell in items)
    return Markup(f'<ul class="legend" aria-label="{_esc(label)}">\n{lines}</ul>')


def day_list(days: Sequence[DayInfo], root: str, standalone: bool) -> Markup:
    """Return the seven days of a week with their notes (no line break after the last)."""
    out: list[str] = []
    root = _esc(root)
    for d in days:
        if d.notes:
            what = ", ".join(
                f'<a href="{root}{_esc(href)}"><code>{_esc(path)}</code></a>' if href and not standalone else f"<code>{_esc(path)}</code>"
                for path, href in d.notes
            )
        else:
            what = '<span class="muted">still to come</span>' if d.future else '<span class="muted">no note</span>'
        wins = f" · {d.evidence} {'win' if d.evidence == 1 else 'wins'}" if d.evidence else ""
        future = ' class="future"' if d.future else ""
        out.append(f'    <li id="{_esc(d.anchor)}"{future}><span class="date">{_esc(d.text)}</span> {what}{wins}</li>\n')
    return Markup("".join(out)[:-1])


def evidence_groups(groups: Sequence[EvidenceGroup], root: str, standalone: bool = False, heading: str = "h3") -> Markup:
    """Return evidence grouped by feeling, as the ``evidence_groups`` macro of ``_macros.html`` writes it."""
    out: list[str] = []
    root = _esc(root)
    h = _esc(heading)
    for group in groups:
        what = f"Feeling <em>{_esc(group.feeling)}</em>" if group.feeling else "Other wins"
        count = len(group.entries)
        out.append(f'<div class="feeling">\n  <{h}>{what} <span class="count">{count} {"entry" if count == 1 else "entries"}</span></{h}>\n')
        if group.feeders:
            out.append(f'  <p class="feeders">Fed by {"; ".join([_esc(f) for f in group.feeders])}</p>\n')
        out.append('  <ul class="wins">\n')
        for e in group.entries:
            date = _esc(e.date_text)
            when = date if standalone else f'<a href="{root}{_esc(e.day_href)}">{date}</a>'
            path = f"<code>{_esc(e.path)}</code>"
            where = f'<a href="{root}{_esc(e.note_href)}">{path}</a>' if e.note_href and not standalone else path
            out.append(f'    <li><blockquote>{_esc(e.text)}</blockquote> <span class="src">{when} · {where}</span></li>\n')
        out.append("  </ul>\n</div>\n")
    return Markup("".join(out))


def week_index_rows(summaries: Sequence[WeekSummary], root: str) -> Markup:
    """Return the rows of the week index (no line break after the last), as ``weeks.html`` looped them."""
    root = _esc(root)
    out: list[str] = []
    for s in summaries:
        current = ' class="current"' if s.is_current else ""
        out.append(
            f'    <tr{current}>\n      <th scope="row"><a href="{root}{_esc(s.link.href)}">{_esc(s.link.title)}</a><br><small>{_esc(s.range_text)}</small></th>\n'
            f'      <td class="num">{int(s.notes)}</td><td class="num">{int(s.done)}</td><td class="num">{int(s.evidence)}</td>\n'
        )
        for rate, met, title in s.cells:
            css = " met" if met else " unmet" if met is False else ""
            tick = " ✓" if met else ""
            out.append(f'      <td class="num{css}" title="{_esc(title)}">{_esc(rate)}{tick}</td>\n')
        out.append("    </tr>\n")
    return Markup("".join(out)[:-1])


def month_rows(month: MonthDays, root: str) -> Markup:
    """Return the weeks of a month of the day index as table rows (no line break after the last), as ``days.html`` looped them."""
    root = _esc(root)
    out: list[str] = []
    for row in month.weeks:
        cells = []
        for cell in row:
            if cell is None:
                cells.append("<td></td>")
            elif cell[1]:
                cells.append(f'<td class="has"><a href="{root}{_esc(cell[1])}" title="{cell[0].isoformat()}: note">{cell[0].day}</a></td>')
            else:
                cells.append(f'<td class="none">{cell[0].day}</td>')
        out.append(f"        <tr>{''.join(cells)}</tr>")
    return Markup("\n".join(out))

