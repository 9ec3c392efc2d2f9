"""Create the day's note (``mdgoals today``): where it goes, what it says, and an exclusive create.

The note goes where the vault expects it (``<notes folder>/<format>.md``) and
is never written over: when a note for the day exists, anywhere in the
journal, its path is returned and nothing is written.  Its content comes from
the first template found:

1. ``<journal>/.mdgoals/templates/daily.md`` — mdgoals' own, rendered with jinja
   (sandboxed, undefined variables are errors);
2. the template the vault's settings name (Obsidian's daily-notes or Periodic
   Notes ``template``, or ``notes.template``) — a plain markdown file, copied with
   Obsidian's ``{{date}}``/``{{title}}``/``{{time}}`` placeholders replaced as
   plain text (never rendered with jinja: it is the user's text), and the
   micro-actions it does not already list appended;
3. the packaged ``templates/daily.md``.

>>> import datetime as dt
>>> from mdgoals.model import Config
>>> note_relpath(Config(notes_folder="journals", notes_format="YYYY_MM_DD"), dt.date(2026, 11, 23))
'journals/2026_11_23.md'
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import templates_dir
from .engine import compute_report
from .engine.calendar import month_name, period_bounds, weekday_name
from .engine.coach import next_landmark
from .errors import Problem, Severity, UsageError
from .model import Config, DayState, Goal, Journal, Level, Report
from .placeholders import fill_placeholders
from .reader import DateFormat
from .vault import detect_layout

USER_TEMPLATE = ".mdgoals/templates/daily.md"
TEMPLATE_NAME = "daily.md"
MAX_TEMPLATE_BYTES = 256 * 1024
_OUTLINE_LAYOUTS = ("logseq",)


# ---------------------------------------------------------------------------
# What the day asks for: the plan a template turns into a note.


@dataclass(frozen=True)
class Action:
    """A micro-action due on the day, as an open task.

    ``text`` is the task without its box (``Write 350 words #writing (MVA: 100 words)``),
    ``line`` the whole line in the note's style (``- [ ] …`` or Logseq's ``- TODO …``).
    """

    goal: str
    title: str
    tag: str | None
    target: str | None
    mva: str | None
    quota: str | None
    text: str
    line: str


@dataclass(frozen=True)
class MetricKey:
    """A front-matter key a metric goal reads (``sleep``), with a hint: ``Sleep 7 hours: >= 7``."""

    key: str
    goal: str
    hint: str


@dataclass(frozen=True)
class CoachLine:
    """A comeback or fresh-start line from the coach."""

    kind: str  # "comeback" | "fresh_start"
    goal: str | None
    label: str  # "Comeback" | "Fresh start"
    text: str


@dataclass(frozen=True)
class DayPlan:
    """Everything a daily template can show, for one day."""

    date: dt.date
    layout: str  # "plain", "obsidian", "logseq" or "dendron"
    outline: bool
    actions: tuple[Action, ...]
    metrics: tuple[MetricKey, ...]
    coach: tuple[CoachLine, ...]
    break_reason: str | None
    evidence_heading: str


@dataclass(frozen=True)
class TodayResult:
    """What ``today`` did: ``created`` False means the day's note already existed at ``path``."""

    path: Path
    relpath: str
    created: bool
    template: str  # "packaged", ".mdgoals/templates/daily.md" or the vault's template path
    problems: tuple[Problem, ...] = ()


def note_relpath(config: Config, day: dt.date, journal: Journal | None = None) -> str:
    """Return the root-relative path of the day's note, as the vault names it.

    With no notes folder configured and a format without folders, the note
    goes beside the latest daily note of the journal (``daily notes/``), where
    the user would have put it by hand; else in the root.
    """
    try:
        fmt = DateFormat(config.notes_format)
    except ValueError as exc:
        raise UsageError(f"cannot name the day's note: notes.format: {exc}") from None
    name = fmt.format(day)
    folder = config.notes_folder.replace("\\", "/").strip("/")
    if folder in ("", ".") and not fmt.has_folders and journal is not None and journal.notes:
        latest = max(journal.notes, key=lambda n: (n.date, n.path))
        folder = latest.path.rsplit("/", 1)[0] if "/" in latest.path else ""
    return f"{name}.md" if folder in ("", ".") else f"{folder}/{name}.md"


def _amount(value: float | None, unit: str | None) -> str | None:
    if value is None:
        return None
    number = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{number} {unit}" if unit else number


def _tag_text(tag: str) -> str:
    """Return a normalised tag as written in a note: ``#writing``, or ``#[[multi word]]``."""
    return f"#{tag}" if re.fullmatch(r"[\w/-]+", tag) else f"#[[{tag}]]"


def _matches_text(goal: Goal, text: str) -> bool:
    """Return whether a goal would claim a task with this text (its tag or one of its regexes)."""
    tags = {t.casefold() for t in re.findall(r"#([\w/-]+)", text)}
    if any(tag in tags or any(t.startswith(tag + "/") for t in tags) for tag in goal.match_tags):
        return True
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in goal.match_regex)


def _is_active(goal: Goal, day: dt.date) -> bool:
    if goal.start is not None and day < goal.start:
        return False
    return goal.end is None or day <= goal.end


def _is_micro_action(goal: Goal) -> bool:
    """Return whether a goal is done with tasks day by day (daily and quota goals)."""
    if goal.implicit or goal.metric is not None:
        return False
    return goal.schedule.is_quota or goal.level is Level.DAILY


def _quota_text(goal: Goal, report: Report | None, day: dt.date, config: Config) -> str | None:
    """Return "1 of 3 this week": the successes of the period so far, before the day."""
    schedule = goal.schedule
    if schedule.quota is None or schedule.period is None:
        return None
    first, _ = period_bounds(day, schedule.period, config.week_start_day)
    done = 0
    if report is not None:
        try:
            days = report.goal(goal.id).days
        except KeyError:
            days = ()
        done = sum(1 for d in days if first <= d.date < day and d.state in (DayState.DONE, DayState.MVA))
    text = f"{done} of {schedule.quota} this {schedule.period}"
    return f"{text}: met" if done >= schedule.quota else text


def _action(goal: Goal, quota: str | None, outline: bool) -> Action:
    tag = _tag_text(goal.match_tags[0]) if goal.match_tags else None
    target = _amount(goal.target, goal.unit_text)
    mva = _amount(goal.mva, goal.unit_text) or goal.mva_text
    text = goal.title
    if tag and not _matches_text(goal, text):
        text += f" {tag}"
    details = [quota] if quota else []
    # The title usually says the target already ("Write 350 words"); say it when it does not.
    if target and target.casefold() not in goal.title.casefold():
        details.append(f"target: {target}")
    if mva:
        details.append(f"MVA: {mva}")
    if details:
        text += f" ({' · '.join(details)})"
    line = f"- TODO {text}" if outline else f"- [ ] {text}"
    return Action(goal.id, goal.title, tag, target, mva, quota, text, line)


def _metric_hint(goal: Goal) -> str:
    if goal.target is None:
        return goal.title
    bound = _amount(goal.target, None)
    return f"{goal.title}: {goal.metric_op} {bound}"


def _coach_lines(report: Report | None, day: dt.date, config: Config) -> list[CoachLine]:
    """Return the coach's comeback and fresh-start lines, as of the day before."""
    if report is None:
        return []
    # Advice about ladder goals (a weekly word count) belongs in the weekly review, not in a day's note.
    daily = {g.id: g.title for g in config.goals if _is_micro_action(g) or g.metric is not None}
    landmark, what = next_landmark(day - dt.timedelta(days=1), config)
    lines = []
    for s in report.suggestions:
        if s.goal is not None and s.goal not in daily:
            continue
        if s.kind == "comeback":
            lines.append(CoachLine("comeback", s.goal, "Comeback", s.text))
        elif s.kind == "fresh_start":
            text = s.text
            if landmark == day and s.goal in daily:
                text = f"{daily[s.goal]}: today is {what}, a fresh start. Begin again, small: the first micro-action is below."
            lines.append(CoachLine("fresh_start", s.goal, "Fresh start", text))
    return lines


def plan_day(journal: Journal, config: Config, day: dt.date, layout: str | None = None) -> DayPlan:
    """Return what the day's note should hold: due micro-actions, metric keys, coach lines.

    Quota counts and the coach look at the journal as of the day before (the day
    itself has not happened yet).
    """
    layout = layout or config.layout
    outline = layout in _OUTLINE_LAYOUTS
    breaks = [b for b in config.breaks if b.start <= day <= b.end]
    before = day - dt.timedelta(days=1)
    report = compute_report(journal, config, before) if any(n.date <= before for n in journal.notes) else None
    actions: list[Action] = []
    metrics: list[MetricKey] = []
    seen_keys: set[str] = set()
    for goal in config.goals:
        if not _is_active(goal, day):
            continue
        if goal.metric is not None:
            if goal.metric not in seen_keys:
                seen_keys.add(goal.metric)
                metrics.append(MetricKey(goal.metric, goal.id, _metric_hint(goal)))
        elif _is_micro_action(goal) and goal.schedule.is_due(day) and not breaks:
            actions.append(_action(goal, _quota_text(goal, report, day, config), outline))
    return DayPlan(
        date=day,
        layout=layout,
        outline=outline,
        actions=tuple(actions),
        metrics=tuple(metrics),
        coach=() if breaks else tuple(_coach_lines(report, day, config)),
        break_reason=(breaks[0].why or "a break") if breaks else None,
        evidence_heading=config.evidence_headings[0] if config.evidence_headings else "Evidence",
    )


