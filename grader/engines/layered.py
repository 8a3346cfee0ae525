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

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from grader.engines.grammar import GrammarEngine, GrammarMatch
from grader.engines.parser import Parsed
from grader.engines.syntax_rules import check_parsed

# Threads that run the main engine beside the parse, made per process: a forked worker must
# not inherit a parent's pool, whose threads did not come with it. Locked by _beside_lock.
_beside: dict[int, ThreadPoolExecutor] = {}
_beside_lock = threading.Lock()


def beside() -> ThreadPoolExecutor:
    """Return this process's pool for running the main engine beside the parse."""
    pid = os.getpid()
    with _beside_lock:
        if pid not in _beside:
            _beside[pid] = ThreadPoolExecutor(max_workers=4, thread_name_prefix="grammar")
        return _beside[pid]


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
        # The main engine releases the GIL while it checks: parse meanwhile, not after it.
        primary = beside().submit(self.primary.check, text)
        extra: list[GrammarMatch] = []
        try:
            if self._parse is not None and text.strip():
                extra.extend(check_parsed(text, self._parse(text)))
            for layer in self._layers:
                extra.extend(layer.check(text))
        finally:
            kept = list(primary.result())
        for match in sorted(extra, key=lambda m: (m.start, m.end)):
            if not any(overlaps(match, other) for other in kept):
                kept.append(match)
        return sorted(kept, key=lambda m: (m.start, m.end))


def overlaps(one: GrammarMatch, other: GrammarMatch) -> bool:
    """Tell whether two matches point at some of the same characters (or the same point)."""
    if one.start == one.end or other.start == other.end:
        return other.start <= one.start <= other.end or one.start <= other.start <= one.end
    return one.start < other.end and other.start < one.end
