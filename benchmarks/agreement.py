"""Agreement with human markers, measured on real marked essays (../shared/datasets).

    .venv/bin/python -m benchmarks.agreement            # the report, on the test parts
    .venv/bin/python -m benchmarks.agreement --dev      # tuning: the dev part of training

For each of the 8 ASAP prompts, a fixed-seed split into a training pool (80%) and a test part
(20%): the model is calibrated on the first 25, 50 and 200 essays of the pool and on all of it,
and its marks are compared with the human `domain1_score` of the test essays (QWK). A
length-only baseline (least squares on the word count, rounded) stands in the same table.
Then, uncalibrated: Spearman of each criterion against its ASAP++ trait, and of the total
against W&I CEFR levels and FCE exam scores. With --dev the test parts are never read: the
pool is split again (75/25) and the figures are for tuning.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from scipy.stats import spearmanr

from benchmarks.asap import (
    ASAP,
    DATASETS,
    AsapEssay,
    before_rubric,
    bench_rubric,
    issue_14_rubric,
    load_prompt,
    measured,
    require,
    split,
)
from benchmarks.cpu_probe import probe
from grader.calibration.fitting import features_for, fit, qwk
from grader.calibration.model import Calibration, Feature, FittedCriterion, Scale
from grader.findings import Assessment
from grader.marking.scoring import choose_level, score_criterion, total_for
from grader.rubric.schema import Rubric

SIZES: tuple[int | None, ...] = (25, 50, 200, None)
Measures = dict[str, dict[str, float]]


def length_baseline(train: Sequence[tuple[Measures, float]], scale: Scale) -> list[float]:
    """Fit marks to the word count by least squares; return the fitted line's coefficients."""
    x = np.array([m["structure"]["word_count"] for m, _ in train])
    y = np.array([mark for _, mark in train])
    slope, intercept = np.polyfit(x, y, 1) if np.ptp(x) else (0.0, float(y.mean()))
    return [float(slope), float(intercept)]


MODELS = ("blended", "criteria")  # grader's calibrated mark; the criteria alone (before)


def prompt_table(rubric: Rubric, dev: bool) -> dict[str, list[float]]:
    """Calibrate per prompt at each size; print both models' QWK; return QWK lists by column.

    "blended" is the calibrated mark (criteria blended with resemblance to the marked
    essays); "criteria" is the same calibration's criteria alone, as marked before.
    """
    features = features_for(rubric)
    columns: dict[str, list[float]] = {}
    heads = [f"{m[:5]}@{_size(n)}" for n in SIZES for m in MODELS]
    print(
        f"{'prompt':>6} {'essays':>6} "
        + " ".join(f"{h:>10}" for h in heads)
        + f" {'length@50':>10} {'length@all':>10}"
    )
    for prompt in range(1, 9):
        essays = load_prompt(prompt)
        measures = measured(f"asap-p{prompt}", {e.essay_id: e.text for e in essays})
        pool, test = pool_and_test(essays, dev)
        scale = Scale.from_marks([e.score for e in essays])
        truth = [e.score for e in test]
        row = []
        for size in SIZES:
            part = pool if size is None else pool[:size]
            model = calibrate(part, measures, features, scale)
            for name, score in zip(MODELS, both_qwk(model, test, measures), strict=True):
                columns.setdefault(f"{name[:5]}@{_size(size)}", []).append(score)
                row.append(score)
        for size in (50, None):
            part = pool if size is None else pool[:size]
            slope, intercept = length_baseline(
                [(measures[e.essay_id], e.score) for e in part], scale
            )
            predicted = [
                scale.snap(slope * measures[e.essay_id]["structure"]["word_count"] + intercept)
                for e in test
            ]
            score = qwk(truth, predicted)
            columns.setdefault(f"length@{_size(size)}", []).append(score)
            row.append(score)
        print(f"{prompt:>6} {len(essays):>6} " + " ".join(f"{v:>10.3f}" for v in row), flush=True)
    print(
        f"{'mean':>6} {'':>6} " + " ".join(f"{statistics.mean(v):>10.3f}" for v in columns.values())
    )
    return columns


