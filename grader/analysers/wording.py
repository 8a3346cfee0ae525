"""Words inside spans of the essay: tokens with offsets, content words and their stems."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

import snowballstemmer
from snowballstemmer.basestemmer import BaseStemmer

from grader.essay import WORD, Essay, Span
from grader.rubric.levels import Range

# Function words and the vocabulary of essay-writing itself: sharing them says nothing about
# whether two sentences are about the same thing.
STOPWORDS = frozenset(
    """
    a about above after again against all almost also although always am among an and another
    any are around as at away back be because been before being below between both but by can
    could did do does doing done down during each either else even ever every few for from
    further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just least less like made make makes many may me might more most
    much must my myself neither no nor not now of off often on once one only or other others
    our ours ourselves out over own quite rather really same several shall she should since so
    some such than that the their theirs them themselves then there these they this those
    though through thus to too under until up upon us very was we well were what when where
    whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves
    essay essays argue argues argued argument paragraph question answer show shows shown
    showed discuss explain explains examine examines consider considers first second third
    finally conclusion therefore furthermore moreover also overall mainly main way ways part
    thing things lot lots
    """.split()
)
POSSESSIVE = re.compile(r"['’]s$")
# The Snowball English stemmer on its own (NLTK's copy would import SciPy and scikit-learn).
# Per thread: a stemmer keeps the word it works on in its own fields, so one object shared by
# the marking threads raised IndexError under load and could return another word's stem.
_stemmers = threading.local()


def _stemmer() -> BaseStemmer:
    """Return this thread's own Snowball English stemmer, built on its first use."""
    stemmer: BaseStemmer | None = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer


def words_in(essay: Essay, span: Span) -> Iterator[re.Match[str]]:
    """Yield the words inside a span, with their offsets into the essay text."""
    return WORD.finditer(essay.text, span.start, span.end)


def plain(word: str) -> str:
    """Lower-case a word and drop a possessive 's, so Stalin’s and Stalin compare equal."""
    return POSSESSIVE.sub("", word.lower())


# Shared, and safe: functools.cache guards its table with a lock; at worst two threads
# compute the same stem, each with its own stemmer.
@cache
def stem(word: str) -> str:
    """Reduce a word to its Snowball stem, so arrests and arrested compare equal."""
    return str(_stemmer().stemWord(plain(word)))


def is_content_word(word: str) -> bool:
    """Tell whether a word carries meaning: not a function word, a number or a single letter."""
    lowered = plain(word)
    return len(lowered) > 2 and not lowered.isdigit() and lowered not in STOPWORDS


def content_terms(text: str) -> frozenset[str]:
    """Return the stems of a text's content words."""
    return frozenset(word_forms(text))


# Shared read-only: each table is finished before it is cached, and no caller changes it.
@lru_cache(maxsize=4096)
def word_forms(text: str) -> Mapping[str, Mapping[str, int]]:
    """Count each content word's forms in a text (lower case), by stem.

    Remembered, as calibration asks about the same essays fold after fold; not to be changed.
    """
    forms: dict[str, dict[str, int]] = {}
    for match in WORD.finditer(text):
        word = match.group()
        if is_content_word(word):
            by_form = forms.setdefault(stem(word), {})
            by_form[word.lower()] = by_form.get(word.lower(), 0) + 1
    return forms


def letter_share(text: str) -> float:
    """Return the share of visible characters that are letters: prose is about 0.95."""
    visible = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in visible) / len(visible) if visible else 0.0


def length_share(words: int, target: Range | None) -> float:
    """Return the words written as a share of the middle of the target range (1.0 if none).

    The middle, not the minimum: an essay that only just reaches the minimum has developed
    its points less than one that reaches the length the teacher had in mind.
    """
    if target is None or not target.max:
        return 1.0
    return min(2 * words / (target.min + target.max), 1.0)


def minimum_share(words: int, target: Range | None) -> float:
    """Return the words written as a share of the target's minimum (1.0 with no target)."""
    if target is None or not target.min:
        return 1.0
    return min(words / target.min, 1.0)
