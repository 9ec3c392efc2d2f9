"""Recognise how a journal folder is laid out: Obsidian, Logseq, Dendron or plain.

:func:`detect_layout` only reads small settings files (never a note) and never
raises: a settings file it cannot use becomes a warning on the layout, and the
folder is read as a plain one.  :mod:`mdgoals.config` calls it when
``mdgoals.yaml`` has no ``notes:`` key (SPEC §2, "Obsidian and Logseq").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from . import safeyaml
from .errors import Problem, Severity

DEFAULT_FORMAT = "YYYY-MM-DD"
MAX_SETTINGS_BYTES = 1024 * 1024
MAX_ENTRIES_SCANNED = 2000

_LOGSEQ_JOURNAL = re.compile(r"^\d{4}_\d{2}_\d{2}\.md$", re.IGNORECASE)
_DENDRON_JOURNAL = re.compile(r"^daily\.journal\.\d{4}\.\d{2}\.\d{2}\.md$", re.IGNORECASE)


@dataclass(frozen=True)
class PeriodicNotes:
    """Notes of a longer period the vault also keeps (Periodic Notes' weekly, monthly … notes).

    They are not daily notes, even when their front matter has a ``date:``.
    ``kind`` is ``weekly``, ``monthly``, ``quarterly`` or ``yearly``; ``folder``
    and ``format`` as in :class:`VaultLayout` (``gggg-[W]ww`` for weeks).
    """

    kind: str
    folder: str
    format: str


@dataclass(frozen=True)
class VaultLayout:
    """Where a journal keeps its daily notes and how it names them.

    ``folder`` is relative to the root with '/' (``.`` for the root itself),
    ``format`` uses moment.js tokens (``YYYY-MM-DD``), ``template`` is the
    root-relative path of the daily template or None, ``description`` one line
    for the user.  ``problems`` holds warnings about settings files that could
    not be used.
    """

    name: str  # "plain" | "obsidian" | "logseq" | "dendron"
    folder: str = "."
    format: str = DEFAULT_FORMAT
    template: str | None = None
    description: str = ""
    problems: tuple[Problem, ...] = ()
    periodic: tuple[PeriodicNotes, ...] = ()  # weekly, monthly … notes named by the settings


def detect_layout(root: Path) -> VaultLayout:
    """Return the layout of the journal at root, from the settings files it holds.

    Obsidian settings that name the daily notes win; then a Logseq graph, then
    Dendron; a bare ``.obsidian`` folder means Obsidian's defaults; anything
    else is a plain folder of ``YYYY-MM-DD.md`` notes.  Unusable settings give
    a warning in ``problems`` and a plain layout.

    >>> detect_layout(Path("/nonexistent")).description
    'plain folder: daily notes named YYYY-MM-DD'
    """
    problems: list[Problem] = []
    layout = _obsidian(root, problems) or _logseq(root, problems) or _dendron(root, problems)
    if layout is None:
        if any(p.path.startswith(".obsidian/") for p in problems):
            # The settings exist but are unreadable: guessing Obsidian's defaults would hide that.
            layout = _plain("plain folder (Obsidian settings unreadable)")
        elif (root / ".obsidian").is_dir():
            layout = VaultLayout(
                "obsidian", ".", DEFAULT_FORMAT, None, f"Obsidian vault: daily notes in the vault root named {DEFAULT_FORMAT} (Obsidian's defaults)"
            )
        else:
            layout = _plain("plain folder")
    return replace(layout, problems=tuple(problems))


def _plain(what: str) -> VaultLayout:
    return VaultLayout("plain", ".", DEFAULT_FORMAT, None, f"{what}: daily notes named {DEFAULT_FORMAT}")


# ---------------------------------------------------------------------------
# Obsidian: core Daily notes and the Periodic Notes plugin (0.0.x and 1.x).


def _obsidian(root: Path, problems: list[Problem]) -> VaultLayout | None:
    """Return the layout named by Obsidian's daily-notes settings, or None."""
    if not (root / ".obsidian").is_dir():
        return None
    periodic_path = ".obsidian/plugins/periodic-notes/data.json"
    periodic = _read_json(root, periodic_path, problems)
    longer: tuple[PeriodicNotes, ...] = ()
    if periodic is not None and _plugin_enabled(root, "periodic-notes"):
        longer = _periodic_longer(periodic, periodic_path, problems)
        daily = _periodic_daily(periodic)
        if daily is not None:
            return replace(_obsidian_layout(daily, "Periodic Notes settings", periodic_path, problems), periodic=longer)
    core_path = ".obsidian/daily-notes.json"
    core = _read_json(root, core_path, problems)
    if core is not None:
        return replace(_obsidian_layout(core, "Daily notes settings", core_path, problems), periodic=longer)
    return None


def _periodic_daily(data: dict[str, Any]) -> dict[str, Any] | None:
    """Return the enabled daily settings of Periodic Notes, in the 0.0.x shape, or None."""
    sets = data.get("calendarSets")
    if isinstance(sets, list):  # 1.x: calendar sets, one of them active
        candidates = [s for s in sets if isinstance(s, dict)]
        active = data.get("activeCalendarSet")
        chosen = next((s for s in candidates if s.get("id") == active), candidates[0] if candidates else None)
        day = chosen.get("day") if chosen else None
        if isinstance(day, dict) and day.get("enabled") is True:
            return {"folder": day.get("folder"), "format": day.get("format"), "template": day.get("templatePath")}
        return None
    daily = data.get("daily")  # 0.0.x
    if isinstance(daily, dict) and daily.get("enabled") is True:
        return daily
    return None


_PERIODS = (("weekly", "week"), ("monthly", "month"), ("quarterly", "quarter"), ("yearly", "year"))
_PERIOD_DEFAULTS = {"weekly": "gggg-[W]ww", "monthly": "YYYY-MM", "quarterly": "YYYY-[Q]Q", "yearly": "YYYY"}


def _periodic_longer(data: dict[str, Any], path: str, problems: list[Problem]) -> tuple[PeriodicNotes, ...]:
    """Return the enabled weekly, monthly, quarterly and yearly notes of Periodic Notes (0.0.x or 1.x)."""
    sets = data.get("calendarSets")
    if isinstance(sets, list):
        candidates = [s for s in sets if isinstance(s, dict)]
        active = data.get("activeCalendarSet")
        chosen = next((s for s in candidates if s.get("id") == active), candidates[0] if candidates else {})
        entries = {kind: chosen.get(key) for kind, key in _PERIODS}
    else:
        entries = {kind: data.get(kind) for kind, _ in _PERIODS}
    found = []
    for kind, entry in entries.items():
        if isinstance(entry, dict) and entry.get("enabled") is True:
            folder = _relative(entry.get("folder"), path, "folder", problems) or "."
            fmt = entry.get("format")
            fmt = fmt.strip() if isinstance(fmt, str) and fmt.strip() else _PERIOD_DEFAULTS[kind]
            found.append(PeriodicNotes(kind, folder, fmt))
    return tuple(found)


# Names that say "a week", "a month" … whatever the settings: 2026-W47, 2026-11, 2026-Q4, 2026.
_PERIOD_NAMES = (
    ("weekly", re.compile(r"^\d{4}[-_ ]?W\d{1,2}$", re.IGNORECASE)),
    ("monthly", re.compile(r"^\d{4}[-_.]\d{2}$")),
    ("quarterly", re.compile(r"^\d{4}[-_ ]?Q[1-4]$", re.IGNORECASE)),
    ("yearly", re.compile(r"^\d{4}$")),
)
_PERIOD_TOKENS = re.compile(r"\[[^\]]*\]|gggg|GGGG|YYYY|gg|GG|YY|MMMM|MMM|MM|M|ww|WW|w|W|Qo|Q|Wo|wo")
_PERIOD_TOKEN_REGEX = {
    "gggg": r"\d{4}", "GGGG": r"\d{4}", "YYYY": r"\d{4}", "gg": r"\d{2}", "GG": r"\d{2}", "YY": r"\d{2}",
    "MMMM": "[A-Za-z]+", "MMM": "[A-Za-z]+", "MM": r"\d{2}", "M": r"\d{1,2}", "ww": r"\d{2}", "WW": r"\d{2}",
    "w": r"\d{1,2}", "W": r"\d{1,2}", "Q": "[1-4]", "Qo": "[1-4](?:st|nd|rd|th)", "Wo": r"\d{1,2}(?:st|nd|rd|th)",
    "wo": r"\d{1,2}(?:st|nd|rd|th)",
}  # fmt: skip


def _period_regex(fmt: str) -> re.Pattern[str]:
    """Return a regex for the names a weekly/monthly format (``gggg-[W]ww``) writes."""
    out, pos = [], 0
    for match in _PERIOD_TOKENS.finditer(fmt):
        out.append(re.escape(fmt[pos : match.start()]))
        token = match.group(0)
        out.append(re.escape(token[1:-1]) if token.startswith("[") else _PERIOD_TOKEN_REGEX[token])
        pos = match.end()
    out.append(re.escape(fmt[pos:]))
    return re.compile("".join(out), re.IGNORECASE)


def periodic_kind(relpath: str, layout: VaultLayout | None = None) -> str | None:
    """Return "weekly", "monthly", "quarterly" or "yearly" when a note is one of those, else None.

    A note is one when its path matches a format the vault's settings give for
    such notes (``Periodic/Weeks/2026-W47.md`` for ``gggg-[W]ww``), or when its
    name alone says so: ``2026-W47``, ``2026-11``, ``2026-Q4``, ``2026``.

    >>> periodic_kind("weekly/2026-W47.md"), periodic_kind("2026-11-22.md")
    ('weekly', None)
    """
    path = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    for notes in layout.periodic if layout is not None else ():
        prefix = "" if notes.folder == "." else notes.folder + "/"
        if path.startswith(prefix):
            inside = path[len(prefix) :]
            name = inside if "/" in notes.format else inside.rsplit("/", 1)[-1]
            if _period_regex(notes.format).fullmatch(name):
                return notes.kind
    stem = path.rsplit("/", 1)[-1]
    return next((kind for kind, pattern in _PERIOD_NAMES if pattern.match(stem)), None)


def _plugin_enabled(root: Path, plugin_id: str) -> bool:
    """Return whether a community plugin is enabled (True when Obsidian's list is absent)."""
    path = root / ".obsidian" / "community-plugins.json"
    if not path.is_file():
        return True
    try:
        enabled = json.loads(_read_text(path))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested thousands deep
        return True
    return not isinstance(enabled, list) or plugin_id in enabled


def _obsidian_layout(settings: dict[str, Any], source: str, path: str, problems: list[Problem]) -> VaultLayout:
    folder = _relative(settings.get("folder"), path, "folder", problems) or "."
    fmt = settings.get("format")
    fmt = fmt.strip() if isinstance(fmt, str) and fmt.strip() else DEFAULT_FORMAT
    template = _relative(settings.get("template"), path, "template", problems)
    if template and not template.lower().endswith(".md"):
        template += ".md"  # Obsidian stores template links without the extension
    where = "the vault root" if folder == "." else f"'{folder}'"
    description = f"Obsidian vault: daily notes in {where} named {fmt} ({source})"
    return VaultLayout("obsidian", folder, fmt, template, description)


def _relative(value: object, path: str, key: str, problems: list[Problem]) -> str | None:
    """Return a settings path as a clean root-relative one, or None when empty or unsafe."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\\", "/").strip("/")
    parts = [p for p in PurePosixPath(text).parts if p != "."] if text else []
    if ".." in parts or re.match(r"^[A-Za-z]:", text):
        problems.append(Problem(path, 0, 0, Severity.WARNING, f"{key} {value!r} leaves the journal; using the root"))
        return None
    return "/".join(parts) or None


# ---------------------------------------------------------------------------
# Logseq and Dendron.


def _logseq(root: Path, problems: list[Problem]) -> VaultLayout | None:
    edn_path = root / "logseq" / "config.edn"
    edn = None
    if edn_path.is_file():
        try:
            edn = _read_text(edn_path)
        except OSError as exc:  # too large, unreadable: the graph is still a graph, with Logseq's defaults
            problems.append(
                Problem("logseq/config.edn", 0, 0, Severity.WARNING, f"cannot read ({exc.strerror or exc}); using Logseq's defaults")
            )
            edn = ""
    folder = _edn_string(edn, ":journals-directory") if edn else None
    folder = _relative(folder, "logseq/config.edn", ":journals-directory", problems) or "journals"
    if edn is None and not _has_file(root / folder, _LOGSEQ_JOURNAL):
        return None
    name_format = _edn_string(edn, ":journal/file-name-format") if edn else None
    fmt = _from_date_fns(name_format) if name_format else "YYYY_MM_DD"
    return VaultLayout("logseq", folder, fmt, None, f"Logseq graph: journals in '{folder}' named {fmt}")


def _edn_string(text: str, key: str) -> str | None:
    """Return the string value of key in an EDN map, ignoring commented-out lines."""
    pattern = re.compile(re.escape(key) + r'\s+"([^"\\]*)"')
    for line in text.splitlines():
        match = pattern.search(line)
        if match and ";" not in line[: match.start()]:
            return match.group(1)
    return None


def _from_date_fns(fmt: str) -> str:
    """Translate a date-fns / Luxon date format (``yyyy_MM_dd``, ``y.MM.dd``) to moment.js tokens."""

    def token(match: re.Match[str]) -> str:
        run = match.group(0)
        if run.startswith("'"):
            return f"[{run[1:-1]}]" if len(run) > 2 else "'"
        if run[0] == "y":
            return "YYYY" if len(run) in (1, 4) else "Y" * len(run)
        if run[0] == "d":
            return "D" * len(run)
        return run

    return re.sub(r"'[^']*'|y+|d+", token, fmt)


def _dendron(root: Path, problems: list[Problem]) -> VaultLayout | None:
    config_path = root / "dendron.yml"
    has_config = config_path.is_file()
    if not has_config and not _has_file(root, _DENDRON_JOURNAL):
        return None
    domain, name, date_format = "daily", "journal", "y.MM.dd"
    if has_config:
        journal = _dendron_journal(config_path, problems)
        domain = _str_or(journal.get("dailyDomain"), domain)
        name = _str_or(journal.get("name"), name)
        date_format = _str_or(journal.get("dateFormat"), date_format)
    fmt = f"[{domain}.{name}.]{_from_date_fns(date_format)}"
    return VaultLayout("dendron", ".", fmt, None, f"Dendron workspace: journal notes named {fmt}")


def _dendron_journal(path: Path, problems: list[Problem]) -> dict[str, Any]:
    """Return the journal settings of dendron.yml (``workspace.journal`` or the older ``journal``)."""
    try:
        data = safeyaml.construct(safeyaml.compose(_read_text(path)))
    except (OSError, safeyaml.YamlError) as exc:
        line, column = (exc.line, exc.column) if isinstance(exc, safeyaml.YamlError) else (0, 0)
        message = exc.message if isinstance(exc, safeyaml.YamlError) else exc.strerror or str(exc)
        problems.append(Problem("dendron.yml", line, column, Severity.WARNING, f"unreadable ({message}); using Dendron's defaults"))
        return {}
    if not isinstance(data, dict):
        return {}
    workspace = data.get("workspace")
    journal = workspace.get("journal") if isinstance(workspace, dict) else data.get("journal")
    return journal if isinstance(journal, dict) else {}


def _str_or(value: object, default: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else default


# ---------------------------------------------------------------------------
# Reading settings files: bounded, never following a FIFO, never raising.


def _read_text(path: Path) -> str:
    with path.open("rb") as f:
        data = f.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise OSError(f"larger than {MAX_SETTINGS_BYTES // 1024} KiB")
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _read_json(root: Path, rel: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Return a JSON object from a settings file, or None (absent; or unusable, with a warning)."""
    path = root / rel
    if not path.is_file():
        return None
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        problems.append(Problem(rel, exc.lineno, exc.colno, Severity.WARNING, f"invalid JSON ({exc.msg}); ignoring these settings"))
        return None
    except RecursionError:  # the json module recurses: "[[[[…" thousands deep is no settings file
        problems.append(Problem(rel, 1, 1, Severity.WARNING, "JSON nested too deeply; ignoring these settings"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, Severity.WARNING, f"cannot read ({exc.strerror or exc}); ignoring these settings"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(rel, 1, 1, Severity.WARNING, "expected a JSON object; ignoring these settings"))
        return None
    return data


def _has_file(folder: Path, pattern: re.Pattern[str]) -> bool:
    """Return whether folder directly holds a file whose name matches pattern (bounded scan)."""
    if not folder.is_dir():
        return False
    try:
        for i, entry in enumerate(folder.iterdir()):
            if i >= MAX_ENTRIES_SCANNED:
                break
            if pattern.match(entry.name):
                return True
    except OSError:
        return False
    return False
