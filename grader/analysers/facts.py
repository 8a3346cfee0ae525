"""Factual accuracy: every claim the fact sheet can check is checked, with evidence and source.

For each sentence: find the facts it speaks of (every `about` entry of the fact is there),
give each date and number in it to the fact it belongs to, compare, and say `supported`,
`imprecise` or `contradicted` with the span of the evidence. Required facts the essay never
speaks of are `missing`. A specific claim no fact covers, or one that could belong to two
facts, is `unverified`: the checker never guesses.

Measures: accuracy = supported / (supported + contradicted + imprecise), each verdict weighted
by its fact's weight; coverage = the weighted share of required facts the essay speaks of;
fact_score = the mean of the two (accuracy counts 0 when nothing could be checked).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from typing import Literal, TypeVar

from grader.claims import (
    Amount,
    DateClaim,
    Hit,
    Period,
    Token,
    When,
    day_period,
    find_amounts,
    find_dates,
    tokenise,
)
from grader.engines.parser import PLACE_LABELS, Parsed, shared_parser
from grader.essay import Essay, Span
from grader.facts_check.counting import (
    Counted,
    agrees,
    counted_in_statement,
    essay_counted,
    with_statement_units,
)
from grader.facts_check.events import LIGHT_VERBS, SAYING, statement_deeds
from grader.facts_check.groups import coordinated, members_of, name_span, spelt_like
from grader.facts_check.names import Gender, gender_votes, genders_in, pronoun_gender
from grader.facts_check.places import Role, role_before
from grader.factsheet import Fact, FactSheet, NumberValue, fact_sheet_of
from grader.findings import Assessment, Finding, Severity
from grader.quantities import convert
from grader.rubric import FactsCriterion
from grader.services import Services

T = TypeVar("T")
Outcome = Literal["supported", "imprecise", "contradicted"]
RANK: dict[Outcome, int] = {"supported": 0, "imprecise": 1, "contradicted": 2}
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
# The person an essay is about: named at least this often, in this share of its mentions of people.
MAIN_MENTIONS, MAIN_SHARE = 3, 0.6
MAIN_SUBJECT = frozenset({"nsubj", "nsubjpass"})  # "He died ...", "He was buried ..."
PLACE_WORDS = frozenset("in at near inside outside".split())
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
class Check:
    """One value of a fact compared with what the essay says."""

    what: str  # date, number, place, person or misconception
    outcome: Outcome
    start: int
    end: int
    expected: str  # what the fact sheet says, in a writer's words
    note: str = ""  # a misconception's correction


@dataclass(frozen=True)
class Verdict:
    """What one sentence says about one fact."""

    fact: Fact
    outcome: Outcome
    start: int
    end: int
    checks: tuple[Check, ...]


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
    verdicts: list[Verdict] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)
    missing: list[Fact] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)


@dataclass(frozen=True)
class _Sentence:
    """A sentence with what the checker found in it."""

    span: Span
    hits: tuple[Hit, ...]  # terms written in the sentence
    borrowed: tuple[Hit, ...]  # names from the sentence before, for "he", "its" ...
    borrowed_in: frozenset[int] | None  # the words "it" stands in for them; None: everywhere
    dates: tuple[DateClaim, ...]
    amounts: tuple[Amount, ...]
    breaks: tuple[int, ...]  # where clauses meet
    terms: frozenset[str]  # every term written here or borrowed
    parsed: Parsed  # the whole essay's parse
    text: str = ""  # the whole essay's text
    verbs: frozenset[str] = frozenset()  # the lemmas of the sentence's verbs

    def clause(self, at: int) -> int:
        """Number the clause a position falls in."""
        return _clause_of(self.breaks, at)

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

    def in_reach(self, hit: Hit, reach: frozenset[int]) -> bool:
        """Tell whether a term is written within an event's words."""
        return any(i in reach for i in self.parsed.words_in(hit.start, hit.end))


def _clause_of(breaks: Sequence[int], at: int) -> int:
    """Number the clause a position falls in, given where the sentence's clauses meet."""
    return sum(1 for b in breaks if b <= at)


def analyse_facts(essay: Essay, criterion: FactsCriterion, services: Services) -> Assessment:
    """Check the essay's facts against the rubric's fact sheet."""
    sheet = fact_sheet_of(criterion)
    result = check_facts(essay, sheet, services.parser().parse(essay.text))
    findings = findings_for(result, criterion.id, essay)
    return Assessment(measures=measures_for(result, sheet, findings), findings=findings)


@dataclass(frozen=True)
class _Rules:
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
    members: dict[str, frozenset[str]]  # the names each fact holds as a group
    place_roles: dict[str, Role]  # where, where from or where to: the statement's place's role
    numbers: dict[str, tuple[NumberValue, ...]]  # each fact's numbers, units from the statement

    @classmethod
    def of(cls, sheet: FactSheet) -> _Rules:
        """Work out the rules of a sheet."""
        is_name = sheet.lexicon().is_name
        counted = {f.id: counted_in_statement(f) for f in sheet.facts}
        subjects = frozenset(term for fact in sheet.facts for term in fact.about[0])
        by_subject: dict[str, list[Fact]] = {}
        for fact in sheet.facts:
            for term in fact.about[0]:
                by_subject.setdefault(term, []).append(fact)
        return cls(
            facts=tuple(sheet.facts),
            by_subject={term: tuple(facts) for term, facts in by_subject.items()},
            misconceived=tuple(f for f in sheet.facts if f.misconceptions),
            groups={f.id: tuple(frozenset(g) for g in f.about) for f in sheet.facts},
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
            deeds={f.id: statement_deeds(f.statement) for f in sheet.facts},
            members={
                f.id: members_of(f, sheet.lexicon().find(f.statement), is_name) for f in sheet.facts
            },
            place_roles={f.id: _statement_place_role(f, sheet) for f in sheet.facts},
            numbers={f.id: with_statement_units(f, counted[f.id]) for f in sheet.facts},
        )


def check_facts(essay: Essay, sheet: FactSheet, parsed: Parsed | None = None) -> FactCheck:
    """Compare every sentence of the essay with the facts of the sheet (parsed if not given)."""
    result = FactCheck(facts=list(sheet.facts))
    rules = sheet.derived("facts-rules", lambda: _Rules.of(sheet))
    if parsed is None:
        parsed = shared_parser().parse(essay.text)
    for sentence in _sentences(essay, sheet, parsed):
        verdicts, unverified, spoken = _check_sentence(sentence, rules)
        result.verdicts += verdicts
        result.mentioned |= {v.fact.id for v in verdicts} | {f.id for f in spoken}
        if unverified is not None:
            result.unverified.append(unverified)
    result.missing = [f for f in sheet.facts if f.required and f.id not in result.mentioned]
    return result


