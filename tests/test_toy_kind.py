"""A criterion kind of one's own, declared in this module alone, marks an essay end to end."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import Field

from grader.cli.rubric import schema_text
from grader.essay import Essay
from grader.findings import Assessment, Finding
from grader.marking.pipeline import mark_essay
from grader.output.report.model import essay_page
from grader.output.report.render import render_essay
from grader.output.results import result_to_dict
from grader.rubric.kind import CriterionBase, KindSpec, kind_names, register, unregister
from grader.rubric.levels import fixed_levels
from grader.rubric.measures import Measure
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric
from grader.services import Services


class ExclamationsCriterion(CriterionBase):
    """How sparingly the essay shouts: exclamation marks per 100 words."""

    kind: Literal["exclamations"]
    allowed: int = Field(default=1, ge=0, description="Exclamation marks allowed without remark.")


def analyse_exclamations(essay: Essay, criterion: Any, services: Services) -> Assessment:
    """Count the exclamation marks and point at each one past the allowance."""
    marks = [m.start() for m in re.finditer("!", essay.text)]
    words = max(essay.word_count, 1)
    findings = tuple(
        Finding(
            criterion=criterion.id,
            kind="exclamations",
            code="EXCLAMATION",
            severity="suggestion",
            message="Let the argument, not the punctuation, carry the force.",
            start=start,
            end=start + 1,
        )
        for start in marks[criterion.allowed :]
    )
    measures = {"exclamations": float(len(marks)), "per_100_words": len(marks) * 100 / words}
    return Assessment(measures=measures, findings=findings)


SPEC = KindSpec(
    name="exclamations",
    title="Exclamation marks",
    criterion=ExclamationsCriterion,
    analyser=analyse_exclamations,
    measures={
        "exclamations": Measure("Exclamation marks", better="lower"),
        "per_100_words": Measure("Exclamation marks per 100 words", better="lower"),
    },
    default_measure="per_100_words",
    levels=fixed_levels(
        (2, "Measured", None, 0.5, "You let the argument carry the force."),
        (1, "Shouty", 0.5, None, "Exclamation marks do the work your argument should."),
    ),
    highlights={"exclamations": "Exclamation mark"},
)

RUBRIC = """\
title: Persuasive writing
criteria:
  - id: tone
    name: Tone
    kind: exclamations
    allowed: 0
grades:
  - {min: 75, grade: A}
  - {min: 0, grade: C}
"""
CALM = "Uniforms save families money. They also reduce pressure on pupils to follow fashion."
SHOUTY = "Uniforms are a disaster! Nobody likes them! Ban them now! Everyone agrees with me!"


@pytest.fixture
def toy_kind(tmp_path: Path) -> Iterator[Path]:
    """Register the kind for one test and give the path of a rubric that uses it."""
    register(SPEC)
    rubric = tmp_path / "persuasive.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    yield rubric
    unregister(SPEC.name)


def test_a_registered_kind_marks_an_essay_and_reports_it(toy_kind: Path) -> None:
    rubric = load_rubric(str(toy_kind))
    (criterion,) = rubric.criteria
    assert isinstance(criterion, ExclamationsCriterion) and criterion.allowed == 0

    calm = result_to_dict(mark_essay(Essay.from_text(CALM, "calm"), rubric, Services()))
    shouty_result = mark_essay(Essay.from_text(SHOUTY, "shouty"), rubric, Services())
    shouty = result_to_dict(shouty_result)
    assert [c["level"] for c in calm["criteria"]] == ["Measured"]
    assert [c["level"] for c in shouty["criteria"]] == ["Shouty"]
    assert shouty["criteria"][0]["measures"]["exclamations"] == 4
    assert len(shouty["findings"]) == 4 and calm["findings"] == []
    assert (calm["total"]["grade"], shouty["total"]["grade"]) == ("A", "C")

    page = render_essay(essay_page(shouty_result, "2026-12-07"))
    assert "Exclamation marks per 100 words" in page  # the measure's label
    assert "Exclamation mark</span>" in page and "Let the argument" in page  # its labelled notes


def test_a_registered_kind_is_in_the_schema_and_in_rubric_errors(
    toy_kind: Path, tmp_path: Path
) -> None:
    assert kind_names()[-1] == "exclamations"
    schema = json.loads(schema_text())
    assert "ExclamationsCriterion" in schema["$defs"]
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text(RUBRIC.replace("exclamations", "exclamation"), encoding="utf-8")
    with pytest.raises(RubricError, match=r"not 'exclamation' \(did you mean 'exclamations'\?\)"):
        load_rubric(str(misspelt))
    unknown_setting = tmp_path / "unknown.yaml"
    unknown_setting.write_text(RUBRIC.replace("allowed: 0", "alowed: 0"), encoding="utf-8")
    with pytest.raises(RubricError, match=r"unknown key 'alowed' \(did you mean 'allowed'\?\)"):
        load_rubric(str(unknown_setting))


def test_without_registering_the_kind_is_unknown(tmp_path: Path) -> None:
    rubric = tmp_path / "persuasive.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    with pytest.raises(RubricError, match="kind must be one of facts, structure"):
        load_rubric(str(rubric))
