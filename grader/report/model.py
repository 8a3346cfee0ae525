"""View models: every string a report shows, ready for templates that only print and loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grader.marking import EssayResult
from grader.scoring import CriterionResult

MEASURE_LABELS = {
    "reading_grade": "Reading grade (median of four formulas)",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "flesch_reading_ease": "Flesch reading ease",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman-Liau index",
    "dale_chall": "Dale-Chall score",
    "grade_distance": "Grades outside the target band",
}
EXCERPT_LIMIT = 160


@dataclass(frozen=True)
class MeasureRow:
    """One named number."""

    label: str
    value: str


@dataclass(frozen=True)
class CriterionRow:
    """One criterion's judgement as the report shows it."""

    name: str
    level: str
    score: str
    descriptor: str
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class FindingRow:
    """One finding with the words it points at."""

    criterion: str
    severity: str
    message: str
    excerpt: str
    suggestions: str


@dataclass(frozen=True)
class EssayPage:
    """The whole essay report."""

    title: str
    student: str
    rubric: str
    generated: str
    total: str
    percent: str
    grade: str
    word_count: str
    criteria: tuple[CriterionRow, ...]
    findings: tuple[FindingRow, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class IndexRow:
    """One student's line in the class overview."""

    student: str
    href: str
    levels: tuple[str, ...]
    total: str
    percent: str
    grade: str


@dataclass(frozen=True)
class FailureRow:
    """An essay that could not be marked, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class IndexPage:
    """The class overview."""

    title: str
    rubric: str
    generated: str
    criteria: tuple[str, ...]
    rows: tuple[IndexRow, ...]
    failures: tuple[FailureRow, ...]
    summary: str


def number(value: float) -> str:
    """Show a number without a needless decimal part."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def essay_page(result: EssayResult, generated: str) -> EssayPage:
    """Build the essay report's view model."""
    essay = result.essay
    names = {c.id: c.name for c in result.criteria}
    return EssayPage(
        title=f"Feedback for {essay.student}",
        student=essay.student,
        rubric=result.rubric.title,
        generated=generated,
        total=f"{number(result.total.score)} / {number(result.total.max)}",
        percent=f"{result.total.percent:.0f}%",
        grade=result.total.grade,
        word_count=f"{essay.word_count} words",
        criteria=tuple(_criterion_row(c) for c in result.criteria),
        findings=tuple(
            FindingRow(
                criterion=names.get(f.criterion, f.criterion),
                severity=f.severity,
                message=f.message,
                excerpt=_excerpt(essay.text[f.start : f.end]),
                suggestions=", ".join(f.suggestions),
            )
            for f in result.findings
        ),
        paragraphs=tuple(essay.text[p.start : p.end] for p in essay.paragraphs),
    )


def _criterion_row(criterion: CriterionResult) -> CriterionRow:
    """Summarise one criterion with the measures a reader can interpret."""
    measures = tuple(
        MeasureRow(MEASURE_LABELS.get(name, name.replace("_", " ")), number(value))
        for name, value in criterion.measures.items()
    )
    return CriterionRow(
        name=criterion.name,
        level=criterion.level.label,
        score=f"{number(criterion.score)} / {number(criterion.max)}",
        descriptor=criterion.level.descriptor,
        measures=measures,
    )


def _excerpt(text: str) -> str:
    """Shorten a long excerpt around its middle."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT_LIMIT:
        return text
    half = EXCERPT_LIMIT // 2
    return f"{text[:half]} … {text[-half:]}"


def index_page(
    rubric_title: str,
    results: Sequence[tuple[str, EssayResult]],
    failures: Sequence[tuple[str, str]],
    generated: str,
) -> IndexPage:
    """Build the class overview's view model; `results` pairs each report's href with a result."""
    criteria = tuple(c.name for c in results[0][1].criteria) if results else ()
    rows = tuple(
        IndexRow(
            student=r.essay.student,
            href=href,
            levels=tuple(
                f"{c.level.label} ({number(c.score)}/{number(c.max)})" for c in r.criteria
            ),
            total=f"{number(r.total.score)} / {number(r.total.max)}",
            percent=f"{r.total.percent:.0f}%",
            grade=r.total.grade,
        )
        for href, r in results
    )
    summary = f"{len(results)} essays marked"
    if failures:
        summary += f", {len(failures)} could not be marked"
    return IndexPage(
        title=f"Class overview — {rubric_title}",
        rubric=rubric_title,
        generated=generated,
        criteria=criteria,
        rows=rows,
        failures=tuple(FailureRow(file, reason) for file, reason in failures),
        summary=summary,
    )
