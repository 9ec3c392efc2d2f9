"""The engine's fast makers build objects equal, in every way, to the dataclasses' own."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from dataclasses import FrozenInstanceError, dataclass

import pytest

from mdgoals.engine import objects
from mdgoals.model import Day, DayState, EvidenceEntry, Item, Outcome, StreakStep, WeekGoal

D = dt.date(2026, 11, 22)
ITEM = Item(D, D, Outcome.SUCCESS, "2026-11-22")
CASES = [
    (objects.new_day, Day, (D, DayState.PARTIAL, 120.0, "120 words below the MVA", "2026-11-22.md:4")),
    (objects.new_day, Day, (D, DayState.UNKNOWN)),
    (objects.new_item, Item, (D, D + dt.timedelta(days=6), Outcome.FAILURE, "2026-11-22")),
    (objects.new_item, Item, (D, D, Outcome.NEUTRAL)),
    (objects.new_step, StreakStep, (ITEM, 3, 4, 0.25)),
    (objects.new_step, StreakStep, (ITEM, 0, 0, None)),
    (objects.new_week_goal, WeekGoal, (5, {"done": 3, "mva": 1}, 0.8, None, False, 2)),
    (objects.new_entry, EvidenceEntry, (D, "2026/11/2026-11-22.md", 40, "Finished the chapter", "capable")),
]


@pytest.mark.parametrize(("make", "cls", "args"), CASES)
def test_fast_objects_are_the_dataclass_objects(make, cls, args) -> None:
    fast, plain = make(*args), cls(*args)
    assert make is not cls  # the model still allows the fast path: it is what this tests
    assert type(fast) is cls
    assert fast == plain and plain == fast
    assert _hash(fast) == _hash(plain)
    assert repr(fast) == repr(plain)
    assert vars(fast) == vars(plain)
    assert pickle.dumps(fast) == pickle.dumps(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    assert copy.deepcopy(fast) == plain
    with pytest.raises(FrozenInstanceError):
        fast.__setattr__(next(iter(vars(fast))), None)


def _hash(obj: object) -> int | str:
    try:
        return hash(obj)
    except TypeError as error:  # a WeekGoal holds a dict: unhashable, made either way
        return str(error)


def test_a_class_the_maker_does_not_fit_is_made_by_its_own_init() -> None:
    @dataclass(frozen=True)
    class Renamed:  # Day with a field renamed: the fast maker would fill the wrong keys
        date: dt.date
        state: DayState
        amount: float | None = None
        reason: str = ""
        source: str | None = None

    @dataclass(frozen=True)
    class Checked:  # Item with a __post_init__: only __init__ runs it
        start: dt.date
        end: dt.date
        outcome: Outcome
        label: str = ""

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True)
    class Defaulted:  # a default that differs from the maker's
        start: dt.date
        end: dt.date
        outcome: Outcome
        label: str = "-"

    assert objects._maker(Renamed, objects._day) is Renamed
    assert objects._maker(Checked, objects._item) is Checked
    assert objects._maker(Defaulted, objects._item) is Defaulted
    assert objects._maker(Item, objects._item) is objects._item
