"""Learning platforms' downloads: Moodle's and Canvas's naming schemes, read as they are."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from grader.cli import main
from grader.io.platforms import open_download
from grader.io.platforms.sheet import SheetError, read_sheet
from tests.test_batch import QUICK_RUBRIC
from tests.web_server import Server

ESSAY = (
    "The harvest failed in the north that year. Families left their villages for the towns, "
    "where work was scarce and bread was dear.\n\nBy spring the council opened kitchens in "
    "every district. It was too late for many, but the kitchens kept thousands alive."
)
OTHER = (
    "My grandmother kept bees behind the school. Each summer she sold the honey at the market "
    "and gave the money to the church.\n\nThe bees taught me patience. I still remember the "
    "smell of smoke and wax on her hands."
)
THIRD = (
    "Rivers shape the land slowly. Water wears the rock away grain by grain, and floods carry "
    "the soil down to the plains.\n\nFarmers have always followed the rivers. The richest "
    "fields in the valley lie where the old floods once spread."
)
ONLINE = f"<p>{THIRD.split(chr(10))[0]}</p><p>{THIRD.split(chr(10))[-1]}</p>"

# (scheme, names in the zip, {file in the zip: text}, expected (student, id) pairs,
# what the terminal names). Each name follows the platform's code, cited in its module.
SCHEMES = [
    (
        "moodle-folders",
        {
            "Ann Lee_12345_assignsubmission_file/essay.txt": ESSAY,
            "Bo Chan_12346_assignsubmission_file/essay.txt": OTHER,
            "Cy Diaz_12347_assignsubmission_onlinetext/onlinetext.html": ONLINE,
        },
        {("Ann Lee", "12345"), ("Bo Chan", "12346"), ("Cy Diaz", "12347")},
        "Moodle submissions (folders)",
    ),
    (
        "moodle-old-folders",  # Moodle before 4.x ended each folder in "_"
        {
            "Ann Lee_12345_assignsubmission_file_/My essay.txt": ESSAY,
            "Ann Lee_12345_assignsubmission_onlinetext_/onlinetext.html": ONLINE,
            "Bo Chan_12346_assignsubmission_file_/essay.txt": OTHER,
        },
        {("Ann Lee", "12345"), ("Bo Chan", "12346")},
        "Moodle submissions (folders)",
    ),
    (
        "moodle-flat",
        {
            "Ann Lee_12345_assignsubmission_file_essay.txt": ESSAY,
            "Bo Chan_12346_assignsubmission_file_essay.txt": OTHER,
            "Cy Diaz_12347_assignsubmission_onlinetext_onlinetext.html": ONLINE,
        },
        {("Ann Lee", "12345"), ("Bo Chan", "12346"), ("Cy Diaz", "12347")},
        "Moodle submissions (flat)",
    ),
    (
        "moodle-blind",
        {
            "Participant_12345_assignsubmission_file/essay.txt": ESSAY,
            "Participant_12346_assignsubmission_file/essay.txt": OTHER,
        },
        {("Participant 12345", "12345"), ("Participant 12346", "12346")},
        "Moodle submissions (folders, blind marking)",
    ),
    (
        "moodle-groups",
        {
            "Team Red_41_assignsubmission_file/essay.txt": ESSAY,
            "Team Blue_42_assignsubmission_file/essay.txt": OTHER,
            "Default group_assignsubmission_file/essay.txt": THIRD,
        },
        {("Team Red", "41"), ("Team Blue", "42"), ("Default group", "")},
        "Moodle submissions (folders)",
    ),
    (
        "canvas",
        {
            "leeann_340934_208490284_essay.txt": ESSAY,
            "chanbo_340935_208490290_essay.txt": OTHER,
            "diazcy_340936_text.html": ONLINE,
        },
        {("leeann", "340934"), ("chanbo", "340935"), ("diazcy", "340936")},
        "Canvas submissions",
    ),
    (
        "canvas-late",
        {
            "leeann_LATE_340934_208490284_essay.txt": ESSAY,
            "chanbo_340935_208490290_essay.txt": OTHER,
        },
        {("leeann", "340934"), ("chanbo", "340935")},
        "Canvas submissions",
    ),
    (
        "canvas-anonymous",
        {
            "anon_Xy3kP_208490284_essay.txt": ESSAY,
            "LATE_anon_Qw8zR_208490290_essay.txt": OTHER,
            "anon_Mn4vB_text.html": ONLINE,
        },
        {("anon_Xy3kP", "anon_Xy3kP"), ("anon_Qw8zR", "anon_Qw8zR"), ("anon_Mn4vB", "anon_Mn4vB")},
        "Canvas submissions (anonymous grading)",
    ),
]


def build_zip(path: Path, files: dict[str, str]) -> Path:
    """Write a zip holding `files` as a platform's download would."""
    with zipfile.ZipFile(path, "w") as bundle:
        for name, text in files.items():
            bundle.writestr(name, text)
    return path


