"""The engine's one-pass shortcuts agree with the plain rules they replace, on random input (hypothesis)."""

from __future__ import annotations

import datetime as dt

from builders import d, goal, note, task
from hypothesis import given, settings
from hypothesis import strategies as st

from mdgoals.engine import compute_report
from mdgoals.engine.days import Matcher, claim_all, fold_journal
from mdgoals.engine.states import Skips, _skip_reason
from mdgoals.engine.streaks import multiplier, walk_days
from mdgoals.model import Break, Config, Day, DayState, Item, Journal, Outcome, Status, Streak

START = d("2026-10-05")
AS_OF = d("2026-10-25")


def day_of(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


# A task: its text (few, so notes repeat each other), status, done date offset (None: none).
task_spec = st.tuples(
    st.sampled_from(["a #write", "b #walk", "c #walk/park", "walked home", "d", "a #write"]),
    st.sampled_from(["x", " ", "-", "/"]),
    st.one_of(st.none(), st.integers(-3, 25)),
)
# A note: its day, its path suffix (two notes may share a day), its tasks.
note_spec = st.tuples(st.integers(0, 20), st.sampled_from(["", "-b"]), st.lists(task_spec, max_size=4))


def make_notes(specs) -> list:
    notes = []
    for day, suffix, tasks in specs:
        date = day_of(day).isoformat()
        made = [
            task(
                text=text,
                status=status,
                tags=[w[1:] for w in text.split() if w.startswith("#")],
                done=day_of(done).isoformat() if done is not None else None,
                path=f"{date}{suffix}.md",
                line=line,
            )
            for line, (text, status, done) in enumerate(tasks, start=1)
        ]
        notes.append(note(date, *made, path=f"{date}{suffix}.md"))
    return sorted(notes, key=lambda n: (n.date, n.path))


def fold_by_the_rule(notes, as_of):
    """Fold task by task, the way SPEC §5.1 words it: the first note to give a (status, text) on a date keeps it."""
    tasks: dict[dt.date, list] = {}
    first: dict[tuple, str] = {}
    for n in notes:
        if n.date > as_of:
            continue
        tasks.setdefault(n.date, [])
        for t in n.tasks:
            date = n.date
            if t.done_date is not None and t.status is Status.DONE and t.done_date != n.date:
                if t.done_date > as_of:
                    continue
                date = t.done_date
            if first.setdefault((date, t.char, t.text), n.path) == n.path:
                tasks.setdefault(date, []).append(t)
    return tasks


@settings(max_examples=150, deadline=None)
@given(st.lists(note_spec, max_size=12), st.integers(0, 22))
def test_fold_keeps_the_order_and_union_of_the_plain_rule(specs, as_of_offset):
    notes = make_notes(specs)
    as_of = day_of(as_of_offset)
    folded = fold_journal(notes, as_of)
    expected = fold_by_the_rule(notes, as_of)
    assert {date: data.tasks for date, data in folded.items()} == expected
    # The same Task objects, not equal copies: sources and identities downstream depend on it.
    for date, data in folded.items():
        assert [id(t) for t in data.tasks] == [id(t) for t in expected[date]]


@settings(max_examples=100, deadline=None)
@given(st.lists(note_spec, max_size=12))
def test_claims_match_each_task_on_its_own(specs):
    notes = make_notes(specs)
    goals = (
        goal("write", match_tags=("write",)),
        goal("walk", match_tags=("walk",), match_regex=(r"\bwalk(ed)?\b",)),
        goal("park", match_tags=(), match_regex=("park",)),
        goal("none", match_tags=()),
    )
    days = fold_journal(notes, AS_OF)
    claims = claim_all(goals, days)
    for g in goals:
        matcher = Matcher(g)
        expected = {date: [t for t in days[date].tasks if matcher.by_tags(t.tags) or matcher.by_text(t.text)] for date in sorted(days)}
        expected = {date: tasks for date, tasks in expected.items() if tasks}
        assert claims[g.id].tasks == expected
        assert list(claims[g.id].tasks) == sorted(expected)
        assert claims[g.id].first_task == (min(expected) if expected else None)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.booleans(), st.lists(st.sampled_from(["write", "all", "walk"]), max_size=2)), max_size=10),
    st.lists(st.tuples(st.integers(-5, 25), st.integers(0, 6), st.sampled_from(["", "trip"])), max_size=3),
)
def test_skip_map_gives_the_reason_of_the_first_rule(day_specs, break_specs):
    notes = [note(day_of(i).isoformat(), off=off, skip=skip) for i, off, skip in day_specs]
    breaks = tuple(Break(day_of(i), day_of(i + n), why) for i, n, why in break_specs)
    config = Config(breaks=breaks, path="mdgoals.yaml")
    days = fold_journal(sorted(notes, key=lambda n: (n.date, n.path)), AS_OF)
    skips = Skips(days, config)
    for gid in ("write", "walk"):
        g = goal(gid)
        mapped = skips.of_goal(g, day_of(2), day_of(18))
        for i in range(2, 19):
            assert mapped.get(day_of(i)) == _skip_reason(g, days.get(day_of(i)), config, day_of(i))
        assert all(day_of(2) <= date <= day_of(18) for date in mapped)


state_spec = st.tuples(st.sampled_from(list(DayState)), st.one_of(st.none(), st.floats(0, 900, allow_nan=False)))


