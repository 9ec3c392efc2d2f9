#!/usr/bin/env python3
"""Generate a synthetic, deterministic daily-note journal for the mdgoals benchmarks.

    python benchmarks/generate.py --years 10 --out benchmarks/data/10y

The journal ends on 2026-11-22 and spans 1, 10 or 100 years (any number of
years, or ``--months N`` for a small one).  It is laid out the way Obsidian's
daily-notes plugin writes nested folders, ``YYYY/MM/YYYY-MM-DD.md``, with an
``mdgoals.yaml`` at its root (8 goals of every kind) and it holds everything
SPEC §2–§4 describes: front matter with metrics, booleans and lists, rest days,
prose of varied length, 3–15 tasks a day in every status (Logseq markers too),
nested lists (spaces and tabs), fenced code (``` and ~~~), indented code,
callouts, blockquotes, HTML and ``%% %%`` comments with task-like lines in them,
tags (nested, multi-word), inline fields, quantities, MVA markers, ``✅`` done
dates, evidence sections and ``#win`` lines; about 11% of the days have no note.

Determinism: every day draws from its own ``random.Random`` seeded by the seed
and the date (and every month from one seeded by the month), so the output is
byte-identical on every run and machine, and the last ten years of the 100-year
journal are the 10-year journal, note for note.  The journal is written to a
temporary sibling folder and renamed into place; an existing ``--out`` folder is
replaced only when it is a journal this script wrote (it holds the hidden
``.bench-journal.json`` marker, which mdgoals ignores like every hidden file).

Standard library only.  Never commit the generated data (``benchmarks/data/``
is git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

GENERATOR_VERSION = 1
SEED = 20261122
END = dt.date(2026, 11, 22)
MARKER = ".bench-journal.json"

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")

CONFIG = """\
# mdgoals configuration of a synthetic benchmark journal, written by
# benchmarks/generate.py (generator version {version}, {first} to {last}).
# Do not edit by hand: regenerate it.

week_start: monday
day_starts_at: "04:00"
missing_note: missed
mva_credit: 0.5
evidence_headings: [Evidence, Wins]
notes: {{folder: ., format: YYYY/MM/YYYY-MM-DD}}
breaks:
  - {{from: 2026-07-06, to: 2026-07-12, why: summer holiday}}

goals:
  - id: draft                 # a quarter goal: a 12-week cycle
    title: First 40,000 words
    level: quarter
    start: 2026-09-07
    target: 40000 words

  - id: words-week            # a week-level ladder goal
    title: 2,500 words a week
    level: week
    parent: draft
    target: 2500 words

  - id: write                 # daily, with a quantity target and an MVA
    title: Write 350 words
    parent: words-week
    match: ["#writing"]
    every: daily
    target: 350 words
    mva: 100 words
    grace: 1
    feeling: capable

  - id: walk                  # weekdays, a tag (and its nested tags) or a regex
    title: Walk 20 minutes on weekdays
    match: ["#walk", "/\\\\bwalk(ed)?\\\\b/"]
    every: weekdays
    target: 20 min
    mva: 5 min
    feeling: calm

  - id: stretch               # named days, an MVA given as a description
    title: Physio stretches
    match: ["#stretch"]
    every: mon,wed,fri
    mva: one stretch
    feeling: calm

  - id: viola                 # a weekly quota
    title: Viola practice
    match: ["#viola"]
    every: 3/week
    target: 15 min
    mva: 5 min
    grace: 1
    feeling: capable

  - id: read                  # a monthly quota
    title: Read 10 pages
    match: ["#reading"]
    every: 10/month
    target: 10 pages
    mva: 2 pages
    feeling: curious

  - id: sleep                 # a metric goal, read from front matter
    title: Sleep 7 hours
    metric: sleep
    target: ">= 7"
    mva: ">= 6"
