"""What a changed rubric would do to a marked class: scored again from the stored analyses.

Scoring is pure and cheap (grader/marking/pipeline.py's score_essay), so a class marked once can be
scored under any rubric whose criteria need no analysis the class did not have: the same
kinds with the same settings, where only weights, levels, names and grade boundaries differ.
No engine is run, so a teacher sees each change's effect as they type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from grader.findings import Assessment
from grader.marking.pipeline import SCORING_ONLY, EssayResult, score_essay, with_rubric_defaults
from grader.rubric.kind import CriterionBase
from grader.rubric.schema import Rubric

# Rubric-wide settings that change what the analysers find, not only how it is scored.
ANALYSIS_SETTINGS = ("language", "grammar_engine", "facts")


@dataclass(frozen=True)
class Move:
    """One student's total and grade under the saved rubric and under the edited one."""

    student: str
    before_percent: float
    before_grade: str
    after_percent: float
    after_grade: str

    @property
    def changes_grade(self) -> bool:
        """Tell whether the edit changes the student's grade."""
        return self.before_grade != self.after_grade


@dataclass(frozen=True)
class Preview:
    """A class scored under an edited rubric, beside its marks under the saved one."""

    moves: tuple[Move, ...]
    grades: tuple[str, ...]  # best first
    before: dict[str, int]
    after: dict[str, int]
    results: tuple[EssayResult, ...]

    @property
    def changed(self) -> tuple[Move, ...]:
        """Return the students whose grade changes."""
        return tuple(m for m in self.moves if m.changes_grade)


class NeedsMarking(ValueError):
    """The edited rubric asks for analysis the stored class does not have."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("; ".join(self.reasons))


def analysis_key(criterion: CriterionBase, rubric: Rubric) -> str:
    """Return what a criterion's analysis depends on: its kind and every non-scoring setting."""
    given = with_rubric_defaults(criterion, rubric)
    return given.kind_name + given.model_dump_json(exclude=SCORING_ONLY)


def stored_assessments(result: EssayResult) -> dict[str, Assessment]:
    """Return the analyses behind a scored essay, as score_essay takes them."""
    return {
        c.id: Assessment(measures=dict(c.measures), findings=c.findings) for c in result.criteria
    }


def reusable(marked: Rubric, edited: Rubric) -> dict[str, str]:
    """Map each edited criterion to the marked criterion whose analysis it can reuse.

    Raise NeedsMarking, naming each criterion or setting, when some analysis is missing.
    """
    reasons = [
        _changed(name, getattr(marked, name), getattr(edited, name))
        for name in ANALYSIS_SETTINGS
        if getattr(marked, name) != getattr(edited, name)
    ]
    keys = {analysis_key(c, marked): c.id for c in marked.criteria}
    sources: dict[str, str] = {}
    for criterion in edited.criteria:
        source = keys.get(analysis_key(criterion, edited))
        if source is None:
            reasons.append(
                f"{criterion.name} ({criterion.kind_name}) needs an analysis the class was not "
                "marked with: mark the class again with the saved rubric to see its effect"
            )
        else:
            sources[criterion.id] = source
    if reasons:
        raise NeedsMarking(reasons)
    return sources


def _changed(name: str, before: object, after: object) -> str:
    """Say which rubric-wide setting changed; a fact sheet by what it is, not its path."""
    if name == "facts":
        return (
            "the fact sheet changed: every essay's facts must be checked again (mark the class "
            "again with the saved rubric to see the effect on everyone)"
        )
    return f"{name} changed (from {before!r} to {after!r})"


def score_again(
    results: Sequence[EssayResult], marked: Rubric, rubric: Rubric
) -> list[EssayResult]:
    """Score essays marked under one rubric under another, from their stored analyses."""
    sources = reusable(marked, rubric)
    scored = []
    for result in results:
        stored = stored_assessments(result)
        assessments = {new: stored[old] for new, old in sources.items()}
        scored.append(score_essay(result.essay, rubric, assessments))
    return scored


def rescore(
    results: Sequence[EssayResult], marked: Rubric, saved: Rubric, edited: Rubric
) -> Preview:
    """Score a marked class under the saved rubric and under the edited one, side by side."""
    before = results if saved is marked else score_again(results, marked, saved)
    after = score_again(results, marked, edited)
    moves = tuple(
        Move(
            student=old.essay.student,
            before_percent=old.total.percent,
            before_grade=old.total.grade,
            after_percent=new.total.percent,
            after_grade=new.total.grade,
        )
        for old, new in zip(before, after, strict=True)
    )
    return Preview(
        moves=moves,
        grades=_grade_order(saved, edited),
        before=_counts(m.before_grade for m in moves),
        after=_counts(m.after_grade for m in moves),
        results=tuple(after),
    )


def _grade_order(*rubrics: Rubric) -> tuple[str, ...]:
    """List the grades of both rubrics, best first (by their lowest percentage)."""
    lowest: dict[str, float] = {}
    for rubric in rubrics:
        for boundary in rubric.grades:
            lowest[boundary.grade] = max(lowest.get(boundary.grade, -1.0), boundary.min)
    return tuple(sorted(lowest, key=lambda grade: -lowest[grade]))


def _counts(grades: object) -> dict[str, int]:
    """Count the students at each grade."""
    return dict(Counter(grades))  # type: ignore[call-overload]
