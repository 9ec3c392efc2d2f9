"""Load and validate ``mdgoals.yaml`` (SPEC §4): every problem at once, each with its line.

The YAML is composed into a node tree (:mod:`mdgoals.safeyaml`) and walked by
hand, so that every value keeps its line and column.  Each problem names the
key path (``goals[2].every``), says what is wrong and how to fix it, and
suggests the nearest valid word for a typo.  One :class:`ConfigError` is raised
at the end, carrying every problem.

>>> config = parse_config("goals:\\n  - id: write\\n    target: 350 words\\n", "mdgoals.yaml")
>>> config.goals[0].match_tags, config.goals[0].target, config.goals[0].unit
(('write',), 350.0, 'word')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import safeyaml
from .config_values import (
    LOOKS_LIKE_BOUND,
    Invalid,
    choice,
    column_of,
    format_amount,
    is_null,
    line_of,
    parse_amount,
    parse_bound,
    parse_credit,
    parse_date,
    parse_feeling,
    parse_goal_id,
    parse_grace,
    parse_level,
    parse_matcher,
    parse_metric_key,
    parse_relative_path,
    parse_schedule,
    parse_time,
    scalar,
    string_of,
    suggest,
    text_of,
)
from .errors import ConfigError, Problem, Severity
from .model import IMPLICIT_GOAL, Break, Config, Goal, Level, Schedule, normalize_tag
from .vault import detect_layout

CONFIG_NAME = "mdgoals.yaml"
MAX_CONFIG_BYTES = safeyaml.MAX_BYTES

TOP_KEYS = ("week_start", "day_starts_at", "missing_note", "mva_credit", "evidence_headings", "breaks", "notes", "exclude", "goals")
GOAL_KEYS = ("id", "title", "level", "parent", "match", "every", "target", "mva", "grace", "feeling", "start", "end", "metric")
BREAK_KEYS = ("from", "to", "why")
NOTES_KEYS = ("folder", "format", "template")
QUARTER = dt.timedelta(weeks=12)
_RANK = {Level.DAILY: 0, Level.WEEK: 1, Level.MONTH: 2, Level.QUARTER: 3, Level.VISION: 4}

# Keys whose values start with '#' often enough that `key: #word` (a YAML comment) deserves its own hint.
_TAG_KEYS = {"match": 'quote the tag, e.g. match: "#writing"', "feeling": "write the word without '#', e.g. feeling: capable"}

T = TypeVar("T")


def _given(fields: dict[str, Node], key: str) -> bool:
    """Return whether key is present with a value (``key:`` alone counts as absent)."""
    return key in fields and not is_null(fields[key])


# ---------------------------------------------------------------------------
# Public API.


def load_config(root: Path, config_path: Path | None = None) -> Config:
    """Load ``<root>/mdgoals.yaml`` (or config_path), validate everything, detect the layout.

    Zero-config (no file) works: the defaults, the detected vault layout and
    the implicit ``show-up`` goal.  Problems are shown against ``mdgoals.yaml``
    (or config_path as given); ``Config.path`` is the file actually read.

    >>> load_config(Path("/nonexistent")).goals[0].id
    'show-up'

    Raises ConfigError with every problem when anything is invalid.
    """
    path = config_path if config_path is not None else root / CONFIG_NAME
    shown = CONFIG_NAME if config_path is None else str(config_path)
    if config_path is None and not path.exists():
        return replace(parse_config("", shown, root), path=None)
    text = _read_config(path, shown)
    return replace(parse_config(text, shown, root), path=str(path))


def parse_config(text: str, path: str, root: Path | None = None) -> Config:
    """Return the validated Config of text; path is the file name shown in problems.

    With root, the vault layout is detected when the text has no ``notes:``
    key; without it, a plain layout is assumed.  Raises ConfigError with every
    problem found.
    """
    checker = _Checker(path, text)
    try:
        node = safeyaml.compose(text)
    except safeyaml.YamlError as exc:
        message = exc.message if "refused" in exc.message else f"invalid YAML: {exc.message}"
        checker.problems.append(Problem(path, exc.line, exc.column, Severity.ERROR, message))
        node = None
    config = checker.config(node)
    if checker.problems:
        count = len(checker.problems)
        raise ConfigError(f"invalid configuration: {count} problem{'s' if count != 1 else ''}", tuple(sorted(checker.problems)))
    if checker.has_notes or root is None:
        return replace(config, path=path)
    layout = detect_layout(root)
    return replace(
        config, path=path, layout=layout.name, notes_folder=layout.folder, notes_format=layout.format,
        template=layout.template, problems=layout.problems,
    )  # fmt: skip


def _read_config(path: Path, shown: str) -> str:
    """Return the text of a config file, or raise ConfigError saying why it cannot be read."""
    line = 0
    if not path.exists():
        message = "configuration file not found"
    elif not path.is_file():  # a folder, or a FIFO that would block the read
        message = "the configuration is not a regular file"
    else:
        data = b""
        try:
            with path.open("rb") as f:
                data = f.read(MAX_CONFIG_BYTES + 1)
            return data.decode("utf-8").removeprefix("\ufeff")
        except OSError as exc:
            message = f"cannot read the configuration: {exc.strerror or exc}"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            message = f"the configuration is not UTF-8 (byte {exc.start}); save it as UTF-8"
    raise ConfigError(message, (Problem(shown, line, 0, Severity.ERROR, message),))


# ---------------------------------------------------------------------------
# The checker: walks the tree, collects problems, builds the Config.


class _Checker:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.has_notes = False

    def error(self, node: Node, key: str, message: str) -> None:
        """Record a problem at node; the message starts with the key path (``goals[2].every``)."""
        text = f"{key}: {message}" if key else message
        self.problems.append(Problem(self.path, line_of(node), column_of(node), Severity.ERROR, text))

    def parse(self, fields: dict[str, Node], key: str, where: str, parser: Callable[[Node], T], default: T) -> T:
        """Return parser(value of key), or default when absent, null or invalid (recording why)."""
        node = fields.get(key)
        if node is None or is_null(node):
            return default
        try:
            return parser(node)
        except Invalid as exc:
            self.error(node, where, exc.message)
            return default

    def mapping(self, node: Node, where: str, keys: tuple[str, ...]) -> dict[str, Node]:
        """Return the value nodes of a mapping by key; unknown and repeated keys are recorded."""
        assert isinstance(node, MappingNode)
        fields: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        prefix = f"{where}." if where else ""
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key not in keys:
                hint = suggest(key, keys) or f" (known keys: {', '.join(keys)})"
                self.error(key_node, f"{prefix}{key}", f"unknown key{hint}")
            elif key in fields:
                self.error(key_node, f"{prefix}{key}", f"duplicate key (first on line {key_lines[key]})")
            else:
                fields[key] = value_node
                key_lines[key] = line_of(key_node)
                if is_null(value_node) and key in _TAG_KEYS and self._comment_after(key_node, key):
                    self.error(value_node, f"{prefix}{key}", f"empty: '#' after '{key}:' starts a YAML comment; {_TAG_KEYS[key]}")
        return fields

    def _comment_after(self, key_node: Node, key: str) -> bool:
        """Return whether the key's line reads ``key: #...`` (a tag eaten as a comment)."""
        line = self.lines[line_of(key_node) - 1] if line_of(key_node) <= len(self.lines) else ""
        return re.search(rf"{re.escape(key)}\s*:\s+#", line) is not None

    def sequence(self, fields: dict[str, Node], key: str, where: str, what: str, single: bool = True) -> list[Node]:
        """Return the items of a list-valued key; with single, one plain value is a one-item list."""
        node = fields.get(key)
        if node is None or is_null(node):
            return []
        if isinstance(node, MappingNode) or (isinstance(node, ScalarNode) and not single):
            self.error(node, where, f"expected a list of {what}, not {'a mapping' if isinstance(node, MappingNode) else repr(node.value)}")
            return []
        return list(node.value) if isinstance(node, SequenceNode) else [node]

    # -- the top level ------------------------------------------------------

    def config(self, node: Node | None) -> Config:
        if node is None or is_null(node):
            return Config(goals=(IMPLICIT_GOAL,))
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else f"'{node.value}'"
            self.error(node, "", f"the top level must be a mapping of keys (week_start, goals, …), not {kind}")
            return Config()
        fields = self.mapping(node, "", TOP_KEYS)
        defaults = Config()
        week_start = self.parse(fields, "week_start", "week_start", lambda n: choice(n, ("monday", "sunday"), "a week start"), defaults.week_start)
        missing = self.parse(fields, "missing_note", "missing_note", lambda n: choice(n, ("missed", "skip"), "a missing_note policy"), defaults.missing_note)
        folder, fmt = defaults.notes_folder, defaults.notes_format
        template = None
        if _given(fields, "notes"):
            self.has_notes = True
            folder, fmt, template = self.notes(fields["notes"])
        goals = self.goals(self.sequence(fields, "goals", "goals", "goals", single=False))
        return Config(
            week_start=week_start,
            day_starts_at=self.parse(fields, "day_starts_at", "day_starts_at", parse_time, defaults.day_starts_at),
            missing_note=missing,
            mva_credit=self.parse(fields, "mva_credit", "mva_credit", parse_credit, defaults.mva_credit),
            evidence_headings=self.headings(fields, defaults.evidence_headings),
            breaks=tuple(self.breaks(self.sequence(fields, "breaks", "breaks", "breaks", single=False))),
            notes_folder=folder,
            notes_format=fmt,
            exclude=tuple(self.strings(self.sequence(fields, "exclude", "exclude", "glob patterns"), "exclude", "a glob pattern, e.g. \"templates/**\"")),
            goals=goals or (IMPLICIT_GOAL,),
            template=template,
        )

    def strings(self, items: list[Node], where: str, what: str) -> list[str]:
        result = []
        for i, item in enumerate(items):
            try:
                result.append(string_of(item, what))
            except Invalid as exc:
                self.error(item, f"{where}[{i}]", exc.message)
        return result

    def headings(self, fields: dict[str, Node], default: tuple[str, ...]) -> tuple[str, ...]:
        node = fields.get("evidence_headings")
        if node is None or is_null(node):
            return default
        names = self.strings(self.sequence(fields, "evidence_headings", "evidence_headings", "heading names"), "evidence_headings", "a heading name")
        # "## Wins" and "Wins" name the same heading.
        return tuple(name.lstrip("#").strip() or name for name in names)

    def notes(self, node: Node) -> tuple[str, str, str | None]:
        default = Config()
        if not isinstance(node, MappingNode):
            self.error(node, "notes", "expected a mapping like {folder: ., format: YYYY-MM-DD}")
            return default.notes_folder, default.notes_format, None
        fields = self.mapping(node, "notes", NOTES_KEYS)
        folder = self.parse(fields, "folder", "notes.folder", lambda n: parse_relative_path(n, "folder"), default.notes_folder)
        fmt = self.parse(fields, "format", "notes.format", lambda n: string_of(n, "a file-name format like YYYY-MM-DD"), default.notes_format)
        template = self.parse(fields, "template", "notes.template", lambda n: parse_relative_path(n, "template"), None)
        return folder, fmt, template

    def breaks(self, items: list[Node]) -> list[Break]:
        result = []
        for i, item in enumerate(items):
            where = f"breaks[{i}]"
            if not isinstance(item, MappingNode):
                self.error(item, where, "expected a mapping like {from: 2026-07-01, to: 2026-07-14, why: holiday}")
                continue
            fields = self.mapping(item, where, BREAK_KEYS)
            start = self.parse(fields, "from", f"{where}.from", parse_date, None)
            end = self.parse(fields, "to", f"{where}.to", parse_date, None)
            why = self.parse(fields, "why", f"{where}.why", text_of, "")
            if not _given(fields, "from"):
                self.error(item, f"{where}.from", "missing: the first day of the break (YYYY-MM-DD)")
            elif start and end and end < start:
                self.error(fields["to"], f"{where}.to", f"{end} is before from ({start})")
            elif start:
                # A break given by its first day only is one day long.
                result.append(Break(start, end or start, why))
        return result

    # -- goals --------------------------------------------------------------

    def goals(self, items: list[Node]) -> tuple[Goal, ...]:
        drafts: list[_Draft] = []
        for i, item in enumerate(items):
            if not isinstance(item, MappingNode):
                self.error(item, f"goals[{i}]", "expected a mapping with at least an id, e.g. {id: write, title: Write 350 words}")
                continue
            drafts.append(self.goal(i, item))
        self.check_ladder(drafts)
        return tuple(d.build() for d in drafts)

    def goal(self, index: int, node: MappingNode) -> _Draft:
        where = f"goals[{index}]"
        fields = self.mapping(node, where, GOAL_KEYS)
        draft = _Draft(index, node, fields)
        draft.id = self.parse(fields, "id", f"{where}.id", parse_goal_id, "")
        if not _given(fields, "id"):
            self.error(node, f"{where}.id", "missing: every goal needs an id like 'write' ([a-z0-9-]+)")
        draft.title = self.parse(fields, "title", f"{where}.title", text_of, "") or draft.id
        draft.level = self.parse(fields, "level", f"{where}.level", parse_level, Level.DAILY)
        draft.parent = self.parse(fields, "parent", f"{where}.parent", text_of, None)
        draft.metric = self.parse(fields, "metric", f"{where}.metric", parse_metric_key, None)
        # An invalid metric key still makes a metric goal: its target is checked as a bound.
        draft.is_metric = _given(fields, "metric")
        draft.schedule = self.parse(fields, "every", f"{where}.every", parse_schedule, Schedule())
        draft.grace = self.parse(fields, "grace", f"{where}.grace", parse_grace, 1)
        draft.feeling = self.parse(fields, "feeling", f"{where}.feeling", parse_feeling, None)
        draft.start = self.parse(fields, "start", f"{where}.start", parse_date, None)
        draft.end = self.parse(fields, "end", f"{where}.end", parse_date, None)
        self.goal_match(draft, where)
        self.goal_amounts(draft, where)
        if draft.is_metric and draft.level is not Level.DAILY:
            self.error(fields["level"], f"{where}.level", "a metric goal is daily (its value is read every day); remove level or set it to daily")
        if draft.start and draft.end and draft.end < draft.start:
            self.error(fields["end"], f"{where}.end", f"{draft.end} is before start ({draft.start})")
        if draft.level is Level.QUARTER and not _given(fields, "start"):
            self.error(node, f"{where}.start", "missing: a quarter goal needs a start date (the first day of its 12-week cycle)")
        elif draft.level is Level.QUARTER and draft.start and draft.end is None:
            draft.end = draft.start + QUARTER - dt.timedelta(days=1)
        return draft

    def goal_match(self, draft: _Draft, where: str) -> None:
        node = draft.fields.get("match")
        if node is None or is_null(node):
            if draft.level is Level.DAILY and not draft.is_metric and draft.id:
                draft.match_tags = (normalize_tag(draft.id),)  # the documented default: #<id>
            return
        if draft.is_metric:
            self.error(node, f"{where}.match", "a metric goal is read from front matter (metric:), not matched to tasks; remove match")
            return
        items = self.sequence(draft.fields, "match", f"{where}.match", "tags and /regex/")
        if isinstance(node, SequenceNode) and not items:
            self.error(node, f"{where}.match", f"empty; remove match to use the default tag '#{draft.id}'")
        for i, item in enumerate(items):
            try:
                kind, value = parse_matcher(item)
            except Invalid as exc:
                self.error(item, f"{where}.match[{i}]" if isinstance(node, SequenceNode) else f"{where}.match", exc.message)
                continue
            if kind == "tag":
                draft.match_tags += (value,)
            else:
                draft.match_regex += (value,)

    def goal_amounts(self, draft: _Draft, where: str) -> None:
        """Parse target and mva, which depend on each other and on whether the goal is a metric."""
        fields = draft.fields
        has_target = _given(fields, "target")
        if draft.is_metric:
            if not has_target:
                self.error(fields["metric"], f"{where}.target", 'missing: a metric goal needs a target like ">= 7", "<= 2" or true')
            bound = self.parse(fields, "target", f"{where}.target", parse_bound, None)
            if bound:
                draft.target, draft.metric_op = bound
            self.parse(fields, "mva", f"{where}.mva", lambda n: self.metric_mva(draft, n), None)
            return
        if has_target and draft.level is Level.VISION:
            self.error(fields["target"], f"{where}.target", "a vision goal has no target; give targets to the quarter, month and week goals below it")
            return
        quantity = self.parse(fields, "target", f"{where}.target", parse_amount, None)
        if quantity:
            draft.target, draft.unit, draft.unit_label = quantity
            draft.unit_node = fields["target"]
        self.parse(fields, "mva", f"{where}.mva", lambda n: self.quantity_mva(draft, n), None)

    def metric_mva(self, draft: _Draft, node: Node) -> None:
        value = scalar(node)
        if isinstance(value, str) and not LOOKS_LIKE_BOUND.match(value):
            draft.mva_text = value.strip()
            return
        amount, op = parse_bound(node)
        if draft.target is None:
            draft.mva, draft.mva_op = amount, op
            return
        if op != draft.metric_op:
            raise Invalid(f"'{node.value}' compares the other way from the target ({draft.metric_op} {format_amount(draft.target)})")
        if (amount > draft.target) if op == ">=" else (amount < draft.target):
            raise Invalid(f"'{node.value}' is harder than the target ({op} {format_amount(draft.target)}); an MVA is the minimum for a bad day")
        draft.mva, draft.mva_op = amount, op

    def quantity_mva(self, draft: _Draft, node: Node) -> None:
        value = scalar(node)
        if isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            raise Invalid(f'\'{node.value}\' is not an MVA; give an amount like "100 words" or a description like "write one sentence"')
        try:
            amount, unit, label = parse_amount(node)
        except Invalid:
            if isinstance(value, str) and not LOOKS_LIKE_BOUND.match(value):
                draft.mva_text = value.strip()  # a description: "write one sentence"
                return
            raise
        if draft.target is not None and unit != draft.unit and unit is not None:
            in_target = f"in {draft.unit_label}" if draft.unit_label else "a plain number"
            raise Invalid(
                f"'{node.value}' is in {label} but the target is {in_target}; "
                f"give the MVA {'in ' + str(draft.unit_label) if draft.unit_label else 'as a number'}, or describe it (\"write one sentence\")"
            )
        if draft.target is not None and amount > draft.target:
            raise Invalid(f"'{node.value}' is more than the target ({format_amount(draft.target)}{' ' + draft.unit_label if draft.unit_label else ''}); an MVA is the minimum for a bad day")
        draft.mva = amount
        if draft.unit is None and unit is not None:
            draft.unit, draft.unit_label, draft.unit_node = unit, label, node

    # -- the ladder: duplicate ids, parents, cycles, levels, units ---------

    def check_ladder(self, drafts: list[_Draft]) -> None:
        by_id: dict[str, _Draft] = {}
        for draft in drafts:
            if not draft.id:
                continue
            first = by_id.get(draft.id)
            if first is not None:
                self.error(draft.fields["id"], f"goals[{draft.index}].id", f"duplicate id '{draft.id}': goals[{first.index}] on line {line_of(first.node)} has it too")
            else:
                by_id[draft.id] = draft
        for draft in drafts:
            if draft.parent is None:
                continue
            where = f"goals[{draft.index}].parent"
            parent = by_id.get(draft.parent)
            if parent is None:
                self.error(draft.fields["parent"], where, f"no goal has the id '{draft.parent}'{suggest(draft.parent, list(by_id))}")
                draft.parent_ok = False
            elif parent is draft:
                self.error(draft.fields["parent"], where, "a goal cannot be its own parent")
                draft.parent_ok = False
            else:
                self.check_parent(draft, parent, where)
        self.check_cycles(drafts, by_id)

    def check_parent(self, draft: _Draft, parent: _Draft, where: str) -> None:
        node = draft.fields["parent"]
        if draft.level is Level.DAILY and parent.level is Level.DAILY:
            self.error(node, where, f"'{parent.id}' is a daily goal; a daily goal's parent must be a week, month, quarter or vision goal")
        elif _RANK[parent.level] < _RANK[draft.level]:
            self.error(node, where, f"'{parent.id}' is a {parent.level.value} goal, below this {draft.level.value} goal; a parent must be at the same level or higher")
        if draft.unit and parent.unit and draft.unit != parent.unit and draft.unit_node is not None:
            key = "target" if draft.unit_node is draft.fields.get("target") else "mva"
            self.error(
                draft.unit_node, f"goals[{draft.index}].{key}",
                f"unit '{draft.unit_label}' differs from the parent '{parent.id}' ({parent.unit_label}); "
                "a parent adds up its children's quantities in one unit",
            )  # fmt: skip

    def check_cycles(self, drafts: list[_Draft], by_id: dict[str, _Draft]) -> None:
        seen: set[frozenset[str]] = set()
        for draft in drafts:
            chain = [draft]
            current = draft
            while current.parent_ok and current.parent in by_id:
                current = by_id[str(current.parent)]
                if current in chain:
                    cycle = chain[chain.index(current):]
                    key = frozenset(d.id for d in cycle)
                    if key not in seen:
                        seen.add(key)
                        first = min(cycle, key=lambda d: d.index)
                        ordered = cycle[cycle.index(first):] + cycle[: cycle.index(first)]
                        names = " → ".join(d.id for d in [*ordered, first])
                        self.error(first.fields["parent"], f"goals[{first.index}].parent", f"parents form a cycle: {names}")
                    break
                chain.append(current)


