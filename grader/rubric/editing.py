"""A rubric edited as a table of values, and saved as a short `extends:` file of what changed.

The editor's form names each value by its key path (`criteria[0].weight`, `grades[2].min`),
the same paths the loader's messages use, so a problem is shown beside its field. An edited
rubric is never validated by a second set of rules: its changes are written as the file a
teacher would keep (`extends:` the saved rubric, holding only what differs) and that file is
loaded by load_rubric, so the page, `grader rubric validate` and `grader mark` agree.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from grader.rubric.files import builtin_rubrics, load_merged_data, schema_path
from grader.rubric.kind import CriterionBase, CriterionChoice, find_spec, kind_names
from grader.rubric.schema import Rubric

# Criterion keys the table shows in their own columns; every other key is a kind's setting.
OWN_COLUMNS = ("id", "name", "kind", "weight", "levels", "description")
# Keys the table does not edit (evidence and caps are kept as the rubric has them).
KEPT = ("measure", "evidence", "caps", "remove")
LEVEL_KEYS = ("label", "score", "min", "max", "descriptor")
NUMBER_KEYS = {"weight", "score", "min", "max", "share"}
TOP_TEXT = ("title", "subject", "level", "task", "genre")
# Values of a few parts the table edits as a row of fields: word_count's min and max ...
PAIRS: dict[str, tuple[str, ...]] = {
    "word_count": ("min", "max"),
    "too_short": ("share", "best_grade"),
    "far_too_short": ("share", "best_grade"),
    "off_task": ("best_grade",),
}


def plain(value: Any) -> Any:
    """Copy loaded YAML into plain dicts and lists (no line positions)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def saved_data(rubric: Rubric) -> dict[str, Any]:
    """Return a rubric's data as its file and those it extends give it, merged."""
    data: dict[str, Any] = plain(load_merged_data(Path(rubric.path)))
    return data


def criterion_model(data: Mapping[str, Any]) -> CriterionBase | None:
    """Validate one criterion's data alone, or None when it is not valid yet."""
    try:
        model: CriterionBase = TypeAdapter(CriterionChoice).validate_python(dict(data))
    except ValidationError:
        return None
    return model