def _sentences(essay: Essay, sheet: FactSheet, parsed: Parsed) -> list[_Sentence]:
    """Find terms, dates and numbers once in the whole text, then share them out by sentence."""
    text = essay.text
    tokens = tokenise(text)
    lexicon = sheet.lexicon()
    hits = lexicon.find(text, tokens)
    dates = find_dates(text)
    # A number inside a name ("Apollo 11", "Order No. 00447") counts nothing.
    numbered = [(h.start, h.end) for h in hits if any(c.isdigit() for c in h.term)]
    amounts = find_amounts(text, [(d.start, d.end) for d in dates] + numbered)
    paragraph_of = {s: p for p in essay.paragraphs for s in essay.sentences if _within(s, p)}
    places = frozenset(t for f in sheet.facts for t in f.place)
    persons = frozenset(t for f in sheet.facts for t in f.person) | frozenset(
        h.term for h in hits if _is_person(parsed, h)
    )
    main = _main_person(hits, persons)
    genders = _genders(text, hits, persons, sheet)
    sentences: list[_Sentence] = []
    for span in essay.sentences:
        breaks = tuple(m.start() for m in CLAUSE_BREAK.finditer(text, span.start, span.end))
        sentence_tokens = _inside(tokens, span, lambda t: t.start)
        own = tuple(_inside(hits, span, lambda h: h.start))
        own = _with_pronoun_hits(
            text, own, sentence_tokens, breaks, lexicon.is_name, parsed, places, genders
        )
        words = {t.norm for t in sentence_tokens}
        before = sentences[-1] if sentences else None
        if main is not None and not (before and any(h.term in persons for h in before.hits)):
            own = _with_main_person(own, sentence_tokens, parsed, persons, main, genders)
        borrowed: tuple[Hit, ...] = ()
        borrowed_in: frozenset[int] | None = None
        if before is not None and paragraph_of.get(before.span) == paragraph_of.get(span):
            names = tuple(
                h
                for h in before.hits
                if lexicon.is_name(h.term)
                and not h.agent
                and _may_be(words & PRONOUNS, genders.get(h.term))
            )
            if not any(lexicon.is_name(h.term) for h in own) and words & PRONOUNS:
                borrowed = names
            elif orphans := _orphan_pronouns(
                own, span, parsed, lambda t: lexicon.is_name(t) and t not in places, genders
            ):
                # "The Terror began in 1936. It lasted until 1938, but it began with Kirov's
                # murder": the first "it" still stands for the Terror, in its own clause only.
                borrowed, borrowed_in = names, orphans
        sentences.append(
            _Sentence(
                span,
                own,
                borrowed,
                borrowed_in,
                tuple(_inside(dates, span, lambda d: d.start)),
                tuple(_inside(amounts, span, lambda a: a.start)),
                breaks,
                frozenset(h.term for h in (*own, *borrowed)),
                parsed,
                text,
                frozenset(
                    parsed.words[i].lemma.lower()
                    for i in parsed.words_in(span.start, span.end)
                    if parsed.words[i].pos == "VERB"
                ),
            )
        )
    return sentences


def _with_pronoun_hits(
    text: str,
    hits: tuple[Hit, ...],
    tokens: Sequence[Token],
    breaks: tuple[int, ...],
    is_name: Callable[[str], bool],
    parsed: Parsed,
    places: frozenset[str],
    genders: dict[str, Gender],
) -> tuple[Hit, ...]:
    """Let "he", "she" or "they" in a later clause stand for the one name in the clauses before.

    "It was led by Yagoda, but in 1936 he was replaced by Yezhov": the second clause is about
    Yagoda being replaced. A clause is later after ", but" and the like, or where the parse
    starts a new one ("Kirov led the party in Leningrad and he was shot ..."). With two names
    before it (places aside: "he" is not Leningrad), the pronoun is not guessed.
    """

    def is_place(hit: Hit) -> bool:
        words = parsed.words_in(hit.start, hit.end)
        return hit.term in places or any(parsed.words[i].entity in PLACE_LABELS for i in words)

    def clause(at: int) -> tuple[int, int]:
        words = parsed.words_in(at, at + 1)
        return _clause_of(breaks, at), parsed.clause(words[0]) if words else -1

    added = []
    for token in tokens:
        if token.norm not in SUBJECT_PRONOUNS:
            continue
        own = clause(token.start)
        names = [
            h
            for h in hits
            if is_name(h.term)
            and h.start < token.start
            and not is_place(h)
            and _may_be({token.norm}, genders.get(h.term))
        ]  # "she" is never a man the sheet or the essay calls "Mr" or "he"
        earlier = {h.term for h in names if clause(h.start) != own}
        here = {h.term for h in hits if is_name(h.term) and clause(h.start) == own}
        if len(earlier) == 1 and not here & earlier:
            by = text[max(0, token.start - 4) : token.start].lower().endswith("by ")
            added.append(Hit(next(iter(earlier)), token.start, token.end, agent=by))
    return tuple(sorted((*hits, *added), key=lambda h: (h.start, h.end))) if added else hits


def _genders(
    text: str, hits: Sequence[Hit], persons: frozenset[str], sheet: FactSheet
) -> dict[str, Gender]:
    """Say who is a man and who a woman: from the sheet's titles and statements, then the essay."""
    known = sheet.derived("facts-genders", lambda: _sheet_genders(sheet))
    spans: dict[str, list[tuple[int, int]]] = {}
    for hit in hits:
        if hit.term in persons:
            spans.setdefault(hit.term, []).append((hit.start, hit.end))
    return {**genders_in(text, spans), **known}


def _sheet_genders(sheet: FactSheet) -> dict[str, Gender]:
    """Say the gender of the sheet's names from their spellings ("Mr Rochester") and statements."""
    found: dict[str, Gender] = {}
    for name, others in sheet.names.items():
        for spelling in (name, *others):
            said = gender_votes(spelling.split()[:1])
            if said and len(spelling.split()) > 1:
                found.setdefault(name, said)
    lexicon = sheet.lexicon()
    for fact in sheet.facts:
        spans: dict[str, list[tuple[int, int]]] = {}
        for hit in lexicon.find(fact.statement):
            if lexicon.is_name(hit.term):
                spans.setdefault(hit.term, []).append((hit.start, hit.end))
        for name, said in genders_in(fact.statement, spans).items():
            found.setdefault(name, said)
    return found


def _may_be(pronouns: set[str] | frozenset[str], gender: Gender | None) -> bool:
    """Tell whether a name of this gender may be what these pronouns stand for."""
    said = {pronoun_gender(p) for p in pronouns} - {None}
    return gender is None or not said or gender in said


def _is_person(parsed: Parsed, hit: Hit) -> bool:
    """Tell whether the parser takes a name the sheet knows for a person."""
    return any(parsed.words[i].entity == "PERSON" for i in parsed.words_in(hit.start, hit.end))


def _main_person(hits: Sequence[Hit], persons: frozenset[str]) -> str | None:
    """Name the person an essay is about, if one clearly is: most of its mentions of people."""
    counts = Counter(h.term for h in hits if h.term in persons)
    if not counts:
        return None
    (top, count), total = counts.most_common(1)[0], sum(counts.values())
    return top if count >= MAIN_MENTIONS and count >= MAIN_SHARE * total else None


def _with_main_person(
    hits: tuple[Hit, ...],
    tokens: Sequence[Token],
    parsed: Parsed,
    persons: frozenset[str],
    main: str,
    genders: dict[str, Gender],
) -> tuple[Hit, ...]:
    """Let a subject "he" or "she" that nothing nearer explains stand for the essay's person.

    In an essay about Dickens, "He died on 9 June 1870 in London" two sentences after his name
    is about Dickens; where the sentence or the one before names a person, nothing is added.
    """
    if any(h.term in persons for h in hits):
        return hits
    added = []
    for token in tokens:
        words = parsed.words_in(token.start, token.end)
        fits = _may_be({token.norm}, genders.get(main))
        if (
            token.norm in {"he", "she"}
            and fits
            and words
            and parsed.words[words[0]].dep in MAIN_SUBJECT
        ):
            added.append(Hit(main, token.start, token.end))
    return tuple(sorted((*hits, *added), key=lambda h: (h.start, h.end))) if added else hits


