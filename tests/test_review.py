"""A teacher's review from the command line: levels, dismissals and comments that a re-run keeps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from grader.cli import main
from grader.essay import Essay
from grader.findings import finding_ids
from grader.marking.pipeline import EssayResult, mark_essay
from grader.marking.reviewing import apply_review
from grader.review import Dismissal, EssayReview, LevelChange
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES

RUBRIC = "history-essay-great-terror"
VAGUE = "the 1930s"  # weak_essay.txt's one imprecise date


@pytest.fixture
def marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Mark two sample essays into out/, from a folder of their own, as a teacher would."""
    monkeypatch.chdir(tmp_path)
    essays = tmp_path / "class"
    essays.mkdir()
    for name in ("weak_essay.txt", "short_essay.txt"):
        shutil.copy(SAMPLES / name, essays / name)
    assert main(["mark", "class", "--rubric", RUBRIC, "--out", "out", "-q", "-j", "1"]) == 0
    return tmp_path / "out"


def student(out: Path, name: str) -> dict[str, Any]:
    """Return one student's entry in results.json."""
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return next(r for r in results if r["student"] == name)


def vague_finding(result: dict[str, Any]) -> dict[str, Any]:
    """Return the finding about the essay's vague date."""
    return next(f for f in result["findings"] if f["excerpt"] == VAGUE)


def test_a_review_changes_the_marks_and_a_rerun_keeps_it(
    marked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = student(marked, "weak_essay")
    facts = next(c for c in before["criteria"] if c["id"] == "facts")
    false_alarm = vague_finding(before)
    assert facts["proposed_level"] == facts["level"] and not false_alarm["dismissed"]

    reason = "You know these dates; the checker missed them."
    args = ["review", "out", "weak_essay"]
    assert main([*args, "--criterion", "facts", "--level", "4", "--reason", reason]) == 0
    assert main([*args, "--dismiss", false_alarm["id"], "--reason", "Fair for an outline."]) == 0
    assert main([*args, "--comment", "A strong opening.", "--at", "0:40"]) == 0

    for rerun in (False, True):
        if rerun:  # marking the folder again keeps every change
            assert main(["mark", "class", "--rubric", RUBRIC, "--out", "out", "-q"]) == 0
        after = student(marked, "weak_essay")
        facts_after = next(c for c in after["criteria"] if c["id"] == "facts")
        assert (facts_after["level"], facts_after["reason"]) == ("Mostly accurate", reason)
        assert facts_after["proposed_level"] == facts["level"]
        assert after["total"]["proposed"]["score"] == before["total"]["score"]
        assert after["total"]["score"] > before["total"]["score"]
        assert vague_finding(after)["dismissed"] is True
        assert after["comments"][0]["text"] == "A strong opening."
        report = (marked / "weak_essay.html").read_text(encoding="utf-8")
        assert f"Your teacher set this level: {reason}" in report
        assert "A strong opening." in report and false_alarm["message"] not in report
        grades = (marked / "grades.csv").read_text(encoding="utf-8").splitlines()
        assert grades[0].endswith("proposed_total,proposed_grade")
        weak = next(line for line in grades if line.startswith("weak_essay,"))
        assert weak.split(",")[-1] == before["total"]["grade"]
    untouched = student(marked, "short_essay")["total"]
    assert untouched["proposed"] == {k: untouched[k] for k in ("score", "max", "percent", "grade")}


def test_a_dismissed_finding_that_is_gone_is_listed_not_dropped(
    marked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = vague_finding(student(marked, "weak_essay"))
    assert main(["review", "out", "weak_essay", "--dismiss", found["id"], "--reason", "Fair."]) == 0
    essay = marked.parent / "class" / "weak_essay.txt"
    essay.write_text(essay.read_text(encoding="utf-8").replace(VAGUE, "1937"), encoding="utf-8")
    capsys.readouterr()
    assert main(["mark", "class", "--rubric", RUBRIC, "--out", "out", "-q"]) == 0
    said = capsys.readouterr().err
    assert f"weak_essay: dismissed finding {found['id']} is no longer found" in said
    kept = json.loads((marked / "review.json").read_text(encoding="utf-8"))
    assert kept["students"]["weak_essay"]["dismissed"][0]["finding"] == found["id"]
    assert main(["review", "out", "weak_essay", "--undo", found["id"]]) == 0
    assert "weak_essay" not in json.loads((marked / "review.json").read_text())["students"]


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (
            ["--criterion", "facts", "--level", "Superb", "--reason", "x"],
            "facts: no level 'Superb'",
        ),
        (["--criterion", "style", "--level", "4", "--reason", "x"], "--criterion must be one of"),
        (["--criterion", "facts", "--level", "4"], "--reason is required"),
        (["--dismiss", "00000000", "--reason", "x"], "no finding '00000000'"),
        (["--comment", "x", "--at", "5:2"], "--at '5:2'"),
        ([], "say what to change"),
    ],
)
def test_a_mistaken_review_is_refused_in_one_line(
    marked: Path, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    capsys.readouterr()
    assert main(["review", "out", "weak_essay", *extra]) == 2
    error = capsys.readouterr().err.strip()
    assert says in error and len(error.splitlines()) == 1
    assert not (marked / "review.json").exists()


def test_review_of_an_unknown_student_or_folder(
    marked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "out", "nobody", "--list"]) == 2
    assert "no student 'nobody'" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "class"), "weak_essay", "--list"]) == 2
    assert "not a folder `grader mark` wrote" in capsys.readouterr().err


def test_finding_ids_survive_text_moving_and_levels_follow_the_rubric() -> None:
    rubric = load_rubric(RUBRIC)
    text = (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8")
    first = mark_essay(Essay.from_text(text, "weak"), rubric, Services())
    moved = mark_essay(Essay.from_text("Stalin ruled.\n\n" + text, "weak"), rubric, Services())

    # The same finding on the same words keeps its id when the text before it grows.
    def keyed(result: EssayResult) -> dict[tuple[str, str, str], str]:
        ids = finding_ids(result.findings, result.essay.text)
        text = result.essay.text
        return {
            (f.criterion, f.code, text[f.start : f.end]): i
            for f, i in zip(result.findings, ids, strict=True)
        }

    before, after = keyed(first), keyed(moved)
    shared = before.keys() & after.keys()
    assert len(shared) >= 0.9 * len(before)
    assert all(before[key] == after[key] for key in shared)
    review = EssayReview(
        levels=(LevelChange("facts", "No such level", "x"), LevelChange("gone", "4", "x")),
        dismissed=(Dismissal("ffffffff", "x"),),
    )
    reviewed, unmatched = apply_review(first, review)
    assert reviewed.criteria == first.criteria  # nothing applied: nothing matched
    assert [c.criterion for c in unmatched.levels] == ["facts", "gone"]
    assert unmatched.dismissed == ("ffffffff",)
