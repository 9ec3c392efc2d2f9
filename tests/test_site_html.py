"""The pages themselves: escaping of hostile notes, no request leaving the page, structure for screen readers."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_factory import note_index, persona_report

from mdgoals.engine import compute_report
from mdgoals.model import Config, Evidence, Goal, Journal, Metric, Note, Status, Task
from mdgoals.render import render_report
from mdgoals.render.html import render_review_page
from mdgoals.site import build_site

AS_OF = dt.date(2026, 11, 22)
SCRIPT = "<script>alert('x')</script>"
TEMPLATE = "{{ 7*7 }}"
RAW = "{% raw %}raw{% endraw %}"
JS_LINK = "[click me](javascript:alert(1))"
HOSTILE_PATH = "javascript:alert(1)/<b>2026-11-18</b>.md"


class Page(HTMLParser):
    """Collect tags, attributes and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def hostile_report():
    """A journal whose every string tries to become markup, a link or a template."""
    day = dt.date(2026, 11, 18)
    goals = (
        Goal(id="evil", title=f"{SCRIPT} {TEMPLATE}", match_tags=("writing",), feeling="capable", mva_text=f"{SCRIPT} one line"),
        Goal(id="walk", title="Walk", match_tags=("walk",), feeling="<script>"),
        Goal(id="../../escape", title="A goal with a path for an id", match_tags=("x",)),
    )
    notes = []
    for i in range(10):
        date = day - dt.timedelta(days=9 - i)
        path = HOSTILE_PATH if date == day else f"journal/{date.isoformat()}.md"
        tasks = (
            Task(path, 3, Status.DONE, "x", f"Write {SCRIPT} {TEMPLATE} {JS_LINK}", ("writing", f"<script>tag{i}")),
            Task(path, 4, Status.DONE, "x", f"Walk {RAW}", ("walk",)),
        )
        evidence = (
            Evidence(path, 8, f"I did it {SCRIPT} {TEMPLATE} {RAW} {JS_LINK} <img src=x onerror=alert(1)>", ("capable",)),
            Evidence(path, 9, "javascript:alert(2)", ("<script>",)),
        )
        metrics = {"<img src=x onerror=alert(1)>": Metric(3, 2), "mood": Metric(4, 3)}
        notes.append(Note(path, date, tasks, metrics, evidence=evidence))
    return compute_report(Journal("<script>journal</script>", tuple(notes)), Config(goals=goals), AS_OF)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    journal = tmp_path_factory.mktemp("journal")
    out = journal / "site"  # inside the journal: pages link to the notes themselves
    report = hostile_report()
    notes = sorted({(e.date, e.path) for w in report.weeks for e in w.evidence})
    build_site(report, out, journal_root=journal, notes=notes)
    return out


def html_pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def assert_inert(name: str, text: str) -> Page:
    """Assert a page has no script, no event handler, and only relative or data: links."""
    page = parse(text)
    for tag, attrs in page.tags:
        assert tag not in ("script", "iframe", "object", "embed", "img", "base"), f"{name}: <{tag}>"
        for key, value in attrs.items():
            assert not key.startswith("on"), f"{name}: <{tag} {key}=…>"
            if key in ("href", "src", "xlink:href", "action", "formaction") and value is not None:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                assert urlsplit(cleaned).scheme in ("", "data"), f"{name}: {key}={value!r}"
                assert "javascript" not in cleaned.split("/")[0], f"{name}: {key}={value!r}"
                assert not cleaned.startswith("//"), f"{name}: {key}={value!r}"
    assert "<script" not in text.lower(), name
    return page


def test_hostile_notes_never_become_markup(hostile_site):
    pages = html_pages(hostile_site)
    assert pages
    seen = {"script": False, "template": False, "raw": False, "link": False}
    for name, text in pages.items():
        page = assert_inert(name, text)
        visible = page.all_text
        seen["script"] |= SCRIPT in visible
        seen["template"] |= TEMPLATE in visible
        seen["raw"] |= RAW in visible
        seen["link"] |= JS_LINK in visible
    # Each hostile string is shown, as text, somewhere: escaped, not dropped.
    assert all(seen.values()), seen


def test_templates_in_notes_are_not_evaluated(hostile_site):
    for name, text in html_pages(hostile_site).items():
        visible = parse(text).all_text
        assert "7*7" not in visible or TEMPLATE in visible, name
        assert " 49 " not in visible, name
        assert "raw{% endraw" not in visible.replace(RAW, ""), name


def test_hostile_goal_title_tag_metric_and_feeling_are_escaped(hostile_site):
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }}" in index
    week = (hostile_site / "weeks" / "2026-W47.html").read_text(encoding="utf-8")
    assert "#&lt;script&gt;tag9" in week  # a tag of a done micro-action
    assert "&lt;img src=x onerror=alert(1)&gt;" in week  # a front-matter metric name
    evidence = (hostile_site / "evidence.html").read_text(encoding="utf-8")
    assert "Feeling <em>&lt;script&gt;</em>" in evidence


def test_note_paths_become_relative_encoded_links(hostile_site):
    week = (hostile_site / "weeks" / "2026-W47.html").read_text(encoding="utf-8")
    assert 'href="../../javascript%3Aalert%281%29/%3Cb%3E2026-11-18%3C/b%3E.md"' in week
    assert "<code>javascript:alert(1)/&lt;b&gt;2026-11-18&lt;/b&gt;.md</code>" in week


