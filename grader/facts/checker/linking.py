"""Linking a claim to a fact by its event: the words of `about`, the statement's own verbs and
what a number counts; a weak link may confirm a claim, never contradict it."""

from __future__ import annotations

import re
from itertools import product

from grader.essay import Span
from grader.facts.checker.comparing import compare_date, compare_day, compare_number, in_unit
from grader.facts.checker.counting import agrees, essay_counted, statement_amounts
from grader.facts.checker.model import (
    CLEARLY_NEARER,
    FAR,
    SMALL_COUNT,
    VAGUE_DAYS,
    WINDOW,
    Agreement,
    Rules,
    Sentence,
)
from grader.facts.claims import Amount, DateClaim, Mention, When, normalise
from grader.facts.sheet import Fact, NumberValue


def speaks_of(
    sentence: Sentence,
    fact: Fact,
    rules: Rules,
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
    unwritten = [group for group in groups if not group & sentence.terms]
    if unwritten and not (deeds and all(_is_deed_group(g, rules) for g in unwritten)):
        return False  # the quick test: some entry is not written at all
    defines = rules.defines[fact.id]
    choices = []
    usable = _usable(sentence, rules, claim)
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


def _usable(
    sentence: Sentence, rules: Rules, claim: DateClaim | Amount | Span | None
) -> list[Mention]:
    """Return the terms that may link a claim to a fact: not its own words ("1937" in "in
    1937"), unless a scale word, and not a title given to a person."""
    if claim is None:
        return list(sentence.hits)
    return [
        h
        for h in sentence.hits
        if (not _overlaps(h, claim) or _scale_word(h, claim, sentence.text))
        and not _title(sentence, h, rules)
    ]


def _title(sentence: Sentence, hit: Mention, rules: Rules) -> bool:
    """Tell whether a fact's word is a title given to a person, not what the clause tells: in
    "in 1961 the East German leader Erich Honecker had the wall built", 1961 dates the
    building, not Honecker's time as leader. With "was" the title is what is said ("The
    leader in 1975 was Honecker")."""
    if rules.is_name(hit.term):
        return False
    parsed = sentence.parsed
    words = parsed.words_in(hit.start, hit.end)
    if not words:
        return False
    i = words[-1]
    word = parsed.words[i]
    named = any(
        parsed.words[j].dep in ("appos", "compound") and parsed.words[j].entity == "PERSON"
        for j in parsed.children(i)
    ) or (word.dep == "compound" and parsed.words[word.head].entity == "PERSON")
    verb = parsed.words[parsed.clause(i)]
    return word.pos == "NOUN" and named and verb.lemma != "be"


def _scale_word(hit: Mention, claim: DateClaim | Amount | Span, text: str) -> bool:
    """Tell whether a term inside a number is its scale, a word the fact is about: in "five
    billion of them", "billion" says the count is of a great many things, as "million" does."""
    return isinstance(claim, Amount) and text[hit.start : hit.end].isalpha()


def _is_deed_group(group: frozenset[str], rules: Rules) -> bool:
    """Tell whether an `about` entry names the deed: words only, no name."""
    return not any(rules.is_name(t) for t in group)


def _deed_hits(
    sentence: Sentence,
    fact: Fact,
    rules: Rules,
    deeds: frozenset[str],
    claim: DateClaim | Amount | Span | None,
) -> list[Mention]:
    """Return the verbs of the sentence that are the statement's own verbs, each as a hit of
    the fact's deed entry."""
    group = next((g for g in rules.groups[fact.id] if _is_deed_group(g, rules)), None)
    if group is None:
        return []
    term = min(group)
    return [
        Mention(term, start, end)
        for lemma, start, end in sentence.verb_spans
        if lemma in deeds and (claim is None or not (start < claim.end and claim.start < end))
    ]


def may_be_about(
    claim: DateClaim | Amount, fact: Fact, sentence: Sentence, rules: Rules, strict: bool = True
) -> bool:
    """Tell whether a claim can be about a fact: a value of its kind, named in its clause."""
    if isinstance(claim, DateClaim):
        fits = bool(fact.date)
    else:
        numbers = numbers_for(claim, fact, sentence, rules)
        if strict and _elsewhere(sentence, fact, rules, claim):
            return False  # "in Akita 39% of people are over 65" is not Japan's share
        if ratio(sentence, claim, fact):
            return False  # "three bases code for one amino acid" counts no bases of DNA
        if strict:  # "seven generals" is never checked against "681,692 people shot"
            noun = essay_counted(sentence.parsed, claim)
            pairs = tuple(zip(rules.numbers[fact.id], rules.counted[fact.id], strict=True))
            numbers = [
                n
                for n in numbers
                if agrees(noun, next(c for m, c in pairs if m is n), n, fact.about)
            ]
        fits = bool(numbers)
    return fits and speaks_of(sentence, fact, rules, claim, strict)


PER_ONE = re.compile(r"\b(?:each|every|per)\b", re.IGNORECASE)
PARTITIVE = re.compile(r"\s+\w+\s+of\s+(?:each|every)\b", re.IGNORECASE)  # "one X of each Y"
FOR_ONE = re.compile(r"\b(?:for|per|to|into)\s+$", re.IGNORECASE)  # "three bases for one acid"


def ratio(sentence: Sentence, amount: Amount, fact: Fact) -> bool:
    """Tell whether a number is said per one thing, where the fact's statement gives a total:
    "three bases code for one amino acid", "one chromosome of each pair comes from each
    parent". A statement written per one thing ("70 beats per minute") is compared as ever."""
    if amount.percent or PER_ONE.search(fact.statement):
        return False
    text = sentence.text
    if amount.value == 1 and PARTITIVE.match(text, amount.written_end):
        return True
    reach = sentence.reach(amount.start, amount.end)
    return any(
        other.value == 1
        and other.start != amount.start
        and FOR_ONE.search(text, sentence.span.start, other.start) is not None
        and reach & set(sentence.parsed.words_in(other.start, other.end))
        for other in sentence.amounts
    )


def fitting_facts(claim: DateClaim | Amount, rules: Rules) -> tuple[str, ...]:
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


def results_supported(amount: Amount, fact: Fact, sentence: Sentence, rules: Rules) -> bool:
    """Tell whether a number agrees with the fact's numbers it may be compared with."""
    numbers = numbers_for(amount, fact, sentence, rules)
    return bool(numbers) and compare_number(amount, numbers)[0] == "supported"


def claim_kind(claim: DateClaim | Amount) -> str:
    """Name what a claim is."""
    return "date" if isinstance(claim, DateClaim) else "number"


def worth_listing(claim: DateClaim | Amount) -> bool:
    """Tell whether an unchecked claim is specific enough to list as unverified."""
    if isinstance(claim, DateClaim):
        return claim.when.span.days <= VAGUE_DAYS
    return not claim.vague and claim.value >= SMALL_COUNT


def unchecked_subjects(sentence: Sentence, rules: Rules) -> tuple[str, ...]:
    """Name the people and things facts are about that the sentence speaks of, unchecked."""
    found = [
        h.term
        for h in sentence.hits
        if h.term in rules.subjects and rules.is_name(h.term) and not h.agent
    ]
    return tuple(dict.fromkeys(found))


def numbers_for(amount: Amount, fact: Fact, sentence: Sentence, rules: Rules) -> list[NumberValue]:
    """Return the fact's numbers an amount may be compared with (those whose `of` words follow)."""
    usable = []
    for number in rules.numbers[fact.id]:
        if number.percent != amount.percent:
            continue  # 45% is not 45 people
        if in_unit(amount, number) is None:
            continue  # 63 km is not a temperature, and 30 years is not a count of people
        if number.unit is None and amount.unit is not None and not number.of:
            continue  # 65 metres is not a count of people
        if number.of and not any(
            h.term in number.of and 0 <= h.start - amount.end <= 40 for h in sentence.hits
        ):
            continue
        usable.append(number)
    return usable


def compare_claim(
    claim: DateClaim | Amount, fact: Fact, sentence: Sentence, rules: Rules
) -> tuple[Agreement, str]:
    """Compare a claim with a fact's value: the outcome and what the sheet says."""
    if isinstance(claim, DateClaim):
        if claim.guessed_year:
            return compare_day(claim, fact.date)
        return compare_date(claim.when, fact.date)
    return compare_number(claim, numbers_for(claim, fact, sentence, rules))


def choose_facts(
    claim: DateClaim | Amount,
    candidates: list[Fact],
    results: dict[str, tuple[Agreement, str]],
    sentence: Sentence,
    rules: Rules,
) -> tuple[list[Fact], bool]:
    """Pick the facts a claim is about, and whether that is sure (unsure: never guess).

    The most specific facts the sentence speaks of decide: "Bukharin was executed in 1937
    after a trial" is about Bukharin's execution, not the show trials. The claim supports
    those of them it agrees with; if it agrees with none, it belongs to the nearest of them,
    when that one is clearly the nearest.
    """
    if not candidates:
        return [], False
    if isinstance(claim, Amount):
        # A number one fact holds is not wrong for another that holds a different one: 1.20
        # is Japan's fertility rate, not wrong for Tokyo's 0.99; nor is a number a statement
        # gives as context ("far below the 2.1 needed").
        right = [f for f in candidates if results[f.id][0] == "supported"]
        if right:
            return right, True
        if any(_in_statement(claim, f) for f in candidates):
            return [], False
    # The facts whose deed is the claim's own verb decide: in "In 1937 Yezhov replaced Yagoda
    # as the head of the NKVD" the date is the replacing's, not a year of his time as head
    # (which 1937 would agree with).
    deeds = [f for f in candidates if _deed_verb(claim, f, sentence, rules)]
    if deeds and len(deeds) < len(candidates):
        candidates = deeds
    top = max(rules.specificity[f.id] for f in candidates)
    best = [f for f in candidates if rules.specificity[f.id] == top]
    right = [f for f in best if results[f.id][0] == "supported"]
    if right:
        return right, True
    described = [f for f in best if _described(claim, f, sentence, rules)]
    if len(described) == 1 and len(best) > 1:
        return described, True  # "155 km long and about 10 metres high": 10 m is the height
    others = [f for f in candidates if f not in best and results[f.id][0] == "supported"]
    if others and not any(_deed_verb(claim, f, sentence, rules) for f in best):
        # The facts that would call it wrong are linked by nouns only, and another fact of the
        # sentence agrees with it: "the Soviet zone, which Stalin used in June 1948 when he
        # blockaded West Berlin" dates the blockade (its verb), not the zones.
        strong = [f for f in others if _deed_verb(claim, f, sentence, rules)]
        return (strong, True) if strong else ([*best, *others], False)
    ranked = sorted(best, key=lambda f: _distance(claim, f, sentence))
    if len(ranked) == 1:
        return ranked, True
    nearest, second = (_distance(claim, f, sentence) for f in ranked[:2])
    if nearest < CLEARLY_NEARER * second:
        return ranked[:1], True
    if len(ranked) == 2:
        return _by_own_words(claim, ranked, sentence)
    return ranked, False


def _described(claim: DateClaim | Amount, fact: Fact, sentence: Sentence, rules: Rules) -> bool:
    """Tell whether the word just after a number is one of the fact's own words, naming what
    it measures ("10 metres high", "16 days long") rather than what it is about."""
    if not isinstance(claim, Amount):
        return False
    words = frozenset(t for group in rules.groups[fact.id][1:] for t in group)
    after = claim.written_end
    return any(
        h.term in words and h.start >= after and not sentence.text[after : h.start].strip()
        for h in sentence.hits
    )


def _deed_verb(claim: DateClaim | Amount, fact: Fact, sentence: Sentence, rules: Rules) -> bool:
    """Tell whether a verb of the claim's own event is the fact's deed ("blockaded", "shot"):
    one of the statement's verbs, or a word of the fact's `about` written as a verb."""
    parsed, deeds = sentence.parsed, rules.deeds[fact.id]
    reach = sentence.reach(claim.start, claim.end)
    words = frozenset(t for g in rules.groups[fact.id] if _is_deed_group(g, rules) for t in g)
    spans = [(s, e) for lemma, s, e in sentence.verb_spans if lemma in deeds]
    spans += [(h.start, h.end) for h in sentence.hits if h.term in words]
    return any(
        parsed.words[i].pos == "VERB" and i in reach
        for s, e in spans
        for i in parsed.words_in(s, e)
    )


def _by_own_words(
    claim: DateClaim | Amount, pair: list[Fact], sentence: Sentence
) -> tuple[list[Fact], bool]:
    """Tell two facts apart by the words only one of them is about, when the other's words
    are nearer another value of the sentence: in "The air you breathe in has 21% oxygen and
    0.04% carbon dioxide", oxygen has its own number, so 0.04% is the carbon dioxide's. With
    one value ("In 1939 Yagoda and Yezhov were both replaced") nothing is guessed."""
    shared = frozenset().union(*pair[0].about) & frozenset().union(*pair[1].about)
    others = [
        c
        for c in (*sentence.dates, *sentence.amounts)
        if type(c) is type(claim) and c.start != claim.start
    ]
    for fact, other in (pair, pair[::-1]):
        mine, theirs = (
            _distance(claim, fact, sentence, shared),
            _distance(claim, other, sentence, shared),
        )
        taken = any(_distance(c, other, sentence, shared) < theirs for c in others)
        if mine < CLEARLY_NEARER * theirs and taken:
            return [fact], True
    return pair, False


NEAR_PLACE = 30  # characters: "in Akita 39% of people"
# What sets a place apart from a number after it: "begins in Peru and is 4,000 km long".
SET_APART = re.compile(r"[,;:]|\b(?:and|but|or|which|who|where)\b")


def _elsewhere(sentence: Sentence, fact: Fact, rules: Rules, amount: Amount) -> bool:
    """Tell whether a number is said of a place the fact does not speak of ("in Akita 39% of
    people are over 65" is not Japan's share): a place in the number's clause, or just before
    it, that neither the statement nor the sheet's words name."""
    parsed = sentence.parsed
    reach = sentence.reach(amount.start, amount.end)
    statement = normalise(fact.statement)
    places = [
        (e.start, e.end, range(e.first, e.last + 1))
        for e in parsed.entities_in(sentence.span.start, sentence.span.end)
        if e.label in ("GPE", "LOC")
    ]
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        at = parsed.words[word.head].text.lower() in ("in", "at")
        if word.pos == "PROPN" and not word.entity and word.dep == "pobj" and at:
            places.append((word.start, word.end, range(i, i + 1)))
    for start, end, words in places:
        between = sentence.text[end : amount.start]
        near = 0 <= amount.start - end <= NEAR_PLACE and not SET_APART.search(between)
        scope = parsed.words[words[0]].dep == "pobj" and parsed.words[
            parsed.words[words[0]].head
        ].text.lower() in ("in", "at", "across", "throughout")
        if not scope or not (near or reach & set(words)):
            continue
        own = {t for group in fact.about for t in group} | set(fact.place)
        written = [h.term for h in sentence.hits if h.start < end and start < h.end]
        if any(t in own or t not in rules.places for t in written):
            continue  # the fact's own words, or a name of the sheet's that is not a place
        if normalise(sentence.text[start:end]) not in statement:
            return True
    return False


def _in_statement(amount: Amount, fact: Fact) -> bool:
    """Tell whether a fact's statement writes this number (as context, not as its value)."""
    own = [n.accepted for n in fact.number]
    return any(
        written.low <= amount.value <= written.high
        for written in statement_amounts(fact.statement)
        if written.percent == amount.percent
        and written.unit == amount.unit
        and not any(low <= written.value <= high for low, high in own)
    )


def _distance(
    claim: DateClaim | Amount, fact: Fact, sentence: Sentence, shared: frozenset[str] = frozenset()
) -> int:
    """How far a claim is from the words that identify a fact (the farthest entry counts),
    leaving out entries written here only in words `shared` with another fact."""
    worst = 0
    for group in fact.about:
        written = [h for h in sentence.hits if h.term in group and not _overlaps(h, claim)]
        if written and all(h.term in shared for h in written):
            continue
        gaps = [
            max(h.start - claim.end, claim.start - h.end, 0)
            for h in written
            if h.term not in shared
        ]
        worst = max(worst, min(gaps, default=FAR))
    return worst


def _overlaps(hit: Mention, claim: DateClaim | Amount | Span) -> bool:
    """Tell whether a term is written inside a claim ("1937" in "in 1937")."""
    return hit.start < claim.end and claim.start < hit.end
