"""What a fact's statement says was done: the lemmas of its verbs, read once per sheet.

A clause is linked to a fact by its event; the statement's own verbs ("nationalised",
"photographed", "showed") name the deed as well as the fact's `about` words do, so a student
who writes the statement's verb is writing about that deed.
"""

from __future__ import annotations

from functools import lru_cache

from grader.engines.parser import shared_parser

# Verbs too light to name an event on their own: "was", "had", "did", "made", "got".
LIGHT_VERBS = frozenset("be have do make get go come take give put become".split())
# Verbs of saying: "Homer said that ..." and "Herodotus called ..." are one deed.
SAYING = frozenset(
    "say call describe name write claim state declare announce tell dub label".split()
)


@lru_cache(maxsize=4096)
def statement_deeds(statement: str) -> frozenset[str]:
    """Return the lemmas of the content verbs of a fact's statement."""
    parsed = shared_parser().parse(statement)
    return frozenset(
        w.lemma.lower() for w in parsed.words if w.pos == "VERB" and w.lemma not in LIGHT_VERBS
    )


@lru_cache(maxsize=4096)
def word_lemmas(words: tuple[str, ...]) -> frozenset[str]:
    """Return the lemmas of the verbs among a fact's `about` words ("gave": give), so that
    "was given" speaks of it too."""
    if not words:
        return frozenset()
    parsed = shared_parser().parse(". ".join(words) + ".")
    return frozenset(w.lemma.lower() for w in parsed.words if w.pos in ("VERB", "AUX"))
