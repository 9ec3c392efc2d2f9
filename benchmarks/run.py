#!/usr/bin/env python3
"""Measure mdgoals on a synthetic journal, as ratios to a plain-Python floor.

    python benchmarks/run.py                    # 10-year journal, 5 runs each
    python benchmarks/run.py --quick            # 2 runs each, 3 watch edits: a smoke run
    python benchmarks/run.py --years 100        # the 100-year journal, plus the per-note comparison
    python benchmarks/run.py --compare-100      # 10-year table plus report cold on 10 vs 100 years

Generates the journal first when it is missing or altered (benchmarks/generate.py),
then measures, in the same run and on the same files, each command as a fresh
subprocess (imports count, as they do for a user):

- floor: a plain Python process that walks the journal, reads and decodes every
  note and parses its front matter with yaml.CSafeLoader; every other figure is
  divided by its median;
- report --format json, cold (--no-cache and an empty cache dir) and warm;
- build --out DIR, cold, with nothing changed, and after one note changed;
- watch: the time from writing one note to report.json changing in the output.

Peak RSS is each command's ru_maxrss, reported by a small wrapper process that
forks and waits for it (the largest of the command and the children it waited
for; a pool's workers are not summed).  Commands the CLI does not have yet are
reported as "n/a (command not available)"; a command that fails is reported
with its exit status and last line of stderr.  No figure is asserted: the
targets are printed beside the ratios.  Standard library only (plus PyYAML,
which mdgoals needs anyway, for the floor).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
SCRATCH = BENCH / "out"  # git-ignored; on the same disk as the journal, unlike a tmpfs /tmp
AS_OF = generate.END.isoformat()
TIMEOUT = 900.0

FLOOR_CODE = r"""
import os, sys, yaml
root = sys.argv[1]
notes = with_fm = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for name in filenames:
        if name.startswith(".") or not name.lower().endswith(".md"):
            continue
        with open(os.path.join(dirpath, name), "rb") as f:
            text = f.read().decode("utf-8", "replace")
        notes += 1
        if text.startswith("---\n"):
            end = text.find("\n---\n", 3)
            if end != -1:
                yaml.load(text[4:end + 1], Loader=yaml.CSafeLoader)
                with_fm += 1
print(notes, with_fm)
"""

# name -> (target ratio to floor, what it is)
TARGETS = {
    "floor": (None, "walk + read + decode + front matter (CSafeLoader), plain Python"),
    "report cold": (2.0, "report --format json --no-cache, empty cache dir"),
    "report warm": (0.5, "report --format json, cache valid"),
    "build cold": (6.0, "build --out DIR into an empty DIR, empty cache dir"),
    "build no-change": (1.0, "build again, nothing changed"),
    "build one-change": (None, "build again after one note changed"),
    "watch edit→output": (0.3, "watch: write one note → report.json rewritten, after the quiet period"),
}
# What watch waits on purpose after an event before it looks (mdgoals/watch.py: QUIET / 4 for the save to
# land, then the QUIET period itself). The target counts from the end of the quiet period, so the watch
# figure is the time from the write to report.json rewritten minus this; the raw median is in the note.
WATCH_DEBOUNCE = 0.05 + 0.2


@dataclass
class Sample:
    seconds: float
    rss_kib: int
    returncode: int
    stderr_tail: str = ""
    stdout: str = ""
    cpu: float = 0.0  # user + system seconds of the command and the children it waited for


@dataclass
class Result:
    name: str
    samples: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    status: str = "ok"  # ok | n/a (...) | failed (...)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def as_dict(self, floor: float | None) -> dict:
        d = {"name": self.name, "status": self.status, "note": self.note, "target": TARGETS.get(self.name, (None,))[0]}
        if self.ok:
            d.update(median_s=round(self.median, 4), min_s=round(min(self.samples), 4),
                     max_s=round(max(self.samples), 4), runs=len(self.samples),
                     ratio=round(self.median / floor, 3) if floor else None,
                     peak_rss_mib=round(max(self.rss_kib) / 1024, 1) if self.rss_kib else None,
                     cpu_median_s=round(statistics.median(self.cpu), 4) if self.cpu else None,
                     samples_s=[round(s, 4) for s in self.samples])
        return d


# ---------------------------------------------------------------------------
# Running one child and measuring it.


def _tail(data: bytes, limit: int = 300) -> str:
    lines = [ln for ln in data.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1][-limit:] if lines else ""


# The child is started by a tiny wrapper (python -S, ~8 MiB) that forks, execs the command and reports the
# command's wall time, ru_maxrss and exit status on a pipe.  Why not os.wait4() on the command directly: on
# Linux a child's ru_maxrss starts at the RSS of the process it was forked (or vforked) from, so a command
# started from this script, which may hold hundreds of MiB, would report at least that.  The wrapper is
# smaller than any Python command measured, so what it passes on is the command's own peak.  It forwards
# SIGINT and SIGTERM to the command (watch is stopped that way).
WRAPPER = r"""
import os, signal, sys, time
fd = int(sys.argv[1])
os.set_inheritable(fd, False)
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as exc:
        os.write(2, ("cannot run %s: %s\n" % (sys.argv[2], exc)).encode())
    os._exit(127)
