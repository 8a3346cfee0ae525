"""`grader facts draft`: a fact sheet proposed from a teacher's notes on the Apollo programme."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.cli import main
from grader.cli.errors import EXIT_FAILURES, EXIT_OK, EXIT_USAGE
from grader.essay import Essay
from grader.facts.claims import When, find_amounts, find_dates, parse_when
from grader.facts.drafting import propose, render, sheet_date
from grader.facts.sheet import Fact, FactSheet, load_fact_sheet, validate_fact_sheet
from grader.io.yamlfile import MarkedDict, parse_yaml
from tests.conftest import make_docx

SOURCE = Path(__file__).parent / "facts_draft" / "source.txt"
# Numbers that are part of a name, not a value: "Apollo 11", "Vostok 1", "Year 10".
NAME_NUMBER = re.compile(r"\b(?:Apollo|Vostok|Sputnik|Luna|Year|N)\s?\d+(?:,\s\d+|\sand\s\d+)*")


def draft(tmp_path: Path, source: Path = SOURCE, *extra: str) -> tuple[int, Path]:
    """Run `grader facts draft` on a source and return its exit code and the sheet's path."""
    out = tmp_path / "apollo.facts.yaml"
    return main(["facts", "draft", str(source), "-o", str(out), *extra]), out


@pytest.fixture(scope="module")
def sheet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Draft the sheet from the Apollo notes once for the tests that read it."""
    code, out = draft(tmp_path_factory.mktemp("draft"))
    assert code == EXIT_OK
    return out


@pytest.fixture(scope="module")
def sheet(sheet_file: Path) -> FactSheet:
    """Load the drafted sheet the way `grader facts check` does."""
    return load_fact_sheet(sheet_file)


def fact_from(sheet: FactSheet, words: str) -> Fact:
    """Return the one fact whose statement holds these words."""
    found = [f for f in sheet.facts if words in f.statement]
    assert len(found) == 1, [f.statement for f in found]
    return found[0]


def days(when: When) -> tuple[date, date]:
    """Return the first and last day of a date, whatever it is called."""
    return when.span.start, when.span.end


def line_of(fact: Fact) -> str:
    """Return the line of the notes a fact's source names."""
    found = re.fullmatch(r"source\.txt, line (\d+)", fact.source)
    assert found, fact.source
    return SOURCE.read_text(encoding="utf-8").splitlines()[int(found[1]) - 1]


def test_the_draft_validates_and_the_cli_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = draft(tmp_path)
    captured = capsys.readouterr()
    assert code == EXIT_OK
    assert f"wrote {out}" in captured.out and "grader facts check" in captured.out
    assert main(["facts", "check", str(out)]) == EXIT_OK
    assert "valid (" in capsys.readouterr().out


def test_most_dated_or_numbered_sentences_become_facts(sheet: FactSheet) -> None:
    essay = Essay.from_text(SOURCE.read_text(encoding="utf-8"), "notes")
    valued = [
        text
        for s in essay.sentences
        for text in re.split(r"\n(?=- )", essay.text[s.start : s.end])  # list items
        if re.search(r"\d|\b(?:Six|Twelve|Three|three|ten|twenty)\b", NAME_NUMBER.sub("", text))
    ]
    assert len(valued) >= 40
    assert len(sheet.facts) >= 0.85 * len(valued)
    assert all(not f.required for f in sheet.facts)


def test_every_fact_points_at_the_line_that_holds_its_date_and_number(sheet: FactSheet) -> None:
    for fact in sheet.facts:
        line = line_of(fact)
        assert fact.statement[-25:] in line, fact.id
        written = [days(c.when) for c in find_dates(line)]
        for when in fact.date:
            assert days(when) in written, (fact.id, when.label)
        amounts = find_amounts(line, [(c.start, c.end) for c in find_dates(line)])
        for number in fact.number:
            assert any(a.value == number.value and a.percent == number.percent for a in amounts)


def test_the_comment_above_each_fact_quotes_its_line(sheet_file: Path, sheet: FactSheet) -> None:
    text = sheet_file.read_text(encoding="utf-8")
    assert text.startswith("# A DRAFT fact sheet") and "grader facts check" in text
    comments = re.findall(r"^  # line (\d+): (.*)$", text, re.MULTILINE)
    assert len(comments) == len(sheet.facts)
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for number, quoted in comments:
        assert quoted[:40] in lines[int(number) - 1]


def test_names_are_listed_with_their_short_forms(sheet: FactSheet) -> None:
    assert sheet.names["Kennedy"] == ["John F. Kennedy"]
    assert sheet.names["Armstrong"] == ["Neil Armstrong"]
    assert "Apollo 11" in sheet.names and "Saturn V" in sheet.names
    for fact in sheet.facts:
        for entry in [*fact.about[0], *fact.place, *fact.person]:
            assert not entry[:1].isupper() or entry in sheet.names, (fact.id, entry)


