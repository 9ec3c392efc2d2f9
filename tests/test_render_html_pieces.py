"""html_pieces writes what markupsafe and the template loops it replaced would write."""

from __future__ import annotations

from markupsafe import Markup, escape

from mdgoals.render import html_pieces

HOSTILE = [
    "", "plain", "<script>alert(1)</script>", "a & b", "\"quoted\"", "it's", "&amp; already", "{{ 7*7 }}", "javascript:x",
    "<<>>&&''\"\"", "ünïcødé ✓ – —", "\x00\x1b[31m", "a\nb\tc", "%s %(x)s {0}",
]


def test_esc_is_markupsafe_escape() -> None:
    for text in HOSTILE:
        assert html_pieces._esc(text) == str(escape(text))
        assert type(html_pieces._esc(text)) is str
    assert html_pieces._esc(Markup("<b>safe</b>")) == "<b>safe</b>"


def test_legend_takes_a_list_or_a_tuple() -> None:
    items = [("done <b>", Markup("<svg/>")), ("it's", "<i>")]
    expected = '<ul class="legend" aria-label="L&#34;">\n  <li><svg/> done &lt;b&gt;</li>\n  <li>&lt;i&gt; it&#39;s</li>\n</ul>'
    assert html_pieces.legend(items, 'L"') == expected
    assert html_pieces.legend(tuple(items), 'L"') == expected


def test_metric_and_tag_rows_escape_names() -> None:
    rows = html_pieces.metric_rows([("<m>", "1", "2.5", "1", "4")])
    assert rows == '      <tr><th scope="row">&lt;m&gt;</th><td class="num">1</td><td class="num">2.5</td><td class="num">1</td><td class="num">4</td></tr>'
    assert html_pieces.tag_items([("a&b", 3), ("x", 1)]) == '    <li><span class="tag">#a&amp;b</span> 3</li>\n    <li><span class="tag">#x</span> 1</li>'


def test_week_index_and_month_rows_escape_what_they_quote() -> None:
    import datetime as dt

    from mdgoals.render.links import Link
    from mdgoals.render.views import MonthDays
    from mdgoals.render.week_views import WeekSummary

    s = WeekSummary(Link("2026-W47", "weeks/2026-W47.html"), "16–22 November 2026", 3, 4, 1, (("50%", True, "<b>'x'</b>: 1 of 2"), ("", None, "y: –")), True)
    assert html_pieces.week_index_rows([s], '"../') == (
        '    <tr class="current">\n      <th scope="row"><a href="&#34;../weeks/2026-W47.html">2026-W47</a><br><small>16–22 November 2026</small></th>\n'
        '      <td class="num">3</td><td class="num">4</td><td class="num">1</td>\n'
        '      <td class="num met" title="&lt;b&gt;&#39;x&#39;&lt;/b&gt;: 1 of 2">50% ✓</td>\n'
        '      <td class="num" title="y: –"></td>\n    </tr>'
    )
    month = MonthDays("November 2026", "m2026-11", 1, ((None, (dt.date(2026, 11, 2), "weeks/a&b.html"), (dt.date(2026, 11, 3), None)),))
    assert html_pieces.month_rows(month, "") == (
        '        <tr><td></td><td class="has"><a href="weeks/a&amp;b.html" title="2026-11-02: note">2</a></td><td class="none">3</td></tr>'
    )
