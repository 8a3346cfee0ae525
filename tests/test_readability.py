from __future__ import annotations

import math
import re

import pytest
import textstat

from grader.analysers.readability import analyse_readability, measure_readability, readers_of
from grader.analysers.sentence_shape import passive_phrases, split_point
from grader.essay import Essay, Span
from grader.kinds.readability import ReadabilityCriterion
from grader.rubric.kind import measures_of
from grader.rubric.levels import Range
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import ROOT, SAMPLES, SEED

SIMPLE = "The cat sat. The dog ran. We had fun. It was hot. The sun set. We went home."


def criterion(low: float = 8, high: float = 12) -> ReadabilityCriterion:
    return ReadabilityCriterion(
        id="readability",
        name="Readability",
        kind="readability",
        target_grade=Range(min=low, max=high),
    )


def test_flesch_kincaid_grade_equals_textstat_on_the_seed_essay() -> None:
    Services().syllables()
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    measures = measure_readability(essay.text)
    assert measures["flesch_kincaid_grade"] == textstat.flesch_kincaid_grade(essay.text)
    assert round(measures["flesch_kincaid_grade"], 1) == 15.8
    for name in (
        "flesch_reading_ease",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "dale_chall",
        "reading_grade",
    ):
        assert name in measures


def test_hard_essay_is_flagged_too_hard_over_the_whole_text() -> None:
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    assessment = analyse_readability(essay, criterion(), Services())
    assert assessment.measures["grade_distance"] > 4
    [finding] = [f for f in assessment.findings if f.code.startswith("readability.too-")]
    assert finding.code == "readability.too-hard"
    assert (finding.start, finding.end) == (0, len(essay.text))
    # in ages a student knows, not US school grades: grades 8-12 are ages 13-17
    assert "harder than the target (ages 13–17)" in finding.message
    assert "US grade" not in finding.message


def test_simple_text_is_flagged_too_easy_for_a_high_band() -> None:
    essay = Essay.from_text(SIMPLE, "simple")
    assessment = analyse_readability(essay, criterion(8, 12), Services())
    [finding] = assessment.findings
    assert finding.code == "readability.too-easy"
    assert assessment.measures["grade_distance"] == 8 - assessment.measures["reading_grade"]


def test_essay_inside_its_band_has_no_finding() -> None:
    essay = Essay.from_text((SAMPLES / "strong_essay.txt").read_text(encoding="utf-8"), "s")
    grade = measure_readability(essay.text)["reading_grade"]
    assessment = analyse_readability(essay, criterion(grade - 1, grade + 1), Services())
    assert assessment.findings == ()
    assert assessment.measures["grade_distance"] == 0


# --- sentence-level checks ---------------------------------------------------------------------

SEED_TEXT = SEED.read_text(encoding="utf-8")
STRONG = (SAMPLES / "strong_essay.txt").read_text(encoding="utf-8")
MIXED = (SAMPLES / "mixed_accuracy_essay.txt").read_text(encoding="utf-8")
ACTIVE = (
    "The NKVD arrested Bukharin in February 1937. Stalin's prosecutors tried him in March 1938. "
    "He confessed to absurd charges, and the court sentenced him to death."
)
PASSIVE = (
    "Bukharin was arrested in February 1937. He was tried in March 1938. He was forced to "
    "confess, and he was sentenced to death. His family was sent to the camps."
)
SAME_OPENINGS = (
    "Stalin feared his rivals. Stalin ordered the show trials. Stalin also purged the army. "
    "In the end, the NKVD did the killing."
)
VARIED_OPENINGS = (
    "Stalin feared his rivals. In 1936 he ordered the first show trial. Soon the army was purged "
    "as well. In the end, the NKVD did the killing."
)
REPETITIVE = (
    "Stalin was a bad man and the people were scared of Stalin. The people were scared because "
    "Stalin killed people. Stalin killed a lot of people and the people were scared. "
) * 4
VAGUE = (
    "Stalin was very paranoid. The show trials were very public. The NKVD was very cruel, and the "
    "quotas were very high."
)

