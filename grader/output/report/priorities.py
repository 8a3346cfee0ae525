"""What to fix first, and where each thing is: shared by the HTML report and the terminal.

A student acts on three to five changes, not on twenty-five findings in text order. Each
actionable finding (an error, a warning, a wrong or imprecise fact) is given the points it puts
at stake: its criterion's missing points shared among that criterion's actionable findings,
weighed by how serious it is. The list keeps the heaviest, no more than two from one
criterion, so that one long list of spellings does not hide the argument.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from grader.essay import Essay
from grader.findings import Finding
from grader.marking.pipeline import EssayResult

FIX_FIRST = 5
PER_CRITERION = 2
WEIGHT = {"error": 1.0, "warning": 0.8, "suggestion": 0.25}
VERDICT_WEIGHT = {"contradicted": 1.3, "imprecise": 1.0, "missing": 0.5}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
# Labels a student reads instead of the severities' names.
LABELS = {"error": "Fix", "warning": "Improve", "suggestion": "Idea", "info": "Good"}
# A finding over this share of the text is about the essay as a whole, not a passage.
WHOLE_TEXT_SHARE = 0.8


@dataclass(frozen=True)
class FixItem:
    """One change worth making, where it is, and what it is worth."""

    finding: Finding
    criterion: str
    where: str
    points: float


def fix_first(result: EssayResult, limit: int = FIX_FIRST) -> tuple[FixItem, ...]:
    """Return the changes that would raise the mark most, the most valuable first."""
    actionable: dict[str, list[Finding]] = defaultdict(list)
    for criterion in result.criteria:
        for finding in criterion.findings:
            if _weight(finding) > 0:
                actionable[criterion.id].append(finding)
    items = []
    for criterion in result.criteria:
        found = actionable[criterion.id]
        missing = max(criterion.max - criterion.score, 0.0)
        if not found or missing <= 0:
            continue
        share = missing / len(found)
        for finding in found:
            times = 1 + len(finding.also_at or ()) if finding.kind == "mechanics" else 1
            points = share * _weight(finding) * min(times, 3)
            items.append(
                FixItem(
                    finding,
                    criterion.name,
                    where_in(result.essay, finding, result.rubric.piece),
                    points,
                )
            )
    items.sort(key=lambda i: (-i.points, i.finding.start, i.finding.code))
    chosen: list[FixItem] = []
    taken: dict[str, int] = defaultdict(int)
    for item in items:
        if taken[item.criterion] >= PER_CRITERION:
            continue
        chosen.append(item)
        taken[item.criterion] += 1
        if len(chosen) == limit:
            break
    return tuple(chosen)


def where_in(essay: Essay, finding: Finding, piece: str = "essay") -> str:
    """Say where a finding is, as a student finds it: "paragraph 3, second sentence"."""
    start, end = finding.start, finding.end
    if end <= start or end - start >= WHOLE_TEXT_SHARE * len(essay.text):
        return f"the whole {piece}"
    for number, paragraph in enumerate(essay.paragraphs, start=1):
        if not paragraph.start <= start < max(paragraph.end, paragraph.start + 1):
            continue
        if (start, end) == (paragraph.start, paragraph.end):
            return f"paragraph {number}"
        sentences = [s for s in essay.sentences if paragraph.start <= s.start < paragraph.end]
        for index, sentence in enumerate(sentences):
            if sentence.start <= start < sentence.end:
                if len(sentences) > 1 and index == len(sentences) - 1:
                    return f"paragraph {number}, last sentence"
                ordinal = ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"
                return f"paragraph {number}, {ordinal} sentence"
        return f"paragraph {number}"
    return f"the whole {piece}"


def action_of(finding: Finding) -> str:
    """Say what a finding asks of the student, in one word: Fix, Improve, Idea, Good, Check."""
    if finding.kind == "facts" and finding.verdict == "supported":
        return "Good"
    if finding.kind == "facts" and finding.verdict in {"contradicted", "imprecise"}:
        return "Fix"
    if finding.kind == "facts" and finding.verdict == "unverified":
        return "Check"
    return LABELS.get(finding.severity, finding.severity)


def _weight(finding: Finding) -> float:
    """Return how much a finding weighs in what to fix (0: nothing to fix)."""
    if finding.kind == "facts":
        return VERDICT_WEIGHT.get(finding.verdict or "", 0.0)
    return WEIGHT.get(finding.severity, 0.0)
