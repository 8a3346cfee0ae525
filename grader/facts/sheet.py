"""Fact sheets: the teacher's facts an essay is checked against, read from YAML and validated.

A fact sheet has a `names` table (each name with its other spellings) and a list of `facts`.
A fact says what it is `about` (names and words that identify sentences speaking of it), the
values an essay can get right or wrong (`date`, `number`, `place`, `person`), its `source`,
whether it is `required` for full coverage, its `weight`, and known `misconceptions`.
Errors are reported like rubric errors: file:line:column, the key path and what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from grader.facts.claims import Lexicon, Phrase, Term, When, format_number, parse_when
from grader.facts.names import surname, surnames, titles
from grader.facts.quantities import sheet_unit, unit_label, unit_named
from grader.io.yamlfile import MarkedDict, YamlProblem, load_yaml, position_of
from grader.kinds.facts import FactsCriterion
from grader.rubric.checks import Loc, did_you_mean
from grader.rubric.files import child_of, key_path, schema_problem, unique_problems
from grader.rubric.levels import Identifier, Label, Strict
from grader.rubric.schema import Problem, Rubric, RubricError

T = TypeVar("T")
DEFAULT_TOLERANCE = 0.05
MIN_PREFIX = 3


def _as_list(value: Any) -> Any:
    """Let a teacher write one item where a list is expected: `about: Kirov`."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_groups(value: Any) -> Any:
    """Read `about` as a list of groups, each a list of alternatives."""
    return [item if isinstance(item, list) else [item] for item in _as_list(value)]


PERCENT_TEXT = re.compile(r"^\s*(?P<value>[-−]?\d+(?:\.\d+)?)\s*%\s*$")
UNIT_TEXT = re.compile(r"^\s*(?P<value>[-−]?[\d,]+(?:\.\d+)?)\s+(?P<unit>\S.*?)\s*$")


def _as_numbers(value: Any) -> Any:
    """Read `number: 681692`, `number: "45%"`, `number: {value: ...}` and lists of them."""
    return [_as_number(item) for item in _as_list(value)]


def _as_number(item: Any) -> Any:
    """Read one number: a mapping, a plain number, or a percentage written "45%"."""
    if isinstance(item, dict):
        return item
    if isinstance(item, str) and (found := PERCENT_TEXT.match(item)):
        return {"value": float(found["value"].replace("−", "-")), "percent": True}
    if isinstance(item, str) and (found := UNIT_TEXT.match(item)):
        value = float(found["value"].replace("−", "-").replace(",", ""))
        return {"value": value, "unit": found["unit"]}
    return {"value": item}


def _as_dates(value: Any) -> tuple[When, ...]:
    """Read `date` as one date, a range ("1936 to 1938") or a list of dates."""
    return tuple(parse_when(item) for item in _as_list(value))


Terms = Annotated[list[Label], BeforeValidator(_as_list)]
Groups = Annotated[list[Annotated[list[Label], Field(min_length=1)]], BeforeValidator(_as_groups)]
Dates = Annotated[
    tuple[When, ...],
    PlainValidator(_as_dates),
    WithJsonSchema({"type": ["string", "integer", "array"]}),
]


