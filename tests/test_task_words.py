"""The words a teacher's marked essays use for the task tell an answer from another subject."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.asap import ASAP, load_prompt, split
from benchmarks.off_task import TASKS
from grader.calibration.fitting import fit
from grader.calibration.model import Feature
from grader.calibration.rubric_file import calibrated_rubric_text, write_calibrated
from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.marking.task import MIN_MARKED, judge_task, learn_task_words
from grader.rubric_loader import load_rubric
from grader.services import Services

LENGTH = Feature("structure", "word_count", "length", "Length and development")
pytestmark = pytest.mark.skipif(not ASAP.exists(), reason="ASAP is not in ../shared/datasets")

# A story of patience that never says "patient" or "patience": the question's words miss it.
WAITING = (
    "Last summer my little brother and I stood in the line for the new water ride at the "
    "park for nearly three hours. The sun was hot and the line hardly moved, and every "
    "few minutes someone ahead of us gave up and walked away. My brother kept asking when "
    "it would be our turn, so I told him stories and we counted the clouds. I was bored and "
    "tired, but I kept quiet, because I knew that if we waited we would get there in "
    "the end. When we finally sat in the boat and it dropped down the slide, we were both "
    "laughing and soaked, and the long wait felt like nothing."
)


def calibrated_on(prompt: int, count: int, folder: Path) -> Path:
    """Calibrate the general rubric on `count` marked training essays of an ASAP prompt."""
    pool, _ = split(load_prompt(prompt))
    marked = random.Random(prompt).sample(pool, count)
    texts = [e.text for e in marked]
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    calibration = fit(samples, [e.score for e in marked], [LENGTH], texts=texts)
    text = calibrated_rubric_text(
        calibration,
        parent="general-essay",
        parent_criteria=["structure", "readability", "mechanics"],
        title="ASAP prompt",
        schema="rubric.schema.json",
        source="marks.csv",
    )
    path = folder / f"calibrated-{prompt}.yaml"
    path.write_text(text + f"task: {TASKS[prompt]!r}\n", encoding="utf-8")
    return path


def test_calibration_writes_the_class_words_and_they_tell_answers_from_other_subjects(
    tmp_path: Path,
) -> None:
    rubric = load_rubric(str(calibrated_on(7, 40, tmp_path)))
    learned = rubric.task_words
    assert learned is not None and learned.typical > 0
    assert {"patience", "patient", "wait", "waiting"} & set(learned.words)
    assert all(0.1 <= share <= 1 for share in learned.words.values())
    own = split(load_prompt(7))[1][:40]
    other = split(load_prompt(6))[1][:40]  # airships at the Empire State Building
    flagged_own = [v for e in own if (v := judge_task(e.text, rubric)) and not v.answers]
    flagged_other = [v for e in other if (v := judge_task(e.text, rubric)) and not v.answers]
    assert len(flagged_own) <= 2
    assert len(flagged_other) >= 36
    task_only = load_rubric(str(_task_only(7, tmp_path)))
    by_question = [v for e in other if (v := judge_task(e.text, task_only)) and not v.answers]
    assert len(by_question) < 36


def test_a_story_of_waiting_answers_a_task_on_patience_once_the_class_words_are_known(
    tmp_path: Path,
) -> None:
    task_only = judge_task(WAITING, load_rubric(str(_task_only(7, tmp_path))))
    assert task_only is not None and not task_only.answers  # the question's words alone miss it
    calibrated = judge_task(WAITING, load_rubric(str(calibrated_on(7, 40, tmp_path))))
    assert calibrated is not None and calibrated.answers
    assert {"wait", "waited", "line"} & set(calibrated.found)


def test_an_essay_on_another_subject_gets_at_most_the_off_task_mark_from_a_blended_rubric(
    tmp_path: Path,
) -> None:
    pool, _ = split(load_prompt(7))
    marked = random.Random(7).sample(pool, 30)
    texts = [e.text for e in marked]
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    calibration = fit(samples, [e.score for e in marked], [LENGTH], texts=texts)
    assert calibration.learned is not None  # the mark blends resemblance to the marked essays
    path = tmp_path / "blended.yaml"
    write_calibrated(calibration, load_rubric("general-essay"), path, "general-essay", "marks")
    path.write_text(path.read_text(encoding="utf-8") + f"task: {TASKS[7]!r}\n", encoding="utf-8")
    rubric = load_rubric(str(path))
    airships = max(split(load_prompt(6))[1][:20], key=lambda e: e.score)  # a strong essay
    result = mark_essay(Essay.from_text(airships.text, student="a"), rubric, Services())
    assert result.task is not None and not result.task.answers
    best = float(rubric.off_task_grade())
    assert result.total.score <= best  # the blend obeys the limit it states
    assert f"at most {rubric.off_task_grade()}" in result.total.capped_because


def test_too_few_marked_essays_teach_no_words() -> None:
    pool, _ = split(load_prompt(7))
    assert learn_task_words([e.text for e in pool[: MIN_MARKED - 1]]) is None
    assert learn_task_words([e.text for e in pool[:MIN_MARKED]]) is not None


def _task_only(prompt: int, folder: Path) -> Path:
    """Write the general rubric with the prompt's task and nothing learned."""
    path = folder / f"task-{prompt}.yaml"
    path.write_text(
        f"extends: general-essay\ntitle: ASAP prompt\ntask: {TASKS[prompt]!r}\n", encoding="utf-8"
    )
    return path
