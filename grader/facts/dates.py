"""Dates as students write them, with character spans: each becomes a `When` (a period of
days, or a range between two periods)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from grader.facts.written import ad_years, bc_years

# ---------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True)
class Period:
    """A stretch of days, both ends included, and how a writer would name it."""

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        """Return how many days the period covers."""
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        """Tell whether two periods share a day."""
        return self.start <= other.end and other.start <= self.end

    def covers(self, other: Period) -> bool:
        """Tell whether this period holds every day of the other."""
        return self.start <= other.start and other.end <= self.end

    def shared_days(self, other: Period) -> int:
        """Count the days both periods cover."""
        return max(0, (min(self.end, other.end) - max(self.start, other.start)).days + 1)


@dataclass(frozen=True)
class When:
    """A time a writer names: one period, or a range from one period to another."""

    first: Period
    last: Period

    @property
    def is_range(self) -> bool:
        """Tell whether the writer gave two ends ("from 1936 to 1938")."""
        return self.first != self.last

    @property
    def span(self) -> Period:
        """Return the whole stretch from the first day to the last."""
        if not self.is_range:
            return self.first
        return Period(self.first.start, self.last.end, self.label)

    @property
    def label(self) -> str:
        """Name the time as a writer would."""
        if not self.is_range:
            return self.first.label
        return f"{self.first.label} to {self.last.label}"

    @classmethod
    def single(cls, period: Period) -> When:
        """Make a time of one period."""
        return cls(period, period)


@dataclass(frozen=True)
class DateClaim:
    """A date, year, decade or range the essay states, at `text[start:end]`."""

    start: int
    end: int
    when: When
    guessed_year: bool = False  # "On 22 October": the year is the last one written before it


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1\d{3}|20\d{2})"
# "early", "mid", "late" and their longer forms, for months, years and decades.
PART = (
    r"(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of(?:\s+the\s+year)?"
    r"|(?:the\s+)?(?:first|second)\s+half\s+of(?:\s+the)?)"
)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
# Words after a four-digit number that make it a count, not a year: "1966 delegates".
COUNT_AFTER = re.compile(r"\s+(?!(?:was|has|is|as|this|its|his|thus|whereas|always)\b)[a-z]+s\b")
YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|of|from|since|until|till|by|between|and|or|to|during|after|before|around|"
    r"circa|c\.|year|years|day|early|mid|late|summer|winter|spring|autumn|(?:back|early|late)\s+as)"
    r"|[-–—(])\s*$",
    re.IGNORECASE,
)
LOOK_BACK = 12  # how far before a number its context words are looked for
NUMBER_GOES_ON = re.compile(r"[.,]\d")
IDENTIFIER_BEFORE = re.compile(r"(?:\bNo\.?|\bNos\.?|\bnumber|#)\s*$", re.IGNORECASE)
# A number after one of these names a stage, not a count: "stage five", "Act 3", "chapter two".
LABEL_BEFORE = re.compile(
    r"\b(?:stage|phase|chapter|act|scene|part|level|step|section|page|verse|line|type|grade|"
    r"year|key\s+stage)\s+$",
    re.IGNORECASE,
)
JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*", re.IGNORECASE)
OPENER_REACH = 30  # "between the years " and the like stand this close before a range
RANGE_OPENER = re.compile(r"\b(?:between|from)\s+(?:the\s+years?\s+)?$", re.IGNORECASE)


def _last_day(year: int, month: int) -> int:
    """Return the last day of a month."""
    return calendar.monthrange(year, month)[1]


def _month_name(month: int) -> str:
    """Return the English name of a month."""
    return calendar.month_name[month]


def day_period(year: int, month: int, day: int) -> Period | None:
    """Make the period of one day, or None when there is no such day."""
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    return Period(when, when, f"{day} {_month_name(month)} {year}")


def month_period(year: int, month: int) -> Period:
    """Make the period of one month."""
    return Period(
        date(year, month, 1),
        date(year, month, _last_day(year, month)),
        f"{_month_name(month)} {year}",
    )


def year_period(year: int) -> Period:
    """Make the period of one year."""
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


# Python's dates start in AD 1, so a year before Christ is kept as BC_BASE minus the year: later
# years BC stay later, and no year an essay gives AD comes near (9999 - 3100 = 6899).
BC_BASE = 9999


def _leading_year(written: str) -> int:
    """Return the year a year BC is written with ("2560BC" -> 2560)."""
    match = DIGIT_RUN.match(written)
    assert match is not None
    return int(match.group())


def bc_period(year: int) -> Period:
    """Make the period of one year before Christ ("3100 BC")."""
    kept = BC_BASE - year
    return Period(date(kept, 1, 1), date(kept, 12, 31), f"{year} BC")


def _part_of_month(part: str, year: int, month: int) -> Period:
    """Make early, mid or late part of a month (days 1-10, 11-20, 21-end)."""
    word = _part_word(part)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, _last_day(year, month))}[word]
    return Period(
        date(year, month, first), date(year, month, last), f"{word} {_month_name(month)} {year}"
    )


def _part_of_year(part: str, year: int) -> Period:
    """Make early, mid or late part of a year (four months each), or its first or second half."""
    if "half" in part.lower():
        first = "first" in part.lower()
        months, label = ((1, 6), "first") if first else ((7, 12), "second")
        label = f"the {label} half of {year}"
    else:
        word = _part_word(part)
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[word]
        label = f"{word} {year}"
    return Period(
        date(year, months[0], 1), date(year, months[1], _last_day(year, months[1])), label
    )


def _part_word(part: str) -> str:
    """Reduce "the end of", "the beginning of" and the like to early, mid or late."""
    text = part.lower()
    if "start" in text or "beginning" in text or text.startswith("early") or "first" in text:
        return "early"
    if "middle" in text or text.startswith("mid"):
        return "mid"
    return "late"


def _decade(decade: int, part: str | None) -> Period:
    """Make a decade, or its early, mid or late years, or its first or second half."""
    text = (part or "").lower()
    if "half" in text:
        first, last = (0, 4) if "first" in text else (5, 9)
        label = f"the {'first' if first == 0 else 'second'} half of the {decade}s"
    elif part:
        word = _part_word(part)
        first, last = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[word]
        label = f"the {word} {decade}s"
    else:
        first, last, label = 0, 9, f"the {decade}s"
    return Period(date(decade + first, 1, 1), date(decade + last, 12, 31), label)


def _season(name: str, year: int) -> Period:
    """Make a season of a year (winter runs from December into the next year)."""
    word = name.lower()
    if word == "winter":
        return Period(
            date(year, 12, 1), date(year + 1, 2, _last_day(year + 1, 2)), f"winter {year}"
        )
    first, last = SEASONS[word]
    return Period(date(year, first, 1), date(year, last, _last_day(year, last)), f"{word} {year}")


@dataclass(frozen=True)
class _Atom:
    """A date found in the text before ranges are joined; year None means "year not given"."""

    start: int
    end: int
    period: Period | None
    month: int = 0
    day: int = 0
    guessed: bool = False  # the year was not written with the day


def _month(match: re.Match[str]) -> int | None:
    """Return the month of a match, or None when the month word is not capitalised."""
    word = match["month"]
    if not word[0].isupper():
        return None  # "may" and "march" in lower case are verbs
    return MONTHS[word.rstrip(".").lower()]


def _dmy(m: re.Match[str]) -> _Atom | None:
    month = _month(m)
    period = day_period(int(m["year"]), month, int(m["day"])) if month else None
    return _Atom(m.start(), m.end(), period) if period else None


def _numeric(m: re.Match[str]) -> _Atom | None:
    # British order (day first) unless only the other order makes a date: 1/12/1934 is 1 December.
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    period = day_period(year, second, first) or day_period(year, first, second)
    return _Atom(m.start(), m.end(), period) if period else None


def _iso(m: re.Match[str]) -> _Atom | None:
    period = day_period(int(m["year"]), int(m["m"]), int(m["d"]))
    return _Atom(m.start(), m.end(), period) if period else None


def _day_month(m: re.Match[str]) -> _Atom | None:
    month = _month(m)
    day = int(m["day"])
    if not month or not 1 <= day <= 31:
        return None
    return _Atom(m.start(), m.end(), None, month, day)


def _part_month(m: re.Match[str]) -> _Atom | None:
    month = _month(m)
    return (
        _Atom(m.start(), m.end(), _part_of_month(m["part"], int(m["year"]), month))
        if month
        else None
    )


def _month_year(m: re.Match[str]) -> _Atom | None:
    month = _month(m)
    return _Atom(m.start(), m.end(), month_period(int(m["year"]), month)) if month else None


def _season_year(m: re.Match[str]) -> _Atom | None:
    return _Atom(m.start(), m.end(), _season(m["season"], int(m["year"])))


def _part_year(m: re.Match[str]) -> _Atom | None:
    return _Atom(m.start(), m.end(), _part_of_year(m["part"], int(m["year"])))


def _decade_atom(m: re.Match[str]) -> _Atom | None:
    return _Atom(m.start(), m.end(), _decade(int(m["decade"]), m["part"]))


def _year_atom(m: re.Match[str]) -> _Atom | None:
    text = m.string
    before = max(0, m.start() - LOOK_BACK)
    if IDENTIFIER_BEFORE.search(text, before, m.start()) or NUMBER_GOES_ON.match(text, m.end()):
        return None
    year = int(m["year"])
    said_as_year = YEAR_BEFORE.search(text[max(0, m.start() - 12) : m.start()]) is not None
    counted = COUNT_AFTER.match(text, m.end()) is not None
    if (counted and (year < 1500 or not said_as_year)) or (year < 1500 and not said_as_year):
        return None  # "1966 delegates", "in 1108 cases", "1108 were arrested"
    return _Atom(m.start(), m.end(), year_period(year))


# Forms that open with a word start with one of these letters: checking the first letter
# before trying the whole form makes the scan several times faster.
MONTH_START, PART_START = r"(?=[JFMASONDjfmasond])", r"(?=[EMLTFSemltfs])"
DATE_FORMS: tuple[tuple[str, Callable[[re.Match[str]], _Atom | None]], ...] = (
    # Longest forms first: a date found by an earlier form is not looked at again.
    (rf"(?=[Tt\d])\b(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", _dmy),
    (rf"{MONTH_START}\b{MONTH}\s+(?:the\s+)?{DAY},?\s+{YEAR}\b", _dmy),
    (r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>1\d{3}|20\d{2})\b", _numeric),
    (r"\b(?P<year>1\d{3}|20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", _iso),
    (rf"{PART_START}\b{PART}[\s-]+{MONTH},?\s+{YEAR}\b", _part_month),
    (rf"(?=[Tt\d])\b(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}(?!,?\s*\d)", _day_month),
    (rf"{MONTH_START}\b{MONTH}\s+(?:the\s+)?{DAY}\b(?!,?\s*\d)", _day_month),
    (rf"{MONTH_START}\b{MONTH},?\s+(?:of\s+)?{YEAR}\b", _month_year),
    (
        rf"(?=[TSAWFtsawf])\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{YEAR}\b",
        _season_year,
    ),
    (rf"{PART_START}\b{PART}[\s-]+{YEAR}\b(?!['’]?s)", _part_year),
    (
        rf"(?=[EMLTFSemltfs\d])\b(?:(?:the\s+)?{PART}[\s-]+)?(?:the\s+)?(?P<decade>1\d{{2}}0|20\d0)['’]?s\b",
        _decade_atom,
    ),
    (rf"\b{YEAR}\b(?!['’]?s\b)", _year_atom),
)


DATE_PATTERNS = tuple((re.compile(form, re.IGNORECASE), build) for form, build in DATE_FORMS)
DIGIT_RUN = re.compile(r"\d+")
WINDOW_BEFORE, WINDOW_AFTER = 48, 24
SHORT_RANGE = re.compile(r"\b(?P<year>1\d{3}|20\d{2})\s*[-–—/]\s*(?P<end>\d{1,2})\b(?![-–—/.,]?\d)")


def find_dates(text: str) -> list[DateClaim]:
    """Find every date, year, decade and range, the way students write them."""
    claims = _short_ranges(text)
    claims += [DateClaim(a, b, When.single(year_period(y))) for a, b, y in ad_years(text)]
    bc = bc_years(text)
    claims += [DateClaim(a, b, When.single(bc_period(_leading_year(text[a:b])))) for a, b in bc]
    atoms = _atoms(text, [(c.start, c.end) for c in claims])
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if atom.period is None:
            i += 1
            continue
        joined = _join(text, atom, nxt)
        if joined is not None:
            claims.append(joined)
            i += 2
            continue
        claims.append(
            DateClaim(atom.start, atom.end, When.single(atom.period), guessed_year=atom.guessed)
        )
        i += 1
    return sorted(claims, key=lambda c: c.start)


# Immutable: tuples of spans (lru_cache's table is safe to share between threads).
@lru_cache(maxsize=8)
def digit_windows(text: str) -> tuple[tuple[int, int], ...]:
    """Return the stretches of text around digits: the only places a date or number can be.

    Scanning these instead of the whole text makes the many date patterns cheap; a window
    reaches far enough before a digit for "the second half of the 1930s" and after it for
    "1.5 million", and always ends at the end of a word so that \\b and look-aheads hold.
    """
    windows: list[tuple[int, int]] = []
    for run in DIGIT_RUN.finditer(text):
        start = max(0, run.start() - WINDOW_BEFORE)
        end = min(len(text), run.end() + WINDOW_AFTER)
        while end < len(text) and text[end].isalnum():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return tuple(windows)


def _atoms(text: str, taken: list[tuple[int, int]]) -> list[_Atom]:
    """Find single dates, longest forms first, then give "December 29th" its year."""
    found: list[_Atom] = []
    windows = digit_windows(text)
    for pattern, build in DATE_PATTERNS:
        for match in (m for s, e in windows for m in pattern.finditer(text, s, e)):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            atom = build(match)
            if atom is not None:
                found.append(atom)
                taken.append((atom.start, atom.end))
    found.sort(key=lambda a: a.start)
    return [_with_year(text, atom, found) for atom in found]


def _with_year(text: str, atom: _Atom, atoms: list[_Atom]) -> _Atom:
    """Give "December 29th" the year of the closest earlier date: in the same paragraph, or
    else the essay's last year before it ("On 22 October he spoke" after "October 1962")."""
    if atom.period is not None:
        return atom
    for earlier in reversed([a for a in atoms if a.end <= atom.start and a.period is not None]):
        assert earlier.period is not None
        if earlier.period.end.year != earlier.period.start.year:
            continue  # a decade or a winter gives no one year
        period = day_period(earlier.period.end.year, atom.month, atom.day)
        # The student wrote no year: it is only guessed, and never the error.
        return _Atom(atom.start, atom.end, period, atom.month, atom.day, True)
    return atom


