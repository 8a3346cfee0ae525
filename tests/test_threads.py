"""The thread pool batch marking runs on: order, errors, and a watchdog for stuck items."""

from __future__ import annotations

import threading
import time

from grader.running.threads import Overrun, run_in_threads


def test_results_come_in_the_order_given_with_errors_in_their_place() -> None:
    def work(n: int) -> int:
        time.sleep(0.01 * (n % 3))  # finish out of order
        if n == 4:
            raise ValueError("four")
        return n * n

    found = list(run_in_threads(list(range(10)), work, threads=3))
    assert [item for item, _ in found] == list(range(10))
    assert [r for _, r in found if not isinstance(r, Exception)] == [
        n * n for n in range(10) if n != 4
    ]
    assert isinstance(found[4][1], ValueError) and str(found[4][1]) == "four"


def test_a_stuck_item_is_abandoned_and_the_rest_go_on_without_waiting_for_it() -> None:
    release = threading.Event()
    finished: list[int] = []
    finishers: list[str] = []

    def work(n: int) -> int:
        if n == 1:
            release.wait(60)  # stuck, as a check that never returns
        finished.append(n)
        return n

    def finish() -> None:
        finishers.append(threading.current_thread().name)

    found = list(run_in_threads(list(range(6)), work, threads=2, timeout=0.3, finish=finish))
    try:
        assert [item for item, _ in found] == list(range(6))
        assert isinstance(found[1][1], Overrun)
        assert [r for _, r in found if not isinstance(r, Overrun)] == [0, 2, 3, 4, 5]
        assert 1 not in finished  # the batch ended while the stuck item was still stuck
        assert len(finishers) == 2  # the thread left and its replacement; not the stuck one
    finally:
        release.set()


def test_a_stuck_item_late_in_the_list_is_caught_while_an_early_one_is_awaited() -> None:
    release = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            time.sleep(0.6)  # slow, within the limit
        if n == 1:
            release.wait(60)
        return n

    try:
        found = dict(run_in_threads([0, 1, 2, 3], work, threads=2, timeout=1.0))
        assert isinstance(found[1], Overrun)
        assert [found[0], found[2], found[3]] == [0, 2, 3]
    finally:
        release.set()
