"""Hand-made journals for the site tests: notes and goals built in Python, no reader involved.

``persona_journal(days)`` is a deterministic stand-in for the sample persona
(novel, walk, viola, sleep, stretches) over any number of days, so the site can
be tested — and timed — on a ten-year journal without writing 3,650 files.
"""

from __future__ import annotations

import datetime as dt
import random

from mdgoals.engine import compute_report
from mdgoals.model import (
    Break,
    Config,
    Evidence,
    Goal,
    Journal,
    Level,
    Metric,
    Note,
    Report,
    Schedule,
    Status,
    Task,
)

AS_OF = dt.date(2026, 11, 22)

GOALS = (
    Goal(id="novel", title="Write a novel", level=Level.VISION),
    Goal(
        id="draft", title="First 40,000 words", level=Level.QUARTER, parent="novel",
        start=dt.date(2026, 9, 7), target=40000, unit="word", unit_label="words",
    ),
    Goal(id="words-week", title="2,500 words a week", level=Level.WEEK, parent="draft", target=2500, unit="word", unit_label="words"),
    Goal(
        id="write", title="Write 350 words", parent="words-week", match_tags=("writing",), target=350, unit="word",
        unit_label="words", mva=100, feeling="capable",
    ),
    Goal(id="walk", title="Walk 20 minutes", match_tags=("walk",), target=20, unit="minutes", unit_label="min", mva=5, feeling="calm"),
    Goal(
        id="viola", title="Viola practice", match_tags=("viola",), schedule=Schedule("3/week", quota=3, period="week"),
        target=15, unit="minutes", unit_label="min", mva=5, feeling="capable",
    ),
    Goal(id="sleep", title="Sleep 7 hours", metric="sleep", target=7, mva=6),
    Goal(
        id="stretch", title="Physio stretches", match_tags=("stretch",), schedule=Schedule("mon,wed,fri", frozenset({0, 2, 4})),
        mva_text="one stretch", feeling="calm",
    ),
)

WINS = (
    "Finished the scene I was stuck on for a week. #capable",
    "Played the C major scale at beginner tempo — as well as any beginner at this stage. #capable",
    "Walked the long loop without checking my phone. #calm",
    "Said no to a meeting I did not need.",
    "Slept through the night. #calm",
)


class _Tasks:
    """The tasks of one note, numbered by line as a reader would."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Task] = []
        self.line = 6

    def add(self, text: str, tags: tuple[str, ...], status: Status = Status.DONE, qty: tuple[tuple[float, str], ...] = (),
            fields: tuple[tuple[str, str], ...] = (), mva: bool = False) -> None:
        char = {"done": "x", "open": " ", "cancelled": "-", "in_progress": "/", "deferred": ">"}[status.value]
        self.items.append(Task(self.path, self.line, status, char, text, tags, fields, qty, mva))
        self.line += 1


def persona_notes(days: int, *, end: dt.date = AS_OF, seed: int = 7, gaps: bool = True) -> list[Note]:
    """Return `days` daily notes ending at `end`, with a realistic mix of done, MVA and missed days."""
    rng = random.Random(seed)
    start = end - dt.timedelta(days=days - 1)
    notes: list[Note] = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        if gaps and rng.random() < 0.06 and day != end:
            continue  # a day with no note at all
        path = f"journal/{day:%Y}/{day:%m}/{day.isoformat()}.md"
        tasks = _Tasks(path)
        add = tasks.add
        r = rng.random()
        if r < 0.72:
            words = rng.randrange(350, 900)
            add(f"Write 350 words #writing words:: {words}", ("writing",), fields=(("words", str(words)),))
        elif r < 0.84:
            words = rng.randrange(100, 349)
            add(f"Write a little #writing #mva words:: {words}", ("writing", "mva"), fields=(("words", str(words)),), mva=True)
        elif r < 0.9:
            add("Write 350 words #writing", ("writing",), Status.OPEN)
        r = rng.random()
        if r < 0.7:
            minutes = rng.randrange(20, 60)
            add(f"Walk {minutes} min #walk", ("walk",), qty=((float(minutes), "minutes"),))
        elif r < 0.8:
            add("Walk 5 min #walk #mva", ("walk", "mva"), qty=((5.0, "minutes"),), mva=True)
        if rng.random() < 0.45:
            minutes = rng.choice((5, 10, 15, 20))
            add(f"Viola practice {minutes} min #viola", ("viola",), qty=((float(minutes), "minutes"),))
        if day.weekday() in (0, 2, 4) and rng.random() < 0.8:
            add("Physio stretches #stretch", ("stretch",))
        add("Water the tomatoes", ())
        if rng.random() < 0.3:
            add("Sort the tax return", (), Status.OPEN)
        metrics = {"mood": Metric(rng.randrange(1, 6), 2)}
        if rng.random() < 0.9:
            metrics["sleep"] = Metric(round(rng.uniform(5.5, 8.5), 1), 3)
        evidence: tuple[Evidence, ...] = ()
        if rng.random() < 0.25:
            text = rng.choice(WINS)
            tags = tuple(t.lstrip("#") for t in text.split() if t.startswith("#"))
            evidence = (Evidence(path, tasks.line + 2, text.split(" #")[0], tags),)
        notes.append(Note(path, day, tuple(tasks.items), metrics, evidence=evidence))
    return notes


def persona_report(days: int = 84, *, as_of: dt.date = AS_OF, seed: int = 7) -> Report:
    """Return the report of a persona journal of `days` days ending at as_of."""
    notes = persona_notes(days, end=as_of, seed=seed)
    config = Config(goals=GOALS, breaks=(Break(dt.date(2026, 10, 12), dt.date(2026, 10, 16), "Lisbon trip"),))
    return compute_report(Journal("sample-journal", tuple(notes)), config, as_of)


def note_index(days: int = 84, *, as_of: dt.date = AS_OF, seed: int = 7) -> list[tuple[dt.date, str]]:
    """Return (date, path) of every note of the persona journal, as the CLI passes them to build_site."""
    return [(n.date, n.path) for n in persona_notes(days, end=as_of, seed=seed)]
