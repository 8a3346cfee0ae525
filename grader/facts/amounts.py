"""Numbers as students write them, with character spans: each becomes an `Amount` (the
interval the writer commits to), with its unit when one is written after it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from text_to_num import find_numbers as _find_word_numbers

from grader.facts.dates import IDENTIFIER_BEFORE, LABEL_BEFORE, LOOK_BACK, digit_windows
from grader.facts.quantities import unit_after
from grader.facts.written import (
    bc_years,
    fractions,
    pairs,
    shares_in_words,
    small_counts,
)

# ---------------------------------------------------------------------------------------------
# Numbers


@dataclass(frozen=True)
class Amount:
    """A number the essay states and the interval it commits to ("about 700,000")."""

    start: int
    end: int
    value: float
    low: float
    high: float
    vague: bool = False  # "thousands", "hundreds of thousands"
    percent: bool = False
    unit: str | None = None  # pint's name for the unit written after it ("km", "degC")
    unit_end: int = 0  # where the unit's words end
    in_pair: int = -1  # 0 or 1: the first or second number of a reading such as "120/80"

    @property
    def written_end(self) -> int:
        """Return where the number's words end, its unit included."""
        return max(self.end, self.unit_end)

    @property
    def label(self) -> str:
        """Return the number as written in words a reader recognises."""
        return format_number(self.value) + ("%" if self.percent else "")


SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}
DIGITS = re.compile(
    # A hyphen before the digits is a sign only where no word or number stands before it.
    r"(?:(?<![\w.,/\-−])(?P<sign>[-−])(?=\d)|(?<![\w.,/\-−]))(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?![\w]|[.,/]\d)"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|mn|bn|m|k)\b)?"
    r"(?P<percent>\s*(?:%|per\s*cent\b|percent\b))?",
    re.IGNORECASE,
)
VAGUE = re.compile(
    r"(?=[tdhmasTDHMAS])\b(?:(?P<many>tens|hundreds)\s+of\s+)?(?P<unit>dozens|hundreds|thousands|millions)\b"
    r"|\b(?P<few>a\s+few|several)\s+(?P<unit2>hundred|thousand|million)\b",
    re.IGNORECASE,
)
APPROX = re.compile(
    r"\b(?P<word>about|around|approximately|roughly|some|nearly|almost|over|more\s+than|"
    r"at\s+least|up\s+to|under|fewer\s+than|less\s+than|an\s+estimated|estimated|circa|c\.|"
    r"just\s+over|just\s+under|well\s+over|well\s+under)\s+$|~\s*$",
    re.IGNORECASE,
)
NUMBER_WORD = re.compile(
    r"(?=[tfsenhmbTFSENHMB])\b(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
OPEN_ENDED = 2.0  # "over 3,000" means 3,000 to 6,000, "under 500" 250 to 500
EXACT_WORDS = 20  # numbers in words up to twenty are counts, not rounded
WORD_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]|\d+")


