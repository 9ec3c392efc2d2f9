"""Same journal, same config, same as-of: byte-identical output, whatever the machine says (SPEC §8).

The JSON report, the markdown review and the whole built site are compared
across processes that differ in time zone, locale, hash seed, and in how the
journal's files came to be: copied in sorted, reversed and shuffled order, with
their own or scrambled modification times, read with a cold or a warm parse
cache.  Every command runs as a user runs it: a fresh ``python -m mdgoals``.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.hostile import harness

# Notes whose tags and text sort or fold differently under other locales and normal forms.
EXTRA_NOTES = {
    "journal/2026/09/2026-09-03.md": (
        "---\nmood: 3\ntags: [Straße, İstanbul]\n---\n- [x] Write 400 words #writing #Écrire\n"
        "- [x] Walk 20 min #walk #ÉCRIRE\n- [ ] Read #zebra #Äpfel #apfel #ápfel\n\n## Evidence\n- Ünïcödé wins #capable\n"
    ),
    "journal/2026/09/2026-09-19.md": "- [x] Write 380 words #writing #E\u0301crire\n- [x] Viola 15 min #viola #ı #I\n",
    "journal/2026/10/2026-10-03.md": "---\nsleep: 7.25\nenergy: 3\nzeta: 1\nalpha: 2\n---\n- [x] Physio #stretch\n",
}

ENVIRONMENTS = [
    {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"},
    {"TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "12345"},
    {"TZ": "America/Adak", "LANG": "tr_TR.UTF-8", "LC_ALL": "POSIX", "PYTHONHASHSEED": "random"},
    {"TZ": "Asia/Kathmandu", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "4294967295"},
]


def journal_files() -> dict[str, bytes]:
    files = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}
    files.update({rel: text.encode("utf-8") for rel, text in EXTRA_NOTES.items()})
    return files


def make_journal(root: Path, order: str, seed: int) -> None:
    """Create the journal file by file in the given order; 'scrambled' orders also get random mtimes."""
    files = journal_files()
    names = sorted(files)
    if order == "reversed":
        names.reverse()
    elif order.startswith("shuffled"):
        random.Random(seed).shuffle(names)
    rng = random.Random(seed)
    for rel in names:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
        if order != "sorted":
            stamp = rng.randrange(10**9, 2 * 10**9)
            os.utime(path, (stamp, stamp))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(workdir: Path, env: dict[str, str], cache: Path) -> dict[str, object]:
    """Run report (json, md) and build in workdir, the journal named relatively so its root reads the same."""
    env = harness.environment(cache, env)
    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    runs = harness.run_together(
        [["report", "journal-root", "--format", "json"], ["report", "journal-root", "--format", "md"],
         ["check", "journal-root", "--format", "json"], ["build", "journal-root", "--out", "site"]],
        env=env, cwd=workdir,
    )  # fmt: skip
    for run in runs:
        assert run.returncode in (0, 1) and not run.crashed and not run.hung, run.describe()
    return {"report.json": runs[0].stdout, "review.md": runs[1].stdout, "check.json": runs[2].stdout, "site": tree(site)}


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four copies of one journal, each in its own work folder, made in different orders."""
    out = []
    for i, order in enumerate(["sorted", "reversed", "shuffled-1", "shuffled-2"]):
        workdir = tmp_path_factory.mktemp(f"determinism-{order}")
        make_journal(workdir / "journal-root", order, seed=i)
        out.append(workdir)
    return out


def test_outputs_are_byte_identical_across_environments_and_file_orders(journals: list[Path], tmp_path: Path) -> None:
    results = []
    for i, (workdir, env) in enumerate(zip(journals, ENVIRONMENTS, strict=True)):
        results.append((f"{workdir.name} {env}", outputs(workdir, env, tmp_path / f"cache{i}")))
    first_name, first = results[0]
    assert first["site"], "the build wrote nothing"
    assert b'"notes": 87' in first["report.json"]  # the sample's 84 notes and the three above
    for name, result in results[1:]:
        for key in first:
            assert result[key] == first[key], f"{key} differs between {first_name} and {name}"


def test_a_warm_cache_gives_the_same_bytes_as_a_cold_one(journals: list[Path], tmp_path: Path) -> None:
    workdir, env, cache = journals[1], ENVIRONMENTS[1], tmp_path / "cache"
    cold = outputs(workdir, env, cache)
    warm = outputs(workdir, ENVIRONMENTS[2], cache)
    assert warm == cold


def test_output_is_utf8_lf_without_bom_or_a_time_stamp(journals: list[Path], tmp_path: Path) -> None:
    result = outputs(journals[0], ENVIRONMENTS[3], tmp_path / "cache")
    files = {"report.json": result["report.json"], "review.md": result["review.md"], **result["site"]}  # type: ignore[dict-item]
    for name, data in files.items():
        assert isinstance(data, bytes)
        assert not data.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in data, name
        data.decode("utf-8")
