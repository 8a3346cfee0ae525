"""The teacher's marks file and `grader calibrate` end to end on real essays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.calibration.marks import MarksError, read_marks
from grader.cli import main
from grader.rubric_loader import load_rubric
from tests.conftest import SAMPLES


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_class(folder: Path, count: int, most_paragraphs: int) -> Path:
    """Write essays pupil_00... of 1 to `most_paragraphs` paragraphs from the sample essays."""
    folder.mkdir()
    paragraphs = [
        p
        for s in sorted(SAMPLES.glob("*.txt"))
        for p in s.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    for i in range(count):
        parts = 1 + i % most_paragraphs
        text = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(parts))
        write(folder / f"pupil_{i:02d}.txt", text)
    return folder


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("name,mark\nsam,4\n", "needs a header line with the columns student and total"),
        ("student,total\nsam,four\n", ":2: total 'four' is not a number"),
        ("student,total\nsam,4\nsam,5\n", ":3: sam appears twice"),
        ("student,total\n,4\n", ":2: the student column is empty"),
        ("student,total,mechanics\nsam,4,3\nalex,5,good\n", ":3: mechanics 'good' is not a number"),
    ],
)
def test_bad_marks_files_name_the_line(tmp_path: Path, content: str, problem: str) -> None:
    path = write(tmp_path / "marks.csv", content)
    with pytest.raises(MarksError) as caught:
        read_marks(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_marks_with_criterion_columns_blanks_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "marks.csv"
    path.write_bytes("\ufeffstudent,total,structure\nsam,7,3\nalex,9.5,\n".encode())
    marks = read_marks(path)
    assert marks.totals == {"sam": 7.0, "alex": 9.5}
    assert marks.criteria == {"structure": {"sam": 3.0}}  # alex's structure was not marked


def test_calibrate_writes_a_rubric_that_marks_on_the_teachers_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = write_class(tmp_path / "class", 14, 5)
    rows = ["student,total,structure,handwriting"]
    for i in range(14):
        # Longer essays earn more, as many teachers' marks do; more paragraphs, more for structure.
        rows.append(f"pupil_{i:02d},{2 + 2 * (i % 5)},{1 + (i % 5) // 2},")
    write(essays / "unmarked.txt", (SAMPLES / "strong_essay.txt").read_text(encoding="utf-8"))
    marks = write(tmp_path / "marks.csv", "\n".join([*rows, "absent,6"]) + "\n")
    out = tmp_path / "calibrated.yaml"
    assert main(["calibrate", str(essays), "--marks", str(marks), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Calibrated on 14 essays" in captured.out
    assert "unmarked.txt: no mark in the marks file" in captured.err
    assert "absent: has a mark but no essay file" in captured.err
    assert f"{marks}: column 'handwriting' is not a criterion of the rubric" in captured.err
    assert "levels give your marks for it" in captured.out
    text = out.read_text(encoding="utf-8")
    assert "# Levels of structure give your marks for it; agreement with them: QWK" in text
    assert 'extends: "general-essay"' in text and "from 14 essays" in text
    rubric = load_rubric(str(out))
    assert rubric.mark_scale is not None and (rubric.mark_scale.min, rubric.mark_scale.max) == (
        2,
        10,
    )
    assert (
        main(["check", str(essays / "pupil_04.txt"), "--rubric", str(out), "--format", "json"]) == 0
    )
    total = json.loads(capsys.readouterr().out)["total"]
    assert total["max"] == 10 and total["score"] in {2, 4, 6, 8, 10}


def test_calibrate_needs_enough_marked_essays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marks = write(tmp_path / "marks.csv", "student,total\nstrong_essay,9\nweak_essay,3\n")
    out = tmp_path / "calibrated.yaml"
    assert main(["calibrate", str(SAMPLES), "--marks", str(marks), "-o", str(out)]) == 2
    assert "only 2 marked essays found" in capsys.readouterr().err
    assert not out.exists()


def test_calibrate_in_parallel_gives_the_same_rubric_and_goes_past_a_bad_essay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = write_class(tmp_path / "class", 12, 4)
    rows = ["student,total", "blank,5", *(f"pupil_{i:02d},{3 + 2 * (i % 4)}" for i in range(12))]
    write(essays / "blank.txt", "   \n")
    marks = write(tmp_path / "marks.csv", "\n".join(rows) + "\n")
    written = []
    for jobs in ("1", "2"):
        out = tmp_path / f"calibrated-{jobs}.yaml"
        args = ["calibrate", str(essays), "--marks", str(marks), "-o", str(out), "-j", jobs]
        assert main(args) == 0
        err = capsys.readouterr().err
        # One line names the bad essay; the other twelve are measured and used.
        assert f"note: {essays / 'blank.txt'}: holds only white space" in err
        assert "blank: has a mark but no essay file" not in err
        assert err.count("measured") == 12
        written.append(out.read_text(encoding="utf-8").split("extends:", 1)[1])
    assert written[0] == written[1]


def test_calibrate_learns_from_the_marked_essays_and_reports_name_the_closest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = write_class(tmp_path / "class", 24, 5)
    given = {f"pupil_{i:02d}": 1 + i % 5 for i in range(24)}  # more paragraphs, more marks
    rows = ["student,total", *(f"{student},{mark}" for student, mark in given.items())]
    marks = write(tmp_path / "marks.csv", "\n".join(rows) + "\n")
    out = tmp_path / "calibrated.yaml"
    assert main(["calibrate", str(essays), "--marks", str(marks), "-o", str(out)]) == 0
    assert "what moves the calibrated mark: the criteria " in capsys.readouterr().out
    assert main(["rubric", "show", str(out)]) == 0
    assert "The mark is learned from 24 essays the teacher marked" in capsys.readouterr().out
    learned = tmp_path / "calibrated.learned.zip"
    text = out.read_text(encoding="utf-8")
    assert learned.exists() and 'file: "calibrated.learned.zip"' in text
    assert "# marked. What moves the marks: the criteria " in text
    assert not any(p in learned.read_bytes() for p in (b"Stalin", b"pupil_03.txt"))
    new = tmp_path / "new_pupil.txt"
    write(new, (essays / "pupil_03.txt").read_text(encoding="utf-8"))
    assert main(["check", str(new), "--rubric", str(out), "--format", "json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    closest = total["closest_marked"]
    # The closest marked essay is the one this essay copies, with the mark it was given.
    assert closest[0]["student"] == "pupil_03" and closest[0]["mark"] == given["pupil_03"]
    assert all(given[c["student"]] == c["mark"] for c in closest) and len(closest) == 3
    assert total["grade"] == f"{total['score']:g}" and set(total["blend"]) >= {"criteria"}
    report = tmp_path / "report.html"
    html = ["check", str(new), "--rubric", str(out), "--format", "html", "-o", str(report)]
    assert main(html) == 0
    page = report.read_text(encoding="utf-8")
    listed = ", ".join(f"{c['mark']:g}" for c in closest[:-1]) + f" and {closest[-1]['mark']:g}"
    assert f"It is closest to essays your teacher gave {listed}." in page
    # Calibrated again from it on too few essays to learn from: the criteria alone, not the
    # resemblance inherited from the rubric it extends.
    few = write_class(tmp_path / "few", 12, 4)
    again = ["calibrate", str(few), "--marks", str(marks), "--rubric", str(out)]
    assert main([*again, "-o", str(tmp_path / "few.yaml")]) == 0
    capsys.readouterr()
    assert load_rubric(str(tmp_path / "few.yaml")).learned is None
    # A learned-marks file that is not the rubric's own stops the run with one clear line.
    other = write_class(tmp_path / "other", 24, 3)
    again = ["calibrate", str(other), "--marks", str(marks), "-o", str(tmp_path / "b.yaml")]
    assert main(again) == 0
    capsys.readouterr()
    (tmp_path / "b.learned.zip").replace(learned)
    assert main(["check", str(new), "--rubric", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not belong to the rubric" in err[0] and str(out) in err[0]
