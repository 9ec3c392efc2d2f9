"""Find the notes of a journal and read their text, safely (SPEC §2, §9.4).

Walking uses ``os.scandir`` and never follows directory symlinks.  Reading
never opens anything but a regular file (a FIFO would block forever), caps the
size, refuses binary files and decodes what it can.  Every refusal is a
:class:`Problem`; nothing here raises for one bad file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Severity

MAX_NOTE_BYTES = 5 * 1024 * 1024
BINARY_SNIFF_BYTES = 8 * 1024

# Sync tools leave a copy beside the note when two devices edit it at once:
# Syncthing "name.sync-conflict-20261122-101010-ABC.md", Dropbox and Nextcloud
# "name (conflicted copy 2026-11-22).md", Obsidian Sync "name (Conflict 2026-11-22).md".
_SYNCTHING = re.compile(r"\.sync-conflict-[^.]*", re.IGNORECASE)
_PARENTHESISED = re.compile(r" ?\((?:[^()]*conflicted copy|conflict)[^()]*\)(?: \(\d+\))?", re.IGNORECASE)
_BARE = re.compile(r"[ _-]*conflicted copy", re.IGNORECASE)


def conflict_original(name: str) -> str | None:
    """Return the file name a sync-conflict copy belongs to, or None when name is not one."""
    low = name.casefold()
    if ".sync-conflict-" in low:
        return _SYNCTHING.sub("", name, count=1)
    m = _PARENTHESISED.search(name)
    if m:
        return name[: m.start()] + name[m.end() :]
    if "conflicted copy" in low:
        stem, ext = os.path.splitext(name)
        return (_BARE.split(stem, maxsplit=1)[0] or stem) + ext
    return None


def is_editor_dropping(name: str) -> bool:
    """Return whether name is an editor's temporary or backup file (never a note)."""
    return (
        name.endswith("~")
        or (name.startswith("#") and name.endswith("#") and len(name) > 1)
        or name.startswith(".#")
        or name.startswith("._")
        or name.lower().endswith(".swp")
        or name == "4913"  # vim's probe file
        or name.endswith("___jb_tmp___")
        or name.endswith("___jb_old___")
    )


