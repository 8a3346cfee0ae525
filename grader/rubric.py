"""Rubrics: criteria, levels and grade boundaries, read from YAML and validated strictly.

Modelled on Vale's styles: unknown keys are errors, and every error names the file, the line
and column, the key path and what was expected.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
)

from grader.evidence import DEFAULT_CAPS, DEFAULT_EVIDENCE, EVIDENCE_LEVELS
from grader.levels import (
    DEFAULT_LEVELS,
    Cap,
    Evidence,
    Identifier,
    KeyTerm,
    Label,
    Level,
    Range,
    Strict,
)
from grader.measures import DEFAULT_MEASURE, EVIDENCE_SCORE
from grader.rubric_checks import Loc, did_you_mean, semantic_problems
from grader.yamlfile import MarkedDict, MarkedList, Position, YamlProblem, load_yaml, position_of

DEFAULT_RUBRIC = "general-essay"
KINDS = ("facts", "structure", "readability", "mechanics", "content")
SCHEMA_FILE = "rubric.schema.json"


class CriterionBase(Strict):
    """What every criterion has, whatever it measures."""

    id: Identifier = Field(description="Short lower-case id, used in grades.csv and JSON.")
    name: Label = Field(description="The criterion's name, shown to students.")
    weight: float = Field(default=1.0, gt=0, description="Points are multiplied by the weight.")
    description: str = Field(default="", description="A note for teachers; not shown to students.")
    measure: str | None = Field(default=None, description="The measure that selects the level.")
    levels: list[Level] | None = Field(
        default=None, description="Levels from best to worst; leave out for the kind's defaults."
    )
    evidence: list[Evidence] | None = Field(
        default=None,
        description="The measures the level is built from, with their weights; leave out for "
        "the kind's defaults. Levels then set bounds on evidence_score (0 to 1).",
    )
    caps: list[Cap] | None = Field(
        default=None,
        description="Findings that limit the level whatever the evidence score; leave out for "
        "the kind's defaults, or give [] for none.",
    )

    @property
    def kind_name(self) -> str:
        """Return the criterion's kind."""
        return str(getattr(self, "kind"))  # noqa: B009 - each subclass declares its own literal

    @property
    def uses_evidence(self) -> bool:
        """Tell whether the level comes from the evidence score rather than one measure.

        A criterion that names its `measure`, or sets level bounds without `evidence` (a rubric
        written before evidence scores), keeps the one measure it was written for.
        """
        if self.measure is not None:
            return False
        if self.evidence is not None:
            return True
        own_bounds = self.levels is not None and any(level.has_bounds for level in self.levels)
        return not own_bounds and self.kind_name in DEFAULT_EVIDENCE

    @property
    def level_measure(self) -> str:
        """Return the measure that selects the level."""
        if self.uses_evidence:
            return EVIDENCE_SCORE
        return self.measure or DEFAULT_MEASURE[self.kind_name]

    @property
    def analysed_measure(self) -> str:
        """Return the one analysed measure that stands for the criterion (for calibration)."""
        return self.measure or DEFAULT_MEASURE[self.kind_name]

    def effective_evidence(self) -> tuple[Evidence, ...]:
        """Return the evidence the level is built from: the rubric's own, else the defaults."""
        if not self.uses_evidence:
            return ()
        if self.evidence is not None:
            return tuple(self.evidence)
        return DEFAULT_EVIDENCE.get(self.kind_name, ())

    def effective_caps(self) -> tuple[Cap, ...]:
        """Return the caps on the level: the rubric's own, else the kind's defaults."""
        if self.caps is not None:
            return tuple(self.caps)
        return DEFAULT_CAPS.get(self.kind_name, ()) if self.uses_evidence else ()

    def effective_levels(self) -> tuple[Level, ...]:
        """Return the levels, taking default bounds where the rubric leaves them out."""
        defaults = (EVIDENCE_LEVELS if self.uses_evidence else DEFAULT_LEVELS)[self.kind_name]
        if self.levels is None:
            return defaults
        if any(level.has_bounds for level in self.levels):
            return tuple(self.levels)
        if len(self.levels) == len(defaults):
            return tuple(
                level.model_copy(update={"min": d.min, "max": d.max})
                for level, d in zip(self.levels, defaults, strict=True)
            )
        if self.uses_evidence and len(self.levels) > 1:
            return _spread(self.levels, defaults)
        return tuple(self.levels)


