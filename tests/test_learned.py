"""Resemblance to the marked essays, the blend over it, and the file they are kept in."""

from __future__ import annotations

import json
import random
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from grader.calibration import resemblance
from grader.calibration.blend import fit_blend
from grader.calibration.fitting import fit
from grader.calibration.learned import LearnedFileError, fit_learned, read_learned, write_learned
from grader.calibration.model import Feature, Scale
from grader.calibration.resemblance import CHARACTERS, WORDS, counts, fit_resemblance, surface
from tests.conftest import SAMPLES

LENGTH = Feature("structure", "word_count", "length", "Length and development")


def sample_paragraphs() -> list[str]:
    """Every paragraph of the sample essays: real student-like prose."""
    return [
        p.strip()
        for s in sorted(SAMPLES.glob("*.txt"))
        for p in s.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 15
    ]


def marked_class(size: int, seed: int = 5) -> tuple[list[str], list[float]]:
    """Essays of one to five paragraphs, marked 1-9 by how many paragraphs they have."""
    rng = random.Random(seed)
    paragraphs = sample_paragraphs()
    texts, marks = [], []
    for _ in range(size):
        parts = rng.randint(1, 5)
        texts.append("\n\n".join(rng.sample(paragraphs, parts)))
        marks.append(float(min(9, max(1, 2 * parts - 1 + rng.choice([-1, 0, 0, 1])))))
    return texts, marks


def test_leave_one_out_marks_are_those_of_a_model_fitted_without_the_essay() -> None:
    texts, marks = marked_class(30)
    model, left_out = fit_resemblance(CHARACTERS, texts, marks)
    kernel = model.similarities(texts)
    y = np.asarray(marks) - model.centre
    for i in (0, 7, 29):
        keep = [j for j in range(len(texts)) if j != i]
        inner = kernel[np.ix_(keep, keep)] + CHARACTERS.alpha * np.eye(len(keep))
        refitted = kernel[i, keep] @ np.linalg.solve(inner, y[keep]) + model.centre
        assert left_out[i] == pytest.approx(refitted, abs=1e-6)
    # Predicting the marked essays again gives the in-sample fit, not the left-out marks.
    assert np.allclose(model.predict(texts), kernel @ model.coefficients + model.centre)


def test_resemblance_follows_the_marks_and_an_essay_is_closest_to_itself() -> None:
    texts, marks = marked_class(40)
    learned = fit_learned(texts, marks, [10.0 * m for m in marks], [f"s{i}" for i in range(40)])
    # Marks that follow what the essays say: paragraphs from the strong sample essay earn
    # more than those from the weak one, whatever the length.
    strong, weak = (
        [p for p in (SAMPLES / f"{n}_essay.txt").read_text().split("\n\n") if len(p) > 80]
        for n in ("strong", "weak")
    )
    rng = random.Random(2)
    mixed = [rng.sample(strong, 2) if i % 2 else rng.sample(weak, 2) for i in range(30)]
    for kind in (CHARACTERS, WORDS):
        _, left_out = fit_resemblance(
            kind, ["\n\n".join(m) for m in mixed], [i % 2 for i in range(30)]
        )
        assert np.corrcoef(left_out, [i % 2 for i in range(30)])[0, 1] > 0.5
    closest = learned.judge(texts[3], 50.0).closest
    assert closest[0].student == "s3" and closest[0].mark == marks[3]
    assert closest[0].similarity == pytest.approx(1.0, abs=1e-3)
    assert [c.similarity for c in closest] == sorted((c.similarity for c in closest), reverse=True)
    plain = surface("One two, two three. Four!")
    assert plain["word_count"] == 5 and plain["different_words"] == 4
    assert plain["sentence_count"] == 2 and plain["log_words"] == pytest.approx(np.log(5))


def test_the_blend_stretches_to_the_marks_and_leaves_out_a_part_that_pulls_against_them() -> None:
    rng = np.random.default_rng(1)
    marks = rng.integers(1, 10, 200).astype(float)
    squeezed = 5 + 0.3 * (marks - 5) + rng.normal(0, 0.5, 200)  # a least-squares fit's marks
    against = -marks + rng.normal(0, 3, 200)
    blend = fit_blend({"good": squeezed, "against": against}, marks)
    assert blend.weights["against"] == 0 and blend.weights["good"] > 0
    pairs = zip(squeezed, against, strict=True)
    predicted = np.array([blend.mark({"good": g, "against": a}) for g, a in pairs])
    # Stretched: the marks' mean and spread, not the squeezed ones.
    assert predicted.mean() == pytest.approx(marks.mean(), abs=0.1)
    assert predicted.std() == pytest.approx(marks.std(), rel=0.1)
    assert blend.shares() == {"good": pytest.approx(1.0), "against": 0.0}


