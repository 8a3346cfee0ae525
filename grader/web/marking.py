"""The server's marking: engines built once at start-up, a bounded queue, batch code for classes.

A student's draft and a teacher's class go through the same pipeline as `grader check` and
`grader mark`: one Services shared by every thread (the grammar engine releases the GIL), a
fixed number of threads, and a bounded queue, so thirty students submitting at once are marked
in turn by warm engines instead of waiting on thirty engine start-ups.
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from grader.engines.language import warm_language_detector
from grader.essay import Essay
from grader.facts.sheet import FactSheet
from grader.findings import Finding
from grader.io.error_log import LOG_NAME, append_failure, traceback_text
from grader.io.reading import MAX_WORDS, essay_from_bytes
from grader.marking.pipeline import EssayResult, mark_essay
from grader.output.platforms import write_platform_files
from grader.rubric.schema import Rubric
from grader.running.batch import BatchOutcome, mark_paths
from grader.running.worker import BatchSettings
from grader.services import WARM_UP, Services

P = ParamSpec("P")
T = TypeVar("T")
# Drafts waiting beyond this many are told the server is busy, rather than wait for minutes.
QUEUE_LIMIT = 64
# The folders of a path in an error message ("/srv/grader/classes/ab12/" of ".../Dan.txt").
FOLDERS = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\\/\s'\"]+)+[\\/]")
DOWNLOAD = "download.zip"  # a learning platform's submissions, as the teacher downloaded them


class Busy(RuntimeError):
    """More drafts are waiting than the queue holds."""


@dataclass
class ClassJob:
    """A class being marked in the background, and what the page shows of it."""

    id: str
    rubric: Rubric
    folder: Path  # essays/ and out/ inside
    total: int = 0
    done: int = 0
    current: str = ""
    finished: bool = False
    outcome: BatchOutcome | None = None
    error: str = ""
    # What the platform files said: the scheme read, rows and essays that did not match.
    notes: list[str] = field(default_factory=list)

    @property
    def out(self) -> Path:
        """Return where the reports go."""
        return self.folder / "out"

    @property
    def source(self) -> Path:
        """Return what is marked: a learning platform's download, else the essays' folder."""
        download = self.folder / DOWNLOAD
        return download if download.is_file() else self.folder / "essays"

    @property
    def gradebook(self) -> Path | None:
        """Return the platform's gradebook the teacher gave, to fill with the marks, if any."""
        found = sorted(self.folder.glob("gradebook/*"))
        return found[0] if found else None