def _spread(levels: Sequence[Level], defaults: Sequence[Level]) -> tuple[Level, ...]:
    """Give unbounded levels (best first) evenly spaced bounds between the default cuts."""
    cuts = [d.min for d in defaults if d.min is not None]
    low, high = min(cuts), max(cuts)
    count = len(levels)
    edges = (
        [(low + high) / 2]
        if count == 2
        else [high - (high - low) * i / (count - 2) for i in range(count - 1)]
    )
    bounded = []
    for i, level in enumerate(levels):
        top = None if i == 0 else edges[i - 1]
        bottom = None if i == count - 1 else edges[i]
        bounded.append(level.model_copy(update={"min": bottom, "max": top}))
    return tuple(bounded)


class ReadabilityCriterion(CriterionBase):
    """How readable the essay is for its intended readers."""

    kind: Literal["readability"]
    target_grade: Range = Field(
        default=Range(min=8, max=12), description="Target reading grade band (US school grades)."
    )
    long_sentence_words: int = Field(
        default=35, gt=0, description="Words that make a sentence long."
    )
    passive_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of sentences in the passive above which paragraphs thick with it "
        "are pointed out (1 turns this off).",
    )


class StructureCriterion(CriterionBase):
    """How the essay is organised: introduction, paragraphs, linking and conclusion."""

    kind: Literal["structure"]
    paragraphs: Range = Field(
        default=Range(min=4, max=8), description="How many paragraphs the essay should have."
    )
    word_count: Range | None = Field(
        default=None, description="Target length in words; defaults to the rubric's word_count."
    )
    question: str = Field(
        default="", description="The essay question; topic sentences may echo its key words."
    )


class MechanicsCriterion(CriterionBase):
    """Spelling, grammar and punctuation."""

    kind: Literal["mechanics"]
    disabled_rules: list[str] = Field(default=[], description="Grammar rule ids not to check.")
    enabled_rules: list[str] = Field(default=[], description="Extra grammar rule ids to check.")
    disabled_categories: list[str] = Field(default=[], description="Rule categories not to check.")
    allowed_words: list[str] = Field(default=[], description="Words never flagged as misspelt.")


class FactsCriterion(CriterionBase):
    """Factual accuracy against the rubric's fact sheet."""

    kind: Literal["facts"]
    # The rubric's fact sheet, validated and attached by grader.factsheet when the rubric loads.
    _fact_sheet: Any = PrivateAttr(default=None)


class ContentCriterion(CriterionBase):
    """The key terms of the topic the essay uses, each worth the points the rubric gives it."""

    kind: Literal["content"]
    terms: dict[KeyTerm, float] = Field(
        min_length=1,
        description="Key terms (one word each) and their points; minus points for terms "
        "that mark weak essays. A term also matches other forms of the word.",
    )


Criterion = Annotated[
    ReadabilityCriterion
    | StructureCriterion
    | MechanicsCriterion
    | FactsCriterion
    | ContentCriterion,
    Field(discriminator="kind"),
]


def snap_mark(value: float, lowest: float, highest: float, step: float) -> float:
    """Round a mark to the nearest mark of a scale from `lowest` to `highest` in `step`s."""
    steps = round((value - lowest) / step)
    return min(highest, max(lowest, round(lowest + steps * step, 6)))


