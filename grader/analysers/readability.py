"""Readability: textstat's formulas, judged against the criterion's target reading grade."""

from __future__ import annotations

from statistics import median

import textstat

from grader.essay import Essay
from grader.findings import Assessment, Finding
from grader.rubric import ReadabilityCriterion
from grader.services import Services

# The formulas that report a US school grade; their median is the essay's reading grade.
GRADE_FORMULAS = ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index")


def measure_readability(text: str) -> dict[str, float]:
    """Compute every readability formula the tool reports, rounded as textstat rounds."""
    formulas = {
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
        "flesch_reading_ease": textstat.flesch_reading_ease,
        "gunning_fog": textstat.gunning_fog,
        "smog_index": textstat.smog_index,
        "coleman_liau_index": textstat.coleman_liau_index,
        "dale_chall": textstat.dale_chall_readability_score,
    }
    measures = {name: float(formula(text)) for name, formula in formulas.items()}
    measures["reading_grade"] = float(median(measures[name] for name in GRADE_FORMULAS))
    return measures


def analyse_readability(
    essay: Essay, criterion: ReadabilityCriterion, services: Services
) -> Assessment:
    """Measure readability and say whether the essay reads above or below its target band."""
    services.syllables()
    measures = measure_readability(essay.text)
    grade = measures["reading_grade"]
    band = criterion.target_grade
    measures["target_grade_min"] = band.min
    measures["target_grade_max"] = band.max
    measures["grade_distance"] = max(band.min - grade, grade - band.max, 0.0)
    findings: list[Finding] = []
    if grade > band.max:
        findings.append(
            _whole_text_finding(
                essay,
                criterion,
                "readability.too-hard",
                f"Reads at US grade {grade:.1f}, above the target of {band.min:g}–{band.max:g}: "
                "use shorter sentences and plainer words where you can.",
            )
        )
    elif grade < band.min:
        findings.append(
            _whole_text_finding(
                essay,
                criterion,
                "readability.too-easy",
                f"Reads at US grade {grade:.1f}, below the target of {band.min:g}–{band.max:g}: "
                "join short related sentences and use the precise terms of the subject.",
            )
        )
    return Assessment(measures=measures, findings=tuple(findings))


def _whole_text_finding(
    essay: Essay, criterion: ReadabilityCriterion, code: str, message: str
) -> Finding:
    """Make a finding about the essay as a whole."""
    return Finding(
        criterion=criterion.id,
        kind=criterion.kind,
        code=code,
        severity="warning",
        message=message,
        start=0,
        end=len(essay.text),
    )
