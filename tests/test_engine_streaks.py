"""Streaks (SPEC §5.2) and strength (SPEC §5.3), hand-computed."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import d, goal, note, report, task

from mdgoals.engine.streaks import walk, walk_days
from mdgoals.model import Day, DayState, Item, Outcome

S, F, N = Outcome.SUCCESS, Outcome.FAILURE, Outcome.NEUTRAL


def items(pattern: str) -> list[Item]:
    """'SSF.S' → items on consecutive days (S success, F failure, . neutral)."""
    kinds = {"S": S, "F": F, ".": N}
    start = dt.date(2026, 1, 1)
    return [Item(start + dt.timedelta(days=i), start + dt.timedelta(days=i), kinds[c]) for i, c in enumerate(pattern)]


@pytest.mark.parametrize(
    ("pattern", "grace", "current", "longest", "start_index"),
    [
        ("", 0, 0, 0, None),
        ("SSS", 0, 3, 3, 0),
        ("SSFSS", 0, 2, 2, 3),
        ("SSFSS", 1, 4, 4, 0),  # never miss twice: one miss adds nothing, breaks nothing
        ("SSFFS", 1, 1, 2, 4),  # the second miss in a row breaks it
        ("SSFFS", 2, 3, 3, 0),
        ("SS.F.S", 1, 3, 3, 0),  # neutral items change nothing
        ("SSF.FS", 1, 1, 2, 5),  # ... not even the count of failures in a row
        ("SSSF", 0, 0, 3, None),
        ("F", 1, 0, 0, None),
        ("FS", 0, 1, 1, 1),
        ("SFSFSF", 1, 3, 3, 0),
        ("...", 0, 0, 0, None),
    ],
)
def test_walk(pattern, grace, current, longest, start_index):
    its = items(pattern)
    streak = walk(its, grace, "days")
    assert (streak.current, streak.longest) == (current, longest)
    assert streak.current_start == (its[start_index].start if start_index is not None else None)
    assert streak.grace == grace
    # Day goals walk their days in one pass (walk_days): the same rule on done, missed and not-due days.
    states = {"S": DayState.DONE, "F": DayState.MISSED, ".": DayState.NOT_DUE}
    walked = walk_days([Day(it.start, states[c], None) for it, c in zip(its, pattern, strict=True)], grace, "missed", 0.5, None)
    assert walked.forgiving.streak("days") == streak
    assert walked.strict.streak("days") == walk(its, 0, "days")


def daily_run(pattern: str, as_of: str = "2026-11-30", **goal_kw):
    """Notes from 2026-11-01: d done, m mva, x missed (note without task), _ no note."""
    notes = []
    start = d("2026-11-01")
    for i, c in enumerate(pattern):
        day = (start + dt.timedelta(days=i)).isoformat()
        if c == "d":
            notes.append(note(day, task(tags=["walk"])))
        elif c == "m":
            notes.append(note(day, task(tags=["walk"], mva=True)))
        elif c == "x":
            notes.append(note(day))
    g = goal("walk", start=start, **goal_kw)
    return report(notes, [g], as_of, mva_credit=0.5).goal("walk")


def test_strict_and_forgiving_streak_on_days():
    g = daily_run("ddxddd", as_of="2026-11-06")
    assert (g.streak.current, g.streak.longest) == (3, 3)
    assert g.streak.current_start == d("2026-11-04")
    assert (g.forgiving_streak.current, g.forgiving_streak.longest) == (5, 5)
    assert g.forgiving_streak.current_start == d("2026-11-01")
    assert g.streak.unit == "days" and g.forgiving_streak.grace == 1


def test_unknown_days_fail_unless_missing_note_is_skip():
    notes = [note("2026-11-01", task(tags=["walk"])), note("2026-11-03", task(tags=["walk"]))]
    g = goal("walk")
    strict = report(notes, [g], "2026-11-03").goal("walk").streak
    assert strict.current == 1
    lenient = report(notes, [g], "2026-11-03", missing_note="skip").goal("walk").streak
    assert lenient.current == 2


def test_pending_today_does_not_break_the_streak():
    g = daily_run("ddd_", as_of="2026-11-04")
    assert g.streak.current == 3


def test_strength_after_30_and_60_perfect_days_matches_loop():
    assert daily_run("d" * 30, as_of="2026-11-30").strength == pytest.approx(0.798, abs=5e-4)
    notes = [note((d("2026-10-01") + dt.timedelta(days=i)).isoformat(), task(tags=["walk"])) for i in range(60)]
    g = goal("walk")
    rep = report(notes, [g], "2026-11-30")
    assert rep.goal("walk").strength == pytest.approx(0.959, abs=5e-4)


def test_strength_steps_by_hand():
    m = 0.5 ** (1 / 13)
    # done, mva (credit .5), missed, then pending today (neutral: no step)
    g = daily_run("dmx_", as_of="2026-11-04")
    expected = 0.0
    for v in (1.0, 0.5, 0.0):
        expected = expected * m + v * (1 - m)
    assert g.strength == pytest.approx(expected, abs=1e-12)


def test_strength_of_partial_day_uses_quantity_fraction():
    m = 0.5 ** (1 / 13)
    g = goal("write", target=400, unit="words", mva=200)
    rep = report([note("2026-11-01", task(tags=["write"], qty=100))], [g], "2026-11-02")
    assert rep.goal("write").days[0].state.value == "partial"
    assert rep.goal("write").strength == pytest.approx(0.25 * (1 - m))


def test_quota_streak_over_weeks():
    # 2/week from Monday 2026-11-02; week 1 met, week 2 not met (finished), week 3 met early, week 4 current unmet.
    g = goal("viola", every="2/week", start=d("2026-11-02"))
    done_days = ["2026-11-02", "2026-11-04", "2026-11-10", "2026-11-16", "2026-11-17"]
    notes = [note(x, task(tags=["viola"])) for x in done_days]
    rep = report(notes, [g], "2026-11-24")
    gr = rep.goal("viola")
    assert gr.streak.unit == "weeks"
    assert [s.item.outcome for s in gr.steps] == [S, F, S, N]
    assert (gr.streak.current, gr.streak.longest) == (1, 1)
    assert gr.streak.current_start == d("2026-11-16")
    assert (gr.forgiving_streak.current, gr.forgiving_streak.longest) == (2, 2)
    assert gr.counts["idle"] > 0 and gr.counts["missed"] == 0


def test_quota_current_week_counts_once_met():
    g = goal("viola", every="2/week", start=d("2026-11-16"))
    notes = [note("2026-11-16", task(tags=["viola"])), note("2026-11-17", task(tags=["viola"]))]
    gr = report(notes, [g], "2026-11-18").goal("viola")
    assert gr.streak.current == 1


def test_quota_is_capped_by_non_skipped_days_in_active_range():
    # Goal starts on Saturday 2026-11-21: 3/week owes at most 2 that week.
    g = goal("viola", every="3/week", start=d("2026-11-21"))
    notes = [note("2026-11-21", task(tags=["viola"])), note("2026-11-22", task(tags=["viola"]))]
    rep = report(notes, [g], "2026-11-23")
    gr = rep.goal("viola")
    assert gr.steps[0].item.outcome is S
    week = next(w for w in rep.weeks if w.label == "2026-W47")
    assert week.goals["viola"].due == 2 and week.goals["viola"].met is True


def test_quota_week_with_every_day_skipped_is_neutral():
    g = goal("viola", every="3/week", start=d("2026-11-02"))
    notes = [note("2026-11-02", task(tags=["viola"])), note("2026-11-03", task(tags=["viola"])), note("2026-11-04", task(tags=["viola"]))]
    notes += [note((d("2026-11-09") + dt.timedelta(days=i)).isoformat(), off=True) for i in range(7)]
    gr = report(notes, [g], "2026-11-17").goal("viola")
    assert [s.item.outcome for s in gr.steps] == [S, N, N]
    assert gr.streak.current == 1


def test_quota_strength_by_hand():
    # 1/week, done on day 1 only, as of day 3: three steps with f = 1/7.
    g = goal("viola", every="1/week", start=d("2026-11-02"))
    gr = report([note("2026-11-02", task(tags=["viola"]))], [g], "2026-11-04").goal("viola")
    m = 0.5 ** ((1 / 7) ** 0.5 / 13)
    score = 0.0
    for _ in range(3):
        score = score * m + min(1.0, 1 / 2) * (1 - m)  # c = 1 in the last 14 days, 2N = 2
    assert gr.strength == pytest.approx(score)


def test_week_level_goal_streak_from_descendant_quantities():
    week_goal = goal("words-week", level=__import__("mdgoals.model", fromlist=["Level"]).Level.WEEK,
                     target=1000, unit="words", match_tags=())
    daily = goal("write", parent="words-week", target=350, unit="words", mva=100)
    notes = [note("2026-11-02", task(tags=["write"], qty=600)), note("2026-11-03", task(tags=["write"], qty=500)),
             note("2026-11-09", task(tags=["write"], qty=300)),
             note("2026-11-16", task(tags=["write"], qty=1200))]
    rep = report(notes, [week_goal, daily], "2026-11-18")
    gr = rep.goal("words-week")
    assert gr.streak.unit == "weeks"
    assert [s.item.outcome for s in gr.steps] == [S, F, S]
    assert gr.streak.current == 1 and gr.forgiving_streak.current == 2
    assert gr.days == ()
    assert gr.quantity_total == 2600
