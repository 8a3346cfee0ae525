"""`grader calibrate`: fit a rubric to a teacher's own marks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure
from grader.cli.options import (
    add_batch_options,
    add_engine_options,
    add_rubric_option,
    rubric_named,
)
from grader.rubric.files import builtin_rubrics
from grader.running.batch import default_jobs
from grader.running.progress import progress_display
from grader.running.worker import BatchSettings

if TYPE_CHECKING:  # scikit-learn and SciPy load with calibration, only when it runs
    from grader.calibration.marks import MarkedEssays
    from grader.calibration.model import Calibration
    from grader.rubric.schema import Rubric

MIN_CALIBRATION_ESSAYS = 10


CALIBRATE_EXAMPLES = """\
examples:
  grader calibrate class_10b/ --marks marks.csv --rubric general-essay -o 10b-calibrated.yaml
  grader mark class_10c/ --rubric 10b-calibrated.yaml

marks.csv looks like this (a column per criterion you also marked on its own is optional;
leave a cell empty where you did not mark it):
  student,total,mechanics
  amy_jones,9,3
  ben_smith,7,
"""


def add_calibrate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader calibrate`."""
    calibrate = commands.add_parser(
        "calibrate",
        help="fit a rubric to your own marks on 25-50 essays",
        description="Learn your marking from essays you have marked: fits the rubric's level "
        "bounds and weights (and adds length or vocabulary where they match your marks), "
        "writes a rubric that extends yours, and says how well it agrees with you.",
        epilog=CALIBRATE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    calibrate.add_argument(
        "essays", metavar="ESSAYS", nargs="+", help="the marked essay files or folders"
    )
    calibrate.add_argument(
        "--marks",
        required=True,
        type=Path,
        metavar="CSV",
        help="marks.csv: a student column (file name without extension), a total column, and "
        "optionally a column per criterion id",
    )
    add_rubric_option(calibrate)
    calibrate.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="RUBRIC",
        help="the calibrated rubric to write",
    )
    add_batch_options(calibrate)
    add_engine_options(calibrate)
    calibrate.set_defaults(run=run_calibrate)


def run_calibrate(args: argparse.Namespace) -> int:
    """Fit a rubric to a teacher's marks and write it, with its agreement."""
    # Deferred: scikit-learn and SciPy are only needed here, not to mark a class.
    from grader.calibration.marks import MarksError, measure_marked, read_marks
    from grader.calibration.rubric_file import (
        TooFewMarks,
        calibrate,
        write_calibrated,
    )

    rubric = rubric_named(args.rubric)
    try:
        marks = read_marks(args.marks)
    except MarksError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    settings = BatchSettings(
        jobs=args.jobs or default_jobs(),
        pool=args.pool,
        grammar_engine=args.grammar_engine,
        languagetool_url=args.languagetool_url,
    )
    with progress_display(quiet=args.quiet, action="Measuring") as progress:
        found = measure_marked(args.essays, marks, rubric, settings, on_progress=progress)
    for problem in found.problems:
        print(f"note: {problem}", file=sys.stderr)
    try:
        model = calibrate(
            rubric,
            found.measures,
            found.marks,
            minimum=MIN_CALIBRATION_ESSAYS,
            texts=found.texts,
            students=found.students,
            criterion_marks=found.criterion_marks,
        )
    except TooFewMarks as error:
        raise Failure(
            f"{args.marks}: only {error.found} marked essays found; calibration "
            f"needs at least {error.minimum} (25 to 50 is better)",
            EXIT_USAGE,
        ) from None
    out = args.output
    parent = (
        rubric.name
        if rubric.name in builtin_rubrics() and Path(rubric.path) == builtin_rubrics()[rubric.name]
        else os.path.relpath(rubric.path, out.resolve().parent)
    )
    write_calibrated(model, rubric, out, parent, source=args.marks.name)
    _say_what_was_learned(model, rubric_named(str(out)), found, args.marks, out)
    print(f"wrote {out}")
    return EXIT_OK


def _say_what_was_learned(
    model: Calibration, calibrated: Rubric, found: MarkedEssays, marks_file: Path, out: Path
) -> None:
    """Print the agreement, each criterion's weight and measure, and what else was learned."""
    from grader.calibration.rubric_file import learned_beside

    agreement = f"{model.cv_qwk:.2f}" if model.cv_qwk is not None else "not measured"
    print(
        f"Calibrated on {model.essays} essays: agreement with your marks (QWK, "
        f"cross-validated) {agreement}."
    )
    by_teacher = {c.feature.criterion_id: c for c in model.criteria if c.by_teacher}
    for criterion in calibrated.criteria:
        line = f"  {criterion.name}: weight {criterion.weight:g}, by {criterion.level_measure}"
        if criterion.id in by_teacher:
            qwk = model.criterion_qwk.get(criterion.id)
            line += "; levels give your marks for it" + (
                f" (agreement {qwk:.2f})" if qwk is not None else ""
            )
            if by_teacher[criterion.id].minor:
                line += "; it adds little to the totals, so its weight is small"
        print(line)
    for criterion_id in found.criterion_marks:
        if criterion_id not in by_teacher:
            print(
                f"note: {marks_file}: {criterion_id} is not set by your marks for it (fewer "
                f"than 5, its measure does not follow them, or it adds nothing to the total)",
                file=sys.stderr,
            )
    if model.terms:
        print(f"  key terms learned from your marks: {len(model.terms)} (listed in the rubric)")
    if model.learned is not None:
        print(f"  what moves the calibrated mark: {model.learned.in_words()}")
        print(f"wrote {learned_beside(out)} (what was learned from your marked essays)")
