"""Structure findings a teacher would call false, each kind with sentences of our own.

A thesis, a conclusion, evidence, linking and topic sentences are found as a teacher finds them:
the claim a finding makes must be true of the text, and in doubt it is withheld.
"""

from __future__ import annotations

import pytest

from grader.analysers.structure import Layout, analyse_structure
from grader.essay import Essay
from tests.test_structure import criterion, essay, genre_services

# Body paragraphs that argue with evidence, for essays whose introduction or ending is tested.
MARKETS = (
    "Street markets keep money in the town. In Leeds, for example, the Kirkgate market has over "
    "eight hundred stalls, and most of them are run by local families."
)
SHOPS = (
    "Markets also give young traders a start. A stall costs about twenty pounds a day, far less "
    "than a shop, so a new business can try an idea without a large loan."
)
IN_CONCLUSION = "In conclusion, our town should keep its market, because it helps local traders."


def found(text: str, genre: str = "argument") -> set[str]:
    assessment = analyse_structure(Essay.from_text(text, "t"), criterion(), genre_services(genre))
    return {f.code for f in assessment.findings}


def test_an_opinion_a_purpose_or_a_ranking_in_the_introduction_is_a_position() -> None:
    for opening in (
        "Many towns are closing their markets. In my opinion, that is a serious mistake.",
        "Markets are older than any shop in town. This report explains why they still matter.",
        "I am writing to ask the council to keep our market open on Saturdays.",
        "My favourite place in our town is the Saturday market.",
        "Markets have been held here for centuries. They are one of the best things about it.",
        # a reading of what a writer meant: "Priestley wanted to show the audience that ..."
        "The poet grew up near a market. She wanted to show readers that trade binds a town.",
    ):
        assert "structure.no-thesis" not in found(essay(opening, MARKETS, SHOPS, IN_CONCLUSION))


def test_an_introduction_of_background_alone_still_has_no_thesis() -> None:
    for opening in (
        "Our town has held a market since 1250. It opens on Saturdays in the square.",
        # a name described as "one of the most ..." is description, not a judgement
        "The market was opened by Henry Clay, one of the most famous mayors of the town.",
    ):
        assert "structure.no-thesis" in found(essay(opening, MARKETS, SHOPS, IN_CONCLUSION))


def test_a_one_block_essay_may_state_its_position_after_some_background() -> None:
    block = (
        "Our town has held a market since 1250. It opens on Saturdays in the square. About "
        "sixty traders come from the villages around. Some people want the square for parking. "
        "I believe the market should stay where it is. It brings visitors into the centre. "
        "Shops near the square sell more on market days. The traders pay rent to the town. "
        "Visitors also spend money in the cafes. The square is the heart of the town. Without "
        "the market it would be empty on Saturdays. That is why the market should stay."
    )
    assert "structure.no-thesis" not in found(block)


def test_an_appeal_or_a_letters_close_ends_an_essay() -> None:
    start = "Dear Editor, I think our town needs its market. " + " ".join(
        f"Reason {n} is that the market brings people to the square." for n in range(6)
    )
    for ending in (
        "If this has not convinced you, visit on a Saturday. I hope you will agree with me.",
        "Please print my letter. I look forward to reading the replies.",
        "So in conclusion, the market matters. It helps people. It brings them together.",
    ):
        assert "structure.no-conclusion" not in found(f"{start} {ending}")


def test_a_last_paragraph_that_returns_to_the_subject_concludes_even_after_however() -> None:
    opening = (
        "Our town's market is under threat. The council plans to build a car park in the square, "
        "which it says would bring more shoppers to the high street and help the businesses there."
    )
    last = (
        "However, some people will always prefer to drive. The question is whether the town "
        "values its market above a few spaces in the square."
    )
    assert "structure.no-conclusion" not in found(essay(opening, MARKETS, SHOPS, last))
    # an essay that stops on one more point, with a figure, still has no conclusion
    more = "Also, markets sell fresh food. A bag of apples costs 80p there."
    assert "structure.no-conclusion" in found(essay(opening, MARKETS, SHOPS, more))