class MarkScale(Strict):
    """A teacher's own mark scale: the total is reported as the mark its grade names."""

    min: float = Field(description="Lowest mark, e.g. 2.")
    max: float = Field(description="Highest mark, e.g. 12.")
    step: float = Field(default=1.0, gt=0, description="Marks go up in steps of this size.")

    def snap(self, value: float) -> float:
        """Round a mark to the nearest mark on the scale."""
        return snap_mark(value, self.min, self.max, self.step)

    def label(self, value: float) -> str:
        """Write a mark as the grade labels of a calibrated rubric write it (4, 4.5)."""
        return f"{value:.10g}"


class LearnedMarksFile(Strict):
    """The file of what calibration learned from the teacher's marked essays."""

    file: str = Field(description="The learned-marks file, relative to this rubric.")
    digest: str = Field(
        pattern=r"^[0-9a-f]{16}$", description="The file's digest, as grader calibrate wrote it."
    )


class GradeBoundary(Strict):
    """The lowest percentage that earns a grade."""

    min: float = Field(ge=0, le=100, description="Lowest percentage for this grade.")
    grade: Label = Field(description="The grade label: A*, 9, 7, Pass ...")


class TooShort(Strict):
    """Hold the grade down for an essay far below the minimum length."""

    share: float = Field(
        default=0.6, gt=0, le=1, description="Share of word_count.min below which it applies."
    )
    best_grade: Label = Field(description="The best grade such an essay can get.")


Genre = Literal["argument", "discussion", "narrative", "letter", "report", "response"]
# The kinds of writing whose marks look for a position argued through the essay: a thesis in
# the introduction, a conclusion that answers the question, evidence in the body paragraphs.
ARGUED_GENRES: frozenset[str] = frozenset({"argument", "discussion", "response"})


class OffTask(Strict):
    """Hold the grade down for an essay that does not answer the rubric's task."""

    best_grade: Label = Field(description="The best grade such an essay can get.")


