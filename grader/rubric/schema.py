"""Rubrics: criteria, levels and grade boundaries, read from YAML and validated strictly.

Modelled on Vale's styles: unknown keys are errors, and every error names the file, the line
and column, the key path and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    PrivateAttr,
)

from grader.io.yamlfile import Position
from grader.rubric.kind import CriterionBase, CriterionChoice
from grader.rubric.levels import Identifier, Label, Range, Strict

DEFAULT_RUBRIC = "general-essay"
SCHEMA_FILE = "rubric.schema.json"


def snap_mark(value: float, lowest: float, highest: float, step: float) -> float:
    """Round a mark to the nearest mark of a scale from `lowest` to `highest` in `step`s."""
    steps = round((value - lowest) / step)
    return min(highest, max(lowest, round(lowest + steps * step, 6)))


class MarkScale(Strict):
    """A teacher's own mark scale: the total is reported as the mark its grade names."""

    min: float = Field(description="Lowest mark, e.g. 2.")
    max: float = Field(description="Highest mark, e.g. 12.")
    step: float = Field(default=1.0, gt=0, description="Marks go up in steps of this size.")

    def snap(self, value: float) -> float:
        """Round a mark to the nearest mark on the scale."""
        return snap_mark(value, self.min, self.max, self.step)

    def label(self, value: float) -> str:
        """Write a mark as the grade labels of a calibrated rubric write it (4, 4.5)."""
        return f"{value:.10g}"


class LearnedMarksFile(Strict):
    """The file of what calibration learned from the teacher's marked essays."""

    file: str = Field(description="The learned-marks file, relative to this rubric.")
    digest: str = Field(
        pattern=r"^[0-9a-f]{16}$", description="The file's digest, as grader calibrate wrote it."
    )


class GradeBoundary(Strict):
    """The lowest percentage that earns a grade."""

    min: float = Field(ge=0, le=100, description="Lowest percentage for this grade.")
    grade: Label = Field(description="The grade label: A*, 9, 7, Pass ...")


class TooShort(Strict):
    """Hold the grade down for an essay far below the minimum length."""

    share: float = Field(
        default=0.6, gt=0, le=1, description="Share of word_count.min below which it applies."
    )
    best_grade: Label = Field(description="The best grade such an essay can get.")


Genre = Literal["argument", "discussion", "narrative", "letter", "report", "response"]
# The kinds of writing whose marks look for a position argued through the essay: a thesis in
# the introduction, a conclusion that answers the question, evidence in the body paragraphs.
ARGUED_GENRES: frozenset[str] = frozenset({"argument", "discussion", "response"})
# What a student's writing is called, by its genre: "Your letter has 371 words".
PIECES: dict[str, str] = {"narrative": "story", "letter": "letter", "report": "report"}


class OffTask(Strict):
    """Hold the grade down for an essay that does not answer the rubric's task."""

    best_grade: Label = Field(description="The best grade such an essay can get.")


class TaskWords(Strict):
    """The words the teacher's marked essays use for the task, learned by grader calibrate."""

    typical: float = Field(
        gt=0, description="How far the marked essays themselves use these words (their median)."
    )
    words: dict[str, float] = Field(
        description="Each word and the share of the marked essays that use it (0 to 1)."
    )


