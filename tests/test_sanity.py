"""The teacher's sanity set: essays written for the tests, each in the band a teacher would give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES

SANITY = Path(__file__).resolve().parent / "sanity"
CASES: list[dict[str, Any]] = yaml.safe_load((SANITY / "cases.yaml").read_text(encoding="utf-8"))
KINDS = {
    "strong",
    "average",
    "weak",
    "very-short",
    "one-block",
    "long-sentences",
    "many-errors",
    "off-topic",
}


def test_the_set_covers_every_kind_on_three_topics() -> None:
    assert len(CASES) >= 15
    assert {case["kind"] for case in CASES} == KINDS
    assert len({case["rubric"] for case in CASES}) >= 3


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_essay_lands_in_its_band(case: dict[str, Any], services: Services) -> None:
    rubric = load_rubric(case["rubric"])
    text = (SANITY / case["file"]).read_text(encoding="utf-8")
    result = mark_essay(Essay.from_text(text, student=case["id"]), rubric, services)
    marks = ", ".join(f"{c.id} {c.score:g}/{c.max:g}" for c in result.criteria)
    assert result.total.grade in [str(g) for g in case["band"]], (
        f"{case['id']}: {result.total.grade} ({result.total.percent:.0f}%; {marks}), "
        f"expected {case['band']}: {case['why']}"
    )


@pytest.mark.parametrize(
    "name", ["general-essay", "history-essay-great-terror", "persuasive-essay"]
)
def test_no_essay_far_below_the_minimum_reaches_the_top_two_grades(
    name: str, services: Services
) -> None:
    """Every sanity essay and every sample, under every built-in rubric."""
    rubric = load_rubric(name)
    assert rubric.word_count is not None
    top_two = [b.grade for b in sorted(rubric.grades, key=lambda b: b.min, reverse=True)[:2]]
    files = [SANITY / case["file"] for case in CASES] + sorted(SAMPLES.glob("*.txt"))
    short = 0
    for path in files:
        essay = Essay.from_text(path.read_text(encoding="utf-8"), path.stem)
        if essay.word_count < 0.6 * rubric.word_count.min:
            short += 1
            assert mark_essay(essay, rubric, services).total.grade not in top_two, path.name
    assert short >= 2
