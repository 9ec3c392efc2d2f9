"""The cyclic garbage collector, paused around bulk work that makes no reference cycles.

Reading ten years of notes or making their report creates ~100,000 objects and
no reference cycles: the collector would find nothing, yet its full sweeps
rescan everything made so far again and again (it made a 100-year pickle load
3.7 × slower, and took 10–25% of the engine's time).  Reference counting still
frees all garbage; collections resume when the block ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the collector from running inside the block (it resumes, as it was, at the end).

    Nothing is frozen here: freezing would keep for ever any cyclic garbage of
    a long-running process (watch).  A process that exits after one command
    freezes what it keeps once it is made (:func:`mdgoals.cli.settle`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