"""

# ---------------------------------------------------------------------------
# Word lists for prose.

SUBJECTS = (
    "I", "I", "I", "We", "Sam", "Mum", "Dad", "The neighbour", "My sister", "The editor", "Nobody",
    "The cat", "Our writing group", "The kids", "Priya", "Tomás", "Old Mr Okafor", "The landlord",
    "Everyone at work", "The physio", "Jo from the choir", "Hélène",
)
VERBS = (
    "finished", "started", "rewrote", "found", "lost", "fixed", "cleaned", "read", "planned", "sketched",
    "moved", "skipped", "tried", "watched", "noticed", "cooked", "carried", "painted", "untangled",
    "sorted", "answered", "postponed", "repaired", "sent", "practised", "forgot", "remembered",
    "borrowed", "returned", "described", "questioned", "measured", "tidied", "rearranged", "printed",
    "underlined", "doubted", "enjoyed", "finally understood", "half-finished", "abandoned", "rescued",
)
ADJECTIVES = (
    "small", "stubborn", "quiet", "muddy", "bright", "awkward", "careful", "new", "old", "borrowed",
    "half-written", "unexpected", "grey", "noisy", "patient", "crooked", "second", "long-postponed",
    "cheerful", "dull", "fragile", "heavy", "tiny", "ridiculous", "honest", "wobbly", "salty",
    "naïve", "tired", "generous", "overdue", "blue", "shy", "complicated", "simple", "unfinished",
)
NOUNS = (
    "chapter", "scene", "kettle", "bicycle", "garden", "letter", "viola", "scale", "desk", "window",
    "spreadsheet", "draft", "notebook", "tomatoes", "bus", "library book", "recipe", "argument",
    "paragraph", "outline", "bow", "staircase", "inbox", "calendar", "map", "sketchbook", "cupboard",
    "tax return", "playlist", "radiator", "story", "dialogue", "ending", "timeline", "café", "bridge",
    "river path", "market", "phone call", "meeting", "manuscript", "metronome", "etude", "lighthouse",
)
PREPOSITIONS = ("in", "near", "behind", "after", "before", "under", "with", "without", "beside",
                "across", "around", "during", "despite", "instead of")
TAILS = (
    "", "", "", "", " before lunch", " after the rain", " in the evening", " on the way home",
    " while the soup simmered", " for the third time this week", " at last", " with far too much coffee",
    " in ten quiet minutes", " as well as any beginner would", " without checking my phone",
)
CONNECTIVES = ("and", "but", "so", "because", "although", "while", "until", "after")
FEELINGS = ("calm", "tired", "restless", "proud", "scattered", "hopeful", "flat", "focused",
            "grateful", "anxious", "content", "stuck", "light")
WEATHER = ("sunny", "drizzle", "grey", "windy", "frost", "storm", "fog", "clear", "humid", "snow")
PLACES = ("home", "office", "library", "café", "train", "parents'", "cabin")
BOOKS = ("Middlemarch", "The Overstory", "Bird by Bird", "Stoner", "The Waves", "Pachinko",
         "Piranesi", "The Dispossessed", "On Writing", "Gilead")
PEOPLE = ("Sam", "Priya", "Tomás", "Jo", "Hélène", "the bank", "the dentist", "Mum", "the landlord",
          "the editor", "the plumber", "Ana")
MISC_TASKS = (
    "Water the tomatoes", "Call {person} #admin", "Reply to {person} #work/email", "Book the dentist #health/dentist",
    "Buy milk and bread", "Plan the week #review", "Sort the tax return #admin/tax", "Fix the bike #home/repair",
    "Outline for #[[Salt Year]]", "Email {person} about the #[[Book Club]] meeting", "Defrost the freezer #home",
    "Pay the gas bill #admin/bills", "Tidy the desk", "Back up the laptop #tech", "Take the recycling out",
    "Review pull request #work/code", "Prepare slides for Thursday #work", "Order {book} from the library",
    "Change the bedsheets #home", "Ring {person} back", "Renew the passport #admin", "Clean the windows #home/clean",
    "Update the budget spreadsheet #money", "Weekly review #review", "Stand-up notes #work/meeting",
    "Meditate 10 min #health/mind", "Fill in the timesheet #work", "Buy a birthday card for {person}",
    "Practise the presentation #work", "Check the smoke alarm #home", "Sketch the cover idea #[[Salt Year]]",
)
CODE_LANGS = ("", "python", "bash", "markdown", "yaml", "text", "js")


def _subject(rng: random.Random) -> str:
    return rng.choice(SUBJECTS)


def sentence(rng: random.Random) -> str:
    """Return one sentence of plausible, varied prose."""
    kind = rng.random()
    if kind < 0.55:
        s = f"{_subject(rng)} {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if rng.random() < 0.5:
            s += f" {rng.choice(PREPOSITIONS)} the {rng.choice(NOUNS)}"
        s += rng.choice(TAILS)
        if rng.random() < 0.35:
            s += (f", {rng.choice(CONNECTIVES)} {rng.choice(('I', 'I', 'we', 'she', 'they'))}"
                  f" {rng.choice(VERBS)} the {rng.choice(NOUNS)}")
        return s[0].upper() + s[1:] + rng.choice(".....!?")
    if kind < 0.7:
        return (f"Felt {rng.choice(FEELINGS)} most of the day, {rng.choice(CONNECTIVES)} the "
                f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} kept coming back to me.")
    if kind < 0.8:
        return (f"{rng.choice(PEOPLE).capitalize()} said the {rng.choice(NOUNS)} was "
                f"\u201c{rng.choice(ADJECTIVES)}, but {rng.choice(ADJECTIVES)}\u201d \u2014 I think that is fair.")
    if kind < 0.87:
        return (f"The {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} the {rng.choice(NOUNS)} is "
                f"{rng.choice(ADJECTIVES)} again; note to self: see [[{rng.choice(NOUNS).title()}]].")
    if kind < 0.93:
        return (f"Spent {rng.randint(5, 90)} minutes on the {rng.choice(NOUNS)} and {rng.randint(2, 40)} "
                f"on the {rng.choice(NOUNS)}.")
    return (f"Read about the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} at "
            f"https://example.org/{rng.choice(NOUNS).replace(' ', '-')}#section-{rng.randint(1, 9)} "
            f"and took `- [x] notes` in the margin.")


def paragraph(rng: random.Random, lo: int = 2, hi: int = 10) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


# ---------------------------------------------------------------------------
# The habits: a regime per month (how motivated), a draw per day.


class Regime:
    """How likely each habit is done in one month: slumps, streaks and comebacks."""

    __slots__ = ("missing", "write", "walk", "stretch", "viola", "read", "mva", "sleep", "verbose")

    def __init__(self, rng: random.Random) -> None:
        slump = rng.random() < 0.15
        self.missing = rng.choice((0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.2)) if not slump else 0.22
        base = 0.35 if slump else rng.uniform(0.6, 0.97)
        self.write = min(0.98, base * rng.uniform(0.85, 1.1))
        self.walk = min(0.98, base * rng.uniform(0.8, 1.15))
        self.stretch = min(0.98, base * rng.uniform(0.6, 1.1))
        self.viola = rng.uniform(0.25, 0.7) * (0.5 if slump else 1.0)
        self.read = rng.uniform(0.3, 0.8)
        self.mva = rng.uniform(0.05, 0.3)
        self.sleep = rng.uniform(6.2, 7.8)
        self.verbose = rng.uniform(0.7, 1.3)


def _status(rng: random.Random, p_done: float) -> str:
    """Return a box status for a goal task: done most of the time, else every other kind."""
    r = rng.random()
    if r < p_done:
        return "X" if rng.random() < 0.03 else "x"
    r = rng.random()
    if r < 0.45:
        return " "
    if r < 0.62:
        return "-"
    if r < 0.8:
        return "/"
    if r < 0.97:
        return ">"
    return rng.choice("?!*")


_LOGSEQ = {"x": "DONE", "X": "DONE", " ": "TODO", "-": "CANCELED", "/": "NOW", ">": "LATER"}


def _item(rng: random.Random, status: str, text: str, day: dt.date, indent: str = "") -> str:
    """Return one task line: a box, or now and then a Logseq marker; with a done date sometimes."""
    if status in "xX" and rng.random() < 0.15:
        late = rng.random() < 0.1
        text += f" \u2705 {(day + dt.timedelta(days=1 if late else 0)).isoformat()}"
    if rng.random() < 0.05 and status in _LOGSEQ:
        return f"{indent}- {_LOGSEQ[status]} {text}"
    bullet = rng.choice("-------*+")
    return f"{indent}{bullet} [{status}] {text}"


def _mva_mark(rng: random.Random) -> str:
    return rng.choice((" #mva", " #MVA", " (mva)", " (MVA)"))


def goal_tasks(rng: random.Random, day: dt.date, reg: Regime, skipped: set[str]) -> list[tuple[str, str]]:
    """Return (status, text) for the goal-related tasks of one day."""
    tasks: list[tuple[str, str]] = []
    chapter = rng.randint(1, 40)
    # write: daily, 350 words, MVA 100 words
    if rng.random() < 0.93:
        st = _status(rng, reg.write)
        if st in "xX/":
            mva = rng.random() < reg.mva
            words = rng.randint(100, 340) if mva else rng.randint(350, 1400)
            if rng.random() < 0.08:
                words = rng.randint(20, 99)  # partial
            form = rng.random()
            if form < 0.35:
                text = f"Write 350 words #writing words:: {words}"
            elif form < 0.6:
                text = f"Wrote {words} words on chapter {chapter} #writing"
            elif form < 0.8:
                text = f"Draft scene {rng.randint(1, 12)} of chapter {chapter} #writing [words:: {words}]"
            elif form < 0.9:
                text = f"#[[Salt Year]] chapter {chapter}: {words} words #writing"
            else:
                text = f"Morning pages and a scene #writing (words:: {words})"
            if mva:
                text += _mva_mark(rng)
        else:
            text = rng.choice(("Write 350 words #writing", f"Chapter {chapter} rewrite #writing",
                               "Write one paragraph #writing #mva"))
        tasks.append((st, text))
    # walk: weekdays, 20 min, MVA 5 min; weekends sometimes too
    if day.weekday() < 5 or rng.random() < 0.4:
        st = _status(rng, reg.walk)
        mins = rng.randint(5, 12) if rng.random() < reg.mva else rng.randint(20, 75)
        form = rng.random()
        if form < 0.4:
            text = f"Walk {mins} min #walk"
        elif form < 0.6:
            text = f"{rng.choice(('Hollins Park', 'River', 'Canal', 'Hill'))} loop, {mins} minutes #walk/park"
        elif form < 0.75:
            text = f"Walked to the {rng.choice(('shops', 'library', 'station', 'market'))} ({mins} mins)"
        elif form < 0.9:
            text = f"Walk with {rng.choice(PEOPLE)} #walk #health [min:: {mins}]"
        else:
            text = f"Walk around the block {mins} minute #walk"
        if mins < 20 and rng.random() < 0.7:
            text += _mva_mark(rng)
        tasks.append((st, text))
    # stretch: mon, wed, fri (and on other days when in the mood)
    if day.weekday() in (0, 2, 4) or rng.random() < 0.15:
        st = _status(rng, reg.stretch)
        text = rng.choice(("Physio stretches #stretch", "Stretches, 10 min #stretch #health/physio",
                           "One stretch #stretch #mva", "Knee routine #stretch"))
        tasks.append((st, text))
    # viola: 3/week
    if "viola" not in skipped and rng.random() < reg.viola:
        st = _status(rng, 0.85)
        mins = rng.randint(5, 45)
        text = rng.choice((f"Viola practice {mins} min #viola", f"Scales on the viola #viola [min:: {mins}]",
                           f"Viola: etude {rng.randint(1, 30)}, {mins} minutes #viola #music/practice"))
        if mins < 15 and rng.random() < 0.6:
            text += _mva_mark(rng)
        tasks.append((st, text))
    # read: 10/month
    if rng.random() < reg.read:
        st = _status(rng, 0.8)
        pages = rng.randint(2, 60)
        text = rng.choice((f"Read {pages} pages #reading", f"Read {pages} pages of {rng.choice(BOOKS)} #reading",
                           f"{rng.choice(BOOKS)} #reading pages:: {pages}"))
        tasks.append((st, text))
    return tasks


def misc_task(rng: random.Random) -> tuple[str, str]:
    text = rng.choice(MISC_TASKS).format(person=rng.choice(PEOPLE), book=rng.choice(BOOKS))
    return _status(rng, 0.55), text


def task_block(rng: random.Random, day: dt.date, reg: Regime, skipped: set[str]) -> list[str]:
    """Return the lines of the day's task list: 3-15 tasks, some with nested subtasks."""
    tasks = goal_tasks(rng, day, reg, skipped)
    want = rng.randint(3, 15)
    while len(tasks) < want:
        tasks.append(misc_task(rng))
    if len(tasks) > 15:
        tasks = tasks[:15]
    rng.shuffle(tasks)
    numbered = rng.random() < 0.07
    lines: list[str] = []
    for i, (st, text) in enumerate(tasks, 1):
        if numbered:
            lines.append(f"{i}{rng.choice('..)')} [{st}] {text}")
        else:
            lines.append(_item(rng, st, text, day))
        if rng.random() < 0.12:
            indent = rng.choice(("  ", "  ", "\t", "    "))
            for _ in range(rng.randint(1, 3)):
                sub_st, sub = misc_task(rng)
                if rng.random() < 0.3:
                    lines.append(f"{indent}- {sentence(rng)}")
                else:
                    lines.append(_item(rng, sub_st, sub, day, indent))
                if rng.random() < 0.2:
                    deeper = indent * 2 if indent != "    " else "\t\t"
                    lines.append(_item(rng, *misc_task(rng), day, deeper))
    return lines


