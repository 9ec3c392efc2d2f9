"""The body of a note: tasks, tags, inline fields and evidence (SPEC §3).

:class:`mdgoals.reader.blocks.BlockScanner` tells code, HTML, comments and
headings from text; the scanner here reads the text lines it is handed: task
boxes and Logseq markers, tags, fields, quantities, done dates, and which
paragraphs and list items are evidence.
"""

from __future__ import annotations

import datetime
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

_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_TASK = re.compile(r"\[(.)\][ \t]+(?=\S)")
_LOGSEQ = re.compile(r"(DONE|TODO|LATER|NOW|DOING|WAITING|CANCELED|CANCELLED)[ \t]+(?=\S)")
_HEADING_TRIM = re.compile(r"^[\W_]+|[\W_]+$")


def heading_key(text: str) -> str:
    """Return a heading's text as compared with ``evidence_headings`` (no emoji, ':' or case)."""
    return collapse(_HEADING_TRIM.sub("", text)).casefold()


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
    scanner = _Scanner(path, {heading_key(h) for h in evidence_headings})
    if text is not None:
        scanner.percent = "%" in text
        scanner.angle = "<" in text
    scanner.run(lines, start)
    return scanner.body


class _Scanner(BlockScanner):
    """Read tasks, tags and evidence from the lines the block scanner hands over."""

    def __init__(self, path: str, headings: set[str]) -> None:
        self.path = path
        self.headings = headings
        self.body = Body()
        self.tag_seen: set[str] = set()
        # The paragraph or list item being read (block_line 0: none): a candidate evidence entry.
        self.block_line = 0
        self.block_parts: list[str] = []
        self.block_in_section = False
        self.block_status: Status | None = None
        self.block_win = False
        self.block_has_field = False
        self.section = 0  # level of the evidence heading we are under, 0: none
        self.para_task = -1  # index of the task whose first line opened the current paragraph
        self.angle = True  # False: no line holds a '<' (no HTML comment, no merge conflict marker)

    # -- the block structure -------------------------------------------------

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
        # ':' or '%' is: a search for one character is far cheaper).
        if (
            not item
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
                self.block_in_section = self.section > 0
                self.block_status = None
                self.block_win = False
                self.block_has_field = False
            return
        if (self.percent and "%%" in text) or (angle and "<!--" in text):
            text = _cut_comments(text)
        if item:
            info = _ITEM_LINES.get(text)
            if info is None:
                info = _read_line(text, True)
                if len(_ITEM_LINES) >= _LINES_MAX:  # bound the memory a hostile journal can take
                    _ITEM_LINES.clear()
                _ITEM_LINES[text] = info
        else:  # prose with a tag or a field is rarely written twice: not worth remembering
            info = _read_line(text, False)
        tags, status, task, evidence, block_text, win = info
        body = self.body
        if tags:
            seen = self.tag_seen
            for tag in tags:
                if tag not in seen:
                    seen.add(tag)
                    body.tags.append(tag)
        if task is not None and task[4]:
            body.problems.append(
                Problem(
                    self.path,
                    lineno,
                    j + 2,
                    Severity.INFO,
                    f"unknown status character {task[1]!r}: read as an open task (use ' ', 'x', '-', '/' or '>')",
                )
            )
        for value in evidence:
            self._add_evidence(lineno, value)
        if task is not None:
            if task[3] is not None:
                body.problems.append(Problem(self.path, lineno, j + 1 + task[2] + task[3][1], Severity.WARNING, task[3][0]))
            values = task[0].copy()
            values["path"] = self.path
            values["line"] = lineno
            body.tasks.append(_new_task(values))
        if continuation and self.block_line:
            self.block_parts.append(block_text)
            if evidence:
                self.block_has_field = True
            if win:
                self.block_win = True
        else:
            self.para_task = len(body.tasks) - 1 if status is not None else -1
            self.block_line = lineno
            self.block_parts = [block_text]
            self.block_in_section = self.section > 0
            self.block_status = status
            self.block_win = win
            self.block_has_field = bool(evidence)

    def heading(self, raw: str, e: str, j: int, lineno: int) -> None:
        text = e[j:] if raw is e else raw_from(raw, j)
        info = _HEADINGS.get(text)
        if info is None:
            info = _read_heading(text)
            if len(_HEADINGS) >= _LINES_MAX:
                _HEADINGS.clear()
            _HEADINGS[text] = info
        level, tags, key = info
        for tag in tags:
            if tag not in self.tag_seen:
                self.tag_seen.add(tag)
                self.body.tags.append(tag)
        if self.section and level <= self.section:
            self.section = 0
        if key in self.headings:
            self.section = level

    def _section(self, text: str, level: int) -> None:
        if self.section and level <= self.section:
            self.section = 0
        if heading_key(text) in self.headings:
            self.section = level

    def setext(self, text: str, level: int) -> None:
        """The open paragraph was a heading all along: it is neither a task nor evidence."""
        if self.para_task >= 0 and self.para_task == len(self.body.tasks) - 1:
            self.body.tasks.pop()
        self.para_task = -1
        self.block_line = 0
        self._section(text, level)

    def end_block(self) -> None:
        """End the paragraph or list item being read: is it evidence?"""
        line = self.block_line
        if not line:
            return
        self.block_line = 0
        self.para_task = -1
        if self.block_has_field or not (self.block_in_section or self.block_win):
            return
        if self.block_status is not None and self.block_status is not Status.DONE:
            return  # an open or cancelled task is not (yet) evidence
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
_TaskInfo = tuple[dict[str, Any], str, int, tuple[str, int] | None, bool]
_LineInfo = tuple[tuple[str, ...], Status | None, _TaskInfo | None, tuple[str, ...], str, bool]
_ITEM_LINES: dict[str, _LineInfo] = {}
_LINES_MAX = 50_000


_HEADINGS: dict[str, tuple[int, tuple[str, ...], str]] = {}


def _read_heading(text: str) -> tuple[int, tuple[str, ...], str]:
    """Return an ATX heading's level, tags and :func:`heading_key` (text from its first '#')."""
    if "%%" in text or "<!--" in text:
        text = _cut_comments(text)
    level = len(text) - len(text.lstrip("#"))
    text = _ATX_CLOSE.sub("", text[level:])
    clean = strip_code_spans(text) if "`" in text else text
    tags = tuple(find_tags(clean)) if "#" in clean else ()
    return level, tags, heading_key(text)


def _read_line(text: str, item: bool) -> _LineInfo:
    """Return what a line says: (tags, status, task, evidence-field values, evidence text, #win).

    ``task`` is None for a line that is no task, else (the Task's fields but path
    and line, its status character or marker, where its text starts, an invalid
    done date's message and offset or None, whether the status character is unknown).
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
    evidence = tuple(value for key, value in fields if key == "evidence" and value)
    if status is None or m is None:
        return tuple(tags), None, None, evidence, text, "win" in tags
    end = m.end()
    task_text = text[end:].rstrip()
    clean = clean[end:]
    done_date = None
    bad_date = None
    if status is Status.DONE and "\u2705" in clean:
        found = find_done_date(clean)
        if found is not None:
            try:
                done_date = datetime.date.fromisoformat(found[0])
            except ValueError as exc:
                bad_date = (f"done date ✅ {found[0]} is not a real date ({exc}): correct it as YYYY-MM-DD", found[1])
            else:
                if done_date < EARLIEST_DATE:  # a typo: the task stays on its note's day
                    bad_date = (f"done date ✅ {found[0]} is before {EARLIEST_DATE.year}: a typo in the year? (not used)", found[1])
                    done_date = None
    if fields:
        first_value: dict[str, str] = {}
        for key, value in fields:
            first_value.setdefault(key, value)
        task_fields = tuple(first_value.items())
    else:
        task_fields = ()
    task_tags = tuple(dict.fromkeys(tags)) if tags else ()
    values = {
        "path": "",
        "line": 0,
        "status": status,
        "char": m.group(1),
        "text": task_text,
        "tags": task_tags,
        "fields": task_fields,
        "quantities": tuple(find_quantities(clean)),
        "mva": "mva" in task_tags or has_mva_text(clean),
        "done_date": done_date,
    }
    char = m.group(1)
    unknown = len(char) == 1 and char not in STATUS_CHARS
    return tuple(tags), status, (values, char, end, bad_date, unknown), evidence, task_text, "win" in tags


def _new_task(values: dict[str, Any]) -> Task:
    """Return a Task without the frozen-dataclass __init__ (10x faster, the same object).

    A frozen dataclass sets each field through object.__setattr__; filling
    __dict__ directly gives an equal, equally frozen object.  Tasks are the one
    object made per line, so this is where the scanner's time went.
    """
    if _FAST_TASK:
        task = _new_object(Task)
        task.__dict__.update(values)
        return task
    return Task(**values)  # pragma: no cover - if Task ever gains slots or __post_init__


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