def test_figures_in_words_count_as_evidence_but_counted_reasons_do_not() -> None:
    opening = "In my opinion, homework should be limited."
    figures = (
        "Pupils could do homework on two or three days a week and rest on the other days. "
        "Those free days are when they play sport or see their friends."
    )
    reasons = (
        "There are two reasons why this matters. Tired pupils learn less, and they start to "
        "dislike school."
    )
    result = analyse_structure(
        Essay.from_text(essay(opening, figures, reasons, "In conclusion, limit it."), "t"),
        criterion(),
        genre_services("argument"),
    )
    flagged = [f.start for f in result.findings if f.code == "structure.few-evidence"]
    text = essay(opening, figures, reasons)
    assert flagged == [text.index("There are two reasons")]


def test_a_paragraph_of_one_sentence_is_not_asked_for_a_topic_sentence_or_evidence() -> None:
    lines = essay(
        "My favourite season is summer.",
        "When it is warm I can swim in the lake with my friends after school.",
        "Long light evenings make me happy and I forget about my homework.",
        "In conclusion, summer is the best season of the year for me.",
    )
    assert not found(lines) & {"structure.topic-sentence", "structure.few-evidence"}


def test_a_topic_sentence_that_names_the_introductions_subject_connects() -> None:
    opening = (
        "Porto is the second city of Portugal and lies on the river Douro. It was a Roman port."
    )
    bridges = (
        "Porto has six bridges, and the oldest was built in 1886. Walking across them gives the "
        "best views of the old town."
    )
    ending = "Definitely, Porto is a city worth visiting for its river, its bridges and its wine."
    assert "structure.topic-sentence" not in found(essay(opening, bridges, bridges, ending))


def test_clause_links_and_time_words_link_a_paragraph() -> None:
    opening = "In my opinion, the old market hall is the best place in town."
    hall = (
        "As you walk in, the smell of fresh bread meets you. The stalls sell cheese, fish and "
        "flowers. The traders know every customer by name."
    )
    storm = (
        "The rain was falling harder now. Every time the wind blew, the tent shook. Kim pulled "
        "her coat tighter."
    )
    assert "structure.no-linking" not in found(essay(opening, hall, hall, IN_CONCLUSION))
    assert "structure.no-linking" not in found(
        essay(opening, storm, storm, "We got home."), "narrative"
    )


def test_a_scene_set_by_place_links_a_story_but_a_date_does_not_link_an_argument() -> None:
    scene = (
        "We climbed up the hill. The fog had gone. In the valley below a red train was crossing "
        "the bridge."
    )
    story = essay("It was a long walk.", scene, scene, "We were home by dark.")
    assert "structure.no-linking" not in found(story, "narrative")
    dates = (
        "The market moved to the square. In 1850 the hall was built. The council bought it in 1901."
    )
    argued = essay("In my opinion, the market matters.", dates, dates, IN_CONCLUSION)
    assert "structure.no-linking" in found(argued)


def test_a_story_paragraph_holding_speech_is_dialogue() -> None:
    speech = 'Kim looked at the sky. "Can we go home now?" she asked. Dad smiled.'
    text = essay("The boat rocked in the storm.", speech, speech, "We got home at last.")
    layout = Layout(
        Essay.from_text(text, "t"), criterion(), "narrative", genre_services("narrative")
    )
    assert all(layout.is_dialogue(p) for p in layout.paragraphs[1:3])
    assert "structure.no-linking" not in found(text, "narrative")


def test_so_far_is_a_time_and_so_far_that_a_result() -> None:
    layout = Layout(
        Essay.from_text(
            "So far I have liked every dish. The boat leaned so far that we fell.", "t"
        ),
        criterion(),
    )
    assert layout.links["cause"] == ["so far that"]
    assert "so far" in layout.links["sequence"]


