"""Rubric loading and validation: every broken file gives one precise line naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.essay import Essay
from grader.marking.pipeline import mark_essay
from grader.rubric.files import builtin_rubrics
from grader.rubric.schema import RubricError
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import ROOT, SEED

BROKEN = Path(__file__).parent / "rubrics" / "broken"

# Each broken rubric: where the error must point (line:column, or "" for the whole file) and
# what it must say. A file in tests/rubrics/broken without an entry here fails the suite.
EXPECTED = {
    "bad-key-term.yaml": ("6:27", "terms: key term 'the printing press' must be one word"),
    "bad-id.yaml": ("3:6", "criteria[0].id: 'Reading Level' must start with a lower-case letter"),
    "binary.yaml": ("", "is a binary file, not a YAML text file"),
    # A cycle is reported in the file whose `extends` closes it.
    "cycle-a.yaml": ("cycle-b.yaml:1:1", "extends: rubrics extend each other in a cycle"),
    "cycle-b.yaml": ("cycle-a.yaml:1:1", "extends: rubrics extend each other in a cycle"),
    "duplicate-id.yaml": ("6:6", "criteria[1].id: criteria[0] already has the id 'readability'"),
    "duplicate-key.yaml": ("2:1", "the key 'title' appears twice"),
    "empty.yaml": ("", "is empty; a rubric needs a title, criteria and grades"),
    "extends-unknown.yaml": ("1:1", "(did you mean 'general-essay'?)"),
    "gap-in-levels.yaml": ("8:33", "criteria[0].levels[1].min: gap: no level covers"),
    "levels-reward-worse.yaml": ("6:5", "lower grade_distance is better"),
    "list-not-mapping.yaml": ("1:1", "a rubric must be a mapping"),
    "missing-fact-sheet.yaml": ("2:1", "facts: fact-sheet file not found"),
    "missing-title.yaml": ("1:1", "title: missing required key 'title'"),
    "misspelled-key.yaml": (
        "6:5",
        "criteria[0].wieght: unknown key 'wieght' (did you mean 'weight'?)",
    ),
    "negative-weight.yaml": ("6:5", "criteria[0].weight: must be greater than 0, got -1"),
    "no-criteria.yaml": ("2:1", "criteria: must not be empty"),
    "no-grade-for-zero.yaml": ("6:1", "no grade for percentages below 50"),
    "overlapping-levels.yaml": ("8:33", "levels 'Good' and 'Weak' overlap on grade_distance"),
    "remove-without-extends.yaml": ("6:5", "'remove: true' only works in a rubric that extends"),
    "syntax.yaml": ("4:1", "YAML syntax error: expected ',' or ']'"),
    "tab.yaml": ("3:1", "a tab is used for indentation; indent with spaces only"),
    "unknown-key.yaml": ("8:1", "colour: unknown key 'colour'; allowed here: title"),
    "unknown-kind.yaml": ("3:22", "kind must be one of facts, structure, readability, mechanics"),
    "unknown-language.yaml": ("2:1", "expected 'en-GB' or 'en-US', got 'en-UK'"),
    "unknown-measure.yaml": ("6:5", "(did you mean 'grade_distance'?)"),
    "wrong-type.yaml": ("6:5", "criteria[0].weight: expected a number, got 'heavy'"),
}


def test_every_broken_rubric_has_an_expected_error() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_rubric_gives_one_line_with_file_and_position(name: str) -> None:
    where, says = EXPECTED[name]
    with pytest.raises(RubricError) as caught:
        load_rubric(str(BROKEN / name))
    message = str(caught.value)
    assert "\n" not in message
    if ".yaml:" in where:
        name, where = where.split(":", 1)
    prefix = f"{BROKEN / name}:{where}: " if where else f"{BROKEN / name}: "
    assert message.startswith(prefix), message
    assert says in message


def test_default_rubric_is_the_general_essay() -> None:
    rubric = load_rubric()
    assert rubric.title == "General essay"
    assert rubric.name == "general-essay"
    assert [c.kind_name for c in rubric.criteria] == ["structure", "readability", "mechanics"]


def test_builtin_rubrics_are_the_files_in_the_rubrics_folder_and_all_validate() -> None:
    builtins = builtin_rubrics()
    assert set(builtins) == {"general-essay", "history-essay-great-terror", "persuasive-essay"}
    for name, path in builtins.items():
        assert path.resolve() == (ROOT / "rubrics" / f"{name}.yaml").resolve()
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
        load_rubric(name)
    history = load_rubric("history-essay-great-terror")
    assert {c.kind_name for c in history.criteria} == {
        "facts",
        "structure",
        "readability",
        "mechanics",
    }
    assert history.facts == str(ROOT / "rubrics" / "great-terror.facts.yaml")


def test_levels_without_bounds_take_the_default_bounds() -> None:
    persuasive = load_rubric("persuasive-essay")
    structure = persuasive.criteria[0]
    assert [level.label for level in structure.effective_levels()] == [
        "Compelling",
        "Clear",
        "Some",
        "Limited",
    ]
    # four unbounded levels share out the evidence score's cuts (0.83 to 0.17) evenly
    bounds = [level.min for level in structure.effective_levels()]
    assert [None if b is None else round(b, 2) for b in bounds] == [0.83, 0.5, 0.17, None]


def test_grade_labels_may_be_numbers() -> None:
    persuasive = load_rubric("persuasive-essay")
    assert persuasive.grade_for(95) == "9"
    assert persuasive.grade_for(5) == "U"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_overrides_one_weight_and_keeps_the_rest(tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "mine.yaml",
        "extends: general-essay\ntitle: Year 10\ncriteria:\n  - id: mechanics\n    weight: 3\n",
    )
    rubric = load_rubric(str(child))
    parent = load_rubric("general-essay")
    assert rubric.title == "Year 10" and rubric.name == "mine"
    assert [(c.id, c.weight) for c in rubric.criteria] == [
        ("structure", 4),
        ("readability", 2),
        ("mechanics", 3),
    ]
    assert rubric.grades == parent.grades
    assert rubric.criteria[2].effective_levels() == parent.criteria[2].effective_levels()


def test_extends_can_remove_and_add_criteria_and_chain(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.yaml",
        "extends: general-essay\ntitle: Base\ncriteria:\n  - {id: mechanics, remove: true}\n",
    )
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base.yaml\ncriteria:\n"
        "  - {id: clarity, name: Clarity, kind: readability, weight: 2}\n",
    )
    rubric = load_rubric(str(child))
    assert rubric.title == "Base"
    assert [c.id for c in rubric.criteria] == ["structure", "readability", "clarity"]


def test_error_in_an_override_points_at_the_child_file(tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "child.yaml",
        "extends: general-essay\ncriteria:\n  - id: mechanics\n    weight: 0\n",
    )
    with pytest.raises(RubricError) as caught:
        load_rubric(str(child))
    assert str(caught.value).startswith(
        f"{child}:4:5: criteria[2].weight: must be greater than 0, got 0"
    )


def test_fact_sheet_path_is_relative_to_the_rubric_that_names_it(tmp_path: Path) -> None:
    shutil.copy(ROOT / "rubrics" / "great-terror.facts.yaml", tmp_path / "sheet.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    write(tmp_path, "parent.yaml", "extends: history-essay-great-terror\nfacts: sheet.yaml\n")
    child = write(sub, "child.yaml", "extends: ../parent.yaml\ntitle: Child\n")
    assert load_rubric(str(child)).facts == str(tmp_path / "sheet.yaml")


def test_all_problems_are_collected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        "title: T\ncriteria:\n  - {id: a, name: A, kind: readability, weight: -2}\n"
        "  - {id: b, name: B, kind: readability, colour: red}\ngrades: []\n",
    )
    with pytest.raises(RubricError) as caught:
        load_rubric(str(path))
    assert len(caught.value.problems) == 3
    assert str(caught.value).endswith("(and 2 more problems)")


def test_changing_one_weight_changes_the_total(tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "heavy-readability.yaml",
        "extends: general-essay\ncriteria:\n  - id: readability\n    weight: 4\n",
    )
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), "seed")
    services = Services()
    parent_total = mark_essay(essay, load_rubric("general-essay"), services).total
    child_total = mark_essay(essay, load_rubric(str(child)), services).total
    assert child_total.max == parent_total.max + 12  # from weight 2 to 4, six points a level
    assert child_total.percent != parent_total.percent


def test_unknown_rubric_name_lists_the_builtins() -> None:
    with pytest.raises(RubricError, match=r"built-in: .*general-essay"):
        load_rubric("no-such-rubric")
    with pytest.raises(RubricError, match="rubric file not found"):
        load_rubric("missing.yaml")
