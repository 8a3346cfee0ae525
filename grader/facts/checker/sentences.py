"""Sentences with their terms, dates and numbers, and who "he", "she", "it" and "they" are."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from grader.engines.parser import PLACE_LABELS, Parsed
from grader.essay import Essay, Span
from grader.facts.amounts import Amount
from grader.facts.checker.discourse import (
    carried_event,
    carried_subject,
    carried_topic,
    described_hits,
    heads_of,
)
from grader.facts.checker.events import hyphened
from grader.facts.checker.model import (
    CARRIED,
    CLAUSE_BREAK,
    MAIN_MENTIONS,
    MAIN_SHARE,
    MAIN_SUBJECT,
    PRONOUNS,
    SUBJECT_PRONOUNS,
    Sentence,
    T,
    clause_of,
)
from grader.facts.claims import Mention, Token, find_amounts, find_dates, tokenise
from grader.facts.names import Gender, gender_votes, genders_in, pronoun_gender
from grader.facts.sheet import FactSheet


# Long (~70 lines) on purpose: the terms, dates and numbers are found once in the whole text
# and dealt out to sentences in one sweep; the sweep's cursors are its locals.
def sentences_of(essay: Essay, sheet: FactSheet, parsed: Parsed) -> list[Sentence]:
    """Find terms, dates and numbers once in the whole text, then share them out by sentence."""
    text = essay.text
    tokens = tokenise(text)
    lexicon = sheet.lexicon()
    hits = _essay_hits(essay, sheet, tokens)
    dates = find_dates(text)
    # A number inside a name ("Apollo 11", "Order No. 00447") counts nothing.
    numbered = [(h.start, h.end) for h in hits if any(c.isdigit() for c in h.term)]
    amounts = find_amounts(text, [(d.start, d.end) for d in dates] + numbered)
    paragraph_of = {s: p for p in essay.paragraphs for s in essay.sentences if _within(s, p)}
    places = frozenset(t for f in sheet.facts for t in f.place)
    subjects = frozenset(t for f in sheet.facts for t in f.about[0] if not lexicon.is_name(t))
    all_subjects = frozenset(t for f in sheet.facts for t in f.about[0])
    persons = frozenset(t for f in sheet.facts for t in f.person) | frozenset(
        h.term for h in hits if _is_person(parsed, h) and h.term not in places
    )  # the parser may call a prison a person ("the Marshalsea"); the sheet knows better
    main = _main_person(hits, persons)
    genders = _genders(text, hits, persons, sheet)
    sentences: list[Sentence] = []
    for span in essay.sentences:
        if _is_heading(text, span, paragraph_of.get(span)):
            continue  # "Austria and Mountain Life" names a part of the essay; it claims nothing
        breaks = tuple(m.start() for m in CLAUSE_BREAK.finditer(text, span.start, span.end))
        sentence_tokens = _inside(tokens, span, lambda t: t.start)
        own = tuple(
            h
            for h in _inside(hits, span, lambda h: h.start)
            if lexicon.is_name(h.term) or not _bounds_amount(h, amounts, parsed, text)
        )
        own = _with_pronoun_hits(
            text, own, sentence_tokens, breaks, lexicon.is_name, parsed, places, genders
        )
        words = {t.norm for t in sentence_tokens}
        before = sentences[-1] if sentences else None
        if main is not None and not (before and any(h.term in persons for h in before.hits)):
            own = _with_main_person(own, sentence_tokens, parsed, persons, main, genders)
        borrowed: tuple[Mention, ...] = ()
        borrowed_in: frozenset[int] | None = None
        if before is not None and paragraph_of.get(before.span) == paragraph_of.get(span):
            names = tuple(
                h
                for h in before.hits
                if lexicon.is_name(h.term)
                and not h.agent
                and _may_be(words & PRONOUNS, genders.get(h.term))
            )
            if event := carried_event(before, span, parsed):
                borrowed, borrowed_in = event  # "This happened in 1999": the event before
            elif not any(lexicon.is_name(h.term) for h in own) and words & PRONOUNS:
                borrowed = names
            elif orphans := _orphan_pronouns(
                own, span, parsed, lambda t: lexicon.is_name(t) and t not in places, genders
            ):
                # "The Terror began in 1936. It lasted until 1938, but it began with Kirov's
                # murder": the first "it" still stands for the Terror, in its own clause only.
                borrowed, borrowed_in = names, orphans
            if not borrowed:  # "The alveoli are tiny air sacs. There are 300 million of them."
                borrowed = carried_subject(
                    before.hits, before.span, words, own, parsed, lambda t: t in subjects
                ) or carried_topic(before, own, all_subjects)
        sentences.append(
            Sentence(
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
                _verb_spans(parsed, span),
            )
        )
    return sentences


MOST_HEADING_WORDS = 12
SENTENCE_ENDS = (".", "!", "?", ":", ";", '"', "”", ")", "…")


def _essay_hits(essay: Essay, sheet: FactSheet, tokens: Sequence[Token]) -> list[Mention]:
    """Find the sheet's terms, with "the dam" for the Aswan High Dam named before it."""
    lexicon = sheet.lexicon()
    hits = lexicon.find(essay.text, tokens)
    heads = sheet.derived("facts-heads", lambda: heads_of(lexicon))
    described = described_hits(tokens, hits, heads, essay.paragraphs)
    return sorted((*hits, *described), key=lambda h: (h.start, h.end)) if described else hits