def test_a_letters_date_address_and_signature_are_not_paragraphs_or_sentences() -> None:
    letter = essay(
        "12 Mill Road\nBath\nBA1 2AB",
        "3 May 2026",
        "Dear Sir or Madam,",
        "I am writing to complain about the bus service on Mill Road, which was cut last month.",
        "Many older people can no longer reach the shops. My neighbour waited two hours on Monday.",
        "I would be grateful if you could restore the service.",
        "Yours faithfully,",
        "Sam Lee",
    )
    result = found(letter, "letter")
    assert "structure.unfinished-sentence" not in result
    layout = Layout(Essay.from_text(letter, "t"), criterion(), "letter", genre_services("letter"))
    assert [layout.text(p)[:5] for p in layout.paragraphs] == ["I am ", "Many ", "I wou"]


def test_a_name_formed_from_an_earlier_word_is_not_new_evidence_in_the_conclusion() -> None:
    opening = "In my opinion, Lima is the best city in South America to visit."
    people = (
        "Most Peruvians in Lima are proud of its food. Ceviche, for example, is sold on every "
        "corner of the old town."
    )
    ending = "In conclusion, Lima is the best place to taste the food of Peru."
    assert "structure.conclusion-new-evidence" not in found(essay(opening, people, people, ending))


def test_a_short_letter_is_not_asked_how_it_felt() -> None:
    letter = essay(
        "Dear Sir or Madam,",
        "I am writing to complain about the bus service on Mill Road, which was cut last month.",
        "I would be grateful if you could restore the service.",
        "Yours faithfully,",
        "Sam Lee",
    )
    assessment = analyse_structure(
        Essay.from_text(letter, "t"), criterion(), genre_services("letter")
    )
    [message] = [f.message for f in assessment.findings if f.code == "structure.word-count"]
    assert "how it felt" not in message and "Develop each point" in message


# A story told in many short scenes, and a report in headed, numbered steps.
SCENES = [
    "The ferry left the harbour at six, long before the gulls were awake.",
    "Mara stood at the rail and watched the town shrink to a row of lights.",
    "By noon the wind had turned and the deck was wet with spray.",
    "She went below and found her brother asleep on a pile of coats.",
    "The engine coughed twice and then went quiet.",
    "Nobody spoke while the captain climbed down into the engine room.",
    "An hour later the engine started again with a roar.",
    "They reached the island as the sun went down behind the cliffs.",
    "Their aunt was waiting on the jetty with a lantern and two bicycles.",
    "That night Mara wrote everything down before she forgot it.",
]
STEPS = (
    "Method\n\n1. Put 50 cm3 of the solution into a flask. 2. Draw a cross on paper. "
    "3. Add 5 cm3 of acid. 4. Start the timer. 5. Watch the cross. 6. Stop the timer. "
    "7. Write down the time."
)


def test_a_story_of_many_short_scenes_is_not_told_it_has_too_many_paragraphs() -> None:
    text = "\n\n".join(SCENES)
    assert "structure.paragraph-count" in found(text, "argument")
    assert "structure.paragraph-count" not in found(text, "narrative")


def test_numbered_steps_and_a_story_s_events_are_not_asked_for_linking_words() -> None:
    report = essay("This report tests how acid changes the rate of a reaction.", STEPS, MARKETS)
    assert "structure.no-linking" in found(report, "argument")
    assert "structure.no-linking" not in found(report, "report")
    story = "\n\n".join(" ".join(SCENES[i : i + 3]) for i in range(0, 9, 3))
    assert "structure.no-linking" not in found(story, "narrative")


def test_a_numbered_step_set_apart_by_a_long_line_is_not_a_short_paragraph() -> None:
    steps = (
        "1. Fill the beaker with 100 cm3 of water from the tap and measure its temperature "
        "carefully with the thermometer before you start the clock.\n"
        "2. Stir in the salt.\n3. Time it."
    )
    text = essay(
        "This report tests how water temperature changes how fast salt dissolves.",
        MARKETS,
        steps,
        SHOPS,
        "In the end, warmer water dissolved the salt faster.",
    )
    assert "structure.paragraph-balance" not in found(text, "report")


