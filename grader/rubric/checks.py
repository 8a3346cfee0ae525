"""Rubric checks the schema alone cannot make: ids, measures, evidence, level bounds, grades."""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from grader.rubric.kind import selectable, spec_for
from grader.rubric.levels import Level
from grader.rubric.measures import EVIDENCE_SCORE

if TYPE_CHECKING:  # the rubric module validates with these checks, so it imports this one
    from grader.rubric.kind import CriterionBase
    from grader.rubric.schema import GradeBoundary, MarkScale, Rubric

Loc = tuple[str | int, ...]


def semantic_problems(rubric: Rubric) -> list[tuple[Loc, str]]:
    """Check what the schema alone cannot: ids, measures, level bounds and grade boundaries."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for i, criterion in enumerate(rubric.criteria):
        if criterion.id in seen:
            problems.append(
                (
                    ("criteria", i, "id"),
                    f"criteria[{seen[criterion.id]}] already has the id "
                    f"{criterion.id!r}; ids must differ",
                )
            )
        seen.setdefault(criterion.id, i)
        problems += [(("criteria", i, *loc), msg) for loc, msg in _criterion_problems(criterion)]
    problems += _grade_problems(rubric.grades)
    for i, ident in enumerate(rubric.order):
        if ident not in seen:
            hint = did_you_mean(ident, list(seen))
            problems.append((("order", i), f"names no criterion: {ident!r}{hint}"))
        elif ident in rubric.order[:i]:
            problems.append((("order", i), f"names {ident!r} twice"))
    for key in ("too_short", "far_too_short"):
        short = getattr(rubric, key)
        if short is None:
            continue
        if rubric.word_count is None:
            problems.append(((key,), "needs word_count: the minimum it is a share of"))
        if short.best_grade not in {b.grade for b in rubric.grades}:
            known = ", ".join(b.grade for b in rubric.grades)
            problems.append(
                ((key, "best_grade"), f"{short.best_grade!r} is not one of the grades ({known})")
            )
    if rubric.off_task is not None:
        if not rubric.task.strip():
            problems.append((("off_task",), "needs task: the question an essay must answer"))
        if rubric.off_task.best_grade not in {b.grade for b in rubric.grades}:
            known = ", ".join(b.grade for b in rubric.grades)
            problems.append(
                (
                    ("off_task", "best_grade"),
                    f"{rubric.off_task.best_grade!r} is not one of the grades ({known})",
                )
            )
    if rubric.mark_scale is not None:
        problems += _scale_problems(rubric.mark_scale, rubric.grades)
    elif rubric.learned_marks is not None:
        problems.append(
            (("learned_marks",), "needs mark_scale: the blended mark is on the teacher's scale")
        )
    return problems


def _scale_problems(scale: MarkScale, grades: Sequence[GradeBoundary]) -> list[tuple[Loc, str]]:
    """Check that with a mark scale every grade label is a mark on it."""
    problems: list[tuple[Loc, str]] = []
    for i, boundary in enumerate(grades):
        try:
            mark = float(boundary.grade)
        except ValueError:
            problems.append(
                (
                    ("grades", i, "grade"),
                    f"with a mark_scale, grades are marks; {boundary.grade!r} is not a number",
                )
            )
            continue
        steps = (mark - scale.min) / scale.step
        if not scale.min <= mark <= scale.max or abs(steps - round(steps)) > 1e-6:
            problems.append(
                (
                    ("grades", i, "grade"),
                    f"{boundary.grade} is not a mark on the "
                    f"scale {scale.min:g} to {scale.max:g} in steps of {scale.step:g}",
                )
            )
    return problems


def _criterion_problems(criterion: CriterionBase) -> list[tuple[Loc, str]]:
    """Check a criterion's measure and that its levels cover every value once, best first."""
    kind = criterion.kind_name
    options = selectable(kind)
    measure_name = criterion.level_measure
    if measure_name not in options:
        hint = did_you_mean(measure_name, options)
        return [
            (
                ("measure",),
                f"{measure_name!r} is not a {kind} measure levels can use{hint} "
                f"(one of: {', '.join(options)})",
            )
        ]
    named = _evidence_problems(criterion, options)
    if named:
        return named
    if criterion.levels is not None:
        if not criterion.levels:
            return [(("levels",), "needs at least one level, or leave levels out for the defaults")]
        bounded = [level.has_bounds for level in criterion.levels]
        defaults = spec_for(kind).levels
        spread = criterion.uses_evidence and len(criterion.levels) > 1
        if not any(bounded) and len(criterion.levels) != len(defaults) and not spread:
            return [
                (
                    ("levels",),
                    f"give each level min/max bounds on {measure_name}, or give "
                    f"exactly {len(defaults)} levels to take the default bounds",
                )
            ]
        if any(bounded) and not all(bounded) and len(criterion.levels) > 1:
            index = bounded.index(False)
            return [
                (
                    ("levels", index),
                    f"this level has no min or max on {measure_name}; "
                    "every level needs bounds when any has them",
                )
            ]
    return _tiling_problems(
        criterion.effective_levels(),
        criterion.levels is not None,
        measure_name,
        options[measure_name].low,
        options[measure_name].high,
        options[measure_name].better,
    )


