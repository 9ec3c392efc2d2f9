"""The parse cache: a warm run reads no note, yet reports exactly what a cold run reports.

Every test reads the same journal with and without the cache and compares the
whole Journal (notes and problems).  Reads are counted by wrapping the reader's
one file-reading function; the cache's two-second "too recent to trust" margin
is set to zero so that files written by the test are cached at once.
"""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result
from conftest import tree_digest

from mdgoals.config import load_config
from mdgoals.model import Config, Journal
from mdgoals.reader import cache as cache_module
from mdgoals.reader import notes as notes_module
from mdgoals.reader import read_journal
from mdgoals.reader.cache import MAGIC, ParseCache, cache_file, parser_version

NOTE = "journal/2026/11/2026-11-18.md"


@pytest.fixture
def journal(trusted_journal: Path) -> Path:
    return trusted_journal


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the list of note files read (relpaths), filled as the reader reads them."""
    seen: list[str] = []
    real = notes_module.read_bytes

    def counting(found):  # type: ignore[no-untyped-def]
        seen.append(found.relpath)
        return real(found)

    monkeypatch.setattr(notes_module, "read_bytes", counting)
    return seen


def read(root: Path, config: Config | None = None, *, use_cache: bool = True) -> Journal:
    return read_journal(root, config or load_config(root, None), use_cache=use_cache)


def notes_read_cold(root: Path) -> int:
    return sum(1 for p in (root / "journal").rglob("*.md"))


def test_a_warm_read_reads_no_note_and_gives_the_same_journal(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = read(journal, use_cache=False)
    first = read(journal)
    assert cache_file(journal).is_file()
    assert not str(cache_file(journal).resolve()).startswith(str(journal.resolve()))

    def refuse(found):  # type: ignore[no-untyped-def]
        raise AssertionError(f"a warm run read {found.relpath}")

    monkeypatch.setattr(notes_module, "read_bytes", refuse)
    warm = read(journal)
    assert warm == first == cold
    assert warm.problems == cold.problems and len(warm.notes) > 80


def test_problems_come_back_from_the_cache_exactly(journal: Path, reads: list[str]) -> None:
    (journal / "journal" / "2026" / "11" / "2026-11-19.md").write_text("---\nmood: [\n---\n- [?] odd #x\n- [x] done ✅ 2026-02-30\n")
    cold = read(journal, use_cache=False)
    read(journal)
    reads.clear()
    warm = read(journal)
    assert reads == []
    assert warm.problems == cold.problems
    assert any("2026-11-19.md" in p.path for p in warm.problems)


@pytest.mark.parametrize("edit", ["size", "mtime", "inode"])
def test_an_edit_rereads_exactly_that_note(journal: Path, reads: list[str], edit: str) -> None:
    read(journal)
    path = journal / NOTE
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    if edit == "size":
        path.write_text(text + "- [x] One more #writing 50 words\n", encoding="utf-8")
    elif edit == "mtime":
        path.write_text(text.replace("[ ]", "[x]", 1), encoding="utf-8")  # same size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    else:  # a new file renamed over the old one (what editors do), same size and mtime
        new = path.with_name("new.tmp")
        new.write_text(text.replace("[ ]", "[x]", 1), encoding="utf-8")
        os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(new, path)
        assert path.stat().st_ino != before.st_ino
    reads.clear()
    warm = read(journal)
    assert reads == [NOTE]
    assert warm == read(journal, use_cache=False)


def test_deleted_and_added_notes(journal: Path, reads: list[str]) -> None:
    read(journal)
    (journal / NOTE).unlink()
    added = journal / "journal" / "2026" / "11" / "2026-11-23.md"
    added.write_text("- [x] Walk 20 min #walk\n", encoding="utf-8")
    reads.clear()
    warm = read(journal)
    assert reads == ["journal/2026/11/2026-11-23.md"]
    assert warm == read(journal, use_cache=False)
    assert NOTE not in {n.path for n in warm.notes}
    reads.clear()
    assert read(journal) == warm and reads == []


def test_config_that_changes_how_notes_read_invalidates(journal: Path, reads: list[str]) -> None:
    config = load_config(journal, None)
    read(journal, config)
    for changed in (
        replace(config, evidence_headings=("Wins only",)),
        replace(config, goals=config.goals[:-1]),  # skip: warnings name the known goals
        replace(config, notes_format="YYYY-MM-DD"),
    ):
        reads.clear()
        warm = read(journal, changed)
        assert len(reads) == notes_read_cold(journal)
        assert warm == read(journal, changed, use_cache=False)
    # What does not change how a note reads keeps the cache.
    read(journal, config)
    reads.clear()
    read(journal, replace(config, mva_credit=0.25, week_start="sunday"))
    assert reads == []


def _valid_header(journal: Path) -> dict[str, object]:
    return ParseCache(journal, load_config(journal, None)).header


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "foreign-header", "other-parser", "not-a-dict", "code"])
def test_a_damaged_cache_is_discarded_and_rebuilt(journal: Path, reads: list[str], tmp_path: Path, damage: str) -> None:
    cold = read(journal, use_cache=False)
    read(journal)
    path = cache_file(journal)
    data = path.read_bytes()
    marker = tmp_path / "pwned"
    if damage == "garbage":
        path.write_bytes(b"\x80\x04not a pickle at all")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "foreign-header":
        path.write_bytes(MAGIC + pickle.dumps({"schema": 99}) + pickle.dumps({}))
    elif damage == "other-parser":
        header = dict(_valid_header(journal), parser="0" * 64)
        path.write_bytes(MAGIC + pickle.dumps(header) + pickle.dumps({}))
    elif damage == "not-a-dict":
        path.write_bytes(MAGIC + pickle.dumps(_valid_header(journal)) + pickle.dumps([1, 2]))
    else:  # a pickle that would run code: it must never be unpickled into a call
        class Exploit:
            def __reduce__(self):  # type: ignore[no-untyped-def]
                return (os.mkdir, (str(marker),))

        path.write_bytes(MAGIC + pickle.dumps(_valid_header(journal)) + pickle.dumps({"x": Exploit()}))
    reads.clear()
    assert read(journal) == cold
    assert len(reads) == notes_read_cold(journal)
    assert not marker.exists()
    reads.clear()
    assert read(journal) == cold and reads == []  # rebuilt


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_may_write_is_not_trusted(journal: Path, reads: list[str]) -> None:
    read(journal)
    path = cache_file(journal)
    path.chmod(0o666)
    reads.clear()
    read(journal)
    assert len(reads) == notes_read_cold(journal)
    assert not stat.S_IMODE(path.stat().st_mode) & 0o022  # replaced by a private one


def test_the_cache_lives_outside_the_journal(journal: Path, run_cli: Callable[..., Result]) -> None:
    before = tree_digest(journal)
    for _ in range(2):
        result = run_cli(["report", journal, "--format", "json"], journal=journal)
        assert result.exit_code == 0
    assert tree_digest(journal) == before
    assert cache_file(journal).is_file()


def test_a_cache_dir_inside_the_journal_is_never_written(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDGOALS_CACHE_DIR", str(journal / "cache"))
    before = tree_digest(journal)
    read(journal)
    read(journal)
    assert tree_digest(journal) == before


def test_no_cache_neither_reads_nor_writes(journal: Path, run_cli: Callable[..., Result]) -> None:
    truth = run_cli(["report", journal, "--format", "json", "--no-cache"], journal=journal).output
    assert not cache_file(journal).exists()  # not written
    # A valid cache that lies about one note: only a run that reads the cache repeats the lie.
    config = load_config(journal, None)
    cache = ParseCache(journal, config)
    honest = read(journal, config, use_cache=False)
    cache.save({})  # an empty, valid cache file
    cache.load()
    lie = next(n for n in honest.notes if n.path == NOTE)
    entries = {}
    for found_path, note_file in ((NOTE, notes_module.NoteFile(NOTE, replace(lie, tasks=()), (), False)),):
        entries[found_path] = (cache_module.stat_key(str(journal / found_path)), note_file)
    assert cache.save(entries)  # type: ignore[arg-type]
    before = cache_file(journal).read_bytes()
    assert run_cli(["report", journal, "--format", "json", "--no-cache"], journal=journal).output == truth
    assert cache_file(journal).read_bytes() == before  # neither rewritten ...
    assert run_cli(["report", journal, "--format", "json"], journal=journal).output != truth  # ... nor read


def test_the_cache_dir_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDGOALS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = cache_file(tmp_path / "j")
    assert path.parent.parent == tmp_path / "xdg" / "mdgoals"
    assert cache_file(tmp_path / "j") == path != cache_file(tmp_path / "k")


def test_the_parser_version_follows_the_reader_sources(tmp_path: Path) -> None:
    package = tmp_path / "mdgoals"
    shutil.copytree(Path(cache_module.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    first = parser_version(package)
    assert parser_version(package) == first
    (package / "README.txt").write_text("not a source")
    assert parser_version(package) == first
    body = package / "reader" / "body.py"
    body.write_text(body.read_text() + "\n# a change\n")
    assert parser_version(package) != first
    (package / "model.py").write_text((package / "model.py").read_text() + "\n")
    assert len({first, parser_version(package)}) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_where_the_cache_file_should_be_does_not_hang(journal: Path, reads: list[str]) -> None:
    path = cache_file(journal)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert read(journal) == read(journal, use_cache=False)


def test_the_cache_written_in_background_is_there_when_the_block_ends(
    journal: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    from mdgoals import parallel

    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    if not parallel.can_fork():
        pytest.skip("needs fork, two processors and one thread")
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    writers: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            writers.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    saved_here: list[int] = []
    real_save = ParseCache.save
    monkeypatch.setattr(ParseCache, "save", lambda self, entries: saved_here.append(os.getpid()) or real_save(self, entries))
    with cache_module.written_in_background():
        first = read(journal)
    assert writers and saved_here == []  # written by a child (the read may fork one too), not here
    assert cache_file(journal).is_file()
    reads.clear()
    assert read(journal) == first and reads == []  # the next run reads no note
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")  # no processor to spare: written in place
    (journal / "journal" / "2026" / "11" / "2026-11-21.md").write_text("- [x] a #walk\n", encoding="utf-8")
    forked = len(writers)
    with cache_module.written_in_background():
        read(journal)
    assert len(writers) == forked and saved_here == [os.getpid()]
