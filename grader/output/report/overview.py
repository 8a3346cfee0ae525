"""View models of the class overview: the table of students, the charts and the common issues.

The essay page's view models are in model.py; both are plain dataclasses for templates that
only print and loop.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.findings import VERDICT_WORDS, Verdict, verdict_rank
from grader.marking.pipeline import EssayResult
from grader.output.report.model import number

if TYPE_CHECKING:  # for its type only: finding pairs needs SciPy, which one essay does not
    from grader.output.similar_essays import SimilarPair


@dataclass(frozen=True)
class IndexRow:
    """One student's line in the class overview."""

    student: str
    href: str
    levels: tuple[str, ...]
    level_values: tuple[str, ...]
    total: str
    percent: str
    percent_value: str
    grade: str
    # After the teacher's review: the tool's proposal beside the teacher's mark.
    proposed: str = ""


@dataclass(frozen=True)
class FailureRow:
    """An essay that could not be marked, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Bar:
    """One bar of an inline SVG chart, with its geometry worked out."""

    label: str
    count: int
    x: int
    y: int
    height: int
    label_x: int
    count_y: int


@dataclass(frozen=True)
class CriterionAverage:
    """The class average on one criterion."""

    name: str
    average: str
    share: str
    width: int


@dataclass(frozen=True)
class HeatCell:
    """One cell of the fact heat map."""

    share: str
    level: int


@dataclass(frozen=True)
class FactHeatRow:
    """How the class fared on one fact."""

    fact: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class CommonIssue:
    """A mechanics issue many students share."""

    issue: str
    students: int
    occurrences: int


@dataclass(frozen=True)
class SimilarRow:
    """Two students whose essays are the same or nearly the same."""

    first: str
    first_href: str
    second: str
    second_href: str
    similarity: str  # "100% (identical)", "93%"


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
    bars: tuple[Bar, ...]
    chart_width: int
    chart_height: int
    label_y: int
    axis_y: int
    averages: tuple[CriterionAverage, ...]
    verdicts: tuple[str, ...]
    heat: tuple[FactHeatRow, ...]
    common: tuple[CommonIssue, ...]
    similar: tuple[SimilarRow, ...] = ()


CHART_BAR, CHART_GAP, CHART_HEIGHT = 36, 8, 120
# The overview's columns, left to right: right, then each way of not getting it right.
VERDICT_COLUMNS: tuple[Verdict, ...] = ("supported", "contradicted", "imprecise", "missing")
CHART_TOP = 18  # room above the tallest bar for its count


def index_page(
    rubric_title: str,
    results: Sequence[tuple[str, EssayResult]],
    failures: Sequence[tuple[str, str]],
    generated: str,
    similar: Sequence[SimilarPair] = (),
) -> IndexPage:
    """Build the class overview's view model; `results` pairs each report's href with a result.

    `similar` lists the pairs of `results` that are the same or nearly so (see
    grader.output.similar_essays), found once by the batch.
    """
    criteria = tuple(c.name for c in results[0][1].criteria) if results else ()
    rows = tuple(
        IndexRow(
            student=r.essay.student,
            href=href,
            levels=tuple(
                f"{c.level.label} ({number(c.score)}/{number(c.max)})" for c in r.criteria
            ),
            level_values=tuple(f"{c.score / c.max:.4f}" if c.max else "0" for c in r.criteria),
            total=f"{number(r.total.score)} / {number(r.total.max)}",
            percent=f"{r.total.percent:.0f}%",
            percent_value=f"{r.total.percent:.4f}",
            grade=r.total.grade,
            proposed=(
                f"proposed {number(r.proposed_total.score)}, {r.proposed_total.grade}"
                if r.proposed_total is not None
                else ""
            ),
        )
        for href, r in results
    )
    summary = f"{len(results)} essay{'s' * (len(results) != 1)} marked"
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
        bars=_distribution([r.total.percent for _, r in results]),
        chart_width=10 * (CHART_BAR + CHART_GAP),
        chart_height=CHART_TOP + CHART_HEIGHT + 40,
        label_y=CHART_TOP + CHART_HEIGHT + 18,
        axis_y=CHART_TOP + CHART_HEIGHT + 36,
        averages=_averages([r for _, r in results]),
        verdicts=tuple(VERDICT_WORDS[v].capitalize() for v in VERDICT_COLUMNS),
        heat=_fact_heat([r for _, r in results]),
        common=_common_issues([r for _, r in results]),
        similar=_similar(results, similar),
    )


def _similar(
    results: Sequence[tuple[str, EssayResult]], pairs: Sequence[SimilarPair]
) -> tuple[SimilarRow, ...]:
    """List the pairs of students whose essays are the same or nearly the same."""
    rows = []
    for pair in pairs:
        (href_a, a), (href_b, b) = results[pair.first], results[pair.second]
        same = " (identical)" if pair.similarity >= 0.999 else ""
        rows.append(
            SimilarRow(
                a.essay.student,
                href_a,
                b.essay.student,
                href_b,
                f"{min(100, round(100 * pair.similarity))}%{same}",
            )
        )
    return tuple(rows)


def _distribution(percents: Sequence[float]) -> tuple[Bar, ...]:
    """Count essays in ten percentage bands and lay the bars out for an SVG chart."""
    counts = [0] * 10
    for percent in percents:
        counts[min(int(percent // 10), 9)] += 1
    tallest = max(counts, default=0) or 1
    bars = []
    for i, count in enumerate(counts):
        height = round(CHART_HEIGHT * count / tallest)
        x = i * (CHART_BAR + CHART_GAP)
        bars.append(
            Bar(
                label=f"{i * 10}–{i * 10 + 9 if i < 9 else 100}",
                count=count,
                x=x,
                y=CHART_TOP + CHART_HEIGHT - height,
                height=height,
                label_x=x + CHART_BAR // 2,
                count_y=CHART_TOP + CHART_HEIGHT - height - 4,
            )
        )
    return tuple(bars)


def _averages(results: Sequence[EssayResult]) -> tuple[CriterionAverage, ...]:
    """Average each criterion's score over the class."""
    if not results:
        return ()
    averages = []
    for i, criterion in enumerate(results[0].criteria):
        scores = [r.criteria[i].score for r in results]
        mean = sum(scores) / len(scores)
        share = mean / criterion.max if criterion.max else 0.0
        averages.append(
            CriterionAverage(
                criterion.name,
                f"{mean:.1f} / {number(criterion.max)}",
                f"{share:.0%}",
                round(200 * share),
            )
        )
    return tuple(averages)


