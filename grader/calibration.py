"""Calibration: learn a teacher's marking from a few marked essays, as a rubric they can read.

The model is additive and monotone: each measure becomes a step function with a few levels
(a criterion whose level bounds and points are fitted), the criteria are added with
non-negative weights, and the weighted total maps to the teacher's mark scale through grade
boundaries. Each step function is a shallow regression tree with a monotonic constraint
(scikit-learn), fitted by backfitting, as in a generalised additive model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy.stats import spearmanr
from sklearn.model_selection import KFold
from sklearn.tree import DecisionTreeRegressor

from grader.measures import MEASURES
from grader.rubric import Level, bounds_in_words
from grader.scoring import choose_level

Measures = Mapping[str, Mapping[str, float]]  # kind -> measure name -> value
BACKFIT_ROUNDS = 8
CUTS = "matched"  # how boundaries between marks are first placed: "matched" or "halfway"
LEVEL_POINTS = 4.0  # fitted points are shown on a 0-4 scale per criterion, times its weight
MIN_SIGNAL = 0.1  # a measure whose rank correlation with the marks is weaker carries no signal


@dataclass(frozen=True)
class Feature:
    """A measure that may become a criterion of the calibrated rubric."""

    kind: str
    measure: str
    criterion_id: str
    name: str


# Measures worth trying beyond the rubric's own criteria, with the names teachers see.
CANDIDATES = (
    Feature("structure", "word_count", "length", "Length and development"),
    Feature("readability", "unique_words", "range", "Range of vocabulary"),
    Feature("readability", "long_words", "ambition", "Ambitious vocabulary"),
    Feature("readability", "mtld", "vocabulary", "Variety of vocabulary"),
    Feature("mechanics", "errors_per_100_words", "accuracy", "Accuracy of writing"),
    Feature("structure", "linking_words", "linking", "Linking of ideas"),
    Feature("readability", "mean_sentence_words", "sentences", "Sentence length"),
    Feature("readability", "reading_grade", "maturity", "Maturity of style"),
    Feature("structure", "paragraph_count", "paragraphing", "Paragraphing"),
)


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
        steps = round((value - self.minimum) / self.step)
        return min(self.maximum, max(self.minimum, round(self.minimum + steps * self.step, 6)))


@dataclass(frozen=True)
class Step:
    """A fitted step function of one measure: bounds between levels and the points of each."""

    feature: Feature
    increasing: bool
    thresholds: tuple[float, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class FittedCriterion:
    """A calibrated criterion: the measure it reads, its weight and its fitted levels."""

    feature: Feature
    weight: float
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Calibration:
    """A fitted marking model in the rubric's own terms, so the rubric written is the model."""

    criteria: tuple[FittedCriterion, ...]
    boundaries: tuple[tuple[float, float], ...]  # (lowest percent, mark), highest mark first
    scale: Scale
    essays: int
    cv_qwk: float | None

    def percent(self, measures: Measures) -> float:
        """Score an essay as the calibrated rubric would: weighted level points, in percent."""
        score = maximum = 0.0
        for criterion in self.criteria:
            level = choose_level(criterion.levels, _value(measures, criterion.feature))
            score += level.score * criterion.weight
            maximum += max(lv.score for lv in criterion.levels) * criterion.weight
        return 100.0 * score / maximum if maximum else 0.0

    def predict(self, measures: Measures) -> float:
        """Return the mark the calibrated rubric gives: the highest boundary reached."""
        percent = self.percent(measures)
        return next(
            (mark for low, mark in self.boundaries if percent >= low), self.boundaries[-1][1]
        )


def _value(measures: Measures, feature: Feature) -> float:
    """Read one measure, NaN when the essay was not measured on it."""
    return float(measures.get(feature.kind, {}).get(feature.measure, math.nan))


def qwk(truth: Sequence[float], predicted: Sequence[float]) -> float:
    """Quadratic weighted kappa between two lists of marks (Cohen 1968)."""
    labels = sorted({*truth, *predicted})
    if len(labels) < 2:
        return 1.0
    index = {label: i for i, label in enumerate(labels)}
    a = np.array([index[t] for t in truth])
    b = np.array([index[p] for p in predicted])
    return _kappa(a, b, len(labels))


