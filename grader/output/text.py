"""The text format: a short, readable summary for the terminal (`grader check`, the default)."""

from __future__ import annotations

from grader.marking.pipeline import EssayResult
from grader.output.formats import EssayFormat
from grader.output.report.model import mark_basis, number, ranked
from grader.output.report.priorities import action_of, fix_first, where_in


def summary(result: EssayResult) -> str:
    """Render a short, readable summary for the terminal."""
    essay, total = result.essay, result.total
    lines = [
        f"{essay.student} — {result.rubric.title} ({essay.word_count} words)",
        f"Total {number(total.score)} / {number(total.max)} ({total.percent:.0f}%), "
        f"grade {total.grade}",
        "",
    ]
    width = max(len(c.name) for c in result.criteria)
    for said in reversed(mark_basis(result)):
        lines.insert(2, f"  {said}")
    for c in result.criteria:
        lines.append(
            f"  {c.name:<{width}}  {number(c.score):>4} / {number(c.max):<4} {c.level.label}"
        )
        for said in (c.capped_because, c.note):
            if said:
                lines.append(f"  {'':<{width}}  {said}")
    first = fix_first(result)
    if first:
        lines += ["", "Fix this first:"]
        for number_, item in enumerate(first, start=1):
            lines.append(f"  {number_}. {item.finding.message} ({item.where})")
    shown = {item.finding for item in first}
    rest = [(c.name, f) for c in result.criteria for f in ranked(c.findings) if f not in shown]
    if rest:
        lines += ["", "Everything else, by criterion:"]
    elif not first:
        lines += ["", "No feedback to give."]
    heading = ""
    for name, f in rest:
        if name != heading:
            lines.append(f"  {name}")
            heading = name
        where = where_in(result.essay, f, result.rubric.piece)
        lines.append(f"    {action_of(f)} ({where}): {f.message}")
    return "\n".join(lines) + "\n"


def _render(result: EssayResult, generated: str) -> str:
    """Render the summary; it carries no date."""
    return summary(result)


ESSAY = EssayFormat("text", "a text summary (the default)", _render)
