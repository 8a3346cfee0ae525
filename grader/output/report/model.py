"""View models: every string a report shows, ready for templates that only print and loop.

Like coverage.py's html.py: analysis results become plain dataclasses; the templates in
templates/ hold no logic beyond loops and simple conditions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from grader.findings import VERDICT_WORDS, Finding, verdict_rank
from grader.marking.pipeline import EssayResult
from grader.marking.scoring import CriterionResult
from grader.output.report.priorities import WHOLE_TEXT_SHARE, action_of, fix_first
from grader.rubric.kind import find_spec, label_for
from grader.rubric.kind import kinds as all_kinds

EXCERPT_LIMIT = 160
SEVERITY_RANK = {"error": 0, "warning": 1, "suggestion": 2, "info": 3}
# A finding covering most of the text is about the essay as a whole, not a passage in it.
MAX_CARD_COMMENTS = 3

# What each highlight is called, so meaning never rests on colour alone.
MECHANICS_GROUPS = {
    "TYPOS": "spelling",
    "GRAMMAR": "grammar",
    "PUNCTUATION": "punctuation",
    "TYPOGRAPHY": "typography",
    "CASING": "spelling",
    "CONFUSED_WORDS": "grammar",
    "COLLOCATIONS": "grammar",
    "REDUNDANCY": "style",
    "STYLE": "style",
    "REPETITIONS_STYLE": "style",
}
# The page's filter buttons in the order students act on them; a kind not named here follows.
FILTER_ORDER = ("facts", "mechanics", "readability", "structure", "content")


@dataclass(frozen=True)
class MeasureRow:
    """One named number, with its target where the rubric sets one."""

    label: str
    value: str
    target: str = ""
    verdict: str = ""


@dataclass(frozen=True)
class Note:
    """One numbered comment tied to a passage of the essay."""

    number: int
    anchor: str
    kind: str
    highlight: str
    label: str
    severity: str
    message: str
    excerpt: str
    suggestions: str
    reference: str
    source: str
    action: str = ""  # Fix, Improve, Idea or Good: what the student is asked to do


@dataclass(frozen=True)
class EvidenceLine:
    """One piece of evidence behind a level, as the report shows it."""

    label: str
    value: str
    share: str
    percent: int


@dataclass(frozen=True)
class CriterionCard:
    """One criterion's judgement as the report shows it."""

    name: str
    kind: str
    level: str
    level_position: str
    score: str
    descriptor: str
    comments: tuple[str, ...]
    measures: tuple[MeasureRow, ...]
    steps: tuple[bool, ...]
    evidence: tuple[EvidenceLine, ...] = ()
    # Why the level is what it is, beyond the evidence: a cap, or the facts' count.
    reasons: tuple[str, ...] = ()
    teacher: str = ""  # the teacher's reason, when the teacher set the level


@dataclass(frozen=True)
class Piece:
    """A run of essay text with the highlights and note numbers that apply to it."""

    text: str
    classes: str
    notes: str
    markers: tuple[Note, ...]
    label: str


