"""Rubrics: criteria, levels and grade boundaries, loaded from YAML and validated strictly."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_RUBRIC = "general-essay"


class RubricError(ValueError):
    """A rubric file cannot be used; the message names the file and what to fix."""


class Strict(BaseModel):
    """A rubric section: unknown keys are errors, values are never silently coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(Strict):
    """One level of a criterion, chosen when the criterion's measure lies within its bounds."""

    score: float = Field(ge=0)
    label: str = Field(min_length=1)
    descriptor: str = ""
    min: float | None = None
    max: float | None = None

    def admits(self, value: float) -> bool:
        """Tell whether a measured value lies within this level's bounds (inclusive)."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class GradeBand(Strict):
    """A target reading grade band, in US school grades as textstat reports them."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> GradeBand:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


READABILITY_LEVELS = (
    Level(
        score=4,
        label="Well matched",
        max=1.0,
        descriptor="The writing is pitched at the right level for its readers.",
    ),
    Level(
        score=3,
        label="Mostly suited",
        min=1.0,
        max=2.5,
        descriptor="The writing is a little harder or easier than it should be.",
    ),
    Level(
        score=2,
        label="Uneven",
        min=2.5,
        max=4.0,
        descriptor="The writing is noticeably harder or easier than it should be.",
    ),
    Level(
        score=1,
        label="Poorly matched",
        min=4.0,
        descriptor="The writing is far harder or easier than its readers need.",
    ),
)


class ReadabilityCriterion(Strict):
    """How readable the essay is for its intended readers."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    kind: Literal["readability"]
    weight: float = Field(default=1.0, gt=0)
    target_grade: GradeBand = GradeBand(min=8, max=12)
    measure: str = "grade_distance"
    levels: tuple[Level, ...] = READABILITY_LEVELS


# Each criterion kind adds its own class to this union, discriminated by `kind`.
Criterion = Annotated[ReadabilityCriterion, Field(discriminator="kind")]


class GradeBoundary(Strict):
    """The lowest percentage that earns a grade."""

    min: float = Field(ge=0, le=100)
    grade: str = Field(min_length=1)


class Rubric(Strict):
    """A teacher's rubric: what is marked, how each level is chosen, and the grade boundaries."""

    title: str = Field(min_length=1)
    language: Literal["en-GB", "en-US"] = "en-GB"
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    grades: tuple[GradeBoundary, ...] = Field(min_length=1)
    name: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.id in seen:
                raise ValueError(f"two criteria share the id {criterion.id!r}")
            seen.add(criterion.id)
        return self

    def grade_for(self, percent: float) -> str:
        """Return the grade for a percentage: the highest boundary it reaches."""
        reached = [b for b in self.grades if percent >= b.min]
        if not reached:
            return min(self.grades, key=lambda b: b.min).grade
        return max(reached, key=lambda b: b.min).grade


def builtin_rubrics() -> dict[str, Path]:
    """Map each built-in rubric's name to its file."""
    folder = resources.files("grader.rubrics")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def resolve_rubric_path(name_or_path: str | None) -> Path:
    """Find a rubric by path, or by the name of a built-in rubric."""
    if name_or_path is None:
        name_or_path = DEFAULT_RUBRIC
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise RubricError(f"{path}: rubric file not found")
        return path
    builtins = builtin_rubrics()
    if name_or_path in builtins:
        return builtins[name_or_path]
    known = ", ".join(sorted(builtins))
    raise RubricError(f"{name_or_path}: no such rubric file or built-in rubric (built-in: {known})")


def load_rubric(name_or_path: str | None = None) -> Rubric:
    """Load and validate a rubric, raising RubricError with the file and the problem."""
    path = resolve_rubric_path(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RubricError(f"{path}: cannot read the rubric ({error})") from error
    except yaml.YAMLError as error:
        raise RubricError(f"{path}: not valid YAML ({error})".replace("\n", " ")) from error
    if not isinstance(raw, dict):
        raise RubricError(f"{path}: a rubric must be a mapping of keys such as title and criteria")
    try:
        rubric = Rubric.model_validate({**raw, "name": path.stem})
    except ValidationError as error:
        raise RubricError(f"{path}: {_first_problem(error)}") from error
    return rubric


def _first_problem(error: ValidationError) -> str:
    """Describe the first validation problem with its key path."""
    problem = error.errors()[0]
    where = _key_path(problem["loc"])
    return f"{where}: {problem['msg']}" if where else str(problem["msg"])


def _key_path(location: Sequence[int | str]) -> str:
    """Render a pydantic location as `criteria[2].levels[0].score`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in {"readability"}:
            continue  # the discriminator tag pydantic adds for tagged unions
        else:
            path += f".{part}" if path else part
    return path
