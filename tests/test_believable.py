"""Marks a teacher would sign: each case a new user found unbelievable, marked for real.

Every essay here is built from the sample essays and marked with a built-in rubric, the real
grammar engine and the real report, as `grader check` would.
"""

from __future__ import annotations

import re

from grader.essay import Essay
from grader.marking.pipeline import EssayResult, mark_essay
from grader.output.report.model import essay_page
from grader.output.report.render import render_essay
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES

STRONG = (SAMPLES / "strong_essay.txt").read_text(encoding="utf-8")


def mark(text: str, rubric: str, services: Services) -> EssayResult:
    return mark_essay(Essay.from_text(text, student="pupil"), load_rubric(rubric), services)


def top_two(rubric: Rubric) -> set[str]:
    return {b.grade for b in sorted(rubric.grades, key=lambda b: b.min, reverse=True)[:2]}


def criterion(result: EssayResult, kind: str) -> object:
    return next(c for c in result.criteria if c.kind == kind)


def short_history_with_three_wrong_facts() -> str:
    """About 300 words of the mixed-accuracy sample, with three dates wrong."""
    paragraphs = (SAMPLES / "mixed_accuracy_essay.txt").read_text(encoding="utf-8").split("\n\n")
    text = "\n\n".join(paragraphs[i] for i in (1, 2, 4, 6))
    # The sample already gets Bukharin's (1937) and Tukhachevsky's (1939) deaths wrong.
    assert "executed in 1937" in text and "June 1939" in text
    return text.replace("shot on 29 December 1934", "shot on 29 December 1937")


def test_a_short_history_essay_with_three_wrong_facts_is_not_a_top_grade(
    services: Services,
) -> None:
    text = short_history_with_three_wrong_facts()
    assert 270 <= Essay.from_text(text, "x").word_count <= 330
    result = mark(text, "history-essay-great-terror", services)
    facts = criterion(result, "facts")
    assert facts.measures["contradicted"] >= 3  # type: ignore[attr-defined]
    assert result.total.grade not in top_two(result.rubric) | {"B"}
    assert result.total.percent < 70
    assert facts.level.score <= 3  # type: ignore[attr-defined]
    from grader.output.report.model import level_reasons  # the count the card states

    checked = level_reasons(facts)[0]  # type: ignore[arg-type]
    assert "claims checked against the fact sheet" in checked and " wrong" in checked


def test_a_one_block_essay_under_the_minimum_is_not_a_top_grade(services: Services) -> None:
    text = (SAMPLES / "one_block_essay.txt").read_text(encoding="utf-8")
    result = mark(text, "history-essay-great-terror", services)
    assert result.essay.word_count < 600 and len(result.essay.paragraphs) == 1
    structure = criterion(result, "structure")
    assert structure.level.score <= 3  # type: ignore[attr-defined]
    assert "structure.one-block" in {f.code for f in structure.findings}  # type: ignore[attr-defined]
    assert result.total.grade not in top_two(result.rubric)


def planted_errors(text: str) -> str:
    """Plant the errors a real class makes: agreement, spelling, its/it's, their/there."""
    swaps = {
        "Stalin did not treat": "Stalin didnt treat",
        "were later arrested": "was later arrested",
        "There were three major trials": "Their was three major trials",
        "whose book": "who's book",
        "the security police": "the securty police",
        "proved far more ruthless": "proved alot more ruthless",
        "its own records": "it's own records",
        "received": "recieved",
        "carefully staged": "carefuly staged",
        "Historians have long debated": "historians has long debated",
    }
    for right, wrong in swaps.items():
        text = text.replace(right, wrong)
    return text


def test_an_essay_with_planted_errors_is_not_accurate(services: Services) -> None:
    clean = mark(STRONG, "history-essay-great-terror", services)
    result = mark(planted_errors(STRONG), "history-essay-great-terror", services)
    mechanics = criterion(result, "mechanics")
    top = max(level.score for level in mechanics.levels)  # type: ignore[attr-defined]
    assert criterion(clean, "mechanics").level.score == top  # type: ignore[attr-defined]
    assert mechanics.level.score < top  # type: ignore[attr-defined]
    page = essay_page(result, "today")
    assert not any(line.startswith(mechanics.name) for line in page.went_well)  # type: ignore[attr-defined]


def lengthen_sentences(text: str, count: int) -> str:
    """Join pairs of sentences in the first paragraphs into sentences of 38 to 60 words."""
    joined = 0
    out = []
    for paragraph in text.split("\n\n"):
        sentences = re.split(r"(?<=\.) ", paragraph)
        merged: list[str] = []
        for sentence in sentences:
            if joined < count and merged and 38 <= len((merged[-1] + sentence).split()) <= 60:
                merged[-1] = merged[-1].rstrip(".") + ", and " + sentence[0].lower() + sentence[1:]
                joined += 1
            else:
                merged.append(sentence)
        out.append(" ".join(merged))
    assert joined == count
    return "\n\n".join(out)


def test_long_sentences_rule_out_the_top_clarity_level_and_its_praise(
    services: Services,
) -> None:
    result = mark(lengthen_sentences(STRONG, 3), "history-essay-great-terror", services)
    clarity = criterion(result, "readability")
    long = [f for f in clarity.findings if f.code == "readability.long-sentence"]  # type: ignore[attr-defined]
    assert len(long) >= 3
    top = max(level.score for level in clarity.levels)  # type: ignore[attr-defined]
    assert clarity.level.score < top  # type: ignore[attr-defined]
    assert clarity.capped_because  # type: ignore[attr-defined]
    page = essay_page(result, "today")
    assert not any("pitched at the right level" in line for line in page.went_well)
    assert not any(line.startswith("Clarity") for line in page.went_well)


def test_one_sentence_of_two_thousand_words_says_so(services: Services) -> None:
    words = re.sub(r"[.;:!?]", ",", STRONG.replace("\n\n", " ")).split()
    text = " ".join((words * 3)[:2000]) + "."
    result = mark(text, "general-essay", services)
    assert len(result.essay.sentences) == 1
    for kind in ("readability", "mechanics"):
        assert criterion(result, kind).level.score == 1, kind  # type: ignore[attr-defined]
    assert result.total.grade in {"D", "E", "U"}
    html = render_essay(essay_page(result, "today"))
    assert re.search(r"runs on for 2,?0\d\d words", html), "the run-on is not named"
    grade = f"{result.criteria[1].measures['reading_grade']:.1f}"
    assert f"grade {grade}" not in html  # never a formula's nonsense value as a reading grade
