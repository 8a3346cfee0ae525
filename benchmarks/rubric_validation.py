"""Time validating every built-in rubric and every broken test rubric, in one fresh process."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from grader.rubric.files import builtin_rubrics
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric

BROKEN = Path(__file__).resolve().parent.parent / "tests" / "rubrics" / "broken"


def main() -> None:
    """Validate each file once and print the time per file and in all."""
    files = [str(p) for p in builtin_rubrics().values()] + [
        str(p) for p in sorted(BROKEN.glob("*.yaml"))
    ]
    started = time.perf_counter()
    slowest = (0.0, "")
    for file in files:
        begun = time.perf_counter()
        with contextlib.suppress(RubricError):
            load_rubric(file)
        slowest = max(slowest, (time.perf_counter() - begun, Path(file).name))
    total = time.perf_counter() - started
    print(
        f"{len(files)} rubric files validated in {total * 1000:.0f} ms "
        f"({total / len(files) * 1000:.1f} ms each; "
        f"slowest {slowest[1]}: {slowest[0] * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
