"""What every criterion has, whatever its kind, and how a rubric's criteria find their kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Union

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from grader.rubric.kind import find_spec, kinds, spec_for
from grader.rubric.levels import Cap, Evidence, Identifier, Label, Level, Strict
from grader.rubric.measures import EVIDENCE_SCORE


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
        return not own_bounds and bool(spec_for(self.kind_name).evidence)

    @property
    def level_measure(self) -> str:
        """Return the measure that selects the level."""
        if self.uses_evidence:
            return EVIDENCE_SCORE
        return self.measure or spec_for(self.kind_name).default_measure

    @property
    def analysed_measure(self) -> str:
        """Return the one analysed measure that stands for the criterion (for calibration)."""
        return self.measure or spec_for(self.kind_name).default_measure

    def effective_evidence(self) -> tuple[Evidence, ...]:
        """Return the evidence the level is built from: the rubric's own, else the defaults."""
        if not self.uses_evidence:
            return ()
        if self.evidence is not None:
            return tuple(self.evidence)
        return spec_for(self.kind_name).evidence

    def effective_caps(self) -> tuple[Cap, ...]:
        """Return the caps on the level: the rubric's own, else the kind's defaults."""
        if self.caps is not None:
            return tuple(self.caps)
        return spec_for(self.kind_name).caps if self.uses_evidence else ()

    def effective_levels(self) -> tuple[Level, ...]:
        """Return the levels, taking default bounds where the rubric leaves them out."""
        spec = spec_for(self.kind_name)
        defaults = spec.evidence_levels if self.uses_evidence else spec.levels
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


class _ByKind:
    """Read a rubric's criterion as the model of the kind it names (`kind: readability`).

    The kinds are looked up when a rubric is read, not when this module is imported, so a kind
    registered later (grader.rubric.kind.register) is read like a built-in one. Errors keep
    pydantic's union-tag types, and the JSON Schema is the tagged union of every kind's model.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Validate by the kind's own model; serialise as that model."""
        return core_schema.no_info_plain_validator_function(
            _criterion_of,
            serialization=core_schema.wrap_serializer_function_ser_schema(
                lambda value, serialise: serialise(value), schema=core_schema.any_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the criterion as the union of the kinds' models, told apart by `kind`."""
        models = tuple(spec.criterion for spec in kinds())
        union: Any = Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007
        return handler(TypeAdapter(union).core_schema)


def _criterion_of(value: Any) -> CriterionBase:
    """Read one criterion with the model of the kind it names."""
    if isinstance(value, CriterionBase):
        return value
    tag = value.get("kind") if isinstance(value, dict) else None
    spec = find_spec(tag) if isinstance(tag, str) else None
    if spec is None:
        error = "union_tag_not_found" if tag is None else "union_tag_invalid"
        raise PydanticCustomError(error, "unknown criterion kind {kind}", {"kind": str(tag)})
    return spec.criterion.model_validate(value)


CriterionChoice = Annotated[CriterionBase, _ByKind()]
