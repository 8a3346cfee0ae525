"""Facts on topics the checker was never tuned on: one test for each kind of miss and false alarm.

Issue 35 listed what the checker got wrong on topic sets written independently: a wrong place
or person the sheet does not list, a swapped member of a group, a wrong date on a fact worded
otherwise, a number or date tied to the wrong fact, misspelt names and the wrong referent for
"she", numbers and units as students write them, and an essay on another subject. Each is tried
here on small topics of our own (tests/facts_unseen/), with our own sentences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from grader.analysers.facts import check_facts, findings_for, measures_for
from grader.essay import Essay
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.findings import Finding

TOPICS = Path(__file__).parent / "facts_unseen"
GREAT_TERROR = Path(__file__).parent.parent / "rubrics" / "great-terror.facts.yaml"


@cache
def sheet(name: str) -> FactSheet:
    return load_fact_sheet(TOPICS / f"{name}.facts.yaml")


def judged(text: str, name: str) -> tuple[Essay, list[Finding]]:
    essay = Essay.from_text(text, "student")
    findings = findings_for(check_facts(essay, sheet(name)), "facts", essay)
    return essay, [f for f in findings if f.verdict != "missing"]


def marked(essay: Essay, findings: list[Finding], verdict: str) -> set[tuple[str | None, str]]:
    """Return (fact, words) for every stretch the findings of one verdict mark."""
    return {
        (f.fact, essay.text[a:b])
        for f in findings
        if f.verdict == verdict
        for a, b in ((f.start, f.end), *(f.also_at or ()))
    }


def contradicted(text: str, name: str) -> set[tuple[str | None, str]]:
    essay, findings = judged(text, name)
    return marked(essay, findings, "contradicted")


def supported_facts(text: str, name: str) -> set[str | None]:
    _, findings = judged(text, name)
    return {f.fact for f in findings if f.verdict == "supported"}


# A wrong place or person that the sheet does not list ---------------------------------------


@pytest.mark.parametrize(
    ("text", "fact", "wrong"),
    [
        (
            "The Terra Nova sailed from the port of Bristol on 15 June 1910.",
            "terra-nova-sailed",
            "Bristol",
        ),
        ("The Terra Nova left Plymouth on 15 June 1910.", "terra-nova-sailed", "Plymouth"),
        (
            "In December 1911 Fridtjof Nansen reached the South Pole.",
            "pole-first",
            "Fridtjof Nansen",
        ),
        (
            "Their leader, Fridtjof Nansen, reached the South Pole in December 1911.",
            "pole-first",
            "Fridtjof Nansen",
        ),
    ],
)
def test_a_place_or_person_the_sheet_does_not_list_is_still_wrong(
    text: str, fact: str, wrong: str
) -> None:
    assert (fact, wrong) in contradicted(text, "polar")


def test_the_right_date_beside_a_wrong_place_is_not_the_whole_verdict() -> None:
    essay, findings = judged(
        "The Terra Nova sailed from the port of Bristol on 15 June 1910.", "polar"
    )
    assert ("terra-nova-sailed", "15 June 1910") in marked(essay, findings, "supported")
    assert ("terra-nova-sailed", "Bristol") in marked(essay, findings, "contradicted")


def test_a_place_the_statement_gives_as_context_is_not_a_wrong_place() -> None:
    text = "Endurance was crushed by the pack ice in the Weddell Sea, off Antarctica, in 1915."
    assert contradicted(text, "polar") == set()


# A swapped member of a group -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (
            "The polar party was made up of Scott, Wilson, Bowers, Oates and Shackleton.",
            "Shackleton",
        ),
        ("Scott chose a polar party of Scott, Wilson, Bowers, Oates and Tom Crean.", "Tom Crean"),
    ],
)
def test_a_swapped_member_of_a_group_is_wrong(text: str, wrong: str) -> None:
    assert ("polar-party", wrong) in contradicted(text, "polar")


def test_the_right_members_of_a_group_are_right() -> None:
    text = "The polar party was made up of Scott, Wilson, Bowers, Oates and Evans."
    assert contradicted(text, "polar") == set()
    assert "polar-party" in supported_facts(text, "polar")


# A wrong date on a fact whose words differ from the sheet's ------------------------------------


def test_a_wrong_date_is_caught_when_the_verb_is_the_statements_not_the_about() -> None:
    assert ("endurance-lost", "1917") in contradicted("Endurance finally sank in 1917.", "polar")


def test_a_date_of_another_deed_done_to_the_same_thing_is_not_contradicted() -> None:
    assert contradicted("Shackleton bought the Endurance in 1914.", "polar") == set()


# A number or date tied to the wrong fact -------------------------------------------------------


def test_a_number_counting_something_else_is_not_the_facts_number() -> None:
    text = "The Fram, which had been built for Nansen, sailed south with 97 dogs on board."
    assert contradicted(text, "polar") == set()


def test_a_date_of_a_book_about_the_event_is_not_the_events_date() -> None:
    text = "Scott's diary of the race to reach the South Pole was published in 1913."
    assert contradicted(text, "polar") == set()


# Misspelt names and the wrong referent ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Amundsen reached the South Pole on 14 December 1911.",  # surname of a two-word name
        "Amundson reached the South Pole on 14 December 1911.",  # one letter wrong
        "Captain Roald Amundsson's team reached the South Pole on 14 December 1911.",
    ],
)
def test_a_name_written_in_part_or_misspelt_is_the_sheets_name(text: str) -> None:
    essay, findings = judged(text, "polar")
    supported = marked(essay, findings, "supported")
    assert any(fact == "pole-first" and "Amunds" in words for fact, words in supported)
    assert marked(essay, findings, "contradicted") == set()


def test_she_is_never_a_man() -> None:
    text = "When Mr Rochester is away, she burns down Thornfield Hall."
    assert contradicted(text, "jane-eyre") == set()


def test_she_is_the_nearest_woman() -> None:
    text = "Bertha is locked in the attic. When Rochester is away, she burns down Thornfield Hall."
    assert contradicted(text, "jane-eyre") == set()
    assert "bertha-fire" in supported_facts(text, "jane-eyre")


# Numbers and units as students write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fact", "verdict"),
    [
        ("There are two equinoxes in a year.", "equinoxes", "supported"),
        ("There is only one equinox in a year.", "equinoxes", "contradicted"),
        (
            "Each millimetre of rain puts 1,000 ml of water on a square metre.",
            "rain-volume",
            "supported",
        ),
        (
            "Each millimetre of rain puts 10 litres of water on a square metre.",
            "rain-volume",
            "contradicted",
        ),
        ("The pressure at sea level is about 760 mmHg.", "air-pressure", "supported"),
        ("The pressure at sea level is about 76 mmHg.", "air-pressure", "contradicted"),
        ("In July London averages about 24/14 °C.", "london-july", "supported"),
        ("In July London averages about 30/20 °C.", "london-july", "contradicted"),
        (
            "About three-quarters of the air's mass is in the troposphere.",
            "troposphere-mass",
            "supported",
        ),
        (
            "Only a quarter of the air's mass is in the troposphere.",
            "troposphere-mass",
            "contradicted",
        ),
        (
            "Lightning strikes about a quarter of a million times a day.",
            "lightning-strikes",
            "contradicted",
        ),
    ],
)
def test_numbers_and_units_are_read_as_students_write_them(
    text: str, fact: str, verdict: str
) -> None:
    _, findings = judged(text, "weather")
    assert [f.verdict for f in findings if f.fact == fact] == [verdict]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Claudius invaded Britain in AD 43.", "supported"),
        ("Claudius invaded Britain in 43 AD.", "supported"),
        ("Claudius invaded Britain in AD 34.", "contradicted"),
    ],
)
def test_years_written_with_ad_are_dates(text: str, verdict: str) -> None:
    _, findings = judged(text, "rome")
    assert [f.verdict for f in findings if f.fact == "claudius-invasion"] == [verdict]


# An essay on another subject -------------------------------------------------------------------


@pytest.mark.parametrize("sheet_file", [GREAT_TERROR, TOPICS / "weather.facts.yaml"])
def test_an_essay_on_another_subject_gets_no_facts_credit(sheet_file: Path) -> None:
    # The weather sheet requires no fact: coverage was 1 for any essay at all.
    text = (
        "School uniforms should be abolished. In 2019 a survey of 1,200 pupils found that 70% "
        "felt uncomfortable in blazers. Uniforms cost parents about 300 pounds a year, and they "
        "stop young people from expressing themselves. The head teacher said he would listen."
    )
    facts = load_fact_sheet(sheet_file)
    essay = Essay.from_text(text, "student")
    result = check_facts(essay, facts)
    measures = measures_for(result, facts, findings_for(result, "facts", essay))
    assert measures["claims_touching_sheet"] == 0
    assert measures["accuracy"] == 0 and measures["coverage"] == 0
    assert measures["fact_score"] == 0
