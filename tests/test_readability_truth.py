"""Readability findings a teacher would call false: wording against its numbers, misfit advice."""

from __future__ import annotations

from grader.analysers.readability import analyse_readability, measure_readability
from grader.essay import Essay
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import ROOT
from tests.test_readability import criterion

PLAIN = (
    "Our town has a small park. It has a pond and some old trees. Children play there after "
    "school. Their parents sit on the benches and talk. In summer there is a fair with rides. "
    "The council wants to sell part of the park. Many people do not agree with this plan."
)
STORM = (
    "The boat rocked. Kim held the rope. The wind was loud.\n\n"
    '"Hold on!" her dad shouted.\n\n'
    "A wave hit the side. Water ran over her boots. She did not let go.\n\n"
    "Then the sky went quiet. The sun came out. Kim laughed at last."
)
SO_ON = (
    "Tom cannot really say why they ended up arguing about it - perhaps, at the time he was angry "
    "with himself for not having the courage to ask the girl he loved because of all these rules, "
    "her family and so on, but this is what happened."
)


# The same facts, in sentences of readable length and run together into long ones.
LAB = (
    "We measured how quickly magnesium ribbon dissolves in hydrochloric acid. The acid was "
    "diluted to five different concentrations before each experiment. A gas syringe collected "
    "the hydrogen produced by every reaction. Higher concentrations produced hydrogen "
    "considerably faster than weaker solutions. The particles collide more frequently when the "
    "concentration increases. Activation energy was unchanged because the temperature stayed "
    "constant throughout."
)
RAMBLING = (
    "We measured how quickly magnesium ribbon dissolves in hydrochloric acid and the acid was "
    "diluted to five different concentrations before each experiment while a gas syringe "
    "collected the hydrogen produced by every reaction, and higher concentrations produced "
    "hydrogen considerably faster than weaker solutions because the particles collide more "
    "frequently when the concentration increases, although activation energy was unchanged "
    "because the temperature stayed constant throughout the whole of the investigation."
)


def messages(text: str, low: float, high: float, genre: str = "argument") -> dict[str, str]:
    rubric = load_rubric(str(ROOT / "rubrics" / "general-essay.yaml")).model_copy(
        update={"genre": genre}
    )
    essay = Essay.from_text(text, "t")
    found = analyse_readability(essay, criterion(low, high), Services(rubric=rubric)).findings
    return {f.code: f.message for f in found}


def test_a_grade_less_than_half_a_grade_outside_the_band_is_not_called_too_easy_or_hard() -> None:
    grade = measure_readability(PLAIN)["reading_grade"]
    # "about 12, simpler than ages 13-17" for a grade of 7.9 against 8: the age it rounds to
    # is the band's own
    assert "readability.too-easy" not in messages(PLAIN, grade + 0.3, grade + 4)
    assert "readability.too-easy" in messages(PLAIN, grade + 1.5, grade + 5)
    # "too hard" speaks of long sentences, so it is tried on text whose sentences are long
    grade = measure_readability(RAMBLING)["reading_grade"]
    assert "readability.too-hard" not in messages(RAMBLING, grade - 4, grade - 0.3)
    assert "readability.too-hard" in messages(RAMBLING, grade - 5, grade - 1.5)


def test_a_story_is_not_told_to_use_the_precise_terms_of_the_subject() -> None:
    assert "readability.too-easy" not in messages(STORM, 10, 14, "narrative")
    assert "readability.too-easy" in messages(STORM, 10, 14, "argument")


def test_and_so_on_is_not_a_place_to_split_a_sentence() -> None:
    message = messages(SO_ON, 1, 20)["readability.long-sentence"]
    assert "As a result, on" not in message and "after 'and'" not in message


def test_sentences_of_readable_length_are_not_too_hard_for_the_subject_s_terms() -> None:
    grade = measure_readability(LAB)["reading_grade"]
    # the grade is the terms' ("hydrochloric", "concentration"): no plainer word replaces them
    assert "readability.too-hard" not in messages(LAB, grade - 5, grade - 2)
    assert "readability.too-hard" in messages(RAMBLING, grade - 5, grade - 2)


def test_a_split_never_ends_on_an_adverb_of_what_follows_or_leaves_but_because() -> None:
    assert "after 'perhaps'" not in messages(SO_ON, 1, 20)["readability.long-sentence"]
    thesis = (
        "This review argues that the new library, as it is currently staffed and funded, serves "
        "its readers badly: not because it holds too few books, but because the opening hours "
        "suit nobody who works, and because the reading room is closed at weekends."
    )
    message = messages(thesis, 1, 20)["readability.long-sentence"]
    assert "after 'books'" not in message and "after 'funded'" not in message


def test_a_statement_and_a_list_after_its_colon_is_not_a_long_sentence() -> None:
    listed = (
        "Yet the costs of the new bypass are far greater than its benefits: the loss of the "
        "water meadows, the noise of lorries through the night, the cutting of the old "
        "footpaths, and the slow decline of the shops in the town centre."
    )
    assert "readability.long-sentence" not in messages(listed, 1, 20)
    assert "readability.long-sentence" in messages(listed.replace(":", " like"), 1, 20)


LETTER = (
    "Dear Sir or Madam,\n\nI am writing about the bicycle I bought from your shop on 3 May. "
    "I rode it to school for a week. I then noticed that the back brake had failed. I took it "
    "back to the shop the next day. I was told that nothing could be done.\n\nI would like a "
    "full refund.\n\nYours faithfully,\nSam Reed"
)
REPORT = (
    "Aim\nThe aim was to find how the height of a drop changes the bounce of a ball.\n\n"
    "Method\nWe dropped the ball from a height and measured the bounce. From each height the "
    "ball was dropped three times. A metre rule measured the bounce of the ball. We measured "
    "the height of the drop with the same rule. Then we dropped the ball again from a greater "
    "height and measured the bounce again. The bounce got higher as the height got higher. "
    "Each time the ball bounced to about half the height of the drop. So the bounce of the "
    "ball was about half the height. Our results show the bounce rises with the height of the "
    "drop. The height of the drop and the bounce of the ball rise together.\n\nResults\n"
    "Height 50 cm: 26 cm, 25 cm, 24 cm\nHeight 100 cm: 51 cm, 50 cm, 49 cm\n"
    "Height 150 cm: 74 cm, 75 cm, 76 cm"
)


def test_a_letter_may_open_its_sentences_with_i() -> None:
    assert "readability.repeated-openings" not in messages(LETTER, 1, 20, "letter")
    assert "readability.repeated-openings" in messages(LETTER, 1, 20, "argument")


def test_a_report_repeats_its_terms_and_its_table_rows_are_not_sentences() -> None:
    found = messages(REPORT, 1, 20, "report")
    assert "readability.low-diversity" not in found
    assert "readability.repeated-openings" not in found
    assert "readability.low-diversity" in messages(REPORT, 1, 20, "argument")
