"""`mdgoals build sample-journal` end to end: a golden output tree, and the command line.

The golden tree in tests/golden/site/ is compared byte for byte.  After an
intended change of the output, regenerate it and review the diff:

    MDGOALS_REGEN_GOLDEN=1 python -m pytest tests/test_site_golden.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, SAMPLE

from mdgoals.api import load_journal
from mdgoals.engine import compute_report
from mdgoals.site import MANIFEST, build_site

GOLDEN = Path(__file__).parent / "golden" / "site"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_sample(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the journal is named as a user would type it: report.json says "sample-journal"
    root = Path("sample-journal")
    loaded = load_journal(root, exclude_dirs=(out,))
    report = compute_report(loaded.journal, loaded.config, dt.date.fromisoformat(AS_OF))
    build_site(report, out, journal_root=root, notes=[(n.date, n.path) for n in loaded.journal.notes])


def test_sample_site_matches_the_golden_tree(tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_sample(out, monkeypatch)
    built = tree(out)
    if os.environ.get("MDGOALS_REGEN_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
        pytest.skip("golden site regenerated: review the diff and commit it")
    golden = tree(GOLDEN)
    assert sorted(built) == sorted(golden), "the set of files changed (MDGOALS_REGEN_GOLDEN=1 regenerates)"
    for name in sorted(golden):
        assert built[name] == golden[name], f"{name} differs from tests/golden/site/{name} (MDGOALS_REGEN_GOLDEN=1 regenerates)"


def test_sample_dashboard_shows_every_goal():
    report = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))
    index = (GOLDEN / "index.html").read_text(encoding="utf-8")
    for goal in report["goals"]:
        assert f'href="goals/{goal["id"]}.html">' in index
        assert (GOLDEN / "goals" / f"{goal['id']}.html").is_file()
    for week in report["weeks"]:
        assert (GOLDEN / "weeks" / f"{week['label']}.html").is_file()
        assert (GOLDEN / "reviews" / f"{week['label']}.md").is_file()


# ---------------------------------------------------------------------------
# The command line


def test_build_prints_the_index_and_leaves_the_journal_alone(run_cli, sample_journal, tmp_path):
    out = tmp_path / "site"
    result = run_cli(["build", sample_journal, "--out", out], journal=sample_journal)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    assert "written" in result.stderr
    again = run_cli(["build", sample_journal, "--out", out], journal=sample_journal)
    assert again.stdout.strip() == str(out / "index.html")
    assert "0 written" in again.stderr


def test_build_matches_the_golden_tree_through_the_cli(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "site"
    result = run_cli(["build", "sample-journal", "--out", out], journal=SAMPLE)
    assert result.exit_code == 0, result.output
    assert tree(out) == tree(GOLDEN)


def test_build_into_the_journal_is_refused(run_cli, sample_journal):
    result = run_cli(["build", sample_journal, "--out", sample_journal], journal=sample_journal)
    assert result.exit_code == 2
    assert "refusing to build into" in result.stderr and "journal itself" in result.stderr


def test_build_into_the_parent_of_the_journal_is_refused(run_cli, sample_journal):
    result = run_cli(["build", sample_journal, "--out", sample_journal.parent], journal=sample_journal)
    assert result.exit_code == 2
    assert "contains the journal" in result.stderr


def test_build_into_the_notes_folder_is_refused(run_cli, sample_journal):
    result = run_cli(["build", sample_journal, "--out", sample_journal / "journal" / "2026"], journal=sample_journal)
    assert result.exit_code == 2
    assert "holds markdown that mdgoals did not write" in result.stderr


def test_build_inside_the_journal_does_not_read_its_own_output(sample_journal, monkeypatch):
    from click.testing import CliRunner

    from mdgoals.cli import main

    monkeypatch.setenv("MDGOALS_AS_OF", AS_OF)
    out = sample_journal / "journal" / "site"
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", str(sample_journal), "--out", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["journal"]["notes"] == 84
    assert not [p for p in report["problems"] if "site/" in p["path"]]
    week = (out / "weeks" / "2026-W47.html").read_text(encoding="utf-8")
    assert 'href="../../../journal/2026/11/2026-11-18.md"' in week  # the notes, linked from inside the journal
    assert MANIFEST in os.listdir(out)


def test_report_format_html(run_cli, sample_journal, tmp_path):
    result = run_cli(["report", sample_journal, "--format", "html"], journal=sample_journal)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>") and "<style>" in result.stdout
    assert "Weekly review" in result.stdout and "2026-W47" in result.stdout
    out = tmp_path / "review.html"
    run_cli(["report", sample_journal, "--format", "html", "--week", "2026-W45", "--out", out], journal=sample_journal)
    assert "2026-W45" in out.read_text(encoding="utf-8")


def test_build_help_lists_its_options(run_cli):
    result = run_cli(["build", "--help"])
    for option in ("--out", "--as-of", "--config", "--templates", "--clean", "--no-cache"):
        assert option in result.stdout


def test_no_progress_bar_when_stderr_is_piped(run_cli, sample_journal, tmp_path):
    result = run_cli(["build", sample_journal, "--out", tmp_path / "site"], journal=sample_journal)
    assert "building" not in result.stderr and "%" not in result.stderr


def test_progress_bar_on_a_terminal_for_long_builds(monkeypatch):
    import io
    import sys

    from mdgoals.cli import _BuildProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    short = _BuildProgress()
    short(1, 80)
    short.close()
    assert terminal.getvalue() == "", "a short build shows no bar"
    long = _BuildProgress()
    for done in range(1, 401):
        long(done, 400)
    long.close()
    assert "building" in terminal.getvalue()