def _join(text: str, first: _Atom, second: _Atom | None) -> DateClaim | None:
    """Join two dates into a range: "1934 to 1940", "between 1936 and 1938"."""
    if second is None or second.period is None or first.period is None:
        return None
    between = text[first.end : second.start]
    connector = JOIN.fullmatch(between)
    if connector is None or second.period.end < first.period.start:
        return None
    opener = RANGE_OPENER.search(text, max(0, first.start - OPENER_REACH), first.start)
    if "and" in between.lower() and not (opener and opener.end() == first.start):
        return None  # "in 1937 and 1938" names two years; "between 1937 and 1938" is a range
    start = opener.start() if opener and opener.end() == first.start else first.start
    return DateClaim(start, second.end, When(first.period, second.period))


def _short_ranges(text: str) -> list[DateClaim]:
    """Find ranges with a shortened end year: "1936-38", "1937/8"."""
    found = []
    for m in (m for s, e in digit_windows(text) for m in SHORT_RANGE.finditer(text, s, e)):
        first = int(m["year"])
        digits = m["end"]
        last = first - first % 10 ** len(digits) + int(digits)
        if last <= first:
            continue
        opener = RANGE_OPENER.search(text, max(0, m.start() - OPENER_REACH), m.start())
        start = opener.start() if opener and opener.end() == m.start() else m.start()
        found.append(DateClaim(start, m.end(), When(year_period(first), year_period(last))))
    return found