def _evidence_problems(criterion: CriterionBase, options: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Check that evidence and caps name measures of the criterion's kind, and scale them."""
    kind = criterion.kind_name
    problems: list[tuple[Loc, str]] = []
    named: list[tuple[Loc, str]] = [
        (("evidence", i, "measure"), piece.measure)
        for i, piece in enumerate(criterion.evidence or [])
    ]
    named += [(("caps", i, "measure"), cap.measure) for i, cap in enumerate(criterion.caps or [])]
    for loc, name in named:
        if name not in options or name == EVIDENCE_SCORE:
            hint = did_you_mean(name, options)
            problems.append((loc, f"{name!r} is not a {kind} measure{hint}"))
    for i, piece in enumerate(criterion.evidence or []):
        if piece.worst == piece.best:
            problems.append(
                (
                    ("evidence", i, "best"),
                    f"best and worst are both {piece.best:g}; they must differ",
                )
            )
    if criterion.evidence is not None and not criterion.evidence:
        problems.append((("evidence",), "needs at least one piece, or leave evidence out"))
    if criterion.evidence is not None and criterion.measure is not None:
        problems.append(
            (
                ("measure",),
                "give either measure (the level follows one measure) or evidence, not both",
            )
        )
    return problems


# Long (~70 lines) on purpose: one walk over the levels in order of their bounds, each step
# comparing a level with the one before; the messages name both.
def _tiling_problems(
    levels: Sequence[Level], own: bool, measure: str, low: float, high: float, better: str
) -> list[tuple[Loc, str]]:
    """Check that level bounds neither overlap nor leave gaps, and that better means more."""
    order = sorted(range(len(levels)), key=lambda i: _lower_bound(levels[i]))
    problems: list[tuple[Loc, str]] = []

    def loc(i: int, key: str) -> Loc:
        return ("levels", i, key) if own else ("levels",)

    for i, level in enumerate(levels):
        if level.min is not None and level.max is not None and level.min > level.max:
            problems.append((loc(i, "min"), f"min ({level.min:g}) is above max ({level.max:g})"))
    if problems:
        return problems
    first, last = levels[order[0]], levels[order[-1]]
    if first.min is not None and first.min > low:
        problems.append(
            (
                loc(order[0], "min"),
                f"no level covers {measure} below {first.min:g}; "
                f"leave out min on level {first.label!r}",
            )
        )
    if last.max is not None and last.max < high:
        problems.append(
            (
                loc(order[-1], "max"),
                f"no level covers {measure} above {last.max:g}; "
                f"leave out max on level {last.label!r}",
            )
        )
    for below, above in pairwise(order):
        a, b = levels[below], levels[above]
        top = math.inf if a.max is None else a.max
        start = _lower_bound(b)
        if start > top:
            problems.append(
                (
                    loc(above, "min"),
                    f"gap: no level covers {measure} between "
                    f"{top:g} and {start:g} (levels {a.label!r} and {b.label!r})",
                )
            )
        elif start < top:
            problems.append(
                (
                    loc(above, "min"),
                    f"levels {a.label!r} and {b.label!r} overlap "
                    f"on {measure} from {start:g} to {top:g}",
                )
            )
    scores = [levels[i].score for i in order]
    rising = all(x <= y for x, y in pairwise(scores))
    falling = all(x >= y for x, y in pairwise(scores))
    if better == "higher" and not rising:
        problems.append(
            (
                ("levels",),
                f"higher {measure} is better, so levels for higher values must not score less",
            )
        )
    if better == "lower" and not falling:
        problems.append(
            (
                ("levels",),
                f"lower {measure} is better, so levels for lower values must not score less",
            )
        )
    return problems


def _lower_bound(level: Level) -> float:
    """Return a level's lower bound, minus infinity when it has none."""
    return -math.inf if level.min is None else level.min


def _grade_problems(grades: Sequence[GradeBoundary]) -> list[tuple[Loc, str]]:
    """Check the grade boundaries: each percentage once, and a grade for 0%."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[float, int] = {}
    for i, boundary in enumerate(grades):
        if boundary.min in seen:
            problems.append(
                (
                    ("grades", i, "min"),
                    f"grades[{seen[boundary.min]}] already starts at {boundary.min:g}%",
                )
            )
        seen.setdefault(boundary.min, i)
    if 0 not in seen:
        lowest = min(b.min for b in grades)
        problems.append(
            (("grades",), f"no grade for percentages below {lowest:g}: add a boundary with min: 0")
        )
    return problems


def did_you_mean(word: str, options: Any) -> str:
    """Suggest the closest known word, if one is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
