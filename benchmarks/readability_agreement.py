"""How far each readability measure agrees with CommonLit's human ease judgments.

Reads ../shared/datasets/commonlit_readability/train.csv (2,834 passages; `target` is a
Bradley-Terry ease estimate from teachers' pairwise judgments, higher = easier), runs the
readability analyser on every excerpt with the default criterion, and prints Pearson's r and
Spearman's rho of each measure against `target`. Grade-like measures should correlate negatively
(harder text, lower ease). Nothing is tuned on this data; it is measured once, on train.csv,
the only split with targets.

    .venv/bin/python benchmarks/readability_agreement.py [path/to/train.csv]
"""

from __future__ import annotations

import csv
import math
import sys
import time
from pathlib import Path
from statistics import correlation

from grader.analysers.readability import analyse_readability
from grader.essay import Essay
from grader.kinds.readability import ReadabilityCriterion
from grader.services import Services

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "commonlit_readability" / "train.csv"
# Constants of the criterion, not properties of the text.
SKIPPED = {"target_grade_min", "target_grade_max"}


def ranks(values: list[float]) -> list[float]:
    """Rank values from 1, giving tied values the mean of their ranks."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(x: list[float], y: list[float]) -> float:
    """Return Spearman's rank correlation: Pearson's r of the ranks."""
    return correlation(ranks(x), ranks(y))


def main(argv: list[str]) -> int:
    """Measure every excerpt and print the correlation table."""
    data = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    if not data.is_file():
        print(f"cannot find the CommonLit data: {data}", file=sys.stderr)
        return 1
    with data.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    services = Services()
    criterion = ReadabilityCriterion(id="readability", name="Readability", kind="readability")
    targets: list[float] = []
    measured: dict[str, list[float]] = {}
    started = time.perf_counter()
    for row in rows:
        essay = Essay.from_text(row["excerpt"], row["id"])
        measures = analyse_readability(essay, criterion, services).measures
        targets.append(float(row["target"]))
        for name, value in measures.items():
            if name not in SKIPPED:
                measured.setdefault(name, []).append(value)
    seconds = time.perf_counter() - started
    table = []
    for name, values in measured.items():
        if len(set(values)) < 2:
            continue
        table.append((name, correlation(values, targets), spearman(values, targets)))
    table.sort(key=lambda row: -abs(row[1]))
    print(f"CommonLit train.csv: {len(rows)} excerpts, {1000 * seconds / len(rows):.1f} ms each")
    print()
    print("| measure | Pearson r | Spearman rho |")
    print("|---|---:|---:|")
    for name, pearson, rho in table:
        print(f"| {name} | {pearson:+.3f} | {rho:+.3f} |")
    return 0 if all(math.isfinite(p) for _, p, _ in table) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
