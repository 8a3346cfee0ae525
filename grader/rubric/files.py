"""Rubric files: finding them (built-in or a path), merging `extends:` chains, and validating
the merged data into a `Rubric` with every problem placed at its file:line.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from pydantic import (
    BaseModel,
    ValidationError,
)

from grader.io.yamlfile import MarkedDict, MarkedList, YamlProblem, load_yaml, position_of
from grader.rubric.checks import Loc, did_you_mean, semantic_problems
from grader.rubric.kind import CriterionChoice, find_spec, kind_names
from grader.rubric.schema import (
    DEFAULT_RUBRIC,
    SCHEMA_FILE,
    Problem,
    Rubric,
    RubricError,
)


def builtin_rubrics() -> dict[str, Path]:
    """Map each built-in rubric's name to its file."""
    folder = resources.files("grader.rubrics")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and not entry.name.endswith(".facts.yaml")
    }


def schema_path() -> Path:
    """Return the JSON Schema file shipped beside the built-in rubrics."""
    return Path(str(resources.files("grader.rubrics") / SCHEMA_FILE))


def resolve_rubric_path(name_or_path: str | None, relative_to: Path | None = None) -> Path:
    """Find a rubric by path (relative to another rubric if given) or by built-in name."""
    name = name_or_path or DEFAULT_RUBRIC
    path = Path(name)
    if relative_to is not None and not path.is_absolute():
        path = Path(os.path.normpath(relative_to.parent / path))
    if path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise RubricError([Problem(str(path), "", "rubric file not found")])
        return path
    builtins = builtin_rubrics()
    if name in builtins:
        return builtins[name]
    known = ", ".join(sorted(builtins))
    hint = did_you_mean(name, builtins)
    raise RubricError.single(
        name, f"no rubric file or built-in rubric named {name!r}{hint}; built-in: {known}"
    )


def load_merged_data(path: Path) -> MarkedDict:
    """Read a rubric file and those it extends, merged and in `order`, before validation."""
    return _in_order(_load_merged(path, ()))


def _in_order(data: MarkedDict) -> MarkedDict:
    """Put the criteria in the rubric's `order`: those it names first, the rest as they were."""
    order, criteria = data.get("order"), data.get("criteria")
    if not isinstance(order, list) or not isinstance(criteria, MarkedList):
        return data
    rank = {ident: i for i, ident in reversed(list(enumerate(order))) if isinstance(ident, str)}

    def place(pair: tuple[Any, Any]) -> int:
        ident = pair[0].get("id") if isinstance(pair[0], dict) else None
        return rank.get(ident, len(rank)) if isinstance(ident, str) else len(rank)

    ordered = MarkedList(position=criteria.position)
    for item, position in sorted(zip(criteria, criteria.item_positions, strict=True), key=place):
        ordered.append(item)
        ordered.item_positions.append(position)
    data["criteria"] = ordered
    return data


def validate_rubric(data: MarkedDict, file: str) -> Rubric:
    """Validate merged rubric data: the schema first, then the checks across keys."""
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as error:
        problems = [schema_problem(e, data, file) for e in error.errors()]
        raise RubricError(unique_problems(problems)) from None
    problems = [
        Problem(position_of(data, loc) or file, key_path(loc), message)
        for loc, message in semantic_problems(rubric)
    ]
    if problems:
        raise RubricError(problems)
    return rubric


def unique_problems(problems: list[Problem]) -> list[Problem]:
    """Drop repeated problems (a tagged union can report one mistake twice)."""
    return list(dict.fromkeys(problems))


def _load_merged(path: Path, chain: tuple[Path, ...]) -> MarkedDict:
    """Read one rubric file and, if it extends another, merge it over its parent."""
    try:
        data = load_yaml(path)
    except YamlProblem as problem:
        raise RubricError([Problem(problem.position, "", problem.problem)]) from None
    if data is None:
        raise RubricError(
            [Problem(str(path), "", "is empty; a rubric needs a title, criteria and grades")]
        )
    if not isinstance(data, MarkedDict):
        raise RubricError(
            [
                Problem(
                    position_of(data, ()) or str(path),
                    "",
                    "a rubric must be a mapping of keys such as title, criteria and grades",
                )
            ]
        )
    _resolve_facts_path(data, path)
    _resolve_learned_path(data, path)
    if "extends" not in data:
        return data
    parent_name = data.pop("extends")
    where = data.key_positions.get("extends", str(path))
    if not isinstance(parent_name, str):
        raise RubricError([Problem(where, "extends", "expected a rubric name or file path")])
    try:
        parent_path = resolve_rubric_path(parent_name, relative_to=path)
    except RubricError as error:
        raise RubricError([Problem(where, "extends", error.problems[0].message)]) from None
    here = (*chain, path.resolve())
    if parent_path.resolve() in here:
        cycle = " -> ".join(p.name for p in (*here, parent_path))
        raise RubricError(
            [Problem(where, "extends", f"rubrics extend each other in a cycle: {cycle}")]
        )
    merged: MarkedDict = merge(_load_merged(parent_path, here), data)
    return merged


def _resolve_facts_path(data: MarkedDict, path: Path) -> None:
    """Make a fact-sheet path absolute, relative to the rubric that names it, and check it."""
    facts = data.get("facts")
    if not isinstance(facts, str):
        return
    target = Path(os.path.normpath(path.parent / facts))
    if not target.is_file():
        where = data.key_positions.get("facts", str(path))
        raise RubricError([Problem(where, "facts", f"fact-sheet file not found: {target}")])
    data["facts"] = str(target)


def _resolve_learned_path(data: MarkedDict, path: Path) -> None:
    """Make the learned-marks file's path absolute, relative to the rubric that names it."""
    learned = data.get("learned_marks")
    if isinstance(learned, MarkedDict) and isinstance(learned.get("file"), str):
        learned["file"] = os.path.normpath(path.parent / learned["file"])


