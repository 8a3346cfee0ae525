"""What changed between two drafts: findings fixed, new and still there; levels and total moved.

Pure functions over results in the JSON output contract, so a draft kept months ago compares
with today's without being marked again. A finding is the same one in both drafts when its
code and the words it points at are the same (case aside), wherever they moved in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

Result = dict[str, Any]
LONG = 60  # characters: a longer excerpt is a sentence or paragraph, shown by its start
SHOWN = 40
QUOTED = re.compile(r"[‘'“\"]([^’'”\"]{1,40})[’'”\"]")


@dataclass(frozen=True)
class FindingChange:
    """One finding of either draft, with the words it points at."""

    criterion: str
    severity: str
    message: str
    excerpt: str


@dataclass(frozen=True)
class LevelMove:
    """One criterion's level and points in the earlier draft and in this one."""

    name: str
    before: str
    after: str
    score_before: float
    score_after: float

    @property
    def moved(self) -> int:
        """Return +1 when the points rose, -1 when they fell, 0 when they stayed."""
        return (self.score_after > self.score_before) - (self.score_after < self.score_before)


@dataclass(frozen=True)
class Changes:
    """Everything a student sees about how this draft differs from the one before."""

    fixed: tuple[FindingChange, ...]
    new: tuple[FindingChange, ...]
    still: tuple[FindingChange, ...]
    levels: tuple[LevelMove, ...]
    percent_before: float
    percent_after: float
    grade_before: str
    grade_after: str

    @property
    def percent_moved(self) -> float:
        """Return how many percentage points the total moved."""
        return round(self.percent_after - self.percent_before, 1)


def _key(finding: dict[str, Any]) -> tuple[str, str, str]:
    """Identify a finding across drafts by its code and the words it points at.

    A note on a whole sentence or paragraph is known by how it begins and the first word it
    quotes ("You use 'alot' 3 times"): revising another word in it does not make it new.
    """
    words = " ".join(str(finding.get("excerpt", "")).lower().split())
    if len(words) <= LONG:
        return str(finding.get("code", "")), words, ""
    quoted = QUOTED.search(str(finding.get("message", "")))
    return str(finding.get("code", "")), words[:SHOWN], quoted[1].lower() if quoted else ""


def _change(finding: dict[str, Any], names: dict[str, str]) -> FindingChange:
    """Describe a finding for the list it goes in."""
    criterion = str(finding.get("criterion", ""))
    return FindingChange(
        criterion=names.get(criterion, criterion),
        severity=str(finding.get("severity", "")),
        message=str(finding.get("message", "")),
        excerpt=_shown(str(finding.get("excerpt", ""))),
    )


def _shown(excerpt: str) -> str:
    """Quote a short excerpt whole and a long one by its start."""
    words = " ".join(excerpt.split())
    return words if len(words) <= LONG else words[:SHOWN].rsplit(" ", 1)[0] + " …"


def compare(before: Result, after: Result) -> Changes:
    """Compare a draft's result with the one before it."""
    names = {str(c["id"]): str(c["name"]) for c in [*before["criteria"], *after["criteria"]]}
    old = Counter(_key(f) for f in before["findings"])
    now = Counter(_key(f) for f in after["findings"])
    fixed: list[FindingChange] = []
    still: list[FindingChange] = []
    new: list[FindingChange] = []
    kept: Counter[tuple[str, str, str]] = Counter()
    for finding in before["findings"]:  # those beyond the new draft's count are fixed
        key = _key(finding)
        kept[key] += 1
        if kept[key] > now[key]:
            fixed.append(_change(finding, names))
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in after["findings"]:  # as many as the earlier draft had are still there
        key = _key(finding)
        seen[key] += 1
        (still if seen[key] <= old[key] else new).append(_change(finding, names))
    previous = {str(c["id"]): c for c in before["criteria"]}
    levels = tuple(
        LevelMove(
            name=str(c["name"]),
            before=str(previous[c["id"]]["level"]) if c["id"] in previous else "",
            after=str(c["level"]),
            score_before=float(previous[c["id"]]["score"]) if c["id"] in previous else 0.0,
            score_after=float(c["score"]),
        )
        for c in after["criteria"]
    )
    return Changes(
        fixed=tuple(fixed),
        new=tuple(new),
        still=tuple(still),
        levels=levels,
        percent_before=float(before["total"]["percent"]),
        percent_after=float(after["total"]["percent"]),
        grade_before=str(before["total"]["grade"]),
        grade_after=str(after["total"]["grade"]),
    )
