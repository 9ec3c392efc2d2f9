"""mdgoals check: exact diagnostics on a hostile journal, exit codes (SPEC §6), JSON, speed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mdgoals.check import PLANNED_DAYS

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile-check" / "vault"
EXPECTED = (FIXTURES / "hostile-check" / "expected.txt").read_text(encoding="utf-8").splitlines()
VAULTS = FIXTURES / "vaults"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"

RunCli = Callable[..., Result]


def _copy(src: Path, tmp_path: Path) -> Path:
    dest = tmp_path / src.name
    shutil.copytree(src, dest, symlinks=True)
    return dest


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# The hostile fixture: one of each problem, pinned line by line.


def test_hostile_journal_gives_exactly_the_expected_diagnostics(run_cli: RunCli) -> None:
    result = run_cli(["check", HOSTILE, "--verbose"], journal=HOSTILE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == EXPECTED
    assert result.stdout == f"{HOSTILE}: 13 daily notes checked: 3 errors, 8 warnings, 5 info\n"


def test_expected_diagnostics_cover_every_kind_the_issue_names() -> None:
    text = "\n".join(EXPECTED)
    for needle in (
        "invalid front matter",  # bad front matter, with line and column
        "front matter is a list",
        "skip: unknown goal 'violin'; did you mean 'viola'?",
        "unknown status character '?'",
        "the file name says 2026-11-04 but front matter says date: 2026-11-05",
        "2 notes for 2026-11-06",  # duplicate dates
        "after as-of",  # future notes
        "invalid UTF-8",
        "sync-conflict copy",
        "outside the daily-notes folder",
        "not a daily note",
        "a weekly note, not a daily note",  # a weekly note with date: is still not daily
        "binary file",
    ):
        assert needle in text, needle


def test_without_verbose_info_is_counted_not_listed(run_cli: RunCli) -> None:
    result = run_cli(["check", HOSTILE], journal=HOSTILE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line for line in EXPECTED if ": info: " not in line]
    assert result.stdout.endswith("5 info (--verbose lists them)\n")


def test_json_lists_every_problem_in_order(run_cli: RunCli) -> None:
    result = run_cli(["check", HOSTILE, "--format", "json"], journal=HOSTILE)
    assert result.exit_code == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == ["schema", "root", "as_of", "layout", "notes", "strict", "exit_code", "counts", "problems"]
    assert data["schema"] == "mdgoals/check/1"
    assert (data["as_of"], data["notes"], data["exit_code"]) == ("2026-11-22", 13, 1)
    assert data["counts"] == {"error": 3, "warning": 8, "info": 5}
    lines = []
    for p in data["problems"]:
        where = (
            p["path"]
            + (f":{p['line']}" if p["line"] else "")
            + (f":{p['column']}" if p["line"] and p["column"] else "")
        )
        lines.append(f"{where}: {p['severity']}: {p['message']}")
    assert lines == EXPECTED


# ---------------------------------------------------------------------------
# Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 config or usage.


@pytest.mark.parametrize("layout", sorted(p.name for p in VAULTS.iterdir()))
def test_vault_fixtures_are_clean(run_cli: RunCli, layout: str) -> None:
    result = run_cli(["check", VAULTS / layout, "--strict"], journal=VAULTS / layout)
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.stderr and ": warning: " not in result.stderr


def test_warnings_fail_only_with_strict(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, "2026-11-20.md", "---\nskip: [nope]\n---\n- [x] Walk #walk\n")
    assert run_cli(["check", tmp_path], journal=tmp_path).exit_code == 0
    strict = run_cli(["check", tmp_path, "--strict"], journal=tmp_path)
    assert strict.exit_code == 1
    assert "2026-11-20.md:2:1: warning: skip: unknown goal 'nope'" in strict.stderr
    assert (
        json.loads(run_cli(["check", tmp_path, "--strict", "--format", "json"], journal=tmp_path).stdout)["exit_code"]
        == 1
    )


def test_info_never_fails_even_with_strict(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, "2026-11-20.md", "- [?] odd status #walk\n")
    _write(tmp_path, "ideas.md", "# Ideas\n")
    result = run_cli(["check", tmp_path, "--strict", "-v"], journal=tmp_path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "2026-11-20.md:1:4: info: unknown status character '?': read as an open task (use ' ', 'x', '-', '/' or '>')",
        "ideas.md: info: not a daily note: no date in its name (YYYY-MM-DD) or its front matter (date:)",
    ]


def test_invalid_config_exits_2_with_every_problem(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, "mdgoals.yaml", "week_start: mondy\ngoals:\n  - id: Write\n")
    _write(tmp_path, "2026-11-20.md", "- [x] Walk #walk\n")
    result = run_cli(["check", tmp_path], journal=tmp_path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("mdgoals.yaml:1:13: error: week_start: ") and "did you mean 'monday'" in lines[0]
    assert lines[1].startswith("mdgoals.yaml:3:9: error: goals[0].id: ")
    assert "the configuration has errors" in result.stdout
    data = json.loads(run_cli(["check", tmp_path, "--format", "json"], journal=tmp_path).stdout)
    assert data["exit_code"] == 2 and data["counts"]["error"] == 2


def test_missing_journal_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(["check", tmp_path / "nowhere"])
    assert result.exit_code == 2
    assert "journal folder not found" in result.stderr


def test_bad_as_of_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(["check", tmp_path, "--as-of", "2026-13-01"], journal=tmp_path)
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


# ---------------------------------------------------------------------------
# The checks check.py adds itself.


def test_future_notes_are_info_when_planned_and_warnings_when_far(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, "2026-11-22.md", "- [x] today #walk\n")
    _write(tmp_path, f"2026-11-{22 + PLANNED_DAYS}.md", "- [ ] planned #walk\n")
    _write(tmp_path, "2026-11-30.md", "---\ndate: 2026-11-30\n---\n- [ ] a week and a day ahead #walk\n")
    result = run_cli(["check", tmp_path, "-v"], journal=tmp_path)
    assert result.stderr.splitlines() == [
        "2026-11-29.md: info: dated 2026-11-29, after as-of 2026-11-22: a note planned ahead counts from that day on",
        "2026-11-30.md:2:1: warning: dated 2026-11-30, 8 days after as-of 2026-11-22: a typo in the date? It is ignored until then",
    ]
    assert run_cli(["check", tmp_path, "--as-of", "2026-11-30"], journal=tmp_path).stderr == ""


def test_periodic_notes_of_the_vault_are_named_as_such(run_cli: RunCli, tmp_path: Path) -> None:
    vault = _copy(VAULTS / "obsidian-periodic-1x", tmp_path)
    _write(vault, "Periodic/Weeks/2026-W47.md", "# Week 47\n- [ ] plan\n")
    _write(vault, "Periodic/Days/2026-W48.md", "---\ndate: 2026-11-23\n---\n# Week 48, in the wrong folder\n")
    result = run_cli(["check", vault, "-v"], journal=vault)
    assert "Periodic/Weeks/2026-W47.md: info: a weekly note, not a daily note" in result.stderr.splitlines()
    # Named like a weekly note: not a daily note even with a date: in its front matter.
    assert "Periodic/Days/2026-W48.md: info: a weekly note, not a daily note" in result.stderr.splitlines()


def test_vault_settings_warnings_are_reported(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, ".obsidian/daily-notes.json", "{not json")
    _write(tmp_path, "2026-11-20.md", "- [x] Walk #walk\n")
    result = run_cli(["check", tmp_path, "--strict"], journal=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(".obsidian/daily-notes.json:1:2: warning: invalid JSON")


@pytest.mark.parametrize("corpus", ["obsidian-tracker-diary", "heatmap-calendar-example"])
def test_real_corpora_check_without_errors(run_cli: RunCli, corpus: str) -> None:
    root = CORPORA / corpus
    if not root.is_dir():
        pytest.skip(f"corpus not present: {root}")
    result = run_cli(["check", root, "--format", "json"], journal=root)
    data = json.loads(result.stdout)
    assert result.exit_code == data["exit_code"] == (1 if data["counts"]["error"] else 0)
    assert data["notes"] > 50
    if corpus == "obsidian-tracker-diary":
        infos = {p["path"]: p["message"] for p in data["problems"] if p["severity"] == "info"}
        # Names that only contain a date somewhere are not daily notes: reported, never guessed at.
        assert infos["diary/Jeffrey-20210102-Diary.md"].startswith("not a daily note")


# ---------------------------------------------------------------------------
# Fast enough for a pre-commit hook.


def test_ten_years_of_notes_are_all_checked(run_cli: RunCli, tmp_path: Path) -> None:
    """Ten years of notes in nested folders: every one is checked (speed is the benchmarks' business)."""
    root = tmp_path / "ten-years"
    day_text = "---\nmood: 4\nsleep: 7.5\n---\n# Day\n\n- [x] Write 350 words #writing\n- [ ] Walk 20 min #walk\n\n## Evidence\n- a win\n"
    first = dt.date(2016, 11, 23)
    for i in range(3652):
        day = first + dt.timedelta(days=i)
        _write(root, f"{day:%Y}/{day:%m}/{day.isoformat()}.md", day_text)
    result = run_cli(["check", root], journal=root)
    assert result.exit_code == 0, result.output
    assert "3652 daily notes checked" in result.stdout