def forward(signum, frame):
    try:
        os.kill(pid, signum)
    except OSError:
        pass
signal.signal(signal.SIGINT, forward)
signal.signal(signal.SIGTERM, forward)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - t0
cpu = usage.ru_utime + usage.ru_stime
os.write(fd, ("%r %d %d %r" % (seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu)).encode())
"""


class Child:
    """One measured command, run through WRAPPER in its own process group."""

    def __init__(self, argv: list[str], env: dict[str, str], stdout, stderr, cwd: Path = REPO) -> None:
        read, write = os.pipe()
        try:
            self.proc = subprocess.Popen([sys.executable, "-S", "-c", WRAPPER, str(write), *argv],
                                         stdout=stdout, stderr=stderr, env=env, cwd=cwd,
                                         pass_fds=(write,), start_new_session=True)
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        self.read = read

    def poll(self) -> int | None:
        return self.proc.poll()

    def wait(self, timeout: float = TIMEOUT) -> tuple[float, int, int, float]:
        """Wait for the command; return (seconds, peak RSS KiB, exit status, CPU seconds); kill it after timeout."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait()
        except BaseException:
            self.kill()
            raise
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read().split()
        if len(data) != 4:  # the wrapper was killed
            return float("nan"), 0, self.proc.returncode or -9, float("nan")
        return float(data[0]), int(data[1]), int(data[2]), float(data[3])

    def interrupt(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.send_signal(signal.SIGINT)

    def kill(self) -> None:
        """SIGKILL the process group this child leads (the wrapper, the command and its workers)."""
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)


def run_once(argv: list[str], env: dict[str, str], stdout_path: Path | None = None,
             keep_stdout: bool = False, timeout: float = TIMEOUT, cwd: Path = REPO) -> Sample:
    """Run argv to completion; return its wall time, peak RSS (KiB) and exit status."""
    with contextlib.ExitStack() as stack:
        if stdout_path is not None:
            out = stack.enter_context(open(stdout_path, "wb"))
        elif keep_stdout:
            out = stack.enter_context(tempfile.TemporaryFile())
        else:
            out = stack.enter_context(open(os.devnull, "wb"))
        err = stack.enter_context(tempfile.TemporaryFile())
        seconds, rss, returncode, cpu = Child(argv, env, out, err, cwd).wait(timeout)
        err.seek(0)
        tail = _tail(err.read())
        text = ""
        if keep_stdout and stdout_path is None:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
    return Sample(seconds, rss, returncode, tail, text, cpu)


# ---------------------------------------------------------------------------
# The bench: one journal, one scratch folder, one environment.


