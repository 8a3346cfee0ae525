"""Make an engine's suggested fixes fit the sentence: the right word class, tense and name.

A spelling dictionary ranks guesses by letters alone: "weakend" gets "weekend" before
"weakened", "alot" gets "plot", "Zinoviev" gets "Zinovievsk", and "They was" gets "are" before
"were". These pure functions reorder or drop such guesses using what the parse says about the
flagged word; they never invent a fix the engine did not offer.
"""

from __future__ import annotations

from grader.engines.grammar import GrammarMatch

# The parser's tag for the flagged word, and the ending a fix of that class has.
ENDINGS = {"VBD": "ed", "VBN": "ed", "VBG": "ing", "VBZ": "s", "NNS": "s"}
PAST_BE = {"was": ("were",), "wasn't": ("weren't",), "were": ("was",), "weren't": ("wasn't",)}


def fitting_suggestions(match: GrammarMatch, flagged: str, tag: str) -> tuple[str, ...]:
    """Return a match's suggestions reordered (or pruned) to fit the flagged word's place."""
    suggestions = match.suggestions
    word = flagged.strip()
    if not suggestions or not word:
        return suggestions
    if match.is_spelling:
        return _spelling(word, tag, suggestions)
    past = PAST_BE.get(word.lower())
    if past:
        # "They was" -> "were", not "are": agreement without changing the tense
        return tuple(sorted(suggestions, key=lambda s: s.lower() not in past))
    return suggestions


def possessive_of(word: str, suggestions: tuple[str, ...]) -> str | None:
    """Return "Stalin's" for "Stalins" when the engine offers it: a name missing its apostrophe."""
    if len(word) < 4 or not word[:1].isupper() or not word.endswith("s"):
        return None
    for apostrophe in ("'", "’"):
        wanted = f"{word[:-1]}{apostrophe}s"
        if any(s.replace("’", "'") == wanted.replace("’", "'") for s in suggestions):
            return wanted
    return None


def _spelling(word: str, tag: str, suggestions: tuple[str, ...]) -> tuple[str, ...]:
    """Drop guesses that change a name or the first letter; put the right word class first."""
    kept = [
        s
        for s in suggestions
        # "Zinoviev" -> "Zinovievsk": a longer name is another name, often a place
        if not (word[:1].isupper() and s.startswith(word) and s[len(word) :].isalpha())
    ]
    first = word[:1].lower()
    if any(s[:1].lower() == first for s in kept):
        # "alot" -> "plot", "slot": learners rarely get a word's first letter wrong
        kept = [s for s in kept if s[:1].lower() == first]
    ending = ENDINGS.get(tag)
    if tag.startswith("VB") and word.endswith("d"):
        ending = "ed"  # "weakend" read as a verb is a past: the tagger may call it present
    if ending:
        # "it weakend the army" is a past verb: "weakened" before "weekend"
        kept.sort(key=lambda s: not s.lower().endswith(ending))
    return tuple(kept)
