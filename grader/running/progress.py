"""Progress while a class is marked: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Report = Callable[[int, int, str, str], None]  # done, total, file, status


@contextmanager
def progress_display(quiet: bool = False, action: str = "Marking") -> Iterator[Report]:
    """Yield a progress callback: rich's bar on a terminal, a line per essay in a log."""
    if quiet:
        yield _failures_only
        return
    if not sys.stderr.isatty():
        yield _plain_line
        return
    from rich.console import Console  # only for a bar: `grader check` never imports it
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (
        TextColumn(action),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("marking", total=None, rate="")

        def report(done: int, total: int, file: str, status: str) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:.1f} essays/s" if speed else ""
            bar.update(task, completed=done, total=total, rate=rate)
            if status.startswith("failed"):
                console.print(f"{file}: {status}")

        yield report


def _plain_line(done: int, total: int, file: str, status: str) -> None:
    """Print one line per essay, for logs and pipes."""
    print(f"[{done}/{total}] {file}: {status}", file=sys.stderr, flush=True)


def _failures_only(done: int, total: int, file: str, status: str) -> None:
    """Print only the essays that failed."""
    if status.startswith("failed"):
        print(f"{file}: {status}", file=sys.stderr, flush=True)
