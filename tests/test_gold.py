"""Gold files: the rendered reports of the samples must not change unnoticed (as coverage.py).

After an intended change, regenerate them with: GRADER_UPDATE_GOLD=1 make unit
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.rubric_loader import load_rubric
from grader.running.batch import mark_paths
from tests.conftest import ROOT, SAMPLES

GOLD = Path(__file__).parent / "gold"
UPDATE = os.environ.get("GRADER_UPDATE_GOLD") == "1"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mark the samples with the history rubric on a fixed date."""
    out = tmp_path_factory.mktemp("gold")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    try:
        rubric = load_rubric(str(ROOT / "rubrics" / "history-essay-great-terror.yaml"))
        outcome = mark_paths([str(SAMPLES)], rubric, out)
    finally:
        mp.undo()
    assert outcome.exit_code == 0
    return out


REPORTS = sorted([f"{p.stem}.html" for p in SAMPLES.glob("*.txt")] + ["index.html"])


@pytest.mark.parametrize("name", REPORTS)
def test_rendered_report_matches_gold(rendered: Path, name: str) -> None:
    actual = (rendered / name).read_text(encoding="utf-8")
    gold = GOLD / name
    if UPDATE:
        GOLD.mkdir(exist_ok=True)
        gold.write_text(actual, encoding="utf-8")
    assert gold.exists(), f"no gold file {gold}: run GRADER_UPDATE_GOLD=1 make unit"
    assert actual == gold.read_text(encoding="utf-8"), (
        f"{name} differs from its gold file; if the change is intended, regenerate with "
        "GRADER_UPDATE_GOLD=1 make unit and review the diff"
    )


def test_rendering_twice_gives_identical_files(rendered: Path, tmp_path: Path) -> None:
    rubric = load_rubric(str(ROOT / "rubrics" / "history-essay-great-terror.yaml"))
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        mark_paths([str(SAMPLES)], rubric, tmp_path)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    for name in REPORTS:
        assert (tmp_path / name).read_bytes() == (rendered / name).read_bytes()
