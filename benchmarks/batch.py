"""Batch marking speed: N essays of about 500 words, against the grammar engine's own time.

    .venv/bin/python benchmarks/batch.py --essays 1000 --jobs 2

Builds the essays from the sentences of samples/ (shuffled with a fixed seed, so no outside
data is needed), marks them with `grader mark`'s own machinery, and prints essays per second,
the time of each stage, peak memory of the whole process tree, the time of the grammar
engine alone on the same texts with the same number of processes (the floor), a re-run with
one essay changed, and a folder with 5 broken files among 100 essays.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.cpu_probe import probe
from grader.engines.grammar import EngineOptions
from grader.engines.lingotweaker import LingoTweakerEngine
from grader.rubric_loader import load_rubric
from grader.running.batch import mark_paths
from grader.running.worker import POOLS, BatchSettings, Pool
from grader.services import Services

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SENTENCE = re.compile(r"[^.!?]+[.!?]")
T = TypeVar("T")


def build_essays(folder: Path, count: int, words: int = 500, seed: int = 1) -> list[str]:
    """Write `count` essays of about `words` words, each a fresh draw of the samples' sentences."""
    sentences = [
        s.strip()
        for path in sorted(SAMPLES.glob("*.txt"))
        for s in SENTENCE.findall(path.read_text(encoding="utf-8"))
        if len(s.split()) > 3
    ]
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        chosen: list[str] = []
        while sum(len(s.split()) for s in chosen) < words:
            chosen.append(rng.choice(sentences))
        paragraphs = [" ".join(chosen[k : k + 5]) for k in range(0, len(chosen), 5)]
        text = "\n\n".join(paragraphs) + "\n"
        (folder / f"student_{i:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def tree_memory(root: int | None = None) -> int:
    """Memory of a process (this one by default) and its descendants, in bytes: their PSS.

    PSS (proportional set size) shares each page among the processes that map it, so pages
    a forked worker shares with its parent are counted once, not once per process as RSS is.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
        except (OSError, IndexError, ValueError):
            continue
    family = {root or os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    for pid in family:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            pss = next(line for line in rollup.splitlines() if line.startswith("Pss:"))
            rss[pid] = int(pss.split()[1]) * 1024
        except (OSError, StopIteration, ValueError):
            continue
    return sum(rss.values())


@contextmanager
def peak_memory(root: int | None = None) -> Iterator[list[int]]:
    """Sample a process tree's memory twice a second; yield a list holding the peak."""
    peak = [tree_memory(root)]
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], tree_memory(root))

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def in_child(action: Callable[..., T], *args: Any) -> tuple[T, int]:
    """Run an action in a fresh process (nothing built before); return its result and peak PSS.

    A fresh interpreter for each measurement keeps engines built by one out of the next,
    and its memory is that of the process tree a user's own run would have.
    """
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        child = pool.submit(os.getpid).result()
        with peak_memory(child) as peak:
            result = pool.submit(action, *args).result()
    return result, peak[0]


def _mark_run(folder: str, rubric: str, out: str, settings: BatchSettings) -> dict[str, Any]:
    """Mark a folder as `grader mark` does; return the wall time and what the outcome says."""
    loaded = load_rubric(rubric)
    outcome, wall = timed(lambda: mark_paths([folder], loaded, Path(out), settings))
    return {
        "wall": wall,
        "exit_code": outcome.exit_code,
        "timings": dict(outcome.timings),
        "cached": outcome.cached,
        "failures": outcome.failures,
    }


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run an action and return its result and wall time."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


_engine: Any = None


def _engine_worker(options: EngineOptions, layered: bool = False) -> None:
    """Build one grammar engine per worker process, as grader's workers do."""
    global _engine
    _engine = (
        Services().grammar(options, "lingotweaker") if layered else LingoTweakerEngine(options)
    )


def _check(text: str) -> int:
    """Check one text with the worker's engine."""
    return len(_engine.check(text))