def test_a_fact_has_its_subject_event_date_place_and_people(sheet: FactSheet) -> None:
    kennedy = fact_from(sheet, "Kennedy was assassinated")
    assert kennedy.id == "kennedy-assassinate"
    assert kennedy.about == [["Kennedy"], ["assassinat*"]]
    assert [w.label for w in kennedy.date] == ["22 November 1963"] and kennedy.place == ["Dallas"]
    launch = fact_from(sheet, "Apollo 11 lifted off")
    assert launch.about == [["Apollo 11"], ["lift* off"]]
    assert launch.place == ["Kennedy Space Center", "Florida"]
    apollo_8 = fact_from(sheet, "Apollo 8 was launched")
    assert apollo_8.person == ["Borman", "Lovell", "Anders"]
    born = fact_from(sheet, "was born in Wapakoneta")
    assert born.about == [["Armstrong"], ["born", "birth"]] and born.place == ["Wapakoneta", "Ohio"]


def test_he_and_it_stand_for_the_subject_before(sheet: FactSheet) -> None:
    speech = fact_from(sheet, "repeated the challenge")
    assert speech.about[0] == ["Kennedy"]
    assert speech.statement.startswith("John F. Kennedy repeated")
    rocket = fact_from(sheet, "110 metres tall")
    assert rocket.about == [["Saturn V"], ["stand*", "stood", "weigh*"]]


def test_numbers_keep_percentages_tolerances_and_what_they_count(sheet: FactSheet) -> None:
    budget = fact_from(sheet, "4.4% of the federal budget")
    assert budget.number[0].percent and budget.number[0].value == 4.4
    assert budget.number[0].tolerance == 0.1  # "about"
    rocket = fact_from(sheet, "110 metres tall")
    assert [(n.value, n.tolerance, n.of) for n in rocket.number] == [
        (110, 0.05, ["metr*"]),
        (2800, 0.1, ["tonn*"]),
    ]
    assert fact_from(sheet, "Twelve astronauts").number[0].value == 12
    cancelled = fact_from(sheet, "Apollo 18, 19 and 20")
    assert not cancelled.number  # the missions' numbers are names, not values
    assert [w.label for w in cancelled.date] == ["1970 to 1973"]  # the early 1970s


def test_advice_about_the_lesson_is_not_a_fact(sheet: FactSheet) -> None:
    assert not [f for f in sheet.facts if f.statement.startswith("Students")]
    assert all(w.label != "1968" for f in sheet.facts for w in f.date)


