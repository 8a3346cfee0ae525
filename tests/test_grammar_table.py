"""What the mechanics criterion calls an error, sentence by sentence, through the real engines.

Each row is one sentence, the words an error must cover (None: no error anywhere in it) and,
where it matters, the first fix the student must be offered. The rows are the mistakes a
student makes that grader used to miss (agreement, there/their, comma splices, fronted clauses
without a comma, capitals of names, fixed phrases), the fixes it used to get wrong (weekend
for weakend, plot for alot, are for "They was", Zinovievsk for Zinoviev, no apostrophe for
Stalins, with for wich, kn owed for knowed), and correct sentences that must stay clean.
"""

from __future__ import annotations

import pytest

from grader.analysers.mechanics import analyse_mechanics
from grader.essay import Essay
from grader.findings import Finding
from grader.kinds.mechanics import MechanicsCriterion
from grader.services import Services

Row = tuple[str, str | None, str | None]

AGREEMENT: list[Row] = [
    ("People was scared of the secret police.", "was", "were"),
    ("Zinoviev and Kamenev was tried in 1936.", "was", "were"),
    ("The students in my class likes history.", "likes", "like"),
    ("My parents lives in a small town near Leeds.", "lives", "live"),
    ("The soldiers was tired after the long march.", "was", "were"),
    ("He go to school by bus every morning.", "go", None),
    ("The people who doesn't vote lose their voice.", "does", "do"),
    ("Being aware of the news are important for everyone.", "are important", "is"),
    ("His paranoia and his yearning for power was the cause.", "was", "were"),
    (
        "His paranoia and yearning to be an autocrat was enforced by the NKVD.",
        "was enforced",
        "were",
    ),
    ("This sport are for everyone who likes the sea.", "are", "is"),
    ("There is many reasons for the purges.", "is many", None),
    ("There are a huge problem with traffic in my city.", "are", "is"),
    ("They was afraid of the police.", "was", "were"),
    ("The city have a beautiful old castle.", "have", "has"),
]
AGREEMENT_CORRECT: list[Row] = [
    ("The government are divided on the question.", None, None),
    ("The number of arrests rose sharply in 1937.", None, None),
    ("A lot of people were arrested at night.", None, None),
    ("The townspeople who live near the river want a new bridge.", None, None),
    ("The townspeople who lives near the river want a bridge.", "lives", "live"),
    ("In the evenings the tables were full, and there was always a queue at the door.", None, None),
    ("If he were in charge, things would be different.", None, None),
    ("Bukharin and Rykov were tried in 1938.", None, None),
    ("Physics is my favourite subject at school.", None, None),
    ("For most pupils maths does not come easily before ten o'clock.", None, None),
    ("Our whole generation are used to screens from birth.", None, None),
    ("The council have promised to mend the road by June.", None, None),
    ("The people who vote decide the result.", None, None),
    ("Each of the prisoners was questioned for hours.", None, None),
    ("There are many reasons for the purges.", None, None),
]
HOMOPHONES: list[Row] = [
    ("Their going to the cinema tonight.", "Their", None),
    ("They left there bags on the train.", "there", "their"),
    ("Its a good idea to read the sources first.", "Its", "It's"),
]
RUN_ONS: list[Row] = [
    ("I have got one sister, she is fifteen years old.", ", she", None),
    ("My favourite sport is football, it is very exciting to play.", ", it", None),
    ("Stalin trusted nobody in the party, he had his rivals shot.", ", he", None),
    (
        "The trials were a show for the public, they were reported across the country.",
        ", they",
        None,
    ),
]
RUN_ONS_CORRECT: list[Row] = [
    ("When the war ended, they went home.", None, None),
    ("I was tired, so I went to bed early.", None, None),
    ("After the trial, he was shot in the cellar.", None, None),
    ("He was arrested in 1937, and he was shot a year later.", None, None),
]
INTRODUCTORY_COMMAS: list[Row] = [
    ("If you go to Europe you can see many old castles.", "Europe", "Europe,"),
    ("Although it had been a tiring day she was very happy.", "day", "day,"),
    ("Because I wanted to improve my English I joined a club.", "English", "English,"),
    ("However the terror ended in 1938.", "However", "However,"),
    ("When I was young I lived in a village near Leeds.", "young", "young,"),
]
INTRODUCTORY_COMMAS_CORRECT: list[Row] = [
    ("If so, we will leave tomorrow.", None, None),
    ("When he arrived, the party began.", None, None),
    ("However, the terror ended in 1938.", None, None),
    ("I stayed at home because I was ill.", None, None),
]
SPELLING_AND_FIXES: list[Row] = [
    ("The war weakend the army.", "weakend", "weakened"),
    ("I like history alot.", "alot", "a lot"),
    ("The police arrested people for alot of reasons.", "alot", "for a lot"),
    ("He was, infact, the last of the old leaders.", "infact", "in fact"),
    ("Stalins regime was cruel.", "Stalins", "Stalin's"),
    ("He was loosing control of the party.", "loosing", "losing"),
    ("The enemys of the state were shot.", "enemys", "enemies"),
    ("She recieved a letter from her brother.", "recieved", "received"),
    ("The weather was beatiful all week.", "beatiful", "beautiful"),
]
# The likeliest word in its place first, not the dictionary's nearest by letters (issue 36):
# "wich" is "which" before a noun, "knowed" a regularised "knew", "kn owed" never.
FIXES_THAT_FIT: list[Row] = [
    ("I could not decide wich book to read first.", "wich", "which"),
    ("The party wich ruled Russia feared its own members.", "wich", "which"),
    ("Nobody knowed what would happen to the prisoners.", "knowed", "knew"),
    ("She knowed the answer before the teacher asked.", "knowed", "knew"),
    ("The officers were shot despite their loyality to Stalin.", "loyality", "loyalty"),
    ("Loyality to the leader was demanded of everyone.", "Loyality", "Loyalty"),
    ("A huge amout of grain was taken from the villages.", "amout", "amount"),
    ("The amout of paper the library buys has fallen.", "amout", "amount"),
    ("He was not botherd by the cold at all.", "botherd", "bothered"),
    ("The neighbours were botherd by the loud music.", "botherd", "bothered"),
    ("I think the decision was worng from the start.", "worng", "wrong"),
    ("They chose the worng path through the forest.", "worng", "wrong"),
    ("The new library will cust a lot of money.", "cust", "cost"),
    ("He teached us how to swim in the lake.", "teached", "taught"),
    ("My brother catched a big fish last summer.", "catched", "caught"),
    ("We buyed some bread on the way home.", "buyed", "bought"),
    ("I thinked about the question for a long time.", "thinked", "thought"),
    ("Books cust more every year in our town.", "cust", "cost"),
    ("It will cust them nothing to try.", "cust", "cost"),
]
# A word two slips away gets the common word the dictionary did not offer, and a fix is
# written as the student writes: their apostrophes, "help" with the bare infinitive, the
# space a moved mark needs, the past when the story before is told in the past.
FIXES_BEYOND_THE_DICTIONARY: list[Row] = [
    ("We walked arrond the lake every evening.", "arrond", "around"),
    ("She wants to continou her studies abroad.", "continou", "continue"),
    ("We havent’t talked for ages.", "havent’t", "haven’t"),
    ("Do n’t forget your keys.", "Do n’t", "Don’t"),
    ("Exercise helps us avoiding illness.", "avoiding", "avoid"),
    ("My sister helped me finding a flat.", "finding", "find"),
    ("I was tired after the long walk .After that I slept.", " .", ". "),
    ("She kissed him on the forehead. Michael try to think again.", "try", "tried"),
    ("The old man opened the door. He look at the empty street.", "look", "looked"),
    ("I get up early every day. He try to help me.", "try", "tries"),
]
# A present verb corrected in a sentence told in the past takes the past ("she try" after
# "the bell rang" is "tried"); in the present it keeps the present.
TENSE_THAT_FITS: list[Row] = [
    ("When the bell rang, she try to open the door.", "try", "tried"),
    ("He was tired after school, so he decide to sleep early.", "decide", "decided"),
    ("The dog barked all night and he forget to feed it.", "forget", "forgot"),
    ("We do our homework every day and she help me with it.", "help", "helps"),
]
NAMES: list[Row] = [
    ("Zinoviev and Kamenev were tried in 1936.", None, None),
    ("Yezhov ran the NKVD until Beria replaced Yezhov.", None, None),
    ("Trotsky was killed in Coyoacán in 1940.", None, None),
    ("Later that year Tukhachevsky and Yakir were shot.", None, None),
]
CAPITALS_AND_PHRASES: list[Row] = [
    ("The second world war began in 1939.", "second world war", "Second World War"),
    ("i think the purges were cruel.", "i", "I"),
    ("Numerous of officers died in the purge.", "Numerous of", "Many of"),
    ("He could of left the country.", "could of", None),
    ("It was a interesting book.", "a interesting", "an"),
]
CORRECT: list[Row] = [
    ("The Great Terror began after the murder of Kirov in 1934.", None, None),
    ("Stalin's purges killed hundreds of thousands of people.", None, None),
    ("Historians still argue about the causes of the terror.", None, None),
    ("The show trials were meant to frighten the whole party.", None, None),
    ("Many officers of the Red Army were shot in 1937 and 1938.", None, None),
    ("In my opinion, fear was the main cause.", None, None),
    ("Nobody knows exactly how many people died.", None, None),
    ("After Stalin died in 1953, the terror slowly ended.", None, None),
    ("She reads the sources carefully before she writes.", None, None),
    ("The data show a sharp rise in arrests.", None, None),
]
TABLE = (
    AGREEMENT
    + AGREEMENT_CORRECT
    + HOMOPHONES
    + RUN_ONS
    + RUN_ONS_CORRECT
    + INTRODUCTORY_COMMAS
    + INTRODUCTORY_COMMAS_CORRECT
    + SPELLING_AND_FIXES
    + FIXES_THAT_FIT
    + FIXES_BEYOND_THE_DICTIONARY
    + TENSE_THAT_FITS
    + NAMES
    + CAPITALS_AND_PHRASES
    + CORRECT
)
CRITERION = MechanicsCriterion(id="mechanics", name="Mechanics", kind="mechanics")


