"""mdgoals build: what the output folder holds, and the promises of SPEC §9.2 about writing it.

Reports are built from hand-made notes (tests/site_factory.py), so these tests
exercise the site alone; tests/test_site_golden.py covers the whole pipeline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_factory import AS_OF, note_index, persona_report

from mdgoals.errors import OutputError, UsageError
from mdgoals.render.json_report import render_json
from mdgoals.render.markdown import render_review
from mdgoals.site import MANIFEST, build_site, check_output_dir, read_manifest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    return persona_report(84)


def build(report, out: Path, journal: Path | None = None, **kwargs):
    journal = journal or out.parent / "journal"
    return build_site(report, out, journal_root=journal, notes=note_index(84), **kwargs)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


# ---------------------------------------------------------------------------
# What a build writes


def test_build_writes_every_page(report, tmp_path):
    out = tmp_path / "site"
    result = build(report, out)
    names = set(files_of(out))
    expected = {"index.html", "evidence.html", "days.html", "weeks.html", "style.css", "report.json", MANIFEST}
    expected |= {f"goals/{g.goal.id}.html" for g in report.goals}
    expected |= {f"weeks/{w.label}.html" for w in report.weeks}
    expected |= {f"reviews/{w.label}.md" for w in report.weeks}
    assert names == expected
    assert result.index == out / "index.html"
    assert set(result.written) == expected - {MANIFEST}
    assert result.unchanged == () and result.removed == ()
    manifest = read_manifest(out)
    assert set(manifest) == expected - {MANIFEST}


def test_report_json_and_reviews_are_the_core_renderers_output(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    assert (out / "report.json").read_text(encoding="utf-8") == render_json(report)
    for w in report.weeks:
        # The site renders reviews from a report trimmed to the week: the text must not change.
        assert (out / "reviews" / f"{w.label}.md").read_text(encoding="utf-8") == render_review(report, week=w.start)


def test_reviews_sharing_their_common_parts_match_reviews_made_alone():
    from mdgoals.render.markdown import Reviews

    report = persona_report(800, seed=3)
    shared = Reviews(report)  # as a site makes them: the common parts written once
    for w in report.weeks[::9]:
        assert render_review(report, week=w.start, reviews=shared) == render_review(report, week=w.start)
    other = persona_report(800, seed=4)  # another report's reviews are never answered from the first one's parts
    assert render_review(other, week=other.weeks[-1].start, reviews=shared) == render_review(other, week=other.weeks[-1].start)
    assert render_review(other, week=other.weeks[-1].start) != render_review(report, week=report.weeks[-1].start)


def test_output_is_lf_utf8_without_bom_or_timestamps(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    for name, data in files_of(out).items():
        assert not data.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in data, name
        text = data.decode("utf-8")
        assert text.endswith("\n"), name
        assert not re.search(r"\b\d\d:\d\d:\d\d\b|generated (at|on)", text, flags=re.I), f"{name} has a time stamp"


def test_every_internal_link_resolves(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"]*)"', text):
            if href.startswith(("data:", "#")):
                continue
            target = href.split("#", 1)[0]
            assert (page.parent / target).resolve().is_file(), f"{page.relative_to(out)} links to missing {href}"
            anchor = href.split("#", 1)[1] if "#" in href else None
            if anchor:
                assert f'id="{anchor}"' in (page.parent / target).read_text(encoding="utf-8"), f"{href}: no anchor"


def test_day_index_links_every_note_date(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    days = (out / "days.html").read_text(encoding="utf-8")
    for date, _path in note_index(84):
        assert f'title="{date.isoformat()}: note"' in days


def heatmap_cells(page: str) -> list[tuple[str, str]]:
    """Return (date, state words) of every cell of every heatmap on a page."""
    svgs = re.findall(r'<svg class="heatmap".*?</svg>', page, flags=re.S)
    return re.findall(r'<rect class="c s-[a-z-]+"[^>]*><title>(\d{4}-\d\d-\d\d): ([^<]+)</title>', "".join(svgs))


def test_goal_page_has_one_heatmap_cell_per_day(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    for g in report.goals:
        cells = heatmap_cells((out / "goals" / f"{g.goal.id}.html").read_text(encoding="utf-8"))
        assert [date for date, _ in cells] == [d.date.isoformat() for d in g.days], g.goal.id


def test_heatmap_title_reads_date_and_state(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    write = report.goal("write")
    day = next(d for d in write.days if d.state.value == "done")
    page = (out / "goals" / "write.html").read_text(encoding="utf-8")
    assert f"<title>{day.date.isoformat()}: done" in page


# ---------------------------------------------------------------------------
# Refusals (SPEC §9.2)


def test_refuses_the_journal_root(report, tmp_path):
    journal = tmp_path / "journal"
    journal.mkdir()
    with pytest.raises(OutputError, match="is the journal itself"):
        build(report, journal, journal)
    assert list(journal.iterdir()) == []


def test_refuses_a_folder_that_contains_the_journal(report, tmp_path):
    journal = tmp_path / "notes" / "journal"
    journal.mkdir(parents=True)
    with pytest.raises(OutputError, match="contains the journal"):
        build(report, tmp_path / "notes", journal)
    with pytest.raises(OutputError, match="contains the journal"):
        build(report, tmp_path, journal)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["journal", "notes"]


def test_refuses_the_journal_through_a_symlink(report, tmp_path):
    journal = tmp_path / "journal"
    journal.mkdir()
    (tmp_path / "alias").symlink_to(journal)
    with pytest.raises(OutputError):
        build(report, tmp_path / "alias", journal)


def test_refuses_a_folder_holding_daily_notes(report, tmp_path):
    other = tmp_path / "old-notes"
    (other / "2026" / "11").mkdir(parents=True)
    note = other / "2026" / "11" / "2026-11-18.md"
    note.write_text("- [x] Write #writing\n", encoding="utf-8")
    with pytest.raises(OutputError, match="holds markdown that mdgoals did not write"):
        build(report, other)
    assert sorted(p.relative_to(other).as_posix() for p in other.rglob("*")) == ["2026", "2026/11", "2026/11/2026-11-18.md"]


def test_refuses_a_markdown_file_in_an_otherwise_built_site(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    (out / "reviews" / "Notes.MD").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match="Notes.MD"):
        build(report, out)


def test_refuses_a_file_as_output_folder(report, tmp_path):
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        build(report, target)


def test_allows_a_folder_inside_the_journal_and_links_the_notes(report, tmp_path):
    journal = tmp_path / "journal"
    out = journal / "_site"
    journal.mkdir()
    build(report, out, journal)
    week = (out / "weeks" / "2026-W47.html").read_text(encoding="utf-8")
    assert 'href="../../journal/2026/11/2026-11-18.md"' in week
    outside = tmp_path / "site"
    build(report, outside, journal)
    assert ".md\"" not in (outside / "weeks" / "2026-W47.html").read_text(encoding="utf-8").replace('reviews/2026-W47.md"', "")


def test_refuses_to_overwrite_files_it_did_not_write(report, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write .*index.html"):
        build(report, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>\n"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"], "nothing may be written before refusing"


def test_adopts_identical_files_when_the_manifest_is_lost(report, tmp_path):
    import shutil

    out = tmp_path / "site"
    build(report, out)
    (out / MANIFEST).unlink()
    with pytest.raises(OutputError, match="holds markdown"):
        build(report, out)  # without the manifest, the reviews look like someone's notes
    shutil.rmtree(out / "reviews")
    result = build(report, out)
    assert set(result.written) == {f"reviews/{w.label}.md" for w in report.weeks}
    assert "index.html" in result.unchanged
    assert set(read_manifest(out)) == set(result.unchanged) | set(result.written)


def test_refuses_a_symlinked_subfolder_leading_outside(report, tmp_path):
    out = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "goals").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="leads outside"):
        build(report, out)
    assert list(elsewhere.iterdir()) == []


# ---------------------------------------------------------------------------
# Only changed files; cleaning only what mdgoals wrote


def test_rebuild_touches_nothing_when_nothing_changed(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    before = mtimes(out)
    contents = files_of(out)
    result = build(report, out)
    assert result.written == ()
    assert len(result.unchanged) == len(contents) - 1
    assert mtimes(out) == before
    assert files_of(out) == contents


def test_rebuild_rewrites_only_changed_pages(tmp_path):
    out = tmp_path / "site"
    journal = tmp_path / "journal"
    earlier = persona_report(84, as_of=AS_OF - dt.timedelta(days=1))
    build_site(earlier, out, journal_root=journal, notes=note_index(84))
    result = build_site(persona_report(84), out, journal_root=journal, notes=note_index(84))
    # A new day changes the dashboard, goal pages, the week and its review, but not last month's weeks.
    assert "index.html" in result.written
    assert "weeks/2026-W47.html" in result.written
    assert "weeks/2026-W40.html" in result.unchanged


def test_clean_removes_only_unchanged_manifest_files(report, tmp_path):
    out = tmp_path / "site"
    build(report, out)
    (out / "goals" / "retired.html").write_text("old\n", encoding="utf-8")  # a stale page of an earlier build ...
    (out / "weeks" / "2020-W01.html").write_text("old\n", encoding="utf-8")  # ... and one the user edited since
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # the user's own file
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["goals/retired.html"] = _sha("old\n")
    manifest["files"]["weeks/2020-W01.html"] = _sha("as mdgoals wrote it\n")
    manifest["files"]["../outside.txt"] = _sha("x\n")  # a tampered entry is ignored
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "outside.txt").write_text("x\n", encoding="utf-8")

    plain = build(report, out)
    assert plain.removed == ()
    assert (out / "goals" / "retired.html").exists()

    result = build(report, out, clean=True)
    assert result.removed == ("goals/retired.html",)
    assert result.kept == ("weeks/2020-W01.html",)
    assert not (out / "goals" / "retired.html").exists()
    assert (out / "weeks" / "2020-W01.html").read_text(encoding="utf-8") == "old\n"
    assert (out / "notes.txt").exists()
    assert (tmp_path / "outside.txt").exists()
    assert "goals/retired.html" not in read_manifest(out)


def test_clean_removes_pages_of_a_goal_that_is_gone(tmp_path):
    from dataclasses import replace

    out = tmp_path / "site"
    report = persona_report(84)
    build(report, out)
    fewer = replace(report, goals=tuple(g for g in report.goals if g.goal.id != "stretch"))
    result = build(fewer, out, clean=True)
    assert result.removed == ("goals/stretch.html",)
    assert not (out / "goals" / "stretch.html").exists()
    assert (out / "goals").is_dir()


def test_clean_removes_emptied_folders(tmp_path):
    from dataclasses import replace

    out = tmp_path / "site"
    report = persona_report(84)
    build(report, out)
    result = build(replace(report, weeks=()), out, clean=True)
    assert "weeks/2026-W47.html" in result.removed
    assert not (out / "weeks").exists() and not (out / "reviews").exists()


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_check_output_dir_ignores_hidden_folders(tmp_path):
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "README.md").write_text("x\n", encoding="utf-8")
    check_output_dir(out, tmp_path / "journal")


# ---------------------------------------------------------------------------
# Templates


def test_user_templates_override_the_packaged_ones(report, tmp_path):
    journal = tmp_path / "journal"
    (journal / ".mdgoals" / "templates").mkdir(parents=True)
    (journal / ".mdgoals" / "templates" / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Mine: {{ site.goals | length }} goals</h1>{% endblock %}\n', encoding="utf-8"
    )
    out = tmp_path / "site"
    build(report, out, journal, templates=theme)
    assert (out / "style.css").read_text(encoding="utf-8") == "body { color: rebeccapurple; }\n"
    assert f"<h1>Mine: {len(report.goals)} goals</h1>" in (out / "index.html").read_text(encoding="utf-8")


def test_a_broken_template_is_a_clear_error(report, tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "evidence.html").write_text("{% extends 'base.html' %}{% block main %}{{ no_such_name }}{% endblock %}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="template error.*no_such_name"):
        build(report, tmp_path / "site", templates=theme)
    (theme / "evidence.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="evidence.html:1"):
        build(report, tmp_path / "site", templates=theme)


def test_missing_templates_folder_is_a_usage_error(report, tmp_path):
    with pytest.raises(UsageError, match="--templates"):
        build(report, tmp_path / "site", templates=tmp_path / "nope")


# ---------------------------------------------------------------------------
# Determinism


def test_two_builds_are_byte_identical(report, tmp_path):
    build(report, tmp_path / "a")
    build(persona_report(84), tmp_path / "b")
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


_SUBPROCESS_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from site_factory import persona_report, note_index
from mdgoals.site import build_site
build_site(persona_report(120), Path(sys.argv[1]), journal_root=Path(sys.argv[1]).parent / "journal", notes=note_index(120))
"""


