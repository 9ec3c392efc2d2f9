"""The sandbox's short way through for mdgoals' own objects (render/html.py, _Sandbox) reaches no further than the sandbox."""

from __future__ import annotations

import pytest
from builders import goal, note, report, task
from jinja2.exceptions import SecurityError

from mdgoals.render.html import make_environment
from mdgoals.render.views import SiteView

REP = report([note("2026-11-18", task("write", tags=["write"]), evidence=[("a win", [])])], [goal()], "2026-11-22")
SITE = SiteView.build(REP)
ATTACKS = [
    "{{ site._days }}",  # a private field of a view object
    "{{ site.week_view.__func__.__globals__ }}",  # a method of a view object, then its function's globals
    "{{ w.day_grid.__self__.__class__ }}",
    "{{ report.goals[0].goal.__class__.__init__.__globals__ }}",  # a model object's class
    "{{ report.__dataclass_fields__ }}",
    "{{ evidence_html.__globals__ }}",  # a piece the templates call
    "{{ site.build.__func__.__globals__ }}",  # a classmethod: its __self__ is the class, not a view object
    "{{ site.goal_detail.__func__.__code__ }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_what_the_sandbox_refuses_is_refused_through_mdgoals_objects(attack: str) -> None:
    env = make_environment()
    context = {"site": SITE, "report": REP, "w": SITE.week_view(REP.weeks[-1])}
    with pytest.raises(SecurityError):
        env.from_string(attack).render(context)


def test_the_short_way_gives_what_the_sandbox_gives() -> None:
    env = make_environment()
    w = SITE.week_view(REP.weeks[-1])
    text = "{{ w.label }}|{{ w.rows[0].goal.title }}|{{ site.goal('write').title }}|{{ w.tag_items() }}|{{ site.range_text(w.week) }}"
    assert env.from_string(text).render(site=SITE, w=w) == f"{w.label}|Write|Write|{w.tag_items()}|{SITE.range_text(w.week)}"
