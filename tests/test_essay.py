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
