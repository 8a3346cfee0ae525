"""Search the general rubric's weights on the dev parts, for uncalibrated agreement (issue 34).

Two searches, both on training data only (the dev part of each ASAP pool, ASAP++ dev for
prompts 1-2, W&I dev, FCE dev; never a test part):
- the clarity evidence weights, by coordinate ascent, for the weaker of its two traits
  (Sentence Fluency and Word Choice): printed, for a person to judge (on 150 essays a prompt,
  a gain under about 0.01 is noise);
- the criterion weights (structure, clarity, mechanics) on a grid, for the total against the
  holistic score with W&I CEFR at its target, mechanics kept at a weight a teacher would expect
  of accuracy (at least a fifth of the total); each of the best is then tried on the teacher's
  sanity essays (tests/sanity/ and its held-out set) that use the general rubric: how many land
  in their band.

    .venv/bin/python -m benchmarks.weights
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from scipy.stats import spearmanr

from benchmarks.agreement import COMPARISONS, human_scores, learner_sets
from benchmarks.asap import bench_rubric
from grader.essay import Essay
from grader.findings import Assessment
from grader.marking.pipeline import mark_essay
from grader.marking.scoring import score_criterion
from grader.rubric.levels import Evidence
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services

Row = dict[str, Any]
Asap = dict[int, tuple[dict[str, Any], dict[str, Any]]]  # prompt -> (measures, human marks)
TOTAL_TARGETS = {"holistic": 0.70, "wi": 0.65, "fce": 0.60}
# The first 150 dev essays of each prompt (and of ASAP++ dev): measuring all of them takes an
# hour on two shared cores; the subset was not checked against the whole dev part.
DEV_LIMIT = 150
WEIGHT_STEPS = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0)


def dev_data() -> tuple[Asap, Row, Row]:
    """Measures and human marks of every dev part."""
    asap = {prompt: human_scores(prompt, dev=True, limit=DEV_LIMIT) for prompt in range(1, 9)}
    wi, wi_levels, fce, fce_scores = learner_sets("dev")
    return asap, {"measures": wi, "marks": wi_levels}, {"measures": fce, "marks": fce_scores}


def points(
    rubric: Rubric, kind: str, measures: Row, evidence: Sequence[Evidence] | None = None
) -> float:
    """Score one criterion from measures: its points within the level (0-6)."""
    criterion = next(c for c in rubric.criteria if c.kind_name == kind)
    if evidence is not None:
        criterion = criterion.model_copy(update={"evidence": list(evidence)})
    result = score_criterion(criterion, Assessment(dict(measures.get(kind, {}))))
    return float(result.score / result.weight)


def trait_rho(
    asap: Asap, trait: str, prompts: Sequence[int], score: Callable[[Row], float]
) -> float:
    """Mean over prompts of Spearman between a criterion's points and a human trait."""
    rhos: list[float] = []
    for prompt in prompts:
        measures, human = asap[prompt]
        ids = [i for i, h in human.items() if trait in h and i in measures]
        marks = [score(measures[i]) for i in ids]
        rhos.append(float(spearmanr(marks, [human[i][trait] for i in ids])[0]))
    return statistics.mean(rhos)


def clarity_search(rubric: Rubric, asap: Asap) -> list[Evidence]:
    """Coordinate ascent over the clarity evidence weights, for the weaker of its two traits."""
    criterion = next(c for c in rubric.criteria if c.kind_name == "readability")
    evidence = list(criterion.effective_evidence())
    traits = [(t, p) for kind, t, p in COMPARISONS if kind == "readability"]

    def fitness(rows: list[Evidence]) -> float:
        return min(
            trait_rho(asap, t, p, lambda m: points(rubric, "readability", m, rows))
            for t, p in traits
        )

    best = fitness(evidence)
    print(f"clarity now: weakest trait {best:.3f}")
    for _ in range(2):
        for i, row in enumerate(evidence):
            for weight in WEIGHT_STEPS:
                trial = [*evidence]
                trial[i] = row.model_copy(update={"weight": weight})
                if sum(r.weight for r in trial) == 0:
                    continue
                value = fitness(trial)
                if value > best + 0.001:
                    best, evidence = value, trial
                    print(f"  {row.label}: weight {weight} -> {best:.3f}")
    return evidence