def compile_globs(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Return a predicate telling whether a root-relative '/' path is excluded.

    Globs follow gitignore habits: ``*`` and ``?`` stay inside one folder,
    ``**`` spans folders, a pattern without '/' matches a name at any depth,
    and a pattern that matches a folder excludes everything below it.
    """
    regexes = []
    for raw in patterns:
        pat = raw.strip().replace("\\", "/")
        if pat.startswith("./"):
            pat = pat[2:]
        pat = pat.strip("/")
        anchored = "/" in pat
        while pat.endswith("/**"):  # "folder/**" is the folder: it excludes all below it
            pat = pat[:-3]
        if not pat:
            continue
        body = _glob_to_regex(pat)
        prefix = "" if anchored else "(?:.*/)?"
        # Matching a folder excludes its contents: allow any suffix after a '/'.
        regexes.append(re.compile(f"^{prefix}{body}(?:/.*)?$", re.DOTALL))
    if not regexes:
        return lambda relpath: False
    return lambda relpath: any(r.match(relpath) for r in regexes)


def _glob_to_regex(pat: str) -> str:
    out = []
    i = 0
    while i < len(pat):
        ch = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            close = pat.find("]", i + 2)
            if close < 0:
                out.append(re.escape(ch))
                i += 1
            else:
                inner = pat[i + 1 : close]
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append("[" + inner.replace("\\", "\\\\") + "]")
                i = close + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Found:
    """A markdown file to read: its root-relative '/' path and the path to open."""

    relpath: str
    path: str


def discover(
    root: Path, exclude: Sequence[str] = (), exclude_dirs: Sequence[Path] = ()
) -> tuple[list[Found], list[Problem]]:
    """Return every note file below root (sorted by relpath) and the problems met on the way."""
    root_abs = os.path.abspath(root)
    root_real = os.path.realpath(root_abs)
    excluded = compile_globs(exclude)
    skip_ids = set()
    for d in exclude_dirs:
        try:
            st = os.stat(d)
        except OSError:
            continue
        skip_ids.add((st.st_dev, st.st_ino))
    found: list[tuple[Found, bool]] = []  # (file, reached through a symlink)
    problems: list[Problem] = []
    stack = [(root_abs, "")]
    while stack:
        folder, relfolder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(relfolder or ".", 0, 0, Severity.WARNING, f"cannot list folder: {_why(exc)}"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or is_editor_dropping(name):
                continue
            relpath = f"{relfolder}/{name}" if relfolder else name
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:  # pragma: no cover - vanished between listing and checking
                continue
            if is_dir:
                if excluded(relpath) or (skip_ids and _same_dir(entry, skip_ids)):
                    continue
                subfolders.append((entry.path, relpath))
                continue
            is_note = name.lower().endswith(".md")
            if not is_note and not is_link:
                continue
            if excluded(relpath):
                continue
            if is_link:
                problem = _check_symlink(entry.path, relpath, root_real, is_note)
                if problem is not None:
                    problems.append(problem)
                    continue
                if not is_note:
                    continue
            original = conflict_original(name)
            if original is not None:
                target = f"{relfolder}/{original}" if relfolder else original
                problems.append(
                    Problem(relpath, 0, 0, Severity.WARNING, f"sync-conflict copy not read: merge it into {target} and delete it")
                )
                continue
            if not is_link:
                try:
                    regular = entry.is_file(follow_symlinks=False)
                except OSError:  # pragma: no cover - vanished
                    continue
                if not regular:
                    problems.append(_not_regular(relpath))
                    continue
            found.append((Found(relpath, entry.path), is_link))
        # Depth-first in name order; the final list is sorted anyway.
        stack.extend(reversed(subfolders))
    if any(is_link for _, is_link in found):
        files, more = _drop_duplicate_links(found)
        problems.extend(more)
    else:  # without links no file can be reached twice (hard links are not looked for)
        files = [f for f, _ in found]
    return sorted(files, key=lambda f: f.relpath), problems


def _same_dir(entry: os.DirEntry[str], skip_ids: set[tuple[int, int]]) -> bool:
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in skip_ids


def _check_symlink(path: str, relpath: str, root_real: str, is_note: bool) -> Problem | None:
    """Return why a symlink is not read, or None when it is a note link inside root."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if not is_note:
            return None
        return Problem(relpath, 0, 0, Severity.WARNING, f"symlink not read: {_why(exc)} (broken or looping link)")
    if stat.S_ISDIR(st.st_mode):
        return Problem(relpath, 0, 0, Severity.INFO, "folder symlink not followed: move or copy the notes inside the journal")
    if not is_note:
        return None
    target = os.path.realpath(path)
    if os.path.commonpath([target, root_real]) != root_real:
        return Problem(
            relpath, 0, 0, Severity.WARNING, "symlink to a file outside the journal not read: copy the note into the journal"
        )
    if not stat.S_ISREG(st.st_mode):
        return _not_regular(relpath)
    return None


def _drop_duplicate_links(found: list[tuple[Found, bool]]) -> tuple[list[Found], list[Problem]]:
    """Read a file reached twice (a symlink or hard link to another note) only once."""
    by_id: dict[tuple[int, int], list[tuple[bool, str, Found]]] = {}
    files: list[Found] = []
    for f, is_link in found:
        try:
            st = os.stat(f.path)
        except OSError:
            files.append(f)  # reading it will report what went wrong
            continue
        by_id.setdefault((st.st_dev, st.st_ino), []).append((is_link, f.relpath, f))
    problems = []
    for group in by_id.values():
        group.sort(key=lambda g: (g[0], g[1]))
        files.append(group[0][2])
        for _, relpath, _f in group[1:]:
            problems.append(
                Problem(relpath, 0, 0, Severity.INFO, f"same file as {group[0][1]} (a link to it); read once")
            )
    return files, problems


def _not_regular(relpath: str) -> Problem:
    return Problem(
        relpath, 0, 0, Severity.WARNING, "not a regular file (a FIFO, socket or device), not read: remove it from the journal"
    )


def _why(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


# Opened without blocking: a FIFO where a file should be must not hang the run.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(found: Found) -> tuple[bytes | None, list[Problem]]:
    """Return the bytes of a note file, or None and why it was not read."""
    rel = found.relpath
    try:
        st = os.stat(found.path)
        if not stat.S_ISREG(st.st_mode):
            return None, [_not_regular(rel)]
        if st.st_size > MAX_NOTE_BYTES:
            return None, [_too_big(rel)]
        # O_NONBLOCK: should a FIFO replace the file after the stat, opening it must not hang.
        fd = os.open(found.path, READ_FLAGS)
    except FileNotFoundError:
        return None, [Problem(rel, 0, 0, Severity.WARNING, "note vanished before it could be read (renamed or deleted)")]
    except PermissionError:
        return None, [Problem(rel, 0, 0, Severity.WARNING, "cannot read the note: permission denied (check its permissions)")]
    except OSError as exc:
        return None, [Problem(rel, 0, 0, Severity.WARNING, f"cannot read the note: {_why(exc)}")]
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, [_not_regular(rel)]
        chunks = []
        size = 0
        while size <= MAX_NOTE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_NOTE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_NOTE_BYTES:  # it grew after the stat
            return None, [_too_big(rel)]
        return b"".join(chunks), []
    except OSError as exc:
        return None, [Problem(rel, 0, 0, Severity.WARNING, f"cannot read the note: {_why(exc)}")]
    finally:
        os.close(fd)


def _too_big(rel: str) -> Problem:
    return Problem(
        rel, 0, 0, Severity.ERROR, "note larger than 5 MiB is not read: split it, or exclude it in mdgoals.yaml (exclude:)"
    )


def decode(data: bytes, relpath: str) -> tuple[str | None, list[Problem]]:
    """Return the text of a note file: BOM removed, line ends normalised to LF.

    UTF-16/32 with a BOM are decoded (info); invalid UTF-8 is replaced
    (warning); a NUL byte in the first 8 KiB means binary (error, None).
    """
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
        problems.append(Problem(relpath, 0, 0, Severity.INFO, "UTF-32 note decoded: save it as UTF-8"))
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        problems.append(Problem(relpath, 0, 0, Severity.INFO, "UTF-16 note decoded: save it as UTF-8"))
    else:
        if data.find(b"\x00", 0, BINARY_SNIFF_BYTES) >= 0:
            return None, [Problem(relpath, 0, 0, Severity.ERROR, "binary file, not read: a note must be text (UTF-8)")]
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            before = data[: exc.start].decode("utf-8")
            if "\r" in before:
                before = before.replace("\r\n", "\n").replace("\r", "\n")
            line = before.count("\n") + 1
            column = len(before) - before.rfind("\n")
            problems.append(
                Problem(
                    relpath,
                    line,
                    column,
                    Severity.WARNING,
                    "invalid UTF-8 replaced with \ufffd: re-save the note as UTF-8",
                )
            )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems
