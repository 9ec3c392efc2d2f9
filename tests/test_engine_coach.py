"""The coach (SPEC §5.4 Suggestions): each trigger, and the cases that must not trigger."""

from __future__ import annotations

import datetime as dt

from builders import d, goal, note, report, task

from mdgoals.engine.coach import next_landmark
from mdgoals.model import Config, Level


def journal(pattern: str, start: str = "2026-10-05", tag: str = "walk", **task_kw) -> list:
    """d done, m MVA, x a note without the task, _ no note; one character per day from start."""
    notes = []
    for i, c in enumerate(pattern):
        day = (d(start) + dt.timedelta(days=i)).isoformat()
        if c == "d":
            notes.append(note(day, task(tags=[tag], **task_kw)))
        elif c == "m":
            notes.append(note(day, task(tags=[tag], mva=True)))
        elif c == "x":
            notes.append(note(day))
    return notes


def as_of_after(pattern: str, start: str = "2026-10-05") -> str:
    return (d(start) + dt.timedelta(days=len(pattern))).isoformat()


def kinds(rep, goal_id="walk"):
    return [s.kind for s in rep.suggestions if s.goal == goal_id]


WALK = goal("walk", title="Walk 20 minutes", target=20, unit="min", mva=5)


def test_comeback_after_a_long_run_breaks():
    pattern = "d" * 10 + "x" + "dd"
    rep = report(journal(pattern, qty=25, unit="min"), [WALK], as_of_after(pattern))
    comeback = next(s for s in rep.suggestions if s.kind == "comeback")
    assert comeback.goal == "walk"
    assert "10-day streak broke on 2026-10-15" in comeback.text
    assert "5 min" in comeback.text and "7–14 days" in comeback.text


def test_comeback_after_two_failures_in_the_last_seven_items():
    pattern = "dddxdxd"
    rep = report(journal(pattern, qty=25, unit="min"), [WALK], as_of_after(pattern))
    comeback = next(s for s in rep.suggestions if s.kind == "comeback")
    assert "in the last 7 days: 4 done, 2 missed" in comeback.text  # the 7th is today, pending


def test_no_comeback_for_a_short_run_broken_once():
    pattern = "ddddddxddddd"  # a 6-day run, one miss, then back
    rep = report(journal(pattern), [goal("walk")], as_of_after(pattern))
    assert "comeback" not in kinds(rep)


def test_no_comeback_once_recovered_to_seven():
    pattern = "d" * 10 + "x" + "d" * 7
    rep = report(journal(pattern), [goal("walk")], as_of_after(pattern))
    assert "comeback" not in kinds(rep)


def test_no_comeback_for_an_old_break():
    pattern = "d" * 10 + "x" + "d" * 6 + "x" + "d" * 15  # breaks long ago, and never twice in 7 days
    rep = report(journal(pattern), [goal("walk")], as_of_after(pattern))
    assert "comeback" not in kinds(rep)


def test_fresh_start_when_the_chain_is_broken_names_the_next_landmark():
    pattern = "dddxx"  # as of Saturday 2026-10-10: strict streak 0
    rep = report(journal(pattern), [goal("walk")], as_of_after(pattern))
    fresh = next(s for s in rep.suggestions if s.kind == "fresh_start")
    assert "2026-10-12" in fresh.text and "a new week" in fresh.text


def test_no_fresh_start_while_the_chain_holds():
    pattern = "dddxd"
    rep = report(journal(pattern), [goal("walk")], as_of_after(pattern))
    assert "fresh_start" not in kinds(rep)


def test_next_landmark_is_the_nearest_of_week_month_and_cycle():
    config = Config()
    assert next_landmark(d("2026-11-18"), config)[0] == d("2026-11-23")  # next Monday
    assert next_landmark(d("2026-11-30"), config)[0] == d("2026-12-01")  # the 1st comes first
    quarter = goal("draft", level=Level.QUARTER, start=d("2026-09-10"), target=100, unit="words", match_tags=())
    landmark = next_landmark(d("2026-12-02"), Config(goals=(quarter,)))
    assert landmark[0] == d("2026-12-03") and "12-week cycle" in landmark[1]
    assert next_landmark(d("2026-11-22"), Config(week_start="sunday"))[0] == d("2026-11-29")


def test_scale_up_after_four_full_weeks_all_done():
    # Monday 2026-10-05 .. Sunday 2026-11-01 all done, as of Tuesday 2026-11-03.
    pattern = "d" * 30
    write = goal("write", target=350, unit="words", mva=100)
    rep = report(journal(pattern, tag="write", qty=400), [write], "2026-11-04")
    scale = next(s for s in rep.suggestions if s.kind == "scale_up")
    assert scale.goal == "write"
    assert "from 350 words to 385–402 words" in scale.text


def test_no_scale_up_when_one_day_was_only_the_mva():
    pattern = "d" * 12 + "m" + "d" * 17
    rep = report(journal(pattern), [goal("walk")], "2026-11-04")
    assert "scale_up" not in kinds(rep)


def test_no_scale_up_with_less_than_four_weeks_of_history():
    pattern = "d" * 20
    rep = report(journal(pattern, start="2026-10-12"), [goal("walk")], "2026-11-04")
    assert "scale_up" not in kinds(rep)


def test_quota_goal_scale_up_and_comeback_count_weeks():
    viola = goal("viola", title="Viola", every="2/week", mva=5, unit="min", target=15)
    days = []
    for week in range(4):  # four weeks met with full sessions
        monday = d("2026-10-05") + dt.timedelta(days=7 * week)
        days += [monday, monday + dt.timedelta(days=2)]
    notes = [note(x.isoformat(), task(tags=["viola"], qty=20, unit="min")) for x in days]
    rep = report(notes, [viola], "2026-11-03")
    assert "scale_up" in kinds(rep, "viola")
    # Two unmet weeks afterwards: a comeback in weeks, not days.
    rep = report(notes, [viola], "2026-11-17")
    comeback = next(s for s in rep.suggestions if s.kind == "comeback")
    assert "in the last 7 weeks: 4 met, 2 missed" in comeback.text


def test_ladder_goals_get_no_comeback():
    week_goal = goal("ww", level=Level.WEEK, target=5000, unit="words", match_tags=())
    daily = goal("write", parent="ww", target=10, unit="words")
    notes = journal("d" * 21, tag="write", qty=20)
    rep = report(notes, [week_goal, daily], "2026-10-26")
    assert kinds(rep, "ww") == []
