"""numbers.text's fast paths write what the general rule (number(), then its shape) writes."""

from __future__ import annotations

import math
import random

from mdgoals.render.numbers import _text, text


def test_fast_paths_agree_with_the_rule() -> None:
    rng = random.Random(7)
    values: list[float | int | None] = [
        None, True, False, 0, -0.0, 0.0, 999, 1000, -999, -1000, 999.996, 999.994, -999.996, 1e16, 1e-9, 0.005, 0.015,
        2.675, 123456.789, math.inf, -math.inf, math.nan, 2**60, -(2**60), 12345678901234567891,
    ]
    values += [rng.uniform(-5000, 5000) for _ in range(3000)]
    values += [rng.randint(-5000, 5000) for _ in range(500)]
    values += [round(rng.uniform(0, 20), 2) for _ in range(500)]
    values += [rng.random() * 10 ** rng.randint(-6, 20) for _ in range(500)]
    for v in values:
        for places in (0, 1, 2, 4):
            assert text(v, places) == _text(v, places), (v, places)