RUN_ON = " and ".join(["the police arrested another officer in the night"] * 30) + "."

# Passing and failing texts for every readability check, keyed by check id.
EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "run-on": ([STRONG, SEED_TEXT], [RUN_ON]),
    "too-hard": ([MIXED, SIMPLE], [SEED_TEXT]),
    "too-easy": ([MIXED, SEED_TEXT], [SIMPLE]),
    "long-sentence": ([STRONG, ACTIVE], [SEED_TEXT]),
    "passive-voice": ([ACTIVE, STRONG], [PASSIVE]),
    "repeated-openings": ([VARIED_OPENINGS, STRONG], [SAME_OPENINGS]),
    "low-diversity": ([STRONG, SEED_TEXT], [REPETITIVE]),
    "overused-word": ([STRONG, ACTIVE], [VAGUE]),
}


def codes(text: str) -> set[str]:
    essay = Essay.from_text(text, "t")
    return {f.code for f in analyse_readability(essay, criterion(), Services()).findings}


def test_seed_long_sentences_are_flagged_with_a_place_to_split() -> None:
    essay = Essay.from_text(SEED_TEXT, "seed")
    findings = analyse_readability(essay, criterion(), Services()).findings
    long = [f for f in findings if f.code == "readability.long-sentence"]
    assert sorted(essay.words_in(Span(f.start, f.end)) for f in long) == [47, 53]
    spans = {(s.start, s.end) for s in essay.sentences}
    assert all((f.start, f.end) in spans for f in long)
    [fifty_three] = [f for f in long if "53-word" in f.message]
    # "... carry out death sentences and by the end of December 1934, ..." splits before "and".
    assert "Split it after 'sentences'" in fifty_three.message
    assert "'By the end of …'" in fifty_three.message


def test_long_sentence_limit_comes_from_the_criterion() -> None:
    essay = Essay.from_text(SEED_TEXT, "seed")
    strict = criterion().model_copy(update={"long_sentence_words": 20})
    assessment = analyse_readability(essay, strict, Services())
    expected = sum(1 for s in essay.sentences if essay.words_in(s) > 20)
    assert assessment.measures["long_sentences"] == expected > 2


@pytest.mark.parametrize(
    ("sentence", "after", "start"),
    [
        (
            "He fled to Mexico in 1929 and lived in exile; Soviet agents found him there in 1940.",
            "exile",
            "Soviet agents found him …",
        ),
        (
            "Trials were held between 1936 and 1938 in Moscow, but many of the accused were "
            "innocent men.",
            "Moscow",
            "However, many of the accused …",
        ),
        (
            "The old Bolsheviks who had led the revolution stood in court, where they confessed "
            "to crimes they had not committed.",
            "court",
            "",
        ),
    ],
)
def test_split_point_prefers_clause_boundaries_near_the_middle(
    sentence: str, after: str, start: str
) -> None:
    essay = Essay.from_text(sentence, "t")
    assert split_point(essay, essay.sentences[0]) == (after, start)


def test_no_split_inside_between_x_and_y() -> None:
    essay = Essay.from_text(
        "The trials were held between 1936 and 1938 in the city of Moscow.", "t"
    )
    assert split_point(essay, essay.sentences[0]) is None


@pytest.mark.parametrize(
    ("sentence", "phrases"),
    [
        ("Kirov was assassinated by Nikolaev.", ["was assassinated"]),
        ("They were being watched.", ["were being watched"]),
        ("The NKVD had been ordered to act.", ["been ordered"]),
        ("Bukharin got arrested in 1937.", ["got arrested"]),
        ("He was shot, and his wife was sent away.", ["was shot", "was sent"]),
        ("They were not yet freed.", ["were not yet freed"]),
        ("He was tired.", []),
        ("It was a winter landscape.", []),
        ("The NKVD arrested him.", []),
        ("There were a hundred men.", []),
    ],
)
def test_passive_voice_detector(sentence: str, phrases: list[str]) -> None:
    assert passive_phrases(sentence) == phrases