def both_qwk(
    model: Calibration, test: Sequence[AsapEssay], measures: dict[str, Measures]
) -> tuple[float, float]:
    """QWK of the blended mark and of the criteria alone against the test essays' marks."""
    alone = replace(model, learned=None)
    return total_qwk(model, test, measures), total_qwk(alone, test, measures)


def pool_and_test(essays: list[AsapEssay], dev: bool) -> tuple[list[AsapEssay], list[AsapEssay]]:
    """Split a prompt's essays: the training pool and the test part (dev: within the pool)."""
    pool, test = split(essays)
    if dev:
        cut = round(len(pool) * 0.75)
        pool, test = pool[:cut], pool[cut:]
    return pool, test


def calibrate(
    part: Sequence[AsapEssay],
    measures: dict[str, Measures],
    features: list[Feature],
    scale: Scale,
    criterion_marks: dict[str, list[float | None]] | None = None,
) -> Calibration:
    """Calibrate on some essays' human marks, as `grader calibrate` would (no CV)."""
    return fit(
        [measures[e.essay_id] for e in part],
        [e.score for e in part],
        features,
        scale,
        cross_validate=False,
        texts=[e.text for e in part],
        criterion_marks=criterion_marks,
    )


def total_qwk(
    model: Calibration, test: Sequence[AsapEssay], measures: dict[str, Measures]
) -> float:
    """QWK of the calibrated marks against the human marks of the test essays."""
    predicted = [model.predict_essay(measures[e.essay_id], e.text) for e in test]
    return qwk([e.score for e in test], predicted)


def _size(size: int | None) -> str:
    """Name a calibration size."""
    return "all" if size is None else str(size)


def criterion_scores(measures: Measures, rubric: Rubric) -> dict[str, float]:
    """Score each criterion of the (uncalibrated) rubric from measures; add the percent."""
    results = [
        score_criterion(c, Assessment(dict(measures.get(c.kind_name, {})))) for c in rubric.criteria
    ]
    scores = {c.kind: c.score / c.weight for c in results}  # the points within the level
    words = int(measures.get("structure", {}).get("word_count", 0))
    scores["total"] = total_for(rubric, results, words).percent
    return scores


