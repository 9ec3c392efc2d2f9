"""The body of a note: tasks, tags, inline fields and evidence (SPEC §3).

:class:`mdgoals.reader.blocks.BlockScanner` tells code, HTML, comments and
headings from text; the scanner here reads the text lines it is handed: task
boxes and Logseq markers, tags, fields, quantities, done dates, and which
paragraphs and list items are evidence.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, Severity
from ..model import EARLIEST_DATE, Evidence, Status, Task
from .blocks import BlockScanner, raw_from
from .inline import (
    collapse,
    find_done_date,
    find_fields,
    find_quantities,
    find_tags,
    has_mva_text,
    may_hold_tag,
    remove_tag,
    strip_code_spans,
    strip_pairs,
)

STATUS_CHARS = {" ": Status.OPEN, "x": Status.DONE, "X": Status.DONE, "-": Status.CANCELLED, "/": Status.IN_PROGRESS, ">": Status.DEFERRED}
LOGSEQ_MARKERS = {
    "DONE": Status.DONE,
    "TODO": Status.OPEN,
    "LATER": Status.OPEN,
    "NOW": Status.OPEN,
    "DOING": Status.OPEN,
    "WAITING": Status.OPEN,
    "CANCELED": Status.CANCELLED,
    "CANCELLED": Status.CANCELLED,
}

# The first two characters of every Logseq marker: an item whose text starts otherwise is no task.
_MARKER_STARTS = frozenset(marker[:2] for marker in LOGSEQ_MARKERS)

_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_TASK = re.compile(r"\[(.)\][ \t]+(?=\S)")
_LOGSEQ = re.compile(r"(DONE|TODO|LATER|NOW|DOING|WAITING|CANCELED|CANCELLED)[ \t]+(?=\S)")
_HEADING_TRIM = re.compile(r"^[\W_]+|[\W_]+$")


def heading_key(text: str) -> str:
    """Return a heading's text as compared with ``evidence_headings`` (no emoji, ':' or case)."""
    if not (text and text[0].isalnum() and text[-1].isalnum()):  # [\W_] is exactly "not isalnum()"
        text = _HEADING_TRIM.sub("", text)
    return collapse(text).casefold()


@functools.lru_cache(maxsize=64)
def _heading_keys(headings: tuple[str, ...]) -> frozenset[str]:
    """Return the heading keys of a config's ``evidence_headings`` (the same tuple for every note)."""
    return frozenset(heading_key(h) for h in headings)


@dataclass
class Body:
    """What the body of one note holds."""

    tasks: list[Task] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan_body(
    lines: list[str], start: int, path: str, evidence_headings: tuple[str, ...] = (), text: str | None = None
) -> Body:
    """Return the tasks, tags, evidence and problems of the body lines ``lines[start:]``.

    ``text`` is the note the lines were split from, when at hand: a note with no
    '%' or '<' (most of them) is read without searching each line for comments.
    """
    scanner = _Scanner(path, _heading_keys(evidence_headings))
    if text is not None:
        scanner.percent = "%" in text
        scanner.angle = "<" in text
    scanner.run(lines, start)
    scanner.body.tags = list(scanner.tags)
    return scanner.body


