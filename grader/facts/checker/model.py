"""What the fact checker works with: its verdicts, a sentence with what was found in it, and
the rules worked out once from a sheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, TypeVar

from grader.engines.parser import Parsed
from grader.essay import Span
from grader.facts.checker.counting import Counted, counted_in_statement, with_statement_units
from grader.facts.checker.events import statement_deeds, subject_acts, word_lemmas
from grader.facts.checker.groups import listed_with, members_of
from grader.facts.checker.places import Role, statement_place_role
from grader.facts.claims import Amount, DateClaim, Mention
from grader.facts.lexicon import PLACE_WORDS
from grader.facts.sheet import Fact, FactSheet, NumberValue
from grader.findings import Severity

T = TypeVar("T")


Agreement = Literal["supported", "imprecise", "contradicted"]


RANK: dict[Agreement, int] = {"supported": 0, "imprecise": 1, "contradicted": 2}


SEVERITY: dict[str, Severity] = {
    "supported": "info",
    "imprecise": "warning",
    "contradicted": "error",
    "missing": "warning",
    "unverified": "info",
}


# A sentence whose own words name no one, but which says "he" or "its", is read with the names
# of the sentence before it: "Trotsky ... was expelled in 1929. In August 1940 he was murdered."
PRONOUNS = frozenset("he she him his her they them their it its".split())


SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})


CARRIED = SUBJECT_PRONOUNS | {"it"}


# The person an essay is about: named at least this often, in more than this share of its
# mentions of people (most of them).
MAIN_MENTIONS, MAIN_SHARE = 3, 0.5


MAIN_SUBJECT = frozenset({"nsubj", "nsubjpass"})  # "He died ...", "He was buried ..."


PLACE_PREPOSITIONS = PLACE_WORDS | frozenset("from to into towards of".split())


# What the parser may call a proper name that is not a person ("shot by the NKVD", "by Germany").
NOT_PEOPLE = frozenset(
    "ORG GPE LOC FAC NORP DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL LAW LANGUAGE".split()
)


FAR = 10_000  # distance of a term that is not in the sentence itself


# The words that identify a fact must stand this close (in characters, from the end of the
# first to the start of the last): "Zinoviev ... confessed to crimes ... would be killed" in
# one long sentence does not say that Zinoviev was killed.
WINDOW = 100
# Named entities a student can look up in a sentence the sheet does not cover: a place, an
# event or a time. The people are the topic's own actors ("Stalin", "Yezhov"), named in its
# judgements too.
CHECKABLE = frozenset({"GPE", "LOC", "FAC", "EVENT", "DATE", "TIME"})


# Clauses a claim cannot reach across: in "it lasted from 1936 to 1938, but it began with the
# murder of Kirov", the years are not the date of Kirov's murder.
CLAUSE_BREAK = re.compile(
    r",\s*(?:but|while|whereas|although|though|yet|and)\b|;|\s[—–-]\s|\sbut\s", re.IGNORECASE
)


CLEARLY_NEARER = 0.75  # a claim goes to the nearest fact only when it is this much nearer


YEAR_DAYS = 366


# A claim wider than this (a decade) is not listed as unverified: it is too vague to check.
VAGUE_DAYS = 5 * 366


SMALL_COUNT = 10  # "three reasons" is not a claim worth listing as unverified


NEAR = 1.25  # a number within 25% of the accepted range is imprecise rather than wrong


NEAR_POINTS = 3.0  # a share this many points outside the accepted range is imprecise


OVERLAP = 0.25  # a range sharing a quarter of its span with the fact's is imprecise, not wrong


@dataclass(frozen=True)
class ValueCheck:
    """One value of a fact compared with what the essay says."""

    what: str  # date, number, place, person or misconception
    outcome: Agreement
    start: int
    end: int
    expected: str  # what the fact sheet says, in a writer's words
    note: str = ""  # a misconception's correction


@dataclass(frozen=True)
class FactVerdict:
    """What one sentence says about one fact."""

    fact: Fact
    outcome: Agreement
    start: int
    end: int
    checks: tuple[ValueCheck, ...]


@dataclass(frozen=True)
class Unverified:
    """A sentence with something specific that no fact checks."""

    start: int
    end: int
    claims: tuple[tuple[int, int], ...]  # spans of the claims no fact covers
    ambiguous: tuple[tuple[tuple[int, int], tuple[str, ...]], ...]  # a claim, the facts it may be
    subjects: tuple[str, ...]  # names the sentence speaks of that no fact here covers
    fits: tuple[tuple[tuple[int, int], tuple[str, ...]], ...] = ()  # a claim, facts it agrees with


@dataclass
class FactCheck:
    """Everything the checker concluded about one essay."""

    facts: list[Fact] = field(default_factory=list)  # every fact of the sheet
    verdicts: list[FactVerdict] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)
    missing: list[Fact] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """A sentence with what the checker found in it."""

    span: Span
    hits: tuple[Mention, ...]  # terms written in the sentence
    borrowed: tuple[Mention, ...]  # names from the sentence before, for "he", "its" ...
    borrowed_in: frozenset[int] | None  # the words "it" stands in for them; None: everywhere
    dates: tuple[DateClaim, ...]
    amounts: tuple[Amount, ...]
    breaks: tuple[int, ...]  # where clauses meet
    terms: frozenset[str]  # every term written here or borrowed
    parsed: Parsed  # the whole essay's parse
    text: str = ""  # the whole essay's text
    verb_spans: tuple[tuple[str, int, int], ...] = ()  # each verb's lemma, start and end

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Return the lemmas of the sentence's verbs."""
        return frozenset(lemma for lemma, _, _ in self.verb_spans)

    def clause(self, at: int) -> int:
        """Number the clause a position falls in."""
        return clause_of(self.breaks, at)

    def reach(self, start: int, end: int, episode: bool = False) -> frozenset[int]:
        """Return the words that speak of the same event as the words from start to end
        (with `episode`, also of the verbs joined to it that share its subject)."""
        words = self.parsed.words_in(start, end)
        if not words:
            return frozenset()
        return self.parsed.episode(words) if episode else self.parsed.reach(words)

    def parsed_text(self, start: int, end: int) -> str:
        """Return the words from start to end as written."""
        words = self.parsed.words_in(start, end)
        pieces = [self.parsed.words[i] for i in words]
        return "".join(
            w.text + (" " if j + 1 < len(pieces) and pieces[j + 1].start > w.end else "")
            for j, w in enumerate(pieces)
        )

    def has_subject_pronoun(self, words: frozenset[int]) -> bool:
        """Tell whether "he", "it", "they" ... is a subject among these words."""
        return any(
            self.parsed.words[i].text.lower() in CARRIED
            and self.parsed.words[i].dep in ("nsubj", "nsubjpass")
            for i in words
        )

    def clause_head(self, at: int) -> int:
        """Return the parse's head word of the clause a position falls in (-1 outside words)."""
        words = self.parsed.words_in(at, at + 1)
        return self.parsed.clause(words[0]) if words else -1

    def in_reach(self, hit: Mention, reach: frozenset[int]) -> bool:
        """Tell whether a term is written within an event's words."""
        return any(i in reach for i in self.parsed.words_in(hit.start, hit.end))