def _fact_heat(results: Sequence[EssayResult]) -> tuple[FactHeatRow, ...]:
    """Share of the students with each fact supported, contradicted, imprecise or missing.

    Students, not findings: each student counts once per fact, under the verdict that matters
    most for teaching (a fact got wrong once counts as contradicted even if it is also right
    elsewhere), and a student who never touches the fact counts as missing; rows add to 100%.
    """
    statements: dict[str, str] = {}
    verdicts: dict[str, Counter[str]] = {}
    per_student: list[dict[str, str]] = []
    for result in results:
        worst: dict[str, str] = {}
        for f in result.findings:
            if f.kind != "facts" or not f.fact or f.verdict not in VERDICT_COLUMNS:
                continue
            statements.setdefault(f.fact, f.expected or f.fact)
            known = worst.get(f.fact)
            # Several verdicts for one fact: the student counts under the first to re-teach.
            if known is None or verdict_rank(f.verdict) < verdict_rank(known):
                worst[f.fact] = f.verdict
        per_student.append(worst)
    for fact in statements:
        verdicts[fact] = Counter(student.get(fact, "missing") for student in per_student)
    rows = []
    for fact in sorted(statements, key=lambda f: statements[f].lower()):
        counts = [verdicts[fact][verdict] for verdict in VERDICT_COLUMNS]
        percents = whole_percents(counts)
        cells = tuple(
            HeatCell(f"{p}%", min(4, round(c / len(results) * 4)))
            for p, c in zip(percents, counts, strict=True)
        )
        rows.append(FactHeatRow(statements[fact], cells))
    return tuple(rows)


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Turn counts into whole percentages that add up to exactly 100 (largest remainders)."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    floors = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def _common_issues(results: Sequence[EssayResult], limit: int = 10) -> tuple[CommonIssue, ...]:
    """Find the mechanics errors most students share: errors only, one row per rule.

    A spelling rule is one row per word (every misspelling is its own lesson); any other rule
    is one row, however its message varies with the words it quotes.
    """
    students: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for result in results:
        seen = set()
        for finding in result.findings:
            if finding.kind != "mechanics" or finding.severity != "error":
                continue
            said = result.essay.text[finding.start : finding.end]
            spelling = "TYPOS" in finding.code
            key = f"{finding.code}:{said.lower()}" if spelling else finding.code
            wording.setdefault(key, _issue_words(finding.message, said, spelling))
            times = 1 + len(finding.also_at or ())
            occurrences[key] += times
            seen.add(key)
        students.update(seen)
    ranked = sorted(students, key=lambda k: (-students[k], -occurrences[k], wording[k]))[:limit]
    return tuple(CommonIssue(wording[k], students[k], occurrences[k]) for k in ranked)


def _issue_words(message: str, said: str, spelling: bool) -> str:
    """Describe an issue for the class: the rule's advice without one student's words."""
    if spelling:
        return f"{re.sub(r' ×[0-9]+:', ':', message)} (“{said}”)"
    text = message.split(": ", 1)[1] if message.startswith("‘") and ": " in message else message
    return text[:1].upper() + text[1:]
