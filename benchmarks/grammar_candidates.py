"""Measure Harper (harper-py, offline, Rust) as a second grammar layer, per lint kind.

Runs Harper over one split of W&I+LOCNESS and prints, for each of its lint kinds, how many
flags it raised and what share of them overlap a gold edit (precision), and Harper's recall
over all gold edits; with the same overlap rule as benchmarks/grammar_detection.py. A kind
earns its place in the tool when its precision on train holds at 0.80 or more.

    .venv/bin/python -m benchmarks.grammar_candidates --split train
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

from benchmarks.grammar_detection import essays, hits


def main(argv: Sequence[str] | None = None) -> int:
    """Run Harper over the split and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    args = parser.parse_args(argv)
    import harper

    linter = harper.Linter(dialect=harper.Dialect.BRITISH)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_n = found = words = 0
    seconds = 0.0
    for _, text, edits in essays(args.split):
        gold = [(s, e) for s, e, _ in edits]
        clock = time.perf_counter()
        lints = linter.lint(text)
        seconds += time.perf_counter() - clock
        flags = [(lint.span.start, lint.span.end, str(lint.lint_kind)) for lint in lints]
        for s, e, kind in flags:
            kinds[kind][0] += 1
            kinds[kind][1] += any(hits(s, e, g) for g in gold)
        gold_n += len(gold)
        found += sum(1 for g in gold if any(hits(s, e, g) for s, e, _ in flags))
        words += len(text.split())
    print(f"Harper on W&I+LOCNESS {args.split}: recall {found / max(gold_n, 1):.3f}, ", end="")
    print(f"{1000 * seconds / max(words, 1) * 1000:.0f} ms per 1,000 words")
    print(f"{'lint kind':24} {'flags':>6} {'P':>6}")
    for kind, (n, right) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
        print(f"{kind:24} {n:6} {right / n:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
