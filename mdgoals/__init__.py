"""mdgoals: goals, streaks and weekly reviews from a plain-markdown daily journal."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def templates_dir() -> Path:
    """Return the packaged templates folder (inside the wheel, or the source checkout's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("mdgoals templates folder not found; reinstall mdgoals")
