"""What a sentence speaks of without naming it, and numbers that belong to another fact.

Issue 35's remaining misses: the subject named in an earlier sentence ("the battle", "them"),
the end of a range written apart from its start, a number's scale word that the fact is about
("million"), and a number that another fact of the sentence holds, taken for a wrong value of
the fact the parse links it to. Tried on a sheet of our own (tests/facts_unseen/panama).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from grader.analysers.facts import check_facts, findings_for
from grader.essay import Essay
from grader.facts.sheet import FactSheet, load_fact_sheet

SHEET = Path(__file__).parent / "facts_unseen" / "panama.facts.yaml"


@cache
def sheet() -> FactSheet:
    return load_fact_sheet(SHEET)


def verdicts(text: str, verdict: str) -> set[tuple[str | None, str]]:
    """Return (fact, words) for every finding of one verdict."""
    essay = Essay.from_text(text, "student")
    findings = findings_for(check_facts(essay, sheet()), "facts", essay)
    return {(f.fact, text[f.start : f.end]) for f in findings if f.verdict == verdict}


@pytest.mark.parametrize(
    ("text", "fact", "wrong"),
    [
        # "the canal" is the Panama Canal named in the sentence before
        (
            "The Panama Canal links two oceans. American engineers dug for ten years, and the"
            " canal was finished in 1920.",
            "canal-built",
            "1920",
        ),
        # "them" is what the sentence before was about: the locks
        (
            "The locks are huge concrete boxes. Each of them is about 50 metres wide.",
            "lock-width",
            "about 50 metres",
        ),
        (
            "Ships of every size use the canal. Since 1914 about five million of them have"
            " passed through.",
            "ships-total",
            "about five million",
        ),
    ],
)
def test_what_an_earlier_sentence_named_is_carried(text: str, fact: str, wrong: str) -> None:
    assert (fact, wrong) in verdicts(text, "contradicted")


@pytest.mark.parametrize(
    "text",
    [
        # "they" for the locks, which the sentence before names as its object
        "Engineers designed the locks with great care. They are 50 metres wide.",
        # the paragraph's topic, with no pronoun, and carried on from sentence to sentence
        "Engineers designed the locks with great care. Each chamber is 50 metres wide.",
        "The locks were built of concrete. Engineers worked on them for years. Each chamber is"
        " 50 metres wide.",
    ],
)
def test_the_paragraphs_topic_is_carried(text: str) -> None:
    assert ("lock-width", "50 metres") in verdicts(text, "contradicted")


def test_the_topic_stops_at_the_paragraph() -> None:
    text = "Engineers designed the locks with great care.\n\nEach chamber is 50 metres wide."
    assert verdicts(text, "contradicted") == set()


def test_a_place_only_one_fact_names_stands_for_its_subject() -> None:
    # the Culebra Cut is where the digging was; "work there" is the digging
    text = "Work at the Culebra Cut was completed in 1920."
    assert ("culebra-cut", "1920") in verdicts(text, "contradicted")


def test_a_year_after_as_far_back_as_is_a_date() -> None:
    text = "Ferdinand de Lesseps began his attempt as far back as 1481."
    assert ("french-attempt", "1481") in verdicts(text, "contradicted")


def test_the_end_of_a_range_is_checked_beside_its_right_start() -> None:
    text = (
        "The Panama Canal links two oceans. Work on it began in 1904, but the canal was not"
        " finished until 1920."
    )
    assert ("canal-built", "1904") in verdicts(text, "supported")
    assert ("canal-built", "1920") in verdicts(text, "contradicted")


def test_a_number_of_the_facts_own_counted_noun_is_linked_across_clauses() -> None:
    text = (
        "Digging the Panama Canal was a huge job, done by an army of workers that the"
        " engineers equipped with about {} steam shovels."
    )
    assert ("dredges", "about 400") in verdicts(text.format(400), "contradicted")
    assert ("dredges", "about 100") in verdicts(text.format(100), "supported")


@pytest.mark.parametrize(
    "text",
    [
        "Cargo goes mostly to the United States (40%) and China (35%).",
        "For cargo, the United States takes 40% and China 35%.",
    ],
)
def test_the_words_two_facts_share_do_not_decide_between_them(text: str) -> None:
    # "cargo" belongs to both facts; China is what tells 35% apart
    assert ("cargo-china", "35%") in verdicts(text, "contradicted")
    assert ("cargo-us", "40%") in verdicts(text, "supported")


def test_a_relative_clause_that_says_which_thing_the_subject_is_belongs_to_its_event() -> None:
    text = "The ships that pass through each day number about {}."
    assert ("daily-transits", "about 90") in verdicts(text.format(90), "contradicted")
    assert ("daily-transits", "about 36") in verdicts(text.format(36), "supported")
    # set off by commas, a relative clause only adds to what it names
    text = "The ships, which pass through in about 10 hours, number about 90 a day."
    assert verdicts(text, "contradicted") == set()


def test_an_infinitive_of_purpose_belongs_to_the_event_of_its_verb() -> None:
    text = "In 1870 Ferdinand de Lesseps sent engineers to Panama to begin his attempt."
    assert ("french-attempt", "1870") in verdicts(text, "contradicted")


def test_a_scale_word_the_fact_is_about_links_the_number() -> None:
    text = "Since 1914 about five million ships have passed through it."
    assert ("ships-total", "about five million") in verdicts(text, "contradicted")


@pytest.mark.parametrize(
    "text",
    [
        "Panama is ageing as well. More people live past 60 than before, and by 2023 that share"
        " had reached 13%, or 570,000 people.",
        "In 2023 about 13% of the population, or 570,000 people, were over 60.",
    ],
)
def test_a_number_another_fact_of_the_sentence_holds_is_not_called_wrong(text: str) -> None:
    assert verdicts(text, "contradicted") == set()


def test_a_count_of_the_facts_own_noun_is_still_wrong_when_another_fact_holds_it() -> None:
    # 45,000 is the workforce's number, but "workers died" counts what american-deaths counts
    text = "The project employed men from many countries, and 45,000 workers died."
    assert ("american-deaths", "45,000") in verdicts(text, "contradicted")


# Who and where, as students write them -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fact", "wrong"),
    [
        # a name the parser gives no type: another person leads the works
        ("Marsh led the project from 1907 until it was finished.", "goethals-led", "Marsh"),
        # a place as what "is" says the fact's subject is, on either side (the parser calls
        # Colón a person)
        ("The busiest port on the canal is Colón.", "busiest-port", "Colón"),
        ("Colón is the busiest port on the canal.", "busiest-port", "Colón"),
    ],
)
def test_a_person_or_place_the_parser_does_not_type_is_compared(
    text: str, fact: str, wrong: str
) -> None:
    assert (fact, wrong) in verdicts(text, "contradicted")


@pytest.mark.parametrize(
    "text",
    [
        "Goethals led the project from 1907 until it was finished.",
        "The busiest port on the canal is Balboa.",
        # a title may be the right person's: not compared
        "The Colonel led the project from 1907 until it was finished.",
    ],
)
def test_the_right_person_or_place_is_not_called_wrong(text: str) -> None:
    assert verdicts(text, "contradicted") == set()


# Years before Christ ----------------------------------------------------------------------

ANCIENT = Path(__file__).parent / "facts_unseen" / "ancient.facts.yaml"


@pytest.mark.parametrize(
    ("text", "verdict", "words"),
    [
        ("Julius Caesar first invaded Britain in 55 BC.", "supported", "55 BC"),
        ("Julius Caesar first invaded Britain in 43 BC.", "contradicted", "43 BC"),
        ("Julius Caesar first invaded Britain in 1066.", "contradicted", "1066"),
        ("The Great Pyramid was finished in about 2570 BC.", "supported", "2570 BC"),
        ("The Great Pyramid was finished in 1560 B.C.", "contradicted", "1560 B.C."),
    ],
)
def test_a_year_before_christ_is_a_date(text: str, verdict: str, words: str) -> None:
    essay = Essay.from_text(text, "student")
    found = findings_for(check_facts(essay, load_fact_sheet(ANCIENT)), "facts", essay)
    assert words in {text[f.start : f.end] for f in found if f.verdict == verdict}
