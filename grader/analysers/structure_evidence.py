"""Evidence in a paragraph, as a teacher counts it: dates, figures, quotations, sources, examples.

Digits and dates, quotations of two words or more and named sources are found in the text; the
parse adds what a teacher also counts: amounts and figures in words ("thousands of officers",
"two hundred pounds", "two or three days"), named people, places and bodies that are not the
essay's own subject, and examples introduced as one ("for example"), listed after a colon or
taken from the writer's own life ("my cousin works in a hotel"). A number that only counts the
essay's own points ("two reasons") is no figure. In a conclusion, a figure, a quotation or a
name not met earlier is new evidence; a longer or shorter form of an earlier word ("Stalinist"
after "Stalin", "Peru" after "Peruvians") is not.
"""

from __future__ import annotations

import re

from grader.analysers.wording import content_terms, plain, stem
from grader.engines.parser import Parsed
from grader.essay import Span

YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th)? ({MONTHS})\b|\b({MONTHS}) \d{{1,2}}(st|nd|rd|th)?\b"
)
NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
QUOTATION = re.compile(r"“[^”]{3,300}”|\"[^\"\n]{3,300}\"|(?<!\w)‘[^’]{3,300}’(?!\w)")
SOURCE = re.compile(
    r"\baccording to\b|\bhistorians?\b|\bin (his|her|their) (book|study|work|article|memoirs?)\b"
    r"|\b(?i:studies|research|surveys?|statistics|scientists|experts|doctors|researchers)\b"
    r"|\b(?i:a (recent |new )?(study|report|survey))\b"
    r"|\([A-Z][A-Za-z-]+,? (1[5-9]|20)\d\d\)|\b(records|archives|sources)\b"
    r"|\b[A-Z][a-z]+ (argues|argued|wrote|writes|claims|claimed|estimates|estimated|believes|"
    r"believed|states|stated)\b"
)
# What web pages leave behind when an essay is copied from them (the seed essay has the first).
# What the parse names that supports a point: amounts, and named people, places and bodies.
AMOUNTS = frozenset({"QUANTITY", "PERCENT", "MONEY"})
NAMED = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"}
)
SCALE = re.compile(r"\d|\b(hundreds?|thousands?|millions?|billions?|dozens?|half|quarter)\b", re.I)
# A figure in words: "six or seven hours", "two hundred pounds", "more than one hour".
NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|thousand|million|dozen|half)\b",
    re.IGNORECASE,
)
# Nouns that count the essay's own points, not the world: "two reasons" is no figure.
POINT_NOUNS = frozenset(
    "reason way thing point side problem kind type advantage disadvantage aspect factor example "
    "idea option question argument view opinion paragraph part".split()
)
COUNTED = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})
EXAMPLE = re.compile(r"\b(for example|for instance|such as|e\.g\.)", re.IGNORECASE)
# Cases listed after a colon, three or more: "everyone: families who ..., clubs that ... and
# staff whose ...". A list of who or what is meant is a set of examples.
LISTED_CASES = re.compile(r":\s+[^.:;!?]+?,[^.:;!?]+?,?\s+(?:and|or)\s+[^.:;!?]+")
# A case from the writer's own life: "my cousin works in a hotel", "my mum says ...".
PERSONAL_CASE = re.compile(
    r"\b(my|our) (mum|mother|dad|father|parents|brother|sister|cousin|uncle|aunt|grandmother|"
    r"grandfather|grandma|grandad|gran|nan|friend|friends|neighbour|neighbours|neighbor|"
    r"neighbors|teacher|coach)\b",
    re.IGNORECASE,
)