def _kappa(a: NDArray[np.int_], b: NDArray[np.int_], size: int) -> float:
    """Quadratic weighted kappa of two label-index arrays; fast, as fitting calls it often."""
    observed = np.zeros((size, size))
    np.add.at(observed, (a, b), 1)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(a)
    grid = np.arange(size)
    weights = (grid[:, None] - grid[None, :]) ** 2
    denominator = float((weights * expected).sum())
    return 1.0 - float((weights * observed).sum()) / denominator if denominator else 1.0


def _direction(feature: Feature, x: NDArray[np.float64], y: NDArray[np.float64]) -> int:
    """Return +1 or -1 for the way the measure should move the mark, 0 when it carries none."""
    better = MEASURES.get(feature.kind, {}).get(feature.measure)
    known = {"higher": 1, "lower": -1}.get(better.better if better else "neither", 0)
    if np.nanstd(x) == 0 or len(x) < 5:
        return 0
    rho = _spearman(x, y)
    if abs(rho) < MIN_SIGNAL:
        return 0
    sign = 1 if rho > 0 else -1
    return sign if known in (0, sign) else 0


def _spearman(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """Rank correlation, ties averaged (SciPy's)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(spearmanr(x, y).statistic)


def settings_for(essays: int) -> tuple[int, int, int]:
    """Choose model size from the number of marked essays: features, levels, smallest level.

    Tuned on the dev part of the ASAP training essays (benchmarks/agreement.py --dev).
    """
    if essays < 40:
        return 3, 3, max(3, essays // 6)
    if essays < 120:
        return 5, 4, max(4, essays // 8)
    if essays < 400:
        return 7, 6, max(8, essays // 12)
    return 9, 8, max(12, essays // 25)


def fit(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale | None = None,
    cross_validate: bool = True,
) -> Calibration:
    """Fit the additive monotone model to the marks, and measure its agreement by 5-fold CV."""
    scale = scale or Scale.from_marks(marks)
    model = _fit(samples, marks, features, scale)
    cv = _cross_validated_qwk(samples, marks, features, scale) if cross_validate else None
    return Calibration(model.criteria, model.boundaries, scale, len(marks), cv)


def _fit(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale,
) -> Calibration:
    """Fit the model once, without cross-validation."""
    y = np.asarray(marks, dtype=float)
    most, levels, leaf = settings_for(len(y))
    columns = []
    for feature in features:
        x = np.array([_value(s, feature) for s in samples])
        if np.isnan(x).all():
            continue
        x = np.where(np.isnan(x), np.nanmedian(x), x)
        direction = _direction(feature, x, y)
        if direction:
            columns.append((feature, x, direction, abs(_spearman(x, y))))
    columns.sort(key=lambda c: -c[3])
    columns = columns[:most]
    intercept = float(y.mean())
    fitted = [np.zeros(len(y)) for _ in columns]  # each measure's points, centred
    trees: list[DecisionTreeRegressor | None] = [None] * len(columns)
    for _ in range(BACKFIT_ROUNDS if len(columns) > 1 else 1):
        for j, (_, x, direction, _) in enumerate(columns):
            residual = y - intercept - sum(f for k, f in enumerate(fitted) if k != j)
            tree = DecisionTreeRegressor(
                max_leaf_nodes=levels,
                min_samples_leaf=leaf,
                monotonic_cst=[direction],
                random_state=0,
            )
            tree.fit(x.reshape(-1, 1), residual)
            prediction = tree.predict(x.reshape(-1, 1))
            fitted[j] = prediction - prediction.mean()
            trees[j] = tree
    steps = []
    for (feature, x, direction, _), tree in zip(columns, trees, strict=True):
        assert tree is not None
        centre = float(tree.predict(x.reshape(-1, 1)).mean())
        step = _step_from_tree(feature, tree, direction, -centre)
        if len(step.values) > 1:
            steps.append(step)
    criteria = tuple(_as_criterion(step) for step in steps)
    base = intercept + sum(min(step.values) for step in steps)
    span = sum(max(step.values) - min(step.values) for step in steps)
    draft = Calibration(criteria, ((0.0, scale.minimum),), scale, len(y), None)
    percents = np.array([draft.percent(sample) for sample in samples])
    # The model predicts base + span * percent / 100; marks change halfway between steps.
    marks_on_scale = scale.marks()
    cuts = [
        100.0 * ((a + b) / 2 - base) / span if span else 100.0 for a, b in pairwise(marks_on_scale)
    ]
    if CUTS == "matched":
        cuts = _matched_cuts(percents, y, cuts, marks_on_scale)
    cuts = _tuned_cuts(percents, y, cuts, marks_on_scale)
    return Calibration(criteria, _boundaries(cuts, marks_on_scale), scale, len(y), None)


def _as_criterion(step: Step) -> FittedCriterion:
    """Express a step function as a criterion: 0-4 points per level, times a weight."""
    low, high = min(step.values), max(step.values)
    span = high - low
    bounds = [None, *step.thresholds, None]
    label = _measure_label(step.feature)
    drafts = []
    for i, value in enumerate(step.values):
        minimum, maximum = bounds[i], bounds[i + 1]
        drafts.append(
            (
                round(LEVEL_POINTS * (value - low) / span, 2),
                None if minimum is None else round(minimum, 4),
                None if maximum is None else round(maximum, 4),
                f"{label}: {bounds_in_words(minimum, maximum)}",
            )
        )
    ranked = sorted(drafts, key=lambda d: -d[0])
    levels = tuple(
        Level(
            score=score,
            label=f"Level {len(ranked) - i} of {len(ranked)}",
            min=low_bound,
            max=high_bound,
            descriptor=descriptor,
        )
        for i, (score, low_bound, high_bound, descriptor) in enumerate(ranked)
    )
    return FittedCriterion(step.feature, round(span / LEVEL_POINTS, 4), levels)


def _boundaries(cuts: Sequence[float], marks: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """Turn the percent at which each mark starts into grade boundaries, highest mark first."""
    starts: dict[float, float] = {0.0: marks[0]}
    for cut, mark in zip(cuts, marks[1:], strict=True):
        if cut <= 100:
            # A mark whose range is empty (the next mark starts at the same percent) drops out.
            starts[max(0.0, round(cut, 3))] = mark
    return tuple(sorted(((p, m) for p, m in starts.items()), reverse=True))


def _step_from_tree(
    feature: Feature, tree: DecisionTreeRegressor, direction: int, shift: float
) -> Step:
    """Read a one-feature regression tree as thresholds and the points of each interval."""
    thresholds = sorted(
        {float(t) for t, f in zip(tree.tree_.threshold, tree.tree_.feature, strict=True) if f == 0}
    )
    probes = [thresholds[0] - 1.0] if thresholds else [0.0]
    probes += [(a + b) / 2 for a, b in pairwise(thresholds)]
    if thresholds:
        probes.append(thresholds[-1] + 1.0)
    values = [float(tree.predict(np.array([[p]]))[0]) + shift for p in probes]
    # Merge neighbouring intervals that give the same points.
    merged_t: list[float] = []
    merged_v = [values[0]]
    for threshold, value in zip(thresholds, values[1:], strict=True):
        if abs(value - merged_v[-1]) < 1e-9:
            continue
        merged_t.append(threshold)
        merged_v.append(value)
    return Step(feature, direction > 0, tuple(merged_t), tuple(merged_v))


def _matched_cuts(
    percents: NDArray[np.float64],
    y: NDArray[np.float64],
    cuts: list[float],
    marks: Sequence[float],
) -> list[float]:
    """Place boundaries so the model gives each mark as often as the teacher did.

    Rounding a fitted line squeezes marks towards the middle (the teacher's 2s and 12s
    become 4s and 10s); matching the teacher's spread of marks keeps the extremes.
    """
    ranked = np.sort(percents)
    matched = []
    for i, mark in enumerate(marks[1:]):
        below = float(np.mean(y < mark - 1e-9))
        if below <= 0 or below >= 1:
            matched.append(cuts[i])  # a mark the sample never gave: keep the halfway cut
            continue
        position = below * len(ranked)
        low = ranked[max(0, int(np.floor(position)) - 1)]
        high = ranked[min(len(ranked) - 1, int(np.floor(position)))]
        matched.append(float((low + high) / 2))
    return [max(matched[: i + 1]) for i in range(len(matched))]  # keep them in order


def _tuned_cuts(
    percents: NDArray[np.float64],
    y: NDArray[np.float64],
    cuts: list[float],
    marks: Sequence[float],
) -> list[float]:
    """Move each boundary to where agreement with the training marks is best (100+ essays)."""
    if len(y) < 100:
        return cuts
    index = {mark: i for i, mark in enumerate(marks)}
    truth = np.array([index[min(marks, key=lambda m: abs(m - v))] for v in y])

    def agreement(trial: Sequence[float]) -> float:
        predicted = np.searchsorted(np.asarray(trial), percents, side="right")
        return _kappa(truth, predicted, len(marks))

    for _ in range(2):
        for i in range(len(cuts)):
            low = cuts[i - 1] if i else -math.inf
            high = cuts[i + 1] if i + 1 < len(cuts) else math.inf
            candidates = np.unique(percents[(percents > low) & (percents < high)])
            best, best_score = cuts[i], agreement(cuts)
            for candidate in candidates[:: max(1, len(candidates) // 40)]:
                trial = [*cuts[:i], float(candidate), *cuts[i + 1 :]]
                score = agreement(trial)
                if score > best_score + 1e-9:
                    best, best_score = float(candidate), score
            cuts[i] = best
    return cuts


def _cross_validated_qwk(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale,
) -> float | None:
    """Agreement with the teacher on essays the model did not see (5-fold, fixed seed)."""
    if len(marks) < 10:
        return None
    folds = KFold(n_splits=5, shuffle=True, random_state=0)
    predicted = [0.0] * len(marks)
    for train, test in folds.split(np.arange(len(marks))):
        model = _fit([samples[i] for i in train], [marks[i] for i in train], features, scale)
        for i in test:
            predicted[i] = model.predict(samples[i])
    return qwk(list(marks), predicted)


def _measure_label(feature: Feature) -> str:
    """Name a measure for teachers."""
    measure = MEASURES.get(feature.kind, {}).get(feature.measure)
    return measure.label if measure else feature.measure.replace("_", " ")


def features_for(criteria: Sequence[tuple[str, str, str, str]]) -> list[Feature]:
    """List the features to try: the rubric's criteria (id, name, kind, measure), then others."""
    features = [Feature(kind, measure, cid, name) for cid, name, kind, measure in criteria]
    taken = {(f.kind, f.measure) for f in features} | {f.criterion_id for f in features}
    for candidate in CANDIDATES:
        if (candidate.kind, candidate.measure) not in taken and candidate.criterion_id not in taken:
            features.append(candidate)
    return features


def calibrated_rubric_text(
    calibration: Calibration,
    parent: str,
    parent_criteria: Sequence[str],
    title: str,
    schema: str,
    source: str,
) -> str:
    """Write the calibrated rubric: it extends the original and overrides what was fitted."""
    criteria = calibration.criteria
    agreement = (
        f"QWK {calibration.cv_qwk:.2f} in 5-fold cross-validation"
        if calibration.cv_qwk is not None
        else "not measured (fewer than 10 essays)"
    )
    scale = calibration.scale
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Calibrated by `grader calibrate` from {calibration.essays} essays marked by the "
        f"teacher ({source}).",
        f"# Agreement with those marks on essays the model did not see: {agreement}.",
        "# (1 = the same marks, 0 = no better than chance; trained markers agree with each",
        "# other at about 0.75.) Re-run grader calibrate when you have marked more essays.",
        f"extends: {_yaml(parent)}",
        f"title: {_yaml(title + ' (calibrated)')}",
        f"mark_scale: {{min: {_num(scale.minimum)}, max: {_num(scale.maximum)}, "
        f"step: {_num(scale.step)}}}",
        "criteria:",
    ]
    fitted_ids = {c.feature.criterion_id for c in criteria}
    for criterion_id in parent_criteria:
        if criterion_id not in fitted_ids:
            lines.append(f"  - id: {criterion_id}  # no link with your marks, so not scored")
            lines.append("    remove: true")
    for criterion in criteria:
        feature = criterion.feature
        lines.append(f"  - id: {feature.criterion_id}")
        if feature.criterion_id not in parent_criteria:
            lines.append(f"    name: {_yaml(feature.name)}")
            lines.append(f"    kind: {feature.kind}")
        lines.append(f"    weight: {_num(criterion.weight)}")
        lines.append(f"    measure: {feature.measure}")
        lines.append("    levels:")
        for level in criterion.levels:
            bounds = "".join(
                f", {key}: {_num(value)}"
                for key, value in (("min", level.min), ("max", level.max))
                if value is not None
            )
            lines.append(
                f"      - {{score: {_num(level.score)}, label: {_yaml(level.label)}{bounds}, "
                f"descriptor: {_yaml(level.descriptor)}}}"
            )
    lines.append("grades:")
    for percent, mark in calibration.boundaries:
        lines.append(f"  - {{min: {_num(percent)}, grade: {_num(mark)}}}")
    return "\n".join(lines) + "\n"


def _num(value: float) -> str:
    """Write a number exactly enough that the rubric reproduces the model."""
    return f"{value:.10g}"


def _yaml(text: str) -> str:
    """Quote a string for YAML (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
