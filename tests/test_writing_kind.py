"""A story marked under a rubric for arguments is judged as the story it is, and told so once."""

from __future__ import annotations

from grader.essay import Essay
from grader.marking import mark_essay
from grader.rubric import load_rubric
from grader.services import Services
from grader.writing_kind import reads_as_story
from tests.conftest import SAMPLES

STORY = """Last summer my cousin Priya and I went camping by the lake near our grandparents' farm.

On the first night we heard a strange noise outside the tent. "What was that?" Priya whispered. I told her it was probably a fox, but I was scared too.

The next morning we walked along the shore and found a small boat tied to a tree. We looked inside and saw an old map with a red cross on it. We decided to follow it.

We walked for two hours through the woods. Suddenly Priya stopped and pointed at a tree with a red mark. "It's here!" she shouted. We dug under the roots and found a tin box.

Inside the box there were old coins and a letter from 1962. The letter said that a boy had hidden his treasure there. We took it back to the farm and showed our grandfather.

He laughed and said the boy was him. I will never forget that summer."""


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