def _verb_spans(parsed: Parsed, span: Span) -> tuple[tuple[str, int, int], ...]:
    """Return each verb of a sentence: its lemma, start and end."""
    return tuple(
        (parsed.words[i].lemma.lower(), parsed.words[i].start, parsed.words[i].end)
        for i in parsed.words_in(span.start, span.end)
        if parsed.words[i].pos == "VERB" and not hyphened(parsed, i)
    )


def _with_pronoun_hits(
    text: str,
    hits: tuple[Mention, ...],
    tokens: Sequence[Token],
    breaks: tuple[int, ...],
    is_name: Callable[[str], bool],
    parsed: Parsed,
    places: frozenset[str],
    genders: dict[str, Gender],
) -> tuple[Mention, ...]:
    """Let "he", "she" or "they" in a later clause stand for the one name in the clauses before.

    "It was led by Yagoda, but in 1936 he was replaced by Yezhov": the second clause is about
    Yagoda being replaced. A clause is later after ", but" and the like, or where the parse
    starts a new one ("Kirov led the party in Leningrad and he was shot ..."). With two names
    before it (places aside: "he" is not Leningrad), "he" or "she" is the one of them known to
    be a person, and otherwise the pronoun is not guessed.
    """

    def is_place(hit: Mention) -> bool:
        return hit.term in places or _is_place(parsed, hit)

    def clause(at: int) -> tuple[int, int]:
        words = parsed.words_in(at, at + 1)
        return clause_of(breaks, at), parsed.clause(words[0]) if words else -1

    added = []
    for token in tokens:
        if token.norm not in SUBJECT_PRONOUNS and not _subject_it(parsed, token):
            continue
        own = clause(token.start)
        thing = token.norm == "it"  # "The Nile is the longest river, it is 6,650 km long"
        names = [
            h
            for h in hits
            if is_name(h.term)
            and h.start < token.start
            and (not _known_person(parsed, h, genders) if thing else not is_place(h))
            and _may_be({token.norm}, genders.get(h.term))
        ]  # "she" is never a man the sheet or the essay calls "Mr" or "he"
        earlier = {h.term for h in names if clause(h.start) != own}
        if len(earlier) > 1 and not thing:
            # "The NKVD was run by Yagoda until 1936 when he was replaced": "he" is the person
            people = {
                h.term for h in names if h.term in earlier and _known_person(parsed, h, genders)
            }
            earlier = people if len(people) == 1 else earlier
        here = {h.term for h in hits if is_name(h.term) and clause(h.start) == own}
        if len(earlier) == 1 and not here & earlier:
            by = text[max(0, token.start - 4) : token.start].lower().endswith("by ")
            added.append(Mention(next(iter(earlier)), token.start, token.end, agent=by))
    return tuple(sorted((*hits, *added), key=lambda h: (h.start, h.end))) if added else hits


