"""Report → the JSON report of SPEC §7 (schema ``mdgoals/report/1``).

Keys are stable: new keys may be added, existing ones never change meaning.
Lists keep the report's deterministic order (goals in config order, weeks
ascending, problems by path then line).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model import GoalReport, Progress, Report, Streak, VisionProgress, Week
from .numbers import number

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


def goal_dict(g: GoalReport) -> dict[str, Any]:
    """Return one goal of the JSON report."""
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
        "days": {d.date.isoformat(): d.state.value for d in g.days},
    }


def week_dict(w: Week) -> dict[str, Any]:
    """Return one week of the JSON report."""
    goals = {}
    for goal_id, wg in w.goals.items():
        entry: dict[str, Any] = {"due": wg.due}
        entry.update(wg.counts)
        entry.update(
            rate=number(wg.rate), quantity=number(wg.quantity), met=wg.met, remaining=wg.remaining
        )
        goals[goal_id] = entry
    return {
        "label": w.label,
        "start": _date(w.start),
        "end": _date(w.end),
        "notes": w.notes,
        "actions": {"done": w.actions_done, "open": w.actions_open, "cancelled": w.actions_cancelled},
        "goals": goals,
        "tags": dict(w.tags),
        "metrics": {
            k: {"n": m.n, "mean": number(m.mean, 2), "min": number(m.min), "max": number(m.max)}
            for k, m in w.metrics.items()
        },
        "evidence": [
            {"date": _date(e.date), "path": e.path, "line": e.line, "text": e.text, "feeling": e.feeling}
            for e in w.evidence
        ],
    }


def report_dict(report: Report) -> dict[str, Any]:
    """Return the whole report as plain JSON-ready data."""
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
        "goals": [goal_dict(g) for g in report.goals],
        "weeks": [week_dict(w) for w in report.weeks],
        "suggestions": [
            {"goal": s.goal, "kind": s.kind, "text": s.text, "facts": list(s.facts)} for s in report.suggestions
        ],
    }


def render_json(report: Report) -> str:
    """Return the JSON report as text: UTF-8 safe, two-space indent, LF, trailing newline."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
