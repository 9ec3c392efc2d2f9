"""The output memo: a report or build run again on unchanged inputs gives the same output without computing it.

Each test runs the CLI twice or more on a private copy of the sample journal,
with a private cache dir and the "too recent to trust" margin at zero, and
checks that a remembered run prints (or leaves on disk) exactly what a full
run does — and that any change of an input makes a full run again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mdgoals import engine, memo
from mdgoals.reader import cache as cache_module

NOTE = "journal/2026/11/2026-11-18.md"


@pytest.fixture
def journal(trusted_journal: Path) -> Path:
    return trusted_journal


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the reports computed."""
    calls: list[int] = []
    real = engine.compute_report

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "compute_report", counting)
    return calls


def same(a: Result, b: Result) -> bool:
    return (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)


@pytest.mark.parametrize("fmt", ["json", "md", "text"])
def test_a_report_is_remembered(journal: Path, run_cli: Callable[..., Result], computed: list[int], fmt: str) -> None:
    (journal / "journal" / "2026" / "11" / "2026-11-21.md").write_text("---\nskip: [nope]\n---\n- [x] a #walk\n")
    args = ["report", journal, "--format", fmt, "--strict"]
    first = run_cli(args, journal=journal)
    second = run_cli(args, journal=journal)
    assert computed == [1]
    assert same(first, second) and first.exit_code == 1 and "unknown goal 'nope'" in second.stderr  # --strict holds
    assert same(second, run_cli([*args, "--no-cache"], journal=journal))


def test_any_input_change_computes_again(journal: Path, run_cli: Callable[..., Result], computed: list[int]) -> None:
    args = ["report", journal, "--format", "json"]
    run_cli(args, journal=journal)
    note = journal / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "- [x] Another 500 words #writing\n", encoding="utf-8")
    changed = run_cli(args, journal=journal)
    assert len(computed) == 2 and same(changed, run_cli([*args, "--no-cache"], journal=journal))
    computed.clear()
    config = journal / "mdgoals.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("mva_credit: 0.5", "mva_credit: 0.25"), encoding="utf-8")
    assert same(run_cli(args, journal=journal), run_cli([*args, "--no-cache"], journal=journal))
    computed.clear()
    run_cli([*args, "--as-of", "2026-11-15"], journal=journal)
    run_cli([*args, "--week", "2026-W45"], journal=journal)
    assert len(computed) == 2
    computed.clear()
    run_cli(args, journal=journal)
    assert computed == []  # each of those is remembered on its own


def test_new_code_computes_again(
    journal: Path, run_cli: Callable[..., Result], computed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["report", journal, "--format", "json"]
    run_cli(args, journal=journal)
    monkeypatch.setattr(memo, "_code_digest", "another version of mdgoals")
    run_cli(args, journal=journal)
    assert len(computed) == 2


def test_files_changed_just_now_are_never_remembered(
    journal: Path, tmp_path: Path, run_cli: Callable[..., Result], computed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 10**18)  # every file counts as just changed
    args = ["report", journal, "--format", "json"]
    run_cli(args, journal=journal)
    run_cli(args, journal=journal)
    assert len(computed) == 2
    assert not any((journal.parent / "cache").rglob("*.outputs/*.pickle"))
    # A build whose output files were written "just now" is not remembered either.
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    real_keys = memo.output_keys

    def fresh_keys(out_dir, paths):  # type: ignore[no-untyped-def]
        future = time.time_ns() + 10**12
        return tuple(None if k is None else (k[0], future, k[2], future) for k in real_keys(out_dir, paths))

    monkeypatch.setattr(memo, "output_keys", fresh_keys)
    for _ in range(2):
        run_cli(["build", journal, "--out", tmp_path / "site"], journal=journal)
    assert len(computed) == 4


def test_no_cache_neither_reads_nor_writes_the_memo(journal: Path, run_cli: Callable[..., Result], computed: list[int]) -> None:
    args = ["report", journal, "--format", "json", "--no-cache"]
    run_cli(args, journal=journal)
    run_cli(args, journal=journal)
    assert len(computed) == 2
    assert not (journal.parent / "cache").exists()


def test_a_damaged_entry_is_made_again(journal: Path, run_cli: Callable[..., Result], computed: list[int]) -> None:
    args = ["report", journal, "--format", "json"]
    first = run_cli(args, journal=journal)
    for entry in (journal.parent / "cache").rglob("*.outputs/*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])
    assert same(run_cli(args, journal=journal), first) and len(computed) == 2
    assert same(run_cli(args, journal=journal), first) and len(computed) == 2


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_is_remembered_while_its_output_is_untouched(
    journal: Path, tmp_path: Path, run_cli: Callable[..., Result], computed: list[int]
) -> None:
    out = tmp_path / "site"
    args = ["build", journal, "--out", out]
    first = run_cli(args, journal=journal)
    assert "written, 0 unchanged" in first.stderr
    tree = _tree(out)
    second = run_cli(args, journal=journal)
    third = run_cli(args, journal=journal)
    assert len(computed) == 1
    assert same(second, third) and "0 written" in third.stderr
    assert _tree(out) == tree
    # A page changed or removed by hand is put back by a real build.
    page = out / "index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (out / "report.json").unlink()
    fourth = run_cli(args, journal=journal)
    assert len(computed) == 2 and "2 written" in fourth.stderr
    assert _tree(out) == tree


def test_a_template_change_builds_again(journal: Path, tmp_path: Path, run_cli: Callable[..., Result], computed: list[int]) -> None:
    out = tmp_path / "site"
    args = ["build", journal, "--out", out]
    for _ in range(3):
        run_cli(args, journal=journal)
    assert len(computed) == 1
    override = journal / ".mdgoals" / "templates"
    override.mkdir(parents=True)
    (override / "empty.html").write_text("{# an override #}\n", encoding="utf-8")
    run_cli(args, journal=journal, new_files=[".mdgoals/templates/empty.html"])
    assert len(computed) == 2


def test_the_memo_lives_in_the_cache_dir(journal: Path, run_cli: Callable[..., Result]) -> None:
    run_cli(["report", journal, "--format", "json"], journal=journal)
    entries = list((journal.parent / "cache").rglob("*.outputs/*.pickle"))
    assert len(entries) == 1
    assert os.path.commonpath([entries[0], journal]) != str(journal)


def test_a_remembered_report_does_not_import_the_parser_or_the_engine(journal: Path, tmp_path: Path) -> None:
    # Two fresh processes: the first fills the memo, the second is answered from it. What the second
    # imported is the cost every "nothing changed" run pays.
    script = (
        "import sys\n"
        "import mdgoals.reader.cache as c\n"
        "c.RACY_NS = 0  # the copied journal is seconds old: trust it\n"
        "from mdgoals.cli import main\n"
        f"main(['report', {str(journal)!r}, '--format', 'json', '--as-of', '2026-11-22'], standalone_mode=False)\n"
        "print('|'.join(sorted(m for m in sys.modules if m.startswith(('mdgoals.reader.', 'mdgoals.engine', 'mdgoals.render', 'jinja2')))), file=sys.stderr)\n"
    )
    env = {**os.environ, "MDGOALS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    first, second = (set(r.stderr.strip().splitlines()[-1].split("|")) for r in runs)
    assert "mdgoals.reader.body" in first and "mdgoals.engine" in first  # computed
    assert second <= {"mdgoals.reader.cache", "mdgoals.reader.discover", "mdgoals.reader.scan"}, second