# ---------------------------------------------------------------------------
# Templates: mdgoals' own (jinja) or the vault's (plain text).


def _read_template(path: Path, shown: str) -> str:
    """Return a template's text; a FIFO or a huge file is refused instead of read."""
    if not path.is_file():
        raise UsageError(f"{shown}: the template is not a regular file")
    with path.open("rb") as f:
        data = f.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise UsageError(f"{shown}: the template is larger than {MAX_TEMPLATE_BYTES // 1024} KiB")
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _variables(plan: DayPlan, title: str) -> dict[str, object]:
    day = plan.date
    return {
        "date": day.isoformat(),
        "title": title,
        "weekday": weekday_name(day),
        "day_of_month": day.day,
        "month": month_name(day),
        "year": day.year,
        "outline": plan.outline,
        "layout": plan.layout,
        "actions": plan.actions,
        "metrics": plan.metrics,
        "coach": plan.coach,
        "break_reason": plan.break_reason,
        "evidence_heading": plan.evidence_heading,
    }


def render_jinja(text: str, shown: str, plan: DayPlan, title: str, search: Iterable[Path]) -> str:
    """Render one of mdgoals' own templates in a sandbox; a template error becomes a UsageError."""
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    # Markdown out, so no HTML escaping; the values are config data, never note text.
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search]),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    try:
        return env.from_string(text).render(_variables(plan, title))
    except TemplateSyntaxError as exc:
        raise UsageError(f"{shown}:{exc.lineno}: template error: {exc.message}") from None
    except TemplateError as exc:
        raise UsageError(f"{shown}: template error: {exc}") from None


_TASK_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]|TODO|DONE|LATER|NOW|DOING|WAITING)(?:\s|$)")
_FRONT_MATTER_KEY = re.compile(r"^([^\s:#][^:]*?)\s*:")


def fill_plain_template(text: str, plan: DayPlan, name_format: str, now: dt.time | None = None) -> str:
    """Return a note from a plain (Obsidian) template: placeholders filled, missing items added.

    Metric keys the front matter lacks are added to it; micro-actions the
    template does not already list (a task with the goal's tag) and the coach
    lines are inserted before the evidence heading, or appended.
    """
    text = fill_placeholders(text, plan.date, name_format, now)
    lines = text.split("\n")
    fm_end = _front_matter_end(lines)
    keys = {m.group(1).strip() for line in lines[1:fm_end] if (m := _FRONT_MATTER_KEY.match(line))}
    missing = [f"{m.key}:  # {m.hint}" for m in plan.metrics if m.key not in keys]
    if missing and fm_end:
        lines[fm_end:fm_end] = missing
    elif missing:
        lines[0:0] = ["---", *missing, "---"]
    tasks = [line for line in lines if _TASK_LINE.match(line)]
    block = section_lines(plan, [a for a in plan.actions if not any(_goal_of(a, t) for t in tasks)])
    if block:
        at = _evidence_line(lines, plan)
        if at is None:
            while lines and not lines[-1].strip():
                lines.pop()
            lines += [*block, ""] if plan.outline else ["", *block, ""]
        else:
            lines[at:at] = block if plan.outline else [*block, ""]
    out = "\n".join(lines)
    return out if out.endswith("\n") else out + "\n"


def _goal_of(action: Action, task_line: str) -> bool:
    """Return whether a template's task line already stands for an action's goal (its tag)."""
    if action.tag is None:
        return action.title.casefold() in task_line.casefold()
    tags = {
        (bracketed or plain).casefold() for bracketed, plain in re.findall(r"#\[\[([^\]]+)\]\]|#([\w/-]+)", task_line)
    }
    tag = action.tag.removeprefix("#").removeprefix("[[").removesuffix("]]").casefold()
    return tag in tags or any(t.startswith(tag + "/") for t in tags)


