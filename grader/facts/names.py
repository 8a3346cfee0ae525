"""Names as a teacher writes them: surnames alone, transliterations, titles, and gender.

A sheet's person "Roald Amundsen" is also written "Amundsen"; "Yezhov" is also "Ezhov" and
"Nikolaev" "Nikolayev" (transliterations from Russian drop or add a y between vowels).
Whether a name is a man's or a woman's comes from the titles and pronouns written with it, so
that "she" is never taken for a man.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

Gender = Literal["male", "female"]
MIN_SURNAME = 4
LOWER_PARTICLES = frozenset("von van de der den da di du la le of the".split())
MALE_WORDS = frozenset(
    "mr sir lord king prince duke earl count baron emperor tsar kaiser father brother son "
    "husband uncle nephew monsieur signor herr don boy man".split()
)
FEMALE_WORDS = frozenset(
    "mrs miss ms lady dame queen princess duchess countess baroness empress tsarina tsaritsa "
    "mother sister daughter wife aunt niece madame mademoiselle signora frau girl woman".split()
)
TITLES = (
    MALE_WORDS
    | FEMALE_WORDS
    | frozenset(
        "friar captain president doctor dr general marshal admiral professor chancellor pope "
        "cardinal bishop archbishop sheriff senator governor".split()
    )
)
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
WORD = re.compile(r"[A-Za-z]+")
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
POSSESSIVE_END = re.compile(r"['’]s?$")
Y_BETWEEN = re.compile(r"(?<=[aeiou])y(?=[aeiou])|^y(?=[aeiou])|(?<=[aeiou])j(?=[aeiou])")


def surname(name: str) -> str | None:
    """Return the last part of a person's name written in two or more parts, if it can stand
    alone ("Amundsen" of "Roald Amundsen"; nothing for "Scott")."""
    parts = name.split()
    if len(parts) < 2 or any(p.lower() in LOWER_PARTICLES for p in parts[-1:]):
        return None
    last = parts[-1]
    if len(last) < MIN_SURNAME or not last[0].isupper() or not last.isalpha():
        return None
    return last


def surnames(people: Iterable[str], taken: set[str], one_each: bool = True) -> dict[str, str]:
    """Map each person's name to its surname, leaving out surnames that are already spellings
    of something else, or (`one_each`: the names are of different people) shared by two
    people (the Evans brothers)."""
    found = {name: surname(name) for name in people}
    counts = Counter(s.casefold() for s in found.values() if s)
    return {
        name: last
        for name, last in found.items()
        if last and (counts[last.casefold()] == 1 or not one_each) and last.casefold() not in taken
    }


def titles(people: Iterable[str], taken: set[str]) -> dict[str, str]:
    """Map each person written with a title that no other person has to that title alone:
    "the Prince" is Prince Escalus when the sheet has one prince (not "Lord": two lords)."""
    found = {
        name: name.split()[0]
        for name in people
        if len(name.split()) >= 2 and name.split()[0].casefold().rstrip(".") in TITLES
    }
    counts = Counter(t.casefold() for t in found.values())
    return {
        name: title
        for name, title in found.items()
        if counts[title.casefold()] == 1 and title.casefold() not in taken
    }


def skeleton(word: str) -> str:
    """Fold a name for transliteration: Yezhov and Ezhov, Nikolayev and Nikolaev agree."""
    return Y_BETWEEN.sub("", word.casefold())


def gender_votes(words: Sequence[str]) -> Gender | None:
    """Say a name's gender from the words written just before it (a title: "Lady", "Mr")."""
    for word in reversed(words[-2:]):
        folded = word.casefold().rstrip(".")
        if folded in MALE_WORDS:
            return "male"
        if folded in FEMALE_WORDS:
            return "female"
    return None


def pronoun_gender(pronoun: str) -> Gender | None:
    """Say which gender a pronoun names, if any ("they" and "it" name none)."""
    folded = pronoun.casefold()
    if folded in MALE_PRONOUNS:
        return "male"
    if folded in FEMALE_PRONOUNS:
        return "female"
    return None


def genders_in(text: str, names: dict[str, list[tuple[int, int]]]) -> dict[str, Gender]:
    """Say the gender of each name from its titles, and from the pronouns that follow it in
    sentences that name no one else ("Duncan arrives with his sons": Duncan is a man)."""
    votes: dict[str, Counter[Gender]] = {name: Counter() for name in names}
    places = sorted((start, end, name) for name, spans in names.items() for start, end in spans)
    for i, (start, end, name) in enumerate(places):
        before = WORD.findall(text[max(0, start - 24) : start])
        titled = gender_votes(before)
        if titled:
            votes[name][titled] += 3
        full_stop = text.find(".", end)
        stop = min(
            [full_stop if full_stop >= 0 else len(text)]
            + [s for s, _, n in places[i + 1 :] if n != name]
        )
        sentence_start = text.rfind(".", 0, start)
        others = any(sentence_start < s < start and n != name for s, _, n in places)
        owner = POSSESSIVE_AFTER.match(text, end) or POSSESSIVE_END.search(text, start, end)
        if others or owner:
            continue  # "Slim's dog ... she": the pronoun may be the dog's
        for word in WORD.findall(text[end:stop]):
            said = pronoun_gender(word)
            if said:
                votes[name][said] += 1
                break
    found: dict[str, Gender] = {}
    for name, counted in votes.items():
        ranked = counted.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            found[name] = ranked[0][0]
    return found
