"""Marking a class: every essay file in the paths given, on every core, surviving bad files.

The process creates its slow services (the grammar engine, the syllable table) once, and
`--jobs` threads share them, each marking essays start to finish: load, analyse, score, render
and write the report (grader/running/threads.py; the engine releases the GIL while it checks).
`pool="processes"` gives each job a process with its own services instead. Results are gathered
in file order, so the output is the same whatever the number of jobs. A cache keyed by the
essay's bytes, the rubric and the tool version lets a re-run mark only what changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from grader import __version__
from grader.engines.parser import ParseAhead, release_parser
from grader.essay import Essay
from grader.findings import Assessment
from grader.io.error_log import LOG_NAME, append_failure
from grader.io.files import safe_stem, write_atomic
from grader.io.platforms import Download, DownloadError, Submission, open_download
from grader.io.reading import ESSAY_SUFFIXES, EssayError, Skipped, find_essays, load_essay
from grader.marking.pipeline import EssayResult, score_essay
from grader.marking.reviewing import Unmatched, apply_review
from grader.output import CLASS_FILES, ClassMarks
from grader.output.html import report as html_report
from grader.output.report.render import today
from grader.output.results import finding_from_dict, finding_to_dict
from grader.review import ClassReview
from grader.rubric.schema import Rubric
from grader.running.reviews import Run, load_class_review, save_run
from grader.running.threads import Overrun, run_in_threads
from grader.running.worker import BatchSettings, Done, Marker, Task, done_from, needs_parser
from grader.services import Services

if TYPE_CHECKING:  # SciPy is imported when a class is compared, not by `grader check`
    from grader.output.similar_essays import SimilarPair

CACHE_FOLDER = ".grader-cache"
Progress = Callable[[int, int, str, str], None]  # done, total, file, status


@dataclass
class BatchOutcome:
    """What a batch produced: results by file, failures with reasons, and where they went."""

    out_dir: Path
    results: list[tuple[str, EssayResult]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cached: int = 0
    interrupted: bool = False
    # Pairs of marked essays that are the same or nearly so (indices into `results`).
    similar: list[SimilarPair] = field(default_factory=list)
    # Cluster workers that died during the run; their essays were marked again on others.
    lost_workers: list[str] = field(default_factory=list)
    # Where the tracebacks of this run's unexpected failures were appended, if there were any.
    error_log: Path | None = None
    # By student: what of the teacher's review no longer applies (the essay or rubric changed).
    unmatched: dict[str, Unmatched] = field(default_factory=dict)
    # Each essay's result as the tool proposed it, before the teacher's review, by file.
    proposed: dict[str, EssayResult] = field(default_factory=dict)
    # The learning platform's download the class came from, if one was recognised, and each
    # marked file's submission in it.
    download: Download | None = None
    submissions: dict[str, Submission] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """Return 0 when every essay was marked, 1 when any failed or none was found."""
        if self.interrupted:
            return 130
        return 1 if self.failures or not self.results else 0


def mark_paths(
    paths: Sequence[str],
    rubric: Rubric,
    out_dir: Path,
    settings: BatchSettings | None = None,
    on_progress: Progress = lambda done, total, file, status: None,
    services: Services | None = None,
    names_from: Path | None = None,
) -> BatchOutcome:
    """Mark every essay under `paths`, write the reports, and keep going past bad files.

    `services` shares engines already built (a server's); by default the run builds its own.
    `names_from` names the essays in the outputs relative to that folder, so that a server's
    grades.csv and results.json do not show where its data folder is.
    """
    settings = settings or BatchSettings()
    outcome = BatchOutcome(out_dir=out_dir)
    files, skipped = _find(paths, outcome)
    outcome.failures.extend((_shown(s.path, names_from), s.reason) for s in skipped)
    generated = today()
    fingerprint = rubric_fingerprint(rubric, settings)
    tasks = _tasks(files, out_dir, fingerprint, generated, outcome.submissions)
    cache = out_dir / CACHE_FOLDER
    review = load_class_review(out_dir)
    save_run(cache, Run(rubric.path, tuple(str(p) for p in paths), os.getcwd()))
    hits = [t for t in tasks if settings.use_cache and _in_cache(cache, t)]
    pending = [t for t in tasks if t not in hits]
    finished: dict[str, Done] = {}
    record = _recorder(len(tasks), outcome, finished, on_progress)

    # Read the unchanged essays' analyses while the workers mark the changed ones.
    with ThreadPoolExecutor(1) as reader:
        reading = reader.submit(lambda: [(t, _from_cache(cache, t)) for t in hits])
        try:
            for task, marked in _run(
                pending, rubric, settings, services=services, lost=outcome.lost_workers
            ):
                record(task, marked)
                if marked.essay is not None and settings.use_cache:
                    _to_cache(cache, task, marked)
            damaged = []
            for task, hit in reading.result():
                if hit is None:
                    damaged.append(task)  # an unreadable cache entry: mark the essay again
                else:
                    record(task, hit, "unchanged")
            for task, marked in _run(
                damaged, rubric, settings, services=services, lost=outcome.lost_workers
            ):
                record(task, marked)
        except KeyboardInterrupt:
            outcome.interrupted = True  # keep what is complete: the overview covers it
    _gather(tasks, finished, rubric, outcome, names_from)
    _apply_reviews(outcome, review, generated)
    write_class_files(outcome, rubric, generated)
    return outcome


def _recorder(
    total: int, outcome: BatchOutcome, finished: dict[str, Done], on_progress: Progress
) -> Callable[..., None]:
    """Return what keeps each essay's outcome, logs its traceback and reports the progress."""
    count = itertools.count(1)

    def record(task: Task, done: Done, status: str = "marked") -> None:
        finished[task.path] = done
        if done.essay is None:
            status = f"failed: {done.problem}"
        if done.traceback:
            outcome.error_log = outcome.out_dir / LOG_NAME
            append_failure(outcome.error_log, task.path, done.problem, done.traceback)
            status += f"; traceback in {outcome.error_log}"
        on_progress(next(count), total, task.path, status)

    return record


def _find(paths: Sequence[str], outcome: BatchOutcome) -> tuple[list[Path], list[Skipped]]:
    """Find the essays: a platform's download (a zip or its folder) by its scheme, else all."""
    if len(paths) != 1:
        return find_essays(paths)
    try:
        folder, download = open_download(
            Path(paths[0]), outcome.out_dir / CACHE_FOLDER / "unzipped"
        )
    except DownloadError as error:
        return [], [Skipped(paths[0], str(error).removeprefix(f"{paths[0]}: "))]
    if download is None:
        return find_essays([str(folder)])
    outcome.download = download
    outcome.submissions = {str(s.essay): s for s in download.submissions}
    others = [str(p) for p in download.unmatched if p.suffix.lower() in ESSAY_SUFFIXES]
    files, skipped = find_essays(others) if others else ([], [])
    return [s.essay for s in download.submissions] + files, skipped


def _gather(
    tasks: Sequence[Task],
    finished: dict[str, Done],
    rubric: Rubric,
    outcome: BatchOutcome,
    names_from: Path | None,
) -> None:
    """Gather each finished essay's result (scored now if it came from the cache) in order."""
    for task in tasks:
        done = finished.get(task.path)
        if done is None:
            continue
        for stage, seconds in done.timings.items():
            outcome.timings[stage] += seconds
        outcome.cached += done.cached
        shown = _shown(task.path, names_from)
        if done.essay is None or done.assessments is None:
            outcome.failures.append((shown, done.problem))
            continue
        result = done.result  # None for an essay from the cache: it was not rendered again
        if result is None:
            result = score_essay(done.essay, rubric, done.assessments)
        outcome.results.append((shown, result))
        outcome.reports[shown] = Path(task.report)


def _apply_reviews(outcome: BatchOutcome, review: ClassReview, generated: str) -> None:
    """Apply the teacher's review to each reviewed essay and write its report again."""
    for file, result in outcome.results:
        outcome.proposed[file] = result
        if not review.of(result.essay.student).empty:
            review_again(outcome, review, file, generated)


def review_again(outcome: BatchOutcome, review: ClassReview, file: str, generated: str) -> None:
    """Apply one student's review afresh to the tool's proposal and write the report again."""
    proposed = outcome.proposed[file]
    student = proposed.essay.student
    reviewed, unmatched = apply_review(proposed, review.of(student))
    outcome.results = [(f, reviewed if f == file else r) for f, r in outcome.results]
    write_atomic(outcome.reports[file], html_report(reviewed, generated))
    outcome.unmatched.pop(student, None)
    if unmatched:
        outcome.unmatched[student] = unmatched


def write_class_files(outcome: BatchOutcome, rubric: Rubric, generated: str) -> None:
    """Find copied work and write the class's files: the overview, grades.csv, results.json."""
    started = time.perf_counter()
    hrefs = [(outcome.reports[file].name, result) for file, result in outcome.results]
    from grader.output.similar_essays import similar_pairs

    outcome.similar = similar_pairs([result.essay.text for _, result in outcome.results])
    marks = ClassMarks(
        rubric.title, outcome.results, hrefs, outcome.failures, generated, outcome.similar
    )
    for output in CLASS_FILES:
        write_atomic(outcome.out_dir / output.name, output.render(marks))
    outcome.timings["overview"] += time.perf_counter() - started


def _shown(path: str, names_from: Path | None) -> str:
    """Return an essay's path as the outputs name it: relative to names_from, when given."""
    if names_from is None:
        return path
    try:
        return Path(path).relative_to(names_from).as_posix()
    except ValueError:
        return Path(path).name


def _tasks(
    files: Sequence[Path],
    out_dir: Path,
    fingerprint: str,
    generated: str,
    submissions: dict[str, Submission] | None = None,
) -> list[Task]:
    """Give each essay file its student (a platform's name and id), report name and cache key."""
    submissions = submissions or {}
    used: set[str] = set()
    tasks = []
    for path in files:
        try:
            content = path.read_bytes()
        except OSError:
            content = b""  # the worker reports why the file cannot be read
        submission = submissions.get(str(path))
        student, platform_id = (
            (submission.student, submission.platform_id) if submission else ("", "")
        )
        report = out_dir / f"{_unique_name(student or path.stem, used)}.html"
        digest = hashlib.sha256()
        for part in (fingerprint, report.name, path.name, student, platform_id):
            digest.update(part.encode())
        digest.update(content)
        key = digest.hexdigest()
        tasks.append(Task(str(path), str(report), key, generated, student, platform_id))
    return tasks


def rubric_fingerprint(rubric: Rubric, settings: BatchSettings) -> str:
    """Identify everything besides the essay that decides its marks: rubric, facts, tool."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(rubric.model_dump_json().encode())
    if isinstance(rubric.facts, str) and Path(rubric.facts).is_file():
        digest.update(Path(rubric.facts).read_bytes())
    digest.update(
        repr((settings.grammar_engine, settings.languagetool_url, settings.max_words)).encode()
    )
    digest.update(_source_digest().encode())
    return digest.hexdigest()


def _source_digest() -> str:
    """Digest the tool's own code, so a changed analyser never reuses stale results."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def analyse_files(
    files: Sequence[Path], rubric: Rubric, settings: BatchSettings | None = None
) -> Iterator[Done]:
    """Analyse essays in the workers without writing reports, in the order given."""
    tasks = [Task(str(file), report="", key="", generated="") for file in files]
    for _, done in _run(tasks, rubric, settings or BatchSettings(), analyse_only=True):
        yield done


