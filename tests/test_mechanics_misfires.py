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
# The misfires of the fresh labelled round of issue 36, in sentences of our own.
CORRECT += [
    # a verb joined to a relative clause by "and" may be the main clause's: "has" is right
    (
        "The internet has given a platform to writers who were once ignored and has revealed "
        "many scandals.",
        "has",
    ),
    # a relative clause may describe the verb's object, not the noun just before it
    (
        "The farmers spent the day loading hay onto their carts which was stored in the barn.",
        "which was",
    ),
    # a plural noun missing its possessive's apostrophe is not a verb
    ("The flood would ruin all the people in the low houses lives.", "lives"),
    # a heading is not the subject of the next line's verb
    (
        "Aim\nThe aim was to see how height changes bounce.\n\nConclusion\nThe balls at each "
        "height were close together, so the results are repeatable.",
        "were",
    ),
    # "you" is what the verb teaches, not a subject missing "think"
    ("Playing in a band teaches you things that school cannot.", "things"),
    # schools cite a scene without a comma
    ("In Act 3 Scene 2 Brutus speaks to the crowd first.", "Act 3 Scene 2"),
    # the opening clause ends where the writer put the comma
    ("When you revise alone in your bedroom all the night, you don't see other people.", "bedroom"),
    # a comparative pair with no verb takes no comma
    ("She has to finish the project, the quicker the easier.", "quicker"),
    # a word split in two ("a n interesting") is not a word that needs "an"
    ("It could be a n interesting idea for the school.", "a n"),
    # clauses listed after a colon, the last joined by "and", are a list, not a splice
    (
        "The new timetable is a failure: it starts too early for pupils, it leaves no time for "
        "lunch and it ends too late for buses.",
        ", it",
    ),
]
# (text, words that must carry no finding at all, not even a suggestion)
NOTHING: list[tuple[str, str]] = [
    # an "and" joining two clauses inside one subordinate clause takes no comma
    (
        "So if the council finds out what went wrong and they know how to repair it then they "
        "could reopen.",
        "and",
    ),
    ("Mum said it was only a bit of rain and we would be home before dark.", "and"),
    # a name after a title, a brand with a capital inside, a term the writer introduces
    ("Old Mr Penhallow at the farm sometimes lends his boat.", "Penhallow"),
    ("The club is sponsored by FireStorm Games this season.", "FireStorm"),
    ("Each gladiator carried a curved blade called a sica into the arena.", "sica"),
    # the IUPAC spelling British science syllabuses use
    ("We added copper sulfate to the water and stirred it.", "sulfate"),
]
# (text, words flagged, the fix that must come first)
RIGHT_FIX: list[tuple[str, str, str]] = [
    ("We wanted to play outside but its far too cold today.", "its", "it's"),
    ("He must of forgotten his keys again this morning.", "must of", "must have"),
    ("The water was cloudy,.\nWe repeated the test.", ",.", "."),
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


@pytest.mark.parametrize(("text", "words"), NOTHING, ids=[t[:40] for t, _ in NOTHING])
def test_right_words_get_no_finding_at_all(text: str, words: str, services: Services) -> None:
    findings = analyse_mechanics(Essay.from_text(text, "misfire"), CRITERION, services).findings
    found = at(text, words, list(findings))
    assert found == [], [(text[f.start : f.end], f.suggestions[:2], f.rule_id) for f in found]


@pytest.mark.parametrize(("text", "words", "fix"), RIGHT_FIX, ids=[t[:40] for t, _, _ in RIGHT_FIX])
def test_the_right_fix_comes_first(text: str, words: str, fix: str, services: Services) -> None:
    found = at(text, words, errors_in(text, services))
    assert found, "the slip is still an error"
    assert found[0].suggestions[:1] == (fix,)


# The same checks must not hide real errors: (text, words flagged, the fix first offered).
STILL_WRONG: list[tuple[str, str, str]] = [
    # a name written small is still corrected, even where it is introduced by name
    (
        "My brother plays in a small club called valenciano near the sea.",
        "valenciano",
        "Valenciana",
    ),
    # an auxiliary after a list is not a plural noun read as a verb
    (
        "Lessons at my old school such as biology, chemistry and physics has given me a love of "
        "science.",
        "has",
        "have",
    ),
    # a greeting's colon on its own line lists nothing: the splice after it is real
    (
        "Dear Sir:\n\nThis is a letter about my favourite hobby, it is swimming since I was a "
        "child.",
        ", it",
        ". It",
    ),
]


@pytest.mark.parametrize(("text", "words", "fix"), STILL_WRONG, ids=[w for _, w, _ in STILL_WRONG])
def test_real_errors_beside_the_misfires_are_still_found(
    text: str, words: str, fix: str, services: Services
) -> None:
    found = at(text, words, errors_in(text, services))
    assert [f.suggestions[:1] for f in found] == [(fix,)]
