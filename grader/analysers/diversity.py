"""Lexical diversity: MTLD, the measure of textual lexical diversity (McCarthy and Jarvis 2010).

MTLD walks through the words keeping a running type-token ratio (TTR: distinct words / words).
Each time the TTR falls to the threshold (0.72), one "factor" is complete and the count starts
afresh; what is left at the end counts as a part factor, (1 - TTR) / (1 - 0.72). MTLD is the
number of words divided by the number of factors, averaged over a forward and a backward pass:
roughly, how many words a writer goes before repeating themselves a lot. Unlike a plain TTR it
does not fall just because an essay is longer.

We implement it here rather than depend on `lexicalrichness`: that package imports matplotlib,
pandas, scipy and TextBlob at start-up for this one 20-line calculation. Our function follows
its `mtld` (the TTR test is `<=` the threshold, as there) and the tests pin values worked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

MTLD_THRESHOLD = 0.72


def mtld(words: Sequence[str], threshold: float = MTLD_THRESHOLD) -> float:
    """Return the MTLD of a sequence of (lower-cased) words; 0 for no words."""
    if not words:
        return 0.0
    forward = _one_pass(words, threshold)
    backward = _one_pass(words[::-1], threshold)
    return (forward + backward) / 2


def _one_pass(words: Sequence[str], threshold: float) -> float:
    """Return the words per factor in one direction."""
    factors = 0.0
    types: set[str] = set()
    tokens = 0
    ttr = 1.0
    for word in words:
        tokens += 1
        types.add(word)
        ttr = len(types) / tokens
        if ttr <= threshold:
            factors += 1
            types = set()
            tokens = 0
    if tokens:
        factors += (1 - ttr) / (1 - threshold)
    if factors == 0:
        # Every word differs and no factor completed: count the text as one factor.
        factors = 1.0
    return len(words) / factors
