"""Small builders for engine tests: notes and goals written in a line, no files involved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mdgoals.engine import compute_report
from mdgoals.model import (
    Config,
    Evidence,
    Goal,
    Journal,
    Metric,
    Note,
    Report,
    Schedule,
    Status,
    Task,
    normalize_tag,
    normalize_unit,
)

_STATUS = {
    " ": Status.OPEN,
    "x": Status.DONE,
    "-": Status.CANCELLED,
    "/": Status.IN_PROGRESS,
    ">": Status.DEFERRED,
}


def d(text: str) -> dt.date:
    """Return a date from 'YYYY-MM-DD'."""
    return dt.date.fromisoformat(text)


def task(
    text: str = "task",
    status: str = "x",
    tags: Iterable[str] = ("writing",),
    qty: float | None = None,
    unit: str = "words",
    mva: bool = False,
    done: str | None = None,
    fields: Iterable[tuple[str, str]] = (),
    line: int = 1,
    path: str = "note.md",
) -> Task:
    """Return a Task; qty adds one "qty unit" pair to its quantities."""
    quantities = ((float(qty), normalize_unit(unit)),) if qty is not None else ()
    return Task(
        path=path,
        line=line,
        status=_STATUS[status],
        char=status,
        text=text,
        tags=tuple(normalize_tag(t) for t in tags),
        fields=tuple(fields),
        quantities=quantities,
        mva=mva,
        done_date=d(done) if done else None,
    )


def note(
    date: str,
    *tasks: Task,
    off: bool = False,
    skip: Iterable[str] = (),
    metrics: dict[str, float | bool] | None = None,
    evidence: Iterable[tuple[str, Iterable[str]]] = (),
    path: str | None = None,
) -> Note:
    """Return a daily Note for date with the given tasks and front matter."""
    p = path or f"{date}.md"
    return Note(
        path=p,
        date=d(date),
        tasks=tuple(t if t.path == p else _repath(t, p) for t in tasks),
        metrics={k: Metric(v, 2) for k, v in (metrics or {}).items()},
        off=off,
        skip=frozenset(skip),
        evidence=tuple(Evidence(p, 10 + i, text, tuple(normalize_tag(t) for t in tags)) for i, (text, tags) in enumerate(evidence)),
    )


def _repath(t: Task, path: str) -> Task:
    from dataclasses import replace

    return replace(t, path=path)


def goal(goal_id: str = "write", **kw: object) -> Goal:
    """Return a daily Goal matching #<id> unless match_tags is given; every= sets the schedule."""
    every = kw.pop("every", None)
    if every is not None:
        kw["schedule"] = schedule(str(every))
    kw.setdefault("match_tags", (goal_id,) if "metric" not in kw else ())
    if "unit" in kw and kw["unit"] is not None:
        kw.setdefault("unit_label", kw["unit"])
        kw["unit"] = normalize_unit(str(kw["unit"]))
    return Goal(id=goal_id, title=str(kw.pop("title", goal_id.title())), **kw)  # type: ignore[arg-type]


def schedule(text: str) -> Schedule:
    """Return a Schedule from its SPEC text: daily, weekdays, weekends, mon,wed,fri, 3/week, 10/month."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    if "/" in text:
        n, period = text.split("/")
        return Schedule(text, frozenset(range(7)), int(n), period)
    if text == "daily":
        return Schedule()
    if text == "weekdays":
        return Schedule(text, frozenset(range(5)))
    if text == "weekends":
        return Schedule(text, frozenset({5, 6}))
    return Schedule(text, frozenset(days.index(p.strip()) for p in text.split(",")))


def report(notes: Iterable[Note], goals: Iterable[Goal], as_of: str, **config: object) -> Report:
    """Return the report of hand-made notes as of a day."""
    cfg = Config(goals=tuple(goals), **config)  # type: ignore[arg-type]
    ordered = tuple(sorted(notes, key=lambda n: (n.date, n.path)))
    return compute_report(Journal("journal", ordered), cfg, d(as_of))


def states(rep: Report, goal_id: str) -> dict[str, str]:
    """Return {date: state} of one goal."""
    return {day.date.isoformat(): day.state.value for day in rep.goal(goal_id).days}