def asap_plus_traits(
    prompt: int, parts: Sequence[str] = ("train", "dev", "test")
) -> dict[str, dict[str, float]]:
    """Read the ASAP++ trait scores of a prompt's essays (prompts 1 and 2), by essay id."""
    folder = ASAP / "aes-cross-val-data-attributes-tsv" / str(prompt)
    traits: dict[str, dict[str, float]] = {}
    for part in parts:
        with require(folder / f"{part}.tsv").open(encoding="latin-1", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            names = next(reader)[-5:]  # the real trait columns are the last five names
            for row in reader:
                traits[row[0]] = {n: float(v) for n, v in zip(names, row[-5:], strict=True)}
    return traits


def criterion_marks_table(rubric: Rubric, dev: bool) -> None:
    """Calibrate with the human trait marks as criterion marks too, on prompts 1 and 2.

    The ASAP++ Conventions and Organization scores stand in for a teacher's marks for the
    mechanics and structure criteria. Reported: QWK of the criterion's calibrated level (a
    mark on the trait's scale) against the human trait score of the test essays, and the
    total's QWK with and without the criterion marks.
    """
    features = features_for(rubric)
    pairs = {"mechanics": "Conventions", "structure": "Organization"}
    print(
        "\nCalibrated with criterion marks too (ASAP++ traits as the teacher's criterion "
        f"marks; QWK on the {'dev' if dev else 'test'} part; nan: the criterion's measure "
        "does not follow the trait, so its levels are not set by it):"
    )
    print(
        f"{'prompt':>6} {'pool':>6} {'criterion':<10} {'trait':<13} "
        + " ".join(
            f"{'crit@' + _size(n):>9} {'total@' + _size(n):>10} {'(without)':>9}"
            for n in (50, None)
        )
    )
    for prompt in (1, 2):
        essays = load_prompt(prompt)
        measures = measured(f"asap-p{prompt}", {e.essay_id: e.text for e in essays})
        traits = asap_plus_traits(prompt)
        pool, test = pool_and_test(essays, dev)
        pool = [e for e in pool if e.essay_id in traits]
        test = [e for e in test if e.essay_id in traits]
        scale = Scale.from_marks([e.score for e in essays])
        for criterion, trait in pairs.items():
            row = []
            for size in (50, None):
                part = pool if size is None else pool[:size]
                own: dict[str, list[float | None]] = {
                    criterion: [traits[e.essay_id][trait] for e in part]
                }
                with_marks = calibrate(part, measures, features, scale, own)
                fitted = next(
                    (c for c in with_marks.criteria if c.feature.criterion_id == criterion), None
                )
                truth = [traits[e.essay_id][trait] for e in test]
                row.append(
                    qwk(truth, [_criterion_mark(fitted, measures[e.essay_id]) for e in test])
                    if fitted and fitted.by_teacher
                    else float("nan")
                )
                row.append(total_qwk(with_marks, test, measures))
                row.append(total_qwk(calibrate(part, measures, features, scale), test, measures))
            print(
                f"{prompt:>6} {len(pool):>6} {criterion:<10} {trait:<13} "
                + " ".join(f"{row[i]:>9.3f} {row[i + 1]:>10.3f} {row[i + 2]:>9.3f}" for i in (0, 3))
            )


def random_draws(rubric: Rubric, draws: int, size: int = 50) -> None:
    """Calibrate on random choices of `size` pool essays (seeds 0, 1, ...): is the draw typical?"""
    features = features_for(rubric)
    print(f"\nMean QWK over the 8 prompts after calibrating on {size} random pool essays (test):")
    means: dict[str, list[float]] = {name: [] for name in MODELS}
    for seed in range(draws):
        rng = random.Random(seed)
        rows: dict[str, list[float]] = {name: [] for name in MODELS}
        for prompt in range(1, 9):
            essays = load_prompt(prompt)
            measures = measured(f"asap-p{prompt}", {e.essay_id: e.text for e in essays})
            pool, test = pool_and_test(essays, dev=False)
            scale = Scale.from_marks([e.score for e in essays])
            model = calibrate(rng.sample(pool, size), measures, features, scale)
            for name, score in zip(MODELS, both_qwk(model, test, measures), strict=True):
                rows[name].append(score)
        for name in MODELS:
            means[name].append(statistics.mean(rows[name]))
            print(
                f"  seed {seed} {name:<8}: "
                + " ".join(f"{v:.3f}" for v in rows[name])
                + f"  mean {means[name][-1]:.3f}",
                flush=True,
            )
    if draws > 1:
        for name in MODELS:
            print(
                f"  over the draws, {name}: mean {statistics.mean(means[name]):.3f}, "
                f"sd {statistics.stdev(means[name]):.3f}"
            )


def _criterion_mark(criterion: FittedCriterion, measures: Measures) -> float:
    """Return the teacher's mark named by the level a calibrated criterion gives an essay."""
    level = choose_level(
        criterion.levels, measures[criterion.feature.kind][criterion.feature.measure]
    )
    return float(level.label.removeprefix("Mark "))


RATER_TRAITS = {
    7: ["Ideas", "Organization", "Style", "Conventions"],
    8: ["Ideas", "Organization", "Voice", "Word Choice", "Sentence Fluency", "Conventions"],
}
# Each criterion against the human trait it stands for, on the prompts that have the trait.
COMPARISONS = (
    ("structure", "Organization", (1, 2, 7, 8)),
    ("readability", "Sentence Fluency", (1, 2, 8)),
    ("readability", "Word Choice", (1, 2, 8)),
    ("mechanics", "Conventions", (1, 2, 7, 8)),
    ("total", "holistic score", tuple(range(1, 9))),
)
Human = dict[str, dict[str, float]]  # essay id -> trait -> human score


def rater_traits(prompt: int, ids: set[str]) -> Human:
    """Read the two raters' trait scores of prompts 7 and 8 (summed) for some essays."""
    path = require(ASAP / "PAES-data" / str(prompt) / "test.tsv")
    traits: Human = {}
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["essay_id"] not in ids:
                continue
            scores = {}
            for i, trait in enumerate(RATER_TRAITS[prompt], start=1):
                values = [row.get(f"rater{r}_trait{i}", "").strip() for r in (1, 2)]
                if all(values):
                    scores[trait] = sum(float(v) for v in values)
            traits[row["essay_id"]] = scores
    return traits


def human_scores(prompt: int, dev: bool, limit: int | None = None) -> tuple[dict[str, Any], Human]:
    """Return a prompt's measures and, for its test (or dev) essays, every human score.

    Only the essays compared are measured: the held-out part, and ASAP++'s own test part
    (the first `limit` of each, if given).
    """
    essays = load_prompt(prompt)
    _, held_out = pool_and_test(essays, dev)
    held_out = held_out[:limit]
    wanted = {e.essay_id for e in held_out}
    if prompt in (1, 2):
        wanted |= set(list(asap_plus_traits(prompt, ("dev" if dev else "test",)))[:limit])
    measures = measured(
        f"asap-p{prompt}", {e.essay_id: e.text for e in essays if e.essay_id in wanted}
    )
    human: Human = {e.essay_id: {"holistic score": e.score} for e in held_out}
    if prompt in RATER_TRAITS:
        for essay_id, traits in rater_traits(prompt, set(human)).items():
            human[essay_id] |= traits
    if prompt in (1, 2):
        # ASAP++ comes with its own split: its test (or dev) file is the held-out part here.
        for essay_id, traits in asap_plus_traits(prompt, ("dev" if dev else "test",)).items():
            if essay_id in measures:
                human.setdefault(essay_id, {}).update(traits)
    return measures, human


def uncalibrated_table(rubrics: dict[str, Rubric], dev: bool) -> None:
    """Spearman of each uncalibrated criterion against its human trait, per prompt, per rubric."""
    prompts = range(1, 9)
    part = "dev part of the training pool" if dev else "held-out test parts"
    print(f"\nUncalibrated, Spearman against the human marks ({part}):")
    print(
        f"{'criterion vs trait':<36} {'rubric':<7}"
        + "".join(f"{p:>7}" for p in prompts)
        + "   mean"
    )
    data = {prompt: human_scores(prompt, dev) for prompt in prompts}
    for kind, trait, have in COMPARISONS:
        for label, rubric in rubrics.items():
            row = {}
            for prompt in have:
                measures, human = data[prompt]
                ids = [i for i, h in human.items() if trait in h and i in measures]
                marks = [criterion_scores(measures[i], rubric)[kind] for i in ids]
                row[prompt] = spearmanr(marks, [human[i][trait] for i in ids]).statistic
            cells = "".join(f"{row[p]:>7.3f}" if p in row else f"{'':>7}" for p in prompts)
            name = f"{kind} vs {trait}"
            print(f"{name:<36} {label:<7}{cells} {statistics.mean(row.values()):>6.3f}")
    learner_table(rubrics, dev)


CEFR = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "N": 7}


