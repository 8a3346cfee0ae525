"""Groups: the members of an alliance, a committee or a list, compared as a set.

A fact whose `person` or `place` lists several names, or whose statement joins names of one
`about` entry with "and" ("between Egypt and Sudan"), has members. Where an essay joins names
with "and" or commas and at least one is a member, every other name in that list must be one
too: "the Triple Entente brought together Britain, France and Italy" swaps Russia for Italy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from rapidfuzz.distance import Levenshtein

from grader.engines.parser import Parsed
from grader.facts.claims import Mention
from grader.facts.names import FEMALE_WORDS, MALE_WORDS
from grader.facts.sheet import Fact

# What stands between two names of a list: a comma or "and", then perhaps "the" and a title
# ("his brother Robert Kennedy, Defense Secretary Robert McNamara and ...").
JOINED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?(?:[A-Z][a-z]+\s+){0,4}")
NEAR_SPELLING = 1  # a name this many letters off is the member misspelt, not another name
LONGER = 5  # from this length, one letter more: "Lenny" is Lennie
NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC"})
# A name as a statement writes it in a list: capitalised words ("French Guiana").
NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def members_of(
    fact: Fact, statement_hits: Sequence[Mention], is_name: Callable[[str], bool]
) -> frozenset[str]:
    """Return the names a fact holds as a group (empty when it holds none)."""
    members: set[str] = set()
    text = fact.statement
    groups = [fact.person, fact.place, *([t for t in g if is_name(t)] for g in fact.about)]
    for names in groups:
        if len(names) < 2:
            continue  # one name, or alternatives written apart ("Lake Victoria at Jinja")
        hits = sorted((h for h in statement_hits if h.term in names), key=lambda h: h.start)
        if any(
            a.term != b.term and JOINED.fullmatch(text[a.end : b.start]) is not None
            for a, b in pairwise(hits)
        ):
            members |= set(names)  # "between Egypt and Sudan": named together, a group
    return frozenset(members | _listed_names(text, statement_hits, is_name))


def _listed_names(
    text: str, statement_hits: Sequence[Mention], is_name: Callable[[str], bool]
) -> set[str]:
    """Return the sheet's names a statement lists together, whether or not `about` holds them:
    "run by the United States, Britain, France and the Soviet Union"."""
    hits = sorted((h for h in statement_hits if is_name(h.term)), key=lambda h: h.start)
    found: set[str] = set()
    chain: set[str] = set()
    closed = False  # a list ends with "and" or "or": "To avenge Mercutio, Romeo ..." is none
    for a, b in pairwise(hits):
        between = text[a.end : b.start]
        if a.term != b.term and JOINED.fullmatch(between) is not None:
            chain |= {a.term, b.term}
            closed = closed or re.search(r"\b(?:and|or)\b", between) is not None
            continue
        found |= chain if closed else set()
        chain, closed = set(), False
    return found | (chain if closed else set())


def listed_with(
    fact: Fact, members: frozenset[str], statement_hits: Sequence[Mention]
) -> frozenset[str]:
    """Return, folded, every name the statement lists with the fact's members, whether the
    sheet names it or not: "nine countries, Brazil, Peru, ..., Guyana, Suriname and French
    Guiana" holds Guyana even where `about` stops at the larger six."""
    text = fact.statement
    starts = [h.start for h in statement_hits if h.term in members]
    if not starts:
        return frozenset()
    runs = list(NAME_RUN.finditer(text))
    lists: list[list[re.Match[str]]] = []
    for run in runs:
        if lists and JOINED.fullmatch(text[lists[-1][-1].end() : run.start()]) is not None:
            lists[-1].append(run)
        else:
            lists.append([run])
    found: set[str] = set()
    for names in lists:
        if len(names) > 1 and any(r.start() <= at < r.end() for r in names for at in starts):
            found |= {" ".join(r.group().casefold().split()) for r in names}
    return frozenset(found)


def spelt_like(written: str, names: Sequence[str]) -> bool:
    """Tell whether a name is written like one of these, a letter or so off ("Lenny")."""
    folded = written.casefold()
    for name in names:
        allowed = NEAR_SPELLING + (len(folded) >= LONGER and len(name) >= LONGER)
        if Levenshtein.distance(folded, name.casefold(), score_cutoff=allowed) <= allowed:
            return True
    return False


def coordinated(parsed: Parsed, word: int) -> list[int]:
    """Return the heads of the names joined with a word by "and", "or" or commas (itself too)."""
    root = word
    while parsed.words[root].dep == "conj" and parsed.words[root].head != root:
        root = parsed.words[root].head
    found, todo = [root], [root]
    while todo:
        for child in parsed.children(todo.pop()):
            if parsed.words[child].dep == "conj":
                found.append(child)
                todo.append(child)
    return sorted(found)


def name_span(parsed: Parsed, word: int) -> tuple[int, int] | None:
    """Return where a proper name written at a word starts and ends, with the words before it
    that make it up ("Tom Crean"), or None when the word is not a name."""
    head = parsed.words[word]
    if head.pos != "PROPN" and head.entity not in NAME_LABELS:
        # "their daughter Juliet", "Juliet's cousin Benvolio": the name the noun describes
        named = [
            j
            for j in parsed.children(word)
            if parsed.words[j].dep in ("appos", "compound") and parsed.words[j].pos == "PROPN"
        ]
        return name_span(parsed, named[-1]) if named else None
    if head.text.casefold().rstrip(".") in MALE_WORDS | FEMALE_WORDS:
        return None  # "Lord and Lady Montague": a title, not another name
    start = head.start
    for child in parsed.children(word):
        if parsed.words[child].dep in ("compound", "flat") and child < word:
            start = min(start, parsed.words[child].start)
    return start, head.end
