"""The examples in mdgoals' docstrings run: a docstring's example that no longer works is a bug."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mdgoals


def _with_examples() -> list[str]:
    """Return the modules whose docstrings hold at least one example that is not skipped."""
    names = []
    finder = doctest.DocTestFinder()
    for info in pkgutil.walk_packages(mdgoals.__path__, "mdgoals."):
        if info.name == "mdgoals.__main__":
            continue
        tests = finder.find(importlib.import_module(info.name))
        if any(ex for t in tests for ex in t.examples if not ex.options.get(doctest.SKIP)):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, report=False)
    assert result.attempted > 0 and result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
