"""A fact sheet edited as a table, one row per fact, and written as a fact-sheet file.

The form names each value by its key path below `sheet.` (`sheet.facts[2].date`), the same
paths `grader facts check` reports, so a problem is shown beside its field. A value left as
it was shown keeps the saved value exactly (a date stays a date), so an untouched sheet is
the saved sheet and changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from grader.io.yamlfile import load_yaml
from grader.rubric.editing import flow_style, plain, read_setting
from grader.rubric.schema import Rubric

PREFIX = "sheet."
# The columns of a fact's row, in the order the table shows them.
FACT_KEYS = (
    "id",
    "statement",
    "about",
    "date",
    "number",
    "place",
    "person",
    "source",
    "required",
    "weight",
    "misconceptions",
)
TEXT_KEYS = ("id", "statement", "source")
SHEET_TEXT = ("title", "description")


def shown(value: Any) -> str:
    """Show a sheet value in a field as a teacher would type it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, dict | list):
        return flow_style(value)
    return str(value)


def shown_spellings(value: Any) -> str:
    """Show a name's other spellings as a comma-separated list."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return ", ".join(str(item) for item in items)


def sheet_data(rubric: Rubric) -> dict[str, Any] | None:
    """Return the fact sheet a rubric checks against, as plain data; None when it has none."""
    if isinstance(rubric.facts, list):
        return {"facts": plain(copy.deepcopy(rubric.facts))}
    if not isinstance(rubric.facts, str):
        return None
    data = plain(load_yaml(Path(rubric.facts)))  # it loaded with the rubric, so it reads
    return data if isinstance(data, dict) else None


def edited_sheet(
    saved: Mapping[str, Any], form: Mapping[str, str], action: str = ""
) -> dict[str, Any]:
    """Apply the fact table's fields (and one action: add or remove a row) to the saved sheet."""
    data: dict[str, Any] = copy.deepcopy(dict(saved))
    if f"{PREFIX}facts[0].id" not in form and not action.startswith(("add-fact", "add-name")):
        return data
    for key in SHEET_TEXT:
        field = f"{PREFIX}{key}"
        if field in form and form[field] != shown(saved.get(key)):
            _put(data, key, form[field].strip() or None)
    if f"{PREFIX}names[0].name" in form:
        data["names"] = _names(saved.get("names") or {}, form)
    if f"{PREFIX}facts[0].id" in form:
        data["facts"] = _facts(saved.get("facts") or [], form)
    _act(data, action)
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set a key, or drop it when the teacher emptied its field."""
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value


def _names(saved: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """Read the names table: a row with no name is dropped; unchanged spellings are kept."""
    names: dict[str, Any] = {}
    k = 0
    while f"{PREFIX}names[{k}].name" in form:
        name = form[f"{PREFIX}names[{k}].name"].strip()
        typed = form.get(f"{PREFIX}names[{k}].spellings", "")
        k += 1
        if not name:
            continue
        if name in saved and typed == shown_spellings(saved[name]):
            names[name] = copy.deepcopy(saved[name])
        else:
            names[name] = [s.strip() for s in typed.split(",") if s.strip()]
    return names


def _facts(saved: list[Any], form: Mapping[str, str]) -> list[dict[str, Any]]:
    """Read the fact rows, each key as the sheet's loader would read what was typed.

    A row is matched to the saved fact with its id, so removing a row shifts nothing.
    """
    by_id = {str(f.get("id")): f for f in saved if isinstance(f, dict)}
    facts = []
    i = 0
    while f"{PREFIX}facts[{i}].id" in form:
        before = by_id.get(form[f"{PREFIX}facts[{i}].id"].strip(), {})
        fact = copy.deepcopy(before)
        for key in FACT_KEYS:
            field = f"{PREFIX}facts[{i}].{key}"
            if field in form and form[field] != shown(before.get(key)):
                _put(fact, key, read_fact_value(key, form[field]))
        facts.append({k: fact[k] for k in (*FACT_KEYS, *fact) if k in fact})
        i += 1
    return facts


def read_fact_value(key: str, text: str) -> Any:
    """Read one typed value: words as words, yes/no, a number, else YAML (lists, dates)."""
    text = text.strip()
    if not text:
        return None
    if key in TEXT_KEYS:
        return text
    if key == "required":
        return {"yes": True, "no": False}.get(text.lower(), text)
    return read_setting(text)


def _act(data: dict[str, Any], action: str) -> None:
    """Add or remove a fact (`add-fact`, `remove-fact:INDEX`) or add a name (`add-name`)."""
    verb, _, argument = action.partition(":")
    facts = data.setdefault("facts", [])
    if verb == "add-fact":
        facts.append({"id": "", "statement": "", "about": [], "source": ""})
    elif verb == "remove-fact" and argument.isdigit() and int(argument) < len(facts):
        del facts[int(argument)]
    elif verb == "add-name":
        names = data.setdefault("names", {})
        names.setdefault("", [])  # an empty row to type into; dropped if left empty


def sheet_text(data: Mapping[str, Any], note: str, origin: str, when: date) -> str:
    """Write a fact sheet as a readable file: a fact to a block, a value to a line."""
    lines = [
        f"# {note}, {when.isoformat()}, from {origin}.",
        "# Check it with `grader facts check FILE`; a rubric's `facts:` names this file.",
    ]
    for key in SHEET_TEXT:
        if data.get(key):
            value = data[key]
            lines.append(f"{key}: {flow_style(value.strip() if isinstance(value, str) else value)}")
    names = {k: v for k, v in (data.get("names") or {}).items() if k}
    if names:
        lines.append("names:")
        lines.extend(
            f"  {flow_style(name)}: {flow_style(others)}" for name, others in names.items()
        )
    lines.append("facts:")
    for fact in data.get("facts") or []:
        for n, (key, value) in enumerate(fact.items()):
            lines.append(f"{'  - ' if n == 0 else '    '}{key}: {flow_style(value)}")
    return "\n".join(lines) + "\n"
