"""The JSON report's encoder writes exactly what ``json.dumps(…, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import datetime as dt
import enum
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mdgoals.config import load_config
from mdgoals.engine import compute_report
from mdgoals.reader import read_journal
from mdgoals.render.json_report import dumps, report_dict

SAMPLE = Path(__file__).resolve().parents[1] / "sample-journal"


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def test_the_sample_report_is_byte_identical() -> None:
    config = load_config(SAMPLE, None)
    data = report_dict(compute_report(read_journal(SAMPLE, config), config, dt.date(2026, 11, 22)))
    assert dumps(data) == reference(data)


class Colour(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    ONE = 1


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
    | st.sampled_from([Colour.RED, Level.ONE, "é\u2028\x00\"\\", -0.0, 1e300, 10**30])
)
_keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none() | st.just(Colour.RED)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=500, deadline=None)
@given(_values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert dumps(value) == reference(value)


def test_what_json_cannot_write_is_refused_alike() -> None:
    for bad in ({"a": {1, 2}}, [object()], {(1, 2): 3}):
        try:
            reference(bad)
        except TypeError:
            pass
        else:  # pragma: no cover
            raise AssertionError(bad)
        try:
            dumps(bad)
        except TypeError:
            continue
        raise AssertionError(f"dumps accepted {bad!r}")
