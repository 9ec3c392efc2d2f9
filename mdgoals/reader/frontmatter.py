"""Front matter: the YAML mapping between ``---`` lines at the top of a note (SPEC §3).

The YAML is loaded with :mod:`mdgoals.safeyaml` (data, never code), then the
reserved keys are read: ``date``, ``tags``, ``off``/``rest``, ``skip``,
``evidence``; any other number or boolean is a metric.  Lines are file lines:
the YAML's line 1 is the file's line 2.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import SequenceNode

from .. import safeyaml
from ..errors import Problem, Severity
from ..model import EARLIEST_DATE, Config, Evidence, Metric, normalize_tag
from .inline import collapse, find_tags, remove_tag
from .simpleyaml import load_simple

RESERVED = ("date", "tags", "off", "rest", "skip", "evidence")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ])")
_SPLIT = re.compile(r"[,\s]+")


@dataclass
class FrontMatter:
    """What the front matter says; ``body_start`` is the 0-based index of the first body line."""

    body_start: int = 0
    found: bool = False
    valid: bool = True
    date: datetime.date | None = None
    tags: list[str] = field(default_factory=list)
    off: bool = False
    skip: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    metrics: dict[str, Metric] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_CLOSERS = ("---", "...")


def _is_delimiter(line: str, ends: tuple[str, ...] = ("---",)) -> bool:
    return line.rstrip(" \t") in ends


def read_front_matter(lines: list[str], path: str, config: Config) -> FrontMatter:
    """Return the front matter of a note given as lines (LF split, BOM removed)."""
    fm = FrontMatter()
    if not lines:
        return fm
    if not _is_delimiter(lines[0]):
        _check_misplaced(lines, path, fm)
        return fm
    close = 0
    for i in range(1, len(lines)):  # a loop, not next() over a generator: a note's commonest search
        if lines[i].rstrip(" \t") in _CLOSERS:
            close = i
            break
    if not close:
        fm.valid = False
        fm.problems.append(
            Problem(path, 1, 1, Severity.ERROR, "front matter is never closed: add a line '---' after its last key")
        )
        return fm
    fm.found = True
    fm.body_start = close + 1
    simple = load_simple(lines[1:close])
    if simple is not None:  # the common case, read without a YAML parser
        _interpret(simple.value, simple.key_lines, simple.item_lines, path, config, fm)
        return fm
    text = "\n".join(lines[1:close])
    try:
        loaded = safeyaml.load(text)
    except safeyaml.YamlError as exc:
        fm.valid = False
        line = exc.line + 1 if exc.line else 1
        fm.problems.append(
            Problem(path, line, exc.column, Severity.ERROR, f"invalid front matter: {exc.message}{_hint(exc.message)}")
        )
        _salvage_date(lines[1:close], path, fm)
        return fm
    value = loaded.value
    if value is None:
        return fm  # empty front matter is fine
    if not isinstance(value, dict):
        fm.valid = False
        kind = "a list" if isinstance(value, list) else "a single value"
        fm.problems.append(
            Problem(
                path, 2, 1, Severity.ERROR, f"front matter is {kind}, not a mapping: write one 'key: value' per line"
            )
        )
        return fm
    item_lines = {
        key: [safeyaml.node_line(child) for child in node.value]
        for key, node in loaded.key_nodes.items()
        if isinstance(node, SequenceNode)
    }
    _interpret(value, loaded.key_lines, item_lines, path, config, fm)
    return fm


# libyaml says what it met; these say what to do about it.
_HINTS = (
    ("mapping values are not allowed", "quote a value that holds ': ', and start every key at the same column"),
    ("did not find expected key", "start every key at the same column, with no space before it"),
    ("could not find expected ':'", "write each line as 'key: value'"),
    ("expected ',' or ']'", "a list must be closed with ']'"),
    ("expected ',' or '}'", "a mapping must be closed with '}'"),
    ("cannot start any token", "quote a value that starts with @, ` or a tab"),
    ("end of stream", "close the quote"),
    ("duplicate key", "keep one of them"),
)


def _hint(message: str) -> str:
    for problem, hint in _HINTS:
        if problem in message and hint not in message:
            return f": {hint}"
    return ""


def _check_misplaced(lines: list[str], path: str, fm: FrontMatter) -> None:
    """Warn about front matter that does not start on line 1 (a blank line before '---')."""
    first = next((i for i, line in enumerate(lines[:50]) if line.strip()), None)
    if first is None or first == 0 or not _is_delimiter(lines[first].strip()):
        return
    rest = lines[first + 1 : first + 200]
    if any(_is_delimiter(line, ("---", "...")) for line in rest) and rest and ":" in rest[0]:
        fm.problems.append(
            Problem(
                path,
                first + 1,
                1,
                Severity.WARNING,
                "front matter must start on line 1: remove the blank line(s) before '---' (it is read as text)",
            )
        )


def _salvage_date(lines: list[str], path: str, fm: FrontMatter) -> None:
    """Keep a plain ``date: YYYY-MM-DD`` line of invalid front matter: the note stays dated."""
    for i, line in enumerate(lines):
        m = re.match(r"date:[ \t]*['\"]?([0-9]{4}-[0-9]{2}-[0-9]{2})['\"]?[ \t]*$", line)
        if m:
            _set_date(m.group(1), i + 2, path, fm)
            return


def _interpret(
    data: dict[Any, Any], key_lines: dict[str, int], item_lines: dict[str, list[int]], path: str, config: Config, fm: FrontMatter
) -> None:
    """Read the loaded mapping; ``key_lines`` and ``item_lines`` are 1-based lines of the YAML text (a line above the file's)."""
    for raw_key, value in data.items():
        key = str(raw_key)
        line = key_lines.get(key, 0) + 1
        reserved = key.casefold()
        if reserved not in RESERVED:
            if isinstance(value, (bool, int, float)):
                if isinstance(value, float) and not math.isfinite(value):
                    fm.problems.append(
                        Problem(path, line, 1, Severity.WARNING, f"{key}: {value} is not a usable number: write a plain number")
                    )
                else:
                    fm.metrics[key] = Metric(value, line)
            continue
        fm.lines.setdefault(reserved, line)
        if reserved == "date":
            _read_date(value, line, path, fm)
        elif reserved == "tags":
            _read_tags(value, line, path, fm)
        elif reserved in ("off", "rest"):
            if value is True:
                fm.off = True
                fm.lines.setdefault("off", line)
            elif value is not False and value is not None:
                fm.problems.append(
                    Problem(
                        path,
                        line,
                        1,
                        Severity.WARNING,
                        f"{key}: {value!r} is not true or false: write '{key}: true' for a rest day",
                    )
                )
        elif reserved == "skip":
            _read_skip(value, line, _file_lines(item_lines.get(key)), path, config, fm)
        else:
            _read_evidence(value, line, _file_lines(item_lines.get(key)), path, fm)


def _file_lines(yaml_lines: list[int] | None) -> list[int] | None:
    return None if yaml_lines is None else [line + 1 for line in yaml_lines]


def _read_date(value: Any, line: int, path: str, fm: FrontMatter) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str) and _DATE.match(value.strip()):
        _set_date(value.strip()[:10], line, path, fm)
        return
    fm.problems.append(
        Problem(path, line, 1, Severity.WARNING, f"date: {value!r} is not a date: write it as YYYY-MM-DD")
    )