def _orphan_pronouns(
    hits: tuple[Hit, ...],
    span: Span,
    parsed: Parsed,
    is_name: Callable[[str], bool],
    genders: dict[str, Gender],
) -> frozenset[int]:
    """Return the words of the clauses whose subject is "it", "he" ... and that name no one."""
    found: set[int] = set()
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        if word.text.lower() not in CARRIED or word.dep not in ("nsubj", "nsubjpass"):
            continue
        reach = parsed.reach([i], fronted=False)
        named = any(
            is_name(h.term)
            and _may_be({word.text.lower()}, genders.get(h.term))
            and (h.start < word.start or any(j in reach for j in parsed.words_in(h.start, h.end)))
            for h in hits
        )  # "Dickens married Catherine Hogarth, and they ...": they are named already
        if not named:
            found |= reach
    return frozenset(found)


def _inside(items: Sequence[T], span: Span, start: Callable[[T], int]) -> list[T]:
    """Return the items (sorted by start) that start inside a span."""
    first = bisect_left(items, span.start, key=start)
    last = bisect_left(items, span.end, key=start)
    return list(items[first:last])


def _within(inner: Span, outer: Span) -> bool:
    """Tell whether a span lies inside another."""
    return outer.start <= inner.start and inner.end <= outer.end


def _speaks_of(
    sentence: _Sentence,
    fact: Fact,
    rules: _Rules,
    claim: DateClaim | Amount | Span | None = None,
    strict: bool = True,
    name: bool = False,
) -> bool:
    """Tell whether the sentence speaks of the fact: every `about` entry is there.

    The first entry is what the fact happens to: "Kirov was shot by Nikolaev" is not about
    Nikolaev being shot. A fact made only of names ("NKVD", "People's Commissariat ...")
    states what something is, so there "by" does not matter. Given a claim, the fact must be
    named among the words of the claim's own event (its clause, as parsed, with the subject it
    shares), and the claim's own words ("1937") do not count: in "Princip shot Franz
    Ferdinand in June 1914, so Austria declared war in July 1914", July is not the date of the
    shooting. Not strict, where the parse links the claim to no fact, one entry in the claim's
    part of the sentence (between ", but", ";" ...) is enough: such a link may confirm a claim
    but never contradict it.
    """
    groups = rules.groups[fact.id]
    deeds = rules.deeds[fact.id] & sentence.verbs
    if not all(
        group & sentence.terms or (deeds and _is_deed_group(group, rules)) for group in groups
    ):
        return False  # the quick test: some entry is not written at all
    defines = rules.defines[fact.id]
    choices = []
    usable = [h for h in sentence.hits if claim is None or not _overlaps(h, claim)]
    if deeds:  # the statement's own verb stands for the deed: "Endurance sank" for "crushed"
        usable += _deed_hits(sentence, fact, rules, deeds, claim)
    borrowed = sentence.borrowed
    if claim is not None and strict:
        reach = sentence.reach(claim.start, claim.end, episode=name)
        usable = [h for h in usable if sentence.in_reach(h, reach)]
        if sentence.borrowed_in is not None and not reach & sentence.borrowed_in:
            borrowed = ()  # "it" stands for them in another clause
        if name and not sentence.has_subject_pronoun(reach):
            borrowed = ()  # "most of them wanted a monarchy like in Britain" names no place
    elif claim is not None:
        clause = sentence.clause(claim.start)
        about = frozenset().union(*groups)
        if not any(h.term in about and sentence.clause(h.start) == clause for h in usable):
            return False
    for i, group in enumerate(groups):
        subject = i == 0 and not defines
        if any(h.term in group and not (subject and h.agent) for h in borrowed):
            continue  # a name carried over from the sentence before ("he", "its") has no place
        hits = [h for h in usable if h.term in group and not (subject and h.agent)]
        if not hits:
            return False
        choices.append(hits)
    return not choices or any(
        max(h.start for h in chosen) - min(h.end for h in chosen) <= WINDOW
        for chosen in product(*choices)
    )


def _is_deed_group(group: frozenset[str], rules: _Rules) -> bool:
    """Tell whether an `about` entry names the deed: words only, no name."""
    return not any(rules.is_name(t) for t in group)


def _deed_hits(
    sentence: _Sentence,
    fact: Fact,
    rules: _Rules,
    deeds: frozenset[str],
    claim: DateClaim | Amount | Span | None,
) -> list[Hit]:
    """Return the verbs of the sentence that are the statement's own verbs, each as a hit of
    the fact's deed entry."""
    group = next((g for g in rules.groups[fact.id] if _is_deed_group(g, rules)), None)
    if group is None:
        return []
    term = min(group)
    parsed = sentence.parsed
    return [
        Hit(term, word.start, word.end)
        for i in parsed.words_in(sentence.span.start, sentence.span.end)
        for word in [parsed.words[i]]
        if word.pos == "VERB"
        and word.lemma.lower() in deeds
        and (claim is None or not (word.start < claim.end and claim.start < word.end))
    ]


def _check_sentence(
    sentence: _Sentence, rules: _Rules
) -> tuple[list[Verdict], Unverified | None, list[Fact]]:
    """Give each claim of the sentence to a fact, compare, and collect what is left unchecked.

    Return the verdicts, what is unverified, and the facts the sentence speaks of.
    """
    named = {f.id: f for term in sentence.terms for f in rules.by_subject.get(term, ())}
    facts = [f for f in rules.facts if f.id in named and _speaks_of(sentence, f, rules)]

    checks: dict[str, list[Check]] = {f.id: [] for f in rules.facts}
    left: list[tuple[int, int]] = []
    fits: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    ambiguous: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    claims: list[DateClaim | Amount] = [*sentence.dates, *sentence.amounts]
    for claim in claims:
        candidates = [f for f in facts if _may_be_about(claim, f, sentence, rules)]
        loose = not candidates
        if loose:
            candidates = [f for f in facts if _may_be_about(claim, f, sentence, rules, False)]
        results = {f.id: _compare(claim, f, sentence, rules) for f in candidates}
        chosen, sure = _choose(claim, candidates, results, sentence, rules)
        if loose and any(results[f.id][0] != "supported" for f in chosen):
            chosen, sure = [], False  # a value the parse ties to no fact is never called wrong
        if sure:
            for fact in chosen:
                outcome, expected = results[fact.id]
                end = claim.written_end if isinstance(claim, Amount) else claim.end
                checks[fact.id].append(Check(_kind(claim), outcome, claim.start, end, expected))
        elif chosen:
            ambiguous.append(((claim.start, claim.end), tuple(f.id for f in chosen)))
        elif _worth_listing(claim):
            left.append((claim.start, claim.end))
            fitting = _fits(claim, rules)
            if fitting:
                fits.append(((claim.start, claim.end), fitting))
    # A fact of one date given the right date and another in one sentence: the other is
    # another event's ("seized power in November 1799 and crowned himself emperor in 1804").
    for fact in rules.facts:
        found = checks[fact.id]
        for kind, values in (("date", fact.date), ("number", fact.number)):
            if len(values) == 1 and any(c.what == kind and c.outcome == "supported" for c in found):
                others = [c for c in found if c.what == kind and c.outcome != "supported"]
                left += [(c.start, c.end) for c in others]
                checks[fact.id] = found = [c for c in found if c not in others]
    # A place or person counts for a fact only among the words of the fact's own event, and
    # not in a clause whose date another fact took: in "Kirov's followers in Leningrad ...
    # were shot on 29 December", Leningrad says nothing about where Kirov was killed.
    dated: dict[int, set[str]] = {}
    for fact_id, found in checks.items():
        for check in found:
            dated.setdefault(sentence.clause_head(check.start), set()).add(fact_id)
    for fact in facts:
        checks[fact.id] += _place_checks(sentence, fact, rules, dated)
        checks[fact.id] += _person_checks(sentence, fact, rules, dated)
        checks[fact.id] += _group_checks(sentence, fact, rules, checks[fact.id])
    for fact in rules.misconceived:
        checks[fact.id] += _misconceptions(sentence, fact)
    spoken = {f.id for f in facts}
    verdicts = []
    for fact in rules.facts:
        if checks[fact.id] or fact.id in spoken:
            verdict = _verdict(sentence, fact, checks[fact.id], fact.id in spoken)
            if verdict is not None:
                verdicts.append(verdict)
    subjects = () if facts else _subjects(sentence, rules)
    unverified = None
    if left or ambiguous or subjects:
        span = sentence.span
        unverified = Unverified(
            span.start, span.end, tuple(left), tuple(ambiguous), subjects, tuple(fits)
        )
    return verdicts, unverified, facts