def test_the_learned_file_reads_back_the_same_model_and_refuses_another(tmp_path: Path) -> None:
    texts, marks = marked_class(30)
    learned = fit_learned(texts, marks, [10.0 * m for m in marks])
    path = tmp_path / "class.learned.zip"
    digest = write_learned(path, learned)
    first = path.read_bytes()
    assert write_learned(path, learned) == digest == learned.digest and path.read_bytes() == first
    back = read_learned(path, digest)
    essay = texts[0] + "\n\nA further paragraph about the causes of the Terror."
    assert back.mark(essay, 40.0) == pytest.approx(learned.mark(essay, 40.0))
    assert back.judge(essay, 40.0).closest == learned.judge(essay, 40.0).closest
    assert b"causes of the" not in first  # profiles are hashed n-grams, not the text
    with pytest.raises(LearnedFileError, match="does not belong to the rubric"):
        read_learned(path, "0" * 16)
    (tmp_path / "broken.zip").write_bytes(first[: len(first) // 2])
    with pytest.raises(LearnedFileError, match="not a learned-marks file"):
        read_learned(tmp_path / "broken.zip")
    with pytest.raises(LearnedFileError, match="not found"):
        read_learned(tmp_path / "absent.zip")
    # A file whose settings and profiles disagree is refused, not half read.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(parts["meta.json"])
    meta["students"] = meta["students"][:-1]
    parts["meta.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(tmp_path / "odd.zip", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(LearnedFileError, match=r"damaged learned-marks file .*29 marked essays"):
        read_learned(tmp_path / "odd.zip")


def test_calibrating_with_texts_is_deterministic_and_blends_the_criteria() -> None:
    texts, marks = marked_class(60)
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    first = fit(samples, marks, [LENGTH], Scale(1, 9, 1), texts=texts)
    second = fit(samples, marks, [LENGTH], Scale(1, 9, 1), texts=texts)
    assert first == second and first.learned is not None
    assert first.learned_digest == second.learned_digest != ""
    assert first.cv_qwk is not None and first.cv_qwk > 0.6
    assert all(w >= 0 for w in first.learned.blend.weights.values())
    mark = first.predict_essay(samples[0], texts[0])
    assert mark in Scale(1, 9, 1).marks()
    # Fewer than 20 marked essays: the criteria alone.
    assert fit(samples[:15], marks[:15], [LENGTH], texts=texts[:15]).learned is None


def test_a_harsher_teacher_gets_lower_blended_marks() -> None:
    texts, harsh = marked_class(80)
    marks = [m + 2 for m in harsh]  # the other teacher gives every essay two marks more
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    scale = Scale(1, 11, 1)
    lenient = fit(samples, marks, [LENGTH], scale, cross_validate=False, texts=texts)
    harsher = fit(samples, harsh, [LENGTH], scale, cross_validate=False, texts=texts)
    new_texts, _ = marked_class(40, seed=11)
    pairs = [
        (
            harsher.predict_essay({"structure": {"word_count": float(len(t.split()))}}, t),
            lenient.predict_essay({"structure": {"word_count": float(len(t.split()))}}, t),
        )
        for t in new_texts
    ]
    assert all(h < m for h, m in pairs)
    assert np.mean([m - h for h, m in pairs]) == pytest.approx(2.0, abs=0.25)


def test_counts_remembered_for_a_few_texts_still_count_every_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts, _ = marked_class(12)
    fresh = counts(CHARACTERS, texts)  # counted afresh
    monkeypatch.setattr(resemblance, "MOST_COUNTED", 5)  # fewer than one call's texts
    monkeypatch.setattr(resemblance, "_COUNTED", OrderedDict())
    for _ in range(2):
        again = counts(CHARACTERS, [*reversed(texts), texts[0]], remember=True)
        assert (again[:-1] != fresh[::-1]).nnz == 0 and (again[-1] != fresh[0]).nnz == 0
    assert len(resemblance._COUNTED) <= 5


def test_character_counts_added_up_by_word_are_scikit_learns() -> None:
    texts = [*sample_paragraphs()[:6], "Naïve  café—owners’ “quotes”\tand\nlines", ""]
    direct = resemblance._vectorizer(CHARACTERS).transform(texts)
    direct.data = 1.0 + np.log(direct.data)
    for _ in range(2):  # counting the words afresh, then from what was remembered
        assert abs(counts(CHARACTERS, texts) - direct).max() < 1e-6