class NumberValue(Strict):
    """A number a fact checks: an exact value with a tolerance, or an accepted range."""

    value: float | None = Field(default=None, description="The number, e.g. 681692.")
    tolerance: float = Field(
        default=DEFAULT_TOLERANCE,
        ge=0,
        le=1,
        description="Share either side of the value still counted right (0.05 = 5%).",
    )
    min: float | None = Field(default=None, description="Lowest number counted right.")
    max: float | None = Field(default=None, description="Highest number counted right.")
    of: Terms = Field(
        default=[],
        description="Words that must follow the number in the essay, e.g. [trial*].",
    )
    percent: bool = Field(
        default=False,
        description='The number is a percentage (also written `number: "45%"`): only a '
        "percentage in the essay is compared with it, and only with such a number.",
    )
    unit: str | None = Field(
        default=None,
        description="The number's unit (km, m, cm, degC, ppm, km**2, year ...): a number the "
        "essay gives in another unit of the same kind is converted; one in a unit of another "
        'kind is not compared. Also written `number: "384400 km"`.',
    )

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str | None) -> str | None:
        return None if unit is None else sheet_unit(unit)

    @model_validator(mode="before")
    @classmethod
    def _unit_from_of(cls, data: Any) -> Any:
        """Read `of: [metres]` as a unit: "10 centimetres" is then compared in metres."""
        if not isinstance(data, dict) or data.get("unit") is not None:
            return data
        words = data.get("of") or []
        words = [words] if isinstance(words, str) else words
        units = {unit_named(w) for w in words if isinstance(w, str)} - {None}
        if len(units) == 1:
            return {**data, "unit": units.pop(), "of": []}
        return data

    @model_validator(mode="after")
    def _complete(self) -> NumberValue:
        if self.value is None and (self.min is None or self.max is None):
            raise ValueError("give a value, or both min and max")

        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) must not be above max ({self.max:g})")
        return self

    @property
    def accepted(self) -> tuple[float, float]:
        """Return the lowest and highest numbers counted right."""
        value = self.value or 0.0
        spread = abs(value) * self.tolerance  # a share of the value's size, below zero too
        low = self.min if self.min is not None else value - spread
        high = self.max if self.max is not None else value + spread
        return low, high

    @property
    def label(self) -> str:
        """Write the number for a reader."""
        mark = "%" if self.percent else f" {unit_label(self.unit)}" if self.unit else ""
        if self.value is not None:
            return format_number(self.value) + mark
        return f"{format_number(self.min or 0)}{mark} to {format_number(self.max or 0)}{mark}"


class Misconception(Strict):
    """A known wrong idea: words that give it away, in order, and the correction to show."""

    pattern: Groups = Field(
        min_length=1, description="Names or words found in this order in one sentence."
    )
    correction: str = Field(min_length=1, description="What is right, in a student's words.")
    source: str | None = Field(default=None, description="Where the correction comes from.")


class Fact(Strict):
    """One fact of the sheet."""

    id: Identifier = Field(description="Short lower-case id, e.g. kirov-assassination.")
    statement: str = Field(min_length=1, description="The fact in plain words, shown to students.")
    about: Groups = Field(
        min_length=1,
        description="What identifies a sentence about this fact: each entry must be found; "
        "a list entry means any one of its words or names. Put who or what it is about first.",
    )
    date: Dates = Field(
        default=(), description="1934-12-01, 1936-08, 1936, '1936 to 1938' or a list of dates."
    )
    number: Annotated[list[NumberValue], BeforeValidator(_as_numbers)] = Field(
        default=[], description="A number, {value, tolerance}, {min, max}, or a list of them."
    )
    place: Terms = Field(default=[], description="Where it happened: names, any one is right.")
    person: Terms = Field(default=[], description="Who did it: names, any one is right.")
    source: str = Field(min_length=1, description="Where the fact comes from.")
    required: bool = Field(default=False, description="Needed for full coverage.")
    weight: float = Field(default=1.0, gt=0, description="How much the fact counts.")
    misconceptions: list[Misconception] = Field(default=[], description="Known wrong ideas.")

    @property
    def has_values(self) -> bool:
        """Tell whether the fact has anything an essay can get wrong besides mentioning it."""
        return bool(self.date or self.number or self.place or self.person)