def _may_be_about(
    claim: DateClaim | Amount, fact: Fact, sentence: _Sentence, rules: _Rules, strict: bool = True
) -> bool:
    """Tell whether a claim can be about a fact: a value of its kind, named in its clause."""
    if isinstance(claim, DateClaim):
        fits = bool(fact.date)
    else:
        numbers = _numbers_for(claim, fact, sentence, rules)
        if strict:  # "seven generals" is never checked against "681,692 people shot"
            noun = essay_counted(sentence.parsed, claim)
            pairs = tuple(zip(rules.numbers[fact.id], rules.counted[fact.id], strict=True))
            numbers = [
                n
                for n in numbers
                if agrees(noun, next(c for m, c in pairs if m is n), n, fact.about)
            ]
        fits = bool(numbers)
    return fits and _speaks_of(sentence, fact, rules, claim, strict)


def _fits(claim: DateClaim | Amount, rules: _Rules) -> tuple[str, ...]:
    """Name the facts whose dates a date the sentence ties to no fact matches best.

    "The purges lasted from 1936 to 1938" names nothing the sheet knows, but its dates are
    those of the Great Terror: the student is told to name what the dates belong to.
    """
    if not isinstance(claim, DateClaim):
        return ()  # a round number agrees with too many facts to be worth a hint
    scored = []
    for fact in rules.facts:
        if fact.date and compare_date(claim.when, fact.date)[0] == "supported":
            hull = When(
                min((d.first for d in fact.date), key=lambda p: p.start),
                max((d.last for d in fact.date), key=lambda p: p.end),
            ).span
            span = claim.when.span
            union = (max(span.end, hull.end) - min(span.start, hull.start)).days + 1
            scored.append((span.shared_days(hull) / union, fact.id))
    best = max((score for score, _ in scored), default=0.0)
    return tuple(fact_id for score, fact_id in scored if score >= best - 0.05)[:2]


def _kind(claim: DateClaim | Amount) -> str:
    """Name what a claim is."""
    return "date" if isinstance(claim, DateClaim) else "number"


def _worth_listing(claim: DateClaim | Amount) -> bool:
    """Tell whether an unchecked claim is specific enough to list as unverified."""
    if isinstance(claim, DateClaim):
        return claim.when.span.days <= VAGUE_DAYS
    return not claim.vague and claim.value >= SMALL_COUNT


def _subjects(sentence: _Sentence, rules: _Rules) -> tuple[str, ...]:
    """Name the people and things facts are about that the sentence speaks of, unchecked."""
    found = [
        h.term
        for h in sentence.hits
        if h.term in rules.subjects and rules.is_name(h.term) and not h.agent
    ]
    return tuple(dict.fromkeys(found))


def _numbers_for(
    amount: Amount, fact: Fact, sentence: _Sentence, rules: _Rules
) -> list[NumberValue]:
    """Return the fact's numbers an amount may be compared with (those whose `of` words follow)."""
    usable = []
    for number in rules.numbers[fact.id]:
        if number.percent != amount.percent:
            continue  # 45% is not 45 people
        if _in_unit(amount, number) is None:
            continue  # 63 km is not a temperature, and 30 years is not a count of people
        if number.unit is None and amount.unit is not None and not number.of:
            continue  # 65 metres is not a count of people
        if number.of and not any(
            h.term in number.of and 0 <= h.start - amount.end <= 40 for h in sentence.hits
        ):
            continue
        usable.append(number)
    return usable


def _compare(
    claim: DateClaim | Amount, fact: Fact, sentence: _Sentence, rules: _Rules
) -> tuple[Outcome, str]:
    """Compare a claim with a fact's value: the outcome and what the sheet says."""
    if isinstance(claim, DateClaim):
        if claim.guessed_year:
            return _compare_day(claim, fact.date)
        return compare_date(claim.when, fact.date)
    return compare_number(claim, _numbers_for(claim, fact, sentence, rules))


def _compare_day(claim: DateClaim, dates: Sequence[When]) -> tuple[Outcome, str]:
    """Compare a day written without its year ("On 22 October") in each year of the fact's
    dates: the year was only guessed from an earlier paragraph, so it is never the error."""
    day = claim.when.first.start
    results = []
    for year in sorted({d.first.start.year for d in dates} | {d.last.end.year for d in dates}):
        period = day_period(year, day.month, day.day)
        if period is not None:
            results.append(compare_date(When.single(period), dates))
    if not results:
        return compare_date(claim.when, dates)
    return min(results, key=lambda r: RANK[r[0]])


def compare_date(claim: When, facts: Sequence[When]) -> tuple[Outcome, str]:
    """Compare a date the essay gives with the fact's date (one, a range, or several)."""
    expected = _dates_label(facts)
    if len(facts) > 1:
        if claim.is_range:
            hull = When(
                min((f.first for f in facts), key=lambda p: p.start),
                max((f.last for f in facts), key=lambda p: p.end),
            )
            return _compare_range(claim, hull), expected
        outcomes = [compare_date(claim, [f])[0] for f in facts]
        return min(outcomes, key=RANK.__getitem__), expected
    fact = facts[0]
    if fact.is_range:
        return _compare_range(claim, fact), expected
    return _compare_point(claim, fact.first), expected


def _compare_point(claim: When, fact: Period) -> Outcome:
    """Compare a date with an event at one time: right if it holds it, vague if far too wide."""
    span = claim.span
    if not span.overlaps(fact):
        return "contradicted"
    if claim.is_range and not span.covers(fact):
        return "imprecise"
    return "supported" if span.days <= max(fact.days, YEAR_DAYS) else "imprecise"


def _compare_range(claim: When, fact: When) -> Outcome:
    """Compare a date with a period: its ends must match; a time within it is right."""
    span, period = claim.span, fact.span
    if not span.overlaps(period):
        return "contradicted"
    if claim.is_range:
        if claim.first.overlaps(fact.first) and claim.last.overlaps(fact.last):
            return "supported"
        shared = span.shared_days(period)
        union = (max(span.end, period.end) - min(span.start, period.start)).days + 1
        return "imprecise" if shared / union >= OVERLAP else "contradicted"
    return "supported" if span.days <= max(2 * period.days, YEAR_DAYS) else "imprecise"