def shown_levels(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the levels a criterion marks by, as the table shows them (defaults filled in)."""
    model = criterion_model(data)
    if model is None:
        return [dict(level) for level in data.get("levels") or []]
    return [level.model_dump(exclude_defaults=False) for level in model.effective_levels()]


def settings_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return a criterion's kind settings: the keys with no column of their own."""
    return {k: v for k, v in data.items() if k not in OWN_COLUMNS and k not in KEPT}


def kind_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return every setting of a criterion's kind: its own value, else the kind's default."""
    shown = settings_of(data)
    spec = find_spec(str(data.get("kind")))
    if spec is None:
        return shown
    for name, info in spec.criterion.model_fields.items():
        if name in CriterionBase.model_fields or name in shown or name == "kind":
            continue
        default = info.get_default(call_default_factory=True)
        shown[name] = default.model_dump() if isinstance(default, BaseModel) else default
    return shown


def setting_default(kind: str, name: str) -> Any:
    """Return a kind setting's default, as a teacher would type it; None when it has none."""
    spec = find_spec(kind)
    info = spec.criterion.model_fields.get(name) if spec is not None else None
    if info is None or info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    return default.model_dump() if isinstance(default, BaseModel) else default


def new_criterion(kind: str, taken: set[str]) -> dict[str, Any]:
    """Start a criterion of a kind, with an id not taken yet and the kind's defaults."""
    spec = find_spec(kind)
    if spec is None:
        raise ValueError(f"kind must be one of {', '.join(kind_names())}, not {kind!r}")
    ident, number = kind, 2
    while ident in taken:
        ident, number = f"{kind}-{number}", number + 1
    start = {"id": ident, "name": spec.title, "kind": kind, "weight": 1}
    return start | copy.deepcopy(dict(spec.starter))


def read_value(key: str, text: str) -> Any:
    """Read a field as the YAML loader would read what the teacher typed.

    A number field holds a number when it reads as one; anything else is kept as typed, so
    the loader's own message ("expected a number, got 'ten'") is the one shown.
    """
    text = text.strip()
    if key in NUMBER_KEYS:
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return text
    return text


def read_setting(text: str) -> Any:
    """Read a kind setting typed as YAML (`{min: 4, max: 8}`, `35`, `[]`); None when empty."""
    if not text.strip():
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text  # the loader says what it expected instead


def edited_data(
    saved: Mapping[str, Any], form: Mapping[str, str], action: str = ""
) -> dict[str, Any]:
    """Apply the table's fields (and one action: add or remove a row) to the saved data."""
    data: dict[str, Any] = copy.deepcopy(dict(saved))
    for key in TOP_TEXT:
        if key in form:
            value = read_value(key, form[key])
            if key == "genre" and not value:  # no kind chosen: the saved rubric's own
                data.pop(key, None)
                data.update({key: saved[key]} if key in saved else {})
            elif value or key in data:
                data[key] = value
    for key, parts in PAIRS.items():
        data[key] = _pair(form, key, parts, data.get(key))
        if data[key] is None and key not in saved:
            del data[key]
    data["grades"] = _grades(form, data.get("grades") or [])
    data["criteria"] = _criteria(saved.get("criteria") or [], form)
    _act(data, action)
    return data


def _pair(
    form: Mapping[str, str], key: str, parts: tuple[str, ...], saved: Any
) -> dict[str, Any] | None:
    """Read a value of parts (word_count's min and max); None when all are left empty."""
    if f"{key}.{parts[0]}" not in form:
        return copy.deepcopy(saved) if isinstance(saved, dict) else None
    values = {p: read_value(p, form.get(f"{key}.{p}", "")) for p in parts}
    if all(v in (None, "") for v in values.values()):
        return None
    return values


def _grades(form: Mapping[str, str], saved: list[Any]) -> list[dict[str, Any]]:
    """Read the grade boundaries, one row each."""
    grades = []
    for k in range(_rows(form, "grades[{}].grade")):
        grades.append(
            {
                "min": read_value("min", form.get(f"grades[{k}].min", "")),
                "grade": read_value("grade", form.get(f"grades[{k}].grade", "")),
            }
        )
    return grades if "grades[0].grade" in form else copy.deepcopy(saved)


def _rows(form: Mapping[str, str], pattern: str) -> int:
    """Count the numbered rows the form holds for a pattern."""
    count = 0
    while pattern.format(count) in form:
        count += 1
    return count


def _criteria(saved: list[Any], form: Mapping[str, str]) -> list[dict[str, Any]]:
    """Read the criteria rows: saved ones keep what the table does not show; new ones start."""
    by_id = {c.get("id"): c for c in saved if isinstance(c, dict)}
    if "criteria[0].id" not in form:
        return copy.deepcopy(saved)
    criteria = []
    for i in range(_rows(form, "criteria[{}].id")):
        at = f"criteria[{i}]"
        ident = form[f"{at}.id"].strip()
        if ident in by_id:
            criterion = copy.deepcopy(by_id[ident])
        else:
            criterion = {"id": ident, "kind": form.get(f"{at}.kind", "").strip()}
        criterion["name"] = read_value("name", form.get(f"{at}.name", criterion.get("name", "")))
        criterion["weight"] = read_value("weight", form.get(f"{at}.weight", ""))
        for key in list(settings_of(criterion)) + _new_settings(form, at, criterion):
            if f"{at}.{key}" in form:
                value = read_setting(form[f"{at}.{key}"])
                if value is None:
                    criterion.pop(key, None)
                elif key in criterion or value != setting_default(criterion["kind"], key):
                    criterion[key] = value  # a default left as shown is not written
        _levels(criterion, by_id.get(ident), form, at)
        criteria.append(criterion)
    return criteria


def _new_settings(form: Mapping[str, str], at: str, criterion: Mapping[str, Any]) -> list[str]:
    """Name the settings a row's form gives that the criterion does not have yet."""
    prefix = f"{at}."
    taken = set(OWN_COLUMNS) | set(KEPT) | set(criterion)
    return [
        name[len(prefix) :]
        for name in form
        if name.startswith(prefix)
        and "[" not in name[len(prefix) :]
        and "." not in name[len(prefix) :]
        and name[len(prefix) :] not in taken
    ]


def _levels(
    criterion: dict[str, Any], saved: Mapping[str, Any] | None, form: Mapping[str, str], at: str
) -> None:
    """Read a criterion's levels; write them into the rubric only when the teacher changed them.

    Levels left at the kind's defaults stay unwritten. Changed labels, scores or descriptors
    keep the default bounds; changed bounds are written with the evidence they bound, so a
    criterion marked by its evidence score still is.
    """
    count = _rows(form, f"{at}.levels[{{}}].label")
    if not count:
        return
    typed = [
        {key: read_value(key, form.get(f"{at}.levels[{j}].{key}", "")) for key in LEVEL_KEYS}
        for j in range(count)
    ]
    before = shown_levels(saved if saved is not None else criterion)
    if _same_levels(typed, before):
        return
    same_bounds = len(typed) == len(before) and all(
        (t["min"], t["max"]) == (b["min"], b["max"]) for t, b in zip(typed, before, strict=True)
    )
    own_bounds = any(
        level.get("min") is not None or level.get("max") is not None
        for level in criterion.get("levels") or []
    )
    keep = ("label", "score", "descriptor") if same_bounds and not own_bounds else LEVEL_KEYS
    criterion["levels"] = [
        {k: level[k] for k in keep if level[k] not in (None, "") or k in ("label", "score")}
        for level in typed
    ]
    model = criterion_model(saved if saved is not None else criterion)
    if keep == LEVEL_KEYS and model is not None and model.uses_evidence:
        criterion.setdefault(
            "evidence", [e.model_dump(exclude_defaults=True) for e in model.effective_evidence()]
        )


def _same_levels(typed: list[dict[str, Any]], before: list[dict[str, Any]]) -> bool:
    """Tell whether the typed levels are those shown before (numbers compared as numbers)."""
    if len(typed) != len(before):
        return False
    return all(
        all(_same(t[k], b.get(k)) for k in LEVEL_KEYS) for t, b in zip(typed, before, strict=True)
    )


def _same(typed: Any, saved: Any) -> bool:
    """Compare a typed value with a saved one: 4 and 4.0 are the same; '' and None too."""
    if typed in (None, "") and saved in (None, ""):
        return True
    if isinstance(typed, int | float) and isinstance(saved, int | float):
        return float(typed) == float(saved)
    return bool(typed == saved)


def _act(data: dict[str, Any], action: str) -> None:
    """Change the rows: `add:KIND`, `remove:INDEX`, `up:INDEX`, `down:INDEX`, `add-grade`,
    `remove-grade:INDEX`."""
    verb, _, argument = action.partition(":")
    criteria, grades = data["criteria"], data["grades"]
    if verb == "add" and argument:
        criteria.append(new_criterion(argument, {str(c.get("id")) for c in criteria}))
    elif verb == "remove" and argument.isdigit() and int(argument) < len(criteria):
        del criteria[int(argument)]
    elif verb in ("up", "down") and argument.isdigit() and int(argument) < len(criteria):
        i = int(argument)
        j = i - 1 if verb == "up" else i + 1
        if 0 <= j < len(criteria):
            criteria[i], criteria[j] = criteria[j], criteria[i]
    elif verb == "add-grade":
        grades.append({"min": 0, "grade": ""})
    elif verb == "remove-grade" and argument.isdigit() and int(argument) < len(grades):
        del grades[int(argument)]


def changes(saved: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """Return what an `extends:` file must hold to turn the saved data into the edited.

    Criteria merge by id (a removed one is `remove: true`, a new one is written whole);
    other lists and two-part values are written whole when anything in them changed.
    """
    out: dict[str, Any] = {}
    for key, value in edited.items():
        if key not in ("criteria", "order") and saved.get(key) != value:
            out[key] = value
    for key in saved:
        if key not in edited and key != "order":
            out[key] = None
    criteria = _criteria_changes(saved.get("criteria") or [], edited.get("criteria") or [])
    if criteria:
        out["criteria"] = criteria
    order = _order(saved.get("criteria") or [], edited.get("criteria") or [])
    if order:
        out["order"] = order
    return out


def _order(saved: list[Any], edited: list[Any]) -> list[str]:
    """Return the `order:` an edit needs: its criteria's ids when merging would order them
    otherwise (the saved ones kept in their order, then the new ones); else none."""
    before = [c.get("id") for c in saved if isinstance(c, dict)]
    after = [str(c.get("id")) for c in edited if isinstance(c, dict)]
    merged = [i for i in before if i in after] + [i for i in after if i not in before]
    return after if after != merged else []


def _criteria_changes(saved: list[Any], edited: list[Any]) -> list[dict[str, Any]]:
    """Return the criteria entries of an `extends:` file: changed keys, removals, new ones."""
    by_id = {c.get("id"): c for c in saved if isinstance(c, dict)}
    kept = {c.get("id") for c in edited}
    entries: list[dict[str, Any]] = [
        {"id": ident, "remove": True} for ident in by_id if ident not in kept
    ]
    for criterion in edited:
        before = by_id.get(criterion.get("id"))
        if before is None:
            entries.append(criterion)
            continue
        changed = {k: v for k, v in criterion.items() if before.get(k) != v}
        changed.update({k: None for k in before if k not in criterion})
        if changed:
            entries.append({"id": criterion["id"], **changed})
    return entries


def parent_reference(rubric: Rubric, folder: Path) -> str:
    """Name the saved rubric as an `extends:` in `folder` would: built-in by name, else a path."""
    builtin = builtin_rubrics().get(rubric.name)
    if builtin is not None and Path(rubric.path).resolve() == builtin.resolve():
        return rubric.name
    return os.path.relpath(Path(rubric.path).resolve(), folder.resolve())


def extends_text(
    changed: Mapping[str, Any], parent: str, folder: Path, note: str, when: date
) -> str:
    """Write the changes as a readable rubric file that extends its parent."""
    schema = os.path.relpath(schema_path(), folder.resolve())
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {note}, {when.isoformat()}: only what differs from {parent} is written here.",
        "# Check it with `grader rubric validate FILE`; mark with `grader mark --rubric FILE`.",
        f"extends: {flow_style(parent)}",
    ]
    for key, value in changed.items():
        if key == "criteria":
            continue
        lines.extend(_block(key, value))
    if changed.get("criteria"):
        lines.append("criteria:")
        for criterion in changed["criteria"]:
            lines.extend(_criterion_lines(criterion))
    return "\n".join(lines) + "\n"


def _block(key: str, value: Any) -> list[str]:
    """Write one top-level key; a list of mappings one item to a line."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{key}:", *(f"  - {flow_style(item)}" for item in value)]
    return [f"{key}: {flow_style(value)}"]


def _criterion_lines(criterion: Mapping[str, Any]) -> list[str]:
    """Write one criterion entry: a key to a line, its levels one to a line."""
    lines = []
    for n, (key, value) in enumerate(criterion.items()):
        lead = "  - " if n == 0 else "    "
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{lead}{key}:")
            lines.extend(f"      - {flow_style(item)}" for item in value)
        else:
            lines.append(f"{lead}{key}: {flow_style(value)}")
    return lines


def flow_style(value: Any) -> str:
    """Write a value in YAML's one-line flow style."""
    text = yaml.safe_dump(
        value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()
