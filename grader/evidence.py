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

from grader.levels import Cap, Claim, Evidence, Level, claim
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
    # Clarity is judged on how the essay is written, never on how much of it there is: the
    # counts of different and long words that followed the ASAP marks (length) are gone, and
    # their measures of the same things per word stand in (issue 34).
    "readability": _evidence(
        ("Variety of words (lexical diversity)", "mtld", 40.0, 120.0, 4.0),
        ("Precise, ambitious words", "long_word_share", 0.10, 0.26, 3.0),
        ("Average word length", "mean_word_letters", 4.0, 4.9, 1.0),
        ("Varied sentence lengths", "sentence_length_spread", 2.0, 8.0, 1.0),
        ("Sentences of a readable length", "long_sentence_share", 0.3, 0.0, 2.0),
        ("Reading grade within the target band", "grade_distance", 4.0, 0.0, 1.0),
        ("Active rather than passive sentences", "passive_share", 0.5, 0.1, 0.5),
    ),
    # Accuracy is judged on the errors alone; an essay too short to show it is told so in
    # words on its card (scoring.short_text_note), and its total is held down by the rubric's
    # too_short limit, not by marking accurate writing as inaccurate (issue 34).
    "mechanics": _evidence(
        ("Few errors per 100 words", "errors_per_100_words", 2.0, 0.0, 1.0),
        ("Few grammar errors (they blur meaning most)", "grammar_per_100_words", 1.0, 0.0, 0.5),
        ("Few spelling errors", "spelling_per_100_words", 1.5, 0.0, 0.5),
        ("Few punctuation errors", "punctuation_per_100_words", 1.0, 0.0, 0.5),
        ("Few points to check", "suggestions_per_100_words", 2.0, 0.0, 0.5),
        ("Sentences free of errors", "sentences_with_errors_share", 0.6, 0.0, 1.0),
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

# What each built-in descriptor says of the essay, as conditions on the measures (any group
# holds, each group all its conditions). Scoring never leaves a level whose descriptor the
# measures deny, and tests/test_truth.py runs every card of the samples, the sanity set and
# ASAP essays through this table. "Many" sentences is 30% of them and "most" over half.
RUN_ON = f"longest_sentence_words >= {RUN_ON_WORDS}"
NOT_PROSE = "letter_share < 0.6"
DESCRIPTOR_CLAIMS: dict[str, dict[str, Claim]] = {
    "mechanics": {
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
    },
    "readability": {
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
    },
    "structure": {
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
    },
    "facts": {
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
    },
}

# When the measures show there is nothing of a kind to credit, the criterion gets its lowest
# level and no points, whatever its other evidence (an essay on school uniforms checked
# against a history fact sheet is "accurate" in none of its claims, not in all of them).
NO_CREDIT: dict[str, tuple[Claim, str]] = {
    "facts": (
        claim("claims_on_sheet == 0"),
        "No claim in the essay touches the fact sheet, so it earns no marks for factual accuracy.",
    ),
}