ISO_VALUE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


def parse_when(value: object) -> When:
    """Read a date a teacher wrote: 1934-12-01, 1936-08, 1936, "1 December 1934", "1936 to 1938"."""
    if isinstance(value, date):
        period = day_period(value.year, value.month, value.day)
        assert period is not None
        return When.single(period)
    if isinstance(value, int) and not isinstance(value, bool):
        return When.single(year_period(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a date, got {value!r}")
    text = value.strip()
    parts = re.split(r"\s+(?:to|until)\s+", text)
    if len(parts) == 2:
        first, last = _one_date(parts[0], value), _one_date(parts[1], value)
        if last.end < first.start:
            raise ValueError(f"the date range {value!r} ends before it starts")
        return When(first, last)
    return When.single(_one_date(text, value))


def _one_date(text: str, value: object) -> Period:
    """Read one date of a teacher's value, in ISO form or any form an essay may use."""
    iso = ISO_VALUE.fullmatch(text)
    if iso:
        year = int(iso["year"])
        if iso["day"]:
            period = day_period(year, int(iso["month"]), int(iso["day"]))
        elif iso["month"]:
            month = int(iso["month"])
            period = month_period(year, month) if 1 <= month <= 12 else None
        else:
            period = year_period(year)
        if period is not None:
            return period
    claims = find_dates(text)
    whole = len(claims) == 1 and claims[0].start == 0 and claims[0].end == len(text)
    if whole and not claims[0].when.is_range:
        return claims[0].when.first
    raise ValueError(
        f"expected a date such as 1934-12-01, 1936-08, 1936 or '1936 to 1938', got {value!r}"
    )
