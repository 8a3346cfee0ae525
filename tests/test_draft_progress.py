"""Progress between drafts is true: a finding is fixed only when its problem is gone.

Each pair of drafts changes one thing; the comparison must report that change and nothing
else. The pairs are real marking runs of the seed essay under the history rubric.
"""

from __future__ import annotations

from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.output.results import result_to_dict
from grader.rubric_loader import load_rubric
from grader.services import Services
from grader.web.changes import Changes, FindingChange, compare
from tests.conftest import SAMPLES

SEED = (SAMPLES / "seed_great_terror.txt").read_text(encoding="utf-8")
CONCLUSION = (
    "\n\nIn conclusion, Stalin was responsible for the Great Terror, because he used the NKVD "
    "and the show trials to remove every possible rival and to frighten Soviet society.\n"
)


def changes(before: str, after: str, services: Services) -> Changes:
    """Mark two drafts as the page does and compare them."""
    rubric = load_rubric("history-essay-great-terror")
    old, new = (
        result_to_dict(mark_essay(Essay.from_text(text, "draft"), rubric, services), "d.txt")
        for text in (before, after)
    )
    return compare(old, new)


def messages(found: tuple[FindingChange, ...]) -> list[str]:
    return [f.message for f in found]


def test_adding_a_conclusion_fixes_only_the_missing_conclusion(services: Services) -> None:
    moved = changes(SEED, SEED.rstrip() + CONCLUSION, services)
    fixed = messages(moved.fixed)
    assert any("ends without a conclusion" in m for m in fixed)
    # The introduction is untouched: its missing position is still missing.
    assert not any("introduction does not say" in m for m in fixed)
    assert any("introduction does not say" in m for m in messages(moved.still))
    # A finding about the whole essay is the same finding wherever it is anchored.
    both = {m for m in fixed} & {m for m in messages(moved.new)}
    assert both == set()


def test_mending_one_slip_fixes_that_slip_and_nothing_else(services: Services) -> None:
    moved = changes(SEED, SEED.replace("numerous of Kirov", "many of Kirov"), services)
    assert [m for m in messages(moved.fixed)] and all(
        "numerous" in m for m in messages(moved.fixed)
    )
    assert messages(moved.new) == []


def test_a_comma_added_fixes_that_comma_only(services: Services) -> None:
    moved = changes(SEED, SEED.replace("Moreover it included", "Moreover, it included"), services)
    assert len(moved.fixed) == 1 and "Moreover" in moved.fixed[0].message
    assert messages(moved.new) == []