@dataclass
class _Draft:
    """A goal being validated: the values parsed so far, and the nodes for cross-checks."""

    index: int
    node: MappingNode
    fields: dict[str, Node]
    id: str = ""
    title: str = ""
    level: Level = Level.DAILY
    parent: str | None = None
    parent_ok: bool = True  # False once the parent is known to be missing: no cycle to follow
    metric: str | None = None
    is_metric: bool = False
    schedule: Schedule = field(default_factory=Schedule)
    grace: int = 1
    feeling: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    match_tags: tuple[str, ...] = ()
    match_regex: tuple[str, ...] = ()
    target: float | None = None
    unit: str | None = None
    unit_label: str | None = None
    unit_node: Node | None = None  # where the unit was written, for a unit-mismatch problem
    metric_op: str = ">="
    mva: float | None = None
    mva_op: str = ">="
    mva_text: str | None = None

    def build(self) -> Goal:
        return Goal(
            id=self.id, title=self.title, level=self.level, parent=self.parent,
            match_tags=self.match_tags, match_regex=self.match_regex, schedule=self.schedule,
            target=self.target, unit=self.unit, mva=self.mva, mva_text=self.mva_text, grace=self.grace,
            feeling=self.feeling, start=self.start, end=self.end, metric=self.metric,
            metric_op=self.metric_op, mva_op=self.mva_op, line=line_of(self.node), unit_label=self.unit_label,
        )  # fmt: skip


