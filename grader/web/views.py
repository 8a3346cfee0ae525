"""View models of the web pages: what each page shows, computed here so templates stay plain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grader.web.changes import Changes
from grader.web.store import Draft

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 18


@dataclass(frozen=True)
class RubricOption:
    """One rubric the teacher offers, for a select box."""

    name: str
    title: str
    selected: bool


@dataclass(frozen=True)
class HistoryPoint:
    """One draft on the history chart and in the list beneath it."""

    number: int
    token: str
    created: str
    percent: float
    grade: str
    x: float
    y: float
    current: bool


@dataclass(frozen=True)
class DraftView:
    """The part of a draft's page above its report: progress, history, the next draft's form."""

    student: str
    rubric: str
    rubric_title: str
    number: int
    token: str
    text: str
    changes: Changes | None
    history: tuple[HistoryPoint, ...]
    polyline: str


def rubric_options(titles: dict[str, str], chosen: str = "") -> tuple[RubricOption, ...]:
    """List the offered rubrics, the chosen one (or the first) selected."""
    chosen = chosen if chosen in titles else next(iter(titles), "")
    return tuple(RubricOption(n, t, n == chosen) for n, t in titles.items())


def history(drafts: Sequence[Draft], current: str) -> tuple[tuple[HistoryPoint, ...], str]:
    """Place each draft's total on a small chart: points, and the line through them."""
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    step = inner_w / max(1, len(drafts) - 1)
    points = tuple(
        HistoryPoint(
            number=i + 1,
            token=d.token,
            created=d.created.replace("T", " ")[:16],
            percent=round(d.percent, 1),
            grade=str(d.result["total"]["grade"]),
            x=round(CHART_PAD + (i * step if len(drafts) > 1 else inner_w / 2), 1),
            y=round(CHART_PAD + inner_h * (1 - d.percent / 100), 1),
            current=d.token == current,
        )
        for i, d in enumerate(drafts)
    )
    return points, " ".join(f"{p.x},{p.y}" for p in points)
