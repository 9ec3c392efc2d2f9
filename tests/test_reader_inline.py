"""What one line holds: tags, fields, quantities; and the note-level rules around them."""

from __future__ import annotations

import datetime
import threading

import pytest

from mdgoals.model import Config, Status, Task
from mdgoals.reader import body as reader_body
from mdgoals.reader import parse_note
from mdgoals.reader.body import _new_task, heading_key, scan_body
from mdgoals.reader.inline import find_fields, find_quantities, find_tags, strip_code_spans

DAY = datetime.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#a #b/c #[[Multi  Word]] #123 #1a", ["a", "b/c", "multi  word", "1a"]),
        ("x#no (#no) [#no](u) #yes, #yes.", ["yes", "yes"]),
        ("#Ünïcode #ÉTÉ", ["ünïcode", "été"]),
        ("#a/ #-x #_y", ["a", "-x", "_y"]),
        ("", []),
    ],
)
def test_find_tags(text: str, tags: list[str]) -> None:
    assert find_tags(text) == tags


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("words:: 410", [("words", "410")]),
        ("a [b:: 1] c (d:: 2) e:: 3 f:: 4", [("b", "1"), ("d", "2"), ("e", "3"), ("f", "4")]),
        ("see https://x.org/a::b and http://h::80", []),
        ("std::vector a::b", []),
        ("[Long Key:: v]", [("long key", "v")]),
        ("[k::]", [("k", "")]),
    ],
)
def test_find_fields_in_a_task(text: str, fields: list[tuple[str, str]]) -> None:
    assert find_fields(text) == fields


def test_a_line_start_key_may_hold_spaces_only_off_tasks() -> None:
    assert find_fields("Make Progress:: 29", line_start_key=True) == [("make progress", "29")]
    assert find_fields("Make Progress:: 29") == [("progress", "29")]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("410 words", [(410.0, "word")]),
        ("2,500 words and 1.5 hours", [(2500.0, "word"), (1.5, "hours")]),
        ("25min 3 Pages 1 page", [(25.0, "minutes"), (3.0, "page"), (1.0, "page")]),
        ("v2 x3 10:45 am 2026-11-18 #5min words:: 12", []),
        ("see https://x.org/10 min", []),
        ("12\u00a0km", [(12.0, "km")]),
    ],
)
def test_find_quantities(text: str, pairs: list[tuple[float, str]]) -> None:
    assert find_quantities(text) == pairs


def test_strip_code_spans_keeps_positions() -> None:
    assert strip_code_spans("a `#b` c ``d ` e`` f") == "a " + " " * 4 + " c " + " " * 9 + " f"
    assert strip_code_spans("no code") == "no code"


@pytest.mark.parametrize(("heading", "key"), [("🏆 Wins:", "wins"), ("**Evidence**", "evidence"), ("  Wins  ", "wins"), ("Small  wins!", "small wins")])
def test_heading_key(heading: str, key: str) -> None:
    assert heading_key(heading) == key


def test_custom_evidence_headings() -> None:
    lines = ["## Gratitude", "- The sun came out", "## Evidence", "- not evidence here"]
    body = scan_body(lines, 0, "n.md", ("Gratitude",))
    assert [(e.line, e.text) for e in body.evidence] == [(2, "The sun came out")]


@pytest.mark.parametrize(
    ("lines", "tasks"),
    [
        # The rest of a line that closes a comment is no fresh line: a code span there hides no %%.
        (["%%", "end %% `a %% b`", "- [ ] still in the comment", "%%", "- [ ] after"], ["after"]),
        # Outside a comment, a code span does hide it.
        (["`a %% b`", "- [ ] visible"], ["visible"]),
    ],
)
def test_a_line_closing_a_percent_comment_has_no_code_spans(lines: list[str], tasks: list[str]) -> None:
    assert [t.text for t in scan_body(lines, 0, "n.md").tasks] == tasks


def test_fast_task_construction_equals_the_dataclass() -> None:
    values = {"path": "n.md", "line": 3, "status": Status.DONE, "char": "x", "text": "t", "tags": ("a",),
              "fields": (("k", "v"),), "quantities": ((1.0, "page"),), "mva": True, "done_date": DAY}
    fast = _new_task({**values, "path": "", "line": 0}, "n.md", 3)
    assert type(fast) is Task and fast == Task(**values) and hash(fast) == hash(Task(**values))
    with pytest.raises(AttributeError):
        fast.line = 4  # type: ignore[misc]


