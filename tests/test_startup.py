"""`grader check --timings`: the slow parts of a cold start, each timed apart."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, SAMPLES


def test_a_cold_check_says_how_long_each_service_took_to_build() -> None:
    essay = SAMPLES / "seed_great_terror.txt"
    completed = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(essay), "--timings"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    [line] = [s for s in completed.stderr.splitlines() if s.startswith("timings (s):")]
    listed = line.removeprefix("timings (s): ").split(";")[0].split(", ")
    parts = dict(part.rsplit(" ", 1) for part in listed)
    for part in (
        "imports",
        "language detector's profiles",
        "spaCy load",
        "syllable table",
        "grammar engine build",
    ):
        assert float(parts[part]) >= 0.0, line
    assert float(parts["grammar engine build"]) > 0.1  # built here, in a fresh process
    assert "Total" in completed.stdout  # the feedback itself is unchanged, on stdout