def learner_sets(
    part: str,
) -> tuple[dict[str, Any], dict[str, float], dict[str, Any], dict[str, float]]:
    """Measure W&I+LOCNESS dev (with CEFR levels) and one FCE part (with script scores)."""
    wi_texts, wi_levels = {}, {}
    for level in "ABCN":
        path = require(DATASETS / "wi_locness" / "json" / f"{level}.dev.json")
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            wi_texts[record["id"]] = record["text"]
            wi_levels[record["id"]] = float(CEFR[record["cefr"][:2]] if level != "N" else 7)
    fce_texts, fce_scores = {}, {}
    path = require(DATASETS / "fce" / "json" / f"fce-{part}.json")
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        fce_texts[record["id"]] = record["text"]
        fce_scores[record["id"]] = float(record["script-s"])
    wi = measured("wi-dev", wi_texts)
    return wi, wi_levels, measured(f"fce-{part}", fce_texts), fce_scores


def learner_table(rubrics: dict[str, Rubric], dev: bool) -> None:
    """Spearman of the uncalibrated total against W&I CEFR levels and FCE script scores."""
    part = "dev" if dev else "test"
    wi, wi_levels, fce, fce_scores = learner_sets(part)
    for label, rubric in rubrics.items():
        totals = [criterion_scores(wi[key], rubric)["total"] for key in wi_levels]
        rho = spearmanr(totals, list(wi_levels.values())).statistic
        name = f"total vs W&I+LOCNESS CEFR (dev, {len(totals)})"
        print(f"{name:<36} {label:<7} {rho:+.3f}")
    for label, rubric in rubrics.items():
        totals = [criterion_scores(fce[key], rubric)["total"] for key in fce_scores]
        rho = spearmanr(totals, list(fce_scores.values())).statistic
        name = f"total vs FCE script score ({part}, {len(totals)})"
        print(f"{name:<36} {label:<7} {rho:+.3f}")


