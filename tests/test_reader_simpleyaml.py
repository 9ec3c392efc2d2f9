"""The simple front-matter reader loads exactly what safeyaml loads, or gives up.

:mod:`mdgoals.reader.simpleyaml` reads the common ``key: value`` front matter
without libyaml.  Whatever it accepts must load as :mod:`mdgoals.safeyaml`
loads it — the same values of the same types, the same key and item lines —
on every real note and on random documents built from the pieces that change
what YAML means.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import SequenceNode

from mdgoals import safeyaml
from mdgoals.reader.simpleyaml import load_simple

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


def assert_same_as_safeyaml(lines: list[str]) -> bool:
    """Assert that load_simple agrees with safeyaml on lines; return whether it accepted them."""
    simple = load_simple(lines)
    if simple is None:
        return False
    loaded = safeyaml.load("\n".join(lines))  # must not raise: the subset is valid YAML
    item_lines = {
        key: [safeyaml.node_line(child) for child in node.value]
        for key, node in loaded.key_nodes.items()
        if isinstance(node, SequenceNode)
    }
    # repr: 1, 1.0 and True are equal in Python but not the same value.
    assert repr(simple.value) == repr(loaded.value), lines
    assert simple.key_lines == loaded.key_lines, lines
    assert simple.item_lines == item_lines, lines
    return True


def front_matters(roots: list[Path]) -> list[list[str]]:
    out = []
    for root in roots:
        for path in sorted(root.glob("**/*.md")):
            lines = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
            if not lines or lines[0].rstrip(" \t") != "---":
                continue
            close = next((i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in ("---", "...")), None)
            if close is not None:
                out.append(lines[1:close])
    return out


def test_the_example_and_the_kinds_of_values() -> None:
    simple = load_simple(
        ["mood: 4", "sleep: 7.5", "off: false", "skip: [viola, 3]", "", "evidence:", "  - Played it.", "  - 'Quoted: yes'",
         "date: 2026-11-18", "tags: a, b", "place: \"café\"", "none:", "n: ~", "big: -12", "e: 1e3", "word: no"]
    )
    assert simple is not None
    assert simple.value == {
        "mood": 4, "sleep": 7.5, "off": False, "skip": ["viola", 3], "evidence": ["Played it.", "Quoted: yes"],
        "date": "2026-11-18", "tags": "a, b", "place": "café", "none": None, "n": None, "big": -12, "e": 1000.0, "word": "no",
    }
    assert simple.key_lines["evidence"] == 6 and simple.item_lines == {"skip": [4, 4], "evidence": [7, 8]}


@pytest.mark.parametrize(
    "lines",
    [
        ["note: see: this"],  # a mapping inside the value
        ["a: 1 # comment"],
        ["a: 1", "a: 2"],  # duplicate key: safeyaml says so
        ["a:\tb"],
        ["a: [1, [2]]"],
        ["a: {b: 1}"],
        ["a: &x 1"],
        ["a: !tag 1"],
        ["a: |", "  text"],
        ["a: \"esc\\n\""],
        ["a: 'it''s'"],
        ["a:", "  b: 1"],
        ["a:", "  - x", "    more"],
        ["a:", "  - x", " - y"],
        ["a:", "  - - x"],
        ["a:", "  -"],
        ["  a: 1"],
        ["- a"],
        ["true: 1"],
        ["a: 0x1F"],
        ["a: .inf"],
        ["a: " + "9" * 101],
        ["a: x\u00a0y"],
        ["a: [b,]"],
        ["# only a comment"],
        [""],
        [],
    ],
)
def test_gives_up_on_anything_else(lines: list[str]) -> None:
    assert load_simple(lines) is None


def test_every_generated_and_case_front_matter_agrees(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--years", "1", "--out", str(tmp_path / "1y")],
        check=True, capture_output=True,
    )
    roots = [tmp_path / "1y", REPO / "tests" / "cases", REPO / "sample-journal"]
    if CORPORA.is_dir():
        roots.append(CORPORA)
    found = front_matters(roots)
    accepted = sum(assert_same_as_safeyaml(lines) for lines in found)
    assert len(found) > 300 and accepted > 0.8 * len(found)  # the common case is the fast one


_KEYS = st.sampled_from(["a", "mood", "tags", "skip", "evidence", "off", "x_y", "k-1", "True", "null", "no", "on", "a b"])
_SCALARS = st.sampled_from(
    ["1", "-1", "+1", "01", "1.5", "1.", ".5", "-.5", "1e3", "1E-2", "1_000", "0o7", "0x1f", ".inf", "-.Inf", ".nan", "inf",
     "true", "False", "TRUE", "tRue", "yes", "no", "on", "~", "null", "Null", "NULL", "nil", "", "9:30", "2026-11-18",
     "a b", "a  b", "a, b", "a,b", "it's", "café", "x#y", "x #y", "a: b", "a:b", "-", "- a", "-a", "?", "? a", ":", ":a",
     "&a", "*a", "!a", "|", ">", "%", "@", "`a`", "(mva)", "/path", "_x", "[a]", "[a, b]", "[]", "[ ]", "[a,]", "{a: 1}",
     "\"q\"", "\"q\\\"\"", "'q'", "'q''q'", "\"a: b\"", "'#'", "x\u00a0y", "\u2028", "\ufeff", "é\u0301", "1 2", "...", "---"]
)


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(_KEYS)
        kind = draw(st.sampled_from(["scalar", "flow", "block", "empty", "junk"]))
        space = draw(st.sampled_from([" ", "  ", ""]))
        if kind == "scalar":
            lines.append(f"{key}:{space}{draw(_SCALARS)}{draw(st.sampled_from(['', ' ', '  ']))}")
        elif kind == "flow":
            items = draw(st.lists(_SCALARS, max_size=4))
            sep = draw(st.sampled_from([", ", ",", " , "]))
            lines.append(f"{key}:{space}[{sep.join(items)}]")
        elif kind == "block":
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", " ", "  ", "    "]))
            for item in draw(st.lists(_SCALARS, min_size=1, max_size=3)):
                lines.append(f"{draw(st.sampled_from([indent, indent, '  ']))}-{draw(st.sampled_from([' ', '  ', '']))}{item}")
                if draw(st.booleans()):
                    lines.append("")
        elif kind == "empty":
            lines.append(f"{key}:")
        else:
            lines.append(draw(st.sampled_from(["", " ", "#c", "\t", "  x: 1", "- a", "a", ":", "...", "%YAML 1.2"])))
    return lines


@settings(max_examples=3000, deadline=None)
@given(documents())
def test_random_documents_agree_with_safeyaml(lines: list[str]) -> None:
    assert_same_as_safeyaml(lines)


def test_a_remembered_line_is_read_as_before() -> None:
    first = load_simple(["mood: 4", "weather: fog"])
    again = load_simple(["x: 1", "weather: fog", "mood: 4"])
    assert first is not None and again is not None
    assert again.value == {"x": 1, "weather": "fog", "mood": 4} and again.key_lines == {"x": 1, "weather": 2, "mood": 3}
    assert load_simple(["mood: 4", "mood: 4"]) is None  # a duplicate key, remembered or not
