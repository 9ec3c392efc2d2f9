"""Block structure, line by line: what is code, HTML, a comment, a heading or text (SPEC §3).

:class:`BlockScanner` follows the CommonMark block structure closely enough to
know, line by line, what is code (fenced or indented), raw HTML, a comment
(``<!-- -->`` blocks, Obsidian's ``%% %%``), a heading, a list item or
paragraph text — and it is held to full parsers by the tests.  It keeps only
what it needs: a stack of open containers (block quotes, and list items by how
far their content is indented), whether a paragraph is open, and the open fence
or HTML block.  What the text lines say is for a subclass
(:class:`mdgoals.reader.body._Scanner`) to read, through four hooks.
"""

from __future__ import annotations

import re

from .inline import strip_code_spans

_SPACES = re.compile(" *")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?= |$)")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
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
# "- text" whose text can start no block of its own (no indent, marker, fence, HTML …): the scanner's
# commonest line, read without the general machinery below.  What its text may not start with ("":
# no text):
_NOT_ITEM_TEXT = frozenset(" >+*0123456789#`~<=_%-") | {""}
# What a line must start with to be anything but paragraph text: indentation, a marker, a fence …
# ("" is the empty line).
_BLOCK_STARTERS = frozenset(" \t>-+*0123456789#`~<=_%") | {""}


def _after_spaces(text: str, pos: int) -> int:
    """Return the index of the first non-space at or after pos."""
    m = _SPACES.match(text, pos)
    return m.end() if m else pos


def raw_from(raw: str, col: int) -> str:
    """Return raw from column col on (tabs count to the next multiple of 4)."""
    column = 0
    for i, ch in enumerate(raw):
        if column >= col:
            return raw[i:]
        column = column + 4 - column % 4 if ch == "\t" else column + 1
    return ""


def _blank_comments(e: str, *, code_spans: bool = True) -> tuple[str, bool]:
    """Return e with its ``%% … %%`` comments blanked, and whether one stays open.

    With code_spans, a ``%%`` inside a code span is no comment; without (the rest
    of a line that closes a comment), every ``%%`` counts.
    """
    masked = strip_code_spans(e) if code_spans else e
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