@dataclass(frozen=True)
class ParagraphView:
    """One paragraph of the essay, with notes about the paragraph as a whole."""

    number: int
    pieces: tuple[Piece, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class FactRow:
    """One fact of the fact sheet and what the essay made of it."""

    verdict: str
    verdict_class: str
    said: str
    reference: str
    source: str
    note: str


@dataclass(frozen=True)
class Filter:
    """A control that shows or hides one kind of highlight."""

    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class FixView:
    """One of the changes to make first, as the report lists it."""

    number: int
    message: str
    where: str
    criterion: str
    anchor: str  # the note it is, in the margin


@dataclass(frozen=True)
class EssayPage:
    """The whole essay report."""

    title: str
    student: str
    rubric: str
    generated: str
    total: str
    percent: str
    grade: str
    word_count: str
    went_well: tuple[str, ...]
    even_better_if: tuple[str, ...]  # the weakest criteria's next steps (the list comes first)
    cards: tuple[CriterionCard, ...]
    general_notes: tuple[Note, ...]
    paragraphs: tuple[ParagraphView, ...]
    notes: tuple[Note, ...]
    facts: tuple[FactRow, ...]
    measures: tuple[MeasureRow, ...]
    filters: tuple[Filter, ...]
    mark_basis: tuple[str, ...] = ()  # what a calibrated mark rests on, in plain words
    fix_first: tuple[FixView, ...] = ()
    # The teacher's own words: a summary, and comments with the words they are about.
    teacher_summary: str = ""
    teacher_comments: tuple[tuple[str, str], ...] = ()
    # The student's id on the learning platform the essay came from ("platform id 340934").
    platform_id: str = ""
    piece: str = "essay"  # what the writing is called: essay, story, letter or report


def number(value: float) -> str:
    """Show a number without a needless decimal part."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def highlight_of(finding: Finding) -> str:
    """Name the highlight style of a finding: its kind and, within a kind, its sort."""
    if finding.kind == "facts":
        return f"fact-{finding.verdict or 'unverified'}"
    if finding.kind == "mechanics":
        category = getattr(finding, "category", None) or _code_part(finding.code, 1)
        return f"mech-{MECHANICS_GROUPS.get(str(category).upper(), 'grammar')}"
    spec = find_spec(finding.kind)
    # A kind without a highlight of its own name (content, the task) is shown as structure is.
    return finding.kind if spec is not None and finding.kind in spec.highlights else "structure"


def _code_part(code: str, index: int) -> str:
    """Return one dotted part of a finding code, or ''."""
    parts = code.split(".")
    return parts[index] if len(parts) > index else ""


def _said(text: str, finding: Finding) -> str:
    """Return the words a finding judged: a fact's values joined by " … " when there are several.

    A repeated spelling mistake is the same word every time, so its first place is enough.
    """
    spans = [(finding.start, finding.end)]
    if finding.kind == "facts":
        spans += list(finding.also_at or ())
    return " … ".join(" ".join(text[a:b].split()) for a, b in spans if b > a)


def _excerpt(text: str) -> str:
    """Shorten a long excerpt around its middle."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT_LIMIT:
        return text
    half = EXCERPT_LIMIT // 2
    return f"{text[:half]} … {text[-half:]}"


def ranked(findings: Sequence[Finding]) -> list[Finding]:
    """Order findings by severity, a wrong fact before a missing one, then by position."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_RANK.get(f.severity, 9),
            verdict_rank(f.verdict),
            f.start,
            f.code,
        ),
    )


def _scope(finding: Finding, result: EssayResult) -> str:
    """Tell whether a finding is about the whole essay, a paragraph, or a passage."""
    text_length = len(result.essay.text)
    length = finding.end - finding.start
    if length <= 0 or length >= WHOLE_TEXT_SHARE * text_length:
        return "general"
    for paragraph in result.essay.paragraphs:
        if (finding.start, finding.end) == (paragraph.start, paragraph.end):
            return "paragraph"
    return "inline"


def essay_page(result: EssayResult, generated: str) -> EssayPage:
    """Build the essay report's view model."""
    essay = result.essay
    findings = result.findings
    scopes = {f: _scope(f, result) for f in findings}
    notes = _notes(result, findings, scopes)
    by_finding = dict(zip(findings, notes, strict=True))
    # Whole-essay advice first; the list of facts that could be added after it.
    general = tuple(
        by_finding[f]
        for f in sorted(findings, key=lambda f: f.kind == "facts")
        if scopes[f] == "general"
    )
    inline = [f for f in findings if scopes[f] == "inline"]
    paragraphs = tuple(
        ParagraphView(
            number=i + 1,
            pieces=_pieces(essay.text, span.start, span.end, inline, by_finding),
            notes=tuple(
                by_finding[f]
                for f in findings
                if scopes[f] == "paragraph" and (f.start, f.end) == (span.start, span.end)
            ),
        )
        for i, span in enumerate(essay.paragraphs)
    )
    kinds = Counter(f.kind for f in findings)
    return EssayPage(
        title=f"Feedback for {essay.student}",
        student=essay.student,
        rubric=result.rubric.title,
        piece=result.rubric.piece,
        generated=generated,
        total=f"{number(result.total.score)} / {number(result.total.max)}",
        percent=f"{result.total.percent:.0f}%",
        grade=result.total.grade,
        word_count=f"{essay.word_count} words",
        went_well=_went_well(result),
        even_better_if=_even_better_if(result),
        cards=tuple(_card(c, by_finding) for c in result.criteria),
        general_notes=general,
        paragraphs=paragraphs,
        notes=tuple(notes),
        facts=_fact_rows(result, by_finding),
        measures=_measure_rows(result),
        filters=_filters(kinds),
        mark_basis=mark_basis(result),
        fix_first=tuple(
            FixView(
                i,
                short_message(item.finding),
                item.where,
                item.criterion,
                by_finding[item.finding].anchor,
            )
            for i, item in enumerate(fix_first(result), start=1)
        ),
        teacher_summary=result.summary,
        teacher_comments=_teacher_comments(result),
        platform_id=f"platform id {essay.platform_id}" if essay.platform_id else "",
    )


def mark_basis(result: EssayResult) -> tuple[str, ...]:
    """Say what the mark rests on: a limit on the grade, and what it learned from marked essays."""
    total = result.total
    held = (total.capped_because,) if total.capped_because else ()
    if not total.closest:
        return held
    marks = [number(c.mark) for c in total.closest]
    listed = ", ".join(marks[:-1]) + f" and {marks[-1]}" if len(marks) > 1 else marks[0]
    return (
        *held,
        f"The mark {total.grade} is learned from the essays your teacher marked for this "
        f"rubric; the criteria below alone give {total.criteria_grade}.",
        f"It is closest to essays your teacher gave {listed}.",
    )


def _notes(
    result: EssayResult, findings: Sequence[Finding], scopes: dict[Finding, str]
) -> list[Note]:
    """Number every finding in reading order, with what a student needs to act on it."""
    notes = []
    for i, finding in enumerate(findings, start=1):
        highlight = highlight_of(finding)
        said = _said(result.essay.text, finding)
        notes.append(
            Note(
                number=i,
                anchor=f"note-{i}",
                kind=finding.kind,
                highlight=highlight,
                label=highlight_label(highlight, finding.kind),
                severity=finding.severity,
                message=(short := short_message(finding)),
                excerpt=_excerpt(said) if scopes[finding] == "inline" else "",
                suggestions=", ".join(f"“{s}”" for s in finding.suggestions[:3]),
                reference=_unless_said(finding.expected, short),
                source=_unless_said(finding.source, short),
                action=action_of(finding),
            )
        )
    return notes


def short_message(finding: Finding) -> str:
    """Return a note's advice without the fact sheet's words and source, shown on demand."""
    message = finding.message
    if finding.kind != "facts":
        return message
    if finding.source:
        message = message.replace(f" (source: {finding.source})", "")
    if finding.expected:
        message = message.replace(f" Fact sheet: {finding.expected}", "")
        message = message.replace(f"): {finding.expected}", ").")
    return message


def _unless_said(detail: str | None, message: str) -> str:
    """Return a detail worth adding to a note, or '' when the message already says it."""
    return detail if detail and detail not in message else ""


def _pieces(
    text: str, start: int, end: int, findings: Sequence[Finding], notes: dict[Finding, Note]
) -> tuple[Piece, ...]:
    """Cut a paragraph at every highlight boundary so overlapping highlights can nest."""
    spans = [
        (max(a, start), min(b, end), f)
        for f in findings
        for a, b in ((f.start, f.end), *(f.also_at or ()))  # a repeated mistake, every time
        if a < end and b > start
    ]
    cuts = sorted({start, end, *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    pieces = []
    for left, right in pairwise(cuts):
        active = list(dict.fromkeys(f for a, b, f in spans if a < right and b > left))
        ending = tuple(dict.fromkeys(notes[f] for _, b, f in spans if b == right))
        highlights = sorted({notes[f].highlight for f in active})
        kinds = sorted({f.kind for f in active})
        # A piece only suggested (never an error) is drawn apart: dotted, not wavy or solid.
        only_ideas = bool(active) and all(f.severity in {"suggestion", "info"} for f in active)
        pieces.append(
            Piece(
                text=text[left:right],
                classes=" ".join(
                    [
                        *(f"hl-{h}" for h in highlights),
                        *(f"k-{k}" for k in kinds),
                        *(["idea"] if only_ideas else []),
                    ]
                ),
                notes=" ".join(notes[f].anchor for f in active),
                markers=ending,
                label="; ".join(dict.fromkeys(notes[f].label for f in active)),
            )
        )
    return tuple(pieces)


def _card(criterion: CriterionResult, notes: dict[Finding, Note]) -> CriterionCard:
    """Summarise one criterion with up to three comments from its most important findings."""
    comments: list[str] = []
    for finding in ranked(criterion.findings):
        if finding.kind == "facts" and finding.verdict == "supported":
            continue
        comment = f"{finding.message} (note {notes[finding].number})"
        if finding.message not in {c.rsplit(" (note", 1)[0] for c in comments}:
            comments.append(comment)
        if len(comments) == MAX_CARD_COMMENTS:
            break
    levels = sorted({level.score for level in criterion.levels}, reverse=True)
    position = levels.index(criterion.level.score) + 1 if criterion.level.score in levels else 0
    place = f"Level {len(levels) - position + 1} of {len(levels)}"
    return CriterionCard(
        name=criterion.name,
        kind=criterion.kind,
        level=criterion.level.label,
        # Calibrated levels are named by their place already; say it once.
        level_position="" if criterion.level.label == place else f"({place})",
        score=f"{number(criterion.score)} / {number(criterion.max)}",
        descriptor=criterion.level.descriptor,
        comments=tuple(comments),
        measures=tuple(
            MeasureRow(label_for(name), number(value)) for name, value in criterion.measures.items()
        ),
        steps=tuple(score <= criterion.level.score for score in sorted(levels)),
        evidence=tuple(
            EvidenceLine(
                row.label,
                evidence_value(row.measure, row.value),
                f"{row.share:.0%}",
                round(100 * row.share),
            )
            for row in criterion.evidence
        ),
        reasons=level_reasons(criterion),
        teacher=criterion.reason,
    )


FLAG_MEASURES = {"thesis_stated", "conclusion_found", "paragraphing", "unfinished_sentence"}
SHARE_MEASURES = {
    "length_share",
    "topic_sentences_linked",
    "paragraphs_with_evidence",
    "long_sentence_share",
    "passive_share",
    "long_word_share",
    "accuracy",
    "coverage",
    "minimum_share",
}


def evidence_value(measure: str, value: float) -> str:
    """Show a measured value as a reader takes it: yes/no, a percentage or a number."""
    if value != value:  # not measured
        return "—"
    if measure in FLAG_MEASURES:
        return "yes" if value >= 1 else "no"
    if measure in SHARE_MEASURES:
        return f"{value:.0%}"
    if measure == "grade_distance":
        return "on target" if value == 0 else f"{value:.1f} off"
    return number(round(value, 1))


def level_reasons(criterion: CriterionResult) -> tuple[str, ...]:
    """Say what the level rests on beyond its evidence: the claims checked, and any cap."""
    reasons = []
    measures = criterion.measures
    if criterion.kind == "facts" and "supported" in measures:
        right = int(measures["supported"])
        wrong = int(measures.get("contradicted", 0))
        vague = int(measures.get("imprecise", 0))
        checked = right + wrong + vague
        missing = int(measures.get("missing", 0))
        required = int(measures.get("required_facts", 0))
        reasons.append(
            f"{checked} claim{'s' * (checked != 1)} checked against the fact sheet: {right} right, "
            f"{wrong} wrong, {vague} only partly right; {missing} of {required} required facts "
            "missing."
        )
    if criterion.capped_because and criterion.evidence_level is not None:
        reasons.append(
            f"The evidence alone would give {criterion.evidence_level.label}, but: "
            f"{criterion.capped_because}"
        )
    if criterion.moved_because:
        reasons.append(criterion.moved_because)
    if criterion.note:
        reasons.append(criterion.note)
    return tuple(reasons)


def _went_well(result: EssayResult) -> tuple[str, ...]:
    """Say what earned the top level, and the facts the essay got right."""
    lines = [
        _named(c.name, c.level.descriptor or c.level.label)
        for c in result.criteria
        if _at_top(c) and not _warned(c)
    ]
    supported = sum(1 for f in result.findings if f.verdict == "supported")
    if supported:
        lines.append(f"You stated {supported} fact{'s' * (supported != 1)} correctly.")
    piece = result.rubric.piece
    article = "an" if piece[0] in "aeiou" else "a"
    return tuple(lines) or (
        f"You finished {article} {piece}: now make it better with the notes below.",
    )


def _at_top(criterion: CriterionResult) -> bool:
    """Tell whether a criterion reached its top level (its points may still be short of max)."""
    return criterion.level.score == max(level.score for level in criterion.levels)


def _warned(criterion: CriterionResult) -> bool:
    """Tell whether a criterion's card carries a warning or error, so it is not praised."""
    return bool(criterion.capped_because) or any(
        f.severity in {"error", "warning"} and f.verdict != "supported" for f in criterion.findings
    )


def _named(name: str, sentence: str) -> str:
    """Put a criterion's name before a sentence, unless the sentence already starts with it."""
    return sentence if sentence.lower().startswith(name.lower()) else f"{name}: {sentence}"


def _even_better_if(result: EssayResult) -> tuple[str, ...]:
    """Give the most useful next step for each criterion below its top level, weakest first."""
    below = sorted(
        (c for c in result.criteria if not _at_top(c) or _warned(c)), key=lambda c: c.score / c.max
    )
    lines = []
    for criterion in below:
        actionable = [f for f in ranked(criterion.findings) if f.verdict != "supported"]
        step = actionable[0].message if actionable else criterion.level.descriptor
        lines.append(f"{criterion.name}: {step}")
    return tuple(lines)


def _fact_rows(result: EssayResult, notes: dict[Finding, Note]) -> tuple[FactRow, ...]:
    """List each fact verdict: what the essay said, the reference statement and its source."""
    rows = []
    for finding in result.findings:
        # A missing fact has nothing the essay said: its note under the whole essay says it.
        if finding.kind != "facts" or finding.verdict in {None, "missing"}:
            continue
        said = _said(result.essay.text, finding)
        rows.append(
            FactRow(
                verdict=VERDICT_WORDS[finding.verdict].capitalize(),
                verdict_class=f"fact-{finding.verdict}",
                said=_excerpt(said) or "—",
                reference=finding.expected or finding.message,
                source=finding.source or "",
                note=notes[finding].anchor,
            )
        )
    return tuple(rows)


def _measure_rows(result: EssayResult) -> tuple[MeasureRow, ...]:
    """List the readability and structure measures against their targets."""
    rows = []
    for criterion in result.criteria:
        if criterion.kind not in {"readability", "structure"}:
            continue
        measures = criterion.measures
        for name, value in measures.items():
            if name.startswith("target_"):
                continue
            target, verdict = "", ""
            if name == "reading_grade" and "target_grade_min" in measures:
                low, high = measures["target_grade_min"], measures["target_grade_max"]
                target = f"{number(low)}–{number(high)}"
                verdict = "too hard" if value > high else "too easy" if value < low else "on target"
            rows.append(MeasureRow(label_for(name), number(value), target, verdict))
    return tuple(rows)


def _filters(found: Counter[str]) -> tuple[Filter, ...]:
    """Return a filter button for each kind with findings, in the page's order."""
    last = len(FILTER_ORDER)
    ordered = sorted(
        all_kinds(), key=lambda s: FILTER_ORDER.index(s.name) if s.name in FILTER_ORDER else last
    )
    return tuple(Filter(s.name, s.title, found[s.name]) for s in ordered if found[s.name])


def highlight_label(highlight: str, kind: str) -> str:
    """Name a highlight class for its note: the label its kind gives it, else the kind."""
    for spec in all_kinds():
        if highlight in spec.highlights:
            return spec.highlights[highlight]
    return kind.capitalize()


def _teacher_comments(result: EssayResult) -> tuple[tuple[str, str], ...]:
    """Return the teacher's comments, each with the words it is about (none: the whole essay)."""
    text = result.essay.text
    return tuple(
        (c.text, _excerpt(text[c.start : c.end]) if c.start is not None else "")
        for c in result.comments
    )
