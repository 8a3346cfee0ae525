"""The comment-truth labels are well formed: sources resolve, labels are the four, FALSE says why.

The dataset part needs ../shared/datasets and is skipped without it; the rest runs anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.comment_truth import DATASETS, LABELS, VERDICTS, essay_text, read_labels
from grader.essay import Essay
from grader.rubric.files import builtin_rubrics

FOLDER = LABELS.parent
ESSAYS: list[dict[str, Any]] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["essays"]
OWN = [e for e in ESSAYS if "dataset" not in e["source"]]
FROM_DATASETS = [e for e in ESSAYS if "dataset" in e["source"]]
QUOTED_WORDS = 5  # a note may quote at most this many words of a dataset essay in a row


def where(essay: dict[str, Any], finding: dict[str, Any]) -> str:
    """Name a label for a failure message."""
    return f"{essay['id']} {finding['code']} {finding['start']}-{finding['end']}"


def test_every_essay_names_its_labeller_rubric_and_findings() -> None:
    assert len(ESSAYS) >= 15
    assert len({e["id"] for e in ESSAYS}) == len(ESSAYS)
    for essay in ESSAYS:
        assert essay["labeller"] in (1, 2, 3, 5, 6, 8), essay["id"]  # 5, 6, 8: the fresh rounds
        # A built-in rubric, or the labeller's own small one extending a built-in one.
        own = str(essay.get("rubric_text", ""))
        assert essay["rubric"] in builtin_rubrics() or own.startswith("extends: "), essay["id"]
        assert essay["findings"], essay["id"]
        for f in essay["findings"]:
            assert isinstance(f["code"], str) and "." in f["code"], where(essay, f)
            assert 0 <= f["start"] <= f["end"], where(essay, f)


def test_every_label_is_one_of_the_four() -> None:
    wrong = [
        f"{where(e, f)}: {f['label']!r}"
        for e in ESSAYS
        for f in e["findings"]
        if f["label"] not in VERDICTS
    ]
    assert wrong == []


def test_every_false_or_unclear_label_says_why() -> None:
    silent = [
        where(e, f)
        for e in ESSAYS
        for f in e["findings"]
        if f["label"] in ("FALSE", "UNCLEAR") and not str(f.get("note") or "").strip()
    ]
    assert silent == []


def test_labels_sharing_a_code_and_span_agree() -> None:
    # Two findings with one code, span and first fix cannot be told apart: their labels must
    # not differ (a new first fix for the same words is a new finding, labelled anew).
    for essay in ESSAYS:
        seen: dict[tuple[str, int, int, str], str] = {}
        for f in essay["findings"]:
            key = (f["code"], f["start"], f["end"], str(f.get("suggestion") or ""))
            assert seen.setdefault(key, f["label"]) == f["label"], where(essay, f)


def test_own_essays_exist_and_every_span_lies_inside_the_text() -> None:
    assert OWN
    for essay in OWN:
        path = FOLDER / essay["source"]["file"]
        assert path.is_file(), path
        text = Essay.from_text(essay_text(essay["source"], FOLDER), essay["id"]).text
        for f in essay["findings"]:
            assert f["end"] <= len(text), where(essay, f)


def test_every_own_essay_file_is_labelled() -> None:
    on_disk = {p.name for p in (FOLDER / "essays").glob("*.txt")}
    assert on_disk == {Path(e["source"]["file"]).name for e in OWN}


def test_dataset_essays_are_referred_to_by_id_only() -> None:
    for essay in FROM_DATASETS:
        source = essay["source"]
        if source["dataset"] == "asap":
            assert set(source) == {"dataset", "prompt", "split", "essay_id"}, essay["id"]
            assert source["prompt"] in range(1, 9) and source["split"] in ("train", "dev", "test")
            assert isinstance(source["essay_id"], int), essay["id"]
        else:
            assert source["dataset"] == "wi_locness", essay["id"]
            assert set(source) == {"dataset", "file", "id"}, essay["id"]
            assert re.fullmatch(r"[ABCN]\.(train|dev)\.json", source["file"]), essay["id"]
            assert re.fullmatch(r"\d+-\d+", source["id"]), essay["id"]


def test_the_benchmark_refuses_a_bare_false(tmp_path: Path) -> None:
    # YAML reads an unquoted FALSE as the boolean false: counted as not FALSE, it would hide one.
    labels = tmp_path / "labels.yaml"
    labels.write_text(
        "essays:\n  - id: a\n    labeller: 1\n    source: {file: essays/a.txt}\n"
        "    rubric: general-essay\n    findings:\n"
        '      - {code: "structure.no-thesis", start: 0, end: 9, label: FALSE, note: "x"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="quote it"):
        read_labels(labels)
    assert len(read_labels(LABELS)) == len(ESSAYS)


@pytest.mark.skipif(not DATASETS.is_dir(), reason=f"needs the datasets in {DATASETS}")
@pytest.mark.parametrize("essay", FROM_DATASETS, ids=[e["id"] for e in FROM_DATASETS])
def test_dataset_essays_resolve_and_no_note_quotes_them(essay: dict[str, Any]) -> None:
    text = Essay.from_text(essay_text(essay["source"], FOLDER), essay["id"]).text
    words = re.findall(r"[\w']+", text.lower())
    n = QUOTED_WORDS + 1
    runs = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    for f in essay["findings"]:
        assert f["end"] <= len(text), where(essay, f)
        note = re.findall(r"[\w']+", str(f.get("note") or "").lower())
        quoted = [
            note[i : i + n] for i in range(len(note) - n + 1) if tuple(note[i : i + n]) in runs
        ]
        assert quoted == [], where(essay, f)
