"""The pipeline for one essay: analyse each criterion, then score the whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from grader.analysers.writing_kind import reads_as_story
from grader.engines.language import MIN_WORDS, language_name, language_of
from grader.essay import Essay
from grader.findings import Assessment, Finding, Severity
from grader.kinds.structure import StructureCriterion
from grader.marking.scoring import CriterionResult, Total, no_credit, score_criterion, total_for
from grader.marking.task import TaskJudgement, judge_task
from grader.review import Comment
from grader.rubric.kind import CriterionBase, spec_for
from grader.rubric.measures import NOT_ASSESSED
from grader.rubric.schema import Rubric
from grader.services import Services

# How sure the detector must be before marks are withheld.
SURE = 0.9
# Criterion keys that change only how an analysis is scored, not the analysis itself.
SCORING_ONLY = {"id", "name", "weight", "measure", "levels", "description"}


@dataclass(frozen=True)
class EssayResult:
    """Everything the tool concluded about one essay under one rubric."""

    essay: Essay
    rubric: Rubric
    criteria: tuple[CriterionResult, ...]
    total: Total
    # How far the essay answers the rubric's task (None: the rubric states none, or too short).
    task: TaskJudgement | None = None
    # After a teacher's review (marking.reviewing): the tool's own total, the findings the
    # teacher dismissed (no longer in any criterion), their comments and summary.
    proposed_total: Total | None = None
    dismissed: tuple[Finding, ...] = ()
    comments: tuple[Comment, ...] = ()
    summary: str = ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Return every criterion's findings in the order they appear in the text."""
        every = (f for c in self.criteria for f in c.findings)
        return tuple(sorted(every, key=lambda f: (f.start, f.end, f.code)))


def mark_essay(essay: Essay, rubric: Rubric, services: Services) -> EssayResult:
    """Analyse an essay against every criterion of the rubric and score it."""
    return score_essay(essay, rubric, analyse(essay, rubric, services))


def analyse(
    essay: Essay,
    rubric: Rubric,
    services: Services,
    on_criterion: Callable[[str], None] = lambda criterion_id: None,
) -> dict[str, Assessment]:
    """Run each criterion's analyser, once for criteria of one kind with the same settings.

    A second criterion with the same analysis (say, a calibrated length criterion beside a
    structure criterion) shares the measures; the findings stay with the first, so the
    student is not told the same thing twice.
    """
    # Rubric-wide settings (language, fact sheet, engine) travel with a view of the services
    # that shares their engines: threads marking other rubrics at once keep their own.
    services = replace(services, rubric=rubric)
    story = rubric.argued and reads_as_story(essay)
    if story:
        # A story under a rubric for arguments is judged as the story it is, and told so.
        services = replace(services, rubric=rubric.model_copy(update={"genre": "narrative"}))
    done: dict[str, Assessment] = {}
    assessments: dict[str, Assessment] = {}
    foreign = other_language(essay)
    told = False
    for given in rubric.criteria:
        criterion = with_rubric_defaults(given, rubric)
        if foreign and spec_for(criterion.kind_name).language_bound:
            note = () if told else (not_english(essay, criterion, foreign),)
            assessments[criterion.id] = Assessment({NOT_ASSESSED: 1.0}, findings=note)
            told = True
            continue
        key = criterion.kind_name + criterion.model_dump_json(exclude=SCORING_ONLY)
        if key in done:
            assessments[criterion.id] = Assessment(measures=done[key].measures)
            continue
        try:
            done[key] = spec_for(criterion.kind_name).analyse(essay, criterion, services)
        except Exception as error:  # name the analyser in the traceback that gets logged
            error.add_note(f"in the {criterion.kind_name} analyser, criterion {criterion.id!r}")
            raise
        if story and criterion.kind_name == "structure":
            done[key] = replace(
                done[key], findings=(told_as_story(essay, criterion), *done[key].findings)
            )
            story = False
        assessments[criterion.id] = done[key]
        on_criterion(criterion.id)
    return assessments


