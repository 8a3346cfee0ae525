"""The measures each criterion kind reports: names, labels, ranges and which way is better."""

from __future__ import annotations

import math
from collections.abc import Mapping
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
    },
    "structure": {
        "structure_score": Measure("Share of structure checks met", high=1.0, better="higher"),
        "paragraph_count": Measure("Paragraphs"),
        "word_count": Measure("Words"),
        "thesis_stated": Measure("Introduction states a position (1 yes, 0 no)", high=1.0),
        "topic_sentences_linked": Measure(
            "Share of body paragraphs whose opening links to the thesis", high=1.0, better="higher"
        ),
        "linking_words": Measure("Linking words", better="higher"),
        "linking_functions": Measure("Kinds of linking word (of 5)", high=5.0, better="higher"),
        "conclusion_found": Measure("Conclusion found (1 yes, 0 no)", high=1.0),
        "unbalanced_paragraphs": Measure("Paragraphs far longer or shorter than the rest"),
        "evidence_markers": Measure("Evidence markers (dates, figures, quotations, sources)"),
        "paragraphs_with_evidence": Measure(
            "Share of body paragraphs with evidence", high=1.0, better="higher"
        ),
        "unfinished_sentence": Measure("Essay ends mid-sentence (1 yes, 0 no)", high=1.0),
        "scraped_artefacts": Measure("Left-overs from a web page"),
        "length_share": Measure(
            "Words as a share of the middle of the target range", high=1.0, better="higher"
        ),
        "paragraphing": Measure("Paragraphs as the rubric asks (1 yes, 0 no)", high=1.0),
        "sentence_count": Measure("Sentences"),
        "longest_sentence_words": Measure("Words in the longest sentence", better="lower"),
        "linking_per_sentence": Measure("Linking words per sentence", better="higher"),
        "repeated_paragraphs": Measure("Paragraphs repeated word for word", better="lower"),
        "letter_share": Measure("Share of characters that are letters", high=1.0),
        "structure_parts_missing": Measure(
            "Parts missing: a position, a conclusion, paragraphs as asked", better="lower"
        ),
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
    },
    "content": {
        "key_term_points": Measure("Points of the key terms used", low=-math.inf, better="higher"),
        "key_terms_used": Measure("Key terms used", better="higher"),
        "key_term_share": Measure(
            "Share of the key terms' points reached", high=1.0, better="higher"
        ),
    },
    "facts": {
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
    },
}

DEFAULT_MEASURE = {
    "readability": "grade_distance",
    "structure": "structure_score",
    "mechanics": "errors_per_100_words",
    "facts": "fact_score",
    "content": "key_term_share",
}


for _measures in MEASURES.values():
    # Scoring adds each kind's evidence score (the weighted mean of its evidence, 0..1).
    _measures[EVIDENCE_SCORE] = Measure("Evidence score", high=1.0, better="higher")


def derived_measures(kind: str, measures: Mapping[str, float]) -> dict[str, float]:
    """Return the measures a kind's level descriptors speak of that are sums of others."""
    get = measures.get
    if kind == "facts" and "missing" in measures:
        wrong = get("missing", 0.0) + get("contradicted", 0.0)
        return {
            "claims_on_sheet": get("supported", 0.0)
            + get("contradicted", 0.0)
            + get("imprecise", 0.0),
            "missing_or_wrong": wrong,
            "missing_or_wrong_share": min(wrong / max(get("required_facts", 0.0), 1.0), 1.0),
        }
    if kind == "structure" and "thesis_stated" in measures:
        parts = ("thesis_stated", "conclusion_found", "paragraphing")
        return {"structure_parts_missing": sum(1.0 - min(get(p, 1.0), 1.0) for p in parts)}
    return {}


def label_for(name: str) -> str:
    """Return a measure's readable label, whatever kind reports it."""
    for measures in MEASURES.values():
        if name in measures:
            return measures[name].label
    return name.replace("_", " ").capitalize()


def selectable(kind: str) -> dict[str, Measure]:
    """Return the measures of a kind that levels can be set on (all but the rubric's targets)."""
    return {name: m for name, m in MEASURES[kind].items() if not name.startswith("target_")}
