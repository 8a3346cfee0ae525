"""Learning platforms' downloads: Moodle's and Canvas's naming schemes, read as they are."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from grader.cli import main
from grader.io.platforms import open_download
from tests.test_batch import QUICK_RUBRIC

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
    assert sorted(p.name for p in out.glob("*.html")) == [
        "Ann_Lee.html",
        "Bo_Chan.html",
        "Cy_Diaz.html",
        "index.html",
    ]
