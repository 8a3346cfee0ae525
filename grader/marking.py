"""The pipeline for one essay: analyse each criterion, then score the whole."""

from __future__ import annotations

from dataclasses import dataclass

from grader.analysers import ANALYSERS
from grader.essay import Essay
from grader.findings import Finding
from grader.rubric import Rubric
from grader.scoring import CriterionResult, Total, score_criterion, total_for
from grader.services import Services


@dataclass(frozen=True)
class EssayResult:
    """Everything the tool concluded about one essay under one rubric."""

    essay: Essay
    rubric: Rubric
    criteria: tuple[CriterionResult, ...]
    total: Total

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Return every criterion's findings in the order they appear in the text."""
        every = (f for c in self.criteria for f in c.findings)
        return tuple(sorted(every, key=lambda f: (f.start, f.end, f.code)))


def mark_essay(essay: Essay, rubric: Rubric, services: Services) -> EssayResult:
    """Analyse an essay against every criterion of the rubric and score it."""
    services.rubric = rubric  # rubric-wide settings (language, fact sheet, grammar engine)
    criteria = tuple(
        score_criterion(criterion, ANALYSERS[criterion.kind](essay, criterion, services))
        for criterion in rubric.criteria
    )
    return EssayResult(
        essay=essay, rubric=rubric, criteria=criteria, total=total_for(rubric, criteria)
    )