def engine_alone(
    texts: list[str],
    jobs: int,
    options: EngineOptions,
    layered: bool = False,
    pool: Pool = "threads",
) -> float:
    """Time the grammar engine alone on the texts, with the same threads or processes as grader.

    `layered` times the whole grammar engine the mechanics criterion uses: LingoTweaker with
    the rules over the spaCy parse and Harper's kinds (grader/engines/layered.py).
    """
    started = time.perf_counter()
    if pool == "processes":
        with ProcessPoolExecutor(
            jobs, initializer=_engine_worker, initargs=(options, layered)
        ) as processes:
            list(processes.map(_check, texts, chunksize=4))
    else:
        _engine_worker(options, layered)  # one engine, shared by the threads, as grader does
        with ThreadPoolExecutor(jobs) as threads:
            list(threads.map(_check, texts))
    return time.perf_counter() - started


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--essays", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rubric", default="general-essay")
    parser.add_argument("--pool", choices=POOLS, default="threads")
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    mechanics = next(c for c in rubric.criteria if c.kind_name == "mechanics")
    from grader.analysers.mechanics import engine_options

    options = engine_options(rubric.language, getattr(mechanics, "enabled_rules", ()))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "essays"
        folder.mkdir()
        texts = build_essays(folder, args.essays)
        words = sum(len(t.split()) for t in texts) / len(texts)
        print(
            f"{args.essays} essays, {words:.0f} words on average, --jobs {args.jobs} "
            f"--pool {args.pool}, rubric {rubric.name}"
        )

        print(probe())
        floor, _ = in_child(engine_alone, texts, args.jobs, options, False, args.pool)
        print(f"LingoTweaker alone (build + check, {args.jobs} {args.pool}): {floor:.1f} s")
        layers, _ = in_child(engine_alone, texts, args.jobs, options, True, args.pool)
        print(
            f"the grammar engine with its layers (spaCy parse, rules, Harper; {args.jobs} "
            f"{args.pool}): {layers:.1f} s"
        )

        out = Path(scratch) / "reports"
        settings = BatchSettings(jobs=args.jobs, pool=args.pool)
        marked, peak = in_child(_mark_run, str(folder), args.rubric, str(out), settings)
        wall = marked["wall"]
        print(
            f"grader mark: {wall:.1f} s wall, {args.essays / wall:.1f} essays/s, "
            f"{wall / floor:.2f} x LingoTweaker alone, {wall / layers:.2f} x the grammar engine "
            f"with its layers, peak memory (PSS) {peak / 1e9:.2f} GB, "
            f"exit code {marked['exit_code']}"
        )
        cpu = sum(marked["timings"].values())
        print("time per stage (summed over jobs, share of the total):")
        for stage, seconds in sorted(marked["timings"].items(), key=lambda kv: -kv[1]):
            print(
                f"  {stage:<24} {seconds:8.1f} s  {100 * seconds / cpu:5.1f}%  "
                f"{1000 * seconds / args.essays:6.1f} ms/essay"
            )

        cached, _ = in_child(_mark_run, str(folder), args.rubric, str(out), settings)
        unchanged = cached["wall"]
        print(
            f"re-run with every essay cached: {unchanged:.1f} s ({100 * unchanged / wall:.1f}% "
            f"of the first run), {cached['cached']} reused"
        )
        changed = folder / "student_0007.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence here.\n")
        rerun, _ = in_child(_mark_run, str(folder), args.rubric, str(out), settings)
        again = rerun["wall"]
        print(
            f"re-run with one essay changed: {again:.1f} s ({100 * again / wall:.1f}% of the "
            f"first run, a fresh process building its engine), {rerun['cached']} reused"
        )

        broken = Path(scratch) / "broken"
        broken.mkdir()
        for text in texts[:95]:
            (broken / f"ok_{len(list(broken.iterdir())):03d}.txt").write_text(text)
        (broken / "empty.txt").write_text("")
        (broken / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
        (broken / "damaged.docx").write_bytes(b"PK\x03\x04 not a zip")
        (broken / "scan.pdf").write_bytes(b"%PDF-1.4 nothing")
        (broken / "latin.txt").write_bytes(b"Stalin \x81\x8d purged " * 5)
        result = mark_paths([str(broken)], rubric, Path(scratch) / "broken-out", settings)
        reports = len(list((Path(scratch) / "broken-out").glob("ok_*.html")))
        print(
            f"100 files, 5 broken: exit code {result.exit_code}, {reports} reports, "
            f"{len(result.failures)} listed:"
        )
        for file, reason in result.failures:
            print(f"  {Path(file).name}: {reason}")
    print(probe())


if __name__ == "__main__":
    main()