def calibration_time(rubric: Rubric) -> None:
    """Time calibration (with its cross-validation) on 200 analysed essays, and scoring."""
    essays: list[AsapEssay] = load_prompt(1)[:200]
    every = load_prompt(1)
    measures = measured("asap-p1", {e.essay_id: e.text for e in every})
    features = features_for(rubric)
    samples = [measures[e.essay_id] for e in essays]
    marks = [e.score for e in essays]
    texts = [e.text for e in essays]
    print("\n" + probe())
    started = time.perf_counter()
    first = fit(samples, marks, features, texts=texts)
    seconds = time.perf_counter() - started
    second = fit(samples, marks, features, texts=texts)
    same = first == second and first.learned_digest == second.learned_digest
    print(
        f"\nCalibration on 200 analysed essays, with 5-fold cross-validation: {seconds:.2f} s; "
        f"deterministic: {same}"
    )
    new = every[200:1200]
    started = time.perf_counter()
    for e in new:
        first.predict_essay(measures[e.essay_id], e.text)
    blended = time.perf_counter() - started
    alone = replace(first, learned=None)
    started = time.perf_counter()
    for e in new:
        alone.predict_essay(measures[e.essay_id], e.text)
    criteria = time.perf_counter() - started
    print(
        f"Scoring {len(new)} essays from their measures: {1000 * blended / len(new):.2f} ms per "
        f"essay blended, {1000 * criteria / len(new):.2f} ms by the criteria alone: the blend "
        f"adds {1000 * (blended - criteria) / len(new):.2f} ms per essay"
    )
    print(probe())


def main() -> None:
    """Print every table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dev", action="store_true", help="tune on the pool's dev part")
    parser.add_argument("--only-prompts", action="store_true", help="skip the trait tables")
    parser.add_argument(
        "--uncalibrated", action="store_true", help="only the uncalibrated before/after table"
    )
    parser.add_argument(
        "--draws", type=int, metavar="N", help="only: calibrate on N random choices of 50"
    )
    parser.add_argument("--timing", action="store_true", help="only: calibration and scoring time")
    args = parser.parse_args()
    if args.draws:
        random_draws(bench_rubric(), args.draws)
        return
    if args.timing:
        calibration_time(bench_rubric())
        return
    rubric = bench_rubric()
    if args.uncalibrated:
        uncalibrated_table(
            {"before": before_rubric(), "iss.14": issue_14_rubric(), "now": rubric}, args.dev
        )
        return
    print(
        "QWK of the calibrated total against ASAP domain1_score "
        f"({'dev part of the training pool' if args.dev else 'held-out test part'}), by the "
        "number of essays calibrated on:"
    )
    prompt_table(rubric, args.dev)
    if args.only_prompts:
        return
    criterion_marks_table(rubric, args.dev)
    uncalibrated_table(
        {"before": before_rubric(), "iss.14": issue_14_rubric(), "now": rubric}, args.dev
    )
    if args.dev:
        return
    calibration_time(rubric)


if __name__ == "__main__":
    main()
