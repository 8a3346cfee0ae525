"""Each value is checked against its own event, in its own unit, as the class it is.

One test for each kind of failure seen when teachers tried fact sheets on topics of their own:
a value checked against another event in the same sentence, units and signs, wrong names and
places the sheet did not anticipate, and a verdict whose highlight covered more than it judged.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from grader.analysers.facts import check_facts, findings_for
from grader.essay import Essay
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.findings import Finding

KINDS = Path(__file__).parent / "facts_kinds"


@cache
def sheet(name: str) -> FactSheet:
    return load_fact_sheet(KINDS / f"{name}.facts.yaml")


def judged(text: str, name: str = "civil-war") -> tuple[Essay, list[Finding]]:
    essay = Essay.from_text(text, "student")
    findings = findings_for(check_facts(essay, sheet(name)), "facts", essay)
    return essay, [f for f in findings if f.verdict != "missing"]


def verdicts(findings: list[Finding]) -> set[tuple[str | None, str | None]]:
    return {(f.fact, f.verdict) for f in findings}


def words(essay: Essay, finding: Finding) -> list[str]:
    spans = ((finding.start, finding.end), *(finding.also_at or ()))
    return [essay.text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cause and its consequence joined by "so"
        (
            "Lincoln was elected in November 1860, so South Carolina seceded in December 1860.",
            {("lincoln-elected", "supported"), ("secession", "supported")},
        ),
        # a plan drawn up in one year, inside a sentence about a later event
        (
            "The Anaconda Plan, which Winfield Scott drew up in 1861 to blockade the South, was "
            "still guiding the Union when Vicksburg fell to Grant in July 1863.",
            {("anaconda-plan", "supported"), ("vicksburg-fell", "supported")},
        ),
        # another event's date inside a sentence about an attack
        (
            "Fort Sumter was attacked in April 1861, two months after the Confederacy was formed "
            "in February 1861.",
            {("fort-sumter", "supported"), ("confederacy-formed", "supported")},
        ),
        # what followed, joined by "so" and "and", with its own date
        (
            "Lincoln won the election in November 1860, so South Carolina seceded a month later, "
            "and by February 1861 six more states had left the Union.",
            {("lincoln-elected", "supported"), (None, "unverified")},
        ),
        # a siege's start inside a sentence about the surrender
        (
            "Vicksburg, which Grant had besieged since May 1863, surrendered on 4 July 1863.",
            {("vicksburg-fell", "supported"), (None, "unverified")},
        ),
        # a building's date inside a sentence about the attack
        (
            "In April 1861 Confederate guns fired on Fort Sumter, a fort whose building had begun "
            "in 1829.",
            {("fort-sumter", "supported"), (None, "unverified")},
        ),
        # a consequence's date inside a sentence about a surrender
        (
            "Lee surrendered at Appomattox on 9 April 1865, and five days later, on 14 April "
            "1865, Lincoln was shot by Booth.",
            {("lee-surrendered", "supported"), ("lincoln-shot", "supported")},
        ),
    ],
)
def test_a_value_is_checked_against_its_own_event(
    text: str, expected: set[tuple[str | None, str]]
) -> None:
    # A date of an event the sheet does not cover is unverified, never checked against a fact.
    _, findings = judged(text)
    assert verdicts(findings) == expected, [f.message for f in findings]


def test_a_value_whose_event_the_sheet_does_not_cover_is_unverified_never_wrong() -> None:
    _, findings = judged("Lincoln, who had worked as a lawyer since 1836, was shot in April 1865.")
    assert ("lincoln-shot", "supported") in verdicts(findings)
    assert not [f.message for f in findings if f.verdict == "contradicted"]
    (unverified,) = [f for f in findings if f.verdict == "unverified"]
    assert "“1836”" in unverified.message


def test_a_wrong_date_in_a_sentence_with_two_events_names_the_fact_it_breaks() -> None:
    essay, findings = judged(
        "Lincoln was elected in November 1860, so South Carolina seceded in December 1862."
    )
    (wrong,) = [f for f in findings if f.verdict == "contradicted"]
    assert wrong.fact == "secession" and words(essay, wrong) == ["December 1862"]
    assert wrong.suggestions == ("20 December 1860",)
    assert ("lincoln-elected", "supported") in verdicts(findings)


def test_a_place_the_sheet_never_names_is_still_a_wrong_place() -> None:
    essay, findings = judged("Lincoln was shot by Booth at a theatre in Baltimore in April 1865.")
    (wrong,) = [f for f in findings if f.verdict == "contradicted"]
    assert wrong.fact == "lincoln-shot" and words(essay, wrong) == ["Baltimore"]
    assert "Ford's Theatre or Washington" in wrong.message
    # the date and the assassin are right, and are said to be right on their own words
    (right,) = [f for f in findings if f.verdict == "supported"]
    assert words(essay, right) == ["Booth", "April 1865"]


def test_a_place_in_another_part_of_the_sentence_is_not_the_place_of_the_event() -> None:
    _, findings = judged("Lincoln, who grew up in Kentucky, was shot in Washington in April 1865.")
    assert verdicts(findings) == {("lincoln-shot", "supported")}


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # on the sheet, but as someone else
        ("Grant drew up the Anaconda Plan in 1861.", "Grant"),
        ("The Anaconda Plan was drawn up by Sherman in 1861.", "Sherman"),
        # not on the sheet at all
        (
            "Vicksburg surrendered to Grant in July 1863, and Lincoln was shot by Lewis Powell.",
            "Lewis Powell",
        ),
    ],
)
def test_another_person_doing_the_deed_contradicts_the_fact(text: str, wrong: str) -> None:
    essay, findings = judged(text)
    (contradicted,) = [f for f in findings if f.verdict == "contradicted"]
    assert words(essay, contradicted) == [wrong]


def test_a_person_key_matches_whole_names_only() -> None:
    # "Sherman" in "Sherman's March" does not make Grant's leading of it right.
    essay, findings = judged("Sherman's March to the Sea was led by Grant in 1864.")
    (contradicted,) = [f for f in findings if f.verdict == "contradicted"]
    assert contradicted.fact == "march-to-the-sea" and words(essay, contradicted) == ["Grant"]
    assert not [f for f in findings if f.verdict == "supported" and "person" in f.message]


def test_a_misspelt_name_one_letter_off_is_the_name() -> None:
    _, findings = judged("Lincoln was shot by Boothe at Ford's Theatre in April 1865.")
    assert verdicts(findings) == {("lincoln-shot", "supported")}


def test_a_right_value_and_a_wrong_one_in_a_sentence_each_get_their_own_verdict() -> None:
    essay, findings = judged("Lincoln was shot by Booth at Ford's Theatre in April 1864.")
    (wrong,) = [f for f in findings if f.verdict == "contradicted"]
    assert words(essay, wrong) == ["April 1864"]
    (right,) = [f for f in findings if f.verdict == "supported"]
    assert words(essay, right) == ["Booth", "Ford's Theatre"]
    assert right.message.startswith("Correct: “Booth” and “Ford's Theatre” are right")


@pytest.mark.parametrize(
    ("text", "fact", "verdict"),
    [
        (
            "Sea levels rose by about 0.2 metres in the twentieth century.",
            "sea-level-rise",
            "supported",
        ),
        ("Sea levels rose by 200 mm in the last century.", "sea-level-rise", "supported"),
        ("Sea levels rose by 2 metres in the last century.", "sea-level-rise", "contradicted"),
        ("The Moon is about 238,900 miles away from the Earth.", "moon-distance", "supported"),
        ("The Moon is 384 km away from the Earth.", "moon-distance", "contradicted"),
        ("The Challenger Deep is nearly 11 km deep.", "trench-depth", "supported"),
        ("The Challenger Deep is 6,000 m deep.", "trench-depth", "contradicted"),
        ("The Dead Sea is 34 per cent salt.", "dead-sea-salt", "supported"),
        ("The Dead Sea is 3.4% salt.", "dead-sea-salt", "contradicted"),
    ],
)
def test_quantities_are_compared_in_one_unit(text: str, fact: str, verdict: str) -> None:
    _, findings = judged(text, "oceans")
    assert [(f.fact, f.verdict) for f in findings] == [(fact, verdict)], [
        f.message for f in findings
    ]


def test_a_number_in_a_unit_of_another_kind_is_not_compared() -> None:
    # 20 days is not a rise in sea level, whatever the sheet's number is.
    _, findings = judged("Sea levels have been measured every 20 days since 1993.", "oceans")
    assert not [f for f in findings if f.fact == "sea-level-rise"]


def test_the_correction_names_the_unit() -> None:
    _, findings = judged("The Moon is 384 km away from the Earth.", "oceans")
    (wrong,) = findings
    assert "the fact sheet says 384,400 km" in wrong.message and wrong.claimed == "“384 km”"


def test_a_sheet_unit_grader_cannot_read_stops_with_the_key(tmp_path: Path) -> None:
    from grader.rubric.schema import RubricError

    bad = (
        (KINDS / "oceans.facts.yaml").read_text(encoding="utf-8").replace("unit: cm", "unit: cms2")
    )
    path = tmp_path / "bad.facts.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(RubricError) as error:
        load_fact_sheet(path)
    (problem,) = error.value.problems
    said = str(problem)
    assert "bad.facts.yaml" in said and "unit" in said and "cms2" in said


def test_a_date_that_fits_a_fact_is_never_said_to_fit_none() -> None:
    # Seen in a class run: "no fact on the fact sheet covers 'from 1936 to 1938'" when one does.
    great_terror = load_fact_sheet(
        Path(__file__).parents[1] / "rubrics" / "great-terror.facts.yaml"
    )
    essay = Essay.from_text("The purges lasted from 1936 to 1938.", "student")
    findings = findings_for(check_facts(essay, great_terror), "facts", essay)
    (unverified,) = [f for f in findings if f.verdict == "unverified"]
    assert "no fact on the fact sheet covers" not in unverified.message
    assert great_terror.facts[2].statement in unverified.message
    assert "name it so that it can be checked" in unverified.message


def test_it_in_one_clause_stands_for_the_subject_of_the_sentence_before() -> None:
    # Seen in a class run: the second sentence names Kirov, but its first "it" is the Terror.
    great_terror = load_fact_sheet(
        Path(__file__).parents[1] / "rubrics" / "great-terror.facts.yaml"
    )
    essay = Essay.from_text(
        "The Great Terror was a period when Stalin used the secret police to arrest his enemies. "
        "It is usually said to have lasted from 1936 to 1938, but it really began with the "
        "murder of Sergei Kirov on 1 December 1934.",
        "student",
    )
    findings = findings_for(check_facts(essay, great_terror), "facts", essay)
    said = {(f.fact, f.verdict) for f in findings if f.verdict != "missing"}
    assert said == {("terror-main-phase", "supported"), ("kirov-assassination", "supported")}


def test_a_number_inside_a_name_is_not_a_claim(tmp_path: Path) -> None:
    sheet_file = tmp_path / "apollo.facts.yaml"
    sheet_file.write_text(
        "names:\n  Apollo 11: []\n  Moon: []\nfacts:\n"
        "  - id: landing\n    statement: Apollo 11 landed on the Moon on 20 July 1969.\n"
        "    about: [Apollo 11, [landed, landing]]\n    date: 1969-07-20\n    source: NASA\n",
        encoding="utf-8",
    )
    essay = Essay.from_text("Apollo 11 landed on the Moon in July 1969.", "student")
    findings = findings_for(check_facts(essay, load_fact_sheet(sheet_file)), "facts", essay)
    assert [(f.fact, f.verdict) for f in findings] == [("landing", "supported")]
