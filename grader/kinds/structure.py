"""The structure criterion kind: how the essay is organised."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from grader.rubric.evidence import cap_rows, evidence_rows, six_levels
from grader.rubric.kind import Candidate, CriterionBase, KindSpec
from grader.rubric.levels import Claim, Range, claim, fixed_levels
from grader.rubric.measures import RUN_ON_WORDS, Measure


class StructureCriterion(CriterionBase):
    """How the essay is organised: introduction, paragraphs, linking and conclusion."""

    kind: Literal["structure"]
    paragraphs: Range = Field(
        default=Range(min=4, max=8), description="How many paragraphs the essay should have."
    )
    word_count: Range | None = Field(
        default=None, description="Target length in words; defaults to the rubric's word_count."
    )
    question: str = Field(
        default="", description="The essay question; topic sentences may echo its key words."
    )


MEASURES: dict[str, Measure] = {
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
}


# Levels on the default measure, for rubrics that set bounds without evidence.
LEVELS = fixed_levels(
    (
        4,
        "Well organised",
        0.85,
        None,
        "A clear introduction, linked paragraphs and a conclusion.",
    ),
    (3, "Organised", 0.65, 0.85, "A sound structure with a few gaps."),
    (2, "Partly organised", 0.45, 0.65, "Some structure, but key parts are missing or weak."),
    (
        1,
        "Disorganised",
        None,
        0.45,
        "The essay needs an introduction, paragraphs and a conclusion.",
    ),
)


# Development weighs most: in the marked essays (ASAP, grades 7-10) the human organisation
# and holistic marks follow how far an essay develops its points far more than any check of
# its parts; the parts still decide between essays of the length asked for.
EVIDENCE = evidence_rows(
    ("Development: length against the target", "length_share", 0.0, 1.0, 8.0),
    ("Development: points made (sentences)", "sentence_count", 5.0, 40.0, 6.0),
    ("Introduction states a position", "thesis_stated", 0.0, 1.0, 1.0),
    ("Paragraphs as the rubric asks", "paragraphing", 0.0, 1.0, 1.0),
    ("Body paragraphs open with a linked topic sentence", "topic_sentences_linked", 0, 1, 1),
    ("Kinds of linking word used (of 5)", "linking_functions", 0.0, 5.0, 2.0),
    ("Conclusion", "conclusion_found", 0.0, 1.0, 1.0),
)


CAPS = cap_rows(
    (
        "paragraph_count",
        None,
        1,
        3,
        "One unbroken block cannot be well organised: split it into paragraphs.",
    ),
    (
        "conclusion_found",
        None,
        0.0,
        4,
        "Without a conclusion that answers the question the essay cannot be well organised.",
    ),
    (
        "thesis_stated",
        None,
        0.0,
        5,
        "Without a position stated in the introduction the essay cannot be well organised.",
    ),
    (
        "repeated_paragraphs",
        1,
        None,
        2,
        "A paragraph is repeated word for word, so the essay cannot be judged as written.",
    ),
    ("letter_share", None, 0.6, 1, "This does not read as prose: it is mostly not words."),
    (
        "longest_sentence_words",
        RUN_ON_WORDS,
        None,
        1,
        "One sentence runs on for {value:.0f} words, so there are no sentences to organise.",
    ),
)


EVIDENCE_LEVELS = six_levels(
    (
        "Well organised",
        "A clear introduction with a position, well-linked paragraphs that each make one "
        "step of the argument, and a conclusion.",
    ),
    ("Organised", "A sound structure, with one part that needs work."),
    ("Mostly organised", "A clear outline, with two or three parts to work on."),
    ("Partly organised", "Some structure, but key parts are missing or weak."),
    (
        "Loosely organised",
        "Little structure: plan an introduction, paragraphs that each make a point, and a "
        "conclusion.",
    ),
    (
        "Disorganised",
        "The essay needs an introduction, paragraphs and a conclusion, and more development.",
    ),
)


# What each descriptor above says of the essay (see grader.rubric.evidence).
CLAIMS: dict[str, Claim] = {
    "A clear introduction with a position, well-linked paragraphs that each make one "
    "step of the argument, and a conclusion.": claim(
        "thesis_stated == 1, conclusion_found == 1, paragraph_count >= 3, "
        "topic_sentences_linked >= 0.5"
    ),
    "A clear introduction, linked paragraphs and a conclusion.": claim(
        "thesis_stated == 1, conclusion_found == 1, paragraph_count >= 3"
    ),
    "A sound structure, with one part that needs work.": claim(
        "paragraph_count >= 3, structure_parts_missing <= 1"
    ),
    "A clear outline, with two or three parts to work on.": claim(
        "paragraph_count >= 2, structure_parts_missing <= 3"
    ),
    "Some structure, but key parts are missing or weak.": claim(
        "structure_parts_missing >= 1", "topic_sentences_linked < 0.5", "length_share < 0.8"
    ),
    "Little structure: plan an introduction, paragraphs that each make a point, and a "
    "conclusion.": claim("structure_parts_missing >= 2", "paragraph_count <= 2"),
    "The essay needs an introduction, paragraphs and a conclusion, and more development.": (
        claim("structure_parts_missing >= 2, length_share < 0.8", "paragraph_count <= 1")
    ),
    "A clear position, developed step by step and summed up convincingly.": claim(
        "thesis_stated == 1, conclusion_found == 1"
    ),
    "A clear position with mostly well-linked paragraphs.": claim("thesis_stated == 1"),
    "No clear position or order; plan the argument before writing.": claim(
        "thesis_stated == 0", "paragraph_count <= 1"
    ),
}


def derived(measures: Mapping[str, float]) -> dict[str, float]:
    """Return how many of the parts the level descriptors speak of are missing."""
    if "thesis_stated" not in measures:
        return {}
    parts = ("thesis_stated", "conclusion_found", "paragraphing")
    return {"structure_parts_missing": sum(1.0 - min(measures.get(p, 1.0), 1.0) for p in parts)}


SPEC = KindSpec(
    name="structure",
    title="Structure",
    criterion=StructureCriterion,
    analyser="grader.analysers.structure:analyse_structure",
    measures=MEASURES,
    default_measure="structure_score",
    levels=LEVELS,
    evidence=EVIDENCE,
    caps=CAPS,
    evidence_levels=EVIDENCE_LEVELS,
    claims=CLAIMS,
    derived=derived,
    highlights={"structure": "Structure"},
    candidates=(
        Candidate("word_count", "length", "Length and development", 0),
        Candidate("linking_words", "linking", "Linking of ideas", 5),
        Candidate("paragraph_count", "paragraphing", "Paragraphing", 8),
    ),
    parses=True,
)
