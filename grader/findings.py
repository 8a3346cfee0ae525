"""Findings: what an analyser noticed, as plain data tied to a span of the essay text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "suggestion", "info"]
Verdict = Literal["supported", "contradicted", "imprecise", "missing", "unverified"]


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
