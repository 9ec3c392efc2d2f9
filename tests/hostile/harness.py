"""Run mdgoals the way a user does — a fresh process — with a time limit, a memory cap and no core dumps.

Shared by the hostile suite, the determinism checks and the output-safety tests.
A run that outlives ``TIMEOUT`` is killed with its whole process group and
reported as hung (``returncode`` None); one that dies of a signal (a segfault in
a C extension) has a negative ``returncode``; a Python traceback on stderr is a
crash too.  ``RLIMIT_AS`` caps the address space, so a memory bomb ends in a
MemoryError (a crash, seen) instead of swapping the machine to a halt.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

AS_OF = "2026-11-22"
TIMEOUT = 60.0
MEMORY = 2 * 1024**3

# Linux capabilities that let root read any file and list any folder.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


@dataclass(frozen=True)
class Run:
    """One finished (or killed) command."""

    args: tuple[str, ...]
    returncode: int | None  # None: killed after TIMEOUT
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def hung(self) -> bool:
        return self.returncode is None

    @property
    def crashed(self) -> bool:
        """Return whether the process died of a signal or printed a traceback."""
        return (self.returncode is not None and self.returncode < 0) or b"Traceback (most recent call last)" in self.stderr

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", errors="replace")

    def describe(self) -> str:
        """Return what happened, for an assertion message."""
        what = "hung (killed)" if self.hung else f"exit {self.returncode}"
        return f"mdgoals {' '.join(self.args)}: {what} after {self.seconds:.1f}s\nstderr:\n{self.err[-3000:]}"


def environment(cache: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return a clean environment: fixed as-of, a private cache folder, no colour, nothing inherited from mdgoals."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MDGOALS_") and k not in ("NO_COLOR", "PYTHONHASHSEED")}
    env.update(MDGOALS_AS_OF=AS_OF, XDG_CACHE_HOME=str(cache), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra or {})
    return env


def drop_read_privileges() -> bool:
    """In a child about to exec: give up root's power to read what its modes forbid; return whether it could.

    Python itself lives under /root here, out of reach of an unprivileged uid,
    so instead of ``setuid(nobody)`` the child keeps uid 0 but drops the
    capabilities that bypass file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
    from its bounding set: after exec, a mode-000 file is unreadable as it is
    for any user.  Not root: nothing to drop.
    """
    if os.geteuid() != 0:
        return True
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return all(libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) == 0 for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH))


def _preexec(unprivileged: bool) -> Callable[[], None]:
    def setup() -> None:
        os.setsid()  # its own process group: a timeout kills it and anything it started
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if unprivileged and not drop_read_privileges():
            os._exit(125)

    return setup


def start(
    args: Sequence[str],
    *,
    env: Mapping[str, str],
    unprivileged: bool = False,
    driver: str | None = None,
    cwd: Path | None = None,
) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``python -m mdgoals ARGS`` (or ``python -c DRIVER ARGS``) and return it with its start time."""
    head = [sys.executable, "-c", driver] if driver else [sys.executable, "-m", "mdgoals"]
    proc = subprocess.Popen(
        [*head, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        preexec_fn=_preexec(unprivileged),
    )
    return proc, time.monotonic()


def finish(proc: subprocess.Popen[bytes], started: float, args: Sequence[str], timeout: float = TIMEOUT) -> Run:
    """Wait for a started command; kill its process group when it outlives the timeout."""
    left = max(0.1, timeout - (time.monotonic() - started))
    try:
        out, err = proc.communicate(timeout=left)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return Run(tuple(args), code, out, err, time.monotonic() - started)


def run(args: Sequence[str], *, env: Mapping[str, str], timeout: float = TIMEOUT, **kwargs: object) -> Run:
    """Run one command to the end (or to the timeout)."""
    proc, started = start(args, env=env, **kwargs)  # type: ignore[arg-type]
    return finish(proc, started, args, timeout)


def run_together(commands: Sequence[Sequence[str]], *, env: Mapping[str, str], timeout: float = TIMEOUT, **kwargs: object) -> list[Run]:
    """Run commands side by side (the machine's cores are used) and return them in order."""
    started = [start(args, env=env, **kwargs) for args in commands]  # type: ignore[arg-type]
    return [finish(proc, t0, args, timeout) for (proc, t0), args in zip(started, commands, strict=True)]
