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


# The template loops the pieces replaced (templates/week.html and _macros.html before html_pieces), word for word:
# the pieces must write what they wrote for any text, not only the sample journal's (tests/golden holds that one).
_OLD_LOOPS = {
    "day_grid": """{% import "_macros.html" as m %}<tbody>
{% for r in w.rows %}
      <tr>
        <th scope="row">{{ m.goal_link(r.goal, root, standalone) }}</th>
{% for c in r.cells %}
        <td class="st" title="{{ c.title }}">{{ c.cell }}<span class="sr">{{ c.word }}</span></td>
{% endfor %}
        <td class="sum">{{ r.summary }}{% if r.quantity %}<br><small>{{ r.quantity }}</small>{% endif %}</td>
        <td class="num">{{ r.rate }}{% if r.met %} <span class="ok" title="met">✓</span>{% endif %}</td>
      </tr>
{% endfor %}
</tbody>""",
    "head_cells": """<tr>{% for day, date, long in w.heads %}<th scope="col" class="day"><abbr title="{{ long }}">{{ day }}<br><span class="date">{{ date }}</span></abbr></th>{% endfor %}</tr>""",
    "ladder_items": """{% import "_macros.html" as m %}<ul>
{% for l in w.ladder %}
    <li><span class="level">{{ l.goal.level_word }}</span> {{ m.goal_link(l.goal, root, standalone) }}: {{ l.text }}{% if l.met %} <span class="ok">✓ met</span>{% elif l.met == false %} <span class="no">not met</span>{% endif %} {{ l.meter }}</li>
{% endfor %}
</ul>""",
    "day_list": """<ul>
{% for d in w.days %}
    <li id="{{ d.anchor }}"{% if d.future %} class="future"{% endif %}><span class="date">{{ d.text }}</span> {% if d.notes %}{% for path, href in d.notes %}{% if href and not standalone %}<a href="{{ root }}{{ href }}"><code>{{ path }}</code></a>{% else %}<code>{{ path }}</code>{% endif %}{% if not loop.last %}, {% endif %}{% endfor %}{% elif d.future %}<span class="muted">still to come</span>{% else %}<span class="muted">no note</span>{% endif %}{% if d.evidence %} · {{ d.evidence | plural("win") }}{% endif %}</li>
{% endfor %}
</ul>""",
    "evidence": """{% for group in w.evidence %}
<div class="feeling">
  <{{ heading }}>{% if group.feeling %}Feeling <em>{{ group.feeling }}</em>{% else %}Other wins{% endif %} <span class="count">{{ group.entries | length | plural("entry", "entries") }}</span></{{ heading }}>
{% if group.feeders %}
  <p class="feeders">Fed by {{ group.feeders | join("; ") }}</p>
{% endif %}
  <ul class="wins">
{% for e in group.entries %}
    <li><blockquote>{{ e.text }}</blockquote> <span class="src">{% if standalone %}{{ e.date_text }}{% else %}<a href="{{ root }}{{ e.day_href }}">{{ e.date_text }}</a>{% endif %} · {% if e.note_href and not standalone %}<a href="{{ root }}{{ e.note_href }}"><code>{{ e.path }}</code></a>{% else %}<code>{{ e.path }}</code>{% endif %}</span></li>
{% endfor %}
  </ul>
</div>
{% endfor %}""",
}
_NEW_PIECES = {
    "day_grid": "<tbody>\n{{ w.day_grid(root, standalone) }}\n</tbody>",
    "head_cells": "<tr>{{ w.head_cells }}</tr>",
    "ladder_items": "<ul>\n{{ w.ladder_items(root, standalone) }}\n</ul>",
    "day_list": "<ul>\n{{ w.day_list(root, standalone) }}\n</ul>",
    "evidence": "{{ evidence_html(w.evidence, root, standalone, heading) }}",
}


def _hostile_week_views():
    from builders import goal, note, report, task

    from mdgoals.model import Level
    from mdgoals.render.views import SiteView

    notes = [
        note(
            f"2026-11-{day:02d}",
            task(text, tags=["a&b", "w<k>"], qty=day * 1.5 if day % 3 else None, unit="w<\"'>"),
            evidence=[(text, ["f<e>l&"]), (HOSTILE[(day + 1) % len(HOSTILE)], [])],
            path=f"20&/{HOSTILE[day % len(HOSTILE)][:6]}{day}.md",
        )
        for day, text in enumerate(HOSTILE[1:], start=9)
    ]
    goals = [
        goal("a&b", title="Write <b>\"it's\"</b> & more", unit="w<\"'>", feeling="f<e>l&", match_tags=("a&b",)),
        goal("q", title="<script>q</script>", every="3/week", match_tags=("w<k>",), feeling="f<e>l&"),
        goal("wk", title="Week & <i>", level=Level.WEEK, target=20, unit="w<\"'>", match_tags=("a&b",)),
    ]
    rep = report(notes, goals, "2026-11-20")
    site = SiteView.build(rep, [(n.date, n.path) for n in notes], note_base="../\"j<\"/")
    return [site.week_view(w) for w in rep.weeks]


def test_week_pieces_write_what_the_template_loops_wrote_for_hostile_text() -> None:
    from mdgoals.render.html import make_environment

    env = make_environment()
    views = _hostile_week_views()
    assert any(v.ladder for v in views) and any(g.feeders for v in views for g in v.evidence)
    for w in views:
        for standalone in (False, True):
            args = {"w": w, "root": "../\"'<", "standalone": standalone, "heading": "h3"}
            for name, old in _OLD_LOOPS.items():
                expected = env.from_string(old).render(args)
                assert env.from_string(_NEW_PIECES[name]).render(args) == expected, (name, w.label, standalone)
                assert "<script>" not in expected and "<b>" not in expected
