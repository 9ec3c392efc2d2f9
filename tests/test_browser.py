"""The sample site in a real browser: Debian's chromium driven by playwright, every page from file://.

Fails (does not skip) when /usr/bin/chromium is missing: CI installs it (.ci/run).
Screenshots of the dashboard (light, dark, phone) go to the test's tmp folder.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import AS_OF, REPO

from mdgoals.api import load_journal
from mdgoals.engine import compute_report
from mdgoals.site import build_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    root = REPO / "sample-journal"
    loaded = load_journal(root, exclude_dirs=(out,))
    report = compute_report(loaded.journal, loaded.config, dt.date.fromisoformat(AS_OF))
    build_site(report, out, journal_root=root, notes=[(n.date, n.path) for n in loaded.journal.notes])
    return out


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Record console errors, page errors and any request that is not file:// or data:."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))

    def _request(self, request) -> None:
        if not request.url.startswith(("file://", "data:")):
            self.problems.append(f"network request: {request.url}")


def test_every_page_opens_cleanly_from_file_urls(site, browser):
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1, path.name
        assert page.locator("main").count() == 1, path.name
        assert watch.problems == [], f"{path.relative_to(site)}: {watch.problems}"
    context.close()


def test_heatmaps_have_one_cell_per_day_of_history(site, browser):
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    watch = Watch(page)
    for goal in report["goals"]:
        page.goto((site / "goals" / f"{goal['id']}.html").as_uri())
        cells = page.locator("svg.heatmap rect.c")
        assert cells.count() == len(goal["days"]), goal["id"]
        if goal["days"]:
            titles = cells.evaluate_all("els => els.map(e => e.querySelector('title').textContent)")
            assert sorted(t.split(":")[0] for t in titles) == sorted(goal["days"])
            first_day, state = next(iter(goal["days"].items()))
            assert any(t.startswith(f"{first_day}: ") for t in titles)
            years = {d[:4] for d in goal["days"]}
            assert page.locator("svg.heatmap").count() == len(years)
            assert page.locator("ul.legend li").count() >= 1
    assert watch.problems == []
    page.close()


def test_dashboard_shows_every_goal_in_light_dark_and_on_a_phone(site, browser, tmp_path):
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    backgrounds = {}
    for scheme, width in (("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        page = context.new_page()
        watch = Watch(page)
        page.goto((site / "index.html").as_uri())
        cards = page.locator("ol.goals > li")
        assert cards.count() == len(report["goals"])
        for goal in report["goals"]:
            heading = page.get_by_role("heading", name=goal["title"], exact=True)
            assert heading.count() == 1 and heading.is_visible(), goal["title"]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the dashboard scrolls sideways at {width}px ({scheme})"
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.screenshot(path=str(tmp_path / f"dashboard-{scheme}-{width}.png"), full_page=True)
        assert watch.problems == []
        context.close()
    assert backgrounds["light"] != backgrounds["dark"]
    assert (tmp_path / "dashboard-light-1280.png").stat().st_size > 10_000


def test_week_page_and_goal_page_screenshots(site, browser, tmp_path):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    for name in ("weeks/2026-W47.html", "goals/write.html", "evidence.html", "days.html"):
        page.goto((site / name).as_uri())
        page.screenshot(path=str(tmp_path / (name.replace("/", "-") + ".png")), full_page=True)
    page.emulate_media(media="print")
    page.goto((site / "index.html").as_uri())
    assert page.locator("header nav").is_hidden()  # print styles drop the navigation
    assert watch.problems == []
    context.close()


def test_hostile_notes_never_run_in_the_browser(browser, tmp_path):
    from test_site_html import hostile_report

    journal = tmp_path / "journal"
    out = journal / "site"
    journal.mkdir()
    report = hostile_report()
    build_site(report, out, journal_root=journal, notes=sorted({(e.date, e.path) for w in report.weeks for e in w.evidence}))
    page = browser.new_page()
    watch = Watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in sorted(out.rglob("*.html")):
        page.goto(path.as_uri())
        assert page.evaluate("document.scripts.length") == 0, path.name
        links = page.evaluate("[...document.querySelectorAll('[href]')].map(a => a.href)")
        assert all(link.startswith(("file://", "data:")) for link in links), path.name
    page.goto((out / "evidence.html").as_uri())
    assert "{{ 7*7 }}" in page.inner_text("main")
    assert dialogs == [] and watch.problems == []
    page.close()
