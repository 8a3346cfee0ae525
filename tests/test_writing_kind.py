"""A story marked under a rubric for arguments is judged as the story it is, and told so once."""

from __future__ import annotations

from pathlib import Path

from grader.analysers.writing_kind import reads_as_story
from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.rubric_loader import load_rubric
from grader.services import Services
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


THIRD_PERSON_STORY = (
    "Daniel had waited all week for the match. He couldn't sleep the night before. On the bus "
    "he kept checking his boots. His coach wasn't there yet, and the other team looked huge. "
    "She'd promised to come, his sister, but the stands were empty. He tied his laces twice. "
    "Then the whistle went and he forgot all about it. By half time he'd scored once. After the "
    "game he found her by the gate, grinning. She'd been there the whole time."
)
ABOUT_A_TEXT = (
    "In the story the cyclist struggles because of the setting. He can't find water. He's "
    "tired and the hills don't end. The author shows how he slowly loses hope. When he finds "
    "the shop he's relieved. The setting makes the journey harder for him at every turn."
)
HISTORY = (
    "Trotsky lost the struggle for power in the 1920s. He was expelled from the party in 1927. "
    "He went into exile in 1929 and travelled from Turkey to Mexico. He wrote against Stalin "
    "for years. In 1940 he was killed by a Soviet agent. His death ended the last opposition."
)


def test_a_story_told_of_he_or_she_in_a_chatty_voice_reads_as_one() -> None:
    assert reads_as_story(Essay.from_text(THIRD_PERSON_STORY, "t"))
    # writing about a story's character, and history told of a person, are not stories
    assert not reads_as_story(Essay.from_text(ABOUT_A_TEXT, "t"))
    assert not reads_as_story(Essay.from_text(HISTORY, "t"))
