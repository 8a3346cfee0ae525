"""The rubric page: a teacher edits a rubric as a table, sees what it does to a class, saves it.

Every edit is written as the short `extends:` file that saving would keep and loaded by
load_rubric, so the page shows the loader's own messages beside the fields and marks exactly
as `grader mark --rubric FILE` does. The effect on a marked class is scored again from the
class's stored analyses (grader/marking/rescore.py), with no engine run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from grader.facts.editing import edited_sheet, sheet_data, sheet_text
from grader.facts.sheet import FactSheet, fact_sheet_of, load_fact_sheet
from grader.io.files import write_atomic
from grader.io.reading import EssayError, essay_from_text
from grader.kinds.facts import FactsCriterion
from grader.marking.rescore import NeedsMarking, rescore
from grader.rubric.editing import changes, edited_data, extends_text, parent_reference, saved_data
from grader.rubric.schema import Problem, Rubric, RubricError
from grader.rubric_loader import load_rubric
from grader.web.marking import ClassJob, Marking
from grader.web.rubric_views import (
    Chosen,
    PreviewView,
    RubricTable,
    SheetTable,
    preview_view,
    rubric_table,
    sheet_table,
)
from grader.web.store import RubricVersion, RubricVersions

NOTE = "Saved from the rubric page of grader serve"
SHEET_NOTE = "Fact sheet saved from the rubric page of grader serve"


@dataclass(frozen=True)
class Edit:
    """An edited rubric: its table, the file saving would write, and its effect on a class."""

    table: RubricTable
    text: str
    rubric: Rubric | None
    problems: tuple[Problem, ...]
    preview: PreviewView | None
    data: dict[str, Any] = field(default_factory=dict)  # the edited rubric, merged
    sheet: SheetTable | None = None
    sheet_text: str = ""  # the fact-sheet file saving writes ("" when the sheet is unchanged)
    fact_sheet: FactSheet | None = None  # the edited sheet, to check an essay with

    @property
    def valid(self) -> bool:
        """Tell whether the edit can be saved."""
        sheet_ok = self.sheet is None or self.sheet.valid
        return self.rubric is not None and not self.problems and sheet_ok


@dataclass
class RubricEditor:
    """Edits, previews and saved versions of the rubrics a server offers."""

    marking: Marking
    versions: RubricVersions
    offer: Callable[[Rubric, str], None]  # make a saved version one of the offered rubrics
    _saved: dict[str, dict[str, Any]] = field(default_factory=dict)
    _sheets: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        """Return where saved rubric files are written."""
        return self.marking.data / "rubrics"

    def load_saved(self) -> list[str]:
        """Offer every version saved before a restart; return a line for each one not loaded."""
        problems = []
        for version in self.versions.all():
            if version.base not in self.marking.rubrics:
                continue  # its base is not offered by this run of the server
            path = self.folder / f"{version.name}.yaml"
            sheet = self.folder / f"{version.name}.facts.yaml"
            self.folder.mkdir(parents=True, exist_ok=True)
            if version.facts_text and not sheet.is_file():
                write_atomic(sheet, version.facts_text)
            if not path.is_file():
                write_atomic(path, version.text)
            try:
                self.offer(load_rubric(str(path)), f"version {version.version}")
            except RubricError as error:
                problems.append(f"{path}: not offered: {error}")
        return problems

    def base_of(self, name: str) -> str:
        """Return the offered rubric a saved version extends (a base rubric is its own)."""
        version = self.versions.get(name)
        return version.base if version is not None else name

    def data_of(self, name: str) -> dict[str, Any]:
        """Return a rubric's merged data, read once."""
        if name not in self._saved:
            self._saved[name] = saved_data(self.marking.rubrics[name])
        return self._saved[name]

    def sheet_of(self, name: str) -> dict[str, Any] | None:
        """Return a rubric's fact sheet as plain data, read once; None when it has none."""
        if name not in self._sheets:
            self._sheets[name] = sheet_data(self.marking.rubrics[name])
        return self._sheets[name]

    def edit(
        self, name: str, form: Mapping[str, str] | None, action: str, job: ClassJob | None
    ) -> Edit:
        """Apply a form to a rubric, load what saving would write, and preview it on a class."""
        saved = self.marking.rubrics[name]
        base = self.base_of(name)
        data = self.data_of(name)
        edited = edited_data(data, form, action) if form is not None else data
        saved_sheet = self.sheet_of(name)
        sheet = saved_sheet
        if form is not None and saved_sheet is not None:
            sheet = edited_sheet(saved_sheet, form, action)
        changed = sheet is not None and sheet != saved_sheet
        fact_sheet, written = rubric_sheet(saved), ""
        sheet_problems: list[Problem] = []
        if sheet is not None and changed:
            written = sheet_text(sheet, SHEET_NOTE, self.sheet_origin(saved), date.today())
            fact_sheet, sheet_problems = self.load_sheet(written)
        facts_name = f"{self.versions.next_name(base)}.facts.yaml" if written else None
        compose = partial(self.compose, base, edited)
        text = compose(facts_name)
        # A sheet with problems is shown beside its fields; the rubric is checked without it.
        rubric, problems = self.load(compose, written if fact_sheet is not None else "")
        ids = {str(c.get("id")) for c in data.get("criteria") or []}
        table = rubric_table(name, edited, ids, problems, rubric)
        preview = None
        if rubric is not None and job is not None and job.outcome is not None:
            preview = class_preview(job, saved, rubric)
        shown_sheet = None
        if sheet is not None:
            shown_sheet = sheet_table(sheet, self.sheet_origin(saved), changed, sheet_problems)
        return Edit(
            table,
            text,
            rubric,
            tuple(problems),
            preview,
            edited,
            shown_sheet,
            written,
            fact_sheet,
        )

    def sheet_origin(self, rubric: Rubric) -> str:
        """Name where a rubric's fact sheet is kept, for a teacher."""
        if isinstance(rubric.facts, str):
            return Path(rubric.facts).name
        return "the facts listed in the rubric"

    def compose(self, base: str, edited: Mapping[str, Any], facts_file: str | None) -> str:
        """Write the `extends:` file for an edit; `facts_file` names a new fact sheet beside it."""
        data = dict(edited)
        if facts_file is not None:
            data["facts"] = facts_file
        elif isinstance(data.get("facts"), str) and data["facts"] != self.data_of(base).get(
            "facts"
        ):
            # a sheet kept beside an earlier version: named from beside this one
            data["facts"] = os.path.relpath(data["facts"], self.folder.resolve())
        return extends_text(
            changes(self.data_of(base), data),
            parent_reference(self.marking.rubrics[base], self.folder),
            self.folder,
            NOTE,
            date.today(),
        )

    def load_sheet(self, text: str) -> tuple[FactSheet | None, list[Problem]]:
        """Load a fact sheet's text as `grader facts check` would."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f".edit-{secrets.token_hex(6)}.facts.yaml"
        write_atomic(path, text)
        try:
            return load_fact_sheet(path), []
        except RubricError as error:
            return None, list(error.problems)
        finally:
            path.unlink(missing_ok=True)

    def load(
        self, text_for: Callable[[str | None], str], facts: str = ""
    ) -> tuple[Rubric | None, list[Problem]]:
        """Load what saving would write as `grader mark` would, from beside the saved versions.

        `text_for(facts_file)` writes the rubric; with `facts`, the edit's new fact sheet is
        written beside it under a private name, and the rubric names that file.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(6)
        path = self.folder / f".edit-{token}.yaml"
        sheet = self.folder / f".edit-{token}.facts.yaml"
        if facts:
            write_atomic(sheet, facts)
        write_atomic(path, text_for(sheet.name if facts else None))
        try:
            return load_rubric(str(path)), []
        except RubricError as error:
            return None, list(error.problems)
        finally:
            path.unlink(missing_ok=True)
            sheet.unlink(missing_ok=True)

    def save(self, name: str, edit: Edit) -> RubricVersion:
        """Keep an edit as the next version of its base rubric, and offer it."""
        base = self.base_of(name)
        self.folder.mkdir(parents=True, exist_ok=True)

        def write(new_name: str) -> str:
            facts_file = f"{new_name}.facts.yaml" if edit.sheet_text else None
            text = self.compose(base, edit.data, facts_file)
            write_atomic(self.folder / f"{new_name}.yaml", text)
            return text

        def write_sheet(new_name: str) -> str:
            if edit.sheet_text:
                write_atomic(self.folder / f"{new_name}.facts.yaml", edit.sheet_text)
            return edit.sheet_text

        version = self.versions.add(base, NOTE, write, write_sheet)
        self._offer(version)
        return version

    def save_text(self, base: str, note: str, text_for: Callable[[str], str]) -> RubricVersion:
        """Keep a rubric written elsewhere (a calibrated one) as the next version of its base."""
        self.folder.mkdir(parents=True, exist_ok=True)
        version = self.versions.add(base, note, text_for)
        self._offer(version)
        return version

    def _offer(self, version: RubricVersion) -> None:
        """Load a saved version from its file and offer it."""
        rubric = load_rubric(str(self.folder / f"{version.name}.yaml"))
        self.offer(rubric, f"version {version.version}")

    def sheet_file_text(self, name: str) -> str | None:
        """Return the text of a rubric's fact-sheet file, to download; None when it has none."""
        facts = self.marking.rubrics[name].facts
        return Path(facts).read_text(encoding="utf-8") if isinstance(facts, str) else None

    def file_text(self, name: str) -> str:
        """Return the text of a rubric's file, to download."""
        version = self.versions.get(name)
        if version is not None:
            return version.text
        return Path(self.marking.rubrics[name].path).read_text(encoding="utf-8")


