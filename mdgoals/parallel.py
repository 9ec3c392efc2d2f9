"""Work on two processors: a forked child does half of a long map — when a processor is free.

A cold read of a big journal, or the rendering of a big site, is all Python
work, one processor busy.  :func:`map_split` forks once: the child maps the
second half of the items and sends back what they gave, pickled, through a
pipe, while the parent maps the first half.  Whatever goes wrong in the
child — a crash, a signal, a short pipe — the parent maps that half itself:
the result is the same either way.

When it pays (``MDGOALS_WORKERS`` unset): with at least two processors for
this process and one of them idle — the one-minute load average below the
processors less one half.  On a busy machine the two processes would share
one processor's time and the pickling would only add cost (40 µs a note
read, measured on the loaded 2-vCPU VM of docs/benchmarks.md); on an idle
one a cold read of ten years of notes drops from 0.61 to 0.45 s.
``MDGOALS_WORKERS=1`` never forks; ``MDGOALS_WORKERS=2`` forks whenever it can.

Forking is only safe in a process with one thread (a thread holding a lock at
the fork would leave it locked in the child for ever), so a process with
threads (watch, serve) always does everything itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_FILES = 2000  # below this, forking costs more than it can save even on two free cores
ENV_WORKERS = "MDGOALS_WORKERS"  # "1": never fork; "2": fork whenever possible; unset: when a processor is idle


def can_fork() -> bool:
    """Return whether work may fork now: POSIX, two processors for us, one thread, and one idle (or asked for)."""
    setting = os.environ.get(ENV_WORKERS, "")
    if setting == "1" or not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # told not to; no fork; macOS frameworks are not fork-safe
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - no affinity on this platform
        cpus = os.cpu_count() or 1
    if cpus < 2 or threading.active_count() != 1:
        return False
    return setting == "2" or idle_processor(cpus)


def idle_processor(cpus: int) -> bool:
    """Return whether one of cpus processors is idle: the one-minute load average is below cpus - 1/2."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - no load average (Windows)
        return False
    return load < cpus - 0.5


def map_split(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, min_items: int | None = None) -> list[R]:
    """Return ``work(items)``, computed by this process and a forked child on half each when it pays.

    ``work`` maps a sequence to a list of the same length and must not depend on
    which process runs it; its results must pickle.
    """
    if len(items) < (MIN_FILES if min_items is None else min_items) or not can_fork():
        return work(items)
    half = len(items) // 2
    mine, theirs = items[:half], items[half:]
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return work(items)
    if pid == 0:  # the child: read its half, send it, and leave without running any cleanup
        code = 1
        try:
            os.close(read_fd)
            data = pickle.dumps(work(theirs), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        except BaseException:  # noqa: BLE001 - whatever it was, the parent reads this half itself
            pass
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        first = work(mine)
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        read_fd = -1
    finally:
        if read_fd >= 0:
            os.close(read_fd)  # interrupted: the child's next write fails and it exits
        _, status = os.waitpid(pid, 0)
    second: list[R] | None = None
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            second = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a short or damaged message: read that half here
            second = None
    if not isinstance(second, list) or len(second) != len(theirs):
        second = work(theirs)
    return first + second
