"""How many of the tool's findings a teacher calls false: the labelled set of issue 36.

Teachers who had not read the code labelled every finding `grader check --format json` gave on
16 essays (tests/comment_truth/labels.yaml): TRUE-USEFUL, TRUE-MINOR, FALSE or UNCLEAR, keyed by
the finding's code and span. This script rebuilds each essay's text (the teachers' own file, or
an ASAP or W&I+LOCNESS row from ../shared/datasets by its id), marks it against the essay's
rubric as `grader check` does, and matches every finding to a label by (code, start, end).

It prints, per kind and overall: findings, how many carry a label, how many of those are FALSE
and their share, and the labels whose finding is gone; then the findings with no label, to be
labelled in the next round by someone who has not read the code.

    .venv/bin/python benchmarks/comment_truth.py
    .venv/bin/python benchmarks/comment_truth.py --essays own-terror-slips wi-1-88588
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from grader.findings import Finding
from grader.io.reading import essay_from_text, load_essay
from grader.marking.pipeline import mark_essay
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "comment_truth" / "labels.yaml"
DATASETS = ROOT.parent / "shared" / "datasets"
ASAP = "asap_cts/aes-cross-val-data-attributes-tsv"
WI_LOCNESS = "wi_locness/json"
KINDS = ("mechanics", "structure", "readability", "facts", "content", "other")
VERDICTS = ("TRUE-USEFUL", "TRUE-MINOR", "FALSE", "UNCLEAR")
MESSAGE_SHOWN = 80

# A finding's code, start, end and first suggested fix: what a label is keyed by. A label written
# for another first fix ("wich" -> "with") does not hold for a new one ("which"): that finding
# waits for a new label.
Key = tuple[str, int, int, str]


class MissingData(LookupError):
    """A dataset file or row an essay refers to is not on this machine."""


@dataclass(frozen=True)
class Label:
    """A teacher's judgement of one finding."""

    code: str
    start: int
    end: int
    verdict: str
    note: str
    suggestion: str = ""  # the first fix the finding offered when it was labelled

    @property
    def key(self) -> Key:
        """Return the code and span the label was given to."""
        return (self.code, self.start, self.end, self.suggestion)


@dataclass(frozen=True)
class LabelledEssay:
    """One essay of the labelled set: where its text is, its rubric and its labels."""

    id: str
    labeller: int
    source: dict[str, Any]
    rubric: str
    labels: tuple[Label, ...]
    rubric_text: str = ""  # a small rubric of the labeller's own (extends a built-in one)


@dataclass
class Tally:
    """Counts for one kind of finding."""

    findings: int = 0
    labelled: int = 0
    false: int = 0
    gone: int = 0  # labels whose finding the tool no longer gives

    def share(self) -> str:
        """Return the FALSE share among labelled findings, as a percentage."""
        return f"{self.false / self.labelled:.1%}" if self.labelled else "-"


@dataclass
class Outcome:
    """What the labels say of the tool's findings on a set of essays."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    unlabelled: list[tuple[str, Finding]] = field(default_factory=list)
    gone: list[tuple[str, Label]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # essay id, why
    false_codes: Counter[str] = field(default_factory=Counter)  # FALSE findings still made
    false_found: list[tuple[str, Finding, str]] = field(default_factory=list)  # essay, note


def read_labels(path: Path) -> list[LabelledEssay]:
    """Read the label file, refusing a verdict that is not one of the four."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    essays = []
    for entry in data["essays"]:
        labels = tuple(
            Label(
                f["code"],
                f["start"],
                f["end"],
                f["label"],
                f.get("note") or "",
                str(f.get("suggestion") or ""),
            )
            for f in entry["findings"]
        )
        for label in labels:
            if label.verdict not in VERDICTS:  # a bare FALSE in YAML is the boolean false
                raise ValueError(
                    f"{path}: {entry['id']} {label.code} {label.start}-{label.end}: label "
                    f"{label.verdict!r} is not one of {', '.join(VERDICTS)} (quote it)"
                )
        essays.append(
            LabelledEssay(
                entry["id"],
                entry["labeller"],
                entry["source"],
                entry["rubric"],
                labels,
                entry.get("rubric_text", ""),
            )
        )
    return essays


