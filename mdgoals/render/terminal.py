"""Report → the terminal view of the weekly review (SPEC §8): 80 columns, block characters, colour on request.

The view is built from rich :class:`~rich.text.Text` objects, never from markup,
so a note's ``[bold]`` shows as typed; every string is cleaned first (control
characters and bidi overrides escaped, typographic punctuation folded), so
nothing from a note can move the cursor, recolour the terminal or reorder the
line.  The renderer's own vocabulary stays inside code page 437 — the glyphs
of the Linux console's built-in font — so the view reads the same on a bare
``/dev/tty1`` as in a terminal emulator.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..errors import escape_control
from ..model import DayState, GoalReport, Level, Outcome, Progress, Report, Streak, Week, WeekGoal
from .common import bar, day_range_label, evidence_by_feeling, focus_week, ladder_order, problem_counts, weeks_before
from .numbers import percent
from .numbers import text as num

WIDTH = 80
LABEL = 12  # the column where a goal's streak, week, chain and strip start
CHAIN_WEEKS = 8
STRIP_WEEKS = 12

# One cell per day; ASCII or code page 437, so a plain Linux console shows every one.
DAY_CELL = {
    DayState.DONE: "█",
    DayState.MVA: "▒",
    DayState.PARTIAL: "░",
    DayState.MISSED: "x",
    DayState.UNKNOWN: "?",
    DayState.SKIPPED: "-",
    DayState.NOT_DUE: "·",
    DayState.IDLE: "·",
    DayState.PENDING: "_",
}
DAY_STYLE = {
    DayState.DONE: "green",
    DayState.MVA: "yellow",
    DayState.PARTIAL: "yellow",
    DayState.MISSED: "red",
    DayState.UNKNOWN: "magenta",
    DayState.SKIPPED: "blue",
    DayState.NOT_DUE: "dim",
    DayState.IDLE: "dim",
    DayState.PENDING: "cyan",
}
LEGEND = (
    (DayState.DONE, "done"),
    (DayState.MVA, "MVA"),
    (DayState.PARTIAL, "partial"),
    (DayState.MISSED, "missed"),
    (DayState.UNKNOWN, "no note"),
    (DayState.SKIPPED, "skipped"),
    (DayState.NOT_DUE, "not due"),
    (DayState.IDLE, "idle"),
    (DayState.PENDING, "today"),
)
KIND_LABEL = {"comeback": "Comeback", "fresh_start": "Fresh start", "scale_up": "Scale up"}

# Bidi embeddings, overrides and isolates can reorder what the terminal shows.
_SPACE = re.compile(r"\s+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Punctuation outside code page 437, folded so the console never shows a blank box.
_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "✓": "v"})


def clean(text: str) -> str:
    """Return text safe for a terminal: one line, controls and bidi overrides escaped, dashes folded."""
    text = _SPACE.sub(" ", text)
    text = escape_control(text)
    text = _BIDI.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return text.translate(_TYPOGRAPHY)


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _join(*parts: Text | str) -> Text:
    out = Text()
    for part in parts:
        out.append(part if isinstance(part, Text) else _t(part))
    return out


class _Page:
    """The lines of the view, each at most WIDTH cells once wrapped."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.lines: list[Text] = []
        self.used: set[DayState] = set()  # the day states drawn, for the legend
        self.strips = False

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Text())

    def heading(self, title: str) -> None:
        self.blank()
        self.lines.append(_t(title, "bold underline"))

    def add(self, content: Text, *, indent: int = 0, label: Text | None = None, hang: int | None = None) -> None:
        """Add content wrapped to the width: after label on its first line, hanging at hang cells."""
        label = label or Text()
        hang = indent + cell_len(label.plain) if hang is None else hang
        hang = min(hang, WIDTH // 2)
        first = Text(" " * indent) + label
        if cell_len(first.plain) > hang:  # a long label gets a line of its own
            self._append(first)
            first = Text()
        pad = Text(" " * (hang - cell_len(first.plain)))
        wrapped = content.wrap(self.console, WIDTH - hang, overflow="fold") if content.plain else [Text()]
        for index, line in enumerate(wrapped):
            line.rstrip()
            prefix = first + pad if index == 0 else Text(" " * hang)
            self._append(prefix + line)

    def _append(self, line: Text) -> None:
        line.rstrip()
        self.lines.append(line)


def render_terminal(report: Report, *, week: dt.date | None = None, color: bool = False) -> str:
    """Return the weekly review of the focus week as terminal text, at most 80 columns wide.

    With ``color`` the text carries ANSI colours (the 16 standard ones, which
    the Linux console has); without, it is plain text with no escape code.
    """
    console = Console(
        file=io.StringIO(),
        width=WIDTH,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    page = _Page(console)
    focus = focus_week(report, week)
    if focus is None:
        page.lines.append(_t("Weekly review", "bold"))
        page.blank()
        page.lines.append(_t(f"No notes up to {report.as_of.isoformat()}."))
    else:
        _header(page, report, focus)
        _ladder(page, report)
        _goals(page, report, focus)
        _coach(page, report)
        _evidence(page, report, focus)
        _health(page, report)
        _legend(page)
    for line in page.lines:
        console.print(line, no_wrap=True, overflow="crop", crop=True)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def _header(page: _Page, report: Report, focus: Week) -> None:
    page.add(_join(_t(f"Weekly review {focus.label}", "bold"), " · ", day_range_label(focus.start, focus.end)))
    page.add(
        _t(
            f"as of {report.as_of.isoformat()} · {focus.notes} {_plural(focus.notes, 'note')} · "
            f"{focus.actions_done} micro-actions done, {focus.actions_open} open, {focus.actions_cancelled} cancelled",
            "dim",
        )
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _amount(value: float | None, g: GoalReport) -> str:
    unit = g.goal.unit_text
    return f"{num(value)} {unit}" if unit else num(value)


def _aim(g: GoalReport) -> str:
    """Return what a goal asks for: '350 words a day, minimum 100 words'."""
    goal = g.goal
    parts: list[str] = []
    if goal.metric is not None:
        target = f"{goal.metric} {goal.metric_op} {num(goal.target)}" if goal.target is not None else goal.metric
        parts.append(target)
        if goal.mva is not None:
            parts.append(f"minimum {goal.mva_op} {num(goal.mva)}")
        return ", ".join(parts)
    if goal.level in (Level.WEEK, Level.MONTH):
        return f"{_amount(goal.target, g)} a {goal.level.value}" if goal.target is not None else goal.level.value
    schedule = goal.schedule.text
    if goal.target is not None and goal.unit is not None:
        parts.append(f"{_amount(goal.target, g)} a day" if schedule == "daily" else f"{_amount(goal.target, g)}, {schedule}")
    else:
        parts.append(schedule)
    if goal.mva is not None:
        parts.append(f"minimum {_amount(goal.mva, g)}")
    elif goal.mva_text:
        parts.append(f"minimum: {goal.mva_text}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# The ladder


def _ladder(page: _Page, report: Report) -> None:
    # Only the trees that climb somewhere: a lone daily goal is shown under Goals.
    trees: list[list[tuple[int, GoalReport]]] = []
    for depth, g in ladder_order(report):
        if depth == 0 or not trees:
            trees.append([])
        trees[-1].append((depth, g))
    order = [pair for tree in trees if any(g.goal.level is not Level.DAILY for _, g in tree) for pair in tree]
    if not order:
        return
    page.heading("The ladder")
    for depth, g in order:
        indent = 2 + min(depth, 7) * 2
        level = "12-week target" if g.goal.level is Level.QUARTER else g.goal.level.value
        head = _join(_t(g.goal.title, "bold"), _t(f" ({level})", "dim"))
        detail = _progress(g)
        if detail is None and g.goal.level is Level.DAILY:
            detail = _t(_aim(g))
        page.add(head, indent=indent)
        if detail is not None:
            page.add(detail, indent=indent + 2)


def _progress(g: GoalReport) -> Text | None:
    p = g.progress
    if not isinstance(p, Progress):
        return None
    parts: list[Text | str] = []
    if p.weeks:
        parts.append(f"week {p.week} of {p.weeks} · ")
    target = f" of {_amount(p.target, g)}" if p.target is not None else f" {g.goal.unit_text or ''}"
    parts.append(f"{num(p.quantity)}{target}")
    if p.fraction is not None:
        style = "green" if p.on_track else "yellow"
        parts += [" · ", _t(bar(p.fraction), style), f" {percent(p.fraction)}"]
    if p.projected is not None and p.target is not None:
        verdict = _t("on track", "green") if p.on_track else _t("behind", "yellow")
        parts += [f" · projected {_amount(p.projected, g)}, ", verdict]
    return _join(*parts)


# ---------------------------------------------------------------------------
# Goals: streaks, the chain of the last 8 weeks, the 12-week strip


def _goals(page: _Page, report: Report, focus: Week) -> None:
    goals = [g for g in report.goals if g.streak is not None]
    if not goals:
        return
    strip_weeks = weeks_before(report, focus, STRIP_WEEKS)
    page.heading("Goals")
    for g in goals:
        page.blank()
        page.add(_join(_t(g.goal.title, "bold"), _t(f" · {_aim(g)}", "dim")))
        page.add(_streaks(g), indent=2, label=Text("streak", "dim"), hang=LABEL)
        summary = _this_week(g, focus.goals.get(g.goal.id))
        if summary is not None:
            page.add(summary, indent=2, label=Text("this week", "dim"), hang=LABEL)
        if g.days:
            chain = _day_chain(g, focus)
            page.used.update(d.state for d in g.days if d.date >= focus.start - dt.timedelta(weeks=CHAIN_WEEKS - 1))
            page.add(chain, indent=2, label=Text(f"{CHAIN_WEEKS} weeks", "dim"), hang=LABEL)
        elif g.steps:
            unit = g.streak.unit if g.streak else "weeks"
            page.add(_item_chain(g, report.as_of), indent=2, label=Text(f"{CHAIN_WEEKS} {unit}", "dim"), hang=LABEL)
        strip = _strip(g, strip_weeks)
        if strip is not None:
            page.strips = True
            page.add(strip, indent=2, label=Text(f"{STRIP_WEEKS} weeks", "dim"), hang=LABEL)


def _streak(s: Streak | None) -> Text:
    if s is None:
        return _t("-")
    unit = s.unit[:-1] if s.current == 1 else s.unit
    return _join(_t(str(s.current), "bold"), f" {unit} (best {s.longest})")


def _streaks(g: GoalReport) -> Text:
    parts: list[Text | str] = [_streak(g.streak)]
    forgiving = g.forgiving_streak
    if forgiving is not None:
        grace = f" (grace {forgiving.grace})" if forgiving.grace != 1 else ""
        parts += [f" · forgiving{grace} ", _streak(forgiving)]
    if g.strength is not None:
        parts += [" · strength ", _t(percent(g.strength), "bold")]
    return _join(*parts)


def _this_week(g: GoalReport, wg: WeekGoal | None) -> Text | None:
    if wg is None:
        return None
    goal = g.goal
    successes = wg.counts["done"] + wg.counts["mva"]
    parts: list[Text | str] = []
    if goal.schedule.is_quota:
        parts.append(f"{successes} of {wg.due}")
        parts.append(_t(", met", "green") if wg.met else f", {wg.remaining} to go")
    elif goal.level in (Level.WEEK, Level.MONTH):
        if wg.quantity is None or goal.level is Level.MONTH:
            return None
        parts.append(f"{_amount(wg.quantity, g)} of {num(goal.target)}" if goal.target is not None else _amount(wg.quantity, g))
        if goal.target:
            parts.append(f", {percent(wg.quantity / goal.target)}")
        if wg.met:
            parts.append(_t(", met", "green"))
    else:
        counted = [(s, wg.counts[s.value]) for s, _ in LEGEND if wg.counts.get(s.value)]
        if not counted:
            return _t("nothing yet")
        cells = _join(*[_join(_t(DAY_CELL[s], DAY_STYLE[s]), f" {word} {count}  ") for (s, count), word in _worded(counted)])
        cells.rstrip()
        parts.append(cells)
    if wg.quantity and goal.level is Level.DAILY:
        parts.append(f" · {_amount(wg.quantity, g)}")
    text = _join(*parts)
    text.rstrip()
    return text


def _worded(counted: Sequence[tuple[DayState, int]]) -> list[tuple[tuple[DayState, int], str]]:
    words = dict(LEGEND)
    return [((s, n), words[s]) for s, n in counted]


def _day_chain(g: GoalReport, focus: Week) -> Text:
    """Return one cell per day of the last 8 weeks up to the focus week, a space between weeks."""
    states = {d.date: d.state for d in g.days}
    start = focus.start - dt.timedelta(weeks=CHAIN_WEEKS - 1)
    out = Text()
    for w in range(CHAIN_WEEKS):
        if w:
            out.append(" ")
        for i in range(7):
            state = states.get(start + dt.timedelta(days=7 * w + i))
            if state is None:  # before the goal's start, or after as-of
                out.append(" ")
            else:
                out.append(DAY_CELL[state], DAY_STYLE[state])
    return out


def _item_chain(g: GoalReport, as_of: dt.date) -> Text:
    """Return one cell per period (week or month) of a period goal: its last 8 verdicts."""
    out = Text()
    for step in g.steps[-CHAIN_WEEKS:]:
        item = step.item
        if item.outcome is Outcome.SUCCESS:
            out.append("█", "green")
        elif item.outcome is Outcome.FAILURE:
            out.append("x", "red")
        elif item.start <= as_of <= item.end:
            out.append("_", "cyan")
        else:
            out.append("·", "dim")
    return out


def _week_cell(wg: WeekGoal | None) -> tuple[str, str]:
    if wg is None or wg.rate is None:
        return (" ", "") if wg is None else ("·", "dim")
    if wg.met:
        return "█", "green"
    if wg.rate >= 2 / 3:
        return "▓", "yellow"
    if wg.rate >= 1 / 3:
        return "▒", "yellow"
    if wg.rate > 0:
        return "░", "yellow"
    return "x", "red"


def _strip(g: GoalReport, weeks: Sequence[Week]) -> Text | None:
    """Return one cell per week (█ met, ▓ ▒ ░ by rate, x none) and how many weeks were met."""
    cells = [w.goals.get(g.goal.id) for w in weeks]
    judged = [wg for wg in cells if wg is not None and wg.rate is not None]
    if not judged:
        return None
    out = Text()
    for wg in cells:
        char, style = _week_cell(wg)
        out.append(char, style)
    met = sum(1 for wg in judged if wg.met)
    span = f"{weeks[0].label}..{weeks[-1].label}" if len(weeks) > 1 else weeks[0].label
    out.append(clean(f"  {span} · met {met} of {len(judged)}"), "dim")
    return out


# ---------------------------------------------------------------------------
# The coach, the evidence log, journal health, the legend


def _coach(page: _Page, report: Report) -> None:
    if not report.suggestions:
        return
    page.heading("What next")
    for s in report.suggestions:
        kind = KIND_LABEL.get(s.kind, s.kind)
        page.add(_t(s.text), indent=2, label=_t(kind, "bold"), hang=15)


def _evidence(page: _Page, report: Report, week: Week) -> None:
    page.heading("Evidence")
    if not week.evidence:
        page.add(_t("No evidence recorded this week - one honest line under '## Evidence' is enough."), indent=2)
        return
    groups = evidence_by_feeling(report, week)
    for group in groups:
        entries = group.entries
        if group.feeling is not None:
            fed = [f"{g.goal.title} {wg.counts['done'] + wg.counts['mva']} of {wg.due}" for g, wg in group.fed_by]
            count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
            page.add(_join(_t(group.feeling, "bold"), _t(" · " + "; ".join(fed + [count]), "dim")), indent=2)
        elif len(groups) > 1:
            page.add(_t("other wins", "bold"), indent=2)
        for e in entries:
            page.add(_t(e.text.strip()), indent=4, label=Text("- "))
            page.add(_t(f"{e.path}:{e.line}", "dim"), indent=6)


def _health(page: _Page, report: Report) -> None:
    if not report.problems:
        return
    counts = problem_counts(report.problems)
    errors, warnings = counts["error"], counts["warning"]
    page.heading("Journal health")
    page.add(
        _t(f"{errors} {_plural(errors, 'error')}, {warnings} {_plural(warnings, 'warning')} - run 'mdgoals check' for details."),
        indent=2,
    )


def _legend(page: _Page) -> None:
    """Add the key to the cells drawn above: the day states used, and the week strip's shades."""
    # Not-due days and a quota's idle days share the dot: one entry, both words.
    words: dict[str, list[str]] = {}
    styles: dict[str, str] = {}
    for state, word in LEGEND:
        if state in page.used:
            words.setdefault(DAY_CELL[state], []).append(word)
            styles.setdefault(DAY_CELL[state], DAY_STYLE[state])
    if not words and not page.strips:
        return
    page.blank()
    if words:
        days = Text()
        for cell, names in words.items():
            days.append(cell, styles[cell])
            days.append(f" {'/'.join(names)}  ", "dim")
        page.add(days, label=Text("days   ", "dim"))
    if not page.strips:
        return
    weeks = Text()
    for char, style, word in (("█", "green", "met"), ("▓", "yellow", "2/3+"), ("▒", "yellow", "1/3+"), ("░", "yellow", "some"), ("x", "red", "none"), ("·", "dim", "nothing due")):
        weeks.append(char, style)
        weeks.append(f" {word}  ", "dim")
    page.add(weeks, label=Text("weeks  ", "dim"))
