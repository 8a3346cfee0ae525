"""What an output format is: one essay's feedback as text, or one file of a marked class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.marking.pipeline import EssayResult
from grader.output.similar_essays import SimilarPair


@dataclass(frozen=True)
class EssayFormat:
    """A way to write one essay's feedback (`grader check --format NAME`)."""

    name: str
    help: str  # a few words for --help
    render: Callable[[EssayResult, str], str]  # (result, date generated) -> the text
    # Where it is written when no --output is given; None prints it.
    default_file: Callable[[EssayResult], Path] | None = None


@dataclass(frozen=True)
class ClassMarks:
    """A marked class, as its output files need it."""

    title: str  # the rubric's
    results: Sequence[tuple[str, EssayResult]]  # each essay's file and result
    reports: Sequence[tuple[str, EssayResult]]  # each report's file name and result
    failures: Sequence[tuple[str, str]]  # each file not marked and why
    generated: str
    similar: Sequence[SimilarPair] = ()


@dataclass(frozen=True)
class ClassFile:
    """One file `grader mark` writes for the whole class (grades.csv, results.json ...)."""

    name: str
    render: Callable[[ClassMarks], str]
