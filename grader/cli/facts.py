"""`grader facts check` and `grader facts draft`: the commands for teachers writing fact sheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.cli.errors import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, Failure
from grader.io.files import write_atomic
from grader.io.reading import EssayError, load_essay
from grader.rubric.schema import RubricError

FACTS_EXAMPLES = """\
examples:
  grader facts check rubrics/great-terror.facts.yaml
  grader facts check my.facts.yaml --essay samples/weak_essay.txt
  grader facts draft my_notes.txt -o my.facts.yaml
"""


def add_facts_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader facts check` and `grader facts draft`, for teachers writing a fact sheet."""
    facts = commands.add_parser(
        "facts",
        help="check fact sheets, or draft one from your notes",
        description="Work with fact sheets, the facts an essay's claims are checked against.",
        epilog=FACTS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = facts.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate fact sheets and list every problem with its line",
        epilog=FACTS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("files", metavar="FACTSHEET", nargs="+", help="fact-sheet files")
    check.add_argument(
        "--essay", metavar="ESSAY", help="also show what each sheet finds in this essay"
    )
    check.set_defaults(run=run_facts_check)
    draft = actions.add_parser(
        "draft",
        help="propose a fact sheet from your notes or a source text, for you to edit",
        description="Propose a fact sheet from your own notes or a source text: one fact for "
        "each sentence that holds a date or a number, with its names and the line it came "
        "from. Nothing is looked up anywhere; edit the draft, then check it.",
        epilog=FACTS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    draft.add_argument("source", metavar="SOURCE", help="notes or a text (.txt .md .docx .pdf)")
    draft.add_argument(
        "-o",
        "--output",
        metavar="FACTSHEET",
        type=Path,
        help="the fact sheet to write (default: SOURCE's name ending in .facts.yaml)",
    )
    draft.add_argument("--force", action="store_true", help="replace FACTSHEET if it exists")
    draft.set_defaults(run=run_facts_draft)


def run_facts_check(args: argparse.Namespace) -> int:
    """Validate fact sheets; with --essay, list each sheet's verdicts on that essay."""
    from grader.analysers.facts import check_facts, findings_for
    from grader.facts.sheet import load_fact_sheet

    essay = None
    if args.essay:
        try:
            essay = load_essay(args.essay)
        except EssayError as error:
            raise Failure(str(error), EXIT_FAILURES) from error
    code = EXIT_OK
    for name in args.files:
        try:
            sheet = load_fact_sheet(name)
        except RubricError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            code = EXIT_USAGE
            continue
        required = sum(1 for fact in sheet.facts if fact.required)
        print(
            f"{name}: valid ({len(sheet.facts)} facts, {required} required, "
            f"{len(sheet.names)} names)"
        )
        if essay is not None:
            for finding in findings_for(check_facts(essay, sheet), "facts", essay):
                print(f"  [{finding.verdict}] {finding.message}")
    return code


def run_facts_draft(args: argparse.Namespace) -> int:
    """Propose a fact sheet from a teacher's notes and write it for them to edit."""
    from grader.facts.drafting import propose, read_source, render

    source = Path(args.source)
    out: Path = args.output or source.with_name(source.stem + ".facts.yaml")
    if out.exists() and out.resolve() == source.resolve():
        raise Failure(f"{out}: is the source itself; choose another output file", EXIT_USAGE)
    if out.exists() and not args.force:
        raise Failure(f"{out}: already exists; use --force to replace it", EXIT_USAGE)
    try:
        essay, where = read_source(source)
    except EssayError as error:
        raise Failure(str(error), EXIT_FAILURES) from error
    draft = propose(essay, source.name, where)
    rendered = render(draft, str(out))
    if not draft.valued:
        raise Failure(f"{source}: no dated or numbered statements found", EXIT_FAILURES)
    if not rendered.facts:
        raise Failure(
            f"{source}: no fact could be proposed: the {draft.valued} sentences with a date or a "
            "number name nothing to recognise them by",
            EXIT_FAILURES,
        )
    try:
        write_atomic(out, rendered.text)
    except OSError as error:
        raise Failure(
            f"{out}: cannot be written ({error.strerror or error})", EXIT_FAILURES
        ) from error
    if draft.skipped:
        print(
            f"note: {draft.skipped} sentences with a date or a number were left out: headings, "
            "advice about the lesson, or no name or subject to recognise them by",
            file=sys.stderr,
        )
    if rendered.dropped:
        print(f"note: {rendered.dropped} proposed facts were dropped as invalid", file=sys.stderr)
    print(
        f"wrote {out}: {rendered.facts} facts proposed from {draft.valued} sentences with a "
        "date or a number"
    )
    print(f"Edit it, then run: grader facts check {out}")
    return EXIT_OK
