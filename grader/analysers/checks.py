"""Checks as data, in proselint's spirit: an id, what it measures, what to do, and an example.

A kind's analyser keeps its checks in one registry (a tuple of `Check`). Running a check gives an
`Outcome`: how far the essay meets it (0..1, or None when it does not apply) and the places it
is not met, each a span with the values its message template needs. The tests hold a table of
passing and failing example texts keyed by check id and fail when a registered check has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from grader.findings import Finding, Severity

Context = TypeVar("Context")


@dataclass(frozen=True)
class Hit:
    """One place where a check is not met: the span to point at and the values for its message."""

    start: int
    end: int
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """How far a check is met (0..1, None when it does not apply) and where it is not."""

    met: float | None
    hits: tuple[Hit, ...] = ()


NOT_APPLICABLE = Outcome(met=None)


@dataclass(frozen=True)
class Check(Generic[Context]):
    """One check: `run` measures, `message` (a str.format template) says what to do."""

    id: str
    measures: str
    message: str
    example: str
    run: Callable[[Context], Outcome]
    weight: float = 1.0
    severity: Severity = "warning"

    def findings(
        self,
        kind: str,
        criterion: str,
        outcome: Outcome,
        shared: Mapping[str, object] | None = None,
    ) -> tuple[Finding, ...]:
        """Turn an outcome's hits into findings with the check's code and message; `shared`
        holds values every message may use (what the writing is called)."""
        return tuple(
            Finding(
                criterion=criterion,
                kind=kind,
                code=f"{kind}.{self.id}",
                severity=self.severity,
                message=self.message.format(**{**(shared or {}), **hit.values}),
                start=hit.start,
                end=hit.end,
            )
            for hit in outcome.hits
        )


def weighted_share(weighted: Iterable[tuple[float, Outcome]]) -> float:
    """Return the weighted share of applicable checks met (1.0 when none applies)."""
    pairs = [(weight, outcome.met) for weight, outcome in weighted if outcome.met is not None]
    total = sum(weight for weight, _ in pairs)
    if not total:
        return 1.0
    return sum(weight * met for weight, met in pairs) / total


def quoted(words: Iterable[str], limit: int = 3) -> str:
    """Render a few words as 'a', 'b' and 'c' for a message."""
    items = [f"'{w}'" for w in list(words)[:limit]]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