def essay_text(source: dict[str, Any], folder: Path, datasets: Path = DATASETS) -> str:
    """Return the essay's text as it was checked: its own file, or its dataset row by id."""
    if "dataset" not in source:
        return (folder / str(source["file"])).read_text(encoding="utf-8")
    if source.get("dataset") == "asap":
        table = datasets / ASAP / str(source["prompt"]) / f"{source['split']}.tsv"
        return _row(asap_essays(table), str(source["essay_id"]), table)
    if source.get("dataset") == "wi_locness":
        lines = datasets / WI_LOCNESS / str(source["file"])
        return _row(wi_locness_essays(lines), str(source["id"]), lines)
    raise ValueError(f"unknown essay source {source}")


def _row(texts: dict[str, str], essay_id: str, path: Path) -> str:
    """Return one essay of a dataset file by its id, or say which is missing."""
    if essay_id not in texts:
        raise MissingData(f"no essay {essay_id} in {path}")
    return texts[essay_id]


@cache
def asap_essays(table: Path) -> dict[str, str]:
    """Read an ASAP tab-separated file: essay id to its `essay` field."""
    if not table.exists():
        raise MissingData(f"cannot find {table}")
    with table.open(encoding="utf-8", newline="") as rows:
        return {row["essay_id"]: row["essay"] for row in csv.DictReader(rows, delimiter="\t")}


@cache
def wi_locness_essays(lines: Path) -> dict[str, str]:
    """Read a W&I+LOCNESS JSON-lines file: essay id to its `text`."""
    if not lines.exists():
        raise MissingData(f"cannot find {lines}")
    with lines.open(encoding="utf-8") as rows:
        return {row["id"]: row["text"] for row in map(json.loads, rows)}


def kind_of(kind_or_code: str) -> str:
    """Return the reported kind for a finding's kind, or the first part of a label's code."""
    kind = kind_or_code.split(".")[0]
    return kind if kind in KINDS else "other"


def compare(
    outcome: Outcome, essay_id: str, findings: tuple[Finding, ...], labels: tuple[Label, ...]
) -> None:
    """Match findings to labels by code and span, and count them into the outcome."""
    waiting: dict[Key, list[Label]] = defaultdict(list)
    for label in labels:
        waiting[label.key].append(label)
    for finding in findings:
        tally = outcome.tallies[kind_of(finding.kind)]
        tally.findings += 1
        first = finding.suggestions[0] if finding.suggestions else ""
        matches = waiting.get((finding.code, finding.start, finding.end, first))
        if not matches:
            outcome.unlabelled.append((essay_id, finding))
            continue
        label = matches.pop(0)  # two findings with one key take the labels in order
        tally.labelled += 1
        tally.false += label.verdict == "FALSE"
        if label.verdict == "FALSE":
            outcome.false_codes[finding.code] += 1
            outcome.false_found.append((essay_id, finding, label.note))
    for left in waiting.values():
        for label in left:
            outcome.tallies[kind_of(label.code)].gone += 1
            outcome.gone.append((essay_id, label))


def rubric_of(entry: LabelledEssay) -> Rubric:
    """Load an essay's rubric: a built-in one, or the labeller's own small file."""
    if not entry.rubric_text:
        return load_rubric(entry.rubric)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{entry.rubric}.yaml"
        path.write_text(entry.rubric_text, encoding="utf-8")
        return load_rubric(str(path))


