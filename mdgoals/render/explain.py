"""Report → ``mdgoals explain GOAL``: one goal day by day, and why its streak is what it is.

Every row comes from the engine's own record of the goal — its
:class:`~mdgoals.model.Day` (state, the rule that decided it, the source
``file:line``) and the :class:`~mdgoals.model.StreakStep` after it (strict and
forgiving streak, strength) — so ``explain`` can never disagree with
``report``.  Quota goals (``3/week``) show their days, then a verdict row at the
end of each period; ``week``/``month`` ladder goals show one row per period.

>>> from mdgoals.model import Config, Journal
>>> from mdgoals.engine import compute_report
>>> rep = compute_report(Journal(".", ()), Config(), dt.date(2026, 11, 22))
>>> find_goal(rep, "show-up").goal.title
'Any micro-action done'
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.calendar import WEEKDAY_NAMES, daterange, month_name, week_label, week_start
from ..errors import UsageError, escape_control
from ..model import Day, DayState, GoalReport, Level, Outcome, Progress, Report, StreakStep, VisionProgress
from .numbers import number, percent
from .numbers import text as num

WIDTH = 80
DEFAULT_WEEKS = 4
_PERIOD_STATE = {Outcome.SUCCESS: "met", Outcome.FAILURE: "unmet"}


@dataclass(frozen=True)
class Row:
    """One line of the explanation: a day, or the verdict of a period (week / month)."""

    kind: str  # "day" | "period"
    date: dt.date  # the day; for a period, its last day up to as-of
    label: str  # "2026-11-18", "week 2026-W47", "month 2026-11"
    start: dt.date
    end: dt.date
    state: str  # a day state, or met / unmet / open / skipped for a period
    reason: str
    source: str | None
    quantity: float | None
    strict: int | None
    forgiving: int | None
    strength: float | None


# ---------------------------------------------------------------------------
# Finding the goal and the range


def find_goal(report: Report, goal_id: str) -> GoalReport:
    """Return the goal's report, or raise UsageError listing the goal ids with a "did you mean"."""
    ids = [g.goal.id for g in report.goals]
    for g in report.goals:
        if g.goal.id == goal_id:
            return g
    close = difflib.get_close_matches(goal_id.strip().lower(), ids, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"unknown goal '{escape_control(goal_id)}'{hint} Goals: {', '.join(ids)}")


def default_range(as_of: dt.date, first_weekday: int) -> tuple[dt.date, dt.date]:
    """Return the default rows: the week of as-of and the 3 weeks before it, up to as-of."""
    return week_start(as_of, first_weekday) - dt.timedelta(weeks=DEFAULT_WEEKS - 1), as_of


# ---------------------------------------------------------------------------
# Rows


def explain_rows(report: Report, g: GoalReport, start: dt.date, end: dt.date) -> list[Row]:
    """Return the rows of one goal from start to end (inclusive), in date order."""
    rows: list[Row] = []
    steps_by_day = {s.item.start: s for s in g.steps if s.item.start == s.item.end}
    per_day = bool(g.days) and not g.goal.schedule.is_quota
    for day in g.days:
        if not start <= day.date <= end:
            continue
        step = steps_by_day.get(day.date) if per_day else None
        rows.append(_day_row(day, step))
    if not per_day:
        for step in g.steps:
            row = _period_row(report, g, step)
            if start <= row.date <= end:
                rows.append(row)
    # A period's verdict comes after its last day.
    rows.sort(key=lambda r: (r.date, r.kind == "period"))
    return rows


def _day_row(day: Day, step: StreakStep | None) -> Row:
    return Row(
        kind="day",
        date=day.date,
        label=day.date.isoformat(),
        start=day.date,
        end=day.date,
        state=day.state.value,
        reason=day.reason,
        source=day.source,
        quantity=day.quantity,
        strict=step.strict if step else None,
        forgiving=step.forgiving if step else None,
        strength=step.strength if step else None,
    )


def _period_name(report: Report, start: dt.date, end: dt.date) -> str:
    if (end - start).days <= 6:
        return f"week {week_label(start, report.config.week_start_day)}"
    return f"month {start.year}-{start.month:02d}"


def _period_row(report: Report, g: GoalReport, step: StreakStep) -> Row:
    item = step.item
    last = min(item.end, report.as_of)
    current = item.start <= report.as_of <= item.end
    state = _PERIOD_STATE.get(item.outcome) or ("open" if current else "skipped")
    quantity: float | None = None
    if g.goal.schedule.is_quota:
        successes, quota = period_tally(report, g, item.start, item.end)
        reason = _quota_reason(successes, quota, item.outcome, current, item.end)
    else:
        quantity = _period_quantity(report, g, item.start, item.end)
        reason = _ladder_reason(g, quantity, item.outcome, current)
    return Row(
        kind="period",
        date=last,
        label=_period_name(report, item.start, item.end),
        start=item.start,
        end=item.end,
        state=state,
        reason=reason,
        source=None,
        quantity=quantity,
        strict=step.strict,
        forgiving=step.forgiving,
        strength=step.strength,
    )


