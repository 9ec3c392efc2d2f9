"""Day states, one SPEC §5.1 rule per test, on hand-made notes."""

from __future__ import annotations

from builders import d, goal, note, report, states, task

from mdgoals.model import Break, DayState


def one_day(*tasks, as_of="2026-11-20", g=None, **note_kw):
    g = g or goal("write", target=350, unit="words", mva=100)
    rep = report([note("2026-11-18", *tasks, **note_kw)], [g], as_of)
    return rep.goal(g.id).days[0]


# --- done -------------------------------------------------------------------


def test_quantity_reaching_target_is_done():
    day = one_day(task(tags=["writing"], qty=410), g=goal("write", match_tags=("writing",), target=350, unit="words", mva=100))
    assert day.state is DayState.DONE
    assert day.quantity == 410


def test_quantities_of_done_and_in_progress_tasks_add_up():
    g = goal("write", target=350, unit="words", mva=100)
    day = one_day(task(tags=["write"], qty=200), task(tags=["write"], status="/", qty=200), g=g)
    assert day.state is DayState.DONE
    assert day.quantity == 400


def test_open_task_quantity_does_not_count():
    g = goal("write", target=350, unit="words", mva=100)
    day = one_day(task(tags=["write"], qty=120), task(tags=["write"], status=" ", qty=400), g=g)
    assert day.state is DayState.MVA
    assert day.quantity == 120


def test_done_task_without_quantity_is_done_when_q_unknown():
    g = goal("write", target=350, unit="words", mva=100)
    assert one_day(task(tags=["write"]), g=g).state is DayState.DONE


def test_done_task_without_quantity_target_is_done():
    g = goal("walk")
    assert one_day(task(tags=["walk"]), g=g).state is DayState.DONE


def test_known_quantity_below_target_is_not_rescued_by_a_plain_done_task():
    # Q is known (120) so the "done task without MVA marker" rule does not apply.
    g = goal("write", target=350, unit="words", mva=100)
    day = one_day(task(tags=["write"], qty=120), task(tags=["write"]), g=g)
    assert day.state is DayState.MVA


# --- mva --------------------------------------------------------------------


def test_quantity_between_mva_and_target_is_mva():
    g = goal("write", target=350, unit="words", mva=100)
    assert one_day(task(tags=["write"], qty=100), g=g).state is DayState.MVA


def test_all_done_tasks_marked_mva_is_mva():
    g = goal("walk")
    assert one_day(task(tags=["walk"], mva=True), g=g).state is DayState.MVA


def test_mva_marker_wins_even_below_mva_quantity():
    g = goal("write", target=350, unit="words", mva=100)
    assert one_day(task(tags=["write"], qty=40, mva=True), g=g).state is DayState.MVA


def test_one_full_task_beside_an_mva_task_is_done():
    g = goal("walk")
    assert one_day(task(tags=["walk"], mva=True), task(tags=["walk"]), g=g).state is DayState.DONE


# --- skipped / not_due / pending ----------------------------------------------


def test_rest_day_is_skipped():
    g = goal("walk", start=d("2026-11-18"))
    assert one_day(g=g, off=True).state is DayState.SKIPPED


def test_completion_on_a_rest_day_still_counts():
    g = goal("walk")
    assert one_day(task(tags=["walk"]), g=g, off=True).state is DayState.DONE


def test_skip_naming_the_goal_or_all():
    g = goal("walk", start=d("2026-11-18"))
    assert one_day(g=g, skip=["walk"]).state is DayState.SKIPPED
    assert one_day(g=g, skip=["all"]).state is DayState.SKIPPED
    assert one_day(g=g, skip=["viola"]).state is DayState.MISSED


def test_cancelled_matching_task_is_skipped():
    g = goal("walk")
    assert one_day(task(tags=["walk"], status="-"), g=g).state is DayState.SKIPPED


def test_break_range_skips_every_goal_even_without_note():
    g = goal("walk")
    rep = report([note("2026-11-16", task(tags=["walk"]))], [g], "2026-11-20",
                 breaks=(Break(d("2026-11-17"), d("2026-11-18"), "flu"),))
    assert states(rep, "walk") == {
        "2026-11-16": "done", "2026-11-17": "skipped", "2026-11-18": "skipped",
        "2026-11-19": "unknown", "2026-11-20": "pending",
    }


