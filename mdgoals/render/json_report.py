"""Report → the JSON report of SPEC §7 (schema ``mdgoals/report/1``).

Keys are stable: new keys may be added, existing ones never change meaning.
Lists keep the report's deterministic order (goals in config order, weeks
ascending, problems by path then line).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
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
    return dumps(report_dict(report)) + "\n"


# json.dumps(indent=...) runs the standard library's pure-Python encoder, a generator per
# container and a yield per token: a quarter of a second for ten years of days.  This makes the
# same text (tests/test_render_json.py holds it to json.dumps) with the C string encoder.
_encode_str = json.encoder.encode_basestring  # the C version when the interpreter has it


def dumps(value: Any) -> str:
    """Return ``json.dumps(value, ensure_ascii=False, indent=2)``, faster.

    >>> dumps({"a": [1, 2.5, None], "b": {}})
    '{\n  "a": [\n    1,\n    2.5,\n    null\n  ],\n  "b": {}\n}'
    """
    return _value(value, "\n")


def _value(o: Any, nl: str) -> str:
    """Return one value as json.dumps writes it at the indentation nl ('\n' and spaces)."""
    if isinstance(o, str):
        return _encode_str(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    inner = nl + "  "
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        if _FLAT.issuperset(map(type, o)):
            return "[" + inner + _flat(inner, o)[1:-1] + nl + "]"
        return "[" + inner + ("," + inner).join([_encode_str(v) if type(v) is str else _value(v, inner) for v in o]) + nl + "]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        if _FLAT.issuperset(map(type, o.values())) and _STR.issuperset(map(type, o)):
            return "{" + inner + _flat(inner, o)[1:-1] + nl + "}"
        return (
            "{"
            + inner
            + ("," + inner).join(
                [
                    (_encode_str(k) if type(k) is str else _key(k))
                    + ": "
                    + (_encode_str(v) if type(v) is str else _value(v, inner))
                    for k, v in o.items()
                ]
            )
            + nl
            + "}"
        )
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


# A container of plain scalars is written by the C encoder in one call: with the separator
# ",\n" + indentation it writes exactly what the indenting encoder writes between the brackets.
_FLAT = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))
_FLAT_ENCODERS: dict[str, Callable[[Any, Any], Iterable[str]]] = {}


def _flat(inner: str, o: list[Any] | tuple[Any, ...] | dict[str, Any]) -> str:
    """Return a container of plain scalars as the C encoder writes it with the separator ',' + inner."""
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        if c_make_encoder is not None:
            encoder = c_make_encoder(None, None, _encode_str, None, ": ", "," + inner, False, False, True)
        else:  # pragma: no cover - an interpreter without the _json accelerator
            python_encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))

            def encoder(value: Any, level: Any) -> Iterable[str]:
                return python_encoder.iterencode(value)

        _FLAT_ENCODERS[inner] = encoder
    return "".join(encoder(o, 0))


def _key(key: Any) -> str:
    """Return a dict key as json.dumps writes it (always a string)."""
    if isinstance(key, str):
        return _encode_str(key)
    if isinstance(key, float):
        return _encode_str(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _encode_str(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == float("-inf"):
        return "-Infinity"
    return float.__repr__(o)