def merge(parent: Any, child: Any, key: str = "") -> Any:
    """Lay a child rubric over its parent: mappings merge, criteria merge by id, lists replace.

    A criterion's key `terms` is replaced whole, like a list: a rubric that lists its own key
    terms means those terms, not those and its parent's.
    """
    if isinstance(parent, MarkedDict) and isinstance(child, MarkedDict) and key != "terms":
        merged = MarkedDict(position=child.position)
        for name in (*parent, *(k for k in child if k not in parent)):
            if name in child and name in parent:
                merged[name] = merge(parent[name], child[name], str(name))
            else:
                merged[name] = child[name] if name in child else parent[name]
            source = child if name in child else parent
            merged.key_positions[name] = source.key_positions[name]
        return merged
    if key == "criteria" and isinstance(parent, list) and isinstance(child, MarkedList):
        return _merge_criteria(parent, child)
    return child


def _merge_criteria(parent: list[Any], child: MarkedList) -> MarkedList:
    """Override the parent's criteria by id, drop those marked `remove: true`, append new ones."""
    merged = MarkedList(position=child.position)
    positions = parent.item_positions if isinstance(parent, MarkedList) else [None] * len(parent)
    by_id = {
        item.get("id"): i for i, item in enumerate(child) if isinstance(item, dict) and "id" in item
    }
    for item, position in zip(parent, positions, strict=True):
        index = by_id.get(item.get("id")) if isinstance(item, dict) else None
        if index is None:
            merged.append(item)
            merged.item_positions.append(position)
            continue
        override = child[index]
        if override.get("remove") is True:
            continue
        merged.append(merge(item, override))
        merged.item_positions.append(child.item_positions[index])
    for i, item in enumerate(child):
        is_new = not isinstance(item, dict) or item.get("id") not in {
            p.get("id") for p in parent if isinstance(p, dict)
        }
        if is_new:
            merged.append(item)
            merged.item_positions.append(child.item_positions[i])
    return merged


def key_path(loc: Loc) -> str:
    """Render a location as `criteria[2].levels[0].score`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def schema_problem(
    error: Any, data: MarkedDict, file: str, root: type[BaseModel] | None = None
) -> Problem:
    """Turn one pydantic error into a Problem with a position and a teacher's wording."""
    loc: Loc = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    message = str(error["msg"])
    anchor = loc
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1], data, root or Rubric)
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = f"; allowed here: {', '.join(allowed)}"
        message = f"unknown key {loc[-1]!r}{hint}"
        if loc[-1] == "remove":
            message += "; 'remove: true' only works in a rubric that extends another"
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
        anchor = loc[:-1]
    elif kind in {"union_tag_not_found", "union_tag_invalid"}:
        tag = value.get("kind") if isinstance(value, dict) else None
        hint = did_you_mean(str(tag), kind_names()) if tag is not None else ""
        got = f", not {tag!r}" if tag is not None else ""
        message = f"kind must be one of {', '.join(kind_names())}{got}{hint}"
        loc = (*loc, "kind")
        anchor = loc
    elif kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = did_you_mean(str(value), options)
        message = f"expected {' or '.join(repr(o) for o in options)}, got {value!r}{hint}"
    elif kind in {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}:
        number = "a whole number" if kind.startswith("int") else "a number"
        message = f"expected {number}, got {value!r}"
    elif kind in {"string_type"}:
        message = f"expected text, got {value!r} (put it in quotes)"
    elif kind in {"list_type", "tuple_type"}:
        message = f"expected a list, got {value!r}"
    elif kind in {"model_type", "dict_type", "model_attributes_type"}:
        message = f"expected a mapping of keys, got {value!r}"
    elif kind in {"bool_type", "bool_parsing"}:
        message = f"expected true or false, got {value!r}"
    elif kind == "string_pattern_mismatch" and loc[-1] == "[key]":
        # A key term: point at the term and name it, not pydantic's "[key]".
        loc = loc[:-2]
        message = f"key term {value!r} must be one word (write each word as its own term)"
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} must start with a lower-case letter and hold only a-z, 0-9, - and _"
    elif kind in {"greater_than", "greater_than_equal", "less_than_equal", "less_than"}:
        message = f"{message.replace('Input should be', 'must be')}, got {value!r}"
    elif kind in {"too_short", "string_too_short"}:
        message = "must not be empty"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return Problem(position_of(data, anchor) or file, key_path(loc), message)


def _allowed_keys(loc: Loc, data: Any, root: type[BaseModel]) -> list[str]:
    """List the keys allowed at a location, to suggest the one a teacher meant."""
    model: Any = root
    current: Any = data
    for i, part in enumerate(loc):
        current = child_of(current, part)
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        following = loc[i + 1] if i + 1 < len(loc) else None
        example = child_of(current, following) if isinstance(following, int) else current
        model = _model_in(field.annotation, example)
        if model is None:
            return []
    return list(model.model_fields)


def child_of(container: Any, part: str | int | None) -> Any:
    """Return a mapping's value or a list's item, or None when it is not there."""
    if isinstance(container, dict) and part in container:
        return container[part]
    if isinstance(container, list) and isinstance(part, int) and part < len(container):
        return container[part]
    return None


def _model_in(annotation: Any, value: Any) -> Any:
    """Find the model class inside a field's type (a criterion's is its kind's model)."""
    if annotation is CriterionChoice:
        spec = find_spec(str(value.get("kind"))) if isinstance(value, dict) else None
        return spec.criterion if spec else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    models = [m for m in (_model_in(a, value) for a in get_args(annotation)) if m is not None]
    return models[0] if len(models) == 1 else None