def test_not_due_on_unscheduled_days_but_effort_counts():
    g = goal("walk", every="weekdays")
    # 2026-11-21 is a Saturday, 2026-11-22 a Sunday.
    rep = report([note("2026-11-20", task(tags=["walk"])), note("2026-11-21", task(tags=["walk"])), note("2026-11-22")],
                 [g], "2026-11-23")
    assert states(rep, "walk") == {"2026-11-20": "done", "2026-11-21": "done", "2026-11-22": "not_due", "2026-11-23": "pending"}


def test_day_list_schedule():
    g = goal("stretch", every="mon,wed,fri")
    rep = report([note("2026-11-16", task(tags=["stretch"])), note("2026-11-17"), note("2026-11-18")], [g], "2026-11-19")
    assert states(rep, "stretch") == {"2026-11-16": "done", "2026-11-17": "not_due", "2026-11-18": "missed", "2026-11-19": "not_due"}


def test_as_of_day_is_pending_not_missed():
    g = goal("walk")
    rep = report([note("2026-11-18", task(tags=["walk"])), note("2026-11-19", task(tags=["walk"], status=" "))], [g], "2026-11-19")
    assert states(rep, "walk")["2026-11-19"] == "pending"


def test_as_of_day_done_is_done():
    g = goal("walk")
    rep = report([note("2026-11-19", task(tags=["walk"]))], [g], "2026-11-19")
    assert states(rep, "walk") == {"2026-11-19": "done"}


# --- partial / unknown / missed -----------------------------------------------


def test_quantity_below_mva_is_partial():
    g = goal("write", target=350, unit="words", mva=100)
    day = one_day(task(tags=["write"], qty=60), g=g)
    assert day.state is DayState.PARTIAL and day.quantity == 60


def test_quantity_below_target_without_mva_is_partial():
    g = goal("write", target=350, unit="words")
    assert one_day(task(tags=["write"], qty=300), g=g).state is DayState.PARTIAL


def test_only_in_progress_tasks_is_partial():
    g = goal("walk")
    assert one_day(task(tags=["walk"], status="/"), g=g).state is DayState.PARTIAL


def test_no_note_is_unknown_and_note_without_task_is_missed():
    g = goal("walk")
    rep = report([note("2026-11-16", task(tags=["walk"])), note("2026-11-18"), note("2026-11-19", task(tags=["walk"], status=" "))],
                 [g], "2026-11-20")
    assert states(rep, "walk") == {
        "2026-11-16": "done", "2026-11-17": "unknown", "2026-11-18": "missed", "2026-11-19": "missed", "2026-11-20": "pending",
    }


def test_deferred_task_is_not_a_completion():
    g = goal("walk")
    assert one_day(task(tags=["walk"], status=">"), g=g).state is DayState.MISSED


# --- matching, dates, range -------------------------------------------------


def test_nested_tag_matches_parent_goal_tag_but_not_the_reverse():
    parent = goal("area", match_tags=("health",))
    child = goal("sub", match_tags=("health/walk",))
    rep = report([note("2026-11-18", task(tags=["health/walk"])), note("2026-11-19", task(tags=["health"]))], [parent, child], "2026-11-20")
    assert states(rep, "area")["2026-11-18"] == "done"
    assert states(rep, "area")["2026-11-19"] == "done"
    assert states(rep, "sub")["2026-11-19"] == "missed"


def test_regex_match_is_case_insensitive():
    g = goal("walk", match_tags=(), match_regex=(r"\bwalk(ed)?\b",))
    rep = report([note("2026-11-18", task("Walked to the park", tags=[]))], [g], "2026-11-19")
    assert states(rep, "walk")["2026-11-18"] == "done"


def test_done_date_moves_the_task():
    g = goal("walk")
    rep = report([note("2026-11-16"), note("2026-11-17", task(tags=["walk"], done="2026-11-16"))], [g], "2026-11-18")
    assert states(rep, "walk")["2026-11-16"] == "done"
    assert states(rep, "walk")["2026-11-17"] == "missed"


