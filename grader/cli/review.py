"""`grader review`: a teacher's levels, dismissals and comments on a marked class folder."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure
from grader.cli.mark import say_unmatched
from grader.cli.options import rubric_named
from grader.marking.reviewing import ReviewError, level_change, required_reason
from grader.review import Comment, Dismissal, EssayReview
from grader.rubric.schema import Rubric
from grader.running.batch import CACHE_FOLDER, mark_paths
from grader.running.reviews import (
    ReviewFileError,
    load_class_review,
    load_run,
    save_class_review,
)
from grader.running.worker import BatchSettings

REVIEW_EXAMPLES = """\
examples:
  grader review reports/10b amy_jones --list
  grader review reports/10b amy_jones --criterion facts --level 4 --reason "All dates right."
  grader review reports/10b amy_jones --dismiss 3fa9c1d2 --reason "Correct: 'seven' is right."
  grader review reports/10b amy_jones --comment "Good use of Conquest." --at 120:180
  grader review reports/10b amy_jones --undo 3fa9c1d2

The changes are kept in the folder's review.json; the reports, grades.csv and results.json are
written again with them, and every later `grader mark` into the folder keeps them.
"""


def add_review_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader review`."""
    review = commands.add_parser(
        "review",
        help="change a level, dismiss a finding or add a comment in a marked folder",
        description="Review one student's marks in a folder `grader mark` wrote: set a "
        "criterion's level with a reason, dismiss a false finding, add your own comment.",
        epilog=REVIEW_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    review.add_argument("out", metavar="OUT", type=Path, help="the folder grader mark wrote")
    review.add_argument("student", metavar="STUDENT", help="the student, as in grades.csv")
    review.add_argument("--list", action="store_true", help="list the marks and finding ids")
    review.add_argument("--criterion", metavar="ID", help="the criterion whose level to set")
    review.add_argument("--level", metavar="LEVEL", help="the level's label or score")
    review.add_argument("--points", type=float, help="points within the level (default: its)")
    review.add_argument("--dismiss", metavar="FINDING", help="a finding's id (see --list)")
    review.add_argument("--reason", metavar="TEXT", help="why, for the student")
    review.add_argument("--comment", metavar="TEXT", help="a comment of your own")
    review.add_argument("--at", metavar="START:END", help="the characters it is about")
    review.add_argument("--summary", metavar="TEXT", help="your summary, in place of the tool's")
    review.add_argument("--undo", metavar="ID", help="forget a dismissal or a level change")
    review.set_defaults(run=run_review)


def run_review(args: argparse.Namespace) -> int:
    """Record the teacher's change, then write the folder's reports and tables again."""
    try:
        run = load_run(args.out / CACHE_FOLDER)
        reviews = load_class_review(args.out)
    except ReviewFileError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    current = _student_result(args.out, args.student)
    if args.list:
        print(_listing(current))
        return EXIT_OK
    rubric = rubric_named(run.rubric)
    try:
        changed = _changed(reviews.of(args.student), args, rubric, current)
    except ReviewError as error:
        raise Failure(
            f"{args.student}: {error}" if ":" not in str(error)[:30] else str(error), EXIT_USAGE
        ) from error
    reviews.students[args.student] = changed
    saved = save_class_review(args.out, reviews)
    out = args.out.resolve()
    os.chdir(run.folder)  # the essays' paths are as `grader mark` was given them, from there
    outcome = mark_paths(list(run.paths), rubric, out, BatchSettings(jobs=1))
    say_unmatched(outcome)
    print(
        f"Reviewed {args.student}: kept in {saved}; wrote the reports, grades.csv and results.json"
    )
    return EXIT_OK


def _changed(
    review: EssayReview, args: argparse.Namespace, rubric: Rubric, current: dict[str, Any]
) -> EssayReview:
    """Return the review with the one change the options ask for."""
    who, when = getpass.getuser(), datetime.now(UTC).isoformat(timespec="seconds")
    if args.undo:
        kept = review.without(args.undo)
        if kept == review:
            raise Failure(f"{args.student}: nothing to undo for {args.undo!r}", EXIT_USAGE)
        return kept
    if args.criterion or args.level:
        change = level_change(
            rubric, args.criterion, args.level, args.reason, args.points, who, when
        )
        return review.with_level(change)
    if args.dismiss:
        found = {f["id"]: f for f in current["findings"]}
        if args.dismiss not in found:
            raise Failure(f"{args.student}: no finding {args.dismiss!r} (see --list)", EXIT_USAGE)
        finding = found[args.dismiss]
        reason = required_reason(args.reason)
        return review.with_dismissal(
            Dismissal(args.dismiss, reason, finding["code"], finding.get("fact", ""), who, when)
        )
    if args.comment:
        start, end = _span(args.at, len(current["text"]))
        return review.with_comment(Comment(args.comment, start, end, who, when))
    if args.summary is not None:
        return review.with_summary(args.summary)
    raise Failure(
        "say what to change: --criterion with --level, --dismiss, --comment, --summary or --undo",
        EXIT_USAGE,
    )


def _span(at: str | None, length: int) -> tuple[int | None, int | None]:
    """Read START:END (characters of the essay), or None for the whole essay."""
    if at is None:
        return None, None
    try:
        start, end = (int(part) for part in at.split(":"))
    except ValueError:
        raise Failure(f"--at {at!r}: give START:END, e.g. 120:180", EXIT_USAGE) from None
    if not 0 <= start < end <= length:
        raise Failure(f"--at {at!r}: the essay has {length} characters", EXIT_USAGE)
    return start, end


def _student_result(out: Path, student: str) -> dict[str, Any]:
    """Return a student's entry of the folder's results.json."""
    path = out / "results.json"
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Failure(f"{path}: cannot be read ({error})", EXIT_USAGE) from error
    for result in results:
        if result.get("student") == student:
            return dict(result)
    names = ", ".join(sorted(str(r.get("student")) for r in results)[:10])
    raise Failure(f"{out}: no student {student!r} (students: {names} ...)", EXIT_USAGE)


def _listing(result: dict[str, Any]) -> str:
    """List a student's levels and findings, with the ids that --dismiss takes."""
    total = result["total"]
    lines = [f"{result['student']}: {total['score']} / {total['max']}, grade {total['grade']}"]
    for c in result["criteria"]:
        set_by = f" (set by the teacher: {c['reason']})" if c.get("reason") else ""
        lines.append(f"  {c['id']}: {c['level']} {c['score']} / {c['max']}{set_by}")
    lines.append("Findings (id, criterion, what it says):")
    for f in result["findings"]:
        gone = " [dismissed]" if f.get("dismissed") else ""
        lines.append(f"  {f['id']}  {f['criterion']}: {f['message']}{gone}")
    return "\n".join(lines)