def test_a_paragraph_that_numbers_its_point_connects() -> None:
    opening = "Many towns are closing their markets. In my opinion, that is a serious mistake."
    numbered = (
        "A second argument is about visitors, and it is often forgotten. Tourists come for the "
        "stalls and then eat in the cafes, which take far more on Saturdays."
    )
    unlinked = (
        "Tourists come for the stalls and then eat in the cafes. The cafes take far more on "
        "Saturdays than on any other day."
    )
    assert "structure.topic-sentence" not in found(essay(opening, MARKETS, numbered, IN_CONCLUSION))
    assert "structure.topic-sentence" in found(essay(opening, MARKETS, unlinked, IN_CONCLUSION))


def test_a_reading_of_the_text_in_the_introduction_is_a_position() -> None:
    markets = "In the novel the market is where the town's life is told. Its stalls are described."
    for opening in (
        "In the novel, Gaskell presents the market as the heart of a town that is changing.",
        "Gaskell uses the old market to show how much the town has lost.",
    ):
        assert "structure.no-thesis" not in found(essay(opening, MARKETS, markets, IN_CONCLUSION))
    plain = "The novel was written in 1853. It is set in a small town in Cheshire."
    assert "structure.no-thesis" in found(essay(plain, MARKETS, markets, IN_CONCLUSION))


UNSUPPORTED = (
    "Some people disagree with this. They think the plan is not important and should be "
    "dropped, because it costs too much."
)


@pytest.mark.parametrize(
    "supported",
    [
        # cases listed after a colon
        "The pool costs more to heat than it earns in the cold months. The losses fall on "
        "everyone: families who pay higher council tax, clubs that lose their grant, and staff "
        "whose hours are cut.",
        # a case from the writer's own life
        "Many families have nowhere quiet to study at the weekend. My cousin shares a bedroom "
        "with her brothers, so she does her homework at the library instead.",
    ],
    ids=["listed-after-a-colon", "from-the-writers-life"],
)
def test_cases_listed_or_from_the_writers_life_are_evidence(supported: str) -> None:
    opening = "In my opinion, the town should change how it spends its money."
    text = essay(opening, supported, UNSUPPORTED, "In conclusion, change it.")
    result = analyse_structure(Essay.from_text(text, "t"), criterion(), genre_services("argument"))
    flagged = [f.start for f in result.findings if f.code == "structure.few-evidence"]
    assert flagged == [text.index("Some people disagree")]


def test_a_storys_short_paragraph_for_effect_is_not_asked_to_be_developed() -> None:
    calm = (
        "The ferry left the harbour at six, and Sam watched the lights of the town grow small "
        "behind them. His grandmother had packed sandwiches, a flask of tea and a map of the "
        "island that she had drawn herself, with a cross where the old lighthouse stood."
    )
    storm = (
        "By seven the wind had changed. Waves broke over the rail, the deck tilted under his "
        "feet and the crew shouted to each other in words he could not hear over the engine."
    )
    short = "Then the engine stopped. Nobody spoke."
    after = (
        "For a long time there was only the sound of the water slapping against the hull, until "
        "a torch flashed from the rocks and a voice called out across the dark water to them."
    )
    text = essay(calm, storm, short, after)
    assert "structure.paragraph-balance" not in found(text, "narrative")
    assert "structure.paragraph-balance" in found(text, "argument")


def test_messages_call_the_writing_what_the_rubric_asks_for() -> None:
    short = essay(
        "I am writing to ask the council to keep our market open on Saturdays.",
        "The market brings visitors into the centre every week.",
        "Yours faithfully, Sam Reed",
    )
    for genre, piece in (("letter", "letter"), ("narrative", "story"), ("argument", "essay")):
        result = analyse_structure(Essay.from_text(short, "t"), criterion(), genre_services(genre))
        (count,) = [f.message for f in result.findings if f.code == "structure.word-count"]
        assert count.startswith(f"Your {piece} has ")
