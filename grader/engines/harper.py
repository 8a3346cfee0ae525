"""Harper (harper-py, rules in Rust, offline) as a grammar layer: only the kinds that earned it.

Measured with benchmarks/grammar_candidates.py on the W&I+LOCNESS training essays, beside the
main engine's own findings: Punctuation (commas after opening discourse markers) was right
0.88-0.95 of the time, Usage 0.68-0.76 and Grammar 0.61-0.76; Spelling (0.48), Formatting
(0.17), Capitalization (0.55 beside the engine's own casing rules), Agreement (0.50) and the
style kinds were right too rarely to show a student, and stay off.
"""

from __future__ import annotations

import threading
from typing import Any

from grader.engines.grammar import MAX_SUGGESTIONS, GrammarMatch

KINDS = {"Punctuation": "PUNCTUATION", "Usage": "GRAMMAR", "Grammar": "GRAMMAR"}


class HarperLayer:
    """Check text with Harper's kept lint kinds, one linter per thread (it is not shared-safe)."""

    name = "harper"

    def __init__(self, british: bool = True) -> None:
        self._british = british
        self._local = threading.local()

    def check(self, text: str) -> list[GrammarMatch]:
        """Return Harper's matches of the kept kinds, with character spans."""
        if not text:
            return []
        found = [_to_match(lint) for lint in self._linter().lint(text)]
        return [m for m in found if m is not None]

    def _linter(self) -> Any:
        """Return this thread's linter, built on first use (a few milliseconds)."""
        linter = getattr(self._local, "linter", None)
        if linter is None:
            import harper

            dialect = harper.Dialect.BRITISH if self._british else harper.Dialect.AMERICAN
            linter = self._local.linter = harper.Linter(dialect=dialect)
        return linter


def _replacement(suggestion: Any, flagged: str) -> str:
    """Write a suggestion as the text that replaces the flagged words, as engines do."""
    kind = int(suggestion.kind)
    text = str(suggestion.replacement_text or "")
    if kind == 1:  # remove
        return ""
    if kind == 2:  # insert after: "However" -> "However,"
        return flagged + text
    return text


def _to_match(lint: Any) -> GrammarMatch | None:
    """Turn a Harper lint into a GrammarMatch, or None when its kind is not kept."""
    kind = str(lint.lint_kind)
    category = KINDS.get(kind)
    if category is None:
        return None
    flagged = str(lint.problem_text)
    suggestions = tuple(_replacement(s, flagged) for s in lint.suggestions)
    return GrammarMatch(
        rule_id=f"HARPER_{kind.upper()}",
        category=category,
        issue_type="typographical" if category == "PUNCTUATION" else "grammar",
        message=" ".join(str(lint.message).replace("`", "‘", 1).replace("`", "’", 1).split()),
        suggestions=suggestions[:MAX_SUGGESTIONS],
        start=int(lint.span.start),
        end=int(lint.span.end),
    )
