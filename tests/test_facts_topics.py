"""The fact checker on topic sets far apart, each with a sheet and essays written as a class would.

tests/facts_topics/<topic>/ holds a fact sheet written from the guide alone, a correct essay
and essays with planted errors, and expected.yaml naming each planted error's words and the
fact it breaks (and, for the sets of issue 35, correct claims the sheet covers). Topics belong
to sets (benchmarks/facts_first_run.yaml): issue 16's four, and sets A, B, C and D written
independently for issue 35. The same counting is printed by `python -m benchmarks.facts_accuracy`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.facts_accuracy import TOPICS, TopicScore, first_runs, score_topic

FOLDERS = sorted(p for p in TOPICS.iterdir() if p.is_dir() and (p / "expected.yaml").exists())
SETS = {name: str(entry["set"]) for name, entry in first_runs().items()}
CAUGHT = 0.95  # issue 16's sets: the share of planted errors caught, each for its own fact
# Sets A and B must not fall below what the work on issue 35 reached (caught / planted).
FLOORS = {"A": 38, "B": 38, "C": 34, "D": 38}
# Set D's false alarms as found (its first run and after the third round, which never saw it;
# five more were fixed after, by their causes). Strict: a fix lifts the mark.
KNOWN_FALSE = {
    "history-suez-crisis": "a true June 1956 departure from the Canal Zone read as the troops' "
    "December withdrawal",
}


@pytest.fixture(scope="module")
def scores() -> dict[str, TopicScore]:
    return {folder.name: score_topic(folder) for folder in FOLDERS}


def test_each_set_has_four_topics_of_different_kinds() -> None:
    for name in ("issue-16", "A", "B", "C", "D"):
        kinds = {topic.split("-", 1)[0] for topic, set_name in SETS.items() if set_name == name}
        assert {"history", "science", "geography", "literature"} <= kinds, name
    assert {folder.name for folder in FOLDERS} == set(SETS)


@pytest.mark.parametrize(
    "folder",
    [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FALSE[f.name]))
        if f.name in KNOWN_FALSE
        else f
        for f in FOLDERS
    ],
    ids=[f.name for f in FOLDERS],
)
def test_no_correct_claim_is_contradicted(folder: Path, scores: dict[str, TopicScore]) -> None:
    assert scores[folder.name].false == []
    assert scores[folder.name].called_wrong == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_each_topic_has_planted_errors_of_several_kinds(folder: Path) -> None:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    planted = [p for entry in expected["essays"].values() for p in entry["planted"] or []]
    assert len(planted) >= 8 and len({p["kind"] for p in planted}) >= 3
    assert any(not entry["planted"] for entry in expected["essays"].values())  # a correct one


def test_issue_16_errors_are_caught_for_the_right_reason(scores: dict[str, TopicScore]) -> None:
    mine = [s for name, s in scores.items() if SETS[name] == "issue-16"]
    planted = sum(s.planted for s in mine)
    caught = sum(s.caught for s in mine)
    missed = [
        f"{s.topic}/{m.essay}: {m.wrong} ({m.fact}): {m.said}" for s in mine for m in s.missed
    ]
    assert caught / planted >= CAUGHT, missed
    assert sum(s.wrong_reason for s in mine) == 0, missed


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_independent_sets_do_not_fall(name: str, scores: dict[str, TopicScore]) -> None:
    caught = sum(s.caught for topic, s in scores.items() if SETS[topic] == name)
    assert caught >= FLOORS[name]
