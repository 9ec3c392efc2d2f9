"""Start a journal (``mdgoals init``): a commented ``mdgoals.yaml`` tailored to the notes, and a daily template.

Both files are created exclusively and never written over.  The configuration
names the layout found (Obsidian, Logseq, Dendron or a plain folder) and
suggests goals — commented out — from what the notes already hold: the most
frequent task tags (with a schedule and a target guessed from how often and
how much) and the front-matter numbers kept as habits (sleep, mood).

>>> slug("Écrire/Roman")
'ecrire-roman'
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import templates_dir
from .config import CONFIG_NAME, parse_config
from .model import Journal, normalize_unit
from .today import USER_TEMPLATE
from .vault import VaultLayout, detect_layout

MAX_TAG_GOALS = 5
MAX_METRIC_GOALS = 3
MIN_USES = 2  # a tag used once is not yet a habit
# Markers and evidence tags say how a task went, not what it is.
_NOT_GOALS = {"mva", "win", "todo", "done"}


@dataclass(frozen=True)
class TagHabit:
    """A task tag seen in the notes: how often, on how many days, and how much."""

    tag: str
    tasks: int
    days: int
    schedule: str
    target: str | None


@dataclass(frozen=True)
class MetricHabit:
    """A front-matter key holding numbers or booleans, and a target guessed from its values."""

    key: str
    notes: int
    target: str


@dataclass
class InitResult:
    """What ``init`` did: files created, files kept as they were, and what to do next."""

    root: Path
    layout: VaultLayout
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: int = 0
    next_steps: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """Return a goal id (``[a-z0-9-]+``) made from a tag or a title."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _nice(value: float) -> str:
    """Return a round, friendly amount: 347 → 350, 7.4 → 7.5, 12 → 12."""
    if value >= 100:
        value = round(value / 50) * 50
    elif value >= 20:
        value = round(value / 5) * 5
    else:
        value = round(value * 2) / 2
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def tag_habits(journal: Journal) -> list[TagHabit]:
    """Return the most frequent task tags, most used first, with a schedule and target guessed."""
    tasks: Counter[str] = Counter()
    days: dict[str, set[dt.date]] = {}
    amounts: dict[str, list[tuple[float, str]]] = {}
    for note in journal.notes:
        for task in note.tasks:
            date = task.done_date or note.date
            for tag in dict.fromkeys(task.tags):
                if tag in _NOT_GOALS:
                    continue
                tasks[tag] += 1
                days.setdefault(tag, set()).add(date)
                amounts.setdefault(tag, []).extend(task.quantities[:1])
    if not journal.notes:
        return []
    first, last = journal.notes[0].date, journal.notes[-1].date
    weeks = max(1.0, ((last - first).days + 1) / 7)
    habits = []
    for tag, count in sorted(tasks.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < MIN_USES or not slug(tag):
            continue
        per_week = len(days[tag]) / weeks
        schedule = "daily" if per_week >= 5.5 else f"{max(1, round(per_week))}/week"
        target = None
        if amounts[tag]:
            unit, _ = Counter(normalize_unit(u) for _, u in amounts[tag]).most_common(1)[0]
            values = [v for v, u in amounts[tag] if normalize_unit(u) == unit]
            word = next(u for _, u in amounts[tag] if normalize_unit(u) == unit)
            if len(values) >= MIN_USES and re.fullmatch(r"[^\W\d_]+", word):
                amount = _nice(statistics.median(values))
                # Units arrive singular ("word"); a target reads "350 words".
                plural = amount != "1" and not word.endswith("s")
                target = f"{amount} {word}{'s' if plural else ''}"
        habits.append(TagHabit(tag, count, len(days[tag]), schedule, target))
        if len(habits) == MAX_TAG_GOALS:
            break
    return habits


def metric_habits(journal: Journal, taken: set[str]) -> list[MetricHabit]:
    """Return the front-matter numbers kept most often, with an "at least the median" target."""
    values: dict[str, list[float | bool]] = {}
    for note in journal.notes:
        for key, metric in note.metrics.items():
            values.setdefault(key, []).append(metric.value)
    habits = []
    for key, seen in sorted(values.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(seen) < MIN_USES or not slug(key) or slug(key) in taken:
            continue
        if all(isinstance(v, bool) for v in seen):
            target = "true"
        else:
            target = f'">= {_nice(statistics.median(float(v) for v in seen))}"'
        habits.append(MetricHabit(key, len(seen), target))
        if len(habits) == MAX_METRIC_GOALS:
            break
    return habits


def _quote(text: str) -> str:
    """Return text as a YAML scalar: plain when safe, else double-quoted (JSON escapes are YAML's)."""
    if re.fullmatch(r"[A-Za-z][\w .,/-]*", text) and not text.endswith((" ", ":")):
        return text
    return json.dumps(text, ensure_ascii=False)


def config_text(layout: VaultLayout, journal: Journal) -> str:
    """Return the commented ``mdgoals.yaml`` for a journal: defaults, the layout found, suggested goals."""
    lines = [
        f"# mdgoals configuration, written by `mdgoals init` for a journal of {len(journal.notes)} daily notes.",
        "# Every key is optional and the values below are the defaults; docs/configuration.md lists them all.",
        "# `mdgoals check` validates this file (and your notes).",
        "#",
        f"# Layout found: {layout.description}.",
    ]
    if layout.name == "plain":
        lines.append("# To keep the daily notes in a folder, or name them otherwise, uncomment and edit:")
    else:
        lines.append("# mdgoals reads the vault's settings by itself; to override them, uncomment and edit:")
    lines.append(f"# notes: {{folder: {_quote(layout.folder)}, format: {_quote(layout.format)}}}")
    lines += [
        "",
        "week_start: monday            # or sunday",
        'day_starts_at: "04:00"        # a night owl\'s 01:30 still belongs to yesterday',
        "missing_note: missed          # or skip: how a due day with no note counts",
        "mva_credit: 0.5               # what a minimum-viable day is worth in the strength score",
        "evidence_headings: [Evidence, Wins]   # list items under these headings are the evidence log",
        "# breaks:                     # holidays, illness: every goal is skipped",
        "#   - {from: 2026-07-01, to: 2026-07-14, why: holiday}",
    ]
    excluded = _excluded_folders(layout)
    if excluded:
        patterns = ", ".join(_quote(f"{folder}/**") for folder, _ in excluded)
        lines.append(f"exclude: [{patterns}]   # {'; '.join(why for _, why in excluded)}")
    else:
        lines.append('# exclude: ["templates/**"]   # glob patterns of files that are not notes')
    lines += ["", *_goal_lines(journal)]
    return "\n".join(lines) + "\n"


def _excluded_folders(layout: VaultLayout) -> list[tuple[str, str]]:
    """Return (folder, why) for the vault's folders among the daily notes that hold no daily note.

    The template's placeholders and a weekly note's ``date:`` would otherwise
    be read from inside the notes folder.
    """
    inside = "" if layout.folder == "." else layout.folder.rstrip("/") + "/"
    found: list[tuple[str, str]] = []
    if layout.template and "/" in layout.template and layout.template.startswith(inside):
        found.append((layout.template.rsplit("/", 1)[0], "the daily-note template is not a note"))
    for notes in layout.periodic:
        if notes.folder not in (".", layout.folder) and notes.folder.startswith(inside):
            found.append((notes.folder, f"{notes.kind} notes are not daily notes"))
    unique = {folder: why for folder, why in reversed(found)}
    return sorted(unique.items())


def _goal_lines(journal: Journal) -> list[str]:
    tags = tag_habits(journal)
    metrics = metric_habits(journal, {slug(h.tag) for h in tags})
    lines = [
        '# Goals. With none, mdgoals tracks one: "any micro-action done", daily.',
    ]
    if not tags and not metrics:
        return [
            *lines,
            "# Tag the tasks of a micro-action (- [x] Write 350 words #writing) and describe it here:",
            "# goals:",
            "#   - id: writing",
            "#     title: Write 350 words",
            '#     match: ["#writing"]',
            "#     every: daily             # or weekdays, mon,wed,fri, 3/week",
            "#     target: 350 words",
            "#     mva: 100 words           # the minimum that keeps the streak alive on a bad day",
        ]
    lines += [
        "# Suggested from your notes (the most frequent task tags and front-matter numbers):",
        "# uncomment the goals you want, then adjust titles, schedules and targets.",
        "# goals:",
    ]
    for habit in tags:
        title = habit.tag.replace("/", " / ").capitalize()
        tag = f"#{habit.tag}" if re.fullmatch(r"[\w/-]+", habit.tag) else f"#[[{habit.tag}]]"
        lines += [
            f"#   - id: {slug(habit.tag)}",
            f"#     title: {_quote(title)}",
            f"#     match: [{json.dumps(tag, ensure_ascii=False)}]   # {habit.tasks} tasks on {habit.days} days",
            f"#     every: {habit.schedule}",
        ]
        if habit.target:
            lines.append(f"#     target: {habit.target}   # the median amount of those tasks")
        lines.append("#     # mva: the minimum that keeps the streak alive on a bad day")
    for metric in metrics:
        lines += [
            f"#   - id: {slug(metric.key)}",
            f"#     title: {_quote(metric.key.replace('_', ' ').capitalize())}",
            f"#     metric: {_quote(metric.key)}   # in the front matter of {metric.notes} notes",
            f"#     target: {metric.target}",
        ]
    return lines


def init_journal(root: Path) -> InitResult:
    """Write ``mdgoals.yaml`` and ``.mdgoals/templates/daily.md`` where they are missing.

    Existing files are kept byte for byte (listed in ``kept``).  The journal is
    read only to tailor the configuration.
    """
    from .reader import read_journal

    root.mkdir(parents=True, exist_ok=True)
    layout = detect_layout(root)
    result = InitResult(root, layout)
    config_path = root / CONFIG_NAME
    if config_path.exists():
        result.kept.append(CONFIG_NAME)
    else:
        journal = read_journal(root, parse_config("", CONFIG_NAME, root))
        result.notes = len(journal.notes)
        _create(config_path, config_text(layout, journal), CONFIG_NAME, result)
    template = (templates_dir() / "daily.md").read_text(encoding="utf-8")
    (root / USER_TEMPLATE).parent.mkdir(parents=True, exist_ok=True)
    _create(root / USER_TEMPLATE, template, USER_TEMPLATE, result)
    result.next_steps = _next_steps(root, layout, result)
    return result


def _create(path: Path, text: str, shown: str, result: InitResult) -> None:
    """Create a file exclusively; an existing one is kept untouched."""
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        result.kept.append(shown)
        return
    result.created.append(shown)


def _next_steps(root: Path, layout: VaultLayout, result: InitResult) -> list[str]:
    where = str(root)
    if CONFIG_NAME in result.created:
        first = f"edit {root / CONFIG_NAME}: uncomment the goals you want; `mdgoals check {where}` validates it"
    else:
        first = f"`mdgoals check {where}` validates your {CONFIG_NAME} and notes"
    steps = [
        first,
        f"`mdgoals today {where}` creates today's note with the micro-actions due",
        f"`mdgoals report {where}` shows the week: streaks, rollups, evidence",
    ]
    if USER_TEMPLATE in result.created and layout.template and (root / layout.template).is_file():
        steps.insert(
            1,
            f"`mdgoals today` now uses {USER_TEMPLATE}; delete it to keep using the vault's template {layout.template}",
        )
    if (root / ".git").exists():
        steps.append("run `mdgoals check` before each commit: see docs/vaults.md for the pre-commit hook")
    return steps
