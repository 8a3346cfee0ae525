"""What a sentence speaks of without naming it: "the dam" for the Aswan High Dam named before,
"them" for the alveoli that the sentence before was about."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from grader.engines.parser import Parsed
from grader.essay import Span
from grader.facts.checker.model import Sentence
from grader.facts.claims import Lexicon, Mention, Token

# Words that point back to something named before: "the battle", "this strip", "these sacs".
POINTING = frozenset("the this that these those".split())


# Pronouns that stand for a thing or things named in the sentence before ("There are 300
# million of them"); people are carried by the pronoun rules of sentences.py.
THING_PRONOUNS = frozenset("it its they them their".split())


def heads_of(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Map the head noun of each name of two words or more to the names it may stand for.

    The head of "Aswan High Dam" is "dam"; of "Battle of Hastings", "battle"; the words are
    folded, and a name whose head is itself capitalised in use ("Romeo and Juliet") is never
    written "the juliet", so it never matches.
    """
    heads: dict[str, set[str]] = {}
    for key, term in lexicon.terms.items():
        if term.kind != "name":
            continue
        for phrase in term.phrases:
            if len(phrase.words) < 2 or any(phrase.prefixes):
                continue
            words = phrase.words
            head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
            if head.isalpha() and len(head) > 2:
                heads.setdefault(head, set()).add(key)
    return {head: frozenset(keys) for head, keys in heads.items()}


def described_hits(
    tokens: Sequence[Token],
    hits: Sequence[Mention],
    heads: dict[str, frozenset[str]],
    paragraphs: Sequence[Span],
) -> list[Mention]:
    """Return a hit of the name that "the dam" or "this battle" stands for.

    The name is the last one with that head written before, in the same paragraph; a phrase
    that is itself part of a name of the sheet's ("the High Dam") adds nothing.
    """
    added = []
    for i in range(1, len(tokens)):
        token, before = tokens[i], tokens[i - 1]
        keys = heads.get(_singular(token.norm))
        if not keys or before.norm not in POINTING or not token.text.islower():
            continue
        if any(h.start <= token.start < h.end for h in hits):
            continue
        paragraph = next((p for p in paragraphs if p.start <= token.start < p.end), None)
        if paragraph is None:
            continue
        earlier = [h for h in hits if h.term in keys and paragraph.start <= h.start < before.start]
        if earlier:
            added.append(Mention(earlier[-1].term, before.start, token.end))
    return added


def _singular(word: str) -> str:
    """Fold a plural head noun to its singular in the simple cases ("battles", "dams")."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def carried_subject(
    before: Sequence[Mention],
    before_span: Span,
    words: set[str],
    own: Sequence[Mention],
    parsed: Parsed,
    is_subject_term: Callable[[str], bool],
) -> tuple[Mention, ...]:
    """Return what the sentence before was about, when this one speaks of it as "them" or "it".

    "The alveoli are tiny air sacs. There are about 300 million of them": the thing is the
    subject (or what "is" says it is, or the one such word it names) of the sentence before,
    a word a fact is about (a name is carried elsewhere). It is carried only when this
    sentence does not write it itself.
    """
    if not words & THING_PRONOUNS:
        return ()
    found: list[Mention] = []
    # the subject first, else what "is" says it is, else what it names at all ("It came into
    # force two days later" after "he announced a quarantine")
    for roles in (("nsubj", "nsubjpass"), ("attr",), None):
        for hit in before if not found else ():
            indices = parsed.words_in(hit.start, hit.end)
            if is_subject_term(hit.term) and (
                roles is None or any(parsed.words[i].dep in roles for i in indices)
            ):
                found.append(hit)
    terms = {h.term for h in found}
    if len(terms) != 1 or any(h.term in terms for h in own):
        return ()
    return tuple(found) if before_span.start <= found[0].start else ()


def carried_topic(
    before: Sentence, own: Sequence[Mention], subjects: frozenset[str]
) -> tuple[Mention, ...]:
    """Return the paragraph's running topic for a sentence that names no subject of a fact.

    "The locks were built of concrete. Each chamber is 33.5 metres wide": the chamber is the
    locks'. The topic is the one subject the sentence before wrote or carried (in the same
    paragraph: the caller checks); with two, nothing is carried. A carried subject links a
    value only where the fact's other words are written in the sentence itself.
    """
    if any(h.term in subjects for h in own):
        return ()
    carried = (*before.hits, *before.borrowed)
    topic = {h.term for h in carried if h.term in subjects}
    return tuple(h for h in carried if h.term in topic) if len(topic) == 1 else ()


# Verbs that say only that something happened: "This happened in 1999", "It took place in 1066".
EVENT_VERBS = frozenset("happen occur take".split())


def carried_event(
    before: Sentence, span: Span, parsed: Parsed
) -> tuple[tuple[Mention, ...], frozenset[int]] | None:
    """Return what the sentence before told, and the words that say when or where it happened,
    for "This happened in 1999" after "Dolly was cloned at the Roslin Institute", or "He did
    this in 1771 in Leeds" after what Priestley showed."""
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        if word.text.lower() not in ("this", "that", "it") or word.dep not in ("nsubj", "dobj"):
            continue
        verb = word.head
        lemma = parsed.words[verb].lemma.lower()
        place = any(parsed.words[j].text.lower() == "place" for j in parsed.children(verb))
        happened = word.dep == "nsubj" and lemma in EVENT_VERBS and (lemma != "take" or place)
        if happened or (word.dep == "dobj" and lemma == "do"):  # "He did this in 1771"
            return (*before.hits, *before.borrowed), parsed.reach([verb])
    return None
