from __future__ import annotations

from grader.essay import Essay, Span, count_words, split_paragraphs
from tests.conftest import SEED


def sentences(text: str) -> list[str]:
    essay = Essay.from_text(text, "t")
    return [essay.text[s.start : s.end] for s in essay.sentences]


def test_seed_sentences_are_spans_into_the_text() -> None:
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    lengths = [essay.words_in(s) for s in essay.sentences]
    assert 53 in lengths and 47 in lengths
    assert len(essay.paragraphs) == 2
    assert essay.text[essay.sentences[-1].start :].startswith("Moreover it included")
    assert essay.text.endswith("as the NKVD would tell")


def test_paragraphs_split_at_blank_lines_when_there_are_any() -> None:
    text = "First line\nstill first.\n\nSecond paragraph.\n \n\nThird."
    spans = split_paragraphs(text)
    assert [text[s.start : s.end] for s in spans] == [
        "First line\nstill first.",
        "Second paragraph.",
        "Third.",
    ]


def test_paragraphs_split_at_line_breaks_when_there_is_no_blank_line() -> None:
    text = "One.\nTwo.\r\nThree."
    essay = Essay.from_text(text, "t")
    assert [essay.text[p.start : p.end] for p in essay.paragraphs] == ["One.", "Two.", "Three."]


def test_sentences_keep_abbreviations_initials_and_numbers_together() -> None:
    text = (
        "NKVD Order No. 00447 was signed in 1937. Dr. Conquest wrote about it, i.e. the terror. "
        "J. Stalin approved it! Was it planned? “Yes,” he said. It ended in 1938… Then Beria came."
    )
    assert sentences(text) == [
        "NKVD Order No. 00447 was signed in 1937.",
        "Dr. Conquest wrote about it, i.e. the terror.",
        "J. Stalin approved it!",
        "Was it planned?",
        "“Yes,” he said.",
        "It ended in 1938…",
        "Then Beria came.",
    ]


def test_a_unit_letter_ends_a_sentence_and_list_items_stand_alone() -> None:
    text = (
        "We heated the water to 45°C. Then we timed it.\n\n"
        "You will need:\n- a beaker\n- two test tubes\n2) a clamp stand\n\nThe end."
    )
    assert sentences(text) == [
        "We heated the water to 45°C.",
        "Then we timed it.",
        "You will need:",
        "- a beaker",
        "- two test tubes",
        "2) a clamp stand",
        "The end.",
    ]


def test_sentence_without_final_stop_is_kept() -> None:
    assert sentences("It began. And then the NKVD would tell") == [
        "It began.",
        "And then the NKVD would tell",
    ]


def test_words_keep_contractions_and_hyphens_whole() -> None:
    assert count_words("Stalin’s well-known purge didn't stop — 681,692 died.") == 7


def test_outer_whitespace_and_line_endings_are_normalised() -> None:
    essay = Essay.from_text("  One.\r\n\r\nTwo.  \n", "t")
    assert essay.text == "One.\n\nTwo."
    assert essay.paragraphs == (Span(0, 4), Span(6, 10))


def test_a_lower_case_i_opens_a_sentence() -> None:
    # a learner's "i" after a full stop is the pronoun starting the next sentence
    assert sentences("We train on Mondays. i go to the pool on Fridays. i'm often tired.") == [
        "We train on Mondays.",
        "i go to the pool on Fridays.",
        "i'm often tired.",
    ]


def test_a_heading_or_a_table_row_ends_at_its_line_break() -> None:
    text = (
        "Results\nHeight 50 cm: 31 cm, 30 cm, 29 cm\nHeight 100 cm: 62 cm, 60 cm, 61 cm\n\n"
        "Conclusion\nThe ball bounced higher from a greater height."
    )
    assert sentences(text) == [
        "Results",
        "Height 50 cm: 31 cm, 30 cm, 29 cm",
        "Height 100 cm: 62 cm, 60 cm, 61 cm",
        "Conclusion",
        "The ball bounced higher from a greater height.",
    ]
    # a wrapped line of prose goes on into the next line
    wrapped = (
        "The soldiers who marched to the front in the summer of 1914 believed the war\n"
        "would be over by Christmas.\n\nIt was not."
    )
    assert len(sentences(wrapped)) == 2
    # a short wrapped line may stop before a name: it still goes on
    names = "The Normans\n\nIn 1066 the army of Duke William of\nNormandy crossed the Channel."
    assert (
        sentences(names)[1] == "In 1066 the army of Duke William of\nNormandy crossed the Channel."
    )
