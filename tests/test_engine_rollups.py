"""Weekly rollups and the goal ladder (SPEC §5.4), hand-computed."""

from __future__ import annotations

import pytest
from builders import d, goal, note, report, task

from mdgoals.engine.calendar import parse_week_label, week_label
from mdgoals.model import Level, Progress, VisionProgress


def test_week_rollup_counts_rates_and_actions():
    write = goal("write", target=350, unit="words", mva=100, feeling="capable")
    viola = goal("viola", every="3/week", feeling="capable")
    notes = [
        note("2026-11-16", task(tags=["write"], qty=400), task("call mum", tags=[], status=" "), metrics={"mood": 4}),
        note("2026-11-17", task(tags=["write"], qty=120), task(tags=["viola"]), metrics={"mood": 2},
             evidence=[("Finished the scene", ["capable"]), ("Slept well", [])]),
        note("2026-11-18", task(tags=["write"], status=" "), task(tags=["viola"], status="-")),
        note("2026-11-20", task(tags=["write"], qty=50), task(tags=["viola"]), metrics={"mood": 3}),
        note("2026-11-21", task(tags=["write"], qty=500), task("x", tags=[], status=">")),
    ]
    rep = report(notes, [write, viola], "2026-11-22")
    week = rep.weeks[-1]
    assert (week.label, week.start, week.end) == ("2026-W47", d("2026-11-16"), d("2026-11-22"))
    assert week.notes == 5
    assert (week.actions_done, week.actions_open, week.actions_cancelled) == (6, 3, 1)
    w = week.goals["write"]
    assert w.due == 7
    assert (w.counts["done"], w.counts["mva"], w.counts["missed"], w.counts["partial"], w.counts["unknown"], w.counts["pending"]) == (2, 1, 1, 1, 1, 1)
    assert w.rate == pytest.approx(3 / 6)
    assert w.quantity == 1070
    assert w.met is False and w.remaining is None
    v = week.goals["viola"]
    assert v.due == 3  # 7 days, one skipped (cancelled): quota stays 3
    assert v.counts["done"] == 2 and v.counts["skipped"] == 1
    assert v.rate == pytest.approx(2 / 3) and v.met is False and v.remaining == 1
    assert week.metrics["mood"].n == 3 and week.metrics["mood"].mean == 3.0
    assert (week.metrics["mood"].min, week.metrics["mood"].max) == (2, 4)
    assert week.tags == {"write": 4, "viola": 2}
    assert [(e.text, e.feeling) for e in week.evidence] == [("Finished the scene", "capable"), ("Slept well", None)]


def test_day_goal_week_met_means_no_failure():
    g = goal("walk")
    rep = report([note("2026-11-16", task(tags=["walk"])), note("2026-11-17", task(tags=["walk"]))], [g], "2026-11-17")
    assert rep.weeks[-1].goals["walk"].met is True
    assert rep.weeks[-1].goals["walk"].rate == 1.0


def test_weeks_run_from_first_note_to_as_of_and_sunday_labels():
    g = goal("walk")
    rep = report([note("2026-11-04", task(tags=["walk"]))], [g], "2026-11-22", week_start="sunday")
    assert [w.label for w in rep.weeks] == ["2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"]
    assert rep.weeks[-1].start == d("2026-11-22")
    rep = report([note("2026-11-04", task(tags=["walk"]))], [g], "2026-11-22")
    assert [w.label for w in rep.weeks] == ["2026-W45", "2026-W46", "2026-W47"]


def test_week_labels_round_trip():
    assert week_label(d("2026-11-16"), 0) == "2026-W47"
    assert parse_week_label("2026-W47", 0) == d("2026-11-16")
    assert week_label(d("2027-01-04"), 0) == "2027-W01"
    assert parse_week_label("2026-11-18", 6) == d("2026-11-15")
    with pytest.raises(ValueError, match="2026-W47"):
        parse_week_label("week 47", 0)


def ladder():
    vision = goal("novel", level=Level.VISION, match_tags=())
    quarter = goal("draft", level=Level.QUARTER, parent="novel", start=d("2026-11-16"), target=3000, unit="words", match_tags=())
    month = goal("words-month", level=Level.MONTH, parent="draft", target=1000, unit="words", match_tags=())
    week = goal("words-week", level=Level.WEEK, parent="words-month", target=500, unit="words", match_tags=())
    daily = goal("write", parent="words-week", target=350, unit="words", mva=100)
    walk = goal("walk", parent="novel", target=20, unit="min")
    notes = [
        note("2026-11-10", task(tags=["write"], qty=999)),  # before the cycle
        note("2026-11-20", task(tags=["write"], qty=500), task(tags=["walk"], qty=30, unit="min")),
        note("2026-12-31", task(tags=["write"], qty=1000)),
        note("2027-01-02", task(tags=["write"], qty=250), task(tags=["write"], qty=77, status=" ")),
    ]
    return report(notes, [vision, quarter, month, week, daily, walk], "2027-01-05")


def test_quarter_progress_across_month_and_year():
    p = ladder().goal("draft").progress
    assert isinstance(p, Progress)
    assert (p.start, p.end) == (d("2026-11-16"), d("2027-02-07"))
    assert p.quantity == 1750
    assert p.target == 3000
    assert p.fraction == pytest.approx(1750 / 3000)
    assert p.elapsed == pytest.approx(51 / 84)
    assert p.projected == round(1750 / 51 * 84)
    assert p.on_track is False
    assert (p.week, p.weeks) == (8, 12)


def test_month_and_week_progress():
    rep = ladder()
    m = rep.goal("words-month").progress
    assert (m.start, m.end, m.quantity) == (d("2027-01-01"), d("2027-01-31"), 250)
    assert m.elapsed == pytest.approx(5 / 31) and m.projected == 1550 and m.on_track is True
    w = rep.goal("words-week").progress
    assert (w.start, w.end, w.quantity, w.projected, w.on_track) == (d("2027-01-04"), d("2027-01-10"), 0, 0, False)
    assert w.week is None and w.weeks is None


def test_vision_lists_children_and_other_units_do_not_climb():
    rep = ladder()
    assert rep.goal("novel").progress == VisionProgress(("draft", "walk"))
    assert rep.goal("draft").quantity_total == 1750
    assert rep.goal("write").progress is None
    assert rep.goal("draft").streak is None and rep.goal("novel").streak is None
    assert rep.goal("draft").strength is None


def test_task_claimed_by_two_descendants_counts_once():
    week = goal("ww", level=Level.WEEK, target=500, unit="words", match_tags=())
    a = goal("a", parent="ww", match_tags=("writing",), target=100, unit="words")
    b = goal("b", parent="ww", match_tags=("novel",), target=100, unit="words")
    rep = report([note("2026-11-16", task(tags=["writing", "novel"], qty=300))], [week, a, b], "2026-11-17")
    assert rep.goal("ww").progress.quantity == 300