def test_goal_starts_on_its_first_task_and_respects_start_end():
    g = goal("walk")
    rep = report([note("2026-11-10"), note("2026-11-12", task(tags=["walk"]))], [g], "2026-11-14")
    assert rep.goal("walk").start == d("2026-11-12")
    assert list(states(rep, "walk")) == ["2026-11-12", "2026-11-13", "2026-11-14"]
    bounded = goal("walk", start=d("2026-11-11"), end=d("2026-11-12"))
    rep = report([note("2026-11-10"), note("2026-11-12", task(tags=["walk"]))], [bounded], "2026-11-14")
    assert states(rep, "walk") == {"2026-11-11": "unknown", "2026-11-12": "done"}


def test_notes_after_as_of_are_ignored():
    g = goal("walk")
    rep = report([note("2026-11-18", task(tags=["walk"])), note("2026-11-25", task(tags=["walk"]))], [g], "2026-11-20")
    assert max(states(rep, "walk")) == "2026-11-20"
    assert rep.journal.notes == 1 and rep.journal.last_date == d("2026-11-18")


def test_two_notes_for_one_date_are_combined_and_identical_tasks_count_once():
    g = goal("write", target=350, unit="words", mva=100)
    a = note("2026-11-18", task("Write", tags=["write"], qty=200), path="a/2026-11-18.md")
    b = note("2026-11-18", task("Write", tags=["write"], qty=200), task("More", tags=["write"], qty=200), path="b/2026-11-18.md")
    rep = report([a, b], [g], "2026-11-19")
    day = rep.goal("write").days[0]
    assert day.state is DayState.DONE and day.quantity == 400


def test_implicit_show_up_goal_when_no_goals():
    rep = report([note("2026-11-17", task(tags=[])), note("2026-11-18", task(status=" ", tags=[]))], [], "2026-11-19")
    assert [g.goal.id for g in rep.goals] == ["show-up"]
    assert states(rep, "show-up") == {"2026-11-17": "done", "2026-11-18": "missed", "2026-11-19": "pending"}


def test_inline_field_named_after_unit_beats_text_quantity():
    g = goal("write", target=350, unit="words", mva=100)
    t = task("Write 350 words", tags=["write"], qty=350, fields=[("words", "60")])
    day = one_day(t, g=g)
    assert day.quantity == 60 and day.state is DayState.PARTIAL


# --- metric goals ------------------------------------------------------------


def test_metric_goal_states():
    g = goal("sleep", metric="sleep", target=7.0, mva=6.0)
    notes = [
        note("2026-11-16", metrics={"sleep": 7.5}),
        note("2026-11-17", metrics={"sleep": 6.2}),
        note("2026-11-18", metrics={"sleep": 5}),
        note("2026-11-19"),
        note("2026-11-21", metrics={"sleep": 4}),
    ]
    rep = report(notes, [g], "2026-11-21")
    assert states(rep, "sleep") == {
        "2026-11-16": "done", "2026-11-17": "mva", "2026-11-18": "missed",
        "2026-11-19": "unknown", "2026-11-20": "unknown", "2026-11-21": "pending",
    }


def test_metric_at_most_and_boolean():
    low = goal("coffee", metric="coffee", target=2.0, metric_op="<=")
    med = goal("meditate", metric="meditation", target=1.0)
    notes = [note("2026-11-16", metrics={"coffee": 1, "meditation": True}), note("2026-11-17", metrics={"coffee": 3, "meditation": False})]
    rep = report(notes, [low, med], "2026-11-18")
    assert states(rep, "coffee") == {"2026-11-16": "done", "2026-11-17": "missed", "2026-11-18": "pending"}
    assert states(rep, "meditate") == {"2026-11-16": "done", "2026-11-17": "missed", "2026-11-18": "pending"}


def test_true_meets_any_at_least_target():
    g = goal("meditate", metric="meditation", target=20.0)
    rep = report([note("2026-11-16", metrics={"meditation": True})], [g], "2026-11-17")
    assert states(rep, "meditate")["2026-11-16"] == "done"


# --- quota goals -------------------------------------------------------------


def test_quota_goal_days_are_never_missed_unknown_or_pending():
    g = goal("viola", every="3/week")
    notes = [note("2026-11-16", task(tags=["viola"])), note("2026-11-17"), note("2026-11-18", task(tags=["viola"], status="-"))]
    rep = report(notes, [g], "2026-11-20")
    assert states(rep, "viola") == {
        "2026-11-16": "done", "2026-11-17": "idle", "2026-11-18": "skipped", "2026-11-19": "idle", "2026-11-20": "idle",
    }
