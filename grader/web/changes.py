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

from rapidfuzz import fuzz

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


# Findings about the essay as a whole, wherever they are anchored ("Your essay has 2
# paragraphs" sits on the longest paragraph, which an added paragraph can change): the same
# finding in both drafts whatever words they point at.
WHOLE_ESSAY_CODES = frozenset(
    {
        "structure.one-block",
        "structure.paragraph-count",
        "structure.word-count",
        "structure.linking-variety",
        "structure.no-conclusion",
        "readability.too-hard",
        "readability.too-easy",
        "readability.low-diversity",
        "readability.overused-word",
        "language.not_english",
        "task.not_answered",
    }
)


def _key(finding: dict[str, Any]) -> tuple[str, str, str]:
    """Identify a finding across drafts by its code and the words it points at.

    A finding on the whole essay, or a fact the essay leaves out, is known by its code (and the
    word it quotes). A note on a whole sentence or paragraph is known by how it begins and the
    first word it quotes ("You use 'alot' 3 times"): revising another word in it does not make
    it new.
    """
    code = str(finding.get("code", ""))
    quoted = QUOTED.search(str(finding.get("message", "")))
    word = quoted[1].lower() if quoted else ""
    if code in WHOLE_ESSAY_CODES or finding.get("verdict") == "missing":
        return code, "", word if code == "readability.overused-word" else ""
    words = " ".join(str(finding.get("excerpt", "")).lower().split())
    if len(words) <= LONG:
        return code, words, ""
    return code, words[:SHOWN], word


SAME_PASSAGE = 80  # rapidfuzz ratio: a sentence edited in a word or two is the same sentence


def _paired(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Split findings into those gone, those still there and those new.

    Findings pair by their key first; a finding left over in each draft with the same code
    pairs too when the passages it points at are nearly the same (a comma added to the
    sentence an unfinished-sentence note sits on does not finish the sentence).
    """
    now = Counter(_key(f) for f in after)
    old = Counter(_key(f) for f in before)
    gone: list[dict[str, Any]] = []
    kept: Counter[tuple[str, str, str]] = Counter()
    for finding in before:  # those beyond the new draft's count are gone
        key = _key(finding)
        kept[key] += 1
        if kept[key] > now[key]:
            gone.append(finding)
    still: list[dict[str, Any]] = []
    came: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in after:  # as many as the earlier draft had are still there
        key = _key(finding)
        seen[key] += 1
        (still if seen[key] <= old[key] else came).append(finding)
    for finding in list(came):
        twin = next((g for g in gone if _same_passage(g, finding)), None)
        if twin is not None:
            gone.remove(twin)
            came.remove(finding)
            still.append(finding)
    return gone, still, came


def _same_passage(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Tell whether two findings of one code point at nearly the same words."""
    if old.get("code") != new.get("code"):
        return False
    a, b = (" ".join(str(f.get("excerpt", "")).lower().split()) for f in (old, new))
    return len(a) > LONG and len(b) > LONG and fuzz.ratio(a, b) >= SAME_PASSAGE


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
    gone, stayed, came = _paired(before["findings"], after["findings"])
    fixed = [_change(f, names) for f in gone]
    still = [_change(f, names) for f in stayed]
    new = [_change(f, names) for f in came]
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