def _subject_it(parsed: Parsed, token: Token) -> bool:
    """Tell whether a word is "it" as the subject of its clause."""
    if token.norm != "it":
        return False
    words = parsed.words_in(token.start, token.end)
    return bool(words) and parsed.words[words[0]].dep in MAIN_SUBJECT


def _genders(
    text: str, hits: Sequence[Mention], persons: frozenset[str], sheet: FactSheet
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


def _is_place(parsed: Parsed, hit: Mention) -> bool:
    """Tell whether the parser takes a name the sheet knows for a place."""
    return any(parsed.words[i].entity in PLACE_LABELS for i in parsed.words_in(hit.start, hit.end))


def _is_person(parsed: Parsed, hit: Mention) -> bool:
    """Tell whether the parser takes a name the sheet knows for a person."""
    return any(parsed.words[i].entity == "PERSON" for i in parsed.words_in(hit.start, hit.end))


def _known_person(parsed: Parsed, hit: Mention, genders: dict[str, Gender]) -> bool:
    """Tell whether a name is a person's: the sheet or the essay gives it a gender, or the
    parser calls it a person."""
    return hit.term in genders or _is_person(parsed, hit)


def _main_person(hits: Sequence[Mention], persons: frozenset[str]) -> str | None:
    """Name the person an essay is about, if one clearly is: most of its mentions of people."""
    counts = Counter(h.term for h in hits if h.term in persons)
    if not counts:
        return None
    (top, count), total = counts.most_common(1)[0], sum(counts.values())
    return top if count >= MAIN_MENTIONS and count > MAIN_SHARE * total else None


def _with_main_person(
    hits: tuple[Mention, ...],
    tokens: Sequence[Token],
    parsed: Parsed,
    persons: frozenset[str],
    main: str,
    genders: dict[str, Gender],
) -> tuple[Mention, ...]:
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
            added.append(Mention(main, token.start, token.end))
    return tuple(sorted((*hits, *added), key=lambda h: (h.start, h.end))) if added else hits


def _orphan_pronouns(
    hits: tuple[Mention, ...],
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
        personal = pronoun_gender(word.text.lower()) is not None  # "he", "she": a person
        named = any(
            is_name(h.term)
            and not _is_place(parsed, h)  # "he circled London ... and he was crowned"
            and _may_be({word.text.lower()}, genders.get(h.term))
            # "He won the Nobel Prize": a prize named after a man is not who "he" is
            and (not personal or _known_person(parsed, h, genders))
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


BOUNDING = frozenset({"ADP", "ADV", "PART", "SCONJ"})  # up to, as far as, over, under


def _bounds_amount(hit: Mention, amounts: Sequence[Amount], parsed: Parsed, text: str) -> bool:
    """Tell whether little words stand right before a number, bounding it: "up to" in "rises by
    up to about 7 metres" says how far the number goes, not that the tide goes up to a place."""
    words = parsed.words_in(hit.start, hit.end)
    if not words or any(parsed.words[i].pos not in BOUNDING for i in words):
        return False
    return any(not text[hit.end : a.start].strip() for a in amounts if 0 <= a.start - hit.end <= 3)


def _is_heading(text: str, span: Span, paragraph: Span | None) -> bool:
    """Tell whether a sentence is a heading: a short paragraph of its own with no final stop."""
    words = text[span.start : span.end].split()
    if paragraph is None or text[paragraph.start : paragraph.end].split() != words:
        return False
    return 0 < len(words) <= MOST_HEADING_WORDS and not words[-1].endswith(SENTENCE_ENDS)


def _within(inner: Span, outer: Span) -> bool:
    """Tell whether a span lies inside another."""
    return outer.start <= inner.start and inner.end <= outer.end
