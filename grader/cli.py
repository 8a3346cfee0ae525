"""The `grader` command line: check one essay, or mark a class."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from grader import __version__
from grader.batch import default_jobs, mark_paths
from grader.cli_errors import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, Failure
from grader.cli_facts import add_facts_command
from grader.cli_serve import add_serve_command
from grader.cli_teachers import add_teachers_command
from grader.cluster import ClusterError, scheduler_address
from grader.engines import languagetool
from grader.engines.grammar import EngineUnavailable
from grader.error_log import append_failure, traceback_text, user_log
from grader.essay import Essay
from grader.files import write_atomic
from grader.loading import MAX_WORDS, EssayError, load_essay
from grader.marking import EssayResult, mark_essay
from grader.progress import progress_display
from grader.report.model import essay_page, mark_basis, number, ranked
from grader.report.priorities import action_of, fix_first, where_in
from grader.report.render import render_essay, today
from grader.results import result_to_dict
from grader.rubric import DEFAULT_RUBRIC, Rubric, RubricError
from grader.rubric_files import builtin_rubrics
from grader.rubric_loader import load_rubric
from grader.rubric_tools import describe_rubric, new_rubric, schema_text
from grader.services import Services
from grader.startup import timings_line
from grader.worker import POOLS, BatchSettings

MIN_CALIBRATION_ESSAYS = 10
SIMILAR_SHOWN = 20  # copied pairs listed in the terminal; the overview lists them all

CHECK_EXAMPLES = """\
examples:
  grader check my_essay.docx
  grader check essay.txt --rubric rubrics/general-essay.yaml --format json
  grader check essay.pdf --format html -o feedback.html
  cat essay.txt | grader check - --student "Sam Lee"
"""
RUBRIC_EXAMPLES = """\
examples:
  grader rubric validate my-rubric.yaml
  grader rubric show history-essay-great-terror
  grader rubric new year10-terror --from history-essay-great-terror
  grader rubric schema > rubric.schema.json
"""
CALIBRATE_EXAMPLES = """\
examples:
  grader calibrate class_10b/ --marks marks.csv --rubric general-essay -o 10b-calibrated.yaml
  grader mark class_10c/ --rubric 10b-calibrated.yaml

marks.csv looks like this (a column per criterion you also marked on its own is optional;
leave a cell empty where you did not mark it):
  student,total,mechanics
  amy_jones,9,3
  ben_smith,7,
