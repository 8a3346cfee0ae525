"""`grader setup`: download an optional component."""

from __future__ import annotations

import argparse

from grader.cli.errors import EXIT_OK
from grader.engines import languagetool


def add_setup_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader setup`."""
    setup = commands.add_parser(
        "setup",
        help="download an optional component (needs a network)",
        description="Download LanguageTool (about 250 MB; needs Java 17 or newer) into LTP_PATH "
        "(default ~/.cache/language_tool_python). Marking never downloads anything.",
    )
    setup.add_argument("component", choices=("languagetool",), help="what to download")
    setup.set_defaults(run=run_setup)


def run_setup(args: argparse.Namespace) -> int:
    """Download LanguageTool for the optional languagetool grammar engine."""
    install = languagetool.setup()
    print(f"LanguageTool is installed in {install}; mark with --grammar-engine languagetool")
    return EXIT_OK
