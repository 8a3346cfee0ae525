"""Calibration: deterministic, readable, and moved the right way by harsher marks."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from sklearn.metrics import cohen_kappa_score

from grader.analysers.content import analyse_content, key_term_measures
from grader.calibration.fitting import FOLDS, _as_criterion, features_for, fit, qwk
from grader.calibration.key_terms import key_terms_by_fold, learn_key_terms, with_key_terms
from grader.calibration.model import KEY_TERMS, Calibration, Feature, Scale, Step
from grader.calibration.rubric_file import TooFewMarks, calibrate, calibrated_rubric_text
from grader.essay import Essay
from grader.findings import Assessment
from grader.io.yamlfile import parse_yaml
from grader.kinds.content import ContentCriterion
from grader.marking.scoring import choose_level, score_criterion, total_for
from grader.rubric.files import validate_rubric
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric
from grader.services import Services

LENGTH = Feature("structure", "word_count", "length", "Length and development")
ERRORS = Feature("mechanics", "errors_per_100_words", "mechanics", "Accuracy")


def class_of(size: int, seed: int = 7) -> tuple[list[dict[str, dict[str, float]]], list[float]]:
    """A class whose marks (2-12) rise with length and fall with errors, with marker noise."""
    rng = random.Random(seed)
    samples, marks = [], []
    for _ in range(size):
        words = rng.uniform(80, 700)
        errors = rng.uniform(0, 8)
        quality = 2 + 10 * (0.7 * (words - 80) / 620 + 0.3 * (1 - errors / 8))
        samples.append(
            {"structure": {"word_count": words}, "mechanics": {"errors_per_100_words": errors}}
        )
        marks.append(float(min(12, max(2, round(quality + rng.gauss(0, 0.8))))))
    return samples, marks


def test_scale_is_inferred_from_the_marks() -> None:
    assert Scale.from_marks([2, 4, 12, 6]) == Scale(2, 12, 2)
    assert Scale.from_marks([1, 1.5, 3]) == Scale(1, 3, 0.5)
    assert Scale(2, 12, 1).snap(7.4) == 7 and Scale(2, 12, 1).snap(40) == 12


def test_qwk_agrees_with_scikit_learn() -> None:
    rng = random.Random(3)
    for _ in range(20):
        truth = [rng.randint(2, 12) for _ in range(60)]
        noisy = [min(12, max(2, t + rng.randint(-2, 2))) for t in truth]
        assert qwk(truth, noisy) == pytest.approx(
            cohen_kappa_score(truth, noisy, weights="quadratic"), abs=1e-9
        )
    assert qwk([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0)
    assert qwk([1, 2, 3, 4], [4, 3, 2, 1]) < 0


def test_fit_learns_the_marking_and_is_deterministic() -> None:
    samples, marks = class_of(200)
    first = fit(samples, marks, [LENGTH, ERRORS])
    second = fit(samples, marks, [LENGTH, ERRORS])
    assert first == second
    assert first.cv_qwk is not None and first.cv_qwk > 0.8
    assert {c.feature for c in first.criteria} == {LENGTH, ERRORS}
    length = next(c for c in first.criteria if c.feature == LENGTH)
    by_bound = sorted(length.levels, key=lambda lv: -1 if lv.min is None else lv.min)
    assert [lv.score for lv in by_bound] == sorted(lv.score for lv in by_bound)  # longer: more
    errors = next(c for c in first.criteria if c.feature == ERRORS)
    by_bound = sorted(errors.levels, key=lambda lv: -1 if lv.min is None else lv.min)
    assert [lv.score for lv in by_bound] == sorted((lv.score for lv in by_bound), reverse=True)


def test_harsher_marks_move_the_boundaries_up_and_the_marks_down() -> None:
    samples, marks = class_of(120)
    harsh_marks = [max(2.0, m - 2) for m in marks]
    scale = Scale(2, 12, 1)
    lenient = fit(samples, marks, [LENGTH, ERRORS], scale, cross_validate=False)
    harsh = fit(samples, harsh_marks, [LENGTH, ERRORS], scale, cross_validate=False)
    # The same essay never gets more from the harsher teacher, and usually gets less.
    pairs = [(harsh.predict(s), lenient.predict(s)) for s in samples]
    assert all(h <= m for h, m in pairs)
    assert sum(h < m for h, m in pairs) > len(pairs) / 2
    # An essay with typical accuracy needs more words for the same mark: the thresholds move
    # the right way.
    assert _words_needed(harsh, 8) > _words_needed(lenient, 8)


def accuracy_marks(samples: list[dict[str, dict[str, float]]], harsh: bool = False) -> list[float]:
    """A teacher's 1-4 marks for accuracy, falling with errors (harsh: one mark lower)."""
    rng = random.Random(3)
    marks = []
    for sample in samples:
        errors = sample["mechanics"]["errors_per_100_words"] + rng.gauss(0, 0.7)
        mark = 4 - min(3, max(0, int(errors // 2))) - harsh
        marks.append(float(max(1, mark)))
    return marks


def test_a_criterion_the_teacher_marked_gets_levels_that_give_those_marks() -> None:
    samples, totals = class_of(150)
    own = accuracy_marks(samples)
    model = fit(samples, totals, [LENGTH, ERRORS], criterion_marks={"mechanics": own})
    accuracy = next(c for c in model.criteria if c.feature == ERRORS)
    assert accuracy.by_teacher
    assert [level.label for level in accuracy.levels] == ["Mark 4", "Mark 3", "Mark 2", "Mark 1"]
    # Fewer errors earn the higher mark: "Mark 4" is the level for the fewest errors.
    assert accuracy.levels[0].max is not None and accuracy.levels[0].min is None
    assert accuracy.levels[-1].min is not None and accuracy.levels[-1].max is None
    given = [_criterion_mark(model, s) for s in samples]
    assert qwk(own, given) > 0.7
    agreement = model.criterion_qwk["mechanics"]
    assert agreement is not None and 0.6 < agreement <= 1
    # The length criterion, which the teacher did not mark, keeps quantile levels.
    length = next(c for c in model.criteria if c.feature == LENGTH)
    assert not length.by_teacher and length.levels[0].label.startswith("Level ")


def test_harsher_criterion_marks_ask_for_fewer_errors_for_the_same_mark() -> None:
    samples, totals = class_of(150)
    models = [
        fit(
            samples,
            totals,
            [LENGTH, ERRORS],
            criterion_marks={"mechanics": accuracy_marks(samples, harsh)},
            cross_validate=False,
        )
        for harsh in (False, True)
    ]

    def most_errors_for(model: Calibration, mark: float) -> float:
        """The most errors per 100 words that still earn the mark or better."""
        accuracy = next(c for c in model.criteria if c.feature == ERRORS)
        earning = [lv.max for lv in accuracy.levels if float(lv.label.split()[1]) >= mark]
        assert all(bound is not None for bound in earning)
        return max(b for b in earning if b is not None)

    lenient, harsh = models
    assert most_errors_for(harsh, 3) < most_errors_for(lenient, 3)
    assert most_errors_for(harsh, 2) < most_errors_for(lenient, 2)


def test_criterion_marks_that_do_not_follow_the_measure_are_not_used_for_its_levels() -> None:
    samples, totals = class_of(150)
    rising = [float(1 + min(3, int(s["mechanics"]["errors_per_100_words"] // 2))) for s in samples]
    model = fit(samples, totals, [LENGTH, ERRORS], criterion_marks={"mechanics": rising})
    # More errors cannot earn more: the criterion is fitted to the totals as if unmarked.
    assert not any(c.by_teacher for c in model.criteria)
    agreement = model.criterion_qwk["mechanics"]
    assert agreement is not None and agreement < 0.1


def _criterion_mark(model: Calibration, sample: dict[str, dict[str, float]]) -> float:
    """The teacher's mark named by the level a calibrated criterion gives an essay."""
    accuracy = next(c for c in model.criteria if c.feature == ERRORS)
    value = sample["mechanics"]["errors_per_100_words"]
    assert any(level.admits(value) for level in accuracy.levels), f"no level for {value}"
    return float(choose_level(accuracy.levels, value).label.removeprefix("Mark "))


def _words_needed(model: Calibration, mark: float) -> float:
    """The fewest words (at 4 errors per 100 words) that earn a mark."""
    for words in range(50, 2000, 5):
        essay = {
            "structure": {"word_count": float(words)},
            "mechanics": {"errors_per_100_words": 4.0},
        }
        if model.predict(essay) >= mark:
            return words
    return float("inf")


def test_calibrated_rubric_is_valid_readable_and_gives_the_models_marks(tmp_path: Path) -> None:
    samples, marks = class_of(150)
    rubric = load_rubric("general-essay")
    features = features_for(rubric)
    model = fit(samples, marks, features)
    text = calibrated_rubric_text(
        model,
        parent="general-essay",
        parent_criteria=[c.id for c in rubric.criteria],
        title=rubric.title,
        schema="rubric.schema.json",
        source="marks.csv",
    )
    assert text.startswith("# yaml-language-server: $schema=rubric.schema.json")
    assert "5-fold cross-validation" in text and "150 essays" in text
    data = yaml.safe_load(text)
    assert data["extends"] == "general-essay" and data["mark_scale"]["max"] == 12
    path = tmp_path / "calibrated.yaml"
    path.write_text(text, encoding="utf-8")
    calibrated = load_rubric(str(path))
    assert {c.id for c in calibrated.criteria} >= {"mechanics", "length"}
    assert all(c.weight > 0 for c in calibrated.criteria)
    for sample in samples:
        criteria = [
            score_criterion(c, Assessment(dict(sample[c.kind_name]))) for c in calibrated.criteria
        ]
        total = total_for(calibrated, criteria)
        assert total.max == 12 and total.score == float(total.grade)
        assert total.score == model.predict(sample)  # the rubric written is the model
        assert total.percent == pytest.approx(model.percent(sample))
    percents = [p for p, _ in model.boundaries]
    assert percents[-1] == 0 and percents == sorted(percents, reverse=True)


def test_calibrate_fits_from_its_minimum_and_refuses_fewer() -> None:
    samples, marks = class_of(12)
    rubric = load_rubric("general-essay")
    texts, students = ["An essay."] * 12, [f"s{i}" for i in range(12)]
    with pytest.raises(TooFewMarks) as refused:
        calibrate(rubric, samples, marks, minimum=25, texts=texts, students=students)
    assert (refused.value.found, refused.value.minimum) == (12, 25)
    model = calibrate(rubric, samples, marks, minimum=10, texts=texts, students=students)
    assert model.essays == 12


def test_measures_a_hair_apart_do_not_leave_a_level_empty() -> None:
    # 20/7 worked out two ways can differ in the last bit; halfway between the two is one
    # of them, so a cut placed there left the level below it with no essay and no points.
    lower, upper = 2.8571428571428568, 20 / 7
    errors = [0.4, 1.0, 1.6, 2.2, 2.8, *[lower] * 10, *[upper] * 10, 3.4, 4.0, 4.6, 5.2, 5.8]
    samples = [{"mechanics": {"errors_per_100_words": e}} for e in errors]
    marks = [float(max(2, min(12, round(12 - 1.6 * e)))) for e in errors]
    model = fit(samples, marks, [ERRORS])
    (accuracy,) = model.criteria
    assert len(accuracy.levels) > 2
    # Every level is the one some essay gets.
    chosen = {choose_level(accuracy.levels, e).label for e in errors}
    assert chosen == {level.label for level in accuracy.levels}


def test_neighbouring_levels_worth_the_same_points_are_one_level() -> None:
    step = Step(LENGTH, (100.5, 200.5, 300.5), (0.0, 1.0, 1.0001, 2.0), whole=True)
    levels = _as_criterion(step).levels
    assert [(lv.score, lv.label, lv.min, lv.max) for lv in levels] == [
        (4, "Level 3 of 3", 300.5, None),
        (2, "Level 2 of 3", 100.5, 300.5),
        (0, "Level 1 of 3", None, 100.5),
    ]
    assert levels[1].descriptor == "Words: 101 to 300"


def test_mark_scale_requires_grades_that_are_marks() -> None:
    data = parse_yaml(
        "title: T\nmark_scale: {min: 2, max: 12}\ncriteria:\n"
        "  - {id: r, name: R, kind: readability}\n"
        "grades:\n  - {min: 50, grade: 13}\n  - {min: 0, grade: A}\n",
        "scale.yaml",
    )
    with pytest.raises(RubricError) as caught:
        validate_rubric(data, "scale.yaml")
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "scale.yaml:6:15: grades[0].grade: 13 is not a mark on the scale 2 to 12 in steps of 1",
        "scale.yaml:7:14: grades[1].grade: with a mark_scale, grades are marks; 'A' is not a "
        "number",
    ]


FILLER = [
    "My family went to the beach last summer and we stayed for a week.",
    "The weather was warm and the sea was calm most days.",
    "We ate dinner together every evening and talked about the day.",
    "Some people think holidays are a waste of money, but I disagree.",
    "Everyone needs time to rest and to see new places.",
]
IDEAS = [
    "The printing press was an invention that spread knowledge quickly.",
    "Because books were printed cheaply, ordinary readers could learn to read.",
]


def essays_with_ideas(size: int, seed: int = 5) -> tuple[list[str], list[float]]:
    """Essays whose marks rise with length and, above all, with using the key ideas."""
    rng = random.Random(seed)
    texts, marks = [], []
    for _ in range(size):
        sentences = rng.sample(FILLER, rng.randint(2, 5))
        ideas = rng.randint(0, 2)
        sentences += IDEAS[:ideas]
        if rng.random() < 0.3:
            sentences.append("I think it was alot of fun.")
        rng.shuffle(sentences)
        texts.append(" ".join(sentences))
        mark = 2 + 3 * ideas + 0.5 * len(sentences) + rng.gauss(0, 0.5)
        marks.append(float(min(12, max(2, round(mark)))))
    return texts, marks


def test_key_terms_are_learned_from_the_marks_and_written_into_the_rubric(
    tmp_path: Path,
) -> None:
    texts, marks = essays_with_ideas(120)
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    first = fit(samples, marks, [LENGTH], texts=texts)
    assert first == fit(samples, marks, [LENGTH], texts=texts)  # deterministic
    terms = first.terms
    assert terms["printing"] > 0 and terms["invention"] > 0 and terms["readers"] > 0
    assert max(terms, key=terms.__getitem__) in {"printing", "press", "invention", "books"}
    assert {c.feature for c in first.criteria} >= {KEY_TERMS}
    assert first.cv_qwk is not None and first.cv_qwk > 0.8
    text = calibrated_rubric_text(
        first,
        parent="general-essay",
        parent_criteria=["structure", "readability", "mechanics"],
        title="General essay",
        schema="rubric.schema.json",
        source="marks.csv",
    )
    words = [line for line in text.splitlines() if '"Words: ' in line]
    assert words and not any(re.search(r"Words: [^\"]*\d\.\d", line) for line in words)
    # A level of one count says that count, not "34 to 34".
    assert not any(re.search(r"Words: (\d+) to \1\b", line) for line in words)
    path = tmp_path / "calibrated.yaml"
    path.write_text(text, encoding="utf-8")
    calibrated = load_rubric(str(path))
    written = calibrated.criterion("key_terms")
    assert isinstance(written, ContentCriterion) and dict(written.terms) == dict(terms)
    for essay_text, sample in zip(texts, samples, strict=True):
        essay = Essay.from_text(essay_text, student="s")
        criteria = [
            score_criterion(
                c,
                analyse_content(essay, c, Services())
                if isinstance(c, ContentCriterion)
                else Assessment(dict(sample[c.kind_name])),
            )
            for c in calibrated.criteria
        ]
        expected = first.predict(with_key_terms(sample, essay_text, first.terms))
        assert total_for(calibrated, criteria).score == expected  # the rubric is the model


def test_key_terms_of_an_essay_are_measured_with_terms_learned_without_it() -> None:
    texts, marks = essays_with_ideas(60)
    samples = [{"structure": {"word_count": float(len(t.split()))}} for t in texts]
    measured = key_terms_by_fold(samples, texts, marks, FOLDS)
    for sample, text in zip(measured, texts, strict=True):
        assert set(sample["content"]) == {"key_term_points", "key_terms_used", "key_term_share"}
        assert sample["structure"]["word_count"] == len(text.split())
    # Terms learned from every essay would score the same essays differently.
    everything = learn_key_terms(texts, marks)
    assert any(
        sample["content"] != with_key_terms({}, text, everything)["content"]
        for sample, text in zip(measured, texts, strict=True)
    )


def test_learned_key_terms_are_words_a_rubric_accepts() -> None:
    texts, marks = essays_with_ideas(60)
    # Mis-decoded text (as in files saved in one encoding and read in another) must not
    # turn into terms the rubric would refuse.
    texts = [
        t.replace("printing", "½printing") if m > 7 else t
        for t, m in zip(texts, marks, strict=True)
    ]
    terms = learn_key_terms(texts, marks)
    assert terms and not any(t.startswith("½") for t in terms)
    assert all(t[0].isalpha() and t.replace("-", "").replace("'", "").isalpha() for t in terms)


def test_calibrating_a_calibrated_rubric_replaces_its_key_terms(tmp_path: Path) -> None:
    texts, marks = essays_with_ideas(80)
    old = {"holiday": 3.0, "beach": 1.0}
    earlier = Feature("content", "key_term_points", "key_terms", "Key terms")
    samples = [
        {"structure": {"word_count": float(len(t.split()))}, "content": key_term_measures(t, old)}
        for t in texts
    ]
    model = fit(samples, marks, [LENGTH, earlier], texts=texts, cross_validate=False)
    ids = [c.feature.criterion_id for c in model.criteria]
    assert ids.count("key_terms") == 1 and len(ids) == len(set(ids))
    parent = tmp_path / "earlier.yaml"
    parent.write_text(
        "extends: general-essay\ntitle: Earlier\ncriteria:\n"
        "  - {id: key_terms, name: Key terms, kind: content, terms: {holiday: 3, beach: 1}}\n",
        encoding="utf-8",
    )
    text = calibrated_rubric_text(
        model,
        parent="earlier.yaml",
        parent_criteria=["structure", "readability", "mechanics", "key_terms"],
        title="Earlier",
        schema="rubric.schema.json",
        source="marks.csv",
    )
    path = tmp_path / "again.yaml"
    path.write_text(text, encoding="utf-8")
    criterion = load_rubric(str(path)).criterion("key_terms")
    assert isinstance(criterion, ContentCriterion)
    assert dict(criterion.terms) == dict(model.terms)  # the new terms only, not merged in
