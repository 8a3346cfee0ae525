"""`grader mark`'s way back to the learning platform: --gradebook, --points, --roster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.io.files import write_bytes_atomic
from grader.io.platforms.sheet import SheetError
from grader.output.platforms import (
    CLASSROOM_FILE,
    FEEDBACK_ZIP,
    fill_platform_sheet,
    moodle_feedback_zip,
    platform_marks,
)
from grader.running.batch import BatchOutcome


def add_platform_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that write the marks back in the platform's own files."""
    parser.add_argument(
        "--gradebook",
        metavar="CSV",
        type=Path,
        help="the grading worksheet (Moodle) or gradebook (Canvas) exported from the platform: "
        "written again into the output folder with the marks filled in",
    )
    parser.add_argument(
        "--points",
        type=float,
        metavar="N",
        help="what the assignment is marked out of on the platform (Canvas, Classroom; default: "
        "the gradebook's Points Possible, else 100 for Classroom)",
    )
    parser.add_argument(
        "--roster",
        metavar="CSV",
        type=Path,
        help=f"a Google Classroom roster with emails: writes {CLASSROOM_FILE} for its grade import",
    )


def say_download(outcome: BatchOutcome) -> None:
    """Say which platform's download was recognised, and the files not marked beside essays."""
    download = outcome.download
    if download is None:
        return
    print(f"Recognised a {download.scheme}: {len(download.submissions)} students")
    for submission in download.submissions:
        if submission.others:
            listed = ", ".join(p.name for p in submission.others)
            print(
                f"  {submission.student}: marked {submission.essay.name}; also handed in {listed}"
            )


def write_platform_files(args: argparse.Namespace, outcome: BatchOutcome) -> bool:
    """Write the filled gradebook, Classroom's grades and Moodle's feedback zip; False on error."""
    marks = platform_marks(outcome.results, outcome.submissions, outcome.reports)
    download = outcome.download
    if download is not None and download.platform == "moodle":
        write_bytes_atomic(
            outcome.out_dir / FEEDBACK_ZIP,
            moodle_feedback_zip(outcome.submissions, outcome.reports),
        )
        print(f'Feedback for Moodle\'s "Upload multiple feedback files in a zip": {FEEDBACK_ZIP}')
    fine = True
    jobs = [(args.gradebook, "gradebook"), (args.roster, "roster")]
    for path, role in jobs:
        if path is None:
            continue
        try:
            data = path.read_bytes()
            filled, name = fill_platform_sheet(
                data, str(path), role, marks, args.points, getattr(download, "platform", None)
            )
        except (OSError, SheetError) as error:
            problem = getattr(error, "strerror", None) or str(error).removeprefix(f"{path}: ")
            print(f"grader: {path}: {problem}; the essays were marked", file=sys.stderr)
            fine = False
            continue
        write_bytes_atomic(outcome.out_dir / name, filled.data)
        print(f"Marks filled into {outcome.out_dir / name}")
        if filled.note:
            print(f"  {filled.note}")
        for row in filled.rows_without_essay:
            print(f"  no essay for {role} row: {row}")
        for student in filled.essays_without_row:
            print(f"  no {role} row for essay: {student}")
    return fine