class _Scanner(BlockScanner):
    """Read tasks, tags and evidence from the lines the block scanner hands over."""

    def __init__(self, path: str, headings: frozenset[str]) -> None:
        self.path = path
        self.headings = headings
        self.body = Body()
        self.tags: dict[str, None] = {}  # the body's tags in order (a dict: one update adds a line's new ones)
        # The paragraph or list item being read (block_line 0: none): a candidate evidence entry.
        # block_mark 1: evidence when it ends; 0: only if a later line is tagged #win; -1: never
        # (an open or cancelled task, or a block with an evidence:: field: the field is the evidence).
        self.block_line = 0
        self.block_parts: list[str] = []
        self.block_mark = 0
        self.section = 0  # level of the evidence heading we are under, 0: none
        self.para_task = -1  # index of the task whose first line opened the current paragraph
        self.angle = True  # False: no line holds a '<' (no HTML comment, no merge conflict marker)

    # -- what the lines say ----------------------------------------------------

    def text_line(self, raw: str, e: str, j: int, lineno: int, continuation: bool, item: bool) -> None:
        """Read one line of paragraph text (the first line of a list item when item)."""
        text = e[j:] if raw is e else raw_from(raw, j)
        angle = self.angle
        if angle and text[:7] == "<<<<<<<" and text[7:8] in ("", " "):
            # A merge committed with its conflict: both sides' tasks count until it is resolved.
            self.body.problems.append(
                Problem(
                    self.path,
                    lineno,
                    j + 1,
                    Severity.WARNING,
                    "unresolved merge conflict ('<<<<<<<' … '>>>>>>>'): keep one side and delete the markers "
                    "(meanwhile the tasks of both sides count)",
                )
            )
        # Of prose, only tags and evidence:: fields are read ('::' and '%%' are searched for only where
        # ':' or '%' is: a search for one character is far cheaper).  An item is prose unless its text
        # starts as a task does ("[x]", "DONE" …).
        if (
            (not item or (text[2:3] != "]" and text[:2] not in _MARKER_STARTS))
            and ("#" not in text or not may_hold_tag(text))
            and (":" not in text or "::" not in text or "evidence" not in text.casefold())
            and (not self.percent or "%%" not in text)
            and (not angle or "<!--" not in text)
        ):
            # Plain prose, the commonest line: no tag, evidence field or comment; only the evidence candidate grows.
            if continuation and self.block_line:
                self.block_parts.append(text)
            else:
                self.para_task = -1
                self.block_line = lineno
                self.block_parts = [text]
                self.block_mark = 1 if self.section else 0
            return
        if (self.percent and "%%" in text) or (angle and "<!--" in text):
            text = _cut_comments(text)
        if item:
            info = _ITEM_LINES.get(text)
            if info is None:
                info = _read_item(text)
        else:  # prose with a tag or a field is rarely written twice: not worth remembering
            info = _read_line(text, False)
        tags, task, problems, evidence, block_text, mark = info
        body = self.body
        if tags:
            self.tags.update(tags)
        if problems:
            for column, severity, message in problems:
                body.problems.append(Problem(self.path, lineno, j + column, severity, message))
        if evidence:
            for value in evidence:
                self._add_evidence(lineno, value)
        if task is not None:
            body.tasks.append(_new_task(task, self.path, lineno))
        if continuation and self.block_line:
            self.block_parts.append(block_text)
            if mark < 0 or (mark > 0 and not self.block_mark):
                self.block_mark = mark
        else:
            self.para_task = len(body.tasks) - 1 if task is not None else -1
            self.block_line = lineno
            self.block_parts = [block_text]
            self.block_mark = mark or (1 if self.section else 0)

    def heading(self, raw: str, e: str, j: int, lineno: int) -> None:
        level, tags, key = _read_heading(e[j:] if raw is e else raw_from(raw, j))
        if tags:
            self.tags.update(tags)
        self._section(key, level)

    def _section(self, key: str, level: int) -> None:
        """A heading of this level and :func:`heading_key` starts or ends an evidence section."""
        if self.section and level <= self.section:
            self.section = 0
        if key in self.headings:
            self.section = level

    def setext(self, text: str, level: int) -> None:
        """The open paragraph was a heading all along: it is neither a task nor evidence."""
        if self.para_task >= 0 and self.para_task == len(self.body.tasks) - 1:
            self.body.tasks.pop()
        self.para_task = -1
        self.block_line = 0
        self._section(heading_key(text), level)

    def end_block(self) -> None:
        """End the paragraph or list item being read: is it evidence?"""
        line = self.block_line
        if not line:
            return
        self.block_line = 0
        self.para_task = -1
        if self.block_mark > 0:
            self._add_evidence(line, " ".join(self.block_parts))

    def _add_evidence(self, lineno: int, text: str) -> None:
        clean = strip_code_spans(text)
        tags = find_tags(clean) if "#" in clean else []
        if "win" in tags:
            text = remove_tag(text, "win")
            tags = [t for t in tags if t != "win"]
        text = collapse(text)
        if text:
            self.body.evidence.append(Evidence(self.path, lineno, text, tuple(dict.fromkeys(tags))))


