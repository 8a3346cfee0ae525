from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.analysers.mechanics import (
    allowed_words,
    analyse_mechanics,
    assess_matches,
    names_from_facts,
)
from grader.analysers.mechanics_profile import CATEGORIES, EXTRA_RULES, RULES
from grader.cli import main
from grader.engines.grammar import GrammarMatch
from grader.essay import Essay
from grader.findings import Finding
from grader.kinds.mechanics import MechanicsCriterion
from grader.rubric.kind import measures_of
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES, SEED

HISTORY_RUBRIC = "history-essay-great-terror"


def criterion(**options: list[str]) -> MechanicsCriterion:
    fields = {"id": "mechanics", "name": "Mechanics", "kind": "mechanics", **options}
    return MechanicsCriterion.model_validate(fields)


def analyse(
    text: str, services: Services, rubric: Rubric | None = None, **options: list[str]
) -> tuple[Essay, list[Finding], dict[str, float]]:
    essay = Essay.from_text(text, "test")
    services.rubric = rubric
    assessment = analyse_mechanics(essay, criterion(**options), services)
    return essay, list(assessment.findings), assessment.measures


def excerpts(essay: Essay, findings: list[Finding]) -> dict[str, Finding]:
    return {essay.text[f.start : f.end]: f for f in findings}


def spelling(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if (f.rule_id or "").startswith("MORFOLOGIK_RULE")]


def history_mechanics(rubric: Rubric) -> MechanicsCriterion:
    found = next(c for c in rubric.criteria if isinstance(c, MechanicsCriterion))
    return found


def test_findings_point_at_the_flagged_words_past_curly_quotes_and_accents(
    services: Services,
) -> None:
    text = (
        "“Trotsky’s exile…” ended in Coyoacán, where Ramón Mercader recieved his orders… "
        "Stalin’s agnet struck in 1940. He could of left."
    )
    essay, findings, _ = analyse(text, services)
    found = excerpts(essay, findings)
    assert {"recieved", "agnet", "could of"} <= set(found)
    assert found["recieved"].code == "mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB"
    assert found["recieved"].severity == "error"
    assert found["recieved"].suggestions[0] == "received"
    assert "‘recieved’" in found["recieved"].message and "‘received’" in found["recieved"].message
    assert (found["could of"].rule_id, found["could of"].category) == ("MODAL_OF", "TYPOS")
    # A place the parser recognises is a name in the essay: not flagged at all.
    assert "Coyoacán" not in found


def test_seed_essay_with_history_rubric_has_no_spelling_finding_on_fact_sheet_names(
    services: Services,
) -> None:
    rubric = load_rubric(HISTORY_RUBRIC)
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    fact_names = set(names_from_facts(rubric.facts))
    assert "Nikolaev" in fact_names  # the seed's second spelling of the assassin's name

    services.rubric = None
    without = analyse_mechanics(essay, history_mechanics(rubric), services).findings
    assert "Nikolaev" in {essay.text[f.start : f.end] for f in spelling(list(without))}

    services.rubric = rubric
    marked = analyse_mechanics(essay, history_mechanics(rubric), services).findings
    flagged = {essay.text[f.start : f.end] for f in spelling(list(marked))}
    assert not flagged & fact_names
    assert not flagged & {"Nikolaev", "Nikolayev", "NKVD", "Kirov", "Stalin", "Leningrad"}
    # The scraped ellipses and the Oxford -ize rule are not errors in the default profile.
    assert all(f.rule_id not in {"EN_ELLIPSIS", "OXFORD_SPELLING_Z_NOT_S"} for f in marked)


