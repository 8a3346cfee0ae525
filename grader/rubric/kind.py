"""Criteria and their kinds: what every criterion has, what one kind is (a KindSpec), the registry.

Each kind is declared in one module of grader/kinds (its criterion model, analyser, measures,
default levels, evidence and caps, what its descriptors claim, report labels, calibration
candidates and human name), and every other module asks this registry. The built-in kinds load
on the first lookup, so the rubric's schema, which sits below them, can still name them; a
kind of one's own is added with `register` (tests/test_toy_kind.py shows one).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Union

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from grader.rubric.levels import Cap, Claim, Evidence, Identifier, Label, Level, Strict
from grader.rubric.measures import EVIDENCE_SCORE, Measure

if TYPE_CHECKING:
    from grader.essay import Essay
    from grader.findings import Assessment

    # (essay, criterion, services) -> Assessment; services stays Any so that the rubric,
    # which the services hold, does not reach back to them even for types.
    Analyser = Callable[[Essay, Any, Any], Assessment]

# The built-in kinds, each a module of grader.kinds, in the order rubric errors list them.
BUILTIN_KINDS = ("facts", "structure", "readability", "mechanics", "content")
EVIDENCE_MEASURE = Measure("Evidence score", high=1.0, better="higher")


class Candidate(NamedTuple):
    """A measure calibration may try beyond the rubric's own criteria, named for teachers."""

    measure: str
    criterion_id: str
    name: str
    # Calibration tries candidates in this order (features enter its model in it).
    rank: int


def no_derived(measures: Mapping[str, float]) -> dict[str, float]:
    """Derive nothing: the kind's descriptors speak only of measures its analyser reports."""
    return {}


@dataclass(frozen=True)
class KindSpec:
    """Everything about one criterion kind; grader/kinds holds one module per built-in kind."""

    name: str  # as rubrics write it: `kind: readability`
    title: str  # its human name, on the rubric page and the report's filters
    criterion: type[CriterionBase]
    # The analyser, or its "module:function" name: analysers read their criterion model from
    # the kind's module, so the kind names its analyser rather than importing it.
    analyser: Analyser | str
    measures: Mapping[str, Measure]
    default_measure: str
    levels: tuple[Level, ...]  # levels on the default measure, for rubrics without evidence
    evidence: tuple[Evidence, ...] = ()  # none: levels come from the default measure
    caps: tuple[Cap, ...] = ()
    evidence_levels: tuple[Level, ...] = ()
    # What each built-in descriptor says of the essay (tests/test_truth.py holds cards to it).
    claims: Mapping[str, Claim] = field(default_factory=dict)
    # When the measures show nothing of the kind to credit: the claim, and why, for the student.
    no_credit: tuple[Claim, str] | None = None
    derived: Callable[[Mapping[str, float]], dict[str, float]] = no_derived
    highlights: Mapping[str, str] = field(default_factory=dict)  # highlight class -> label
    candidates: tuple[Candidate, ...] = ()
    # What a text too short to judge over a whole essay is too short to show ("accuracy").
    judged_over: str = ""
    # A "module:function" run once before a batch, so the first essay is not charged for it.
    warm_up: str = ""
    parses: bool = False  # its analyser reads the spaCy parse (worth parsing ahead)
    language_bound: bool = False  # judges English: skipped for an essay in another language
    about_topic: bool = False  # credits the topic: no credit for an essay off the task

    def analyse(self, essay: Essay, criterion: Any, services: Any) -> Assessment:
        """Run the kind's analyser on one essay."""
        return analyser_of(self)(essay, criterion, services)

    def warm(self) -> None:
        """Load what the kind's analyser needs before the first essay."""
        if self.warm_up:
            pkgutil.resolve_name(self.warm_up)()

    def all_measures(self) -> dict[str, Measure]:
        """Return the kind's measures with the evidence score scoring adds to each kind."""
        return {**self.measures, EVIDENCE_SCORE: EVIDENCE_MEASURE}


_REGISTRY: dict[str, KindSpec] = {}
_ANALYSERS: dict[str, Analyser] = {}


def register(spec: KindSpec) -> None:
    """Add a kind (or replace one of the same name)."""
    _REGISTRY[spec.name] = spec
    _ANALYSERS.pop(spec.name, None)


def unregister(name: str) -> None:
    """Remove a kind added with `register`."""
    _REGISTRY.pop(name, None)
    _ANALYSERS.pop(name, None)


def _load_builtins() -> None:
    """Import the built-in kinds once (their modules sit above this registry)."""
    if all(name in _REGISTRY for name in BUILTIN_KINDS):
        return
    for name in BUILTIN_KINDS:
        if name not in _REGISTRY:
            register(importlib.import_module(f"grader.kinds.{name}").SPEC)


def kinds() -> tuple[KindSpec, ...]:
    """Return every kind: the built-in ones first, in their order, then those registered."""
    _load_builtins()
    return tuple(_REGISTRY.values())


def kind_names() -> tuple[str, ...]:
    """Return the names of every kind, as rubrics write them."""
    return tuple(spec.name for spec in kinds())


def spec_for(name: str) -> KindSpec:
    """Return a kind by name (KeyError for one that does not exist)."""
    _load_builtins()
    return _REGISTRY[name]


def find_spec(name: str) -> KindSpec | None:
    """Return a kind by name, or None."""
    _load_builtins()
    return _REGISTRY.get(name)


def analyser_of(spec: KindSpec) -> Analyser:
    """Return a kind's analyser, importing it by name the first time."""
    if not isinstance(spec.analyser, str):
        return spec.analyser
    if spec.name not in _ANALYSERS:
        _ANALYSERS[spec.name] = pkgutil.resolve_name(spec.analyser)
    return _ANALYSERS[spec.name]


def measures_of(kind: str) -> dict[str, Measure]:
    """Return the measures a kind reports (none for an unknown kind)."""
    spec = find_spec(kind)
    return spec.all_measures() if spec else {}


def selectable(kind: str) -> dict[str, Measure]:
    """Return the measures of a kind that levels can be set on (all but the rubric's targets)."""
    return {n: m for n, m in measures_of(kind).items() if not n.startswith("target_")}


def derived_measures(kind: str, measures: Mapping[str, float]) -> dict[str, float]:
    """Return the measures a kind's level descriptors speak of that are sums of others."""
    spec = find_spec(kind)
    return spec.derived(measures) if spec else {}


def label_for(name: str) -> str:
    """Return a measure's readable label: the first kind's that reports it (word_count is
    "Words" for structure and readability, "Words checked" for mechanics)."""
    for spec in kinds():
        if name in spec.measures:
            return spec.measures[name].label
    if name == EVIDENCE_SCORE:
        return EVIDENCE_MEASURE.label
    return name.replace("_", " ").capitalize()


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
