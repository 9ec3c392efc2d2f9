"""Report → an output folder: the HTML site, markdown reviews and report.json, written safely.

The promises of SPEC §9.2: every file is written atomically and only when its
bytes changed; ``.mdgoals-manifest.json`` records what mdgoals wrote (path →
SHA-256), so cleaning removes only files mdgoals wrote *and nobody changed
since*; an output folder that is the journal, contains it, or holds markdown
that mdgoals did not write is refused before anything is written.

>>> from mdgoals.engine import compute_report
>>> from mdgoals.model import Config, Journal
>>> import datetime as dt, tempfile
>>> report = compute_report(Journal(".", ()), Config(), dt.date(2026, 11, 22))
>>> with tempfile.TemporaryDirectory() as tmp:
...     result = build_site(report, Path(tmp) / "site", journal_root=Path(tmp) / "notes")
...     result.index.name, len(result.written) > 5, result.removed
('index.html', True, ())
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .api import is_inside, write_file_atomic
from .errors import OutputError, UsageError
from .model import Report
from .reader.scan import StatKey, stat_key

if TYPE_CHECKING:
    from jinja2 import Environment

    from .render.html import Page

MANIFEST = ".mdgoals-manifest.json"
MANIFEST_SCHEMA = "mdgoals/manifest/1"
USER_TEMPLATES = Path(".mdgoals") / "templates"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build did: paths relative to the output folder, sorted."""

    out_dir: Path
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...] = ()  # stale files changed since mdgoals wrote them: left alone

    @property
    def index(self) -> Path:
        """Return the path of the dashboard."""
        return self.out_dir / "index.html"


class PageMemo:
    """What one output folder's last build made of its keyed pages, for the next build of it (``mdgoals watch``).

    A page whose key (:attr:`mdgoals.render.html.Page.key`) and site key are
    the same as last time, and whose file is still exactly as written then
    (same stat key), is neither rendered nor written again.  Only pages made
    from the packaged templates have keys: a user's template may show anything.
    """

    def __init__(self) -> None:
        self.site: object = None
        self.pages: dict[str, tuple[object, str, StatKey | None]] = {}  # path -> key, digest, stat key
        # The jinja Environment of the last build, with the user's template files it was made with:
        # its compiled templates serve the next build (jinja reloads a template whose file changed).
        self.env: tuple[object, Environment] | None = None

    def environment(self, user_dirs: Sequence[Path]) -> Environment:
        """Return the last build's Environment when the user's template folders hold the same files, else a new one."""
        from .render.html import make_environment

        key = _template_files(user_dirs)
        if self.env is None or self.env[0] != key:
            self.env = (key, make_environment(user_dirs))
        return self.env[1]

    def reusable(self, path: str, key: object, target: Path) -> str | None:
        """Return the digest of the page written last time when it can be kept as it is, else None."""
        entry = self.pages.get(path)
        if entry is None or key is None or entry[0] != key or entry[2] is None:
            return None
        return entry[1] if stat_key(os.fspath(target)) == entry[2] else None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relpath(path: str) -> bool:
    """Return whether a manifest path is a plain relative path below the folder (no '..', not absolute)."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path and ":" not in path


def read_manifest(out_dir: Path) -> dict[str, str]:
    """Return the manifest of an output folder (path → sha256); empty when missing or unreadable."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: a tampered manifest nested thousands deep
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _safe_relpath(k)}


def _manifest_text(files: dict[str, str]) -> str:
    return json.dumps({"schema": MANIFEST_SCHEMA, "files": dict(sorted(files.items()))}, indent=1, sort_keys=True) + "\n"


def check_output_dir(out_dir: Path, journal_root: Path) -> None:
    """Refuse an output folder that is the journal root, contains it, or holds markdown mdgoals did not write.

    An output folder inside the journal is fine: the reader is told to skip it.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"refusing to build into {out_dir}: it is a file, not a folder")
    if is_inside(journal_root, out_dir):
        what = "is the journal itself" if out_dir.resolve() == journal_root.resolve() else f"contains the journal {journal_root}"
        raise OutputError(
            f"refusing to build into {out_dir}: it {what}, which mdgoals only reads; "
            "choose a separate folder, e.g. --out site (inside the journal is fine)"
        )
    if not out_dir.is_dir():
        return
    ours = read_manifest(out_dir)
    for dirpath, dirnames, filenames in os.walk(out_dir):
        # The reader skips hidden folders and files; so does this check.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(".md"):
                continue
            rel = Path(dirpath, name).relative_to(out_dir).as_posix()
            if rel not in ours:
                raise OutputError(
                    f"refusing to build into {out_dir}: it holds markdown that mdgoals did not write ({rel}) — "
                    f"it may be part of a journal; choose an empty or new folder (an old output folder that lost "
                    f"its {MANIFEST} can be deleted and built again)"
                )


def note_base(out_dir: Path, journal_root: Path) -> str | None:
    """Return the relative path from the output folder to the journal root ('../'), or None when outside it."""
    if not is_inside(out_dir, journal_root):
        return None
    rel = os.path.relpath(journal_root.resolve(), out_dir.resolve())
    return Path(rel).as_posix().rstrip("/") + "/"


def _template_files(dirs: Sequence[Path]) -> tuple[object, ...]:
    """Return each template folder's files with their stat keys (a new or removed override changes it)."""
    out: list[object] = []
    for folder in dirs:
        try:
            out.append((str(folder), tuple(sorted((e.name, stat_key(e.path)) for e in os.scandir(folder)))))
        except OSError:
            out.append((str(folder), None))
    return tuple(out)