@pytest.mark.parametrize(
    ("files", "expected", "scheme"),
    [case[1:] for case in SCHEMES],
    ids=[case[0] for case in SCHEMES],
)
def test_each_scheme_gives_names_and_ids(
    tmp_path: Path, files: dict[str, str], expected: set[tuple[str, str]], scheme: str
) -> None:
    archive = build_zip(tmp_path / "download.zip", files)
    _, download = open_download(archive, tmp_path / "unzipped")
    assert download is not None
    assert download.scheme == scheme
    assert {(s.student, s.platform_id) for s in download.submissions} == expected


def test_a_file_and_online_text_are_one_student_the_file_marked(tmp_path: Path) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[1][1])
    _, download = open_download(archive, tmp_path / "unzipped")
    assert download is not None
    ann = next(s for s in download.submissions if s.student == "Ann Lee")
    assert ann.essay.name == "My essay.txt"
    assert [p.name for p in ann.others] == ["onlinetext.html"]
    assert ann.folder == "Ann Lee_12345_assignsubmission_file_"


def test_a_folder_of_plain_essays_is_no_download(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ann.txt").write_text(ESSAY, encoding="utf-8")
    _, download = open_download(tmp_path / "class", tmp_path / "unzipped")
    assert download is None


def test_a_damaged_zip_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "download.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    rubric = tmp_path / "quick.yaml"
    rubric.write_text(QUICK_RUBRIC, encoding="utf-8")
    code = main(
        [
            "mark",
            str(tmp_path / "download.zip"),
            "--rubric",
            str(rubric),
            "--out",
            str(tmp_path / "out"),
            "--jobs",
            "1",
            "--quiet",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "download.zip: cannot be unpacked as a zip" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("unpacked", [False, True], ids=["zip", "folder"])
def test_grader_mark_three_essay_txt_are_three_students(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], unpacked: bool
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    given = archive
    if unpacked:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(tmp_path / "download")
        given = tmp_path / "download"
    rubric = tmp_path / "quick.yaml"
    rubric.write_text(QUICK_RUBRIC, encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["mark", str(given), "--rubric", str(rubric), "--out", str(out), "--jobs", "1", "--quiet"]
    )
    said = capsys.readouterr().out
    assert code == 0
    assert "Recognised a Moodle submissions (folders): 3 students" in said
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted((r["student"], r["platform_id"]) for r in results) == [
        ("Ann Lee", "12345"),
        ("Bo Chan", "12346"),
        ("Cy Diaz", "12347"),
    ]
    cy = next(r for r in results if r["student"] == "Cy Diaz")
    assert cy["text"].startswith("Rivers shape the land slowly.") and "<p>" not in cy["text"]
    assert "platform id 12345" in (out / "Ann_Lee.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.glob("*.html")) == [
        "Ann_Lee.html",
        "Bo_Chan.html",
        "Cy_Diaz.html",
        "index.html",
    ]


def mark(tmp_path: Path, given: Path, *options: str) -> tuple[int, Path]:
    """Run grader mark on a download with the quick rubric; return its code and folder."""
    rubric = tmp_path / "quick.yaml"
    rubric.write_text(QUICK_RUBRIC, encoding="utf-8")
    out = tmp_path / "out"
    args = ["mark", str(given), "--rubric", str(rubric), "--out", str(out), "--jobs", "1"]
    code = main([*args, "--quiet", *options])
    return code, out


def percents(out: Path) -> dict[str, float]:
    """Read each platform id's percentage from results.json."""
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {r.get("platform_id", ""): r["total"]["percent"] for r in results}


def quoted(value: str) -> str:
    """Quote a CSV value as RFC 4180 does."""
    return '"' + value.replace('"', '""') + '"'


# Moodle's grading worksheet (mod/assign gradingtable export) in English: UTF-8 with a BOM,
# LF endings, quoted headers; {grade_N} and {comment_N} are the cells grader fills.
MOODLE_EN = (
    '\ufeffIdentifier,"Full name","Email address",Status,Grade,"Maximum Grade",'
    '"Grade can be changed","Last modified (submission)","Last modified (grade)",'
    '"Feedback comments"\n'
    '"Participant 12345","Ann Lee",ann@example.org,"Submitted for grading",{grade_1},'
    '100.00,Yes,"Monday, 7 December 2026, 9:00 AM",-,{comment_1}\n'
    '"Participant 12347","Cy Diaz",cy@example.org,"Submitted for grading",{grade_2},'
    '100.00,Yes,"Monday, 7 December 2026, 9:05 AM",-,{comment_2}\n'
    '"Participant 99999","Dee Ng",dee@example.org,"No submission",,100.00,Yes,-,-,\n'
)
# The same worksheet from a French Moodle, saved again by a spreadsheet: semicolons,
# Windows-1252, CRLF, a decimal comma and a scale out of 20.
MOODLE_FR = (
    "Identifiant;Nom complet;Adresse de courriel;Statut;Note;Note maximale;"
    "La note peut être modifiée;Dernière modification (travail remis);"
    "Dernière modification (note);Feedback par commentaires\r\n"
    "Participant 12345;Ann Lee;ann@example.org;Remis pour évaluation;{grade_1};20,00;Oui;"
    "lundi 7 décembre 2026, 09:00;-;{comment_1}\r\n"
    "Participant 12347;Cy Diaz;cy@example.org;Remis pour évaluation;{grade_2};20,00;Oui;"
    "lundi 7 décembre 2026, 09:05;-;{comment_2}\r\n"
    "Participant 99999;Dee Ng;dee@example.org;Aucun devoir;;20,00;Oui;-;-;\r\n"
)

# A German Moodle's worksheet with a group column (so every later column moves one place) and
# identifiers written without a space, as seen in worksheets exported in use.
MOODLE_DE = (
    "ID,Vollständiger Name,E-Mail-Adresse,Status,Gruppe,Bewertung,Bestwertung,"
    "Bewertung kann geändert werden,Zuletzt geändert (Abgabe),Zuletzt geändert (Bewertung),"
    "Feedback als Kommentar\n"
    "Teilnehmer/in12345,Ann Lee,ann@example.org,Zur Bewertung abgegeben,10B,{grade_1},10,Ja,"
    '"Montag, 7. Dezember 2026, 09:00",-,{comment_1}\n'
    "Teilnehmer/in12347,Cy Diaz,cy@example.org,Zur Bewertung abgegeben,10B,{grade_2},10,Ja,"
    '"Montag, 7. Dezember 2026, 09:05",-,{comment_2}\n'
    "Teilnehmer/in99999,Dee Ng,dee@example.org,Keine Abgabe,10B,,10,Ja,-,-,\n"
)


@pytest.mark.parametrize(
    ("template", "encoding", "delimiter", "top", "columns"),
    [
        (MOODLE_EN, "utf-8", ",", 100.0, (4, 9)),
        (MOODLE_FR, "cp1252", ";", 20.0, (4, 9)),
        (MOODLE_DE, "utf-8", ",", 10.0, (5, 10)),
    ],
    ids=["english", "french", "german"],
)
def test_moodle_worksheet_comes_back_with_only_its_marks_filled(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    template: str,
    encoding: str,
    delimiter: str,
    top: float,
    columns: tuple[int, int],
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    sheet = tmp_path / "worksheet.csv"
    blank = {f"{k}_{n}": "" for k in ("grade", "comment") for n in (1, 2)}
    sheet.write_bytes(template.format(**blank).encode(encoding))
    code, out = mark(tmp_path, archive, "--gradebook", str(sheet))
    said = capsys.readouterr().out
    assert code == 0
    written = (out / "worksheet.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(written.decode(encoding), newline=""), delimiter=delimiter))
    marks = percents(out)
    grade, comment = columns
    grade_1, comment_1 = rows[1][grade], rows[1][comment]
    grade_2, comment_2 = rows[2][grade], rows[2][comment]
    assert float(grade_1.replace(",", ".")) == pytest.approx(marks["12345"] * top / 100, abs=0.06)
    assert float(grade_2.replace(",", ".")) == pytest.approx(marks["12347"] * top / 100, abs=0.06)
    assert comment_1.startswith("Mark: ") and "Ann_Lee.html" in comment_1
    assert "Cy_Diaz.html" in comment_2
    expected = template.format(
        grade_1=grade_1, grade_2=grade_2, comment_1=quoted(comment_1), comment_2=quoted(comment_2)
    )
    assert written == expected.encode(encoding)  # every other byte as exported
    assert "No essay for the gradebook's row Dee Ng (99999)." in said
    assert "No gradebook row for Bo Chan." in said


def test_moodle_scale_keeps_its_grades_and_gets_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    sheet = tmp_path / "worksheet.csv"
    template = (
        "ID,Bewertung,Skala,Zuletzt geändert (Bewertung),Feedback als Kommentar\n"
        'Teilnehmer/in12345,bestanden,"nicht bestanden\nbestanden",,{comment}\n'
    )
    sheet.write_text(template.format(comment=""), encoding="utf-8")
    code, out = mark(tmp_path, archive, "--gradebook", str(sheet))
    assert code == 0
    written = (out / "worksheet.csv").read_text(encoding="utf-8")
    comment = list(csv.reader(io.StringIO(written)))[1][4]
    assert comment.startswith("Mark: ")
    assert written == template.format(comment=quoted(comment))
    assert "graded on a scale: grades left for you" in capsys.readouterr().out


CANVAS_GRADEBOOK = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Famine essay (4411),Current Score,Final Score\r\n"
    "    Points Possible,,,,,20.00,(read only),(read only)\r\n"
    '"Lee, Ann",340934,s1001,ann.lee,10B,{ann},,\r\n'
    '"Chan, Bo",340935,s1002,bo.chan,10B,{bo},,\r\n'
    '"Ng, Dee",340999,s1004,dee.ng,10B,,,\r\n'
)


def test_canvas_gradebook_gets_points_and_lists_the_unmatched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "submissions.zip", SCHEMES[5][1])
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_text(CANVAS_GRADEBOOK.format(ann="", bo=""), encoding="utf-8", newline="")
    code, out = mark(tmp_path, archive, "--gradebook", str(gradebook))
    said = capsys.readouterr().out
    assert code == 0
    written = (out / "gradebook.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(written.decode(), newline="")))
    marks = percents(out)
    assert float(rows[2][5]) == pytest.approx(marks["340934"] / 5, abs=0.06)
    assert float(rows[3][5]) == pytest.approx(marks["340935"] / 5, abs=0.06)
    assert written == CANVAS_GRADEBOOK.format(ann=rows[2][5], bo=rows[3][5]).encode()
    assert "No essay for the gradebook's row Ng, Dee (340999)." in said
    assert "No gradebook row for diazcy." in said


def test_canvas_points_option_sets_the_scale(tmp_path: Path) -> None:
    archive = build_zip(tmp_path / "submissions.zip", SCHEMES[5][1])
    gradebook = tmp_path / "gradebook.csv"
    no_points = CANVAS_GRADEBOOK.replace(
        "    Points Possible,,,,,20.00,(read only),(read only)\r\n", ""
    )
    gradebook.write_text(no_points.format(ann="", bo=""), encoding="utf-8", newline="")
    code, out = mark(tmp_path, archive, "--gradebook", str(gradebook), "--points", "50")
    assert code == 0
    rows = list(csv.reader(io.StringIO((out / "gradebook.csv").read_text(), newline="")))
    assert float(rows[1][5]) == pytest.approx(percents(out)["340934"] / 2, abs=0.06)


def test_canvas_gradebook_without_points_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "submissions.zip", SCHEMES[5][1])
    gradebook = tmp_path / "gradebook.csv"
    no_points = CANVAS_GRADEBOOK.replace(
        "    Points Possible,,,,,20.00,(read only),(read only)\r\n", ""
    )
    gradebook.write_text(no_points.format(ann="", bo=""), encoding="utf-8", newline="")
    code, out = mark(tmp_path, archive, "--gradebook", str(gradebook))
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"{gradebook}: says no points for 'Famine essay (4411)'; give them with --points N" in err
    )
    assert "Traceback" not in err
    assert (out / "results.json").is_file()  # the essays were marked all the same


def test_classroom_roster_gives_email_and_grade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Last Name,First Name,Email Address\nLee,Ann,ann@school.org\nChan,Bo,bo@school.org\n"
        "Ray,Zed,zed@school.org\n",
        encoding="utf-8",
    )
    code, out = mark(tmp_path, archive, "--roster", str(roster), "--points", "10")
    said = capsys.readouterr().out
    assert code == 0
    rows = list(csv.reader(io.StringIO((out / "classroom-grades.csv").read_text())))
    marks = percents(out)
    assert rows[0] == ["Email Address", "Grade"]
    grades = {email: float(grade) for email, grade in rows[1:]}
    assert grades.keys() == {"ann@school.org", "bo@school.org"}
    assert grades["ann@school.org"] == pytest.approx(marks["12345"] / 10, abs=0.06)
    assert "No essay for the roster's row Ray Zed." in said
    assert "No roster row for Cy Diaz." in said


@pytest.mark.parametrize("case", [0, 1, 2, 3, 4], ids=[c[0] for c in SCHEMES[:5]])
def test_moodle_feedback_zip_matches_the_submission_folders(tmp_path: Path, case: int) -> None:
    files = SCHEMES[case][1]
    archive = build_zip(tmp_path / "download.zip", files)
    code, out = mark(tmp_path, archive)
    assert code == 0
    with zipfile.ZipFile(out / "moodle-feedback.zip") as bundle:
        names = bundle.namelist()
    _, download = open_download(archive, tmp_path / "again")
    assert download is not None
    folders = {s.folder for s in download.submissions}
    if download.submissions[0].flat:  # PREFIX_assignsubmission_TYPE_REPORT, as Moodle reads it
        back = {next(f for f in folders if n.startswith(f + "_")) for n in names}
    else:  # PREFIX_assignsubmission_TYPE/REPORT: the folder of the marked file
        back = {n.split("/")[0] for n in names}
        assert folders == {s.essay.parent.name for s in download.submissions}
    assert back == folders
    assert len(names) == len(download.submissions)
    assert all(n.endswith(".html") for n in names)


# (file bytes, cells to fill, the bytes expected): only those cells change.
SHEET_CASES = [
    (b'a,"b, c",d\r\nx,,z\r\n', {(1, 1): "7"}, b'a,"b, c",d\r\nx,7,z\r\n'),
    (b'a;b;c\n1;"";3\n', {(1, 1): "4,5"}, b'a;b;c\n1;"4,5";3\n'),  # a quoted cell stays quoted
    (b"a,b,c\n1\n", {(1, 2): "x"}, b"a,b,c\n1,,x\n"),  # a short row gets its missing cells
    (b"\xef\xbb\xbfa,b\n1,\n", {(1, 1): 'say "hi"'}, b'\xef\xbb\xbfa,b\n1,"say ""hi"""\n'),
    (b"a\tb\nq\t\n", {(1, 1): "line\nbreak"}, b'a\tb\nq\t"line\nbreak"\n'),
    (b"a,b\nCl\xe9o,\n", {(1, 1): "\xe9"}, b"a,b\nCl\xe9o,\xe9\n"),  # Windows-1252 stays so
]


@pytest.mark.parametrize(("data", "cells", "expected"), SHEET_CASES)
def test_sheet_changes_only_the_cells_filled(
    data: bytes, cells: dict[tuple[int, int], str], expected: bytes
) -> None:
    assert read_sheet(data, "sheet.csv").filled(cells) == expected


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'a,b\n"never closed,1\n', "sheet.csv: a quoted cell is never closed"),
        (b"\xff\xfea\x00", "sheet.csv: is UTF-16 text; export it again as CSV (UTF-8)"),
        (b"  \n", "sheet.csv: is empty"),
    ],
)
def test_a_bad_sheet_is_one_line(data: bytes, problem: str) -> None:
    with pytest.raises(SheetError) as caught:
        read_sheet(data, "sheet.csv")
    assert str(caught.value) == problem


