"""Real daily notes written by others (``../shared/corpora``): what the reader must make of them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from mdgoals.errors import Severity
from mdgoals.model import Config, Journal, Status
from mdgoals.reader import read_journal

CORPORA = Path(__file__).parents[2] / "shared" / "corpora"
DIARY = CORPORA / "obsidian-tracker-diary" / "diary"
HEATMAP = CORPORA / "heatmap-calendar-example" / "daily notes"

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are not beside the repository")


@pytest.fixture(scope="module")
def diary() -> Journal:
    return read_journal(DIARY, Config())


@pytest.fixture(scope="module")
def heatmap() -> Journal:
    return read_journal(HEATMAP, Config())


def test_diary_january_2021_says_i_love_you_15_times_out_of_31(diary: Journal) -> None:
    january = [n for n in diary.notes if (n.date.year, n.date.month) == (2021, 1)]
    tasks = [(n.path, t) for n in january for t in n.tasks if t.text == "Say I love you"]
    assert sum(t.status is Status.DONE for _, t in tasks) == 15
    assert sum(t.status is Status.OPEN for _, t in tasks) == 16
    assert sorted(path for path, _ in tasks) == [f"2021-01-{day:02d}.md" for day in range(1, 32)]


def test_diary_only_iso_names_are_dated_by_default(diary: Journal) -> None:
    dated = {n.path for n in diary.notes}
    assert "2021-01-03-Sunday.md" in dated and "2021-01-03.md" in dated
    assert "Jeffrey-20210102-Diary.md" in diary.other_notes and "02.01.2021.md" in diary.other_notes
    assert len(diary.notes) + len(diary.other_notes) == 96
    assert all(n.path[:10] == n.date.isoformat() for n in diary.notes)


def test_diary_clock_in_is_a_string_and_mood_a_metric(diary: Journal) -> None:
    by_path = {n.path: n for n in diary.notes}
    assert "clock-in" not in by_path["2021-01-01.md"].metrics  # 10:45 stays the string "10:45"
    assert "clock-out" not in by_path["2021-01-01.md"].metrics
    assert "mood" not in by_path["2021-01-01.md"].metrics  # an emoji
    friday = by_path["2021-01-01-Friday.md"]
    assert friday.metrics["mood"].value == 6 and friday.metrics["mood"].line == 3
    assert by_path["2021-01-02.md"].metrics["meditation"].value is True
    assert all(not any(k.startswith(("clock", "sleep", "bloodpressure", "bp", "deep")) for k in n.metrics) for n in diary.notes)


def test_diary_tags_from_front_matter_and_body(diary: Journal) -> None:
    note = next(n for n in diary.notes if n.path == "2021-01-01.md")
    assert note.tags[:2] == ("work_log", "work_log2")
    assert {"weight", "exercise-pushup", "finance/bank1", "sin"} <= set(note.tags)


def test_diary_two_notes_for_one_date_are_reported(diary: Journal) -> None:
    warnings = [p for p in diary.problems if p.message.startswith("2 notes for 2021-01-01:")]
    assert [p.message for p in warnings] == [
        "2 notes for 2021-01-01: 2021-01-01-Friday.md, 2021-01-01.md; their items are combined"
    ]


def test_diary_has_no_errors(diary: Journal) -> None:
    assert [p for p in diary.problems if p.severity is Severity.ERROR] == []


def test_heatmap_invalid_yaml_is_reported_with_its_line_and_the_rest_is_read(heatmap: Journal) -> None:
    assert len(heatmap.notes) == 106 and heatmap.other_notes == ()
    errors = [p for p in heatmap.problems if p.severity is Severity.ERROR]
    assert [(p.path, p.line) for p in errors] == [("2022-04-05.md", 4)]
    assert errors[0].message.startswith("invalid front matter:")
    dates = sorted(n.date for n in heatmap.notes)
    assert dates[0] == datetime.date(2022, 1, 1) and dates[-1] == datetime.date(2023, 1, 3)
    assert len(set(dates)) == 106


def test_heatmap_metrics_and_fields(heatmap: Journal) -> None:
    by_path = {n.path: n for n in heatmap.notes}
    assert by_path["2022-04-04.md"].metrics["mood"].value == 6
    assert by_path["2022-04-04.md"].metrics["moneySpent"].value == 275
    assert by_path["2022-04-05.md"].metrics == {}  # its front matter could not be read
    assert all("exercise" not in n.metrics for n in heatmap.notes)  # "30 minutes" is text
    assert all(n.tasks == () for n in heatmap.notes)  # [writing:: true] everywhere, no checkbox
