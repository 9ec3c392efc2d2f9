"""Report → the JSON report of SPEC §7 (schema ``mdgoals/report/1``).

Keys are stable: new keys may be added, existing ones never change meaning.
Lists keep the report's deterministic order (goals in config order, weeks
ascending, problems by path then line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ..model import (
    Day,
    DayState,
    EvidenceEntry,
    GoalReport,
    MetricStats,
    Progress,
    Report,
    Streak,
    VisionProgress,
    Week,
    WeekGoal,
)
from .json_text import Raw, dumps, encode_str, value_text
from .numbers import number

__all__ = ["SCHEMA", "dumps", "goal_dict", "render_json", "report_dict", "week_dict"]

SCHEMA = "mdgoals/report/1"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _streak(streak: Streak | None, forgiving: bool) -> dict[str, Any] | None:
    if streak is None:
        return None
    out: dict[str, Any] = {"unit": streak.unit}
    if forgiving:
        out["grace"] = streak.grace
    out.update(current=streak.current, longest=streak.longest, current_start=_date(streak.current_start))
    return out


def _progress(progress: Progress | VisionProgress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    if isinstance(progress, VisionProgress):
        return {"children": list(progress.children)}
    out: dict[str, Any] = {
        "start": _date(progress.start),
        "end": _date(progress.end),
        "quantity": number(progress.quantity),
        "target": number(progress.target),
        "fraction": number(progress.fraction),
        "elapsed": number(progress.elapsed),
        "projected": number(progress.projected),
        "on_track": progress.on_track,
    }
    if progress.weeks is not None:
        out["week"] = progress.week
        out["weeks"] = progress.weeks
    return out


def goal_dict(g: GoalReport, days: Callable[[Sequence[Day]], Any] | None = None) -> dict[str, Any]:
    """Return one goal of the JSON report (``days`` shapes its days: by default a dict date → state)."""
    goal = g.goal
    mva: Any = number(goal.mva) if goal.mva is not None else goal.mva_text
    return {
        "id": goal.id,
        "title": goal.title,
        "level": goal.level.value,
        "parent": goal.parent,
        "schedule": goal.schedule.text,
        "unit": goal.unit_text,
        "target": number(goal.target),
        "mva": mva,
        "metric": goal.metric,
        "feeling": goal.feeling,
        "start": _date(g.start),
        "end": _date(goal.end),
        "streak": _streak(g.streak, False),
        "forgiving_streak": _streak(g.forgiving_streak, True),
        "strength": number(g.strength),
        "counts": dict(g.counts),
        "quantity": None if g.quantity_total is None else {"total": number(g.quantity_total)},
        "progress": _progress(g.progress),
        "days": days(g.days) if days is not None else {d.date.isoformat(): d.state.value for d in g.days},
    }


def week_dict(w: Week) -> dict[str, Any]:
    """Return one week of the JSON report."""
    return {
        "label": w.label,
        "start": _date(w.start),
        "end": _date(w.end),
        "notes": w.notes,
        "actions": _actions(w),
        "goals": {goal_id: _week_goal(wg) for goal_id, wg in w.goals.items()},
        "tags": dict(w.tags),
        "metrics": {k: _metric(m) for k, m in w.metrics.items()},
        "evidence": [_evidence(e) for e in w.evidence],
    }


def _actions(w: Week) -> dict[str, Any]:
    return {"done": w.actions_done, "open": w.actions_open, "cancelled": w.actions_cancelled}


def _week_goal(wg: WeekGoal) -> dict[str, Any]:
    entry: dict[str, Any] = {"due": wg.due}
    entry.update(wg.counts)
    entry.update(rate=number(wg.rate), quantity=number(wg.quantity), met=wg.met, remaining=wg.remaining)
    return entry


def _metric(m: MetricStats) -> dict[str, Any]:
    return {"n": m.n, "mean": number(m.mean, 2), "min": number(m.min), "max": number(m.max)}


def _evidence(e: EvidenceEntry) -> dict[str, Any]:
    return {"date": _date(e.date), "path": e.path, "line": e.line, "text": e.text, "feeling": e.feeling}


def report_dict(report: Report) -> dict[str, Any]:
    """Return the whole report as plain JSON-ready data."""
    return _report_dict(report, [goal_dict(g) for g in report.goals], [week_dict(w) for w in report.weeks])


def _report_dict(report: Report, goals: Any, weeks: Any) -> dict[str, Any]:
    j = report.journal
    return {
        "schema": SCHEMA,
        "as_of": report.as_of.isoformat(),
        "journal": {
            "root": j.root,
            "notes": j.notes,
            "first_date": _date(j.first_date),
            "last_date": _date(j.last_date),
            "week_start": j.week_start,
            "layout": j.layout,
        },
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity.value, "message": p.message}
            for p in report.problems
        ],
        "goals": goals,
        "weeks": weeks,
        "suggestions": [
            {"goal": s.goal, "kind": s.kind, "text": s.text, "facts": list(s.facts)} for s in report.suggestions
        ],
    }


def render_json(report: Report) -> str:
    """Return the JSON report as text: UTF-8 safe, two-space indent, LF, trailing newline.

    The same text as ``dumps(report_dict(report))``, written faster: the days
    and the weeks, nine tenths of a long journal's report, are written by
    :func:`_days` and :func:`_weeks` straight from the report.
    """
    # One join at the end: each copy of three and a half megabytes costs as much as writing the days.
    quoted = {day: '"' + day.isoformat() for day in {d.date for g in report.goals for d in g.days}}
    goals = [goal_dict(g, days=lambda days: Raw(lambda nl: _days(days, quoted, nl))) for g in report.goals]
    out: list[str] = []
    sep = "{\n  "
    for key, value in _report_dict(report, goals, None).items():
        out.append(sep + encode_str(key) + ": ")
        sep = ",\n  "
        if key == "weeks":
            out += _weeks(report.weeks, "\n  ")
        else:
            out.append(value_text(value, "\n  "))
    out.append("\n}\n")
    return "".join(out)


# '": "done"' …: what follows a day's quoted date in the days map
_STATE_ITEM = {s.value: '": ' + encode_str(s.value) for s in DayState}


def _days(days: Sequence[Day], quoted: dict[dt.date, str], nl: str) -> str:
    """Return a goal's days map (date → state) as dumps writes it at the indentation nl."""
    if not days:
        return "{}"
    inner = nl + "  "
    state = _STATE_ITEM
    return "{" + inner + ("," + inner).join([quoted[d.date] + state[d.state._value_] for d in days]) + nl + "}"


