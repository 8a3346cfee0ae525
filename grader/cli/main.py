"""The `grader` command line: check one essay, or mark a class; each command is a module here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from grader import __version__
from grader.cli.calibrate import add_calibrate_command
from grader.cli.check import add_check_command
from grader.cli.errors import EXIT_FAILURES, EXIT_OK, Failure
from grader.cli.facts import add_facts_command
from grader.cli.mark import add_mark_command
from grader.cli.review import add_review_command
from grader.cli.rubric import add_rubric_command
from grader.cli.serve import add_serve_command
from grader.cli.setup import add_setup_command
from grader.cli.teachers import add_teachers_command
from grader.engines.grammar import EngineUnavailable


def build_parser() -> argparse.ArgumentParser:
    """Describe every command and option."""
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Score essays against a teacher's rubric and write feedback reports.",
        epilog="Run 'grader COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        add_check_command,
        add_mark_command,
        add_review_command,
        add_rubric_command,
        add_facts_command,
        add_serve_command,
        add_teachers_command,
        add_calibrate_command,
        add_setup_command,
    ):
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except Failure as failure:
        print(f"grader: error: {failure}", file=sys.stderr)
        return failure.code
    except EngineUnavailable as error:
        print(f"grader: error: {error}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print("grader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`grader check ... | head`): that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return code


def entry() -> None:
    """Run the command line as a program, and leave without tearing down what it built.

    Every report is written atomically and closed before a command returns; what is left at
    exit is the grammar engine (~400 MB) and the parser, whose teardown only costs time
    (~0.2 s). So, once the output is flushed, the process ends at once.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away; nothing more to say to it
    os._exit(code)
