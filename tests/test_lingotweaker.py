from __future__ import annotations

import pytest

from grader.analysers.mechanics import assess_matches
from grader.engines.grammar import (
    MAX_CANDIDATES,
    MAX_SUGGESTIONS,
    EngineOptions,
    GrammarMatch,
    plain_message,
)
from grader.engines.lingotweaker import LingoTweakerEngine, byte_to_char_table
from grader.essay import Essay
from grader.kinds.mechanics import MechanicsCriterion

# Curly quotes, an ellipsis, accented names and an emoji all take more than one UTF-8 byte.
TRICKY = (
    "😀 “Trotsky’s exile…” ended in Coyoacán, where Ramón Mercader recieved his orders… "
    "Stalin’s agnet struck in 1940."
)


def flagged(text: str, matches: list[GrammarMatch]) -> dict[str, GrammarMatch]:
    return {text[m.start : m.end]: m for m in matches}


def test_spans_are_character_offsets_past_multibyte_characters(
    lingotweaker: LingoTweakerEngine,
) -> None:
    found = flagged(TRICKY, lingotweaker.check(TRICKY))
    assert {"recieved", "agnet", "Coyoacán", "Mercader"} <= set(found)
    assert found["recieved"].suggestions[0] == "received"
    assert found["agnet"].start == TRICKY.index("agnet")
    assert found["Coyoacán"].end == TRICKY.index("Coyoacán") + len("Coyoacán")


def test_match_carries_rule_category_issue_type_and_plain_message(
    lingotweaker: LingoTweakerEngine,
) -> None:
    text = "He could of left. The troops was ready."
    found = flagged(text, lingotweaker.check(text))
    modal = found["could of"]
    assert (modal.rule_id, modal.category) == ("MODAL_OF", "TYPOS")
    assert modal.issue_type == "misspelling"
    assert "<suggestion>" not in modal.message and "‘could have’" in modal.message
    assert not modal.is_spelling  # a confusion, not a word missing from the dictionary
    assert all(len(m.suggestions) <= 5 for m in found.values())


def test_long_suggestion_lists_are_cut_short(lingotweaker: LingoTweakerEngine) -> None:
    # A misspelling keeps up to MAX_CANDIDATES guesses for ranking ("teh" has 40); the
    # analyser shows the best MAX_SUGGESTIONS of them.
    text = "We saw teh."
    (match,) = lingotweaker.check(text)[:1]
    assert match.is_spelling and MAX_SUGGESTIONS < len(match.suggestions) <= MAX_CANDIDATES
    essay = Essay.from_text(text, "cut")
    criterion = MechanicsCriterion(id="mechanics", name="Mechanics", kind="mechanics")
    (finding,) = assess_matches(essay, criterion, [match]).findings
    assert 1 <= len(finding.suggestions) <= MAX_SUGGESTIONS


def test_british_engine_accepts_ise_and_flags_american_spelling(
    lingotweaker: LingoTweakerEngine,
) -> None:
    text = "The workers organised a strike because the color of the flag mattered."
    found = flagged(text, lingotweaker.check(text))
    assert "organised" not in found  # the Oxford -ize rule is off in the default profile
    assert found["color"].rule_id == "MORFOLOGIK_RULE_EN_GB"
    assert found["color"].suggestions[0] == "colour"


def test_american_engine_is_really_american() -> None:
    # lt_py's Engine("en-GB") silently gives US English; the adapter passes the variant apart.
    engine = LingoTweakerEngine(EngineOptions("en-US"))
    found = flagged("The color faded.", engine.check("The color faded."))
    assert "color" not in found
    assert any(m.rule_id == "MORFOLOGIK_RULE_EN_US" for m in engine.check("The colour faded."))


def test_empty_text_has_no_matches(lingotweaker: LingoTweakerEngine) -> None:
    assert lingotweaker.check("") == []


@pytest.mark.parametrize("text", ["abc", "’…", "Coyoacán", "😀x", "e\u0301cole"])
def test_byte_table_maps_every_byte_of_every_character(text: str) -> None:
    table = byte_to_char_table(text)
    data = text.encode("utf-8")
    assert len(table) == len(data) + 1 and table[-1] == len(text)
    for index, char in enumerate(text):
        start = len(text[:index].encode("utf-8"))
        assert table[start : start + len(char.encode("utf-8"))] == [index] * len(
            char.encode("utf-8")
        )


def test_plain_message_drops_markup_and_quotes_suggestions() -> None:
    raw = "This punctuation mark requires whitespace: <suggestion> …</suggestion>"
    assert plain_message(raw) == "This punctuation mark requires whitespace: ‘…’"
    assert plain_message("Use <suggestion>have</suggestion> or <b>had</b>.") == "Use ‘have’ or had."