# ---------------------------------------------------------------------------
# Blocks in which task-like lines are (or are not) tasks.


def code_fence(rng: random.Random, day: dt.date) -> list[str]:
    fence = "```" if rng.random() < 0.65 else "~~~"
    lines = [fence + rng.choice(CODE_LANGS)]
    for _ in range(rng.randint(1, 4)):
        lines.append(rng.choice((
            f"- [x] Write 350 words #writing words:: {rng.randint(1000, 9000)}",
            "- [ ] Walk 20 min #walk",
            "todo = ['- [x] not a task']",
            f"  - [x] Viola practice {rng.randint(10, 60)} min #viola",
            "DONE = True  # - [x] #stretch",
            "for line in notes: print(line)",
            f"date: {day.isoformat()}",
        )))
    lines.append(fence)
    return lines


def callout(rng: random.Random) -> list[str]:
    kind = rng.choice(("todo", "todo", "note", "tip", "question"))
    lines = [f"> [!{kind}]{rng.choice(('', '-', '+'))} {rng.choice(('Later', 'This week', 'Ideas', 'Reminder'))}"]
    for _ in range(rng.randint(1, 3)):
        st, text = misc_task(rng)
        lines.append(f"> - [{st}] {text}")
    if rng.random() < 0.3:
        lines.append(f"> - [x] Read {rng.randint(2, 20)} pages #reading")
    return lines


