"""Inline SVG charts for the HTML site, built with string joins (a year of cells costs ~1 ms).

Every chart is a self-contained ``<svg role="img">`` with a ``<title>`` and an
``aria-label`` summary.  Colours come from CSS classes (``c s-done`` …), so the
stylesheet decides light and dark; every state also has its own *shape* (a
slash, a dot, a cross, a dashed outline …) so colour is never the only signal.
Charts are returned as :class:`markupsafe.Markup`: safe to place in an autoescaped template.
Everything quoted from notes or the config passes through :func:`esc`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from markupsafe import Markup

from ..engine.calendar import MONTH_NAMES, WEEKDAY_NAMES, week_start
from ..model import Day, DayState
from .common import STATE_WORD
from .numbers import percent
from .numbers import text as num

CELL = 11  # a day cell, in px
PITCH = 13  # cell plus gap

# The CSS class of each state; the stylesheet colours ``.s-<name>``.
STATE_CLASS = {state: f"s-{state.value.replace('_', '-')}" for state in DayState}


def esc(text: str) -> str:
    """Return text escaped for an SVG/HTML attribute or text node."""
    return escape(text, quote=True)


def _f(value: float) -> str:
    """Return a coordinate with at most one decimal: stable text, no float noise."""
    r = round(value, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


def quantity_text(value: float) -> str:
    """Return a quantity as text: the one number format, with a fast path for small whole numbers."""
    if (isinstance(value, int) or value.is_integer()) and -10000 < value < 10000:
        return str(int(value))
    return num(value)


def day_title(day: Day, unit: str | None) -> str:
    """Return a cell's tooltip: '2026-11-18: done · 640 words'."""
    text = f"{day.date.isoformat()}: {STATE_WORD[day.state]}"
    if day.quantity is not None and unit:
        text += f" · {quantity_text(day.quantity)} {unit}"
    return text


# Each state's shape, relative to its cell's corner: a slash for the minimum, a
# dot for partial, a cross for missed, a dash for skipped (outlines are CSS).
_SHAPE = {
    DayState.MVA: "m2 9l7 -7",
    DayState.PARTIAL: "m4 4h3v3h-3z",
    DayState.MISSED: "m3 3l5 5m0 -5l-5 5",
    DayState.SKIPPED: "m2.5 5.5h6",
}
# The hot loop looks states up by their plain value: hashing an enum member
# runs Python code, hashing a str does not.
_RECT = {s.value: f'<rect class="c {STATE_CLASS[s]}" width="{CELL}" height="{CELL}" rx="2" x="' for s in DayState}
_WORD = {s.value: ": " + esc(STATE_WORD[s]) for s in DayState}
_SHAPE_BY_VALUE = {s.value: shape for s, shape in _SHAPE.items()}
_ISO: dict[dt.date, str] = {}  # date → ISO text; the same days recur in every goal's calendar


def _mark(state: DayState, x: int, y: int) -> str:
    """Return the path data of a state's shape inside the cell at (x, y), or ''."""
    shape = _SHAPE.get(state)
    return f"M{x} {y}{shape}" if shape else ""


def _cells(placed: Iterable[tuple[Day, int, int]], unit: str | None) -> str:
    """Return the rects (one per day, each with a <title>) and one mark path per state.

    This is the hot loop of the site (a cell per day per goal): the constant
    parts are prepared once and the text parts need no escaping but the unit's.
    """
    suffix = f" {esc(unit)}" if unit else None
    out: list[str] = []
    marks: dict[str, list[str]] = {}
    iso = _ISO
    for day, x, y in placed:
        value = day.state._value_
        date = iso.get(day.date)
        if date is None:
            date = iso[day.date] = day.date.isoformat()
        title = date + _WORD[value]
        q = day.quantity
        if suffix is not None and q is not None:
            text = str(int(q)) if -10000 < q < 10000 and q == int(q) else num(q)
            title += " · " + text + suffix
        out.append(f'{_RECT[value]}{x}" y="{y}"><title>{title}</title></rect>')
        shape = _SHAPE_BY_VALUE.get(value)
        if shape is not None:
            if value in marks:
                marks[value].append(f"M{x} {y}{shape}")
            else:
                marks[value] = [f"M{x} {y}{shape}"]
    for state in DayState:  # enum order: stable output
        if state.value in marks:
            out.append(f'<path class="m m{STATE_CLASS[state][1:]}" d="{"".join(marks[state.value])}"/>')
    return "".join(out)


