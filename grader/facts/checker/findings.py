"""Findings a student can act on, and the measures of the facts criterion."""

from __future__ import annotations

from collections.abc import Sequence

from grader.essay import Essay
from grader.facts.checker.model import (
    SEVERITY,
    Agreement,
    FactCheck,
    FactVerdict,
    Unverified,
    ValueCheck,
)
from grader.facts.sheet import Fact, FactSheet
from grader.findings import Finding


def findings_for(result: FactCheck, criterion: str, essay: Essay) -> tuple[Finding, ...]:
    """Turn the checker's verdicts into findings a student can act on."""
    text = essay.text
    findings = [f for v in result.verdicts for f in _verdict_findings(v, criterion, text)]
    findings += [
        Finding(
            criterion=criterion,
            kind="facts",
            code=f"facts.{fact.id}",
            severity=SEVERITY["missing"],
            message=f"Missing fact: {fact.statement} Add it if it helps your argument.",
            start=0,
            end=0,
            verdict="missing",
            source=fact.source,
            fact=fact.id,
            expected=fact.statement,
        )
        for fact in result.missing
    ]
    statements = {f.id: f.statement for f in result.facts}
    findings += [_unverified_finding(u, criterion, text, statements) for u in result.unverified]
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.code)))


def _verdict_findings(verdict: FactVerdict, criterion: str, text: str) -> list[Finding]:
    """Say what the essay got right or wrong about a fact: one finding for each outcome.

    Each highlights only the words it judged (the first, and the rest as `also_at`), so a
    sentence with a right date and a wrong place shows the date as right and the place as wrong.
    """
    fact = verdict.fact
    if not verdict.checks:
        return [_finding(fact, "supported", ((verdict.start, verdict.end),), (), criterion, text)]
    findings = []
    for outcome in dict.fromkeys(c.outcome for c in verdict.checks):
        checks = tuple(sorted((c for c in verdict.checks if c.outcome == outcome), key=_at))
        spans = tuple((c.start, c.end) for c in checks)
        findings.append(_finding(fact, outcome, spans, checks, criterion, text))
    return findings


def _finding(
    fact: Fact,
    outcome: Agreement,
    spans: tuple[tuple[int, int], ...],
    checks: tuple[ValueCheck, ...],
    criterion: str,
    text: str,
) -> Finding:
    """Say what some values of the essay show about a fact, the correction and its source."""
    quotes = [_quote_span(text, start, end) for start, end in spans]
    suggestions: tuple[str, ...] = ()
    if outcome == "supported":
        kinds = " and ".join(dict.fromkeys(c.what for c in checks))
        right = f"{listed_items(quotes)} {'is' if len(quotes) == 1 else 'are'} right ({kinds}): "
        message = f"Correct: {right if checks else ''}{fact.statement}"
    else:
        said = "; ".join(
            f"you wrote {quote}: {c.note}"
            if c.what == "misconception"
            else f"you wrote {quote}, but the fact sheet says {c.expected}"
            for quote, c in zip(quotes, checks, strict=True)
        )
        opening = "Check this fact" if outcome == "contradicted" else "Be more precise"
        message = (
            f"{opening}: {said.rstrip('.')}. Fact sheet: {fact.statement} (source: {fact.source})"
        )
        suggestions = tuple(dict.fromkeys(c.expected for c in checks if c.what != "misconception"))
    (start, end), *others = spans
    return Finding(
        criterion=criterion,
        kind="facts",
        code=f"facts.{fact.id}",
        severity=SEVERITY[outcome],
        message=message,
        start=start,
        end=end,
        suggestions=suggestions,
        verdict=outcome,
        source=fact.source,
        fact=fact.id,
        expected=fact.statement,
        claimed="; ".join(quotes),
        also_at=tuple(others) or None,
    )


def _at(check: ValueCheck) -> int:
    """Return where a check's words start, to list checks in reading order."""
    return check.start


def listed_items(items: Sequence[str]) -> str:
    """Join items as a reader would: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def _quote_span(text: str, start: int, end: int) -> str:
    """Quote a stretch of the essay in curly quotes, on one line."""
    return f"“{' '.join(text[start:end].split())}”"


def _unverified_finding(
    item: Unverified, criterion: str, text: str, statements: dict[str, str]
) -> Finding:
    """List what a sentence claims that the fact sheet cannot check."""
    parts = []
    fitting = dict(item.fits)
    plain = [c for c in item.claims if c not in fitting]
    if plain:
        said = ", ".join(_quote_span(text, *c) for c in plain)
        parts.append(f"{said}: no fact on the fact sheet covers this, so check it yourself.")
    for claim, facts in item.fits:
        options = " or ".join(f"“{statements[f]}”" for f in facts)
        parts.append(
            f"{_quote_span(text, *claim)} agrees with the fact sheet's {options}, but the "
            "sentence does not name what it is about; name it so that it can be checked."
        )
    for claim, facts in item.ambiguous:
        options = " or ".join(f"“{statements[f]}”" for f in facts)
        parts.append(
            f"{_quote_span(text, *claim)} could be about {options}; "
            "make clear which event it belongs to."
        )
    if item.subjects and not parts:
        names = " and ".join(item.subjects)
        parts.append(
            f"this sentence says something about {names} that the fact sheet does not cover; "
            "make sure it is right."
        )
    spans = [*item.claims, *(claim for claim, _ in item.ambiguous)]
    claimed = "; ".join(_quote_span(text, *span) for span in spans)
    return Finding(
        criterion=criterion,
        kind="facts",
        code="facts.unverified",
        severity=SEVERITY["unverified"],
        message="Not checked: " + " ".join(parts),
        start=item.start,
        end=item.end,
        verdict="unverified",
        claimed=claimed or None,
    )


def measures_for(
    result: FactCheck, sheet: FactSheet, findings: Sequence[Finding]
) -> dict[str, float]:
    """Compute accuracy, coverage, the fact score and the count of each verdict."""
    weight = {f.id: f.weight for f in sheet.facts}
    checked = {"supported": 0.0, "imprecise": 0.0, "contradicted": 0.0}
    for verdict in result.verdicts:
        checked[verdict.outcome] += weight[verdict.fact.id]
    total = sum(checked.values())
    accuracy = checked["supported"] / total if total else 0.0
    required = [f for f in sheet.facts if f.required]
    needed = sum(f.weight for f in required)
    covered = sum(f.weight for f in required if f.id in result.mentioned)
    coverage = covered / needed if needed else 1.0
    touching = len(result.verdicts) + len(result.mentioned)
    if not touching:
        accuracy = coverage = 0.0  # an essay on another subject earns no facts credit
    counts = {v: 0.0 for v in ("supported", "contradicted", "imprecise", "missing", "unverified")}
    for finding in findings:
        if finding.verdict is not None:
            counts[finding.verdict] += 1
    return {
        "fact_score": (accuracy + coverage) / 2,
        "accuracy": accuracy,
        "coverage": coverage,
        **counts,
        "required_facts": float(len(required)),
        "claims_touching_sheet": float(touching),
    }
