"""A two-process CPU probe: are both cores free, or is another job sharing the machine?

The same fixed piece of pure-Python work is timed in one process alone, then in two processes
at once. On two free cores the two run as fast as the one; on a busy machine they take up to
twice as long (or the one alone is already slow against its usual time). Print it beside
every timing, and quote only timings taken with free cores.

    .venv/bin/python -m benchmarks.cpu_probe
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

WORK = 3_000_000  # about 0.2 s of arithmetic on this machine's cores


def _spin(n: int = WORK) -> float:
    """Do a fixed amount of arithmetic; return the seconds it took."""
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i % 7
    return time.perf_counter() - started


def probe() -> str:
    """Time the work alone and twice at once; say whether two cores were free."""
    with ProcessPoolExecutor(2) as pool:
        pool.submit(_spin, 1000).result()  # start the workers first
        alone = pool.submit(_spin).result()
        both = [f.result() for f in [pool.submit(_spin), pool.submit(_spin)]]
    slowest = max(both)
    free = "2 free cores" if slowest < 1.3 * alone else "cores busy: do not quote timings"
    return (
        f"CPU probe: {alone * 1000:.0f} ms alone, {slowest * 1000:.0f} ms with two at once ({free})"
    )


if __name__ == "__main__":
    print(probe())
