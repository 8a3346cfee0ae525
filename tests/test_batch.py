"""Batch marking: parallel workers, identical results, the cache, time limits, bad files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import main
from grader.rubric_loader import load_rubric
from grader.running.batch import mark_paths
from grader.running.worker import BatchSettings
from grader.services import Services
from tests.conftest import ROOT, SAMPLES

# Readability alone keeps these tests fast; the pipeline around it is what they exercise.
QUICK_RUBRIC = (
    "title: Quick\ncriteria:\n  - {id: readability, name: R, kind: readability}\n"
    "grades:\n  - {min: 50, grade: Pass}\n  - {min: 0, grade: Not yet}\n"
)


@pytest.fixture
def quick_rubric(tmp_path: Path) -> str:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK_RUBRIC, encoding="utf-8")
    return str(path)


def class_folder(folder: Path, count: int) -> Path:
    """Write `count` distinct essays built from the samples' paragraphs."""
    paragraphs = [
        p
        for s in sorted(SAMPLES.glob("*.txt"))
        for p in s.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    folder.mkdir()
    for i in range(count):
        chosen = [paragraphs[(i * 7 + k * 3) % len(paragraphs)] for k in range(3)]
        (folder / f"student_{i:03d}.txt").write_text("\n\n".join(chosen), encoding="utf-8")
    return folder


def test_five_broken_files_among_a_hundred(
    tmp_path: Path, quick_rubric: str, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = class_folder(tmp_path / "class", 95)
    (essays / "empty.txt").write_text("")
    (essays / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    (essays / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (essays / "scan.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (essays / "blank.md").write_text("   \n\n  ")
    out = tmp_path / "out"
    code = main(
        ["mark", str(essays), "--rubric", quick_rubric, "--out", str(out), "--jobs", "2", "--quiet"]
    )
    printed = capsys.readouterr().out
    assert code == 1
    assert len(list(out.glob("student_*.html"))) == 95
    assert "5 could not be marked:" in printed
    for name, reason in [
        ("empty.txt", "is empty"),
        ("photo.txt", "is a PNG image"),
        ("broken.docx", "is a damaged Word document"),
        ("scan.pdf", "is a damaged PDF"),
        ("blank.md", "holds only white space"),
    ]:
        assert f"{essays / name}: {reason}" in printed
    assert len(json.loads((out / "results.json").read_text(encoding="utf-8"))) == 95
    assert "Could not be marked" in (out / "index.html").read_text(encoding="utf-8")


def test_results_are_identical_whatever_the_number_of_jobs_or_the_pool(tmp_path: Path) -> None:
    rubric = load_rubric("history-essay-great-terror")
    runs = {
        "one": BatchSettings(jobs=1),
        "threads": BatchSettings(jobs=2),
        "three-threads": BatchSettings(jobs=3, timeout=120),
        "processes": BatchSettings(jobs=2, pool="processes"),
    }
    for folder, settings in runs.items():
        assert mark_paths([str(SAMPLES)], rubric, tmp_path / folder, settings).exit_code == 0
    for name in [
        "results.json",
        "grades.csv",
        "index.html",
        *(f"{p.stem}.html" for p in SAMPLES.glob("*.txt")),
    ]:
        first = (tmp_path / "one" / name).read_bytes()
        assert all((tmp_path / folder / name).read_bytes() == first for folder in runs), name


def test_a_fully_cached_rerun_builds_no_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    essays = class_folder(tmp_path / "class", 4)
    rubric = load_rubric("general-essay")  # with mechanics: the first run needs the engine
    out = tmp_path / "out"
    first = mark_paths([str(essays)], rubric, out, BatchSettings())
    assert first.exit_code == 0 and first.cached == 0
    marked = (out / "results.json").read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a grammar engine was built for a cached re-run")

    monkeypatch.setattr(Services, "_open_engine", refuse)
    monkeypatch.setattr("grader.engines.parser.Parser.nlp", refuse)
    again = mark_paths([str(essays)], rubric, out, BatchSettings())
    assert again.exit_code == 0 and again.cached == 4
    assert (out / "results.json").read_bytes() == marked  # findings come back from the cache whole


def test_a_rerun_marks_only_what_changed(tmp_path: Path, quick_rubric: str) -> None:
    essays = class_folder(tmp_path / "class", 12)
    rubric = load_rubric(quick_rubric)
    out = tmp_path / "out"
    first = mark_paths([str(essays)], rubric, out, BatchSettings())
    assert first.cached == 0 and len(first.results) == 12
    changed = essays / "student_003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new closing line.")
    second = mark_paths([str(essays)], rubric, out, BatchSettings())
    assert second.cached == 11
    assert [r.essay.text for _, r in second.results][3].endswith("A new closing line.")
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results[3]["text"].endswith("A new closing line.")
    forced = mark_paths([str(essays)], rubric, out, BatchSettings(use_cache=False))
    assert forced.cached == 0
    changed_rubric = load_rubric(quick_rubric).model_copy(update={"title": "Renamed"})
    assert mark_paths([str(essays)], changed_rubric, out, BatchSettings()).cached == 0


def test_an_essay_over_the_time_limit_is_reported_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Readability that offers no split of a long sentence reads no parse: this test is of the
    # watchdog, and beside a book's thread a parse can overrun any limit (see the closing note
    # of the stop that made readability parse: the producer parsing ahead can hold it up).
    quick_rubric = str(tmp_path / "quick.yaml")
    Path(quick_rubric).write_text(
        QUICK_RUBRIC.replace("kind: readability}", "kind: readability, long_sentence_words: 500}"),
        encoding="utf-8",
    )
    essays = class_folder(tmp_path / "class", 3)
    # A whole book handed in by mistake: far slower to analyse than any essay.
    (essays / "book.txt").write_text(
        "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))) * 200
    )
    out = tmp_path / "out"
    code = main(
        [
            "mark",
            str(essays),
            "--rubric",
            quick_rubric,
            "--out",
            str(out),
            "--timeout",  # an essay now takes a parse too: 3 s leaves a loaded machine room
            "3",
            "--no-cache",
            "--max-words",  # the book must be marked, not refused for its length
            "10000000",
            "-q",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 1
    assert f"{essays / 'book.txt'}: took longer than the 3 s limit (--timeout)" in printed
    assert len(json.loads((out / "results.json").read_text(encoding="utf-8"))) == 3


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_and_keeps_what_is_complete(
    tmp_path: Path, quick_rubric: str, jobs: str
) -> None:
    essays = class_folder(tmp_path / "class", 600)  # enough that Ctrl-C comes mid-run
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "grader",
            "mark",
            str(essays),
            "--rubric",
            quick_rubric,
            "--out",
            str(out),
            "--jobs",
            jobs,
            "--no-cache",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,  # unread, a full pipe would stop the child mid-summary
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # A shell that starts a job in the background ignores Ctrl-C in it, and Python then
        # never turns SIGINT into KeyboardInterrupt: give the child the default, as a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("[5/600]"):
            process.send_signal(signal.SIGINT)
            break
    process.wait(timeout=120)
    assert process.returncode == 130
    marked = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert 5 <= len(marked) < 600
    assert not list(out.glob(".*.tmp"))


def test_progress_lines_when_output_is_not_a_terminal(
    tmp_path: Path, quick_rubric: str, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = class_folder(tmp_path / "class", 3)
    assert main(["mark", str(essays), "--rubric", quick_rubric, "--out", str(tmp_path / "o")]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"[{i}/3] {essays / f'student_{i - 1:03d}.txt'}: marked" for i in (1, 2, 3)]


def test_copied_samples_with_a_bad_file_keep_going(tmp_path: Path) -> None:
    essays = tmp_path / "essays"
    shutil.copytree(SAMPLES, essays)
    (essays / "broken.docx").write_bytes(b"PK\x03\x04 nope")
    outcome = mark_paths([str(essays)], load_rubric(), tmp_path / "out", BatchSettings(jobs=2))
    assert outcome.exit_code == 1 and len(outcome.results) == len(list(SAMPLES.glob("*.txt")))


def test_many_copied_pairs_are_summed_up_in_the_terminal(
    tmp_path: Path, quick_rubric: str, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = class_folder(tmp_path / "class", 12)
    text = (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8")
    for i in range(8):  # 28 pairs of the same essay, among 12 others
        (essays / f"copy_{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    main(["mark", str(essays), "--rubric", quick_rubric, "--out", str(out), "-q"])
    printed = capsys.readouterr().out
    found = int(printed.split(" pair(s) of essays are the same")[0].rsplit("\n", 1)[-1])
    assert found >= 28
    assert printed.count("% alike") == 20
    assert f"and {found - 20} more pairs: see index.html in {out}/" in printed
