"""The long, repetitive parts of pages, built in Python: a week's day grid and days, evidence lists.

Templates loop over a week's 56 day cells or a year of evidence a few hundred
thousand times in a ten-year site; jinja spends microseconds on each ``{{ }}``.
These functions write the same bytes the template loops wrote (the golden tree
holds them to it) with string joins, and are called from the templates
(``_macros.html``, ``week.html``), so a user's template still decides where —
and whether — each piece goes.  Escaping stays total: every string that is not a
constant of this module passes through :func:`markupsafe.escape` exactly once;
what comes back is :class:`~markupsafe.Markup`, which the template does not
escape again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..model import DayState
from . import svg
from .common import STATE_WORD
from .wording import short_date

if TYPE_CHECKING:
    from .views import GoalView
    from .week_views import DayInfo, EvidenceGroup, WeekRow

# A cell's words and drawing by state value (hashing an enum member runs Python code; a str does not).
_STATE_TITLE = {s.value: ": " + str(escape(STATE_WORD[s])) for s in DayState}
_STATE_TAIL = {s.value: f"{svg.legend_cell(s)}<span class=\"sr\">{escape(STATE_WORD[s])}</span></td>\n" for s in DayState}


def goal_link(g: GoalView, root: str, standalone: bool) -> str:
    """Return a goal's title linked to its page (as the ``goal_link`` macro writes it)."""
    if standalone:
        return str(escape(g.title))
    return f'<a href="{escape(root)}{escape(g.href)}">{escape(g.title)}</a>'


def day_heads(heads: Sequence[tuple[str, str, str]]) -> Markup:
    """Return the header cells of a week's day grid: weekday, date, the long date as a tooltip."""
    return Markup(
        "".join(
            f'<th scope="col" class="day"><abbr title="{escape(long)}">{escape(day)}<br><span class="date">{escape(date)}</span></abbr></th>'
            for day, date, long in heads
        )
    )


def day_grid(rows: Sequence[WeekRow], root: str, standalone: bool) -> Markup:
    """Return the rows of a week's day grid (no line break after the last)."""
    out: list[str] = []
    for r in rows:
        out.append(f'      <tr>\n        <th scope="row">{goal_link(r.goal, root, standalone)}</th>\n')
        unit = r.goal.report.goal.unit_text
        suffix = f" {escape(unit)}" if unit else None
        for date, d in zip(r.dates, r.days, strict=True):
            if d is None:
                out.append(f'        <td class="st" title="{escape(short_date(date))}: not active"><span class="sr">not active</span></td>\n')
                continue
            value = d.state._value_
            # The tooltip is svg.day_title's text: only the unit can hold a character to escape.
            title = d.date.isoformat() + _STATE_TITLE[value]
            if suffix is not None and d.quantity is not None:
                title += f" · {escape(svg.quantity_text(d.quantity))}{suffix}"
            out.append(f'        <td class="st" title="{title}">{_STATE_TAIL[value]}')
        quantity = f"<br><small>{escape(r.quantity)}</small>" if r.quantity else ""
        met = ' <span class="ok" title="met">✓</span>' if r.met else ""
        out.append(f'        <td class="sum">{escape(r.summary)}{quantity}</td>\n        <td class="num">{escape(r.rate)}{met}</td>\n      </tr>\n')
    return Markup("".join(out)[:-1])


def day_list(days: Sequence[DayInfo], root: str, standalone: bool) -> Markup:
    """Return the seven days of a week with their notes (no line break after the last)."""
    out: list[str] = []
    root = str(escape(root))
    for d in days:
        if d.notes:
            what = ", ".join(
                f'<a href="{root}{escape(href)}"><code>{escape(path)}</code></a>' if href and not standalone else f"<code>{escape(path)}</code>"
                for path, href in d.notes
            )
        else:
            what = '<span class="muted">still to come</span>' if d.future else '<span class="muted">no note</span>'
        wins = f" · {d.evidence} {'win' if d.evidence == 1 else 'wins'}" if d.evidence else ""
        future = ' class="future"' if d.future else ""
        out.append(f'    <li id="{escape(d.anchor)}"{future}><span class="date">{escape(d.text)}</span> {what}{wins}</li>\n')
    return Markup("".join(out)[:-1])


def evidence_groups(groups: Sequence[EvidenceGroup], root: str, standalone: bool = False, heading: str = "h3") -> Markup:
    """Return evidence grouped by feeling, as the ``evidence_groups`` macro of ``_macros.html`` writes it."""
    out: list[str] = []
    root = str(escape(root))
    h = str(escape(heading))
    for group in groups:
        what = f"Feeling <em>{escape(group.feeling)}</em>" if group.feeling else "Other wins"
        count = len(group.entries)
        out.append(f'<div class="feeling">\n  <{h}>{what} <span class="count">{count} {"entry" if count == 1 else "entries"}</span></{h}>\n')
        if group.feeders:
            out.append(f'  <p class="feeders">Fed by {"; ".join([str(escape(f)) for f in group.feeders])}</p>\n')
        out.append('  <ul class="wins">\n')
        for e in group.entries:
            date = escape(e.date_text)
            when = date if standalone else f'<a href="{root}{escape(e.day_href)}">{date}</a>'
            path = f"<code>{escape(e.path)}</code>"
            where = f'<a href="{root}{escape(e.note_href)}">{path}</a>' if e.note_href and not standalone else path
            out.append(f'    <li><blockquote>{escape(e.text)}</blockquote> <span class="src">{when} · {where}</span></li>\n')
        out.append("  </ul>\n</div>\n")
    return Markup("".join(out))
