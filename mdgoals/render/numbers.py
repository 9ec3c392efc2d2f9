"""The one place numbers are shaped for output, so every renderer agrees."""

from __future__ import annotations

import math


def number(value: float | int | None, places: int = 4) -> float | int | None:
    """Return value rounded to places, as an int when it is whole (410.0 → 410)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    rounded = round(float(value), places)
    if rounded.is_integer():
        return int(rounded)
    return rounded


def text(value: float | int | None, places: int = 2) -> str:
    """Return value as short human text: 410, 7.5, 0.73; '–' for None."""
    # A site formats ~50,000 numbers: plain floats and small ints skip number()'s checks (same text).
    kind = type(value)
    if kind is float:
        if value - value != 0.0:  # type: ignore[operator]  # inf or nan
            return "–"
        rounded = round(value, places)  # type: ignore[arg-type]
        if rounded.is_integer():
            whole = int(rounded)
            return str(whole) if -1000 < whole < 1000 else f"{whole:,}"
        return f"{rounded:g}"
    if kind is int and -1000 < value < 1000:  # type: ignore[operator]
        return str(value)
    return _text(value, places)


def _text(value: float | int | None, places: int) -> str:
    """Return value as text by the general rule: number(), then its shape."""
    shaped = number(value, places)
    if shaped is None:
        return "–"
    if isinstance(shaped, int):
        return f"{shaped:,}" if abs(shaped) >= 1000 else str(shaped)
    return f"{shaped:g}"


def percent(value: float | None) -> str:
    """Return a fraction as a whole percentage: 0.8571 → '86%'; '–' for None."""
    if value is None:
        return "–"
    return f"{round(value * 100):d}%"
