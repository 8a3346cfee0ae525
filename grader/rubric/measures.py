"""What a measure is: a named number a kind reports, its label, range and which way is better.

Each kind's measures are listed in its module of grader/kinds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower", "neither"]
EVIDENCE_SCORE = "evidence_score"
# Set (to 1) when a criterion could not judge the essay at all (an essay in another language):
# the criterion then scores nothing, whatever its levels give the least of evidence.
NOT_ASSESSED = "not_assessed"
# Words in one "sentence" beyond which it is a run-on no reading formula can measure.
RUN_ON_WORDS = 120


@dataclass(frozen=True)
class Measure:
    """A named number an analyser reports, and how a rubric may set levels on it."""

    label: str
    low: float = 0.0
    high: float = math.inf
    better: Better = "neither"
