"""Marking a class: every essay file in the paths given, with reports written atomically."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.files import write_atomic
from grader.loading import EssayError, find_essays, load_essay
from grader.marking import EssayResult, mark_essay
from grader.report.model import essay_page, index_page
from grader.report.render import render_essay, render_index, today
from grader.results import grades_csv, results_json
from grader.rubric import Rubric
from grader.services import Services


@dataclass
class BatchOutcome:
    """What a batch produced: results by file, failures with reasons, and where they went."""

    out_dir: Path
    results: list[tuple[str, EssayResult]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """Return 0 when every essay was marked, 1 when any failed or none was found."""
        return 1 if self.failures or not self.results else 0


def mark_paths(
    paths: Sequence[str],
    rubric: Rubric,
    out_dir: Path,
    on_progress: Callable[[str, str], None] = lambda file, status: None,
    services: Services | None = None,
) -> BatchOutcome:
    """Mark every essay under `paths`, write the reports, and keep going past bad files."""
    files, skipped = find_essays(paths)
    outcome = BatchOutcome(out_dir=out_dir)
    outcome.failures.extend((s.path, s.reason) for s in skipped)
    services = services or Services()
    generated = today()
    used_names: set[str] = set()
    for path in files:
        try:
            result = mark_essay(load_essay(path), rubric, services)
        except EssayError as error:
            outcome.failures.append((error.source, error.problem))
            on_progress(str(path), f"failed: {error.problem}")
            continue
        report = out_dir / f"{_unique_name(result.essay.student, used_names)}.html"
        write_atomic(report, render_essay(essay_page(result, generated)))
        outcome.results.append((str(path), result))
        outcome.reports[str(path)] = report
        on_progress(str(path), "marked")
    hrefs = [(outcome.reports[file].name, result) for file, result in outcome.results]
    write_atomic(
        out_dir / "index.html",
        render_index(index_page(rubric.title, hrefs, outcome.failures, generated)),
    )
    write_atomic(out_dir / "grades.csv", grades_csv(outcome.results))
    write_atomic(out_dir / "results.json", results_json(outcome.results))
    return outcome


def _unique_name(student: str, used: set[str]) -> str:
    """Make a safe file name for a student's report, distinct from those already used."""
    base = re.sub(r"[^\w.-]+", "_", student).strip("._") or "essay"
    if base in {"index", "grades", "results"}:
        base = f"{base}_essay"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base}-{number}", number + 1
    used.add(name.lower())
    return name
