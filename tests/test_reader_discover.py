"""Finding and reading the files of a journal: ignore rules, links, hostile files, dates from paths."""

from __future__ import annotations

import datetime
import hashlib
import os
import threading
from pathlib import Path

import pytest

from mdgoals.errors import Severity
from mdgoals.model import Config, Journal
from mdgoals.reader import discover as discover_module
from mdgoals.reader import read_journal
from mdgoals.reader.discover import Found, compile_globs, conflict_original, decode, discover, read_bytes

NOTE = "- [x] Walk 10 min #walk\n"


def write(root: Path, relpath: str, text: str = NOTE) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found_paths(root: Path, **kwargs: object) -> list[str]:
    files, _ = discover(root, **kwargs)  # type: ignore[arg-type]
    return [f.relpath for f in files]


def messages(journal: Journal, severity: Severity | None = None) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in journal.problems if severity is None or p.severity == severity]


def snapshot(root: Path) -> dict[str, str]:
    """Return every file below root (links not followed) with a hash of its bytes."""
    out = {}
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file():
                out[str(path)] = "special"
            else:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        out[dirpath] = "dir"
    return out


# -- which files are notes ------------------------------------------------------------------------


def test_every_md_file_below_root_in_any_case(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "deep/er/still/2026-11-19.MD")
    write(tmp_path, "Notes.Md")
    write(tmp_path, "readme.txt")
    write(tmp_path, "markdown.markdown")
    assert found_paths(tmp_path) == ["2026-11-18.md", "Notes.Md", "deep/er/still/2026-11-19.MD"]


def test_hidden_files_and_folders_are_not_read(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    for rel in [".obsidian/2026-11-18.md", ".trash/2026-11-18.md", ".git/x.md", ".hidden.md", "a/.b/c.md"]:
        write(tmp_path, rel)
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert journal.problems == ()


@pytest.mark.parametrize(
    "name",
    ["2026-11-18.md~", "#2026-11-18.md#", ".#2026-11-18.md", "2026-11-18.md.swp", ".2026-11-18.md.swp", "4913",
     "2026-11-18.md___jb_tmp___", "2026-11-18.md___jb_old___", "._2026-11-18.md"],
)
def test_editor_droppings_are_skipped_silently(tmp_path: Path, name: str) -> None:
    write(tmp_path, name)
    journal = read_journal(tmp_path, Config())
    assert journal.notes == () and journal.problems == () and journal.other_notes == ()


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("2026-11-18.sync-conflict-20261118-101010-ABCDEFG.md", "2026-11-18.md"),
        ("2026-11-18 (conflicted copy 2026-11-18).md", "2026-11-18.md"),
        ("2026-11-18 (Jane's conflicted copy 2026-11-18) (1).md", "2026-11-18.md"),
        ("2026-11-18 (conflicted copy 2026-11-18 101010).md", "2026-11-18.md"),
        ("2026-11-18 (Conflict 2026-11-18).md", "2026-11-18.md"),
        ("2026-11-18_conflicted copy.md", "2026-11-18.md"),
    ],
)
def test_sync_conflict_copies_are_reported_not_read(tmp_path: Path, name: str, original: str) -> None:
    assert conflict_original(name) == original
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, f"journal/{name}")
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert messages(journal) == [
        (f"journal/{name}", f"sync-conflict copy not read: merge it into journal/{original} and delete it")
    ]
    assert journal.problems[0].severity is Severity.WARNING


def test_ordinary_names_are_not_conflicts() -> None:
    assert conflict_original("2026-11-18.md") is None
    assert conflict_original("notes (draft).md") is None


def test_exclude_globs(tmp_path: Path) -> None:
    for rel in ["2026-11-18.md", "templates/daily.md", "templates/sub/weekly.md", "x/templates/keep.md",
                "notes/a.draft.md", "archive/2020-01-01.md", "old/archive/2020-01-02.md", "archived/2020-01-03.md"]:
        write(tmp_path, rel)
    exclude = ("templates/**", "*.draft.md", "archive")
    assert found_paths(tmp_path, exclude=exclude) == ["2026-11-18.md", "archived/2020-01-03.md", "x/templates/keep.md"]


def test_glob_rules() -> None:
    excluded = compile_globs(["templates/**", "**/private/*.md", "[0-9]*.md", "./out/"])
    assert excluded("templates") and excluded("templates/a.md") and excluded("templates/a/b.md")
    assert excluded("private/x.md") and excluded("a/b/private/x.md") and not excluded("a/private/b/x.md")
    assert excluded("2026.md") and excluded("sub/2026.md") and not excluded("x2026.md")
    assert excluded("out/site/index.md") and not excluded("output/a.md")
    assert not compile_globs([])("anything.md")