def test_passive_finding_points_at_the_paragraph_and_names_the_phrases() -> None:
    text = f"{ACTIVE}\n\n{PASSIVE}"
    essay = Essay.from_text(text, "t")
    [finding] = analyse_readability(essay, criterion(), Services()).findings[-1:]
    assert finding.code == "readability.passive-voice"
    assert text[finding.start : finding.end] == PASSIVE
    assert "'was arrested'" in finding.message


def test_repeated_openings_point_at_the_run() -> None:
    essay = Essay.from_text(SAME_OPENINGS, "t")
    findings = analyse_readability(essay, criterion(), Services()).findings
    [run] = [f for f in findings if f.code == "readability.repeated-openings"]
    assert (
        SAME_OPENINGS[run.start : run.end]
        == "Stalin feared his rivals. Stalin ordered the show trials. Stalin also purged the army."
    )
    assert "3 sentences" in run.message and "'Stalin'" in run.message


def test_overused_word_is_counted_and_located() -> None:
    essay = Essay.from_text(f"{ACTIVE}\n\n{VAGUE}", "t")
    [finding] = [
        f
        for f in analyse_readability(essay, criterion(), Services()).findings
        if f.code == "readability.overused-word"
    ]
    assert essay.text[finding.start : finding.end] == VAGUE
    assert "'very' 4 times" in finding.message


def test_just_telling_time_is_not_a_vague_word() -> None:
    timed = (
        "The train had just left when we arrived. We got there just after six, and the guard "
        "had just locked the gate. Just as we turned to go, a bus came round the corner. The "
        "driver said the last train had gone, so we walked home along the canal in the dark."
    )
    filler = (
        "I just think homework is pointless. It just makes pupils tired and they just copy "
        "answers from each other. Teachers should set reading instead of worksheets, because "
        "reading builds vocabulary and pupils enjoy choosing their own books at home."
    )

    def overused(text: str) -> list[str]:
        essay = Essay.from_text(text, "t")
        found = analyse_readability(essay, criterion(), Services()).findings
        return [f.message for f in found if f.code == "readability.overused-word"]

    assert overused(timed) == []
    assert any("'just' 3 times" in m for m in overused(filler))


def test_every_measure_is_in_the_catalogue() -> None:
    for text in (SEED_TEXT, SIMPLE, ""):
        assessment = analyse_readability(Essay.from_text(text, "t"), criterion(), Services())
        assert set(assessment.measures) <= set(measures_of("readability"))


def test_too_hard_and_too_easy_are_told_alike() -> None:
    hard = analyse_readability(Essay.from_text(SEED_TEXT, "s"), criterion(), Services())
    easy = analyse_readability(Essay.from_text(SIMPLE, "s"), criterion(), Services())
    [too_hard] = [f for f in hard.findings if f.code == "readability.too-hard"]
    [too_easy] = [f for f in easy.findings if f.code == "readability.too-easy"]
    assert too_hard.severity == too_easy.severity == "warning"
    for finding, assessment in ((too_hard, hard), (too_easy, easy)):
        assert readers_of(assessment.measures["reading_grade"]) in finding.message
        assert "US grade" not in finding.message
        assert "the target (ages 13–17)" in finding.message


def test_a_run_on_gets_no_reading_grade_message_only_the_run_on() -> None:
    found = codes(RUN_ON)
    assert "readability.run-on" in found
    assert not found & {"readability.too-hard", "readability.too-easy"}


# --- advice that is true when followed (issue 36) ----------------------------------------------

