"""Output formats, one module each: text, JSON (contract), CSV (gradebook) and HTML."""

from __future__ import annotations

from grader.output import contract, gradebook, html, text
from grader.output.formats import ClassFile, ClassMarks, EssayFormat

# The formats of `grader check --format`, the first the default.
ESSAY_FORMATS: dict[str, EssayFormat] = {
    f.name: f for f in (text.ESSAY, contract.ESSAY, html.ESSAY)
}
# The files `grader mark` writes for a class, beside each essay's report, in this order.
CLASS_FILES: tuple[ClassFile, ...] = (html.CLASS, gradebook.CLASS, contract.CLASS)

__all__ = ["CLASS_FILES", "ESSAY_FORMATS", "ClassFile", "ClassMarks", "EssayFormat"]