class Rubric(Strict):
    """A teacher's rubric: what is marked, how each level is chosen, and the grade boundaries."""

    model_config = ConfigDict(title="grader rubric")

    title: Label = Field(description="The rubric's title, shown on every report.")
    subject: str = Field(default="", description="The subject, e.g. History.")
    level: str = Field(default="", description="Year group or level, e.g. Year 10 or GCSE.")
    description: str = Field(default="", description="A note for teachers.")
    language: Literal["en-GB", "en-US"] = Field(default="en-GB", description="Spelling variant.")
    word_count: Range | None = Field(default=None, description="Target essay length in words.")
    task: str = Field(
        default="",
        description="The question the students answered. An essay that does not answer it is "
        "flagged, gets no credit for facts or key terms, and its grade is held at off_task.",
    )
    genre: Genre = Field(
        default="argument",
        description="The kind of writing asked for: argument, discussion, narrative, letter, "
        "report or response (to a text). Checks for a thesis, a concluding paragraph and "
        "evidence in every paragraph apply only to argument, discussion and response.",
    )
    task_words: TaskWords | None = Field(
        default=None,
        description="The words the marked essays use for the task (written by grader "
        "calibrate): with task, an essay that uses too few of them does not answer it.",
    )
    off_task: OffTask | None = Field(
        default=None,
        description="The best grade for an essay that does not answer the task (needs task; "
        "without it, the second-lowest grade).",
    )
    grammar_engine: Literal["auto", "lingotweaker", "languagetool"] = Field(
        default="auto", description="Grammar engine for mechanics criteria."
    )
    facts: str | list[Any] | None = Field(
        default=None, description="Fact-sheet file (relative to this rubric) or a list of facts."
    )
    criteria: list[CriterionChoice] = Field(min_length=1, description="What is marked.")
    order: list[Identifier] = Field(
        default=[],
        description="The criteria's order in reports and grades.csv, by id; those not named "
        "follow in their own order. In a rubric that extends another, it reorders the parent's.",
    )
    grades: list[GradeBoundary] = Field(min_length=1, description="Grade boundaries.")
    too_short: TooShort | None = Field(
        default=None,
        description="The best grade for an essay far below word_count.min (needs word_count).",
    )
    far_too_short: TooShort | None = Field(
        default=None,
        description="A lower best grade for an essay further still below word_count.min: "
        "a few lines cannot show an essay's worth, however accurate (needs word_count).",
    )
    mark_scale: MarkScale | None = Field(
        default=None,
        description="Report the total on this scale: each grade label is then a mark on it.",
    )

    learned_marks: LearnedMarksFile | None = Field(
        default=None,
        description="Blend the criteria with resemblance to the teacher's marked essays "
        "(written by grader calibrate; needs mark_scale).",
    )

    _name: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _learned: Any = PrivateAttr(
        default=None
    )  # grader.calibration.learned.LearnedMarks, loaded once

    @property
    def name(self) -> str:
        """Return the rubric's name: its file name without the extension."""
        return self._name

    @property
    def path(self) -> str:
        """Return the file the rubric was read from."""
        return self._path

    def locate(self, path: Path) -> None:
        """Record the file the rubric was read from (its name is the file's stem)."""
        self._name = path.stem
        self._path = str(path)

    def attach_learned(self, learned: Any) -> None:
        """Attach what calibration learned from the marked essays (LearnedMarks)."""
        self._learned = learned

    @property
    def learned(self) -> Any:
        """Return what calibration learned from the marked essays (LearnedMarks), or None."""
        return self._learned

    def grade_for(self, percent: float) -> str:
        """Return the grade for a percentage: the highest boundary it reaches."""
        reached = [b for b in self.grades if percent >= b.min]
        if not reached:
            return min(self.grades, key=lambda b: b.min).grade
        return max(reached, key=lambda b: b.min).grade

    def grade_rank(self, grade: str) -> int:
        """Rank a grade label: 0 for the best, higher for worse (unknown labels rank last)."""
        order = [b.grade for b in sorted(self.grades, key=lambda b: b.min, reverse=True)]
        return order.index(grade) if grade in order else len(order)

    @property
    def piece(self) -> str:
        """Name the writing asked for as a student would: an essay, a story, a letter, a report."""
        return PIECES.get(self.genre, "essay")

    @property
    def argued(self) -> bool:
        """Tell whether the writing asked for argues a position (checks for a thesis apply)."""
        return self.genre in ARGUED_GENRES

    def off_task_grade(self) -> str:
        """Return the best grade for an essay that does not answer the task."""
        if self.off_task is not None:
            return self.off_task.best_grade
        ranked = sorted(self.grades, key=lambda b: b.min)
        return ranked[1].grade if len(ranked) > 1 else ranked[0].grade

    def criterion(self, criterion_id: str) -> CriterionBase:
        """Return a criterion by id."""
        return next(c for c in self.criteria if c.id == criterion_id)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric, where it is and what to do."""

    position: Position | str
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.key_path}: " if self.key_path else ""
        return f"{self.position}: {where}{self.message}"


class RubricError(ValueError):
    """A rubric cannot be used; each problem names the file, line, key and what to fix."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0])
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
        super().__init__(first + suffix)

    @classmethod
    def single(cls, where: Position | str | Path, message: str) -> RubricError:
        """Make an error with one problem that has no key path."""
        return cls([Problem(where if isinstance(where, Position) else str(where), "", message)])
