from __future__ import annotations

import pytest

from grader.analysers.diversity import mtld


def test_no_words_have_no_diversity() -> None:
    assert mtld([]) == 0


def test_all_different_words_make_one_factor() -> None:
    words = "stalin feared every rival he had".split()
    assert mtld(words) == len(words)


def test_factor_completes_when_the_ratio_reaches_the_threshold() -> None:
    # a b a: 2 types / 3 tokens = 0.67 <= 0.72 completes a factor; the last "b" leaves TTR 1,
    # a part factor of 0. Both directions: 4 words / 1 factor.
    assert mtld("a b a b".split()) == 4


def test_part_factor_counts_how_far_the_ratio_fell() -> None:
    # the cat sat on the mat: TTR ends at 5/6 in both directions, never reaching 0.72;
    # part factor (1 - 5/6) / (1 - 0.72), so MTLD = 6 / that.
    words = "the cat sat on the mat".split()
    assert mtld(words) == pytest.approx(6 / ((1 - 5 / 6) / 0.28))


def test_repetitive_text_scores_lower_than_varied_text() -> None:
    varied = "the purge removed rivals while show trials humiliated old bolsheviks abroad".split()
    repetitive = ("the people were scared and the people were killed " * 3).split()
    assert mtld(repetitive) < mtld(varied) == len(varied)


def test_threshold_can_be_changed() -> None:
    words = ("a b c a b c d " * 4).split()
    assert mtld(words, threshold=0.5) != mtld(words)
