"""Analyser failures: one line on the terminal naming a log, and the traceback in that log."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.cli.check import mark_logged
from grader.cli.errors import Failure
from grader.essay import Essay
from grader.io.error_log import LOG_NAME
from grader.rubric_loader import load_rubric
from grader.running.batch import mark_paths
from grader.running.worker import BatchSettings
from grader.services import Services
from tests.test_batch import QUICK_RUBRIC, class_folder


class UnreadableTable(Services):
    """Services whose syllable table cannot be read, as on a damaged install."""

    def syllables(self) -> int:
        raise OSError("the syllable table is damaged")


@pytest.fixture
def quick_rubric(tmp_path: Path) -> str:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK_RUBRIC, encoding="utf-8")
    return str(path)


def blocks(log: Path) -> list[str]:
    """Split a log into its failures, one block each."""
    return [b for b in log.read_text(encoding="utf-8").split("=== ") if b.strip()]


def test_each_failure_of_a_batch_is_logged_with_its_file_and_analyser(
    tmp_path: Path, quick_rubric: str
) -> None:
    essays = class_folder(tmp_path / "class", 3)
    out = tmp_path / "out"
    lines: list[str] = []
    settings = BatchSettings(jobs=2, use_cache=False)
    for _ in range(2):  # a second run appends
        outcome = mark_paths(
            [str(essays)],
            load_rubric(quick_rubric),
            out,
            settings,
            on_progress=lambda done, total, file, status: lines.append(f"{file}: {status}"),
            services=UnreadableTable(),
        )
    log = out / LOG_NAME
    assert outcome.error_log == log
    assert len(outcome.failures) == 3
    assert all(f"; traceback in {log}" in line for line in lines) and len(lines) == 6
    found = blocks(log)
    assert len(found) == 6
    for block, essay in zip(found, sorted(essays.iterdir()) * 2, strict=True):
        header = block.splitlines()[0]
        assert f"{essay}: could not be analysed (OSError: the syllable table is damaged)" in header
        assert "Traceback (most recent call last)" in block
        assert "in syllables" in block  # the frame that raised
        assert "in the readability analyser, criterion 'readability'" in block


def test_a_batch_without_failures_writes_no_log(tmp_path: Path, quick_rubric: str) -> None:
    essays = class_folder(tmp_path / "class", 2)
    outcome = mark_paths([str(essays)], load_rubric(quick_rubric), tmp_path / "out")
    assert outcome.error_log is None and not (tmp_path / "out" / LOG_NAME).exists()


def test_a_check_that_fails_names_the_log_in_the_users_cache(
    tmp_path: Path,
    quick_rubric: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRADER_CACHE", str(tmp_path / "cache"))
    essay = Essay.from_text("The purges began in 1936. Many people died.", "ana", "ana.txt")
    with pytest.raises(Failure) as failed:
        mark_logged(essay, load_rubric(quick_rubric), UnreadableTable())
    log = tmp_path / "cache" / "grader" / LOG_NAME
    assert str(failed.value) == (
        "ana.txt: could not be analysed (OSError: the syllable table is damaged); "
        f"traceback in {log}"
    )
    [block] = blocks(log)
    assert block.splitlines()[0].endswith(
        "ana.txt: could not be analysed (OSError: the syllable table is damaged)"
    )
    assert "in the readability analyser, criterion 'readability'" in block
