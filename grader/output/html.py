"""The HTML format: an essay's feedback report, and the class overview (index.html)."""

from __future__ import annotations

from pathlib import Path

from grader.marking.pipeline import EssayResult
from grader.output.formats import ClassFile, ClassMarks, EssayFormat
from grader.output.report.model import essay_page
from grader.output.report.overview import index_page
from grader.output.report.render import render_essay, render_index


def report(result: EssayResult, generated: str) -> str:
    """Render one essay's feedback report."""
    return render_essay(essay_page(result, generated))


def overview(marks: ClassMarks) -> str:
    """Render the class overview: every report, the averages, the common issues."""
    return render_index(
        index_page(marks.title, marks.reports, marks.failures, marks.generated, marks.similar)
    )


ESSAY = EssayFormat(
    "html",
    "an HTML report",
    report,
    default_file=lambda result: Path("reports") / f"{result.essay.student}.html",
)
CLASS = ClassFile("index.html", overview)