class Bench:
    def __init__(self, journal: Path, facts: dict, runs: int, watch_edits: int, scratch: Path,
                 command: list[str] | None = None, source: Path = REPO) -> None:
        self.journal = journal
        self.facts = facts
        self.runs = runs
        self.watch_edits = watch_edits
        self.scratch = scratch
        self.env = dict(os.environ)
        self.env.update(MDGOALS_AS_OF=AS_OF, NO_COLOR="1", LC_ALL="C.UTF-8")
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in (str(source), os.environ.get("PYTHONPATH", "")) if p)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.mdgoals = command or [sys.executable, "-m", "mdgoals"]
        self.source = source  # also the children's working folder: `python -m` puts it first on sys.path
        self._help: dict[str, str | None] = {}
        self.edit_target = self._last_note()
        self.edit_original = self.edit_target.read_bytes()
        self.edit_count = 0

    # -- helpers ------------------------------------------------------------

    def _last_note(self) -> Path:
        last = generate.END
        return self.journal / f"{last.year:04d}" / f"{last.month:02d}" / f"{last.isoformat()}.md"

    def help_text(self, command: str) -> str | None:
        """Return `mdgoals COMMAND --help`, or None when the command does not exist."""
        if command not in self._help:
            proc = subprocess.run([*self.mdgoals, command, "--help"], capture_output=True, env=self.env, cwd=self.source)
            self._help[command] = proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None
        return self._help[command]

    def tempdir(self, what: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{what}-", dir=self.scratch))

    def edit_note(self) -> None:
        """Append a done #writing task with a new quantity to the last note: the report must change."""
        self.edit_count += 1
        n = self.edit_count
        line = f"- [x] Benchmark edit {n} #writing words:: {1000 + 37 * n}\n"
        self.edit_target.write_bytes(self.edit_original + b"\n" + line.encode())

    def restore_note(self) -> None:
        if self.edit_target.read_bytes() != self.edit_original:
            self.edit_target.write_bytes(self.edit_original)

    def repeat(self, result: Result, argv: list[str], env: dict[str, str], before=None, after=None,
               stdout_path: Path | None = None, warmup: bool = True) -> Result:
        """Run argv warmup + runs times (before/after each run untimed); collect samples or a failure."""
        for i in range(self.runs + (1 if warmup else 0)):
            ctx = before() if before else None
            sample = run_once(argv if ctx is None else ctx[0], env if ctx is None else ctx[1], stdout_path,
                              cwd=self.source)
            if after:
                after(ctx)
            if sample.seconds != sample.seconds:  # nan: killed by the timeout
                result.status = f"failed (killed after {TIMEOUT:g} s)"
                return result
            if sample.returncode != 0:
                result.status = f"failed (exit {sample.returncode}: {sample.stderr_tail})"
                return result
            if warmup and i == 0:
                continue
            result.samples.append(sample.seconds)
            result.rss_kib.append(sample.rss_kib)
            result.cpu.append(sample.cpu)
        return result

    # -- the measurements -------------------------------------------------------

    def floor(self) -> Result:
        result = Result("floor")
        argv = [sys.executable, "-c", FLOOR_CODE, str(self.journal)]
        check = run_once(argv, self.env, keep_stdout=True, cwd=self.source)
        if check.returncode != 0:
            result.status = f"failed (exit {check.returncode}: {check.stderr_tail})"
            return result
        notes = int(check.stdout.split()[0])
        result.note = f"{notes} notes"
        if notes != self.facts["notes"]:
            result.note += f" (the generator wrote {self.facts['notes']})"
        return self.repeat(result, argv, self.env)

    def floor_sample(self, result: Result) -> None:
        """Add one more floor sample to result."""
        sample = run_once([sys.executable, "-c", FLOOR_CODE, str(self.journal)], self.env, cwd=self.source)
        if sample.returncode == 0:
            result.samples.append(sample.seconds)
            result.rss_kib.append(sample.rss_kib)
            result.cpu.append(sample.cpu)

    def report_cold(self) -> Result:
        result = Result("report cold")
        help_text = self.help_text("report")
        if help_text is None:
            result.status = "n/a (command not available)"
            return result
        no_cache = ["--no-cache"] if "--no-cache" in help_text else []
        if not no_cache:
            result.note = "no --no-cache option: empty cache dir only"
        argv = [*self.mdgoals, "report", str(self.journal), "--format", "json", *no_cache]
        out = self.scratch / "report.json"

        def before():
            cache = self.tempdir("cache")
            return argv, {**self.env, "XDG_CACHE_HOME": str(cache)}

        def after(ctx):
            shutil.rmtree(ctx[1]["XDG_CACHE_HOME"], ignore_errors=True)

        self.repeat(result, argv, self.env, before, after, stdout_path=out)
        if result.ok:
            result.note = _join(result.note, self._check_report(out))
        return result

    def report_warm(self) -> Result:
        result = Result("report warm")
        if self.help_text("report") is None:
            result.status = "n/a (command not available)"
            return result
        cache = self.tempdir("cache")
        env = {**self.env, "XDG_CACHE_HOME": str(cache)}
        argv = [*self.mdgoals, "report", str(self.journal), "--format", "json"]
        self.repeat(result, argv, env, stdout_path=self.scratch / "report-warm.json")  # the warm-up fills the cache
        if result.ok and not any(cache.rglob("*")):
            result.note = "nothing was written to the cache dir (no parse cache yet?)"
        shutil.rmtree(cache, ignore_errors=True)
        return result

    def build_all(self) -> list[Result]:
        names = ("build cold", "build no-change", "build one-change")
        if self.help_text("build") is None:
            return [Result(n, status="n/a (command not available)") for n in names]
        cold, same, changed = (Result(n) for n in names)

        def fresh():
            cache, out = self.tempdir("cache"), self.tempdir("site") / "site"
            return [*self.mdgoals, "build", str(self.journal), "--out", str(out)], {**self.env, "XDG_CACHE_HOME": str(cache)}

        def clean(ctx):
            shutil.rmtree(ctx[1]["XDG_CACHE_HOME"], ignore_errors=True)
            shutil.rmtree(Path(ctx[0][-1]).parent, ignore_errors=True)

        self.repeat(cold, [], {}, fresh, clean)
        argv, env = fresh()
        self.repeat(same, argv, env)  # the warm-up builds the site and fills the cache
        if same.ok:
            self.repeat(changed, argv, env, before=lambda: (self.edit_note(), None)[1], warmup=False)
            if changed.ok and not (Path(argv[-1]) / "report.json").is_file():
                changed.note = "no report.json in the output"
        else:
            changed.status = "n/a (build failed)"
        self.restore_note()
        clean((argv, env))
        return [cold, same, changed]

    def watch(self) -> Result:
        result = Result("watch edit→output")
        if self.help_text("watch") is None:
            result.status = "n/a (command not available)"
            return result
        cache, out = self.tempdir("cache"), self.tempdir("watch") / "site"
        env = {**self.env, "XDG_CACHE_HOME": str(cache)}
        report = out / "report.json"
        rss = None
        raw: list[float] = []
        with tempfile.TemporaryFile() as err:
            proc = Child([*self.mdgoals, "watch", str(self.journal), "--out", str(out)], env,
                         subprocess.DEVNULL, err, self.source)
            try:
                if not self._wait_initial_build(proc, report):
                    err.seek(0)
                    result.status = f"failed (no initial report.json: {_tail(err.read()) or 'timed out'})"
                    return result
                for _ in range(self.watch_edits):
                    before = report.stat().st_mtime_ns
                    t0 = time.perf_counter()
                    self.edit_note()
                    seconds = _poll_change(report, before, t0, proc)
                    if seconds is None:
                        err.seek(0)
                        result.status = f"failed (report.json not rewritten within 30 s: {_tail(err.read())})"
                        return result
                    raw.append(seconds)
                    result.samples.append(seconds - WATCH_DEBOUNCE)
                    _wait_quiet(out, 0.6)  # let the rest of the rebuild finish before the next edit
            finally:
                self.restore_note()
                rss = _stop(proc)
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(out.parent, ignore_errors=True)
        result.note = (f"{len(result.samples)} edits of {self.edit_target.relative_to(self.journal)}; "
                       f"write→report.json {statistics.median(raw):.3f} s minus the {WATCH_DEBOUNCE:.2f} s debounce"
                       if raw else "")
        if rss:
            result.rss_kib.append(rss)
        else:
            result.note += "; RSS unknown: watch did not stop on SIGINT within 30 s and was killed"
        return result

    def _wait_initial_build(self, proc: Child, report: Path) -> bool:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            if report.is_file():
                _wait_quiet(report.parent, 1.0)
                return True
            time.sleep(0.02)
        return False

    def _check_report(self, path: Path) -> str:
        """Return a warning when the JSON report does not look like this journal's."""
        try:
            data = json.loads(path.read_text("utf-8"))
            notes = data["journal"]["notes"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return f"output is not a JSON report ({exc.__class__.__name__})"
        return "" if notes == self.facts["notes"] else f"report counts {notes} notes, the journal has {self.facts['notes']}"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _poll_change(path: Path, before: int, t0: float, proc: Child, limit: float = 30.0) -> float | None:
    """Poll path's mtime_ns every 5 ms; return the seconds since t0 when it changed, None after limit."""
    while True:
        try:
            if path.stat().st_mtime_ns != before:
                return time.perf_counter() - t0
        except FileNotFoundError:
            pass  # between an unlink and a rename: keep polling
        elapsed = time.perf_counter() - t0
        if elapsed > limit or proc.poll() is not None:
            return None
        time.sleep(0.005)


def _wait_quiet(folder: Path, quiet: float, limit: float = 60.0) -> None:
    """Wait until nothing in folder has changed for quiet seconds (or limit)."""
    start = time.monotonic()
    last = None
    stable_since = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            snapshot = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()))
        except OSError:
            snapshot = None
        if snapshot != last:
            last, stable_since = snapshot, time.monotonic()
        elif time.monotonic() - stable_since >= quiet:
            return
        time.sleep(0.05)


