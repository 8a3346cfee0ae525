"""Reading teacher-edited YAML with the line and column of every key, for errors that say where."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Position:
    """Where something stands in a file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class MarkedDict(dict[Any, Any]):
    """A mapping that remembers where each of its keys was written."""

    def __init__(self, *args: Any, position: Position | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.position = position
        self.key_positions: dict[Any, Position] = {}


class MarkedList(list[Any]):
    """A sequence that remembers where each of its items was written."""

    def __init__(self, *args: Any, position: Position | None = None) -> None:
        super().__init__(*args)
        self.position = position
        self.item_positions: list[Position | None] = []


class YamlProblem(ValueError):
    """A file is not YAML we can read; the message starts with file:line:column."""

    def __init__(self, position: Position | str, message: str) -> None:
        super().__init__(f"{position}: {message}")
        self.position = position
        self.problem = message


def load_yaml(path: Path) -> Any:
    """Load a YAML file into MarkedDict/MarkedList values, refusing duplicates and tabs."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise YamlProblem(str(path), f"cannot be read ({error.strerror})") from error
    if b"\x00" in data:
        raise YamlProblem(str(path), "is a binary file, not a YAML text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise YamlProblem(str(path), f"is not UTF-8 text (byte {error.start})") from error
    return parse_yaml(text, str(path))


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text, keeping positions; syntax errors name the line and column."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(loader, node, file)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where: Position | str = file
        if mark is not None:
            where = Position(file, mark.line + 1, mark.column + 1)
        raise YamlProblem(where, _syntax_message(error, text, mark)) from error
    except yaml.YAMLError as error:
        raise YamlProblem(file, f"is not valid YAML ({' '.join(str(error).split())})") from error
    finally:
        loader.dispose()


def _syntax_message(error: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    """Explain a YAML syntax error in a teacher's terms."""
    problem = error.problem or "syntax error"
    if "\t" in problem or (mark is not None and _tab_at(text, mark.line)):
        return "a tab is used for indentation; indent with spaces only"
    if "found duplicate" in problem:
        return problem
    if problem == "mapping values are not allowed here" and mark is not None:
        quoted = _quoted_value(text, mark.line)
        if quoted:
            return (
                "a value holds a colon followed by a space, which YAML reads as a new key; "
                f"put the value in double quotes: {quoted}"
            )
    context = f" {error.context}" if error.context else ""
    opened = error.context_mark
    if opened is not None and mark is not None and opened.line != mark.line:
        context += f" begun on line {opened.line + 1}"
    return f"YAML syntax error: {problem}{context}"


KEY_AND_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?[\w-]+:\s+)(?P<value>[^\"'].*?)\s*$")


def _quoted_value(text: str, line: int) -> str:
    """Rewrite a `key: value` line with its value in double quotes, or '' if it is not one."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return ""
    found = KEY_AND_VALUE.match(lines[line])
    if found is None:
        return ""
    value = found["value"].replace("\\", "\\\\").replace('"', '\\"')
    return f'{found["lead"].strip()} "{value}"'


def _tab_at(text: str, line: int) -> bool:
    """Tell whether a line of the text is indented with a tab."""
    lines = text.splitlines()
    return (
        0 <= line < len(lines)
        and lines[line][: len(lines[line]) - len(lines[line].lstrip())].count("\t") > 0
    )


def _position(node: yaml.Node, file: str) -> Position:
    """Return a node's position."""
    return Position(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(loader: yaml.SafeLoader, node: yaml.Node, file: str) -> Any:
    """Turn a composed node into Python values that carry their positions."""
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # honour YAML merge keys (<<: *anchor)
        mapping = MarkedDict(position=_position(node, file))
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in mapping:
                raise YamlProblem(_position(key_node, file), f"the key {key!r} appears twice")
            mapping[key] = _convert(loader, value_node, file)
            mapping.key_positions[key] = _position(key_node, file)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = MarkedList(position=_position(node, file))
        for item in node.value:
            sequence.append(_convert(loader, item, file))
            sequence.item_positions.append(_position(item, file))
        return sequence
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as error:  # PyYAML reads 1934-13-01 as a date and fails
        raise YamlProblem(
            _position(node, file), f"{node.value!r} is not a valid date ({error})"
        ) from error


def position_of(data: Any, path: tuple[str | int, ...]) -> Position | None:
    """Find the position of the deepest part of a key path that exists in the data."""
    found: Position | None = getattr(data, "position", None)
    current = data
    for part in path:
        if isinstance(current, MarkedDict) and part in current:
            found = current.key_positions.get(part, found)
            current = current[part]
        elif isinstance(current, MarkedList) and isinstance(part, int) and part < len(current):
            found = current.item_positions[part] or found
            current = current[part]
        else:
            break
    return found