def _run(
    tasks: Sequence[Task],
    rubric: Rubric,
    settings: BatchSettings,
    analyse_only: bool = False,
    services: Services | None = None,
    lost: list[str] | None = None,
) -> Iterator[tuple[Task, Done]]:
    """Mark tasks in this thread (one job, no time limit), on threads, processes or a cluster."""
    if not tasks:
        return
    if settings.cluster:
        from grader.running.cluster import run_on_cluster  # Dask is imported only for a cluster

        for task, done, html in run_on_cluster(
            tasks, rubric, settings, [] if lost is None else lost
        ):
            if html is not None and task.report and not analyse_only:
                write_atomic(Path(task.report), html)  # written here, as a local run does
            yield task, done
        return
    if settings.pool == "threads":
        marker = Marker.start(rubric, settings, services)
        work = marker.analyse if analyse_only else marker.mark
        with _parsing_ahead(tasks, rubric, settings.max_words):
            if settings.jobs <= 1 and settings.timeout is None:
                for task in tasks:
                    yield task, work(task)
                return
            marked = run_in_threads(tasks, work, settings.jobs, settings.timeout, release_parser)
            for task, outcome in marked:
                yield task, done_from(task, outcome, settings.timeout)
        return
    from pebble import ProcessPool  # a pool that can stop one overrunning essay's worker

    pool = ProcessPool(
        max_workers=max(1, settings.jobs), initializer=_start_process, initargs=(rubric, settings)
    )
    try:
        futures: list[tuple[Task, Future[Done]]] = [
            (task, pool.schedule(_in_process, args=(task, analyse_only), timeout=settings.timeout))
            for task in tasks
        ]
        for task, future in futures:
            yield task, _collect(task, future, settings)
    finally:
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()


