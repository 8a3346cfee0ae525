"""What a fact's statement says was done: the lemmas of its verbs, read once per sheet.

A clause is linked to a fact by its event; the statement's own verbs ("nationalised",
"photographed", "showed") name the deed as well as the fact's `about` words do, so a student
who writes the statement's verb is writing about that deed.
"""

from __future__ import annotations

from functools import lru_cache

from grader.engines.parser import Parsed, shared_parser

# Verbs too light to name an event on their own: "was", "had", "did", "made", "got".
LIGHT_VERBS = frozenset("be have do make get go come take give put become".split())
# How a verb hangs from the statement's main verb when it tells a cause, a purpose or what
# someone said rather than the event: "For killing Tybalt, the Prince banishes Romeo". A verb
# describing a participant still tells the event ("a spy plane flown by Major Heyser").
ASIDE_DEPS = frozenset({"advcl", "pcomp", "xcomp", "ccomp", "csubj", "csubjpass", "parataxis"})
# How a word hangs from the rest of a name or list it belongs to.
NAME_PARTS = frozenset({"compound", "flat", "conj", "appos", "nummod"})
# Verbs of saying: "Homer said that ..." and "Herodotus called ..." are one deed.
SAYING = frozenset(
    "say call describe name write claim state declare announce tell dub label warn".split()
)


@lru_cache(maxsize=4096)
def statement_deeds(statement: str) -> frozenset[str]:
    """Return the lemmas of the content verbs of a fact's statement."""
    parsed = shared_parser().parse(statement)
    return frozenset(
        w.lemma.lower()
        for i, w in enumerate(parsed.words)
        if w.pos == "VERB"
        and w.lemma not in LIGHT_VERBS
        and _main(parsed, i)
        and not hyphened(parsed, i)
    )


def hyphened(parsed: Parsed, i: int) -> bool:
    """Tell whether a word is part of a hyphened word ("stand-off", "break-in"), which the
    parser may split and call a verb: a noun naming a thing, not a deed."""
    words = parsed.words
    after = i + 1 < len(words) and words[i + 1].text == "-" and words[i + 1].start == words[i].end
    before = i > 0 and words[i - 1].text == "-" and words[i - 1].end == words[i].start
    return after or before


def _main(parsed: Parsed, i: int) -> bool:
    """Tell whether a verb tells the statement's event, not its cause or purpose: in "For
    killing Tybalt, the Prince banishes Romeo", banishing is the deed, killing is not."""
    while parsed.words[i].head != i:
        if parsed.words[i].dep in ASIDE_DEPS:
            return False
        i = parsed.words[i].head
    return True


@lru_cache(maxsize=4096)
def subject_acts(statement: str, subject: frozenset[str]) -> bool:
    """Tell whether what a fact is about does something in its statement ("Eden resigned"),
    rather than only having it done to it ("Yezhov was removed and Beria took over")."""
    parsed = shared_parser().parse(statement)
    words = {w.rstrip("*") for term in subject for w in term.lower().split()}
    for i, word in enumerate(parsed.words):
        if word.text.lower() not in words:
            continue
        while parsed.words[i].dep in NAME_PARTS and parsed.words[i].head != i:
            i = parsed.words[i].head  # "Genrikh Yagoda", "Zinoviev and Kamenev"
        if parsed.words[i].dep == "nsubj":
            return True
    return False


@lru_cache(maxsize=4096)
def word_lemmas(words: tuple[str, ...]) -> frozenset[str]:
    """Return the lemmas of the verbs among a fact's `about` words ("gave": give), so that
    "was given" speaks of it too."""
    if not words:
        return frozenset()
    parsed = shared_parser().parse(". ".join(words) + ".")
    return frozenset(w.lemma.lower() for w in parsed.words if w.pos in ("VERB", "AUX"))
