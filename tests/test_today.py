"""mdgoals today: the note the user would have made by hand, where the vault expects it, never over another."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mdgoals.api import load_journal
from mdgoals.model import Config, Status
from mdgoals.placeholders import fill_placeholders, format_moment
from mdgoals.reader import read_journal
from mdgoals.today import create_note, note_relpath, plan_day

FIXTURES = Path(__file__).parent / "fixtures"
VAULTS = FIXTURES / "vaults"
SAMPLE = Path(__file__).resolve().parents[1] / "sample-journal"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
MONDAY = "2026-11-23"

RunCli = Callable[..., Result]

GOALS = """\
goals:
  - id: write
    title: Write 350 words
    match: ["#writing"]
    target: 350 words
    mva: 100 words
  - id: viola
    title: Viola practice
    every: 3/week
    target: 15 min
    mva: 5 min
  - id: stretch
    title: Stretches
    every: mon,wed,fri
  - id: sleep
    title: Sleep 7 hours
    metric: sleep
    target: ">= 7"
"""

ACTIONS_MD = [
    "- [ ] Write 350 words #writing (MVA: 100 words)",
    "- [ ] Viola practice #viola (0 of 3 this week · target: 15 min · MVA: 5 min)",
    "- [ ] Stretches #stretch",
]


def _vault(name: str, tmp_path: Path, goals: bool = True) -> Path:
    dest = tmp_path / name
    shutil.copytree(VAULTS / name, dest, symlinks=True)
    if goals:
        (dest / "mdgoals.yaml").write_text(GOALS, encoding="utf-8")
    return dest


def _sample(tmp_path: Path) -> Path:
    dest = tmp_path / "sample-journal"
    shutil.copytree(SAMPLE, dest, symlinks=True)
    return dest


def _today(run_cli: RunCli, root: Path, rel: str, *args: str) -> str:
    """Run today, check it created exactly rel, and return the new note's text."""
    result = run_cli(["today", root, *args], journal=root, new_files=[rel])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root / rel}\n"
    assert "exists already" not in result.stderr
    return (root / rel).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Every layout: the path the vault expects, its style, its template.

LAYOUTS = [
    ("plain", "2026-11-23.md"),
    ("obsidian-core", "Journal/Daily/2026-11-23 Monday.md"),
    ("obsidian-periodic-0x", "daily/2026/11/2026-11-23.md"),
    ("obsidian-periodic-1x", "Periodic/Days/2026-11-23.md"),
    ("logseq", "journals/2026_11_23.md"),
    ("dendron", "daily.journal.2026.11.23.md"),
]


@pytest.mark.parametrize(("layout", "rel"), LAYOUTS)
def test_today_creates_the_note_where_the_vault_expects_it(
    run_cli: RunCli, tmp_path: Path, layout: str, rel: str
) -> None:
    root = _vault(layout, tmp_path)
    text = _today(run_cli, root, rel, "--date", MONDAY)
    assert text.endswith("\n") and "\r" not in text
    lines = text.splitlines()
    if layout == "logseq":
        assert [line for line in lines if "TODO" in line] == [a.replace("- [ ]", "- TODO") for a in ACTIONS_MD]
    else:
        assert [line for line in lines if line.startswith("- [ ] ") and "#" in line] == ACTIONS_MD
    assert lines[:2] == ["---", "sleep:  # Sleep 7 hours: >= 7"]
    # What today wrote is what the reader reads back: a daily note of that day, its tasks claimed.
    loaded = load_journal(root)
    notes = [n for n in loaded.journal.notes if n.path == rel]
    assert [n.date for n in notes] == [dt.date(2026, 11, 23)]
    assert [t.status for t in notes[0].tasks if t.tags] == [Status.OPEN] * 3
    assert [t.tags[0] for t in notes[0].tasks if t.tags] == ["writing", "viola", "stretch"]
    assert not [p for p in loaded.journal.problems if p.path == rel]