def items_by_the_rule(days, missing_note):
    """One item per day, as SPEC §5.2 words it: done/mva succeed; missed, partial, unknown (unless skipped) fail."""
    failing = {DayState.MISSED, DayState.PARTIAL} | ({DayState.UNKNOWN} if missing_note != "skip" else set())

    def outcome(state):
        if state in (DayState.DONE, DayState.MVA):
            return Outcome.SUCCESS
        return Outcome.FAILURE if state in failing else Outcome.NEUTRAL

    return [Item(x.date, x.date, outcome(x.state), x.date.isoformat()) for x in days]


def streak_by_the_rule(items, grace):
    """The run counter of SPEC §5.2: a success adds one, neutral changes nothing, failure grace+1 in a row resets."""
    run = longest = failures = 0
    start = None
    for item in items:
        if item.outcome is Outcome.SUCCESS:
            start = item.start if run == 0 else start
            run, failures = run + 1, 0
            longest = max(longest, run)
        elif item.outcome is Outcome.FAILURE:
            failures += 1
            if failures > grace:
                run, start = 0, None
    return Streak("days", grace, run, longest, start if run else None)


def scores_by_the_rule(days, items, target):
    """The strength of SPEC §5.3 after each scored day: v = 1 done, 0.5 mva, min(1, Q / target) partial, else 0."""
    m = multiplier(1.0)
    score, scores = 0.0, {}
    for x, item in zip(days, items, strict=True):
        if item.outcome is Outcome.NEUTRAL:
            continue
        v = {DayState.DONE: 1.0, DayState.MVA: 0.5}.get(x.state, 0.0)
        if x.state is DayState.PARTIAL and x.quantity is not None and target:
            v = min(1.0, x.quantity / target)
        score = score * m + v * (1.0 - m)
        scores[x.date] = score
    return scores


@settings(max_examples=200, deadline=None)
@given(st.lists(state_spec, max_size=60), st.integers(0, 3), st.sampled_from(["missed", "skip"]), st.sampled_from([None, 350.0]))
def test_walk_days_gives_the_streaks_and_strength_of_the_rule(states, grace, missing_note, target):
    days = [Day(day_of(i), state, quantity) for i, (state, quantity) in enumerate(states)]
    walked = walk_days(days, grace, missing_note, 0.5, target)
    items = items_by_the_rule(days, missing_note)
    scores = scores_by_the_rule(days, items, target)
    assert [step.item for step in walked.steps] == items
    assert walked.strict.streak("days") == streak_by_the_rule(items, 0)
    assert walked.forgiving.streak("days") == streak_by_the_rule(items, grace)
    assert walked.strength == (list(scores.values())[-1] if scores else 0.0)
    strength = 0.0
    for step, item in zip(walked.steps, items, strict=True):
        strength = scores.get(item.start, strength)
        assert step.strength == strength
    # The runs after each step are the streaks over the items so far.
    for k, step in enumerate(walked.steps):
        assert step.strict == streak_by_the_rule(items[: k + 1], 0).current
        assert step.forgiving == streak_by_the_rule(items[: k + 1], grace).current


@settings(max_examples=60, deadline=None)
@given(st.lists(note_spec, max_size=14), st.sampled_from(["monday", "sunday"]), st.sampled_from(["missed", "skip"]))
def test_week_rollups_count_the_goals_days(specs, week_start, missing_note):
    goals = (
        goal("write", target=3, unit="words", match_tags=("write",)),
        goal("walk", every="weekdays", match_tags=("walk",)),
        goal("viola", every="3/week", match_tags=("write",)),
    )
    config = Config(goals=goals, week_start=week_start, missing_note=missing_note)
    report = compute_report(Journal(".", tuple(make_notes(specs))), config, AS_OF)
    for week in report.weeks:
        for gid, wg in week.goals.items():
            days = report.goal(gid).days_between(week.start, min(week.end, AS_OF))
            assert wg.counts == {key: sum(1 for x in days if x.state.value == key) for key in wg.counts}
            if gid == "walk":
                assert wg.due == sum(1 for x in days if x.date.weekday() < 5)
                failures = [x for x in days if x.state in (DayState.MISSED, DayState.PARTIAL)]
                failures += [x for x in days if x.state is DayState.UNKNOWN and missing_note != "skip"]
                assert wg.met == (not failures)
            if gid == "write":
                assert wg.quantity == sum(x.quantity for x in days if x.quantity is not None)


@settings(max_examples=50, deadline=None)
@given(st.lists(state_spec, max_size=30), st.lists(state_spec, max_size=30), st.sampled_from(["missed", "skip"]))
def test_walks_sharing_items_give_each_goal_its_own_items(first, second, missing_note):
    shared: dict = {}
    walks = []
    for states in (first, second):
        days = [Day(day_of(i), state, quantity) for i, (state, quantity) in enumerate(states)]
        walked = walk_days(days, 1, missing_note, 0.5, 350.0, shared)
        items = [step.item for step in walked.steps]
        assert items == items_by_the_rule(days, missing_note)
        walks.append(items)
    # Equal items (same date, same outcome) are one object, whichever goal walked it first.
    for a, b in zip(*walks, strict=False):  # the two goals may have different lengths
        assert (a is b) == (a == b)
