"""A teacher's own marks (marks.csv) and the marked essays, measured for calibration."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.calibration.key_terms import Measures
from grader.io.reading import find_essays
from grader.marking.pipeline import measures_by_kind
from grader.rubric.schema import Rubric
from grader.running.batch import Progress, analyse_files
from grader.running.worker import BatchSettings


class MarksError(ValueError):
    """The marks file cannot be used; the message names the file, the line and the problem."""


@dataclass
class Marks:
    """A teacher's marks: the total by student, and any criterion's marks by criterion id."""

    path: Path
    totals: dict[str, float] = field(default_factory=dict)
    criteria: dict[str, dict[str, float]] = field(default_factory=dict)


def read_marks(path: Path) -> Marks:
    """Read `student,total` rows, and any further column as marks for the criterion it names.

    A blank cell in a criterion's column means that criterion was not marked for that essay.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MarksError(f"{path}: cannot be read ({error})") from error
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"student", "total"} <= set(rows[0]):
        raise MarksError(f"{path}: needs a header line with the columns student and total")
    columns = [c for c in rows[0] if c and c.strip() not in {"student", "total"}]
    marks = Marks(path, criteria={c.strip(): {} for c in columns})
    for line, row in enumerate(rows, start=2):
        student = (row.get("student") or "").strip()
        if not student:
            raise MarksError(f"{path}:{line}: the student column is empty")
        if student in marks.totals:
            raise MarksError(f"{path}:{line}: {student} appears twice")
        marks.totals[student] = _number(path, line, "total", row.get("total"))
        for column in columns:
            if (row.get(column) or "").strip():
                marks.criteria[column.strip()][student] = _number(path, line, column, row[column])
    return marks


def _number(path: Path, line: int, column: str, cell: str | None) -> float:
    """Read one mark, or say which cell is not a number."""
    text = (cell or "").strip()
    try:
        return float(text)
    except ValueError:
        raise MarksError(f"{path}:{line}: {column} {text!r} is not a number") from None


@dataclass
class MarkedEssays:
    """The marked essays, measured, with what could not be used and why."""

    students: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    measures: list[Measures] = field(default_factory=list)
    marks: list[float] = field(default_factory=list)
    criterion_marks: dict[str, list[float | None]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def measure_marked(
    paths: Sequence[str],
    marks: Marks,
    rubric: Rubric,
    settings: BatchSettings | None = None,
    on_progress: Progress = lambda done, total, file, status: None,
) -> MarkedEssays:
    """Measure every essay that has a mark; list essays without marks and marks without essays.

    The essays are analysed as `grader mark` would (same workers and grammar engine), so
    the calibrated rubric meets the measures it was fitted to. Criterion columns are kept
    for the rubric's criteria; any other column is named as unused.
    """
    files, skipped = find_essays(paths)
    found = MarkedEssays(problems=[f"{s.path}: {s.reason}" for s in skipped])
    ids = [c.id for c in rubric.criteria]
    for column in marks.criteria:
        if column not in ids:
            found.problems.append(
                f"{marks.path}: column {column!r} is not a criterion of the rubric "
                f"({', '.join(ids)}); not used"
            )
    marked = [path for path in files if path.stem in marks.totals]
    files_of = {path.stem for path in files}  # an unreadable essay is reported, not missing
    found.problems += [
        f"{path}: no mark in the marks file; not used" for path in files if path not in marked
    ]
    for count, done in enumerate(analyse_files(marked, rubric, settings), start=1):
        if done.essay is None or done.assessments is None:
            found.problems.append(f"{done.path}: {done.problem}")
            on_progress(count, len(marked), done.path, f"failed: {done.problem}")
            continue
        student = Path(done.path).stem
        found.students.append(student)
        found.texts.append(done.essay.text)
        found.measures.append(measures_by_kind(done.assessments, rubric))
        found.marks.append(marks.totals[student])
        for column, by_student in marks.criteria.items():
            if column in ids:
                found.criterion_marks.setdefault(column, []).append(by_student.get(student))
        on_progress(count, len(marked), done.path, "measured")
    found.problems += [
        f"{name}: has a mark but no essay file" for name in marks.totals if name not in files_of
    ]
    return found
