"""The fast line scanner finds exactly the tasks a full CommonMark parser finds.

Three witnesses: the mistune-based reference (:mod:`mdgoals.reader.reference`)
on every case file and every note of the real corpora; and, on random
documents built from the constructs that trip line scanners, markdown-it-py's
CommonMark parser (installed with rich).  Random documents are not held to
mistune: it departs from CommonMark in rare nestings (lazy lines after HTML
blocks, empty items in block quotes …) where the scanner follows the spec.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdgoals.model import Config, Status
from mdgoals.reader.body import scan_body
from mdgoals.reader.frontmatter import read_front_matter
from mdgoals.reader.reference import reference_tasks

CASES = Path(__file__).parent / "cases"
CORPORA = Path(__file__).parents[2] / "shared" / "corpora"


def fast_tasks(text: str) -> list[tuple[int, str, str]]:
    """Return (line, char, text with whitespace collapsed) of the scanner's tasks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front = read_front_matter(lines, "note.md", Config())
    body = scan_body(lines, front.body_start, "note.md")
    return [(t.line, t.char, " ".join(t.text.split())) for t in body.tasks]


def test_fast_and_reference_agree_on_a_note() -> None:
    text = "---\nmood: 3\n---\n- [x] a\n  - [ ] b\n```\n- [ ] c\n```\n> - [/] d\n"
    assert fast_tasks(text) == reference_tasks(text) == [(4, "x", "a"), (5, " ", "b"), (9, "/", "d")]


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.glob("*.md")))
def test_cases_agree_with_reference(name: str) -> None:
    text = (CASES / name).read_bytes().decode("utf-8")
    assert fast_tasks(text) == reference_tasks(text)


CORPUS_FILES = sorted(CORPORA.glob("**/*.md")) if CORPORA.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="the shared corpora are not beside the repository")
def test_corpora_are_there() -> None:
    assert len(CORPUS_FILES) >= 200


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPORA)))
def test_corpora_agree_with_reference(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert fast_tasks(text) == reference_tasks(text)


def test_corpus_tasks_are_found() -> None:
    if not CORPUS_FILES:
        pytest.skip("the shared corpora are not beside the repository")
    found = [t for p in CORPUS_FILES for t in fast_tasks(p.read_text(encoding="utf-8"))]
    assert len(found) == 31  # one "Say I love you" a day in January 2021


def test_a_generated_year_agrees_with_reference(tmp_path: Path) -> None:
    """Every note of a generated year (fences, callouts, comments, nesting, tabs …) reads as mistune reads it."""
    import subprocess
    import sys

    out = tmp_path / "1y"
    generator = Path(__file__).parents[1] / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generator), "--years", "1", "--out", str(out)], check=True, capture_output=True)
    notes = sorted(out.glob("**/*.md"))
    assert len(notes) > 300
    found = 0
    for path in notes:
        text = path.read_bytes().decode("utf-8")
        tasks = fast_tasks(text)
        assert tasks == reference_tasks(text), path.relative_to(out)
        found += len(tasks)
    assert found > 10 * len(notes) / 2


# -- random documents against CommonMark --------------------------------------------------------

markdown_it = pytest.importorskip("markdown_it")
_COMMONMARK = markdown_it.MarkdownIt("commonmark")
_TASK = re.compile(r"\[(.)\][ \t]+(\S.*)$")
_LOGSEQ = re.compile(r"(DONE|TODO|LATER|NOW|DOING|WAITING|CANCELED|CANCELLED)[ \t]+(\S.*)$")


def commonmark_tasks(text: str) -> list[tuple[int, str, str]]:
    """Return the tasks of text as markdown-it's CommonMark parser sees them."""
    lines = text.split("\n")
    if lines and lines[0].rstrip(" \t") == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in ("---", "...")), None)
        if close is not None:
            lines[: close + 1] = [""] * (close + 1)
    tokens = _COMMONMARK.parse("\n".join(lines))
    tasks = []
    for i, token in enumerate(tokens[:-2]):
        if token.type == "list_item_open" and tokens[i + 1].type == "paragraph_open":
            first = tokens[i + 2].content.split("\n", 1)[0].rstrip()
            m = _TASK.match(first) or _LOGSEQ.match(first)
            if m:
                text_ = re.sub(r"<!--.*?-->", " ", m.group(2))
                tasks.append((tokens[i + 1].map[0] + 1, m.group(1), " ".join(text_.split())))
    return sorted(tasks)


PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "      ", "\t", "\t\t", "> ", ">", "> > ", "  > ", ">\t",
            "- ", "* ", "+ ", "1. ", "2) ", "- - ", "-     ", "  - ", "    - ", "- > "]
BODIES = ["[ ] task", "[x] done", "[-] gone", "[?] odd", "TODO thing", "DONE it", "text", "", "```", "~~~",
          "````", "``` info", "<!--", "-->", "<!-- note -->", "<div>", "</div>", "<span>", "<pre>", "</pre>",
          "# head", "---", "===", "***", "* * *", "[ ]", "- [ ] inner", "> [ ] q", "text <!-- c", "[!todo] x"]
lines_ = st.lists(st.tuples(st.sampled_from(PREFIXES), st.sampled_from(BODIES)), min_size=1, max_size=14)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(lines_, st.booleans())
def test_random_documents_agree_with_commonmark(parts: list[tuple[str, str]], final_newline: bool) -> None:
    text = "\n".join(prefix + body for prefix, body in parts) + ("\n" if final_newline else "")
    assert fast_tasks(text) == commonmark_tasks(text)


def test_statuses_of_logseq_markers() -> None:
    lines = ["- DONE a", "- NOW b", "- CANCELED c"]
    assert [t.status for t in scan_body(lines, 0, "n.md").tasks] == [Status.DONE, Status.OPEN, Status.CANCELLED]
