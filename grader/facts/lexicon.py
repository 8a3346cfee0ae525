"""Names and keywords of a fact sheet found in an essay: words, phrases, spellings, and names
one or two letters off or transliterated otherwise."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from grader.facts.names import skeleton

TOKEN = re.compile(r"\w+(?:['’]\w+)*")
POSSESSIVE = re.compile(r"['’]s?$")
AGENT_FILLERS = frozenset("a an the man woman young called named assassin agent his her".split())
PLACE_WORDS = frozenset("in at near inside outside".split())
FUZZY_CUTOFF = 85.0
FUZZY_MIN_LENGTH = 5
LONG_NAME = 8  # a name this long may have two letters wrong ("Amundsson")


@lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Fold a word for matching: no accents, no case, no possessive ending."""
    folded = word
    if not word.isascii():
        folded = unicodedata.normalize("NFKD", word.replace("’", "'"))
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return POSSESSIVE.sub("", folded.casefold())


class Token(NamedTuple):
    """One word of the text, folded for matching (a tuple: essays have thousands)."""

    text: str
    norm: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    """Split text into words with their spans."""
    return [
        Token(m.group(), normalise(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)
    ]


@dataclass(frozen=True)
class Phrase:
    """One way of writing a term, as folded words; a word ending in * matches any ending."""

    words: tuple[str, ...]
    prefixes: tuple[bool, ...]

    @classmethod
    def parse(cls, text: str) -> Phrase:
        """Read a phrase such as "show trial*" or "People's Commissariat for Internal Affairs"."""
        words, prefixes = [], []
        for raw in text.split():
            prefix = raw.endswith("*")
            for token in tokenise(raw.rstrip("*")):
                words.append(token.norm)
                prefixes.append(False)
            if prefix and prefixes:
                prefixes[-1] = True
        return cls(tuple(words), tuple(prefixes))

    def matches(self, tokens: Sequence[Token], at: int) -> bool:
        """Tell whether the phrase is written at token `at`."""
        if at + len(self.words) > len(tokens):
            return False
        for word, prefix, token in zip(self.words, self.prefixes, tokens[at:], strict=False):
            if not (token.norm.startswith(word) if prefix else token.norm == word):
                return False
        return True


TermKind = Literal["name", "word"]


@dataclass(frozen=True)
class Term:
    """Something a fact sheet looks for: a name with its spellings, or words."""

    key: str
    kind: TermKind
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class Mention:
    """Where the essay writes a term; `agent` when it follows "by" ("shot by Nikolaev")."""

    term: str
    start: int
    end: int
    agent: bool = False
    after_place_word: bool = False


@dataclass
class Lexicon:
    """The terms of a fact sheet, indexed for one pass over an essay's words."""

    terms: Mapping[str, Term]
    _exact: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict, repr=False)
    _prefix: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict, repr=False)
    _fuzzy: dict[str, str] = field(default_factory=dict, repr=False)
    _fuzzy_cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms.values():
            for phrase in term.phrases:
                if not phrase.words:
                    continue
                first = phrase.words[0]
                if phrase.prefixes[0]:
                    self._prefix.setdefault(first[:3], []).append((phrase, term.key))
                else:
                    self._exact.setdefault(first, []).append((phrase, term.key))
                if (
                    term.kind == "name"
                    and len(phrase.words) == 1
                    and len(first) >= FUZZY_MIN_LENGTH
                ):
                    self._fuzzy.setdefault(first, term.key)

    def is_name(self, key: str) -> bool:
        """Tell whether a term is a name (matched only when capitalised, tolerant of spelling)."""
        return self.terms[key].kind == "name"

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[Mention]:
        """Find every place the text writes one of the terms."""
        tokens = tokenise(text) if tokens is None else tokens
        hits: list[Mention] = []
        exact, prefix, no_phrases = self._exact, self._prefix, ()
        for i, token in enumerate(tokens):
            matched: set[str] = set()
            for candidates in (
                exact.get(token.norm, no_phrases),
                prefix.get(token.norm[:3], no_phrases),
            ):
                for phrase, key in candidates:
                    if key in matched or not phrase.matches(tokens, i):
                        continue
                    if self.terms[key].kind == "name" and not _looks_like_name(token):
                        continue
                    matched.add(key)
                    hits.append(self._hit(text, tokens, i, i + len(phrase.words), key))
            if not matched and len(token.norm) >= FUZZY_MIN_LENGTH and token.text[0].isupper():
                near = self._fuzzy_name(token)
                if near is not None:
                    hits.append(self._hit(text, tokens, i, i + 1, near))
        return hits

    def _fuzzy_name(self, token: Token) -> str | None:
        """Match a misspelt name ("Tukachevsky", "Zinovyev") to the sheet's spelling."""
        if len(token.norm) < FUZZY_MIN_LENGTH or not token.text[0].isupper() or not self._fuzzy:
            return None
        if token.norm not in self._fuzzy_cache:
            choices = list(self._fuzzy)
            close = process.extractOne(
                token.norm, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            best = close[0] if close else None
            if (
                best is None
            ):  # one letter wrong in a short name ("Yeshov", "Kirof"), two in a long one
                allowed = 2 if len(token.norm) >= LONG_NAME else 1
                one_off = process.extractOne(
                    token.norm, choices, scorer=Levenshtein.distance, score_cutoff=allowed
                )
                best = one_off[0] if one_off else None
            same_start = best is not None and best[0] == token.norm[0]
            if not (best and same_start):
                best = self._transliterated(token.norm)
                same_start = best is not None
            self._fuzzy_cache[token.norm] = self._fuzzy[best] if best and same_start else None
        return self._fuzzy_cache[token.norm]

    def _transliterated(self, word: str) -> str | None:
        """Match a name transliterated otherwise ("Ezhov" for "Yezhov"), one letter aside."""
        folded = skeleton(word)
        for choice in self._fuzzy:
            other = skeleton(choice)
            if folded[:1] == other[:1] and Levenshtein.distance(folded, other, score_cutoff=1) <= 1:
                return choice
        return None

    def _hit(self, text: str, tokens: Sequence[Token], first: int, stop: int, key: str) -> Mention:
        """Make a hit, noting whether the name follows "by" or a place word such as "in"."""
        agent = place = False
        if self.terms[key].kind == "name":
            agent = _follows(text, tokens, first, {"by"}, AGENT_FILLERS, upper_ok=True)
            place = _follows(text, tokens, first, PLACE_WORDS, frozenset({"the"}), upper_ok=False)
        return Mention(key, tokens[first].start, tokens[stop - 1].end, agent, place)


def _looks_like_name(token: Token) -> bool:
    """Tell whether an essay word can be a name: capitalised or a number ("17th")."""
    return token.text[0].isupper() or token.text[0].isdigit()


def _follows(
    text: str,
    tokens: Sequence[Token],
    at: int,
    words: set[str] | frozenset[str],
    fillers: frozenset[str],
    upper_ok: bool,
) -> bool:
    """Tell whether one of `words` stands just before token `at`, past a few filler words."""
    i = at - 1
    for _ in range(4):
        if i < 0 or re.search(r"[.,;:!?()\"“”]", text[tokens[i].end : tokens[i + 1].start]):
            return False
        token = tokens[i]
        if token.norm in words:
            return True
        if not (token.norm in fillers or (upper_ok and token.text[0].isupper())):
            return False
        i -= 1
    return False
