"""Marking on a Dask cluster: one more executor behind `grader mark`, nothing else changes.

Each Dask worker builds the rubric's marking (grammar engine, parser, fact sheet) once, in a
worker plugin, and marks essays that travel as their bytes and file names; the analysed essay
and its rendered report come back, and the client writes every file exactly as a local run
does (batch.mark_paths), so results, cache and overview are the same. Dask retries an essay
whose worker died (a bound of RETRIES), and the run says how many workers were lost. Dask is
imported only here, and only when --cluster is given (`pip install grader[cluster]`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.engines.parser import release_parser
from grader.running.threads import Overrun, run_in_threads
from grader.running.worker import BatchSettings, Done, Marker, Task, done_from

if TYPE_CHECKING:
    from grader.rubric.schema import Rubric

ENVIRONMENT = "GRADER_DASK_SCHEDULER"
CONNECT_TIMEOUT = 8  # seconds: an unreachable scheduler is reported well within ten
RETRIES = 3  # times an essay is sent again after its worker died
PLUGIN = "grader-marking"
PROFILER_CALLBACKS = ("profile", "profile-cycle")


class ClusterError(RuntimeError):
    """The cluster cannot be used: Dask missing, or the scheduler not reached."""


class Cluster:
    """A connection to a scheduler given as tcp://HOST:PORT, or a local cluster of N workers."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ClusterError("--cluster needs Dask: pip install 'grader[cluster]'") from error
        self.local: Any = None
        if address.startswith("local:"):
            workers = _workers(address)
            self.local = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            )
            address = self.local.scheduler_address
        try:
            self.client = Client(  # type: ignore[no-untyped-call]
                address, timeout=CONNECT_TIMEOUT, set_as_default=False
            )
        except (OSError, TimeoutError) as error:
            self.close()
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address} "
                f"(within {CONNECT_TIMEOUT} s): {error}"
            ) from error

    def workers(self) -> set[str]:
        """Name each worker process running now: its address and process id.

        A worker that died and was restarted by its nanny keeps its address, not its process.
        """
        running = self.client.run(os.getpid)
        return {f"{address} (process {pid})" for address, pid in running.items()}

    def close(self) -> None:
        """Disconnect, and stop a local cluster."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.local is not None:
            self.local.close()


def _workers(address: str) -> int:
    """Read N from local:N."""
    count = address.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"{address}: write local:N with N workers, for example local:2")
    return int(count)


def run_on_cluster(
    tasks: Sequence[Task], rubric: Rubric, settings: BatchSettings, lost: list[str]
) -> Iterator[tuple[Task, Done, str | None]]:
    """Mark tasks on the cluster, in order: each with its analysis and rendered report.

    Workers lost on the way are added to `lost` (their essays were marked again elsewhere).
    """
    cluster = Cluster(settings.cluster or "")
    futures: list[Any] = []
    try:
        from distributed.diagnostics.plugin import WorkerPlugin

        class MarkerPlugin(WorkerPlugin):
            """Build a worker's marking once, when it starts."""

            name = PLUGIN

            def setup(self, worker: Any) -> None:
                worker.grader_marker = Marker.start(rubric, settings)
                quiet_profiler(worker)

        cluster.client.register_plugin(MarkerPlugin(), name=PLUGIN)
        at_start = cluster.workers()
        for task in tasks:
            data = _read(task.path)
            futures.append(
                cluster.client.submit(
                    _mark_on_worker,
                    task,
                    data,
                    settings.timeout,
                    key=f"grader-{task.key or task.path}-{len(futures)}",
                    retries=RETRIES,
                    pure=False,
                )
            )
        for task, future in zip(tasks, futures, strict=True):
            yield task, *_collect(task, future, settings)
        gone = at_start - cluster.workers()
        lost.extend(sorted(gone))
    finally:
        if futures:
            cluster.client.cancel([f for f in futures if not f.done()])  # type: ignore[no-untyped-call]
        cluster.close()


def quiet_profiler(worker: Any) -> None:
    """Stop a worker's statistical profiler, which would slow each essay for no one to read.

    Dask samples every thread's stack each 10 ms, holding the GIL; with essays that keep both
    cores busy for ~0.3 s each, that cost 15-19 % of the run on 2 cores (benchmarks/cluster.py:
    1.16-1.19 x the local pool with it, 1.01 x without). Its dashboard view is all it serves.
    """
    for name in PROFILER_CALLBACKS:
        callback = worker.periodic_callbacks.get(name)
        if callback is not None:
            callback.stop()


def _read(path: str) -> bytes | None:
    """Read an essay's bytes on the client; None when it cannot be read (the worker says why)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _collect(task: Task, future: Any, settings: BatchSettings) -> tuple[Done, str | None]:
    """Wait for one essay; a failure on the cluster becomes a reported failure."""
    try:
        done, html = future.result()
    except Exception as error:  # a task that failed even after its retries
        return done_from(task, error, settings.timeout), None
    assert isinstance(done, Done)
    return done, html


def _mark_on_worker(
    task: Task, data: bytes | None, timeout: float | None
) -> tuple[Done, str | None]:
    """Mark one essay on a Dask worker, from its bytes, within the time limit."""
    from distributed import get_worker

    marker: Marker = get_worker().grader_marker  # type: ignore[attr-defined]
    if data is None:
        return Done(task.path, problem="cannot be read"), None
    if timeout is None:  # on the worker's own thread, which keeps its parser
        outcome: Any = _attempt(marker, task, data)
    else:  # a watchdog thread; its parser is handed back to the next essay's
        [(_, outcome)] = list(
            run_in_threads([task], lambda t: marker.rendered(t, data), 1, timeout, release_parser)
        )
    if isinstance(outcome, Overrun):
        return done_from(task, outcome, timeout), None
    if isinstance(outcome, BaseException):
        from grader.io.error_log import traceback_text

        problem = f"could not be marked ({outcome})"
        return Done(task.path, problem=problem, traceback=traceback_text(outcome)), None
    done, html = outcome
    return done, html


def _attempt(marker: Marker, task: Task, data: bytes) -> Any:
    """Mark one essay, returning an exception as its outcome, as run_in_threads does."""
    try:
        return marker.rendered(task, data)
    except Exception as error:
        return error


def scheduler_address(given: str | None) -> str | None:
    """Return the scheduler from --cluster, or from GRADER_DASK_SCHEDULER."""
    return given or os.environ.get(ENVIRONMENT) or None
