"""Numbers and years as students write them, beyond plain digits.

"a quarter of a million" and "half a billion" are counts; "three-quarters of" and "a fifth of"
are shares (percentages); "120/80" is a reading of two numbers; "one lobe" and "two valves"
count; "AD 43" and "43 AD" are years, and "55 BC" is a year before them that no sheet date can
hold (so it is neither a year nor a count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FRACTIONS = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}
SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9}
FRACTION = re.compile(
    r"\b(?:(?P<times>a|an|one|two|three|four|nine)[\s-]+)?"
    r"(?P<part>half|halves|thirds?|quarters?|fifths?|tenths?)\b"
    r"(?:\s+(?:of\s+)?(?:a|an)\s+(?P<scale>hundred|thousand|million|billion)\b"
    r"|(?=\s+(?:of|the)\b))",
    re.IGNORECASE,
)
SHARE_SPREAD = 3.0  # a share in words is rounded: "a fifth" covers 17% to 23%
PAIR = re.compile(r"(?<![\w./-])(?P<a>\d{2,3})/(?P<b>\d{2,3})(?![\w/]|[.,]\d)")
# "one" and "two" count only before the thing counted: "two valves", "one cell thick", never
# "one of them", "the two of them", "no one".
SMALL_COUNT = re.compile(
    # not the pronoun "one" of "the first one", "this one", "each one"
    r"(?=[OoTt])(?<!\bno\s)(?<!\bthe\s)(?<!\bfirst\s)(?<!\blast\s)(?<!\bnext\s)"
    r"(?<!\bthis\s)(?<!\beach\s)(?<!\bevery\s)(?<!\bsecond\s)"
    r"\b(?P<word>one|two)\s+(?!(?:of|or|and|another|other|more|by|"
    r"after|in|at|to|who|which|that|is|was|were|are|day|time|point|way|side|hand)\b)"
    r"(?=[a-z])",
    re.IGNORECASE,
)
AD_YEAR = re.compile(
    r"\b(?:(?:AD|A\.D\.|CE)\s*(?P<after>\d{1,4})\b|(?P<before>\d{1,4})\s*(?:AD|A\.D\.|CE)\b)"
)
BC_YEAR = re.compile(r"\b\d{1,4}\s*(?:BC|B\.C\.|BCE|B\.C\.E\.)(?!\w)")


@dataclass(frozen=True)
class Written:
    """A number found in words: where, its value, the interval meant, and whether a share."""

    start: int
    end: int
    value: float
    low: float
    high: float
    percent: bool


def fractions(text: str) -> list[Written]:
    """Find fractions in words: shares ("three-quarters of") and counts ("half a million")."""
    found = []
    for m in FRACTION.finditer(text):
        times = SMALL.get((m["times"] or "a").lower(), 1)
        share = times * FRACTIONS[m["part"].lower()]
        if m["scale"]:
            value = share * SCALE_WORDS[m["scale"].lower()]
            found.append(Written(m.start(), m.end(), value, value * 0.9, value * 1.1, False))
        elif share < 1:
            value = 100 * share
            low, high = value - SHARE_SPREAD, value + SHARE_SPREAD
            found.append(Written(m.start(), m.end(), value, low, high, True))
    return found


WORD_VALUES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "hundred": 100,
    "a hundred": 100,
}
IN_EVERY = re.compile(
    r"\b(?P<part>one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+(?:in|out\s+of)\s+"
    r"(?:every\s+)?(?P<whole>three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred|"
    r"hundred|\d{1,3})\b",
    re.IGNORECASE,
)


def _value(word: str) -> int:
    """Read a small number written in digits or words."""
    folded = " ".join(word.lower().split())
    return int(folded) if folded.isdigit() else WORD_VALUES[folded]


def shares_in_words(text: str) -> list[Written]:
    """Find shares written "four in ten" or "one out of every five": a percentage."""
    found = []
    for m in IN_EVERY.finditer(text):
        part, whole = _value(m["part"]), _value(m["whole"])
        if 0 < part < whole:
            value = 100 * part / whole
            spread = 100 / whole / 4  # "four in ten" is 37.5% to 42.5%
            found.append(Written(m.start(), m.end(), value, value - spread, value + spread, True))
    return found


def pairs(text: str) -> list[Written]:
    """Find readings of two numbers ("120/80"): each number on its own."""
    found = []
    for m in PAIR.finditer(text):
        for key in ("a", "b"):
            value = float(m[key])
            found.append(Written(m.start(key), m.end(key), value, value - 0.5, value + 0.5, False))
    return found


def small_counts(text: str) -> list[Written]:
    """Find "one" and "two" written before what they count."""
    return [
        Written(m.start("word"), m.end("word"), v, v, v, False)
        for m in SMALL_COUNT.finditer(text)
        for v in [float(SMALL[m["word"].lower()])]
    ]


def ad_years(text: str) -> list[tuple[int, int, int]]:
    """Find years written with AD or CE: where each starts and ends, and the year."""
    found = []
    for m in AD_YEAR.finditer(text):
        year = int(m["after"] or m["before"])
        if year >= 1:
            found.append((m.start(), m.end(), year))
    return found


def bc_years(text: str) -> list[tuple[int, int]]:
    """Find years before Christ: they are neither later years nor counts."""
    return [(m.start(), m.end()) for m in BC_YEAR.finditer(text)]
