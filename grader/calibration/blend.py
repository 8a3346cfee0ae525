"""The blend: a small linear model that weighs the parts of a calibrated mark, then stretches it.

Each part is a mark-like number per essay (the calibrated criteria's percent, the mark the
essay's resemblance to the marked essays suggests ...). The weights are fitted to the
teacher's marks by least squares with a ridge penalty, never negative (a part that would
pull against the marks is left out, so every weight reads the right way round). The
blended marks of essays the model did not see are then stretched to the mean and spread of
the teacher's marks: a least-squares fit squeezes marks towards the middle, and agreement
(QWK) punishes that. The stretch is linear, so it folds into the weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import nnls

Array = NDArray[np.float64]
BLEND_RIDGE = 30.0  # ridge penalty on the standardised parts (tuned on ASAP dev)


@dataclass(frozen=True)
class Blend:
    """mark = intercept + the sum of weight x part, before rounding to the teacher's scale."""

    intercept: float
    weights: Mapping[str, float]  # by part name; a part left out has weight 0
    spreads: Mapping[str, float]  # each part's standard deviation on the marked essays

    def mark(self, parts: Mapping[str, float]) -> float:
        """Blend one essay's parts into a mark on the teacher's scale (not yet rounded)."""
        return self.intercept + sum(w * parts[name] for name, w in self.weights.items() if w)

    def shares(self) -> dict[str, float]:
        """Say how much each part moves the marks: its weight times its spread, as a share."""
        moves = {name: abs(w) * self.spreads.get(name, 0.0) for name, w in self.weights.items()}
        total = sum(moves.values()) or 1.0
        return {name: move / total for name, move in moves.items()}


def fit_blend(parts: Mapping[str, Array], marks: Array, ridge: float = BLEND_RIDGE) -> Blend:
    """Fit non-negative weights to the parts, then stretch to the spread of the marks.

    Each part's values must be predictions for essays the part was not fitted to (held out),
    so the weights and the stretch learn how far each part can be trusted on a new essay.
    """
    names = list(parts)
    y = np.asarray(marks, dtype=float)
    columns = [np.asarray(parts[name], dtype=float) for name in names]
    means = np.array([c.mean() for c in columns])
    spreads = np.array([c.std() or 1.0 for c in columns])
    z = np.column_stack([(c - m) / s for c, m, s in zip(columns, means, spreads, strict=True)])
    penalty = math.sqrt(ridge)
    design = np.vstack([z, penalty * np.eye(len(names))])
    target = np.concatenate([y - y.mean(), np.zeros(len(names))])
    standard, _ = nnls(design, target)
    held_out = _left_out(z, y, standard, ridge)
    # Stretch: held-out blends get the mean and spread of the teacher's marks.
    spread = float(held_out.std())
    stretch = float(y.std()) / spread if spread > 0 else 1.0
    weights = stretch * standard / spreads
    intercept = float(y.mean() + stretch * (y.mean() - held_out.mean()) - weights @ means)
    return Blend(
        intercept=intercept,
        weights={name: float(w) for name, w in zip(names, weights, strict=True)},
        spreads={name: float(s) for name, s in zip(names, spreads, strict=True)},
    )


def _left_out(z: Array, y: Array, standard: Array, ridge: float) -> Array:
    """Leave-one-out blends in closed form: a ridge fit on the parts that kept a weight."""
    active = np.flatnonzero(standard > 0)
    centred = y - y.mean()
    if not len(active):
        return np.full(len(y), float(y.mean()))
    za = z[:, active]
    inverse = np.linalg.inv(za.T @ za + ridge * np.eye(len(active)))
    hat = za @ inverse @ za.T + 1.0 / len(y)  # the mean is fitted too
    fitted = za @ standard[active]
    return np.asarray(y - (centred - fitted) / (1.0 - np.diag(hat)), dtype=float)
