"""What one pass of ``mdgoals watch`` did, and the lines it says about it (mdgoals.watch's builder makes them)."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .observe import Changes


@dataclass(frozen=True)
class BuildEvent:
    """One pass of the builder: what changed, what it wrote, how long it took, and what went wrong.

    ``number`` counts every pass, the initial build being 1.  ``ok`` is False
    when the build failed (``error`` says why) or when only an invalid config
    changed (then nothing was built and ``config_problems`` say why).
    """

    number: int
    ok: bool
    changes: Changes
    seconds: float
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    new_problems: tuple[Problem, ...] = ()
    fixed_problems: tuple[Problem, ...] = ()
    config_problems: tuple[Problem, ...] = ()
    error: str | None = None
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def site_changed(self) -> bool:
        """Return whether the output folder changed (open pages should reload)."""
        return bool(self.written or self.removed)


@dataclass(frozen=True)
class Outcome:
    """How one pass ended, as the builder saw it (what :class:`BuildEvent` and the lines are made from)."""

    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    new: tuple[Problem, ...] = ()
    fixed: tuple[Problem, ...] = ()
    config_problems: tuple[Problem, ...] = ()
    error: str | None = None
    error_problems: tuple[Problem, ...] = ()
    notes: int = 0
    initial: bool = False
    skipped: bool = False  # only an invalid config changed: nothing was built


def pass_lines(config_name: str, out_dir: Path, changes: Changes, seconds: float, o: Outcome) -> list[str]:
    """Return what to say about one pass: the first build, a rebuild, a failure, or a config kept."""
    written, removed, new, fixed = o.written, o.removed, o.new, o.fixed
    lines: list[str] = []
    if o.config_problems:
        lines.append(f"mdgoals: {config_name} is invalid; still using the last good configuration:")
        lines.extend(p.format() for p in o.config_problems)
    if o.error is not None:
        lines.append(
            f"mdgoals: {changes.describe(config_name)} → rebuild failed after {seconds:.2f} s "
            f"(still watching; the site shows the last good build): {o.error}"
        )
        lines.extend(p.format() for p in o.error_problems)
    elif o.initial:
        lines.append(
            f"mdgoals: built {out_dir} from {o.notes} notes in {seconds:.2f} s: "
            f"{len(written)} written, {len(new)} problem{'s' if len(new) != 1 else ''}"
        )
        lines.extend(p.format() for p in new)
    elif not o.skipped:
        summary = f"{len(written)} file{'s' if len(written) != 1 else ''} written"
        if removed:
            summary += f", {len(removed)} removed"
        delta = [f"{len(new)} new problem{'s' if len(new) != 1 else ''}"] if new else []
        if fixed:
            delta.append(f"{len(fixed)} fixed")
        tail = f"; {', '.join(delta)}" if delta else ""
        lines.append(f"mdgoals: {changes.describe(config_name)} → {summary} in {seconds:.2f} s{tail}")
        lines.extend(p.format() for p in new)
    return lines


def one_line(exc: BaseException) -> str:
    """Return 'Type: message (at file:line)' for an unexpected exception, naming the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno})" if frames else ""
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"
