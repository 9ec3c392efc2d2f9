"""Where each page of the site lives: file names from goal ids and week labels, and links between pages.

Every ``href`` is a path relative to the site root built here from a goal id, a
week label or a date — never from note text — so no page can carry a
``javascript:`` link.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from ..model import is_goal_id

_WEEK_LABEL = re.compile(r"^\d{4}-(W\d{2}|\d{2}-\d{2})$")


def goal_slug(goal_id: str) -> str:
    """Return the file name stem of a goal's page: its id, or a hash when the id is not a plain slug."""
    if is_goal_id(goal_id):
        return goal_id
    return "goal-" + hashlib.sha256(goal_id.encode("utf-8")).hexdigest()[:12]


def week_slug(label: str) -> str:
    """Return the file name stem of a week's page (labels are ``2026-W47`` or ``2026-11-15``)."""
    if _WEEK_LABEL.match(label):
        return label
    return "week-" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:12]


def goal_href(goal_id: str) -> str:
    """Return the path of a goal's page, relative to the site root."""
    return f"goals/{goal_slug(goal_id)}.html"


@functools.lru_cache(maxsize=8192)  # each week is linked from its neighbours, the index, its days and its evidence
def week_href(label: str) -> str:
    """Return the path of a week's page, relative to the site root."""
    return f"weeks/{week_slug(label)}.html"


@dataclass(frozen=True)
class Link:
    """A titled relative link (href relative to the site root)."""

    title: str
    href: str