def _parsing_ahead(
    tasks: Sequence[Task], rubric: Rubric, max_words: int
) -> AbstractContextManager[object]:
    """Parse the essays ahead of the threads, in batches, when a criterion reads the parse."""
    if not needs_parser(rubric):
        return nullcontext()
    return ParseAhead(_texts(tasks, max_words))


# Longer texts are left to the thread that marks them: parsed ahead, a book handed in by
# mistake held up every essay behind it past --timeout, where its own thread is timed alone.
AHEAD_MAX_WORDS = 5000
AHEAD_MAX_BYTES = 200_000  # not even read ahead: reading a book holds up the parses behind it


def _texts(tasks: Sequence[Task], max_words: int) -> Iterator[str]:
    """Yield the text of each essay that loads, as the marking threads will load it."""
    for task in tasks:
        try:
            if Path(task.path).stat().st_size > AHEAD_MAX_BYTES:
                continue
            essay = load_essay(task.path, max_words=max_words)
        except (OSError, EssayError):
            continue  # the thread that marks it says why
        if essay.word_count <= AHEAD_MAX_WORDS:
            yield essay.text


def _collect(task: Task, future: Future[Done], settings: BatchSettings) -> Done:
    """Wait for one essay in a worker process; a timeout or a crash becomes a failure."""
    try:
        return future.result()
    except TimeoutError:
        return done_from(task, Overrun(), settings.timeout)
    except Exception as error:  # a worker that died (say, the grammar engine crashed)
        return done_from(task, error, settings.timeout)