class BlockScanner:
    """Walk the lines of a body and call a hook for each line of text (see the module docstring)."""

    # False when no line of the body holds a '%' (the caller checked the whole text at once):
    # then no line needs searching for '%%', which costs far more than a search for one character.
    percent = True

    def text_line(self, raw: str, e: str, j: int, lineno: int, continuation: bool, item: bool) -> None:
        """Read one line of paragraph text from column j (the first line of a list item when item)."""

    def heading(self, raw: str, e: str, j: int, lineno: int) -> None:
        """Read an ATX heading starting at column j."""

    def setext(self, text: str, level: int) -> None:
        """The open paragraph (text) was a setext heading of level 1 or 2 all along."""

    def end_block(self) -> None:
        """The paragraph or list item being read has ended (called only after a text_line)."""

    def run(self, lines: list[str], start: int) -> None:
        """Scan ``lines[start:]`` (a body: a fresh document) and call the hooks in order."""
        containers: list[int] = []  # -1: block quote; else a list item's content indent (from its parent's content)
        para = False
        fence: tuple[str, int, int] | None = None  # char, length, container depth
        html: tuple[re.Pattern[str] | None, int] | None = None  # end, container depth
        in_comment = False  # inside %% … %%
        para_lines: list[str] = []  # text of the open paragraph (for a setext heading)
        empty_item = 0  # depth of a list item opened empty on the previous line (its text may follow)
        block = False  # a text_line since the last end_block or setext: end_block has something to end
        percent = self.percent
        for idx in range(start, len(lines)):
            raw = lines[idx]
            if fence is None and html is None and not in_comment:
                # Fast paths for the commonest lines; anything unusual takes the general path below.
                first = raw[:1]
                if first not in _BLOCK_STARTERS:
                    if not percent or _PERCENT not in raw:
                        # Text at the start of the line is paragraph text (lazy after containers).
                        empty_item = 0
                        if para:
                            self.text_line(raw, raw, 0, idx + 1, True, False)
                            para_lines.append(raw)
                        else:
                            containers.clear()
                            if block:
                                self.end_block()
                            para = block = True
                            para_lines = [raw]
                            self.text_line(raw, raw, 0, idx + 1, False, False)
                        continue
                elif not raw:
                    # A blank line: it ends a paragraph and the block quotes (no '>'); list items go on.
                    if para:
                        self.end_block()
                        para = block = False
                    para_lines = []
                    if containers:
                        matched = containers.index(-1) if -1 in containers else len(containers)
                        del containers[matched:]
                        if empty_item and empty_item == len(containers):
                            del containers[empty_item - 1 :]  # a list item begins with at most one blank line
                    empty_item = 0
                    continue
                elif first in "-+*# \t" and (not percent or _PERCENT not in raw):
                    if first == "#":
                        if "\t" not in raw and _ATX.match(raw):
                            # A heading at column 0 closes every container and ends the paragraph.
                            containers.clear()
                            empty_item = 0
                            if block:
                                self.end_block()
                            para = block = False
                            para_lines = []
                            self.heading(raw, raw, 0, idx + 1)
                            continue
                    else:
                        e = raw.expandtabs(4) if "\t" in raw else raw
                        lead = 0 if first in "-+*" else len(e) - len(e.lstrip(" "))
                        if (
                            e[lead + 1 : lead + 2] == " "
                            and e[lead] in "-+*"
                            and e[lead + 2 : lead + 3] not in _NOT_ITEM_TEXT
                        ):
                            # "- text" (no block quote around): the list items it is indented past go on,
                            # the others close, and a list item opens whose text is a paragraph.  (An item
                            # indented 4 or more past them is code or lazy text: the general path's.)
                            pos = matched = 0
                            for c in containers:
                                if c < 0 or lead - pos < c:
                                    break
                                pos += c
                                matched += 1
                            if lead - pos < 4:
                                del containers[matched:]
                                containers.append(lead + 2 - pos)
                                empty_item = 0
                                if block:
                                    self.end_block()
                                para = block = True
                                j = lead + 2
                                para_lines = [e[j:]]
                                self.text_line(raw, e, j, idx + 1, False, True)
                                continue
            lineno = idx + 1
            if in_comment:
                close = raw.find(_PERCENT)
                if close < 0:
                    raw = ""
                else:
                    # The rest of a line that closes a comment is no fresh line: its %% open and close
                    # comments whatever it would look like alone (indented code, say).
                    rest, in_comment = _blank_comments(raw[close + 2 :], code_spans=False)
                    raw = " " * (close + 2) + rest
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
            saved = (containers[:], para, empty_item, matched, pos) if percent and _PERCENT in e else None
            # A thematic break holds only its character and spaces: where may one start? (Checking
            # each nested "- - - x" level with a regex would cost the line's length at every level.)
            tail = len(e.rstrip(" \t-*_"))
            while True:
                j = lead if pos <= lead else _after_spaces(e, pos)
                if j >= n:  # a blank line
                    if para:
                        self.end_block()
                    para = block = False
                    para_lines = []
                    # A blank line continues every list item up to the first block quote; a line
                    # blank only once its comments are gone was matched before: match it as blank.
                    while matched < len(containers) and containers[matched] >= 0:
                        matched += 1
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
                        self.text_line(raw, e, j, lineno, True, False)
                        para_lines.append(e[j:])
                    else:
                        del containers[matched:]
                        if block:
                            self.end_block()
                        para = block = True
                        para_lines = [e[j:]]
                        is_item = (item_col >= 0 and j == item_col) or (
                            after_empty_item > 0 and after_empty_item == matched == len(containers) and not opened
                        )
                        self.text_line(raw, e, j, lineno, False, is_item)
                    break
                if leaf == "setext":
                    self.setext(" ".join(para_lines), 1 if e[j] == "=" else 2)
                    para = block = False
                    para_lines = []
                    break
                # Any other leaf ends the paragraph (and closes unmatched containers).
                del containers[matched:]
                if block:
                    self.end_block()
                para = block = False
                para_lines = []
                if leaf == "heading":
                    self.heading(raw, e, j, lineno)
                break
        if block:
            self.end_block()
