"""Scoring: measures and the rubric's levels become levels, points, a total and a grade."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from grader.findings import Assessment, Finding
from grader.rubric import CriterionBase, Level, Rubric


@dataclass(frozen=True)
class CriterionResult:
    """How one criterion was judged: its level, weighted points and what was found."""

    id: str
    name: str
    kind: str
    weight: float
    level: Level
    levels: tuple[Level, ...]
    score: float
    max: float
    measure: str
    measures: Mapping[str, float]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Total:
    """The weighted total over all criteria."""

    score: float
    max: float
    percent: float
    grade: str


def choose_level(levels: Sequence[Level], value: float) -> Level:
    """Pick the best-scoring level whose bounds admit the value, else the lowest level."""
    ranked = sorted(levels, key=lambda level: level.score, reverse=True)
    for level in ranked:
        if level.admits(value):
            return level
    return ranked[-1]


def score_criterion(criterion: CriterionBase, assessment: Assessment) -> CriterionResult:
    """Choose the criterion's level from its measure and weight the level's score."""
    levels = criterion.effective_levels()
    value = assessment.measures[criterion.level_measure]
    level = choose_level(levels, value)
    top = max(level.score for level in levels)
    return CriterionResult(
        id=criterion.id,
        name=criterion.name,
        kind=criterion.kind_name,
        weight=criterion.weight,
        level=level,
        levels=levels,
        score=level.score * criterion.weight,
        max=top * criterion.weight,
        measure=criterion.level_measure,
        measures=assessment.measures,
        findings=assessment.findings,
    )


def total_for(rubric: Rubric, criteria: Sequence[CriterionResult]) -> Total:
    """Add the weighted criterion scores and grade the percentage."""
    score = sum(c.score for c in criteria)
    maximum = sum(c.max for c in criteria)
    percent = 100.0 * score / maximum if maximum else 0.0
    grade = rubric.grade_for(percent)
    if rubric.mark_scale is not None:
        # A calibrated rubric reports the teacher's own mark, which its grade label names.
        return Total(score=float(grade), max=rubric.mark_scale.max, percent=percent, grade=grade)
    return Total(score=score, max=maximum, percent=percent, grade=grade)