def period_tally(report: Report, g: GoalReport, start: dt.date, end: dt.date) -> tuple[int, int]:
    """Return (successes, quota) of a quota goal's period, as SPEC §5.2 counts them.

    The quota is the smaller of N and the period's non-skipped days inside the
    goal's active range; days after as-of are open unless a configured break
    covers them.
    """
    goal = g.goal
    assert goal.schedule.quota is not None
    states = {d.date: d.state for d in g.days}
    first = g.days[0].date if g.days else start
    lo = max(start, first)
    hi = min(end, goal.end) if goal.end else end
    open_days = successes = 0
    for day in daterange(lo, hi):
        state = states.get(day)
        if state is None:
            if not any(b.start <= day <= b.end for b in report.config.breaks):
                open_days += 1
        elif state is not DayState.SKIPPED:
            open_days += 1
        if state in (DayState.DONE, DayState.MVA):
            successes += 1
    return successes, min(goal.schedule.quota, open_days)


def _quota_reason(successes: int, quota: int, outcome: Outcome, current: bool, end: dt.date) -> str:
    if quota == 0:
        return "every day skipped, nothing owed"
    if outcome is Outcome.SUCCESS:
        return f"{successes} of {quota} done, quota met"
    if outcome is Outcome.FAILURE:
        return f"{successes} of {quota} done, quota not met"
    if current:
        return f"{successes} of {quota} so far, {quota - successes} to go by {end.isoformat()}"
    return f"{successes} of {quota} done"


def _period_quantity(report: Report, g: GoalReport, start: dt.date, end: dt.date) -> float | None:
    """Return a week/month ladder goal's quantity in a period, from the engine's rollups."""
    if g.goal.level is Level.WEEK:
        for week in report.weeks:
            if week.start == start:
                wg = week.goals.get(g.goal.id)
                return wg.quantity if wg is not None else None
        return None
    p = g.progress
    if isinstance(p, Progress) and p.start == start:
        return p.quantity
    return None  # the rollups keep a month's total only for the month of as-of


def _ladder_reason(g: GoalReport, quantity: float | None, outcome: Outcome, current: bool) -> str:
    target = g.goal.target
    unit = g.goal.unit_text or ""
    have = f"{num(quantity)} of {num(target)} {unit}".strip() if quantity is not None else f"target {num(target)} {unit}".strip()
    if outcome is Outcome.SUCCESS:
        return f"{have}, target met"
    if outcome is Outcome.FAILURE:
        return f"{have}, target not met"
    if current:
        return f"{have} so far"
    return "every day skipped"


# ---------------------------------------------------------------------------
# Why the current streak is what it is


def _unit(count: int, unit: str) -> str:
    return f"{count} {unit[:-1] if count == 1 else unit}"


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


class _Story:
    """Describe the items of one goal in words, with the rule and source behind each."""

    def __init__(self, report: Report, g: GoalReport) -> None:
        self.report = report
        self.g = g
        self.days = {d.date: d for d in g.days}
        self.unit = g.streak.unit if g.streak else "days"

    def name(self, step: StreakStep) -> str:
        """Return '2026-11-15' for a day, 'week 2026-W46' for a period."""
        item = step.item
        if item.start == item.end:
            return item.start.isoformat()
        return _period_name(self.report, item.start, item.end)

    def when(self, step: StreakStep) -> str:
        """Return 'Sunday 2026-11-15' for a day, 'week 2026-W46, 2026-11-09..2026-11-15' for a period."""
        item = step.item
        if item.start == item.end:
            return f"{WEEKDAY_NAMES[item.start.weekday()]} {item.start.isoformat()}"
        return f"{self.name(step)}, {item.start.isoformat()}..{item.end.isoformat()}"

    def what(self, step: StreakStep) -> str:
        """Return 'Sunday 2026-11-15 (missed: the note has no matching task, 2026-11-15.md)'."""
        item = step.item
        day = self.days.get(item.start) if item.start == item.end else None
        if day is not None:
            where = f", {day.source}" if day.source else ""
            return f"{self.when(step)} ({day.state.value}: {day.reason}{where})"
        return f"{self.when(step)} ({_period_row(self.report, self.g, step).reason})"

    def dates(self, steps: Sequence[StreakStep], limit: int = 5) -> str:
        """Return the names of up to limit items, then how many more."""
        shown = [self.name(s) for s in steps[:limit]]
        more = f" and {len(steps) - limit} more" if len(steps) > limit else ""
        return ", ".join(shown) + more


