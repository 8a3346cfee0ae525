"""Marking on a real Dask LocalCluster: the same results, the cache, a killed worker."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.cli import main
from grader.rubric_loader import load_rubric
from grader.running.batch import mark_paths
from grader.running.worker import BatchSettings
from tests.conftest import SAMPLES
from tests.test_batch import QUICK_RUBRIC, class_folder

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A LocalCluster of two worker processes, as a school's own cluster would be."""
    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    )
    yield local
    local.close()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_the_cluster_gives_the_results_of_the_local_pool(tmp_path: Path, cluster: Any) -> None:
    rubric = load_rubric("history-essay-great-terror")  # with its fact sheet, sent to workers
    local = mark_paths([str(SAMPLES)], rubric, tmp_path / "local", BatchSettings(jobs=2))
    settings = BatchSettings(cluster=cluster.scheduler_address)
    remote = mark_paths([str(SAMPLES)], rubric, tmp_path / "cluster", settings)
    assert local.exit_code == remote.exit_code == 0
    assert files_of(tmp_path / "local") == files_of(tmp_path / "cluster")
    assert len(files_of(tmp_path / "cluster")) == len(list(SAMPLES.glob("*.txt"))) + 3


def test_unchanged_essays_are_not_sent_again(tmp_path: Path, cluster: Any) -> None:
    essays = class_folder(tmp_path / "class", 6)
    (tmp_path / "quick.yaml").write_text(QUICK_RUBRIC, encoding="utf-8")
    rubric = load_rubric(str(tmp_path / "quick.yaml"))
    settings = BatchSettings(cluster=cluster.scheduler_address)
    first = mark_paths([str(essays)], rubric, tmp_path / "out", settings)
    (essays / "student_002.txt").write_text("A new essay.\n\nWith two short paragraphs.")
    again = mark_paths([str(essays)], rubric, tmp_path / "out", settings)
    assert first.cached == 0 and again.cached == 5 and again.exit_code == 0


def test_a_killed_worker_loses_no_essay_and_marks_none_twice(tmp_path: Path, cluster: Any) -> None:
    essays = class_folder(tmp_path / "class", 40)
    rubric = load_rubric("general-essay")  # the grammar engine: essays are still in flight
    with distributed.Client(cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one(done: int, total: int, file: str, status: str) -> None:
        if done == 3 and not killed:  # mid-run: the other essays are queued or in flight
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    settings = BatchSettings(cluster=cluster.scheduler_address, use_cache=False)
    outcome = mark_paths([str(essays)], rubric, tmp_path / "out", settings, on_progress=kill_one)
    assert killed and outcome.exit_code == 0
    marked = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    files = [entry["file"] for entry in marked]
    assert len(files) == len(set(files)) == 40
    assert len(outcome.lost_workers) == 1


def test_an_unreachable_scheduler_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = class_folder(tmp_path / "class", 2)
    started = time.monotonic()
    code = main(["mark", str(essays), "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path)])
    assert code == 2
    assert time.monotonic() - started < 10
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error[0]
