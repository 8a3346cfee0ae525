"""The measures each criterion kind reports: names, labels, ranges and which way is better."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower", "neither"]


@dataclass(frozen=True)
class Measure:
    """A named number an analyser reports, and how a rubric may set levels on it."""

    label: str
    low: float = 0.0
    high: float = math.inf
    better: Better = "neither"


MEASURES: dict[str, dict[str, Measure]] = {
    "readability": {
        "grade_distance": Measure("Grades outside the target band", better="lower"),
        "reading_grade": Measure("Reading grade (median of four formulas)", low=-math.inf),
        "flesch_kincaid_grade": Measure("Flesch-Kincaid grade", low=-math.inf),
        "flesch_reading_ease": Measure("Flesch reading ease", low=-math.inf, better="higher"),
        "gunning_fog": Measure("Gunning fog index"),
        "smog_index": Measure("SMOG index"),
        "coleman_liau_index": Measure("Coleman-Liau index", low=-math.inf),
        "dale_chall": Measure("Dale-Chall score"),
        "target_grade_min": Measure("Target grade from"),
        "target_grade_max": Measure("Target grade to"),
    },
    "structure": {
        "structure_score": Measure("Share of structure checks met", high=1.0, better="higher"),
    },
    "mechanics": {
        "errors_per_100_words": Measure("Errors per 100 words", better="lower"),
        "grammar_per_100_words": Measure("Grammar errors per 100 words", better="lower"),
        "spelling_per_100_words": Measure("Spelling errors per 100 words", better="lower"),
        "punctuation_per_100_words": Measure(
            "Punctuation and capital-letter errors per 100 words", better="lower"
        ),
        "typography_per_100_words": Measure(
            "Spacing and typing errors per 100 words", better="lower"
        ),
        "style_per_100_words": Measure("Style errors per 100 words", better="lower"),
        "distinct_issues": Measure("Different mistakes (repeats counted once)", better="lower"),
    },
    "facts": {
        "fact_score": Measure("Fact score (accuracy and coverage)", high=1.0, better="higher"),
    },
}

DEFAULT_MEASURE = {
    "readability": "grade_distance",
    "structure": "structure_score",
    "mechanics": "errors_per_100_words",
    "facts": "fact_score",
}


def label_for(name: str) -> str:
    """Return a measure's readable label, whatever kind reports it."""
    for measures in MEASURES.values():
        if name in measures:
            return measures[name].label
    return name.replace("_", " ").capitalize()


def selectable(kind: str) -> dict[str, Measure]:
    """Return the measures of a kind that levels can be set on (those with a better side)."""
    return {name: m for name, m in MEASURES[kind].items() if m.better != "neither"}
