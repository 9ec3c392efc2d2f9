"""The body of a note: a fast, fence-aware line scanner (SPEC §3).

It follows the CommonMark block structure closely enough to know, line by
line, what is code (fenced or indented), raw HTML, a comment (``<!-- -->``,
``%% %%``), a heading, a list item or paragraph text — and it is held to the
full parser in :mod:`mdgoals.reader.reference` by the tests.  It keeps only
what it needs: a stack of open containers (block quotes and list items, by the
column their content starts at), whether a paragraph is open, and the open
fence or HTML block.  A full parse costs ~10x more for nothing we use.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, Severity
from ..model import Evidence, Status, Task
from .inline import (
    collapse,
    find_done_date,
    find_fields,
    find_quantities,
    find_tags,
    has_mva_text,
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

_SPACES = re.compile(" *")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?= |$)")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_TASK = re.compile(r"\[(.)\][ \t]+(?=\S)")
_LOGSEQ = re.compile(r"(DONE|TODO|LATER|NOW|DOING|WAITING|CANCELED|CANCELLED)[ \t]+(?=\S)")
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|"
    "main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|"
    "title|tr|track|ul"
)
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
# (start, end) of the CommonMark HTML blocks; end None: the block ends at a blank line.
_HTML_STARTS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.I), re.compile(r"</(?:script|pre|style|textarea)>", re.I), True),
    (re.compile(r"<!--"), re.compile(r"-->"), True),
    (re.compile(r"<\?"), re.compile(r"\?>"), True),
    (re.compile(r"<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(rf"</?(?:{_HTML_BLOCK_TAGS})(?:[ \t>]|/>|$)", re.I), None, True),
    (
        re.compile(rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$"),
        None,
        False,  # a lone tag cannot interrupt a paragraph
    ),
)
_PERCENT = "%%"
# What a line must start with to be anything but paragraph text: indentation, a marker, a fence …
# ("" is the empty line).
_BLOCK_STARTERS = frozenset(" \t>-+*0123456789#`~<=_%") | {""}
_HEADING_TRIM = re.compile(r"^[\W_]+|[\W_]+$")


def _after_spaces(text: str, pos: int) -> int:
    """Return the index of the first non-space at or after pos."""
    m = _SPACES.match(text, pos)
    return m.end() if m else pos


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


def _raw_from(raw: str, col: int) -> str:
    """Return raw from column col on (tabs count to the next multiple of 4)."""
    column = 0
    for i, ch in enumerate(raw):
        if column >= col:
            return raw[i:]
        column = column + 4 - column % 4 if ch == "\t" else column + 1
    return ""


def scan_body(lines: list[str], start: int, path: str, evidence_headings: tuple[str, ...] = ()) -> Body:
    """Return the tasks, tags, evidence and problems of the body lines ``lines[start:]``."""
    scanner = _Scanner(path, {heading_key(h) for h in evidence_headings})
    scanner.run(lines, start)
    return scanner.body


class _Scanner:
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

    # -- the block structure -------------------------------------------------

    def run(self, lines: list[str], start: int) -> None:
        containers: list[int] = []  # -1: block quote; else a list item's content indent (from its parent's content)
        para = False
        fence: tuple[str, int, int] | None = None  # char, length, container depth
        html: tuple[re.Pattern[str] | None, int] | None = None  # end, container depth
        in_comment = False  # inside %% … %%
        para_lines: list[str] = []  # text of the open paragraph (for a setext heading)
        empty_item = 0  # depth of a list item opened empty on the previous line (its text may follow)
        for idx in range(start, len(lines)):
            raw = lines[idx]
            lineno = idx + 1
            if not in_comment and fence is None and html is None and raw[:1] not in _BLOCK_STARTERS and _PERCENT not in raw:
                # The common case, fast: text at the start of the line is paragraph text (lazy after containers).
                empty_item = 0
                if para:
                    self._text_line(raw, raw, 0, lineno, True, False)
                    para_lines.append(raw)
                else:
                    containers.clear()
                    self._flush()
                    para = True
                    para_lines = [raw]
                    self._text_line(raw, raw, 0, lineno, False, False)
                continue
            if in_comment:
                close = raw.find(_PERCENT)
                if close < 0:
                    raw = ""
                else:
                    raw = " " * (close + 2) + raw[close + 2 :]
                    in_comment = False
            e = raw.expandtabs(4) if "\t" in raw else raw
            n = len(e)

            # 1. Which open containers does this line continue?
            pos = 0
            matched = 0
            ncont = len(containers)
            lead = n - len(e.lstrip(" "))  # the first non-space column (n: a blank line)
            while matched < ncont:
                c = containers[matched]
                j = lead if pos <= lead else _after_spaces(e, pos)
                if c < 0:
                    if j - pos <= 3 and j < n and e[j] == ">":
                        pos = j + 2 if j + 1 < n and e[j + 1] == " " else j + 1
                        matched += 1
                        continue
                    break
                if j >= n:  # blank: a list item goes on
                    matched += 1
                    continue
                if j - pos >= c:
                    pos += c
                    matched += 1
                    continue
                break

            # 2. Inside a fenced code block or an HTML block?
            if fence is not None:
                if matched >= fence[2]:
                    j = lead if pos <= lead else _after_spaces(e, pos)
                    if j - pos <= 3 and e.startswith(fence[0] * 3, j):
                        k = j
                        while k < n and e[k] == fence[0]:
                            k += 1
                        if k - j >= fence[1] and not e[k:].strip():
                            fence = None
                    continue
                fence = None  # its container ended: code has no lazy lines
            if html is not None:
                end, depth = html
                if matched >= depth:
                    if end is None:
                        if e[pos:].strip():
                            continue
                        html = None  # a blank line ends it and is a blank line
                    else:
                        if end.search(e, pos):
                            html = None
                        continue
                else:
                    html = None

            # %% comments outside code are blanked out, then the line is read again:
            # keep what a second reading needs.
            saved = (containers[:], para, empty_item, matched, pos) if _PERCENT in e else None
            # A thematic break holds only its character and spaces: where may one start? (Checking
            # each nested "- - - x" level with a regex would cost the line's length at every level.)
            tail = len(e.rstrip(" \t-*_"))
            while True:
                j = lead if pos <= lead else _after_spaces(e, pos)
                if j >= n:  # a blank line
                    if para:
                        self._flush()
                    para = False
                    para_lines = []
                    del containers[matched:]
                    if empty_item and empty_item == len(containers):
                        del containers[empty_item - 1 :]  # a list item begins with at most one blank line
                    empty_item = 0
                    break
                after_empty_item = empty_item
                empty_item = 0

                # 3. New containers: block quotes and list items.
                opened = False
                item_col = -1  # content column of a list item opened on this line
                leaf = ""  # "" paragraph text, or what else the line is
                while True:
                    indent = j - pos
                    if indent >= 4:
                        if para and not opened:
                            break  # paragraph continuation
                        leaf = "code"
                        break
                    ch = e[j]
                    if ch == ">":
                        del containers[matched:]
                        containers.append(-1)
                        matched = len(containers)
                        pos = j + 2 if j + 1 < n and e[j + 1] == " " else j + 1
                        opened = True
                        para = False
                        item_col = -1
                        j = _after_spaces(e, pos)
                        if j >= n:
                            leaf = "blank"
                            break
                        continue
                    if ch in "-+*0123456789":
                        all_matched = matched == len(containers) and not opened
                        if ch == "-" and para and all_matched and _SETEXT.match(e, j):
                            leaf = "setext"
                            break
                        if ch in "-*" and tail <= j and _THEMATIC.match(e, j):
                            leaf = "thematic"
                            break
                        if ch in "-+*":
                            k = j + 1 if j + 1 == n or e[j + 1] == " " else -1
                        else:
                            m = _ORDERED.match(e, j)
                            k = m.end() if m else -1
                        if k > 0:
                            after = k
                            while after < n and e[after] == " ":
                                after += 1
                            empty = after >= n
                            interrupting = para and all_matched
                            if interrupting and (empty or (ch.isdigit() and int(e[j : k - 1]) != 1)):
                                break  # paragraph continuation text
                            del containers[matched:]
                            col = k + 1 if empty or after - k >= 5 else after
                            # Relative to where this container's parent content starts on the line.
                            containers.append(col - pos)
                            matched = len(containers)
                            pos = col
                            opened = True
                            para = False
                            if empty:
                                leaf = "empty item"
                                empty_item = matched
                                break
                            item_col = col
                            j = after
                            continue
                    break

                if leaf == "" and j - pos < 4:
                    ch = e[j]
                    all_matched = matched == len(containers) and not opened
                    if ch == "#" and _ATX.match(e, j):
                        leaf = "heading"
                    elif ch in "`~" and e.startswith(ch * 3, j):
                        k = j
                        while k < n and e[k] == ch:
                            k += 1
                        if ch == "~" or "`" not in e[k:]:
                            leaf = "fence"
                            del containers[matched:]
                            fence = (ch, k - j, len(containers))
                    elif ch == "<":
                        for start_re, end_re, interrupts in _HTML_STARTS:
                            if (interrupts or not para) and start_re.match(e, j):
                                leaf = "html"
                                del containers[matched:]
                                if end_re is None or not end_re.search(e, j + 2):
                                    html = (end_re, len(containers))
                                break
                    elif ch == "=" and para and all_matched and _SETEXT.match(e, j):
                        leaf = "setext"
                    elif ch == "_" and tail <= j and _THEMATIC.match(e, j):
                        leaf = "thematic"

                if saved is not None and leaf not in ("code", "fence", "html"):
                    blanked, in_comment = _blank_comments(e)
                    if blanked != e:
                        # Not code: read the line again with its comments blanked out.
                        containers, para, empty_item, matched, pos = saved
                        containers = containers[:]
                        saved = None
                        e = blanked
                        lead = n - len(e.lstrip(" "))
                        tail = len(e.rstrip(" \t-*_"))
                        continue
                if leaf == "":
                    # Paragraph text: a continuation (lazy when containers did not all match) or a new paragraph.
                    if para:
                        self._text_line(raw, e, j, lineno, True, False)
                        para_lines.append(e[j:])
                    else:
                        del containers[matched:]
                        self._flush()
                        para = True
                        para_lines = [e[j:]]
                        is_item = (item_col >= 0 and j == item_col) or (
                            after_empty_item > 0 and after_empty_item == matched == len(containers) and not opened
                        )
                        self._text_line(raw, e, j, lineno, False, is_item)
                    break
                if leaf == "setext":
                    self._setext(" ".join(para_lines), 1 if e[j] == "=" else 2)
                    para = False
                    para_lines = []
                    break
                # Any other leaf ends the paragraph (and closes unmatched containers).
                del containers[matched:]
                self._flush()
                para = False
                para_lines = []
                if leaf == "heading":
                    self._heading(raw, e, j, lineno)
                break
        self._flush()

    # -- what the lines say ----------------------------------------------------

    def _text_line(self, raw: str, e: str, j: int, lineno: int, continuation: bool, item: bool) -> None:
        """Read one line of paragraph text (the first line of a list item when item)."""
        text = e[j:] if raw is e else _raw_from(raw, j)
        if _PERCENT in text or "<!--" in text:
            text = _cut_comments(text)
        clean = strip_code_spans(text) if "`" in text else text
        tags = find_tags(clean) if "#" in clean else _NONE
        if tags:
            for tag in tags:
                if tag not in self.tag_seen:
                    self.tag_seen.add(tag)
                    self.body.tags.append(tag)
        status: Status | None = None
        if item:
            first = text[:1]
            m = _TASK.match(text) if first == "[" else _LOGSEQ.match(text) if first in "CDLNTW" else None
            if m is not None:
                char = m.group(1)
                if len(char) == 1:
                    status = STATUS_CHARS.get(char)
                    if status is None:
                        status = Status.OPEN
                        self.body.problems.append(
                            Problem(
                                self.path,
                                lineno,
                                j + 2,
                                Severity.INFO,
                                f"unknown status character {char!r}: read as an open task (use ' ', 'x', '-', '/' or '>')",
                            )
                        )
                else:
                    status = LOGSEQ_MARKERS[char]
        fields = find_fields(clean, line_start_key=status is None) if "::" in clean else _NONE
        has_field = False
        for key, value in fields:
            if key == "evidence" and value:
                has_field = True
                self._add_evidence(lineno, value)
        if status is not None:
            assert m is not None
            text = text[m.end() :].rstrip()
            self._task(lineno, j + 1 + m.end(), status, m.group(1), text, clean[m.end() :], tags, fields)
        if continuation and self.block_line:
            self.block_parts.append(text)
        else:
            self.para_task = len(self.body.tasks) - 1 if status is not None else -1
            self.block_line = lineno
            self.block_parts = [text]
            self.block_in_section = self.section > 0
            self.block_status = status
            self.block_win = False
            self.block_has_field = False
        if has_field:
            self.block_has_field = True
        if "win" in tags:
            self.block_win = True

    def _task(
        self,
        lineno: int,
        column: int,
        status: Status,
        char: str,
        text: str,
        clean: str,
        tags: list[str],
        fields: list[tuple[str, str]],
    ) -> None:
        done_date = None
        if status is Status.DONE and "\u2705" in clean:
            found = find_done_date(clean)
            if found is not None:
                try:
                    done_date = datetime.date.fromisoformat(found[0])
                except ValueError as exc:
                    self.body.problems.append(
                        Problem(
                            self.path,
                            lineno,
                            column + found[1],
                            Severity.WARNING,
                            f"done date ✅ {found[0]} is not a real date ({exc}): correct it as YYYY-MM-DD",
                        )
                    )
        if fields:
            first: dict[str, str] = {}
            for key, value in fields:
                first.setdefault(key, value)
            task_fields = tuple(first.items())
        else:
            task_fields = ()
        task_tags = tuple(dict.fromkeys(tags)) if tags else ()
        self.body.tasks.append(
            _new_task(
                {
                    "path": self.path,
                    "line": lineno,
                    "status": status,
                    "char": char,
                    "text": text,
                    "tags": task_tags,
                    "fields": task_fields,
                    "quantities": tuple(find_quantities(clean)),
                    "mva": "mva" in task_tags or has_mva_text(clean),
                    "done_date": done_date,
                }
            )
        )

    def _heading(self, raw: str, e: str, j: int, lineno: int) -> None:
        text = e[j:] if raw is e else _raw_from(raw, j)
        if _PERCENT in text or "<!--" in text:
            text = _cut_comments(text)
        level = len(text) - len(text.lstrip("#"))
        text = _ATX_CLOSE.sub("", text[level:])
        clean = strip_code_spans(text) if "`" in text else text
        if "#" in clean:
            for tag in find_tags(clean):
                if tag not in self.tag_seen:
                    self.tag_seen.add(tag)
                    self.body.tags.append(tag)
        self._section(text, level)

    def _section(self, text: str, level: int) -> None:
        if self.section and level <= self.section:
            self.section = 0
        if heading_key(text) in self.headings:
            self.section = level

    def _setext(self, text: str, level: int) -> None:
        """The open paragraph was a heading all along: it is neither a task nor evidence."""
        if self.para_task >= 0 and self.para_task == len(self.body.tasks) - 1:
            self.body.tasks.pop()
        self.para_task = -1
        self.block_line = 0
        self._section(text, level)

    def _flush(self) -> None:
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


def _new_task(values: dict[str, Any]) -> Task:
    """Return a Task without the frozen-dataclass __init__ (10x faster, the same object).

    A frozen dataclass sets each field through object.__setattr__; filling
    __dict__ directly gives an equal, equally frozen object.  Tasks are the one
    object made per line, so this is where the scanner's time went.
    """
    if _FAST_TASK:
        task = Task.__new__(Task)
        task.__dict__.update(values)
        return task
    return Task(**values)  # pragma: no cover - if Task ever gains slots or __post_init__


_FAST_TASK = not hasattr(Task, "__slots__") and not hasattr(Task, "__post_init__")


def _blank_comments(e: str) -> tuple[str, bool]:
    """Return e with its ``%% … %%`` comments (outside code spans) blanked, and whether one stays open."""
    masked = strip_code_spans(e)
    start = masked.find(_PERCENT)
    if start < 0:
        return e, False
    chars = list(e)
    while start >= 0:
        end = masked.find(_PERCENT, start + 2)
        stop = len(e) if end < 0 else end + 2
        chars[start:stop] = " " * (stop - start)
        if end < 0:
            return "".join(chars), True
        start = masked.find(_PERCENT, stop)
    return "".join(chars), False


def _cut_comments(text: str) -> str:
    """Return text without its ``%% … %%`` and same-line ``<!-- -->`` comments (one space where they were)."""
    if _PERCENT not in text and "<!--" not in text:
        return text
    if _PERCENT in text:
        masked = strip_code_spans(text)
        kept = []
        pos = 0
        while True:
            start = masked.find(_PERCENT, pos)
            if start < 0:
                kept.append(text[pos:])
                break
            kept.append(text[pos:start])
            end = masked.find(_PERCENT, start + 2)
            if end < 0:
                break
            pos = end + 2
        text = " ".join(k.strip(" \t") for k in kept if k.strip(" \t"))
    return strip_pairs(text, "<!--", "-->") if "<!--" in text else text
