"""Roles filled by the right words, on small sheets of our own (issue 35, third round).

A name the statement lists with a group's members is a member, even where `about` names only
some; a hyphened noun ("stand-off") is no verb of a deed; a surname a family shares stands for
the fact's person when written alone; a verb said not to have happened has no doer; a title
before a name ("the leader X") is not the deed of the clause; a count stated as a ratio ("three
of them for each one") is not the fact's total.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from grader.analysers.facts import check_facts, findings_for
from grader.essay import Essay
from grader.facts.checker.model import Rules
from grader.facts.claims import find_amounts, find_dates
from grader.facts.names import genders_in
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.facts.written import small_counts
from grader.findings import Finding

TOPICS = Path(__file__).parent / "facts_unseen"


@cache
def sheet(name: str) -> FactSheet:
    return load_fact_sheet(TOPICS / f"{name}.facts.yaml")


def findings(text: str, name: str) -> tuple[Essay, list[Finding]]:
    essay = Essay.from_text(text, "student")
    return essay, list(findings_for(check_facts(essay, sheet(name)), "facts", essay))


def said(text: str, name: str, verdict: str) -> set[tuple[str | None, str]]:
    """Return (fact, words) for every finding of one verdict."""
    essay, found = findings(text, name)
    return {(f.fact, essay.text[f.start : f.end]) for f in found if f.verdict == verdict}


def test_a_member_the_statement_lists_is_no_swap() -> None:
    text = "The Alps are shared by Italy, Austria, Slovenia and Liechtenstein."
    assert said(text, "alps", "contradicted") == set()
    assert "alps-countries" in {f for f, _ in said(text, "alps", "supported")}


def test_a_name_outside_the_statements_list_is_still_a_swap() -> None:
    essay, found = findings("The Alps are shared by Italy, Austria and Spain.", "alps")
    wrong = [f for f in found if f.verdict == "contradicted" and f.fact == "alps-countries"]
    assert wrong and "Spain" in essay.text[wrong[0].start : wrong[0].end]


def test_a_hyphened_noun_is_no_deed() -> None:
    text = "In 1950 a stand-off between Swiss and Italian guides took place on the Matterhorn."
    assert said(text, "alps", "contradicted") == set()


def test_the_deed_written_as_a_verb_is_still_checked() -> None:
    text = "Whymper stood on top of the Matterhorn in 1856."
    assert ("matterhorn-first", "1856") in said(text, "alps", "contradicted")


def test_a_shared_surname_alone_may_be_the_facts_person() -> None:
    text = "Shelley published Frankenstein in 1818, when she was twenty."
    assert said(text, "shelley", "contradicted") == set()
    assert "frankenstein-published" in {f for f, _ in said(text, "shelley", "supported")}


def test_another_member_of_the_family_is_still_the_wrong_person() -> None:
    text = "Percy Shelley published Frankenstein in 1818."
    assert ("frankenstein-published", "Percy Shelley") in said(text, "shelley", "contradicted")


def test_who_did_not_do_the_deed_is_not_its_doer() -> None:
    text = "Percy Shelley did not write Frankenstein, although he helped to edit it."
    assert said(text, "shelley", "contradicted") == set()


def test_a_range_takes_its_unit_from_its_second_end() -> None:

    text = (
        "Summers reach 30 °C in the valleys and between 1,500 and 2,500 mm of snow falls higher up."
    )
    units = {text[a.start : a.end]: a.unit for a in find_amounts(text, [])}
    assert units["1,500"] == units["2,500"] == "mm"


def test_a_title_before_a_name_is_not_the_clauses_deed() -> None:
    text = "In 1871 the English leader Edward Whymper had a hut built near Zermatt."
    assert said(text, "alps", "contradicted") == set()


def test_the_deed_as_a_verb_still_dates_it() -> None:
    text = "Whymper led the Alpine Club from 1890."
    assert ("whymper-president", "1890") in said(text, "alps", "contradicted")


def test_a_list_that_is_another_facts_group_is_no_swap() -> None:
    text = "Mont Blanc lies in the Alps, which cover France, Switzerland, Italy and Austria."
    assert said(text, "alps", "contradicted") == set()


def test_a_count_per_one_thing_is_not_the_facts_total() -> None:
    assert (
        said("In the old guidebooks, three peaks count for one mountain.", "alps", "contradicted")
        == set()
    )
    assert said("One peak of each range is named after a saint.", "alps", "contradicted") == set()


def test_a_total_beside_each_is_still_checked() -> None:
    text = "The Alps have 79 peaks over 4,000 metres, and each of them is popular."
    assert ("four-thousanders", "79") in said(text, "alps", "contradicted")


def test_a_date_goes_to_the_fact_whose_deed_is_its_verb() -> None:
    text = (
        "The Alps were a dangerous zone, which rescuers crossed in January 1951 when "
        "avalanches buried the villages."
    )
    assert said(text, "alps", "contradicted") == set()
    assert ("avalanche-winter", "January 1951") in said(text, "alps", "supported")


def test_a_fact_linked_by_its_verb_still_takes_a_wrong_date() -> None:
    text = "In 1935 the Alpine clubs split the Alps into zones."
    assert ("alps-zones", "1935") in said(text, "alps", "contradicted")


def test_the_word_after_a_measure_says_which_fact_it_measures() -> None:
    text = "The Aletsch Glacier is about 23 km long and about 400 metres thick."
    assert said(text, "alps", "contradicted") == {("aletsch-thickness", "about 400 metres")}
    assert ("aletsch-length", "about 23 km") in said(text, "alps", "supported")


def test_a_relative_clause_joined_by_and_keeps_its_noun() -> None:
    text = (
        "Meltwater runs down the Aletsch Glacier, which starts near the Jungfrau in "
        "Switzerland and is about 40 km long."
    )
    assert ("aletsch-length", "about 40 km") in said(text, "alps", "contradicted")


def test_names_a_statement_lists_are_a_group_even_outside_about() -> None:
    text = "The Alpine Convention was signed by Austria, France and Spain in 1991."
    assert ("alpine-convention", "Spain") in said(text, "alps", "contradicted")
    right = "The Alpine Convention was signed by Austria, France and Italy in 1991."
    assert said(right, "alps", "contradicted") == set()


def test_a_people_named_by_nation_are_people_counted() -> None:
    text = "Only about 2 million Italians live in the Alps."
    assert ("alps-population", "about 2 million") in said(text, "alps", "contradicted")


def test_the_pronoun_one_counts_nothing() -> None:

    text = "In the first one Italians won, and in the last one two Swiss climbers did."
    assert [text[w.start : w.end] for w in small_counts(text)] == ["two"]


def test_this_happened_dates_the_event_told_before() -> None:
    told = "Whymper and his party reached the summit of the Matterhorn."
    assert ("matterhorn-first", "1856") in said(
        f"{told} This happened in 1856.", "alps", "contradicted"
    )
    right = f"{told} It took place in July 1865."
    assert ("matterhorn-first", "July 1865") in said(right, "alps", "supported")
    other = f"{told} It was 1856 when I first read about it."
    assert said(other, "alps", "contradicted") == set()


def test_did_this_dates_and_places_the_deed_told_before() -> None:
    told = "Whymper and his party reached the summit of the Matterhorn."
    found = said(f"{told} They did this in 1856.", "alps", "contradicted")
    assert ("matterhorn-first", "1856") in found


def test_a_place_named_before_he_does_not_stand_for_him() -> None:
    text = (
        "Percy Shelley loved sailing. He sailed around Italy until the storm passed, "
        "and he drowned in July 1823."
    )
    assert ("percy-drowned", "July 1823") in said(text, "shelley", "contradicted")


def test_a_year_after_a_named_day_is_a_year() -> None:
    text = "William was crowned on Christmas Day 1066 and Henry I on Boxing Day 1100."
    assert [text[d.start : d.end] for d in find_dates(text)] == ["1066", "1100"]


def test_a_pronoun_after_a_possessive_is_no_vote_on_the_owners_gender() -> None:
    text = "Whymper's dog followed the party, and she slept by the hut every night."
    assert genders_in(text, {"Whymper": [(0, 9)]}) == {}


def test_a_comma_after_a_fronted_phrase_makes_no_group() -> None:
    assert Rules.of(sheet("shelley")).members["ghost-stories"] == frozenset()


def test_the_person_marked_right_is_the_one_who_does_the_deed() -> None:
    text = "Mary Shelley stayed near Lord Byron, and in 1818 Mary Shelley published Frankenstein."
    _, found = findings(text, "shelley")
    doer = text.rindex("Mary Shelley")
    marked = {
        (a, b)
        for f in found
        if f.fact == "frankenstein-published" and f.verdict == "supported"
        for a, b in ((f.start, f.end), *(f.also_at or ()))
    }
    assert any(a <= doer < b for a, b in marked)
    assert not any(a <= 0 < b for a, b in marked)


def test_a_place_two_facts_share_stands_for_the_one_whose_deed_is_written() -> None:
    text = "The party finally stood on top of the Matterhorn in 1856."
    assert ("matterhorn-first", "1856") in said(text, "alps", "contradicted")


def test_a_heading_claims_nothing() -> None:
    # A heading is not a list of the Alps' countries, in its own line or joined by the parse
    # to the sentence below it.
    for text in (
        "Austria and Mountain Life\n\nAustria is the most mountainous country in Europe.",
        "France and Its Mountains\n\nFrance is a large country with high peaks.",
    ):
        assert said(text, "alps", "contradicted") == set()
    wrong = "Alpine Countries\n\nThe Alps are shared by Italy, Austria and Spain."
    assert ("alps-countries", "Spain") in said(wrong, "alps", "contradicted")


def test_a_vague_amount_takes_the_unit_after_its_of() -> None:
    # "millions of tonnes" weighs freight; it is not a length to set against 54 km.
    freight = "The Seikan Tunnel carries millions of tonnes of freight every year."
    assert said(freight, "tunnels", "contradicted") == set()
    too_long = "The Seikan Tunnel is hundreds of kilometres long."
    wrong = {("seikan-length", "hundreds of kilometres")}
    assert said(too_long, "tunnels", "contradicted") == wrong


def test_a_known_wrong_idea_does_not_run_past_the_right_one() -> None:
    # The pattern Fox, stands for, vanity: "cunning" answers the Fox's "stands for" first.
    for right in (
        "The Fox stands for cunning and the Crow stands for vanity.",
        "The Fox stands for cunning and the Crow for vanity.",
    ):
        assert said(right, "fable", "contradicted") == set()
    for wrong in (
        "The Fox stands for vanity.",
        "In the fable the Fox, not the Crow, represents vanity.",
    ):
        assert {fact for fact, _ in said(wrong, "fable", "contradicted")} == {"fable-meaning"}


def test_a_prize_named_after_a_man_is_not_who_she_is() -> None:
    # "She" is Marie Curie, named in the sentence before; "the Nobel Prize" names no person.
    text = (
        "The Radium Institute in Paris was the dream of Marie Curie from Poland. She won the "
        "Nobel Prize in Chemistry in 1911 for it."
    )
    assert ("curie-chemistry", "1911") in said(text, "curie", "supported")
    assert said(text, "curie", "contradicted") == set()


def test_words_that_bound_a_number_do_not_name_a_fact() -> None:
    # "up to" bounds the 2 metres; it does not say the bore goes up to Minsterworth.
    text = "At Minsterworth the water rises and falls by up to about 2 metres with the tide."
    assert said(text, "severn", "contradicted") == set()
    assert ("bore-height", "about 2 metres") in said(text, "severn", "supported")


def test_a_date_belongs_to_the_deed_of_its_own_verb() -> None:
    # 1941 falls in Churchill's years as leader, but the sentence dates his taking over.
    text = "In 1941 Churchill replaced Chamberlain as the Prime Minister."
    wrong = said(text, "premiers", "contradicted")
    assert wrong == {("chamberlain-replaced", "1941")}


def test_who_takes_over_is_not_the_one_the_fact_has_replaced() -> None:
    # Churchill takes over here; the fact that Attlee later replaced him is not told.
    text = "In May 1940 the Commons turned on Chamberlain and Churchill took over as premier."
    assert said(text, "premiers", "contradicted") == set()  # was: "Chamberlain", sheet: Attlee
    assert ("chamberlain-replaced", "May 1940") in said(text, "premiers", "supported")
    text = "In May 1940 Churchill replaced Chamberlain as Prime Minister."
    assert said(text, "premiers", "contradicted") == set()
    assert ("chamberlain-replaced", "May 1940") in said(text, "premiers", "supported")


def test_a_judgement_is_not_sent_to_be_checked_but_a_place_is() -> None:
    judgement = "This suggests that Churchill was only a figurehead for the generals."
    assert said(judgement, "premiers", "unverified") == set()
    place = "Churchill spent the summer of 1943 at Chartwell in Kent."
    assert said(place, "premiers", "unverified")
    unknown = "As a young man Churchill escaped from a prison camp in Pretoria."
    assert said(unknown, "premiers", "unverified")
