"""Report → HTML pages: one jinja Environment, templates from ``templates/``, charts from :mod:`.svg`.

Note text reaches templates only as data, never as template source, and the
environment autoescapes everything, so ``<script>`` or ``{{ 7*7 }}`` in a note
shows as text.  Users override any template (and ``style.css``) by putting a
file of the same name in ``<journal>/.mdgoals/templates/`` or ``--templates DIR``.

>>> from mdgoals.engine import compute_report
>>> from mdgoals.model import Config, Journal
>>> import datetime as dt
>>> page = render_review_page(compute_report(Journal(".", ()), Config(), dt.date(2026, 11, 22)))
>>> page.startswith("<!doctype html>")
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .. import templates_dir
from ..model import Report, Week
from . import html_pieces
from .common import focus_week
from .links import goal_slug, week_slug
from .numbers import percent
from .numbers import text as num
from .views import GoalView, SiteView
from .week_views import review_key, week_page_key
from .wording import long_date, short_date

if TYPE_CHECKING:
    from .markdown import Reviews

STYLESHEET = "style.css"


class _ConfinedLoader(FileSystemLoader):
    """Load templates from one folder, refusing any that lead outside it (a symlink to ~/.ssh/id_rsa)."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        folder = os.path.realpath(self.searchpath[0])
        if os.path.commonpath([os.path.realpath(filename), folder]) != folder:
            raise TemplateError(f"template {template} leads outside {self.searchpath[0]} (a symlink): not read")
        return source, filename, uptodate


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with a short way through for mdgoals' own view and model objects.

    Their public attributes are plain data — fields and properties of frozen
    dataclasses — which the sandbox allows anyway, after a dozen isinstance
    checks per access: a third of the time of a ten-year build.  Anything else
    (and every name starting with '_') goes through the sandbox's own checks.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in _DATA_TYPES and attribute[:1] != "_":
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        # A method of one of those objects, or a piece of html_pieces: a plain function that needs
        # no context and that the sandbox allows anyway (is_safe_callable), called without its checks
        # (a dozen calls a page, ~3 µs each).
        kind = type(__obj)
        if (kind is MethodType and type(__obj.__self__) in _DATA_TYPES) or (kind is FunctionType and __obj in _PIECES):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _data_types() -> frozenset[type]:
    from .. import model
    from . import goal_views, links, views, week_views

    return frozenset(
        c
        for m in (model, views, goal_views, week_views, links)
        for c in vars(m).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c)
    )


_DATA_TYPES = _data_types()
# The pieces written in Python that templates place, by their global name (see docs/site.md).
_PIECES_BY_NAME = {
    "evidence_html": html_pieces.evidence_groups,
    "legend_html": html_pieces.legend,
    "week_index_html": html_pieces.week_index_rows,
    "month_html": html_pieces.month_rows,
}
_PIECES = frozenset(_PIECES_BY_NAME.values())


