"""Renderers: Report → text.  None of them opens a file or reads the clock."""

from __future__ import annotations

import datetime as dt

from ..model import Report


def render_report(report: Report, fmt: str, *, week: dt.date | None = None, color: bool = False) -> str:
    """Return the report in one format: ``md``, ``json`` (and those later renderers add)."""
    if fmt == "json":
        from .json_report import render_json

        return render_json(report)
    if fmt == "md":
        from .markdown import render_review

        return render_review(report, week=week)
    if fmt == "text":
        from .terminal import render_terminal

        return render_terminal(report, week=week, color=color)
    if fmt == "html":
        from .html import render_review_page

        return render_review_page(report, week)
    raise ValueError(f"unknown format {fmt!r}")