def test_a_zip_in_no_platform_scheme_is_marked_as_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "class.zip", {"ann.txt": ESSAY, "bo.txt": OTHER})
    code, out = mark(tmp_path, archive)
    said = capsys.readouterr().out
    assert code == 0
    assert "Recognised" not in said
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(r["student"] for r in results) == ["ann", "bo"]
    assert all("platform_id" not in r for r in results)
    assert not (out / "moodle-feedback.zip").exists()


def test_a_missing_gradebook_is_said_before_marking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    code, out = mark(tmp_path, archive, "--gradebook", str(tmp_path / "nowhere.csv"))
    assert code == 2
    assert f"{tmp_path / 'nowhere.csv'}: no such file or folder" in capsys.readouterr().err
    assert not (out / "results.json").exists()


def test_a_second_run_from_the_cache_keeps_names_and_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[5][1])
    mark(tmp_path, archive)
    first = (tmp_path / "out" / "results.json").read_text(encoding="utf-8")
    capsys.readouterr()
    code, out = mark(tmp_path, archive)
    assert code == 0
    assert "3 unchanged since the last run" in capsys.readouterr().out
    assert (out / "results.json").read_text(encoding="utf-8") == first
    assert sorted(percents(out)) == ["340934", "340935", "340936"]


def test_moodle_group_submission_marks_every_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[4][1])
    sheet = tmp_path / "worksheet.csv"
    sheet.write_text(
        "Identifier,Full name,Group,Grade,Maximum Grade,Feedback comments\n"
        "Participant 501,Ann Lee,Team Red,,100.00,\n"
        "Participant 502,Bo Chan,Team Red,,100.00,\n"
        "Participant 503,Cy Diaz,Team Blue,,100.00,\n"
        "Participant 504,Dee Ng,,,100.00,\n",
        encoding="utf-8",
    )
    code, out = mark(tmp_path, archive, "--gradebook", str(sheet))
    said = capsys.readouterr().out
    assert code == 0
    rows = list(csv.reader(io.StringIO((out / "worksheet.csv").read_text(encoding="utf-8"))))
    marks = percents(out)
    grades = {row[1]: row[3] for row in rows[1:]}
    assert float(grades["Ann Lee"]) == pytest.approx(marks["41"], abs=0.06)
    assert grades["Bo Chan"] == grades["Ann Lee"]
    assert float(grades["Cy Diaz"]) == pytest.approx(marks["42"], abs=0.06)
    assert grades["Dee Ng"] == ""
    assert "No essay for the gradebook's row Dee Ng (504)." in said
    assert "No gradebook row for Default group." in said


