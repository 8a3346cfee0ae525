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
    student goes missing from the mark book. Once the teacher has reviewed any essay, two more
    columns give the tool's proposal beside the teacher's total and grade.
    """
    reviewed = any(result.proposed_total is not None for _, result in results)
    proposal = ["proposed_total", "proposed_grade"] if reviewed else []
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
            *proposal,
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
                *(_proposed(result) if reviewed else []),
            ]
        )
    blank = [""] * (len(criteria) + 4)
    for file, reason in failures:
        unmarked = [Path(file).stem, file, *blank, f"not marked: {reason}"]
        writer.writerow(unmarked + [""] * len(proposal))
    return out.getvalue()


def _proposed(result: EssayResult) -> list[float | int | str]:
    """Return the tool's own total and grade (the same as the final ones when not reviewed)."""
    proposed = result.proposed_total or result.total
    return [rounded(proposed.score), proposed.grade]


CLASS = ClassFile("grades.csv", lambda marks: grades_csv(marks.results, marks.failures))
