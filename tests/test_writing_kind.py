"""A story marked under a rubric for arguments is judged as the story it is, and told so once."""

from __future__ import annotations

from pathlib import Path

from grader.essay import Essay
from grader.marking import mark_essay
from grader.rubric_loader import load_rubric
from grader.services import Services
from grader.writing_kind import reads_as_story
from tests.conftest import SAMPLES

STORY = (Path(__file__).resolve().parent / "writing" / "camping-story.txt").read_text(
    encoding="utf-8"
)


def test_a_story_reads_as_one_and_an_argument_does_not() -> None:
    assert reads_as_story(Essay.from_text(STORY, "story"))
    for path in sorted(SAMPLES.glob("*.txt")):
        assert not reads_as_story(Essay.from_text(path.read_text(encoding="utf-8"), path.stem))


def test_a_story_under_the_general_rubric_is_not_asked_for_a_thesis(services: Services) -> None:
    result = mark_essay(Essay.from_text(STORY, "story"), load_rubric("general-essay"), services)
    codes = [f.code for f in result.findings]
    assert codes.count("structure.reads-as-story") == 1
    for argued in ("no-thesis", "few-evidence", "topic-sentence", "conclusion-new-evidence"):
        assert f"structure.{argued}" not in codes
    assert "this essay argues" not in " ".join(f.message for f in result.findings).lower()
