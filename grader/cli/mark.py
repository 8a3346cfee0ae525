"""`grader mark`: mark a class, with its overview, grades and results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.cli.errors import EXIT_USAGE, Failure
from grader.cli.options import (
    add_batch_options,
    add_engine_options,
    add_max_words_option,
    add_rubric_option,
    rubric_named,
)
from grader.cli.platform_files import add_platform_options, say_download, write_platform_files
from grader.running.batch import BatchOutcome, default_jobs, mark_paths
from grader.running.cluster import ClusterError, scheduler_address
from grader.running.progress import progress_display
from grader.running.reviews import ReviewFileError
from grader.running.worker import BatchSettings

SIMILAR_SHOWN = 20  # copied pairs listed in the terminal; the overview lists them all


MARK_EXAMPLES = """\
examples:
  grader mark class_10b/
  grader mark essays/*.docx --rubric my-rubric.yaml --out reports/10b-terror
  grader mark moodle-download.zip --gradebook grades-worksheet.csv
  grader mark canvas-submissions.zip --gradebook canvas-gradebook.csv --points 20
"""


def add_mark_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader mark`."""
    mark = commands.add_parser(
        "mark",
        help="mark every essay in folders and files, with a class overview",
        description="Mark every essay file found in the folders and files given. Writes one "
        "HTML report per essay, index.html (the class overview), grades.csv and results.json.",
        epilog=MARK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mark.add_argument("paths", metavar="PATH", nargs="+", help="essay files or folders of them")
    add_rubric_option(mark)
    mark.add_argument(
        "--out", metavar="DIR", type=Path, help="output folder (default: reports/<rubric name>/)"
    )
    add_batch_options(mark)
    mark.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give up on an essay that takes longer than this, and go on",
    )
    mark.add_argument(
        "--cluster",
        metavar="SCHEDULER",
        help="mark on a Dask cluster: tcp://HOST:8786, or local:N to start N local workers "
        "(default: $GRADER_DASK_SCHEDULER; needs pip install 'grader[cluster]')",
    )
    mark.add_argument(
        "--no-cache",
        action="store_true",
        help="mark every essay again, even those unchanged since the last run",
    )
    add_platform_options(mark)
    add_engine_options(mark)
    add_max_words_option(mark)
    mark.set_defaults(run=run_mark)


def run_mark(args: argparse.Namespace) -> int:
    """Mark a class and report what was written and what failed."""
    given = [*args.paths, *(str(p) for p in (args.gradebook, args.roster) if p is not None)]
    missing = [name for name in given if not Path(name).exists()]
    if missing:
        # A mistyped path is a usage error: say so before marking anything, as for a rubric.
        raise Failure(f"{missing[0]}: no such file or folder", EXIT_USAGE)
    rubric = rubric_named(args.rubric)
    out_dir = args.out or Path("reports") / rubric.name
    settings = BatchSettings(
        jobs=args.jobs or default_jobs(),
        pool=args.pool,
        cluster=scheduler_address(args.cluster),
        timeout=args.timeout,
        max_words=args.max_words,
        use_cache=not args.no_cache,
        grammar_engine=args.grammar_engine,
        languagetool_url=args.languagetool_url,
    )
    try:
        with progress_display(quiet=args.quiet) as progress:
            outcome = mark_paths(args.paths, rubric, out_dir, settings, on_progress=progress)
    except (ClusterError, ReviewFileError) as error:
        raise Failure(str(error), EXIT_USAGE) from error
    say_unmatched(outcome)
    say_download(outcome)
    platform_files_written = write_platform_files(args, outcome)
    if outcome.lost_workers:
        print(
            f"{len(outcome.lost_workers)} cluster worker(s) stopped during the run; their "
            "essays were marked again on the others."
        )
    unchanged = f", {outcome.cached} unchanged since the last run" if outcome.cached else ""
    print(
        f"Marked {len(outcome.results)} essays into {out_dir}/ "
        f"(index.html, grades.csv, results.json){unchanged}"
    )
    if outcome.similar:
        print(f"{len(outcome.similar)} pair(s) of essays are the same or nearly the same:")
        for pair in outcome.similar[:SIMILAR_SHOWN]:
            first, second = outcome.results[pair.first][0], outcome.results[pair.second][0]
            print(f"  {first} and {second}: {pair.similarity:.0%} alike")
        if len(outcome.similar) > SIMILAR_SHOWN:
            more = len(outcome.similar) - SIMILAR_SHOWN
            print(f"  and {more} more pairs: see index.html in {out_dir}/")
    if outcome.failures:
        print(f"{len(outcome.failures)} could not be marked:")
        for file, reason in outcome.failures:
            print(f"  {file}: {reason}")
    if outcome.error_log is not None:
        print(f"The tracebacks of the essays that could not be analysed are in {outcome.error_log}")
    if outcome.interrupted:
        print("Interrupted: the overview covers the essays marked so far.", file=sys.stderr)
    return outcome.exit_code or (0 if platform_files_written else 1)


def say_unmatched(outcome: BatchOutcome) -> None:
    """List what of the teacher's review no longer applies: kept in review.json, never dropped."""
    for student, unmatched in sorted(outcome.unmatched.items()):
        for change in unmatched.levels:
            print(
                f"review: {student}: level {change.level!r} for {change.criterion!r} no longer "
                "applies (the rubric changed); kept in review.json",
                file=sys.stderr,
            )
        for finding in unmatched.dismissed:
            print(
                f"review: {student}: dismissed finding {finding} is no longer found (the essay "
                "changed); kept in review.json (grader review --undo to forget it)",
                file=sys.stderr,
            )