class FactSheet(Strict):
    """A teacher's fact sheet."""

    title: str = Field(default="", description="What the facts are about.")
    description: str = Field(default="", description="A note for teachers.")
    names: dict[str, Terms] = Field(
        default={}, description="Each name with its other spellings: Yezhov: [Ezhov]."
    )
    facts: list[Fact] = Field(min_length=1, description="The facts.")

    _path: str = PrivateAttr(default="")
    _lexicon: Lexicon | None = PrivateAttr(default=None)
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def path(self) -> str:
        """Return the file the sheet was read from ("" when written inside a rubric)."""
        return self._path

    def term(self, text: str, also: Sequence[str] = ()) -> Term:
        """Return what a sheet entry looks for: a name with its spellings, or words."""
        if text in self.names:
            spellings = (text, *self.names[text], *also)
            return Term(text, "name", tuple(Phrase.parse(s) for s in spellings))
        if _is_name(text):
            return Term(text, "name", tuple(Phrase.parse(s) for s in (text, *also)))
        return Term(text, "word", (Phrase.parse(text),))

    def lexicon(self) -> Lexicon:
        """Return every term of the sheet, indexed for matching (built once)."""
        if self._lexicon is None:
            also = self._surnames()
            self._lexicon = Lexicon(
                {text: self.term(text, also.get(text, ())) for text, _ in self.entries()}
            )
        return self._lexicon

    def _surnames(self) -> dict[str, list[str]]:
        """Let each person's name be written by its surname alone ("Amundsen")."""
        people = {p for fact in self.facts for p in fact.person}
        taken = {s.casefold() for name, others in self.names.items() for s in (name, *others)}
        taken |= {text.casefold() for text, _ in self.entries()}
        found: dict[str, list[str]] = {}
        titled = titles(people, taken)
        owners: dict[str, set[str]] = {}  # a surname and the people it may be (the Birlings)
        for name in people | set(self.names):
            for spelling in (name, *self.names.get(name, ())):
                last = surname(spelling)
                if last is not None:
                    owners.setdefault(last.casefold(), set()).add(name)
        for person in people:
            spellings = (person, *self.names.get(person, ()))
            lasts = [s for s in surnames(spellings, taken, one_each=False).values()]
            own = [s for s in lasts if len(owners.get(s.casefold(), ())) <= 1]
            found[person] = list(dict.fromkeys([*own, *titled.get(person, "").split()]))
        return found

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """Return something worked out from the sheet, built once (the sheet never changes)."""
        if key not in self._derived:
            self._derived[key] = build()
        value: T = self._derived[key]
        return value

    def entries(self) -> Iterator[tuple[str, Loc]]:
        """List every name or word the facts use, with where it is written."""
        for i, fact in enumerate(self.facts):
            for j, group in enumerate(fact.about):
                for k, text in enumerate(group):
                    yield text, ("facts", i, "about", j, k)
            for key, values in (("place", fact.place), ("person", fact.person)):
                for j, text in enumerate(values):
                    yield text, ("facts", i, key, j)
            for j, amount in enumerate(fact.number):
                for k, text in enumerate(amount.of):
                    yield text, ("facts", i, "number", j, "of", k)
            for j, wrong in enumerate(fact.misconceptions):
                for k, group in enumerate(wrong.pattern):
                    for m, text in enumerate(group):
                        yield text, ("facts", i, "misconceptions", j, "pattern", k, m)

    def spellings(self) -> list[str]:
        """Return every name and spelling of the sheet (for the spelling checker to allow)."""
        return sorted({word for name, others in self.names.items() for word in (name, *others)})


def _is_name(text: str) -> bool:
    """Tell whether a sheet entry is a name: it starts with a capital letter."""
    return text[:1].isupper()


def load_fact_sheet(path: str | Path) -> FactSheet:
    """Read and validate a fact-sheet file, raising RubricError with every problem."""
    file = str(path)
    try:
        data = load_yaml(Path(path))
    except YamlProblem as problem:
        raise RubricError([Problem(problem.position, "", problem.problem)]) from None
    if not isinstance(data, MarkedDict):
        where = position_of(data, ()) or file
        raise RubricError(
            [Problem(where, "", "a fact sheet must be a mapping with `names` and `facts`")]
        )
    sheet = validate_fact_sheet(data, file)
    sheet._path = file
    return sheet


def validate_fact_sheet(data: MarkedDict, file: str) -> FactSheet:
    """Validate fact-sheet data: the schema first, then what the schema alone cannot check."""
    try:
        sheet = FactSheet.model_validate(data)
    except ValidationError as error:
        problems = [
            schema_problem({**e, "loc": _as_written(e["loc"], data)}, data, file, FactSheet)
            for e in error.errors()
        ]
        raise RubricError(unique_problems(problems)) from None
    problems = [
        Problem(position_of(data, loc) or file, key_path(_as_written(loc, data)), message)
        for loc, message in sheet_problems(sheet)
    ]
    if problems:
        raise RubricError(problems)
    return sheet


