"""Problems found in a journal, and the exceptions that stop a command.

A :class:`Problem` is a diagnostic about one file; it never stops a run.  An
:class:`MdgoalsError` stops the command that raised it: the CLI prints it and
exits with its ``exit_code``.  Standard library only.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How serious a problem is; ``check`` exits 1 on any error."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_control(text: str) -> str:
    """Return text with control characters shown as escapes, safe for a terminal."""

    def _esc(match: re.Match[str]) -> str:
        ch = match.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")

    return _CONTROL.sub(_esc, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One diagnostic: ``path:line:col: severity: message``.

    ``line`` and ``column`` are 1-based; 0 means "the whole file".
    Problems sort by path, then line, then column (SPEC §7 order).
    """

    path: str
    line: int = 0
    column: int = 0
    severity: Severity = field(default=Severity.ERROR, compare=False)
    message: str = field(default="", compare=True)

    def format(self) -> str:
        """Return the one-line form used on stderr, control characters escaped."""
        where = escape_control(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity.value}: {escape_control(self.message)}"


class MdgoalsError(Exception):
    """An error that stops a command; the CLI prints it and exits with ``exit_code``."""

    exit_code = 2

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class ConfigError(MdgoalsError):
    """The configuration is invalid; ``problems`` lists every problem found."""


class UsageError(MdgoalsError):
    """The command line asks for something impossible (bad date, unknown goal, bad folder)."""


class OutputError(MdgoalsError):
    """An output folder or file that mdgoals refuses to write (SPEC §9.2)."""
