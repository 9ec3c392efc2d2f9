"""Report → the markdown weekly review (SPEC §8): plain text, Obsidian and GitHub alike.

Everything quoted from notes is escaped, so a note's ``<script>``, ``[link](…)``
or ``#tag`` shows as text and never becomes markup in the review.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..errors import escape_control
from ..model import DayState, Level, Report, Week
from .common import (
    STATE_SYMBOL,
    STATE_WORD,
    amount,
    day_range_label,
    evidence_by_feeling,
    focus_week,
    ladder_order,
    problem_counts,
    progress_line,
    streak_text,
    weeks_before,
)
from .numbers import percent
from .numbers import text as num

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$%=^])")
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@functools.lru_cache(maxsize=4096)  # a site's 500 reviews quote the same goal titles 500 times each
def md_escape(text: str) -> str:
    """Return note text safe to quote in markdown: specials backslash-escaped, one line, no raw control character."""
    # Control characters shown as \x1b: a review printed to a terminal must not carry a note's escape sequences.
    text = escape_control(" ".join(text.split()))
    text = text.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@functools.lru_cache(maxsize=4096)  # a note with several wins is linked once per win
def note_link(path: str) -> str:
    """Return an Obsidian-style link to a daily note (``[[2026-11-18]]``), or its path in code."""
    stem = path.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    if re.fullmatch(r"[^\[\]|#^\\\n]+", stem):
        return f"[[{stem}]]"
    return f"`{path.replace('`', '')}`"


def render_review(report: Report, *, week: dt.date | None = None, reviews: Reviews | None = None) -> str:
    """Return the weekly review of the focus week (default: the week of as-of) as markdown.

    ``reviews`` (made once for ``report``) shares the parts every week's review
    has in common between the many reviews of one site.
    """
    focus = focus_week(report, week)
    if focus is None:
        return "\n".join(["# Weekly review", "", f"No notes up to {report.as_of.isoformat()}.", ""])
    if reviews is None or reviews.report is not report:
        reviews = Reviews(report)
    return reviews.render(focus)


class Reviews:
    """The weekly reviews of one report: what every week's review shares (the ladder, the coach, each goal's streaks) is written once.

    A site renders a review of each of 500 weeks of one report; ``render(week)``
    writes the same text as ``render_review(report, week=week.start)``.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self._day_goals = [g for g in report.goals if g.days]
        # Each goal's line of the week table around its day cells: the title, then its streaks and strength now.
        self._rows = [
            (
                g,
                f"| {md_escape(g.goal.title)} | ",
                f" | {streak_text(g.streak)} | {streak_text(g.forgiving_streak)} | {percent(g.strength) if g.strength is not None else '–'} |",
            )
            for g in self._day_goals
        ]
        self._shared = _ladder(report) + _coach(report)
        self._tail: list[str] = []
        if report.problems:
            counts = problem_counts(report.problems)
            self._tail += ["## Journal health", "", f"{counts['error']} errors, {counts['warning']} warnings — run `mdgoals check` for details.", ""]
        info = report.journal
        self._tail += [f"<sub>mdgoals · journal `{info.root}` · {info.notes} notes</sub>", ""]

    def render(self, focus: Week) -> str:
        """Return the review of one week of the report."""
        report = self.report
        lines = [
            f"# Weekly review — {focus.label}",
            "",
            f"{day_range_label(focus.start, focus.end)} · as of {report.as_of.isoformat()} · "
            f"{focus.notes} notes this week · {focus.actions_done} micro-actions done, "
            f"{focus.actions_open} open, {focus.actions_cancelled} cancelled",
            "",
        ]
        lines += self._goals_table(focus)
        lines += self._shared
        lines += _recent_weeks(report, focus)
        lines += _metrics(focus)
        lines += _evidence(report, focus)
        lines += self._tail
        return "\n".join(lines)

    def _goals_table(self, week: Week) -> list[str]:
        if not self._rows:
            return []
        heads = [_WEEKDAY_ABBR[(week.start + dt.timedelta(days=i)).weekday()] for i in range(7)]
        lines = [
            "## This week",
            "",
            "| Goal | " + " | ".join(heads) + " | This week | Streak | Forgiving | Strength |",
            "|---|" + "---|" * 7 + "---|---|---|---:|",
        ]
        used: set[DayState] = set()
        for g, head, tail in self._rows:
            # The days of a goal are consecutive: the week's are a slice, placed by their offset from its start.
            cells = [" "] * 7
            for d in g.days_between(week.start, week.end):
                cells[(d.date - week.start).days] = STATE_SYMBOL[d.state]
                used.add(d.state)
            wg = week.goals.get(g.goal.id)
            summary = "–"
            if wg is not None:
                done = wg.counts["done"] + wg.counts["mva"]
                if g.goal.schedule.is_quota:
                    summary = f"{done} of {wg.due}" + (" ✓" if wg.met else f", {wg.remaining} to go")
                else:
                    summary = f"{done} done, {wg.due} due"
                if wg.quantity:
                    summary += f" · {amount(wg.quantity, g)}"
            lines.append(f"{head}{' | '.join(cells)} | {summary}{tail}")
        lines.append("")
        legend = " · ".join(f"{STATE_SYMBOL[s]} {STATE_WORD[s]}" for s in DayState if s in used)
        if legend:
            lines += [f"<sub>{legend}</sub>", ""]
        return lines