def measure(essays: list[LabelledEssay], folder: Path) -> Outcome:
    """Mark every labelled essay as `grader check` does and compare findings with labels."""
    outcome = Outcome()
    services = Services()
    rubrics: dict[str, Rubric] = {}
    for entry in essays:
        print(f"marking {entry.id}", file=sys.stderr, flush=True)
        try:
            if "dataset" in entry.source:
                text = essay_text(entry.source, folder)
                essay = essay_from_text(text, entry.id, f"{entry.source['dataset']}:{entry.id}")
            else:
                essay = load_essay(folder / entry.source["file"], student=entry.id)
        except MissingData as error:
            outcome.skipped.append((entry.id, str(error)))
            continue
        if entry.rubric not in rubrics:
            rubrics[entry.rubric] = rubric_of(entry)
        result = mark_essay(essay, rubrics[entry.rubric], services)
        compare(outcome, entry.id, result.findings, entry.labels)
    return outcome


def report(outcome: Outcome, essays: int, list_gone: bool, list_false: bool = False) -> str:
    """Lay out the table per kind, the unlabelled findings and the labels gone."""
    lines = [
        f"{'kind':12} {'findings':>9} {'labelled':>9} {'FALSE':>6} {'FALSE share':>12} "
        f"{'labels gone':>12}"
    ]
    overall = Tally()
    for kind, t in outcome.tallies.items():
        for name in ("findings", "labelled", "false", "gone"):
            setattr(overall, name, getattr(overall, name) + getattr(t, name))
        if t.findings or t.gone:
            lines.append(
                f"{kind:12} {t.findings:>9} {t.labelled:>9} {t.false:>6} {t.share():>12} "
                f"{t.gone:>12}"
            )
    lines.append(
        f"{'overall':12} {overall.findings:>9} {overall.labelled:>9} {overall.false:>6} "
        f"{overall.share():>12} {overall.gone:>12}"
    )
    lines.append(f"({essays - len(outcome.skipped)} of {essays} essays marked)")
    commonest = ", ".join(f"{code} {n}" for code, n in outcome.false_codes.most_common(8))
    lines.append(f"FALSE findings still made, by code: {commonest or 'none'}")
    if list_false:
        for essay_id, f, note in outcome.false_found:
            lines.append(f"  {essay_id:20} {f.code} {f.start}-{f.end}: FALSE, {note}")
    for essay_id, why in outcome.skipped:
        lines.append(f"skipped {essay_id}: {why}")
    lines += [
        "",
        f"Findings with no label, for the next round of labelling: {len(outcome.unlabelled)}",
    ]
    for essay_id, f in outcome.unlabelled:
        message = " ".join(f.message.split())[:MESSAGE_SHOWN].rstrip()
        lines.append(f"  {essay_id:20} {f.code} {f.start}-{f.end}: {message}")
    lines.append(f"Labels that match no finding any more: {len(outcome.gone)}")
    if list_gone:
        for essay_id, label in outcome.gone:
            lines.append(f"  {essay_id:20} {label.code} {label.start}-{label.end}: {label.verdict}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Measure the FALSE share of the tool's findings on the labelled essays."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--labels", type=Path, default=LABELS, help="label file (YAML)")
    parser.add_argument("--essays", nargs="+", metavar="ID", help="only these essays")
    parser.add_argument("--list-gone", action="store_true", help="list the labels gone too")
    parser.add_argument(
        "--list-false", action="store_true", help="list each FALSE finding still made, with why"
    )
    args = parser.parse_args(argv)
    essays = read_labels(args.labels)
    if args.essays:
        unknown = set(args.essays) - {e.id for e in essays}
        if unknown:
            parser.error(f"no such essay in {args.labels}: {', '.join(sorted(unknown))}")
        essays = [e for e in essays if e.id in args.essays]
    outcome = measure(essays, args.labels.parent)
    sys.stdout.write(report(outcome, len(essays), args.list_gone, args.list_false))
    return 0


if __name__ == "__main__":
    sys.exit(main())
