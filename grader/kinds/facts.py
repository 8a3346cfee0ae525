"""The facts criterion kind: factual accuracy against the rubric's fact sheet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import PrivateAttr

from grader.findings import VERDICT_WORDS
from grader.rubric.evidence import cap_rows, evidence_rows, six_levels
from grader.rubric.kind import CriterionBase, KindSpec
from grader.rubric.levels import Claim, claim, fixed_levels
from grader.rubric.measures import Measure


class FactsCriterion(CriterionBase):
    """Factual accuracy against the rubric's fact sheet."""

    kind: Literal["facts"]
    # The rubric's fact sheet, validated and attached by grader.facts.sheet when the rubric loads.
    _fact_sheet: Any = PrivateAttr(default=None)

    @property
    def fact_sheet(self) -> Any:
        """Return the fact sheet attached when the rubric loaded (a FactSheet), or None."""
        return self._fact_sheet

    def attach_sheet(self, sheet: Any) -> None:
        """Attach the rubric's validated fact sheet."""
        self._fact_sheet = sheet


MEASURES: dict[str, Measure] = {
    "fact_score": Measure("Fact score (accuracy and coverage)", high=1.0, better="higher"),
    "accuracy": Measure("Share of checked claims that are right", high=1.0, better="higher"),
    "coverage": Measure("Share of required facts mentioned", high=1.0, better="higher"),
    "supported": Measure("Claims the fact sheet supports"),
    "contradicted": Measure("Claims the fact sheet contradicts", better="lower"),
    "imprecise": Measure("Claims too vague or only partly right", better="lower"),
    "missing": Measure("Required facts not mentioned", better="lower"),
    "unverified": Measure("Specific claims the fact sheet cannot check"),
    "required_facts": Measure("Required facts on the fact sheet"),
    "claims_on_sheet": Measure("Claims that touch the fact sheet (right, wrong or vague)"),
    "missing_or_wrong": Measure("Required facts missing, and claims contradicted"),
    "missing_or_wrong_share": Measure(
        "Missing and contradicted as a share of the required facts", high=1.0, better="lower"
    ),
    "claims_touching_sheet": Measure(
        "Verdicts and facts that touch the sheet (0: no facts credit)", better="higher"
    ),
}


# Levels on the default measure, for rubrics that set bounds without evidence.
LEVELS = fixed_levels(
    (4, "Accurate and thorough", 0.85, None, "Key facts are present and correct."),
    (3, "Mostly accurate", 0.7, 0.85, "Most key facts are present and correct."),
    (2, "Partly accurate", 0.5, 0.7, "Several key facts are missing or wrong."),
    (1, "Inaccurate", None, 0.5, "Many key facts are missing or wrong."),
)


EVIDENCE = evidence_rows(
    ("Checked claims that are right", "accuracy", 0.5, 1.0, 2.0),
    ("Required facts mentioned", "coverage", 0.0, 1.0, 2.0),
    ("No claim contradicted by the fact sheet", "contradicted", 3.0, 0.0, 2.0),
)


CAPS = cap_rows(
    (
        "contradicted",
        3,
        None,
        3,
        "{value:.0f} claims are contradicted by the fact sheet.",
    ),
    (
        "contradicted",
        1,
        None,
        4,
        "A claim is contradicted by the fact sheet: correct it before anything else.",
    ),
)


EVIDENCE_LEVELS = six_levels(
    (
        "Accurate and thorough",
        "The key events, dates, people and figures are there and correct.",
    ),
    ("Accurate", "What you state is correct; a few key facts are missing."),
    ("Mostly accurate", "Most key facts are there and correct; check the ones marked."),
    ("Partly accurate", "Several key facts are missing or wrong."),
    ("Often inaccurate", "Many key facts are missing or wrong."),
    (
        "Inaccurate",
        "Most key facts are missing or wrong: revise the timeline and the figures.",
    ),
)


# What each descriptor above says of the essay (see grader.rubric.evidence).
CLAIMS: dict[str, Claim] = {
    "The key events, dates, people and figures are there and correct.": claim(
        "contradicted == 0, coverage >= 0.8, claims_on_sheet >= 1"
    ),
    "Key facts are present and correct.": claim(
        "contradicted == 0, coverage >= 0.8, claims_on_sheet >= 1"
    ),
    "What you state is correct; a few key facts are missing.": claim(
        "contradicted == 0, supported >= 1"
    ),
    "Most key facts are there and correct; check the ones marked.": claim(
        "coverage >= 0.5, supported >= 1"
    ),
    "Most key facts are present and correct.": claim("coverage >= 0.5, supported >= 1"),
    "Several key facts are missing or wrong.": claim("missing_or_wrong >= 2"),
    "Many key facts are missing or wrong.": claim(
        "missing_or_wrong >= 4, missing_or_wrong_share >= 0.3"
    ),
    "Most key facts are missing or wrong: revise the timeline and the figures.": claim(
        "missing_or_wrong_share > 0.5", "claims_on_sheet == 0"
    ),
}


# With nothing to credit the criterion gets its lowest level and no points: an essay on
# school uniforms checked against a history fact sheet is accurate in none of its claims.
NO_CREDIT: tuple[Claim, str] = (
    claim("claims_on_sheet == 0"),
    "No claim in the essay touches the fact sheet, so it earns no marks for factual accuracy.",
)


def derived(measures: Mapping[str, float]) -> dict[str, float]:
    """Return the sums of verdicts the level descriptors speak of."""
    if "missing" not in measures:
        return {}
    get = measures.get
    wrong = get("missing", 0.0) + get("contradicted", 0.0)
    return {
        "claims_on_sheet": get("supported", 0.0) + get("contradicted", 0.0) + get("imprecise", 0.0),
        "missing_or_wrong": wrong,
        "missing_or_wrong_share": min(wrong / max(get("required_facts", 0.0), 1.0), 1.0),
    }


SPEC = KindSpec(
    name="facts",
    title="Facts",
    criterion=FactsCriterion,
    analyser="grader.analysers.facts:analyse_facts",
    measures=MEASURES,
    default_measure="fact_score",
    levels=LEVELS,
    evidence=EVIDENCE,
    caps=CAPS,
    evidence_levels=EVIDENCE_LEVELS,
    claims=CLAIMS,
    no_credit=NO_CREDIT,
    derived=derived,
    highlights={
        **{
            f"fact-{v}": f"Fact checked: {VERDICT_WORDS[v]}"
            for v in ("supported", "contradicted", "imprecise")
        },
        "fact-unverified": "Claim not on the fact sheet",
        "fact-missing": "Missing fact",
    },
    parses=True,
    about_topic=True,
)