_NONE: list[Any] = []

# What the first line of a list item says, by its text.  Journals repeat themselves — the same
# recurring tasks every day, two thirds of the task lines of the generated journal — so most task
# lines are read once per process.
_LineInfo = tuple[
    dict[str, None], dict[str, Any] | None, tuple[tuple[int, Severity, str], ...], tuple[str, ...], str, int
]
_ITEM_LINES: dict[str, _LineInfo] = {}
_LINES_MAX = 50_000


def _read_item(text: str) -> _LineInfo:
    """Return what the first line of a list item says and remember it (a dated done task: its undated stem)."""
    info = _read_dated(text) if text[-13:-11] == _DONE_MARK else None
    if info is None:
        info = _read_line(text, True)
        if len(_ITEM_LINES) >= _LINES_MAX:  # bound the memory a hostile journal can take
            _ITEM_LINES.clear()
        _ITEM_LINES[text] = info
    return info


# A done task's " ✅ YYYY-MM-DD" at the end of its line (13 characters): what changes from day to day
# in a recurring task's line.  Reading the line without it, remembered once, spares reading it in full.
_DONE_MARK = " \u2705"
_DONE_TAIL = re.compile(" \u2705 ([0-9]{4}-[0-9]{2}-[0-9]{2})")


def _read_dated(text: str) -> _LineInfo | None:
    """Return what a task line ending in a valid done date says, from its stem before it; None: read it whole.

    The tail is inert when the stem holds no '::' (a bare field's value would
    run on into it), no other ✅, and does not end in whitespace (the task text
    is stripped): then tags, fields, quantities and marks are the stem's, and
    the tail adds only itself to the task text and its date.  An invalid date
    (a problem at its column) is left to :func:`_read_line`.
    """
    stem = text[:-13]
    m = _DONE_TAIL.match(text, len(stem))
    if m is None or "::" in stem or "\u2705" in stem or not stem or stem[-1].isspace():
        return None
    try:
        date = datetime.date.fromisoformat(m.group(1))
    except ValueError:
        return None
    if date < EARLIEST_DATE:
        return None
    info = _ITEM_LINES.get(stem) or _read_item(stem)
    tags, task, problems, evidence, block_text, mark = info
    if task is None:  # "[x] ✅ 2026-11-20" is a task, its stem "[x]" is not
        return None
    task = task.copy()
    task["text"] = block_text = task["text"] + text[-13:]
    task["done_date"] = date if task["status"] is Status.DONE else None
    return tags, task, problems, evidence, block_text, mark


def _read_heading(text: str) -> tuple[int, dict[str, None], str]:
    """Return an ATX heading's level, tags and :func:`heading_key` (text from its first '#')."""
    if "%%" in text or "<!--" in text:
        text = _cut_comments(text)
    level = len(text) - len(text.lstrip("#"))
    text = text[level:]
    if text.rstrip(" \t")[-1:] == "#":
        text = _ATX_CLOSE.sub("", text)
    clean = strip_code_spans(text) if "`" in text else text
    tags = dict.fromkeys(find_tags(clean)) if "#" in clean else {}
    return level, tags, heading_key(text)