def test_exclude_dirs_skip_an_output_folder_inside_the_journal(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "site/reviews/2026-W47.md")
    write(tmp_path, "site-notes/2026-11-19.md")
    assert found_paths(tmp_path, exclude_dirs=[tmp_path / "site"]) == ["2026-11-18.md", "site-notes/2026-11-19.md"]
    journal = read_journal(tmp_path, Config(), exclude_dirs=[tmp_path / "site", tmp_path / "not-there"])
    assert [n.path for n in journal.notes] == ["2026-11-18.md", "site-notes/2026-11-19.md"]


def test_exclude_dirs_given_relative_or_through_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "j/2026-11-18.md")
    write(tmp_path, "j/out/index.md")
    (tmp_path / "out-link").symlink_to(tmp_path / "j" / "out")
    monkeypatch.chdir(tmp_path)
    assert found_paths(Path("j"), exclude_dirs=[Path("j/out")]) == ["2026-11-18.md"]
    assert found_paths(Path("j"), exclude_dirs=[tmp_path / "out-link"]) == ["2026-11-18.md"]


# -- links ----------------------------------------------------------------------------------------


def test_directory_symlinks_are_not_followed_even_in_a_loop(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    write(outside, "2026-11-19.md")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "elsewhere").symlink_to(outside)
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert {(p.path, p.severity) for p in journal.problems} == {("elsewhere", Severity.INFO), ("loop", Severity.INFO)}
    assert all("folder symlink not followed" in p.message for p in journal.problems)


def test_file_symlink_inside_the_root_is_read(tmp_path: Path) -> None:
    write(tmp_path, ".stash/real.md", "- [x] read through the link\n")
    (tmp_path / "2026-11-18.md").symlink_to(tmp_path / ".stash" / "real.md")
    journal = read_journal(tmp_path, Config())
    assert [(n.path, n.tasks[0].text) for n in journal.notes] == [("2026-11-18.md", "read through the link")]
    assert journal.problems == ()


def test_file_symlink_to_a_note_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "2026-11-18.md").symlink_to(tmp_path / "2026-11-18.md")
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert messages(journal) == [("copy/2026-11-18.md", "same file as 2026-11-18.md (a link to it); read once")]


def test_file_symlink_outside_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path.parent / (tmp_path.name + "-secret")
    write(outside, "secret.md", "- [x] private\n")
    (tmp_path / "2026-11-18.md").symlink_to(outside / "secret.md")
    (tmp_path / "2026-11-19.md").symlink_to(tmp_path / "missing.md")
    journal = read_journal(tmp_path, Config())
    assert journal.notes == ()
    assert [(p.path, p.severity) for p in journal.problems] == [
        ("2026-11-18.md", Severity.WARNING),
        ("2026-11-19.md", Severity.WARNING),
    ]
    assert "outside the journal" in journal.problems[0].message
    assert "broken or looping link" in journal.problems[1].message


# -- hostile files --------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_skipped_without_hanging(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    os.mkfifo(tmp_path / "2026-11-19.md")
    result: list[Journal] = []
    worker = threading.Thread(target=lambda: result.append(read_journal(tmp_path, Config())), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "reading a FIFO blocked"
    journal = result[0]
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert messages(journal, Severity.WARNING) == [
        ("2026-11-19.md", "not a regular file (a FIFO, socket or device), not read: remove it from the journal")
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_file_replaced_by_a_fifo_after_listing_is_not_opened_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "2026-11-19.md")
    data, problems = read_bytes(Found("2026-11-19.md", str(tmp_path / "2026-11-19.md")))
    assert data is None and "not a regular file" in problems[0].message


def test_a_binary_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "2026-11-18.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path, "2026-11-19.md")
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-19.md"]
    assert [(p.path, p.severity, p.message) for p in journal.problems] == [
        ("2026-11-18.md", Severity.ERROR, "binary file, not read: a note must be text (UTF-8)")
    ]


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "2026-11-18.md").write_bytes(b"- [x] big\n" * (6 * 1024 * 1024 // 10))
    write(tmp_path, "2026-11-19.md")
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-19.md"]
    assert journal.problems[0].path == "2026-11-18.md"
    assert journal.problems[0].severity is Severity.ERROR
    assert journal.problems[0].message.startswith("note larger than 5 MiB is not read")


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "2026-11-18.md")
    monkeypatch.setattr(discover_module, "MAX_NOTE_BYTES", 8)  # the stat saw less than the read gets
    monkeypatch.setattr(discover_module.os, "stat", lambda path: os.lstat(path))
    data, problems = read_bytes(Found("2026-11-18.md", str(tmp_path / "2026-11-18.md")))
    assert data is None and problems[0].message.startswith("note larger than 5 MiB")


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "2026-11-18.md").write_bytes(b"# Day\n- [x] caf\xe9 au lait\n")
    journal = read_journal(tmp_path, Config())
    assert journal.notes[0].tasks[0].text == "caf\ufffd au lait"
    problem = journal.problems[0]
    assert (problem.path, problem.line, problem.column, problem.severity) == ("2026-11-18.md", 2, 10, Severity.WARNING)
    assert "invalid UTF-8" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = "---\nmood: 4\n---\n- [x] Übung 10 min\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "2026-11-18.md").write_bytes(data)
    journal = read_journal(tmp_path, Config())
    note = journal.notes[0]
    assert note.tasks[0].text == "Übung 10 min" and note.metrics["mood"].value == 4
    assert [p.severity for p in journal.problems] == [Severity.INFO]
    assert "save it as UTF-8" in journal.problems[0].message


