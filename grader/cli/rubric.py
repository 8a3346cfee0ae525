"""`grader rubric`: validate, show and start rubrics, and print their JSON Schema."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from grader.analysers.content import ranked_terms
from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure
from grader.cli.options import rubric_named
from grader.io.files import write_atomic
from grader.io.yamlfile import MarkedDict, YamlProblem, load_yaml
from grader.rubric.files import builtin_rubrics, resolve_rubric_path, schema_path
from grader.rubric.kind import label_for
from grader.rubric.levels import bounds_in_words
from grader.rubric.schema import DEFAULT_RUBRIC, Rubric, RubricError
from grader.rubric_loader import load_rubric

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)

RUBRIC_EXAMPLES = """\
examples:
  grader rubric validate my-rubric.yaml
  grader rubric show history-essay-great-terror
  grader rubric new year10-terror --from history-essay-great-terror
  grader rubric schema > rubric.schema.json
"""


def add_rubric_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader rubric` and its actions."""
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
    sys.stdout.write(describe_rubric(rubric_named(args.file)))
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


def rubric_schema() -> dict[str, Any]:
    """Return the JSON Schema of rubric files, as editors use it while a teacher types."""
    schema = Rubric.model_json_schema()
    properties = schema["properties"]
    properties["extends"] = {
        "type": "string",
        "description": "A built-in rubric name or a path: inherit it and override what changes.",
    }
    required = schema.pop("required", [])
    # A rubric that extends another may leave out what it inherits.
    schema["if"] = {"not": {"required": ["extends"]}}
    schema["then"] = {"required": required}
    override = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "remove": {"type": "boolean", "description": "Drop this inherited criterion."},
        },
    }
    items = properties["criteria"]["items"]
    properties["criteria"]["items"] = {"anyOf": [items, override]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    """Render the JSON Schema as the text of rubrics/rubric.schema.json."""
    return json.dumps(rubric_schema(), indent=2, ensure_ascii=False) + "\n"


def fact_count(rubric: Rubric) -> int:
    """Count the facts a rubric checks, inline or in its fact-sheet file."""
    facts: Any = rubric.facts
    if isinstance(facts, str):
        try:
            data = load_yaml(Path(facts))
        except YamlProblem:
            return 0
        facts = data.get("facts", []) if isinstance(data, MarkedDict) else data
    return len(facts) if isinstance(facts, list) else 0


def describe_rubric(rubric: Rubric) -> str:
    """Summarise a rubric for a teacher: criteria, weights as shares, levels and grades."""
    lines = [f"{rubric.title}  ({rubric.path})"]
    about = [rubric.subject, rubric.level, rubric.language]
    if rubric.word_count is not None:
        about.append(f"{rubric.word_count.min:g}–{rubric.word_count.max:g} words")
    lines.append(" · ".join(part for part in about if part))
    if rubric.facts is not None:
        where = f" from {Path(rubric.facts).name}" if isinstance(rubric.facts, str) else " inline"
        lines.append(f"Facts: {fact_count(rubric)}{where}")
    maxima = [
        c.weight * max(level.score for level in c.effective_levels()) for c in rubric.criteria
    ]
    total = sum(maxima)
    lines += ["", "Criteria (share of the total mark):"]
    for criterion, maximum in zip(rubric.criteria, maxima, strict=True):
        share = 100 * maximum / total if total else 0
        lines.append(
            f"  {criterion.name} [{criterion.id}, {criterion.kind_name}] — weight "
            f"{criterion.weight:g}, {maximum:g} points, {share:.0f}%"
        )
        measure = criterion.level_measure
        evidence = criterion.effective_evidence()
        if evidence:
            weights = sum(piece.weight for piece in evidence)
            lines.append("    level chosen by the evidence score, the weighted mean of:")
            for piece in evidence:
                lines.append(
                    f"      {100 * piece.weight / weights:>3.0f}%  {piece.label} ({piece.measure}: "
                    f"none at {piece.worst:g}, full at {piece.best:g})"
                )
            for cap in criterion.effective_caps():
                when = bounds_in_words(cap.min, cap.max)
                lines.append(
                    f"    at most {cap.at_most:.0%} of the points when {cap.measure} is {when}"
                )
        else:
            lines.append(f"    level chosen by: {label_for(measure)} ({measure})")
        terms = getattr(criterion, "terms", None)
        if terms:
            lines.append(
                "    key terms: " + ", ".join(f"{t} {p:+g}" for t, p in ranked_terms(terms))
            )
        for level in criterion.effective_levels():
            lines.append(
                f"    {level.score:>4g}  {level.label:<24} {bounds_in_words(level.min, level.max)}"
            )
    lines += ["", "Grades: " + ", ".join(f"{g.grade} from {g.min:g}%" for g in _by_min(rubric))]
    for short in (rubric.too_short, rubric.far_too_short):
        if short is not None and rubric.word_count is not None:
            words = short.share * rubric.word_count.min
            lines.append(f"Essays under {words:g} words: at most {short.best_grade}")
    if rubric.learned is not None and rubric.learned_marks is not None:
        lines += [
            "",
            f"The mark is learned from {len(rubric.learned.marks)} essays the teacher marked "
            f"({Path(rubric.learned_marks.file).name}). What moves it: "
            f"{rubric.learned.in_words()}.",
        ]
    return "\n".join(lines) + "\n"


def _by_min(rubric: Rubric) -> list[Any]:
    """Return the grade boundaries from the highest to the lowest."""
    return sorted(rubric.grades, key=lambda g: g.min, reverse=True)


def new_rubric(name: str, builtin: str, full: bool = False) -> list[Path]:
    """Write a starter rubric from a built-in one: a short `extends` file, or (full) a copy.

    Returns the files written.
    """
    source = resolve_rubric_path(builtin)
    if builtin not in builtin_rubrics():
        raise RubricError.single(builtin, f"--from takes a built-in rubric: {_builtins()}")
    target = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if target.exists():
        raise RubricError.single(target, "already exists; choose another name or remove it")
    parent = load_rubric(str(source))
    if not full:
        write_atomic(target, _extending(target, builtin, parent))
        load_rubric(str(target))  # a starter that does not validate would be a bug
        return [target]
    text = source.read_text(encoding="utf-8")
    schema = os.path.relpath(schema_path(), target.resolve().parent)
    header = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# Starter rubric '{target.stem}', copied from the built-in '{builtin}'.\n"
        "# Edit anything below, then check it with: grader rubric validate "
        f"{target}\n"
    )
    text = header + SCHEMA_LINE.sub("", text, count=1).lstrip("\n")
    text = re.sub(
        r"^title: .*$", f"title: {json.dumps(target.stem)}", text, count=1, flags=re.MULTILINE
    )
    written = [target]
    if isinstance(parent.facts, str):
        facts_source = Path(parent.facts)
        facts_target = target.with_name(f"{target.stem}.facts.yaml")
        if facts_target.exists():
            raise RubricError.single(facts_target, "already exists; choose another name")
        text = re.sub(
            r"^facts: .*$", f"facts: {facts_target.name}", text, count=1, flags=re.MULTILINE
        )
        facts_target.write_text(facts_source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(facts_target)
    target.write_text(text, encoding="utf-8")
    load_rubric(str(target))  # a starter that does not validate would be a bug
    return written


def _extending(target: Path, builtin: str, parent: Rubric) -> str:
    """Write a short rubric that extends a built-in one, with commented examples to change."""
    schema = os.path.relpath(schema_path(), target.resolve().parent)
    first = parent.criteria[0]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Rubric '{target.stem}': the built-in '{builtin}', with what you change below.",
        "# Everything not written here comes from it; see it whole with:",
        f"#   grader rubric show {builtin}",
        f"# Check your changes with: grader rubric validate {target}",
        f"extends: {builtin}",
        f"title: {json.dumps(target.stem)}",
        "",
        "# Examples: remove the # in front of a line to use it.",
        "# level: Year 10",
        "# word_count: {min: 400, max: 800}",
        "# criteria:                      # give an id and only the keys that change",
        f"#   - id: {first.id}",
        f"#     weight: {first.weight:g}",
        "# grades:                        # a list replaces the built-in's whole list",
        *(f"#   - {{min: {g.min:g}, grade: {json.dumps(g.grade)}}}" for g in _by_min(parent)),
    ]
    if parent.facts is not None:
        lines += [
            "# Your own topic's fact sheet (how to write one: rubrics/README.md, 'Fact sheets'):",
            f"# facts: {target.stem}.facts.yaml",
        ]
    return "\n".join(lines) + "\n"


def _builtins() -> str:
    """List the built-in rubric names."""
    return ", ".join(sorted(builtin_rubrics()))
