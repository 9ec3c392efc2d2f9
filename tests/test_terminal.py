"""The terminal view (``report --format text``): 80 columns, block cells, colour only when asked, notes escaped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from builders import d, goal, note, report, task
from rich.cells import cell_len

from mdgoals.api import Loaded, Sources
from mdgoals.model import Config, Journal, Level
from mdgoals.reader import Scan
from mdgoals.render import render_report
from mdgoals.render.terminal import clean, render_terminal

AS_OF = "2026-11-22"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the only escape sequences the view may contain: colours


def daily_goals() -> list:
    return [
        goal("novel", title="Write a novel", level=Level.VISION, match_tags=()),
        goal("draft", title="First 40,000 words", level=Level.QUARTER, parent="novel", start=d("2026-09-07"),
             target=40000, unit="words", unit_label="words", match_tags=()),
        goal("words-week", title="2,500 words a week", level=Level.WEEK, parent="draft", target=2500, unit="words",
             unit_label="words", match_tags=()),
        goal("write", title="Write 350 words", parent="words-week", match_tags=("writing",), target=350,
             unit="words", unit_label="words", mva=100, feeling="capable"),
        goal("viola", title="Viola practice", every="3/week", target=15, unit="min", unit_label="min", mva=5,
             feeling="capable"),
        goal("sleep", title="Sleep 7 hours", metric="sleep", target=7.0, mva=6.0),
        goal("stretch", title="Physio stretches", every="mon,wed,fri", mva_text="one stretch", start=d("2026-08-31")),
    ]


def twelve_weeks(evidence: list[tuple[str, list[str]]] | None = None, title_note: str = "") -> list:
    """Twelve weeks of notes up to 2026-11-22; the last week holds one day of every state."""
    notes = []
    start = d("2026-08-31")
    for i in range(84):
        day = start + dt.timedelta(days=i)
        iso = day.isoformat()
        tasks = []
        if i < 77:
            if i % 9 != 4:
                tasks.append(task(f"Write {title_note}#writing", tags=["writing"], qty=400 if i % 5 else 150, unit="words", line=5))
            if day.weekday() in (0, 2, 4):
                tasks.append(task("Stretch #stretch", tags=["stretch"], line=6))
            if day.weekday() in (1, 3, 5) and i < 56:
                tasks.append(task("Viola #viola", tags=["viola"], qty=15, unit="min", line=7))
            notes.append(note(iso, *tasks, metrics={"sleep": 7.5 if i % 6 else 6.5}))
    # The focus week, Monday..Sunday: done, MVA, partial, missed, no note, skipped, pending.
    last = [
        note("2026-11-16", task("Write #writing", tags=["writing"], qty=500, unit="words", line=5), task("Stretch #stretch", tags=["stretch"], line=6),
             metrics={"sleep": 8}, evidence=evidence or [("Finished the storm chapter #capable", ["capable"])]),
        note("2026-11-17", task("Write #writing", tags=["writing"], qty=120, unit="words", line=5), metrics={"sleep": 7}),
        note("2026-11-18", task("Write #writing", tags=["writing"], qty=40, unit="words", line=5), task("Stretch #stretch", tags=["stretch"], line=6),
             metrics={"sleep": 6.2}, evidence=[("Walked without the phone", [])]),
        note("2026-11-19", task("Water the plants", tags=[], line=5), metrics={"sleep": 5}),
        note("2026-11-21", off=True, metrics={"sleep": 9}),
        note("2026-11-22", task("Write #writing", status=" ", tags=["writing"], line=5)),
    ]
    return notes + last


@pytest.fixture(scope="module")
def review():
    return report(twelve_weeks(), daily_goals(), AS_OF)


def lines_of(text: str) -> list[str]:
    return SGR.sub("", text).splitlines()


# ---------------------------------------------------------------------------
# What the view shows


def test_sections_and_facts(review):
    out = render_terminal(review)
    lines = out.splitlines()
    assert lines[0] == "Weekly review 2026-W47 · 16-22 November 2026"
    assert lines[1].startswith("as of 2026-11-22 · 6 notes · ")
    for heading in ("The ladder", "Goals", "What next", "Evidence"):
        assert heading in lines
    # The ladder climbs from the vision to the daily micro-action, with the quarter's projection.
    ladder = lines[lines.index("The ladder") + 1 : lines.index("Goals")]
    assert [line.strip() for line in ladder if "(" in line and "·" not in line][:4] == [
        "Write a novel (vision)", "First 40,000 words (12-week target)", "2,500 words a week (week)", "Write 350 words (daily)",
    ]
    assert any("week 11 of 12" in line and "projected" in line for line in ladder)
    # Streaks and strength, exactly as the engine computed them.
    write = review.goal("write")
    assert f"  streak    {write.streak.current} days (best {write.streak.longest})" in out
    assert f"forgiving {write.forgiving_streak.current} days" in out


def test_chain_draws_one_cell_per_day_for_eight_weeks(review):
    lines = render_terminal(review).splitlines()
    start = lines.index("Write 350 words · 350 words a day, minimum 100 words")
    chain = next(line for line in lines[start:] if line.startswith("  8 weeks"))
    groups = chain[12:].split(" ")
    assert len(groups) == 8 and all(len(g) == 7 for g in groups)
    # The focus week: done, MVA, partial, missed, no note, skipped (rest day), today.
    assert groups[-1] == "█▒░x?-_"


def test_quota_chain_and_week_strip(review):
    out = render_terminal(review)
    block = out[out.index("Viola practice · ") :].splitlines()
    chain = next(line for line in block if line.startswith("  8 weeks"))
    # Tuesday, Thursday and Saturday sessions, idle days dotted; they stopped four weeks ago; Saturday's rest day.
    assert chain[12:].split(" ") == ["·█·█·█·"] * 4 + ["·······"] * 3 + ["·····-·"]
    strip = next(line for line in block if line.startswith("  12 weeks"))
    assert strip == "  12 weeks  ████████xxxx 2026-W36..2026-W47 · met 8 of 12"
    assert "  this week 0 of 3, 3 to go" in block


def test_coach_and_evidence_by_feeling(review):
    out = render_terminal(review)
    assert "Comeback" in out
    evidence = out[out.index("\nEvidence\n") :]
    assert "  capable · Write 350 words" in evidence
    assert "    - Finished the storm chapter #capable" in evidence
    assert "      2026-11-16.md:10" in evidence  # file:line of the entry
    assert "  other wins" in evidence and "2026-11-18.md:10" in evidence


def test_legend_lists_the_cells_drawn(review):
    lines = render_terminal(review).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("days "))
    days = " ".join(lines[start : start + 2])
    for cell in ("█ done", "▒ MVA", "░ partial", "x missed", "? no note", "- skipped", "_ today"):
        assert cell in days
    assert next(line for line in lines if line.startswith("weeks ")).startswith("weeks  █ met")


def test_render_report_dispatches_text(review):
    assert render_report(review, "text") == render_terminal(review)
    assert render_report(review, "text", color=True) == render_terminal(review, color=True)


def test_deterministic(review):
    again = report(twelve_weeks(), daily_goals(), AS_OF)
    assert render_terminal(review) == render_terminal(again)


def test_an_empty_journal():
    rep = report([], [goal("write")], AS_OF)
    out = render_terminal(rep)
    assert out.startswith("Weekly review 2026-W47 · 16-22 November 2026\nas of 2026-11-22 · 0 notes · ")
    assert "No evidence recorded this week" in out


def test_only_daily_goals_has_no_ladder():
    rep = report([note("2026-11-20", task(tags=["walk"]))], [goal("walk"), goal("read")], "2026-11-21")
    out = render_terminal(rep)
    assert "The ladder" not in out and "Walk · daily" in out


# ---------------------------------------------------------------------------
# Colour, width, the Linux console


def test_no_escape_codes_without_colour(review):
    assert "\x1b" not in render_terminal(review, color=False)


def test_colour_adds_only_sgr_codes(review):
    plain = render_terminal(review, color=False)
    coloured = render_terminal(review, color=True)
    assert "\x1b[" in coloured
    assert "\x1b[32m█" in coloured  # done cells are green
    assert SGR.sub("", coloured) == plain  # colour changes nothing else


@pytest.mark.parametrize("color", [False, True])
def test_every_line_fits_80_columns(color):
    hostile = [
        ("x" * 300, []),  # one unbreakable word
        ("写作" * 70 + " #capable", ["capable"]),  # double-width characters
        ("A long honest sentence about the day " * 8, []),
        ("🎻 played the whole étude, emoji and all 🎉", []),
    ]
    goals = daily_goals()
    goals[3] = goal("write", title="Write " + "very " * 30 + "many words", parent="words-week", match_tags=("writing",),
                    target=350, unit="words", unit_label="words", mva=100, feeling="capable")
    rep = report(twelve_weeks(evidence=hostile), goals, AS_OF)
    out = render_terminal(rep, color=color)
    widths = [cell_len(line) for line in lines_of(out)]
    assert max(widths) <= 80
    assert "写作写作" in out and "xxxxxxxxxx" in out  # folded, not dropped
    assert not any(line != line.rstrip() for line in lines_of(out))  # no trailing blanks


def test_linux_console_characters_only(review):
    """An ASCII journal gives a view the kernel's own font (code page 437) can draw, glyph for glyph."""
    out = render_terminal(review)
    out.encode("cp437")  # raises UnicodeEncodeError on any glyph the console lacks
    assert "█" in out and "▒" in out and "░" in out


