from __future__ import annotations

from grader.essay import Essay
from grader.marking import mark_essay
from grader.report.model import essay_page, index_page
from grader.report.render import render_essay, render_index
from grader.rubric import load_rubric
from grader.services import Services

HOSTILE = (
    "My essay <script>alert('x')</script> about Stalin.\n\n"
    'Kirov was killed in 1934 <img src=x onerror="alert(1)"> in Leningrad & more.'
)


def test_essay_text_can_never_inject_markup() -> None:
    essay = Essay.from_text(HOSTILE, student="<b>Sam</b>")
    result = mark_essay(essay, load_rubric(), Services())
    html = render_essay(essay_page(result, "2026-01-01"))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Sam" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    overview = render_index(index_page("T", [("sam.html", result)], [("<i>x</i>", "bad")], "d"))
    assert "<i>x</i>" not in overview and "&lt;b&gt;Sam&lt;/b&gt;" in overview


def test_report_is_self_contained() -> None:
    essay = Essay.from_text("Stalin ruled. The purge began in 1936. Many died.", student="s")
    html = render_essay(essay_page(mark_essay(essay, load_rubric(), Services()), "2026-01-01"))
    assert "<style>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html