def compare_number(amount: Amount, numbers: Sequence[NumberValue]) -> tuple[Outcome, str]:
    """Compare a number with the closest of the fact's numbers."""

    def distance(number: NumberValue) -> float:
        low, high = number.accepted
        middle = (low + high) / 2 or 1.0
        value = _in_unit(amount, number) or amount
        return abs(value.value - middle) / abs(middle)

    number = min(numbers, key=distance)
    if amount.in_pair >= 0 and len(numbers) == 2:
        number = numbers[amount.in_pair]  # "120/80" against the sheet's two, in order
    said = _in_unit(amount, number) or amount
    low, high = number.accepted
    if _exact(number) and not said.vague:
        # an exact count ("$250", "thirteen days") is right only as itself: "two hundred" is not 250
        right = low <= said.value <= high
        return ("supported" if right else "contradicted"), number.label
    if said.low <= high and low <= said.high:
        return "supported", number.label
    if not said.vague and _near(said.value, number):
        return "imprecise", number.label
    return "contradicted", number.label


def _exact(number: NumberValue) -> bool:
    """Tell whether a sheet number is an exact count: a value with tolerance 0."""
    return number.value is not None and number.tolerance == 0 and number.min is None


def _near(value: float, number: NumberValue) -> bool:
    """Tell whether a wrong number is near enough the sheet's to be imprecise, not wrong.

    An exact count (tolerance 0: "thirteen days") has no near miss; a share is near within
    NEAR_POINTS percentage points (75% is not nearly 95%); a range the teacher gave is near
    within a quarter of its width; otherwise within 25% of the accepted ends.
    """
    low, high = number.accepted
    if _exact(number):
        return False
    if number.percent:
        return low - NEAR_POINTS <= value <= high + NEAR_POINTS
    if number.min is not None and number.max is not None:
        margin = (high - low) * OVERLAP
        return low - margin <= value <= high + margin
    near_low, near_high = sorted((low / NEAR, low * NEAR)), sorted((high / NEAR, high * NEAR))
    return near_low[0] <= value <= near_high[1]


def _in_unit(amount: Amount, number: NumberValue) -> Amount | None:
    """Give an amount in the unit of a sheet's number; None when they measure different things.

    A number written without a unit is taken in the sheet's unit, and a sheet number without a
    unit takes the essay's as written; otherwise the units must measure the same kind of thing.
    """
    if amount.unit is None or number.unit is None or number.unit == amount.unit:
        return amount
    unit, target = amount.unit, number.unit
    if convert(1.0, unit, target) is None:
        # "55.5 billion cubic metres a year" against a sheet's km**3: the rate is context
        unit, target = unit.split("/")[0], target.split("/")[0]
    value, low, high = (convert(v, unit, target) for v in amount_values(amount))
    if value is None or low is None or high is None:
        return None
    return replace(amount, value=value, low=min(low, high), high=max(low, high), unit=number.unit)


def amount_values(amount: Amount) -> tuple[float, float, float]:
    """Return an amount's value and the ends of the interval it commits to."""
    return amount.value, amount.low, amount.high


def _choose(
    claim: DateClaim | Amount,
    candidates: list[Fact],
    results: dict[str, tuple[Outcome, str]],
    sentence: _Sentence,
    rules: _Rules,
) -> tuple[list[Fact], bool]:
    """Pick the facts a claim is about, and whether that is sure (unsure: never guess).

    The most specific facts the sentence speaks of decide: "Bukharin was executed in 1937
    after a trial" is about Bukharin's execution, not the show trials. The claim supports
    those of them it agrees with; if it agrees with none, it belongs to the nearest of them,
    when that one is clearly the nearest.
    """
    if not candidates:
        return [], False
    top = max(rules.specificity[f.id] for f in candidates)
    best = [f for f in candidates if rules.specificity[f.id] == top]
    right = [f for f in best if results[f.id][0] == "supported"]
    if right:
        return right, True
    ranked = sorted(best, key=lambda f: _distance(claim, f, sentence))
    if len(ranked) == 1:
        return ranked, True
    nearest, second = (_distance(claim, f, sentence) for f in ranked[:2])
    if nearest < CLEARLY_NEARER * second:
        return ranked[:1], True
    return ranked, False


def _distance(claim: DateClaim | Amount, fact: Fact, sentence: _Sentence) -> int:
    """How far a claim is from the words that identify a fact (the farthest entry counts)."""
    worst = 0
    for group in fact.about:
        gaps = [
            max(h.start - claim.end, claim.start - h.end, 0)
            for h in sentence.hits
            if h.term in group and not _overlaps(h, claim)
        ]
        worst = max(worst, min(gaps, default=FAR))
    return worst


def _overlaps(hit: Hit, claim: DateClaim | Amount | Span) -> bool:
    """Tell whether a term is written inside a claim ("1937" in "in 1937")."""
    return hit.start < claim.end and claim.start < hit.end


def _place_checks(
    sentence: _Sentence, fact: Fact, rules: _Rules, dated: dict[int, set[str]]
) -> list[Check]:
    """Check where a fact happened: right when named; wrong when another place takes its role.

    Another place is one the sheet knows, or one the parser recognises, written after "in",
    "at" or "near" among the words of the fact's own event.
    """
    if not fact.place:
        return []
    right = [
        h
        for h in _named(sentence, fact.place, rules.spellings)
        if _free(sentence, fact, h.start, dated)
    ]
    if right:
        return [Check("place", "supported", right[0].start, right[0].end, _names(fact.place))]
    others = [(h.start, h.end) for h in sentence.hits if h.term in rules.places]
    others += [
        (e.start, e.end)
        for e in sentence.parsed.entities_in(sentence.span.start, sentence.span.end)
        if e.label in PLACE_LABELS and not _is_sheet_name(sentence, e.start, e.end, rules)
    ]
    others += _unlabelled_places(sentence, rules)
    role = rules.place_roles[fact.id]
    statement = fact.statement.casefold()
    wrong = [
        (start, end)
        for start, end in sorted(dict.fromkeys(others))
        if role_before(sentence.text, start) == role
        and sentence.text[start:end].casefold() not in statement
        and _in_event(sentence, fact, rules, (start, end), dated)
    ]
    return [
        Check("place", "contradicted", start, end, _names(fact.place)) for start, end in wrong[:1]
    ]


def _statement_place_role(fact: Fact, sheet: FactSheet) -> Role:
    """Say the role the fact's place plays in its statement ("sailed from Cardiff": from)."""
    lexicon = sheet.lexicon()
    for hit in lexicon.find(fact.statement):
        if hit.term in fact.place:
            found = role_before(fact.statement, hit.start)
            if found is not None:
                return found
    return "where"


def _unlabelled_places(sentence: _Sentence, rules: _Rules) -> list[tuple[int, int]]:
    """Find proper names the parser gave no type to, written after a word of place ("starts
    in Lake Albert"): a place the sheet does not know and the parser did not recognise."""
    parsed = sentence.parsed
    found = []
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        if word.pos != "PROPN" or word.entity not in ("", "ORG") or word.dep == "compound":
            continue  # the parser often takes a town for a group: "the port of Bristol"
        if word.dep != "pobj" or parsed.words[word.head].text.lower() not in PLACE_PREPOSITIONS:
            continue
        where = name_span(parsed, i)
        if where and not _is_sheet_name(sentence, where[0], where[1], rules):
            found.append(where)
    return found


