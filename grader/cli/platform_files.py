"""`grader mark`'s way back to the learning platform: --gradebook, --points, --roster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.output.platforms import CLASSROOM_FILE
from grader.output.platforms import write_platform_files as write_files
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
    sheets = [(p, role) for p, role in ((args.gradebook, "gradebook"), (args.roster, "roster"))]
    written = write_files(outcome, [(p, role) for p, role in sheets if p is not None], args.points)
    for file in written.written:
        print(file.said)
        for detail in file.details:
            print(f"  {detail}")
    for path, problem in written.problems:
        print(f"grader: {path}: {problem}; the essays were marked", file=sys.stderr)
    return not written.problems
