"""What mdgoals writes, and where: never outside its output folder, never a half-written file (SPEC §9.1–9.2).

Path traversal through configuration values and vault settings, note names
that look like paths, output folders holding symlinks and tampered manifests,
``report --out`` through a symlink, a build killed with SIGKILL in the middle of
writing (the previous site stays whole: every file its old bytes or its new
complete bytes), and the server of ``watch --serve`` as started from the
command line (this machine only, no way up and out).  The server's own rules
are tested in test_serve.py; the output-folder refusals in test_site.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import REPO, SAMPLE, tree_digest
from tests.hostile import harness

SECRET = "SECRET-OUTSIDE-91c3"
SECRET_NOTE = f"- [x] Write {SECRET} #writing\n\n## Evidence\n- {SECRET}\n"


def scratch_tree(scratch: Path, skip: tuple[str, ...] = ("cache", "site")) -> dict[str, tuple[int, str]]:
    """Return the digest of everything in scratch but the journal's own copy, the cache and the site."""
    digest = tree_digest(scratch)
    return {k: v for k, v in digest.items() if not k.startswith(("journal-root/", *(s + "/" for s in skip))) and k not in skip}


def set_notes(journal: Path, notes_line: str) -> None:
    config = journal / "mdgoals.yaml"
    text = config.read_text(encoding="utf-8")
    old = "notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD}"
    assert old in text
    config.write_text(text.replace(old, notes_line), encoding="utf-8")


def run_all(journal: Path, scratch: Path, *, today: bool = True) -> list[harness.Run]:
    env = harness.environment(scratch / "cache")
    commands = [["report", str(journal), "--format", "json"], ["check", str(journal)], ["build", str(journal), "--out", str(scratch / "site")]]
    if today:
        commands.append(["today", str(journal), "--date", "2026-11-23"])
    runs = harness.run_together(commands, env=env)
    for run in runs:
        assert not run.crashed and not run.hung, run.describe()
    return runs


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "journal-root", symlinks=True)
    (tmp_path / "outside").mkdir()
    for day in ("2026-11-20", "2026-11-21"):
        (tmp_path / "outside" / f"{day}.md").write_text(SECRET_NOTE, encoding="utf-8")
    (tmp_path / "outside" / "secret.md").write_text(SECRET_NOTE, encoding="utf-8")
    return tmp_path / "journal-root"


# ---------------------------------------------------------------------------
# Path traversal through configuration values


@pytest.mark.parametrize(
    ("notes_line", "says"),
    [
        ("notes: {folder: ../outside, format: YYYY-MM-DD}", "must stay inside the journal"),
        ('notes: {folder: "journal/../../outside", format: YYYY-MM-DD}', "must stay inside the journal"),
        ("notes: {folder: /tmp, format: YYYY-MM-DD}", "must be relative to the journal root"),
        ("notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD, template: ../outside/secret.md}", "must stay inside the journal"),
        ("notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD, template: /etc/passwd}", "must be relative to the journal root"),
    ],
)
def test_config_paths_leading_out_are_refused(journal: Path, notes_line: str, says: str) -> None:
    set_notes(journal, notes_line)
    scratch = journal.parent
    before, outside = tree_digest(journal), scratch_tree(scratch)
    for run in run_all(journal, scratch):
        assert run.returncode == 2, run.describe()
        assert SECRET not in run.out + run.err
    assert "mdgoals.yaml:" in run.err and says in run.err
    assert tree_digest(journal) == before and scratch_tree(scratch) == outside


def test_a_note_format_leading_out_creates_nothing_outside(journal: Path) -> None:
    set_notes(journal, 'notes: {folder: journal, format: "[../../]YYYY-MM-DD"}')
    scratch = journal.parent
    before, outside = tree_digest(journal), scratch_tree(scratch)
    report, check, build, today = run_all(journal, scratch)
    assert (report.returncode, build.returncode) == (0, 0), report.describe() + build.describe()
    assert today.returncode == 2 and "leads outside the journal" in today.err, today.describe()
    assert tree_digest(journal) == before and scratch_tree(scratch) == outside
    assert not (scratch / "2026-11-23.md").exists()


