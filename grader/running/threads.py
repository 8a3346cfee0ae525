"""Run work on threads that share one process's engines, in order, with a per-item time limit.

The grammar engine releases the GIL while it checks and is safe to share, so threads in one
process mark as fast as processes with one engine each, in a third of the memory. A thread
cannot be killed: an item over its time limit is reported at once and its thread abandoned (it
ends when its step ends, and a daemon never holds up the exit); a fresh thread takes its place,
so a stuck essay never stalls the batch. Every thread parses with its own spaCy pipeline, so no
lock a stuck thread holds is one the others wait for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
# How long a stopped run waits for the essays in progress to finish writing.
FINISH_WRITING = 30.0


class Overrun(Exception):
    """An item that took longer than the time limit, abandoned."""


@dataclass
class _State(Generic[R]):
    """What the threads and the collector share, guarded by one condition."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    next_index: int = 0
    started: dict[int, float] = field(default_factory=dict)
    owner: dict[int, threading.Thread] = field(default_factory=dict)
    results: dict[int, R | BaseException] = field(default_factory=dict)
    abandoned: set[int] = field(default_factory=set)
    stopping: bool = False
    running: set[threading.Thread] = field(default_factory=set)


def run_in_threads(
    items: Sequence[T],
    work: Callable[[T], R],
    threads: int,
    timeout: float | None = None,
    finish: Callable[[], None] = lambda: None,
) -> Iterator[tuple[T, R | BaseException]]:
    """Yield each item with its result (or the exception it raised, or Overrun), in order.

    `finish` runs on each thread that ends with its work done (not on an abandoned one): it
    hands the thread's resources, such as its parser, to the threads that come after.
    """
    state: _State[R] = _State()

    def serve() -> None:
        me = threading.current_thread()
        while True:
            with state.cond:
                if state.stopping or state.next_index >= len(items):
                    state.running.discard(me)
                    state.cond.notify_all()
                    break
                index = state.next_index
                state.next_index += 1
                state.started[index] = time.monotonic()
                state.owner[index] = me
            try:
                outcome: R | BaseException = work(items[index])
            except Exception as error:  # reported with its item; the others go on
                outcome = error
            with state.cond:
                if index in state.abandoned:  # replaced already: this thread's part is over
                    return
                state.results[index] = outcome
                del state.owner[index]
                state.cond.notify_all()
        finish()

    def start_thread() -> None:
        thread = threading.Thread(target=serve, name="marking", daemon=True)
        state.running.add(thread)
        thread.start()

    with state.cond:
        for _ in range(min(max(1, threads), len(items))):
            start_thread()
    try:
        for index, item in enumerate(items):
            yield item, _wait_for(index, state, timeout, start_thread)
    finally:
        with state.cond:
            state.stopping = True  # Ctrl-C or a caller that stopped early: start nothing new
            busy = [t for t in state.running if t.is_alive()]
        deadline = time.monotonic() + FINISH_WRITING
        for thread in busy:  # let essays in progress finish writing, never half a file
            thread.join(max(0.0, deadline - time.monotonic()))


def _wait_for(
    index: int, state: _State[Any], timeout: float | None, start_thread: Callable[[], None]
) -> Any:
    """Wait for one item's result, abandoning any item that overruns meanwhile."""
    with state.cond:
        while index not in state.results:
            if timeout is None:
                state.cond.wait()
                continue
            now = time.monotonic()
            overdue = [
                i
                for i, began in state.started.items()
                if i not in state.results and now - began > timeout
            ]
            for i in overdue:
                state.abandoned.add(i)
                state.running.discard(state.owner.pop(i))  # no one waits for it at the end
                state.results[i] = Overrun(f"took longer than {timeout:g} s")
                start_thread()  # the watchdog's replacement for the abandoned thread
            if index in state.results:
                break
            running = [began for i, began in state.started.items() if i not in state.results]
            wake = min(running, default=now) + timeout - now
            state.cond.wait(max(0.05, min(wake, 1.0)))
        del state.started[index]
        return state.results.pop(index)