def _read_line(text: str, item: bool) -> _LineInfo:
    """Return what a line says: (tags, task, problems, evidence-field values, evidence text, evidence mark).

    ``task`` is None for a line that is no task, else the Task's fields but path
    and line; ``problems`` are (column from the text's start, severity, message);
    the mark is -1 when the block the line starts can be no evidence (an open or
    cancelled task, an evidence:: field of its own), 1 when the line is tagged
    #win, else 0 (see ``_Scanner.block_mark``).
    """
    clean = strip_code_spans(text) if "`" in text else text
    tags = find_tags(clean) if "#" in clean else _NONE
    status: Status | None = None
    m = None
    if item:
        first = text[:1]
        m = _TASK.match(text) if first == "[" else _LOGSEQ.match(text) if first in "CDLNTW" else None
        if m is not None:
            char = m.group(1)
            status = (STATUS_CHARS.get(char) or Status.OPEN) if len(char) == 1 else LOGSEQ_MARKERS[char]
    fields = find_fields(clean, line_start_key=status is None) if "::" in clean else _NONE
    evidence = tuple(value for key, value in fields if key == "evidence" and value) if fields else ()
    mark = -1 if evidence else 1 if "win" in tags else 0
    if status is None or m is None:
        return dict.fromkeys(tags), None, (), evidence, text, mark
    end = m.end()
    task_text = text[end:].rstrip()
    clean = clean[end:]
    char = m.group(1)
    problems: list[tuple[int, Severity, str]] = []
    if len(char) == 1 and char not in STATUS_CHARS:
        problems.append(
            (2, Severity.INFO, f"unknown status character {char!r}: read as an open task (use ' ', 'x', '-', '/' or '>')")
        )
    done_date = None
    if status is Status.DONE and "\u2705" in clean:
        found = find_done_date(clean)
        if found is not None:
            column = 1 + end + found[1]
            try:
                done_date = datetime.date.fromisoformat(found[0])
            except ValueError as exc:
                problems.append(
                    (column, Severity.WARNING, f"done date ✅ {found[0]} is not a real date ({exc}): correct it as YYYY-MM-DD")
                )
            else:
                if done_date < EARLIEST_DATE:  # a typo: the task stays on its note's day
                    problems.append(
                        (column, Severity.WARNING, f"done date ✅ {found[0]} is before {EARLIEST_DATE.year}: a typo in the year? (not used)")
                    )
                    done_date = None
    if fields:
        first_value: dict[str, str] = {}
        for key, value in fields:
            first_value.setdefault(key, value)
        task_fields = tuple(first_value.items())
    else:
        task_fields = ()
    line_tags = dict.fromkeys(tags)
    task_tags = tuple(line_tags)
    values = {
        "path": "",
        "line": 0,
        "status": status,
        "char": char,
        "text": task_text,
        "tags": task_tags,
        "fields": task_fields,
        "quantities": tuple(find_quantities(clean)),
        "mva": "mva" in task_tags or has_mva_text(clean),
        "done_date": done_date,
    }
    if status is not Status.DONE:
        mark = -1  # an open or cancelled task is not (yet) evidence
    return line_tags, values, tuple(problems), evidence, task_text, mark


def _new_task(values: dict[str, Any], path: str, line: int) -> Task:
    """Return the Task of values (a line's, but path and line) at path:line, without the frozen-dataclass __init__.

    A frozen dataclass sets each field through object.__setattr__; filling
    __dict__ directly gives an equal, equally frozen object, 10x faster.  Tasks
    are the one object made per line, so this is where the scanner's time went.
    """
    if _FAST_TASK:
        task = _new_object(Task)
        fields = task.__dict__
        fields.update(values)
        fields["path"] = path
        fields["line"] = line
        return task
    return Task(**{**values, "path": path, "line": line})  # pragma: no cover - if Task ever gains slots or __post_init__


_new_object = object.__new__
_FAST_TASK = not hasattr(Task, "__slots__") and not hasattr(Task, "__post_init__")


def _cut_comments(text: str) -> str:
    """Return text without its ``%% … %%`` and same-line ``<!-- -->`` comments (one space where they were)."""
    if "%%" not in text and "<!--" not in text:
        return text
    if "%%" in text:
        masked = strip_code_spans(text)
        kept = []
        pos = 0
        while True:
            start = masked.find("%%", pos)
            if start < 0:
                kept.append(text[pos:])
                break
            kept.append(text[pos:start])
            end = masked.find("%%", start + 2)
            if end < 0:
                break
            pos = end + 2
        text = " ".join(k.strip(" \t") for k in kept if k.strip(" \t"))
    return strip_pairs(text, "<!--", "-->") if "<!--" in text else text
