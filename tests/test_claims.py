from __future__ import annotations

from datetime import date

import pytest

from grader.facts.claims import (
    Lexicon,
    Phrase,
    Term,
    When,
    find_amounts,
    find_dates,
    format_number,
    normalise,
    parse_when,
)

# (sentence, the words of the date, first day, last day, is a range)
DATES = [
    (
        "It occurred on December 1st 1934, when Kirov",
        "December 1st 1934",
        "1934-12-01",
        "1934-12-01",
        False,
    ),
    ("Kirov died on 1 December 1934.", "1 December 1934", "1934-12-01", "1934-12-01", False),
    (
        "on the 1st of December 1934 he",
        "the 1st of December 1934",
        "1934-12-01",
        "1934-12-01",
        False,
    ),
    ("On December 1, 1934 Kirov", "December 1, 1934", "1934-12-01", "1934-12-01", False),
    ("Kirov was shot on 1/12/1934.", "1/12/1934", "1934-12-01", "1934-12-01", False),
    (
        "A date written 12/25/1934 has only one reading.",
        "12/25/1934",
        "1934-12-25",
        "1934-12-25",
        False,
    ),
    ("It happened in late 1934.", "late 1934", "1934-09-01", "1934-12-31", False),
    ("By mid-1937 the camps were full.", "mid-1937", "1937-05-01", "1937-08-31", False),
    (
        "at the end of December 1934 they",
        "the end of December 1934",
        "1934-12-21",
        "1934-12-31",
        False,
    ),
    ("in early March 1938 the trial", "early March 1938", "1938-03-01", "1938-03-10", False),
    ("It was in August 1936 that", "August 1936", "1936-08-01", "1936-08-31", False),
    ("in the summer of 1937 the", "the summer of 1937", "1937-06-01", "1937-08-31", False),
    ("purges of the 1930s were", "the 1930s", "1930-01-01", "1939-12-31", False),
    ("in the early 1930s famine", "the early 1930s", "1930-01-01", "1933-12-31", False),
    (
        "the second half of the 1930s saw",
        "the second half of the 1930s",
        "1935-01-01",
        "1939-12-31",
        False,
    ),
    ("He was expelled in 1929.", "1929", "1929-01-01", "1929-12-31", False),
    (
        "the show trials, between 1936 and 1938, a",
        "between 1936 and 1938",
        "1936-01-01",
        "1938-12-31",
        True,
    ),
    ("took place in the years 1934 to 1940.", "1934 to 1940", "1934-01-01", "1940-12-31", True),
    ("It lasted from 1934 to 1940.", "from 1934 to 1940", "1934-01-01", "1940-12-31", True),
    ("The Terror of 1936-38 was", "1936-38", "1936-01-01", "1938-12-31", True),
    ("The Terror (1936–1938) was", "1936–1938", "1936-01-01", "1938-12-31", True),
    ("in 1937/8 alone", "1937/8", "1937-01-01", "1938-12-31", True),
    (
        "from August 1936 to March 1938 there",
        "from August 1936 to March 1938",
        "1936-08-01",
        "1938-03-31",
        True,
    ),
]


@pytest.mark.parametrize(("text", "words", "first", "last", "is_range"), DATES)
def test_dates_as_students_write_them(
    text: str, words: str, first: str, last: str, is_range: bool
) -> None:
    claims = find_dates(text)
    assert len(claims) == 1, [text[c.start : c.end] for c in claims]
    claim = claims[0]
    assert text[claim.start : claim.end] == words
    assert claim.when.span.start == date.fromisoformat(first)
    assert claim.when.span.end == date.fromisoformat(last)
    assert claim.when.is_range is is_range


def test_day_and_month_take_the_year_of_the_date_before() -> None:
    text = "By the end of December 1934, they were all shot on the same night, December 29th."
    claims = find_dates(text)
    assert [text[c.start : c.end] for c in claims] == ["the end of December 1934", "December 29th"]
    assert claims[1].when.first.start == date(1934, 12, 29)
    assert claims[1].when.label == "29 December 1934"


