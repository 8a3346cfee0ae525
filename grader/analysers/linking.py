"""Linking words by what they do, for the structure checks: the words, and how to find them.

Phrases are matched within one sentence, case-insensitively. Subordinating conjunctions
("before", "when", "while", "as") are read from the parse instead, where they open a clause,
and so is a sentence that opens on its setting ("In the distance, ...").
"""

from __future__ import annotations

import re

from grader.engines.parser import Parsed
from grader.essay import Span

# Linking words and phrases by what they do; matched within one sentence, case-insensitively.
LINKING_WORDS: dict[str, tuple[str, ...]] = {
    "addition": (
        "also",
        "furthermore",
        "moreover",
        "in addition",
        "additionally",
        "as well as",
        "what is more",
        "besides",
        "similarly",
        "likewise",
        "not only",
        "for example",
        "for instance",
        "another",
    ),
    "contrast": (
        "however",
        "but",
        "although",
        "even though",
        "though",
        "whereas",
        "nevertheless",
        "nonetheless",
        "on the other hand",
        "in contrast",
        "by contrast",
        "on the contrary",
        "despite",
        "in spite of",
        "instead",
        "conversely",
        "unlike",
        "rather than",
        "on one hand",
        "on the one hand",
    ),
    "cause": (
        "because",
        "therefore",
        "consequently",
        "as a result",
        "as a consequence",
        "thus",
        "hence",
        "due to",
        "owing to",
        "led to",
        "leading to",
        "this meant",
        "which meant",
        "in order to",
        "for this reason",
        "so that",
        "which shows",
        "this shows",
        "which means",
        "this means",
        "that is why",
        "this is why",
    ),
    "sequence": (
        "firstly",
        "secondly",
        "thirdly",
        "first of all",
        "to begin with",
        "next",
        "then",
        "finally",
        "afterwards",
        "subsequently",
        "eventually",
        "meanwhile",
        "initially",
        "at first",
        "after this",
        "after that",
        "in the end",
        # Time links: how a story or an account of events moves on.
        "as soon as",
        "later",
        "suddenly",
        "the next day",
        "one day",
        "at last",
        "so far",
        "to start with",
    ),
    "conclusion": (
        "in conclusion",
        "to conclude",
        "overall",
        "in summary",
        "to summarise",
        "to summarize",
        "to sum up",
        "to sum-up",
        "all in all",
        "ultimately",
        "on balance",
        "in short",
    ),
}
# "so" and "yet" link clauses only after a comma or at the start of a sentence ("not yet").
# "so" also links when a clause with its own subject follows ("he was tired so he slept").
_CLAUSE_LINKS = {
    # "So far" tells a time; "so far that", "such a storm that" tell a result.
    "cause": r"(?:^|(?<=,\s))so\b(?! far\b)"
    r"|\bso(?= (?:i|he|she|it|we|they|you|there|the|this|that)\b)|\bso \w+ that\b"
    r"|\bsuch (?:a |an )?\w+ that\b",
    "contrast": r"(?:^|(?<=,\s))yet\b",
    "sequence": r"^to start\b",  # "To start, try the salad" (not "he wanted to start a war")
}
LINKING = {
    function: re.compile(
        "|".join(
            [rf"\b{re.escape(p)}\b" for p in sorted(phrases, key=len, reverse=True)]
            + ([_CLAUSE_LINKS[function]] if function in _CLAUSE_LINKS else [])
        ),
        re.IGNORECASE,
    )
    for function, phrases in LINKING_WORDS.items()
}
# Conjunctions that open a clause of time, cause or contrast ("before he was shot", "when she
# came home", "while the NKVD ..."). They are read from the parse, where they mark a clause
# ("mark", or "advmod" for "when"): as prepositions ("after a trial", "since 1936") they link
# no clauses.
SUBORDINATE_LINKS = {
    "before": "sequence",
    "after": "sequence",
    "until": "sequence",
    "till": "sequence",
    "when": "sequence",
    "whenever": "sequence",
    "while": "contrast",
    "whilst": "contrast",
    "since": "cause",
}
# Words that join one clause to another without naming a kind of link the variety check counts:
# a paragraph that uses them is linked ("If the NKVD failed, its officers were shot").
CONDITION_LINKS = re.compile(r"\b(if|unless|otherwise|as long as|provided that)\b", re.IGNORECASE)
# Links that tie a sentence to the one before in time without naming a kind the variety check
# counts: "The rain was coming sideways now", "every time one hit us, the boat shuddered".
TIME_LINKS = re.compile(
    r"\b(now|soon|still|again|already|by then|by now|every time|each time|at that moment"
    r"|for (hours|days|weeks|months|years|a while))\b",
    re.IGNORECASE,
)
# Conjunctions that open a clause of time, manner or cause without naming one kind ("As you
# enter the restaurant, ...", "Once the pathogen is gone, ..."): read from the parse as above.
CLAUSE_MARKS = frozenset({"as", "once"})
LINK_EXAMPLES = {
    "addition": "'furthermore' to add a point",
    "contrast": "'however' for a contrast",
    "cause": "'as a result' for a cause or effect",
    "sequence": "'firstly' or 'finally' for an order of events",
    "conclusion": "'overall' to sum up",
}
TOLD_LINK_EXAMPLES = {
    "sequence": "'later' or 'when …' for the order of events",
    "contrast": "'but' or 'although' for a contrast",
    "cause": "'because' or 'so' for a cause or effect",
}
FUNCTION_NAMES = {
    "addition": "adding a point",
    "contrast": "contrast",
    "cause": "cause and effect",
    "sequence": "order",
    "conclusion": "summing up",
}


def sentence_links(parsed: Parsed, text: str, sentence: Span) -> list[tuple[str, str]]:
    """Return the linking words of one sentence with their functions, in order."""
    said = text[sentence.start : sentence.end]
    found = [
        (m.start(), function, m.group().strip(", ").lower())
        for function, pattern in LINKING.items()
        for m in pattern.finditer(said)
    ]
    for i in parsed.words_in(sentence.start, sentence.end):
        word = parsed.words[i]
        function = SUBORDINATE_LINKS.get(word.text.lower())
        if function and opens_clause(parsed, i):
            found.append((word.start - sentence.start, function, word.text.lower()))
    return [(function, word) for _, function, word in sorted(found)]


def opens_clause(parsed: Parsed, i: int) -> bool:
    """Tell whether a conjunction marks a clause ("before he left"), not a noun ("before 1936")."""
    word = parsed.words[i]
    head = parsed.words[word.head]
    if word.dep == "mark":
        return True
    return word.dep == "advmod" and word.text.lower() == "when" and head.pos in {"VERB", "AUX"}


def clause_marks(parsed: Parsed, sentence: Span) -> int:
    """Count the clauses opened by "as" or "once" in a sentence ("As you enter, ...")."""
    return sum(
        1
        for i in parsed.words_in(sentence.start, sentence.end)
        if parsed.words[i].dep == "mark" and parsed.words[i].text.lower() in CLAUSE_MARKS
    )


def opens_on_setting(parsed: Parsed, sentence: Span) -> bool:
    """Tell whether a sentence opens with a phrase of place or time before its subject.

    "In the distance a lifeboat was racing towards us": a preposition first, hung on the
    sentence's main verb, sets the scene from the sentence before.
    """
    indices = parsed.words_in(sentence.start, sentence.end)
    if not indices:
        return False
    first = parsed.words[indices[0]]
    head = parsed.words[first.head]
    return first.dep == "prep" and head.dep == "ROOT" and head.pos in {"VERB", "AUX"}
