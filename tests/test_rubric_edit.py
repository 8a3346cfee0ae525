"""Editing a rubric as a table: the `extends:` file it saves, and its effect on marked essays."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.marking.rescore import NeedsMarking, rescore
from grader.rubric.editing import (
    LEVEL_KEYS,
    changes,
    edited_data,
    extends_text,
    parent_reference,
    saved_data,
    settings_of,
    shown_levels,
)
from grader.rubric.schema import Rubric, RubricError
from grader.rubric_loader import load_rubric
from grader.services import Services
from grader.web.rubric_views import rubric_table, text
from tests.conftest import SAMPLES


def form_of(data: dict[str, Any]) -> dict[str, str]:
    """Fill the table's form as the page shows it, before any change."""
    saved = {c.id for c in load_rubric("general-essay").criteria}
    table = rubric_table("r", data, saved)
    return {cell.path: cell.value for cell in table.cells()}


def saved_file(folder: Path, rubric: Rubric, edited: dict[str, Any]) -> Path:
    """Write the edit as the page saves it, beside the other versions."""
    base = saved_data(rubric)
    content = extends_text(
        changes(base, edited), parent_reference(rubric, folder), folder, "Test", date(2026, 12, 4)
    )
    path = folder / "edited.yaml"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def general() -> Rubric:
    return load_rubric("general-essay")


