"""The calibrated rubric as a file: it extends the original and overrides what was fitted."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from grader.analysers.content import ranked_terms
from grader.calibration.fitting import exact_number, features_for, fit
from grader.calibration.key_terms import Measures
from grader.calibration.learned import write_learned
from grader.calibration.model import KEY_TERMS, Calibration
from grader.io.files import write_atomic
from grader.rubric.files import schema_path
from grader.rubric.schema import Rubric


class TooFewMarks(ValueError):
    """Fewer marked essays than the caller asks for before fitting."""

    def __init__(self, found: int, minimum: int) -> None:
        super().__init__(f"{found} marked essays, fewer than {minimum}")
        self.found = found
        self.minimum = minimum


def calibrate(
    rubric: Rubric,
    measures: Sequence[Measures],
    marks: Sequence[float],
    *,
    minimum: int,
    texts: Sequence[str],
    students: Sequence[str],
    criterion_marks: Mapping[str, Sequence[float | None]] | None = None,
) -> Calibration:
    """Fit a rubric to a teacher's marks, refusing fewer than `minimum` essays.

    The command and the class page ask for different minimums (10 and 25): the command's
    teacher chose the essays, the page's may not have marked enough of the class yet.
    """
    if len(marks) < minimum:
        raise TooFewMarks(len(marks), minimum)
    return fit(
        measures,
        marks,
        features_for(rubric),
        texts=texts,
        criterion_marks=criterion_marks,
        students=students,
    )


def learned_beside(rubric_file: Path) -> Path:
    """Name the file of learned marks written beside a calibrated rubric."""
    return rubric_file.with_name(rubric_file.stem + ".learned.zip")


def write_calibrated(
    calibration: Calibration, rubric: Rubric, out: Path, parent: str, source: str
) -> str:
    """Write the learned marks (if any) beside `out`, then the calibrated rubric; return it."""
    learned = learned_beside(out)
    if calibration.learned is not None:
        write_learned(learned, calibration.learned)
    text = calibrated_rubric_text(
        calibration,
        parent=parent,
        parent_criteria=[c.id for c in rubric.criteria],
        title=rubric.title,
        schema=os.path.relpath(schema_path(), out.resolve().parent),
        source=source,
        learned_file=learned.name if calibration.learned is not None else None,
    )
    write_atomic(out, text)
    return text


# Long (~75 lines) on purpose: it writes the calibrated rubric file top to bottom, so the
# code reads in the order of the file a teacher opens.
def calibrated_rubric_text(
    calibration: Calibration,
    parent: str,
    parent_criteria: Sequence[str],
    title: str,
    schema: str,
    source: str,
    learned_file: str | None = None,
) -> str:
    """Write the calibrated rubric: it extends the original and overrides what was fitted.

    With `learned_file` (where the learned marks were written, relative to the rubric), the
    rubric blends its criteria with resemblance to the marked essays, and says how.
    """
    criteria = calibration.criteria
    scale = calibration.scale
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Calibrated by `grader calibrate` from {calibration.essays} essays marked by the "
        f"teacher ({source}).",
        "# Agreement with those marks on essays the model did not see: "
        f"{_agreement(calibration.cv_qwk)}.",
        *(
            f"# Levels of {c.feature.criterion_id} give your marks for it; agreement with "
            f"them: {_agreement(calibration.criterion_qwk.get(c.feature.criterion_id))}."
            + (" It adds little to the totals, so its weight is small." if c.minor else "")
            for c in criteria
            if c.by_teacher
        ),
        "# (1 = the same marks, 0 = no better than chance; trained markers agree with each",
        "# other at about 0.75.) Re-run grader calibrate when you have marked more essays.",
        f"extends: {_yaml(parent)}",
        f"title: {_yaml(title + ' (calibrated)')}",
        f"mark_scale: {{min: {exact_number(scale.minimum)}, max: {exact_number(scale.maximum)}, "
        f"step: {exact_number(scale.step)}}}",
        "# Your marks already say how far length counts: no grade limit for short essays.",
        "too_short: null",
        "far_too_short: null",
        "# An essay off the task gets at most your second-lowest mark.",
        "off_task: null",
        *_learned_lines(calibration, learned_file),
        *_task_words_lines(calibration),
        "criteria:",
    ]
    fitted_ids = {c.feature.criterion_id for c in criteria}
    for criterion_id in parent_criteria:
        if criterion_id not in fitted_ids:
            lines.append(f"  - id: {criterion_id}  # no link with your marks, so not scored")
            lines.append("    remove: true")
    for criterion in criteria:
        feature = criterion.feature
        lines.append(f"  - id: {feature.criterion_id}")
        if feature.criterion_id not in parent_criteria:
            lines.append(f"    name: {_yaml(feature.name)}")
            lines.append(f"    kind: {feature.kind}")
        lines.append(f"    weight: {exact_number(criterion.weight)}")
        lines.append(f"    measure: {feature.measure}")
        if feature == KEY_TERMS:
            lines += _terms_lines(calibration.terms)
        lines.append("    levels:")
        for level in criterion.levels:
            bounds = "".join(
                f", {key}: {exact_number(value)}"
                for key, value in (("min", level.min), ("max", level.max))
                if value is not None
            )
            lines.append(
                f"      - {{score: {exact_number(level.score)}, "
                f"label: {_yaml(level.label)}{bounds}, "
                f"descriptor: {_yaml(level.descriptor)}}}"
            )
    lines.append("grades:")
    for percent, mark in calibration.boundaries:
        lines.append(f"  - {{min: {exact_number(percent)}, grade: {exact_number(mark)}}}")
    return "\n".join(lines) + "\n"


def _learned_lines(calibration: Calibration, learned_file: str | None) -> list[str]:
    """Say in words how the mark blends the criteria with resemblance, and name the file."""
    learned = calibration.learned
    if learned is None or learned_file is None:
        # Not inherited from a rubric calibrated before: these marks are the criteria's alone.
        return ["learned_marks: null"]
    said = learned.in_words()
    blend = learned.blend
    terms = [f"{w:+.4g} x {name}" for name, w in blend.weights.items() if w > 0]
    said_lines = textwrap.wrap(
        f"The mark blends the criteria with how closely each essay resembles the "
        f"{calibration.essays} essays you marked. What moves the marks: {said}.",
        width=88,
    )
    return [
        *(f"# {line}" for line in said_lines),
        "# A resemblance is the mark your marked essays suggest, the most alike counting most;",
        "# each report names the marks of the three marked essays an essay is closest to.",
        "# Fitted to your marks, stretched to their spread, then rounded to your scale:",
        f"#   mark = {blend.intercept:.4g}",
        *(f"#          {term}" for term in terms),
        "#   (criteria: the criteria's percent; words, characters: the resemblance marks;",
        "#   word_count ... log_words: the essay's own words, different words, letters per",
        "#   word, sentences and the log of its words).",
        "learned_marks:",
        f"  file: {_yaml(learned_file)}  # your marked essays' n-gram profiles, not their text",
        f"  digest: {_yaml(calibration.learned_digest)}",
    ]


def _agreement(value: float | None) -> str:
    """Say a cross-validated agreement, or that it could not be measured."""
    if value is None:
        return "not measured (fewer than 10 essays)"
    return f"QWK {value:.2f} in 5-fold cross-validation"


def _task_words_lines(calibration: Calibration) -> list[str]:
    """Write the words the marked essays use for their task, most used first."""
    learned = calibration.task_words
    if learned is None:
        return []
    ranked = sorted(learned.words.items(), key=lambda pair: (-pair[1], pair[0]))
    return [
        "# The words your marked essays use for the task, with the share of them that use each",
        "# (words a tenth of them use or more). With a task set, an essay that uses these words",
        "# far less than your marked essays do (typical) is flagged as not answering it.",
        "task_words:",
        f"  typical: {exact_number(learned.typical)}",
        "  words:",
        *(f"    {_yaml(word)}: {exact_number(share)}" for word, share in ranked),
    ]


def _terms_lines(terms: Mapping[str, float]) -> list[str]:
    """Write the learned key terms, most valued first, a few to a line."""
    ranked = ranked_terms(terms)
    lines = [
        "    # Words the essays you marked higher tend to use; minus points for words that",
        "    # go with lower marks. Each also matches other forms of the word. Edit freely.",
        "    terms:",
    ]
    lines += [f"      {_yaml(term)}: {exact_number(points)}" for term, points in ranked]
    return lines


def _yaml(text: str) -> str:
    """Quote a string for YAML (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