def blockquote(rng: random.Random) -> list[str]:
    lines = [f"> {sentence(rng)}", ">"]
    if rng.random() < 0.5:
        lines.append(f"> - [{_status(rng, 0.6)}] {misc_task(rng)[1]}")
    lines.append(f"> \u2014 {rng.choice(PEOPLE)}")
    return lines


def html_comment(rng: random.Random) -> list[str]:
    if rng.random() < 0.4:
        return [f"<!-- - [x] Write 350 words #writing words:: {rng.randint(500, 5000)} -->"]
    return ["<!--", "- [x] Walk 60 min #walk", f"- [ ] {misc_task(rng)[1]}", "-->"]


def percent_comment(rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return ["%% - [x] Viola practice 30 min #viola %%"]
    return ["%%", f"- [x] {misc_task(rng)[1]}", "#win hidden thought", "%%"]


def indented_code(rng: random.Random) -> list[str]:
    return [paragraph(rng, 1, 2), "", "    - [x] Write 350 words #writing words:: 777",
            "    - [ ] indented code is not a list #walk"]


def table(rng: random.Random) -> list[str]:
    rows = ["| what | minutes |", "|---|---:|"]
    for _ in range(rng.randint(2, 4)):
        rows.append(f"| {rng.choice(NOUNS)} | {rng.randint(5, 60)} |")
    return rows


# ---------------------------------------------------------------------------
# One note.


def _yaml_text(text: str) -> str:
    """Return text as a YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if ": " in text or " #" in text or text[0] in "[]{}#&*!|>'\"%@`-?:,":
        return json.dumps(text, ensure_ascii=False)
    return text


def front_matter(rng: random.Random, day: dt.date, reg: Regime, skipped: set[str], off: str | None) -> list[str]:
    lines = ["---"]
    if rng.random() < 0.35:
        lines.append(f"date: {day.isoformat()}")
    if rng.random() < 0.92:
        lines.append(f"mood: {rng.choice((1, 2, 3, 3, 3, 4, 4, 4, 5, 5))}")
    if rng.random() < 0.9:
        sleep = round(max(3.0, min(10.0, rng.gauss(reg.sleep, 0.9))) * 4) / 4
        lines.append(f"sleep: {sleep:g}" if sleep != int(sleep) else f"sleep: {int(sleep)}")
    if rng.random() < 0.7:
        lines.append(f"energy: {rng.randint(1, 5)}")
    if rng.random() < 0.5:
        lines.append(f"meditated: {rng.choice(('true', 'false'))}")
    if rng.random() < 0.3:
        lines.append(f"alcohol: {rng.choice(('true', 'false', 'false', 'false'))}")
    if rng.random() < 0.15:
        lines.append(f"weight: {rng.uniform(68, 74):.1f}")
    if rng.random() < 0.3:
        lines.append(f"weather: {rng.choice(WEATHER)}")
    if rng.random() < 0.1:
        lines.append(f"location: \"{rng.choice(PLACES)}\"")
    r = rng.random()
    if r < 0.3:
        tags = sorted(set(rng.choices(("journal", "work", "family", "writing", "music", "health", "travel"), k=rng.randint(1, 3))))
        lines.append(f"tags: [{', '.join(tags)}]")
    elif r < 0.38:
        lines.append(f"tags: journal, {rng.choice(('work', 'family', 'garden'))}")
    elif r < 0.42:
        lines += ["tags:", "  - journal", f"  - {rng.choice(('daily', 'review', 'idea'))}"]
    if skipped:
        lines.append(f"skip: [{', '.join(sorted(skipped))}]")
    if off:
        lines.append(f"{off}: true")
    elif rng.random() < 0.05:
        lines.append("off: false")
    if rng.random() < 0.08:
        lines += ["evidence:", f"  - {_yaml_text(sentence(rng))}"]
        if rng.random() < 0.4:
            lines.append(f"  - {json.dumps(sentence(rng), ensure_ascii=False)}")
    elif rng.random() < 0.02:
        lines.append(f"evidence: {_yaml_text(sentence(rng))}")
    lines.append("---")
    return lines


def note(day: dt.date, reg: Regime, seed: int) -> str | None:
    """Return the text of the note for day, or None when that day has no note."""
    rng = random.Random(f"{seed}:{day.isoformat()}")
    if rng.random() < reg.missing:
        return None
    off = None
    r = rng.random()
    if r < 0.02:
        off = "off"
    elif r < 0.025:
        off = "rest"
    skipped: set[str] = set()
    if rng.random() < 0.03:
        skipped.add("viola")
    if rng.random() < 0.015:
        skipped.add(rng.choice(("walk", "stretch", "write")))
    if rng.random() < 0.003:
        skipped = {"all"}

    out: list[str] = []
    if rng.random() < 0.96:
        out += front_matter(rng, day, reg, skipped, off)
    heading = rng.random()
    if heading < 0.6:
        out.append(f"# {WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month]} {day.year}")
    elif heading < 0.85:
        out.append(f"# {day.isoformat()}")
    out.append("")

    verbose = reg.verbose
    n_par = max(1, round(rng.choice((1, 2, 3, 4, 5, 5, 6, 6, 7, 8, 9, 10, 12, 14, 18)) * verbose))
    for _ in range(max(1, n_par // 2)):
        out += [paragraph(rng), ""]
    if rng.random() < 0.2:
        out += [f"[mood:: {rng.randint(1, 5)}] [focus:: {rng.choice(('deep', 'shallow', 'none'))}]", ""]

    out.append(rng.choice(("## Today", "## Tasks", "## Micro-actions", "### Today")))
    out += task_block(rng, day, reg, skipped)
    out.append("")

    extras = []
    for chance, block in ((0.18, code_fence), (0.16, callout), (0.12, blockquote), (0.1, html_comment),
                          (0.05, percent_comment), (0.05, indented_code), (0.05, table)):
        if rng.random() < chance:
            extras.append(block)
    if extras or n_par > 1:
        out += [rng.choice(("## Notes", "## Journal", "## Log", "## Evening")), ""]
    for i in range(max(n_par - n_par // 2, len(extras))):
        if i < n_par - n_par // 2:
            text = paragraph(rng)
            if rng.random() < 0.1:
                text += f" [[{(day - dt.timedelta(days=rng.randint(1, 30))).isoformat()}]]"
            if rng.random() < 0.08:
                text += f" #{rng.choice(('idea', 'family', 'work/meeting', 'home/garden', 'health/sleep'))}"
            out += [text, ""]
        if i < len(extras):
            block = extras[i]
            out += (block(rng, day) if block is code_fence else block(rng)) + [""]
    if rng.random() < 0.12:
        out += [f"words:: {rng.randint(0, 2000)}", f"focus:: {rng.choice(('deep', 'scattered'))}", ""]

    if rng.random() < 0.3:
        out += [rng.choice(("## Evidence", "## Wins", "## Evidence")), ""]
        for _ in range(rng.randint(1, 3)):
            feeling = rng.choice(("", "", "", " #capable", " #calm", " #curious"))
            out.append(f"- {sentence(rng)}{feeling}")
        out.append("")
    if rng.random() < 0.2:
        out += [f"- {sentence(rng)} #win", ""]
    if rng.random() < 0.04:
        out += [f"evidence:: {sentence(rng)}", ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# The journal.


def span(years: int | None = None, months: int | None = None, end: dt.date = END) -> tuple[dt.date, dt.date]:
    """Return (first, last): whole years (or months) ending on end."""
    if months:
        y, m = divmod(end.year * 12 + end.month - 1 - months, 12)
        first = dt.date(y, m + 1, min(end.day, 28)) + dt.timedelta(days=1)
    else:
        first = _minus_years(end, years or 10) + dt.timedelta(days=1)
    return first, end


def _minus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def iter_notes(first: dt.date, last: dt.date, seed: int = SEED):
    """Yield (relative path, text) for every note from first to last, in date order."""
    regime_key = None
    reg = None
    day = first
    one = dt.timedelta(days=1)
    while day <= last:
        key = (day.year, day.month)
        if key != regime_key:
            regime_key = key
            reg = Regime(random.Random(f"{seed}:month:{day.year:04d}-{day.month:02d}"))
        text = note(day, reg, seed)
        if text is not None:
            yield f"{day.year:04d}/{day.month:02d}/{day.isoformat()}.md", text
        day += one


def tree_digest(root: Path) -> str:
    """Return a SHA-256 over every file's relative path and bytes, in sorted order (the marker excluded)."""
    h = hashlib.sha256()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            files.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    for rel in sorted(files):
        if rel == MARKER:
            continue
        data = (root / rel).read_bytes()
        h.update(rel.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def generate(out: Path, first: dt.date, last: dt.date, seed: int = SEED) -> dict:
    """Write the journal for first..last into out (replacing a journal written before); return its facts."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SystemExit(f"generate.py: {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SystemExit(f"generate.py: {out} is not empty and was not written by this script; refusing to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        notes = 0
        size = 0
        made: set[str] = set()
        for rel, text in iter_notes(first, last, seed):
            folder = rel[:7]
            if folder not in made:
                (tmp / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            data = text.encode("utf-8")
            with open(tmp / rel, "wb") as f:
                f.write(data)
            notes += 1
            size += len(data)
        config = CONFIG.format(version=GENERATOR_VERSION, first=first.isoformat(), last=last.isoformat())
        (tmp / "mdgoals.yaml").write_bytes(config.encode("utf-8"))
        facts = {
            "generator": GENERATOR_VERSION,
            "seed": seed,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "days": (last - first).days + 1,
            "notes": notes,
            "bytes": size,
        }
        facts["digest"] = tree_digest(tmp)
        (tmp / MARKER).write_bytes((json.dumps(facts, indent=2, sort_keys=True) + "\n").encode())
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return facts


def read_marker(out: Path) -> dict | None:
    """Return the facts of the journal at out, or None when it is missing or unreadable."""
    try:
        return json.loads((Path(out) / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--years", type=int, default=None, help="years of notes ending on --end (default 10)")
    group.add_argument("--months", type=int, default=None, help="months of notes instead (small journals, tests)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default benchmarks/data/<N>y)")
    parser.add_argument("--end", type=dt.date.fromisoformat, default=END, help="last day (default 2026-11-22)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed (default {SEED})")
    args = parser.parse_args(argv)
    if args.years is not None and args.years < 1 or args.months is not None and args.months < 1:
        parser.error("--years and --months must be at least 1")
    years = args.years if args.years or args.months else 10
    first, last = span(years, args.months, args.end)
    out = args.out or Path(__file__).resolve().parent / "data" / (f"{args.months}m" if args.months else f"{years}y")
    facts = generate(out, first, last, args.seed)
    print(f"{out}: {facts['notes']} notes, {facts['first']} to {facts['last']}, "
          f"{facts['bytes'] / 1e6:.1f} MB ({facts['bytes'] / max(1, facts['notes']) / 1000:.1f} kB a note), "
          f"digest {facts['digest'][:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
