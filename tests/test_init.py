"""mdgoals init: a commented config tailored to the journal, a daily template, and nothing ever overwritten."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mdgoals import templates_dir
from mdgoals.config import load_config, parse_config
from mdgoals.init import slug
from mdgoals.vault import detect_layout

FIXTURES = Path(__file__).parent / "fixtures"
VAULTS = FIXTURES / "vaults"
SAMPLE = Path(__file__).resolve().parents[1] / "sample-journal"
NEW = ["mdgoals.yaml", ".mdgoals/templates/daily.md"]

RunCli = Callable[..., Result]


def _copy(src: Path, tmp_path: Path) -> Path:
    dest = tmp_path / src.name
    shutil.copytree(src, dest, symlinks=True)
    return dest


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _uncommented_goals(config: str) -> str:
    """Return the config with its suggested goals uncommented, as a user would."""
    lines = config.splitlines()
    start = lines.index("# goals:")
    return "\n".join(lines[:start] + [line[2:] if line.startswith("# ") else line for line in lines[start:]]) + "\n"


@pytest.mark.parametrize("layout", sorted(p.name for p in VAULTS.iterdir()))
def test_init_on_every_layout(run_cli: RunCli, tmp_path: Path, layout: str) -> None:
    root = _copy(VAULTS / layout, tmp_path)
    result = run_cli(["init", root], journal=root, new_files=NEW)
    assert result.exit_code == 0, result.output
    found = detect_layout(root)
    assert result.stdout.startswith(f"mdgoals: {found.description}\ncreated {root / 'mdgoals.yaml'}\n")
    config = (root / "mdgoals.yaml").read_text(encoding="utf-8")
    assert f"# Layout found: {found.description}." in config
    # The written file is valid, changes no default and keeps the vault's settings in charge.
    loaded = load_config(root)
    assert (loaded.layout, loaded.notes_folder, loaded.notes_format) == (found.name, found.folder, found.format)
    assert [g.id for g in loaded.goals] == ["show-up"]
    assert (root / ".mdgoals/templates/daily.md").read_bytes() == (templates_dir() / "daily.md").read_bytes()
    # And the notes: line, once uncommented, names the same layout.
    notes_line = next(line for line in config.splitlines() if line.startswith("# notes: "))
    explicit = parse_config(notes_line[2:], "mdgoals.yaml")
    assert (explicit.notes_folder, explicit.notes_format) == (found.folder, found.format)


def test_existing_files_are_never_overwritten(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(VAULTS / "plain", tmp_path)
    _write(root, "mdgoals.yaml", "week_start: sunday\n")
    _write(root, ".mdgoals/templates/daily.md", "# my own {{ date }}\n")
    result = run_cli(["init", root], journal=root)  # run_cli: no byte may change, no file appear
    assert result.exit_code == 0
    assert f"kept {root / 'mdgoals.yaml'} (exists; not changed)" in result.stdout
    assert f"kept {root / '.mdgoals/templates/daily.md'} (exists; not changed)" in result.stdout
    assert "created" not in result.stdout
    assert "validates your mdgoals.yaml" in result.stdout


def test_init_twice_creates_then_keeps(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(VAULTS / "logseq", tmp_path)
    assert run_cli(["init", root], journal=root, new_files=NEW).exit_code == 0
    first = (root / "mdgoals.yaml").read_bytes()
    second = run_cli(["init", root], journal=root)
    assert second.exit_code == 0 and second.stdout.count("kept ") == 2
    assert (root / "mdgoals.yaml").read_bytes() == first


def test_only_the_missing_file_is_created(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(VAULTS / "plain", tmp_path)
    _write(root, "mdgoals.yaml", "goals:\n  - id: walk\n")
    result = run_cli(["init", root], journal=root, new_files=[".mdgoals/templates/daily.md"])
    assert result.exit_code == 0
    assert f"created {root / '.mdgoals/templates/daily.md'}" in result.stdout


def test_an_invalid_existing_config_is_kept_and_not_read(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(VAULTS / "plain", tmp_path)
    _write(root, "mdgoals.yaml", "goals: [\n")
    result = run_cli(["init", root], journal=root, new_files=[".mdgoals/templates/daily.md"])
    assert result.exit_code == 0
    assert "kept" in result.stdout


def test_a_new_folder_becomes_a_journal(run_cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "new-journal"
    result = run_cli(["init", root])
    assert result.exit_code == 0
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(NEW)
    config = (root / "mdgoals.yaml").read_text(encoding="utf-8")
    assert "for a journal of 0 daily notes" in config
    assert "#   - id: writing" in config  # an example to start from
    uncommented = parse_config(_uncommented_goals(config), "mdgoals.yaml")
    assert [(g.id, g.target, g.mva) for g in uncommented.goals] == [("writing", 350.0, 100.0)]


# ---------------------------------------------------------------------------
# Tailored: goals suggested from the notes.


def test_sample_journal_suggestions(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(SAMPLE, tmp_path)
    (root / "mdgoals.yaml").unlink()
    assert run_cli(["init", root], journal=root, new_files=NEW).exit_code == 0
    config = (root / "mdgoals.yaml").read_text(encoding="utf-8")
    assert "for a journal of 84 daily notes" in config
    assert '#     match: ["#writing"]   # 82 tasks on 79 days' in config
    # Uncommented as written, the suggestions are a valid configuration.
    goals = load_config(root).goals
    assert [g.id for g in goals] == ["show-up"]
    _write(root, "mdgoals.yaml", _uncommented_goals(config))
    goals = load_config(root).goals
    summary = [(g.id, g.schedule.text, g.target, g.unit, g.metric) for g in goals]
    assert summary == [
        ("writing", "daily", 350.0, "word", None),
        ("walk", "5/week", 30.0, "minutes", None),
        ("viola", "3/week", 15.0, "minutes", None),
        ("stretch", "2/week", 10.0, "minutes", None),
        ("energy", "daily", 3.0, None, "energy"),
        ("mood", "daily", 4.0, None, "mood"),
        ("sleep", "daily", 7.0, None, "sleep"),
    ]


def test_hostile_tags_and_keys_still_give_valid_yaml(run_cli: RunCli, tmp_path: Path) -> None:
    for day in range(1, 6):
        _write(
            tmp_path,
            f"2026-11-0{day}.md",
            f'---\n"weird: key": {day}\ndone_it: true\n---\n'
            "- [x] Écrire 200 mots #écrire\n- [x] Think #[[Deep Work]]\n- [x] x #a/b\n- [x] y #mva #win\n",
        )
    result = run_cli(["init", tmp_path], journal=tmp_path, new_files=NEW)
    assert result.exit_code == 0
    config = (tmp_path / "mdgoals.yaml").read_text(encoding="utf-8")
    goals = parse_config(_uncommented_goals(config), "mdgoals.yaml").goals
    ids = [g.id for g in goals]
    assert ids == ["a-b", "deep-work", "ecrire", "done-it", "weird-key"]
    assert "mva" not in ids and "win" not in ids  # markers, not goals
    by_id = {g.id: g for g in goals}
    assert by_id["deep-work"].match_tags == ("deep work",)
    assert by_id["ecrire"].match_tags == ("écrire",) and by_id["ecrire"].target == 200.0
    assert by_id["done-it"].metric == "done_it" and by_id["done-it"].target == 1.0
    assert by_id["weird-key"].metric == "weird: key"


def test_template_and_weekly_folders_among_the_notes_are_excluded(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path, ".obsidian/daily-notes.json", json.dumps({"template": "Templates/Daily"}))
    _write(tmp_path, ".obsidian/community-plugins.json", '["periodic-notes"]')
    periodic = {"daily": {"enabled": False}, "weekly": {"enabled": True, "folder": "Weekly", "format": "gggg-[W]ww"}}
    _write(tmp_path, ".obsidian/plugins/periodic-notes/data.json", json.dumps(periodic))
    _write(tmp_path, "Templates/Daily.md", "---\ndate: {{date}}\n---\n")
    _write(tmp_path, "Weekly/2026-W47.md", "---\ndate: 2026-11-16\n---\n")
    _write(tmp_path, "2026-11-16.md", "- [x] walk #walk\n")
    result = run_cli(["init", tmp_path], journal=tmp_path, new_files=NEW)
    assert result.exit_code == 0
    config = (tmp_path / "mdgoals.yaml").read_text(encoding="utf-8")
    assert re.search(r'^exclude: \["Templates/\*\*", "Weekly/\*\*"\]   # ', config, re.MULTILINE)
    assert load_config(tmp_path).exclude == ("Templates/**", "Weekly/**")
    check = run_cli(["check", tmp_path, "--strict"], journal=tmp_path)
    assert check.exit_code == 0 and check.stderr == ""


def test_next_steps(run_cli: RunCli, tmp_path: Path) -> None:
    root = _copy(VAULTS / "obsidian-core", tmp_path)
    (root / ".git").mkdir()
    result = run_cli(["init", root], journal=root, new_files=NEW)
    steps = result.stdout.split("Next steps:\n", 1)[1].splitlines()
    assert steps[0].startswith(f"  1. edit {root / 'mdgoals.yaml'}: uncomment the goals you want")
    assert "delete it to keep using the vault's template Templates/Daily.md" in steps[1]
    assert any(f"mdgoals today {root}" in s for s in steps)
    assert "pre-commit" in steps[-1]


@pytest.mark.parametrize(("text", "expected"), [("writing", "writing"), ("Deep Work", "deep-work"), ("a/b_c", "a-b-c")])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected
