"""How a kind's default evidence, caps and levels are written (each kind's are in grader/kinds).

A criterion's level comes from its evidence score: the weighted mean of several measures, each
scaled from the value that counts as none of that evidence (0) to the value that counts as all
of it (1). A cap then holds the level down when a finding printed under the criterion would deny
the level's descriptor (a level "Well matched" beside a warning for 50-word sentences).
The weights and scales were chosen on the training and development parts of the marked essays
in ../shared/datasets (see benchmarks/agreement.py) and are the defaults a rubric can override.
"""

from __future__ import annotations

import math

from grader.rubric.levels import Cap, Evidence, Level
from grader.rubric.measures import RUN_ON_WORDS


def evidence_rows(*rows: tuple[str, str, float, float, float]) -> tuple[Evidence, ...]:
    """Build default evidence from (label, measure, worst, best, weight) rows.

    A negative weight marks a piece that scales the rest (its weight is the size).
    """
    return tuple(
        Evidence(
            label=label,
            measure=measure,
            worst=worst,
            best=best,
            weight=abs(weight),
            scales=weight < 0,
        )
        for label, measure, worst, best, weight in rows
    )


def cap_rows(*rows: tuple[str, float | None, float | None, float, str]) -> tuple[Cap, ...]:
    """Build default caps from (measure, min, max, highest level of six, because) rows."""
    return tuple(
        Cap(
            measure=measure,
            min=low,
            max=high,
            at_most=math.ceil(level / 6 * 100) / 100,
            because=because,
        )
        for measure, low, high, level, because in rows
    )


def six_levels(*rows: tuple[str, str]) -> tuple[Level, ...]:
    """Build six levels, best first, from (label, descriptor) rows, on even sixths of the score.

    Even bands make the points (to one decimal) six times the evidence score, so a mark moves
    as far as the evidence does and never jumps at a boundary.
    """
    count = len(rows)
    cuts = [round(i / count, 2) for i in range(count - 1, 0, -1)]  # 0.83, 0.67 ... 0.17
    return tuple(
        Level(
            score=count - i,
            label=label,
            min=cuts[i] if i < count - 1 else None,
            max=cuts[i - 1] if i > 0 else None,
            descriptor=text,
        )
        for i, (label, text) in enumerate(rows)
    )


# Each kind's CLAIMS say what its built-in descriptors say of the essay, as conditions on the
# measures (any group holds, each group all its conditions). Scoring never leaves a level whose
# descriptor the measures deny, and tests/test_truth.py runs every card of the samples, the
# sanity set and ASAP essays through them. "Many" sentences is 30% of them and "most" over
# half. Two conditions several kinds' descriptors share:
RUN_ON = f"longest_sentence_words >= {RUN_ON_WORDS}"
NOT_PROSE = "letter_share < 0.6"