def test_the_page_marks_a_moodle_download_and_fills_its_worksheet(tmp_path: Path) -> None:
    archive = build_zip(tmp_path / "download.zip", SCHEMES[0][1])
    blank = {f"{k}_{n}": "" for k in ("grade", "comment") for n in (1, 2)}
    worksheet = MOODLE_EN.format(**blank).encode("utf-8")
    server = Server(tmp_path / "data").start()
    try:
        client = httpx.Client(base_url=server.url, timeout=300)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/teacher").text)
        assert token is not None
        answer = client.post(
            "/teacher/classes",
            data={"csrf": token[1], "rubric": "general-essay"},
            files=[
                ("files", ("download.zip", archive.read_bytes(), "application/zip")),
                ("gradebook", ("worksheet.csv", worksheet, "text/csv")),
            ],
        )
        assert answer.status_code == 303, answer.text
        address = answer.headers["location"]
        deadline = time.monotonic() + 300
        while not client.get(f"{address}/progress").json()["finished"]:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        page = client.get(address).text
        assert "Read as a Moodle download" in page and "No gradebook row for Bo Chan." in page
        bundle = zipfile.ZipFile(io.BytesIO(client.get(f"{address}/download").content))
        names = set(bundle.namelist())
        assert {"Ann_Lee.html", "Bo_Chan.html", "Cy_Diaz.html", "moodle-feedback.zip"} <= names
        filled = bundle.read("worksheet.csv")
        assert filled != worksheet and filled.startswith(worksheet.split(b"\n")[0])
        rows = {row[0]: row for row in csv.reader(io.StringIO(filled.decode("utf-8-sig")))}
        assert rows["Participant 12345"][4] and rows["Participant 12347"][4]
        assert rows["Participant 99999"][4] == ""  # no essay: left blank
        assert all(str(tmp_path) not in bundle.read(n).decode("utf-8", "replace") for n in names)
    finally:
        server.stop()


def docx_bytes(text: str) -> bytes:
    """Write a small Word file, as a student's upload is."""
    import docx  # python-docx, which reads the class's .docx files too

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_three_students_who_all_uploaded_essay_docx_are_three_students(tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for folder, text in (
            ("Ann Lee_12345_assignsubmission_file", ESSAY),
            ("Bo Chan_12346_assignsubmission_file", OTHER),
            ("Cy Diaz_12347_assignsubmission_file", THIRD),
        ):
            bundle.writestr(f"{folder}/essay.docx", docx_bytes(text))
    code, out = mark(tmp_path, archive)
    assert code == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(r["student"] for r in results) == ["Ann Lee", "Bo Chan", "Cy Diaz"]
    assert len({r["text"] for r in results}) == 3
