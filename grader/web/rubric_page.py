"""The rubric page: a teacher edits a rubric as a table, sees what it does to a class, saves it.

Every edit is written as the short `extends:` file that saving would keep and loaded by
load_rubric, so the page shows the loader's own messages beside the fields and marks exactly
as `grader mark --rubric FILE` does. The effect on a marked class is scored again from the
class's stored analyses (grader/rescore.py), with no engine run.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from grader.files import write_atomic
from grader.rescore import NeedsMarking, rescore
from grader.rubric import Problem, Rubric, RubricError, load_rubric
from grader.rubric_edit import changes, edited_data, extends_text, parent_reference, saved_data
from grader.web.marking import ClassJob, Marking
from grader.web.rubric_views import PreviewView, RubricTable, preview_view, rubric_table
from grader.web.store import RubricVersion, RubricVersions

NOTE = "Saved from the rubric page of grader serve"


@dataclass(frozen=True)
class Edit:
    """An edited rubric: its table, the file saving would write, and its effect on a class."""

    table: RubricTable
    text: str
    rubric: Rubric | None
    problems: tuple[Problem, ...]
    preview: PreviewView | None

    @property
    def valid(self) -> bool:
        """Tell whether the edit can be saved."""
        return self.rubric is not None and not self.problems


@dataclass
class RubricEditor:
    """Edits, previews and saved versions of the rubrics a server offers."""

    marking: Marking
    versions: RubricVersions
    offer: Callable[[Rubric, str], None]  # make a saved version one of the offered rubrics
    _saved: dict[str, dict[str, Any]] = field(default_factory=dict)

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
            if not path.is_file():
                self.folder.mkdir(parents=True, exist_ok=True)
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

    def edit(
        self, name: str, form: Mapping[str, str] | None, action: str, job: ClassJob | None
    ) -> Edit:
        """Apply a form to a rubric, load what saving would write, and preview it on a class."""
        saved = self.marking.rubrics[name]
        base = self.base_of(name)
        data = self.data_of(name)
        edited = edited_data(data, form, action) if form is not None else data
        text = extends_text(
            changes(self.data_of(base), edited),
            parent_reference(self.marking.rubrics[base], self.folder),
            self.folder,
            NOTE,
            date.today(),
        )
        rubric, problems = self.load(text)
        ids = {str(c.get("id")) for c in data.get("criteria") or []}
        table = rubric_table(name, edited, ids, problems, rubric)
        preview = None
        if rubric is not None and job is not None and job.outcome is not None:
            preview = class_preview(job, saved, rubric)
        return Edit(table, text, rubric, tuple(problems), preview)

    def load(self, text: str) -> tuple[Rubric | None, list[Problem]]:
        """Load a rubric file's text as `grader mark` would, from beside the saved versions."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f".edit-{secrets.token_hex(6)}.yaml"
        write_atomic(path, text)
        try:
            return load_rubric(str(path)), []
        except RubricError as error:
            return None, list(error.problems)
        finally:
            path.unlink(missing_ok=True)

    def save(self, name: str, edit: Edit) -> RubricVersion:
        """Keep an edit as the next version of its base rubric, and offer it."""
        base = self.base_of(name)
        self.folder.mkdir(parents=True, exist_ok=True)

        def write(new_name: str) -> str:
            write_atomic(self.folder / f"{new_name}.yaml", edit.text)
            return edit.text

        version = self.versions.add(base, NOTE, write)
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
