"""Report → the markdown weekly review (SPEC §8): plain text, Obsidian and GitHub alike.

Everything quoted from notes is escaped, so a note's ``<script>``, ``[link](…)``
or ``#tag`` shows as text and never becomes markup in the review.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..errors import Problem, Severity, escape_control
from ..model import DayState, GoalReport, Level, Report, Week
from .common import (
    STATE_SYMBOL,
    STATE_WORD,
    amount,
    day_range_label,
    evidence_by_feeling,
    focus_week,
    ladder_order,
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


def note_link(path: str) -> str:
    """Return an Obsidian-style link to a daily note (``[[2026-11-18]]``), or its path in code."""
    stem = path.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    if re.fullmatch(r"[^\[\]|#^\\\n]+", stem):
        return f"[[{stem}]]"
    return f"`{path.replace('`', '')}`"


def render_review(report: Report, *, week: dt.date | None = None) -> str:
    """Return the weekly review of the focus week (default: the week of as-of) as markdown."""
    focus = focus_week(report, week)
    lines: list[str] = []
    if focus is None:
        lines += ["# Weekly review", "", f"No notes up to {report.as_of.isoformat()}.", ""]
        return "\n".join(lines)
    lines.append(f"# Weekly review — {focus.label}")
    lines.append("")
    info = report.journal
    lines.append(
        f"{day_range_label(focus.start, focus.end)} · as of {report.as_of.isoformat()} · "
        f"{focus.notes} notes this week · {focus.actions_done} micro-actions done, "
        f"{focus.actions_open} open, {focus.actions_cancelled} cancelled"
    )
    lines.append("")
    lines += _goals_table(report, focus)
    lines += _ladder(report, focus)
    lines += _coach(report)
    lines += _recent_weeks(report, focus)
    lines += _metrics(focus)
    lines += _evidence(report, focus)
    if report.problems:
        errors, warnings = _health(report.problems)
        lines += ["## Journal health", "", f"{errors} errors, {warnings} warnings — run `mdgoals check` for details.", ""]
    lines.append(f"<sub>mdgoals · journal `{info.root}` · {info.notes} notes</sub>")
    lines.append("")
    return "\n".join(lines)


_counted: tuple[tuple[Problem, ...], tuple[int, int]] | None = None


def _health(problems: tuple[Problem, ...]) -> tuple[int, int]:
    """Return the numbers of errors and warnings (counted once per report: a site renders 500 reviews of one)."""
    global _counted
    if _counted is None or _counted[0] is not problems:
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
        _counted = (problems, (errors, warnings))
    return _counted[1]


def _day_cells(g: GoalReport, week: Week) -> list[str]:
    states = {d.date: d.state for d in g.days_between(week.start, week.end)}
    cells = []
    for i in range(7):
        day = week.start + dt.timedelta(days=i)
        state = states.get(day)
        cells.append(STATE_SYMBOL[state] if state else " ")
    return cells


def _goals_table(report: Report, week: Week) -> list[str]:
    day_goals = [g for g in report.goals if g.days]
    if not day_goals:
        return []
    heads = [_WEEKDAY_ABBR[(week.start + dt.timedelta(days=i)).weekday()] for i in range(7)]
    lines = [
        "## This week",
        "",
        "| Goal | " + " | ".join(heads) + " | This week | Streak | Forgiving | Strength |",
        "|---|" + "---|" * 7 + "---|---|---|---:|",
    ]
    for g in day_goals:
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
        strength = percent(g.strength) if g.strength is not None else "–"
        lines.append(
            f"| {md_escape(g.goal.title)} | " + " | ".join(_day_cells(g, week)) +
            f" | {summary} | {streak_text(g.streak)} | {streak_text(g.forgiving_streak)} | {strength} |"
        )
    lines.append("")
    used = {d.state for g in day_goals for d in g.days_between(week.start, week.end)}
    legend = " · ".join(f"{STATE_SYMBOL[s]} {STATE_WORD[s]}" for s in DayState if s in used)
    if legend:
        lines += [f"<sub>{legend}</sub>", ""]
    return lines


def _ladder(report: Report, week: Week) -> list[str]:
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