def _front_matter_end(lines: list[str]) -> int:
    """Return the index of the closing line of front matter at the top, or 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i
    return 0


def _evidence_line(lines: list[str], plan: DayPlan) -> int | None:
    """Return the index of the first evidence heading (``## Evidence``), or None."""
    wanted = plan.evidence_heading.casefold()
    for i, line in enumerate(lines):
        m = re.match(r"^\s*(?:-\s+)?#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m and m.group(1).casefold() == wanted:
            return i
    return None


def section_lines(plan: DayPlan, actions: Iterable[Action]) -> list[str]:
    """Return the lines a plain template gets: break, coach lines and micro-actions."""
    actions = list(actions)
    out: list[str] = []
    bullet = "- " if plan.outline else "> "
    if plan.break_reason:
        out.append(f"{bullet}**Break** · {plan.break_reason}: every goal is skipped today.")
    out += [f"{bullet}**{c.label}** · {c.text}" for c in plan.coach]
    if actions:
        if out and not plan.outline:
            out.append("")
        if not plan.outline:
            out += ["## Micro-actions", ""]
        out += [a.line for a in actions]
    return out


# ---------------------------------------------------------------------------
# The note itself.


def _template(root: Path, config: Config) -> tuple[str, str, list[Problem]]:
    """Return (kind, shown path, problems): kind "jinja" (mdgoals' own) or "plain" (the vault's)."""
    if (root / USER_TEMPLATE).exists():
        return "jinja", USER_TEMPLATE, []
    if config.template:
        if (root / config.template).is_file():
            return "plain", config.template, []
        from_vault = detect_layout(root).template == config.template
        where = "the vault's daily-notes settings" if from_vault else "mdgoals.yaml (notes.template)"
        message = f"template not found (named in {where}); using mdgoals' packaged template"
        return "jinja", "packaged", [Problem(config.template, 0, 0, Severity.WARNING, message)]
    return "jinja", "packaged", []


def note_text(
    root: Path, config: Config, plan: DayPlan, relpath: str, now: dt.time | None = None
) -> tuple[str, str, list[Problem]]:
    """Return (text, template used, problems) of the note at relpath; nothing is written."""
    kind, shown, problems = _template(root, config)
    title = relpath.rsplit("/", 1)[-1][:-3]
    if kind == "plain":
        text = fill_plain_template(_read_template(root / shown, shown), plan, config.notes_format, now)
        return text, shown, problems
    packaged = templates_dir()
    if shown == USER_TEMPLATE:
        source, search = (
            _read_template(root / USER_TEMPLATE, USER_TEMPLATE),
            [root / ".mdgoals" / "templates", packaged],
        )
    else:
        source, search = _read_template(packaged / TEMPLATE_NAME, "templates/daily.md"), [packaged]
    text = render_jinja(source, shown, plan, title, search)
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).lstrip("\n")
    return (text if text.endswith("\n") else text + "\n"), shown, problems


def _check_inside(root: Path, relpath: str) -> None:
    """Refuse a note path that leads out ('..', '/') or whose folders are symlinks: mdgoals writes only inside the journal."""
    parts = relpath.replace("\\", "/").split("/")
    if relpath.startswith(("/", "\\")) or ".." in parts:
        # notes.format is free text: "[../../]YYYY-MM-DD" named a file outside the journal.
        raise UsageError(
            f"refusing to create the note at {relpath}: it leads outside the journal; "
            "notes.folder and notes.format must name a path inside it"
        )
    current = root
    for part in relpath.split("/")[:-1]:
        current = current / part
        if current.is_symlink():
            raise UsageError(
                f"refusing to create the note under {current}: it is a folder symlink, which mdgoals does not "
                "follow (the note would not be read); make it a real folder"
            )
        if current.exists() and not current.is_dir():
            raise UsageError(f"cannot create the note: {current} exists and is not a folder")


def create_note(root: Path, config: Config, journal: Journal, day: dt.date, now: dt.time | None = None) -> TodayResult:
    """Create the day's note from its template; an existing note for the day is never touched.

    The note is created exclusively (``open(path, "x")``): should it appear
    meanwhile, it is left alone and reported as existing.  Missing folders are
    created.  Returns where the note is and whether it was created.
    """
    existing = sorted(n.path for n in journal.notes if n.date == day)
    relpath = note_relpath(config, day, journal)
    if existing:
        return TodayResult(root / existing[0], existing[0], False, "")
    # With notes: in mdgoals.yaml the layout is not detected, yet a Logseq graph still wants outlines.
    layout = config.layout if config.layout != "plain" else detect_layout(root).name
    plan = plan_day(journal, config, day, layout)
    text, used, problems = note_text(root, config, plan, relpath, now)
    _check_inside(root, relpath)
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        f = open(path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below, removed if half-written
    except FileExistsError:
        return TodayResult(path, relpath, False, used, tuple(problems))
    try:
        with f:
            f.write(text)
    except BaseException:
        # Only a file this call created is removed: a half-written note is worse than none.
        os.unlink(path)
        raise
    return TodayResult(path, relpath, True, used, tuple(problems))