def _ladder(report: Report) -> list[str]:
    order = ladder_order(report)
    if not any(g.goal.level is not Level.DAILY for _, g in order) or len(order) < 2:
        return []
    lines = ["## The ladder", ""]
    for depth, g in order:
        indent = "  " * depth
        level = "12-week target" if g.goal.level is Level.QUARTER else g.goal.level.value
        line = f"{indent}- **{md_escape(g.goal.title)}** ({level})"
        detail = progress_line(g)
        if detail:
            line += f" — {detail}"
        elif g.goal.metric is not None and g.goal.target is not None:
            mva = f", minimum {g.goal.mva_op} {num(g.goal.mva)}" if g.goal.mva is not None else ""
            line += f" — {md_escape(g.goal.metric)} {g.goal.metric_op} {num(g.goal.target)}{mva}"
        elif g.goal.level is Level.DAILY:
            per = f" ({md_escape(g.goal.schedule.text)})" if g.goal.schedule.text != "daily" else " a day"
            target = amount(g.goal.target, g) if g.goal.target is not None else "done"
            if g.goal.mva is not None:
                mva = f", minimum {amount(g.goal.mva, g)}"
            elif g.goal.mva_text:
                mva = f", minimum: {md_escape(g.goal.mva_text)}"
            else:
                mva = ""
            line += f" — {target}{per}{mva}"
        lines.append(line)
    lines.append("")
    return lines


def _coach(report: Report) -> list[str]:
    if not report.suggestions:
        return []
    lines = ["## What next", ""]
    for s in report.suggestions:
        kind = {"comeback": "Comeback", "fresh_start": "Fresh start", "scale_up": "Scale up"}.get(s.kind, s.kind)
        lines.append(f"- **{kind}** — {md_escape(s.text)}")
    lines.append("")
    return lines


def _recent_weeks(report: Report, week: Week) -> list[str]:
    weeks = weeks_before(report, week, 4)
    goals = [g for g in report.goals if any(g.goal.id in w.goals and w.goals[g.goal.id].rate is not None for w in weeks)]
    if not goals or len(weeks) < 2:
        return []
    lines = [
        "## The last 4 weeks",
        "",
        "| Goal | " + " | ".join(w.label for w in weeks) + " |",
        "|---|" + "---:|" * len(weeks),
    ]
    for g in goals:
        cells = []
        for w in weeks:
            wg = w.goals.get(g.goal.id)
            if wg is None:
                cells.append("–")
            else:
                mark = " ✓" if wg.met and wg.rate is not None else ""
                cells.append(f"{percent(wg.rate)}{mark}")
        lines.append(f"| {md_escape(g.goal.title)} | " + " | ".join(cells) + " |")
    lines += ["", "<sub>rate = successes ÷ (successes + failures); ✓ the week was met</sub>", ""]
    return lines


def _metrics(week: Week) -> list[str]:
    if not week.metrics:
        return []
    lines = ["## Metrics", "", "| Metric | Days | Mean | Min | Max |", "|---|---:|---:|---:|---:|"]
    for key, m in week.metrics.items():
        lines.append(f"| {md_escape(key)} | {m.n} | {num(m.mean)} | {num(m.min)} | {num(m.max)} |")
    lines.append("")
    return lines


def _evidence(report: Report, week: Week) -> list[str]:
    if not week.evidence:
        return ["## Evidence", "", "No evidence recorded this week — one honest line under `## Evidence` is enough.", ""]
    lines = ["## Evidence", ""]
    groups = evidence_by_feeling(report, week)
    for group in groups:
        entries = group.entries
        if group.feeling is not None:
            fed = [f"{md_escape(g.goal.title)} {wg.counts['done'] + wg.counts['mva']} done, {wg.due} due" for g, wg in group.fed_by]
            heading = f"### Feeling {md_escape(group.feeling)}"
            count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
            lines += [heading, "", f"<sub>{'; '.join(fed + [count])}</sub>", ""]
        elif len(groups) > 1:
            lines += ["### Other wins", ""]
        for e in entries:
            lines.append(f"- {md_escape(e.text)} — {note_link(e.path)}")
        lines.append("")
    return lines