def evidence_in(text: str) -> list[str]:
    """Return the evidence markers in a text: dates, figures, quotations and sources."""
    years = [m.group() for m in YEAR.finditer(text)]
    figures = [
        m.group()
        for m in NUMBER.finditer(text)
        if not YEAR.fullmatch(m.group()) and not DAY_MONTH.search(text, m.start(), m.end() + 12)
    ]
    dates = [m.group() for m in DAY_MONTH.finditer(text)]
    quotes = [m.group() for m in QUOTATION.finditer(text) if len(m.group().split()) >= 2]
    sources = [m.group() for m in SOURCE.finditer(text)]
    return years + figures + dates + quotes + sources


def examples_in(parsed: Parsed, text: str, span: Span, subject: frozenset[str]) -> list[str]:
    """Return what else supports a point in a span: figures in words and named examples.

    "Thousands of officers", "half the delegates", "the Red Army", "Bukharin": an entity the
    parse finds that is a quantity, or a name that is not the essay's own `subject` (the stems
    of the thesis and the question); and an example introduced as one ("for example"), listed
    after a colon or taken from the writer's own life.
    """
    found = [m.group() for m in EXAMPLE.finditer(text[span.start : span.end])]
    found += [m.group() for m in LISTED_CASES.finditer(text[span.start : span.end])]
    found += [m.group() for m in PERSONAL_CASE.finditer(text[span.start : span.end])]
    found += counted_in(parsed, span)
    for entity in parsed.entities_in(span.start, span.end):
        named = text[entity.start : entity.end]
        if (
            entity.label in AMOUNTS
            or (entity.label == "CARDINAL" and SCALE.search(named))
            or (entity.label in COUNTED and NUMBER_WORD.search(named) and " " in named.strip())
            or (entity.label in NAMED and not content_terms(named) <= subject)
        ):
            found.append(named)
    return found


def counted_in(parsed: Parsed, span: Span) -> list[str]:
    """Return the things a span counts in words: "two hundred pounds", "two or three days".

    A number word (not "one", which is rarely a count) that counts a noun is a figure, unless
    the noun only orders the essay's own points ("two reasons", "three ways").
    """
    found = []
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        noun = parsed.words[word.head]
        while noun.tag == "CD" and noun is not parsed.words[noun.head]:
            noun = parsed.words[noun.head]  # "two hundred pounds", "two or three days"
        if (
            word.tag == "CD"
            and NUMBER_WORD.fullmatch(word.text)
            and word.text.lower() not in {"one", "half"}
            and noun.pos == "NOUN"
            and noun.lemma.lower() not in POINT_NOUNS
        ):
            found.append(f"{word.text} {noun.text}")
    return found


def new_evidence(
    parsed: Parsed, text: str, sentence: Span, before: str, earlier: set[str]
) -> list[str]:
    """List what a concluding sentence brings in that the essay has not mentioned before.

    A figure or a quotation not written earlier, or a name (a proper noun in the parse, not the
    sentence's first word) that is not an earlier word or a form of one: "Stalinist" after
    "Stalin", "Soviets" after "Soviet". A sentence that sums up what a paragraph said names
    only what that paragraph named, and is not new evidence.
    """
    said = text[sentence.start : sentence.end]
    new = [m.group() for m in NUMBER.finditer(said) if m.group() not in before]
    new += [m.group() for m in QUOTATION.finditer(said) if m.group()[1:-1] not in before]
    indices = parsed.words_in(sentence.start, sentence.end)
    earlier_stems = {stem(w) for w in earlier}
    for i in indices[1:]:
        word = parsed.words[i]
        if word.pos != "PROPN" or not word.text[:1].isupper() or word.text == "I":
            continue
        name = plain(word.text)
        if name in earlier or stem(name) in earlier_stems or form_of_earlier(name, earlier):
            continue
        new.append(word.text)
    return list(dict.fromkeys(new))


def form_of_earlier(name: str, earlier: set[str]) -> bool:
    """Tell whether a name is a longer or shorter form of an earlier word (Stalinist, Peruvians)."""
    return any(
        min(len(w), len(name)) >= 4
        and abs(len(w) - len(name)) <= 5
        and (w.startswith(name) or name.startswith(w))
        for w in earlier
    )
