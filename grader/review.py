"""A teacher's review of the marks: levels set, findings dismissed, comments added, and who did it.

The tool proposes; the teacher decides. A review is plain data kept beside the marks (the
output folder's review.json, or the page's database), and applied to a fresh result every time
the essay is scored, so a re-run keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class LevelChange:
    """A criterion's level (and optionally points) set by the teacher, with the reason."""

    criterion: str  # the criterion's id
    level: str  # the level's label, or its score ("3")
    reason: str  # shown to the student beside the level
    points: float | None = None  # points within the level, before the weight; None: its score
    by: str = ""
    at: str = ""  # when, as an ISO timestamp


@dataclass(frozen=True)
class Dismissal:
    """A finding the teacher judged false: hidden from the student, kept as a false alarm."""

    finding: str  # the finding's stable id (results.json `findings[].id`)
    reason: str
    code: str = ""  # the rule or check that made it, kept for the statistics
    fact: str = ""  # the fact-sheet id it was about, if any
    by: str = ""
    at: str = ""


@dataclass(frozen=True)
class Comment:
    """A teacher's own comment on a span of the essay, or on the whole essay (no span)."""

    text: str
    start: int | None = None
    end: int | None = None
    by: str = ""
    at: str = ""


@dataclass(frozen=True)
class EssayReview:
    """Everything a teacher changed on one student's marks."""

    levels: tuple[LevelChange, ...] = ()
    dismissed: tuple[Dismissal, ...] = ()
    comments: tuple[Comment, ...] = ()
    summary: str = ""  # the teacher's own summary, in place of the tool's

    @property
    def empty(self) -> bool:
        """Tell whether the teacher changed nothing."""
        return not (self.levels or self.dismissed or self.comments or self.summary)

    def with_level(self, change: LevelChange) -> EssayReview:
        """Set a criterion's level, replacing an earlier change to the same criterion."""
        kept = tuple(c for c in self.levels if c.criterion != change.criterion)
        return replace(self, levels=(*kept, change))

    def with_dismissal(self, dismissal: Dismissal) -> EssayReview:
        """Dismiss a finding (once: a second dismissal replaces the first)."""
        kept = tuple(d for d in self.dismissed if d.finding != dismissal.finding)
        return replace(self, dismissed=(*kept, dismissal))

    def with_comment(self, comment: Comment) -> EssayReview:
        """Add a comment."""
        return replace(self, comments=(*self.comments, comment))

    def with_summary(self, summary: str) -> EssayReview:
        """Set the teacher's summary."""
        return replace(self, summary=summary)

    def without(self, key: str) -> EssayReview:
        """Forget the level set for a criterion, or the dismissal of a finding, with this id."""
        return replace(
            self,
            levels=tuple(c for c in self.levels if c.criterion != key),
            dismissed=tuple(d for d in self.dismissed if d.finding != key),
        )


@dataclass
class ClassReview:
    """The reviews of a marked class, by student."""

    students: dict[str, EssayReview] = field(default_factory=dict)

    def of(self, student: str) -> EssayReview:
        """Return a student's review (empty when the teacher changed nothing)."""
        return self.students.get(student, EssayReview())


def review_to_dict(review: EssayReview) -> dict[str, Any]:
    """Write a review as plain data."""
    return {
        "levels": [asdict(c) for c in review.levels],
        "dismissed": [asdict(d) for d in review.dismissed],
        "comments": [asdict(c) for c in review.comments],
        "summary": review.summary,
    }


def review_from_dict(data: Mapping[str, Any]) -> EssayReview:
    """Read a review written by review_to_dict (ValueError for a malformed one)."""
    try:
        return EssayReview(
            levels=tuple(LevelChange(**c) for c in data.get("levels", ())),
            dismissed=tuple(Dismissal(**d) for d in data.get("dismissed", ())),
            comments=tuple(Comment(**c) for c in data.get("comments", ())),
            summary=str(data.get("summary", "")),
        )
    except TypeError as error:
        raise ValueError(f"not a review: {error}") from error
