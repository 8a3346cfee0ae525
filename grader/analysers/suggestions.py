"""Make an engine's suggested fixes fit the sentence: the right word class, tense and name.

A spelling dictionary ranks guesses by letters alone: "weakend" gets "weekend" before
"weakened", "alot" gets "plot", "Zinoviev" gets "Zinovievsk", and "They was" gets "are" before
"were". These pure functions reorder or drop such guesses using what the parse says about the
flagged word. A misspelling's guesses are ranked by grader/analysers/spelling.py, which may add
the irregular form of a regularised word ("knowed" -> "knew"); nothing else is invented.
"""

from __future__ import annotations

import re

from grader.analysers.spelling import can_be, ranked
from grader.engines.grammar import MAX_SUGGESTIONS, GrammarMatch

PAST_BE = {"was": ("were",), "wasn't": ("weren't",), "were": ("was",), "weren't": ("wasn't",)}
# "It helps us avoiding": LanguageTool offers "to avoid" first, but "help" takes the bare
# infinitive as well, the smaller change the annotators make: 7 of 7 ADVISE_VBG flags on an
# edit in 750 W&I training essays were "help" with the bare form as the correction.
_INFINITIVE_VERB = re.compile(r"The verb '(help|helps|helped|helping)' is used with an infinitive")
# A mark that must be followed by a space: " .After" is fixed by ". ", not "." ("plates.After").
_MARK_AT_END = re.compile(r"[.,;:!?]$")
APOSTROPHES = ("'", "’")


def fitting_suggestions(
    match: GrammarMatch,
    flagged: str,
    tag: str,
    before: str = "",
    after: str = "",
    past: bool = False,
    following: str = "",
) -> tuple[str, ...]:
    """Return a match's suggestions reordered (or pruned) to fit the flagged word's place.

    `before` and `after` are the words either side in the same sentence ("" at its edges);
    `past` tells that the sentence around is told in the past tense; `following` is the
    character just after the flagged span.
    """
    suggestions = _same_apostrophe(match.suggestions, flagged)
    word = flagged.strip()
    if not suggestions or not word:
        return suggestions[:MAX_SUGGESTIONS]
    if following.isalpha():
        suggestions = tuple(f"{s} " if _MARK_AT_END.search(s) else s for s in suggestions)
    if match.is_spelling:
        return _spelling(word, tag, suggestions, before, after)[:MAX_SUGGESTIONS]
    if _INFINITIVE_VERB.search(match.message):
        suggestions = tuple(sorted(suggestions, key=lambda s: s.startswith("to ")))
    same_tense = PAST_BE.get(word.lower())
    if same_tense:
        # "They was" -> "were", not "are": agreement without changing the tense
        wanted = same_tense
        return tuple(sorted(suggestions, key=lambda s: s.lower() not in wanted))[:MAX_SUGGESTIONS]
    if past:
        suggestions = _in_the_past(word, suggestions)
    suggestions = _same_case(word, suggestions)
    if can_be(after, "VBN"):
        # "She must of fallen": before a past participle the fix is "have", not "most of"
        suggestions = tuple(sorted(suggestions, key=lambda s: not s.lower().endswith(" have")))
    if following in {"", "\n"} and "." in suggestions:
        # ",." ending a paragraph: keep the full stop, not the comma
        suggestions = (".", *(s for s in suggestions if s != "."))
    return suggestions[:MAX_SUGGESTIONS]


def _same_case(word: str, suggestions: tuple[str, ...]) -> tuple[str, ...]:
    """Put first the suggestion written in the flagged word's case when two differ only in it:
    "But its going" -> "it's", not "It's" (the engine offers both)."""
    lowered = [s.lower() for s in suggestions]
    if len(set(lowered)) == len(lowered):
        return suggestions
    upper = word[:1].isupper()
    return tuple(
        sorted(
            suggestions,
            key=lambda s: lowered.count(s.lower()) > 1 and s[:1].isupper() != upper,
        )
    )


def _in_the_past(word: str, suggestions: tuple[str, ...]) -> tuple[str, ...]:
    """Put the past form first when a present verb is corrected in a story told in the past.

    "One morning he realize that ...": the annotators write "realized", not "realizes".
    """
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    lower = word.lower()
    lemmas = getAllLemmas(lower, "VERB").get("VERB", ())
    if not lemmas or lemmas[0] in {"be", "have", "do"} or " " in word:
        return suggestions
    lemma = lemmas[0]
    forms = {f for fs in getAllInflections(lemma, "VERB").values() for f in fs}
    if lower not in {lemma, *(getInflection(lemma, "VBZ") or ())}:
        return suggestions  # only a present form is moved to the past
    if not any(s.lower() in forms for s in suggestions):
        return suggestions  # the fix is not a form of this verb: another kind of error
    pasts = getInflection(lemma, "VBD") or ()
    if not pasts:
        return suggestions
    wanted = pasts[0] if word.islower() else pasts[0].capitalize()
    return (wanted, *(s for s in suggestions if s != wanted))


def _same_apostrophe(suggestions: tuple[str, ...], flagged: str) -> tuple[str, ...]:
    """Write the suggestions' apostrophes as the student does: curly if the flagged words
    have one, else straight, the keyboard's ("havent’t" -> "haven’t", "wont" -> "won't")."""
    mine, other = APOSTROPHES[::-1] if "’" in flagged else APOSTROPHES
    return tuple(dict.fromkeys(s.replace(other, mine) for s in suggestions))


def possessive_of(word: str, suggestions: tuple[str, ...]) -> str | None:
    """Return "Stalin's" for "Stalins" when the engine offers it: a name missing its apostrophe."""
    if len(word) < 4 or not word[:1].isupper() or not word.endswith("s"):
        return None
    for apostrophe in ("'", "’"):
        wanted = f"{word[:-1]}{apostrophe}s"
        if any(s.replace("’", "'") == wanted.replace("’", "'") for s in suggestions):
            return wanted
    return None


def _spelling(
    word: str, tag: str, suggestions: tuple[str, ...], before: str, after: str
) -> tuple[str, ...]:
    """Drop guesses that lengthen a name; rank the rest by what fits the place.

    A span of words the engine flags for its last ("for alot" -> "for lot") is ranked on that
    word, its own guesses and the nearby ones ("a lot") alike, and given back whole.
    """
    lead, _, last = word.rpartition(" ")
    tails = tuple(s[len(lead) + 1 :] for s in suggestions if lead and s.startswith(lead + " "))
    if tails:  # "fora lot", which changes the word the engine did not flag, is left out
        return tuple(f"{lead} {t}" for t in _spelling(last, tag, tails, lead.split()[-1], after))
    kept = [
        s
        for s in suggestions
        # "Zinoviev" -> "Zinovievsk": a longer name is another name, often a place
        if not (word[:1].isupper() and s.startswith(word) and s[len(word) :].isalpha())
    ]
    return tuple(ranked(word, kept, before, after, tag))
