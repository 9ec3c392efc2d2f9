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
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Keep the collector from running inside the block; with freeze, move what exists out of its sight at the end.

    Freezing suits objects that live on (the notes a run keeps): later
    collections no longer scan them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()
