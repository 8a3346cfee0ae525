"""The content criterion kind: the key terms of the topic the essay uses."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from grader.rubric.kind import CriterionBase, KindSpec
from grader.rubric.levels import KeyTerm, fixed_levels
from grader.rubric.measures import Measure


class ContentCriterion(CriterionBase):
    """The key terms of the topic the essay uses, each worth the points the rubric gives it."""

    kind: Literal["content"]
    terms: dict[KeyTerm, float] = Field(
        min_length=1,
        description="Key terms (one word each) and their points; minus points for terms "
        "that mark weak essays. A term also matches other forms of the word.",
    )


MEASURES: dict[str, Measure] = {
    "key_term_points": Measure("Points of the key terms used", low=-math.inf, better="higher"),
    "key_terms_used": Measure("Key terms used", better="higher"),
    "key_term_share": Measure("Share of the key terms' points reached", high=1.0, better="higher"),
}


# Levels on the default measure, for rubrics that set bounds without evidence.
LEVELS = fixed_levels(
    (4, "Thorough", 0.6, None, "You use most of the key terms of the topic."),
    (3, "Sound", 0.4, 0.6, "You use many of the key terms of the topic."),
    (2, "Partial", 0.2, 0.4, "You use some key terms; bring in more of the topic."),
    (1, "Thin", None, 0.2, "You use few of the key terms of the topic."),
)


SPEC = KindSpec(
    name="content",
    title="Key terms",
    criterion=ContentCriterion,
    analyser="grader.analysers.content:analyse_content",
    measures=MEASURES,
    default_measure="key_term_share",
    levels=LEVELS,
    about_topic=True,
)
