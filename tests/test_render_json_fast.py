"""The JSON report's fast writer makes exactly the text of ``json.dumps(report_dict(report), indent=2)``."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from builders import goal, note, report, task
from site_factory import persona_report

from mdgoals.model import Report
from mdgoals.render.json_report import render_json, report_dict


def reference(rep: Report) -> str:
    return json.dumps(report_dict(rep), ensure_ascii=False, indent=2) + "\n"


def test_a_long_journal_is_written_as_json_dumps_writes_it() -> None:
    rep = persona_report(400)
    assert render_json(rep) == reference(rep)


def test_an_empty_report_is_written_as_json_dumps_writes_it() -> None:
    rep = report([], [], "2026-11-22")
    assert render_json(rep) == reference(rep)


HOSTILE = ['100% "done" \\ %s %(x)s', "line\nbreak\u2028\x00\x1b[31m", "é ☃ \U0001f600 </script>", "%%", ""]


def test_hostile_text_and_names_are_written_as_json_dumps_writes_them() -> None:
    notes = [
        note(
            f"2026-11-{day:02d}",
            task(text, tags=["a%b"], qty=day * 1.5, unit="w%"),
            metrics={"m%s": day / 3, "mood": day},
            evidence=[(text, ["felt%"]), (HOSTILE[(day + 1) % len(HOSTILE)], [])],
            path=f"20%/{HOSTILE[day % len(HOSTILE)][:5]}{day}.md",
        )
        for day, text in enumerate(HOSTILE * 3, start=1)
    ]
    goals = [
        goal("a%b", title='Write "100%"', unit="w%", feeling="felt%"),
        goal("q", every="3/week", match_tags=("a%b",)),
        goal("mood", metric="m%s", target=2, mva=1),
    ]
    rep = report(notes, goals, "2026-11-22")
    assert render_json(rep) == reference(rep)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_value_the_template_cannot_hold_takes_the_general_encoder(value: float) -> None:
    rep = persona_report(30)
    week = dataclasses.replace(rep.weeks[-1], tags={**rep.weeks[-1].tags, "odd": value})
    rep = dataclasses.replace(rep, weeks=(*rep.weeks[:-1], week))
    assert render_json(rep) == reference(rep)


def test_a_count_named_like_another_key_takes_the_general_encoder() -> None:
    rep = persona_report(30)
    week = rep.weeks[-1]
    goal_id, wg = next(iter(week.goals.items()))
    week = dataclasses.replace(week, goals={**week.goals, goal_id: dataclasses.replace(wg, counts={**wg.counts, "due": 3})})
    rep = dataclasses.replace(rep, weeks=(*rep.weeks[:-1], week))
    assert render_json(rep) == reference(rep)
