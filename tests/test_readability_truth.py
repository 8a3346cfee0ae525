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
    assert "readability.too-hard" not in messages(PLAIN, grade - 4, grade - 0.3)
    assert "readability.too-easy" in messages(PLAIN, grade + 1.5, grade + 5)
    assert "readability.too-hard" in messages(PLAIN, grade - 5, grade - 1.5)


def test_a_story_is_not_told_to_use_the_precise_terms_of_the_subject() -> None:
    assert "readability.too-easy" not in messages(STORM, 10, 14, "narrative")
    assert "readability.too-easy" in messages(STORM, 10, 14, "argument")


def test_and_so_on_is_not_a_place_to_split_a_sentence() -> None:
    message = messages(SO_ON, 1, 20)["readability.long-sentence"]
    assert "As a result, on" not in message and "after 'and'" not in message
