"""Rubric building blocks: ranges, levels, and the evidence and caps a level is built from."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator


def _number_as_text(value: Any) -> Any:
    """Let a teacher write `grade: 9` or `label: 4` without quotes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return value


Label = Annotated[
    str,
    BeforeValidator(_number_as_text),
    Field(min_length=1),
    WithJsonSchema({"type": ["string", "number"], "minLength": 1}),
]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
KeyTerm = Annotated[str, Field(pattern=r"^[^\W\d_][\w'’-]*$")]


class Strict(BaseModel):
    """A rubric section: unknown keys are errors and values are never silently converted."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Range(Strict):
    """A range from `min` to `max`, both included."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) must not be above max ({self.max:g})")
        return self


def within(value: float, minimum: float | None, maximum: float | None) -> bool:
    """Tell whether a value lies between optional bounds, both included."""
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


Comparison = Literal[">=", "<=", ">", "<", "=="]
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


@dataclass(frozen=True)
class Condition:
    """One thing a level descriptor claims about the essay, as a comparison on a measure."""

    measure: str
    compare: Comparison
    value: float

    def holds(self, measures: Mapping[str, float]) -> bool | None:
        """Tell whether the measures show it (None when the measure was not taken)."""
        found = measures.get(self.measure)
        if found is None or math.isnan(found):
            return None
        return _COMPARE[self.compare](found, self.value)

    def __str__(self) -> str:
        return f"{self.measure} {self.compare} {self.value:g}"


# What a descriptor claims: any one of these groups, each group all of its conditions.
Claim = tuple[tuple[Condition, ...], ...]


def claim(*groups: str) -> Claim:
    """Read a descriptor's claim from groups such as "errors_found >= 1, word_count > 50"."""
    parsed = []
    for group in groups:
        conditions = []
        for part in group.split(","):
            measure, compare, value = part.split()
            conditions.append(Condition(measure, cast(Comparison, compare), float(value)))
        parsed.append(tuple(conditions))
    return tuple(parsed)


def claim_holds(said: Claim, measures: Mapping[str, float]) -> bool:
    """Tell whether the measures bear out a claim (a measure not taken does not deny it)."""
    return not said or any(
        all(condition.holds(measures) is not False for condition in group) for group in said
    )


def claim_shown(said: Claim, measures: Mapping[str, float]) -> bool:
    """Tell whether the measures were taken and show a claim (a measure not taken shows nothing)."""
    return any(all(condition.holds(measures) is True for condition in group) for group in said)


class Level(Strict):
    """One level of a criterion, chosen when the criterion's measure lies within its bounds."""

    score: float = Field(ge=0, description="Points for this level, before the weight.")
    label: Label = Field(description="The level's name, shown on reports.")
    descriptor: str = Field(default="", description="What this level means, for the student.")
    min: float | None = Field(default=None, description="Lowest value of the measure (included).")
    max: float | None = Field(default=None, description="Highest value of the measure (included).")

    def admits(self, value: float) -> bool:
        """Tell whether a measured value lies within this level's bounds (inclusive)."""
        return within(value, self.min, self.max)

    @property
    def has_bounds(self) -> bool:
        """Tell whether the level sets a bound of its own."""
        return self.min is not None or self.max is not None


def bounds_in_words(minimum: float | None, maximum: float | None) -> str:
    """Describe a level's bounds (both included) for a teacher."""
    if minimum is not None and minimum == maximum:
        return f"{minimum:.4g}"
    if minimum is not None and maximum is not None:
        return f"{minimum:.4g} to {maximum:.4g}"
    if minimum is not None:
        return f"{minimum:.4g} or more"
    if maximum is not None:
        return f"up to {maximum:.4g}"
    return "any value"


def fixed_levels(*rows: tuple[float, str, float | None, float | None, str]) -> tuple[Level, ...]:
    """Build default levels from (score, label, min, max, descriptor) rows."""
    return tuple(
        Level(score=s, label=label, min=low, max=high, descriptor=text)
        for s, label, low, high, text in rows
    )


class Evidence(Strict):
    """One piece of evidence a level is built from: a measure scaled from its worst to its best.

    The measure counts 0 at `worst` (or beyond) and 1 at `best` (or beyond), in a straight line
    between; `best` below `worst` means lower is better. A criterion's evidence score is the
    weighted mean of its pieces, multiplied by the weighted mean of those that `scale` it.
    """

    label: Label = Field(description="What the evidence is, for the student and the teacher.")
    measure: str = Field(description="The measure of the criterion's kind it reads.")
    worst: float = Field(description="The value that counts as none of this evidence (0).")
    best: float = Field(description="The value that counts as all of it (1).")
    weight: float = Field(default=1.0, gt=0, description="Its share of the evidence score.")
    scales: bool = Field(
        default=False,
        description="Scale the rest by this evidence instead of adding to it: the weighted mean "
        "of the other pieces is multiplied by the weighted mean of the scaling ones (for "
        "mechanics: accuracy over half the minimum length earns about half the marks).",
    )

    def share(self, value: float) -> float:
        """Scale a measured value to 0..1 between worst and best."""
        if self.best == self.worst:
            return 1.0 if value >= self.best else 0.0
        return min(max((value - self.worst) / (self.best - self.worst), 0.0), 1.0)


class Cap(Strict):
    """A finding that limits the level: when its measure lies in [min, max], the level is
    worth at most the share `at_most` of the criterion's top points (0.5: half the marks)."""

    measure: str = Field(description="The measure of the criterion's kind that shows the finding.")
    min: float | None = Field(default=None, description="Lowest value it applies to (included).")
    max: float | None = Field(default=None, description="Highest value it applies to (included).")
    at_most: float = Field(
        gt=0, le=1, description="The highest share of the top level's points it can then get."
    )
    because: str = Field(
        min_length=1,
        description="Why, for the student: {value} is replaced by the measured value.",
    )

    def applies(self, value: float) -> bool:
        """Tell whether the measured value triggers the cap."""
        return within(value, self.min, self.max)
