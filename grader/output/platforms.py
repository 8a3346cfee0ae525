"""Marks back to the learning platform: its own gradebook filled in, and Moodle's feedback zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from grader.io.platforms import Mark, Submission
from grader.marking.pipeline import EssayResult
from grader.output.report.priorities import fix_first

FEEDBACK_ZIP = "moodle-feedback.zip"


def platform_marks(
    results: Sequence[tuple[str, EssayResult]],
    submissions: Mapping[str, Submission],
    reports: Mapping[str, Path],
) -> list[Mark]:
    """Give each marked essay its platform id, percentage and feedback comment."""
    marks = []
    for file, result in results:
        submission = submissions.get(file)
        report = reports[file].name if file in reports else ""
        marks.append(
            Mark(
                result.essay.student,
                submission.platform_id if submission else "",
                result.total.percent,
                feedback_comment(result, report),
            )
        )
    return marks


def feedback_comment(result: EssayResult, report: str) -> str:
    """Say the mark, what to fix first and where the full report is, in a few lines."""
    total = result.total
    lines = [f"Mark: {total.percent:.0f}% ({total.grade})."]
    first = fix_first(result)
    if first:
        lines.append("Fix first:")
        lines += [f"{n}. {item.finding.message} ({item.where})" for n, item in enumerate(first, 1)]
    if report:
        lines.append(f"The full report is attached as {report}.")
    return "\n".join(lines)


def moodle_feedback_zip(
    submissions: Mapping[str, Submission], reports: Mapping[str, Path]
) -> bytes:
    """Zip each student's report into their submission's folder, as Moodle's import expects."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file, submission in sorted(submissions.items(), key=lambda item: item[1].folder):
            report = reports.get(file)
            if report is not None and report.is_file():
                bundle.write(report, submission.feedback_path(report.name))
    return out.getvalue()
