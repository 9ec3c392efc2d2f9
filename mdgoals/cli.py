"""The command line: parse options, call one core function, map errors to exit codes.

Only this module imports click, reads the clock or exits.  Each command has its
own section; heavy modules are imported inside the command that needs them so
``mdgoals --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import MdgoalsError, Problem, Severity

F = TypeVar("F", bound=Callable[..., Any])

EPILOG_REPORT = """\b
Examples:
  mdgoals report sample-journal                  # this week's review (markdown)
  mdgoals report sample-journal --format json    # the full JSON report
  mdgoals report ~/notes --week 2026-W47 --out review.md
  MDGOALS_AS_OF=2026-11-22 mdgoals report ~/notes --format text
"""


# ---------------------------------------------------------------------------
# Shared plumbing


def handle_errors(func: F) -> F:
    """Turn MdgoalsError into a clear message on stderr and its exit status (2 by default)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MdgoalsError as exc:
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            click.echo(f"mdgoals: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("mdgoals: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `mdgoals report | head`: the reader left; nothing is wrong.
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def today(day_starts_at: dt.time = dt.time(4, 0)) -> dt.date:
    """Return today in local time, shifted by day_starts_at (01:30 still belongs to yesterday)."""
    now = dt.datetime.now()
    shifted = now - dt.timedelta(hours=day_starts_at.hour, minutes=day_starts_at.minute)
    return shifted.date()


def parse_date(value: str, what: str) -> dt.date:
    """Return an ISO date, or raise a UsageError naming the option."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        from .errors import UsageError

        raise UsageError(f"{what}: '{value}' is not a date; expected YYYY-MM-DD, e.g. 2026-11-22") from None


def resolve_as_of(option: str | None, day_starts_at: dt.time) -> dt.date:
    """Return --as-of, else $MDGOALS_AS_OF, else today shifted by day_starts_at."""
    if option:
        return parse_date(option, "--as-of")
    env = os.environ.get("MDGOALS_AS_OF")
    if env:
        return parse_date(env, "MDGOALS_AS_OF")
    return today(day_starts_at)


def print_problems(problems: Iterable[Problem], *, quiet_info: bool = True) -> None:
    """Print diagnostics to stderr as ``path:line:col: severity: message``."""
    for problem in problems:
        if quiet_info and problem.severity is Severity.INFO:
            continue
        click.echo(problem.format(), err=True)


journal_argument = click.argument(
    "journal", type=click.Path(path_type=Path, file_okay=False), default=".", required=False
)
config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Config file to use instead of JOURNAL/mdgoals.yaml.",
)
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", default=None,
    help="Compute as of this day (YYYY-MM-DD). Default: $MDGOALS_AS_OF, else today (shifted by day_starts_at).",
)
templates_option = click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="A folder of templates that override the packaged ones (before JOURNAL/.mdgoals/templates).",
)
_WHOLE_PROCESS = False  # True when this process was started to run one command (run(), the console script)


def settle() -> None:
    """Move everything made so far out of the garbage collector's sight, when this process exits after the command.

    The notes and the report are some 100,000 objects without reference cycles
    that live until the process exits: the full collections rendering would
    trigger (and the one at exit) would scan them all for nothing (30-45 ms on
    ten years). Only a process started for one command does this (:func:`run`):
    called in-process (tests, a host program), frozen objects whose cycles later
    became garbage would never be collected.
    """
    if _WHOLE_PROCESS:
        import gc

        gc.freeze()


cache_option = click.option(
    "--no-cache", is_flag=True, help="Do not use or update the parse cache and the output memo (docs/performance.md)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mdgoals")
def main() -> None:
    """Goals, streaks and weekly reviews from a plain-markdown daily journal.

    mdgoals only reads your notes (it never changes them) and shows which
    micro-actions you did, your strict and forgiving streaks, habit strength,
    progress up the goal ladder and the week's evidence of small wins.

    \b
    Start with:
      mdgoals report sample-journal
      mdgoals COMMAND --help
    """


# ---------------------------------------------------------------------------
# report


@main.command(epilog=EPILOG_REPORT)
@journal_argument
@click.option(
    "--format", "fmt", type=click.Choice(["md", "text", "json", "html"]), default="md", show_default=True,
    help="md: the weekly review; text: the terminal view; json: the full report; html: one self-contained page.",
)
@click.option("--week", metavar="WEEK", help="The week to review: 2026-W47 (or its first day). Default: the week of as-of.")
@click.option("--from", "date_from", metavar="DATE", help="First day of the range of weeks to report.")
@click.option("--to", "date_to", metavar="DATE", help="Last day of the range of weeks to report.")
@as_of_option
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@config_option
@cache_option
@click.option("--strict", is_flag=True, help="Exit 1 when the journal has any problem.")
@handle_errors
def report(
    journal: Path, fmt: str, week: str | None, date_from: str | None, date_to: str | None, as_of: str | None,
    out: Path | None, config_path: Path | None, no_cache: bool, strict: bool,
) -> None:
    """Print the weekly review of JOURNAL (default: the current folder)."""
    from .api import Loaded, check_report_target, find_sources, remembered_report, write_file_atomic
    from .errors import UsageError

    if out is not None:
        check_report_target(out, journal)
    # Only the config and the files' stat keys first: the report may be remembered (mdgoals.memo).
    sources = find_sources(journal, config_path, stat=not no_cache)
    config = sources.config
    if config.path is None and config.layout != "plain":
        from .vault import detect_layout

        # Zero-config on a vault: say which settings decided where the daily notes are.
        click.echo(f"mdgoals: no mdgoals.yaml; found {detect_layout(journal).description}", err=True)
    day = resolve_as_of(as_of, config.day_starts_at)
    week_from = parse_date(date_from, "--from") if date_from else None
    week_to = parse_date(date_to, "--to") if date_to else None
    focus: dt.date | None = None
    if week:
        from .engine.calendar import parse_week_label

        if week_from or week_to:
            raise UsageError("--week cannot be combined with --from/--to")
        try:
            focus = parse_week_label(week, config.week_start_day)
        except ValueError as exc:
            raise UsageError(f"--week: {exc}") from None
        week_from, week_to = focus, focus + dt.timedelta(days=6)
        if fmt == "text":  # its 12-week strip looks back from the focus week
            week_from = focus - dt.timedelta(weeks=11)
        if as_of is None and not os.environ.get("MDGOALS_AS_OF"):
            day = min(day, week_to)  # a past week is reviewed as it stood at its end
    if week_from and week_to and week_from > week_to:
        raise UsageError(f"--from {week_from} is after --to {week_to}")
    color = _use_color(out)

    def make(loaded: Loaded) -> tuple[str, tuple[Problem, ...]]:
        from .engine import compute_report
        from .render import render_report

        result = compute_report(loaded.journal, loaded.config, day, week_from=week_from, week_to=week_to)
        settle()
        return render_report(result, fmt, week=focus, color=color), tuple(result.problems)

    request = ("report", str(journal), fmt, focus, week_from, week_to, day, color)
    text, problems = remembered_report(sources, request, make, use_cache=not no_cache)
    print_problems(problems)
    if out is not None:
        write_file_atomic(out, text)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False, color=color)
    if strict and problems:
        sys.exit(1)


def _use_color(out: Path | None) -> bool:
    """Return whether to colour: a terminal on stdout, and NO_COLOR unset."""
    if out is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


# ---------------------------------------------------------------------------
# explain

EPILOG_EXPLAIN = """\b
Examples:
  mdgoals explain write sample-journal               # the last 4 weeks, day by day
  mdgoals explain viola sample-journal --from 2026-10-01 --to 2026-10-31
  mdgoals explain write ~/notes --format json        # the rows as a list of objects
"""


@main.command(epilog=EPILOG_EXPLAIN)
@click.argument("goal")
@journal_argument
@click.option("--from", "date_from", metavar="DATE", help="First day to show. Default: the start of the week 3 weeks before as-of.")
@click.option("--to", "date_to", metavar="DATE", help="Last day to show. Default: as-of.")
@as_of_option
@config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: a table and a paragraph; json: the rows as a list of objects.",
)
@handle_errors
def explain(
    goal: str, journal: Path, date_from: str | None, date_to: str | None, as_of: str | None,
    config_path: Path | None, fmt: str,
) -> None:
    """Explain GOAL day by day: its state, the rule and file:line behind it, the streaks and strength after it.

    Ends with why the current streak is what it is: where it started, where it
    last broke, and why.
    """
    from .api import load_journal
    from .engine import compute_report
    from .render.explain import default_range, render_explain

    loaded = load_journal(journal, config_path)
    config = loaded.config
    day = resolve_as_of(as_of, config.day_starts_at)
    start, end = default_range(day, config.week_start_day)
    if date_from:
        start = parse_date(date_from, "--from")
    if date_to:
        end = parse_date(date_to, "--to")
    result = compute_report(loaded.journal, config, day)
    print_problems(result.problems)
    click.echo(render_explain(result, goal, start=start, end=end, fmt=fmt), nl=False)


# ---------------------------------------------------------------------------
# today

EPILOG_TODAY = """\b
Examples:
  mdgoals today ~/notes                        # create today's note, print its path
  mdgoals today ~/notes --edit                 # ... and open it in $EDITOR
  mdgoals today ~/notes --date 2026-11-23      # the note of another day
"""


@main.command("today", epilog=EPILOG_TODAY)
@journal_argument
@click.option("--date", "date", metavar="DATE", help="The day (YYYY-MM-DD). Default: $MDGOALS_AS_OF, else today (shifted by day_starts_at).")
@click.option("--edit", is_flag=True, help="Open the note in $VISUAL or $EDITOR.")
@config_option
@handle_errors
def today_command(journal: Path, date: str | None, edit: bool, config_path: Path | None) -> None:
    """Create the day's note in JOURNAL from its template and print its path.

    The note goes where the vault expects it (Obsidian's or Logseq's settings,
    else notes.folder and notes.format), with the micro-actions due that day
    as open tasks with their target and MVA, quota goals as "1 of 3 this
    week", and the coach's comeback or fresh-start line when one applies.
    An existing note is never touched: its path is printed and nothing is
    written.
    """
    from .api import load_journal
    from .today import create_note

    loaded = load_journal(journal, config_path)
    day = parse_date(date, "--date") if date else resolve_as_of(None, loaded.config.day_starts_at)
    now = dt.datetime.now().time().replace(second=0, microsecond=0)
    result = create_note(journal, loaded.config, loaded.journal, day, now=now)
    print_problems(result.problems)
    if not result.created:
        click.echo(f"mdgoals: the note for {day.isoformat()} exists already; left as it is", err=True)
    click.echo(str(result.path))
    if edit:
        click.edit(filename=str(result.path))



# ---------------------------------------------------------------------------
# init


EPILOG_INIT = """\b
Examples:
  mdgoals init ~/notes        # mdgoals.yaml + .mdgoals/templates/daily.md, then the next steps
  mdgoals init                # the current folder
"""


@main.command("init", epilog=EPILOG_INIT)
@journal_argument
@handle_errors
def init_command(journal: Path) -> None:
    """Write a commented mdgoals.yaml and a daily template into JOURNAL.

    The configuration names the layout found (Obsidian, Logseq, Dendron or a
    plain folder) and suggests goals from your notes — the most frequent task
    tags and front-matter numbers — commented out, for you to choose.  The
    template goes to JOURNAL/.mdgoals/templates/daily.md, where `mdgoals
    today` looks first.  Existing files are never written over.
    """
    from .init import init_journal

    result = init_journal(journal)
    click.echo(f"mdgoals: {result.layout.description}")
    for name in result.created:
        click.echo(f"created {journal / name}")
    for name in result.kept:
        click.echo(f"kept {journal / name} (exists; not changed)")
    click.echo("\nNext steps:")
    for i, step in enumerate(result.next_steps, 1):
        click.echo(f"  {i}. {step}")


# ---------------------------------------------------------------------------
# build

EPILOG_BUILD = """\b
Examples:
  mdgoals build sample-journal --out site        # then open site/index.html
  mdgoals build ~/notes --out ~/notes/_site      # inside the journal is fine: it is not read
  mdgoals build ~/notes --out site --clean       # also remove pages of earlier builds
  mdgoals build ~/notes --out site --templates my-theme
"""


class _BuildProgress:
    """A progress bar on stderr for long builds, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 200 or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command(epilog=EPILOG_BUILD)
@journal_argument
@click.option(
    "--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
    help="The output folder (created if needed). Not the journal itself, nor a folder holding notes.",
)
@as_of_option
@config_option
@templates_option
@click.option("--clean", is_flag=True, help="Remove files of earlier builds that this one no longer writes (only if unchanged since).")
@cache_option
@handle_errors
def build(
    journal: Path, out_dir: Path, as_of: str | None, config_path: Path | None, templates: Path | None,
    clean: bool, no_cache: bool,
) -> None:
    """Build the static site of JOURNAL into --out and print the path of its index.html.

    The site has a dashboard, a page per goal and per week, the evidence log
    and a day index; beside it, reviews/WEEK.md and report.json. Only changed
    files are written, each atomically; nothing outside --out is touched.
    """
    from .api import Loaded, find_sources, remembered_build
    from .site import BuildResult, check_output_dir

    check_output_dir(out_dir, journal)
    # Only the config and the files' stat keys first: the build may be remembered (mdgoals.memo).
    sources = find_sources(journal, config_path, exclude_dirs=(out_dir,), stat=not no_cache)
    day = resolve_as_of(as_of, sources.config.day_starts_at)

    made = False

    def make(loaded: Loaded) -> tuple[BuildResult, tuple[Problem, ...]]:
        from .engine import compute_report
        from .site import build_site

        nonlocal made
        made = True
        result = compute_report(loaded.journal, loaded.config, day)
        settle()
        print_problems(result.problems)  # before the progress bar
        notes = [(note.date, note.path) for note in loaded.journal.notes]
        progress = _BuildProgress()
        try:
            built = build_site(result, out_dir, journal_root=journal, notes=notes, templates=templates, clean=clean, progress=progress)
        finally:
            progress.close()
        return built, tuple(result.problems)

    built, problems = remembered_build(sources, out_dir, (day, clean), make, templates=templates, use_cache=not no_cache)
    if not made:  # remembered: nothing was built, say what a build would have said
        print_problems(problems)
    for path in built.kept:
        click.echo(f"{out_dir / path}: warning: left in place: changed since mdgoals wrote it", err=True)
    summary = f"{len(built.written)} written, {len(built.unchanged)} unchanged"
    if clean:
        summary += f", {len(built.removed)} removed"
    click.echo(f"mdgoals: {summary}", err=True)
    click.echo(str(built.index))


# ---------------------------------------------------------------------------
# check

EPILOG_CHECK = """\b
Examples:
  mdgoals check ~/notes                  # errors and warnings, file:line each
  mdgoals check ~/notes --strict         # warnings fail too (exit 1)
  mdgoals check ~/notes --verbose        # also list info: notes that are not daily notes …
  mdgoals check ~/notes --format json    # every diagnostic, for tools

\b
Exit status: 0 no errors; 1 errors found (with --strict: any warning);
2 invalid configuration or command line.
"""


@main.command("check", epilog=EPILOG_CHECK)
@journal_argument
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: diagnostics on stderr as path:line:col: severity: message; json: everything on stdout.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also list info diagnostics (notes that are not daily notes …).")
@as_of_option
@config_option
@handle_errors
def check_command(journal: Path, strict: bool, fmt: str, verbose: bool, as_of: str | None, config_path: Path | None) -> None:
    """Check JOURNAL's notes and mdgoals.yaml; exit 1 when there are errors.

    Reports what the report would skip over: invalid front matter, unknown
    goal ids in skip:, unknown status characters, a file name and a date:
    that disagree, two notes for one date, notes dated after as-of, invalid
    UTF-8, sync-conflict copies, and markdown files that are not daily notes.
    Runs as a pre-commit hook (id: mdgoals-check).
    """
    from .api import load_journal
    from .check import check_loaded, config_failure, to_json
    from .errors import ConfigError

    try:
        loaded = load_journal(journal, config_path)
    except ConfigError as exc:
        result = config_failure(journal, exc)
    else:
        result = check_loaded(loaded, resolve_as_of(as_of, loaded.config.day_starts_at))
    if fmt == "json":
        click.echo(to_json(result, strict), nl=False)
    else:
        print_problems(result.problems, quiet_info=not verbose)
        info = result.count(Severity.INFO)
        hint = " (--verbose lists them)" if info and not verbose else ""
        click.echo(result.summary() + hint)
    sys.exit(result.exit_code(strict))


# ---------------------------------------------------------------------------
# watch

EPILOG_WATCH = """\b
Examples:
  mdgoals watch sample-journal --out site            # build, then rebuild on every change
  mdgoals watch ~/notes --out site --serve           # ... and serve it on http://127.0.0.1:8000/
  mdgoals watch ~/notes --out site --serve --port 0  # any free port
  mdgoals watch /mnt/share/notes --out site --poll   # network mounts, containers: poll for changes

\b
Ctrl-C stops it (exit status 0); no half-written file is left behind.
"""


@main.command("watch", epilog=EPILOG_WATCH)
@journal_argument
@click.option(
    "--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
    help="The output folder (created if needed). Not the journal itself, nor a folder holding notes.",
)
@click.option("--serve", is_flag=True, help="Also serve --out over HTTP, with pages that reload after each rebuild.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port for --serve (0: any free port).")
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address for --serve. The default lets only this machine in; another address opens your journal's pages to the network.",
)
@click.option("--poll", is_flag=True, help="Poll for changes instead of file events (network mounts, containers).")
@as_of_option
@config_option
@templates_option
@click.option("--clean", is_flag=True, help="Remove files of earlier builds that a rebuild no longer writes (only if unchanged since).")
@cache_option
@handle_errors
def watch_command(
    journal: Path, out_dir: Path, serve: bool, port: int, host: str, poll: bool, as_of: str | None,
    config_path: Path | None, templates: Path | None, clean: bool, no_cache: bool,
) -> None:
    """Build the site of JOURNAL into --out, then rebuild it after every change until Ctrl-C.

    One line on stderr per rebuild says what changed, how long it took and
    which problems are new or fixed. Hidden folders, editor swap and backup
    files and --out itself are ignored; a note still being written is built
    once it has settled. A broken mdgoals.yaml is reported and the last good
    one kept; an error in a rebuild is reported and watching goes on.
    """
    import signal

    from .watch import Watcher

    def echo(line: str) -> None:
        click.echo(line, err=True)

    watcher = Watcher(
        journal, out_dir, as_of=lambda config: resolve_as_of(as_of, config.day_starts_at), config_path=config_path,
        templates=templates, clean=clean, poll=poll, use_cache=not no_cache, log=echo,
    )  # fmt: skip
    server = None

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)  # `kill`, docker stop: stop as Ctrl-C does
    try:
        if serve:  # bind first: a taken port should not wait for the first build to be said
            from .serve import SiteServer

            server = SiteServer(out_dir, host, port)
            server.start()
            watcher.add_listener(lambda event: server.site_changed() if event.site_changed and server else None)
        watcher.start()
        if server is not None:
            if server.local_only:
                echo(f"mdgoals: serving {out_dir} at {server.url} — on this machine only (--host to widen)")
            else:
                echo(f"mdgoals: serving {out_dir} at {server.url}")
                echo(f"mdgoals: warning: --host {host} lets other machines on the network read your journal's pages")
        echo(f"mdgoals: watching {journal} ({watcher.observer_kind}); Ctrl-C to stop")
        while not watcher.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            server.stop()
        watcher.stop()
    echo("mdgoals: stopped")


def run() -> None:
    """Run one command and exit: the console script ``mdgoals`` and ``python -m mdgoals``."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    main()
