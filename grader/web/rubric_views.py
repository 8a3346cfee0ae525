"""View models of the rubric page: the rubric as a table of fields, and a change's effect."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.essay import Essay
from grader.facts.editing import FACT_KEYS, PREFIX, SHEET_TEXT, shown, shown_spellings
from grader.findings import VERDICT_WORDS, Finding, verdict_rank
from grader.marking.rescore import Preview
from grader.rubric.editing import (
    LEVEL_KEYS,
    PAIRS,
    TOP_TEXT,
    flow_style,
    kind_settings,
    shown_levels,
)
from grader.rubric.kind import kind_names
from grader.rubric.schema import Problem, Rubric


@dataclass(frozen=True)
class Cell:
    """One editable value: its key path (the form field's name), as typed, and its problem."""

    path: str
    value: str
    problem: str = ""


@dataclass(frozen=True)
class LevelRow:
    """One level of a criterion: label, score, bounds and descriptor."""

    cells: tuple[Cell, ...]  # in LEVEL_KEYS order


@dataclass(frozen=True)
class CriterionRow:
    """One criterion: what the teacher reads and edits about it."""

    index: int
    id: Cell
    kind: str
    is_new: bool
    name: Cell
    weight: Cell
    share: str  # its share of the total marks, when the rubric is valid
    marked_by: str
    settings: tuple[Cell, ...]
    levels: tuple[LevelRow, ...]
    problem: str


@dataclass(frozen=True)
class RubricTable:
    """The rubric page's form: every value a teacher may change, and what is wrong with any."""

    name: str
    top: tuple[Cell, ...]
    word_count: tuple[Cell, Cell]
    too_short: tuple[Cell, Cell]
    far_too_short: tuple[Cell, Cell]
    off_task: tuple[Cell]
    criteria: tuple[CriterionRow, ...]
    grades: tuple[tuple[Cell, Cell], ...]
    kinds: tuple[str, ...]
    other_problems: tuple[str, ...]
    facts: str

    @property
    def valid(self) -> bool:
        """Tell whether the edited rubric has no problem."""
        return (
            not self.other_problems
            and not any(c.problem for c in self.cells())
            and not any(row.problem for row in self.criteria)
        )

    def cells(self) -> list[Cell]:
        """Return every field of the table."""
        every = [*self.top, *self.word_count, *self.too_short, *self.far_too_short, *self.off_task]
        for row in self.criteria:
            every += [row.id, row.name, row.weight, *row.settings]
            every += [Cell(f"criteria[{row.index}].kind", row.kind)] if row.is_new else []
            every += [c for level in row.levels for c in level.cells]
        every += [c for pair in self.grades for c in pair]
        return every


@dataclass(frozen=True)
class MoveRow:
    """One student in the preview."""

    student: str
    before: str
    before_grade: str
    after: str
    after_grade: str
    changed: bool
    direction: int  # 1 up, -1 down, 0 the same


@dataclass(frozen=True)
class GradeBar:
    """How many students have a grade, before and after."""

    grade: str
    before: int
    after: int
    before_width: float
    after_width: float


@dataclass(frozen=True)
class PreviewView:
    """What the edit would do to a marked class."""

    students: int
    changed: int
    rows: tuple[MoveRow, ...]
    bars: tuple[GradeBar, ...]
    needs_marking: tuple[str, ...] = ()


def text(value: Any) -> str:
    """Show a value in a field as a teacher would type it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, dict | list | bool):
        return flow_style(value)
    return str(value)


# Long (~65 lines) on purpose: the rubric page's table as one view model, rows and columns
# built where the template reads them.
def rubric_table(
    name: str,
    data: Mapping[str, Any],
    saved_ids: set[str],
    problems: Sequence[Problem] = (),
    rubric: Rubric | None = None,
) -> RubricTable:
    """Lay the edited rubric out as fields, each with the loader's problem beside it."""
    paths: list[str] = []

    def cell(path: str, value: Any) -> Cell:
        paths.append(path)
        return Cell(path, text(value))

    top = tuple(cell(key, data.get(key, "")) for key in TOP_TEXT)
    parts = {
        key: tuple(cell(f"{key}.{part}", (data.get(key) or {}).get(part)) for part in names)
        for key, names in PAIRS.items()
    }
    rows = []
    shares = _shares(rubric)
    for i, criterion in enumerate(data.get("criteria") or []):
        at = f"criteria[{i}]"
        levels = tuple(
            LevelRow(tuple(cell(f"{at}.levels[{j}].{key}", level.get(key)) for key in LEVEL_KEYS))
            for j, level in enumerate(shown_levels(criterion))
        )
        rows.append(
            CriterionRow(
                index=i,
                id=cell(f"{at}.id", criterion.get("id")),
                kind=str(criterion.get("kind", "")),
                is_new=criterion.get("id") not in saved_ids,
                name=cell(f"{at}.name", criterion.get("name")),
                weight=cell(f"{at}.weight", criterion.get("weight")),
                share=shares.get(str(criterion.get("id")), ""),
                marked_by=_marked_by(rubric, str(criterion.get("id"))),
                settings=tuple(cell(f"{at}.{k}", v) for k, v in kind_settings(criterion).items()),
                levels=levels,
                problem="",
            )
        )
    grades = tuple(
        (cell(f"grades[{k}].grade", g.get("grade")), cell(f"grades[{k}].min", g.get("min")))
        for k, g in enumerate(data.get("grades") or [])
    )
    placed, other = _place(problems, paths)
    table = RubricTable(
        name=name,
        top=top,
        word_count=(parts["word_count"][0], parts["word_count"][1]),
        too_short=(parts["too_short"][0], parts["too_short"][1]),
        far_too_short=(parts["far_too_short"][0], parts["far_too_short"][1]),
        off_task=(parts["off_task"][0],),
        criteria=tuple(rows),
        grades=grades,
        kinds=kind_names(),
        other_problems=tuple(other),
        facts=_facts(data.get("facts")),
    )
    return _with_problems(table, placed)


def _place(problems: Sequence[Problem], paths: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Put each problem beside its field: the field at its key path, or the nearest one."""
    placed: dict[str, str] = {}
    other: list[str] = []
    for problem in problems:
        where = problem.key_path
        target = where if where in paths else _nearest(where, paths)
        if target is None:
            other.append(f"{where}: {problem.message}" if where else problem.message)
        else:
            placed[target] = "; ".join(filter(None, [placed.get(target), problem.message]))
    return placed, other


def _nearest(where: str, paths: Sequence[str]) -> str | None:
    """Return the field a problem belongs to: one inside its path, or the one it is inside."""
    if not where:
        return None
    inside = [p for p in paths if p.startswith(where + ".") or p.startswith(where + "[")]
    if inside:
        return inside[0]
    holders = [p for p in paths if where.startswith(p + ".") or where.startswith(p + "[")]
    return max(holders, key=len) if holders else None


def _with_problems(table: RubricTable, placed: Mapping[str, str]) -> RubricTable:
    """Return the table with each placed problem on its cell."""

    def mark(c: Cell) -> Cell:
        return Cell(c.path, c.value, placed.get(c.path, "")) if c.path in placed else c

    rows = tuple(
        CriterionRow(
            index=r.index,
            id=mark(r.id),
            kind=r.kind,
            is_new=r.is_new,
            name=mark(r.name),
            weight=mark(r.weight),
            share=r.share,
            marked_by=r.marked_by,
            settings=tuple(mark(c) for c in r.settings),
            levels=tuple(LevelRow(tuple(mark(c) for c in lv.cells)) for lv in r.levels),
            problem=r.problem,
        )
        for r in table.criteria
    )
    return RubricTable(
        name=table.name,
        top=tuple(mark(c) for c in table.top),
        word_count=(mark(table.word_count[0]), mark(table.word_count[1])),
        too_short=(mark(table.too_short[0]), mark(table.too_short[1])),
        far_too_short=(mark(table.far_too_short[0]), mark(table.far_too_short[1])),
        off_task=(mark(table.off_task[0]),),
        criteria=rows,
        grades=tuple((mark(g), mark(m)) for g, m in table.grades),
        kinds=table.kinds,
        other_problems=table.other_problems,
        facts=table.facts,
    )


def _shares(rubric: Rubric | None) -> dict[str, str]:
    """Give each criterion's share of the total marks (weight times its top score)."""
    if rubric is None:
        return {}
    tops = {c.id: c.weight * max(lv.score for lv in c.effective_levels()) for c in rubric.criteria}
    whole = sum(tops.values()) or 1.0
    return {ident: f"{100 * top / whole:.0f}%" for ident, top in tops.items()}


def _marked_by(rubric: Rubric | None, ident: str) -> str:
    """Say what picks a criterion's level."""
    if rubric is None or not any(c.id == ident for c in rubric.criteria):
        return ""
    measure = rubric.criterion(ident).level_measure
    return "its evidence score (0 to 1)" if measure == "evidence_score" else measure


def _facts(facts: Any) -> str:
    """Say where the rubric's facts come from."""
    if isinstance(facts, str):
        return facts.rsplit("/", 1)[-1]
    if isinstance(facts, list):
        return f"{len(facts)} facts in the rubric"
    return ""


def preview_view(preview: Preview) -> PreviewView:
    """Lay out a preview: each student's move, and the grades before and after."""
    rows = tuple(
        MoveRow(
            student=m.student,
            before=f"{m.before_percent:.1f}",
            before_grade=m.before_grade,
            after=f"{m.after_percent:.1f}",
            after_grade=m.after_grade,
            changed=m.changes_grade,
            direction=_direction(m.before_percent, m.after_percent),
        )
        for m in sorted(preview.moves, key=lambda m: (not m.changes_grade, m.student.lower()))
    )
    most = max([*preview.before.values(), *preview.after.values(), 1])
    bars = tuple(
        GradeBar(
            grade=g,
            before=preview.before.get(g, 0),
            after=preview.after.get(g, 0),
            before_width=round(100 * preview.before.get(g, 0) / most, 1),
            after_width=round(100 * preview.after.get(g, 0) / most, 1),
        )
        for g in preview.grades
    )
    return PreviewView(len(rows), len(preview.changed), rows, bars)


def _direction(before: float, after: float) -> int:
    """Say which way a total moved (by a tenth of a point or more)."""
    if round(after, 1) > round(before, 1):
        return 1
    if round(after, 1) < round(before, 1):
        return -1
    return 0


@dataclass(frozen=True)
class SheetFactRow:
    """One fact of the sheet: its fields, in FACT_KEYS order."""

    index: int
    cells: tuple[Cell, ...]

    @property
    def id(self) -> str:
        """Return the fact's id as typed."""
        return self.cells[0].value


@dataclass(frozen=True)
class SheetTable:
    """The fact sheet as a table: a row per fact, the names, and what is wrong with any."""

    file: str  # the saved sheet's file name ("" when the rubric lists its facts)
    changed: bool
    top: tuple[Cell, ...]
    names: tuple[tuple[Cell, Cell], ...]
    facts: tuple[SheetFactRow, ...]
    other_problems: tuple[str, ...]

    def cells(self) -> list[Cell]:
        """Return every field of the sheet."""
        every = [*self.top, *(c for pair in self.names for c in pair)]
        return every + [c for row in self.facts for c in row.cells]

    @property
    def valid(self) -> bool:
        """Tell whether the sheet has no problem."""
        return not self.other_problems and not any(c.problem for c in self.cells())


def sheet_table(
    data: Mapping[str, Any], file: str, changed: bool, problems: Sequence[Problem] = ()
) -> SheetTable:
    """Lay a fact sheet out as fields, each with `grader facts check`'s problem beside it."""
    top = tuple(Cell(f"{PREFIX}{key}", shown(data.get(key))) for key in SHEET_TEXT)
    names = tuple(
        (
            Cell(f"{PREFIX}names[{k}].name", name),
            Cell(f"{PREFIX}names[{k}].spellings", shown_spellings(others)),
        )
        for k, (name, others) in enumerate((data.get("names") or {}).items())
    )
    facts = tuple(
        SheetFactRow(
            i, tuple(Cell(f"{PREFIX}facts[{i}].{key}", shown(fact.get(key))) for key in FACT_KEYS)
        )
        for i, fact in enumerate(data.get("facts") or [])
        if isinstance(fact, dict)
    )
    spellings_of = {name.value: spellings.path for name, spellings in names}
    paths = [c.path for c in top] + [c.path for row in facts for c in row.cells]
    paths += [c.path for pair in names for c in pair]
    moved = []
    for problem in problems:
        where = problem.key_path
        if where.startswith("names."):
            target = spellings_of.get(where.removeprefix("names."), "")
            where = target.removeprefix(PREFIX) if target else where
        moved.append(
            Problem(problem.position, f"{PREFIX}{where}" if where else "", problem.message)
        )
    placed, other = _place(moved, paths)

    def mark(c: Cell) -> Cell:
        return Cell(c.path, c.value, placed[c.path]) if c.path in placed else c

    return SheetTable(
        file=file,
        changed=changed,
        top=tuple(mark(c) for c in top),
        names=tuple((mark(n), mark(s)) for n, s in names),
        facts=tuple(SheetFactRow(r.index, tuple(mark(c) for c in r.cells)) for r in facts),
        other_problems=tuple(p.removeprefix(PREFIX) for p in other),
    )


@dataclass(frozen=True)
class CheckRow:
    """One thing the sheet finds in the chosen essay."""

    verdict: str
    word: str  # the verdict as the report says it
    message: str
    claimed: str
    source: str


@dataclass(frozen=True)
class Chosen:
    """The essay a fact sheet is tried on, and the choices the page offers."""

    essay: Essay | None
    whose: str
    choices: tuple[str, ...]  # the class's students
    chosen: str
    pasted: str
    problem: str = ""  # why the pasted text is not an essay


@dataclass(frozen=True)
class FactsCheckView:
    """What the edited fact sheet finds in one essay, as `grader facts check --essay` lists it."""

    essay: str  # whose essay, or "the pasted text"
    counts: tuple[tuple[str, int], ...]  # (the verdict's word, how many)
    rows: tuple[CheckRow, ...]
    choices: tuple[str, ...]  # the class's students to choose from
    chosen: str
    pasted: str
    note: str = ""  # why nothing is shown
    by_fact: Mapping[str, str] = field(default_factory=dict)  # fact id: what the essay got


def facts_check_view(findings: Sequence[Finding], chosen: Chosen) -> FactsCheckView:
    """Lay out what the sheet finds in an essay: each verdict with its quote and source."""
    ranked = sorted(findings, key=lambda f: verdict_rank(f.verdict))
    rows = tuple(
        CheckRow(
            f.verdict or "",
            VERDICT_WORDS[f.verdict] if f.verdict else "",
            f.message,
            f.claimed or "",
            f.source or "",
        )
        for f in ranked
    )
    counts = Counter(row.word for row in rows)  # in rank order: the rows are
    verdicts: dict[str, list[str]] = {}
    for f, row in zip(ranked, rows, strict=True):
        words = verdicts.setdefault(f.fact, []) if f.fact else []
        if row.word not in words:
            words.append(row.word)
    return FactsCheckView(
        chosen.whose,
        tuple(counts.items()),
        rows,
        chosen.choices,
        chosen.chosen,
        chosen.pasted,
        by_fact={ident: ", ".join(words) for ident, words in verdicts.items()},
    )