# The marker of a worker process, made by its initializer: one per process, set before any
# essay is marked there.
_process_marker: list[Marker] = []


def _start_process(rubric: Rubric, settings: BatchSettings) -> None:
    """Create a worker process's marker once."""
    _process_marker[:] = [Marker.start(rubric, settings)]


def _in_process(task: Task, analyse_only: bool) -> Done:
    """Mark or analyse one essay with the worker process's marker."""
    marker = _process_marker[0]
    return marker.analyse(task) if analyse_only else marker.mark(task)


def _in_cache(cache: Path, task: Task) -> bool:
    """Tell whether an essay's analysis and report are both still in place."""
    return (cache / f"{task.key}.json").is_file() and Path(task.report).is_file()


def _from_cache(cache: Path, task: Task) -> Done | None:
    """Return a cached analysis whose report is still in place, or None."""
    entry = cache / f"{task.key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        essay = Essay.from_text(data["text"], student=data["student"], source=task.path)
        essay = replace(essay, platform_id=task.platform_id)
        assessments = {
            criterion: Assessment(
                measures=dict(value["measures"]),
                findings=tuple(finding_from_dict(f) for f in value["findings"]),
            )
            for criterion, value in data["assessments"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged entry is simply marked again
    return Done(task.path, essay, assessments, cached=True)


def _to_cache(cache: Path, task: Task, done: Done) -> None:
    """Store an essay's analysis, so an unchanged essay is not analysed again."""
    assert done.essay is not None and done.assessments is not None
    data = {
        "text": done.essay.text,
        "student": done.essay.student,
        "assessments": {
            criterion: {
                "measures": a.measures,
                "findings": [finding_to_dict(f, done.essay.text) for f in a.findings],
            }
            for criterion, a in done.assessments.items()
        },
    }
    write_atomic(cache / f"{task.key}.json", json.dumps(data, ensure_ascii=False))


def _unique_name(student: str, used: set[str]) -> str:
    """Make a safe file name for a student's report, distinct from those already used."""
    base = safe_stem(student)
    if base in {"index", "grades", "results"}:
        base = f"{base}_essay"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base}-{number}", number + 1
    used.add(name.lower())
    return name


def default_jobs() -> int:
    """Use every core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