def test_day_and_month_without_any_year_are_left_out() -> None:
    assert find_dates("He died on 29 December, they say.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Of its 1966 delegates, most were arrested.",
        "NKVD Order No. 1937 was a number, not a year.",
        "In 1108 cases the sentence was death.",
        "Later, 1108 were arrested.",
        "Stalin may have ordered it; in March they marched.",
    ],
)
def test_numbers_and_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("In 1937 arrests rose sharply.", "1937"),
        ("In his 1968 book he argued", "1968"),
        ("The 1930's were hard", "The 1930's"),
    ],
)
def test_years_before_nouns_still_read_as_years(text: str, words: str) -> None:
    assert [text[c.start : c.end] for c in find_dates(text)] == [words]


def test_two_years_joined_by_and_are_two_years_unless_between() -> None:
    text = "681,692 people were executed in 1937 and 1938."
    assert [text[c.start : c.end] for c in find_dates(text)] == ["1937", "1938"]
    text = "the trials of August 1936, January 1937 and March 1938"
    assert [c.when.label for c in find_dates(text)] == ["August 1936", "January 1937", "March 1938"]


def test_a_range_that_ends_before_it_starts_is_two_dates() -> None:
    text = "from 1940 to 1934"
    assert [c.when.is_range for c in find_dates(text)] == [False, False]


# (sentence, the words of the number, value, lowest, highest, vague)
AMOUNTS = [
    ("681,692 people were shot", "681,692", 681692, 681691.5, 681692.5, False),
    ("about 700,000 people were shot", "about 700,000", 700000, 630000, 770000, False),
    ("700,000 people were shot", "700,000", 700000, 650000, 750000, False),
    ("around 1.5 million were arrested", "around 1.5 million", 1.5e6, 1.35e6, 1.65e6, False),
    ("1.5 million were arrested", "1.5 million", 1.5e6, 1.45e6, 1.55e6, False),
    ("twenty million people died", "twenty million", 2e7, 1.5e7, 2.5e7, False),
    (
        "one thousand one hundred and eight delegates",
        "one thousand one hundred and eight",
        1108,
        1107.5,
        1108.5,
        False,
    ),
    ("There were three trials.", "three", 3, 2.5, 3.5, False),
    ("over 600,000 were executed", "over 600,000", 6e5, 6e5, 1.2e6, False),  # not 13 million
    ("nearly 700,000 died", "nearly 700,000", 7e5, 6.3e5, 7e5, False),
    ("he arrested thousands of opponents", "thousands", 2000, 2000, 99999, True),
    ("hundreds of thousands were shot", "hundreds of thousands", 2e5, 2e5, 999999, True),
    ("a few thousand officers", "a few thousand", 2000, 2000, 9000, True),
]


@pytest.mark.parametrize(("text", "words", "value", "low", "high", "vague"), AMOUNTS)
def test_numbers_in_digits_words_and_vague_words(
    text: str, words: str, value: float, low: float, high: float, vague: bool
) -> None:
    amounts = find_amounts(text)
    assert len(amounts) == 1, [text[a.start : a.end] for a in amounts]
    amount = amounts[0]
    assert text[amount.start : amount.end] == words
    assert amount.value == pytest.approx(value)
    assert amount.low == pytest.approx(low)
    assert amount.high == pytest.approx(high)
    assert amount.vague is vague


@pytest.mark.parametrize(
    "text",
    [
        "NKVD Order No. 00447 set quotas.",
        "the 17th Party Congress",
        "At the first trial, one of them confessed.",
    ],
)
def test_identifiers_ordinals_and_small_words_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_amounts_skip_the_spans_of_dates() -> None:
    text = "In 1937 and 1938, 681,692 people were shot."
    dates = find_dates(text)
    amounts = find_amounts(text, [(d.start, d.end) for d in dates])
    assert [text[a.start : a.end] for a in amounts] == ["681,692"]


