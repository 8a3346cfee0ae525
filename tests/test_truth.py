"""Every card's level descriptor is true of its essay (grader.evidence.DESCRIPTOR_CLAIMS).

Run over the samples under every built-in rubric, the sanity sets, and 300 ASAP test essays
(when ../shared/datasets is there): a card whose measures deny its own descriptor fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.asap import ASAP, load_prompt, split
from grader.essay import Essay
from grader.marking import mark_essay
from grader.results import result_to_dict
from grader.rubric import load_rubric
from grader.services import Services
from grader.truth import FalseCard, denies, false_cards
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
    assert denies("mechanics", said, {"sentences_with_errors_share": 0.05})
    assert not denies("mechanics", said, {"sentences_with_errors_share": 0.4})
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