def class_preview(job: ClassJob, saved: Rubric, edited: Rubric) -> PreviewView:
    """Show what an edited rubric would do to a marked class, or why it cannot yet."""
    assert job.outcome is not None
    results = [result for _, result in job.outcome.results]
    try:
        return preview_view(rescore(results, job.rubric, saved, edited))
    except NeedsMarking as missing:
        return PreviewView(len(results), 0, (), (), needs_marking=missing.reasons)


def rubric_sheet(rubric: Rubric) -> FactSheet | None:
    """Return the fact sheet a rubric's facts criteria check against, if it has one."""
    for criterion in rubric.criteria:
        if isinstance(criterion, FactsCriterion):
            return fact_sheet_of(criterion)
    return None


def chosen_essay(job: ClassJob | None, fields: Mapping[str, str], max_words: int) -> Chosen:
    """Pick the essay the fact sheet is tried on: the pasted text, else a marked student's."""
    results = [result for _, result in job.outcome.results] if job and job.outcome else []
    by_student = {result.essay.student: result.essay for result in results}
    choices = tuple(by_student)
    pasted = fields.get("check_text", "").strip()
    chosen = fields.get("check_essay", "")
    chosen = chosen if chosen in by_student else (choices[0] if choices else "")
    if pasted:
        try:
            typed = essay_from_text(pasted, "pasted", "the pasted text", max_words)
        except EssayError as error:
            return Chosen(None, "", choices, chosen, pasted, f"{error}.")
        return Chosen(typed, "the pasted text", choices, chosen, pasted)
    essay = by_student.get(chosen)
    return Chosen(essay, f"{chosen}'s essay" if essay else "", choices, chosen, pasted)
