"""Report view models and rendering: segmentation, notes, escaping, self-containment."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

from grader.essay import Essay
from grader.findings import Assessment, Finding, Severity, Verdict
from grader.marking.pipeline import EssayResult, mark_essay
from grader.marking.scoring import score_criterion, total_for
from grader.output.report.model import essay_page, highlight_of
from grader.output.report.overview import index_page
from grader.output.report.render import render_essay, render_index
from grader.rubric_loader import load_rubric
from grader.services import Services

TEXT = "Kirov was shot in 1935 in Leningrad. Stalin recieved the news.\n\nThe terror grew."
HOSTILE = (
    "My essay <script>alert('x')</script> about Stalin.\n\n"
    'Kirov was killed in 1934 <img src=x onerror="alert(1)"> in Leningrad & more.'
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def result_with(findings: list[Finding], text: str = TEXT) -> EssayResult:
    """Score a real essay under the history rubric with the given findings."""
    essay = Essay.from_text(text, student="sam")
    rubric = load_rubric("history-essay-great-terror")
    measures: dict[str, dict[str, float]] = {
        "facts": {"accuracy": 0.5, "coverage": 0.5, "contradicted": 1, "supported": 1},
        "structure": {"length_share": 1, "sentence_count": 40, "thesis_stated": 1},
        "readability": {"grade_distance": 0.0, "unique_words": 300},
        "mechanics": {"errors_per_100_words": 3, "minimum_share": 1},
    }
    criteria = tuple(
        score_criterion(
            c, Assessment(measures[c.id], tuple(f for f in findings if f.criterion == c.id))
        )
        for c in rubric.criteria
    )
    return EssayResult(essay, rubric, criteria, total_for(rubric, criteria))


def finding(
    kind: str,
    code: str,
    start: int,
    end: int,
    verdict: Verdict | None = None,
    source: str = "",
    severity: Severity = "warning",
) -> Finding:
    return Finding(
        criterion=kind,
        kind=kind,
        code=code,
        severity=severity,
        message=f"{code} message",
        start=start,
        end=end,
        verdict=verdict,
        source=source or None,
    )


def test_overlapping_highlights_are_cut_into_pieces_with_their_notes() -> None:
    sentence = span(TEXT, "Kirov was shot in 1935 in Leningrad.")
    year = span(TEXT, "1935")
    typo = span(TEXT, "recieved")
    page = essay_page(
        result_with(
            [
                finding("readability", "readability.long-sentence", *sentence),
                finding("facts", "facts.kirov", *year, verdict="contradicted", source="Conquest"),
                finding("mechanics", "mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB", *typo),
            ]
        ),
        "2026-01-01",
    )
    first = page.paragraphs[0]
    assert "".join(p.text for p in first.pieces) == TEXT.split("\n\n")[0]
    year_piece = next(p for p in first.pieces if p.text == "1935")
    assert "hl-fact-contradicted" in year_piece.classes and "hl-readability" in year_piece.classes
    assert year_piece.notes.split() == ["note-1", "note-2"]
    assert [n.number for n in year_piece.markers] == [2]
    typo_piece = next(p for p in first.pieces if p.text == "recieved")
    assert typo_piece.classes == "hl-mech-spelling k-mechanics"
    assert [n.label for n in page.notes] == ["Readability", "Fact checked: wrong", "Spelling"]
    assert page.notes[1].excerpt == "1935" and page.notes[1].source == "Conquest"
    assert [(f.kind, f.count) for f in page.filters] == [
        ("facts", 1),
        ("mechanics", 1),
        ("readability", 1),
    ]


def test_whole_essay_and_paragraph_findings_are_not_inline_highlights() -> None:
    essay = Essay.from_text(TEXT, "sam")
    second = essay.paragraphs[1]
    page = essay_page(
        result_with(
            [
                finding("readability", "readability.too-hard", 0, len(essay.text)),
                finding("structure", "structure.no-conclusion", second.start, second.end),
                finding("facts", "facts.order-00447", 0, 0, verdict="missing"),
            ]
        ),
        "2026-01-01",
    )
    assert [n.highlight for n in page.general_notes] == ["readability", "fact-missing"]
    assert [n.highlight for n in page.paragraphs[1].notes] == ["structure"]
    assert all(not p.classes for para in page.paragraphs for p in para.pieces)


def test_fact_table_and_cards_say_what_to_do() -> None:
    year = span(TEXT, "1935")
    page = essay_page(
        result_with(
            [
                finding("facts", "facts.kirov", *year, verdict="contradicted", source="Conquest"),
                finding("facts", "facts.nkvd", 0, 5, verdict="supported", source="Werth"),
            ]
        ),
        "2026-01-01",
    )
    assert [(r.verdict, r.said, r.source) for r in page.facts] == [
        ("Correct", "Kirov", "Werth"),
        ("Wrong", "1935", "Conquest"),
    ]
    facts_card = page.cards[0]
    assert facts_card.comments == ("facts.kirov message (note 2)",)
    assert facts_card.level_position == "(Level 3 of 6)"
    assert facts_card.reasons[0].startswith(
        "2 claims checked against the fact sheet: 1 right, 1 wrong"
    )
    assert [line.label for line in facts_card.evidence] == [
        "Checked claims that are right",
        "Required facts mentioned",
        "No claim contradicted by the fact sheet",
    ]
    assert facts_card.steps == (True, True, True, False, False, False)
    assert any("facts.kirov message" in line for line in page.even_better_if)
    assert "You stated 1 fact correctly." in page.went_well


def test_mechanics_highlight_follows_the_rule_category() -> None:
    def highlight(code: str) -> str:
        return highlight_of(finding("mechanics", code, 0, 1))

    assert highlight("mechanics.GRAMMAR.MD_BASEFORM") == "mech-grammar"
    assert highlight("mechanics.PUNCTUATION.COMMA") == "mech-punctuation"
    assert highlight("mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB") == "mech-spelling"


def test_overview_counts_distribution_averages_and_common_issues() -> None:
    typo = span(TEXT, "recieved")
    comma = span(TEXT, "Stalin")
    weak = result_with(
        [
            finding("mechanics", "mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB", *typo, severity="error"),
            # a suggestion is not an error: the class's commonest errors leave it out
            finding("mechanics", "mechanics.STYLE.SOME_STYLE_RULE", *comma, severity="suggestion"),
        ]
    )
    page = index_page(
        "History", [("a.html", weak), ("b.html", weak)], [("x.txt", "is empty")], "2026-01-01"
    )
    assert sum(bar.count for bar in page.bars) == 2
    assert page.averages[0].name == "Factual accuracy"
    assert page.common[0].students == 2 and "recieved" in page.common[0].issue
    assert len(page.common) == 1
    assert page.summary == "2 essays marked, 1 could not be marked"


def test_essay_text_can_never_inject_markup() -> None:
    essay = Essay.from_text(HOSTILE, student="<b>Sam</b>")
    result = mark_essay(essay, load_rubric(), Services())
    html = render_essay(essay_page(result, "2026-01-01"))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Sam" not in html
    article = html[html.index('<article class="essay"') : html.index("</article>")]
    words = unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="marker.*?</a>', "", article)))
    assert "<script>alert('x')</script>" in words
    assert '<img src=x onerror="alert(1)">' in words
    overview = render_index(index_page("T", [("sam.html", result)], [("<i>x</i>", "bad")], "d"))
    assert "<i>x</i>" not in overview and "&lt;b&gt;Sam&lt;/b&gt;" in overview


def test_report_is_self_contained() -> None:
    essay = Essay.from_text("Stalin ruled. The purge began in 1936. Many died.", student="s")
    html = render_essay(essay_page(mark_essay(essay, load_rubric(), Services()), "2026-01-01"))
    assert "<style>" in html and "<script>" in html
    for external in ("http://", "https://", "<link", "src=", "@import", "url("):
        assert external not in html


def test_a_repeated_mistake_is_highlighted_every_time() -> None:
    text = "Stalin recieved news. Kirov recieved a letter. Then the terror grew worse."
    first, second = span(text, "recieved"), (text.rindex("recieved"), text.rindex("recieved") + 8)
    repeated = Finding(
        criterion="mechanics",
        kind="mechanics",
        code="mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB",
        severity="error",
        message="Spelling: ‘recieved’ ×2",
        start=first[0],
        end=first[1],
        also_at=(second,),
    )
    page = essay_page(result_with([repeated], text), "2026-01-01")
    marked = [p for p in page.paragraphs[0].pieces if p.classes]
    assert [p.text for p in marked] == ["recieved", "recieved"]
    assert all(p.notes == "note-1" and [n.number for n in p.markers] == [1] for p in marked)


def test_a_level_named_by_its_place_is_not_named_twice(tmp_path: Path) -> None:
    # Calibrated rubrics name their levels "Level n of m"; the card must not add it again.
    path = tmp_path / "calibrated.yaml"
    path.write_text(
        "extends: general-essay\ntitle: Calibrated\ncriteria:\n"
        "  - id: length\n    name: Length\n    kind: structure\n    measure: word_count\n"
        "    levels:\n"
        "      - {score: 4, label: Level 2 of 2, min: 100.5, descriptor: 'Words: 101 or more'}\n"
        "      - {score: 0, label: Level 1 of 2, max: 100.5, descriptor: 'Words: up to 100'}\n",
        encoding="utf-8",
    )
    rubric = load_rubric(str(path))
    essay = Essay.from_text(TEXT, student="sam")
    criteria = tuple(
        score_criterion(c, Assessment({"word_count": 50.0} if c.id == "length" else {}))
        for c in rubric.criteria
        if c.id == "length"
    )
    page = essay_page(EssayResult(essay, rubric, criteria, total_for(rubric, criteria)), "x")
    assert (page.cards[0].level, page.cards[0].level_position) == ("Level 1 of 2", "")


def test_the_fact_heat_map_counts_students_not_sentences() -> None:
    # Two sentences get Kirov's murder right: the student still counts once, so no share of the
    # class passes 100%.
    twice = "Kirov was shot in 1934 in Leningrad. Kirov was killed on 1 December 1934."
    essay = Essay.from_text(twice, student="sam")
    rubric = load_rubric("history-essay-great-terror")
    right = mark_essay(essay, rubric, Services(grammar_engine="lingotweaker"))
    assert len([f for f in right.findings if f.fact == "kirov-assassination"]) == 2
    page = index_page("History", [("a.html", right), ("b.html", result_with([]))], [], "2026-01-01")
    (row,) = [r for r in page.heat if r.fact.startswith("Sergei Kirov")]
    assert row.fact.startswith("Sergei Kirov")  # the sheet's words, not its id
    # the other student never mentions it: missing, so the row adds up to the whole class
    assert [c.share for c in row.cells] == ["50%", "0%", "0%", "50%"]


def test_a_fact_correction_and_its_source_are_shown_once() -> None:
    rubric = load_rubric("history-essay-great-terror")
    text = "Kirov was shot in 1935 in Moscow, and the terror began at once.\n\nIt was cruel."
    result = mark_essay(
        Essay.from_text(text, "sam"), rubric, Services(grammar_engine="lingotweaker")
    )
    wrong = next(f for f in result.findings if f.verdict == "contradicted")
    assert wrong.source and wrong.expected
    html = unescape(render_essay(essay_page(result, "2026-01-01")))
    assert html.count(wrong.source) == 1  # in the note, on demand
    assert html.count(wrong.expected) == 1


def test_one_row_per_rule_among_the_commonest_errors() -> None:
    comma = span(TEXT, "Stalin")
    other = span(TEXT, "terror")
    rule = "mechanics.PUNCTUATION.COMMA_RULE"
    # one rule, two messages: each names the words it is about
    first = result_with(
        [replace(finding("mechanics", rule, *comma, severity="error"), message="‘A’: comma")]
    )
    second = result_with(
        [replace(finding("mechanics", rule, *other, severity="error"), message="‘B’: comma")]
    )
    page = index_page("History", [("a.html", first), ("b.html", second)], [], "2026-01-01")
    assert [(c.students, c.occurrences) for c in page.common] == [(2, 2)]


def test_a_letters_report_calls_it_a_letter(tmp_path: Path) -> None:
    rubric_file = tmp_path / "letter.yaml"
    rubric_file.write_text("extends: general-essay\ngenre: letter\n", encoding="utf-8")
    letter = (
        "Dear Sir or Madam,\n\nI am writing to ask the council to mend the swings in Elm Park. "
        "They have been broken since May and the children of our street have nowhere to play."
        "\n\nYours faithfully,\nSam Reed\n"
    )
    result = mark_essay(Essay.from_text(letter, "Sam"), load_rubric(str(rubric_file)), Services())
    page = unescape(render_essay(essay_page(result, "2026-12-08")))
    assert "Your letter with comments" in page and "Your essay with comments" not in page
    assert "Your letter has " in page and "the whole letter" in page
    essay = mark_essay(Essay.from_text(letter, "Sam"), load_rubric("general-essay"), Services())
    assert "Your essay with comments" in render_essay(essay_page(essay, "2026-12-08"))