def test_decode_strips_a_utf8_bom_and_normalises_line_ends() -> None:
    assert decode(b"\xef\xbb\xbfa\r\nb\rc\n", "x.md") == ("a\nb\nc\n", [])


def test_invalid_utf8_line_counts_crlf_and_cr_once() -> None:
    text, problems = decode(b"a\r\nb\rc \xff\n", "x.md")
    assert text == "a\nb\nc \ufffd\n"
    assert (problems[0].line, problems[0].column) == (3, 3)


def test_a_file_that_vanishes_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-11-18.md")
    files, _ = discover(tmp_path)
    path.unlink()
    data, problems = read_bytes(files[0])
    assert data is None
    assert (problems[0].severity, problems[0].message) == (
        Severity.WARNING,
        "note vanished before it could be read (renamed or deleted)",
    )


def test_an_unreadable_file_is_a_warning_and_the_rest_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "2026-11-19.md")
    real_open = os.open

    def deny(path: str, *args: object, **kwargs: object) -> int:
        if str(path).endswith("2026-11-18.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(discover_module.os, "open", deny)
    journal = read_journal(tmp_path, Config())
    assert [n.path for n in journal.notes] == ["2026-11-19.md"]
    assert messages(journal, Severity.WARNING) == [
        ("2026-11-18.md", "cannot read the note: permission denied (check its permissions)")
    ]


def test_an_unlistable_folder_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "locked/2026-11-19.md")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(discover_module.os, "scandir", scandir)
    files, problems = discover(tmp_path)
    assert [f.relpath for f in files] == ["2026-11-18.md"]
    assert [(p.path, p.message) for p in problems] == [("locked", "cannot list folder: permission denied")]


# -- dates, folders and the journal -----------------------------------------------------------------


def test_two_notes_for_one_date_give_one_warning(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "2026-11-18 Wednesday.md")
    write(tmp_path, "old/2026-11-18.md", "- [ ] third copy\n")
    write(tmp_path, "2026-11-19.md")
    journal = read_journal(tmp_path, Config())
    assert [(str(n.date), n.path) for n in journal.notes] == [
        ("2026-11-18", "2026-11-18 Wednesday.md"),
        ("2026-11-18", "2026-11-18.md"),
        ("2026-11-18", "old/2026-11-18.md"),
        ("2026-11-19", "2026-11-19.md"),
    ]
    assert messages(journal, Severity.WARNING) == [
        (
            "2026-11-18 Wednesday.md",
            "3 notes for 2026-11-18: 2026-11-18 Wednesday.md, 2026-11-18.md, old/2026-11-18.md; their items are combined",
        )
    ]


def test_folder_and_dated_path_format(tmp_path: Path) -> None:
    write(tmp_path, "journal/2026/11/2026-11-18.md")
    write(tmp_path, "journal/2026/11/2026-11-19 Thursday.md")
    write(tmp_path, "journal/2026/10/2026-11-20.md")  # its folders and its name disagree
    write(tmp_path, "journal/2026/11/ideas.md")
    write(tmp_path, "journal/2026-11-21.md")  # not the format's shape, no front matter date
    write(tmp_path, "projects/2026-11-22.md", "---\ndate: 2026-11-22\n---\n")  # outside the folder
    config = Config(notes_folder="./journal/", notes_format="YYYY/MM/YYYY-MM-DD")
    journal = read_journal(tmp_path, config)
    assert [(n.path, str(n.date)) for n in journal.notes] == [
        ("journal/2026/11/2026-11-18.md", "2026-11-18"),
        ("journal/2026/11/2026-11-19 Thursday.md", "2026-11-19"),
    ]
    assert journal.other_notes == (
        "journal/2026-11-21.md",
        "journal/2026/10/2026-11-20.md",
        "journal/2026/11/ideas.md",
        "projects/2026-11-22.md",
    )
    assert messages(journal) == [
        (
            "journal/2026/10/2026-11-20.md",
            "file name '2026/10/2026-11-20' names two different dates (its folders and its name disagree): "
            "not dated by its name (rename it if it is a daily note)",
        )
    ]


