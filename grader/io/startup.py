"""Where a command's start-up goes: the slow services apart, for `grader check --timings`.

A student's first check pays for the grammar engine, the spaCy pipeline, the language
detector's profiles and the syllable table; each is timed where it is built.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

STARTED = time.perf_counter()  # when grader was first imported
ENGINE = "grammar engine build"
SPACY = "spaCy load"
PROFILES = "language detector's profiles"
SYLLABLES = "syllable table"
HARPER = "Harper linter"
# Locked: a service is built on whichever thread first needs it.
_lock = threading.Lock()
_spent: dict[str, float] = {}


@contextmanager
def timed(part: str) -> Iterator[None]:
    """Add the time the block takes to one part of the start-up."""
    started = time.perf_counter()
    try:
        yield
    finally:
        with _lock:
            _spent[part] = _spent.get(part, 0.0) + time.perf_counter() - started


def timings_line(imports_done: float) -> str:
    """Say how long the imports, each service and the rest of the command took."""
    now = time.perf_counter()
    with _lock:
        spent = dict(_spent)
    parts = {"imports": imports_done - STARTED, **spent}
    parts["everything else"] = (now - STARTED) - sum(parts.values())
    listed = ", ".join(f"{name} {seconds:.2f}" for name, seconds in parts.items())
    return f"timings (s): {listed}; total {now - STARTED:.2f} since grader was imported"
