"""End-to-end: the command line on the sample essays, its JSON contract, files and exit codes."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import textstat

from grader.cli import main
from tests.conftest import SAMPLES, SEED, make_docx

CONTRACT_TOTAL = {"score", "max", "percent", "grade"}
CONTRACT_CRITERION = {"id", "kind", "level", "score", "max", "measures"}
CONTRACT_FINDING = {"criterion", "kind", "code", "severity", "message", "start", "end"}


def assert_contract(data: dict[str, Any]) -> None:
    """Check one essay's JSON object carries every field other tools rely on."""
    assert isinstance(data["text"], str)
    assert set(data["total"]) >= CONTRACT_TOTAL
    criteria = data["criteria"]
    assert isinstance(criteria, list) and criteria
    for criterion in criteria:
        assert set(criterion) >= CONTRACT_CRITERION
    findings = data["findings"]
    assert isinstance(findings, list)
    for finding in findings:
        assert set(finding) >= CONTRACT_FINDING
        assert 0 <= finding["start"] <= finding["end"] <= len(data["text"])


def test_check_json_prints_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert_contract(data)
    assert data["text"] == SEED.read_text(encoding="utf-8").strip()
    readability = next(c for c in data["criteria"] if c["kind"] == "readability")
    assert readability["measures"]["flesch_kincaid_grade"] == round(
        textstat.flesch_kincaid_grade(data["text"]), 3
    )
    assert [c["id"] for c in data["criteria"]] == ["structure", "readability", "mechanics"]
    # structure, clarity and mechanics weigh 4, 2 and 2; each of six levels
    assert data["total"]["max"] == 48 and data["total"]["grade"]
    structure = data["criteria"][0]
    assert structure["evidence"] and structure["measure"] == "evidence_score"
    assert {"label", "measure", "value", "share", "weight"} <= set(structure["evidence"][0])


def test_check_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("seed_great_terror — General essay (348 words)")
    assert "Clarity and vocabulary" in out and "grade" in out


def test_check_html_writes_the_report_to_the_given_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["check", str(SEED), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "seed_great_terror" in html and "Readability" in html


def test_check_bad_file_gives_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["check", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err == f"grader: error: {empty}: is empty\n"


def test_check_bad_rubric_exits_2_before_reading_the_essay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("title: [\n")
    assert main(["check", str(tmp_path / "missing.txt"), "--rubric", str(rubric)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"grader: error: {rubric}:2:1: YAML syntax error")
    assert err.count("\n") == 1


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2


def test_mark_samples_writes_reports_grades_and_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["mark", str(SAMPLES), "--out", str(out), "--quiet"]) == 0
    samples = sorted(SAMPLES.glob("*.txt"))
    for sample in samples:
        assert (out / f"{sample.stem}.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    for sample in samples:
        assert f'href="{sample.stem}.html"' in index
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [Path(r["file"]).name for r in results] == [s.name for s in samples]
    for result in results:
        assert_contract(result)
    with (out / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["student"] for r in rows] == [s.stem for s in samples]
    assert set(rows[0]) >= {"student", "readability", "total", "percent", "grade"}
    assert not list(out.glob(".*.tmp"))


def test_mark_goes_on_past_bad_files_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = tmp_path / "essays"
    shutil.copytree(SAMPLES, essays)
    (essays / "corrupt.docx").write_bytes(b"PK\x03\x04 not a zip")
    (essays / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (essays / "empty.md").write_text("")
    out = tmp_path / "out"
    assert main(["mark", str(essays), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "3 could not be marked" in captured.out
    assert f"{essays / 'corrupt.docx'}: is a damaged Word document" in captured.out
    assert len(list(out.glob("*.html"))) == len(list(SAMPLES.glob("*.txt"))) + 1  # + index
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(results) == len(list(SAMPLES.glob("*.txt")))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Could not be marked" in index and "photo.txt" in index and "is a PNG image" in index


def test_mark_accounts_for_every_file_of_a_mixed_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_loading import RTF, make_odt

    essays = tmp_path / "essays"
    essays.mkdir()
    shutil.copy(SEED, essays / "ana.txt")
    make_docx(essays / "ben.docx", SEED.read_text(encoding="utf-8").split("\n\n"))
    make_odt(essays / "cat.odt", "Why did Stalin start the Great Terror?", ["Kirov died."] * 3)
    (essays / "dev.rtf").write_bytes(RTF)
    (essays / "eve.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    out = tmp_path / "out"
    assert main(["mark", str(essays), "--out", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "Marked 4 essays" in printed
    assert f"{essays / 'eve.doc'}: is an old-style Word document (.doc)" in printed
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(Path(r["file"]).name for r in results) == [
        "ana.txt", "ben.docx", "cat.odt", "dev.rtf"
    ]  # fmt: skip
    rtf = next(r for r in results if r["file"].endswith("dev.rtf"))
    assert "\\par" not in rtf["text"] and rtf["text"].startswith("Kirov was killed")
    with (out / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"ana", "ben", "cat", "dev", "eve"}
    assert rows["eve"]["grade"] == "" and rows["eve"]["problem"].startswith("not marked: is an")
    assert rows["ana"]["problem"] == ""
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "eve.doc" in index and "old-style Word document" in index


def test_mark_on_a_missing_folder_exits_2_before_marking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["mark", str(tmp_path / "no-such-class"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"grader: error: {tmp_path / 'no-such-class'}: no such file or folder\n"
    assert not out.exists()


def test_mark_with_nothing_to_mark_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mark", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "folder holds no essay files" in capsys.readouterr().out


def test_same_student_name_twice_gets_two_reports(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "sam.txt")
    out = tmp_path / "out"
    assert main(["mark", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.glob("sam*.html")) == ["sam-2.html", "sam.html"]


def test_python_m_grader_and_help_with_examples() -> None:
    for command in (["check", "--help"], ["mark", "--help"]):
        done = subprocess.run(
            [sys.executable, "-m", "grader", *command], capture_output=True, text=True, check=True
        )
        assert "examples:" in done.stdout
    grader = Path(sys.executable).parent / "grader"
    done = subprocess.run([str(grader), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("grader ")


def test_check_says_what_to_fix_first_and_where_in_plain_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(SEED), "--rubric", "history-essay-great-terror"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    first = lines.index("Fix this first:")
    rest = lines.index("Everything else, by criterion:")
    assert first < rest
    fixes = [line for line in lines[first + 1 : rest] if line.strip()]
    assert 3 <= len(fixes) <= 5 and fixes[0].startswith("  1. ")
    assert all(
        line.endswith(")") and ("(paragraph" in line or "(the whole essay)" in line)
        for line in fixes
    )
    # the scraped web-page text is the first thing to fix, not item 15 of 25
    assert "show more content" in fixes[0]
    for jargon in ("[error]", "[warning]", "[info]", "US grade", "conjunctive/linking adverb"):
        assert jargon not in out, jargon
    assert "    Fix (paragraph " in out or "    Improve (paragraph " in out
