"""`mdgoals report` through click: options, exit codes, diagnostics — and the journal untouched."""

from __future__ import annotations

import json

from conftest import CORPORA


def test_json_report_is_deterministic_and_follows_the_schema(run_cli, sample_journal):
    first = run_cli(["report", sample_journal, "--format", "json"], journal=sample_journal)
    second = run_cli(["report", sample_journal, "--format", "json"], journal=sample_journal)
    assert first.exit_code == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert list(data) == ["schema", "as_of", "journal", "problems", "goals", "weeks", "suggestions"]
    goal = data["goals"][0]
    for key in ("id", "title", "level", "parent", "schedule", "unit", "target", "mva", "start", "end", "streak",
                "forgiving_streak", "strength", "counts", "quantity", "progress", "days"):
        assert key in goal
    week = data["weeks"][-1]
    for key in ("label", "start", "end", "notes", "actions", "goals", "metrics", "evidence"):
        assert key in week
    assert set(week["goals"]["write"]) >= {"due", "done", "mva", "partial", "missed", "unknown", "skipped", "pending",
                                           "rate", "quantity", "met", "remaining"}


def test_as_of_comes_from_the_option_then_the_environment(run_cli, sample_journal):
    env_default = json.loads(run_cli(["report", sample_journal, "--format", "json"], journal=sample_journal).stdout)
    assert env_default["as_of"] == "2026-11-22"  # MDGOALS_AS_OF set by the fixture
    earlier = json.loads(run_cli(["report", sample_journal, "--format", "json", "--as-of", "2026-10-01"]).stdout)
    assert earlier["as_of"] == "2026-10-01"
    assert earlier["journal"]["last_date"] <= "2026-10-01"


def test_week_selects_one_week_and_reviews_it_as_of_its_end(run_cli, sample_journal, monkeypatch):
    monkeypatch.delenv("MDGOALS_AS_OF")
    result = run_cli(["report", sample_journal, "--format", "json", "--week", "2026-W45"], journal=sample_journal)
    data = json.loads(result.stdout)
    assert [w["label"] for w in data["weeks"]] == ["2026-W45"]
    assert data["as_of"] == "2026-11-08"
    md = run_cli(["report", sample_journal, "--week", "2026-W45", "--as-of", "2026-11-22"]).stdout
    assert md.startswith("# Weekly review — 2026-W45")


def test_from_to_range_of_weeks(run_cli, sample_journal):
    data = json.loads(run_cli(["report", sample_journal, "--format", "json", "--from", "2026-10-01", "--to", "2026-10-20"]).stdout)
    assert [w["label"] for w in data["weeks"]] == ["2026-W40", "2026-W41", "2026-W42", "2026-W43"]


def test_bad_options_exit_2_with_a_clear_message(run_cli, sample_journal, tmp_path):
    cases = [
        (["--as-of", "2026-13-01"], "--as-of: '2026-13-01' is not a date"),
        (["--week", "W47"], "--week: 'W47' is not a week"),
        (["--week", "2026-W47", "--from", "2026-11-01"], "--week cannot be combined with --from/--to"),
        (["--from", "2026-11-10", "--to", "2026-11-01"], "is after --to"),
    ]
    for extra, message in cases:
        result = run_cli(["report", sample_journal, *extra], journal=sample_journal)
        assert result.exit_code == 2, extra
        assert message in result.stderr
    missing = run_cli(["report", tmp_path / "nowhere"])
    assert missing.exit_code != 0 and "nowhere" in missing.stderr


def test_out_writes_the_file_and_refuses_the_journal(run_cli, sample_journal, tmp_path):
    out = tmp_path / "review.md"
    result = run_cli(["report", sample_journal, "--out", out], journal=sample_journal)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Weekly review")
    refused = run_cli(["report", sample_journal, "--out", sample_journal / "review.md"], journal=sample_journal)
    assert refused.exit_code == 2 and "inside the journal" in refused.stderr
    assert not (sample_journal / "review.md").exists()


def test_config_errors_exit_2_with_file_and_line(run_cli, sample_journal):
    config = sample_journal / "mdgoals.yaml"
    config.write_text("week_start: mondey\ngoals:\n  - id: write\n    every: dayly\n", encoding="utf-8")
    result = run_cli(["report", sample_journal], journal=sample_journal)
    assert result.exit_code == 2
    assert "mdgoals.yaml:1:" in result.stderr and "did you mean 'monday'" in result.stderr
    assert "mdgoals.yaml:4:" in result.stderr and "'daily'" in result.stderr


def test_one_bad_note_is_reported_and_the_rest_is_read(run_cli, tmp_path):
    import shutil

    journal = tmp_path / "heatmap"
    shutil.copytree(CORPORA / "heatmap-calendar-example", journal)
    result = run_cli(["report", journal, "--format", "json", "--as-of", "2023-01-31"], journal=journal)
    assert result.exit_code == 0
    assert "2022-04-05.md:" in result.stderr and "error" in result.stderr
    data = json.loads(result.stdout)
    assert data["journal"]["notes"] == 106
    assert any(p["path"].endswith("2022-04-05.md") and p["line"] > 0 for p in data["problems"])
    strict = run_cli(["report", journal, "--as-of", "2023-01-31", "--strict"], journal=journal)
    assert strict.exit_code == 1


def test_zero_config_uses_the_implicit_goal(run_cli, tmp_path):
    journal = tmp_path / "plain"
    journal.mkdir()
    (journal / "2026-11-20.md").write_text("- [x] something\n", encoding="utf-8")
    (journal / "2026-11-21.md").write_text("- [ ] something\n", encoding="utf-8")
    data = json.loads(run_cli(["report", journal, "--format", "json"], journal=journal).stdout)
    assert [g["id"] for g in data["goals"]] == ["show-up"]
    assert data["goals"][0]["days"] == {"2026-11-20": "done", "2026-11-21": "missed", "2026-11-22": "pending"}


def test_tracker_diary_january_2021(run_cli):
    journal = CORPORA / "obsidian-tracker-diary" / "diary"
    data = json.loads(run_cli(["report", journal, "--format", "json", "--as-of", "2021-02-01"], journal=journal).stdout)
    days = data["goals"][0]["days"]
    january = {k: v for k, v in days.items() if k.startswith("2021-01")}
    assert sum(v == "done" for v in january.values()) == 15
    assert sum(v == "missed" for v in january.values()) == 16


def test_only_a_process_started_for_one_command_freezes_its_objects(run_cli, sample_journal):
    import gc
    import subprocess
    import sys

    before = gc.get_freeze_count()
    run_cli(["report", sample_journal, "--format", "json", "--no-cache"], journal=sample_journal)
    assert gc.get_freeze_count() == before  # in-process (tests, a host program): nothing frozen for ever
    script = (
        "import gc, sys\n"
        "sys.argv = ['mdgoals', 'report', sys.argv[1], '--format', 'json', '--no-cache', '--as-of', '2026-11-22']\n"
        "import mdgoals.cli as cli\n"
        "real = cli.settle\n"
        "def settle():\n"
        "    real(); print('frozen', gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "cli.settle = settle\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(sample_journal)], capture_output=True, text=True)
    assert done.returncode == 0 and "frozen True" in done.stderr, done.stderr
