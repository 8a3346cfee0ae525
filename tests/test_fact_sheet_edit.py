"""Editing a rubric's fact sheet as a table: the file it writes, its problems, its versions."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from grader.facts.editing import edited_sheet, sheet_data, sheet_text
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.rubric.schema import Problem, RubricError
from grader.rubric_loader import load_rubric
from grader.web.rubric_views import sheet_table
from grader.web.store import DraftStore, RubricVersions

HISTORY = "history-essay-great-terror"


@pytest.fixture(scope="module")
def saved() -> dict[str, Any]:
    data = sheet_data(load_rubric(HISTORY))
    assert data is not None
    return data


def form_of(data: dict[str, Any]) -> dict[str, str]:
    """Fill the fact table's form as the page shows it, before any change."""
    return {cell.path: cell.value for cell in sheet_table(data, "x", False).cells()}


def written(folder: Path, data: dict[str, Any]) -> FactSheet | list[Problem]:
    """Write a sheet as the page saves it and load it as `grader facts check` does."""
    path = folder / "edited.facts.yaml"
    path.write_text(sheet_text(data, "Test", "great-terror.facts.yaml", date(2026, 12, 4)))
    try:
        return load_fact_sheet(path)
    except RubricError as error:
        return list(error.problems)


def test_an_untouched_table_is_the_saved_sheet(saved: dict[str, Any], tmp_path: Path) -> None:
    assert edited_sheet(saved, form_of(saved)) == saved
    sheet = written(tmp_path, saved)
    original = load_fact_sheet(load_rubric(HISTORY).facts)  # type: ignore[arg-type]
    assert isinstance(sheet, FactSheet)
    assert sheet.facts == original.facts
    assert sheet.names == original.names


def test_a_changed_date_changes_that_fact_only(saved: dict[str, Any], tmp_path: Path) -> None:
    form = form_of(saved)
    assert form["sheet.facts[0].id"] == "kirov-assassination"
    form["sheet.facts[0].date"] = "1935-12-01"
    sheet = written(tmp_path, edited_sheet(saved, form))
    original = load_fact_sheet(load_rubric(HISTORY).facts)  # type: ignore[arg-type]
    assert isinstance(sheet, FactSheet)
    assert str(sheet.facts[0].date[0]) != str(original.facts[0].date[0])
    assert "1935" in str(sheet.facts[0].date[0])
    assert sheet.facts[1:] == original.facts[1:]


def test_broken_values_are_the_checkers_messages_at_their_fields(
    saved: dict[str, Any], tmp_path: Path
) -> None:
    form = form_of(saved)
    form["sheet.facts[0].date"] = "sometime"
    form["sheet.facts[1].source"] = ""
    form["sheet.facts[2].weight"] = "-1"
    edited = edited_sheet(saved, form)
    problems = written(tmp_path, edited)
    assert isinstance(problems, list)
    table = sheet_table(edited, "x", True, problems)
    shown = {c.path: c.problem for c in table.cells() if c.problem}
    assert "expected a date" in shown["sheet.facts[0].date"]
    assert "source" in shown["sheet.facts[1].source"]
    assert "greater than 0" in shown["sheet.facts[2].weight"]
    assert not table.valid


def test_a_spelling_two_names_share_is_shown_beside_the_name(
    saved: dict[str, Any], tmp_path: Path
) -> None:
    form = form_of(saved)
    names = [k for k, v in form.items() if k.endswith(".name")]
    kirov = next(k for k in names if form[k] == "Kirov").removesuffix(".name")
    nikolaev = next(k for k in names if form[k] == "Nikolaev").removesuffix(".name")
    form[f"{kirov}.spellings"] = "Sergei Kirov, Nikolayev"
    edited = edited_sheet(saved, form)
    problems = written(tmp_path, edited)
    assert isinstance(problems, list)
    table = sheet_table(edited, "x", True, problems)
    beside = {c.path: c.problem for c in table.cells() if c.problem}
    assert beside == {f"{nikolaev}.spellings": "'Nikolayev' is also a spelling of 'Kirov'"}


def test_removing_a_fact_shifts_no_other(saved: dict[str, Any], tmp_path: Path) -> None:
    fewer = edited_sheet(saved, form_of(saved), "remove-fact:0")
    assert [f["id"] for f in fewer["facts"]] == [f["id"] for f in saved["facts"][1:]]
    # The page now shows the shorter table; sent back untouched, it is the same sheet.
    again = edited_sheet(saved, form_of(fewer))
    assert again["facts"] == saved["facts"][1:]
    sheet = written(tmp_path, again)
    assert isinstance(sheet, FactSheet) and len(sheet.facts) == len(saved["facts"]) - 1


def test_an_added_fact_must_be_filled_in(saved: dict[str, Any], tmp_path: Path) -> None:
    more = edited_sheet(saved, form_of(saved), "add-fact")
    problems = written(tmp_path, more)
    assert isinstance(problems, list)
    table = sheet_table(more, "x", True, problems)
    last = len(saved["facts"])
    assert any(c.problem for c in table.facts[last].cells), table.facts[last]


def test_a_schema_2_database_gains_fact_sheets(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "grader.sqlite3") as db:  # as grader wrote it before
        db.execute(  # schema 2 made every table of schemas 1 and 2 on each start
            "CREATE TABLE drafts (id INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL "
            "UNIQUE, student TEXT NOT NULL, rubric TEXT NOT NULL, created TEXT NOT NULL, "
            "text TEXT NOT NULL, result TEXT NOT NULL)"
        )
        db.execute(
            "CREATE TABLE rubric_versions (name TEXT PRIMARY KEY, base TEXT NOT NULL, "
            "version INTEGER NOT NULL, created TEXT NOT NULL, note TEXT NOT NULL, "
            "text TEXT NOT NULL, UNIQUE (base, version))"
        )
        db.execute(
            "INSERT INTO rubric_versions VALUES ('r-v1', 'r', 1, '2026-12-01', 'old', 'extends: r')"
        )
        db.execute("PRAGMA user_version = 2")
    versions = RubricVersions(DraftStore(tmp_path))
    old = versions.get("r-v1")
    assert old is not None and old.text == "extends: r" and old.facts_text == ""
    assert versions.next_name("r") == "r-v2"
    new = versions.add("r", "new", lambda name: f"facts: {name}.facts.yaml", lambda _: "facts: []")
    assert (new.name, new.facts_text) == ("r-v2", "facts: []")
    assert versions.get("r-v2") == new
