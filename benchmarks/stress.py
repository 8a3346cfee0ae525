"""Identical under load: mark the same 200 ASAP essays many times beside a CPU hog.

    .venv/bin/python -m benchmarks.stress --runs 20

Issue 41's race (one Snowball stemmer shared by the marking threads) only showed on a loaded
machine: an essay failed in some runs, and a wrong stem could change marks in silence. This
writes 50 ASAP prompt-6 essays with their marks and 200 others into a folder outside the
project, calibrates the general rubric on the 50 (`grader calibrate`, which adds key terms),
then runs `grader mark --jobs 2 --no-cache` over the 200 again and again while busy-loop
processes hold the cores. It checks that every results.json is byte-identical to the first and
that no essay failed, and prints the CPU probe before and after (the hogs are stopped then).
`--code` marks with another checkout (a copy of an earlier commit, to see the race there).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.asap import load_prompt, split
from benchmarks.cpu_probe import probe

ROOT = Path(__file__).resolve().parent.parent
PROMPT = 6
CALIBRATION_ESSAYS = 50
HOG = "while True: pass"


def write_essays(folder: Path, count: int) -> None:
    """Write 50 marked essays of prompt 6 with marks.csv, and `count` others to be marked."""
    pool, test = split(load_prompt(PROMPT))
    marked, others = pool[:CALIBRATION_ESSAYS], [*pool[CALIBRATION_ESSAYS:], *test][:count]
    for name, essays in (("marked", marked), ("class", others)):
        (folder / name).mkdir(parents=True)
        for essay in essays:
            text = essay.text
            (folder / name / f"asap_{essay.essay_id}.txt").write_text(text, encoding="utf-8")
    with (folder / "marks.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student", "total"])
        writer.writerows([f"asap_{e.essay_id}", f"{e.score:g}"] for e in marked)


def grader(code: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a grader command with the code at `code`."""
    return subprocess.run(
        [sys.executable, "-m", "grader", *arguments],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
        check=False,
        capture_output=True,
        text=True,
    )


def failed_lines(completed: subprocess.CompletedProcess[str]) -> list[str]:
    """Return the lines of a run's output that tell of an essay that failed."""
    output = completed.stdout + completed.stderr
    return [line for line in output.splitlines() if ": failed: " in line]


def main() -> None:
    """Calibrate once, mark many times beside the hogs, and compare the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--essays", type=int, default=200)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--hogs", type=int, default=1, help="busy-loop processes beside")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout that marks")
    args = parser.parse_args()
    print(probe(), flush=True)
    with tempfile.TemporaryDirectory(prefix="grader-stress-") as scratch:
        folder = Path(scratch)
        write_essays(folder, args.essays)
        rubric = folder / "calibrated.yaml"
        calibrated = grader(
            args.code,
            *("calibrate", str(folder / "marked"), "--marks", str(folder / "marks.csv")),
            *("--rubric", "general-essay", "-o", str(rubric), "-q"),
        )
        if not rubric.is_file():
            sys.exit(f"calibration failed:\n{calibrated.stdout}{calibrated.stderr}")
        hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(args.hogs)]
        digests: list[str] = []
        failures = 0
        try:
            for run in range(1, args.runs + 1):
                out = folder / f"run_{run}"
                started = time.perf_counter()
                completed = grader(
                    args.code,
                    *("mark", str(folder / "class"), "--rubric", str(rubric)),
                    *("--jobs", args.jobs, "--no-cache", "-q", "--out", str(out)),
                )
                seconds = time.perf_counter() - started
                results = out / "results.json"
                written = results.read_bytes() if results.is_file() else b""
                digest = hashlib.sha256(written).hexdigest() if written else ""
                digests.append(digest)
                failed = failed_lines(completed)
                failures += len(failed) or (completed.returncode != 0)
                same = "same as run 1" if digest == digests[0] else "DIFFERS from run 1"
                print(
                    f"run {run}: {seconds:.1f} s, exit {completed.returncode}, "
                    f"{len(failed)} failed, results.json {digest[:12]} ({same})",
                    flush=True,
                )
                for line in failed[:5]:
                    print(f"  {line}", flush=True)
        finally:
            for hog in hogs:
                hog.terminate()
                hog.wait()
    distinct = len(set(digests))
    print(
        f"{args.runs} runs beside {args.hogs} CPU hog(s): {distinct} distinct results.json, "
        f"{failures} failure(s)"
    )
    print(probe(), flush=True)
    sys.exit(0 if distinct == 1 and failures == 0 and "" not in digests else 1)


if __name__ == "__main__":
    main()
