"""Calibrate to a teacher's marks typed on the class page: the same fit as `grader calibrate`.

The class's essays are already analysed, so their measures come from the stored results and
no engine runs again; the calibrated rubric is written by the same code as the command's
and kept as the next version of the class's rubric.
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.calibration.rubric_file import TooFewMarks, calibrate, write_calibrated
from grader.marking.pipeline import measures_by_kind
from grader.marking.rescore import stored_assessments
from grader.rubric.editing import parent_reference
from grader.web.marking import ClassJob
from grader.web.rubric_page import RubricEditor
from grader.web.store import RubricVersion

MIN_MARKS = 25  # marks a teacher types before the page offers calibration
SECOND_MARKER = 0.75  # trained markers agree with each other at about this QWK


def agreement_in_words(qwk: float | None) -> str:
    """Say a cross-validated agreement as a teacher would want to hear it."""
    if qwk is None:
        return "Its agreement with your marks could not be measured (too few essays)."
    if qwk >= SECOND_MARKER:
        judged = "as close to your marks as a second trained marker usually is"
    elif qwk >= 0.6:
        judged = "close to your marks, though not yet as close as a second trained marker"
    elif qwk >= 0.4:
        judged = "only roughly in line with your marks: mark more essays and calibrate again"
    else:
        judged = "not in line with your marks yet: mark more essays and calibrate again"
    return (
        f"On essays it had not seen, it agrees with your marks at {qwk:.2f} (quadratic "
        f"weighted kappa; 1 = the same marks, 0 = chance): {judged}."
    )


def calibrate_class(
    job: ClassJob, marks: Mapping[str, float], editor: RubricEditor
) -> tuple[RubricVersion, str]:
    """Fit the class's rubric to the teacher's marks and keep it as a new version."""
    assert job.outcome is not None
    rubric = job.rubric
    marked = [r for _, r in job.outcome.results if r.essay.student in marks]
    try:
        model = calibrate(
            rubric,
            [measures_by_kind(stored_assessments(r), rubric) for r in marked],
            [marks[r.essay.student] for r in marked],
            minimum=MIN_MARKS,
            texts=[r.essay.text for r in marked],
            students=[r.essay.student for r in marked],
        )
    except TooFewMarks as error:
        raise ValueError(
            f"Type your marks for at least {MIN_MARKS} students first ({error.found} so far)."
        ) from None
    base = editor.base_of(rubric.name)
    folder = editor.folder

    def text_for(name: str) -> str:
        return write_calibrated(
            model,
            rubric,
            folder / f"{name}.yaml",
            parent_reference(rubric, folder),
            source=f"marks typed on the class page for {len(marked)} students",
        )

    version = editor.save_text(
        base, f"Calibrated to your marks for {len(marked)} students", text_for
    )
    return version, f"Calibrated on {model.essays} essays. " + agreement_in_words(model.cv_qwk)


def marks_to_calibrate(job: ClassJob, typed: Mapping[str, float]) -> dict[str, float]:
    """Return the teacher's marks for calibration: those typed, else the reviewed totals.

    A total the teacher reviewed on the page (a level set, a finding dismissed) is their mark
    for that essay, on the rubric's own points. Marks typed on their own scale come first, and
    the two are never mixed: one scale per calibration.
    """
    if typed or job.outcome is None:
        return dict(typed)
    return {
        result.essay.student: result.total.score
        for _, result in job.outcome.results
        if result.proposed_total is not None
    }