def make_environment(extra_dirs: Sequence[Path] = ()) -> Environment:
    """Return the one jinja Environment: user folders first, then the packaged templates.

    Autoescaping is on for every template and undefined names fail loudly
    (``StrictUndefined``), so a typo in an override is an error, not a blank.
    Sandboxed: a journal's own ``.mdgoals/templates`` come with the journal (a
    cloned repository, a shared vault), and a template must not reach Python's
    internals (``cycler.__init__.__globals__.os``) and run code on build, nor
    publish a file from outside its folder through a symlink.
    """
    dirs = [str(d) for d in extra_dirs if d.is_dir()] + [str(templates_dir())]
    env = _Sandbox(
        loader=ChoiceLoader([_ConfinedLoader(d) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        newline_sequence="\n",
        auto_reload=False,
    )
    env.filters.update(
        num=num,
        percent=percent,
        long_date=long_date,
        short_date=short_date,
        iso=lambda d: d.isoformat() if isinstance(d, dt.date) else "",
        plural=_plural,
        basename=lambda p: str(p).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or str(p),
    )
    env.globals.update(_PIECES_BY_NAME)
    return env


def _plural(count: int, word: str, many: str | None = None) -> str:
    """Return '1 note' / '3 notes'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def stylesheet(env: Environment) -> str:
    """Return the stylesheet's text as the loader finds it (a user's ``style.css`` wins)."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, STYLESHEET)
    return source.replace("\r\n", "\n")


def _inline_css(css: str) -> Markup:
    # A stylesheet inside <style> must not be able to close the element early.
    return Markup(re.sub(r"</(?=style)", r"<\\/", css, flags=re.IGNORECASE))


def _common(view: SiteView, root: str, nav: str, standalone: bool = False, css: str = "") -> dict[str, Any]:
    """Return what every template sees (documented in docs/site.md)."""
    report = view.report
    return {
        "report": report,
        "site": view,
        "journal": report.journal,
        "as_of": report.as_of,
        "current_week": view.current_week,
        "root": root,
        "nav": nav,
        "standalone": standalone,
        "css": _inline_css(css) if standalone else Markup(""),
        "problems": view.problem_counts,
    }


def render_review_page(report: Report, week: dt.date | None = None, *, env: Environment | None = None) -> str:
    """Return one week's review as a single self-contained HTML page (stylesheet inlined, no links out)."""
    env = env or make_environment()
    view = SiteView.build(report)
    focus = focus_week(report, week)
    context = _common(view, "", "week", standalone=True, css=stylesheet(env))
    if focus is None:
        return env.get_template("empty.html").render(context)
    context["w"] = view.week_view(focus, links=False)
    return env.get_template("week.html").render(context)


@dataclass(frozen=True)
class Page:
    """One output file: its path relative to the output folder and how to make its bytes."""

    path: str
    render: Callable[[], str]
    # With keys asked for: what the page shows besides the site's key (see site_key); two builds
    # with equal site keys make equal bytes for equal page keys. None: no key, always rendered.
    key: object = None


def site_key(report: Report, note_base: str | None) -> tuple[object, ...]:
    """Return what every keyed page may show besides its own key: config, as-of, journal, links, the weeks' span."""
    span = (report.weeks[0].start, report.weeks[-1].start) if report.weeks else None
    return (report.config, report.as_of, report.journal.root, note_base, span)


def site_pages(
    report: Report,
    *,
    env: Environment,
    notes: Sequence[tuple[dt.date, str]] | None = None,
    note_base: str | None = None,
    keyed: bool = False,
) -> list[Page]:
    """Return every page of the site, in a fixed order; each is rendered only when asked for.

    ``notes`` lists (date, path) of the daily notes, for the day index; ``note_base``
    is the relative path from the output folder to the journal root when the
    output folder is inside the journal (then pages link to the notes themselves).
    ``keyed`` gives the pages of past weeks their key (:func:`week_page_key`): true
    only for the packaged templates, which show nothing else of the report there.
    """
    from .json_report import render_json

    view = SiteView.build(report, notes, note_base)

    def page(path: str, template: str, nav: str, extra: Callable[[], dict[str, Any]] = dict) -> Page:
        root = "../" * path.count("/")

        def render() -> str:
            context = _common(view, root, nav)
            context.update(extra())
            return env.get_template(template).render(context)

        return Page(path, render)

    pages = [
        Page(STYLESHEET, lambda: stylesheet(env)),
        page("index.html", "index.html", "dashboard"),
        page("evidence.html", "evidence.html", "evidence"),
        page("days.html", "days.html", "days", lambda: {"years": view.day_index()}),
        page("weeks.html", "weeks.html", "weeks"),
        Page("report.json", lambda: render_json(report)),
    ]
    # Charts and tables are computed when a page is rendered, not when it is listed.
    for gv in view.goals:
        pages.append(page(f"goals/{goal_slug(gv.id)}.html", "goal.html", "goals", partial(_goal_context, view, gv)))
    shared_reviews: list[Reviews] = []  # made by the first review rendered (in each process)
    for w in report.weeks:
        week_page = page(f"weeks/{week_slug(w.label)}.html", "week.html", "weeks", partial(_week_context, view, w))
        if keyed and w.end < report.as_of:  # the week of as-of shows the as-of day and the coach's advice
            week_page = replace(week_page, key=week_page_key(view, w))
        pages.append(week_page)
        review_page = Page(f"reviews/{week_slug(w.label)}.md", _review(view, w, shared_reviews))
        if keyed:  # every review shows today's streaks: its key holds them, so most edits change them all
            review_page = replace(review_page, key=review_key(view, w))
        pages.append(review_page)
    pages.sort(key=lambda p: p.path)
    return pages


def _goal_context(view: SiteView, gv: GoalView) -> dict[str, Any]:
    return {"g": gv, "detail": view.goal_detail(gv)}


def _week_context(view: SiteView, week: Week) -> dict[str, Any]:
    return {"w": view.week_view(week)}


def _review(view: SiteView, week: Week, shared: list[Reviews]) -> Callable[[], str]:
    """Return a renderer of one week's markdown review.

    Every review of the site is asked of the same report, so what they share (the
    ladder, the coach, each goal's streaks) is written once, by the first review
    rendered, into ``shared`` (see :class:`~.markdown.Reviews`).
    """
    from . import markdown

    def render() -> str:
        if not shared:
            shared.append(markdown.Reviews(view.report))
        return markdown.render_review(view.report, week=week.start, reviews=shared[0])

    return render