def test_parse_note_is_pure_and_its_example_holds() -> None:
    note, problems = parse_note("2026-11-18.md", "- [x] Walk 10 min #walk\n", DAY, Config())
    assert note is not None and problems == []
    assert note.tasks[0].quantities == ((10.0, "minutes"),) and note.tags == ("walk",)
    assert parse_note("a.md", "", DAY, Config())[0] == parse_note("a.md", "", DAY, Config())[0]


def test_parse_note_accepts_raw_line_ends_and_a_bom() -> None:
    note, _ = parse_note("n.md", "\ufeff---\r\nmood: 2\r\n---\r- [x] a\r\n", DAY, Config())
    assert note is not None and note.metrics["mood"].value == 2 and note.tasks[0].line == 4


def test_an_undated_note_is_none_without_problems() -> None:
    assert parse_note("ideas.md", "- [?] odd\n", None, Config()) == (None, [])


def test_a_front_matter_date_before_1900_is_taken_for_a_typo() -> None:
    note, problems = parse_note("ideas.md", "---\ndate: 1826-11-18\n---\n- [x] a\n", None, Config())
    assert note is None
    assert [(p.line, p.message) for p in problems] == [(2, "date: 1826-11-18 is before 1900: a typo in the year? (not used)")]
    note, _ = parse_note("ideas.md", "---\ndate: 1900-01-01\n---\n", None, Config())
    assert note is not None and note.date == datetime.date(1900, 1, 1)


def test_skip_with_no_goals_configured_knows_the_implicit_goal() -> None:
    note, problems = parse_note("n.md", "---\nskip: show-up\n---\n", DAY, Config())
    assert note is not None and note.skip == frozenset({"show-up"}) and problems == []


def test_metrics_keep_the_key_as_written() -> None:
    note, _ = parse_note("n.md", "---\nmoneySpent: 3\nTags: a\nRest: true\n---\n", DAY, Config())
    assert note is not None
    assert list(note.metrics) == ["moneySpent"] and note.tags == ("a",) and note.off


HOSTILE = {
    "unclosed multi-word tags": " #[[x" * 40_000,
    "unclosed bracket fields": "[k:: " * 40_000,
    "unclosed parenthesised fields": "(k:: " * 40_000,
    "backtick runs of every length": " ".join("`" * k for k in range(1, 600)),
    "unclosed HTML comments": "x <!-- " * 30_000,
    "spaces then an unclosed %%": " " * 200_000 + "%% x",
    "dotted words before ://": "a." * 100_000 + "://x",
    "nested list markers": "- " * 100_000 + "x",
    "nested quotes": ">" * 200_000 + " - [x] a",
    "a thousand fields": "- [x] " + "k:: v " * 30_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_lines_take_linear_time(name: str) -> None:
    # Quadratic patterns take minutes on these 200 KB lines; linear ones a fraction of a second.
    line = HOSTILE[name]
    done: list[bool] = []
    worker = threading.Thread(target=lambda: done.append(parse_note("n.md", f"{line}\n- [x] {line}\n", DAY, Config()) is not None))
    worker.start()
    worker.join(timeout=60)
    assert done == [True], f"{name}: not read within a minute"


DATED_LINES = [
    "[x] Tidy the desk #home 10 min ✅ 2026-11-17",
    "DONE Walk 20 min #walk ✅ 2026-11-15",
    "[ ] Open #win ✅ 2026-11-15",
    "[?] Unknown status ✅ 2026-11-15",
    "[x] Not a real date ✅ 2026-02-30",
    "[x] Too early ✅ 1826-11-15",
    "[x] A field words:: 350 ✅ 2026-11-14",
    "[x] A bracketed [words:: 40] field ✅ 2026-11-14",
    "[x] Spaces before the mark   ✅ 2026-11-13",
    "[x] ✅ 2026-11-13",
    "[x] Two ✅ 2026-11-12 ✅ 2026-11-11",
    "[x] A `code ✅ 2026-11-10` span ✅ 2026-11-12",
    "[x] Café #café 2,500 words (MVA) ✅ 2026-11-12",
    "Prose ✅ 2026-11-12",
]


@pytest.mark.parametrize("text", DATED_LINES)
def test_a_dated_task_read_from_its_stem_reads_as_the_whole_line(text: str) -> None:
    reader_body._ITEM_LINES.clear()
    whole = reader_body._read_line(text, True)
    assert reader_body._read_item(text) == whole
    assert reader_body._read_item(text) == whole  # the stem remembered now
    reader_body._ITEM_LINES.clear()