def test_typographic_punctuation_is_folded():
    assert clean("7–14 days — done… ‘ok’ “fine”") == "7-14 days - done... 'ok' \"fine\""


# ---------------------------------------------------------------------------
# Hostile note text


HOSTILE = [
    ("[bold]not bold[/] and [/] and [link=https://evil.example]x[/link] #capable", ["capable"]),
    ("red \x1b[31malert\x1b[0m and title \x1b]0;pwned\x07 and clear \x1b[2J", []),
    ("bidi \u202egnp.exe\u202c and CR\rback", []),
]


@pytest.fixture(scope="module")
def hostile_review():
    goals = daily_goals()
    goals[4] = goal("viola", title="Viola [red]practice[/] \x1b[5m", every="3/week", target=15, unit="min", mva=5,
                    feeling="capable")
    notes = twelve_weeks(evidence=HOSTILE)
    # A note file whose very name carries an escape sequence.
    notes[-5] = note("2026-11-18", task("Write #writing", tags=["writing"], qty=40, unit="words", line=5),
                     evidence=[("win in a strange file", [])], path="evil\x1b[31m.md")
    return report(notes, goals, AS_OF)


@pytest.mark.parametrize("color", [False, True])
def test_markup_in_notes_is_shown_literally(hostile_review, color):
    text = SGR.sub("", render_terminal(hostile_review, color=color))
    assert "[bold]not bold[/] and [/] and [link=https://evil.example]x[/link]" in text
    assert "Viola [red]practice[/]" in text


