"""Words in quotation marks: a source's in an essay, the student's own dialogue in a story."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.analysers.mechanics_checks import quotations
from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.rubric_loader import load_rubric
from grader.services import Services

ESSAY = (
    'Macbeth knows that his ambition is dangerous. He admits that he has only "vaulting '
    "ambition, which o'erleaps itself\", and he fears the judgement that will follow. Later "
    "Lady Macbeth cries 'Out, damned spot! out, I say!' as she walks in her sleep. Their guilt "
    "grows in every scene untill it destroys them both.\n"
)


def flagged(genre: str, services: Services, tmp_path: Path) -> list[str]:
    """Mark the essay under the general rubric stating a kind of writing; list the words flagged."""
    path = tmp_path / f"{genre}.yaml"
    path.write_text(f"extends: general-essay\ngenre: {genre}\n", encoding="utf-8")
    result = mark_essay(Essay.from_text(ESSAY, "q"), load_rubric(str(path)), services)
    mechanics = next(c for c in result.criteria if c.id == "mechanics")
    return [ESSAY[f.start : f.end] for f in mechanics.findings]


def test_an_essay_quoting_shakespeare_is_not_corrected_inside_the_quotation(
    services: Services, tmp_path: Path
) -> None:
    words = flagged("argument", services, tmp_path)
    assert "untill" in words  # the student's own words are still checked
    assert not any("erleaps" in w or w == "out" for w in words), words


def test_a_story_s_dialogue_is_the_student_s_own_and_checked(
    services: Services, tmp_path: Path
) -> None:
    words = flagged("narrative", services, tmp_path)
    assert any("erleaps" in w for w in words) and "untill" in words


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "it is over" and left.', ["it is over"]),
        ("She wrote ‘a sea of troubles’ in her diary.", ["a sea of troubles"]),
        ("The play's title, 'Macbeth', is short.", ["Macbeth"]),
        ("The students' books and the teachers' desks.", []),  # apostrophes, not quotations
        ('An unpaired " mark ' + "word " * 120 + "ends here.", []),  # no close within reach
    ],
)
def test_quotations_are_found_between_their_marks(text: str, inside: list[str]) -> None:
    assert [text[s.start : s.end] for s in quotations(text)] == inside
