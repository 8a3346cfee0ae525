"""The mechanics criterion kind: spelling, grammar and punctuation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.rubric.evidence import NOT_PROSE, RUN_ON, cap_rows, evidence_rows, six_levels
from grader.rubric.kind import Candidate, CriterionBase, KindSpec
from grader.rubric.levels import Claim, claim, fixed_levels
from grader.rubric.measures import RUN_ON_WORDS, Measure


class MechanicsCriterion(CriterionBase):
    """Spelling, grammar and punctuation."""

    kind: Literal["mechanics"]
    disabled_rules: list[str] = Field(default=[], description="Grammar rule ids not to check.")
    enabled_rules: list[str] = Field(default=[], description="Extra grammar rule ids to check.")
    disabled_categories: list[str] = Field(default=[], description="Rule categories not to check.")
    allowed_words: list[str] = Field(default=[], description="Words never flagged as misspelt.")


MEASURES: dict[str, Measure] = {
    "errors_per_100_words": Measure("Errors per 100 words", better="lower"),
    "grammar_per_100_words": Measure("Grammar errors per 100 words", better="lower"),
    "spelling_per_100_words": Measure("Spelling errors per 100 words", better="lower"),
    "punctuation_per_100_words": Measure(
        "Punctuation and capital-letter errors per 100 words", better="lower"
    ),
    "typography_per_100_words": Measure("Spacing and typing errors per 100 words", better="lower"),
    "style_per_100_words": Measure("Style errors per 100 words", better="lower"),
    "distinct_issues": Measure("Different mistakes (repeats counted once)", better="lower"),
    "suggestions_per_100_words": Measure("Suggestions per 100 words", better="lower"),
    "word_count": Measure("Words checked"),
    "minimum_share": Measure(
        "Words checked as a share of the minimum length", high=1.0, better="higher"
    ),
    "errors_found": Measure("Errors found", better="lower"),
    "sentences_with_errors": Measure("Sentences with an error", better="lower"),
    "sentences_with_errors_share": Measure(
        "Share of sentences with an error", high=1.0, better="lower"
    ),
    "longest_sentence_words": Measure("Words in the longest sentence", better="lower"),
    "letter_share": Measure("Share of characters that are letters", high=1.0),
}


# Levels on the default measure, for rubrics that set bounds without evidence.
LEVELS = fixed_levels(
    (4, "Accurate", None, 1.0, "Spelling, punctuation and grammar are almost always accurate."),
    (3, "Mostly accurate", 1.0, 2.5, "A few errors, which do not get in the way of meaning."),
    (2, "Often inaccurate", 2.5, 5.0, "Frequent errors that sometimes obscure meaning."),
    (1, "Inaccurate", 5.0, None, "Errors in most sentences make the essay hard to follow."),
)


# Accuracy is judged on the errors alone; an essay too short to show it is told so in
# words on its card (scoring.short_text_note), and its total is held down by the rubric's
# too_short limit, not by marking accurate writing as inaccurate (issue 34).
EVIDENCE = evidence_rows(
    ("Few errors per 100 words", "errors_per_100_words", 2.0, 0.0, 1.0),
    ("Few grammar errors (they blur meaning most)", "grammar_per_100_words", 1.0, 0.0, 0.5),
    ("Few spelling errors", "spelling_per_100_words", 1.5, 0.0, 0.5),
    ("Few punctuation errors", "punctuation_per_100_words", 1.0, 0.0, 0.5),
    ("Few points to check", "suggestions_per_100_words", 2.0, 0.0, 0.5),
    ("Sentences free of errors", "sentences_with_errors_share", 0.6, 0.0, 1.0),
)


CAPS = cap_rows(
    (
        "longest_sentence_words",
        RUN_ON_WORDS,
        None,
        1,
        "One sentence runs on for {value:.0f} words: full stops are missing.",
    ),
    ("letter_share", None, 0.6, 1, "This does not read as prose: it is mostly not words."),
)


EVIDENCE_LEVELS = six_levels(
    ("Accurate", "Spelling, punctuation and grammar are accurate almost everywhere."),
    ("Mostly accurate", "A few slips, which do not get in the way of meaning."),
    ("Generally accurate", "Some errors; they rarely obscure your meaning."),
    ("Often inaccurate", "Frequent errors that sometimes make your meaning unclear."),
    ("Inaccurate", "Errors in many sentences get in the way of your meaning."),
    ("Very inaccurate", "Errors in most sentences make the essay hard to follow."),
)


# What each descriptor above says of the essay (see grader.rubric.evidence).
CLAIMS: dict[str, Claim] = {
    "Spelling, punctuation and grammar are accurate almost everywhere.": claim(
        "errors_per_100_words <= 1, sentences_with_errors_share <= 0.15"
    ),
    "Spelling, punctuation and grammar are almost always accurate.": claim(
        "errors_per_100_words <= 1, sentences_with_errors_share <= 0.15"
    ),
    "A few slips, which do not get in the way of meaning.": claim(
        "errors_found >= 1, sentences_with_errors_share <= 0.3"
    ),
    "A few errors, which do not get in the way of meaning.": claim(
        "errors_found >= 1, sentences_with_errors_share <= 0.3"
    ),
    "Some errors; they rarely obscure your meaning.": claim(
        "errors_found >= 1, sentences_with_errors_share <= 0.5"
    ),
    "Frequent errors that sometimes make your meaning unclear.": claim(
        "errors_per_100_words >= 2",
        "sentences_with_errors_share >= 0.25",
        RUN_ON,
        NOT_PROSE,
    ),
    "Frequent errors that sometimes obscure meaning.": claim(
        "errors_per_100_words >= 2",
        "sentences_with_errors_share >= 0.25",
        RUN_ON,
        NOT_PROSE,
    ),
    "Errors in many sentences get in the way of your meaning.": claim(
        "sentences_with_errors_share >= 0.3", RUN_ON, NOT_PROSE
    ),
    "Errors in most sentences make the essay hard to follow.": claim(
        "sentences_with_errors_share > 0.5", RUN_ON, NOT_PROSE
    ),
}


SPEC = KindSpec(
    name="mechanics",
    title="Spelling, punctuation and grammar",
    criterion=MechanicsCriterion,
    analyser="grader.analysers.mechanics:analyse_mechanics",
    measures=MEASURES,
    default_measure="errors_per_100_words",
    levels=LEVELS,
    evidence=EVIDENCE,
    caps=CAPS,
    evidence_levels=EVIDENCE_LEVELS,
    claims=CLAIMS,
    highlights={
        "mech-spelling": "Spelling",
        "mech-grammar": "Grammar",
        "mech-punctuation": "Punctuation",
        "mech-typography": "Typography",
        "mech-style": "Style",
    },
    candidates=(Candidate("errors_per_100_words", "accuracy", "Accuracy of writing", 4),),
    judged_over="accuracy",
    warm_up="grader.analysers.spelling:warm_spelling",
    parses=True,
    language_bound=True,
)