def why(report: Report, g: GoalReport) -> str:
    """Return one paragraph on why the goal's streaks are what they are: start, last break, reasons."""
    goal = g.goal
    if g.streak is None or g.forgiving_streak is None:
        return _why_ladder(g)
    steps = list(g.steps)
    if not steps:
        if g.start is not None and g.start > report.as_of:
            return f"{goal.title} starts on {g.start.isoformat()}, after {report.as_of.isoformat()}: nothing to explain yet."
        return f"{goal.title} has no days up to {report.as_of.isoformat()}: it becomes active on the first day one of its tasks appears."
    story = _Story(report, g)
    unit = story.unit
    sentences = [_why_strict(story, steps), _why_forgiving(story, steps)]
    last = g.days[-1] if g.days else None
    if last is not None and last.state is DayState.PENDING:
        sentences.append(
            f"Today, {last.date.isoformat()}, is pending and never counts as a miss: "
            f"doing it today makes the strict streak {_unit(g.streak.current + 1, unit)}."
        )
    elif goal.schedule.is_quota and steps[-1].item.outcome is Outcome.NEUTRAL:
        item = steps[-1].item
        successes, quota = period_tally(report, g, item.start, item.end)
        if quota > successes:
            owed = quota - successes
            sentences.append(
                f"The current {goal.schedule.period} is still open: it needs {owed} more "
                f"{'session' if owed == 1 else 'sessions'} by {item.end.isoformat()} to meet the quota."
            )
    if g.strength is not None:
        sentences.append(f"Strength is {percent(g.strength)} ({number(g.strength):.4f}).")
    return " ".join(s for s in sentences if s)


def _why_strict(story: _Story, steps: Sequence[StreakStep]) -> str:
    g = story.g
    unit = story.unit
    assert g.streak is not None
    current = g.streak.current
    failures = [i for i, s in enumerate(steps) if s.item.outcome is Outcome.FAILURE]
    breaks = [i for i in failures if i > 0 and steps[i - 1].strict > 0]
    parts = []
    if current:
        assert g.streak.current_start is not None
        parts.append(f"The strict streak is {_unit(current, unit)}, since {g.streak.current_start.isoformat()}.")
    else:
        parts.append("The strict streak is 0.")
    if not failures:
        if current:
            parts.append("It has never broken: no failure since the goal's first " + unit[:-1] + ".")
        else:
            parts.append("No success or failure yet: every " + unit[:-1] + " so far was neutral (not due, skipped or pending).")
        return " ".join(parts)
    if not breaks:
        before = [steps[i] for i in failures]
        if current:
            parts.append(f"It has never broken; before it began, {_unit(len(before), 'failures')}: {story.dates(before)}.")
        else:
            parts.append(f"No success yet, {_unit(len(before), 'failures')}: {story.dates(before)}.")
        return " ".join(parts)
    b = breaks[-1]
    lost = steps[b - 1].strict
    parts.append(f"It last broke on {story.what(steps[b])}, ending a run of {_unit(lost, unit)}.")
    later = [steps[i] for i in failures if i > b]
    if later:
        if current:
            parts.append(f"{_unit(len(later), 'more failures')} followed before it restarted: {story.dates(later)}.")
        else:
            last = later[-1]
            parts.append(f"{_unit(len(later), 'more failures')} since, the last on {story.what(last)}; no success since the break.")
    elif not current:
        parts.append("Nothing has succeeded since.")
    return " ".join(parts)


def _why_forgiving(story: _Story, steps: Sequence[StreakStep]) -> str:
    g = story.g
    unit = story.unit
    forgiving = g.forgiving_streak
    assert forgiving is not None
    grace = forgiving.grace
    if grace == 0:
        return "The forgiving streak has grace 0, so it is the strict one."
    rule = f"grace {grace}: it survives {_unit(grace, 'failures')} in a row"
    if forgiving.current:
        assert forgiving.current_start is not None
        since = forgiving.current_start
        forgiven = [s for s in steps if s.item.outcome is Outcome.FAILURE and s.item.start >= since]
        text = f"The forgiving streak ({rule}) is {_unit(forgiving.current, unit)}, since {since.isoformat()}"
        if forgiven:
            return text + f"; it forgave {_unit(len(forgiven), 'failures')}: {story.dates(forgiven)}."
        return text + "; it has needed no forgiving."
    resets = [i for i, s in enumerate(steps) if s.item.outcome is Outcome.FAILURE and s.forgiving == 0 and i > 0 and steps[i - 1].forgiving > 0]
    if not resets:
        return f"The forgiving streak ({rule}) is 0: no success yet."
    r = resets[-1]
    run = []
    for s in reversed(steps[: r + 1]):
        if s.item.outcome is Outcome.SUCCESS:
            break
        if s.item.outcome is Outcome.FAILURE:
            run.append(s)
    run.reverse()
    return (
        f"The forgiving streak ({rule}) is 0: it reset on {story.when(steps[r])}, "
        f"the {_ordinal(len(run))} failure in a row ({story.dates(run)})."
    )


