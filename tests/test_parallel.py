"""Reading on two processors gives what reading on one gives, whatever happens to the child."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from mdgoals import parallel
from mdgoals.config import load_config
from mdgoals.parallel import can_fork, map_split
from mdgoals.reader import notes as notes_module
from mdgoals.reader import read_journal

SAMPLE = Path(__file__).resolve().parents[1] / "sample-journal"


@pytest.fixture(autouse=True)
def _two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    if not can_fork():
        pytest.skip("needs fork, two processors and one thread")


def test_without_a_setting_it_forks_only_when_a_processor_is_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.ENV_WORKERS)
    cpus = len(os.sched_getaffinity(0))
    monkeypatch.setattr(os, "getloadavg", lambda: (cpus - 0.4, 0.0, 0.0))  # every processor busy
    assert not can_fork()
    assert map_split(lambda xs: [os.getpid() for _ in xs], list(range(4)), min_items=0) == [os.getpid()] * 4
    monkeypatch.setattr(os, "getloadavg", lambda: (cpus - 0.6, 0.0, 0.0))  # one of them idle
    assert can_fork()
    assert os.getpid() not in map_split(lambda xs: [os.getpid() for _ in xs], list(range(4)), min_items=0)[2:]


def test_one_worker_never_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not can_fork()


def test_a_split_map_equals_the_plain_map() -> None:
    items = list(range(101))
    assert map_split(lambda xs: [x * x for x in xs], items, min_items=0) == [x * x for x in items]


def test_the_child_really_does_half() -> None:
    parent = os.getpid()
    pids = map_split(lambda xs: [os.getpid() for _ in xs], list(range(10)), min_items=0)
    assert pids[:5] == [parent] * 5 and parent not in pids[5:]


@pytest.mark.parametrize("failure", ["raise", "exit", "garbage"])
def test_a_failing_child_leaves_its_half_to_the_parent(failure: str) -> None:
    parent = os.getpid()

    def work(xs: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            if failure == "raise":
                raise RuntimeError("child failed")
            if failure == "exit":
                os._exit(0)  # success status, nothing sent
            return ["not", "what", "was", "asked"]  # type: ignore[list-item]
        return [x + 1 for x in xs]

    assert map_split(work, list(range(9)), min_items=0) == list(range(1, 10))


def test_a_journal_read_on_two_processors_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "j"
    shutil.copytree(SAMPLE, journal)
    config = load_config(journal, None)
    one = read_journal(journal, config)
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    forks = []
    real_fork = os.fork

    def counting_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    assert read_journal(journal, config) == one
    assert forks == [1]
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")
    assert not can_fork()
    assert notes_module.read_journal(journal, config) == one
