"""``mdgoals explain``: rows from the engine's own days and steps, a golden story, quota verdicts, the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from builders import d, goal, note, report, task

from mdgoals.api import Loaded
from mdgoals.errors import UsageError
from mdgoals.model import Config, Journal, Level
from mdgoals.render.explain import default_range, explain_rows, find_goal, period_tally, render_explain, why

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-11-22"


def words(n: int, line: int = 5) -> object:
    return task(f"Write {n} words #writing", tags=["writing"], qty=n, unit="words", line=line)


def viola(line: int = 6, mva: bool = False) -> object:
    return task("Viola 15 min #viola", tags=["viola"], qty=5 if mva else 15, unit="min", line=line)


def story_notes() -> list:
    """Four weeks (2026-10-26..2026-11-22) of a writing habit: every state, two breaks, one reset."""
    w = words
    return [
        # Week 1: a run of six, through a rest day.
        note("2026-10-26", w(400)),
        note("2026-10-27", w(410), viola()),
        note("2026-10-28", w(120)),  # MVA
        note("2026-10-29", task("Wrote the scene #writing", tags=["writing"], line=5), viola()),  # done, no quantity
        note("2026-10-30", w(380)),
        note("2026-10-31", off=True),  # rest day: skipped
        note("2026-11-01", w(500)),
        # Week 2: partial then missed: the strict run ends, the forgiving one resets.
        note("2026-11-02", w(50)),  # partial
        note("2026-11-03", task("Water the tomatoes", tags=["garden"], line=4), viola()),  # missed
        note("2026-11-04", w(360)),
        note("2026-11-05", w(420), viola()),
        note("2026-11-06", task("Draft chapter 3 #writing", status="/", tags=["writing"], line=5)),  # in progress only
        note("2026-11-07", w(600), viola()),
        note("2026-11-08", task("One sentence #writing #mva", tags=["writing"], mva=True, line=5)),  # MVA by marker
        # Week 3: a day without a note, a cancelled task, a skip.
        note("2026-11-09", w(350), viola()),
        # 2026-11-10: no note
        note("2026-11-11", w(390), viola()),
        note("2026-11-12", task("Write #writing", status="-", tags=["writing"], line=5)),  # cancelled: skipped
        note("2026-11-13", skip=["write"]),
        note("2026-11-14", w(700), viola()),
        note("2026-11-15", w(355)),
        # Week 4: one forgiven miss; today still open.
        note("2026-11-16", w(400)),
        note("2026-11-17", w(401), viola()),
        note("2026-11-18", w(402)),
        note("2026-11-19", task("Write 350 words #writing", status=" ", tags=["writing"], line=5)),  # missed
        note("2026-11-20", w(450)),
        note("2026-11-21", w(460)),
        note("2026-11-22", task("Write 350 words #writing", status=" ", tags=["writing"], line=5)),  # pending
    ]


def story_goals() -> list:
    return [
        goal("novel", title="Write a novel", level=Level.VISION, match_tags=()),
        goal("words-week", title="2,500 words a week", level=Level.WEEK, parent="novel", target=2500, unit="words",
             unit_label="words", match_tags=()),
        goal("write", title="Write 350 words", parent="words-week", match_tags=("writing",), target=350, unit="words",
             unit_label="words", mva=100),
        goal("viola", title="Viola practice", every="3/week", target=15, unit="min", unit_label="min", mva=5),
        goal("walk", title="Walk 20 minutes"),
    ]


@pytest.fixture(scope="module")
def story():
    return report(story_notes(), story_goals(), AS_OF)


def explain_text(rep, goal_id: str, **kw) -> str:
    start, end = default_range(rep.as_of, 0)
    return render_explain(rep, goal_id, start=kw.get("start", start), end=kw.get("end", end), fmt=kw.get("fmt", "text"))


# ---------------------------------------------------------------------------
# The golden story


def test_golden_explain_write(story):
    text = explain_text(story, "write")
    path = GOLDEN / "explain_write.txt"
    if os.environ.get("MDGOALS_REGEN_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), "regenerate with MDGOALS_REGEN_GOLDEN=1 after checking the diff"


def test_rows_follow_the_engine(story):
    g = story.goal("write")
    rows = explain_rows(story, g, d("2026-10-26"), d(AS_OF))
    assert [r.date for r in rows] == [day.date for day in g.days]
    for row, day, step in zip(rows, g.days, g.steps, strict=True):
        assert (row.state, row.reason, row.source) == (day.state.value, day.reason, day.source)
        assert (row.strict, row.forgiving, row.strength) == (step.strict, step.forgiving, step.strength)
    assert rows[-1].strict == g.streak.current
    assert rows[-1].forgiving == g.forgiving_streak.current


def test_every_rule_appears_with_its_source(story):
    rows = {r.date.isoformat(): r for r in explain_rows(story, story.goal("write"), d("2026-10-26"), d(AS_OF))}
    assert (rows["2026-10-26"].state, rows["2026-10-26"].source) == ("done", "2026-10-26.md:5")
    assert rows["2026-10-28"].state == "mva"
    assert rows["2026-10-29"].reason == "a done task"
    assert (rows["2026-10-31"].state, rows["2026-10-31"].reason) == ("skipped", "a rest day (off: true)")
    assert rows["2026-11-02"].state == "partial"
    assert (rows["2026-11-03"].state, rows["2026-11-03"].source) == ("missed", "2026-11-03.md")
    assert (rows["2026-11-06"].state, rows["2026-11-06"].reason) == ("partial", "only in-progress tasks")
    assert (rows["2026-11-10"].state, rows["2026-11-10"].source) == ("unknown", None)
    assert rows["2026-11-12"].reason == "a cancelled task"
    assert rows["2026-11-13"].reason == "skip: names write"
    assert (rows["2026-11-19"].state, rows["2026-11-19"].reason) == ("missed", "matching tasks, none done")
    assert rows["2026-11-22"].state == "pending"


def test_why_tells_where_it_started_and_broke(story):
    text = " ".join(why(story, story.goal("write")).split())
    assert "The strict streak is 2 days, since 2026-11-20." in text
    assert "It last broke on Thursday 2026-11-19 (missed: matching tasks, none done, 2026-11-19.md:5), ending a run of 6 days." in text
    assert "The forgiving streak (grace 1: it survives 1 failure in a row) is 13 days, since 2026-11-04" in text
    assert "it forgave 3 failures: 2026-11-06, 2026-11-10, 2026-11-19." in text
    assert "Today, 2026-11-22, is pending" in text
    assert "makes the strict streak 3 days" in text


def test_why_after_a_reset(story):
    """On 2026-11-04 both streaks are 0: the strict one broke on the partial day, the forgiving one on the miss."""
    notes = [n for n in story_notes() if n.date <= d("2026-11-03")]
    rep = report(notes, story_goals(), "2026-11-04")
    text = " ".join(why(rep, rep.goal("write")).split())
    assert "The strict streak is 0." in text
    assert "It last broke on Monday 2026-11-02 (partial: 50 word" in text
    assert "ending a run of 6 days" in text
    assert "1 more failure since, the last on Tuesday 2026-11-03 (missed:" in text
    assert "it reset on Tuesday 2026-11-03, the second failure in a row (2026-11-02, 2026-11-03)" in text
    assert "The strict streak is 0. No success yet, 1 failure: week 2026-W44." in why(rep, rep.goal("words-week"))
    assert "has no days up to 2026-11-04" in why(rep, rep.goal("walk"))


def test_why_never_broken():
    rep = report([note("2026-11-20", words(400)), note("2026-11-21", words(400))], story_goals()[2:3], "2026-11-21")
    assert "It has never broken" in why(rep, rep.goal("write"))


# ---------------------------------------------------------------------------
# Quota goals: days, then a verdict per period


def test_quota_goal_days_and_verdicts(story):
    rows = explain_rows(story, story.goal("viola"), d("2026-10-26"), d(AS_OF))
    periods = [r for r in rows if r.kind == "period"]
    assert [(p.label, p.state, p.reason) for p in periods] == [
        ("week 2026-W44", "unmet", "2 of 3 done, quota not met"),
        ("week 2026-W45", "met", "3 of 3 done, quota met"),
        ("week 2026-W46", "met", "3 of 3 done, quota met"),
        ("week 2026-W47", "open", "1 of 3 so far, 2 to go by 2026-11-22"),
    ]
    # Each verdict follows the last day of its week; days carry no per-day streak.
    first = next(i for i, r in enumerate(rows) if r.kind == "period")
    assert rows[0].date == d("2026-10-27")  # the goal starts with its first task
    assert rows[first - 1].date == rows[first].date == d("2026-11-01")
    assert all(r.strict is None for r in rows if r.kind == "day")
    assert {r.state for r in rows if r.kind == "day"} <= {"done", "mva", "partial", "skipped", "idle"}
    assert periods[-1].strict == story.goal("viola").streak.current


def test_quota_tally_agrees_with_the_weekly_rollups(story):
    g = story.goal("viola")
    for week in story.weeks:
        wg = week.goals.get("viola")
        if wg is None:
            continue
        successes, quota = period_tally(story, g, week.start, week.end)
        assert (quota, successes) == (wg.due, wg.counts["done"] + wg.counts["mva"])


def test_quota_why(story):
    text = " ".join(why(story, story.goal("viola")).split())
    assert "The strict streak is 2 weeks, since 2026-11-02." in text
    assert "The current week is still open: it needs 2 more sessions by 2026-11-22 to meet the quota." in text


def test_week_goal_rows_are_periods(story):
    rows = explain_rows(story, story.goal("words-week"), d("2026-10-26"), d(AS_OF))
    assert [r.kind for r in rows] == ["period"] * 4
    assert rows[0].reason == "1,810 of 2,500 words, target not met"
    assert rows[-1].state == "open"


def test_vision_goal_has_no_rows(story):
    text = explain_text(story, "novel")
    assert "is a vision" in text and "words-week" in text
    assert "date " not in text


# ---------------------------------------------------------------------------
# Ranges, formats, unknown goals, hostile text


def test_default_range_is_four_weeks_aligned_on_the_week():
    assert default_range(d("2026-11-22"), 0) == (d("2026-10-26"), d("2026-11-22"))
    assert default_range(d("2026-11-18"), 0) == (d("2026-10-26"), d("2026-11-18"))
    assert default_range(d("2026-11-18"), 6) == (d("2026-10-25"), d("2026-11-18"))


def test_range_is_clipped_to_as_of(story):
    text = explain_text(story, "write", start=d("2026-11-20"), end=d("2027-01-01"))
    assert "2026-11-22 Sun" in text and "2026-11-19" not in text.split("\n\n")[1]


def test_from_after_to_is_a_usage_error(story):
    with pytest.raises(UsageError, match="after"):
        explain_text(story, "write", start=d("2026-11-20"), end=d("2026-11-01"))


def test_json_rows(story):
    rows = json.loads(explain_text(story, "write", fmt="json"))
    assert isinstance(rows, list) and len(rows) == 28
    first = rows[0]
    assert set(first) == {"kind", "date", "weekday", "label", "start", "end", "state", "reason", "source", "quantity",
                          "strict", "forgiving", "strength"}
    assert (first["date"], first["weekday"], first["state"], first["quantity"], first["strict"]) == (
        "2026-10-26", "Monday", "done", 400, 1)
    viola_rows = json.loads(explain_text(story, "viola", fmt="json"))
    assert [r["label"] for r in viola_rows if r["kind"] == "period"][-1] == "week 2026-W47"


def test_unknown_goal_suggests_the_nearest(story):
    with pytest.raises(UsageError) as info:
        find_goal(story, "writ")
    message = str(info.value)
    assert "did you mean 'write'?" in message
    assert "novel, words-week, write, viola, walk" in message
    with pytest.raises(UsageError, match="Goals: novel") as info:
        find_goal(story, "zzzz")
    assert "did you mean" not in str(info.value)


def test_hostile_text_is_escaped():
    hostile = goal("write", title="Write \x1b[2J\x1b]0;pwned\x07", target=350, unit="words", mva=100)
    notes = [
        note("2026-11-20", task("Write #writing", tags=["write"], qty=400, line=3), path="evil\x1b[31m.md"),
        note("2026-11-21"),
    ]
    rep = report(notes, [hostile], "2026-11-21")
    for fmt in ("text", "json"):
        out = render_explain(rep, "write", start=d("2026-11-20"), end=d("2026-11-21"), fmt=fmt)
        assert "\x1b" not in out and "\x07" not in out
    text = render_explain(rep, "write", start=d("2026-11-20"), end=d("2026-11-21"))
    assert "evil\\x1b[31m.md:3" in text


def test_text_rows_fit_a_terminal_except_long_sources(story):
    text = explain_text(story, "write")
    table, paragraph = text.split("\n\n")[1], text.split("\n\n")[2]
    assert all(len(line) <= 80 for line in paragraph.splitlines())
    assert all(line[:10].count("-") == 2 for line in table.splitlines()[1:])


# ---------------------------------------------------------------------------
# The command line


@pytest.fixture
def handmade(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Serve the story journal to the CLI, whatever the reader does with the folder."""
    config = Config(goals=tuple(story_goals()))
    journal = Journal(str(tmp_path), tuple(sorted(story_notes(), key=lambda n: (n.date, n.path))))
    monkeypatch.setattr("mdgoals.api.load_journal", lambda root, config_path=None, **kw: Loaded(root, config, journal))
    return tmp_path


