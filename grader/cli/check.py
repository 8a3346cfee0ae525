"""`grader check`: mark one essay and show its feedback."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from grader.cli.errors import EXIT_FAILURES, EXIT_OK, Failure
from grader.cli.options import (
    add_engine_options,
    add_max_words_option,
    add_rubric_option,
    emit,
    rubric_named,
    services_from,
)
from grader.engines.grammar import EngineUnavailable
from grader.essay import Essay
from grader.io.error_log import append_failure, traceback_text, user_log
from grader.io.reading import EssayError, load_essay
from grader.io.startup import timings_line
from grader.marking.pipeline import EssayResult, mark_essay
from grader.output import ESSAY_FORMATS
from grader.output.report.render import today
from grader.rubric.schema import Rubric
from grader.services import Services

CHECK_EXAMPLES = """\
examples:
  grader check my_essay.docx
  grader check essay.txt --rubric rubrics/general-essay.yaml --format json
  grader check essay.pdf --format html -o feedback.html
  cat essay.txt | grader check - --student "Sam Lee"
"""


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader check`."""
    check = commands.add_parser(
        "check",
        help="mark one essay and show the feedback",
        description="Mark one essay and show its feedback: a summary, JSON, or an HTML report.",
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "file", metavar="FILE", help="essay file (.txt .md .docx .pdf) or - for stdin"
    )
    add_rubric_option(check)
    check.add_argument(
        "--format",
        choices=tuple(ESSAY_FORMATS),
        default=next(iter(ESSAY_FORMATS)),
        help="; ".join(f"{name}: {form.help}" for name, form in ESSAY_FORMATS.items()),
    )
    check.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        help="write to this file instead (HTML default: reports/<essay>.html)",
    )
    check.add_argument("--student", help="the student's name or id (default: the file name)")
    check.add_argument(
        "--timings",
        action="store_true",
        help="print on stderr where the time went: imports, engine, parser, profiles, syllables",
    )
    add_engine_options(check)
    add_max_words_option(check)
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Mark one essay and print or write its feedback."""
    imported = time.perf_counter()
    rubric = rubric_named(args.rubric)
    try:
        essay = load_essay(args.file, student=args.student, max_words=args.max_words)
    except EssayError as error:
        raise Failure(str(error), EXIT_FAILURES) from error
    result = mark_logged(essay, rubric, services_from(args))
    form = ESSAY_FORMATS[args.format]
    out = args.output or (form.default_file(result) if form.default_file else None)
    emit(form.render(result, today()), out)
    if args.timings:
        print(timings_line(imported), file=sys.stderr)
    return EXIT_OK


def mark_logged(essay: Essay, rubric: Rubric, services: Services) -> EssayResult:
    """Mark one essay; when an analyser fails, log its traceback and say where, in one line."""
    try:
        return mark_essay(essay, rubric, services)
    except EngineUnavailable:
        raise  # a known state with its own message (main prints it)
    except Exception as error:
        log = user_log()
        problem = f"could not be analysed ({type(error).__name__}: {error})"
        append_failure(log, str(essay.source or essay.student), problem, traceback_text(error))
        raise Failure(
            f"{essay.source or essay.student}: {problem}; traceback in {log}", EXIT_FAILURES
        ) from error
