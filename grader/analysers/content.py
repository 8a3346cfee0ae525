"""Key terms: which of the rubric's key terms the essay uses, and the points they carry.

A term matches any word with the same stem, so "invention" in the rubric also finds
"invented" and "inventing" in the essay. Terms usually come from `grader calibrate`, which
learns them from the essays a teacher marked highly (and, with minus points, from those
marked low); a teacher may also write them by hand.
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.analysers.wording import content_terms, stem
from grader.essay import Essay
from grader.findings import Assessment, Finding, Severity
from grader.kinds.content import ContentCriterion
from grader.services import Services

KIND = "content"
SHOWN_TERMS = 8  # how many terms a note lists, so it stays readable


def terms_used(text: str, terms: Mapping[str, float]) -> list[str]:
    """List the terms the text uses, in the rubric's order."""
    stems = content_terms(text)
    return [term for term in terms if stem(term) in stems]


def ranked_terms(terms: Mapping[str, float]) -> list[tuple[str, float]]:
    """List the terms with their points, most valued first (ties in alphabetical order)."""
    return sorted(terms.items(), key=lambda item: (-item[1], item[0]))


def key_term_measures(text: str, terms: Mapping[str, float]) -> dict[str, float]:
    """Measure the key terms a text uses: their points, how many, the share of points reached."""
    return _measures(terms_used(text, terms), terms)


def _measures(used: list[str], terms: Mapping[str, float]) -> dict[str, float]:
    """Turn the terms found into measures: their points, how many, the share of points reached."""
    available = sum(p for p in terms.values() if p > 0)
    gained = sum(terms[t] for t in used if terms[t] > 0)
    return {
        "key_term_points": float(sum(terms[t] for t in used)),
        "key_terms_used": float(sum(1 for t in used if terms[t] > 0)),
        "key_term_share": gained / available if available else 0.0,
    }


def analyse_content(essay: Essay, criterion: ContentCriterion, services: Services) -> Assessment:
    """Say which key terms the essay uses and which of the most valued it leaves out."""
    terms = criterion.terms
    in_order = terms_used(essay.text, terms)
    used = set(in_order)
    valued = sorted((t for t in terms if terms[t] > 0), key=lambda t: -terms[t])
    found = [t for t in valued if t in used]
    missed = [t for t in valued if t not in used]
    findings = []
    if found:
        findings.append(
            _note(
                criterion.id,
                "content.used",
                "info",
                f"You used {len(found)} of the {len(valued)} key terms: {_listed(found)}.",
            )
        )
    if missed:
        findings.append(
            _note(
                criterion.id,
                "content.missed",
                "suggestion",
                f"Key terms for this topic that your essay does not use yet: {_listed(missed)}.",
            )
        )
    return Assessment(measures=_measures(in_order, terms), findings=tuple(findings))


def _listed(terms: list[str]) -> str:
    """List the first few terms, saying how many more there are."""
    shown = ", ".join(terms[:SHOWN_TERMS])
    more = len(terms) - SHOWN_TERMS
    return f"{shown} and {more} more" if more > 0 else shown


def _note(criterion: str, code: str, severity: Severity, message: str) -> Finding:
    """Make a note about the essay as a whole."""
    return Finding(
        criterion=criterion,
        kind=KIND,
        code=code,
        severity=severity,
        message=message,
        start=0,
        end=0,
    )
