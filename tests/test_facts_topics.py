"""The fact checker on four topics far apart, each with a sheet and essays written as a class would.

tests/facts_topics/<topic>/ holds a fact sheet written from the guide alone, a correct essay
and essays with planted errors, and expected.yaml naming each planted error's words and the
fact it breaks. The same counting is printed by `python -m benchmarks.facts_accuracy`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.facts_accuracy import TOPICS, TopicScore, score_topic

FOLDERS = sorted(p for p in TOPICS.iterdir() if p.is_dir() and (p / "expected.yaml").exists())
CAUGHT = 0.95  # the share of planted errors that must be caught, each for its own fact


@pytest.fixture(scope="module")
def scores() -> dict[str, TopicScore]:
    return {folder.name: score_topic(folder) for folder in FOLDERS}


def test_the_set_has_four_topics_of_different_kinds() -> None:
    kinds = {folder.name.split("-", 1)[0] for folder in FOLDERS}
    assert {"history", "science", "geography", "literature"} <= kinds
    assert not [f for f in FOLDERS if "war" in f.name or "climate" in f.name]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_no_correct_claim_is_contradicted(folder: Path, scores: dict[str, TopicScore]) -> None:
    assert scores[folder.name].false == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_each_topic_has_planted_errors_of_several_kinds(folder: Path) -> None:
    import yaml

    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    planted = [p for entry in expected["essays"].values() for p in entry["planted"] or []]
    assert len(planted) >= 8 and len({p["kind"] for p in planted}) >= 3
    assert any(not entry["planted"] for entry in expected["essays"].values())  # a correct one


def test_planted_errors_are_caught_for_the_right_reason(scores: dict[str, TopicScore]) -> None:
    planted = sum(s.planted for s in scores.values())
    caught = sum(s.caught for s in scores.values())
    missed = [
        f"{s.topic}/{m.essay}: {m.wrong} ({m.fact}): {m.said}"
        for s in scores.values()
        for m in s.missed
    ]
    assert caught / planted >= CAUGHT, missed
    assert sum(s.wrong_reason for s in scores.values()) == 0, missed
