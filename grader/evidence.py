"""The evidence each kind's level is built from by default, its caps, and its levels.

A criterion's level comes from its evidence score: the weighted mean of several measures, each
scaled from the value that counts as none of that evidence (0) to the value that counts as all
of it (1). A cap then holds the level down when a finding printed under the criterion would deny
the level's descriptor (a level "Well matched" beside a warning for 50-word sentences).
The weights and scales were chosen on the training and development parts of the marked essays
in ../shared/datasets (see benchmarks/agreement.py) and are the defaults a rubric can override.
"""

from __future__ import annotations

import math

from grader.levels import Cap, Evidence, Level
from grader.measures import RUN_ON_WORDS


def _evidence(*rows: tuple[str, str, float, float, float]) -> tuple[Evidence, ...]:
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


def _caps(*rows: tuple[str, float | None, float | None, float, str]) -> tuple[Cap, ...]:
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


def _levels(*rows: tuple[str, str]) -> tuple[Level, ...]:
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


DEFAULT_EVIDENCE: dict[str, tuple[Evidence, ...]] = {
    # Development weighs most: in the marked essays (ASAP, grades 7-10) the human organisation
    # and holistic marks follow how far an essay develops its points far more than any check of
    # its parts; the parts still decide between essays of the length asked for.
    "structure": _evidence(
        ("Development: length against the target", "length_share", 0.0, 1.0, 8.0),
        ("Development: points made (sentences)", "sentence_count", 5.0, 40.0, 6.0),
        ("Introduction states a position", "thesis_stated", 0.0, 1.0, 1.0),
        ("Paragraphs as the rubric asks", "paragraphing", 0.0, 1.0, 1.0),
        ("Body paragraphs open with a linked topic sentence", "topic_sentences_linked", 0, 1, 1),
        ("Kinds of linking word used (of 5)", "linking_functions", 0.0, 5.0, 2.0),
        ("Conclusion", "conclusion_found", 0.0, 1.0, 1.0),
    ),
    "readability": _evidence(
        ("Range of vocabulary (different words)", "unique_words", 40.0, 300.0, 8.0),
        ("Ambitious words used (seven letters or more)", "long_words", 5.0, 150.0, 8.0),
        ("Variety of words (lexical diversity)", "mtld", 40.0, 160.0, 3.0),
        ("Precise, ambitious words", "long_word_share", 0.08, 0.28, 0.5),
        ("Average word length", "mean_word_letters", 4.0, 5.0, 0.5),
        ("Varied sentence lengths", "sentence_length_spread", 2.0, 8.0, 1.0),
        ("Sentences of a readable length", "long_sentence_share", 0.3, 0.0, 0.5),
        ("Reading grade within the target band", "grade_distance", 4.0, 0.0, 0.5),
        ("Active rather than passive sentences", "passive_share", 0.5, 0.1, 0.5),
    ),
    # Accuracy counts only as far as the writing shows it: a few clean lines prove little.
    "mechanics": _evidence(
        ("Few errors per 100 words", "errors_per_100_words", 2.0, 0.0, 1.0),
        ("Few grammar errors (they blur meaning most)", "grammar_per_100_words", 1.0, 0.0, 0.5),
        ("Few spelling errors", "spelling_per_100_words", 1.5, 0.0, 0.5),
        ("Few punctuation errors", "punctuation_per_100_words", 1.0, 0.0, 0.5),
        ("Few points to check", "suggestions_per_100_words", 2.0, 0.0, 0.5),
        ("Accuracy sustained over the length asked for", "minimum_share", 0.0, 1.0, -3.0),
    ),
    "facts": _evidence(
        ("Checked claims that are right", "accuracy", 0.5, 1.0, 2.0),
        ("Required facts mentioned", "coverage", 0.0, 1.0, 2.0),
        ("No claim contradicted by the fact sheet", "contradicted", 3.0, 0.0, 2.0),
    ),
}

DEFAULT_CAPS: dict[str, tuple[Cap, ...]] = {
    "structure": _caps(
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
    ),
    "readability": _caps(
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
    ),
    "mechanics": _caps(
        (
            "longest_sentence_words",
            RUN_ON_WORDS,
            None,
            1,
            "One sentence runs on for {value:.0f} words: full stops are missing.",
        ),
        ("letter_share", None, 0.6, 1, "This does not read as prose: it is mostly not words."),
    ),
    "facts": _caps(
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
    ),
}

EVIDENCE_LEVELS: dict[str, tuple[Level, ...]] = {
    "structure": _levels(
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
    ),
    "readability": _levels(
        (
            "Clear and fluent",
            "Clear, varied sentences and a wide, precise vocabulary, pitched at the right level.",
        ),
        ("Clear", "Clear writing; a few sentences or words could be sharper."),
        ("Mostly clear", "Mostly clear; vary your sentences and choose more precise words."),
        ("Uneven", "Some sentences are hard to follow or the vocabulary is limited."),
        ("Often unclear", "Many sentences are hard to follow; the vocabulary is narrow."),
        ("Unclear", "The writing is hard to follow."),
    ),
    "mechanics": _levels(
        ("Accurate", "Spelling, punctuation and grammar are accurate almost everywhere."),
        ("Mostly accurate", "A few slips, which do not get in the way of meaning."),
        ("Generally accurate", "Some errors; they rarely obscure your meaning."),
        ("Often inaccurate", "Frequent errors that sometimes make your meaning unclear."),
        ("Inaccurate", "Errors in many sentences get in the way of your meaning."),
        ("Very inaccurate", "Errors in most sentences make the essay hard to follow."),
    ),
    "facts": _levels(
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
    ),
}
