"""Marks back to the learning platform: its own gradebook filled in, and Moodle's feedback zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader.io.files import write_bytes_atomic
from grader.io.platforms import Download, Filled, Mark, Submission
from grader.io.platforms.canvas import fill_gradebook
from grader.io.platforms.classroom import classroom_grades
from grader.io.platforms.moodle import fill_worksheet
from grader.io.platforms.sheet import SheetError, read_sheet
from grader.marking.pipeline import EssayResult
from grader.output.report.priorities import fix_first

FEEDBACK_ZIP = "moodle-feedback.zip"
CLASSROOM_FILE = "classroom-grades.csv"


class ClassOutcome(Protocol):
    """What a marked class gives the platform files (running.batch.BatchOutcome has it)."""

    out_dir: Path
    results: list[tuple[str, EssayResult]]
    reports: dict[str, Path]
    download: Download | None
    submissions: dict[str, Submission]


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


def fill_platform_sheet(
    data: bytes,
    source: str,
    role: str,
    marks: list[Mark],
    points: float | None,
    platform: str | None,
) -> tuple[Filled, str]:
    """Fill a roster or gradebook of the platform it comes from; name the file written.

    `platform` is the download's (moodle, canvas); None tells it by the file's header.
    """
    if role == "roster":
        return classroom_grades(data, source, marks, points or 100.0), CLASSROOM_FILE
    if platform is None:  # a plain folder of essays: tell the platform by the file's header
        header = {cell.value.strip() for cell in read_sheet(data, source).rows[0]}
        platform = "canvas" if "SIS User ID" in header else "moodle"
    if platform == "canvas":
        return fill_gradebook(data, source, marks, points), Path(source).name
    return fill_worksheet(data, source, marks), Path(source).name


@dataclass(frozen=True)
class Written:
    """One file written back for the platform, and what matched in it."""

    said: str  # 'Marks filled into gradebook.csv.'
    details: list[str]  # the rows and essays that found no partner


@dataclass(frozen=True)
class PlatformFiles:
    """The files written back for the platform, and the sheets that could not be filled."""

    written: list[Written]
    problems: list[tuple[Path, str]]  # each sheet not filled, and why: the essays are marked

    def notes(self) -> list[str]:
        """Return every file written and its details, one line each."""
        return [line for w in self.written for line in (w.said, *w.details)]


def write_platform_files(
    outcome: ClassOutcome, sheets: Sequence[tuple[Path, str]] = (), points: float | None = None
) -> PlatformFiles:
    """Write Moodle's feedback zip and each filled sheet beside the reports; say what matched.

    `sheets` are the teacher's exports to fill, each with its role ("gradebook" or "roster").
    A sheet that cannot be filled is named in `problems`: the essays are marked all the same.
    """
    download, written = outcome.download, []
    problems: list[tuple[Path, str]] = []
    if download is not None and download.platform == "moodle":
        zipped = moodle_feedback_zip(outcome.submissions, outcome.reports)
        write_bytes_atomic(outcome.out_dir / FEEDBACK_ZIP, zipped)
        said = f'Feedback for Moodle\'s "Upload multiple feedback files in a zip": {FEEDBACK_ZIP}'
        written.append(Written(said, []))
    marks = platform_marks(outcome.results, outcome.submissions, outcome.reports)
    platform = download.platform if download is not None else None
    for path, role in sheets:
        try:
            filled, name = fill_platform_sheet(
                path.read_bytes(), str(path), role, marks, points, platform
            )
        except (OSError, SheetError) as error:
            problem = getattr(error, "strerror", None) or str(error).removeprefix(f"{path}: ")
            problems.append((path, problem))
            continue
        write_bytes_atomic(outcome.out_dir / name, filled.data)
        details = [filled.note] if filled.note else []
        details += [f"No essay for the {role}'s row {row}." for row in filled.rows_without_essay]
        details += [f"No {role} row for {who}." for who in filled.essays_without_row]
        written.append(Written(f"Marks filled into {name}.", details))
    return PlatformFiles(written, problems)
