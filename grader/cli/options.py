"""Options and helpers the commands share: the rubric, the engines, jobs, output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.cli.errors import EXIT_USAGE, Failure
from grader.engines import languagetool
from grader.io.files import write_atomic
from grader.io.reading import MAX_WORDS
from grader.rubric.schema import DEFAULT_RUBRIC, Rubric, RubricError
from grader.rubric_loader import load_rubric
from grader.running.worker import POOLS
from grader.services import Services


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add the grammar engine options shared by the marking commands."""
    parser.add_argument(
        "--grammar-engine",
        choices=("auto", "lingotweaker", "languagetool"),
        help="grammar engine for mechanics (default: the rubric's, else auto: LanguageTool "
        "when a server URL or an install is set up, else the built-in LingoTweaker)",
    )
    parser.add_argument(
        "--languagetool-url",
        metavar="URL",
        help=f"a LanguageTool server, e.g. http://localhost:8081 (or {languagetool.URL_VARIABLE})",
    )


def add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Add the --rubric option shared by the marking commands."""
    parser.add_argument(
        "--rubric",
        metavar="RUBRIC",
        help=f"rubric file or built-in rubric name (default: {DEFAULT_RUBRIC})",
    )


def add_max_words_option(parser: argparse.ArgumentParser) -> None:
    """Add --max-words: the longest text marked as one essay."""
    parser.add_argument(
        "--max-words",
        type=positive_int,
        default=MAX_WORDS,
        metavar="N",
        help=f"refuse a text longer than N words, a paste of a book (default: {MAX_WORDS:,})",
    )


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of commands that analyse many essays: --quiet and --jobs."""
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        metavar="N",
        help="essays analysed at once (default: every core)",
    )
    parser.add_argument(
        "--pool",
        choices=POOLS,
        default="threads",
        help="run the jobs as threads sharing one grammar engine (default; a third of the "
        "memory) or as processes with one engine each",
    )


def services_from(args: argparse.Namespace) -> Services:
    """Create the services one run shares, with the engine chosen on the command line."""
    return Services(grammar_engine=args.grammar_engine, languagetool_url=args.languagetool_url)


def positive_int(text: str) -> int:
    """Read a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def rubric_named(name: str | None) -> Rubric:
    """Load the rubric or stop before anything is marked."""
    try:
        return load_rubric(name)
    except RubricError as error:
        raise Failure(str(error), EXIT_USAGE) from error


def emit(text: str, output: Path | None) -> None:
    """Print text, or write it to a file atomically."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        print(output)
