"""The report's many small frozen objects, made without their dataclass ``__init__``.

A frozen dataclass sets each field through ``object.__setattr__``; filling
``__dict__`` directly gives an equal, equally frozen object (same repr, hash
and pickle) in half the time.  Ten years make some 60,000 of them.  Each maker
takes the same arguments as the class; if the class ever gains slots, a
``__post_init__`` or other fields, the maker is the class itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any, cast

from ..model import Day, DayState, EvidenceEntry, Item, Outcome, StreakStep, WeekGoal

_new = object.__new__


def _maker(cls: type, fast: Callable[..., Any]) -> Any:
    """Return fast if it takes cls's fields, in order and with their defaults, and cls needs no more than them; else cls."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__slots__") or hasattr(cls, "__post_init__"):
        return cls
    fields = [(f.name, f.default) for f in dataclasses.fields(cls)]
    params = [(p.name, p.default if p.default is not p.empty else dataclasses.MISSING) for p in inspect.signature(fast).parameters.values()]
    return fast if params == fields else cls


def _day(date: dt.date, state: DayState, quantity: float | None = None, reason: str = "", source: str | None = None) -> Day:
    day = _new(Day)
    day.__dict__.update(date=date, state=state, quantity=quantity, reason=reason, source=source)
    return cast(Day, day)


def _item(start: dt.date, end: dt.date, outcome: Outcome, label: str = "") -> Item:
    item = _new(Item)
    item.__dict__.update(start=start, end=end, outcome=outcome, label=label)
    return cast(Item, item)


def _step(item: Item, strict: int, forgiving: int, strength: float | None) -> StreakStep:
    step = _new(StreakStep)
    step.__dict__.update(item=item, strict=strict, forgiving=forgiving, strength=strength)
    return cast(StreakStep, step)


def _week_goal(due: int, counts: dict[str, int], rate: float | None, quantity: float | None, met: bool | None, remaining: int | None) -> WeekGoal:
    wg = _new(WeekGoal)
    wg.__dict__.update(due=due, counts=counts, rate=rate, quantity=quantity, met=met, remaining=remaining)
    return cast(WeekGoal, wg)


def _entry(date: dt.date, path: str, line: int, text: str, feeling: str | None) -> EvidenceEntry:
    entry = _new(EvidenceEntry)
    entry.__dict__.update(date=date, path=path, line=line, text=text, feeling=feeling)
    return cast(EvidenceEntry, entry)


new_day: Callable[..., Day] = _maker(Day, _day)
new_item: Callable[..., Item] = _maker(Item, _item)
new_step: Callable[..., StreakStep] = _maker(StreakStep, _step)
new_week_goal: Callable[..., WeekGoal] = _maker(WeekGoal, _week_goal)
new_entry: Callable[..., EvidenceEntry] = _maker(EvidenceEntry, _entry)
