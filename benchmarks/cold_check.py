"""A student's first check: cold `grader check` of one essay against the engine's own start-up.

    .venv/bin/python -m benchmarks.cold_check --runs 5

Runs, alternately so that a busy spell hits all alike, and in fresh processes each time:
`grader check` of the seed essay (the installed entry point, text output); a process that only
builds LingoTweaker and checks the same text; and one that builds the whole grammar engine the
mechanics criterion uses (LingoTweaker with the spaCy parse rules and Harper) and checks it.
Prints the median of each, their ratios, and a CPU probe before and after.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.cpu_probe import probe

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed_great_terror.txt"
RUBRIC = "history-essay-great-terror"
ENGINE_ONLY = """
import sys
from grader.analysers.mechanics import engine_options
from grader.engines.lingotweaker import LingoTweakerEngine
from grader.rubric_loader import load_rubric
rubric = load_rubric(sys.argv[1])
mechanics = next(c for c in rubric.criteria if c.kind_name == "mechanics")
options = engine_options(rubric.language, getattr(mechanics, "enabled_rules", ()))
text = open(sys.argv[2], encoding="utf-8").read()
{build}
engine.check(text)
sys.stdout.flush()
import os; os._exit(0)
"""
BUILDS = {
    "LingoTweaker alone": "engine = LingoTweakerEngine(options)",
    "the grammar engine with its layers": (
        "from grader.services import Services\nengine = Services().grammar(options, 'lingotweaker')"
    ),
}


def run(command: list[str]) -> float:
    """Run a command to the end and return its wall time."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    """Time each command alternately and print the medians."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    grader = Path(sys.executable).with_name("grader")
    commands = {
        "grader check": [str(grader), "check", str(SEED), "--rubric", RUBRIC],
        **{
            label: [sys.executable, "-c", ENGINE_ONLY.format(build=build), RUBRIC, str(SEED)]
            for label, build in BUILDS.items()
        },
    }
    print(probe())
    for command in commands.values():
        run(command)  # warm the disk cache once, untimed
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, command in commands.items():
            times[label].append(run(command))
    medians = {label: statistics.median(found) for label, found in times.items()}
    for label, found in times.items():
        runs = ", ".join(f"{t:.2f}" for t in found)
        print(f"{label}: median {medians[label]:.2f} s ({runs})")
    check = medians["grader check"]
    for label in BUILDS:
        print(f"grader check / {label}: {check / medians[label]:.2f} x")
    print(probe())


if __name__ == "__main__":
    main()