def total_search(rubric: Rubric, asap: Asap, wi: Row, fce: Row) -> None:
    """Grid over criterion weights, for the total against the holistic score (today's evidence)."""
    kinds = ("structure", "readability", "mechanics")

    def table(measures: Row) -> dict[str, float]:
        return {k: points(rubric, k, measures) for k in kinds}

    asap_points = {p: {i: table(m) for i, m in asap[p][0].items()} for p in asap}
    wi_points = {i: table(m) for i, m in wi["measures"].items()}
    fce_points = {i: table(m) for i, m in fce["measures"].items()}

    def total(row: dict[str, float], weights: Mapping[str, float]) -> float:
        return sum(row[k] * weights[k] for k in kinds)

    results = []
    for combo in itertools.product(range(1, 7), repeat=3):
        weights = dict(zip(kinds, combo, strict=True))
        if weights["mechanics"] * 5 < sum(combo):
            continue
        rhos: list[float] = []
        for prompt, (_, human) in asap.items():
            ids = [i for i in human if i in asap_points[prompt] and "holistic score" in human[i]]
            rhos.append(
                spearmanr(
                    [total(asap_points[prompt][i], weights) for i in ids],
                    [human[i]["holistic score"] for i in ids],
                )[0]
            )
        figures = {
            "holistic": statistics.mean(rhos),
            "wi": spearmanr(
                [total(wi_points[i], weights) for i in wi_points],
                [wi["marks"][i] for i in wi_points],
            )[0],
            "fce": spearmanr(
                [total(fce_points[i], weights) for i in fce_points],
                [fce["marks"][i] for i in fce_points],
            )[0],
        }
        results.append((0.0, combo, figures))
    # FCE's target was not met in issue 14 and is out of reach of any weighting (its scripts
    # are of one length and turn on grammar): the total is chosen for the holistic score, with
    # W&I CEFR held at its target.
    results.sort(key=lambda r: (r[2]["wi"] >= TOTAL_TARGETS["wi"], r[2]["holistic"]), reverse=True)
    print("criterion weights (structure, clarity, mechanics): holistic, W&I, FCE")
    now = tuple(next(c.weight for c in rubric.criteria if c.kind_name == k) for k in kinds)
    sanity = sanity_points()
    for _, combo, figures in [*results[:12], *(r for r in results if r[1] == now)]:
        cells = ", ".join(f"{figures[k]:.3f}" for k in ("holistic", "wi", "fce"))
        weights = dict(zip(kinds, combo, strict=True))
        outside = [case.name for case in sanity if sanity_grade(case, weights) not in case.band]
        print(
            f"  {'today ' if combo == now else ''}{combo}: {cells}; sanity in band "
            f"{len(sanity) - len(outside)}/{len(sanity)} {' '.join(outside)}"
        )


SANITY = Path(__file__).resolve().parent.parent / "tests" / "sanity"


@dataclass(frozen=True)
class SanityCase:
    """A sanity essay marked under the general rubric: its points by kind and any grade limit."""

    name: str
    band: list[str]
    points: dict[str, float]
    rubric: Rubric
    limit: str | None  # the grade a too-short or off-task limit held it to


def sanity_points() -> list[SanityCase]:
    """Mark the sanity essays that use the general rubric, with the task and genre they state."""
    services = Services()
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in (SANITY, SANITY / "heldout"):
            for case in yaml.safe_load((folder / "cases.yaml").read_text(encoding="utf-8")):
                if case["rubric"] != "general-essay":
                    continue
                lines = ["extends: general-essay"]
                lines += [f"{k}: {case[k]!r}" for k in ("task", "genre") if case.get(k)]
                path = Path(tmp) / f"{case['id']}.yaml"
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                rubric = load_rubric(str(path))
                text = (folder / case["file"]).read_text(encoding="utf-8")
                result = mark_essay(Essay.from_text(text, case["id"]), rubric, services)
                total = result.total
                cases.append(
                    SanityCase(
                        name=case["id"],
                        band=[str(b) for b in case["band"]],
                        points={c.kind: c.score / c.weight for c in result.criteria},
                        rubric=rubric,
                        limit=total.grade if total.capped_because else None,
                    )
                )
    return cases


def sanity_grade(case: SanityCase, weights: Mapping[str, float]) -> str:
    """Grade a sanity essay's points under other weights, by its rubric, held to its limit."""
    percent = (
        100 * sum(case.points[k] * w for k, w in weights.items()) / (6 * sum(weights.values()))
    )
    grade = case.rubric.grade_for(percent)
    if case.limit is not None and case.rubric.grade_rank(grade) < case.rubric.grade_rank(
        case.limit
    ):
        return case.limit
    return grade


def main() -> None:
    """Run both searches on the dev parts and print what they find."""
    rubric = bench_rubric()
    asap, wi, fce = dev_data()
    for kind, trait, prompts in COMPARISONS[:-1]:  # the total is searched below
        rho = trait_rho(asap, trait, prompts, partial(points, rubric, kind))
        print(f"{kind} vs {trait}: {rho:.3f}")
    clarity = clarity_search(rubric, asap)
    print("clarity evidence found:", [(e.measure, e.weight) for e in clarity])
    total_search(rubric, asap, wi, fce)


if __name__ == "__main__":
    main()
