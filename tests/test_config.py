"""mdgoals.yaml: the SPEC §4 example, every validation problem with its line, zero-config, loading from disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mdgoals.config import IMPLICIT_GOAL, load_config, parse_config
from mdgoals.errors import ConfigError, Problem, Severity
from mdgoals.model import Break, Config, Goal, Level, Schedule

FIXTURES = Path(__file__).parent / "fixtures" / "vaults"
DAILY = Schedule()

# SPEC §4, byte for byte.
SPEC_EXAMPLE = """\
week_start: monday            # or sunday; weeks are labelled 2026-W47 (ISO) when monday, 2026-11-15 (their first day) when sunday
day_starts_at: "04:00"        # a night owl's 01:30 still belongs to yesterday
missing_note: missed          # or skip: how a day with no note counts
mva_credit: 0.5               # what an MVA day is worth in the strength score
evidence_headings: [Evidence, Wins]
breaks:                       # holidays, illness: every goal skipped
  - {from: 2026-07-01, to: 2026-07-14, why: holiday}
notes: {folder: ., format: YYYY-MM-DD}
exclude: ["templates/**"]
goals:
  - id: novel                 # [a-z0-9-]+, unique
    title: Write a novel
    level: vision             # vision | quarter | month | week | daily (the default)
  - id: draft
    title: First 40,000 words
    level: quarter            # a 12-week cycle
    parent: novel
    start: 2026-09-07
    target: 40000 words       # end defaults to start + 12 weeks - 1 day
  - id: words-week
    title: 2,500 words a week
    level: week
    parent: draft
    target: 2500 words
  - id: write
    title: Write 350 words
    level: daily
    parent: words-week
    match: ["#writing"]       # tags, and/or /regex/ (case-insensitive) on the task text
    every: daily              # daily (the default) | weekdays | weekends | mon,wed,fri | 3/week | 10/month
    target: 350 words
    mva: 100 words            # or a description: "write one sentence"
    grace: 1                  # forgiving streak: misses in a row that do not break it
    feeling: capable          # the emotion this goal is meant to feed (evidence is grouped by it)
    # start: / end: optional on every goal; a goal is evaluated only inside them
  - id: sleep
    title: Sleep 7 hours
    metric: sleep             # from front matter; done when the value meets the target
    target: ">= 7"            # or "<= 2", or a number (at least)