def test_cli_explain_handmade(run_cli, handmade):
    result = run_cli(["explain", "write", handmade, "--as-of", AS_OF])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == (GOLDEN / "explain_write.txt").read_text(encoding="utf-8")


def test_cli_unknown_goal_exits_2(run_cli, handmade):
    result = run_cli(["explain", "wirte", handmade])
    assert result.exit_code == 2
    assert "unknown goal 'wirte'; did you mean 'write'?" in result.stderr
    assert "Goals: novel, words-week, write, viola, walk" in result.stderr


def test_cli_explain_options(run_cli, handmade):
    result = run_cli(["explain", "viola", handmade, "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"])
    rows = json.loads(result.stdout)
    assert [r["date"] for r in rows][0] == "2026-11-16" and rows[-1]["kind"] == "period"
    bad = run_cli(["explain", "write", handmade, "--from", "16/11/2026"])
    assert bad.exit_code == 2 and "--from: '16/11/2026' is not a date" in bad.stderr
    backwards = run_cli(["explain", "write", handmade, "--from", "2026-11-20", "--to", "2026-11-10"])
    assert backwards.exit_code == 2


def test_cli_explain_sample_journal(run_cli, sample_journal):
    result = run_cli(["explain", "write", sample_journal, "--as-of", AS_OF], journal=sample_journal)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "write: Write 350 words"
    assert any(line.startswith("2026-10-26 Mon") for line in lines)
    assert any(line.startswith("2026-11-22 Sun") for line in lines)
    assert "The strict streak is" in result.stdout and "It last broke on" in result.stdout


def test_cli_explain_sample_journal_unknown_goal(run_cli, sample_journal):
    result = run_cli(["explain", "violin", sample_journal, "--as-of", AS_OF], journal=sample_journal)
    assert result.exit_code == 2
    assert "did you mean 'viola'?" in result.stderr

