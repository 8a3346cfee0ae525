"""What a calibration is: the measures it may use, the mark scale, and the fitted criteria and
levels it writes into a calibrated rubric. The fitting itself is in calibration.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from grader.calibration.key_terms import (
    Measures,
    with_key_terms,
)
from grader.calibration.learned import LearnedMarks
from grader.marking.scoring import choose_level
from grader.rubric.kind import kinds
from grader.rubric.levels import Level
from grader.rubric.schema import TaskWords, snap_mark


@dataclass(frozen=True)
class Feature:
    """A measure that may become a criterion of the calibrated rubric."""

    kind: str
    measure: str
    criterion_id: str
    name: str


def candidates() -> tuple[Feature, ...]:
    """List the measures worth trying beyond the rubric's own criteria, as each kind names them."""
    found = [(c, spec.name) for spec in kinds() for c in spec.candidates]
    return tuple(
        Feature(kind, c.measure, c.criterion_id, c.name)
        for c, kind in sorted(found, key=lambda x: x[0].rank)
    )


KEY_TERMS = Feature("content", "key_term_points", "key_terms", "Key terms")
# Counts whose effect on marks tails off: 100 more words matter more at 150 than at 650.
LOG_SCALE = frozenset({"word_count", "unique_words", "long_words", "linking_words"})
BOUND_DECIMALS = 4  # level bounds are written to this many decimals
MINOR_SHARE = 0.05  # a marked criterion the totals do not weigh gets this share of the points


@dataclass(frozen=True)
class Scale:
    """The teacher's mark scale: from `minimum` to `maximum` in steps of `step`."""

    minimum: float
    maximum: float
    step: float

    @classmethod
    def from_marks(cls, marks: Sequence[float]) -> Scale:
        """Infer the scale from the marks given: their range and their finest step."""
        low, high = min(marks), max(marks)
        fractions = {
            Fraction(m).limit_denominator(100) - Fraction(low).limit_denominator(100) for m in marks
        }
        step = Fraction(0)
        for value in fractions:
            step = (
                Fraction(
                    math.gcd(
                        step.numerator * value.denominator, value.numerator * step.denominator
                    ),
                    step.denominator * value.denominator,
                )
                if step
                else abs(value)
            )
        return cls(low, high, float(step) if step else 1.0)

    def marks(self) -> list[float]:
        """List every mark on the scale."""
        count = round((self.maximum - self.minimum) / self.step)
        return [round(self.minimum + i * self.step, 6) for i in range(count + 1)]

    def snap(self, value: float) -> float:
        """Round a predicted mark to the nearest mark on the scale."""
        return snap_mark(value, self.minimum, self.maximum, self.step)


@dataclass(frozen=True)
class Step:
    """A fitted step function of one measure: bounds between levels and the points of each."""

    feature: Feature
    thresholds: tuple[float, ...]
    values: tuple[float, ...]
    whole: bool = False  # the measure counts things (words, terms), so bounds read as counts
    labels: tuple[str, ...] = ()  # the teacher's own marks, when the criterion was marked
    minor: bool = False  # kept for the teacher's marks although the totals gave it no weight


@dataclass(frozen=True)
class MarkedLevels:
    """A measure cut so that it gives each of the teacher's marks for a criterion as they did."""

    feature: Feature
    thresholds: tuple[float, ...]  # on the measure, lowest first
    marks: tuple[float, ...]  # the mark below the first threshold, then above each
    whole: bool  # the measure counts things, so thresholds lie just above a whole number

    def mark(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the criterion mark each value of the measure earns."""
        return np.asarray(self.marks)[np.searchsorted(np.asarray(self.thresholds), x, "right")]


@dataclass(frozen=True)
class FittedCriterion:
    """A calibrated criterion: the measure it reads, its weight and its fitted levels."""

    feature: Feature
    weight: float
    levels: tuple[Level, ...]
    by_teacher: bool = False  # the levels give the teacher's own marks for this criterion
    minor: bool = False  # it carries a small weight: the totals gave it none of its own


@dataclass(frozen=True)
class Calibration:
    """A fitted marking model in the rubric's own terms, so the rubric written is the model."""

    criteria: tuple[FittedCriterion, ...]
    boundaries: tuple[tuple[float, float], ...]  # (lowest percent, mark), highest mark first
    scale: Scale
    essays: int
    cv_qwk: float | None
    terms: Mapping[str, float] = field(default_factory=dict)  # learned key terms and points
    # Per criterion the teacher marked: cross-validated agreement (QWK) with those marks.
    criterion_qwk: Mapping[str, float | None] = field(default_factory=dict)
    # Resemblance to the marked essays, blended with the criteria (None: criteria alone).
    learned: LearnedMarks | None = field(default=None, compare=False)
    learned_digest: str = ""
    # The words the marked essays use for their task (None: too few essays or no texts).
    task_words: TaskWords | None = None

    def percent(self, measures: Measures) -> float:
        """Score an essay as the calibrated rubric would: weighted level points, in percent."""
        score = maximum = 0.0
        for criterion in self.criteria:
            level = choose_level(criterion.levels, measure_value(measures, criterion.feature))
            score += level.score * criterion.weight
            maximum += max(lv.score for lv in criterion.levels) * criterion.weight
        return 100.0 * score / maximum if maximum else 0.0

    def predict(self, measures: Measures) -> float:
        """Return the mark the calibrated rubric gives: the highest boundary reached."""
        percent = self.percent(measures)
        return next(
            (mark for low, mark in self.boundaries if percent >= low), self.boundaries[-1][1]
        )

    def with_terms(self, measures: Measures, text: str) -> Measures:
        """Add the essay's key-term measures, by the terms this model learned (if any)."""
        return with_key_terms(measures, text, self.terms) if self.terms else measures

    def predict_essay(self, measures: Measures, text: str) -> float:
        """Return the mark for an essay: its criteria (key terms measured with the learned
        ones), blended with its resemblance to the marked essays when that was learned."""
        measured = self.with_terms(measures, text)
        if self.learned is None:
            return self.predict(measured)
        return self.scale.snap(self.learned.mark(text, self.percent(measured)))


def measure_value(measures: Measures, feature: Feature) -> float:
    """Read one measure, NaN when the essay was not measured on it."""
    return float(measures.get(feature.kind, {}).get(feature.measure, math.nan))
