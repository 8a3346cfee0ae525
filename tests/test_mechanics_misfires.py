"""Rules that misfire on correct writing are checked against the parse (issue 36).

Each case is a text of our own on which a rule used to be wrong, run through the real engines
(LingoTweaker, the parse rules, Harper) and spaCy: the finding it must not make, or the fix it
must not offer alone.
"""

from __future__ import annotations

import pytest

from grader.analysers.mechanics import analyse_mechanics
from grader.essay import Essay
from grader.findings import Finding
from grader.kinds.mechanics import MechanicsCriterion
from grader.services import Services

CRITERION = MechanicsCriterion(id="mechanics", name="Mechanics", kind="mechanics")

# (text, words that must carry no error) – the sentence is right there.
CORRECT: list[tuple[str, str]] = [
    # "who" is the complement of its own clause: "whom" would be wrong
    ("It depends on who the reader is.", "who"),
    ("Nobody asked about who the real leader was.", "who"),
    ("We talked about who the best player is.", "who"),
    # the verb after a relative clause is the sentence's own verb, not an infinitive
    ("The books they choose suggest that they care.", "suggest"),
    ("The stories we read suggest a darker past.", "suggest"),
    # a name missing its apostrophe is not a plural subject
    ("Stalins biggest enemy was Trotsky.", "was"),
    ("Lenins closest friend was Stalin.", "was"),
    # an indented paragraph is a paragraph, not a doubled space
    (
        "I visited my aunt in the summer and we swam every day. \n"
        "       Last year I stayed at home with my parents instead.",
        "       ",
    ),
    (
        "My town has a small library with many old books. \n"
        "    Every week I borrow two of them and read them at night.",
        "    ",
    ),
]
# (text, words flagged, a fix that must not be offered first)
WRONG_FIX: list[tuple[str, str, str]] = [
    ("It is easy to just to say no.", "to just to", "too just to"),
    ("She was about to just to leave the room.", "to just to", "too just to"),
]
MIDDLE = (
    "The trials went on for two years. Nobody could say what the secret police would do "
    "next as the officers would tell"
)
UNFINISHED: list[tuple[str, str]] = [
    (
        "The purges began in 1936. Many officers were arrested at night. Their families were "
        f"sent away.\n\n{MIDDLE}\n\nIn the end the terror stopped.",
        "tell",
    ),
    (
        "Libraries should keep difficult books. Parents can talk to their children about them. "
        "Teachers can help too.\n\nSome people want to ban books. They say that the books are "
        "too violent for the students who\n\nBanning books is the wrong answer.",
        "who",
    ),
]


def errors_in(text: str, services: Services) -> list[Finding]:
    """Return the findings the default profile counts as errors in a text."""
    findings = analyse_mechanics(Essay.from_text(text, "misfire"), CRITERION, services).findings
    return [f for f in findings if f.severity == "error"]


def at(text: str, words: str, findings: list[Finding]) -> list[Finding]:
    """Return the findings that touch the last place `words` occurs in `text`."""
    start = text.rindex(words)
    end = start + len(words)
    return [f for f in findings if f.start < end and start < f.end]


@pytest.mark.parametrize(("text", "words"), CORRECT, ids=[t[:40] for t, _ in CORRECT])
def test_correct_words_are_not_called_wrong(text: str, words: str, services: Services) -> None:
    found = at(text, words, errors_in(text, services))
    assert found == [], [(text[f.start : f.end], f.suggestions[:2], f.rule_id) for f in found]


@pytest.mark.parametrize(("text", "words", "fix"), WRONG_FIX, ids=[t[:40] for t, _, _ in WRONG_FIX])
def test_a_fix_that_breaks_the_sentence_is_not_offered(
    text: str, words: str, fix: str, services: Services
) -> None:
    offered = [f.suggestions[:1] for f in at(text, words, errors_in(text, services))]
    assert (fix,) not in offered


@pytest.mark.parametrize(("text", "last"), UNFINISHED, ids=[last for _, last in UNFINISHED])
def test_an_unfinished_sentence_is_called_unfinished(
    text: str, last: str, services: Services
) -> None:
    found = at(text, last + "\n", errors_in(text, services))
    assert found, "the paragraph's missing end is still an error"
    assert found[0].suggestions == (), "a full stop alone would leave the clause unfinished"
    assert "before it is finished" in found[0].message
