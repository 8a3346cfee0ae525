"""Levels from evidence: weighted sub-scores, caps from findings, marks within a level."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.findings import Assessment
from grader.marking.scoring import points_within, score_criterion, total_for
from grader.rubric.levels import Cap, Evidence
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric

RUBRIC = """\
title: Evidence test
word_count: {min: 500, max: 1000}
too_short: {share: 0.6, best_grade: C}
criteria:
  - id: structure
    name: Structure
    kind: structure
    evidence:
      - {label: Development, measure: length_share, worst: 0.2, best: 1.0, weight: 3}
      - {label: Conclusion, measure: conclusion_found, worst: 0, best: 1}
    caps:
      - {measure: length_share, max: 0.6, at_most: 0.34, because: "Only {value:.0%} of the length."}
grades:
  - {min: 80, grade: A}
  - {min: 70, grade: B}
  - {min: 60, grade: C}
  - {min: 0, grade: U}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_evidence_scales_each_measure_between_worst_and_best() -> None:
    more = Evidence(label="x", measure="m", worst=0.2, best=1.0)
    fewer = Evidence(label="y", measure="m", worst=6.0, best=0.0)  # lower is better
    assert [more.share(v) for v in (0.0, 0.2, 0.6, 1.0, 3.0)] == [0, 0, pytest.approx(0.5), 1, 1]
    assert [fewer.share(v) for v in (0.0, 3.0, 6.0, 9.0)] == [1, 0.5, 0, 0]


def test_the_level_follows_the_weighted_evidence(tmp_path: Path) -> None:
    criterion = load_rubric(write(tmp_path, RUBRIC)).criteria[0]
    full = score_criterion(criterion, Assessment({"length_share": 1.0, "conclusion_found": 1.0}))
    assert full.measures["evidence_score"] == 1.0
    assert (full.level.label, full.score, full.max) == ("Well organised", 6, 6)
    no_end = score_criterion(criterion, Assessment({"length_share": 1.0, "conclusion_found": 0}))
    assert no_end.measures["evidence_score"] == pytest.approx(0.75)
    assert no_end.level.label == "Organised"  # six even bands: 0.67 to 0.83
    assert no_end.score == pytest.approx(4.5)  # halfway into the band: halfway from 4 to 5
    assert [(row.label, row.share) for row in no_end.evidence] == [
        ("Development", 1.0),
        ("Conclusion", 0.0),
    ]


def test_a_cap_holds_the_level_down_and_says_why(tmp_path: Path) -> None:
    criterion = load_rubric(write(tmp_path, RUBRIC)).criteria[0]
    short = score_criterion(criterion, Assessment({"length_share": 0.55, "conclusion_found": 1.0}))
    assert short.evidence_level is not None and short.evidence_level.score > 2
    assert short.level.score == 2 and 1 < short.score <= 2
    assert short.capped_because == "Only 55% of the length."


def test_marks_within_a_level_rise_with_the_evidence(tmp_path: Path) -> None:
    levels = load_rubric(write(tmp_path, RUBRIC)).criteria[0].effective_levels()
    mostly = next(level for level in levels if level.label == "Mostly organised")
    assert mostly.min is not None and mostly.max is not None
    low = points_within(levels, mostly, mostly.min + 0.001)
    high = points_within(levels, mostly, mostly.max)
    assert (low, high) == (mostly.score - 0.9, mostly.score)
    lowest = min(levels, key=lambda level: level.score)
    assert points_within(levels, lowest, 0.0) == 0.1  # never nothing for an essay handed in


def test_an_essay_far_below_the_minimum_length_is_held_to_the_rubric_grade(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, RUBRIC))
    result = score_criterion(
        rubric.criteria[0], Assessment({"length_share": 1.0, "conclusion_found": 1.0})
    )
    assert total_for(rubric, [result], word_count=500).grade == "A"
    short = total_for(rubric, [result], word_count=299)
    assert (short.percent, short.grade) == (100, "C")
    assert "299 words is under 60% of the 500 words" in short.capped_because


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("measure: length_share, worst: 0.2", "'lenght_share' is not a structure measure"),
        ("worst: 0.2, best: 1.0, weight: 3", "best and worst are both 1; they must differ"),
        ("too_short: {share: 0.6, best_grade: C}", "'Z' is not one of the grades"),
    ],
)
def test_a_broken_evidence_rubric_is_refused_with_the_place(
    tmp_path: Path, change: str, message: str
) -> None:
    broken = {
        "measure: length_share, worst: 0.2": "measure: lenght_share, worst: 0.2",
        "worst: 0.2, best: 1.0, weight: 3": "worst: 1.0, best: 1.0, weight: 3",
        "too_short: {share: 0.6, best_grade: C}": "too_short: {share: 0.6, best_grade: Z}",
    }[change]
    with pytest.raises(RubricError) as error:
        load_rubric(write(tmp_path, RUBRIC.replace(change, broken)))
    assert message in str(error.value)
    assert "rubric.yaml:" in str(error.value)


def test_caps_apply_only_inside_their_bounds() -> None:
    cap = Cap(measure="long_sentences", min=1, at_most=0.67, because="x")
    assert not cap.applies(0) and cap.applies(1) and cap.applies(7)


def test_every_built_in_rubric_levels_its_criteria_by_evidence() -> None:
    for name in ("general-essay", "history-essay-great-terror", "persuasive-essay"):
        rubric = load_rubric(name)
        assert rubric.too_short is not None
        for criterion in rubric.criteria:
            assert criterion.uses_evidence, (name, criterion.id)
            assert len(criterion.effective_evidence()) >= 3, (name, criterion.id)
