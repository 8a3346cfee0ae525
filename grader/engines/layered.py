"""The grammar engine the analysers use: the main engine, plus layers for what it misses.

The main engine (LingoTweaker, or LanguageTool when configured) finds most of what it calls an
error rightly, but only about a sixth of what teachers correct in learner essays. Two offline
layers add what it misses, each measured on the W&I+LOCNESS training essays
(benchmarks/grammar_detection.py): rules over the spaCy parse (grader/engines/syntax_rules.py:
agreement, "there is" before a plural, comma splices, fronted clauses without a comma) and
Harper's most precise lint kinds (grader/engines/harper.py). A layer's match that overlaps one
of the main engine's is dropped: the main engine's message is kept, and nothing is said twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from grader.engines.grammar import GrammarEngine, GrammarMatch
from grader.engines.parser import Parsed
from grader.engines.syntax_rules import check_parsed


class LayeredEngine:
    """The main engine's matches, then each layer's that do not overlap one already kept."""

    def __init__(
        self,
        primary: GrammarEngine,
        parse: Callable[[str], Parsed] | None,
        layers: Sequence[GrammarEngine] = (),
    ) -> None:
        self.primary = primary
        self.name = primary.name
        self._parse = parse
        self._layers = tuple(layers)

    def check(self, text: str) -> list[GrammarMatch]:
        """Return the matches of every layer, without two for the same words."""
        kept = list(self.primary.check(text))
        extra: list[GrammarMatch] = []
        if self._parse is not None and text.strip():
            extra.extend(check_parsed(text, self._parse(text)))
        for layer in self._layers:
            extra.extend(layer.check(text))
        for match in sorted(extra, key=lambda m: (m.start, m.end)):
            if not any(overlaps(match, other) for other in kept):
                kept.append(match)
        return sorted(kept, key=lambda m: (m.start, m.end))


def overlaps(one: GrammarMatch, other: GrammarMatch) -> bool:
    """Tell whether two matches point at some of the same characters (or the same point)."""
    if one.start == one.end or other.start == other.end:
        return other.start <= one.start <= other.end or one.start <= other.start <= one.end
    return one.start < other.end and other.start < one.end
