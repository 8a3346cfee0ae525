"""Scoring: measures and the rubric's levels become levels, points, a total and a grade."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from grader.findings import Assessment, Finding
from grader.rubric.kind import CriterionBase, derived_measures, find_spec, spec_for
from grader.rubric.levels import Level, claim_holds, claim_shown
from grader.rubric.measures import EVIDENCE_SCORE, NOT_ASSESSED
from grader.rubric.schema import Rubric


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
    evidence: tuple[EvidenceRow, ...] = ()
    # The level the evidence alone earns, and why a finding held it lower (empty if none did).
    evidence_level: Level | None = None
    capped_because: str = ""
    # Why the level is not the one the evidence points to: its descriptor would not be true.
    moved_because: str = ""
    # What the card says when there was too little text to judge the criterion over an essay.
    note: str = ""
    # A level the teacher set: the tool's own level, and the teacher's reason for the student.
    proposed_level: Level | None = None
    reason: str = ""


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence behind a level: the measured value and its share of full marks."""

    label: str
    measure: str
    value: float
    share: float
    weight: float
    scales: bool = False


@dataclass(frozen=True)
class Closest:
    """One of the teacher's marked essays that an essay resembles, and the mark it was given."""

    student: str
    mark: float
    similarity: float  # 0 to 1


@dataclass(frozen=True)
class Total:
    """The weighted total over all criteria."""

    score: float
    max: float
    percent: float
    grade: str
    capped_because: str = ""  # why the grade is lower than the percentage alone would give
    # A calibrated rubric that learned from the marked essays: the mark the criteria alone
    # give, the marked essays this one most resembles, and the blend's parts.
    criteria_grade: str = ""
    closest: tuple[Closest, ...] = ()
    parts: Mapping[str, float] = field(default_factory=dict)


def choose_level(levels: Sequence[Level], value: float) -> Level:
    """Pick the best-scoring level whose bounds admit the value, else the lowest level."""
    ranked = sorted(levels, key=lambda level: level.score, reverse=True)
    for level in ranked:
        if level.admits(value):
            return level
    return ranked[-1]


def evidence_rows(
    criterion: CriterionBase, measures: Mapping[str, float]
) -> tuple[EvidenceRow, ...]:
    """Scale each piece of the criterion's evidence from its measure (a missing one counts 0)."""
    rows = []
    for piece in criterion.effective_evidence():
        value = measures.get(piece.measure)
        share = piece.share(value) if value is not None and math.isfinite(value) else 0.0
        rows.append(
            EvidenceRow(
                piece.label,
                piece.measure,
                math.nan if value is None else value,
                share,
                piece.weight,
                piece.scales,
            )
        )
    return tuple(rows)


def evidence_score(rows: Sequence[EvidenceRow]) -> float:
    """Return the weighted mean share of the evidence, times that of the scaling pieces (0..1)."""
    return _mean([r for r in rows if not r.scales], 0.0) * _mean([r for r in rows if r.scales], 1.0)


def _mean(rows: Sequence[EvidenceRow], empty: float) -> float:
    """Return the weighted mean share of some evidence, or `empty` when there is none."""
    total = sum(row.weight for row in rows)
    return sum(row.weight * row.share for row in rows) / total if total else empty


def apply_caps(
    criterion: CriterionBase, levels: Sequence[Level], level: Level, measures: Mapping[str, float]
) -> tuple[Level, str]:
    """Hold the level at or below each cap whose finding the measures show; say why."""
    reasons = []
    top = max(lv.score for lv in levels)
    for cap in criterion.effective_caps():
        value = measures.get(cap.measure)
        limit = cap.at_most * top + 1e-9
        if value is None or not cap.applies(value) or level.score <= limit:
            continue
        allowed = [lv for lv in levels if lv.score <= limit]
        if not allowed:
            continue
        level = max(allowed, key=lambda lv: lv.score)
        reasons.append(cap.because.format(value=value))
    return level, " ".join(reasons)


