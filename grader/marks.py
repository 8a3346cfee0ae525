"""A teacher's own marks (marks.csv) and the marked essays, measured for calibration."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.calibration import Measures
from grader.loading import EssayError, find_essays, load_essay
from grader.marking import analyse, measures_by_kind
from grader.rubric import Rubric
from grader.services import Services


class MarksError(ValueError):
    """The marks file cannot be used; the message names the file, the line and the problem."""


def read_marks(path: Path) -> dict[str, float]:
    """Read `student,total` rows (more columns are allowed) into marks by student."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MarksError(f"{path}: cannot be read ({error})") from error
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"student", "total"} <= set(rows[0]):
        raise MarksError(f"{path}: needs a header line with the columns student and total")
    marks: dict[str, float] = {}
    for line, row in enumerate(rows, start=2):
        student, total = (row.get("student") or "").strip(), (row.get("total") or "").strip()
        if not student:
            raise MarksError(f"{path}:{line}: the student column is empty")
        if student in marks:
            raise MarksError(f"{path}:{line}: {student} appears twice")
        try:
            marks[student] = float(total)
        except ValueError:
            raise MarksError(f"{path}:{line}: total {total!r} is not a number") from None
    return marks


@dataclass
class MarkedEssays:
    """The marked essays, measured, with what could not be used and why."""

    students: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    measures: list[Measures] = field(default_factory=list)
    marks: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def measure_marked(
    paths: Sequence[str],
    marks: dict[str, float],
    rubric: Rubric,
    on_progress: Callable[[str], None] = lambda file: None,
) -> MarkedEssays:
    """Measure every essay that has a mark; list essays without marks and marks without essays."""
    files, skipped = find_essays(paths)
    found = MarkedEssays(problems=[f"{s.path}: {s.reason}" for s in skipped])
    services = Services()
    seen: set[str] = set()
    for path in files:
        if path.stem not in marks:
            found.problems.append(f"{path}: no mark in the marks file; not used")
            continue
        try:
            essay = load_essay(path)
        except EssayError as error:
            found.problems.append(str(error))
            continue
        seen.add(path.stem)
        found.students.append(path.stem)
        found.texts.append(essay.text)
        found.measures.append(measures_by_kind(analyse(essay, rubric, services), rubric))
        found.marks.append(marks[path.stem])
        on_progress(str(path))
    found.problems += [
        f"{name}: has a mark but no essay file" for name in marks if name not in seen
    ]
    return found
