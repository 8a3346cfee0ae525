from __future__ import annotations

from grader.findings import Assessment
from grader.kinds.readability import ReadabilityCriterion
from grader.marking.scoring import choose_level, score_criterion, total_for
from grader.rubric.kind import CriterionBase
from grader.rubric.levels import Level
from grader.rubric.schema import GradeBoundary, Rubric

LEVELS = [
    Level(score=4, label="Top", max=1),
    Level(score=3, label="Good", min=1, max=2.5),
    Level(score=2, label="Fair", min=2.5, max=4),
    Level(score=1, label="Weak", min=4),
]


def test_level_is_the_best_one_admitting_the_value() -> None:
    assert choose_level(LEVELS, 0).label == "Top"
    assert choose_level(LEVELS, 1).label == "Top"  # a shared boundary goes to the better level
    assert choose_level(LEVELS, 1.01).label == "Good"
    assert choose_level(LEVELS, 3).label == "Fair"
    assert choose_level(LEVELS, 99).label == "Weak"


def test_value_outside_every_level_gets_the_lowest() -> None:
    gappy = (Level(score=2, label="High", min=10), Level(score=1, label="Low", min=5, max=6))
    assert choose_level(gappy, 0).label == "Low"


def make_rubric(weights: tuple[float, float]) -> Rubric:
    criteria: list[CriterionBase] = [
        ReadabilityCriterion(id=f"r{i}", name=f"R{i}", kind="readability", weight=w, levels=LEVELS)
        for i, w in enumerate(weights)
    ]
    grades = [
        GradeBoundary(min=70, grade="A"),
        GradeBoundary(min=40, grade="B"),
        GradeBoundary(min=0, grade="C"),
    ]
    return Rubric(title="T", criteria=criteria, grades=grades)


def test_weights_multiply_points_and_the_total_is_graded() -> None:
    rubric = make_rubric((1, 2))
    top = score_criterion(rubric.criteria[0], Assessment(measures={"grade_distance": 0}))
    weak = score_criterion(rubric.criteria[1], Assessment(measures={"grade_distance": 9}))
    assert (top.score, top.max) == (4, 4)
    assert (weak.score, weak.max) == (2, 8)
    total = total_for(rubric, [top, weak])
    assert (total.score, total.max, total.percent, total.grade) == (6, 12, 50, "B")


def test_grade_boundaries() -> None:
    rubric = make_rubric((1, 1))
    assert rubric.grade_for(100) == "A"
    assert rubric.grade_for(70) == "A"
    assert rubric.grade_for(69.9) == "B"
    assert rubric.grade_for(0) == "C"