def _set_date(text: str, line: int, path: str, fm: FrontMatter) -> None:
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError as exc:
        fm.problems.append(Problem(path, line, 1, Severity.WARNING, f"date: {text} is not a real date ({exc}): write it as YYYY-MM-DD"))
        return
    if date < EARLIEST_DATE:
        fm.problems.append(
            Problem(path, line, 1, Severity.WARNING, f"date: {text} is before {EARLIEST_DATE.year}: a typo in the year? (not used)")
        )
        return
    fm.date = date
    fm.lines["date"] = line


def _words(value: Any, key: str, line: int, path: str, fm: FrontMatter) -> list[str] | None:
    """Return the words of a list or a comma/space separated string; warn about anything else."""
    if value is None:
        return []
    if isinstance(value, str):
        return [w for w in _SPLIT.split(value) if w]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        words: list[str] = []
        for item in value:
            if isinstance(item, str):
                words.extend(w for w in _SPLIT.split(item) if w)
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                words.append(str(item))
            elif item is not None:
                fm.problems.append(
                    Problem(path, line, 1, Severity.WARNING, f"{key}: {item!r} is not a word: write a list of words")
                )
        return words
    fm.problems.append(
        Problem(path, line, 1, Severity.WARNING, f"{key}: expected a list or a comma-separated string, not {value!r}")
    )
    return None


def _read_tags(value: Any, line: int, path: str, fm: FrontMatter) -> None:
    for word in _words(value, "tags", line, path, fm) or []:
        tag = normalize_tag(word)
        if tag.isdigit():  # as in the body, where #123 is no tag
            fm.problems.append(
                Problem(path, line, 1, Severity.WARNING, f"tags: {word!r} is not a tag: a tag needs a non-digit (as in y{word})")
            )
        elif tag and tag not in fm.tags:
            fm.tags.append(tag)


def _read_skip(value: Any, line: int, lines: list[int] | None, path: str, config: Config, fm: FrontMatter) -> None:
    item_lines: list[int] = []
    if isinstance(value, list) and lines is not None:
        item_lines = lines
    words = _words(value, "skip", line, path, fm) or []
    valid = {g.id for g in config.goals} or {"show-up"}  # no goals: the implicit one
    for i, word in enumerate(words):
        goal_id = word.casefold()
        fm.skip.add(goal_id)
        if goal_id == "all" or goal_id in valid:
            continue
        where = item_lines[i] if i < len(item_lines) and len(item_lines) == len(words) else line
        close = difflib.get_close_matches(goal_id, sorted(valid), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known goals: " + ", ".join(sorted(valid))
        fm.problems.append(Problem(path, where, 1, Severity.WARNING, f"skip: unknown goal {word!r}; {hint}"))


def _read_evidence(value: Any, line: int, lines: list[int] | None, path: str, fm: FrontMatter) -> None:
    if value is None:
        return
    if isinstance(value, str):
        _add_evidence(value, line, path, fm)
        return
    if isinstance(value, list) and lines is not None:
        for item, item_line in zip(value, lines, strict=True):
            if isinstance(item, str):
                _add_evidence(item, item_line, path, fm)
            elif item is not None:
                fm.problems.append(
                    Problem(path, item_line, 1, Severity.WARNING, f"evidence: {item!r} is not text: write a sentence")
                )
        return
    fm.problems.append(
        Problem(path, line, 1, Severity.WARNING, "evidence: expected a sentence or a list of sentences")
    )


def _add_evidence(text: str, line: int, path: str, fm: FrontMatter) -> None:
    tags = find_tags(text)
    if "win" in tags:
        text = remove_tag(text, "win")
        tags = [t for t in tags if t != "win"]
    text = collapse(text)
    if text:
        fm.evidence.append(Evidence(path, line, text, tuple(tags)))