@pytest.mark.parametrize("color", [False, True])
def test_control_characters_never_reach_the_terminal(hostile_review, color):
    out = render_terminal(hostile_review, color=color)
    assert "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert "\x1b" not in SGR.sub("", out)  # the only escapes left are our own colours
    text = SGR.sub("", out)
    assert "red \\x1b[31malert\\x1b[0m" in text
    assert "title \\x1b]0;pwned\\x07" in text
    assert "bidi \\u202egnp.exe\\u202c" in text
    assert "evil\\x1b[31m.md:10" in text
    assert "Viola [red]practice[/] \\x1b[5m" in text


# ---------------------------------------------------------------------------
# The command line


@pytest.fixture
def handmade(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Serve the twelve weeks to the CLI, whatever the reader does with the folder."""
    config = Config(goals=tuple(daily_goals()))
    journal = Journal(str(tmp_path), tuple(sorted(twelve_weeks(), key=lambda n: (n.date, n.path))))
    monkeypatch.setattr("mdgoals.api.load_journal", lambda root, config_path=None, **kw: Loaded(root, config, journal))
    # report finds the files first (its output may be remembered), then reads them; no stat keys: never remembered.
    monkeypatch.setattr("mdgoals.api.find_sources", lambda root, config_path=None, **kw: Sources(root, config, Scan((), ())))
    monkeypatch.setattr("mdgoals.api.read_sources", lambda sources, **kw: Loaded(sources.root, config, journal))
    return tmp_path


def test_cli_text_is_plain_when_piped(run_cli, handmade):
    result = run_cli(["report", handmade, "--format", "text"])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("Weekly review 2026-W47")


def test_cli_text_is_coloured_on_a_terminal(run_cli, handmade, monkeypatch):
    monkeypatch.setattr("mdgoals.cli._use_color", lambda out: True)
    result = run_cli(["report", handmade, "--format", "text"])
    assert "\x1b[32m" in result.stdout


def test_use_color_follows_tty_and_no_color(monkeypatch):
    from mdgoals import cli

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_color(None) is True
    assert cli._use_color(Path("review.txt")) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_color(None) is False


def _reader_landed() -> bool:
    import mdgoals.reader

    return hasattr(mdgoals.reader, "read_journal")


@pytest.mark.skipif(not _reader_landed(), reason="the reader has not landed yet")
def test_cli_text_on_the_sample_journal(run_cli, sample_journal):
    result = run_cli(["report", sample_journal, "--format", "text", "--as-of", AS_OF], journal=sample_journal)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    for fact in ("Write a novel (vision)", "First 40,000 words (12-week target)", "Write 350 words (daily)",
                 "projected", "Viola practice", "Comeback", "Evidence", ".md:"):
        assert fact in out, fact


def test_cli_past_week_keeps_its_twelve_week_strip(run_cli, handmade):
    result = run_cli(["report", handmade, "--format", "text", "--week", "2026-W45"])
    assert result.stdout.startswith("Weekly review 2026-W45 · 2-8 November 2026")
    strip = next(line for line in result.stdout.splitlines() if line.startswith("  12 weeks"))
    assert "2026-W34..2026-W45" in strip