def essay_note(
    essay: Essay,
    criterion: str,
    kind: str,
    code: str,
    severity: Severity,
    message: str,
    paragraph: bool = False,
) -> Finding:
    """Make a note about the whole essay, anchored on its opening sentence (or paragraph)."""
    opening = essay.paragraphs if paragraph else essay.sentences
    first = opening[0] if opening else None
    return Finding(
        criterion=criterion,
        kind=kind,
        code=code,
        severity=severity,
        message=message,
        start=first.start if first else 0,
        end=first.end if first else 0,
    )


def told_as_story(essay: Essay, criterion: CriterionBase) -> Finding:
    """Say once why a story was not asked for a thesis, evidence and a conclusion."""
    return essay_note(
        essay,
        criterion.id,
        criterion.kind_name,
        "structure.reads-as-story",
        "suggestion",
        "This reads as a story, so it was judged as one: by its paragraphs, its opening and "
        "ending, and how its events are linked, not by a thesis, evidence in each paragraph "
        "or a concluding paragraph. If your task asked for an argument, state your answer "
        "in the introduction and give reasons for it.",
        paragraph=True,
    )


def other_language(essay: Essay) -> str:
    """Return the name of the language an essay is written in when it is surely not English."""
    if essay.word_count < MIN_WORDS:
        return ""
    code, probability = language_of(essay.text)
    if code in {"", "en"} or probability < SURE:
        return ""
    return language_name(code)


def not_english(essay: Essay, criterion: CriterionBase, language: str) -> Finding:
    """Tell the student once why the English criteria gave no marks."""
    return essay_note(
        essay,
        criterion.id,
        criterion.kind_name,
        "language.not_english",
        "warning",
        f"This essay seems to be written in {language}, not English, so it gets no marks "
        "for spelling, grammar or readability: grader can judge those only in English. "
        "If it is in English, show your teacher this note.",
    )


def score_essay(essay: Essay, rubric: Rubric, assessments: dict[str, Assessment]) -> EssayResult:
    """Score analysed criteria: pure, and cheap enough to redo from cached assessments."""
    criteria = tuple(score_criterion(c, assessments[c.id]) for c in rubric.criteria)
    judged = judge_task(essay.text, rubric)
    off_task = judged is not None and not judged.answers
    if off_task:
        criteria = off_task_criteria(essay, rubric, criteria)
    return EssayResult(
        essay=essay,
        rubric=rubric,
        criteria=criteria,
        total=total_for(rubric, criteria, essay.word_count, essay.text, off_task=off_task),
        task=judged,
    )


def off_task_criteria(
    essay: Essay, rubric: Rubric, criteria: tuple[CriterionResult, ...]
) -> tuple[CriterionResult, ...]:
    """Give the topic's criteria no credit, and tell the student once, at the top, why."""
    because = "The essay does not seem to answer the task, so it earns nothing here."
    changed = [no_credit(c, because) if spec_for(c.kind).about_topic else c for c in criteria]
    first = changed[0]
    note = essay_note(
        essay,
        first.id,
        first.kind,
        "task.not_answered",
        "error",
        f"This essay does not seem to answer the task: “{rubric.task.strip()}” Few of its "
        "words belong to the question or its topic. It gets no marks for facts or key "
        f"terms, and its grade can be at most {rubric.off_task_grade()}. If it does answer "
        "the task, show your teacher this note.",
    )
    changed[0] = replace(first, findings=(note, *first.findings))
    return tuple(changed)


def measures_by_kind(
    assessments: dict[str, Assessment], rubric: Rubric
) -> dict[str, dict[str, float]]:
    """Gather the measures of an essay by criterion kind (the first criterion of each kind)."""
    measures: dict[str, dict[str, float]] = {}
    for criterion in rubric.criteria:
        measures.setdefault(criterion.kind_name, dict(assessments[criterion.id].measures))
    return measures


def with_rubric_defaults(criterion: CriterionBase, rubric: Rubric) -> CriterionBase:
    """Give a criterion the rubric-wide settings it leaves out (a structure's word_count)."""
    if isinstance(criterion, StructureCriterion) and criterion.word_count is None:
        return criterion.model_copy(update={"word_count": rubric.word_count})
    return criterion
