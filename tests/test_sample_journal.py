"""End to end on sample-journal/: facts counted independently by the journal's author.

The expected numbers below were counted from the notes by a separate script
(not by mdgoals), following SPEC §3 and §5 — see tools/make_sample_journal.py.
"""

from __future__ import annotations

import json

import pytest
from conftest import AS_OF, SAMPLE


@pytest.fixture(scope="module")
def report_json():
    from click.testing import CliRunner

    from mdgoals.cli import main

    result = CliRunner().invoke(main, ["report", str(SAMPLE), "--format", "json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def goal(report, goal_id):
    return next(g for g in report["goals"] if g["id"] == goal_id)


def test_journal_summary(report_json):
    j = report_json["journal"]
    assert report_json["schema"] == "mdgoals/report/1"
    assert report_json["as_of"] == AS_OF
    assert (j["notes"], j["first_date"], j["last_date"], j["week_start"]) == (84, "2026-08-24", "2026-11-22", "monday")
    assert [w["label"] for w in report_json["weeks"]] == [f"2026-W{n}" for n in range(35, 48)]
    assert [p for p in report_json["problems"] if p["severity"] == "error"] == []


def test_write_goal(report_json):
    g = goal(report_json, "write")
    counts = {k: v for k, v in g["counts"].items() if v}
    assert counts == {"done": 63, "mva": 9, "partial": 2, "missed": 5, "unknown": 4, "skipped": 8}
    assert (g["streak"]["current"], g["streak"]["longest"], g["streak"]["current_start"]) == (17, 17, "2026-11-06")
    fs = g["forgiving_streak"]
    assert (fs["current"], fs["longest"], fs["current_start"], fs["grace"]) == (24, 39, "2026-10-29", 1)
    days = g["days"]
    assert days["2026-11-09"] == "done"  # words:: 390 beats the #mva tag
    assert days["2026-09-04"] == "partial" and days["2026-10-21"] == "partial"
    assert days["2026-10-14"] == "mva"  # effort during the break still counts
    assert days["2026-10-13"] == "skipped"


def test_weekly_words_and_ladder(report_json):
    totals = [w["goals"]["write"]["quantity"] for w in report_json["weeks"]]
    assert totals == [2280, 1960, 3240, 2880, 2860, 2940, 3180, 789, 2450, 2700, 3010, 3560, 3690]
    met = [w["goals"]["words-week"]["met"] for w in report_json["weeks"]]
    assert met == [False, False, True, True, True, True, True, False, False, True, True, True, True]
    draft = goal(report_json, "draft")["progress"]
    assert draft["quantity"] == 31299 and draft["target"] == 40000
    assert (draft["week"], draft["weeks"], draft["on_track"]) == (11, 12, False)
    assert goal(report_json, "novel")["progress"] == {"children": ["draft"]}


def test_viola_quota_weeks(report_json):
    g = goal(report_json, "viola")
    assert g["streak"]["unit"] == "weeks"
    assert (g["streak"]["current"], g["streak"]["longest"], g["streak"]["current_start"]) == (4, 6, "2026-10-26")
    met = [w["goals"]["viola"]["met"] for w in report_json["weeks"]]
    assert met == [True] * 6 + [False] * 3 + [True] * 4
    assert report_json["weeks"][7]["goals"]["viola"]["due"] == 2  # W42: only Sat/Sun outside the break


def test_walk_and_stretch(report_json):
    walk = goal(report_json, "walk")
    assert {k: v for k, v in walk["counts"].items() if v} == {"done": 62, "mva": 8, "missed": 9, "unknown": 4, "skipped": 8}
    assert (walk["streak"]["current"], walk["streak"]["current_start"]) == (8, "2026-11-15")
    assert (walk["forgiving_streak"]["current"], walk["forgiving_streak"]["longest"]) == (23, 47)
    assert walk["days"]["2026-11-01"] == "done"  # the only walk task is inside a callout
    assert walk["days"]["2026-11-11"] == "mva"  # a fenced "[x] Walk 60 min" does not count
    stretch = goal(report_json, "stretch")
    counts = {k: v for k, v in stretch["counts"].items() if v}
    assert counts == {"done": 24, "mva": 4, "missed": 4, "unknown": 1, "not_due": 41, "skipped": 10}
    assert (stretch["streak"]["current"], stretch["forgiving_streak"]["current"]) == (10, 28)


def test_week_47_rollup(report_json):
    w = report_json["weeks"][-1]
    assert w["actions"] == {"done": 26, "open": 3, "cancelled": 1}
    assert w["metrics"]["mood"]["n"] == 7 and w["metrics"]["mood"]["mean"] == 4.0
    assert w["metrics"]["sleep"]["mean"] == 7.57
    assert len(w["evidence"]) == 10
    assert [len(x["evidence"]) for x in report_json["weeks"]] == [5, 5, 6, 5, 7, 8, 5, 2, 4, 7, 9, 10, 10]
    assert any(e["feeling"] == "capable" for e in w["evidence"])
