from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.cli import main
from grader.facts.sheet import FactSheet, fact_sheet_of, load_fact_sheet
from grader.kinds.facts import FactsCriterion
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric
from tests.conftest import ROOT, SAMPLES

SHEET = ROOT / "rubrics" / "great-terror.facts.yaml"
# The facts issue 5 asks the Great Terror sheet to hold, by id.
REQUIRED_IDS = {
    "kirov-assassination",
    "kirov-executions",
    "terror-main-phase",
    "show-trials",
    "zinoviev-kamenev-shot",
    "bukharin-executed",
    "nkvd-name",
    "yagoda-replaced",
    "yezhov-head",
    "yezhov-replaced",
    "yezhov-shot",
    "order-00447",
    "executions-1937-38",
    "arrests-1937-38",
    "tukhachevsky-shot",
    "trotsky-expelled",
    "trotsky-murdered",
    "congress-1934",
    "conquest-book",
}


def test_the_great_terror_sheet_holds_every_fact_with_a_source() -> None:
    sheet = load_fact_sheet(SHEET)
    ids = {fact.id for fact in sheet.facts}
    assert ids >= REQUIRED_IDS
    assert all(fact.source.strip() and fact.statement.strip() for fact in sheet.facts)
    assert all(fact.has_values or fact.misconceptions for fact in sheet.facts)


def test_the_sheet_knows_the_transliterations() -> None:
    sheet = load_fact_sheet(SHEET)
    spellings = set(sheet.spellings())
    assert {"Yezhov", "Ezhov", "Nikolaev", "Nikolayev", "Sergei Kirov", "Sergey Kirov"} <= spellings
    assert {"Zinoviev", "Zinovyev", "Coyoacán"} <= spellings


def test_the_history_rubric_hands_its_sheet_to_the_facts_criterion() -> None:
    rubric = load_rubric("history-essay-great-terror")
    criterion = next(c for c in rubric.criteria if isinstance(c, FactsCriterion))
    sheet = fact_sheet_of(criterion)
    assert isinstance(sheet, FactSheet)
    assert Path(sheet.path).resolve() == SHEET.resolve()