def clause_of(breaks: Sequence[int], at: int) -> int:
    """Number the clause a position falls in, given where the sentence's clauses meet."""
    return sum(1 for b in breaks if b <= at)


@dataclass(frozen=True)
class Rules:
    """What the checker needs to know about a sheet's facts, worked out once per essay."""

    facts: tuple[Fact, ...]
    by_subject: dict[str, tuple[Fact, ...]]  # the facts whose first entry holds a term
    misconceived: tuple[Fact, ...]  # the facts with known wrong ideas
    groups: dict[str, tuple[frozenset[str], ...]]  # each fact's `about` entries
    defines: dict[str, bool]  # facts made only of names state what something is
    specificity: dict[str, tuple[int, int]]
    subjects: frozenset[str]  # what facts are about: the first entries
    people: frozenset[str]  # who can take a person's role ("replaced by Beria")
    places: frozenset[str]
    is_name: Callable[[str], bool]
    spellings: dict[str, frozenset[str]]  # each name's spellings, in lower case
    counted: dict[str, tuple[Counted | None, ...]]  # what each number counts, per its statement
    deeds: dict[str, frozenset[str]]  # the lemmas of each statement's verbs: what was done
    # Whether what each fact is about does a deed in its statement ("Eden resigned"), not only
    # has one done to it ("Yezhov was removed and Beria took over").
    acting: dict[str, bool]
    members: dict[str, frozenset[str]]  # the names each fact holds as a group
    listed: dict[str, frozenset[str]]  # every name the statement lists with them, folded
    place_roles: dict[str, Role]  # where, where from or where to: the statement's place's role
    numbers: dict[str, tuple[NumberValue, ...]]  # each fact's numbers, units from the statement

    @classmethod
    def of(cls, sheet: FactSheet) -> Rules:
        """Work out the rules of a sheet."""
        is_name = sheet.lexicon().is_name
        counted = {f.id: counted_in_statement(f) for f in sheet.facts}
        found = {f.id: sheet.lexicon().find(f.statement) for f in sheet.facts}
        members = {f.id: members_of(f, found[f.id], is_name) for f in sheet.facts}
        subjects = frozenset(term for fact in sheet.facts for term in fact.about[0])
        own = _own_places(sheet)
        by_subject: dict[str, list[Fact]] = {}
        for fact in sheet.facts:
            for term in (*fact.about[0], *own[fact.id]):
                by_subject.setdefault(term, []).append(fact)
        return cls(
            facts=tuple(sheet.facts),
            by_subject={term: tuple(facts) for term, facts in by_subject.items()},
            misconceived=tuple(f for f in sheet.facts if f.misconceptions),
            groups={
                f.id: (frozenset(f.about[0]) | own[f.id], *(frozenset(g) for g in f.about[1:]))
                for f in sheet.facts
            },
            defines={
                f.id: all(is_name(t) for group in f.about for t in group) for f in sheet.facts
            },
            specificity={
                f.id: (len(f.about), sum(1 for g in f.about if any(is_name(t) for t in g)))
                for f in sheet.facts
            },
            subjects=subjects,
            people=frozenset(t for f in sheet.facts for t in f.person)
            | frozenset(t for t in subjects if is_name(t)),
            places=frozenset(t for f in sheet.facts for t in f.place),
            is_name=is_name,
            spellings={
                key: frozenset(" ".join(n.lower().split()) for n in (key, *others))
                for key, others in sheet.names.items()
            },
            counted=counted,
            deeds={
                f.id: statement_deeds(f.statement) | _about_verbs(f, is_name) for f in sheet.facts
            },
            acting={f.id: subject_acts(f.statement, frozenset(f.about[0])) for f in sheet.facts},
            members=members,
            listed={f.id: listed_with(f, members[f.id], found[f.id]) for f in sheet.facts},
            place_roles={f.id: statement_place_role(f, sheet) for f in sheet.facts},
            numbers={f.id: with_statement_units(f, counted[f.id]) for f in sheet.facts},
        )


def _about_verbs(fact: Fact, is_name: Callable[[str], bool]) -> frozenset[str]:
    """Return the lemmas of the verbs a fact's `about` words are forms of."""
    words = tuple(
        t for group in fact.about for t in group if not is_name(t) and " " not in t and "*" not in t
    )
    return word_lemmas(words)


def _own_places(sheet: FactSheet) -> dict[str, frozenset[str]]:
    """Return, for each fact of more than one `about` entry, its places: a place stands for
    what the fact is about when the fact's other entries are written too ("The two armies met
    on Senlac Hill" speaks of the Battle of Hastings, though Harold also died there)."""
    return {f.id: frozenset(f.place) if len(f.about) > 1 else frozenset() for f in sheet.facts}
