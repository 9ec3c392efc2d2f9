"""Reading many notes on two processors: a forked child reads half of them — off unless asked for.

A cold read of a big journal is all Python work, one processor busy.  With
``MDGOALS_WORKERS=2`` in the environment and more than :data:`MIN_FILES` files
to read, the reader forks once: the child reads the second half of the files
and sends back what they gave, pickled, through a pipe, while the parent reads
the first half.  Whatever goes wrong in the child — a crash, a signal, a short
pipe — the parent reads that half itself: the result is the same either way.

It is off by default because it did not pay where it was measured (the
2-vCPU VM of docs/benchmarks.md): each of the two processes read at about half
the speed of one alone — the two vCPUs share one core's throughput — so the
halves took as long as the whole, and sending the child's notes back (about
40 µs a note to pickle and unpickle) made it slower still, at 3,243 notes as
at 8,000 (docs/performance.md).  On a machine with two real cores it should
nearly halve a cold read of a long journal; measure before turning it on.

Forking is only safe in a process with one thread (a thread holding a lock at
the fork would leave it locked in the child for ever), so a process with
threads (watch, serve) always reads everything itself.
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
ENV_WORKERS = "MDGOALS_WORKERS"  # "2": read on two processors when it may pay (see above)


def can_fork() -> bool:
    """Return whether reading may fork: asked for, POSIX, two processors for us, one thread."""
    if os.environ.get(ENV_WORKERS) != "2" or not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # not asked for; no fork; macOS frameworks are not fork-safe
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - no affinity on this platform
        cpus = os.cpu_count() or 1
    return cpus >= 2 and threading.active_count() == 1


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