def _svg(width: float, height: float, label: str, body: str, css: str, stretch: bool = False) -> Markup:
    aspect = ' preserveAspectRatio="none"' if stretch else ""
    return Markup(
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}"{aspect} '
        f'width="{_f(width)}" height="{_f(height)}" role="img" aria-label="{esc(label)}">'
        f"<title>{esc(label)}</title>{body}</svg>"
    )


def summary(days: Sequence[Day]) -> str:
    """Return '61 done, 8 minimum (MVA), 9 missed' for the days given."""
    counts = Counter([d.state._value_ for d in days])  # counted by value: hashing an enum member runs Python code
    return ", ".join(f"{counts[s.value]} {STATE_WORD[s]}" for s in DayState if s.value in counts)


def heatmap(days: Sequence[Day], year: int, *, first_weekday: int, title: str, unit: str | None = None) -> Markup:
    """Return a year calendar: one column per week, one row per weekday, one rect per day given.

    Only the days passed in get a cell (the goal's history inside that year);
    the rest of the year is drawn faintly, month names run along the top,
    weekday names down the left.
    """
    mine = [d for d in days if d.date.year == year]
    label = f"{title}, {year}: " + (summary(mine) or "no days")
    return calendar(mine, dt.date(year, 1, 1), dt.date(year, 12, 31), first_weekday=first_weekday, label=label, unit=unit)


