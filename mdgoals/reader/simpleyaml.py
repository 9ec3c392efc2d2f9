"""The common front matter read without a YAML parser: ``key: value`` lines, short lists.

Most daily notes hold a handful of ``mood: 4``, ``tags: [a, b]`` and ``evidence:``
lines followed by ``  - a sentence``.  libyaml reads them in 40–60 µs a note (most
of it building and checking a node tree); this reads them in a few.  It accepts
only a strict subset whose meaning under YAML 1.2 (as :mod:`mdgoals.safeyaml`
resolves it) is certain, and gives up — returns None — on anything else: a
comment, a tab, a quote with an escape, a nested value, a ``: `` inside a value,
a duplicate key, a non-printable character…  The caller then uses
:mod:`mdgoals.safeyaml`, so what this accepts must load exactly as safeyaml
loads it (held to it by ``tests/test_reader_simpleyaml.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..safeyaml import MAX_INT_DIGITS

MAX_CHARS = 64 * 1024  # larger front matter goes to safeyaml, which caps the size

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +(.*))?$")
_ITEM_LINE = re.compile(r"( *)- +(.*)$")
# A value that is certainly one plain scalar: it starts with a letter, digit or one of a few safe
# characters, and holds no comment, mapping, flow or quote indicator that could change its meaning.
_PLAIN = re.compile(r"(?:[^\W_]|[_(/]|[-+.](?=[0-9]))[^#:\[\]{}\"`\t]*$")
_NOT_STR_KEY = frozenset(("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"))
# The YAML 1.2 core schema, as mdgoals.safeyaml resolves plain scalars.
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = frozenset(("~", "null", "Null", "NULL", ""))
_INT = re.compile(r"[-+]?[0-9]+$")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o|0x")


@dataclass
class SimpleLoaded:
    """A mapping read by :func:`load_simple`: its value, and file-relative lines as safeyaml's ``Loaded`` gives them.

    ``key_lines`` maps each key to its 1-based line in the YAML text;
    ``item_lines`` maps each key whose value is a list to the 1-based YAML line
    of every item.
    """

    value: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)


# "key: scalar" lines read before, by their text, and what they hold (immutable: a str, number,
# bool or None).  Daily notes repeat them: "mood: 4", "alcohol: false", "weather: fog" …
_SCALAR_LINES: dict[str, tuple[str, Any]] = {}
_SCALAR_LINES_MAX = 10_000


class _GiveUp(Exception):
    """Not in the subset: let safeyaml read it."""


def _scalar(text: str) -> Any:
    """Return the value of a plain scalar, resolved as YAML 1.2's core schema does."""
    if text in _BOOL:
        return _BOOL[text]
    if text in _NULL:
        return None
    if text[0] in "-+.0123456789":
        if _SPECIAL.match(text):
            raise _GiveUp
        if _INT.match(text):
            if len(text.lstrip("+-")) > MAX_INT_DIGITS:
                raise _GiveUp  # safeyaml says why it refuses it
            return int(text)
        if _FLOAT.match(text):
            return float(text)
    return text


def _value(text: str) -> Any:
    """Return the value of one scalar as written after ``key:`` or ``-`` (spaces around it removed)."""
    first = text[:1]
    if first == '"' or first == "'":
        if len(text) < 2 or text[-1] != first or first in text[1:-1] or "\\" in text or not text.isprintable():
            raise _GiveUp
        return text[1:-1]
    if text == "~":
        return None
    if not _PLAIN.match(text) or ": " in text or text.endswith(":") or not text.isprintable():
        raise _GiveUp
    return _scalar(text)


def _flow_list(text: str) -> list[Any]:
    """Return the items of a one-line ``[a, b]`` list of plain scalars."""
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items = []
    for part in inner.split(","):
        item = part.strip(" ")
        if not item or "," in item or not _PLAIN.match(item) or not item.isprintable():
            raise _GiveUp
        items.append(_scalar(item))
    return items


def load_simple(lines: list[str]) -> SimpleLoaded | None:
    """Return the mapping the YAML lines hold, or None when they are not in the simple subset.

    >>> load_simple(["mood: 4", "tags: [a, b]", "evidence:", "  - Did it."]).value
    {'mood': 4, 'tags': ['a', 'b'], 'evidence': ['Did it.']}
    >>> load_simple(["note: see: this"]) is None
    True
    """
    if sum(map(len, lines)) > MAX_CHARS or "\t" in "".join(lines):
        return None
    result = SimpleLoaded({})
    value, key_lines, item_lines = result.value, result.key_lines, result.item_lines
    open_key: str | None = None  # a "key:" with nothing after it: a block list may follow
    indent = -1  # its items' indentation, once known
    try:
        for i, line in enumerate(lines):
            if not line:
                continue
            if open_key is not None and (line[0] == " " or line[0] == "-"):
                m = _ITEM_LINE.match(line)
                if m is None or (indent >= 0 and len(m.group(1)) != indent):
                    return None
                indent = len(m.group(1))
                item = m.group(2).rstrip(" ")
                if not item or item[0] == "-" and item[1:2] in ("", " "):
                    return None  # an empty or nested item
                if value[open_key] is None:
                    value[open_key] = []
                    item_lines[open_key] = []
                value[open_key].append(_value(item))
                item_lines[open_key].append(i + 1)
                continue
            known = _SCALAR_LINES.get(line)
            if known is not None:
                key, scalar = known
                if key in value:
                    return None
                key_lines[key] = i + 1
                value[key] = scalar
                open_key, indent = None, -1
                continue
            m = _KEY_LINE.match(line)
            if m is None:
                return None
            key, text = m.group(1), m.group(2)
            if key in value or key in _NOT_STR_KEY:
                return None
            key_lines[key] = i + 1
            text = (text or "").strip(" ")
            open_key, indent = None, -1
            if not text:
                value[key] = None
                open_key = key
            elif text[0] == "[":
                if not text.endswith("]") or any(c in text[1:-1] for c in "[]{}\"'#:"):
                    return None
                value[key] = _flow_list(text)
                item_lines[key] = [i + 1] * len(value[key])
            else:
                value[key] = _value(text)
                if len(_SCALAR_LINES) >= _SCALAR_LINES_MAX:  # bound the memory a hostile journal can take
                    _SCALAR_LINES.clear()
                _SCALAR_LINES[line] = (key, value[key])
    except _GiveUp:
        return None
    return result if value else None
