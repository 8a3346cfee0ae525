"""Whether each card's level descriptor is true of its essay, by the claims written beside it.

A level descriptor is a claim about the essay ("errors in many sentences"); grader.rubric.evidence
keeps, beside the built-in levels, the condition each one asserts. This module reads a marked
essay (an EssayResult, or the JSON `grader check --format json` writes, of any version) and
lists the cards whose measures deny their own descriptor.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.rubric.kind import derived_measures, find_spec
from grader.rubric.levels import claim_holds


@dataclass(frozen=True)
class FalseCard:
    """A criterion card whose descriptor the essay's own measures deny."""

    essay: str
    criterion: str
    level: str
    descriptor: str
    claim: str

    def __str__(self) -> str:
        return (
            f"{self.essay}: {self.criterion} {self.level!r} ({self.descriptor}) needs {self.claim}"
        )


def denies(kind: str, descriptor: str, measures: Mapping[str, float]) -> str:
    """Return the claim a descriptor makes when the measures deny it, else ''."""
    spec = find_spec(kind)
    said = spec.claims.get(descriptor, ()) if spec else ()
    if claim_holds(said, measures):
        return ""
    return " or ".join(", ".join(str(c) for c in group) for group in said)


def false_cards(result: Mapping[str, Any], essay: str = "") -> list[FalseCard]:
    """List the false cards of one essay's JSON result (`grader check --format json`)."""
    name = essay or str(result.get("student", ""))
    found = []
    for criterion in result.get("criteria", []):
        kind = criterion.get("kind", "")
        measures = dict(criterion.get("measures", {}))
        if kind == "mechanics" and "sentences_with_errors_share" not in measures:
            # Results written before the measure existed: count it from their findings.
            measures["sentences_with_errors_share"] = _error_sentence_share(result, criterion)
        measures |= {k: v for k, v in derived_measures(kind, measures).items() if k not in measures}
        said = denies(kind, str(criterion.get("descriptor", "")), measures)
        if said and criterion.get("level") != "Not assessed":
            found.append(
                FalseCard(name, criterion["id"], criterion["level"], criterion["descriptor"], said)
            )
    return found


def _error_sentence_share(result: Mapping[str, Any], criterion: Mapping[str, Any]) -> float:
    """Return the share of the essay's sentences that hold one of a criterion's errors."""
    sentences: Sequence[Sequence[int]] = result.get("sentences", [])
    if not sentences:
        return float("nan")
    starts = [s[0] for s in sentences]
    hit = set()
    for finding in result.get("findings", []):
        if finding.get("criterion") != criterion.get("id") or finding.get("severity") != "error":
            continue
        for start, *_ in [(finding["start"],), *finding.get("also_at", ())]:
            i = bisect_right(starts, start) - 1
            if i >= 0:
                hit.add(i)
    return len(hit) / len(sentences)
