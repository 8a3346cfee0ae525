"""Count planted errors caught and correct claims called wrong, topic by topic.

Each topic is a folder holding a fact sheet (`*.facts.yaml`), essays (`*.txt`) and
`expected.yaml`, which lists each essay's planted errors: the wrong words as written, the id
of the fact they break and the kind of value. A planted error is caught when a contradicted
verdict on that fact marks those words; caught for the wrong reason when only a verdict on
another fact does; a false contradiction is a contradicted verdict that marks no planted error.

Run: .venv/bin/python -m benchmarks.facts_accuracy [TOPIC_FOLDER ...]
(default: every folder under tests/facts_topics)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.analysers.facts import check_facts, findings_for
from grader.essay import Essay
from grader.factsheet import load_fact_sheet
from grader.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ROOT / "tests" / "facts_topics"


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
    supported: int = 0
    false: list[str] = field(default_factory=list)  # contradicted verdicts on correct words
    missed: list[Missed] = field(default_factory=list)


def spans_of(finding: Finding) -> list[tuple[int, int]]:
    """Return every stretch of the essay a finding marks."""
    return [(finding.start, finding.end), *(finding.also_at or ())]


def overlaps(finding: Finding, start: int, end: int) -> bool:
    """Tell whether a finding marks any of the words from start to end."""
    return any(a < end and start < b for a, b in spans_of(finding))


def score_topic(folder: Path) -> TopicScore:
    """Check every essay of a topic and compare the verdicts with the planted errors."""
    (sheet_file,) = folder.glob("*.facts.yaml")
    sheet = load_fact_sheet(sheet_file)
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    score = TopicScore(folder.name)
    for name, entry in expected["essays"].items():
        essay = Essay.from_text((folder / name).read_text(encoding="utf-8"), name)
        findings = findings_for(check_facts(essay, sheet), "facts", essay)
        wrong = [f for f in findings if f.verdict == "contradicted"]
        score.supported += sum(1 for f in findings if f.verdict == "supported")
        planted_spans = []
        for planted in entry["planted"] or []:
            start = essay.text.index(planted["wrong"])
            end = start + len(planted["wrong"])
            planted_spans.append((start, end))
            score.planted += 1
            marking = [f for f in findings if overlaps(f, start, end) and f.kind == "facts"]
            if any(f.fact == planted["fact"] for f in marking if f.verdict == "contradicted"):
                score.caught += 1
                continue
            if any(f.verdict == "contradicted" for f in marking):
                score.wrong_reason += 1
            said = "; ".join(f"{f.verdict} {f.fact or ''}".strip() for f in marking) or "nothing"
            score.missed.append(Missed(name, planted["wrong"], planted["fact"], said))
        for finding in wrong:
            if not any(overlaps(finding, a, b) for a, b in planted_spans):
                words = " … ".join(essay.text[a:b] for a, b in spans_of(finding))
                score.false.append(f"{name}: {finding.fact} on “{words}”")
    return score


def main(folders: list[Path]) -> int:
    """Print caught / planted and false contradictions per topic, then what was missed."""
    scores = [score_topic(folder) for folder in folders]
    print(f"{'topic':32} {'caught / planted':>17} {'wrong reason':>13} {'false contr.':>13}")
    for s in scores:
        print(
            f"{s.topic:32} {f'{s.caught} / {s.planted}':>17} {s.wrong_reason:>13} "
            f"{len(s.false):>13}   ({s.supported} verdicts supported)"
        )
    planted = sum(s.planted for s in scores)
    caught = sum(s.caught for s in scores)
    false = sum(len(s.false) for s in scores)
    share = caught / planted if planted else 0.0
    print(f"{'all':32} {f'{caught} / {planted}':>17} {'':>13} {false:>13}   ({share:.1%} caught)")
    for s in scores:
        for m in s.missed:
            print(f"missed  {s.topic}/{m.essay}: “{m.wrong}” ({m.fact}); the checker said {m.said}")
        for f in s.false:
            print(f"false   {s.topic}/{f}")
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    sys.exit(main(args or sorted(p for p in TOPICS.iterdir() if p.is_dir())))
