"""The CSV format: the gradebook of a marked class (grades.csv)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from grader.marking.pipeline import EssayResult
from grader.output.formats import ClassFile
from grader.output.results import rounded


def grades_csv(
    results: Sequence[tuple[str, EssayResult]], failures: Sequence[tuple[str, str]] = ()
) -> str:
    """Write the gradebook: a row per student, each criterion's score, the total and grade.

    A file that could not be marked gets a row too, with no marks and the reason, so that no
    student goes missing from the mark book.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    criteria = results[0][1].criteria if results else ()
    writer.writerow(
        [
            "student",
            "file",
            *(c.id for c in criteria),
            "total",
            "max",
            "percent",
            "grade",
            "problem",
        ]
    )
    for file, result in results:
        writer.writerow(
            [
                result.essay.student,
                file,
                *(rounded(c.score) for c in result.criteria),
                rounded(result.total.score),
                rounded(result.total.max),
                round(result.total.percent, 1),
                result.total.grade,
                "",
            ]
        )
    blank = [""] * (len(criteria) + 4)
    for file, reason in failures:
        writer.writerow([Path(file).stem, file, *blank, f"not marked: {reason}"])
    return out.getvalue()


CLASS = ClassFile("grades.csv", lambda marks: grades_csv(marks.results, marks.failures))