POINT_STEP = 0.1  # marks within a level go up in tenths: fine enough to follow the evidence


def points_within(levels: Sequence[Level], level: Level, value: float, top: float = 1.0) -> float:
    """Place the mark within its level, as a levels mark scheme does: by how far into the level.

    A level worth 4 points above one worth 3 gives just over 3 at its lower bound and 4 at its
    upper bound (`top` is the highest evidence score, 1). A level held down by a cap spreads the
    essays above it over its own marks, so the better of two capped essays still scores more.
    """
    below = [lv.score for lv in levels if lv.score < level.score]
    floor = max(below) if below else 0.0
    low = level.min if level.min is not None else 0.0
    high = level.max if level.max is not None and value <= level.max else top
    if high <= low:
        return level.score
    position = min(max((value - low) / (high - low), 0.0), 1.0)
    points = floor + (level.score - floor) * position
    stepped = math.ceil(points / POINT_STEP - 1e-9) * POINT_STEP
    return round(min(max(stepped, floor + POINT_STEP if below else POINT_STEP), level.score), 4)


def true_level(
    kind: str, levels: Sequence[Level], level: Level, measures: Mapping[str, float], capped: bool
) -> Level:
    """Return the level nearest the one chosen whose descriptor the measures bear out.

    A descriptor is a claim about the essay ("errors in many sentences"): a level whose claim
    the measures deny is never given. The nearest true level wins, the lower on a tie; a
    level held down by a cap is never raised above the cap.
    """
    spec = find_spec(kind)
    claims = spec.claims if spec else {}
    if claim_holds(claims.get(level.descriptor, ()), measures):
        return level
    ranked = sorted(levels, key=lambda lv: lv.score, reverse=True)
    here = ranked.index(level)
    order = sorted(range(len(ranked)), key=lambda i: (abs(i - here), -i))
    for i in order:
        other = ranked[i]
        if capped and other.score > level.score:
            continue
        if claim_holds(claims.get(other.descriptor, ()), measures):
            return other
    return level


TOO_SHORT_TO_JUDGE = 250  # words: fewer cannot show control of a whole essay's writing


def short_text_note(kind: str, measures: Mapping[str, float]) -> str:
    """Say in words when there was too little text to judge a criterion over a whole essay."""
    words = measures.get("word_count")
    spec = find_spec(kind)
    if spec is None or not spec.judged_over or words is None or words >= TOO_SHORT_TO_JUDGE:
        return ""
    found = ""
    if "errors_found" in measures:
        errors = int(measures.get("errors_found", 0))
        found = ", no errors found" if errors == 0 else f", {errors} error{'s' * (errors > 1)}"
    return f"Too short to judge {spec.judged_over} over a whole essay: {words:.0f} words{found}."


