"""The pre-commit hook, run for real: `pre-commit try-repo` on a temporary git repository holding a journal.

pre-commit builds the hook's virtualenv from this repository (its committed
state plus uncommitted changes to tracked files) and installs mdgoals'
dependencies from PyPI, so the first run takes a while; the environment is
shared by the tests of this module through one ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 900  # building the hook's virtualenv downloads packages

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs pre-commit and git"
    ),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="try-repo needs mdgoals' own git repository"),
]


def _env(home: Path) -> dict[str, str]:
    """Return an environment for git and pre-commit that ignores the caller's repository and settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "MDGOALS_"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
        MDGOALS_AS_OF="2026-11-22",
        NO_COLOR="1",
    )
    return env


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _journal_repo(root: Path, notes: dict[str, str], env: dict[str, str]) -> Path:
    root.mkdir()
    for rel, text in notes.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for args in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "notes"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)
    return root


def _try_repo(journal: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", "try-repo", str(REPO), "mdgoals-check", "--all-files"],
        cwd=journal,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_hook_fails_on_a_bad_note_with_its_file_and_line(tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    journal = _journal_repo(
        tmp_path / "journal",
        {
            "mdgoals.yaml": "goals:\n  - id: walk\n",
            "2026-11-20.md": "---\ntags: [a, b\n---\n- [x] Walk #walk\n",
            "2026-11-21.md": "- [x] Walk #walk\n",
        },
        env,
    )
    result = _try_repo(journal, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "mdgoals check" in output and "Failed" in output
    assert "2026-11-20.md:3:1: error: invalid front matter" in output
    assert "2 daily notes checked: 1 error" in output


def test_hook_passes_on_a_good_journal(tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    journal = _journal_repo(
        tmp_path / "journal",
        {
            "mdgoals.yaml": "goals:\n  - id: walk\n",
            "2026/11/2026-11-20.md": "---\nmood: 4\n---\n- [x] Walk #walk\n",
            "2026/11/2026-11-21.md": "- [x] Walk #walk\n\n## Evidence\n- Walked in the rain.\n",
        },
        env,
    )
    result = _try_repo(journal, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "mdgoals check" in output and "Passed" in output