"""
MARK_EXAMPLES = """\
examples:
  grader mark class_10b/
  grader mark essays/*.docx --rubric my-rubric.yaml --out reports/10b-terror
"""


def build_parser() -> argparse.ArgumentParser:
    """Describe every command and option."""
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Score essays against a teacher's rubric and write feedback reports.",
        epilog="Run 'grader COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="mark one essay and show the feedback",
        description="Mark one essay and show its feedback: a summary, JSON, or an HTML report.",
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "file", metavar="FILE", help="essay file (.txt .md .docx .pdf) or - for stdin"
    )
    _add_rubric_option(check)
    check.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="text summary (default), JSON for other tools, or an HTML report",
    )
    check.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        help="write to this file instead (HTML default: reports/<essay>.html)",
    )
    check.add_argument("--student", help="the student's name or id (default: the file name)")
    check.add_argument(
        "--timings",
        action="store_true",
        help="print on stderr where the time went: imports, engine, parser, profiles, syllables",
    )
    _add_engine_options(check)
    _add_max_words_option(check)
    check.set_defaults(run=run_check)

    mark = commands.add_parser(
        "mark",
        help="mark every essay in folders and files, with a class overview",
        description="Mark every essay file found in the folders and files given. Writes one "
        "HTML report per essay, index.html (the class overview), grades.csv and results.json.",
        epilog=MARK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mark.add_argument("paths", metavar="PATH", nargs="+", help="essay files or folders of them")
    _add_rubric_option(mark)
    mark.add_argument(
        "--out", metavar="DIR", type=Path, help="output folder (default: reports/<rubric name>/)"
    )
    _add_batch_options(mark)
    mark.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give up on an essay that takes longer than this, and go on",
    )
    mark.add_argument(
        "--cluster",
        metavar="SCHEDULER",
        help="mark on a Dask cluster: tcp://HOST:8786, or local:N to start N local workers "
        "(default: $GRADER_DASK_SCHEDULER; needs pip install 'grader[cluster]')",
    )
    mark.add_argument(
        "--no-cache",
        action="store_true",
        help="mark every essay again, even those unchanged since the last run",
    )
    _add_engine_options(mark)
    _add_max_words_option(mark)
    mark.set_defaults(run=run_mark)

    rubric = commands.add_parser(
        "rubric",
        help="validate, show, create rubrics, or print their JSON Schema",
        description="Work with rubric files: check them, summarise them, start a new one.",
        epilog=RUBRIC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = rubric.add_subparsers(dest="action", required=True, metavar="ACTION")
    validate = actions.add_parser(
        "validate",
        help="check rubric files and list every problem with its line",
        epilog=RUBRIC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", metavar="FILE", nargs="+", help="rubric files or names")
    validate.set_defaults(run=run_rubric_validate)
    show = actions.add_parser(
        "show",
        help="summarise a rubric: criteria, weights, levels, grades, facts",
        epilog=RUBRIC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("file", metavar="FILE", help="rubric file or built-in rubric name")
    show.set_defaults(run=run_rubric_show)
    new = actions.add_parser(
        "new",
        help="write a short starter rubric that extends a built-in one",
        epilog=RUBRIC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("name", metavar="NAME", help="name of the new rubric (writes NAME.yaml)")
    new.add_argument(
        "--from",
        dest="builtin",
        default=DEFAULT_RUBRIC,
        metavar="BUILTIN",
        help=f"built-in rubric to start from (default: {DEFAULT_RUBRIC})",
    )
    new.add_argument(
        "--full",
        action="store_true",
        help="write a full, commented copy of the built-in rubric (and its fact sheet) instead "
        "of a short file that extends it",
    )
    new.set_defaults(run=run_rubric_new)
    schema = actions.add_parser(
        "schema",
        help="print the JSON Schema that editors use to check rubric files",
        epilog=RUBRIC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.set_defaults(run=run_rubric_schema)
    add_facts_command(commands)
    add_serve_command(commands)
    add_teachers_command(commands)

    calibrate = commands.add_parser(
        "calibrate",
        help="fit a rubric to your own marks on 25-50 essays",
        description="Learn your marking from essays you have marked: fits the rubric's level "
        "bounds and weights (and adds length or vocabulary where they match your marks), "
        "writes a rubric that extends yours, and says how well it agrees with you.",
        epilog=CALIBRATE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    calibrate.add_argument(
        "essays", metavar="ESSAYS", nargs="+", help="the marked essay files or folders"
    )
    calibrate.add_argument(
        "--marks",
        required=True,
        type=Path,
        metavar="CSV",
        help="marks.csv: a student column (file name without extension), a total column, and "
        "optionally a column per criterion id",
    )
    _add_rubric_option(calibrate)
    calibrate.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="RUBRIC",
        help="the calibrated rubric to write",
    )
    _add_batch_options(calibrate)
    _add_engine_options(calibrate)
    calibrate.set_defaults(run=run_calibrate)

    setup = commands.add_parser(
        "setup",
        help="download an optional component (needs a network)",
        description="Download LanguageTool (about 250 MB; needs Java 17 or newer) into LTP_PATH "
        "(default ~/.cache/language_tool_python). Marking never downloads anything.",
    )
    setup.add_argument("component", choices=("languagetool",), help="what to download")
    setup.set_defaults(run=run_setup)
    return parser


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add the grammar engine options shared by the marking commands."""
    parser.add_argument(
        "--grammar-engine",
        choices=("auto", "lingotweaker", "languagetool"),
        help="grammar engine for mechanics (default: the rubric's, else auto: LanguageTool "
        "when a server URL or an install is set up, else the built-in LingoTweaker)",
    )
    parser.add_argument(
        "--languagetool-url",
        metavar="URL",
        help=f"a LanguageTool server, e.g. http://localhost:8081 (or {languagetool.URL_VARIABLE})",
    )


def _add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Add the --rubric option shared by the marking commands."""
    parser.add_argument(
        "--rubric",
        metavar="RUBRIC",
        help=f"rubric file or built-in rubric name (default: {DEFAULT_RUBRIC})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except Failure as failure:
        print(f"grader: error: {failure}", file=sys.stderr)
        return failure.code
    except EngineUnavailable as error:
        print(f"grader: error: {error}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print("grader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`grader check ... | head`): that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return code


def entry() -> None:
    """Run the command line as a program, and leave without tearing down what it built.

    Every report is written atomically and closed before a command returns; what is left at
    exit is the grammar engine (~400 MB) and the parser, whose teardown only costs time
    (~0.2 s). So, once the output is flushed, the process ends at once.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away; nothing more to say to it
    os._exit(code)


def run_check(args: argparse.Namespace) -> int:
    """Mark one essay and print or write its feedback."""
    imported = time.perf_counter()
    rubric = _rubric(args.rubric)
    try:
        essay = load_essay(args.file, student=args.student, max_words=args.max_words)
    except EssayError as error:
        raise Failure(str(error), EXIT_FAILURES) from error
    result = mark_logged(essay, rubric, _services(args))
    if args.format == "html":
        out = args.output or Path("reports") / f"{essay.student}.html"
        write_atomic(out, render_essay(essay_page(result, today())))
        print(out)
    elif args.format == "json":
        _emit(json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        _emit(summary(result), args.output)
    if args.timings:
        print(timings_line(imported), file=sys.stderr)
    return EXIT_OK


def mark_logged(essay: Essay, rubric: Rubric, services: Services) -> EssayResult:
    """Mark one essay; when an analyser fails, log its traceback and say where, in one line."""
    try:
        return mark_essay(essay, rubric, services)
    except EngineUnavailable:
        raise  # a known state with its own message (main prints it)
    except Exception as error:
        log = user_log()
        problem = f"could not be analysed ({type(error).__name__}: {error})"
        append_failure(log, str(essay.source or essay.student), problem, traceback_text(error))
        raise Failure(
            f"{essay.source or essay.student}: {problem}; traceback in {log}", EXIT_FAILURES
        ) from error


def run_mark(args: argparse.Namespace) -> int:
    """Mark a class and report what was written and what failed."""
    missing = [name for name in args.paths if not Path(name).exists()]
    if missing:
        # A mistyped path is a usage error: say so before marking anything, as for a rubric.
        raise Failure(f"{missing[0]}: no such file or folder", EXIT_USAGE)
    rubric = _rubric(args.rubric)
    out_dir = args.out or Path("reports") / rubric.name
    settings = BatchSettings(
        jobs=args.jobs or default_jobs(),
        pool=args.pool,
        cluster=scheduler_address(args.cluster),
        timeout=args.timeout,
        max_words=args.max_words,
        use_cache=not args.no_cache,
        grammar_engine=args.grammar_engine,
        languagetool_url=args.languagetool_url,
    )
    try:
        with progress_display(quiet=args.quiet) as progress:
            outcome = mark_paths(args.paths, rubric, out_dir, settings, on_progress=progress)
    except ClusterError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    if outcome.lost_workers:
        print(
            f"{len(outcome.lost_workers)} cluster worker(s) stopped during the run; their "
            "essays were marked again on the others."
        )
    unchanged = f", {outcome.cached} unchanged since the last run" if outcome.cached else ""
    print(
        f"Marked {len(outcome.results)} essays into {out_dir}/ "
        f"(index.html, grades.csv, results.json){unchanged}"
    )
    if outcome.similar:
        print(f"{len(outcome.similar)} pair(s) of essays are the same or nearly the same:")
        for pair in outcome.similar[:SIMILAR_SHOWN]:
            first, second = outcome.results[pair.first][0], outcome.results[pair.second][0]
            print(f"  {first} and {second}: {pair.similarity:.0%} alike")
        if len(outcome.similar) > SIMILAR_SHOWN:
            more = len(outcome.similar) - SIMILAR_SHOWN
            print(f"  and {more} more pairs: see index.html in {out_dir}/")
    if outcome.failures:
        print(f"{len(outcome.failures)} could not be marked:")
        for file, reason in outcome.failures:
            print(f"  {file}: {reason}")
    if outcome.error_log is not None:
        print(f"The tracebacks of the essays that could not be analysed are in {outcome.error_log}")
    if outcome.interrupted:
        print("Interrupted: the overview covers the essays marked so far.", file=sys.stderr)
    return outcome.exit_code


def _add_max_words_option(parser: argparse.ArgumentParser) -> None:
    """Add --max-words: the longest text marked as one essay."""
    parser.add_argument(
        "--max-words",
        type=_positive_int,
        default=MAX_WORDS,
        metavar="N",
        help=f"refuse a text longer than N words, a paste of a book (default: {MAX_WORDS:,})",
    )


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of commands that analyse many essays: --quiet and --jobs."""
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="essays analysed at once (default: every core)",
    )
    parser.add_argument(
        "--pool",
        choices=POOLS,
        default="threads",
        help="run the jobs as threads sharing one grammar engine (default; a third of the "
        "memory) or as processes with one engine each",
    )


def run_rubric_validate(args: argparse.Namespace) -> int:
    """Validate rubric files, printing every problem on its own line."""
    code = EXIT_OK
    for name in args.files:
        try:
            rubric = load_rubric(name)
        except RubricError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            code = EXIT_USAGE
            continue
        print(f"{rubric.path}: valid ({len(rubric.criteria)} criteria)")
    return code


def run_rubric_show(args: argparse.Namespace) -> int:
    """Print a readable summary of a rubric."""
    sys.stdout.write(describe_rubric(_rubric(args.file)))
    return EXIT_OK


def run_rubric_new(args: argparse.Namespace) -> int:
    """Write a starter rubric from a built-in one: a short extends file, or a full copy."""
    try:
        written = new_rubric(args.name, args.builtin, full=args.full)
    except RubricError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    for path in written:
        print(f"wrote {path}")
    print(f"Edit it, then run: grader rubric validate {written[0]}")
    return EXIT_OK


def run_rubric_schema(args: argparse.Namespace) -> int:
    """Print the rubric JSON Schema."""
    sys.stdout.write(schema_text())
    return EXIT_OK


def run_calibrate(args: argparse.Namespace) -> int:
    """Fit a rubric to a teacher's marks and write it, with its agreement."""
    # Deferred: scikit-learn and SciPy are only needed here, not to mark a class.
    from grader.calibrated_rubric import (
        TooFewMarks,
        calibrate,
        learned_beside,
        write_calibrated,
    )
    from grader.marks import MarksError, measure_marked, read_marks

    rubric = _rubric(args.rubric)
    try:
        marks = read_marks(args.marks)
    except MarksError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    settings = BatchSettings(
        jobs=args.jobs or default_jobs(),
        pool=args.pool,
        grammar_engine=args.grammar_engine,
        languagetool_url=args.languagetool_url,
    )
    with progress_display(quiet=args.quiet, action="Measuring") as progress:
        found = measure_marked(args.essays, marks, rubric, settings, on_progress=progress)
    for problem in found.problems:
        print(f"note: {problem}", file=sys.stderr)
    try:
        model = calibrate(
            rubric,
            found.measures,
            found.marks,
            minimum=MIN_CALIBRATION_ESSAYS,
            texts=found.texts,
            students=found.students,
            criterion_marks=found.criterion_marks,
        )
    except TooFewMarks as error:
        raise Failure(
            f"{args.marks}: only {error.found} marked essays found; calibration "
            f"needs at least {error.minimum} (25 to 50 is better)",
            EXIT_USAGE,
        ) from None
    out = args.output
    parent = (
        rubric.name
        if rubric.name in builtin_rubrics() and Path(rubric.path) == builtin_rubrics()[rubric.name]
        else os.path.relpath(rubric.path, out.resolve().parent)
    )
    write_calibrated(model, rubric, out, parent, source=args.marks.name)
    calibrated = _rubric(str(out))
    agreement = f"{model.cv_qwk:.2f}" if model.cv_qwk is not None else "not measured"
    print(
        f"Calibrated on {model.essays} essays: agreement with your marks (QWK, "
        f"cross-validated) {agreement}."
    )
    by_teacher = {c.feature.criterion_id: c for c in model.criteria if c.by_teacher}
    for criterion in calibrated.criteria:
        line = f"  {criterion.name}: weight {criterion.weight:g}, by {criterion.level_measure}"
        if criterion.id in by_teacher:
            qwk = model.criterion_qwk.get(criterion.id)
            line += "; levels give your marks for it" + (
                f" (agreement {qwk:.2f})" if qwk is not None else ""
            )
            if by_teacher[criterion.id].minor:
                line += "; it adds little to the totals, so its weight is small"
        print(line)
    for criterion_id in found.criterion_marks:
        if criterion_id not in by_teacher:
            print(
                f"note: {args.marks}: {criterion_id} is not set by your marks for it (fewer "
                f"than 5, its measure does not follow them, or it adds nothing to the total)",
                file=sys.stderr,
            )
    if model.terms:
        print(f"  key terms learned from your marks: {len(model.terms)} (listed in the rubric)")
    if model.learned is not None:
        print(f"  what moves the calibrated mark: {model.learned.in_words()}")
        print(f"wrote {learned_beside(out)} (what was learned from your marked essays)")
    print(f"wrote {out}")
    return EXIT_OK


def run_setup(args: argparse.Namespace) -> int:
    """Download LanguageTool for the optional languagetool grammar engine."""
    install = languagetool.setup()
    print(f"LanguageTool is installed in {install}; mark with --grammar-engine languagetool")
    return EXIT_OK


def _services(args: argparse.Namespace) -> Services:
    """Create the services one run shares, with the engine chosen on the command line."""
    return Services(grammar_engine=args.grammar_engine, languagetool_url=args.languagetool_url)


def _positive_int(text: str) -> int:
    """Read a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _rubric(name: str | None) -> Rubric:
    """Load the rubric or stop before anything is marked."""
    try:
        return load_rubric(name)
    except RubricError as error:
        raise Failure(str(error), EXIT_USAGE) from error


def _emit(text: str, output: Path | None) -> None:
    """Print text, or write it to a file atomically."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        print(output)


def summary(result: EssayResult) -> str:
    """Render a short, readable summary for the terminal."""
    essay, total = result.essay, result.total
    lines = [
        f"{essay.student} — {result.rubric.title} ({essay.word_count} words)",
        f"Total {number(total.score)} / {number(total.max)} ({total.percent:.0f}%), "
        f"grade {total.grade}",
        "",
    ]
    width = max(len(c.name) for c in result.criteria)
    for said in reversed(mark_basis(result)):
        lines.insert(2, f"  {said}")
    for c in result.criteria:
        lines.append(
            f"  {c.name:<{width}}  {number(c.score):>4} / {number(c.max):<4} {c.level.label}"
        )
        for said in (c.capped_because, c.note):
            if said:
                lines.append(f"  {'':<{width}}  {said}")
    first = fix_first(result)
    if first:
        lines += ["", "Fix this first:"]
        for number_, item in enumerate(first, start=1):
            lines.append(f"  {number_}. {item.finding.message} ({item.where})")
    shown = {item.finding for item in first}
    rest = [(c.name, f) for c in result.criteria for f in ranked(c.findings) if f not in shown]
    if rest:
        lines += ["", "Everything else, by criterion:"]
    elif not first:
        lines += ["", "No feedback to give."]
    heading = ""
    for name, f in rest:
        if name != heading:
            lines.append(f"  {name}")
            heading = name
        where = where_in(result.essay, f)
        lines.append(f"    {action_of(f)} ({where}): {f.message}")
    return "\n".join(lines) + "\n"
