"""What a batch hands its workers and gets back, and the marking every worker runs.

Local threads and processes (running.batch) and a Dask cluster (running.cluster) share these.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from grader.engines.language import warm_language_detector
from grader.engines.parser import reached
from grader.essay import Essay
from grader.findings import Assessment
from grader.io.error_log import traceback_text
from grader.io.files import write_atomic
from grader.io.reading import MAX_WORDS, EssayError, essay_from_bytes, load_essay
from grader.marking.pipeline import EssayResult, analyse, score_essay
from grader.output.html import report as html_report
from grader.rubric.kind import spec_for
from grader.rubric.schema import Rubric
from grader.running.threads import Overrun
from grader.services import WARM_UP, Services

Pool = Literal["threads", "processes"]
POOLS: tuple[Pool, ...] = ("threads", "processes")


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs: workers, the per-essay time limit, the cache, the grammar engine."""

    jobs: int = 1
    timeout: float | None = None
    pool: Pool = "threads"
    cluster: str | None = (
        None  # a Dask scheduler (tcp://HOST:PORT) or local:N (grader.running.cluster)
    )
    use_cache: bool = True
    grammar_engine: Any = None
    languagetool_url: str | None = None
    max_words: int = MAX_WORDS


@dataclass(frozen=True)
class Task:
    """One essay to mark, as the main process hands it to a worker."""

    path: str
    report: str  # where its report goes
    key: str
    generated: str
    student: str = ""  # the name a platform's download gives; else the file's name
    platform_id: str = ""  # the platform's id for the student, carried into the results


@dataclass(frozen=True)
class Done:
    """What a worker sends back: the analysed essay, or why it failed, and where time went."""

    path: str
    essay: Essay | None = None
    assessments: dict[str, Assessment] | None = None
    problem: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    cached: bool = False
    traceback: str = ""  # of an unexpected error, for the log; not shown to a teacher
    result: EssayResult | None = None  # scored where its report was rendered: scored once


def done_from(task: Task, outcome: Done | BaseException, timeout: float | None) -> Done:
    """Turn an essay's outcome into a Done, with a reason when it could not be marked."""
    if isinstance(outcome, Done):
        return outcome
    if isinstance(outcome, Overrun):
        return Done(
            task.path,
            problem=f"took longer than the {timeout or 0:g} s limit (--timeout); marked as failed",
        )
    return Done(
        task.path,
        problem=f"could not be marked ({type(outcome).__name__}: {outcome})",
        traceback=traceback_text(outcome),
    )


@dataclass(frozen=True)
class Marker:
    """One rubric's marking with a process's shared services: what every job runs."""

    rubric: Rubric
    services: Services
    max_words: int = MAX_WORDS

    @classmethod
    def start(
        cls, rubric: Rubric, settings: BatchSettings, services: Services | None = None
    ) -> Marker:
        """Create the services once (or share those given); every essay marked shares them."""
        warm_language_detector()  # ~0.5 s of profiles, not to be charged to the first essay
        for kind in dict.fromkeys(c.kind_name for c in rubric.criteria):
            spec_for(kind).warm()  # ~3 s of spelling's word counts and inflections, likewise
        services = services or Services(
            grammar_engine=settings.grammar_engine, languagetool_url=settings.languagetool_url
        )
        if needs_parser(rubric):
            services.parser().parse(WARM_UP)  # ~2 s to load spaCy: not the first essay's time
        return cls(rubric, services, settings.max_words)

    def mark(self, task: Task) -> Done:
        """Mark one essay start to finish and write its report; report any failure as data."""
        done, html = self.rendered(task)
        if html is not None:
            started = time.perf_counter()
            write_atomic(Path(task.report), html)
            done.timings["write"] = time.perf_counter() - started
        return done

    def rendered(self, task: Task, data: bytes | None = None) -> tuple[Done, str | None]:
        """Mark one essay and render its report, without writing it (a cluster's workers).

        `data` holds the essay file's bytes when they came from elsewhere (a cluster's client).
        """
        timings: dict[str, float] = {}
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[stage] = timings.get(stage, 0.0) + now - clock
            clock = now

        done = self._analysed(task, lap, data)
        if done.essay is None or done.assessments is None:
            return done, None
        result = score_essay(done.essay, self.rubric, done.assessments)
        lap("scoring")
        html = html_report(result, task.generated)
        lap("render")
        return replace(done, timings=timings, result=result), html

    def analyse(self, task: Task) -> Done:
        """Load and analyse one essay, untimed; report any failure as data."""
        return self._analysed(task, lambda stage: None)

    def _analysed(self, task: Task, lap: Callable[[str], None], data: bytes | None = None) -> Done:
        """Load (from the file, or from its bytes) and analyse one essay, timing each stage."""
        try:
            if data is None:
                essay = load_essay(task.path, task.student or None, self.max_words)
            else:
                essay = essay_from_bytes(data, task.path, task.student or None, self.max_words)
        except EssayError as error:
            return Done(task.path, problem=error.problem)
        if task.platform_id:
            essay = replace(essay, platform_id=task.platform_id)
        reached(essay.text)  # the batch parsing ahead may forget what lies far behind
        lap("load")
        try:
            assessments = analyse(
                essay, self.rubric, self.services, on_criterion=lambda c: lap(f"analyse {c}")
            )
        except Exception as error:  # an engine failure must not stop the class being marked
            return Done(
                task.path,
                problem=f"could not be analysed ({type(error).__name__}: {error})",
                traceback=traceback_text(error),
            )
        return Done(task.path, essay, assessments)


def needs_parser(rubric: Rubric) -> bool:
    """Tell whether any criterion's analyser reads the spaCy parse (worth loading ahead)."""
    return any(spec_for(c.kind_name).parses for c in rubric.criteria)
