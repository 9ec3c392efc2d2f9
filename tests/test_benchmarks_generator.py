"""The benchmark journal generator (benchmarks/generate.py): deterministic, and it writes what SPEC §2–§4 describes.

No timing here: the benchmarks measure, the tests only check the journal they measure.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def year_of_notes() -> dict[str, str]:
    """The notes of the 1-year journal, {relative path: text}, generated in memory."""
    first, last = gen.span(1)
    return dict(gen.iter_notes(first, last))


@pytest.fixture(scope="module")
def year_text(year_of_notes: dict[str, str]) -> str:
    return "\n".join(year_of_notes.values())


def test_one_month_twice_is_byte_identical(tmp_path: Path) -> None:
    first, last = gen.span(months=1)
    a = gen.generate(tmp_path / "a", first, last)
    b = gen.generate(tmp_path / "b", first, last)
    assert a == b
    assert gen.tree_digest(tmp_path / "a") == gen.tree_digest(tmp_path / "b") == a["digest"]
    assert (tmp_path / "a" / gen.MARKER).read_bytes() == (tmp_path / "b" / gen.MARKER).read_bytes()
    # Regenerating in place replaces the journal and gives the same bytes again.
    again = gen.generate(tmp_path / "a", first, last)
    assert again == a and gen.tree_digest(tmp_path / "a") == a["digest"]
    assert gen.read_marker(tmp_path / "a") == a


def test_span_ends_on_the_end_date() -> None:
    assert gen.span(10) == (dt.date(2016, 11, 23), dt.date(2026, 11, 22))
    assert gen.span(100) == (dt.date(1926, 11, 23), dt.date(2026, 11, 22))
    assert gen.span(months=1) == (dt.date(2026, 10, 23), dt.date(2026, 11, 22))


def test_a_day_does_not_depend_on_the_span() -> None:
    # The last ten years of the 100-year journal are the 10-year journal: per-note costs compare like for like.
    month = dict(gen.iter_notes(*gen.span(months=1)))
    year = dict(gen.iter_notes(*gen.span(1)))
    assert month and all(year[path] == text for path, text in month.items())


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("my notes\n")
    with pytest.raises(SystemExit):
        gen.generate(tmp_path, *gen.span(months=1))
    assert [p.name for p in tmp_path.iterdir()] == ["mine.md"]


def test_layout_missing_days_and_size(year_of_notes: dict[str, str]) -> None:
    first, last = gen.span(1)
    days = (last - first).days + 1
    assert all(re.fullmatch(r"\d{4}/\d{2}/\d{4}-\d{2}-\d{2}\.md", p) for p in year_of_notes)
    assert all(p[:7] == p[8:15].replace("-", "/") for p in year_of_notes)  # YYYY/MM/YYYY-MM-...
    assert 0.84 <= len(year_of_notes) / days <= 0.95  # about 10% of the days have no note
    sizes = [len(t.encode()) for t in year_of_notes.values()]
    assert 3000 <= sum(sizes) / len(sizes) <= 5000  # about 4 KB a note
    assert min(sizes) < 1500 and max(sizes) > 8000  # of varied length


def test_every_status_and_structure_is_present(year_text: str) -> None:
    expected = [
        "- [ ] ", "- [x] ", "- [X] ", "- [-] ", "- [/] ", "- [>] ", "* [", "+ [", "1. [",
        "- DONE ", "- TODO ", "- CANCELED ", "- LATER ", "- NOW ",
        "\n  - [", "\n\t- [", "\n    - [", "\n\t\t- [",  # nested lists: spaces and tabs
        "\n```", "\n~~~", "\n> [!todo]", "\n> - [", "\n<!--", "\n%%", "\n    - [x] Write 350 words",
        "\nmood: ", "\nsleep: ", "\nenergy: ", "\nmeditated: true", "\nalcohol: false",
        "\ntags: [", "\nskip: [viola]", "\noff: true", "\nrest: true", "\nevidence:",
        "#writing", "#walk", "#viola", "#walk/park", "#work/email", "#[[Salt Year]]",
        "words:: ", "[words:: ", "[min:: ", "(words:: ", "[mood:: ", " words on chapter", " min #walk",
        "#mva", "(mva)", "\u2705 2", "\n## Evidence", "\n## Wins", " #win", "\nevidence:: ",
    ]
    missing = [s for s in expected if s not in year_text]
    assert not missing


def test_task_like_lines_hide_in_code_comments_and_quotes(year_of_notes: dict[str, str]) -> None:
    fenced = html = callout = 0
    for text in year_of_notes.values():
        fenced += bool(re.search(r"^(```|~~~)[a-z]*\n(?:(?!\1).*\n)*?.*- \[[ x]\].*\n(?:.*\n)*?\1$", text, re.M))
        html += bool(re.search(r"<!--[^>]*- \[x\]", text))
        callout += bool(re.search(r"^> \[!todo\].*\n> - \[", text, re.M))
    assert fenced > 10 and html > 10 and callout > 10


def test_three_to_fifteen_tasks_a_day(year_of_notes: dict[str, str]) -> None:
    task = re.compile(r"^(?:[-*+]|\d+[.)]) (?:\[.\]|DONE|TODO|LATER|NOW|CANCELED) ")
    for path, text in year_of_notes.items():
        block = re.search(r"^#+ (?:Today|Tasks|Micro-actions)\n((?:.+\n)+)", text, re.M)
        assert block, path
        top = [ln for ln in block.group(1).splitlines() if task.match(ln)]
        assert 3 <= len(top) <= 15, path


def test_front_matter_is_a_mapping_with_metrics(year_of_notes: dict[str, str]) -> None:
    with_fm = 0
    for path, text in year_of_notes.items():
        if not text.startswith("---\n"):
            continue
        with_fm += 1
        data = yaml.safe_load(text[4:text.index("\n---\n", 3)])
        assert isinstance(data, dict), path
        if "date" in data:
            assert str(data["date"]) == path[8:18], path
        for key in ("mood", "sleep", "energy", "weight"):
            assert key not in data or isinstance(data[key], (int, float)), path
        assert isinstance(data.get("evidence", []), (str, list)), path
        assert all(isinstance(e, str) for e in data.get("evidence", []) if not isinstance(data["evidence"], str)), path
    assert 0.9 <= with_fm / len(year_of_notes) < 1.0  # a few notes have none


def test_config_has_goals_of_every_kind(tmp_path: Path) -> None:
    gen.generate(tmp_path / "j", *gen.span(months=1))
    config = yaml.safe_load((tmp_path / "j" / "mdgoals.yaml").read_text("utf-8"))
    assert config["notes"] == {"folder": ".", "format": "YYYY/MM/YYYY-MM-DD"}
    goals = config["goals"]
    assert 6 <= len(goals) <= 8
    assert {g.get("every") for g in goals} >= {"daily", "weekdays", "mon,wed,fri", "3/week", "10/month"}
    assert {g.get("level", "daily") for g in goals} >= {"daily", "week", "quarter"}
    assert any("metric" in g for g in goals)
    assert any("target" in g and "mva" in g and g.get("every") == "daily" and "metric" not in g for g in goals)


def test_mdgoals_reads_the_generated_journal_cleanly(tmp_path: Path) -> None:
    """The journal is valid input: report exits 0, counts every note, and finds nothing worse than info."""
    facts = gen.generate(tmp_path / "j", *gen.span(months=1))
    env = {**os.environ, "MDGOALS_AS_OF": "2026-11-22", "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "mdgoals", "report", str(tmp_path / "j"), "--format", "json", "--no-cache"],
                          capture_output=True, env=env, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["journal"]["notes"] == facts["notes"]
    assert [p for p in report["problems"] if p["severity"] != "info"] == []
    assert gen.tree_digest(tmp_path / "j") == facts["digest"]  # read, never written