def test_an_unchanged_table_saves_nothing_but_extends(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    edited = edited_data(data, form_of(data))
    assert changes(data, edited) == {}
    loaded = load_rubric(str(saved_file(tmp_path, general, edited)))
    assert loaded.criteria == general.criteria
    assert loaded.grades == general.grades


def test_a_weight_and_a_boundary_are_all_the_file_holds(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    form = form_of(data)
    form["criteria[0].weight"] = "5"
    form["grades[1].min"] = "65"
    path = saved_file(tmp_path, general, edited_data(data, form))
    written = path.read_text(encoding="utf-8")
    assert "extends: general-essay" in written
    assert "  - id: structure\n    weight: 5\n" in written
    assert "readability" not in written and "mechanics" not in written
    loaded = load_rubric(str(path))
    assert loaded.criterion("structure").weight == 5
    assert loaded.grade_for(66) == "B" and general.grade_for(66) == "C"
    assert loaded.criterion("readability") == general.criterion("readability")


def test_a_removed_and_an_added_criterion(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    form = form_of(data)
    removed = edited_data(data, form, "remove:1")
    added = edited_data(removed, form_of(removed), "add:content")
    form = form_of(added)
    assert form["criteria[2].terms"] == "{}"  # the field the teacher fills in
    form["criteria[2].terms"] = "{purge: 2, terror: 1}"
    added = edited_data(removed, form)
    path = saved_file(tmp_path, general, added)
    written = path.read_text(encoding="utf-8")
    assert "  - id: readability\n    remove: true\n" in written
    loaded = load_rubric(str(path))
    assert [c.id for c in loaded.criteria] == ["structure", "mechanics", "content"]
    assert loaded.criterion("content").kind_name == "content"


def test_a_criterion_moved_up_is_written_as_the_order(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    moved = edited_data(data, form_of(data), "up:2")
    assert [c["id"] for c in moved["criteria"]] == ["structure", "mechanics", "readability"]
    path = saved_file(tmp_path, general, moved)
    written = path.read_text(encoding="utf-8")
    assert "order: [structure, mechanics, readability]" in written
    assert "criteria:" not in written  # nothing else about them changed
    loaded = load_rubric(str(path))
    assert [c.id for c in loaded.criteria] == ["structure", "mechanics", "readability"]
    assert loaded.criterion("mechanics") == general.criterion("mechanics")
    # Edited again from the saved file, the order stays and moving it back writes none.
    again = edited_data(saved_data(loaded), form_of(saved_data(loaded)), "down:1")
    assert changes(data, again) == {}


def test_an_order_naming_no_criterion_is_refused_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "ordered.yaml"
    path.write_text("extends: general-essay\norder: [mechanics, structre]\n", encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        load_rubric(str(path))
    (problem,) = raised.value.problems
    assert problem.key_path == "order[1]"
    assert "names no criterion: 'structre' (did you mean 'structure'?)" in problem.message
    assert str(problem.position).endswith(":2:20")  # line 2, the column where it starts


def test_a_new_level_name_keeps_the_evidence_bounds(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    form = form_of(data)
    form["criteria[2].levels[0].label"] = "Superb"
    loaded = load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    mechanics, before = loaded.criterion("mechanics"), general.criterion("mechanics")
    assert mechanics.effective_levels()[0].label == "Superb"
    assert mechanics.uses_evidence and before.uses_evidence
    bounds = [(lv.min, lv.max) for lv in mechanics.effective_levels()]
    assert bounds == [(lv.min, lv.max) for lv in before.effective_levels()]


def test_a_moved_bound_keeps_the_level_marked_by_evidence(general: Rubric, tmp_path: Path) -> None:
    data = saved_data(general)
    form = form_of(data)
    top = shown_levels(data["criteria"][0])[0]
    lower = round(top["min"] - 0.05, 2)
    form["criteria[0].levels[0].min"] = text(lower)
    form["criteria[0].levels[1].max"] = text(lower)
    loaded = load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    structure = loaded.criterion("structure")
    assert structure.uses_evidence
    assert structure.effective_levels()[0].min == lower
    assert structure.effective_evidence() == general.criterion("structure").effective_evidence()


def test_a_negative_weight_is_the_loaders_message_at_its_field(
    general: Rubric, tmp_path: Path
) -> None:
    data = saved_data(general)
    form = form_of(data)
    form["criteria[1].weight"] = "-1"
    with pytest.raises(RubricError) as raised:
        load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    problems = {p.key_path: p.message for p in raised.value.problems}
    assert "must be greater than 0" in problems["criteria[1].weight"]
    table = rubric_table("r", edited_data(data, form), set(), raised.value.problems)
    weight = next(c for c in table.cells() if c.path == "criteria[1].weight")
    assert "greater than 0" in weight.problem and not table.valid


def test_settings_are_read_as_yaml(general: Rubric) -> None:
    data = saved_data(general)
    form = form_of(data)
    assert form["criteria[0].paragraphs"] == "{min: 4, max: 8}"
    form["criteria[0].paragraphs"] = "{min: 3, max: 9}"
    edited = edited_data(data, form)
    assert settings_of(edited["criteria"][0])["paragraphs"] == {"min": 3, "max": 9}
    assert set(LEVEL_KEYS) <= {p.rsplit(".", 1)[-1] for p in form}


def test_rescoring_matches_marking_again(
    general: Rubric, services: Services, tmp_path: Path
) -> None:
    essays = [
        Essay.from_text(p.read_text(encoding="utf-8"), student=p.stem)
        for p in sorted(SAMPLES.glob("*.txt"))
    ]
    results = [mark_essay(e, general, services) for e in essays]
    data = saved_data(general)
    form = form_of(data)
    form["criteria[1].weight"] = "1"
    form["grades[0].min"] = "75"
    edited = load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    preview = rescore(results, general, general, edited)
    again = [mark_essay(e, edited, services) for e in essays]
    assert [m.after_percent for m in preview.moves] == [r.total.percent for r in again]
    assert [m.after_grade for m in preview.moves] == [r.total.grade for r in again]
    assert [m.before_percent for m in preview.moves] == [r.total.percent for r in results]
    assert sum(preview.after.values()) == len(essays)

    form = form_of(data)
    form["criteria[0].paragraphs"] = "{min: 2, max: 3}"
    needs = load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    with pytest.raises(NeedsMarking, match="Structure"):
        rescore(results, general, general, needs)


def test_the_task_kind_of_writing_and_limits_are_set_in_the_table(
    general: Rubric, tmp_path: Path
) -> None:
    data = saved_data(general)
    form = form_of(data)
    assert {"task", "genre", "off_task.best_grade", "far_too_short.share"} <= set(form)
    form["task"] = "Write a story about a day when everything went wrong."
    form["genre"] = "narrative"
    form["off_task.best_grade"] = "D"
    form["far_too_short.share"] = "0.3"
    form["far_too_short.best_grade"] = "U"
    path = saved_file(tmp_path, general, edited_data(data, form))
    loaded = load_rubric(str(path))
    assert loaded.task.startswith("Write a story") and loaded.genre == "narrative"
    assert loaded.off_task_grade() == "D"
    assert loaded.far_too_short is not None and loaded.far_too_short.share == 0.3
    # Cleared again, the kind of writing is the saved rubric's and the limit is gone.
    form["genre"] = ""
    form["off_task.best_grade"] = ""
    again = load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    assert again.genre == general.genre and again.off_task is None


def test_a_kind_of_writing_the_rubric_does_not_know_is_refused_at_its_field(
    general: Rubric, tmp_path: Path
) -> None:
    data = saved_data(general)
    form = form_of(data)
    form["genre"] = "poem"
    with pytest.raises(RubricError) as raised:
        load_rubric(str(saved_file(tmp_path, general, edited_data(data, form))))
    problems = {p.key_path: p.message for p in raised.value.problems}
    assert "narrative" in problems["genre"] and "'poem'" in problems["genre"]
    table = rubric_table("r", edited_data(data, form), set(), raised.value.problems)
    genre = next(c for c in table.cells() if c.path == "genre")
    assert "narrative" in genre.problem and not table.valid