def test_builds_are_identical_across_time_zones_locales_and_hash_seeds(tmp_path):
    script = _SUBPROCESS_BUILD.format(tests=str(Path(__file__).parent))
    trees = []
    for i, (tz, seed, lang) in enumerate([("UTC", "0", "C.UTF-8"), ("Pacific/Kiritimati", "12345", "de_DE.UTF-8"), ("America/Adak", "random", "C")]):
        out = tmp_path / f"run{i}" / "site"
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed, "LANG": lang, "LC_ALL": lang}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=tmp_path)
        trees.append(files_of(out))
    assert trees[0] == trees[1] == trees[2]


# ---------------------------------------------------------------------------
# Rendering on two processors (mdgoals.parallel): the same folder, the same errors


@pytest.fixture
def split_rendering(monkeypatch):
    """Render every site on two processors, counting the forks."""
    from mdgoals import parallel
    from mdgoals import site as site_module

    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    if not parallel.can_fork():
        pytest.skip("needs fork, two processors and one thread")
    monkeypatch.setattr(site_module, "MIN_PAGES_TO_SPLIT", 0)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    return forks


def test_a_site_rendered_on_two_processors_is_the_same(report, tmp_path, monkeypatch, split_rendering):
    from mdgoals import parallel

    progress: list[tuple[int, int]] = []
    build(report, tmp_path / "two", progress=lambda done, total: progress.append((done, total)))
    assert split_rendering == [1]
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")
    build(report, tmp_path / "one")
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")
    total = len(files_of(tmp_path / "one")) - 1  # the manifest is not a page
    assert progress[-1] == (2 * total, 2 * total) and [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_a_template_error_in_the_childs_half_is_the_same_clear_error(report, tmp_path, split_rendering):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "week.html").write_text("{% extends 'base.html' %}{% block main %}{{ no_such_name }}{% endblock %}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="template error.*no_such_name"):
        build(report, tmp_path / "site", templates=theme)
    assert split_rendering == [1]
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.html"))  # nothing written
