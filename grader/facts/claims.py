"""Claims in an essay: dates, numbers and names as students write them, with character spans.

Pure functions over text, kept in the module that owns each: dates (`When`) in dates.py,
numbers (`Amount`) in amounts.py, names and keywords (a `Lexicon` built from a fact sheet,
tolerant of spelling variants) in lexicon.py, all in grader/facts/. They are re-exported here for
callers.
"""

from __future__ import annotations

from grader.facts.amounts import Amount, find_amounts, format_number
from grader.facts.dates import (
    DateClaim,
    Period,
    When,
    day_period,
    digit_windows,
    find_dates,
    month_period,
    parse_when,
    year_period,
)
from grader.facts.lexicon import (
    Lexicon,
    Mention,
    Phrase,
    Term,
    TermKind,
    Token,
    normalise,
    tokenise,
)

__all__ = [
    "Amount",
    "DateClaim",
    "Lexicon",
    "Mention",
    "Period",
    "Phrase",
    "Term",
    "TermKind",
    "Token",
    "When",
    "day_period",
    "digit_windows",
    "find_amounts",
    "find_dates",
    "format_number",
    "month_period",
    "normalise",
    "parse_when",
    "tokenise",
    "year_period",
]