"""


def problems_of(text: str, path: str = "mdgoals.yaml") -> list[str]:
    """Return the formatted problems parse_config raises for text (failing when it raises none)."""
    with pytest.raises(ConfigError) as info:
        parse_config(text, path)
    assert all(p.severity is Severity.ERROR for p in info.value.problems)
    return [p.format() for p in info.value.problems]


def goals_of(text: str) -> dict[str, Goal]:
    return {g.id: g for g in parse_config(text, "mdgoals.yaml").goals}


# ---------------------------------------------------------------------------
# The SPEC example.


def test_spec_example_top_level() -> None:
    config = parse_config(SPEC_EXAMPLE, "mdgoals.yaml")
    assert config == Config(
        week_start="monday",
        day_starts_at=dt.time(4, 0),
        missing_note="missed",
        mva_credit=0.5,
        evidence_headings=("Evidence", "Wins"),
        breaks=(Break(dt.date(2026, 7, 1), dt.date(2026, 7, 14), "holiday"),),
        notes_folder=".",
        notes_format="YYYY-MM-DD",
        exclude=("templates/**",),
        goals=config.goals,
        path="mdgoals.yaml",
        layout="plain",
        template=None,
    )
    assert [g.id for g in config.goals] == ["novel", "draft", "words-week", "write", "sleep"]


def test_spec_example_goals_every_field() -> None:
    goals = goals_of(SPEC_EXAMPLE)
    assert goals["novel"] == Goal(id="novel", title="Write a novel", level=Level.VISION, line=11)
    assert goals["draft"] == Goal(
        id="draft", title="First 40,000 words", level=Level.QUARTER, parent="novel", schedule=DAILY,
        target=40000.0, unit="word", unit_label="words",
        start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29),  # start + 12 weeks - 1 day
        line=14,
    )  # fmt: skip
    assert goals["words-week"] == Goal(
        id="words-week", title="2,500 words a week", level=Level.WEEK, parent="draft",
        target=2500.0, unit="word", unit_label="words", line=20,
    )  # fmt: skip
    assert goals["write"] == Goal(
        id="write", title="Write 350 words", level=Level.DAILY, parent="words-week",
        match_tags=("writing",), match_regex=(), schedule=DAILY,
        target=350.0, unit="word", unit_label="words", mva=100.0, mva_text=None, mva_op=">=",
        grace=1, feeling="capable", start=None, end=None, metric=None, implicit=False, line=25,
    )  # fmt: skip
    assert goals["sleep"] == Goal(
        id="sleep", title="Sleep 7 hours", level=Level.DAILY, metric="sleep", target=7.0, metric_op=">=",
        unit=None, match_tags=(), line=36,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Every problem, with its exact line, column and message.

PROBLEMS: list[tuple[str, str, list[str]]] = [
    # -- YAML itself
    ("invalid yaml", "week_start: monday\ngoals:\n  - id: a\n   title: b\n",
     ["mdgoals.yaml:4:4: error: invalid YAML: did not find expected '-' indicator (while parsing a block collection)"]),
    ("alias refused", "goals:\n  - id: a\n    title: &t A\n  - id: b\n    title: *t\n",
     ["mdgoals.yaml:3:12: error: YAML anchor 't' is refused: front matter and config are data, write the value out"]),
    ("custom tag refused", "week_start: !!python/name:os.system monday\n",
     ["mdgoals.yaml:1:13: error: YAML tag 'tag:yaml.org,2002:python/name:os.system' is refused: only plain values, lists and mappings are allowed"]),
    ("top level list", "- id: write\n",
     ["mdgoals.yaml:1:1: error: the top level must be a mapping of keys (week_start, goals, …), not a list"]),
    ("top level scalar", "hello\n",
     ["mdgoals.yaml:1:1: error: the top level must be a mapping of keys (week_start, goals, …), not 'hello'"]),
    ("duplicate key", "week_start: monday\nweek_start: sunday\n",
     ["mdgoals.yaml:2:1: error: week_start: duplicate key (first on line 1)"]),
    # -- top-level keys
    ("unknown key, close", "week_starts: monday\n",
     ["mdgoals.yaml:1:1: error: week_starts: unknown key; did you mean 'week_start'?"]),
    ("unknown key, far", "colour: blue\n",
     ["mdgoals.yaml:1:1: error: colour: unknown key (known keys: week_start, day_starts_at, missing_note, mva_credit, evidence_headings, breaks, notes, exclude, goals)"]),
    ("week_start typo", "week_start: Mondy\n",
     ["mdgoals.yaml:1:13: error: week_start: 'Mondy' is not a week start; did you mean 'monday'? (monday, sunday)"]),
    ("week_start no stays a string", "week_start: no\n",
     ["mdgoals.yaml:1:13: error: week_start: 'no' is not a week start (monday, sunday)"]),
    ("day_starts_at number", "day_starts_at: 4\n",
     ['mdgoals.yaml:1:16: error: day_starts_at: 4 is not a time; write "HH:MM" in quotes, e.g. "04:00"']),
    ("day_starts_at out of range", "day_starts_at: '25:00'\n",
     ['mdgoals.yaml:1:16: error: day_starts_at: \'25:00\' is not a time between 00:00 and 23:59 ("HH:MM", e.g. "04:00")']),
    ("missing_note typo", "missing_note: skipped\n",
     ["mdgoals.yaml:1:15: error: missing_note: 'skipped' is not a missing_note policy; did you mean 'skip'? (missed, skip)"]),
    ("mva_credit word", "mva_credit: half\n",
     ["mdgoals.yaml:1:13: error: mva_credit: 'half' is not a number between 0 and 1, e.g. 0.5"]),
    ("mva_credit too big", "mva_credit: 1.5\n",
     ["mdgoals.yaml:1:13: error: mva_credit: '1.5' is not a number between 0 and 1, e.g. 0.5"]),
    ("evidence_headings items", "evidence_headings: [Evidence, 3, '']\n",
     ["mdgoals.yaml:1:31: error: evidence_headings[1]: expected a heading name, got 3",
      "mdgoals.yaml:1:34: error: evidence_headings[2]: expected a heading name, got an empty string"]),
    ("evidence_headings mapping", "evidence_headings: {a: b}\n",
     ["mdgoals.yaml:1:20: error: evidence_headings: expected a list of heading names, not a mapping"]),
    ("exclude item", "exclude:\n  - templates/**\n  - [x]\n",
     ["mdgoals.yaml:3:5: error: exclude[1]: expected a single value, not a list"]),
    # -- notes
    ("notes not a mapping", "notes: [., YYYY-MM-DD]\n",
     ["mdgoals.yaml:1:8: error: notes: expected a mapping like {folder: ., format: YYYY-MM-DD}"]),
    ("notes absolute folder, numeric format", "notes:\n  folder: /home/me/journal\n  format: 7\n",
     ["mdgoals.yaml:2:11: error: notes.folder: '/home/me/journal' must be relative to the journal root, e.g. journal/daily",
      "mdgoals.yaml:3:11: error: notes.format: expected a file-name format like YYYY-MM-DD, got 7"]),
    ("notes folder leaves the journal", "notes: {folder: daily/../../x, format: ''}\n",
     ["mdgoals.yaml:1:17: error: notes.folder: 'daily/../../x' must stay inside the journal (no '..')",
      "mdgoals.yaml:1:40: error: notes.format: expected a file-name format like YYYY-MM-DD, got an empty string"]),
    ("notes unknown key", "notes: {folder: ., fromat: YYYY}\n",
     ["mdgoals.yaml:1:20: error: notes.fromat: unknown key; did you mean 'format'?"]),
    # -- breaks
    ("breaks not a list", "breaks: 2026-01-01\n",
     ["mdgoals.yaml:1:9: error: breaks: expected a list of breaks, not '2026-01-01'"]),
    ("break ends before it starts", "breaks:\n  - {from: 2026-07-14, to: 2026-07-01, why: holiday}\n",
     ["mdgoals.yaml:2:28: error: breaks[0].to: 2026-07-01 is before from (2026-07-14)"]),
    ("break impossible date", "breaks:\n  - {from: 2026-02-30}\n",
     ["mdgoals.yaml:2:12: error: breaks[0].from: '2026-02-30' is not a valid date (YYYY-MM-DD)"]),
    ("break other date style", "breaks:\n  - from: 2026-01-01\n    to: 01/02/2026\n",
     ["mdgoals.yaml:3:9: error: breaks[0].to: '01/02/2026' is not a date; write YYYY-MM-DD, e.g. 2026-07-01"]),
    ("break without from, unknown key", "breaks:\n  - {to: 2026-02-03, until: 2026-01-01}\n",
     ["mdgoals.yaml:2:5: error: breaks[0].from: missing: the first day of the break (YYYY-MM-DD)",
      "mdgoals.yaml:2:22: error: breaks[0].until: unknown key (known keys: from, to, why)"]),
    ("break not a mapping", "breaks:\n  - holiday\n",
     ["mdgoals.yaml:2:5: error: breaks[0]: expected a mapping like {from: 2026-07-01, to: 2026-07-14, why: holiday}"]),
    # -- goals: shape and ids
    ("goals not a list", "goals: write\n",
     ["mdgoals.yaml:1:8: error: goals: expected a list of goals, not 'write'"]),
    ("goal not a mapping", "goals:\n  - write\n",
     ["mdgoals.yaml:2:5: error: goals[0]: expected a mapping with at least an id, e.g. {id: write, title: Write 350 words}"]),
    ("goal key typo", "goals:\n  - id: a\n    evry: daily\n",
     ["mdgoals.yaml:3:5: error: goals[0].evry: unknown key; did you mean 'every'?"]),
    ("goal duplicate key", "goals:\n  - id: a\n    target: 1\n    target: 2\n",
     ["mdgoals.yaml:4:5: error: goals[0].target: duplicate key (first on line 3)"]),
    ("id missing", "goals:\n  - title: x\n",
     ["mdgoals.yaml:2:5: error: goals[0].id: missing: every goal needs an id like 'write' ([a-z0-9-]+)"]),
    ("id empty", "goals:\n  - id:\n    title: x\n",
     ["mdgoals.yaml:2:5: error: goals[0].id: missing: every goal needs an id like 'write' ([a-z0-9-]+)"]),
    ("id invalid", "goals:\n  - id: Write Daily\n",
     ["mdgoals.yaml:2:9: error: goals[0].id: 'Write Daily' is not a valid id; use lowercase letters, digits and '-', e.g. 'write-daily'"]),
    ("id reserved", "goals:\n  - id: all\n",
     ["mdgoals.yaml:2:9: error: goals[0].id: 'all' is reserved (skip: all skips every goal); choose another id"]),
    ("id list", "goals:\n  - id: [a]\n",
     ["mdgoals.yaml:2:9: error: goals[0].id: expected a single value, not a list"]),
    ("duplicate ids name both lines", "goals:\n  - id: write\n  - id: read\n  - id: write\n",
     ["mdgoals.yaml:4:9: error: goals[2].id: duplicate id 'write': goals[0] on line 2 has it too"]),
    # -- level, parent, ladder
    ("level typo", "goals:\n  - id: a\n    level: quartr\n",
     ["mdgoals.yaml:3:12: error: goals[0].level: 'quartr' is not a level; did you mean 'quarter'? (vision, quarter, month, week, daily)"]),
    ("parent typo", "goals:\n  - id: draft\n    level: quarter\n    start: 2026-09-07\n  - id: w\n    parent: draf\n",
     ["mdgoals.yaml:6:13: error: goals[1].parent: no goal has the id 'draf'; did you mean 'draft'?"]),
    ("own parent", "goals:\n  - id: a\n    level: week\n    parent: a\n",
     ["mdgoals.yaml:4:13: error: goals[0].parent: a goal cannot be its own parent"]),
    ("cycle of two", "goals:\n  - id: d\n    parent: e\n    level: week\n  - id: e\n    parent: d\n    level: week\n",
     ["mdgoals.yaml:3:13: error: goals[0].parent: parents form a cycle: d → e → d"]),
    ("cycle of three, reported once", "goals:\n  - id: a\n    level: month\n    parent: c\n  - id: b\n    level: month\n    parent: a\n"
     "  - id: c\n    level: month\n    parent: b\n  - id: x\n    level: week\n    parent: a\n",
     ["mdgoals.yaml:4:13: error: goals[0].parent: parents form a cycle: a → c → b → a"]),
    ("daily parent of a daily goal", "goals:\n  - id: f\n  - id: h\n    parent: f\n",
     ["mdgoals.yaml:4:13: error: goals[1].parent: 'f' is a daily goal; a daily goal's parent must be a week, month, quarter or vision goal"]),
    ("parent below its child", "goals:\n  - id: w\n    level: week\n  - id: q\n    level: quarter\n    start: 2026-01-05\n    parent: w\n",
     ["mdgoals.yaml:7:13: error: goals[1].parent: 'w' is a week goal, below this quarter goal; a parent must be at the same level or higher"]),
    ("unit differs from the parent's", "goals:\n  - id: w\n    level: week\n    target: 2500 words\n  - id: a\n    parent: w\n    target: 20 min\n",
     ["mdgoals.yaml:7:13: error: goals[1].target: unit 'min' differs from the parent 'w' (words); a parent adds up its children's quantities in one unit"]),
    ("quarter without start", "goals:\n  - id: q\n    level: quarter\n",
     ["mdgoals.yaml:2:5: error: goals[0].start: missing: a quarter goal needs a start date (the first day of its 12-week cycle)"]),
    ("vision with a target", "goals:\n  - id: novel\n    level: vision\n    target: 5 books\n",
     ["mdgoals.yaml:4:13: error: goals[0].target: a vision goal has no target; give targets to the quarter, month and week goals below it"]),
    ("end before start", "goals:\n  - id: a\n    start: 2026-01-10\n    end: 2026-01-01\n",
     ["mdgoals.yaml:4:10: error: goals[0].end: 2026-01-01 is before start (2026-01-10)"]),
    ("start as a number", "goals:\n  - id: a\n    start: 20260101\n",
     ["mdgoals.yaml:3:12: error: goals[0].start: '20260101' is not a date; write YYYY-MM-DD, e.g. 2026-07-01"]),
    # -- match
    ("match word without # or /", "goals:\n  - id: a\n    match: [writing]\n",
     ["mdgoals.yaml:3:13: error: goals[0].match[0]: 'writing' is neither a tag nor a regex; write \"#writing\" for a tag or \"/writing/\" for a regex (quote it: '#' starts a YAML comment)"]),
    ("match tag eaten by a YAML comment", "goals:\n  - id: a\n    match: #writing\n",
     ['mdgoals.yaml:3:11: error: goals[0].match: empty: \'#\' after \'match:\' starts a YAML comment; quote the tag, e.g. match: "#writing"']),
    ("match bad regex and empty tag", "goals:\n  - id: a\n    match: [\"#ok\", \"/(/\", \"#\"]\n",
     ["mdgoals.yaml:3:20: error: goals[0].match[1]: invalid regex /(/: missing ), unterminated subpattern at position 0",
      "mdgoals.yaml:3:27: error: goals[0].match[2]: '#' is not a tag; a tag is one word, e.g. \"#writing\" or \"#[[Multi Word]]\""]),
    ("match tag with a space", "goals:\n  - id: a\n    match: '#deep work'\n",
     ["mdgoals.yaml:3:12: error: goals[0].match: '#deep work' is not a tag; a tag is one word, e.g. \"#writing\" or \"#[[Multi Word]]\""]),
    ("match empty list", "goals:\n  - id: a\n    match: []\n",
     ["mdgoals.yaml:3:12: error: goals[0].match: empty; remove match to use the default tag '#a'"]),
    ("match mapping", "goals:\n  - id: a\n    match: {tag: writing}\n",
     ["mdgoals.yaml:3:12: error: goals[0].match: expected a list of tags and /regex/, not a mapping"]),
    ("match on a metric goal", "goals:\n  - id: sleep\n    metric: sleep\n    target: 7\n    match: ['#sleep']\n",
     ["mdgoals.yaml:5:12: error: goals[0].match: a metric goal is read from front matter (metric:), not matched to tasks; remove match"]),
    # -- every
    ("schedule typo", "goals:\n  - id: a\n    every: dayly\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: 'dayly' is not a schedule; did you mean 'daily'? (daily, weekdays, weekends, mon,wed,fri, 3/week, 10/month)"]),
    ("schedule singular", "goals:\n  - id: a\n    every: weekday\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: 'weekday' is not a schedule; did you mean 'weekdays'? (daily, weekdays, weekends, mon,wed,fri, 3/week, 10/month)"]),
    ("schedule day typo", "goals:\n  - id: a\n    every: mon,wedn,fri\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: 'wedn' is not a day; did you mean 'wed'? (mon, tue, wed, thu, fri, sat, sun)"]),
    ("schedule day typo in a list", "goals:\n  - id: a\n    every: [mon, fryday]\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: 'fryday' is not a day; did you mean 'friday'? (mon, tue, wed, thu, fri, sat, sun)"]),
    ("schedule number", "goals:\n  - id: a\n    every: 3\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: '3' is not a schedule (daily, weekdays, weekends, mon,wed,fri, 3/week, 10/month)"]),
    ("quota too large for a week", "goals:\n  - id: a\n    every: 9/week\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: '9/week': the count must be between 1 and 7 per week"]),
    ("quota zero", "goals:\n  - id: a\n    every: 0/month\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: '0/month': the count must be between 1 and 31 per month"]),
    ("quota too large for a month", "goals:\n  - id: a\n    every: 32/month\n",
     ["mdgoals.yaml:3:12: error: goals[0].every: '32/month': the count must be between 1 and 31 per month"]),
    # -- target and mva
    ("target not a quantity", "goals:\n  - id: a\n    target: 350 wrds written\n",
     ["mdgoals.yaml:3:13: error: goals[0].target: '350 wrds written' is not a quantity; write an amount and a one-word unit, e.g. \"350 words\", \"20 min\" or 5"]),
    ("target zero", "goals:\n  - id: a\n    target: 0 words\n",
     ["mdgoals.yaml:3:13: error: goals[0].target: '0 words' must be more than 0"]),
    ("target negative", "goals:\n  - id: a\n    target: -5\n",
     ["mdgoals.yaml:3:13: error: goals[0].target: '-5' must be more than 0"]),
    ("target list", "goals:\n  - id: a\n    target: [350, words]\n",
     ["mdgoals.yaml:3:13: error: goals[0].target: expected a single value, not a list"]),
    ("comparison on a task goal", "goals:\n  - id: a\n    target: '>= 7'\n",
     ["mdgoals.yaml:3:13: error: goals[0].target: '>= 7' compares a metric; add metric: <front-matter key>, or give an amount like \"350 words\""]),
    ("mva larger than the target", "goals:\n  - id: f\n    target: 350 words\n    mva: 400 words\n",
     ["mdgoals.yaml:4:10: error: goals[0].mva: '400 words' is more than the target (350 words); an MVA is the minimum for a bad day"]),
    ("mva bare number larger than the target", "goals:\n  - id: f\n    target: 350 words\n    mva: 351\n",
     ["mdgoals.yaml:4:10: error: goals[0].mva: '351' is more than the target (350 words); an MVA is the minimum for a bad day"]),
    ("mva in another unit", "goals:\n  - id: g\n    target: 350 words\n    mva: 10 min\n",
     ["mdgoals.yaml:4:10: error: goals[0].mva: '10 min' is in min but the target is in words; give the MVA in words, or describe it (\"write one sentence\")"]),
    ("mva with a unit, target without", "goals:\n  - id: a\n    target: 5\n    mva: 2 pages\n",
     ["mdgoals.yaml:4:10: error: goals[0].mva: '2 pages' is in pages but the target is a plain number; give the MVA as a number, or describe it (\"write one sentence\")"]),
    ("mva boolean", "goals:\n  - id: a\n    mva: true\n",
     ["mdgoals.yaml:3:10: error: goals[0].mva: 'true' is not an MVA; give an amount like \"100 words\" or a description like \"write one sentence\""]),
    ("grace no stays a string", "goals:\n  - id: a\n    grace: no\n",
     ["mdgoals.yaml:3:12: error: goals[0].grace: 'no' is not a whole number of misses (0 or more; 0 for no grace)"]),
    ("grace negative", "goals:\n  - id: a\n    grace: -1\n",
     ["mdgoals.yaml:3:12: error: goals[0].grace: '-1' is not a whole number of misses (0 or more; 0 for no grace)"]),
    ("feeling of two words", "goals:\n  - id: a\n    feeling: feel capable\n",
     ["mdgoals.yaml:3:14: error: goals[0].feeling: 'feel capable' is not one word; a feeling is matched as a tag (#capable) on evidence"]),
    ("feeling eaten by a YAML comment", "goals:\n  - id: a\n    feeling: #capable\n",
     ["mdgoals.yaml:3:13: error: goals[0].feeling: empty: '#' after 'feeling:' starts a YAML comment; write the word without '#', e.g. feeling: capable"]),
    # -- metric goals
    ("metric without target", "goals:\n  - id: sleep\n    metric: sleep\n",
     ['mdgoals.yaml:3:13: error: goals[0].target: missing: a metric goal needs a target like ">= 7", "<= 2" or true']),
    ("metric target yes stays a string", "goals:\n  - id: m\n    metric: meditation\n    target: yes\n",
     ['mdgoals.yaml:4:13: error: goals[0].target: \'yes\' is not a metric bound; write ">= 7", "<= 2", a number (at least) or true (only true and false are booleans)']),
    ("metric target false", "goals:\n  - id: m\n    metric: meditation\n    target: false\n",
     ['mdgoals.yaml:4:13: error: goals[0].target: \'false\' is not a metric bound; write ">= 7", "<= 2", a number (at least) or true (false is never met; for "not at all" write "<= 0")']),
    ("metric target with a unit", "goals:\n  - id: m\n    metric: sleep\n    target: '>= 7 hours'\n",
     ['mdgoals.yaml:4:13: error: goals[0].target: \'>= 7 hours\' is not a metric bound; write ">= 7", "<= 2", a number (at least) or true (front-matter values are plain numbers: drop the unit)']),
    ("metric target strict comparison", "goals:\n  - id: m\n    metric: sleep\n    target: '> 7'\n",
     ['mdgoals.yaml:4:13: error: goals[0].target: \'> 7\' is not a metric bound; write ">= 7", "<= 2", a number (at least) or true (use ">=" or "<=", e.g. ">= 7")']),
    ("metric mva harder, at least", "goals:\n  - id: sleep\n    metric: sleep\n    target: '>= 7'\n    mva: 8\n",
     ["mdgoals.yaml:5:10: error: goals[0].mva: '8' is harder than the target (>= 7); an MVA is the minimum for a bad day"]),
    ("metric mva harder, at most", "goals:\n  - id: drinks\n    metric: alcohol\n    target: '<= 2'\n    mva: '<= 1'\n",
     ["mdgoals.yaml:5:10: error: goals[0].mva: '<= 1' is harder than the target (<= 2); an MVA is the minimum for a bad day"]),
    ("metric mva the other way", "goals:\n  - id: mood\n    metric: mood\n    target: '<= 2'\n    mva: '>= 3'\n",
     ["mdgoals.yaml:5:10: error: goals[0].mva: '>= 3' compares the other way from the target (<= 2)"]),
    ("metric reserved key", "goals:\n  - id: t\n    metric: tags\n    target: 1\n",
     ["mdgoals.yaml:3:13: error: goals[0].metric: 'tags' is a reserved front-matter key (date, tags, off, rest, skip, evidence), not a metric"]),
    ("metric key a number", "goals:\n  - id: m\n    metric: 7\n    target: 1\n",
     ["mdgoals.yaml:3:13: error: goals[0].metric: expected a front-matter key, e.g. sleep, got 7"]),
    ("metric goal at week level", "goals:\n  - id: m\n    metric: sleep\n    target: 7\n    level: week\n",
     ["mdgoals.yaml:5:12: error: goals[0].level: a metric goal is daily (its value is read every day); remove level or set it to daily"]),
]  # fmt: skip


@pytest.mark.parametrize(("yaml_text", "expected"), [(t, e) for _, t, e in PROBLEMS], ids=[n for n, _, _ in PROBLEMS])
def test_problem(yaml_text: str, expected: list[str]) -> None:
    assert problems_of(yaml_text) == expected


def test_every_problem_at_once_sorted_by_line() -> None:
    # Glue every goal snippet of the table into one 'goals:' list (but the alias, which stops the parse).
    snippets = [t for name, t, _ in PROBLEMS if t.startswith("goals:\n  - ") and name != "alias refused"]
    body = "goals:\n" + "".join(t.removeprefix("goals:\n") for t in snippets)
    with pytest.raises(ConfigError) as info:
        parse_config("week_start: mondy\nday_starts_at: 4\n" + body, "mdgoals.yaml")
    problems = info.value.problems
    assert str(info.value) == f"invalid configuration: {len(problems)} problems"
    assert len(problems) > 60
    assert list(problems) == sorted(problems)
    assert problems[0].format().startswith("mdgoals.yaml:1:13: error: week_start:")
    assert problems[1].format().startswith("mdgoals.yaml:2:16: error: day_starts_at:")
    keys = {p.message.split(":")[0].split(".")[-1] for p in problems}
    assert {"every", "target", "mva", "parent", "id", "match", "grace", "feeling", "metric", "level", "start", "end"} <= keys


def test_one_problem_is_singular() -> None:
    with pytest.raises(ConfigError, match=r"^invalid configuration: 1 problem$"):
        parse_config("week_start: x\n", "mdgoals.yaml")


def test_problems_name_the_file_as_given() -> None:
    assert problems_of("week_start: x\n", "conf/goals.yaml")[0].startswith("conf/goals.yaml:1:13: error: week_start: ")


def test_problem_objects_carry_line_column_and_severity() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("goals:\n  - id: a\n    every: dayly\n", "mdgoals.yaml")
    [problem] = info.value.problems
    assert problem == Problem("mdgoals.yaml", 3, 12, Severity.ERROR, problem.message)
    assert problem.message.startswith("goals[0].every: 'dayly' is not a schedule; did you mean 'daily'?")


# ---------------------------------------------------------------------------
# Valid values and their defaults.


def test_empty_file_and_comments_only_are_zero_config() -> None:
    for text in ("", "\n", "# nothing yet\n", "---\n"):
        config = parse_config(text, "mdgoals.yaml")
        assert config == Config(goals=(IMPLICIT_GOAL,), path="mdgoals.yaml")


def test_no_goals_means_the_implicit_show_up_goal() -> None:
    for text in ("week_start: sunday\n", "goals:\n", "goals: []\n"):
        [goal] = parse_config(text, "mdgoals.yaml").goals
        assert goal == Goal(id="show-up", title="Any micro-action done", level=Level.DAILY, implicit=True)


@pytest.mark.parametrize(
    ("every", "schedule"),
    [
        ("daily", Schedule()),
        ("Daily", Schedule()),
        ("weekdays", Schedule("weekdays", frozenset({0, 1, 2, 3, 4}))),
        ("weekends", Schedule("weekends", frozenset({5, 6}))),
        ("mon,wed,fri", Schedule("mon,wed,fri", frozenset({0, 2, 4}))),
        ("fri, Monday, wed", Schedule("mon,wed,fri", frozenset({0, 2, 4}))),
        ("[tuesday, thurs]", Schedule("tue,thu", frozenset({1, 3}))),
        ("3/week", Schedule("3/week", frozenset(range(7)), 3, "week")),
        ("7 / week", Schedule("7/week", frozenset(range(7)), 7, "week")),
        ("10/month", Schedule("10/month", frozenset(range(7)), 10, "month")),
    ],
)
def test_schedules(every: str, schedule: Schedule) -> None:
    assert goals_of(f"goals:\n  - id: a\n    every: {every}\n")["a"].schedule == schedule


@pytest.mark.parametrize(
    ("target", "amount", "unit", "label"),
    [
        ("350 words", 350.0, "word", "words"),
        ('"40,000 words"', 40000.0, "word", "words"),
        ("20 min", 20.0, "minutes", "min"),
        ("1 minute", 1.0, "minutes", "minute"),
        ("2.5 hours", 2.5, "hours", "hours"),
        ("10pages", 10.0, "page", "pages"),
        ("5", 5.0, None, None),
        ("'5'", 5.0, None, None),
        ("0.5", 0.5, None, None),
    ],
)
def test_targets(target: str, amount: float, unit: str | None, label: str | None) -> None:
    goal = goals_of(f"goals:\n  - id: a\n    target: {target}\n")["a"]
    assert (goal.target, goal.unit, goal.unit_label) == (amount, unit, label)


@pytest.mark.parametrize(
    ("target", "amount", "op"),
    [('">= 7"', 7.0, ">="), ('"<= 2"', 2.0, "<="), ("7", 7.0, ">="), ("7.5", 7.5, ">="), ("true", 1.0, ">="),
     ('"≥ 6"', 6.0, ">="), ('"<=0"', 0.0, "<="), ('"-2"', -2.0, ">=")],
)  # fmt: skip
def test_metric_targets(target: str, amount: float, op: str) -> None:
    goal = goals_of(f"goals:\n  - id: m\n    metric: Sleep_Hours\n    target: {target}\n")["m"]
    assert (goal.metric, goal.target, goal.metric_op, goal.unit, goal.match_tags) == ("Sleep_Hours", amount, op, None, ())


def test_mva_forms() -> None:
    goals = goals_of(
        "goals:\n"
        "  - id: a\n    target: 350 words\n    mva: write one sentence\n"
        "  - id: b\n    target: 350 words\n    mva: 100\n"
        "  - id: c\n    target: 20 minutes\n    mva: 5 min\n"
        "  - id: d\n    mva: 10 pages\n"
        "  - id: e\n    target: 350 words\n    mva: 350 words\n"
        "  - id: f\n    metric: sleep\n    target: '>= 7'\n    mva: '>= 6'\n"
        "  - id: g\n    metric: drinks\n    target: '<= 1'\n    mva: '<= 3'\n"
        "  - id: h\n    metric: sleep\n    target: 7\n    mva: lie down by eleven\n"
    )
    assert (goals["a"].mva, goals["a"].mva_text) == (None, "write one sentence")
    assert (goals["b"].mva, goals["b"].unit) == (100.0, "word")
    assert (goals["c"].mva, goals["c"].unit, goals["c"].unit_label) == (5.0, "minutes", "minutes")
    assert (goals["d"].target, goals["d"].mva, goals["d"].unit, goals["d"].unit_label) == (None, 10.0, "page", "pages")
    assert goals["e"].mva == 350.0
    assert (goals["f"].mva, goals["f"].mva_op) == (6.0, ">=")
    assert (goals["g"].mva, goals["g"].mva_op, goals["g"].metric_op) == (3.0, "<=", "<=")
    assert (goals["h"].mva, goals["h"].mva_text) == (None, "lie down by eleven")


def test_match_tags_and_regexes() -> None:
    goal = goals_of('goals:\n  - id: a\n    match: ["#Writing", "#area/Sub", "/^draft\\\\b/", "#[[Deep Work]]"]\n')["a"]
    assert goal.match_tags == ("writing", "area/sub", "deep work")
    assert goal.match_regex == ("^draft\\b",)


def test_match_single_string() -> None:
    assert goals_of("goals:\n  - id: a\n    match: '#run'\n")["a"].match_tags == ("run",)
    assert goals_of("goals:\n  - id: a\n    match: /jog|run/\n")["a"].match_regex == ("jog|run",)


def test_default_match_is_the_id_tag_for_daily_task_goals_only() -> None:
    goals = goals_of(
        "goals:\n  - id: viola\n  - id: w\n    level: week\n  - id: m\n    metric: mood\n    target: 3\n  - id: v\n    level: vision\n"
    )
    assert goals["viola"].match_tags == ("viola",)
    assert goals["w"].match_tags == goals["m"].match_tags == goals["v"].match_tags == ()


def test_goal_defaults() -> None:
    goal = goals_of("goals:\n  - id: read\n")["read"]
    assert goal == Goal(id="read", title="read", level=Level.DAILY, match_tags=("read",), grace=1, line=2)


def test_titles_keep_what_was_written() -> None:
    goals = goals_of("goals:\n  - id: a\n    title: 2026\n  - id: b\n    title: no\n  - id: '007'\n")
    assert (goals["a"].title, goals["b"].title, goals["007"].title) == ("2026", "no", "007")


def test_feeling_is_normalised_like_a_tag() -> None:
    assert goals_of("goals:\n  - id: a\n    feeling: Capable\n")["a"].feeling == "capable"
    assert goals_of("goals:\n  - id: a\n    feeling: '#Calm'\n")["a"].feeling == "calm"


def test_quarter_end_default_and_explicit_end() -> None:
    goals = goals_of(
        "goals:\n  - id: q\n    level: quarter\n    start: 2026-01-05\n"
        "  - id: r\n    level: quarter\n    start: 2026-01-05\n    end: 2026-02-01\n"
        "  - id: m\n    level: month\n    start: 2026-01-01\n"
    )
    assert goals["q"].end == dt.date(2026, 3, 29)  # 84 days: twelve whole weeks
    assert (goals["q"].end - goals["q"].start).days + 1 == 84
    assert goals["r"].end == dt.date(2026, 2, 1)
    assert goals["m"].end is None


def test_grace_zero_and_dates() -> None:
    goal = goals_of("goals:\n  - id: a\n    grace: 0\n    start: 2026-01-01\n    end: 2026-01-01\n")["a"]
    assert (goal.grace, goal.start, goal.end) == (0, dt.date(2026, 1, 1), dt.date(2026, 1, 1))


def test_unit_matches_across_spellings_of_the_parent() -> None:
    goals = goals_of(
        "goals:\n  - id: w\n    level: week\n    target: 150 minutes\n  - id: walk\n    parent: w\n    target: 20 min\n"
    )
    assert goals["walk"].unit == goals["w"].unit == "minutes"


def test_top_level_values() -> None:
    config = parse_config(
        "week_start: Sunday\nday_starts_at: 4:30\nmissing_note: skip\nmva_credit: 1\n"
        "evidence_headings: '## Wins'\nexclude: templates/**\n"
        "breaks:\n  - from: 2026-03-01\n  - {from: 2026-04-01, to: 2026-04-03, why: 12}\n",
        "mdgoals.yaml",
    )
    assert (config.week_start, config.week_start_day, config.day_starts_at) == ("sunday", 6, dt.time(4, 30))
    assert (config.missing_note, config.mva_credit) == ("skip", 1.0)
    assert config.evidence_headings == ("Wins",)
    assert config.exclude == ("templates/**",)
    assert config.breaks == (
        Break(dt.date(2026, 3, 1), dt.date(2026, 3, 1), ""),  # a break given by its first day is one day
        Break(dt.date(2026, 4, 1), dt.date(2026, 4, 3), "12"),
    )


def test_empty_evidence_headings_list_is_kept() -> None:
    assert parse_config("evidence_headings: []\n", "mdgoals.yaml").evidence_headings == ()


def test_notes_key_sets_folder_format_and_template() -> None:
    config = parse_config("notes:\n  folder: ./journal/daily/\n  format: YYYY/MM/YYYY-MM-DD\n  template: tpl/day.md\n", "m.yaml")
    assert (config.notes_folder, config.notes_format, config.template) == ("journal/daily", "YYYY/MM/YYYY-MM-DD", "tpl/day.md")
    assert parse_config("notes: {folder: ''}\n", "m.yaml").notes_folder == "."


# ---------------------------------------------------------------------------
# Loading from disk: zero-config, layout detection, files that cannot be read.


def test_zero_config_folder(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(goals=(IMPLICIT_GOAL,), path=None, layout="plain")


def test_zero_config_detects_the_vault(tmp_path: Path) -> None:
    config = load_config(FIXTURES / "obsidian-core")
    assert (config.layout, config.notes_folder, config.notes_format, config.template, config.path) == (
        "obsidian", "Journal/Daily", "YYYY-MM-DD dddd", "Templates/Daily.md", None
    )  # fmt: skip
    assert config.goals == (IMPLICIT_GOAL,)


def test_config_without_notes_key_detects_the_vault(tmp_path: Path) -> None:
    (tmp_path / "journals").mkdir()
    (tmp_path / "journals" / "2026_11_22.md").write_text("- DONE x\n", encoding="utf-8")
    (tmp_path / "mdgoals.yaml").write_text("week_start: sunday\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.layout, config.notes_folder, config.notes_format) == ("logseq", "journals", "YYYY_MM_DD")
    assert config.path == str(tmp_path / "mdgoals.yaml")


def test_notes_key_turns_detection_off(tmp_path: Path) -> None:
    (tmp_path / "journals").mkdir()
    (tmp_path / "journals" / "2026_11_22.md").write_text("- DONE x\n", encoding="utf-8")
    (tmp_path / "mdgoals.yaml").write_text("notes: {folder: days}\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.layout, config.notes_folder, config.notes_format) == ("plain", "days", "YYYY-MM-DD")


def test_vault_warnings_reach_the_config(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text("{oops", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.layout == "plain"
    assert [(p.path, p.severity) for p in config.problems] == [(".obsidian/daily-notes.json", Severity.WARNING)]


def test_config_file_with_bom_and_crlf(tmp_path: Path) -> None:
    (tmp_path / "mdgoals.yaml").write_bytes("\ufeffweek_start: sunday\r\ngoals:\r\n  - id: a\r\n".encode())
    config = load_config(tmp_path)
    assert config.week_start == "sunday"
    assert config.goals[0].line == 3


def test_invalid_file_raises_with_the_name_shown(tmp_path: Path) -> None:
    (tmp_path / "mdgoals.yaml").write_text("goals:\n  - id: a\n    every: dayly\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [p.format() for p in info.value.problems][0].startswith("mdgoals.yaml:3:12: error: goals[0].every: 'dayly'")


def test_config_path_option(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.yaml"
    other.write_text("week_start: sunday\n", encoding="utf-8")
    (tmp_path / "mdgoals.yaml").write_text("week_start: monday\n", encoding="utf-8")
    config = load_config(tmp_path, other)
    assert (config.week_start, config.path) == ("sunday", str(other))
    other.write_text("week_start: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, other)
    assert info.value.problems[0].path == str(other)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "configuration file not found"),
        ("folder", "the configuration is not a regular file"),
        ("latin1", "the configuration is not UTF-8 (byte 17); save it as UTF-8"),
    ],
)
def test_unreadable_config_file(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "goals.yaml"
    if setup == "folder":
        path.mkdir()
    elif setup == "latin1":
        path.write_bytes("week_start: \"mond\xe9\"\n".encode("latin-1"))
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, path)
    line = ":1" if setup == "latin1" else ""
    assert [p.format() for p in info.value.problems] == [f"{path}{line}: error: {message}"]
    assert str(info.value) == message


def test_default_config_that_is_a_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "mdgoals.yaml").mkdir()
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(tmp_path)
