"""Marking on a Dask cluster against the local pool, on the same machine, in one run.

    .venv/bin/python -m benchmarks.cluster --essays 1000 --scaling 200

Marks N essays of about 500 words (built from the samples' sentences, as benchmarks/batch.py
does) with the local pool (`--jobs 2`, threads sharing one engine), on a LocalCluster of two worker
processes (`--cluster local:2`, started by the run as a user's would be) and with the local
process pool (`--pool processes`, the cluster's layout without Dask), each in a fresh process;
prints the wall time of each, their ratio and essays per second per worker. Then marks
a smaller set on 1 and on 2 workers, for how throughput grows with workers. A CPU probe before
and after says whether the cores were free.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.batch import _mark_run, build_essays, in_child
from benchmarks.cpu_probe import probe
from grader.running.worker import BatchSettings


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--essays", type=int, default=1000)
    parser.add_argument("--scaling", type=int, default=200, help="essays for 1 and 2 workers")
    parser.add_argument("--rubric", default="general-essay")
    args = parser.parse_args()
    print(probe())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "essays"
        folder.mkdir()
        build_essays(folder, args.essays)
        runs = {
            "local pool (--jobs 2, threads)": BatchSettings(jobs=2, use_cache=False),
            "LocalCluster (--cluster local:2)": BatchSettings(cluster="local:2", use_cache=False),
            # The same layout as the cluster's, one engine per process, without Dask: what
            # part of the difference is Dask's, and what part two engines on two cores.
            "local processes (--jobs 2 --pool processes)": BatchSettings(
                jobs=2, pool="processes", use_cache=False
            ),
        }
        walls = {}
        for label, settings in runs.items():
            out = str(Path(scratch) / label.split()[0])
            marked, peak = in_child(_mark_run, str(folder), args.rubric, out, settings)
            walls[label] = marked["wall"]
            print(
                f"{label}: {marked['wall']:.1f} s for {args.essays} essays, "
                f"{args.essays / marked['wall'] / 2:.2f} essays/s per worker, "
                f"peak memory (PSS, client and workers) {peak / 1e9:.2f} GB, "
                f"exit {marked['exit_code']}"
            )
        local, cluster, processes = walls.values()
        print(
            f"cluster / local pool: {cluster / local:.2f} x; "
            f"cluster / local processes: {cluster / processes:.2f} x"
        )

        small = Path(scratch) / "small"
        small.mkdir()
        build_essays(small, args.scaling, seed=3)
        rates = {}
        for workers in (1, 2):
            settings = BatchSettings(cluster=f"local:{workers}", use_cache=False)
            out = str(Path(scratch) / f"scaling-{workers}")
            marked, _ = in_child(_mark_run, str(small), args.rubric, out, settings)
            rates[workers] = args.scaling / marked["wall"]
            print(
                f"{workers} worker(s): {marked['wall']:.1f} s for {args.scaling} essays, "
                f"{rates[workers]:.2f} essays/s"
            )
        print(f"throughput from 1 to 2 workers: {rates[2] / rates[1]:.2f} x")
    print(probe())


if __name__ == "__main__":
    main()