def test_a_drafted_sheet_checks_an_essay(
    sheet_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text(
        "Kennedy was assassinated in Dallas on 22 November 1963. "
        "Apollo 11 lifted off from Florida on 16 July 1968.\n",
        encoding="utf-8",
    )
    assert main(["facts", "check", str(sheet_file), "--essay", str(essay)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "[supported]" in out and "22 November 1963" in out
    assert "[contradicted]" in out and "16 July 1969" in out


@pytest.mark.parametrize(
    "text",
    [
        "in 1969",
        "July 1969",
        "20 July 1969",
        "the 1960s",
        "from 1936 to 1938",
        "summer 1969",
        "early March 1969",
        "the early 1970s",
        "December 1941 to May 1945",
        "mid-1930s",
    ],
)
def test_a_date_is_written_the_way_the_sheet_reads_it_back(text: str) -> None:
    (claim,) = find_dates(text)
    assert days(parse_when(sheet_date(claim.when))) == days(claim.when)


def test_awkward_notes_still_give_a_valid_sheet_with_the_right_lines(tmp_path: Path) -> None:
    notes = tmp_path / "tudors.md"
    notes.write_bytes(
        b"\r\n\r\n# The Tudors: key dates\r\n\r\n"
        b"Henry VIII became king on 21 April 1509.\r\n"
        b'* The Act of Supremacy: "Henry is head of the Church" was passed in 1534.\r\n'
        b"1. Anne Boleyn was executed at the Tower of London on 19 May 1536.\r\n"
        b"2. #1 on the list: about 72,000 people were executed under Henry VIII.\r\n"
        b"Roughly 90% of the English were still Catholic in 1540.\r\n"
    )
    code, out = draft(tmp_path, notes)
    assert code == EXIT_OK
    sheet = load_fact_sheet(out)
    sources = {f.statement[:12]: f.source for f in sheet.facts}
    assert sources["Henry VIII b"] == "tudors.md, line 5"
    assert sources["Anne Boleyn "] == "tudors.md, line 7"
    assert sources["Roughly 90% "] == "tudors.md, line 9"
    supremacy = fact_from(sheet, "Act of Supremacy")
    assert supremacy.source == "tudors.md, line 6" and supremacy.statement.startswith("The Act")
    assert fact_from(sheet, "90%").number[0].percent
    assert sheet.title == "The Tudors: key dates"


def test_a_wrapped_sentence_points_at_its_first_line_and_keeps_its_names(tmp_path: Path) -> None:
    notes = tmp_path / "wrapped.txt"
    notes.write_text(
        "The Tudors\n\nHenry VIII became king in 1509. He married Catherine of\n"
        "Aragon in June 1509. The Dissolution closed about 800 religious\nhouses by 1541.\n",
        encoding="utf-8",
    )
    code, out = draft(tmp_path, notes)
    assert code == EXIT_OK
    sheet = load_fact_sheet(out)
    married = fact_from(sheet, "married")
    assert married.statement == "Henry VIII married Catherine of Aragon in June 1509."
    assert married.source == "wrapped.txt, line 3" and married.person == ["Catherine of Aragon"]
    assert fact_from(sheet, "Dissolution").source == "wrapped.txt, line 4"


def test_a_word_document_is_drafted_by_paragraph(tmp_path: Path) -> None:
    notes = tmp_path / "notes.docx"
    make_docx(notes, ["Apollo notes", "Apollo 11 landed on the Moon on 20 July 1969."])
    code, out = draft(tmp_path, notes)
    assert code == EXIT_OK
    (fact,) = load_fact_sheet(out).facts
    assert fact.source == "notes.docx, paragraph 2"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    """Return the one line a failed command printed, after checking it is only one."""
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_bad_notes_give_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert draft(tmp_path, missing)[0] == EXIT_FAILURES
    assert f"{missing}: no such file" in one_error_line(capsys)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert draft(tmp_path, empty)[0] == EXIT_FAILURES
    assert f"{empty}: is empty" in one_error_line(capsys)
    undated = tmp_path / "undated.txt"
    undated.write_text("The Moon landing was a triumph. It inspired many.\n", encoding="utf-8")
    assert draft(tmp_path, undated)[0] == EXIT_FAILURES
    assert f"{undated}: no dated or numbered statements found" in one_error_line(capsys)
    odt = tmp_path / "notes.odt"
    odt.write_bytes(b"PK\x03\x04" + bytes(100))
    assert draft(tmp_path, odt)[0] == EXIT_FAILURES
    assert f"{odt}: is a damaged OpenDocument file" in one_error_line(capsys)
    assert not (tmp_path / "apollo.facts.yaml").exists()


def test_an_existing_sheet_is_only_replaced_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "apollo.facts.yaml"
    out.write_text("my own sheet\n", encoding="utf-8")
    assert draft(tmp_path)[0] == EXIT_USAGE
    assert f"{out}: already exists; use --force" in one_error_line(capsys)
    assert out.read_text(encoding="utf-8") == "my own sheet\n"
    assert draft(tmp_path, SOURCE, "--force")[0] == EXIT_OK
    assert load_fact_sheet(out).facts
    capsys.readouterr()
    assert main(["facts", "draft", str(SOURCE), "-o", str(SOURCE), "--force"]) == EXIT_USAGE
    assert "is the source itself" in one_error_line(capsys)


# Pieces of notes that are hard to write as YAML or to parse: quotes, colons, YAML's special
# characters, list marks, names with digits, accents, percentages and shared surnames.
PIECES = st.sampled_from(
    [
        "Kennedy",
        "Robert Kennedy",
        "John F. Kennedy",
        "Apollo 11",
        "Sergei Kirov",
        "Kirov",
        "the Moon",
        "Coyoacán",
        "Yes",
        "No",
        "NASA",
        '"The Sleepwalkers: How Europe Went"',
        "was shot",
        "landed",
        "in Dallas",
        "at Rice University",
        "on 1 December 1934",
        "in 1969",
        "from 1936 to 1938",
        "the 1960s",
        "about 4.4%",
        "681,692",
        "three",
        "#1",
        "&",
        "*",
        "!",
        "@",
        "%",
        ":",
        " - ",
        "\n- ",
        "\n1. ",
        "\n\n",
        ".",
        ",",
        "’s",
        "he",
        "It",
        "They",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=30))
def test_any_notes_give_a_sheet_that_validates(pieces: list[str]) -> None:
    text = " ".join(pieces).strip() or "x"
    essay = Essay.from_text(text, "notes")
    if not essay.text:
        return
    draft = propose(essay, "notes.txt", lambda at: f"line {essay.text.count(chr(10), 0, at) + 1}")
    rendered = render(draft, "notes.facts.yaml")
    assert rendered.facts + rendered.dropped == len(draft.facts)
    data = parse_yaml(rendered.text, "notes.facts.yaml")
    assert isinstance(data, MarkedDict)
    if rendered.facts:
        assert len(validate_fact_sheet(data, "notes.facts.yaml").facts) == rendered.facts