class Rubric(Strict):
    """A teacher's rubric: what is marked, how each level is chosen, and the grade boundaries."""

    model_config = ConfigDict(title="grader rubric")

    title: Label = Field(description="The rubric's title, shown on every report.")
    subject: str = Field(default="", description="The subject, e.g. History.")
    level: str = Field(default="", description="Year group or level, e.g. Year 10 or GCSE.")
    description: str = Field(default="", description="A note for teachers.")
    language: Literal["en-GB", "en-US"] = Field(default="en-GB", description="Spelling variant.")
    word_count: Range | None = Field(default=None, description="Target essay length in words.")
    task: str = Field(
        default="",
        description="The question the students answered. An essay that does not answer it is "
        "flagged, gets no credit for facts or key terms, and its grade is held at off_task.",
    )
    genre: Genre = Field(
        default="argument",
        description="The kind of writing asked for: argument, discussion, narrative, letter, "
        "report or response (to a text). Checks for a thesis, a concluding paragraph and "
        "evidence in every paragraph apply only to argument, discussion and response.",
    )
    off_task: OffTask | None = Field(
        default=None,
        description="The best grade for an essay that does not answer the task (needs task; "
        "without it, the second-lowest grade).",
    )
    grammar_engine: Literal["auto", "lingotweaker", "languagetool"] = Field(
        default="auto", description="Grammar engine for mechanics criteria."
    )
    facts: str | list[Any] | None = Field(
        default=None, description="Fact-sheet file (relative to this rubric) or a list of facts."
    )
    criteria: list[Criterion] = Field(min_length=1, description="What is marked.")
    order: list[Identifier] = Field(
        default=[],
        description="The criteria's order in reports and grades.csv, by id; those not named "
        "follow in their own order. In a rubric that extends another, it reorders the parent's.",
    )
    grades: list[GradeBoundary] = Field(min_length=1, description="Grade boundaries.")
    too_short: TooShort | None = Field(
        default=None,
        description="The best grade for an essay far below word_count.min (needs word_count).",
    )
    far_too_short: TooShort | None = Field(
        default=None,
        description="A lower best grade for an essay further still below word_count.min: "
        "a few lines cannot show an essay's worth, however accurate (needs word_count).",
    )
    mark_scale: MarkScale | None = Field(
        default=None,
        description="Report the total on this scale: each grade label is then a mark on it.",
    )

    learned_marks: LearnedMarksFile | None = Field(
        default=None,
        description="Blend the criteria with resemblance to the teacher's marked essays "
        "(written by grader calibrate; needs mark_scale).",
    )

    _name: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _learned: Any = PrivateAttr(default=None)  # grader.learned.LearnedMarks, loaded once

    @property
    def name(self) -> str:
        """Return the rubric's name: its file name without the extension."""
        return self._name

    @property
    def path(self) -> str:
        """Return the file the rubric was read from."""
        return self._path

    @property
    def learned(self) -> Any:
        """Return what calibration learned from the marked essays (LearnedMarks), or None."""
        return self._learned

    def grade_for(self, percent: float) -> str:
        """Return the grade for a percentage: the highest boundary it reaches."""
        reached = [b for b in self.grades if percent >= b.min]
        if not reached:
            return min(self.grades, key=lambda b: b.min).grade
        return max(reached, key=lambda b: b.min).grade

    def grade_rank(self, grade: str) -> int:
        """Rank a grade label: 0 for the best, higher for worse (unknown labels rank last)."""
        order = [b.grade for b in sorted(self.grades, key=lambda b: b.min, reverse=True)]
        return order.index(grade) if grade in order else len(order)

    @property
    def argued(self) -> bool:
        """Tell whether the writing asked for argues a position (checks for a thesis apply)."""
        return self.genre in ARGUED_GENRES

    def off_task_grade(self) -> str:
        """Return the best grade for an essay that does not answer the task."""
        if self.off_task is not None:
            return self.off_task.best_grade
        ranked = sorted(self.grades, key=lambda b: b.min)
        return ranked[1].grade if len(ranked) > 1 else ranked[0].grade

    def criterion(self, criterion_id: str) -> CriterionBase:
        """Return a criterion by id."""
        return next(c for c in self.criteria if c.id == criterion_id)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric, where it is and what to do."""

    position: Position | str
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.key_path}: " if self.key_path else ""
        return f"{self.position}: {where}{self.message}"


class RubricError(ValueError):
    """A rubric cannot be used; each problem names the file, line, key and what to fix."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0])
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
        super().__init__(first + suffix)

    @classmethod
    def single(cls, where: Position | str | Path, message: str) -> RubricError:
        """Make an error with one problem that has no key path."""
        return cls([Problem(where if isinstance(where, Position) else str(where), "", message)])


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


def _strip_tags(loc: Sequence[int | str]) -> Loc:
    """Drop the union tags pydantic adds to locations (criteria.0.readability.weight)."""
    return tuple(
        part
        for i, part in enumerate(loc)
        if not (i == 2 and loc[0] == "criteria" and part in KINDS)
    )


def schema_problem(
    error: Any, data: MarkedDict, file: str, root: type[BaseModel] | None = None
) -> Problem:
    """Turn one pydantic error into a Problem with a position and a teacher's wording."""
    loc = _strip_tags(error["loc"])
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
        hint = did_you_mean(str(tag), KINDS) if tag is not None else ""
        got = f", not {tag!r}" if tag is not None else ""
        message = f"kind must be one of {', '.join(KINDS)}{got}{hint}"
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
    """Find the model class inside a field's type, choosing a criterion class by its kind."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    models = [m for m in (_model_in(a, value) for a in get_args(annotation)) if m is not None]
    if len(models) <= 1:
        return models[0] if models else None
    kind = value.get("kind") if isinstance(value, dict) else None
    for model in models:
        if get_args(model.model_fields["kind"].annotation) == (kind,):
            return model
    return None
