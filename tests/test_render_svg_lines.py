"""A long line is thinned in one pass: the same points as making every pixel, then keeping four per column."""

from __future__ import annotations

import random

from mdgoals.render import svg


def _thinned_the_long_way(points: list[tuple[float, float]], left: float, x_lo: float, sx: float, y0: float, sy: float) -> list[tuple[float, float]]:
    pixels = [(left + (x - x_lo) * sx, y0 - y * sy) for x, y in points]
    columns: dict[int, list[tuple[float, float]]] = {}
    for p in pixels:
        columns.setdefault(int(p[0]), []).append(p)
    out: list[tuple[float, float]] = []
    for col in sorted(columns):
        ps = columns[col]
        low = high = ps[0]
        for p in ps[1:]:
            if p[1] < low[1]:
                low = p
            elif p[1] > high[1]:
                high = p
        out.extend(sorted({ps[0], low, high, ps[-1]}))
    return out


def test_downsample_keeps_first_lowest_highest_last_of_each_column() -> None:
    rng = random.Random(3)
    for _ in range(50):
        n = rng.randint(1, 3000)
        x_lo = rng.choice([0.0, 3.0, 730119.0])
        points = [(x_lo + i, float(rng.choice([0, 1, 2, rng.randint(0, 400)]))) for i in range(n)]
        sx = rng.uniform(0.05, 0.9)
        args = (44.0, x_lo, sx, 122.0, rng.uniform(0.1, 2.0))
        assert svg._downsample(points, *args) == _thinned_the_long_way(points, *args)


def test_polyline_drops_repeats_and_extends_flat_runs() -> None:
    assert svg._polyline([(0, 5), (1, 5), (2, 5), (3, 5), (3, 5), (4, 1)]) == "0.0,5.0 3.0,5.0 4.0,1.0"
    assert svg._polyline([(0, 5), (0.01, 5.01), (1, 2)]) == "0.0,5.0 1.0,2.0"
    assert svg._polyline([]) == ""
