"""Count planted errors caught and correct claims called wrong, topic by topic and set by set.

Each topic is a folder holding a fact sheet (`*.facts.yaml`), essays (`*.txt`) and
`expected.yaml`, which lists each essay's planted errors (`planted`: the wrong words as
written, the id of the fact they break and the kind of value) and, optionally, correct claims
the sheet covers (`correct`: the words as written and the fact's id). A planted error is caught
when a contradicted verdict on that fact marks those words; caught for the wrong reason when
only a verdict on another fact does. A correct claim is supported when a supported verdict on
its fact marks its words, contradicted when any contradicted verdict does (the worst failure),
and unverified when only an unverified finding does. A false contradiction is a contradicted
verdict that marks no planted error.

Topics belong to sets (the sets of topics written at one time, by one protocol) as
`facts_first_run.yaml` says; that file also holds each topic's figures from its first run,
printed beside today's.

Run: .venv/bin/python -m benchmarks.facts_accuracy [TOPIC_FOLDER ...]
(default: every folder under tests/facts_topics; folders elsewhere may be added)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.analysers.facts import check_facts, findings_for
from grader.essay import Essay
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.findings import Finding
from grader.rubric.schema import RubricError

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ROOT / "tests" / "facts_topics"
FIRST_RUN = Path(__file__).resolve().parent / "facts_first_run.yaml"


@dataclass
class Missed:
    """A planted error the checker did not catch for its reason."""

    essay: str
    wrong: str
    fact: str
    said: str  # what the checker said of those words instead, if anything


@dataclass
class TopicScore:
    """What the checker made of one topic's essays."""

    topic: str
    planted: int = 0
    caught: int = 0
    wrong_reason: int = 0
    supported: int = 0  # supported verdicts, on any words
    false: list[str] = field(default_factory=list)  # contradicted verdicts on correct words
    missed: list[Missed] = field(default_factory=list)
    listed: int = 0  # correct claims listed in expected.yaml
    right: int = 0  # of them, supported for their fact
    called_wrong: list[str] = field(default_factory=list)  # of them, contradicted
    unverified: int = 0  # of them, only listed as unverified
    unsupported: list[Missed] = field(default_factory=list)  # correct claims not supported
    rejected: str = ""  # why the checker refused the sheet, if it did

    def figures(self) -> dict[str, int]:
        """Return the figures the first-run file keeps."""
        return {
            "planted": self.planted,
            "caught": self.caught,
            "false_contradictions": len(self.false),
            "listed": self.listed,
            "supported": self.right,
            "correct_contradicted": len(self.called_wrong),
            "unverified": self.unverified,
        }


def spans_of(finding: Finding) -> list[tuple[int, int]]:
    """Return every stretch of the essay a finding marks."""
    return [(finding.start, finding.end), *(finding.also_at or ())]


def overlaps(finding: Finding, start: int, end: int) -> bool:
    """Tell whether a finding marks any of the words from start to end."""
    return any(a < end and start < b for a, b in spans_of(finding))


def _said(marking: list[Finding]) -> str:
    """Say what the checker said of some words."""
    return "; ".join(f"{f.verdict} {f.fact or ''}".strip() for f in marking) or "nothing"


def score_topic(folder: Path) -> TopicScore:
    """Check every essay of a topic and compare the verdicts with the planted errors."""
    (sheet_file,) = folder.glob("*.facts.yaml")
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    score = TopicScore(folder.name)
    try:
        sheet: FactSheet | None = load_fact_sheet(sheet_file)
    except RubricError as error:  # the checker refuses the teacher's sheet: nothing is checked
        score.rejected = str(error)
        sheet = None
    for name, entry in expected["essays"].items():
        essay = Essay.from_text((folder / name).read_text(encoding="utf-8"), name)
        checked = findings_for(check_facts(essay, sheet), "facts", essay) if sheet else ()
        findings = [f for f in checked if f.kind == "facts"]
        wrong = [f for f in findings if f.verdict == "contradicted"]
        score.supported += sum(1 for f in findings if f.verdict == "supported")
        planted_spans = []
        for planted in entry.get("planted") or []:
            start = essay.text.index(planted["wrong"])
            end = start + len(planted["wrong"])
            planted_spans.append((start, end))
            score.planted += 1
            marking = [f for f in findings if overlaps(f, start, end)]
            if any(f.fact == planted["fact"] for f in marking if f.verdict == "contradicted"):
                score.caught += 1
                continue
            if any(f.verdict == "contradicted" for f in marking):
                score.wrong_reason += 1
            score.missed.append(Missed(name, planted["wrong"], planted["fact"], _said(marking)))
        for correct in entry.get("correct") or []:
            _score_correct(score, essay, name, findings, correct)
        for finding in wrong:
            if not any(overlaps(finding, a, b) for a, b in planted_spans):
                words = " … ".join(essay.text[a:b] for a, b in spans_of(finding))
                score.false.append(f"{name}: {finding.fact} on “{words}”")
    return score


