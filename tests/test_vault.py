"""Vault layout detection: each layout from its fixture, the real corpora as plain folders, broken settings."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mdgoals.errors import Severity
from mdgoals.vault import VaultLayout, _from_date_fns, detect_layout, periodic_kind

FIXTURES = Path(__file__).parent / "fixtures" / "vaults"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.mark.parametrize(
    ("fixture", "name", "folder", "fmt", "template"),
    [
        ("obsidian-core", "obsidian", "Journal/Daily", "YYYY-MM-DD dddd", "Templates/Daily.md"),
        ("obsidian-periodic-0x", "obsidian", "daily", "YYYY/MM/YYYY-MM-DD", "templates/day.md"),
        ("obsidian-periodic-1x", "obsidian", "Periodic/Days", "YYYY-MM-DD", "Templates/Day.md"),
        ("logseq", "logseq", "journals", "YYYY_MM_DD", None),
        ("dendron", "dendron", ".", "[daily.journal.]YYYY.MM.DD", None),
        ("plain", "plain", ".", "YYYY-MM-DD", None),
    ],
)
def test_fixture_layouts(fixture: str, name: str, folder: str, fmt: str, template: str | None) -> None:
    layout = detect_layout(FIXTURES / fixture)
    assert (layout.name, layout.folder, layout.format, layout.template) == (name, folder, fmt, template)
    assert layout.problems == ()
    assert layout.description and "\n" not in layout.description
    if template is not None:
        assert (FIXTURES / fixture / template).is_file()


def test_descriptions_say_where_the_settings_came_from() -> None:
    assert detect_layout(FIXTURES / "obsidian-periodic-1x").description == (
        "Obsidian vault: daily notes in 'Periodic/Days' named YYYY-MM-DD (Periodic Notes settings)"
    )
    assert detect_layout(FIXTURES / "obsidian-core").description == (
        "Obsidian vault: daily notes in 'Journal/Daily' named YYYY-MM-DD dddd (Daily notes settings)"
    )
    assert detect_layout(FIXTURES / "plain").description == "plain folder: daily notes named YYYY-MM-DD"


@pytest.mark.parametrize(
    "folder",
    [
        "obsidian-tracker-diary",
        "obsidian-tracker-diary/diary",
        "heatmap-calendar-example",
        "heatmap-calendar-example/daily notes",
    ],
)
def test_real_corpora_are_plain_folders(folder: str) -> None:
    root = CORPORA / folder
    if not root.is_dir():
        pytest.skip(f"corpus not present: {root}")
    layout = detect_layout(root)
    assert (layout.name, layout.folder, layout.format, layout.problems) == ("plain", ".", "YYYY-MM-DD", ())


def test_missing_root_is_plain(tmp_path: Path) -> None:
    assert detect_layout(tmp_path / "nowhere") == VaultLayout(
        "plain", ".", "YYYY-MM-DD", None, "plain folder: daily notes named YYYY-MM-DD"
    )


# ---------------------------------------------------------------------------
# Obsidian settings, edge cases.


def _write(root: Path, rel: str, content: object) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


PERIODIC = ".obsidian/plugins/periodic-notes/data.json"
CORE = ".obsidian/daily-notes.json"


def test_bare_obsidian_folder_means_obsidian_defaults(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format, layout.template) == ("obsidian", ".", "YYYY-MM-DD", None)
    assert "defaults" in layout.description


@pytest.mark.parametrize(
    ("settings", "folder", "fmt", "template"),
    [
        ({"folder": "", "format": ""}, ".", "YYYY-MM-DD", None),
        ({"folder": "/"}, ".", "YYYY-MM-DD", None),
        ({"folder": "/Daily/", "format": "  DD.MM.YYYY "}, "Daily", "DD.MM.YYYY", None),
        ({"folder": "./a//b/", "template": ""}, "a/b", "YYYY-MM-DD", None),
        ({"folder": None, "format": 7, "template": "T/Day.md"}, ".", "YYYY-MM-DD", "T/Day.md"),
        ({}, ".", "YYYY-MM-DD", None),
    ],
)
def test_core_daily_notes_settings_are_cleaned(
    tmp_path: Path, settings: dict[str, object], folder: str, fmt: str, template: str | None
) -> None:
    _write(tmp_path, CORE, settings)
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format, layout.template) == ("obsidian", folder, fmt, template)


def test_periodic_notes_disabled_for_days_leaves_core_settings(tmp_path: Path) -> None:
    _write(tmp_path, CORE, {"folder": "core"})
    _write(tmp_path, PERIODIC, {"daily": {"enabled": False, "folder": "periodic"}, "weekly": {"enabled": True}})
    assert detect_layout(tmp_path).folder == "core"


def test_periodic_notes_plugin_turned_off_in_obsidian_leaves_core_settings(tmp_path: Path) -> None:
    _write(tmp_path, CORE, {"folder": "core"})
    _write(tmp_path, PERIODIC, {"daily": {"enabled": True, "folder": "periodic"}})
    _write(tmp_path, ".obsidian/community-plugins.json", ["calendar"])
    assert detect_layout(tmp_path).folder == "core"


def test_periodic_1x_without_an_active_set_uses_the_first(tmp_path: Path) -> None:
    _write(tmp_path, PERIODIC, {"calendarSets": [{"id": "A", "day": {"enabled": True, "folder": "a", "format": ""}}]})
    layout = detect_layout(tmp_path)
    assert (layout.folder, layout.format) == ("a", "YYYY-MM-DD")


def test_periodic_1x_with_days_disabled_falls_back(tmp_path: Path) -> None:
    _write(
        tmp_path,
        PERIODIC,
        {"calendarSets": [{"id": "A", "day": {"enabled": False, "folder": "a"}}], "activeCalendarSet": "A"},
    )
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder) == ("obsidian", ".")


@pytest.mark.parametrize(("rel", "text"), [(CORE, '{"folder": "daily",\n  "format": }'), (PERIODIC, "{")])
def test_invalid_json_is_a_warning_and_the_folder_is_read_plain(tmp_path: Path, rel: str, text: str) -> None:
    _write(tmp_path, rel, text)
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format) == ("plain", ".", "YYYY-MM-DD")
    [problem] = layout.problems
    assert problem.severity is Severity.WARNING
    assert problem.path == rel
    assert problem.line >= 1 and problem.column >= 1
    assert problem.format().startswith(f"{rel}:{problem.line}:{problem.column}: warning: invalid JSON (")


def test_invalid_periodic_settings_still_leave_valid_core_settings(tmp_path: Path) -> None:
    _write(tmp_path, CORE, {"folder": "core"})
    _write(tmp_path, PERIODIC, "not json")
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder) == ("obsidian", "core")
    assert [p.path for p in layout.problems] == [PERIODIC]


def test_settings_that_are_not_an_object_are_a_warning(tmp_path: Path) -> None:
    _write(tmp_path, CORE, ["daily"])
    layout = detect_layout(tmp_path)
    assert layout.name == "plain"
    assert [p.format() for p in layout.problems] == [
        f"{CORE}:1:1: warning: expected a JSON object; ignoring these settings"
    ]


def test_a_folder_outside_the_vault_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, CORE, {"folder": "../../etc", "template": "../secret"})
    layout = detect_layout(tmp_path)
    assert (layout.folder, layout.template) == (".", None)
    assert [p.severity for p in layout.problems] == [Severity.WARNING, Severity.WARNING]
    assert "leaves the journal" in layout.problems[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_settings_never_blocks(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    os.mkfifo(tmp_path / CORE)
    assert detect_layout(tmp_path).name == "obsidian"


# ---------------------------------------------------------------------------
# Logseq and Dendron, edge cases.


def test_logseq_journals_folder_alone_is_enough(tmp_path: Path) -> None:
    _write(tmp_path, "journals/2026_11_22.md", "- DONE x\n")
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format) == ("logseq", "journals", "YYYY_MM_DD")


def test_a_journals_folder_of_other_names_is_not_logseq(tmp_path: Path) -> None:
    _write(tmp_path, "journals/2026-11-22.md", "- [x] x\n")
    assert detect_layout(tmp_path).name == "plain"


def test_logseq_config_sets_the_folder_and_the_file_name_format(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "logseq/config.edn",
        '{:journals-directory "daily" ; comment\n :journal/file-name-format "yyyy-MM-dd"}\n',
    )
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format) == ("logseq", "daily", "YYYY-MM-DD")


def test_logseq_commented_out_settings_are_ignored(tmp_path: Path) -> None:
    _write(tmp_path, "logseq/config.edn", ';; :journal/file-name-format "yyyy-MM-dd"\n{:meta/version 1}\n')
    assert detect_layout(tmp_path).format == "YYYY_MM_DD"


def test_dendron_journal_files_alone_are_enough(tmp_path: Path) -> None:
    _write(tmp_path, "daily.journal.2026.11.22.md", "x\n")
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.folder, layout.format) == ("dendron", ".", "[daily.journal.]YYYY.MM.DD")


def test_dendron_old_style_journal_settings(tmp_path: Path) -> None:
    _write(tmp_path, "dendron.yml", "version: 1\njournal:\n  dailyDomain: log\n  name: day\n  dateFormat: yyyy-MM-dd\n")
    assert detect_layout(tmp_path).format == "[log.day.]YYYY-MM-DD"


def test_unreadable_dendron_settings_are_a_warning_with_defaults(tmp_path: Path) -> None:
    _write(tmp_path, "dendron.yml", "workspace:\n  journal: &j {}\n")
    layout = detect_layout(tmp_path)
    assert (layout.name, layout.format) == ("dendron", "[daily.journal.]YYYY.MM.DD")
    [problem] = layout.problems
    assert (problem.path, problem.line, problem.severity) == ("dendron.yml", 2, Severity.WARNING)


def test_obsidian_settings_win_over_a_logseq_graph(tmp_path: Path) -> None:
    _write(tmp_path, CORE, {"folder": "journals", "format": "YYYY_MM_DD"})
    _write(tmp_path, "logseq/config.edn", "{}")
    assert detect_layout(tmp_path).name == "obsidian"


def test_a_logseq_graph_opened_in_obsidian_without_daily_settings_is_logseq(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    _write(tmp_path, "logseq/config.edn", "{}")
    assert detect_layout(tmp_path).name == "logseq"


@pytest.mark.parametrize(
    ("date_fns", "moment"),
    [
        ("yyyy_MM_dd", "YYYY_MM_DD"),
        ("y.MM.dd", "YYYY.MM.DD"),
        ("yy-M-d", "YY-M-D"),
        ("yyyy-MM-dd'T'", "YYYY-MM-DD[T]"),
        ("MMM do, yyyy", "MMM Do, YYYY"),
    ],
)
def test_date_fns_formats_become_moment_formats(date_fns: str, moment: str) -> None:
    assert _from_date_fns(date_fns) == moment


# ---------------------------------------------------------------------------
# Weekly, monthly … notes: known from Periodic Notes' settings, or by their names; never daily.


def test_periodic_fixtures_name_their_weekly_notes() -> None:
    from mdgoals.vault import PeriodicNotes

    assert detect_layout(FIXTURES / "obsidian-periodic-0x").periodic == (
        PeriodicNotes("weekly", "weekly", "gggg-[W]ww"),
    )
    # 1.x: the active calendar set's weeks (Personal), not the first set's (Work, disabled anyway).
    assert detect_layout(FIXTURES / "obsidian-periodic-1x").periodic == (
        PeriodicNotes("weekly", "Periodic/Weeks", "gggg-[W]ww"),
    )
    for other in ("obsidian-core", "logseq", "dendron", "plain"):
        assert detect_layout(FIXTURES / other).periodic == ()


def test_periodic_settings_of_every_period(tmp_path: Path) -> None:
    _write(
        tmp_path,
        PERIODIC,
        {
            "daily": {"enabled": True, "folder": "D"},
            "weekly": {"enabled": True, "folder": "/W/", "format": ""},
            "monthly": {"enabled": True, "folder": "M", "format": "YYYY-MM"},
            "quarterly": {"enabled": True, "format": "YYYY-[Q]Q"},
            "yearly": {"enabled": False, "folder": "Y"},
        },
    )
    layout = detect_layout(tmp_path)
    assert [(p.kind, p.folder, p.format) for p in layout.periodic] == [
        ("weekly", "W", "gggg-[W]ww"),
        ("monthly", "M", "YYYY-MM"),
        ("quarterly", ".", "YYYY-[Q]Q"),
    ]


def test_periodic_settings_without_daily_notes_still_name_the_weeks(tmp_path: Path) -> None:
    _write(tmp_path, PERIODIC, {"daily": {"enabled": False}, "weekly": {"enabled": True, "folder": "W"}})
    _write(tmp_path, CORE, {"folder": "Days"})
    layout = detect_layout(tmp_path)
    assert (layout.folder, [p.folder for p in layout.periodic]) == ("Days", ["W"])


@pytest.mark.parametrize(
    ("relpath", "kind"),
    [
        ("weekly/2026-W47.md", "weekly"),
        ("2026-W07.md", "weekly"),
        ("notes/2026W7.md", "weekly"),
        ("2026-11.md", "monthly"),
        ("2026-Q4.md", "quarterly"),
        ("2026.md", "yearly"),
        ("2026-11-22.md", None),
        ("W47 plan.md", None),
        ("2026-W47 retro.md", None),
        ("Periodic/Weeks/Week 47 of 2026.md", "weekly"),  # named by the settings' format below
        ("Elsewhere/Week 47 of 2026.md", None),
    ],
)
def test_periodic_kind(relpath: str, kind: str | None) -> None:
    from mdgoals.vault import PeriodicNotes

    layout = VaultLayout("obsidian", periodic=(PeriodicNotes("weekly", "Periodic/Weeks", "[Week] w [of] gggg"),))
    assert periodic_kind(relpath, layout) == kind


def test_weekly_notes_are_never_read_as_daily_by_name(tmp_path: Path) -> None:
    from mdgoals.config import load_config
    from mdgoals.reader import read_journal

    _write(tmp_path, "2026-11-16.md", "- [x] walk #walk\n")
    _write(tmp_path, "2026-W47.md", "- [x] plan the week #plan\n")
    journal = read_journal(tmp_path, load_config(tmp_path))
    assert [n.path for n in journal.notes] == ["2026-11-16.md"]
    assert journal.other_notes == ("2026-W47.md",)


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        (
            "obsidian-core",
            "found Obsidian vault: daily notes in 'Journal/Daily' named YYYY-MM-DD dddd (Daily notes settings)",
        ),
        ("logseq", "found Logseq graph: journals in 'journals' named YYYY_MM_DD"),
        ("dendron", "found Dendron workspace: journal notes named [daily.journal.]YYYY.MM.DD"),
        ("plain", None),
    ],
)
def test_report_on_an_unconfigured_vault_says_what_it_found(
    run_cli: Callable[..., Result], fixture: str, said: str | None
) -> None:
    root = FIXTURES / fixture
    result = run_cli(["report", root, "--format", "json"], journal=root)
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("mdgoals: no mdgoals.yaml")]
    assert lines == ([f"mdgoals: no mdgoals.yaml; {said}"] if said else [])
    assert json.loads(result.stdout)["journal"]["layout"] == detect_layout(root).name