NOT_PANIC = (
    "The Terror was not simply a wave of panic that spread from the Kremlin to the villages and "
    "factories of the whole country in those two terrible years, but a deliberate plan to remove "
    "every possible rival in the party, the army and the secret police."
)
KIROV_EXCUSE = (
    "Kirov was shot in Leningrad in December 1934. Stalin used the murder as an excuse to arrest "
    "his political rivals. The secret police made lists of suspects in every town. Thousands of "
    "people were sent to labour camps far from home."
)
TOM_AND_LENA = (
    "Tom and Lena lived by the sea with their mother and father. Tom liked to swim in the sea "
    "every day. Lena did not like the sea at all. She liked to sit on the sand and read her book. "
    "One day Tom swam out too far. Lena saw Tom in the sea and she was afraid. She ran to the sea "
    "and called Tom. A man in a boat saw Tom and pulled Tom out of the sea. Tom was cold but Tom "
    "was fine. Lena and Tom walked home. Their mother gave Tom a hot drink. Tom said sorry to Lena."
)
SHE_OPENS = "She woke up early. She ate her breakfast quickly. She ran to the bus stop in the rain."


def findings_as(
    text: str, genre: str = "argument", low: float = 8, high: float = 12
) -> dict[str, str]:
    rubric = load_rubric(str(ROOT / "rubrics" / "general-essay.yaml")).model_copy(
        update={"genre": genre}
    )
    essay = Essay.from_text(text, "t")
    found = analyse_readability(essay, criterion(low, high), Services(rubric=rubric)).findings
    return {f.code: f.message for f in found}


def test_no_split_is_offered_that_leaves_a_fragment_without_a_verb() -> None:
    # after "but" comes "a deliberate plan to remove ...": no verb, so not a sentence
    message = findings_as(NOT_PANIC)["readability.long-sentence"]
    assert "However, a deliberate plan" not in message
    assert "Split it after" not in message
    essay = Essay.from_text(NOT_PANIC, "t")
    parsed = Services().parser().parse(essay.text)
    assert split_point(essay, essay.sentences[0], parsed) is None


def test_a_split_point_leaves_two_clauses_each_with_a_subject_and_a_verb() -> None:
    text = (
        "The show trials of 1936 were watched by journalists and diplomats from many countries, "
        "and most of them believed that the confessions of the old Bolsheviks in the dock were "
        "true."
    )
    essay = Essay.from_text(text, "t")
    parsed = Services().parser().parse(essay.text)
    assert split_point(essay, essay.sentences[0], parsed) == (
        "countries",
        "Most of them believed …",
    )


def test_too_easy_never_names_an_age_inside_the_target() -> None:
    grade = measure_readability(KIROV_EXCUSE)["reading_grade"]
    assert grade % 1 >= 0.5  # rounded to the nearest age it would reach the band's first age
    low = math.ceil(grade) + 1
    message = findings_as(KIROV_EXCUSE, low=low, high=low + 4)["readability.too-easy"]
    [age] = re.findall(r"aged about (\d+)", message)
    assert int(age) < low + 5 and f"(ages {low + 5}–{low + 9})" in message


def test_too_hard_names_an_age_above_the_target() -> None:
    assert readers_of(12.3, "above") == "readers aged about 18"  # beyond a band of ages 13-17
    assert readers_of(7.9, "below") == "readers aged about 12"  # below a band of ages 13-17


def test_low_diversity_does_not_ask_to_replace_the_characters_names() -> None:
    message = findings_as(TOM_AND_LENA, "narrative")["readability.low-diversity"]
    assert "'tom'" not in message.lower() and "'lena'" not in message.lower()
    assert "'sea'" in message


def test_sentences_in_a_story_are_not_offered_linking_words_to_open_them() -> None:
    message = findings_as(SHE_OPENS, "narrative")["readability.repeated-openings"]
    assert "However" not in message and "linking word" not in message
    assert "However" in findings_as(SHE_OPENS, "argument")["readability.repeated-openings"]
