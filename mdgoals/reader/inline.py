"""What one line of text holds: tags, inline fields, quantities, comments (SPEC §3).

These functions see one line (or one front-matter string) at a time; the
block structure — code, containers, headings — is :mod:`mdgoals.reader.body`'s.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import MAX_QUANTITY, normalize_tag, normalize_unit

_BACKTICKS = re.compile(r"`+")
# Bounded repetitions keep every pattern linear on hostile lines (SPEC §9.4).
_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s<>]*")
# A tag starts after whitespace (or at the start): not in URLs, [[note#heading]] or &#38;.
# ('#' first and the look-behind after it: the regex engine then jumps from '#' to '#'.)
_TAG = re.compile(r"#(?<!\S#)(?:\[\[([^\[\]\n]{1,200})\]\]|([\w\u0300-\u036f/-]+))")
_BRACKET_FIELD = re.compile(
    r"\[([^\[\]():]{1,100}?)::[ \t]*([^\[\]\n]{0,500})\]|\(([^\[\]():]{1,100}?)::[ \t]*([^()\n]{0,500})\)"
)
_LINE_FIELD = re.compile(r"^([^\W\d][\w -]*?)::(?=\s|$)")
# A unit word is followed by neither more word nor '::' (then it is a field's key).
# (The first digit is matched before the look-behind: the regex engine then jumps from digit to digit.)
_NUMBER_UNIT = re.compile(r"([0-9](?<![\w.,:/#-][0-9])(?:\d{0,2}(?:,\d{3})+|\d*(?:\.\d+)?))[ \u00a0]?([^\W\d_]+)(?![\w]|::)")
_MVA_TEXT = re.compile(r"\(mva\)", re.IGNORECASE)
_DONE_DATE = re.compile("\u2705\ufe0f?[ \t]*([0-9]{4}-[0-9]{2}-[0-9]{2})")


def strip_code_spans(text: str) -> str:
    """Return text with inline code spans blanked out (tags and fields are never code).

    A run of backticks opens a span that the next run of the same length
    closes (CommonMark); a run with no partner is literal text.  Linear time.
    """
    if "`" not in text:
        return text
    if text.count("`") == 2:  # the common case: one `code` span, or two lone backticks
        first = text.index("`")
        second = text.index("`", first + 1)
        if second == first + 1:
            return text  # one run of two: no partner
        return text[:first] + " " * (second + 1 - first) + text[second + 1 :]
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    partner: list[int] = [-1] * len(runs)
    last_of_length: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        partner[i] = last_of_length.get(length, -1)
        last_of_length[length] = i
    pieces = []
    done = 0
    i = 0
    while i < len(runs):
        j = partner[i]
        if j < 0:
            i += 1
            continue
        start, end = runs[i][0], runs[j][1]
        pieces.append(text[done:start])
        pieces.append(" " * (end - start))
        done = end
        i = j + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def strip_comments(text: str) -> str:
    """Return text without same-line ``%% … %%`` and ``<!-- … -->`` comments (one space where each was)."""
    if "%%" in text:
        text = strip_pairs(text, "%%", "%%")
    if "<!--" in text:
        text = strip_pairs(text, "<!--", "-->")
    return text


def strip_pairs(text: str, opener: str, closer: str) -> str:
    """Remove each opener … closer span, joining what surrounds it with one space (linear time)."""
    kept = []
    pos = 0
    while True:
        start = text.find(opener, pos)
        end = text.find(closer, start + len(opener)) if start >= 0 else -1
        if end < 0:
            kept.append(text[pos:])
            break
        kept.append(text[pos:start])
        pos = end + len(closer)
    if len(kept) == 1:
        return text
    return " ".join(k.strip(" \t") for k in kept if k.strip(" \t"))


_TAG_CACHE: dict[str, str] = {}
_UNIT_CACHE: dict[str, str] = {}


def _tag(raw: str) -> str:
    tag = _TAG_CACHE.get(raw)
    if tag is None:
        tag = _TAG_CACHE[raw] = normalize_tag(raw)
        if len(_TAG_CACHE) > 10_000:  # bound the memory a hostile journal can take
            _TAG_CACHE.clear()
    return tag


def find_tags(text: str) -> list[str]:
    """Return the normalised tags of text in order (``#a/b``, ``#[[Multi Word]]``; not ``#123``).

    Text must already be free of code spans.
    """
    if "#" not in text:
        return []
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    tags = []
    for words, plain in _TAG.findall(text):
        if words:
            raw = words.strip()
        else:
            raw = plain.rstrip("/")
            if not raw or raw.isdigit():  # #123 is no tag: a tag needs a non-digit
                continue
        if raw:
            tags.append(_tag(raw))
    return tags


def may_hold_tag(text: str) -> bool:
    """Return False when text holds no tag for certain: no '#' at its start, after whitespace or after a '`'.

    (A '#' right after a backtick starts a tag once a code span ending there is blanked out.)
    Most '#' in prose are in URLs (``…/page#part``): they cost a find here, not a tag search.
    """
    at = text.find("#")
    while at >= 0:
        if at == 0 or text[at - 1].isspace() or text[at - 1] == "`":
            return True
        at = text.find("#", at + 1)
    return False


def remove_tag(text: str, tag: str) -> str:
    """Return text without every ``#tag`` (normalised comparison), spaces collapsed."""

    def drop(m: re.Match[str]) -> str:
        raw = m.group(1) if m.group(1) is not None else m.group(2).rstrip("/")
        return " " if normalize_tag(raw) == tag else m.group(0)

    return collapse(_TAG.sub(drop, text))


def collapse(text: str) -> str:
    """Return text with runs of whitespace made one space, stripped."""
    # str.split() splits at exactly the characters \s matches, six times faster than a regex sub.
    return " ".join(text.split())


def find_fields(text: str, *, line_start_key: bool = False) -> list[tuple[str, str]]:
    """Return the inline fields of text as (case-folded key, raw value), in order.

    ``[key:: value]`` and ``(key:: value)`` anywhere; bare ``key:: value`` runs to
    the end of the text or the next bare field.  With ``line_start_key`` the
    text is a whole non-task line and a bare key at its start may hold spaces
    (``Make Progress:: 29``).  Text must already be free of code spans.
    """
    if "::" not in text:
        return []
    if "://" in text:
        text = _URL.sub(_blank, text)
    bracketed: list[tuple[int, str, str]] = []
    if "[" in text or "(" in text:

        def keep(m: re.Match[str]) -> str:
            if m.group(1) is not None:
                bracketed.append((m.start(), _key(m.group(1)), m.group(2).strip()))
            else:
                bracketed.append((m.start(), _key(m.group(3)), m.group(4).strip()))
            return " " * (m.end() - m.start())

        text = _BRACKET_FIELD.sub(keep, text)
    keys: list[tuple[int, int, str]] = []  # start, end of "key::", key
    after = 0
    if line_start_key:
        stripped = text.lstrip()
        m = _LINE_FIELD.match(stripped)
        if m:
            offset = len(text) - len(stripped)
            after = offset + m.end()
            keys.append((offset, after, _key(m.group(1))))
    # Bare keys: found from their '::' backwards (a regex scanning for words backtracks on each one).
    at = text.find("::", after)
    while at >= 0:
        start = at
        while start > after and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1
        end = at + 2
        if start < at and (end == len(text) or text[end].isspace()):
            keys.append((start, end, text[start:at].casefold()))
        at = text.find("::", end)
    fields = [
        (start, key, text[end : keys[i + 1][0] if i + 1 < len(keys) else len(text)].strip())
        for i, (start, end, key) in enumerate(keys)
    ]
    if bracketed:
        fields.extend(bracketed)
        fields.sort()
    return [(key, value) for _, key, value in fields if key]


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _key(key: str) -> str:
    return collapse(key).casefold()


def find_quantities(text: str) -> list[tuple[float, str]]:
    """Return every "number unit-word" pair of text in order (``2,500 words`` is 2500 words).

    Text must already be free of code spans; numbers inside tags (``#10min``)
    and URLs are skipped.
    """
    if "://" in text:
        text = _URL.sub(" ", text)
    found = []
    for number, word in _NUMBER_UNIT.findall(text):
        unit = _UNIT_CACHE.get(word)
        if unit is None:
            unit = _UNIT_CACHE[word] = normalize_unit(word)
            if len(_UNIT_CACHE) > 10_000:
                _UNIT_CACHE.clear()
        value = float(number.replace(",", ""))
        if value < MAX_QUANTITY:  # 5,000 digits are infinity, which would sink every total
            found.append((value, unit))
    return found


def has_mva_text(text: str) -> bool:
    """Return whether text carries the ``(mva)`` marker, in any case."""
    return "(" in text and _MVA_TEXT.search(text) is not None


def find_done_date(text: str) -> tuple[str, int] | None:
    """Return the ``✅ YYYY-MM-DD`` date string of text and its index, or None."""
    if "\u2705" not in text:
        return None
    m = _DONE_DATE.search(text)
    return (m.group(1), m.start(1)) if m else None