def errors_in(sentence: str, services: Services) -> list[Finding]:
    """Return the findings the default profile counts as errors in one sentence."""
    essay = Essay.from_text(sentence, "table")
    findings = analyse_mechanics(essay, CRITERION, services).findings
    return [f for f in findings if f.severity == "error"]


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60
    assert len({sentence for sentence, _, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("sentence", "words", "fix"), TABLE, ids=[row[0][:40] for row in TABLE])
def test_sentence(sentence: str, words: str | None, fix: str | None, services: Services) -> None:
    errors = errors_in(sentence, services)
    shown = [(sentence[f.start : f.end], f.suggestions[:2]) for f in errors]
    if words is None:
        assert errors == [], f"no error expected, got {shown}"
        return
    start = sentence.index(words)
    end = start + len(words)
    covering = [f for f in errors if f.start < end and start < f.end]
    assert covering, f"expected an error on {words!r}, got {shown}"
    if fix is not None:
        assert covering[0].suggestions[:1] == (fix,), f"expected the fix {fix!r}, got {shown}"


def test_alot_takes_the_number_of_its_noun() -> None:
    from grader.engines.parser import parse
    from grader.engines.syntax_rules import agreement

    text = "Alot of students are tired in the morning, and alot of the work is hard."
    assert list(agreement(text, parse(text))) == []  # "alot" is misspelt, not a subject


def test_a_word_run_together_is_offered_apart() -> None:
    from grader.analysers.spelling import ranked

    # The dictionary's guesses for "alot" here hold no split: the ranker makes one.
    assert ranked("alot", ["lot", "plot", "slot"], "for", "of", "NN")[0] == "a lot"
    assert ranked("eachother", ["each-other"], "help", "with", "NN")[0] == "each other"
