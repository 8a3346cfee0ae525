"""The readability criterion kind: how readable the essay is for its readers."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from grader.rubric.evidence import NOT_PROSE, RUN_ON, cap_rows, evidence_rows, six_levels
from grader.rubric.kind import Candidate, CriterionBase, KindSpec
from grader.rubric.levels import Claim, Range, claim, fixed_levels
from grader.rubric.measures import RUN_ON_WORDS, Measure


class ReadabilityCriterion(CriterionBase):
    """How readable the essay is for its intended readers."""

    kind: Literal["readability"]
    target_grade: Range = Field(
        default=Range(min=8, max=12), description="Target reading grade band (US school grades)."
    )
    long_sentence_words: int = Field(
        default=35, gt=0, description="Words that make a sentence long."
    )
    passive_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of sentences in the passive above which paragraphs thick with it "
        "are pointed out (1 turns this off).",
    )


MEASURES: dict[str, Measure] = {
    "grade_distance": Measure("Grades outside the target band", better="lower"),
    "reading_grade": Measure("Reading grade (median of four formulas)", low=-math.inf),
    "flesch_kincaid_grade": Measure("Flesch-Kincaid grade", low=-math.inf),
    "flesch_reading_ease": Measure("Flesch reading ease", low=-math.inf, better="higher"),
    "gunning_fog": Measure("Gunning fog index"),
    "smog_index": Measure("SMOG index"),
    "coleman_liau_index": Measure("Coleman-Liau index", low=-math.inf),
    "dale_chall": Measure("Dale-Chall score"),
    "unique_words": Measure("Different words used"),
    "long_words": Measure("Words of seven letters or more"),
    "target_grade_min": Measure("Target grade from"),
    "target_grade_max": Measure("Target grade to"),
    "long_sentences": Measure("Long sentences", better="lower"),
    "longest_sentence_words": Measure("Words in the longest sentence", better="lower"),
    "mean_sentence_words": Measure("Average words per sentence"),
    "passive_share": Measure("Share of sentences in the passive", high=1.0, better="lower"),
    "repeated_openings": Measure("Runs of sentences opening alike", better="lower"),
    "mtld": Measure("Lexical diversity (MTLD)", better="higher"),
    "overused_words": Measure("Overused vague words", better="lower"),
    "sentence_count": Measure("Sentences"),
    "word_count": Measure("Words"),
    "length_share": Measure(
        "Words as a share of the middle of the target range", high=1.0, better="higher"
    ),
    "long_sentence_share": Measure("Share of long sentences", high=1.0, better="lower"),
    "sentence_length_spread": Measure("Spread of sentence lengths (words)"),
    "long_word_share": Measure("Share of words of seven letters or more", high=1.0),
    "mean_word_letters": Measure("Average letters per word"),
    "letter_share": Measure("Share of characters that are letters", high=1.0),
}


# Levels on the default measure, for rubrics that set bounds without evidence.
LEVELS = fixed_levels(
    (4, "Well matched", None, 1.0, "Your writing is pitched at the right level."),
    (
        3,
        "Mostly suited",
        1.0,
        2.5,
        "Your writing is a little harder or easier than it should be.",
    ),
    (2, "Uneven", 2.5, 4.0, "Your writing is noticeably harder or easier than it should be."),
    (1, "Poorly matched", 4.0, None, "Your writing is far harder or easier than readers need."),
)


# Clarity is judged on how the essay is written, never on how much of it there is: the
# counts of different and long words that followed the ASAP marks (length) are gone, and
# their measures of the same things per word stand in (issue 34).
EVIDENCE = evidence_rows(
    ("Variety of words (lexical diversity)", "mtld", 40.0, 120.0, 4.0),
    ("Precise, ambitious words", "long_word_share", 0.10, 0.26, 3.0),
    ("Average word length", "mean_word_letters", 4.0, 4.9, 1.0),
    ("Varied sentence lengths", "sentence_length_spread", 2.0, 8.0, 1.0),
    ("Sentences of a readable length", "long_sentence_share", 0.3, 0.0, 2.0),
    ("Reading grade within the target band", "grade_distance", 4.0, 0.0, 1.0),
    ("Active rather than passive sentences", "passive_share", 0.5, 0.1, 0.5),
)


CAPS = cap_rows(
    (
        "longest_sentence_words",
        RUN_ON_WORDS,
        None,
        1,
        "One sentence runs on for {value:.0f} words, so the text cannot be read or measured "
        "as sentences: break it up.",
    ),
    (
        "long_sentences",
        3,
        None,
        4,
        "{value:.0f} sentences are too long to follow easily: clarity cannot be higher "
        "until they are split.",
    ),
    (
        "long_sentences",
        1,
        None,
        5,
        "Some sentences are too long to follow easily.",
    ),
    ("letter_share", None, 0.6, 1, "This does not read as prose: it is mostly not words."),
)


EVIDENCE_LEVELS = six_levels(
    (
        "Clear and fluent",
        "Clear, varied sentences and a wide, precise vocabulary, pitched at the right level.",
    ),
    ("Clear", "Clear writing; a few sentences or words could be sharper."),
    ("Mostly clear", "Mostly clear; vary your sentences and choose more precise words."),
    ("Uneven", "Some sentences are hard to follow or the vocabulary is limited."),
    ("Often unclear", "Many sentences are hard to follow; the vocabulary is narrow."),
    ("Unclear", "The writing is hard to follow."),
)


# What each descriptor above says of the essay (see grader.rubric.evidence).
CLAIMS: dict[str, Claim] = {
    "Clear, varied sentences and a wide, precise vocabulary, pitched at the right level.": (
        claim(
            "long_sentence_share <= 0.1, grade_distance <= 1.5, mtld >= 60, "
            "sentence_length_spread >= 3"
        )
    ),
    "Clear writing; a few sentences or words could be sharper.": claim(
        "long_sentence_share <= 0.2, longest_sentence_words < 120"
    ),
    "Mostly clear; vary your sentences and choose more precise words.": claim(
        "long_sentence_share <= 0.3, longest_sentence_words < 120"
    ),
    "Some sentences are hard to follow or the vocabulary is limited.": claim(
        "long_sentences >= 1", "mtld < 70", "long_word_share < 0.15"
    ),
    "Many sentences are hard to follow; the vocabulary is narrow.": claim(
        "long_sentence_share >= 0.3, mtld < 60", RUN_ON, NOT_PROSE
    ),
    "The writing is hard to follow.": claim("long_sentence_share >= 0.4", RUN_ON, NOT_PROSE),
}


SPEC = KindSpec(
    name="readability",
    title="Readability",
    criterion=ReadabilityCriterion,
    analyser="grader.analysers.readability:analyse_readability",
    measures=MEASURES,
    default_measure="grade_distance",
    levels=LEVELS,
    evidence=EVIDENCE,
    caps=CAPS,
    evidence_levels=EVIDENCE_LEVELS,
    claims=CLAIMS,
    highlights={"readability": "Readability"},
    candidates=(
        Candidate("unique_words", "range", "Range of vocabulary", 1),
        Candidate("long_words", "ambition", "Ambitious vocabulary", 2),
        Candidate("mtld", "vocabulary", "Variety of vocabulary", 3),
        Candidate("mean_sentence_words", "sentences", "Sentence length", 6),
        Candidate("reading_grade", "maturity", "Maturity of style", 7),
    ),
    judged_over="clarity",
    parses=True,
    language_bound=True,
)
