"""One count of the journal's problems by severity, for the site, the markdown review and the terminal."""

from __future__ import annotations

from mdgoals.errors import Problem, Severity
from mdgoals.render.common import problem_counts


def test_every_severity_is_counted_and_each_starts_at_zero() -> None:
    assert problem_counts(()) == {"error": 0, "warning": 0, "info": 0}
    problems = [Problem("a.md", 1, 1, Severity.ERROR, "x"), Problem("a.md", 2, 1, Severity.WARNING, "y"), Problem("b.md", 1, 1, Severity.ERROR, "z")]
    assert problem_counts(problems) == {"error": 2, "warning": 1, "info": 0}
