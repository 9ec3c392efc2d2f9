"""Day states (SPEC §5.1): what each goal's matching tasks say about each day.

The journal is first folded into one :class:`DayData` per date (two notes for a
date are combined; done tasks move to their ``✅`` date), then every goal gets
one :class:`~mdgoals.model.Day` per day of its active range.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from types import MappingProxyType
from typing import cast

from ..model import MAX_QUANTITY, Goal, Metric, Note, Status, Task, normalize_unit


class DayData:
    """Everything the journal says about one date, all notes of that date combined."""

    __slots__ = ("date", "has_note", "paths", "tasks", "off", "skip", "metrics", "metric_notes", "parts")

    def __init__(self, date: dt.date) -> None:
        self.date = date
        self.has_note = False
        self.paths: list[str] = []
        self.tasks: list[Task] = []
        self.off: str | None = None  # "path:line" of the off/rest key when the day is a rest day
        self.skip: dict[str, str] = {}  # goal id (or "all") -> "path:line"
        # The first value of each front-matter metric; never written to: it may be a note's own.
        self.metrics: Mapping[str, Metric] = _NO_METRICS
        self.metric_notes: list[tuple[str, Mapping[str, Metric]]] = []  # (path, metrics) of each note
        # (note path, tasks) in the order notes gave them; folded into tasks once every note is read.
        self.parts: list[tuple[str, Sequence[Task]]] = []

    def metric_source(self, key: str) -> str:
        """Return "path:line" of the value metrics holds for key."""
        for path, metrics in self.metric_notes:
            if key in metrics:
                return f"{path}:{metrics[key].line}"
        raise KeyError(key)


_NO_METRICS: Mapping[str, Metric] = MappingProxyType({})


def fold_journal(notes: Iterable[Note], as_of: dt.date) -> dict[dt.date, DayData]:
    """Return the journal as one DayData per date, up to as_of.

    Tasks of two notes for one date are their union (an identical task written
    in both counts once); a done task with a done date counts on that date.
    """
    days: dict[dt.date, DayData] = {}
    done = Status.DONE
    for note in notes:
        date = note.date
        if date > as_of:
            continue
        data = days.get(date)
        if data is None:
            data = days[date] = DayData(date)
        path = note.path
        data.has_note = True
        data.paths.append(path)
        if note.off and data.off is None:
            data.off = f"{path}:{note.lines.get('off', note.lines.get('rest', 1))}"
        for goal_id in note.skip:
            data.skip.setdefault(goal_id, f"{path}:{note.lines.get('skip', 1)}")
        if note.metrics:
            data.metric_notes.append((path, note.metrics))
            if not data.metrics:
                data.metrics = note.metrics
            else:  # a second note of the date: the first value of each key stays
                merged = dict(data.metrics)
                for key, metric in note.metrics.items():
                    merged.setdefault(key, metric)
                data.metrics = merged
        tasks = note.tasks
        if not tasks:
            continue
        # Most notes keep every task on their own date: hand the whole tuple over at once.
        done_dates = set(map(_done_date, tasks))
        done_dates.discard(None)
        if not done_dates or done_dates == {date} or not any(
            t.done_date is not None and t.done_date != date and t.status is done for t in tasks
        ):
            data.parts.append((path, tasks))
            continue
        for task in tasks:
            target = data
            if task.done_date is not None and task.status is done and task.done_date != date:
                if task.done_date > as_of:
                    continue
                target = days.get(task.done_date) or days.setdefault(task.done_date, DayData(task.done_date))
            target.parts.append((path, (task,)))
    for data in days.values():
        data.tasks = _union(data.parts)
        data.parts = []
    return days


_done_date = operator.attrgetter("done_date")


def _union(parts: list[tuple[str, Sequence[Task]]]) -> list[Task]:
    """Return the tasks of one date in the order given; a (status char, text) a second note repeats counts once."""
    if not parts:
        return []
    first = parts[0][0]
    if all(path == first for path, _ in parts):
        return [task for _, tasks in parts for task in tasks]
    # The note that first gave a (status char, text): a task copied into a second note counts once.
    owner: dict[tuple[str, str], str] = {}
    return [task for path, tasks in parts for task in tasks if owner.setdefault((task.char, task.text), path) == path]


class Matcher:
    """Decide which tasks a goal claims: by tag (``#area`` also matches ``#area/sub``) or regex."""

    def __init__(self, goal: Goal) -> None:
        self.everything = goal.implicit
        self.tags = frozenset(goal.match_tags)
        self.prefixes = tuple(t + "/" for t in goal.match_tags)
        self.regexes = tuple(re.compile(p, re.IGNORECASE) for p in goal.match_regex)

    @property
    def empty(self) -> bool:
        """Return whether the goal claims no task at all (a pure ladder or metric goal)."""
        return not (self.everything or self.tags or self.regexes)

    def by_tags(self, tags: tuple[str, ...]) -> bool:
        """Return whether the goal claims a task for its tags alone (or claims everything)."""
        if self.everything:
            return True
        if tags and not self.tags.isdisjoint(tags):
            return True
        return bool(self.prefixes) and any(tag.startswith(self.prefixes) for tag in tags)

    def by_text(self, text: str) -> bool:
        """Return whether one of the goal's regexes finds the task's text."""
        return any(rx.search(text) for rx in self.regexes)

    @property
    def text_search(self) -> Callable[[str], object]:
        """Return a function of a text that is truthy when one of the goal's regexes finds it (by_text, or one regex's search)."""
        return self.regexes[0].search if len(self.regexes) == 1 else self.by_text


def task_quantity(task: Task, unit: str | None) -> float | None:
    """Return a task's quantity in unit: the inline field named after it, else the first "N unit" of the text."""
    if unit is None:
        return None
    for key, value in task.fields:
        if _unit_of(key) == unit:
            number = _leading_number(value)
            if number is not None:
                return number
    for amount, word in task.quantities:
        if word == unit:
            return amount
    return None


# Field keys repeat on every note: normalise each distinct key once.
_unit_of = functools.lru_cache(maxsize=1024)(normalize_unit)
_NUMBER = re.compile(r"^\s*([-+]?\d[\d,]*(?:\.\d+)?)")
_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")


def _leading_number(text: str) -> float | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    raw = match.group(1)
    if _GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    elif "," in raw:
        return None
    value = float(raw)
    return value if abs(value) < MAX_QUANTITY else None  # also refuses inf and nan


@dataclass
class GoalDays:
    """One goal's matching tasks by date, and the dates it has tasks on."""

    goal: Goal
    tasks: dict[dt.date, list[Task]]
    first_task: dt.date | None
    _amounts: dict[str, dict[dt.date, list[tuple[Task, float]]]] = field(default_factory=dict, repr=False)
    _totals: dict[str, tuple[dict[dt.date, float], bool]] = field(default_factory=dict, repr=False)

    def amounts(self, unit: str) -> dict[dt.date, list[tuple[Task, float]]]:
        """Return, by date, the done and in-progress tasks with a quantity in unit, in order."""
        cached = self._amounts.get(unit)
        if cached is None:
            cached = self._amounts[unit] = {}
            done, doing = Status.DONE, Status.IN_PROGRESS
            for date, tasks in self.tasks.items():
                found = []
                for task in tasks:
                    if task.status is done or task.status is doing:
                        amount = task_quantity(task, unit)
                        if amount is not None:
                            found.append((task, amount))
                if found:
                    cached[date] = found
        return cached

    def totals(self, unit: str) -> tuple[dict[dt.date, float], bool]:
        """Return the amounts in unit summed per date, and whether no task is listed twice."""
        cached = self._totals.get(unit)
        if cached is None:
            cached = self._totals[unit] = self._sum_amounts(unit)
        return cached

    def _sum_amounts(self, unit: str) -> tuple[dict[dt.date, float], bool]:
        found = self.amounts(unit)
        sums: dict[dt.date, float] = {}
        for date, pairs in found.items():
            total = 0.0
            for _, amount in pairs:
                total += amount
            sums[date] = total
        count = sum(map(len, found.values()))
        return sums, len({id(task) for pairs in found.values() for task, _ in pairs}) == count


def claim_all(goals: Iterable[Goal], days: dict[dt.date, DayData]) -> dict[str, GoalDays]:
    """Return the tasks each goal claims, by date, in one pass over the journal."""
    goals = tuple(goals)
    matchers = [(g.id, Matcher(g)) for g in goals]
    matchers = [(gid, m) for gid, m in matchers if not m.empty]
    claimed: dict[str, dict[dt.date, list[Task]]] = {g.id: {} for g in goals}
    # Which goals a (tags, text) pair belongs to is decided once: journals repeat their lines.
    # Per distinct tag tuple: the goals its tags give the task to, and the regex goals left to ask.
    by_tags: dict[tuple[str, ...], tuple[tuple[dict[dt.date, list[Task]], ...], list[tuple[Callable[[str], object], dict[dt.date, list[Task]]]]]] = {}

    def decide(tags: tuple[str, ...], text: str) -> tuple[dict[dt.date, list[Task]], ...]:
        known = by_tags.get(tags)
        if known is None:
            tagged = [m.by_tags(tags) for _, m in matchers]
            known = by_tags[tags] = (
                tuple(claimed[gid] for (gid, _), tag in zip(matchers, tagged, strict=True) if tag),
                [(m.text_search, claimed[gid]) for (gid, m), tag in zip(matchers, tagged, strict=True) if not tag and m.regexes],
            )
        mine, ask = known
        if not ask:
            return mine
        if len(ask) == 1:  # the usual case: one goal matches by regex
            search, by_date = ask[0]
            return mine + (by_date,) if search(text) else mine
        # Each goal's lists are its own: the order the owners are listed in does not matter.
        return mine + tuple(by_date for search, by_date in ask if search(text))

    owners: dict[tuple[tuple[str, ...], str], tuple[dict[dt.date, list[Task]], ...]] = {}
    if matchers:
        for date in sorted(days):
            tasks = days[date].tasks
            # Looked up in C; only new pairs, and then only claimed tasks, take a Python step.
            keys = list(map(_tags_text, tasks))
            owned = list(map(owners.get, keys))
            if None in owned:
                for i, key in enumerate(keys):
                    if owned[i] is None:
                        mine = owners.get(key)
                        owned[i] = mine if mine is not None else owners.setdefault(key, decide(*key))
            decided = cast("list[tuple[dict[dt.date, list[Task]], ...]]", owned)
            for task, mine in zip(compress(tasks, decided), compress(decided, decided), strict=True):
                for by_date in mine:
                    claimed_on = by_date.get(date)
                    if claimed_on is None:
                        by_date[date] = [task]
                    else:
                        claimed_on.append(task)
    # Dates were claimed in ascending order: the first key is the first task.
    return {g.id: GoalDays(g, claimed[g.id], next(iter(claimed[g.id]), None)) for g in goals}


_tags_text = operator.attrgetter("tags", "text")
