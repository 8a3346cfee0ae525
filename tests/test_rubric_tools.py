"""Teacher-facing rubric commands: validate, show, new and the JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from grader.cli import main
from grader.cli.rubric import describe_rubric, rubric_schema, schema_text
from grader.rubric.files import builtin_rubrics, schema_path
from grader.rubric_loader import load_rubric
from tests.conftest import ROOT, SAMPLES

BROKEN = Path(__file__).parent / "rubrics" / "broken"


def test_schema_file_is_up_to_date() -> None:
    assert schema_path().read_text(encoding="utf-8") == schema_text(), (
        "run: grader rubric schema > rubrics/rubric.schema.json"
    )
    assert schema_path().resolve() == (ROOT / "rubrics" / "rubric.schema.json").resolve()


def test_schema_accepts_builtin_rubrics_and_flags_unknown_keys() -> None:
    schema = rubric_schema()
    for path in builtin_rubrics().values():
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    child = {"extends": "general-essay", "criteria": [{"id": "mechanics", "weight": 2}]}
    jsonschema.validate(child, schema)
    for name in ("unknown-key.yaml", "unknown-language.yaml", "missing-title.yaml"):
        data = yaml.safe_load((BROKEN / name).read_text(encoding="utf-8"))
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)


def test_show_summarises_weights_levels_grades_and_facts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rubric", "show", "history-essay-great-terror"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("History essay: Stalin's Great Terror")
    assert "Factual accuracy" in out and "weight 2, 12 points, 33%" in out
    assert "Facts: " in out and "from great-terror.facts.yaml" in out
    assert "A* from 90%" in out and "0.83 or more" in out
    assert "level chosen by the evidence score, the weighted mean of:" in out
    assert "No claim contradicted by the fact sheet (contradicted: none at 3, full at 0)" in out
    assert "Essays under 360 words: at most B" in out
    for name in builtin_rubrics():
        assert describe_rubric(load_rubric(name)).count("level chosen by") == len(
            load_rubric(name).criteria
        )


def test_validate_lists_every_problem_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "rubric",
            "validate",
            "general-essay",
            str(BROKEN / "misspelled-key.yaml"),
            str(BROKEN / "tab.yaml"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert "general-essay.yaml: valid (3 criteria)" in captured.out
    errors = captured.err.splitlines()
    assert errors == [
        f"{BROKEN / 'misspelled-key.yaml'}:6:5: criteria[0].wieght: unknown key 'wieght' "
        "(did you mean 'weight'?)",
        f"{BROKEN / 'tab.yaml'}:3:1: a tab is used for indentation; indent with spaces only",
    ]


def test_new_writes_a_short_file_that_extends_the_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rubric", "new", "year10", "--from", "history-essay-great-terror"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["year10.yaml"]
    text = (tmp_path / "year10.yaml").read_text(encoding="utf-8")
    schema = text.splitlines()[0].split("$schema=")[1]
    assert (tmp_path / schema).resolve() == schema_path().resolve()
    assert "extends: history-essay-great-terror" in text and len(text.splitlines()) < 30
    assert "Stalin" not in text and "Kirov" not in text  # nothing of the built-in's topic
    assert "# facts: year10.facts.yaml" in text
    rubric = load_rubric(str(tmp_path / "year10.yaml"))
    builtin = load_rubric("history-essay-great-terror")
    assert rubric.title == "year10" and rubric.criteria == builtin.criteria
    # Each commented example, once its # is removed, still makes a valid rubric.
    examples = text.split("# Examples: remove the # in front of a line to use it.\n", 1)[1]
    examples = examples.split("# Your own topic's fact sheet", 1)[0]  # a file to write first
    used = "\n".join(line.removeprefix("# ") for line in examples.splitlines())
    (tmp_path / "used.yaml").write_text(text + used + "\n", encoding="utf-8")
    assert load_rubric(str(tmp_path / "used.yaml")).word_count is not None


def test_new_full_writes_a_valid_commented_copy_with_its_fact_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["rubric", "new", "year10", "--from", "history-essay-great-terror", "--full"]
    assert main(args) == 0
    text = (tmp_path / "year10.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema = text.splitlines()[0].split("$schema=")[1]
    assert (tmp_path / schema).resolve() == schema_path().resolve()
    assert "facts: year10.facts.yaml" in text
    rubric = load_rubric(str(tmp_path / "year10.yaml"))
    assert rubric.title == "year10"
    assert rubric.facts == str(tmp_path / "year10.facts.yaml")
    assert main(["rubric", "new", "year10"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_refuses_an_unknown_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rubric", "new", "mine", "--from", "general-esay"]) == 2
    assert not (tmp_path / "mine.yaml").exists()


def test_schema_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubric", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "extends" in schema["properties"]


def test_invalid_rubric_stops_marking_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        ["mark", str(SAMPLES), "--rubric", str(BROKEN / "gap-in-levels.yaml"), "--out", str(out)]
    )
    assert code == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.startswith(f"grader: error: {BROKEN / 'gap-in-levels.yaml'}:8:33: ")