def _why_ladder(g: GoalReport) -> str:
    goal = g.goal
    p = g.progress
    if isinstance(p, VisionProgress):
        children = ", ".join(p.children) or "none yet"
        return f"{goal.title} is a vision: it has no target, days or streak of its own. Its children: {children}."
    level = "12-week target" if goal.level is Level.QUARTER else goal.level.value
    text = f"{goal.title} is a {level}: it has no days or streak of its own; it adds up its descendants' {goal.unit_text or 'quantities'}."
    if isinstance(p, Progress):
        target = f" of {num(p.target)}" if p.target is not None else ""
        text += f" From {p.start.isoformat()} to {p.end.isoformat()}: {num(p.quantity)}{target} {goal.unit_text or ''}".rstrip() + "."
        if p.projected is not None and p.target is not None:
            text += f" Projected {num(p.projected)}: {'on track' if p.on_track else 'behind'}."
    return text


# ---------------------------------------------------------------------------
# Output


def render_explain(report: Report, goal_id: str, *, start: dt.date, end: dt.date, fmt: str = "text") -> str:
    """Return the explanation of one goal from start to end: ``text`` (a table and a paragraph) or ``json``."""
    g = find_goal(report, goal_id)
    if start > end:
        raise UsageError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    end = min(end, report.as_of)
    rows = explain_rows(report, g, start, end)
    if fmt == "json":
        return json.dumps([_row_json(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    return _text(report, g, rows, start, end)


def _row_json(row: Row) -> dict[str, object]:
    return {
        "kind": row.kind,
        "date": row.date.isoformat(),
        "weekday": WEEKDAY_NAMES[row.date.weekday()],
        "label": row.label,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "state": row.state,
        "reason": row.reason,
        "source": row.source,
        "quantity": number(row.quantity),
        "strict": row.strict,
        "forgiving": row.forgiving,
        "strength": number(row.strength),
    }


def _describe_goal(g: GoalReport) -> str:
    goal = g.goal
    unit = goal.unit_text or ""
    parts = [goal.level.value if goal.level is not Level.DAILY else goal.schedule.text]
    if goal.metric is not None:
        parts.append(f"metric {goal.metric} {goal.metric_op} {num(goal.target)}")
        if goal.mva is not None:
            parts.append(f"MVA {goal.mva_op} {num(goal.mva)}")
    else:
        if goal.target is not None:
            parts.append(f"target {num(goal.target)} {unit}".rstrip())
        if goal.mva is not None:
            parts.append(f"MVA {num(goal.mva)} {unit}".rstrip())
        elif goal.mva_text:
            parts.append(f"MVA: {goal.mva_text}")
    if g.forgiving_streak is not None:
        parts.append(f"grace {g.forgiving_streak.grace}")
    if g.start is not None:
        parts.append(f"active from {g.start.isoformat()}")
    return ", ".join(parts)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _text(report: Report, g: GoalReport, rows: Sequence[Row], start: dt.date, end: dt.date) -> str:
    out = [
        escape_control(f"{g.goal.id}: {g.goal.title}"),
        escape_control(_describe_goal(g)),
        f"{start.isoformat()}..{end.isoformat()}, as of {report.as_of.isoformat()} "
        f"({_range_words(start, end)})",
        "",
    ]
    if rows:
        out.append(f"{'date':<10} {'day':<3}  {'state':<8}{'strict':>6}{'forgiving':>10}{'strength':>9}  rule · source")
        for r in rows:
            strength = "" if r.strength is None else f"{r.strength:.4f}"
            if r.kind == "day":
                head = f"{r.date.isoformat()} {WEEKDAY_NAMES[r.date.weekday()][:3]}"
            else:
                head = f"{r.label:<14}"
            why_ = r.reason + (f" · {r.source}" if r.source else "")
            line = f"{head}  {r.state:<8}{_cell(r.strict):>6}{_cell(r.forgiving):>10}{strength:>9}  {why_}"
            out.append(escape_control(line.rstrip()))
        out.append("")
    elif g.streak is not None:
        out += ["No days in this range.", ""]
    out.append(textwrap.fill(escape_control(why(report, g)), WIDTH, break_on_hyphens=False, break_long_words=False))
    out.append("")
    return "\n".join(out)


def _range_words(start: dt.date, end: dt.date) -> str:
    if start.year == end.year and start.month == end.month:
        return f"{start.day}-{end.day} {month_name(end)} {end.year}"
    if start.year == end.year:
        return f"{start.day} {month_name(start)} - {end.day} {month_name(end)} {end.year}"
    return f"{start.day} {month_name(start)} {start.year} - {end.day} {month_name(end)} {end.year}"