def _person_checks(
    sentence: _Sentence, fact: Fact, rules: _Rules, dated: dict[int, set[str]]
) -> list[Check]:
    """Check who did it: right when named; wrong when another person does it in the sentence.

    Another person is one the sheet knows or the parser recognises, written after "by" or as
    the one who acts ("Moltke drew up the plan"), among the words of the fact's own event. A
    name inside a longer name ("the Schlieffen Plan") is not the person.
    """
    if not fact.person:
        return []
    right = [
        h
        for h in _named(sentence, fact.person, rules.spellings)
        if _free(sentence, fact, h.start, dated)
    ]
    if right:
        return [Check("person", "supported", right[0].start, right[0].end, _names(fact.person))]
    said = _pronoun_for(sentence, fact, rules)
    if said is not None:
        return [Check("person", "supported", said[0], said[1], _names(fact.person))]
    parsed = sentence.parsed
    subject = rules.groups[fact.id][0]
    others = [
        (h.start, h.end)
        for h in sentence.hits
        if h.term in rules.people
        and h.term not in subject
        and (h.agent or _acts(sentence, fact, rules, _last_word(parsed, h)))
    ]
    for start, end, last in _people(sentence):
        # Someone the sheet does not know counts after "by", or as the subject of the deed's
        # own verb: as the subject of another ("Stalin replaced Yagoda with Yezhov") a person
        # may be who ordered the deed, not who did it.
        if not _acts(sentence, fact, rules, last):
            continue
        written = [h for h in sentence.hits if h.start < end and start < h.end]
        if any(h.term in subject or h.term not in rules.people for h in written):
            continue  # the one the fact is about, or a thing of the sheet's with a person's name
        others.append((start, end))
    wrong = [
        where
        for where in dict.fromkeys(others)
        if _in_event(sentence, fact, rules, where, dated)
        or _under_deed(sentence, fact, rules, where, dated)
    ]
    return [
        Check("person", "contradicted", start, end, _names(fact.person)) for start, end in wrong[:1]
    ]


def _group_checks(
    sentence: _Sentence, fact: Fact, rules: _Rules, found: Sequence[Check]
) -> list[Check]:
    """Compare the names an essay lists together with a fact's members, as a set.

    Each member written in the list is right; any other name in it is wrong, whether the sheet
    knows it or not ("Scott, Wilson, Bowers, Oates and Crean"). A list with no member in it
    says nothing about the group.
    """
    members = rules.members[fact.id]
    if not members:
        return []
    parsed = sentence.parsed
    expected = _listed(sorted(members))
    member_hits = [h for h in sentence.hits if h.term in members]
    checks: list[Check] = []
    done: set[int] = set()
    for hit in member_hits:
        word = _last_word(parsed, hit)
        listed = coordinated(parsed, word)
        if len(listed) < 2 or word in done:
            continue
        done |= set(listed)
        for other in listed:
            where = name_span(parsed, other)
            if where is None:
                continue
            written = [h for h in sentence.hits if h.start < where[1] and where[0] < h.end]
            if any(h.term in members for h in written):
                outcome: Outcome = "supported"
            elif any(h.term in rules.groups[fact.id][0] for h in written):
                continue  # the group itself ("the Entente and Russia")
            elif spelt_like(sentence.parsed_text(*where), sorted(members)):
                continue  # a member misspelt ("Lenny")
            else:
                outcome = "contradicted"
            if not any(c.start == where[0] for c in (*found, *checks)):
                checks.append(Check("member", outcome, where[0], where[1], expected))
    if not any(c.outcome == "contradicted" for c in checks):
        return [c for c in checks if not any(f.start == c.start for f in found)]
    return checks


def _under_deed(
    sentence: _Sentence,
    fact: Fact,
    rules: _Rules,
    where: tuple[int, int],
    dated: dict[int, set[str]],
) -> bool:
    """Tell whether every `about` entry of a fact is written under the verb a name is the
    subject of: "Homer said that Egypt was the gift of the Nile" (said: the gift, the Nile)."""
    parsed = sentence.parsed
    words = parsed.words_in(*where)
    if not words or not _free(sentence, fact, where[0], dated):
        return False
    i = words[-1]
    while parsed.words[i].dep in ("appos", "compound") and parsed.words[i].head != i:
        i = parsed.words[i].head
    word = parsed.words[i]
    if word.dep == "pobj" and parsed.words[word.head].dep == "agent":
        # "a spy plane flown by Gary Powers", where the statement's person flew it
        verb = parsed.words[word.head].head
        deed = parsed.words[verb].lemma.lower() in rules.deeds[fact.id]
        return deed and _speaks_of(sentence, fact, rules)
    if word.dep not in MAIN_SUBJECT:
        return False
    verb = word.head
    below = frozenset(parsed.subtree(verb)) - frozenset(parsed.subtree(i))
    return all(
        any(h.term in group and sentence.in_reach(h, below) for h in sentence.hits)
        for group in rules.groups[fact.id]
    )


def _pronoun_for(sentence: _Sentence, fact: Fact, rules: _Rules) -> tuple[int, int] | None:
    """Find "she" or "he" doing the fact's deed where it stands for the fact's person, named
    in the sentence before ("Bertha is locked away. When Rochester is out, she burns ...")."""
    if not any(h.term in fact.person for h in sentence.borrowed):
        return None
    parsed = sentence.parsed
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        if word.text.lower() not in SUBJECT_PRONOUNS or word.dep not in MAIN_SUBJECT:
            continue
        if sentence.borrowed_in is not None and i not in sentence.borrowed_in:
            continue
        if _acts(sentence, fact, rules, i):
            return word.start, word.end
    return None


def _people(sentence: _Sentence) -> list[tuple[int, int, int]]:
    """Find the people a sentence names: where each starts and ends, and its last word.

    The parser's persons, and a proper name after "by" that it took for something other than
    a place, a group or a thing ("stabbed by Madame Roland", which it calls an event).
    """
    parsed, span = sentence.parsed, sentence.span
    found = [
        (e.start, e.end, e.last)
        for e in parsed.entities_in(span.start, span.end)
        if e.label == "PERSON"
    ]
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        after_by = word.dep == "pobj" and parsed.words[word.head].dep == "agent"
        if word.pos != "PROPN" or not after_by or _not_a_person(parsed, i):
            continue
        first = i
        while first > 0 and parsed.words[first - 1].dep == "compound":
            first -= 1
        if not any(s <= word.start < e for s, e, _ in found):
            found.append((parsed.words[first].start, word.end, i))
    return found


def _not_a_person(parsed: Parsed, i: int) -> bool:
    """Tell whether a proper name after "by" is a place, group or thing, not a person.

    The parser often calls a lone first name a group ("narrated by Estella"): a group here is
    one written with "the" or in capitals ("by the Red Army", "by NASA").
    """
    word = parsed.words[i]
    if word.entity != "ORG":
        return word.entity in NOT_PEOPLE
    has_the = any(parsed.words[j].dep == "det" for j in parsed.children(i))
    return has_the or word.text.isupper()


def _names(accepted: Sequence[str]) -> str:
    """Write the accepted names as a reader would: "Leningrad or Smolny Institute"."""
    return " or ".join(accepted)


