"""Apply a teacher's review to a freshly scored essay: the teacher's levels, dismissals, comments.

The same scoring totals the reviewed criteria, so the grade follows the teacher's levels at
once; the tool's own levels and total stay beside them as its proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from grader.findings import Finding, finding_ids
from grader.marking.pipeline import EssayResult
from grader.marking.scoring import CriterionResult, total_for
from grader.review import EssayReview, LevelChange
from grader.rubric.levels import Level
from grader.rubric.schema import Rubric


@dataclass(frozen=True)
class Unmatched:
    """What a review asks for that the essay's marks no longer have (never dropped silently)."""

    levels: tuple[LevelChange, ...] = ()  # criteria not in the rubric, or levels it lacks
    dismissed: tuple[str, ...] = ()  # finding ids no longer found (the essay changed)

    def __bool__(self) -> bool:
        return bool(self.levels or self.dismissed)


def apply_review(result: EssayResult, review: EssayReview) -> tuple[EssayResult, Unmatched]:
    """Return the result as the teacher left it, and what of the review no longer applies."""
    if review.empty:
        return result, Unmatched()
    ids = dict(zip(result.findings, finding_ids(result.findings, result.essay.text), strict=True))
    gone_ids = {d.finding for d in review.dismissed} - set(ids.values())
    dismissed_ids = {d.finding for d in review.dismissed} - gone_ids
    changes = {c.criterion: c for c in review.levels}
    criteria, bad_levels = [], []
    for criterion in result.criteria:
        kept = tuple(f for f in criterion.findings if ids[f] not in dismissed_ids)
        changed = replace(criterion, findings=kept)
        change = changes.pop(criterion.id, None)
        if change is not None:
            level = level_named(criterion.levels, change.level)
            if level is None:
                bad_levels.append(change)
            else:
                changed = _with_level(changed, level, change)
        criteria.append(changed)
    off_task = result.task is not None and not result.task.answers
    essay = result.essay
    reviewed = replace(
        result,
        criteria=tuple(criteria),
        total=total_for(result.rubric, criteria, essay.word_count, essay.text, off_task),
        proposed_total=result.total,
        dismissed=tuple(f for f in result.findings if ids[f] in dismissed_ids),
        comments=review.comments,
        summary=review.summary,
    )
    unmatched = Unmatched(tuple(bad_levels) + tuple(changes.values()), tuple(sorted(gone_ids)))
    return reviewed, unmatched


def level_named(levels: tuple[Level, ...], name: str) -> Level | None:
    """Find a level by its label (any case) or its score ("3")."""
    wanted = name.strip().casefold()
    for level in levels:
        if level.label.casefold() == wanted or f"{level.score:g}" == wanted:
            return level
    return None


def _with_level(criterion: CriterionResult, level: Level, change: LevelChange) -> CriterionResult:
    """Set the teacher's level: its points (or the teacher's), weighted; no tool caveats."""
    points = level.score if change.points is None else change.points
    return replace(
        criterion,
        level=level,
        score=points * criterion.weight,
        proposed_level=criterion.level,
        reason=change.reason,
        capped_because="",
        moved_because="",
    )


def finding_by_id(result: EssayResult, finding_id: str) -> Finding | None:
    """Return the finding of a result with this id, or None."""
    ids = finding_ids(result.findings, result.essay.text)
    return next((f for f, i in zip(result.findings, ids, strict=True) if i == finding_id), None)


class ReviewError(ValueError):
    """A change a review cannot take: an unknown criterion, level or finding, no reason."""


def level_change(
    rubric: Rubric,
    criterion: str,
    level: str,
    reason: str,
    points: float | None = None,
    who: str = "",
    when: str = "",
) -> LevelChange:
    """Check a teacher's level against the rubric and return the change."""
    ids = [c.id for c in rubric.criteria]
    if criterion not in ids or not level:
        raise ReviewError(f"--criterion must be one of {', '.join(ids)}, with --level")
    levels = rubric.criterion(criterion).effective_levels()
    found = level_named(levels, level)
    if found is None:
        names = ", ".join(f"{lv.label} ({lv.score:g})" for lv in levels)
        raise ReviewError(f"{criterion}: no level {level!r}; one of {names}")
    top = max(lv.score for lv in levels)
    if points is not None and not 0 <= points <= top:
        raise ReviewError(f"--points must be from 0 to {top:g}")
    return LevelChange(criterion, found.label, required_reason(reason), points, who, when)


def required_reason(reason: str | None) -> str:
    """Return the reason, which the student reads: it may not be empty."""
    if not reason or not reason.strip():
        raise ReviewError("--reason is required: the student reads it")
    return reason.strip()