def _overrides_site_templates(dirs: Sequence[Path]) -> bool:
    """Return whether a user's folder holds one of the site's templates (``daily.md`` is for ``today``)."""
    from . import templates_dir

    names = {p.name for p in Path(templates_dir()).iterdir() if p.name != "daily.md"}
    return any((folder / name).exists() for folder in dirs for name in names)


def template_dirs(journal_root: Path, templates: Path | None) -> list[Path]:
    """Return the template folders to search before the packaged one: --templates, then the journal's."""
    dirs = []
    if templates is not None:
        if not templates.is_dir():
            raise UsageError(f"--templates: {templates} is not a folder")
        dirs.append(templates)
    own = journal_root / USER_TEMPLATES
    if own.is_dir() and not is_inside(own, journal_root):
        # A journal comes from elsewhere at times (a clone, a shared vault): its templates stay in it.
        raise UsageError(f"refusing the templates in {own}: the folder leads outside the journal (a symlink)")
    dirs.append(own)
    return dirs


def build_site(
    report: Report,
    out_dir: Path,
    *,
    journal_root: Path,
    notes: Sequence[tuple[dt.date, str]] | None = None,
    templates: Path | None = None,
    clean: bool = False,
    progress: Progress | None = None,
    memo: PageMemo | None = None,
) -> BuildResult:
    """Build the site of a report into out_dir and return what was written, left alone and removed.

    ``notes`` are (date, path) of the journal's daily notes, for the day index.
    ``clean`` removes files of earlier builds that this one no longer makes,
    but only those unchanged since mdgoals wrote them.  ``progress(done, total)``
    is called after each file.  ``memo`` (kept by the caller between builds of
    one folder) skips the pages of past weeks that did not change (:class:`PageMemo`).

    Example: ``build_site(report, Path("site"), journal_root=Path("notes")).index``
    → ``Path("site/index.html")``.
    """
    from .render.html import make_environment, site_key, site_pages

    check_output_dir(out_dir, journal_root)
    user_dirs = template_dirs(journal_root, templates)
    env = memo.environment(user_dirs) if memo is not None else make_environment(user_dirs)
    base = note_base(out_dir, journal_root)
    keyed = memo is not None and not _overrides_site_templates(user_dirs)
    if memo is not None:
        site = site_key(report, base) if keyed else None
        if site is None or memo.site != site:
            memo.site, memo.pages = site, {}
    pages = site_pages(report, env=env, notes=notes, note_base=base, keyed=keyed)
    total = len(pages)
    kept_pages: dict[str, str] = {}  # path -> digest: keyed pages as the last build left them
    todo: list[Page] = []
    for page in pages:
        digest = memo.reusable(page.path, page.key, out_dir / page.path) if memo is not None else None
        if digest is None:
            todo.append(page)
        else:
            kept_pages[page.path] = digest
    rendered = list(zip([page.path for page in todo], _render_pages(todo, total, progress), strict=True))
    old = read_manifest(out_dir)
    _refuse_foreign(out_dir, rendered, old)
    _remove_stale_temps(out_dir, [path for path, _ in rendered] + [MANIFEST])
    out_real = out_dir.resolve() if out_dir.exists() else None
    manifest = {path: digest for path, digest in old.items() if (out_dir / path).is_file()}
    digests = {path: _digest(data) for path, data in rendered}
    manifest.update(kept_pages)
    if not digests.keys() <= manifest.keys():
        # Name every new file before writing it: a build killed mid-write (kill -9, a power cut) skips
        # the manifest at the end, and the next build would take its new pages for someone's notes.
        write_file_atomic(out_dir / MANIFEST, _manifest_text({**digests, **manifest}))
    written: list[str] = []
    unchanged: list[str] = []
    keys = {page.path: page.key for page in pages} if memo is not None else {}
    folders_checked: set[Path] = set()  # a thousand pages share a few folders: resolve each once
    try:
        for done, (path, data) in enumerate(rendered, total + 1):
            target = out_dir / path
            if target.parent not in folders_checked:
                target.parent.mkdir(parents=True, exist_ok=True)
                out_real = out_real or out_dir.resolve()
                if not is_inside(target.parent, out_real):  # a symlinked folder pointing elsewhere
                    raise OutputError(f"refusing to write {target}: its folder leads outside {out_dir}")
                folders_checked.add(target.parent)
            (written if write_file_atomic(target, data) else unchanged).append(path)
            manifest[path] = digests[path]
            if memo is not None and keys.get(path) is not None:
                memo.pages[path] = (keys[path], digests[path], stat_key(os.fspath(target)))
            if progress is not None:
                progress(done, 2 * total)
        removed, kept = _clean(out_dir, manifest, {p for p, _ in rendered} | kept_pages.keys()) if clean else ((), ())
    finally:
        # Record what is on disk now even when a write failed, so the next build can clean up.
        write_file_atomic(out_dir / MANIFEST, _manifest_text(manifest))
    return BuildResult(out_dir, tuple(sorted(written)), tuple(sorted(unchanged + list(kept_pages))), removed, kept)