def _named(
    sentence: _Sentence, accepted: Sequence[str], spellings: dict[str, frozenset[str]]
) -> list[Hit]:
    """Return where the sentence writes one of the names, each a whole name."""
    return [h for h in sentence.hits if h.term in accepted and _whole_name(sentence, h, spellings)]


def _whole_name(sentence: _Sentence, hit: Hit, spellings: dict[str, frozenset[str]]) -> bool:
    """Tell whether a name stands alone, not as the start of a longer one ("Schlieffen Plan"),
    unless the longer one is another spelling of the same name ("Gad's Hill Place")."""
    if any(
        h.start <= hit.start and hit.end <= h.end and (h.end - h.start) > (hit.end - hit.start)
        for h in sentence.hits
        if h.term != hit.term
    ):
        return False  # inside a longer name of the sheet's: "Sherman" in "Sherman's March"
    parsed = sentence.parsed
    words = parsed.words_in(hit.start, hit.end)
    if not words:
        return True
    last = parsed.words[words[-1]]
    head = parsed.words[last.head]
    longer = last.dep == "compound" and last.head > words[-1] and head.text[:1].isupper()
    if not (longer and head.pos == "PROPN" and head.start >= hit.end):
        return True
    written = " ".join(sentence.parsed_text(hit.start, head.end).lower().split())
    return written in spellings.get(hit.term, frozenset())


def _is_sheet_name(sentence: _Sentence, start: int, end: int, rules: _Rules) -> bool:
    """Tell whether the sheet names what is written here (a place it knows, or a person)."""
    return any(h.start < end and start < h.end for h in sentence.hits if rules.is_name(h.term))


def _after_place_word(sentence: _Sentence, start: int) -> bool:
    """Tell whether a name follows "in", "at" or "near" (past "the")."""
    before = sentence.parsed.words_in(max(start - 12, 0), start)
    words = [sentence.parsed.words[i].text.lower() for i in before]
    while words and words[-1] == "the":
        words.pop()
    return bool(words) and words[-1] in PLACE_WORDS


def _acts(sentence: _Sentence, fact: Fact, rules: _Rules, word: int, by_only: bool = False) -> bool:
    """Tell whether a name does the fact's deed: after "by", or the subject of its verb.

    "Princip assassinated ..." acts, and so does "Aldrin was the first person to step onto the
    Moon", or "built under President Vargas"; in "some believed that Stalin ordered the
    assassination", Stalin is the subject of
    "ordered", not of the deed. Not `by_only`: only after "by".
    """
    parsed = sentence.parsed
    name = parsed.words[word]
    if name.dep == "pobj":
        prep = parsed.words[name.head]
        if prep.dep == "agent":
            return True
        # "built under President Vargas": the deed done under someone's rule
        under = prep.text.lower() == "under"
        if under and _is_deed(sentence, fact, rules, [prep.head]):
            return True
        # "the poem 'To a Mouse' by William Wordsworth": the maker of a thing the fact is about
        return prep.text.lower() == "by" and _is_about(sentence, fact, prep.head)
    if name.dep == "appos":  # "the ambassador, Henry Cabot Lodge, produced ...": his role
        return _acts(sentence, fact, rules, name.head, by_only)
    if name.dep != "nsubj":
        return False
    verbs = [name.head]
    # "The first explorer to reach the South Pole, Nansen, ...": the subject's own clause
    verbs += [j for j in parsed.children(word) if parsed.words[j].dep in ("relcl", "acl")]
    if parsed.words[name.head].lemma == "be":  # "X was the first person to step ..."
        verbs += [
            j
            for attr in parsed.children(name.head)
            if parsed.words[attr].dep == "attr"
            for j in parsed.children(attr)
            if parsed.words[j].dep in ("relcl", "acl")
        ]
    elif by_only and not _does_deed(sentence, fact, rules, verbs[0]):
        return False
    return _is_deed(sentence, fact, rules, verbs) or _does_deed(sentence, fact, rules, verbs[0])


def _is_deed(sentence: _Sentence, fact: Fact, rules: _Rules, verbs: Sequence[int]) -> bool:
    """Tell whether one of these words is the fact's deed: a word of its about, not a name."""
    deeds = frozenset(t for group in fact.about for t in group if not rules.is_name(t))
    starts = [sentence.parsed.words[v].start for v in verbs]
    return any(h.term in deeds and h.start <= at < h.end for h in sentence.hits for at in starts)


def _is_about(sentence: _Sentence, fact: Fact, word: int) -> bool:
    """Tell whether a word is one of the fact's `about` entries, a name or a word."""
    at = sentence.parsed.words[word].start
    about = frozenset(t for group in fact.about for t in group)
    return any(h.term in about and h.start <= at < h.end for h in sentence.hits)


def _does_deed(sentence: _Sentence, fact: Fact, rules: _Rules, verb: int) -> bool:
    """Tell whether a verb is what the fact's statement says was done, so that its subject is
    who did it: the statement's own verb ("nationalised", "showed"), or a verb of saying where
    the statement has one ("Homer said" for "Herodotus called"). A verb whose object is the
    deed is not it: "Stalin ordered the assassination", "he exploited Kirov's murder"."""
    parsed = sentence.parsed
    word = parsed.words[verb]
    if word.pos not in ("VERB", "AUX") or word.lemma in LIGHT_VERBS:
        return False
    lemma = word.lemma.lower()
    deeds = rules.deeds[fact.id]
    return lemma in deeds or bool(lemma in SAYING and deeds & SAYING)


def _in_event(
    sentence: _Sentence,
    fact: Fact,
    rules: _Rules,
    where: Hit | tuple[int, int],
    dated: dict[int, set[str]],
) -> bool:
    """Tell whether a name stands among the words of the fact's own event, and not in a clause
    whose date or number another fact took."""
    start, end = (where.start, where.end) if isinstance(where, Hit) else where
    return _free(sentence, fact, start, dated) and _speaks_of(
        sentence, fact, rules, Span(start, end), name=True
    )


def _free(sentence: _Sentence, fact: Fact, at: int, dated: dict[int, set[str]]) -> bool:
    """Tell whether a name's clause is free for the fact: no other fact took its date alone."""
    taken = dated.get(sentence.clause_head(at), set())
    return not taken or fact.id in taken


def _last_word(parsed: Parsed, hit: Hit) -> int:
    """Return the index of a term's last word."""
    words = parsed.words_in(hit.start, hit.end)
    return words[-1] if words else 0


def _misconceptions(sentence: _Sentence, fact: Fact) -> list[Check]:
    """Find a known wrong idea: its pattern's entries in order within the sentence."""
    found = []
    for wrong in fact.misconceptions:
        position, first, last = sentence.span.start, -1, -1
        for group in wrong.pattern:
            hit = next((h for h in sentence.hits if h.term in group and h.start >= position), None)
            if hit is None:
                break
            first = hit.start if first < 0 else first
            position, last = hit.end, hit.end
        else:
            source = f" (source: {wrong.source})" if wrong.source else ""
            found.append(
                Check(
                    "misconception",
                    "contradicted",
                    first,
                    last,
                    fact.statement,
                    wrong.correction + source,
                )
            )
    return found


def _verdict(sentence: _Sentence, fact: Fact, checks: list[Check], spoken: bool) -> Verdict | None:
    """Sum up what a sentence says about a fact: the worst of its checks decides."""
    if not checks:
        if not spoken or fact.has_values:
            return None  # a mention without a value is coverage, not a checked claim
        hits = [h for h in sentence.hits if any(h.term in g for g in fact.about)]
        if not hits:
            return None
        start, end = min(h.start for h in hits), max(h.end for h in hits)
        return Verdict(fact, "supported", start, end, ())
    outcome = max((c.outcome for c in checks), key=RANK.__getitem__)
    start, end = min(c.start for c in checks), max(c.end for c in checks)
    return Verdict(fact, outcome, start, end, tuple(checks))


def _dates_label(dates: Sequence[When]) -> str:
    """Write a fact's dates as a reader would: "August 1936, January 1937 and March 1938"."""
    labels = [d.label for d in dates]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" and {labels[-1]}"


# ---------------------------------------------------------------------------------------------
# Findings and measures


def findings_for(result: FactCheck, criterion: str, essay: Essay) -> tuple[Finding, ...]:
    """Turn the checker's verdicts into findings a student can act on."""
    text = essay.text
    findings = [f for v in result.verdicts for f in _verdict_findings(v, criterion, text)]
    findings += [
        Finding(
            criterion=criterion,
            kind="facts",
            code=f"facts.{fact.id}",
            severity=SEVERITY["missing"],
            message=f"Missing fact: {fact.statement} Add it if it helps your argument.",
            start=0,
            end=0,
            verdict="missing",
            source=fact.source,
            fact=fact.id,
            expected=fact.statement,
        )
        for fact in result.missing
    ]
    statements = {f.id: f.statement for f in result.facts}
    findings += [_unverified_finding(u, criterion, text, statements) for u in result.unverified]
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.code)))


def _verdict_findings(verdict: Verdict, criterion: str, text: str) -> list[Finding]:
    """Say what the essay got right or wrong about a fact: one finding for each outcome.

    Each highlights only the words it judged (the first, and the rest as `also_at`), so a
    sentence with a right date and a wrong place shows the date as right and the place as wrong.
    """
    fact = verdict.fact
    if not verdict.checks:
        return [_finding(fact, "supported", ((verdict.start, verdict.end),), (), criterion, text)]
    findings = []
    for outcome in dict.fromkeys(c.outcome for c in verdict.checks):
        checks = tuple(sorted((c for c in verdict.checks if c.outcome == outcome), key=_at))
        spans = tuple((c.start, c.end) for c in checks)
        findings.append(_finding(fact, outcome, spans, checks, criterion, text))
    return findings


def _finding(
    fact: Fact,
    outcome: Outcome,
    spans: tuple[tuple[int, int], ...],
    checks: tuple[Check, ...],
    criterion: str,
    text: str,
) -> Finding:
    """Say what some values of the essay show about a fact, the correction and its source."""
    quotes = [_quote_span(text, start, end) for start, end in spans]
    suggestions: tuple[str, ...] = ()
    if outcome == "supported":
        kinds = " and ".join(dict.fromkeys(c.what for c in checks))
        right = f"{_listed(quotes)} {'is' if len(quotes) == 1 else 'are'} right ({kinds}): "
        message = f"Correct: {right if checks else ''}{fact.statement}"
    else:
        said = "; ".join(
            f"you wrote {quote}: {c.note}"
            if c.what == "misconception"
            else f"you wrote {quote}, but the fact sheet says {c.expected}"
            for quote, c in zip(quotes, checks, strict=True)
        )
        opening = "Check this fact" if outcome == "contradicted" else "Be more precise"
        message = (
            f"{opening}: {said.rstrip('.')}. Fact sheet: {fact.statement} (source: {fact.source})"
        )
        suggestions = tuple(dict.fromkeys(c.expected for c in checks if c.what != "misconception"))
    (start, end), *others = spans
    return Finding(
        criterion=criterion,
        kind="facts",
        code=f"facts.{fact.id}",
        severity=SEVERITY[outcome],
        message=message,
        start=start,
        end=end,
        suggestions=suggestions,
        verdict=outcome,
        source=fact.source,
        fact=fact.id,
        expected=fact.statement,
        claimed="; ".join(quotes),
        also_at=tuple(others) or None,
    )


def _at(check: Check) -> int:
    """Return where a check's words start, to list checks in reading order."""
    return check.start


def _listed(items: Sequence[str]) -> str:
    """Join items as a reader would: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def _quote_span(text: str, start: int, end: int) -> str:
    """Quote a stretch of the essay in curly quotes, on one line."""
    return f"“{' '.join(text[start:end].split())}”"


def _unverified_finding(
    item: Unverified, criterion: str, text: str, statements: dict[str, str]
) -> Finding:
    """List what a sentence claims that the fact sheet cannot check."""
    parts = []
    fitting = dict(item.fits)
    plain = [c for c in item.claims if c not in fitting]
    if plain:
        said = ", ".join(_quote_span(text, *c) for c in plain)
        parts.append(f"{said}: no fact on the fact sheet covers this, so check it yourself.")
    for claim, facts in item.fits:
        options = " or ".join(f"“{statements[f]}”" for f in facts)
        parts.append(
            f"{_quote_span(text, *claim)} agrees with the fact sheet's {options}, but the "
            "sentence does not name what it is about; name it so that it can be checked."
        )
    for claim, facts in item.ambiguous:
        options = " or ".join(f"“{statements[f]}”" for f in facts)
        parts.append(
            f"{_quote_span(text, *claim)} could be about {options}; "
            "make clear which event it belongs to."
        )
    if item.subjects and not parts:
        names = " and ".join(item.subjects)
        parts.append(
            f"this sentence says something about {names} that the fact sheet does not cover; "
            "make sure it is right."
        )
    spans = [*item.claims, *(claim for claim, _ in item.ambiguous)]
    claimed = "; ".join(_quote_span(text, *span) for span in spans)
    return Finding(
        criterion=criterion,
        kind="facts",
        code="facts.unverified",
        severity=SEVERITY["unverified"],
        message="Not checked: " + " ".join(parts),
        start=item.start,
        end=item.end,
        verdict="unverified",
        claimed=claimed or None,
    )


def measures_for(
    result: FactCheck, sheet: FactSheet, findings: Sequence[Finding]
) -> dict[str, float]:
    """Compute accuracy, coverage, the fact score and the count of each verdict."""
    weight = {f.id: f.weight for f in sheet.facts}
    checked = {"supported": 0.0, "imprecise": 0.0, "contradicted": 0.0}
    for verdict in result.verdicts:
        checked[verdict.outcome] += weight[verdict.fact.id]
    total = sum(checked.values())
    accuracy = checked["supported"] / total if total else 0.0
    required = [f for f in sheet.facts if f.required]
    needed = sum(f.weight for f in required)
    covered = sum(f.weight for f in required if f.id in result.mentioned)
    coverage = covered / needed if needed else 1.0
    touching = len(result.verdicts) + len(result.mentioned)
    if not touching:
        accuracy = coverage = 0.0  # an essay on another subject earns no facts credit
    counts = {v: 0.0 for v in ("supported", "contradicted", "imprecise", "missing", "unverified")}
    for finding in findings:
        if finding.verdict is not None:
            counts[finding.verdict] += 1
    return {
        "fact_score": (accuracy + coverage) / 2,
        "accuracy": accuracy,
        "coverage": coverage,
        **counts,
        "required_facts": float(len(required)),
        "claims_touching_sheet": float(touching),
    }
