"""What a number counts: "seven generals" is not "681,692 people shot".

The sheet's statement says what each of its numbers counts or measures: the unit written after
it ("about 465 °C") or the words that follow it ("100,000 Nubians"). An essay's number links
to a sheet number only when what it counts agrees: the same unit kind, or a counted noun the
statement, the number's `of` or the fact's `about` words name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from grader.engines.parser import Parsed, Word
from grader.facts.claims import Amount, find_amounts, find_dates, normalise
from grader.facts.sheet import Fact, NumberValue

FOLLOWING = 3  # how many words after a statement's number may name what it counts
FILLER = frozenset("of the a an about some and or were was are is had have more than".split())
COUNT_POS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class Counted:
    """What a sheet number counts, as its statement writes it."""

    unit: str | None
    nouns: frozenset[str]


def fold(word: str) -> str:
    """Fold a noun for comparison: lower case, no possessive, no plural ending."""
    folded = normalise(word)
    if len(folded) <= 3:
        return folded
    if folded.endswith("ies"):
        return folded[:-3] + "y"
    if folded.endswith(("sses", "shes", "ches", "xes")):
        return folded[:-2]
    if folded.endswith("s") and not folded.endswith("ss"):
        return folded[:-1]
    return folded


@lru_cache(maxsize=4096)
def statement_amounts(text: str) -> tuple[Amount, ...]:
    """Return the numbers a statement writes (its dates aside)."""
    return tuple(find_amounts(text, [(d.start, d.end) for d in find_dates(text)]))


def counted_in_statement(fact: Fact) -> tuple[Counted | None, ...]:
    """Say, for each number of a fact, what its statement writes after it (None: not found)."""
    text = fact.statement
    amounts = statement_amounts(text)
    found: list[Counted | None] = []
    for number in fact.number:
        low, high = number.accepted
        written = next(
            (a for a in amounts if a.percent == number.percent and low <= a.value <= high), None
        )
        if written is None:
            found.append(None)
            continue
        after = text[written.written_end :].split()
        words = [fold(w.strip(".,;:()\"'")) for w in after[:FOLLOWING]]
        nouns = frozenset(w for w in words if w and w not in FILLER)
        found.append(Counted(written.unit, nouns))
    return tuple(found)


def with_statement_units(fact: Fact, counted: Sequence[Counted | None]) -> tuple[NumberValue, ...]:
    """Give each number without a unit the unit its statement writes after it ("465 °C")."""
    return tuple(
        number.model_copy(update={"unit": said.unit})
        if number.unit is None and not number.percent and said is not None and said.unit
        else number
        for number, said in zip(fact.number, counted, strict=True)
    )


def essay_counted(parsed: Parsed, amount: Amount) -> str | None:
    """Return the noun an essay's number counts ("generals" in "seven other generals")."""
    words = parsed.words_in(amount.start, amount.end)
    if not words or amount.unit is not None or amount.percent:
        return None
    last = parsed.words[words[-1]]
    if last.dep in ("nummod", "quantmod") and last.head != words[-1]:
        head = parsed.words[last.head]
        if head.pos in COUNT_POS and head.start >= last.end:
            return _noun(head)
    following = words[-1] + 1
    if following < len(parsed.words) and parsed.words[following].pos in COUNT_POS:
        return _noun(parsed.words[following])
    return None


def _noun(word: Word) -> str:
    """Return what a counted word names: "200,000 East Germans" are people."""
    return "people" if word.entity == "NORP" else word.lemma or word.text


def agrees(
    noun: str | None, counted: Counted | None, number: NumberValue, about: Sequence[Sequence[str]]
) -> bool:
    """Tell whether an essay's counted noun may be what the sheet number counts."""
    if noun is None or counted is None or not counted.nouns:
        return True
    folded = fold(noun)
    if folded in counted.nouns or any(fold(w) == folded for w in number.of):
        return True
    words = (t.rstrip("*").casefold() for group in about for t in group)
    return any(folded.startswith(fold(w)) or fold(w).startswith(folded) for w in words if w)