def _weeks(weeks: Sequence[Week], nl: str) -> list[str]:
    """Return the pieces of the list of weeks as dumps writes week_dict of each at the indentation nl.

    Ten years are 80,000 numbers in 10,000 small records: the text is made as one
    %-template (its literal text with '%' doubled) filled with the numbers, all
    written by one ``repr`` of their list — the same text as JSON's but for the
    words null, true and false.  Anything the template cannot hold exactly (a
    non-finite or non-numeric value, a count named like another key) takes the
    general encoder.
    """
    if not weeks:
        return ["[]"]
    week_nl = nl + "  "
    field = week_nl + "  "
    item = field + "  "
    inner = item + "  "
    templates: list[tuple[str, int]] = []  # each week's template, and the count of numbers before its end
    numbers: list[Any] = []
    entries: dict[tuple[str, ...], str] = {}
    names: dict[str, str] = {}  # goal id → its JSON text
    metric = _METRIC.replace("\n", inner) + item + "}"
    for w in weeks:
        parts = [
            f'{{{field}"label": {_pct(w.label)},{field}"start": "{w.start.isoformat()}",{field}"end": "{w.end.isoformat()}",'
            f'{field}"notes": %s,{field}"actions": {{{item}"done": %s,{item}"open": %s,{item}"cancelled": %s{field}}},{field}"goals": '
        ]
        numbers += (w.notes, w.actions_done, w.actions_open, w.actions_cancelled)
        sep = "{" + item
        for goal_id, wg in w.goals.items():
            keys = tuple(wg.counts)
            entry = entries.get(keys) or entries.setdefault(keys, _entry_template(("due", *keys, *_WEEK_GOAL_TAIL), inner, item))
            parts.append(sep + (names.get(goal_id) or names.setdefault(goal_id, _pct(goal_id))) + ": " + entry)
            sep = "," + item
            numbers += (wg.due, *wg.counts.values(), number(wg.rate), number(wg.quantity), wg.met, wg.remaining)
        parts.append(field + "}," if w.goals else "{},")
        parts.append(field + '"tags": ' + ("{" + item + ("," + item).join([_pct(k) + ": %s" for k in w.tags]) + field + "}," if w.tags else "{},"))
        numbers += w.tags.values()
        sep = field + '"metrics": {' + item
        for k, m in w.metrics.items():
            parts.append(sep + _pct(k) + ": " + metric)
            sep = "," + item
            numbers += (m.n, number(m.mean, 2), number(m.min), number(m.max))
        parts.append(field + "}," if w.metrics else field + '"metrics": {},')
        sep = field + '"evidence": [' + item
        for e in w.evidence:
            feeling = "null" if e.feeling is None else _pct(e.feeling)
            parts.append(
                f'{sep}{{{inner}"date": "{e.date.isoformat()}",{inner}"path": {_pct(e.path)},{inner}"line": %s,'
                f'{inner}"text": {_pct(e.text)},{inner}"feeling": {feeling}{item}}}'
            )
            sep = "," + item
            numbers.append(e.line)
        parts.append(field + "]" + week_nl + "}" if w.evidence else field + '"evidence": []' + week_nl + "}")
        templates.append(("".join(parts), len(numbers)))
    written = repr(numbers)
    clashes = any(len(set(keys)) != len(keys) or set(keys) & {"due", *_WEEK_GOAL_TAIL} for keys in entries)
    if clashes or not _NUMBERS.issuperset(map(type, numbers)) or "nan" in written or "inf" in written:
        return [value_text([week_dict(w) for w in weeks], nl)]
    values = written[1:-1].replace("None", "null").replace("True", "true").replace("False", "false").split(", ") if numbers else []
    out = ["[" + week_nl]
    start = 0
    for template, end in templates:
        out.append(template % tuple(values[start:end]))
        out.append("," + week_nl)
        start = end
    out[-1] = nl + "]"
    return out


_WEEK_GOAL_TAIL = ("rate", "quantity", "met", "remaining")
_METRIC = '{\n"n": %s,\n"mean": %s,\n"min": %s,\n"max": %s'
_NUMBERS = frozenset((int, float, bool, type(None)))


def _pct(text: str) -> str:
    """Return a string as JSON, fit to be literal text of a %-template."""
    return encode_str(text).replace("%", "%%")


def _entry_template(keys: tuple[str, ...], inner: str, nl: str) -> str:
    """Return the %-template of a record of numbers under keys."""
    return "{" + inner + ("," + inner).join([_pct(k) + ": %s" for k in keys]) + nl + "}"