def _stop(proc: Child) -> int | None:
    """Stop the watcher (SIGINT, then SIGKILL after 30 s); return its peak RSS in KiB (None when killed)."""
    proc.interrupt()
    _, rss, _, _ = proc.wait(30)
    return rss or None


# ---------------------------------------------------------------------------
# Journals, the machine, the table.


def ensure_journal(years: int) -> tuple[Path, dict]:
    """Return the years-long journal and its facts, generating it when missing, stale or altered."""
    path = DATA / f"{years}y"
    facts = generate.read_marker(path)
    first, last = generate.span(years)
    fresh = (facts is not None and facts.get("generator") == generate.GENERATOR_VERSION
             and facts.get("seed") == generate.SEED and facts.get("first") == first.isoformat()
             and facts.get("last") == last.isoformat())
    if fresh:
        fresh = generate.tree_digest(path) == facts.get("digest")  # an interrupted run may have left an edit
    if not fresh:
        print(f"generating {path.relative_to(REPO)} ({years} years) …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        facts = generate.generate(path, first, last)
        print(f"  {facts['notes']} notes, {facts['bytes'] / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr, flush=True)
    return path, facts


def _git_describe(source: Path) -> str:
    """Return " (commit abc1234, with local changes)" for a git checkout, else ""."""
    try:
        head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        if Path(subprocess.run(["git", "-C", str(source), "rev-parse", "--show-toplevel"], capture_output=True,
                               text=True, check=True).stdout.strip()).resolve() != source:
            return ""  # a folder inside some other repository (a snapshot in benchmarks/out)
        dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--",
                                "mdgoals", "templates"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f" (commit {head}{', with uncommitted changes' if dirty else ''})"


def _archive(rev: str) -> tuple[Path, str]:
    """Extract mdgoals/ and templates/ of commit rev into benchmarks/out/src-SHA; return it and a label."""
    try:
        sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"run.py: --commit {rev}: not a commit of {REPO} ({exc})") from None
    dest = SCRATCH / f"src-{sha[:12]}"
    if not (dest / "mdgoals" / "__init__.py").is_file():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.Popen(["git", "-C", str(REPO), "archive", sha, "mdgoals", "templates"],
                                   stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
        archive.stdout.close()
        if archive.wait() != 0:
            raise SystemExit(f"run.py: git archive {sha} failed")
    return dest, f" (commit {sha[:7]}, as committed)"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.system()} {platform.machine()}, {cpus} CPUs ({cpu}), Python {platform.python_version()}"


def print_table(title: str, results: list[Result], floor: float | None, floor_cpu: float | None) -> None:
    print(title)
    header = (f"{'name':<20} {'median s':>9} {'min–max s':>16} {'× floor':>8} {'target':>8} {'CPU ×':>6} "
              f"{'RSS MiB':>8}  note")
    print(header)
    print("-" * len(header))
    for r in results:
        target = TARGETS.get(r.name, (None,))[0]
        target_s = f"≤ {target:g}×" if target else "—"
        if not r.ok:
            print(f"{r.name:<20} {r.status}")
            continue
        ratio = r.median / floor if floor else None
        verdict = ""
        if target and ratio is not None:
            verdict = "ok" if ratio <= target else "MISSED"
        rss = f"{max(r.rss_kib) / 1024:.1f}" if r.rss_kib else "—"
        ratio_s = f"{ratio:.2f}" if ratio is not None else "—"
        spread = f"{min(r.samples):.3f}–{max(r.samples):.3f}"
        cpu = f"{statistics.median(r.cpu) / floor_cpu:.2f}" if r.cpu and floor_cpu else "—"
        print(f"{r.name:<20} {r.median:>9.3f} {spread:>16} {ratio_s:>8} {target_s:>8} {cpu:>6} {rss:>8}  "
              f"{_join(verdict, r.note)}")
    print()


def measure(bench: Bench, only: set[str] | None) -> list[Result]:
    plan = [("floor", bench.floor), ("report cold", bench.report_cold), ("report warm", bench.report_warm),
            ("build", bench.build_all), ("watch", bench.watch)]
    results: list[Result] = []
    floor: Result | None = None
    for key, fn in plan:
        if only and key != "floor" and not any(key.startswith(o) for o in only):
            continue
        if floor is not None and floor.ok:
            bench.floor_sample(floor)  # floor samples spread over the session: same machine load as the rest
        print(f"  measuring {key} …", file=sys.stderr, flush=True)
        got = fn()
        if key == "floor":
            floor = got
        results.extend(got if isinstance(got, list) else [got])
    if floor is not None and floor.ok:
        floor.note = _join(floor.note, f"{len(floor.samples)} runs spread over the session")
    return results


def compare_100(runs: int, command: list[str] | None = None, source: Path = REPO) -> dict:
    """Measure floor and report cold on the 10- and 100-year journals; print the cost per note.

    The 100-year journal gets at most 3 runs: a cold report of it takes minutes until the fast parser lands.
    """
    rows = {}
    for years in (10, 100):
        journal, facts = ensure_journal(years)
        scratch = Path(tempfile.mkdtemp(prefix=f"bench-{years}y-", dir=SCRATCH))
        try:
            bench = Bench(journal, facts, runs if years == 10 else min(runs, 3), 0, scratch, command, source)
            print(f"  measuring floor and report cold on {years} years …", file=sys.stderr, flush=True)
            rows[years] = (facts["notes"], bench.floor(), bench.report_cold())
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    print("Cost per note, 100 years vs 10 years (report cold; target ≤ 1.2×, peak RSS < 1 GiB)")
    print(f"{'journal':<10} {'notes':>7} {'floor µs/note':>14} {'report µs/note':>15} {'report RSS MiB':>15}")
    out = {}
    for years, (notes, floor, report) in rows.items():
        f = f"{floor.median / notes * 1e6:.0f}" if floor.ok else floor.status
        r = f"{report.median / notes * 1e6:.0f}" if report.ok else report.status
        rss = f"{max(report.rss_kib) / 1024:.0f}" if report.ok else "—"
        print(f"{years:>3} years  {notes:>7} {f:>14} {r:>15} {rss:>15}")
        out[f"{years}y"] = {"notes": notes, "floor": floor.as_dict(None), "report cold": report.as_dict(floor.median if floor.ok else None)}
    (n10, f10, r10), (n100, f100, r100) = rows[10], rows[100]
    if r10.ok and r100.ok:
        ratio = (r100.median / n100) / (r10.median / n10)
        verdict = "ok" if ratio <= 1.2 else "MISSED"
        print(f"per-note ratio (report cold): {ratio:.2f}  target ≤ 1.2  {verdict}")
        out["per_note_ratio"] = round(ratio, 3)
    if f10.ok and f100.ok:
        print(f"per-note ratio (floor):       {(f100.median / n100) / (f10.median / n10):.2f}")
    print()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10, help="journal length: 1, 10 (default) or 100 years")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per figure (default 5; 2 with --quick)")
    parser.add_argument("--watch-edits", type=int, default=None, help="edits timed in watch mode (default 7; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: a smoke run, not figures to quote")
    parser.add_argument("--compare-100", action="store_true",
                        help="also measure report cold on the 10- and 100-year journals and print the per-note ratio")
    parser.add_argument("--only", default="", help="comma-separated subset: report, build, watch (floor always runs)")
    parser.add_argument("--command", default=None,
                        help='the mdgoals command to measure (default: "python -m mdgoals" from this checkout)')
    parser.add_argument("--source", type=Path, default=REPO,
                        help="the mdgoals source tree to measure, put first on PYTHONPATH (default: this checkout); "
                             "e.g. a `git archive` of a commit, to compare versions")
    parser.add_argument("--commit", default=None, metavar="REV",
                        help="measure this commit of the repository (a `git archive` of mdgoals/ and templates/ in "
                             "benchmarks/out), not the working tree with its uncommitted changes")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    edits = args.watch_edits or (3 if args.quick else 7)
    if runs < 1 or edits < 1 or args.years < 1:
        parser.error("--years, --runs and --watch-edits must be at least 1")
    only = {o.strip() for o in args.only.split(",") if o.strip()} or None
    command = shlex.split(args.command) if args.command else None
    source = args.source.resolve()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    label = _git_describe(source)
    if args.commit:
        source, label = _archive(args.commit)
    if not (source / "mdgoals" / "__init__.py").is_file():
        parser.error(f"--source {args.source}: no mdgoals package there")

    journal, facts = ensure_journal(args.years)
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{args.years}y-", dir=SCRATCH))
    try:
        bench = Bench(journal, facts, runs, edits, scratch, command, source)
        results = measure(bench, only)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    floor = next((r for r in results if r.name == "floor" and r.ok), None)
    floor_s = floor.median if floor else None
    when = dt.date.today().isoformat()
    print()
    print(f"mdgoals benchmarks, {when}: {machine()}")
    print(f"source: {source}{label}")
    title = (f"{args.years}-year journal {journal.relative_to(REPO)}: {facts['notes']:,} notes, "
             f"{facts['bytes'] / 1e6:.1f} MB, as of {AS_OF}; medians of {runs} runs"
             f" ({edits} edits for watch), ratios to the floor median")
    if floor_s:
        title += f" (floor: {floor_s / facts['notes'] * 1e6:.0f} µs a note)"
    print_table(title, results, floor_s, statistics.median(floor.cpu) if floor and floor.cpu else None)
    report = {"date": when, "machine": machine(), "source": f"{source}{label}", "years": args.years, "notes": facts["notes"],
              "bytes": facts["bytes"], "runs": runs, "watch_edits": edits,
              "results": [r.as_dict(floor_s) for r in results]}
    if args.compare_100 or args.years == 100:
        report["compare_100"] = compare_100(runs, command, source)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if args.commit:
        shutil.rmtree(source, ignore_errors=True)
    with contextlib.suppress(OSError):
        SCRATCH.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