@dataclass
class Marking:
    """Warm engines, threads to mark on, and the classes being marked."""

    rubrics: dict[str, Rubric]
    data: Path
    jobs: int = 2
    max_words: int = MAX_WORDS
    services: Services = field(default_factory=Services)
    classes: dict[str, ClassJob] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="draft")
        self._slots = threading.BoundedSemaphore(QUEUE_LIMIT)
        self._class_pool = ThreadPoolExecutor(1, thread_name_prefix="class")
        self._resuming = threading.Lock()  # one job per class, whoever asks first

    def warm(self) -> None:
        """Build every engine the offered rubrics need, before the first student arrives."""
        warm_language_detector()
        for rubric in self.rubrics.values():
            mark_essay(Essay.from_text(WARM_UP, student="warm-up"), rubric, self.services)

    def check(self, data: bytes, suffix: str, student: str, rubric: Rubric) -> Future[EssayResult]:
        """Queue one draft (its file's bytes) for marking; raise Busy when the queue is full."""
        return self._queue(self._check, data, suffix, student, rubric)

    def check_facts(self, essay: Essay, sheet: FactSheet) -> Future[tuple[Finding, ...]]:
        """Queue a fact sheet's check of one essay, on the threads that hold the parsers."""
        return self._queue(_facts_findings, essay, sheet)

    def _queue(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run work on the marking threads, or raise Busy when the queue is full."""
        if not self._slots.acquire(blocking=False):
            raise Busy("the server is marking many drafts; try again in a minute")
        future = self._pool.submit(work, *args, **kwargs)
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def _check(self, data: bytes, suffix: str, student: str, rubric: Rubric) -> EssayResult:
        """Read a draft from its bytes and mark it."""
        name = f"draft{suffix}"  # our name, never one from the request
        essay = essay_from_bytes(data, name, student=student, max_words=self.max_words)
        return mark_essay(essay, rubric, self.services)

    def start_class(
        self,
        files: Sequence[tuple[str, bytes]],
        rubric: Rubric,
        download: bytes | None = None,
        gradebook: tuple[str, bytes] | None = None,
    ) -> ClassJob:
        """Write a class's files (or a platform's download) under --data and mark them."""
        job_id = secrets.token_urlsafe(9)
        folder = self.data / "classes" / job_id
        essays = folder / "essays"
        essays.mkdir(parents=True)
        for name, content in files:
            (essays / name).write_bytes(content)  # names made safe by the caller
        if download is not None:
            (folder / DOWNLOAD).write_bytes(download)
        if gradebook is not None:
            (folder / "gradebook").mkdir()
            (folder / "gradebook" / gradebook[0]).write_bytes(gradebook[1])
        job = ClassJob(job_id, rubric, folder, total=len(files))
        self.classes[job_id] = job
        self._class_pool.submit(self._mark_class, job)
        return job

    def resume_class(self, job_id: str, rubric: Rubric) -> ClassJob | None:
        """Mark a class kept from before a restart again, from its essays on disk."""
        essays = self.data / "classes" / job_id / "essays"
        if not essays.is_dir():
            return None
        with self._resuming:
            job = self.classes.get(job_id)
            if job is None:
                files = sum(1 for path in essays.iterdir() if path.is_file())
                job = ClassJob(job_id, rubric, essays.parent, total=files)
                self.classes[job_id] = job
                self._class_pool.submit(self._mark_class, job)
        return job

    def _mark_class(self, job: ClassJob) -> None:
        """Mark a class with the batch code, keeping the page's progress up to date."""

        def progress(done: int, total: int, file: str, status: str) -> None:
            job.done, job.total, job.current = done, total, Path(file).name

        try:
            settings = BatchSettings(jobs=self.jobs, max_words=self.max_words, use_cache=False)
            job.outcome = mark_paths(
                [str(job.source)],
                job.rubric,
                job.out,
                settings,
                on_progress=progress,
                services=self.services,
                names_from=job.folder / "essays" if job.source.is_dir() else job.out,
            )
            job.notes = _platform_notes(job.outcome, job.gradebook)
        except Exception as error:  # shown on the page; the server goes on
            # The page names the problem without the server's folders; the log keeps it all.
            append_failure(job.out / LOG_NAME, "the class", repr(error), traceback_text(error))
            job.error = f"{type(error).__name__}: {without_folders(str(error))}"
        finally:
            job.finished = True

    def forget_class(self, job_id: str) -> None:
        """Delete a marked class's files."""
        job = self.classes.pop(job_id, None)
        if job is not None:
            shutil.rmtree(job.folder, ignore_errors=True)

    def close(self) -> None:
        """Stop taking work."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._class_pool.shutdown(wait=False, cancel_futures=True)


def _facts_findings(essay: Essay, sheet: FactSheet) -> tuple[Finding, ...]:
    """List what a fact sheet finds in an essay, as `grader facts check --essay` does."""
    from grader.analysers.facts import check_facts, findings_for

    return findings_for(check_facts(essay, sheet), "facts", essay)


def _platform_notes(outcome: BatchOutcome, gradebook: Path | None) -> list[str]:
    """Write the platform's files for a marked class; say what was read and what matched."""
    written = write_platform_files(outcome, [(gradebook, "gradebook")] if gradebook else [])
    download = outcome.download
    notes = (
        [f"Read as a {download.platform.capitalize()} download ({download.scheme})."]
        if download is not None
        else []
    )
    return notes + written.notes() + [f"{p.name}: {why}" for p, why in written.problems]


def without_folders(message: str) -> str:
    """Keep only the file names of the paths in a message: the page shows no server folder."""
    return FOLDERS.sub("", message)