def test_logseq_journals(tmp_path: Path) -> None:
    write(tmp_path, "journals/2026_11_18.md", "- DONE Walk 10 min\n- TODO Read\n")
    write(tmp_path, "pages/Walking.md", "- DONE not a journal\n")
    journal = read_journal(tmp_path, Config(notes_folder="journals", notes_format="YYYY_MM_DD", layout="logseq"))
    assert [(n.path, [t.char for t in n.tasks]) for n in journal.notes] == [("journals/2026_11_18.md", ["DONE", "TODO"])]
    assert journal.other_notes == ("pages/Walking.md",) and journal.layout == "logseq"


def test_front_matter_date_fallback_and_disagreement(tmp_path: Path) -> None:
    write(tmp_path, "Meeting notes.md", "---\ndate: 2026-11-17\n---\n- [x] agenda\n")
    write(tmp_path, "2026-11-18.md", "---\nmood: 3\ndate: 2026-11-19\n---\n")
    write(tmp_path, "project.md", "# no date at all\n")
    journal = read_journal(tmp_path, Config())
    assert [(n.path, str(n.date)) for n in journal.notes] == [
        ("Meeting notes.md", "2026-11-17"),
        ("2026-11-18.md", "2026-11-18"),
    ]
    assert journal.other_notes == ("project.md",)
    assert [(p.path, p.line, p.severity) for p in journal.problems] == [("2026-11-18.md", 3, Severity.WARNING)]
    assert "2026-11-18" in journal.problems[0].message and "2026-11-19" in journal.problems[0].message


def test_a_name_that_looks_like_a_date_but_is_not_is_listed(tmp_path: Path) -> None:
    write(tmp_path, "2024-13-45.md")
    journal = read_journal(tmp_path, Config())
    assert journal.notes == () and journal.other_notes == ("2024-13-45.md",)
    assert [(p.path, p.severity) for p in journal.problems] == [("2024-13-45.md", Severity.INFO)]
    assert "looks like a date but is not one" in journal.problems[0].message


def test_an_unusable_notes_format_is_reported_not_raised(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md", "---\ndate: 2026-11-18\n---\n")
    write(tmp_path, "2026-11-19.md")
    journal = read_journal(tmp_path, Config(notes_format="YYYY-[W]ww", path="mdgoals.yaml"))
    assert [n.path for n in journal.notes] == ["2026-11-18.md"]
    assert [(p.path, p.severity) for p in journal.problems] == [("mdgoals.yaml", Severity.ERROR)]
    assert "notes.format" in journal.problems[0].message and "'ww'" in journal.problems[0].message


def test_the_journal_is_sorted_and_paths_use_slashes(tmp_path: Path) -> None:
    write(tmp_path, "b/2026-11-18.md", "- [?] odd\n")
    write(tmp_path, "a/2026-11-17.md", "---\nmood: [\n---\n")
    write(tmp_path, "2026-11-16.md")
    journal = read_journal(tmp_path, Config(layout="obsidian"))
    assert journal.root == str(tmp_path) and journal.layout == "obsidian"
    assert [n.path for n in journal.notes] == ["2026-11-16.md", "a/2026-11-17.md", "b/2026-11-18.md"]
    assert list(journal.problems) == sorted(journal.problems)
    assert [p.path for p in journal.problems] == ["a/2026-11-17.md", "b/2026-11-18.md"]
    assert journal.notes[0].tasks[0].path == "2026-11-16.md"


def test_reading_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    write(tmp_path, "templates/daily.md")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "bin.md").write_bytes(b"\x00\x01")
    before = snapshot(tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if not p.is_symlink()}
    read_journal(tmp_path, Config(exclude=("templates/**",)))
    assert snapshot(tmp_path) == before
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if not p.is_symlink()} == stamps


def test_a_missing_root_is_one_warning(tmp_path: Path) -> None:
    journal = read_journal(tmp_path / "nope", Config())
    assert journal.notes == () and [p.message for p in journal.problems] == ["cannot list folder: no such file or directory"]


def test_dates_are_plain_dates(tmp_path: Path) -> None:
    write(tmp_path, "2026-11-18.md")
    assert read_journal(tmp_path, Config()).notes[0].date == datetime.date(2026, 11, 18)