def _score_correct(
    score: TopicScore, essay: Essay, name: str, findings: list[Finding], correct: dict[str, Any]
) -> None:
    """Count what the checker said of one correct claim."""
    score.listed += 1
    start = essay.text.index(correct["words"])
    end = start + len(correct["words"])
    marking = [f for f in findings if overlaps(f, start, end)]
    if any(f.verdict == "contradicted" for f in marking):
        score.called_wrong.append(f"{name}: “{correct['words']}” ({correct['fact']})")
    elif any(f.verdict == "supported" and f.fact == correct["fact"] for f in marking):
        score.right += 1
        return
    elif any(f.verdict == "unverified" for f in marking):
        score.unverified += 1
    score.unsupported.append(Missed(name, correct["words"], correct["fact"], _said(marking)))


def first_runs() -> dict[str, Any]:
    """Read the first-run figures and the sets, as filled in by hand after each first run."""
    if not FIRST_RUN.exists():
        return {}
    data = yaml.safe_load(FIRST_RUN.read_text(encoding="utf-8")) or {}
    return data.get("topics") or {}


def _ratio(part: int, whole: int) -> str:
    """Write "part / whole"."""
    return f"{part} / {whole}"


def _row(label: str, figures: dict[str, int], first: dict[str, int] | None) -> str:
    """Write one line of the table: today's figures, then the first run's."""
    before = (
        f"{_ratio(first['caught'], first['planted'])} c, {first['false_contradictions']} f, "
        f"{_ratio(first.get('supported', 0), first.get('listed', 0))} s"
        if first
        else "-"
    )
    return (
        f"{label:34} {_ratio(figures['caught'], figures['planted']):>9} "
        f"{figures['false_contradictions']:>6} {figures['correct_contradicted']:>6} "
        f"{_ratio(figures['supported'], figures['listed']):>9} {figures['unverified']:>6}"
        f"   {before}"
    )


def _summed(items: list[dict[str, int]]) -> dict[str, int]:
    """Add up figures."""
    keys = (
        "planted",
        "caught",
        "false_contradictions",
        "listed",
        "supported",
        "correct_contradicted",
    )
    return {k: sum(i.get(k, 0) for i in items) for k in (*keys, "unverified")}


def main(folders: list[Path]) -> int:
    """Print the figures per topic and per set, then what was missed or called wrong."""
    scores = [score_topic(folder) for folder in folders]
    runs = first_runs()
    print(
        f"{'topic':34} {'caught':>9} {'false':>6} {'c.wrong':>6} {'c.right':>9} {'c.unv':>6}"
        "   first run (caught, false, correct supported)"
    )
    sets: dict[str, list[TopicScore]] = {}
    for s in scores:
        print(_row(s.topic, s.figures(), runs.get(s.topic)))
        sets.setdefault(str((runs.get(s.topic) or {}).get("set", "unassigned")), []).append(s)
    for name, members in sets.items():
        now = _summed([m.figures() for m in members])
        firsts = [runs[m.topic] for m in members if m.topic in runs]
        first = _summed(firsts) if len(firsts) == len(members) else None
        share = now["caught"] / now["planted"] if now["planted"] else 0.0
        print(_row(f"set {name} ({share:.1%} caught)", now, first))
    total = _summed([s.figures() for s in scores])
    share = total["caught"] / total["planted"] if total["planted"] else 0.0
    right = total["supported"] / total["listed"] if total["listed"] else 0.0
    print(_row(f"all ({share:.1%} caught, {right:.1%} right)", total, None))
    print(
        "caught: planted errors caught for the right fact / planted; false: contradicted "
        "verdicts marking no planted error;\nc.wrong: correct claims contradicted; c.right: "
        "correct claims supported / listed; c.unv: correct claims only unverified"
    )
    for s in scores:
        if s.rejected:
            print(f"REJECTED {s.topic}: the checker refused the sheet: {s.rejected}")
        for m in s.missed:
            print(f"missed  {s.topic}/{m.essay}: “{m.wrong}” ({m.fact}); the checker said {m.said}")
        for f in s.false:
            print(f"false   {s.topic}/{f}")
        for m in s.unsupported:
            print(f"unsupp. {s.topic}/{m.essay}: “{m.wrong}” ({m.fact}); the checker said {m.said}")
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    sys.exit(main(args or sorted(p for p in TOPICS.iterdir() if p.is_dir())))