def calendar(
    days: Sequence[Day], first: dt.date, last: dt.date, *, first_weekday: int, label: str, unit: str | None = None, compact: bool = False
) -> Markup:
    """Return a calendar of the days first..last: a cell for each day given, a faint square for the others.

    ``compact`` drops the weekday names and draws bigger month names, for a
    calendar shown small (the dashboard's last 12 months).
    """
    origin = week_start(first, first_weekday)
    left, top = (0, 24) if compact else (30, 16)
    columns = (last - origin).days // 7 + 1
    width = left + columns * PITCH
    height = top + 7 * PITCH
    parts: list[str] = []
    labels: list[tuple[int, str]] = []
    month = first.replace(day=1)
    while month <= last:
        col = (max(month, first) - origin).days // 7
        if month > first and month.weekday() != first_weekday:
            col += 1  # label the first full column of the month
        labels.append((col, MONTH_NAMES[month.month - 1][:3]))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    room = 4 if compact else 3  # columns a label needs before the next one
    for i, (col, name) in enumerate(labels):
        if col >= columns or (i + 1 < len(labels) and labels[i + 1][0] - col < room):
            continue
        y = 18 if compact else 11
        parts.append(f'<text class="lbl" x="{left + col * PITCH}" y="{y}">{name}</text>')
    if not compact:
        for row in (0, 2, 4, 6):
            name = WEEKDAY_NAMES[(first_weekday + row) % 7][:3]
            parts.append(f'<text class="lbl" x="0" y="{top + row * PITCH + 9}">{name}</text>')
    placed = []
    taken: set[int] = set()  # days as offsets from origin: ints hash and count faster than dates
    for d in days:
        if first <= d.date <= last:
            offset = (d.date - origin).days
            taken.add(offset)
            placed.append((d, left + (offset // 7) * PITCH, top + (offset % 7) * PITCH))
    # The other days as one faint path (not cells: only days of history are cells).
    blank = [
        f"M{left + (offset // 7) * PITCH} {top + (offset % 7) * PITCH}h{CELL}v{CELL}h-{CELL}z"
        for offset in range((first - origin).days, (last - origin).days + 1)
        if offset not in taken
    ]
    if blank:
        parts.append(f'<path class="out" d="{"".join(blank)}"/>')
    parts.append(_cells(placed, unit))
    return _svg(width, height, label, "".join(parts), "heatmap compact" if compact else "heatmap")


def chain(days: Sequence[Day], *, title: str, unit: str | None = None, first_weekday: int = 0) -> Markup:
    """Return a strip of day cells, oldest first, with a small gap where each week begins."""
    placed = []
    x = 0
    for i, d in enumerate(days):
        if i and d.date.weekday() == first_weekday:
            x += 4
        placed.append((d, x, 1))
        x += PITCH
    width = max(x - (PITCH - CELL), 1)
    label = f"{title}: the last {len(days)} days: {summary(days)}" if days else f"{title}: no days yet"
    return _svg(width, CELL + 2, label, _cells(placed, unit), "chain")


@cache
def legend_cell(state: DayState) -> Markup:
    """Return one small decorative cell of a state, for legends and tables."""
    mark = _mark(state, 1, 1)
    path = f'<path class="m m{STATE_CLASS[state][1:]}" d="{mark}"/>' if mark else ""
    return Markup(
        f'<svg class="cell" viewBox="0 0 13 13" width="13" height="13" aria-hidden="true">'
        f'<rect class="c {STATE_CLASS[state]}" x="1" y="1" width="{CELL}" height="{CELL}" rx="2"/>{path}</svg>'
    )


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart: a value in [0, 1] (None: nothing to measure), its tooltip, whether met."""

    value: float | None
    title: str
    met: bool | None = None
    current: bool = False


def bars(items: Sequence[Bar], *, title: str, height: int = 48, width: int = 12, gap: int = 3, axis: bool = False) -> Markup:
    """Return a bar chart of rates (0–100%): a tick above a met period, a flat outline where nothing was due."""
    left = 30 if axis else 0
    top = 9  # room for the ticks above full bars
    plot = height - top - 1
    parts: list[str] = []
    right = left + len(items) * (width + gap) - gap
    if axis:
        for frac in (0.0, 0.5, 1.0):
            y = top + plot * (1 - frac)
            parts.append(f'<text class="lbl" x="{left - 4}" y="{_f(y + 3)}" text-anchor="end">{percent(frac)}</text>')
            parts.append(f'<path class="grid" d="M{left} {_f(y)}H{right}"/>')
    x = left
    for item in items:
        now = " now" if item.current else ""
        if item.value is None:
            parts.append(
                f'<rect class="bar none{now}" x="{x}" y="{top + plot - 3}" width="{width}" height="3">'
                f"<title>{esc(item.title)}</title></rect>"
            )
        else:
            h = max(2.0, plot * min(1.0, max(0.0, item.value)))
            state = " met" if item.met else (" unmet" if item.met is False else "")
            y = top + plot - h
            parts.append(
                f'<rect class="bar{state}{now}" x="{x}" y="{_f(y)}" width="{width}" height="{_f(h)}">'
                f"<title>{esc(item.title)}</title></rect>"
            )
            if item.met:
                cx = x + width / 2
                parts.append(f'<path class="tick" d="M{_f(cx - 3.5)} {_f(y - 5)}l2.5 2.5l4.5 -4.5"/>')
        x += width + gap
    met = sum(1 for i in items if i.met)
    label = f"{title}: {len(items)} weeks, {met} met"
    return _svg(max(right, left + 1), height, label, "".join(parts), "bars" + (" axis" if axis else ""))


def nice_ceiling(value: float) -> float:
    """Return a round number at least value: 899 → 1000, 56 → 60, 7.5 → 8."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value - 1e-9:
            return step * magnitude
    return 10 * magnitude


@dataclass(frozen=True)
class Series:
    """A line: (x, y) points in data units, and how it is drawn (``line``, ``dash``, ``dot``)."""

    points: Sequence[tuple[float, float]]
    name: str
    style: str = "line"


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_labels: Sequence[tuple[float, str]] = (),
    y_max: float | None = None,
    width: int = 640,
    height: int = 140,
    step: bool = False,
) -> str:
    """Return a line chart; lines differ by stroke pattern (solid, dashed, dotted), not only colour."""
    left, right, top, bottom = 44, 8, 8, 18
    xs = [x for s in series for x, _ in s.points]
    ys = [y for s in series for _, y in s.points]
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    if x_hi == x_lo:
        x_hi = x_lo + 1
    top_value = y_max if y_max is not None and y_max >= max(ys, default=0.0) else nice_ceiling(max([*ys, 1.0]))
    pw, ph = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * pw

    def py(y: float) -> float:
        return top + ph - (y / top_value) * ph

    parts: list[str] = []
    for frac in (0.0, 0.5, 1.0):
        value = top_value * frac
        y = py(value)
        parts.append(f'<path class="grid" d="M{left} {_f(y)}H{width - right}"/>')
        parts.append(f'<text class="lbl" x="{left - 4}" y="{_f(y + 3)}" text-anchor="end">{esc(num(value, 0))}</text>')
    for x, text in x_labels:
        parts.append(f'<text class="lbl" x="{_f(px(x))}" y="{height - 4}">{esc(text)}</text>')
    for s in series:
        if not s.points:
            continue
        sx, sy = pw / (x_hi - x_lo), ph / top_value
        if len(s.points) > pw:  # several points per pixel: steps would not show anyway
            pixels = _downsample(s.points, left, x_lo, sx, top + ph, sy)
        else:
            pixels = [(left + (x - x_lo) * sx, top + ph - y * sy) for x, y in s.points]
            if step:
                pixels = _steps(pixels)
        coords = _polyline(pixels)
        parts.append(f'<polyline class="ln {s.style}" points="{coords}"><title>{esc(s.name)}</title></polyline>')
    names = "; ".join(s.name for s in series if s.points)
    return _svg(width, height, f"{title}: {names}", "".join(parts), "line")


def _downsample(
    points: Sequence[tuple[float, float]], left: float, x_lo: float, sx: float, y0: float, sy: float
) -> list[tuple[float, float]]:
    """Return first, lowest, highest and last pixel of each pixel column: the same picture, far fewer points.

    A point (x, y) is the pixel (left + (x - x_lo) * sx, y0 - y * sy); the pixels are made
    here, in the one pass that sorts them into columns (a ten-year streak has thousands).
    """
    out: list[tuple[float, float]] = []
    column = -1
    first = low = high = last = (0.0, 0.0)
    low_y = high_y = 0.0
    for x, y in points:
        px = left + (x - x_lo) * sx
        point = (px, y0 - y * sy)
        col = int(px)
        if col != column:
            if column >= 0:
                out.extend(sorted({first, low, high, last}))  # the distinct points of the column, in x order
            column, first, low, high, last = col, point, point, point, point
            low_y = high_y = point[1]
            continue
        if point[1] < low_y:
            low, low_y = point, point[1]
        elif point[1] > high_y:
            high, high_y = point, point[1]
        last = point
    if column >= 0:
        out.extend(sorted({first, low, high, last}))
    return out


def _steps(pixels: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the corners of a step line through the points: along, then up or down."""
    out: list[tuple[float, float]] = []
    for x, y in pixels:
        if out and out[-1][1] != y:
            out.append((x, out[-1][1]))
        out.append((x, y))
    return out


def _polyline(pixels: Sequence[tuple[float, float]]) -> str:
    """Return polyline points, dropping those that draw nothing new (a ten-year streak has thousands)."""
    out: list[str] = []
    before = latest = last = None  # the y text of the two points last added, the last point's text
    for x, y in pixels:
        yt = f"{y:.1f}"
        if yt == latest:
            if yt == before:
                out[-1] = last = f"{x:.1f},{yt}"  # extend a flat run instead of adding to it
                continue
            point = f"{x:.1f},{yt}"
            if point == last:
                continue
        else:  # a new height: a new point
            point = f"{x:.1f},{yt}"
        out.append(point)
        last = point
        before, latest = latest, yt
    return " ".join(out)


def meter(fraction: float | None, *, label: str, width: int = 120) -> Markup:
    """Return a horizontal meter (strength, progress) that stretches to the width CSS gives it."""
    value = 0.0 if fraction is None else max(0.0, min(1.0, fraction))
    fill = f'<rect class="fill" x="0" y="0" width="{_f(width * value)}" height="8" rx="4"/>' if value > 0 else ""
    body = f'<rect class="track" x="0" y="0" width="{width}" height="8" rx="4"/>{fill}'
    return _svg(width, 8, label, body, "meter", stretch=True)
