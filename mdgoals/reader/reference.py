"""A slow reference for the task scanner, built on mistune's full CommonMark parser.

Used only by the tests: :func:`reference_tasks` must find exactly the tasks that
:func:`mdgoals.reader.body.scan_body` finds.  mistune knows block structure but
not where its tokens came from, nor Obsidian's ``%% %%`` comments, nor task
boxes other than ``[ ]``/``[x]``; so this module

1. records, for every block state mistune creates (a block quote, a list
   item), the file line of its first line — their lines map one to one;
2. blanks out ``%% … %%`` comments outside code and HTML, found on a first
   parse, and parses again;
3. reads the box of each list item's first paragraph line itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mistune import list_parser
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .inline import strip_code_spans

_TASK = re.compile(r"\[(.)\][ \t]+(\S.*)$")
_LOGSEQ = re.compile(r"(DONE|TODO|LATER|NOW|DOING|WAITING|CANCELED|CANCELLED)[ \t]+(\S.*)$")
_COMMENTS = re.compile(r"<!--.*?-->")


class _State(BlockState):
    """A block state that knows the file line of its first line."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.line_offset = 0
        self.next_child_offset = 0
        self.item_offsets: list[int] = []

    def child_state(self, src: str, lazy_line_starts: Any = None) -> _State:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _State)
        child.line_offset = self.next_child_offset
        return child

    def line_at(self, pos: int) -> int:
        """Return the 0-based file line of position pos of this state's text."""
        return self.line_offset + self.src.count("\n", 0, max(pos, 0))


class _Parser(BlockParser):
    state_cls = _State

    def __init__(self) -> None:
        super().__init__()
        self.code_lines: set[int] = set()

    def extract_block_quote(self, m: re.Match[str], state: BlockState) -> tuple[str, int | None, set[int]]:
        assert isinstance(state, _State)
        line = state.line_at(state.cursor)
        result = super().extract_block_quote(m, state)
        # Set after extracting: a block that interrupts a lazy line is parsed meanwhile.
        state.next_child_offset = line
        return result

    def _record(self, state: BlockState, start: int, call: Callable[[], int | None], kinds: tuple[str, ...]) -> int | None:
        """Run a parse method; when it made a code or HTML token, remember its lines."""
        assert isinstance(state, _State)
        before = {id(t) for t in state.tokens}
        end = call()
        if end is not None and any(t["type"] in kinds for t in state.tokens if id(t) not in before):
            first = state.line_at(start)
            last = state.line_at(max(end - 1, start))
            self.code_lines.update(range(first, last + 1))
        return end

    def parse_fenced_code(self, m: re.Match[str], state: BlockState) -> int | None:
        return self._record(state, m.start(), lambda: super(_Parser, self).parse_fenced_code(m, state), ("block_code",))

    def parse_indent_code(self, m: re.Match[str], state: BlockState) -> int:
        end = self._record(state, m.start(), lambda: super(_Parser, self).parse_indent_code(m, state), ("block_code",))
        assert end is not None
        return end

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        start = state.cursor
        return self._record(state, start, lambda: super(_Parser, self)._parse_indent_code_fast(state), ("block_code",))

    def parse_block_html(self, m: re.Match[str], state: BlockState) -> int | None:
        return self._record(state, m.start(), lambda: super(_Parser, self).parse_block_html(m, state), ("block_html",))

    def parse_raw_html(self, m: re.Match[str], state: BlockState) -> int | None:
        return self._record(state, m.start(), lambda: super(_Parser, self).parse_raw_html(m, state), ("block_html",))


@contextmanager
def _item_lines() -> Iterator[None]:
    """Make mistune note the file line of each list item it parses (for the duration)."""
    original = list_parser._parse_list_item
    original_collect = list_parser._collect_list_item_lines

    def hooked(block: Any, bullet: Any, item: Any, token: dict[str, Any], state: Any, rules: Any) -> Any:
        if not isinstance(state, _State):
            return original(block, bullet, item, token, state, rules)
        # The cursor stands just after the item's first line; an item may start with a blank line.
        line = state.line_at(state.cursor - 1)
        first = line + (0 if item.text.strip() else 1)
        # A stack: collecting this item's lines may parse another list on the same state.
        state.item_offsets.append(first)
        try:
            result = original(block, bullet, item, token, state, rules)
        finally:
            state.item_offsets.pop()
        token["children"][-1]["line"] = first
        return result

    def collect(block: Any, list_item_re: Any, break_sc: Any, state: Any, text: Any, continue_width: Any) -> Any:
        result = original_collect(block, list_item_re, break_sc, state, text, continue_width)
        if isinstance(state, _State):
            # The item's own block state is made next; blocks parsed meanwhile made theirs.
            state.next_child_offset = state.item_offsets[-1]
        return result

    list_parser._parse_list_item = hooked
    list_parser._collect_list_item_lines = collect
    try:
        yield
    finally:
        list_parser._parse_list_item = original
        list_parser._collect_list_item_lines = original_collect


def _parse(text: str) -> tuple[list[dict[str, Any]], set[int]]:
    parser = _Parser()
    state = _State()
    state.process(text if text.endswith("\n") else text + "\n")
    with _item_lines():
        parser.parse(state)
    return state.tokens, parser.code_lines


def _blank_front_matter(lines: list[str]) -> None:
    if lines and lines[0].rstrip(" \t") == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip(" \t") in ("---", "..."):
                for k in range(i + 1):
                    lines[k] = ""
                return


def _blank_percent_comments(lines: list[str], code_lines: set[int]) -> list[str]:
    out = []
    inside = False
    for i, line in enumerate(lines):
        if not inside and i in code_lines:
            out.append(line)
            continue
        masked = strip_code_spans(line) if not inside else line
        chars = list(line)
        pos = 0
        start = 0 if inside else -1
        while True:
            hit = masked.find("%%", pos)
            if hit < 0:
                break
            if inside:
                chars[start : hit + 2] = " " * (hit + 2 - start)
                inside = False
                start = -1
            else:
                inside = True
                start = hit
            pos = hit + 2
        if inside:
            chars[start:] = " " * (len(chars) - start)
        out.append("".join(chars))
    return out


def _walk(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        if token["type"] == "list_item":
            yield token
        yield from _walk(token.get("children") or [])


def reference_tasks(text: str) -> list[tuple[int, str, str]]:
    """Return (line, status char or Logseq marker, text) of every task of a whole note.

    Front matter is skipped; lines are 1-based file lines.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _blank_front_matter(lines)
    _tokens, code_lines = _parse("\n".join(lines))
    lines = _blank_percent_comments(lines, code_lines)
    tokens, _ = _parse("\n".join(lines))
    tasks = []
    for item in _walk(tokens):
        children = item.get("children") or []
        if not children or children[0]["type"] not in ("paragraph", "block_text"):
            continue
        first = children[0]["text"].split("\n", 1)[0].rstrip()
        m = _TASK.match(first) or _LOGSEQ.match(first)
        if m:
            body = _COMMENTS.sub(" ", m.group(2))
            tasks.append((item["line"] + 1, m.group(1), " ".join(body.split())))
    return sorted(tasks)
