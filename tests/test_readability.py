from __future__ import annotations

import textstat

from grader.analysers.readability import analyse_readability, measure_readability
from grader.essay import Essay
from grader.rubric import Range, ReadabilityCriterion
from grader.services import Services
from tests.conftest import SAMPLES, SEED

SIMPLE = "The cat sat. The dog ran. We had fun. It was hot. The sun set. We went home."


def criterion(low: float = 8, high: float = 12) -> ReadabilityCriterion:
    return ReadabilityCriterion(
        id="readability",
        name="Readability",
        kind="readability",
        target_grade=Range(min=low, max=high),
    )


def test_flesch_kincaid_grade_equals_textstat_on_the_seed_essay() -> None:
    Services().syllables()
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    measures = measure_readability(essay.text)
    assert measures["flesch_kincaid_grade"] == textstat.flesch_kincaid_grade(essay.text)
    assert round(measures["flesch_kincaid_grade"], 1) == 15.8
    for name in (
        "flesch_reading_ease",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "dale_chall",
        "reading_grade",
    ):
        assert name in measures


def test_hard_essay_is_flagged_too_hard_over_the_whole_text() -> None:
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    assessment = analyse_readability(essay, criterion(), Services())
    assert assessment.measures["grade_distance"] > 4
    [finding] = assessment.findings
    assert finding.code == "readability.too-hard"
    assert (finding.start, finding.end) == (0, len(essay.text))
    assert "above the target of 8–12" in finding.message


def test_simple_text_is_flagged_too_easy_for_a_high_band() -> None:
    essay = Essay.from_text(SIMPLE, "simple")
    assessment = analyse_readability(essay, criterion(8, 12), Services())
    [finding] = assessment.findings
    assert finding.code == "readability.too-easy"
    assert assessment.measures["grade_distance"] == 8 - assessment.measures["reading_grade"]


def test_essay_inside_its_band_has_no_finding() -> None:
    essay = Essay.from_text((SAMPLES / "strong_essay.txt").read_text(encoding="utf-8"), "s")
    grade = measure_readability(essay.text)["reading_grade"]
    assessment = analyse_readability(essay, criterion(grade - 1, grade + 1), Services())
    assert assessment.findings == ()
    assert assessment.measures["grade_distance"] == 0