def find_amounts(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Find numbers in digits and in words, and vague amounts, outside the spans to skip."""
    taken = [*skip, *bc_years(text)]
    found: list[Amount] = []
    for m in (m for s, e in digit_windows(text) for m in DIGITS.finditer(text, s, e)):
        if _inside(m.start(), m.end(), taken) or _is_identifier(text, m):
            continue
        value = float(m["num"].replace(",", "") + (f".{m['frac']}" if m["frac"] else ""))
        scale = SCALES[m["scale"].lower()] if m["scale"] else 1.0
        end = m.end()
        if (
            m["scale"]
            and m["scale"].lower() in {"m", "k"}
            and not CURRENCY_BEFORE.search(text, max(0, m.start() - 2), m.start())
        ):
            # "8,848 m" is metres and "5 k" rarely thousands; "£5m" is five million
            scale, end = 1.0, m.end("frac") if m["frac"] else m.end("num")
        digits = (m["num"] + (m["frac"] or "")).replace(",", "")
        step = _rounding_step(digits, len(m["frac"] or "")) * scale
        signed = -value * scale if m["sign"] else value * scale
        percent = bool(m["percent"]) and end == m.end()
        found.append(_amount(text, m.start(), end, signed, step, percent))
        taken.append((m.start(), end))
    for m in VAGUE.finditer(text):
        if _inside(m.start(), m.end(), taken):
            continue
        low, high = _vague_interval(m)
        found.append(Amount(m.start(), m.end(), low, low, high, vague=True))
        taken.append((m.start(), m.end()))
    found += _written(text, taken)
    found += _word_numbers(text, taken)
    found += _small_counts(text, [*taken, *((a.start, a.end) for a in found)])
    found = [_signed(text, _with_unit(text, a)) for a in found if not _is_unit(text, a)]
    paired = _paired_units(sorted(found, key=lambda a: a.start), text)
    return _elided_units(_range_units(paired, text), text)


def _written(text: str, taken: list[tuple[int, int]]) -> list[Amount]:
    """Read fractions, readings of two numbers ("120/80") and "one" or "two" before a noun."""
    found = []
    for item in (*shares_in_words(text), *fractions(text), *pairs(text)):
        if _inside(item.start, item.end, taken):
            continue
        amount = Amount(item.start, item.end, item.value, item.low, item.high, percent=item.percent)
        if not item.percent:
            amount = _amount(text, item.start, item.end, item.value, 0.0)
            amount = replace(
                amount, low=min(amount.low, item.low), high=max(amount.high, item.high)
            )
        found.append(amount)
        taken.append((item.start, item.end))
    return found


def _small_counts(text: str, taken: list[tuple[int, int]]) -> list[Amount]:
    """Read "one" and "two" before what they count, where no longer number holds them."""
    return [
        Amount(c.start, c.end, c.value, c.low, c.high)
        for c in small_counts(text)
        if not _inside(c.start, c.end, taken)
    ]


ELIDED_REACH = 80  # "55.5 billion cubic metres a year and Sudan 18.5 billion"


def _elided_units(amounts: list[Amount], text: str) -> list[Amount]:
    """Give a number written without its unit the unit of the number just before it in the
    sentence, when both are of one size ("55.5 billion cubic metres ... and Sudan 18.5 billion")."""
    for i in range(1, len(amounts)):
        before, amount = amounts[i - 1], amounts[i]
        between = text[before.written_end : amount.start]
        if (
            amount.unit is None
            and before.unit is not None
            and not amount.percent
            and len(between) <= ELIDED_REACH
            and not re.search(r"[.;:!?]", between)
            and (amount.value >= 1e6) == (before.value >= 1e6)
            and unit_after(text, amount.end) is None
            and re.match(r"\s*(?:[,.;]|and\b|$)", text[amount.end :]) is not None
        ):
            amounts[i] = replace(amount, unit=before.unit)
    return amounts


RANGE_JOIN = re.compile(r"\s*(?:and|to|-|–|or)\s*")


def _range_units(amounts: list[Amount], text: str) -> list[Amount]:
    """Give the first number of "between 2,000 and 3,000 mm" the unit of the second, before a
    unit written earlier in the sentence ("27 °C and between 2,000 ...") can be taken for it."""
    for i, (first, second) in enumerate(pairwise(amounts)):
        joined = RANGE_JOIN.fullmatch(text[first.end : second.start]) is not None
        if joined and first.unit is None and second.unit is not None and not first.percent:
            amounts[i] = replace(first, unit=second.unit)
    return amounts


def _paired_units(amounts: list[Amount], text: str) -> list[Amount]:
    """Give the first number of "120/80 mmHg" the unit written after the second."""
    for i, (first, second) in enumerate(pairwise(amounts)):
        if text[first.end : second.start] == "/":
            amounts[i] = replace(first, unit=first.unit or second.unit, in_pair=0)
            amounts[i + 1] = replace(second, in_pair=1)
    return amounts


def _with_unit(text: str, amount: Amount) -> Amount:
    """Note the unit written after a number ("384,400 km", "0.2 metres", "-63 °C"), or after
    the "of" of a vague one ("millions of tonnes": tonnes, not a count to set against 25 km)."""
    if amount.percent:
        return amount
    at = amount.end
    if amount.vague:
        of = OF_AFTER.match(text, at)
        if of is None:
            return amount
        at = of.end()
    unit = unit_after(text, at)
    return replace(amount, unit=unit[0], unit_end=unit[1]) if unit is not None else amount


OF_AFTER = re.compile(r"\s+of\s+", re.IGNORECASE)
MINUS_BEFORE = re.compile(r"\bminus\s+$", re.IGNORECASE)
BELOW_ZERO_AFTER = re.compile(
    r"\s*(?:°\s*[CF]?\s*|degrees?\s+(?:celsius\s+|centigrade\s+|fahrenheit\s+)?)?"
    r"below\s+(?:zero|freezing)\b",
    re.IGNORECASE,
)
PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)
CURRENCY_BEFORE = re.compile(r"[£$€¥]\s?$")


def _is_unit(text: str, amount: Amount) -> bool:
    """Tell whether a number word is part of a unit: "parts per million" counts no millions."""
    word = text[amount.start : amount.end].lower()
    return (
        word in SCALES
        and PER_BEFORE.search(text, max(0, amount.start - 8), amount.start) is not None
    )


def _signed(text: str, amount: Amount) -> Amount:
    """Make an amount negative when the essay says so: "minus 40", "40 degrees below zero"."""
    if amount.vague or amount.value < 0:
        return amount
    minus = MINUS_BEFORE.search(text, max(0, amount.start - 8), amount.start)
    if minus is not None:
        return _negated(amount, minus.start())
    below = BELOW_ZERO_AFTER.match(text, amount.end)
    if below is not None:
        return replace(_negated(amount, amount.start), end=below.end())
    return amount


def _negated(amount: Amount, start: int) -> Amount:
    """Turn an amount into its negative, its span starting where the sign is written."""
    return replace(amount, start=start, value=-amount.value, low=-amount.high, high=-amount.low)


def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Tell whether a span overlaps any of the spans."""
    return any(start < e and s < end for s, e in spans)


def _is_identifier(text: str, m: re.Match[str]) -> bool:
    """Tell whether a number names something ("Order No. 00447", "0800", "Act 3") rather than
    counts."""
    number = m["num"]
    leading_zero = len(number) > 1 and number.startswith("0")
    before = max(0, m.start() - LOOK_BACK)
    return (
        leading_zero
        or IDENTIFIER_BEFORE.search(text, before, m.start()) is not None
        or LABEL_BEFORE.search(text, before, m.start()) is not None
    )


def _rounding_step(digits: str, decimals: int) -> float:
    """Return the unit of the last significant digit: 700000 -> 100000, 681692 -> 1, 1.5 -> 0.1."""
    if decimals:
        return 10.0**-decimals
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _amount(
    text: str, start: int, end: int, value: float, step: float, percent: bool = False
) -> Amount:
    """Make an amount, widening it for rounding and for words such as "about" or "over"."""
    low, high = value - step / 2, value + step / 2
    before = APPROX.search(text, max(0, start - 20), start)
    if before is not None:
        word = " ".join((before["word"] or "~").lower().split())
        start = before.start()
        if word in {"over", "more than", "at least", "just over", "well over"}:
            low, high = value, value * OPEN_ENDED  # "over 3,000 places" is not 13,418
        elif word in {"under", "fewer than", "less than", "up to", "just under", "well under"}:
            low, high = (value / OPEN_ENDED if value >= 0 else -math.inf), value
        elif word in {"nearly", "almost"}:
            low, high = sorted((value * 0.9, value))
        else:
            low, high = min(low, value * 0.9), max(high, value * 1.1)
    return Amount(start, end, value, low, high, percent=percent)


def _vague_interval(m: re.Match[str]) -> tuple[float, float]:
    """Turn "thousands" or "hundreds of thousands" into the interval such words mean."""
    if m["few"]:
        unit = SCALES[m["unit2"].lower()]
        return (2 * unit, 9 * unit) if m["few"].lower().startswith("a") else (3 * unit, 9 * unit)
    word = m["unit"].lower()
    unit = {"dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6}[word]
    if m["many"]:
        unit *= 10.0 if m["many"].lower() == "tens" else 100.0
        return 2 * unit, 10 * unit - 1
    # Plain "thousands" and "millions" stretch further in use than "hundreds" does.
    return 2 * unit, (100 if word in {"thousands", "millions"} else 10) * unit - 1


class _Word:
    """A token for text2num, which reads numbers in words from a stream of tokens."""

    __slots__ = ("end", "start", "word")

    def __init__(self, word: str, start: int, end: int) -> None:
        self.word, self.start, self.end = word, start, end

    def text(self) -> str:
        return self.word

    def nt_separated(self, previous: _Word) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list[Amount]:
    """Read numbers written in words ("twenty million", "three") with text2num.

    Only the stretches around number words are handed to text2num, a sentence piece each.
    """
    found = []
    for start, end in _number_word_windows(text):
        found += _read_word_numbers(text, start, end, taken)
    return found


def _number_word_windows(text: str) -> list[tuple[int, int]]:
    """Return the stretches of text around number words, cut at sentence punctuation."""
    windows: list[tuple[int, int]] = []
    for m in NUMBER_WORD.finditer(text):
        start = max(text.rfind(".", 0, m.start()) + 1, m.start() - 60)
        end = text.find(".", m.end())
        end = min(len(text) if end < 0 else end, m.end() + 60)
        while end < len(text) and text[end].isalnum():
            end += 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _read_word_numbers(
    text: str, start: int, end: int, taken: list[tuple[int, int]]
) -> list[Amount]:
    """Read the numbers in words between two positions of the text."""
    tokens = [_Word(m.group(), m.start(), m.end()) for m in WORD_TOKEN.finditer(text, start, end)]
    found = []
    for occurrence in _find_word_numbers(tokens, "en"):
        first, last = tokens[occurrence.start], tokens[occurrence.end - 1]
        if occurrence.is_ordinal or _inside(first.start, last.end, taken):
            continue
        if LABEL_BEFORE.search(text, max(0, first.start - LOOK_BACK), first.start):
            continue  # "stage five"
        if any(t.word.isdigit() for t in tokens[occurrence.start : occurrence.end]):
            continue
        value = float(occurrence.value)
        digits = str(int(value)) if value.is_integer() else str(value)
        step = _rounding_step(digits, 0) if value.is_integer() else 0.1
        step = 1.0 if value <= EXACT_WORDS else step  # "ten" is not "about ten": not 5 to 15
        found.append(_amount(text, first.start, last.end, value, step))
    return found


def format_number(value: float) -> str:
    """Write a number as a history book would: 681,692; 1.5 million; 3."""
    if value >= 1e6 and (value / 1e6 * 10).is_integer():
        millions = value / 1e6
        return f"{millions:g} million"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
