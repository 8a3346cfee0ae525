"""Tracebacks of essays that could not be analysed, kept in a log that the terminal names.

An analyser that raises must not stop a class being marked, so the batch turns the error into
one line ("could not be analysed (IndexError: ...)"). The traceback goes to `grader-errors.log`:
in the output folder for `grader mark`, in the user's cache folder for `grader check`.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from grader.io.files import cache_folder

LOG_NAME = "grader-errors.log"


def traceback_text(error: BaseException) -> str:
    """Return an error's traceback as Python prints it, with its notes (the analyser's name)."""
    return "".join(traceback.format_exception(error))


def append_failure(log: Path, file: str, problem: str, details: str) -> None:
    """Append one block to the log: when, which essay, what went wrong, and the traceback."""
    log.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().isoformat(timespec="seconds")
    with log.open("a", encoding="utf-8") as out:
        out.write(f"=== {stamp} {file}: {problem}\n{details.rstrip()}\n\n")


def user_log() -> Path:
    """Return the log of commands that write no output folder (`grader check`)."""
    return cache_folder() / LOG_NAME