def test_percentages_are_marked() -> None:
    (amount,) = find_amounts("About 70% of the delegates")
    assert amount.percent and amount.value == 70


@pytest.mark.parametrize(
    ("value", "label"),
    [(681692, "681,692"), (1.5e6, "1.5 million"), (3, "3"), (20e6, "20 million"), (2.5, "2.5")],
)
def test_numbers_are_written_for_readers(value: float, label: str) -> None:
    assert format_number(value) == label


@pytest.mark.parametrize(
    ("value", "label", "is_range"),
    [
        (date(1934, 12, 1), "1 December 1934", False),
        ("1936-08", "August 1936", False),
        (1929, "1929", False),
        ("1929", "1929", False),
        ("1 December 1934", "1 December 1934", False),
        ("1936 to 1938", "1936 to 1938", True),
        ("1936-09 to 1938-11", "September 1936 to November 1938", True),
        ("late 1934", "late 1934", False),
    ],
)
def test_teachers_write_dates_in_iso_or_essay_form(
    value: object, label: str, is_range: bool
) -> None:
    when = parse_when(value)
    assert when.label == label
    assert when.is_range is is_range


@pytest.mark.parametrize("value", ["soon", "1938 to 1936", "1936-13", "", None, ["1936"]])
def test_teachers_dates_that_are_not_dates_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_when(value)


def test_when_labels_ranges() -> None:
    when = parse_when("1936 to 1938")
    assert isinstance(when, When)
    assert when.span.days == 365 + 366 + 365


# Names and words


def lexicon(**terms: tuple[str, ...]) -> Lexicon:
    """Build a lexicon: names are capitalised keys, words lower case."""
    return Lexicon(
        {
            key: Term(
                key,
                "name" if key[0].isupper() else "word",
                tuple(Phrase.parse(s) for s in (key, *spellings)),
            )
            for key, spellings in terms.items()
        }
    )


def found(lex: Lexicon, text: str) -> list[tuple[str, str]]:
    return [(h.term, text[h.start : h.end]) for h in lex.find(text)]


def test_names_match_their_spellings_and_transliterations() -> None:
    lex = lexicon(
        Yezhov=("Ezhov", "Nikolai Yezhov"),
        Nikolaev=("Nikolayev", "Leonid Nikolayev"),
        Kirov=("Sergei Kirov", "Sergey Kirov"),
        Zinoviev=("Zinovyev",),
    )
    text = "Sergey Kirov was shot by Leonid Nikolayev; Ezhov and Zinovyev later died."
    assert found(lex, text) == [
        ("Kirov", "Sergey Kirov"),
        ("Kirov", "Kirov"),
        ("Nikolaev", "Leonid Nikolayev"),
        ("Nikolaev", "Nikolayev"),
        ("Yezhov", "Ezhov"),
        ("Zinoviev", "Zinovyev"),
    ]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Tukachevsky", "Tukhachevsky"),
        ("Bukarin", "Bukharin"),
        ("Kamanev", "Kamenev"),
        ("Yezov", "Yezhov"),
        ("Trotski", "Trotsky"),
        ("Stalins", "Stalin"),
        ("Yeshov", "Yezhov"),  # one letter wrong in a short name
        ("Kirof", "Kirov"),
    ],
)
def test_misspelt_names_are_matched(written: str, name: str) -> None:
    names = ("Tukhachevsky", "Bukharin", "Kamenev", "Yezhov", "Trotsky", "Stalin", "Kirov")
    lex = lexicon(**{n: () for n in names})
    assert found(lex, f"Then {written} was shot.") == [(name, written)]


@pytest.mark.parametrize(
    "written", ["Nikolai", "Nikolay", "Leningrad", "Mexican", "Trotskyist", "Kiev"]
)
def test_other_names_are_not_taken_for_sheet_names(written: str) -> None:
    lex = lexicon(Nikolaev=(), Lenin=(), Mexico=(), Trotsky=(), Kirov=())
    assert found(lex, f"Then {written} spoke.") == []