def test_names_on_a_fact_sheet_are_allowed(services: Services, tmp_path: Path) -> None:
    sheet = tmp_path / "terror.facts.yaml"
    sheet.write_text(
        "title: The Great Terror\n"
        "facts:\n"
        "  - id: yezhov\n"
        "    statement: Nikolai Yezhov led the NKVD from 1936 to 1938.\n"
        "    names: [Yezhovshchina]\n"
        "    aliases: [Ezhov]\n"
        "  - id: trials\n"
        "    statement: Zinoviev and Kamenev were tried in August 1936.\n"
        "    about: {person: Genrikh Yagoda, place: Lubyanka}\n",
        encoding="utf-8",
    )
    text = (
        "Zinoviev confessed. Yezhov’s purge, the Yezhovshchina, followed; Ezhov and Yagoda "
        "ran the Lubyanka. Kamenev was shot. Tukhachevsky was shot too."
    )
    rubric = Rubric(
        title="Terror",
        facts=str(sheet),
        criteria=[criterion()],
        grades=[{"min": 0, "grade": "U"}],  # type: ignore[list-item]
    )
    essay, findings, _ = analyse(text, services, rubric)
    flagged = [essay.text[f.start : f.end] for f in spelling(findings)]
    assert flagged == ["Tukhachevsky"]  # the one name not on the sheet

    # Without the sheet, the names the essay itself shows (the parser's people, and a
    # capitalised word used twice) are still not errors; a name met once at a sentence's start
    # is the dictionary's to question.
    _, findings, _ = analyse(text, services)
    errors = {essay.text[f.start : f.end] for f in spelling(findings) if f.severity == "error"}
    assert not errors & {"Yezhov", "Yagoda", "Ezhov", "Kamenev"}
    assert "Tukhachevsky" in errors


def test_criterion_allowed_words_silence_spelling_only(services: Services) -> None:
    text = "The troikas sentenced the kulaks. Tukhachevsky recieved nothing."
    essay, findings, _ = analyse(text, services, allowed_words=["troikas", "TUKHACHEVSKY"])
    assert [essay.text[f.start : f.end] for f in spelling(findings)] == ["recieved"]


def test_repeated_mistakes_are_grouped_but_each_counted(services: Services) -> None:
    text = "I recieve letters. She recieve letters too. They recieve letters every day."
    essay, findings, measures = analyse(text, services)
    (group,) = [f for f in findings if f.rule_id == "MORFOLOGIK_RULE_EN_GB"]
    assert "‘recieve’ ×3" in group.message
    assert group.also_at is not None and len(group.also_at) == 2
    assert all(essay.text[s:e] == "recieve" for s, e in group.also_at)
    errors = sum(1 + len(f.also_at or ()) for f in findings if f.severity == "error")
    assert measures["errors_per_100_words"] == pytest.approx(100 * errors / essay.word_count)
    assert measures["distinct_issues"] == sum(1 for f in findings if f.severity == "error")
    assert measures["distinct_issues"] < errors