def test_plain_note_in_full(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("plain", tmp_path)
    assert _today(run_cli, root, "2026-11-23.md", "--date", MONDAY) == "\n".join(
        [
            "---",
            "sleep:  # Sleep 7 hours: >= 7",
            "off: false  # true on a rest day: every goal is skipped",
            "---",
            "# Monday, 23 November 2026",
            "",
            "## Micro-actions",
            "",
            *ACTIONS_MD,
            "",
            "## Evidence",
            "",
            '<!-- Small, true wins, in your own words: "played the scale as well as any beginner today". -->',
            "- ",
            "",
        ]
    )


def test_logseq_note_is_one_outline(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("logseq", tmp_path)
    text = _today(run_cli, root, "journals/2026_11_23.md", "--date", MONDAY)
    assert text == "\n".join(
        [
            "---",
            "sleep:  # Sleep 7 hours: >= 7",
            "---",
            "- TODO Write 350 words #writing (MVA: 100 words)",
            "- TODO Viola practice #viola (0 of 3 this week · target: 15 min · MVA: 5 min)",
            "- TODO Stretches #stretch",
            "- ## Evidence",
            "\t-",
            "",
        ]
    )


def test_obsidian_template_is_copied_with_placeholders_replaced(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-core", tmp_path)
    text = _today(run_cli, root, "Journal/Daily/2026-11-23 Monday.md", "--date", MONDAY)
    assert text == "\n".join(
        [
            "---",
            "sleep:  # Sleep 7 hours: >= 7",
            "---",
            "# 2026-11-23 Monday",
            "",
            "- [ ] ",
            "",
            "## Micro-actions",
            "",
            *ACTIONS_MD,
            "",
        ]
    )


def test_zero_config_note_has_no_micro_actions_but_a_place_for_them(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("plain", tmp_path, goals=False)
    text = _today(run_cli, root, "2026-11-23.md", "--date", MONDAY)
    assert "## Micro-actions\n\n- \n\n## Evidence" in text
    assert "sleep" not in text


# ---------------------------------------------------------------------------
# Exclusive create: an existing note is never touched.


@pytest.mark.parametrize(
    ("layout", "rel"),
    [
        ("plain", "2026-11-22.md"),
        ("obsidian-core", "Journal/Daily/2026-11-22 Sunday.md"),
        ("obsidian-periodic-0x", "daily/2026/11/2026-11-22.md"),
        ("obsidian-periodic-1x", "Periodic/Days/2026-11-22.md"),
        ("logseq", "journals/2026_11_22.md"),
        ("dendron", "daily.journal.2026.11.22.md"),
    ],
)
def test_existing_note_is_left_byte_for_byte(run_cli: RunCli, tmp_path: Path, layout: str, rel: str) -> None:
    root = _vault(layout, tmp_path)
    before = (root / rel).read_bytes()
    result = run_cli(["today", root, "--date", "2026-11-22"], journal=root)  # no new file allowed
    assert result.exit_code == 0
    assert result.stdout == f"{root / rel}\n"
    assert "exists already; left as it is" in result.stderr
    assert (root / rel).read_bytes() == before


def test_a_note_for_the_day_under_another_name_counts_as_existing(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("plain", tmp_path)
    (root / "archive").mkdir()
    (root / "archive" / "2026-11-23 Monday.md").write_text("- [x] early bird #writing\n", encoding="utf-8")
    result = run_cli(["today", root, "--date", MONDAY], journal=root)
    assert result.exit_code == 0
    assert result.stdout == f"{root / 'archive' / '2026-11-23 Monday.md'}\n"
    assert not (root / "2026-11-23.md").exists()


def test_a_file_appearing_at_the_path_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    root = _vault("plain", tmp_path)
    loaded = load_journal(root)
    # Appears after the journal was read (an editor, a sync): the exclusive create must notice.
    (root / "2026-11-23.md").write_text("mine\n", encoding="utf-8")
    result = create_note(root, loaded.config, loaded.journal, dt.date(2026, 11, 23))
    assert not result.created
    assert (root / "2026-11-23.md").read_text(encoding="utf-8") == "mine\n"


def test_a_dangling_symlink_at_the_path_is_not_followed(tmp_path: Path) -> None:
    root = _vault("plain", tmp_path)
    outside = tmp_path / "outside.md"
    (root / "2026-11-23.md").symlink_to(outside)
    loaded = load_journal(root)
    result = create_note(root, loaded.config, loaded.journal, dt.date(2026, 11, 23))
    assert not result.created
    assert not outside.exists()


def test_missing_folders_are_created(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-periodic-0x", tmp_path)
    text = _today(run_cli, root, "daily/2027/01/2027-01-04.md", "--date", "2027-01-04")
    assert "# Day" in text


def test_a_folder_symlink_on_the_way_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-periodic-0x", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "daily" / "2027").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(["today", root, "--date", "2027-01-04"], journal=root)
    assert result.exit_code == 2
    assert "folder symlink" in result.stderr
    assert list(elsewhere.iterdir()) == []


# ---------------------------------------------------------------------------
# The day's content: due actions, quotas, breaks, coach lines (sample-journal).


def test_sample_journal_note_lists_the_due_actions_and_the_comeback(run_cli: RunCli, tmp_path: Path) -> None:
    root = _sample(tmp_path)
    text = _today(run_cli, root, "journal/2026/11/2026-11-23.md", "--date", MONDAY)
    assert (
        "\n## Micro-actions\n\n"
        + "\n".join(
            [
                "- [ ] Write 350 words #writing (MVA: 100 words)",
                "- [ ] Walk 20 minutes (MVA: 5 min)",  # the title matches the goal's /walk/ regex: no tag needed
                "- [ ] Viola practice #viola (0 of 3 this week · target: 15 min · MVA: 5 min)",
                "- [ ] Physio stretches #stretch (MVA: one stretch)",  # Monday: a mon,wed,fri day
            ]
        )
        + "\n\n## Evidence\n"
        in text
    )
    assert (
        "> **Comeback** · Viola practice: in the last 7 weeks: 4 met, 3 missed. Scale down, don't stop: "
        "do the minimum (5 min) for the next 7–14 days, then build back up.\n"
    ) in text
    assert "2,500 words a week" not in text  # ladder goals belong in the weekly review
    assert text.startswith("---\nsleep:  # Sleep 7 hours: >= 7\noff: false")


def test_quota_counts_the_week_so_far(tmp_path: Path) -> None:
    loaded = load_journal(SAMPLE)
    friday = plan_day(loaded.journal, loaded.config, dt.date(2026, 11, 20))
    assert [a.quota for a in friday.actions if a.goal == "viola"] == ["2 of 3 this week"]
    assert [a.goal for a in friday.actions] == ["write", "walk", "viola", "stretch"]
    tuesday = plan_day(loaded.journal, loaded.config, dt.date(2026, 11, 17))
    assert "stretch" not in [a.goal for a in tuesday.actions]  # not a mon,wed,fri day


def test_a_met_quota_says_so(tmp_path: Path) -> None:
    loaded = load_journal(SAMPLE)
    quotas = []
    for day in range(16, 24):
        plan = plan_day(loaded.journal, loaded.config, dt.date(2026, 11, day))
        quotas.append(next(a.quota for a in plan.actions if a.goal == "viola"))
    counts = [int(str(q).split()[0]) for q in quotas]
    assert counts[0] == 0 and counts[-1] == 0  # Monday to Monday: a new week starts from nothing
    assert counts[:7] == sorted(counts[:7])  # never decreases within the week
    assert all(str(q).endswith(": met") == (n >= 3) for q, n in zip(quotas, counts, strict=True))


def test_a_fresh_start_on_the_landmark_itself(run_cli: RunCli, tmp_path: Path) -> None:
    root = _sample(tmp_path)
    (root / "journal/2026/10/2026-10-19.md").unlink()  # the morning of that Monday, before writing
    text = _today(run_cli, root, "journal/2026/10/2026-10-19.md", "--date", "2026-10-19")
    assert (
        "> **Fresh start** · Viola practice: today is a new week (Monday), a fresh start. "
        "Begin again, small: the first micro-action is below.\n"
    ) in text


def test_a_break_day_lists_no_actions(tmp_path: Path) -> None:
    loaded = load_journal(SAMPLE)
    plan = plan_day(loaded.journal, loaded.config, dt.date(2026, 10, 13))
    assert plan.break_reason == "Lisbon trip"
    assert plan.actions == () and plan.coach == ()
    assert [m.key for m in plan.metrics] == ["sleep"]


def test_goals_outside_their_dates_are_not_due(tmp_path: Path) -> None:
    root = _vault("plain", tmp_path)
    (root / "mdgoals.yaml").write_text(
        "goals:\n  - id: later\n    start: 2026-12-01\n  - id: over\n    end: 2026-11-01\n  - id: now\n",
        encoding="utf-8",
    )
    loaded = load_journal(root)
    assert [a.text for a in plan_day(loaded.journal, loaded.config, dt.date(2026, 11, 23)).actions] == ["now #now"]


# ---------------------------------------------------------------------------
# Templates: mdgoals' own (jinja, sandboxed) and the vault's (plain text, never jinja).


def test_user_jinja_template_wins(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-core", tmp_path)
    template = root / ".mdgoals" / "templates" / "daily.md"
    template.parent.mkdir(parents=True)
    template.write_text(
        "# {{ weekday }} {{ date }}\n{% for a in actions %}{{ a.line }}\n{% endfor %}", encoding="utf-8"
    )
    text = _today(run_cli, root, "Journal/Daily/2026-11-23 Monday.md", "--date", MONDAY)
    assert text == "# Monday 2026-11-23\n" + "\n".join(ACTIONS_MD) + "\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ nothing_like_this }}", "'nothing_like_this' is undefined"),
        ("{{ ''.__class__.__mro__ }}", "template error"),
        ("{% for a in actions %}", ".mdgoals/templates/daily.md:1: template error"),
    ],
)
def test_a_broken_or_hostile_user_template_creates_nothing(
    run_cli: RunCli, tmp_path: Path, source: str, message: str
) -> None:
    root = _vault("plain", tmp_path)
    template = root / ".mdgoals" / "templates" / "daily.md"
    template.parent.mkdir(parents=True)
    template.write_text(source, encoding="utf-8")
    result = run_cli(["today", root, "--date", MONDAY], journal=root)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (root / "2026-11-23.md").exists()


def test_vault_template_text_is_never_run_as_jinja(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-core", tmp_path)
    (root / "Templates" / "Daily.md").write_text(
        "# {{title}}\n{{ 7*7 }} {% for x in y %}{{x}}{% endfor %} {{date:dddd}} {{time}}\n", encoding="utf-8"
    )
    text = _today(run_cli, root, "Journal/Daily/2026-11-23 Monday.md", "--date", MONDAY)
    assert text.startswith(
        "---\nsleep:  # Sleep 7 hours: >= 7\n---\n# 2026-11-23 Monday\n{{ 7*7 }} {% for x in y %}{{x}}{% endfor %} Monday "
    )


def test_vault_template_tasks_are_not_repeated(run_cli: RunCli, tmp_path: Path) -> None:
    root = _sample(tmp_path)
    config = (root / "mdgoals.yaml").read_text(encoding="utf-8")
    config = config.replace(
        "notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD}",
        "notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD, template: templates/daily.md}",
    )
    (root / "mdgoals.yaml").write_text(config, encoding="utf-8")
    template = (root / "templates" / "daily.md").read_text(encoding="utf-8")
    text = _today(run_cli, root, "journal/2026/11/2026-11-23.md", "--date", MONDAY)
    # The template lists every micro-action and has sleep: in its front matter: nothing is added but the coach.
    assert text.count("#viola") == 1 and "## Micro-actions" not in text
    assert text.count("sleep:") == 1
    assert text.startswith("---\nmood:\nenergy:\nsleep:\n---\n# Monday, 23 November\n")
    assert "> **Comeback** · Viola practice" in text
    assert text.index("> **Comeback**") < text.index("## Evidence")
    assert template.count("\n") < text.count("\n")


def test_a_missing_vault_template_falls_back_with_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("obsidian-core", tmp_path)
    (root / "Templates" / "Daily.md").unlink()
    result = run_cli(["today", root, "--date", MONDAY], journal=root, new_files=["Journal/Daily/2026-11-23 Monday.md"])
    assert result.exit_code == 0
    assert (
        "Templates/Daily.md: warning: template not found (named in the vault's daily-notes settings)" in result.stderr
    )
    assert "# Monday, 23 November 2026" in (root / "Journal/Daily/2026-11-23 Monday.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The command line: default date, --edit, bad input; the corpora.


def test_default_date_is_as_of(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault("plain", tmp_path)
    monkeypatch.setenv("MDGOALS_AS_OF", "2026-11-24")
    assert "Tuesday, 24 November 2026" in _today(run_cli, root, "2026-11-24.md")


def test_edit_opens_the_editor_with_the_path(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault("plain", tmp_path)
    log = tmp_path / "editor.log"
    editor = tmp_path / "editor.py"
    editor.write_text(
        f"import sys\nwith open({str(log)!r}, 'a') as f:\n    f.write(sys.argv[1] + '\\n')\n", encoding="utf-8"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    _today(run_cli, root, "2026-11-23.md", "--date", MONDAY, "--edit")
    assert log.read_text(encoding="utf-8").strip() == str(root / "2026-11-23.md")
    # On an existing note too: --edit is how to open today's note, whoever made it.
    result = run_cli(["today", root, "--date", MONDAY, "--edit"], journal=root)
    assert result.exit_code == 0
    assert log.read_text(encoding="utf-8").splitlines()[-1] == str(root / "2026-11-23.md")


def test_edit_with_a_harmless_editor(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault("logseq", tmp_path)
    monkeypatch.setenv("EDITOR", "true")
    _today(run_cli, root, "journals/2026_11_23.md", "--date", MONDAY, "--edit")


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "23/11/2026"])
def test_bad_date_is_a_usage_error(run_cli: RunCli, tmp_path: Path, bad: str) -> None:
    root = _vault("plain", tmp_path)
    result = run_cli(["today", root, "--date", bad], journal=root)
    assert result.exit_code == 2
    assert "--date" in result.stderr


def test_missing_journal_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(["today", tmp_path / "nowhere", "--date", MONDAY])
    assert result.exit_code == 2
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("corpus", "rel"),
    [("heatmap-calendar-example", "daily notes/2026-11-23.md"), ("obsidian-tracker-diary", "diary/2026-11-23.md")],
)
def test_corpora_get_the_note_beside_their_daily_notes(run_cli: RunCli, tmp_path: Path, corpus: str, rel: str) -> None:
    if not (CORPORA / corpus).is_dir():
        pytest.skip(f"corpus not present: {CORPORA / corpus}")
    root = tmp_path / corpus
    shutil.copytree(CORPORA / corpus, root, symlinks=True)
    _today(run_cli, root, rel, "--date", MONDAY)


# ---------------------------------------------------------------------------
# Paths and placeholders, unit by unit.


@pytest.mark.parametrize(
    ("folder", "fmt", "rel"),
    [
        (".", "YYYY-MM-DD", "2026-11-23.md"),
        ("Journal/Daily/", "YYYY-MM-DD dddd", "Journal/Daily/2026-11-23 Monday.md"),
        ("journals", "YYYY_MM_DD", "journals/2026_11_23.md"),
        (".", "YYYY/MM/YYYY-MM-DD", "2026/11/2026-11-23.md"),
        (".", "[daily.journal.]YYYY.MM.DD", "daily.journal.2026.11.23.md"),
        ("d", "D MMMM YYYY, ddd", "d/23 November 2026, Mon.md"),
    ],
)
def test_note_relpath(folder: str, fmt: str, rel: str) -> None:
    assert note_relpath(Config(notes_folder=folder, notes_format=fmt), dt.date(2026, 11, 23)) == rel


def test_zero_config_note_goes_beside_the_latest_note(tmp_path: Path) -> None:
    for rel in ("2025/old/2025-01-01.md", "b/2026-11-20.md", "a/2026-11-19.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("- [x] x\n", encoding="utf-8")
    journal = read_journal(tmp_path, Config())
    assert note_relpath(Config(), dt.date(2026, 11, 23), journal) == "b/2026-11-23.md"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("YYYY-MM-DD", "2026-11-23"),
        ("dddd, D MMMM", "Monday, 23 November"),
        ("ddd Do MMM YY", "Mon 23rd Nov 26"),
        ("gggg-[W]ww", "2026-W48"),
        ("GGGG-[W]WW", "2026-W48"),
        ("[Week] w, [day] E, [quarter] Q, DDDD", "Week 48, day 1, quarter 4, 327"),
        ("HH:mm A", "09:05 AM"),
    ],
)
def test_format_moment(fmt: str, expected: str) -> None:
    assert format_moment(fmt, dt.date(2026, 11, 23), dt.time(9, 5)) == expected


def test_format_moment_locale_weeks_start_on_sunday() -> None:
    assert format_moment("gggg-[W]ww", dt.date(2026, 1, 1)) == "2026-W01"
    assert format_moment("gggg-[W]ww", dt.date(2025, 12, 28)) == "2026-W01"  # the Sunday before: same week
    assert format_moment("gggg-[W]ww", dt.date(2025, 12, 27)) == "2025-W52"
    assert format_moment("GGGG-[W]WW", dt.date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{date}} {{title}}", "2026-11-23 2026-11-23"),
        ("{{ date : dddd }}", "Monday"),
        ("{{date+1d:YYYY-MM-DD}} {{date-1w:YYYY-MM-DD}} {{date+1M:MMMM}}", "2026-11-24 2026-11-16 December"),
        ("{{yesterday}} {{tomorrow}}", "2026-11-22 2026-11-24"),
        ("{{time}}", "{{time}}"),
        ("{{DATE:YYYY}} {{unknown}} {{ date:[x] }}", "2026 {{unknown}} x"),
    ],
)
def test_fill_placeholders(template: str, expected: str) -> None:
    assert fill_placeholders(template, dt.date(2026, 11, 23), "YYYY/MM/YYYY-MM-DD") == expected


def test_time_placeholder_with_a_clock() -> None:
    assert fill_placeholders("{{time}} {{time:HH}}", dt.date(2026, 11, 23), "YYYY-MM-DD", dt.time(7, 30)) == "07:30 07"


def test_month_shift_clamps_to_the_month_end() -> None:
    assert fill_placeholders("{{date+1M:YYYY-MM-DD}}", dt.date(2026, 1, 31), "YYYY-MM-DD") == "2026-02-28"
    assert fill_placeholders("{{date-1y:YYYY-MM-DD}}", dt.date(2028, 2, 29), "YYYY-MM-DD") == "2027-02-28"


def test_logseq_coach_lines_are_outline_blocks(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("logseq", tmp_path)
    for day in range(1, 21):  # a 19-day run of writing, then two days without
        text = "- DONE Write 400 words #writing\n" if day < 20 else "- TODO Write 400 words #writing\n"
        (root / "journals" / f"2026_11_{day:02d}.md").write_text(text, encoding="utf-8")
    text = _today(run_cli, root, "journals/2026_11_23.md", "--date", MONDAY)
    lines = text.splitlines()
    comeback = [line for line in lines if line.startswith("- **Comeback** · Write 350 words: ")]
    assert len(comeback) == 1 and "do the minimum (100 words)" in comeback[0]
    assert lines.index(comeback[0]) < lines.index("- TODO Write 350 words #writing (MVA: 100 words)")
    assert lines[-2:] == ["- ## Evidence", "\t-"]


def test_a_plain_template_in_a_logseq_graph_gets_outline_blocks(run_cli: RunCli, tmp_path: Path) -> None:
    root = _vault("logseq", tmp_path)
    (root / "pages" / "daily template.md").write_text("- Morning pages\n- ## Evidence\n", encoding="utf-8")
    config = GOALS + 'notes: {folder: journals, format: YYYY_MM_DD, template: "pages/daily template.md"}\n'
    (root / "mdgoals.yaml").write_text(config, encoding="utf-8")
    text = _today(run_cli, root, "journals/2026_11_23.md", "--date", MONDAY)
    assert text.splitlines() == [
        "---",
        "sleep:  # Sleep 7 hours: >= 7",
        "---",
        "- Morning pages",
        "- TODO Write 350 words #writing (MVA: 100 words)",
        "- TODO Viola practice #viola (0 of 3 this week · target: 15 min · MVA: 5 min)",
        "- TODO Stretches #stretch",
        "- ## Evidence",
    ]