def test_names_must_be_capitalised_but_words_need_not() -> None:
    lex = lexicon(Conquest=("Robert Conquest",), **{"show trial*": (), "execut*": ()})
    text = "The conquest of power. Show trials and executions followed; Conquest wrote of them."
    assert found(lex, text) == [
        ("show trial*", "Show trials"),
        ("execut*", "executions"),
        ("Conquest", "Conquest"),
    ]


def test_accents_case_and_possessives_are_folded() -> None:
    assert normalise("Coyoacán") == "coyoacan"
    assert normalise("Stalin’s") == "stalin"
    lex = lexicon(Coyoacan=("Coyoacán",), **{"People's Commissariat for Internal Affairs": ()})
    text = "the People’s Commissariat for Internal Affairs; killed in Coyoacan."
    assert [term for term, _ in found(lex, text)] == [
        "People's Commissariat for Internal Affairs",
        "Coyoacan",
    ]


def test_names_after_by_are_agents_and_after_in_are_places() -> None:
    lex = lexicon(Kirov=(), Nikolaev=(), Yezhov=("Nikolai Yezhov",), Moscow=())
    text = "Kirov was shot by Nikolaev in Moscow. Yagoda was replaced by Nikolai Yezhov, a man."
    hits = {text[h.start : h.end]: h for h in lex.find(text)}
    assert not hits["Kirov"].agent
    assert hits["Nikolaev"].agent
    assert hits["Moscow"].after_place_word and not hits["Moscow"].agent
    assert hits["Nikolai Yezhov"].agent
    text = "It started when Kirov was killed by a man called Nikolaev. Nikolaev, shot later."
    agents = [h.agent for h in lex.find(text) if h.term == "Nikolaev"]
    assert agents == [True, False]


@pytest.mark.parametrize(
    ("text", "value", "said"),
    [
        ("It fell to minus 40 degrees.", -40.0, "minus 40"),
        ("It fell to -40 °C.", -40.0, "-40"),
        ("It fell to −12.5 °C.", -12.5, "−12.5"),
        ("It fell to 89 degrees below zero.", -89.0, "89 degrees below zero"),
        ("It stayed under -5 all week.", -5.0, "under -5"),
        ("It reached 415 parts per million.", 415.0, "415"),  # "million" is the unit
        ("Pages 10-20 say so.", 10.0, "10"),  # a hyphen after a number is not a minus
    ],
)
def test_signs_and_units_are_read_as_written(text: str, value: float, said: str) -> None:
    amounts = find_amounts(text)
    assert (amounts[0].value, text[amounts[0].start : amounts[0].end]) == (value, said)
    assert len(amounts) == 1 and amounts[0].low <= amounts[0].value <= amounts[0].high


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Menes united Egypt in about 3100 BC.", "3100 BC"),
        ("It was finished in 2560BC.", "2560 BC"),
        ("Rome was founded in 753 B.C. by Romulus.", "753 BC"),
        ("Caesar was killed in 44 BCE.", "44 BC"),
    ],
)
def test_a_year_before_christ_is_read_as_a_date_not_a_number(text: str, label: str) -> None:
    assert [d.when.label for d in find_dates(text)] == [label]
    assert find_amounts(text) == []


def test_years_before_christ_keep_their_order() -> None:
    earlier, later = parse_when("3100 BC"), parse_when("55 BC")
    assert earlier.span.end < later.span.start
    assert parse_when("2600 BC to 2560 BC").label == "2600 BC to 2560 BC"


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("He had been promised it as far back as 1051, he said.", ["1051"]),
        ("As early as 1215 the barons rebelled.", ["1215"]),
        ("As many as 1200 men died.", []),  # a count, not a year
    ],
)
def test_a_year_after_as_early_as_is_a_date(text: str, dates: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_dates(text)] == dates