def test_measures_split_errors_into_families_that_add_up(services: Services) -> None:
    _essay, findings, measures = analyse(
        (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8"), services
    )
    assert set(measures) <= set(measures_of("mechanics"))
    families = ("grammar", "spelling", "punctuation", "typography", "style")
    assert sum(measures[f"{f}_per_100_words"] for f in families) == pytest.approx(
        measures["errors_per_100_words"]
    )
    assert measures["spelling_per_100_words"] > 2  # the weak essay misspells a lot
    assert all(f.start < f.end and f.message for f in findings)


def test_rubric_can_turn_rules_and_categories_off_and_on(services: Services) -> None:
    text = "Its a problem. Furthermore the workers recieved nothing."
    _, findings, _ = analyse(text, services)
    assert {"IT_IS", "MORFOLOGIK_RULE_EN_GB"} <= {f.rule_id for f in findings}

    _, findings, _ = analyse(text, services, disabled_rules=["IT_IS"])
    assert "IT_IS" not in {f.rule_id for f in findings}
    _, findings, _ = analyse(text, services, disabled_categories=["TYPOS"])
    assert not {f.category for f in findings} & {"TYPOS"}

    repeated = "Then we left. Then we ate. Then we slept."
    _, findings, _ = analyse(repeated, services)
    # Off in the default profile: readability's repeated-openings check says it, and better.
    assert "ENGLISH_WORD_REPEAT_BEGINNING_RULE" not in {f.rule_id for f in findings}
    _essay, findings, _ = analyse(
        repeated, services, enabled_rules=["ENGLISH_WORD_REPEAT_BEGINNING_RULE"]
    )
    assert {f.severity for f in findings if f.rule_id == "ENGLISH_WORD_REPEAT_BEGINNING_RULE"} == {
        "error"
    }


def test_british_rubric_calls_american_spelling_a_suggestion(services: Services) -> None:
    _essay, findings, measures = analyse("The color of the flag was red.", services)
    (variant,) = spelling(findings)
    assert variant.severity == "suggestion" and "‘colour’" in variant.message
    assert measures["errors_per_100_words"] == 0


def test_profile_records_a_measurement_and_reason_for_every_rule() -> None:
    for table in (RULES, CATEGORIES, EXTRA_RULES):
        for name, setting in table.items():
            assert 0 <= setting.precision <= 1 and setting.flags > 0, name
            assert setting.reason, name
    # Matters of taste named in the issue are off or suggestions.
    assert RULES["CONSECUTIVE_SPACES"].action == "off"
    assert CATEGORIES["BRE_STYLE_OXFORD_SPELLING"].action == "off"
    assert CATEGORIES["REPETITIONS_STYLE"].action == "off"


def test_a_story_is_not_offered_furthermore_before_each_he(services: Services) -> None:
    story = "He got up early. He made some tea. He walked to the harbour. She was already there."
    _, findings, _ = analyse(story, services)
    assert not any(
        s.startswith(("Furthermore", "Likewise", "Moreover"))
        for f in findings
        for s in f.suggestions
    )


def test_names_from_facts_reads_files_lists_and_odd_shapes(tmp_path: Path) -> None:
    inline = [
        {"statement": "Sergei Kirov was shot in Leningrad.", "names": ["NKVD", "Nikolayev"]},
        {"aliases": {"yezhov": ["Ezhov", "Yezhov"]}, "value": 1934},
        "a bare string is not a name",
        None,
    ]
    assert set(names_from_facts(inline)) == {
        "Sergei",
        "Kirov",
        "Leningrad",
        "NKVD",
        "Nikolayev",
        "Ezhov",
        "Yezhov",
    }
    assert names_from_facts(None) == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("facts: [unclosed", encoding="utf-8")
    assert names_from_facts(str(broken)) == []


def test_allowed_words_split_phrases_and_ignore_case() -> None:
    assert allowed_words(["Lavrentiy Beria", "NKVD"], ["Yezhov’s"]) == {
        "lavrentiy",
        "beria",
        "nkvd",
        "yezhov’s",
    }


def test_assess_matches_works_on_any_engine_output() -> None:
    text = "Yezhov’s men recieved orders."
    matches = [
        GrammarMatch("MORFOLOGIK_RULE_EN_GB", "TYPOS", "misspelling", "Spelling.", (), 0, 6),
        GrammarMatch(
            "MORFOLOGIK_RULE_EN_GB", "TYPOS", "misspelling", "Spelling.", ("received",), 13, 21
        ),
        GrammarMatch("CONSECUTIVE_SPACES", "TYPOGRAPHY", "whitespace", "Spaces.", (" ",), 8, 9),
    ]
    essay = Essay.from_text(text, "x")
    assessment = assess_matches(essay, criterion(), matches, allowed_words(["Yezhov"]))
    (finding,) = assessment.findings
    assert essay.text[finding.start : finding.end] == "recieved"


def test_check_command_reports_mechanics_in_json(tmp_path: Path) -> None:
    rubric = tmp_path / "spag.yaml"
    rubric.write_text(
        "title: SPaG only\nlanguage: en-GB\ngrammar_engine: lingotweaker\n"
        "criteria:\n  - {id: spag, name: Spelling and grammar, kind: mechanics}\n"
        "grades:\n  - {min: 0, grade: U}\n",
        encoding="utf-8",
    )
    essay = tmp_path / "essay.txt"
    essay.write_text("Stalin’s secret police recieved lists… They was busy.\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert (
        main(["check", str(essay), "--rubric", str(rubric), "--format", "json", "-o", str(out)])
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    found = {f["excerpt"]: f for f in data["findings"]}
    assert data["text"][found["recieved"]["start"] : found["recieved"]["end"]] == "recieved"
    assert found["recieved"]["code"] == "mechanics.TYPOS.MORFOLOGIK_RULE_EN_GB"
    assert found["recieved"]["rule_id"] == "MORFOLOGIK_RULE_EN_GB"
    (criterion_result,) = data["criteria"]
    assert criterion_result["measures"]["errors_per_100_words"] > 0