# Long (~65 lines) on purpose: the level is chosen in steps that each read the last
# (evidence, caps, a descriptor the measures deny, no credit), and they read best in order.
def score_criterion(criterion: CriterionBase, assessment: Assessment) -> CriterionResult:
    """Choose the criterion's level from its evidence (or measure), capped by its findings."""
    levels = criterion.effective_levels()
    measures = dict(assessment.measures)
    measures |= derived_measures(criterion.kind_name, measures)
    rows = evidence_rows(criterion, measures)
    if criterion.uses_evidence:
        measures[EVIDENCE_SCORE] = evidence_score(rows)
    not_assessed = measures.get(NOT_ASSESSED) == 1.0
    value = (
        measures.get(criterion.level_measure, 0.0)
        if not_assessed
        else measures[criterion.level_measure]
    )
    earned = choose_level(levels, value)
    capped, because = apply_caps(criterion, levels, earned, measures)
    level = true_level(criterion.kind_name, levels, capped, measures, bool(because))
    top = max(level.score for level in levels)
    points = level.score
    moved = ""
    if level != capped:
        moved = (
            f"The evidence score alone gives {capped.label}, whose description does not fit "
            "this essay."
        )
        if level.score > capped.score and criterion.uses_evidence:
            # Raised to the nearest true level: only just into it, not to its top.
            points = min(capped.score + POINT_STEP, level.score)
    elif criterion.uses_evidence:
        points = points_within(levels, level, value)
    nothing = spec_for(criterion.kind_name).no_credit
    if (
        nothing is not None
        and not not_assessed
        and nothing[0]
        and claim_shown(nothing[0], measures)
    ):
        level, points, because, moved = min(levels, key=lambda lv: lv.score), 0.0, nothing[1], ""
    if not_assessed:
        lowest = min(levels, key=lambda lv: lv.score)
        level = lowest.model_copy(
            update={
                "label": "Not assessed",
                "descriptor": "This criterion could not judge the essay: see the note.",
            }
        )
        points, because, moved = 0.0, "", ""
    return CriterionResult(
        id=criterion.id,
        name=criterion.name,
        kind=criterion.kind_name,
        weight=criterion.weight,
        level=level,
        levels=levels,
        score=points * criterion.weight,
        max=top * criterion.weight,
        measure=criterion.level_measure,
        measures=measures,
        findings=assessment.findings,
        evidence=rows,
        evidence_level=earned,
        capped_because=because,
        moved_because=moved,
        note="" if not_assessed else short_text_note(criterion.kind_name, measures),
    )


def no_credit(result: CriterionResult, because: str) -> CriterionResult:
    """Give a criterion its lowest level and no points, saying why."""
    lowest = min(result.levels, key=lambda lv: lv.score)
    return replace(result, level=lowest, score=0.0, capped_because=because, moved_because="")


def total_for(
    rubric: Rubric,
    criteria: Sequence[CriterionResult],
    word_count: int | None = None,
    text: str | None = None,
    off_task: bool = False,
) -> Total:
    """Add the weighted criterion scores and grade the percentage (held down if far too short).

    A calibrated rubric that learned from the teacher's marked essays blends the criteria
    with the text's resemblance to those essays.
    """
    score = sum(c.score for c in criteria)
    maximum = sum(c.max for c in criteria)
    percent = 100.0 * score / maximum if maximum else 0.0
    grade = rubric.grade_for(percent)
    because = ""
    for short in (rubric.too_short, rubric.far_too_short):
        if short is None or rubric.word_count is None or word_count is None:
            continue
        limit = short.share * rubric.word_count.min
        if word_count < limit and rubric.grade_rank(grade) < rubric.grade_rank(short.best_grade):
            grade = short.best_grade
            because = (
                f"{word_count} words is under {short.share:.0%} of the {rubric.word_count.min:g}"
                f" words asked for, so the grade can be at most {short.best_grade}."
            )
    best = rubric.off_task_grade()
    if off_task and rubric.grade_rank(grade) < rubric.grade_rank(best):
        grade = best
        because = " ".join(
            (
                because,
                f"The essay does not seem to answer the task, so the grade can be at most {best}.",
            )
        ).strip()
    scale = rubric.mark_scale
    if scale is not None and rubric.learned is not None and text is not None:
        judged = rubric.learned.judge(text, percent)
        mark = scale.snap(judged.mark)
        if because:  # a limit held the grade down: the blended mark obeys it too
            mark = min(mark, float(grade))
        return Total(
            score=mark,
            max=scale.max,
            percent=percent,
            grade=scale.label(mark),
            capped_because=because,
            criteria_grade=grade,
            closest=judged.closest,
            parts=judged.parts,
        )
    if scale is not None:
        # A calibrated rubric reports the teacher's own mark, which its grade label names.
        return Total(
            score=float(grade),
            max=scale.max,
            percent=percent,
            grade=grade,
            capped_because=because,
        )
    return Total(score=score, max=maximum, percent=percent, grade=grade, capped_because=because)
