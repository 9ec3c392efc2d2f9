"""Shared fixtures: the journal is sacred, so every CLI test checks its bytes are unchanged.

Use ``run_cli(args, journal=path)``: it runs mdgoals through click's runner with
a fixed as-of and asserts that the journal's tree digest (every name, byte and
mode) is identical afterwards — or, for ``today``/``init``, that only the
expected new files appeared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample-journal"
CORPORA = REPO.parent / "shared" / "corpora"
AS_OF = "2026-11-22"


def tree_digest(root: Path) -> dict[str, tuple[int, str]]:
    """Return {relative path: (mode, sha256 of bytes or link target)} for everything below root."""
    out: dict[str, tuple[int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = (st.st_mode, "link:" + os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                try:
                    out[rel] = (st.st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
                except PermissionError:
                    out[rel] = (st.st_mode, "unreadable")
            else:
                out[rel] = (st.st_mode, "")
    return out


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterable[None]:
    """Keep the parse cache of every test run (and of the commands it starts) out of the user's cache dir."""
    previous = os.environ.get("MDGOALS_CACHE_DIR")
    os.environ["MDGOALS_CACHE_DIR"] = str(tmp_path_factory.mktemp("mdgoals-cache"))
    yield
    if previous is None:
        del os.environ["MDGOALS_CACHE_DIR"]
    else:
        os.environ["MDGOALS_CACHE_DIR"] = previous


@pytest.fixture
def sample_journal(tmp_path: Path) -> Path:
    """Return a private copy of sample-journal/ (tests may add files to it)."""
    dest = tmp_path / "sample-journal"
    shutil.copytree(SAMPLE, dest, symlinks=True)
    return dest


@pytest.fixture
def trusted_journal(sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a private copy of sample-journal/ with a private cache folder that trusts its seconds-old files."""
    from mdgoals.reader import cache

    monkeypatch.setenv("MDGOALS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "RACY_NS", 0)  # a copy made now would be too fresh to be cached or remembered
    return sample_journal


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Return a function that runs the CLI and asserts the journal is unchanged."""
    from mdgoals.cli import main

    monkeypatch.setenv("MDGOALS_AS_OF", AS_OF)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def invoke(args: list[str], *, journal: Path | None = None, new_files: Iterable[str] = (), input: str | None = None) -> Result:
        before = tree_digest(journal) if journal is not None else None
        result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
        if journal is not None and before is not None:
            after = tree_digest(journal)
            added = set(after) - set(before)
            expected = set(new_files)
            # New folders created for a new note are part of it.
            parents = {p.as_posix() for f in expected for p in Path(f).parents if p.as_posix() != "."}
            assert added <= expected | parents, f"unexpected new files in the journal: {sorted(added - expected - parents)}"
            assert {k: v for k, v in after.items() if k in before} == before, "the journal's bytes changed"
            assert set(before) <= set(after), "files vanished from the journal"
        return result

    return invoke
