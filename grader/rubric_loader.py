"""Load a rubric with what it names beside it: its fact sheet and its learned marks.

It sits above grader.rubric.schema, grader.facts.sheet and grader.calibration.learned, which
all build on the rubric's schema, so none of them has to import another back.
"""

from __future__ import annotations

from grader.facts.sheet import attach_fact_sheet
from grader.rubric.files import load_merged_data, resolve_rubric_path, validate_rubric
from grader.rubric.schema import Rubric


def load_rubric(name_or_path: str | None = None) -> Rubric:
    """Load, merge (`extends`) and validate a rubric, raising RubricError with every problem."""
    path = resolve_rubric_path(name_or_path)
    data = load_merged_data(path)
    rubric = validate_rubric(data, str(path))
    rubric.locate(path)
    attach_fact_sheet(rubric, data, str(path))
    if rubric.learned_marks is not None:
        from grader.calibration.learned import (
            attach_learned_marks,  # SciPy only for calibrated rubrics
        )

        attach_learned_marks(rubric, data, str(path))
    return rubric
