"""Calibration: learn a teacher's marking from a few marked essays, as a rubric they can read.

The model is additive and monotone: a few measures (length, vocabulary, accuracy, the key
terms learned from the marks ...) are weighed against the marks by a least-squares fit with
non-negative weights (counts on a log scale, so that 100 more words matter more in a short
essay than in a long one). Each measure's share of the fit is then cut into levels at its
quantiles, so it becomes a criterion with level bounds and points, and the weighted total
maps to the teacher's mark scale through grade boundaries placed to give each mark as often
as the teacher did.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import nnls
from scipy.stats import spearmanr
from sklearn.model_selection import KFold

from grader.calibration.key_terms import (
    MIN_ESSAYS_FOR_TERMS,
    Measures,
    key_terms_by_fold,
    learn_key_terms,
)
from grader.calibration.learned import MIN_ESSAYS as MIN_ESSAYS_FOR_RESEMBLANCE
from grader.calibration.learned import fit_learned
from grader.calibration.model import (
    BOUND_DECIMALS,
    KEY_TERMS,
    LOG_SCALE,
    MINOR_SHARE,
    Calibration,
    Feature,
    FittedCriterion,
    MarkedLevels,
    Scale,
    Step,
    candidates,
    measure_value,
)
from grader.marking.task import learn_task_words
from grader.rubric.kind import measures_of
from grader.rubric.levels import Level, bounds_in_words
from grader.rubric.schema import Rubric

RIDGE = 1.0  # ridge penalty on standardised measures, times √essays (tuned on ASAP dev)
CUTS = "matched"  # how boundaries between marks are first placed: "matched" or "halfway"
LEVEL_POINTS = 4.0  # fitted points are shown on a 0-4 scale per criterion, times its weight
MIN_SIGNAL = 0.1  # a measure whose rank correlation with the marks is weaker carries no signal
# Held-out parts, the same every run. Immutable: an int random_state seeds a fresh generator
# on every split, so threads calibrating side by side get the same folds.
FOLDS = KFold(n_splits=5, shuffle=True, random_state=0)


def _column(samples: Sequence[Measures], feature: Feature) -> NDArray[np.float64] | None:
    """Read one measure of every essay, gaps filled with the median; None if none has it."""
    x = np.array([measure_value(s, feature) for s in samples])
    if np.isnan(x).all():
        return None
    return np.where(np.isnan(x), np.nanmedian(x), x)


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


def _direction(feature: Feature, x: NDArray[np.float64], rho: float) -> int:
    """Return +1 or -1 for the way the measure should move the mark, 0 when it carries none.

    `rho` is the measure's rank correlation with the marks.
    """
    better = measures_of(feature.kind).get(feature.measure)
    known = {"higher": 1, "lower": -1}.get(better.better if better else "neither", 0)
    if np.nanstd(x) == 0 or len(x) < 5:
        return 0
    if abs(rho) < MIN_SIGNAL:
        return 0
    sign = 1 if rho > 0 else -1
    return sign if known in (0, sign) else 0


def _spearman(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """Rank correlation, ties averaged (SciPy's)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(spearmanr(x, y).statistic)


def settings_for(essays: int) -> tuple[int, int]:
    """Choose model size from the number of marked essays: most measures, most levels each.

    Tuned on the dev part of the ASAP training essays (benchmarks/agreement.py --dev).
    """
    if essays < 40:
        return 6, 12
    if essays < 120:
        return 10, 12
    return 10, 20


def fit(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale | None = None,
    cross_validate: bool = True,
    texts: Sequence[str] | None = None,
    criterion_marks: Mapping[str, Sequence[float | None]] | None = None,
    students: Sequence[str] | None = None,
) -> Calibration:
    """Fit the additive monotone model to the marks, and measure its agreement by 5-fold CV.

    With the essays' texts, key terms are learned from them too (see `learn_key_terms`), and
    from 20 essays on, the mark blends the criteria with each essay's resemblance to the
    marked essays (`grader.calibration.learned`). A criterion the teacher marked as well
    (`criterion_marks`, by criterion id, None where not marked) gets levels that give the
    teacher's marks for it.
    """
    scale = scale or Scale.from_marks(marks)
    marked = dict(criterion_marks or {})
    model = _fit_blended(samples, marks, features, scale, texts, marked, students)
    cv = (
        _cross_validated_qwk(samples, marks, features, scale, texts, marked)
        if cross_validate
        else None
    )
    agreement = (
        {
            f.criterion_id: _criterion_qwk(samples, f, marked[f.criterion_id])
            for f in features
            if f.criterion_id in marked
        }
        if cross_validate
        else {}
    )
    words = learn_task_words(texts) if texts else None
    return replace(model, cv_qwk=cv, criterion_qwk=agreement, task_words=words)


def _fit_blended(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale,
    texts: Sequence[str] | None = None,
    criterion_marks: Mapping[str, Sequence[float | None]] | None = None,
    students: Sequence[str] | None = None,
) -> Calibration:
    """Fit the criteria, then (with texts, from 20 essays) the resemblance and the blend."""
    model = _fit(samples, marks, features, scale, texts, criterion_marks)
    if texts is None or len(marks) < MIN_ESSAYS_FOR_RESEMBLANCE:
        return model
    held_out = [0.0] * len(marks)
    for fold, test in _cross_fitted(samples, marks, features, scale, texts, criterion_marks):
        for i in test:
            held_out[i] = fold.percent(fold.with_terms(samples[i], texts[i]))
    learned = fit_learned(texts, marks, held_out, students)
    return replace(model, learned=learned, learned_digest=learned.digest)


def _cross_fitted(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale,
    texts: Sequence[str] | None,
    criterion_marks: Mapping[str, Sequence[float | None]] | None,
    blended: bool = False,
) -> list[tuple[Calibration, NDArray[np.int_]]]:
    """Fit on four fifths of the essays, five times; return each model with the fifth it left."""
    marked = criterion_marks or {}
    fitter = _fit_blended if blended else _fit
    return [
        (
            fitter(
                [samples[i] for i in train],
                [marks[i] for i in train],
                features,
                scale,
                None if texts is None else [texts[i] for i in train],
                {cid: [own[i] for i in train] for cid, own in marked.items()},
            ),
            test,
        )
        for train, test in FOLDS.split(np.arange(len(marks)))
    ]


# Long (~85 lines) on purpose: one fitting pass (key terms, columns, weights, steps, cuts)
# whose stages hand each other several arrays; cross-validation runs it once per fold.
def _fit(
    samples: Sequence[Measures],
    marks: Sequence[float],
    features: Sequence[Feature],
    scale: Scale,
    texts: Sequence[str] | None = None,
    criterion_marks: Mapping[str, Sequence[float | None]] | None = None,
) -> Calibration:
    """Fit the model once, without cross-validation."""
    y = np.asarray(marks, dtype=float)
    marked = criterion_marks or {}
    terms: dict[str, float] = {}
    if texts is not None and len(y) >= MIN_ESSAYS_FOR_TERMS:
        terms = learn_key_terms(texts, marks)
        samples = key_terms_by_fold(samples, texts, marks, FOLDS)
        # The learned terms take the place of any the rubric had (a rubric calibrated before).
        kept = [f for f in features if f.kind != "content" and f.criterion_id != "key_terms"]
        features = [*kept, KEY_TERMS]
    most, levels = settings_for(len(y))
    columns = []
    by_teacher: dict[Feature, MarkedLevels] = {}
    for feature in features:
        x = _column(samples, feature)
        if x is None:
            continue
        own = marked.get(feature.criterion_id)
        if own is not None and (fitted := _fit_marked_levels(feature, x, own)) is not None:
            # The teacher's marks for this criterion set its levels; how well the marks its
            # levels give go with the totals sets its weight, as for any other measure.
            by_teacher[feature] = fitted
            columns.append((feature, fitted.mark(x), 1, math.inf))
            continue
        rho = _spearman(x, y)
        direction = _direction(feature, x, rho)
        if direction:
            columns.append((feature, x, direction, abs(rho)))
    columns.sort(key=lambda c: -c[3])
    columns = columns[: max(most, len(by_teacher))]
    weights = _weights(
        [c[1] if c[0] in by_teacher else _scaled(c[0], c[1]) * c[2] for c in columns], y
    )
    steps = []
    unweighted = []
    for (feature, x, direction, _), weight in zip(columns, weights, strict=True):
        if feature in by_teacher and weight <= 0:
            unweighted.append((by_teacher[feature], x))
        elif weight > 0:
            step = (
                _marked_step(by_teacher[feature], x, weight)
                if feature in by_teacher
                else _step(feature, x, direction, weight, levels)
            )
            if len(step.values) > 1:
                steps.append(step)
    # A criterion the teacher marked stays for its feedback even when it adds nothing to the
    # totals beyond the other measures, at a small weight.
    spread = sum(max(step.values) - min(step.values) for step in steps) or 1.0
    for marked_levels, x in unweighted:
        marks_span = max(marked_levels.marks) - min(marked_levels.marks)
        if marks_span > 0:
            minor = MINOR_SHARE * spread / marks_span
            steps.append(replace(_marked_step(marked_levels, x, minor), minor=True))
    criteria = tuple(_as_criterion(step) for step in steps)
    base = float(y.mean()) + sum(min(step.values) for step in steps)
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
    used = {step.feature for step in steps}
    return Calibration(
        criteria,
        _boundaries(cuts, marks_on_scale),
        scale,
        len(y),
        None,
        terms if KEY_TERMS in used else {},
    )


def _scaled(feature: Feature, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Put a measure on the scale where its effect on marks is roughly even: counts as logs."""
    return np.log1p(np.maximum(x, 0.0)) if feature.measure in LOG_SCALE else x


def _weights(columns: Sequence[NDArray[np.float64]], y: NDArray[np.float64]) -> list[float]:
    """Fit non-negative weights to the standardised, signed measures (ridge, least squares).

    A linear fit is steadier than trees on a few dozen essays; the ridge penalty keeps
    measures that say the same thing (words, different words) from taking turns.
    """
    if not columns:
        return []
    z = np.column_stack([(c - c.mean()) / (c.std() or 1.0) for c in columns])
    penalty = math.sqrt(RIDGE * math.sqrt(len(y)))
    design = np.vstack([z, penalty * np.eye(z.shape[1])])
    target = np.concatenate([y - y.mean(), np.zeros(z.shape[1])])
    weights, _ = nnls(design, target)
    return [float(w) / (c.std() or 1.0) for w, c in zip(weights, columns, strict=True)]


def _step(
    feature: Feature, x: NDArray[np.float64], direction: int, weight: float, levels: int
) -> Step:
    """Cut a fitted line into levels at the measure's quantiles: a step function to print.

    Each level is worth what the line gives, on average, to the essays that fall in it.
    """
    scaled = _scaled(feature, x) * direction * weight
    values = np.unique(x)
    whole = bool(np.all(values == np.round(values)))
    inner = np.quantile(x, np.linspace(0, 1, levels + 1)[1:-1], method="lower")
    thresholds: list[float] = []
    for q in inner:
        above = values[values > q]
        if len(above):
            cut = _halfway(float(q), float(above[0]), whole)
            if not thresholds or cut > thresholds[-1]:
                thresholds.append(cut)
    thresholds = _without_empty_levels(thresholds, x)
    bins = np.searchsorted(np.asarray(thresholds), x, side="right")
    points = [float(scaled[bins == i].mean()) for i in range(len(thresholds) + 1)]
    centre = float(scaled.mean())
    return Step(feature, tuple(thresholds), tuple(p - centre for p in points), whole)


def _without_empty_levels(thresholds: Sequence[float], x: NDArray[np.float64]) -> list[float]:
    """Round the thresholds as the rubric writes them, and drop any that leave a level empty.

    Two measures a hair apart (20/7 worked out two ways) can put a cut on an essay's value;
    the level below it would then hold no essay and have no points.
    """
    kept = sorted({round(t, BOUND_DECIMALS) for t in thresholds})
    while kept:
        counts = np.bincount(np.searchsorted(kept, x, side="right"), minlength=len(kept) + 1)
        empty = np.flatnonzero(counts == 0)
        if not len(empty):
            break
        del kept[max(0, int(empty[0]) - 1)]
    return kept


def _fit_marked_levels(
    feature: Feature, x: NDArray[np.float64], own: Sequence[float | None]
) -> MarkedLevels | None:
    """Cut the measure so it gives the teacher's criterion marks as often as they did.

    None when too few essays were marked for the criterion or the measure does not follow
    those marks the way it should (then the criterion is fitted to the total like any other).
    """
    known = np.array([m is not None for m in own])
    if known.sum() < 5:
        return None
    xs = x[known]
    ys = np.array([m for m in own if m is not None], dtype=float)
    direction = _direction(feature, xs, _spearman(xs, ys))
    if not direction:
        return None
    scale = Scale.from_marks(list(ys)).marks()
    signed = xs * direction
    # A mark never given lies beyond every essay, so its level stays empty but exists.
    unused = [
        float(signed.min()) - 1 if np.mean(ys < mark) <= 0 else float(signed.max()) + 1
        for mark in scale[1:]
    ]
    cuts = _tuned_cuts(signed, ys, _matched_cuts(signed, ys, unused, scale), scale)
    whole = bool(np.all(xs == np.round(xs)))
    cuts = [round(_between(signed, cut, whole), BOUND_DECIMALS) for cut in cuts]
    thresholds: list[float] = []
    marks = [scale[0]]
    for cut, mark in zip(cuts, scale[1:], strict=True):
        if thresholds and cut <= thresholds[-1]:
            marks[-1] = mark  # the level below is empty: the higher mark takes its place
        else:
            thresholds.append(cut)
            marks.append(mark)
    if direction < 0:
        thresholds, marks = [-t for t in reversed(thresholds)], list(reversed(marks))
    return MarkedLevels(feature, tuple(thresholds), tuple(marks), whole)


def _between(values: NDArray[np.float64], cut: float, whole: bool) -> float:
    """Move a cut between the values either side, so no essay sits on it."""
    below, above = values[values < cut], values[values >= cut]
    if not len(below) or not len(above):
        return cut
    return _halfway(float(below.max()), float(above.min()), whole)


def _halfway(low: float, high: float, whole: bool) -> float:
    """Place a cut between two values essays have; for counts, just above the lower one.

    Counts cut at a half read as whole numbers in the levels' descriptors (Words: 101 or more).
    """
    return low + 0.5 if whole else (low + high) / 2


def _marked_step(levels: MarkedLevels, column: NDArray[np.float64], weight: float) -> Step:
    """Turn levels fitted to the teacher's criterion marks into a weighted step function."""
    centre = float(column.mean())
    values = tuple(weight * (mark - centre) for mark in levels.marks)
    labels = tuple(f"Mark {exact_number(mark)}" for mark in levels.marks)
    return Step(levels.feature, levels.thresholds, values, levels.whole, labels)


def _criterion_qwk(
    samples: Sequence[Measures], feature: Feature, own: Sequence[float | None]
) -> float | None:
    """Agreement of a criterion's fitted levels with the teacher's marks for it (5-fold)."""
    known = [i for i, mark in enumerate(own) if mark is not None]
    x = _column([samples[i] for i in known], feature)
    if len(known) < 10 or x is None:
        return None
    truth = [float(own[i] or 0) for i in known]
    predicted = list(truth)
    for train, test in FOLDS.split(np.arange(len(known))):
        marks = [truth[i] for i in train]
        levels = _fit_marked_levels(feature, x[train], marks)
        # Where these essays show no link, the fallback is the teacher's usual mark.
        fitted = (
            [statistics.median_low(marks)] * len(test) if levels is None else levels.mark(x[test])
        )
        for i, mark in zip(test, fitted, strict=True):
            predicted[i] = float(mark)
    return qwk(truth, predicted)


def _as_criterion(step: Step) -> FittedCriterion:
    """Express a step function as a criterion: 0-4 points per level, times a weight."""
    low, high = min(step.values), max(step.values)
    span = high - low
    bounds = [None, *step.thresholds, None]
    label = _measure_label(step.feature)
    # (points, lower bound, upper bound, teacher's mark); neighbours worth the same points are
    # one level, so no two levels read alike.
    bins: list[tuple[float, float | None, float | None, str]] = []
    for i, value in enumerate(step.values):
        points = round(LEVEL_POINTS * (value - low) / span, 2)
        name = step.labels[i] if step.labels else ""
        if bins and not name and bins[-1][0] == points:
            bins[-1] = (points, bins[-1][1], bounds[i + 1], name)
        else:
            bins.append((points, bounds[i], bounds[i + 1], name))
    ranked = sorted(bins, key=lambda b: -b[0])
    levels = tuple(
        Level(
            score=points,
            label=name or f"Level {len(ranked) - i} of {len(ranked)}",
            min=None if minimum is None else round(minimum, BOUND_DECIMALS),
            max=None if maximum is None else round(maximum, BOUND_DECIMALS),
            descriptor=f"{label}: {_bounds_for_teachers(minimum, maximum, step.whole)}",
        )
        for i, (points, minimum, maximum, name) in enumerate(ranked)
    )
    return FittedCriterion(
        step.feature, round(span / LEVEL_POINTS, 4), levels, bool(step.labels), step.minor
    )


def _bounds_for_teachers(minimum: float | None, maximum: float | None, whole: bool) -> str:
    """Describe a level's bounds; counts lie halfway between whole numbers, so say those."""
    if whole:
        minimum = None if minimum is None else math.ceil(minimum)
        maximum = None if maximum is None else math.floor(maximum)
    return bounds_in_words(minimum, maximum)


def _boundaries(cuts: Sequence[float], marks: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """Turn the percent at which each mark starts into grade boundaries, highest mark first."""
    starts: dict[float, float] = {0.0: marks[0]}
    for cut, mark in zip(cuts, marks[1:], strict=True):
        if cut <= 100:
            # A mark whose range is empty (the next mark starts at the same percent) drops out.
            starts[max(0.0, round(cut, 3))] = mark
    return tuple(sorted(((p, m) for p, m in starts.items()), reverse=True))


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
    texts: Sequence[str] | None = None,
    criterion_marks: Mapping[str, Sequence[float | None]] | None = None,
) -> float | None:
    """Agreement with the teacher on essays the model did not see (5-fold, fixed seed)."""
    if len(marks) < 10:
        return None
    predicted = [0.0] * len(marks)
    folds = _cross_fitted(samples, marks, features, scale, texts, criterion_marks, blended=True)
    for model, test in folds:
        for i in test:
            predicted[i] = (
                model.predict(samples[i])
                if texts is None
                else model.predict_essay(samples[i], texts[i])
            )
    return qwk(list(marks), predicted)


def _measure_label(feature: Feature) -> str:
    """Name a measure for teachers."""
    measure = measures_of(feature.kind).get(feature.measure)
    return measure.label if measure else feature.measure.replace("_", " ")


def features_for(rubric: Rubric) -> list[Feature]:
    """List the features to try: the rubric's own criteria, then the other candidates."""
    features = [Feature(c.kind_name, c.analysed_measure, c.id, c.name) for c in rubric.criteria]
    taken = {(f.kind, f.measure) for f in features} | {f.criterion_id for f in features}
    for candidate in candidates():
        if (candidate.kind, candidate.measure) not in taken and candidate.criterion_id not in taken:
            features.append(candidate)
    return features


def exact_number(value: float) -> str:
    """Write a number exactly enough that the rubric reproduces the model."""
    return f"{value:.10g}"