MIN_PAGES_TO_SPLIT = 300  # a ten-year site has ~1,000 pages; below this a fork costs more than it saves


def _render_pages(pages: Sequence[Page], total: int, progress: Progress | None) -> list[bytes]:
    """Return the bytes of each page, rendered on two processors when one is idle and there are many.

    Rendering is all Python work; the files are written afterwards, by this
    process alone, so every promise about the output folder is kept in one place.
    The pages are dealt out alternately so that both halves get their share of
    the costly ones (goal pages, week pages).
    """
    from jinja2 import TemplateError

    from .parallel import map_split

    parent = os.getpid()

    def render(some: Sequence[Page]) -> list[bytes]:
        out = []
        for page in some:
            try:
                text = page.render()
            except TemplateError as exc:
                where = getattr(exc, "filename", None) or getattr(exc, "name", None) or page.path
                line = getattr(exc, "lineno", None)
                raise UsageError(f"template error in {where}{f':{line}' if line else ''}: {exc.message or exc}") from None
            out.append(text.encode("utf-8"))
            if progress is not None and os.getpid() == parent:  # the child's progress shows when it is back
                progress(len(out), 2 * total)
        return out

    first = (len(pages) + 1) // 2  # pages[0::2] go first, pages[1::2] second
    data = map_split(render, [*pages[0::2], *pages[1::2]], min_items=MIN_PAGES_TO_SPLIT)
    out: list[bytes] = [b""] * len(pages)
    out[0::2], out[1::2] = data[:first], data[first:]  # dealt back into the pages' order
    if progress is not None:
        progress(total, 2 * total)
    return out


# A build killed mid-write (kill -9, a power cut) leaves the temporary file of write_file_atomic
# behind: ".index.html.k2j4x9_a.tmp", hidden, never served nor read, but litter.  The next build
# removes those of the files it writes once they are old enough to belong to no running build.
STALE_TEMP_SECONDS = 60
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


def _remove_stale_temps(out_dir: Path, paths: Sequence[str]) -> None:
    """Remove temporary files that killed builds left beside the given files."""
    names_in: dict[Path, set[str]] = {}
    for rel in paths:
        target = out_dir / rel
        names_in.setdefault(target.parent, set()).add(target.name)
    now = time.time()
    for folder, names in names_in.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = _TEMP_NAME.fullmatch(entry.name)
            if m is None or m["name"] not in names:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                    os.unlink(entry.path)


def _refuse_foreign(out_dir: Path, rendered: Sequence[tuple[str, bytes]], old: dict[str, str]) -> None:
    """Refuse to overwrite a file that mdgoals did not write (unless it already holds the same bytes)."""
    foreign = []
    for path, data in rendered:
        target = out_dir / path
        if path in old or not target.exists():
            continue
        try:
            same = target.is_file() and target.read_bytes() == data
        except OSError:
            same = False
        if not same:
            foreign.append(path)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputError(
            f"refusing to overwrite files in {out_dir} that mdgoals did not write ({shown}); "
            f"move them away or choose another --out (mdgoals records what it writes in {MANIFEST})"
        )


def _clean(out_dir: Path, manifest: dict[str, str], current: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Remove stale manifest files that are unchanged since mdgoals wrote them; return (removed, kept)."""
    removed: list[str] = []
    kept: list[str] = []
    out_real = out_dir.resolve()
    for path in sorted(set(manifest) - current):
        target = out_dir / path
        if not is_inside(target.parent, out_real) or target.is_symlink() or not target.is_file():
            manifest.pop(path)
            continue
        if _digest(target.read_bytes()) != manifest[path]:
            kept.append(path)  # changed by someone since: not ours to delete any more
            continue
        target.unlink()
        manifest.pop(path)
        removed.append(path)
        parent = target.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return tuple(removed), tuple(kept)