def test_goal_pages_stay_inside_the_output_folder(hostile_site):
    names = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert all(not n.startswith("..") for n in names)
    assert any(re.fullmatch(r"goals/goal-[0-9a-f]{12}\.html", n) for n in names)


def test_markdown_reviews_escape_hostile_text(hostile_site):
    for review in (hostile_site / "reviews").glob("*.md"):
        text = review.read_text(encoding="utf-8")
        assert "<script>alert" not in text, review.name
        assert not re.search(r"(?<!\\)\]\(javascript:", text), review.name  # an escaped \] is no link


def test_no_request_leaves_any_page(tmp_path):
    out = tmp_path / "site"
    build_site(persona_report(84), out, journal_root=tmp_path / "journal", notes=note_index(84))
    css = (out / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and not re.search(r"url\((?!#)", css), "the stylesheet must not load anything"
    for name, text in html_pages(out).items():
        assert_inert(name, text)
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg\")", text), f"{name} names an external URL"


def test_pages_have_landmarks_headings_and_labelled_charts(tmp_path):
    out = tmp_path / "site"
    build_site(persona_report(84), out, journal_root=tmp_path / "journal", notes=note_index(84))
    for name, text in html_pages(out).items():
        page = parse(text)
        tags = [t for t, _ in page.tags]
        assert page.tags[0] == ("html", {"lang": "en"}), name
        assert "main" in tags and "header" in tags and "nav" in tags and "footer" in tags, name
        assert tags.count("h1") == 1, name
        for tag, attrs in page.tags:
            if tag == "svg" and attrs.get("aria-hidden") != "true":
                assert attrs.get("role") == "img" and attrs.get("aria-label"), f"{name}: unlabelled chart"
        assert re.findall(r'<svg class="(?!cell)[^"]*"[^>]*>(?!<title>)', text) == [], f"{name}: a chart without <title>"


def test_states_are_told_apart_without_colour():
    from mdgoals.model import DayState
    from mdgoals.render import svg

    cells = {svg.legend_cell(s) for s in DayState}
    assert len(cells) == len(DayState)
    # Beyond the fill colour (the class), each state draws a distinct shape or outline.
    css = (Path(__file__).resolve().parents[1] / "templates" / "style.css").read_text(encoding="utf-8")
    shapes = set()
    for state in DayState:
        cell = svg.legend_cell(state)
        mark = re.search(r'<path class="m[^"]*" d="([^"]*)"', cell)
        cls = svg.STATE_CLASS[state]
        rule = re.search(rf"\.{cls} \{{([^}}]*)\}}", css)
        outline = re.sub(r"fill:[^;]*;", "", rule.group(1)).strip() if rule else ""
        shapes.add((mark.group(1) if mark else "", outline, state is DayState.DONE))
    assert len(shapes) >= len(DayState) - 1  # not_due is the blank cell; every other state has its own shape


def test_report_format_html_is_one_self_contained_page():
    report = persona_report(84)
    page = render_report(report, "html")
    assert page == render_review_page(report)
    assert page.startswith("<!doctype html>") and page.endswith("</html>\n")
    assert "<style>" in page and 'rel="stylesheet"' not in page
    parsed = assert_inert("review", page)
    for tag, attrs in parsed.tags:
        href = attrs.get("href")
        if tag == "a" and href:
            assert href.startswith("#"), f"a link out of a self-contained page: {href}"
    assert "Weekly review" in page and "2026-W47" in page


def test_report_format_html_of_an_empty_journal():
    report = compute_report(Journal(".", ()), Config(), AS_OF)
    page = render_review_page(report)
    assert "<h1>" in page and "<style>" in page


def test_inline_stylesheet_cannot_close_its_element(tmp_path):
    from mdgoals.render.html import make_environment

    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text("/* </style><script>alert(1)</script> */\n", encoding="utf-8")
    page = render_review_page(persona_report(30), env=make_environment([theme]))
    assert "<script" not in page.lower().replace("<\\/style><script", "")
    assert page.lower().count("</style>") == 1


def _palettes() -> dict[str, dict[str, str]]:
    css = (Path(__file__).resolve().parents[1] / "templates" / "style.css").read_text(encoding="utf-8")
    light = css.split(":root {", 1)[1].split("}", 1)[0]
    dark = css.split("@media (prefers-color-scheme: dark)", 1)[1].split(":root {", 1)[1].split("}", 1)[0]
    read = lambda block: dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", block))  # noqa: E731
    return {"light": read(light), "dark": read(dark)}


def _contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        channels = [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_and_marks_have_enough_contrast(scheme):
    colours = _palettes()[scheme]
    text_pairs = [
        ("fg", "bg"), ("fg", "surface"), ("muted", "bg"), ("muted", "surface"), ("muted", "surface-2"),
        ("link", "bg"), ("link", "surface"), ("accent", "surface"), ("accent", "accent-soft"), ("warn", "warn-soft"),
        ("warn", "surface"),
    ]
    for fg, bg in text_pairs:
        assert _contrast(colours[fg], colours[bg]) >= 4.5, f"{scheme}: --{fg} on --{bg}"
    # A state's shape must stand out from its cell (WCAG non-text contrast, 3:1).
    for mark, cell in [("mark-mva", "mva"), ("mark-partial", "partial"), ("mark-missed", "missed"), ("mark-skipped", "skipped")]:
        assert _contrast(colours[mark], colours[cell]) >= 3, f"{scheme}: --{mark} on --{cell}"
    assert _contrast(colours["done"], colours["surface"]) >= 3, f"{scheme}: a done cell must stand out"
