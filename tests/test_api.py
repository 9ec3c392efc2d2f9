"""Safe writes: atomic, only when changed, readable like any new file."""

from __future__ import annotations

import os

import pytest

from mdgoals.api import check_report_target, write_file_atomic
from mdgoals.errors import OutputError


def test_write_is_atomic_only_when_changed_and_leaves_no_temp(tmp_path):
    target = tmp_path / "sub" / "page.html"
    assert write_file_atomic(target, "one") is True
    first = target.stat()
    assert write_file_atomic(target, "one") is False
    assert target.stat().st_mtime_ns == first.st_mtime_ns and target.stat().st_ino == first.st_ino
    assert write_file_atomic(target, "two") is True
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_new_files_follow_the_umask_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_file_atomic(tmp_path / "a.html", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644


def test_report_file_inside_the_journal_is_refused(tmp_path):
    journal = tmp_path / "journal"
    journal.mkdir()
    with pytest.raises(OutputError, match="inside the journal"):
        check_report_target(journal / "review.md", journal)
    check_report_target(tmp_path / "review.md", journal)


def test_a_temporary_name_left_by_a_killed_build_is_not_reused(tmp_path, monkeypatch):
    import mdgoals.api

    names = iter(["deadbeef", "deadbeef", "cafef00d"])
    monkeypatch.setattr(mdgoals.api, "_temp_suffix", lambda: next(names))
    (tmp_path / ".page.html.deadbeef.tmp").write_text("left by a killed build")
    assert write_file_atomic(tmp_path / "page.html", "new") is True
    assert (tmp_path / "page.html").read_text() == "new"
    assert (tmp_path / ".page.html.deadbeef.tmp").read_text() == "left by a killed build"  # not overwritten
    assert sorted(p.name for p in tmp_path.iterdir()) == [".page.html.deadbeef.tmp", "page.html"]


def test_a_fifo_where_a_page_goes_is_replaced_without_being_opened(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    assert write_file_atomic(fifo, "") is True  # same size as the FIFO (0): reading it would block for ever
    assert fifo.is_file() and fifo.read_text() == ""
