"""The docs are tested: the README's quickstart runs, every command is documented, CI runs the README's test command."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import REPO

from mdgoals.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[list[str]]:
    block = README.split("<!-- quickstart")[1].split("<!-- /quickstart -->")[0]
    commands = []
    for line in block.splitlines():
        if line.startswith("$ mdgoals "):
            command = line[2:].split("  #")[0].strip()
            commands.append(shlex.split(command)[1:])
    return commands


def test_quickstart_is_not_empty():
    assert len(quickstart_commands()) >= 5


@pytest.mark.parametrize("args", quickstart_commands(), ids=lambda a: " ".join(a[:2]))
def test_quickstart_command_runs(args, run_cli, sample_journal, tmp_path):
    args = [str(sample_journal) if a == "sample-journal" else a for a in args]
    args = [str(tmp_path / "site") if a == "/tmp/mdgoals-site" else a for a in args]
    result = run_cli(args, journal=sample_journal)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip(), "a quickstart command printed nothing"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme_with_an_example(name):
    assert f"`mdgoals {name}" in README, f"the README's command table lacks {name}"
    assert re.search(rf"^\$ mdgoals {name} ", README, re.MULTILINE), f"the README has no example of {name}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name, run_cli):
    result = run_cli([name, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout, f"mdgoals {name} --help shows no example"
    assert f"mdgoals {name} " in result.stdout.split("Examples:")[1]


def test_ci_runs_the_readme_test_command():
    test_command = re.search(r"Run the tests.*?```console\n(.+?)\n```", README, re.S).group(1).strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_install_command_runs_the_main_job_on_the_sample():
    install = re.search(r"Install and run.*?```console\n(.+?)\n```", README, re.S).group(1).strip()
    assert install.startswith("python -m pip install . && mdgoals report sample-journal")
