"""Findings: what an analyser noticed, as plain data tied to a span of the essay text."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "suggestion", "info"]
Verdict = Literal["supported", "contradicted", "imprecise", "missing", "unverified"]
# The order a teacher reads verdicts in: what the sheet marks wrong first, then what is
# missing, what the sheet cannot check, and what it confirms last. Every page sorts by it.
VERDICT_ORDER: tuple[Verdict, ...] = (
    "contradicted",
    "imprecise",
    "missing",
    "unverified",
    "supported",
)
# What each verdict is called on a page, in a teacher's words.
VERDICT_WORDS: dict[Verdict, str] = {
    "contradicted": "wrong",
    "imprecise": "imprecise",
    "missing": "missing",
    "unverified": "not on the sheet",
    "supported": "correct",
}


@dataclass(frozen=True)
class Finding:
    """One thing worth telling the writer, pointing at `essay.text[start:end]`."""

    criterion: str
    kind: str
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    verdict: Verdict | None = None
    source: str | None = None
    fact: str | None = None  # the fact-sheet id a facts finding is about
    expected: str | None = None  # what the fact sheet says
    claimed: str | None = None  # what the essay says, quoted
    # Mechanics: the grammar engine's rule and category (LanguageTool's ids), and the further
    # places the same mistake is made, when it is repeated ("'recieve' x3").
    rule_id: str | None = None
    category: str | None = None
    also_at: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True)
class Assessment:
    """What one analyser measured and found for one criterion of one essay."""

    measures: dict[str, float] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


def verdict_rank(verdict: str | None) -> int:
    """Place a verdict in VERDICT_ORDER; no verdict comes after every verdict."""
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else len(VERDICT_ORDER)


def finding_ids(findings: Sequence[Finding], text: str) -> tuple[str, ...]:
    """Give each finding an id that survives marking again: made of its criterion, rule, fact
    and the words it points at (and which of several alike), never of its offsets."""
    seen: Counter[str] = Counter()
    ids = []
    for f in findings:
        said = " ".join(text[f.start : f.end].split()).lower()
        key = f"{f.criterion}|{f.code}|{f.fact or ''}|{said}"
        seen[key] += 1
        ids.append(hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:8])
    return tuple(ids)