def test_exclude_globs_that_climb_out_read_nothing_more(journal: Path) -> None:
    config = journal / "mdgoals.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('exclude: ["templates/**"]', 'exclude: ["templates/**", "../**", "../outside/*", "/etc/**"]'),
        encoding="utf-8",
    )
    scratch = journal.parent
    before, outside = tree_digest(journal), scratch_tree(scratch)
    report, *rest = run_all(journal, scratch, today=False)
    assert report.returncode == 0 and json.loads(report.stdout)["journal"]["notes"] == 84, report.describe()
    assert all(SECRET not in r.out + r.err for r in (report, *rest))
    assert tree_digest(journal) == before and scratch_tree(scratch) == outside


@pytest.mark.parametrize(
    "settings",
    [
        {"folder": "../outside", "format": "YYYY-MM-DD", "template": "../outside/secret"},
        {"folder": "/tmp", "format": "YYYY-MM-DD", "template": "/etc/passwd"},
        {"folder": "daily/../../outside", "format": "[../outside/]YYYY-MM-DD", "template": "x/../../outside/secret"},
    ],
)
def test_obsidian_settings_leading_out_are_not_followed(tmp_path: Path, settings: dict[str, str]) -> None:
    journal = tmp_path / "journal-root"
    (journal / ".obsidian").mkdir(parents=True)
    (journal / ".obsidian" / "daily-notes.json").write_text(json.dumps(settings), encoding="utf-8")
    (journal / "daily").mkdir()
    (journal / "daily" / "2026-11-19.md").write_text("- [x] Write inside #writing\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    for name in ("2026-11-20.md", "secret.md"):
        (tmp_path / "outside" / name).write_text(SECRET_NOTE, encoding="utf-8")
    before, outside = tree_digest(journal), scratch_tree(tmp_path)
    runs = run_all(journal, tmp_path)
    for run in runs:
        assert SECRET not in run.out + run.err, run.describe()
    made = set(tree_digest(journal)) - set(before)
    assert all(not path.startswith("..") for path in made)
    assert {k: v for k, v in tree_digest(journal).items() if k in before} == before
    assert scratch_tree(tmp_path) == outside, "a file outside the journal was created or changed"
    if (tmp_path / "site").is_dir():
        assert all(SECRET.encode() not in p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file())


# ---------------------------------------------------------------------------
# Note names that look like paths; links stay inside the journal


def test_note_names_that_look_like_paths_stay_names(journal: Path) -> None:
    folder = journal / "journal" / "2026" / "09"
    names = ["2026-09-03 ..%2F..%2F..%2Fetc%2Fpasswd.md", "2026-09-19 ..\\..\\evil.md", "..md", "....md", "2026-10-03 %2e%2e.md"]
    for name in names:
        (folder / name).write_text("- [x] Write the scene #writing\n", encoding="utf-8")
    site = journal / "_site"  # inside the journal: the day index links to the notes
    before = tree_digest(journal)
    env = harness.environment(journal.parent / "cache")
    run = harness.run(["build", str(journal), "--out", str(site)], env=env)
    assert run.returncode == 0, run.describe()
    after = tree_digest(journal)
    assert {k: v for k, v in after.items() if not k.startswith("_site")} == before
    journal_real = journal.resolve()
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            if href.startswith(("#", "http://", "https://")):
                continue
            target = (page.parent / unquote(href.split("#", 1)[0])).resolve()
            assert target == journal_real or journal_real in target.parents, f"{page.name} links out: {href}"


# ---------------------------------------------------------------------------
# Output folders holding traps


def build(journal: Path, out: Path, *extra: str, as_of: str = harness.AS_OF) -> harness.Run:
    env = harness.environment(journal.parent / "cache", {"MDGOALS_AS_OF": as_of})
    return harness.run(["build", str(journal), "--out", str(out), *extra], env=env)


def test_a_page_replaced_by_a_symlink_is_replaced_not_followed(journal: Path) -> None:
    site, victim = journal.parent / "site", journal.parent / "outside" / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    assert build(journal, site, as_of="2026-10-31").returncode == 0
    (site / "index.html").unlink()
    os.symlink(victim, site / "index.html")
    run = build(journal, site)
    assert run.returncode == 0, run.describe()
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (site / "index.html").is_symlink() and b"<html" in (site / "index.html").read_bytes()


def test_clean_never_follows_a_folder_symlinked_out(journal: Path) -> None:
    site, outside = journal.parent / "site", journal.parent / "outside"
    assert build(journal, site).returncode == 0
    manifest = json.loads((site / ".mdgoals-manifest.json").read_text(encoding="utf-8"))
    (outside / "goals").mkdir()
    (outside / "goals" / "retired.html").write_text("mine\n", encoding="utf-8")
    manifest["files"]["goals/retired.html"] = hashlib.sha256(b"mine\n").hexdigest()
    manifest["files"]["/etc/hostname"] = hashlib.sha256(Path("/etc/hostname").read_bytes()).hexdigest()
    (site / ".mdgoals-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shutil.rmtree(site / "goals")
    os.symlink(outside / "goals", site / "goals")
    run = build(journal, site, "--clean")
    assert (outside / "goals" / "retired.html").read_text(encoding="utf-8") == "mine\n"
    assert Path("/etc/hostname").exists()
    assert run.returncode == 2 and "leads outside" in run.err, run.describe()


def test_report_out_through_a_symlink_into_the_journal_is_refused(journal: Path) -> None:
    note = journal / "journal" / "2026" / "11" / "2026-11-18.md"
    link = journal.parent / "review.md"
    os.symlink(note, link)
    before = tree_digest(journal)
    env = harness.environment(journal.parent / "cache")
    run = harness.run(["report", str(journal), "--out", str(link)], env=env)
    assert run.returncode == 2 and "inside the journal" in run.err, run.describe()
    assert tree_digest(journal) == before


def test_report_out_onto_a_symlink_elsewhere_replaces_the_link(journal: Path) -> None:
    victim = journal.parent / "outside" / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = journal.parent / "review.md"
    os.symlink(victim, link)
    env = harness.environment(journal.parent / "cache")
    run = harness.run(["report", str(journal), "--out", str(link)], env=env)
    assert run.returncode == 0, run.describe()
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not link.is_symlink() and "Weekly review" in link.read_text(encoding="utf-8")


def test_a_manifest_nested_thousands_deep_is_refused_not_a_crash(journal: Path) -> None:
    site = journal.parent / "site"
    assert build(journal, site).returncode == 0
    (site / ".mdgoals-manifest.json").write_text('{"files": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    run = build(journal, site)
    assert not run.crashed and run.returncode == 2 and "did not write" in run.err, run.describe()


# ---------------------------------------------------------------------------
# A build killed mid-write

TEMP = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")

# Runs mdgoals and SIGKILLs itself inside the atomic write of the K-th file: halfway through
# writing its temporary file ("write"), or with it written but not yet renamed ("rename").
KILL_DRIVER = """
import os, signal, sys
mode, k, out = os.environ["MDGOALS_TEST_KILL"].split(":", 2)
k = int(k)
out = os.path.realpath(out) + os.sep
done = 0
real_replace, real_fdopen = os.replace, os.fdopen
def ours(path):
    return os.path.realpath(path).startswith(out)
def replace(src, dst, *args, **kwargs):
    global done
    if ours(dst):
        if mode == "rename" and done + 1 == k:
            os.kill(os.getpid(), signal.SIGKILL)
        done += 1
    return real_replace(src, dst, *args, **kwargs)
class Half:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
def fdopen(fd, *args, **kwargs):
    fh = real_fdopen(fd, *args, **kwargs)
    if mode == "write" and done + 1 == k and ours(os.readlink(f"/proc/self/fd/{fd}")):
        return Half(fh)
    return fh
os.replace, os.fdopen = replace, fdopen
from mdgoals.cli import main
sys.argv[0] = "mdgoals"
main()
"""


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_whole(site: Path, old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """Assert every file is its old bytes or its new complete bytes; return the temporary files left."""
    temps = []
    for rel, data in files_of(site).items():
        name = rel.rsplit("/", 1)[-1]
        if TEMP.fullmatch(name):
            temps.append(rel)
            continue
        if rel == ".mdgoals-manifest.json":
            json.loads(data)  # whole, whichever it is
            continue
        assert data in (old.get(rel), new.get(rel)), f"{rel} is neither the old nor the new file ({len(data)} bytes)"
    return temps


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three-years") / "journal"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--months", "36", "--out", str(root)],
                   check=True, capture_output=True)  # fmt: skip
    return root


def test_a_killed_build_leaves_every_file_old_or_new_and_the_next_build_finishes(three_years: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    shutil.copytree(three_years, journal)
    site, reference = tmp_path / "site", tmp_path / "reference"
    env_old = harness.environment(tmp_path / "cache", {"MDGOALS_AS_OF": "2026-10-31"})
    env_new = harness.environment(tmp_path / "cache")
    assert harness.run(["build", str(journal), "--out", str(site)], env=env_old).returncode == 0
    assert harness.run(["build", str(journal), "--out", str(reference)], env=env_new).returncode == 0
    old, new = files_of(site), files_of(reference)
    changed = [rel for rel in new if old.get(rel) != new[rel] and rel != ".mdgoals-manifest.json"]
    assert len(changed) > 50, "the two builds must differ for this test to mean anything"
    before = tree_digest(journal)

    # Killed from inside, at chosen points of the atomic write.
    temps: list[str] = []
    for mode, where in (("write", 0.25), ("rename", 0.5), ("write", 1.0)):
        now = files_of(site)
        left = sum(1 for rel, data in new.items() if rel != ".mdgoals-manifest.json" and now.get(rel) != data)
        env = {**env_new, "MDGOALS_TEST_KILL": f"{mode}:{max(1, int(left * where) - 1)}:{site}"}
        run = harness.run(["build", str(journal), "--out", str(site)], env=env, driver=KILL_DRIVER)
        assert run.returncode == -signal.SIGKILL, run.describe()
        temps += assert_whole(site, old, new)
    assert temps, "the kills left no temporary file: they did not happen mid-write"

    # Killed from outside, as soon as the first page on disk changes.
    killed_live = 0
    for _ in range(2):
        proc, started = harness.start(["build", str(journal), "--out", str(site)], env=env_new)
        index = site / "index.html"
        first = index.stat().st_mtime_ns
        while proc.poll() is None and time.monotonic() - started < harness.TIMEOUT:
            if index.stat().st_mtime_ns != first:
                proc.send_signal(signal.SIGKILL)
                break
        proc.communicate()
        killed_live += proc.returncode == -signal.SIGKILL
        assert_whole(site, old, new)
        index.write_bytes(old["index.html"])  # the next attempt waits for this page to change again
    assert tree_digest(journal) == before

    # The next build finishes the job; temporary files of dead builds go once they are a minute old.
    for rel in assert_whole(site, old, new):
        os.utime(site / rel, (time.time() - 120, time.time() - 120))
    run = harness.run(["build", str(journal), "--out", str(site)], env=env_new)
    assert run.returncode == 0, run.describe()
    assert files_of(site) == new
    assert tree_digest(journal) == before
    assert killed_live, "the outside kill never caught a build writing"


def test_a_killed_build_then_a_changed_journal_still_builds(three_years: Path, tmp_path: Path) -> None:
    """Pages a killed build wrote before its manifest are still known as mdgoals' own by the next build."""
    journal = tmp_path / "journal"
    shutil.copytree(three_years, journal)
    site = tmp_path / "site"
    env_old = harness.environment(tmp_path / "cache", {"MDGOALS_AS_OF": "2026-10-31"})
    env_new = harness.environment(tmp_path / "cache")
    assert harness.run(["build", str(journal), "--out", str(site)], env=env_old).returncode == 0
    assert harness.run(["build", str(journal), "--out", str(tmp_path / "reference")], env=env_new).returncode == 0
    old, new = files_of(site), files_of(tmp_path / "reference")
    new_pages = [rel for rel in new if rel not in old]
    assert any(rel.endswith(".md") for rel in new_pages)  # new weeks' reviews: markdown the manifest must name
    changed = sum(1 for rel, data in new.items() if rel != ".mdgoals-manifest.json" and old.get(rel) != data)
    env = {**env_new, "MDGOALS_TEST_KILL": f"rename:{changed - 1}:{site}"}
    run = harness.run(["build", str(journal), "--out", str(site)], env=env, driver=KILL_DRIVER)
    assert run.returncode == -signal.SIGKILL
    note = journal / "2026" / "11" / "2026-11-20.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- [x] Write 999 words #writing\n", encoding="utf-8")
    run = harness.run(["build", str(journal), "--out", str(site)], env=env_new)
    assert run.returncode == 0, run.describe()


# ---------------------------------------------------------------------------
# The server, as the command line starts it


def test_watch_serve_listens_on_this_machine_only_and_never_climbs_out(journal: Path) -> None:
    scratch = journal.parent
    (scratch / "secret.txt").write_text(SECRET, encoding="utf-8")
    env = harness.environment(scratch / "cache")
    proc, started = harness.start(["watch", str(journal), "--out", str(scratch / "site"), "--serve", "--port", "0"], env=env)
    try:
        port = None
        assert proc.stderr is not None
        while port is None and time.monotonic() - started < harness.TIMEOUT:
            line = proc.stderr.readline().decode("utf-8", errors="replace")
            m = re.search(r"serving .* at http://([0-9.]+):(\d+)/", line)
            if m:
                assert m.group(1) == "127.0.0.1", line
                port = int(m.group(2))
            assert line or proc.poll() is None, "watch ended before serving"
        assert port is not None
        listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
        ours = [fields[1] for fields in listening if fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port]
        assert ours == ["0100007F:" + f"{port:04X}"], f"not bound to 127.0.0.1 only: {ours}"
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/../../../../etc/passwd"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.0 404") or answer.startswith(b"HTTP/1.1 404"), (path, answer[:80])
            assert SECRET.encode() not in answer and b"root:" not in answer
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0