def _as_written(loc: Loc, data: Any) -> Loc:
    """Drop list indexes pydantic adds where the teacher wrote one item (`number.min`)."""
    written: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(part, int) and not isinstance(current, list):
            continue
        written.append(part)
        current = child_of(current, part)
    return tuple(written)


def sheet_problems(sheet: FactSheet) -> list[tuple[Loc, str]]:
    """Check ids, names and the words facts look for."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for i, fact in enumerate(sheet.facts):
        if fact.id in seen:
            problems.append(
                (("facts", i, "id"), f"facts[{seen[fact.id]}] already has the id {fact.id!r}")
            )
        seen.setdefault(fact.id, i)
    owner: dict[str, str] = {}
    for name, spellings in sheet.names.items():
        for spelling in (name, *spellings):
            folded = spelling.casefold()
            if folded in owner and owner[folded] != name:
                problems.append(
                    (("names", name), f"{spelling!r} is also a spelling of {owner[folded]!r}")
                )
            owner.setdefault(folded, name)
            problems += [(("names", name), m) for m in _word_problems(spelling)]
    for text, loc in sheet.entries():
        problems += [(loc, m) for m in _word_problems(text)]
        # A single capitalised word missing from names is most likely a misspelt name.
        if _is_name(text) and " " not in text and text not in sheet.names and sheet.names:
            hint = did_you_mean(text, sheet.names)
            if hint and not _derived_from_a_name(text, sheet.names):
                problems.append((loc, f"{text!r} is not in names{hint}"))
    return problems


def _derived_from_a_name(word: str, names: dict[str, list[str]]) -> bool:
    """Tell whether a capitalised word is made from a name, not a misspelling of it: "Egyptians"
    from Egypt, "Soviet" from Soviet Union."""
    folded = word.casefold()
    return any(
        len(part) >= MIN_PREFIX and (folded.startswith(part) or part.startswith(folded))
        for name in names
        for part in name.casefold().split()
    )


def _word_problems(text: str) -> list[str]:
    """Check one name or word entry: it must hold a word, and * only ends a word."""
    phrase = Phrase.parse(text)
    if not phrase.words:
        return [f"{text!r} holds no letters or digits to look for"]
    for word in text.split():
        star = word.find("*")
        if star != -1 and star != len(word) - 1:
            return [f"{text!r}: * may only end a word (trial* finds trial, trials)"]
        if star != -1 and len(word) - 1 < MIN_PREFIX:
            return [f"{text!r}: put at least {MIN_PREFIX} letters before *"]
    return []


def attach_fact_sheet(rubric: Rubric, data: MarkedDict, file: str) -> None:
    """Load a rubric's fact sheet (a file or an inline list) and hand it to its facts criteria."""
    sheet: FactSheet | None = None
    if isinstance(rubric.facts, str):
        sheet = load_fact_sheet(rubric.facts)
    elif isinstance(rubric.facts, list):
        inline = MarkedDict({"facts": data["facts"]}, position=data.position)
        if "facts" in data.key_positions:
            inline.key_positions["facts"] = data.key_positions["facts"]
        sheet = validate_fact_sheet(inline, file)
    for i, criterion in enumerate(rubric.criteria):
        if not isinstance(criterion, FactsCriterion):
            continue
        if sheet is None:
            loc: Loc = ("criteria", i, "kind")
            raise RubricError(
                [
                    Problem(
                        position_of(data, loc) or file,
                        key_path(loc),
                        "a facts criterion needs the rubric's `facts`: "
                        "a fact-sheet file or a list of facts",
                    )
                ]
            )
        criterion.attach_sheet(sheet)


def fact_sheet_of(criterion: FactsCriterion) -> FactSheet:
    """Return the fact sheet a facts criterion checks against."""
    sheet = criterion.fact_sheet
    if not isinstance(sheet, FactSheet):
        raise ValueError(f"criterion {criterion.id!r} has no fact sheet; load it with its rubric")
    return sheet