def write(tmp_path: Path, text: str, name: str = "sheet.facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_FACT = """\
  - id: kirov
    statement: Kirov was killed on 1 December 1934.
    about: [Kirov, [kill*, shot]]
    date: 1934-12-01
    source: a book
"""

DATED = "facts:\n  - id: k\n    statement: s\n    about: [K]\n    date: {date}\n    source: b\n"
# (sheet text, the line:column the error must name, words the message must hold)
BROKEN = [
    (
        "facts:\n  - id: kirov\n    statement: s\n    about: [Kirov]\n    sourse: a book\n",
        "5:5",
        "facts[0].sourse: unknown key 'sourse' (did you mean 'source'?)",
    ),
    (
        "facts:\n  - id: kirov\n    statement: s\n    about: [Kirov]\n",
        "2:5",
        "missing required key 'source'",
    ),
    (
        f"facts:\n{GOOD_FACT}    number: {{value: 3, tolerence: 0.1}}\n",
        "7:24",
        "(did you mean 'tolerance'?)",
    ),
    (
        f"facts:\n{GOOD_FACT}    number: {{tolerance: 0.1}}\n",
        "7:5",
        "facts[0].number: give a value, or both min and max",
    ),
    (
        f"facts:\n{GOOD_FACT}    number: {{value: 3, tolerance: 5}}\n",
        "7:24",
        "number.tolerance: must be less than or equal to 1",
    ),
    (
        DATED.format(date="1934-13-01"),
        "5:11",
        "'1934-13-01' is not a valid date",
    ),
    (
        DATED.format(date="soon"),
        "5:5",
        "facts[0].date: expected a date such as 1934-12-01",
    ),
    (
        DATED.format(date="1938 to 1936"),
        "5:5",
        "ends before it starts",
    ),
    (f"facts:\n{GOOD_FACT}{GOOD_FACT}", "7:5", "facts[1].id: facts[0] already has the id 'kirov'"),
    (
        f"names:\n  Kirov: [Sergei Kirov]\nfacts:\n{GOOD_FACT.replace('[Kirov,', '[Kriov,')}",
        "6:13",
        "facts[0].about[0]: 'Kriov' is not in names (did you mean 'Kirov'?)",
    ),
    (
        f"names:\n  Yezhov: [Ezhov]\n  Ezhov: []\nfacts:\n{GOOD_FACT}",
        "3:3",
        "'Ezhov' is also a spelling of 'Yezhov'",
    ),
    (
        f"facts:\n{GOOD_FACT.replace('kill*', 'ki*ll')}",
        "4:21",
        "facts[0].about[1][0]: 'ki*ll': * may only end a word",
    ),
    (f"facts:\n{GOOD_FACT.replace('kill*', 'k*')}", "4:21", "at least 3 letters before *"),
    (f"facts:\n{GOOD_FACT.replace('[Kirov, [kill*, shot]]', '[]')}", "4:5", "must not be empty"),
    (
        f"facts:\n{GOOD_FACT.replace('id: kirov', 'id: Kirov Murder')}",
        "2:5",
        "facts[0].id: 'Kirov Murder' must start with a lower-case",
    ),
    (
        f"facts:\n{GOOD_FACT}    required: yes please\n",
        "7:5",
        "facts[0].required: expected true or false",
    ),
    ("- just a list\n", "1:1", "a fact sheet must be a mapping"),
    ("facts: []\n", "1:1", "facts: must not be empty"),
]


@pytest.mark.parametrize(("text", "where", "message"), BROKEN)
def test_broken_sheets_name_the_file_line_key_and_fix(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RubricError) as caught:
        load_fact_sheet(path)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:{where}: ") and message in p for p in problems), problems


def test_a_sheet_with_only_facts_and_no_names_is_enough(tmp_path: Path) -> None:
    sheet = load_fact_sheet(write(tmp_path, f"facts:\n{GOOD_FACT}"))
    assert sheet.facts[0].about == [["Kirov"], ["kill*", "shot"]]
    assert sheet.term("Kirov").kind == "name" and sheet.term("shot").kind == "word"


def test_one_item_may_stand_where_a_list_is_expected(tmp_path: Path) -> None:
    text = GOOD_FACT.replace("about: [Kirov, [kill*, shot]]", "about: Kirov") + (
        "    place: Leningrad\n    number: 3\n"
    )
    fact = load_fact_sheet(write(tmp_path, f"facts:\n{text}")).facts[0]
    assert fact.about == [["Kirov"]]
    assert fact.place == ["Leningrad"]
    assert [n.value for n in fact.number] == [3]


RUBRIC = """\
title: T
facts: {facts}
criteria:
  - {{id: facts, name: Facts, kind: facts}}
grades:
  - {{min: 0, grade: U}}
"""


def test_a_rubric_reports_its_fact_sheets_errors_with_the_sheets_line(tmp_path: Path) -> None:
    sheet = write(tmp_path, f"facts:\n{GOOD_FACT}    colour: red\n")
    rubric = write(tmp_path, RUBRIC.format(facts=sheet.name), "r.yaml")
    with pytest.raises(RubricError, match=re.escape(f"{sheet}:7:5: facts[0].colour")):
        load_rubric(str(rubric))


def test_a_rubric_may_list_its_facts_inline(tmp_path: Path) -> None:
    inline = "\n" + GOOD_FACT.replace("  - ", "  - ", 1)
    rubric = load_rubric(str(write(tmp_path, RUBRIC.format(facts=inline), "r.yaml")))
    criterion = rubric.criteria[0]
    assert isinstance(criterion, FactsCriterion)
    assert [f.id for f in fact_sheet_of(criterion).facts] == ["kirov"]


def test_inline_facts_errors_name_the_rubric_and_its_key(tmp_path: Path) -> None:
    inline = "\n" + GOOD_FACT.replace("date: 1934-12-01", "date: someday")
    path = write(tmp_path, RUBRIC.format(facts=inline), "r.yaml")
    with pytest.raises(RubricError, match=re.escape(f"{path}:6:5: facts[0].date: expected a date")):
        load_rubric(str(path))


def test_a_facts_criterion_needs_facts(tmp_path: Path) -> None:
    path = write(tmp_path, RUBRIC.format(facts="[]").replace("facts: []\n", ""), "r.yaml")
    with pytest.raises(RubricError, match=re.escape(f"{path}:3:30: criteria[0].kind: a facts")):
        load_rubric(str(path))


def test_fact_sheet_of_a_criterion_built_by_hand_says_what_is_wrong() -> None:
    criterion = FactsCriterion(id="facts", name="Facts", kind="facts")
    with pytest.raises(ValueError, match="has no fact sheet"):
        fact_sheet_of(criterion)


def test_cli_facts_check_validates_a_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "check", str(SHEET)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"valid \(\d+ facts, \d+ required, \d+ names\)", out)


def test_cli_facts_check_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD_FACT.replace("source:", "sourse:")
    path = write(tmp_path, f"facts:\n{text}{GOOD_FACT}    colour: red\n")
    assert main(["facts", "check", str(path), str(SHEET)]) == 2
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert len(errors) == 3 and all(line.startswith(f"{path}:") for line in errors)
    assert "valid" in captured.out  # the good sheet is still checked


def test_cli_facts_check_tries_a_sheet_on_an_essay(capsys: pytest.CaptureFixture[str]) -> None:
    essay = SAMPLES / "seed_great_terror.txt"
    assert main(["facts", "check", str(SHEET), "--essay", str(essay)]) == 0
    out = capsys.readouterr().out
    assert "[imprecise] Be more precise: you wrote “1934 to 1940”" in out
    assert "[supported] Correct: “December 1st 1934” and “Leonid Nikolayev” are right" in out


def test_the_readme_example_sheet_is_valid_and_works(tmp_path: Path) -> None:
    readme = (ROOT / "rubrics" / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Fact sheets") :]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    sheet = load_fact_sheet(write(tmp_path, example))
    assert [f.id for f in sheet.facts] == ["kirov-assassination", "yezhov-head"]

    from grader.analysers.facts import check_facts, findings_for
    from grader.essay import Essay

    essay = Essay.from_text(
        "Kirov was killed in Leningrad in 1935. Ezhov led the NKVD in 1937.", "s"
    )
    verdicts = {
        (f.fact, f.verdict) for f in findings_for(check_facts(essay, sheet), "facts", essay)
    }
    # The year is wrong and the place right: each is said of its own words.
    assert verdicts == {
        ("kirov-assassination", "contradicted"),
        ("kirov-assassination", "supported"),
        ("yezhov-head", "supported"),
    }


def test_a_colon_in_a_source_says_to_quote_it_and_the_quoted_line_works(tmp_path: Path) -> None:
    line = '    source: Clark, The Sleepwalkers: How Europe Went to War, p. "367"'
    sheet = tmp_path / "war.facts.yaml"
    sheet.write_text(
        "facts:\n  - id: sarajevo\n    statement: Franz Ferdinand was shot in Sarajevo in 1914.\n"
        f"    about: [Franz Ferdinand]\n    date: 1914-06-28\n{line}\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as caught:
        load_fact_sheet(sheet)
    message = str(caught.value)
    assert message.startswith(f"{sheet}:6:") and "put the value in double quotes" in message
    fixed = message.split("double quotes: ", 1)[1]
    assert fixed == r'source: "Clark, The Sleepwalkers: How Europe Went to War, p. \"367\""'
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(line, f"    {fixed}"))
    loaded = load_fact_sheet(sheet)
    assert loaded.facts[0].source == 'Clark, The Sleepwalkers: How Europe Went to War, p. "367"'
