"""Every card's level descriptor is true of its essay (grader.rubric.evidence.DESCRIPTOR_CLAIMS).

Run over the samples under every built-in rubric, the sanity sets, and 300 ASAP test essays
(when ../shared/datasets is there): a card whose measures deny its own descriptor fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.asap import ASAP, load_prompt, split
from grader.essay import Essay
from grader.findings import Assessment
from grader.marking.pipeline import mark_essay
from grader.marking.scoring import score_criterion
from grader.marking.truth import FalseCard, denies, false_cards
from grader.output.results import result_to_dict
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES

SANITY = Path(__file__).resolve().parent / "sanity"
RUBRICS = ("general-essay", "history-essay-great-terror", "persuasive-essay")
ASAP_ESSAYS = 300


def cards(texts: dict[str, str], rubric_name: str, services: Services) -> Iterator[FalseCard]:
    """Mark each text under a rubric and yield the cards its measures deny."""
    rubric = load_rubric(rubric_name)
    for name, text in texts.items():
        result = mark_essay(Essay.from_text(text, name), rubric, services)
        yield from false_cards(result_to_dict(result, name), f"{name} ({rubric_name})")


def test_a_descriptor_that_claims_errors_in_many_sentences_needs_them() -> None:
    said = "Errors in many sentences get in the way of your meaning."
    prose = {"longest_sentence_words": 30.0, "letter_share": 0.95}
    assert denies("mechanics", said, {"sentences_with_errors_share": 0.05, **prose})
    assert not denies("mechanics", said, {"sentences_with_errors_share": 0.4, **prose})
    assert denies("facts", "Several key facts are missing or wrong.", {"missing_or_wrong": 1})


@pytest.mark.parametrize("rubric", RUBRICS)
def test_every_card_of_the_samples_and_sanity_sets_is_true(rubric: str, services: Services) -> None:
    files = [*sorted(SAMPLES.glob("*.txt")), *sorted(SANITY.glob("*.txt"))]
    files += sorted((SANITY / "heldout").glob("*.txt"))
    texts = {path.stem: path.read_text(encoding="utf-8") for path in files}
    assert [str(card) for card in cards(texts, rubric, services)] == []


def asap_test_essays(count: int) -> dict[str, str]:
    """Take the first essays of each prompt's test part, in turn, up to `count`."""
    parts = [split(load_prompt(prompt))[1] for prompt in range(1, 9)]
    chosen: dict[str, str] = {}
    for i in range(max(len(p) for p in parts)):
        for part in parts:
            if i < len(part) and len(chosen) < count:
                chosen[f"asap-{part[i].prompt}-{part[i].essay_id}"] = part[i].text
    return chosen


@pytest.mark.skipif(not ASAP.exists(), reason="the ASAP data set (../shared/datasets) is absent")
def test_every_card_of_300_asap_test_essays_is_true(services: Services) -> None:
    texts = asap_test_essays(ASAP_ESSAYS)
    assert len(texts) == ASAP_ESSAYS
    assert [str(card) for card in cards(texts, "general-essay", services)] == []


def facts_criterion() -> Any:
    """Return the history rubric's facts criterion (default levels and evidence)."""
    return load_rubric("history-essay-great-terror").criterion("facts")


def test_most_key_facts_are_not_said_to_be_there_when_8_of_13_are_missing() -> None:
    measures = {"accuracy": 1.0, "coverage": 5 / 13, "contradicted": 0.0, "supported": 6.0}
    measures |= {"missing": 8.0, "required_facts": 13.0, "imprecise": 0.0}
    result = score_criterion(facts_criterion(), Assessment(measures))
    assert "most key facts are there" not in result.level.descriptor.lower()
    assert not denies("facts", result.level.descriptor, result.measures)


def test_one_error_in_a_hundred_words_is_not_frequent_errors() -> None:
    criterion = load_rubric("general-essay").criterion("mechanics")
    measures = {
        "errors_per_100_words": 1.0,
        "grammar_per_100_words": 1.0,
        "spelling_per_100_words": 0.0,
        "punctuation_per_100_words": 0.0,
        "suggestions_per_100_words": 2.0,
        "sentences_with_errors_share": 0.12,
        "errors_found": 5.0,
        "word_count": 500.0,
    }
    result = score_criterion(criterion, Assessment(measures))
    assert "frequent" not in result.level.descriptor.lower()
    assert "many sentences" not in result.level.descriptor.lower()


def test_a_short_essay_with_no_errors_is_accurate_and_still_held_down(services: Services) -> None:
    text = (SAMPLES / "short_essay.txt").read_text(encoding="utf-8")
    rubric = load_rubric("history-essay-great-terror")
    result = mark_essay(Essay.from_text(text, "short"), rubric, services)
    mechanics = next(c for c in result.criteria if c.kind == "mechanics")
    assert mechanics.measures["errors_found"] == 0
    ranked = sorted(mechanics.levels, key=lambda lv: -lv.score)
    assert mechanics.level in ranked[:2]
    assert mechanics.note.startswith("Too short to judge accuracy over a whole essay: ")
    assert rubric.grade_rank(result.total.grade) >= rubric.grade_rank("E")
