from __future__ import annotations

from pathlib import Path

import pytest

from grader.rubric import RubricError, builtin_rubrics, load_rubric
from tests.conftest import ROOT


def test_default_rubric_is_the_general_essay() -> None:
    rubric = load_rubric()
    assert rubric.title == "General essay"
    assert rubric.name == "general-essay"
    assert [c.kind for c in rubric.criteria] == ["readability"]


def test_builtin_rubrics_are_the_files_in_rubrics_folder() -> None:
    builtins = builtin_rubrics()
    assert (
        builtins["general-essay"].resolve() == (ROOT / "rubrics" / "general-essay.yaml").resolve()
    )
    for name in builtins:
        load_rubric(name)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("title: T\ncriteria: [}\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        (
            "title: T\ncolour: red\ncriteria:\n  - {id: r, name: R, kind: readability}\n"
            "grades: [{min: 0, grade: U}]\n",
            "colour: Extra inputs",
        ),
        (
            "title: T\ncriteria:\n  - {id: r, name: R, kind: readability, weight: -1}\n"
            "grades: [{min: 0, grade: U}]\n",
            "criteria[0].weight",
        ),
    ],
)
def test_broken_rubric_names_the_file_and_the_key(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(RubricError) as caught:
        load_rubric(str(path))
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_rubric_name_lists_the_builtins() -> None:
    with pytest.raises(RubricError, match=r"built-in: .*general-essay"):
        load_rubric("no-such-rubric")
    with pytest.raises(RubricError, match="rubric file not found"):
        load_rubric("missing.yaml")
