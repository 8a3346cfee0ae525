"""Assignments a teacher sets for a class, and the draft each student hands in for one.

Kept in the drafts' SQLite file (migration 5 in store.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime

from grader.web.store import DraftStore

MAX_TITLE = 120
MAX_QUESTION = 4_000


class CourseworkError(ValueError):
    """An assignment without a title or question, or with a due date that is not a date."""


@dataclass(frozen=True)
class Assignment:
    """A task set for a class: its title, question, rubric and optional due date."""

    id: int
    class_id: int
    title: str
    question: str
    rubric: str
    due: str  # ISO date, or "" for none


@dataclass(frozen=True)
class HandedIn:
    """A student of the class and what they handed in for an assignment, if anything."""

    student_id: int
    student: str
    drafts: int  # drafts checked against the assignment's rubric
    handed_in: str  # when, or "" if not handed in
    percent: float | None
    grade: str
    late: bool


def checked_due(value: str) -> str:
    """Return a due date as YYYY-MM-DD ("" for none), or refuse one that is not a date."""
    value = value.strip()
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CourseworkError(f"{value!r} is not a date: give it as YYYY-MM-DD.") from None


class Coursework:
    """Assignments and hand-ins, in the drafts' database."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store

    def _db(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        return self._store.connection()

    def add(self, class_id: int, title: str, question: str, rubric: str, due: str) -> Assignment:
        """Set an assignment for a class."""
        title, question = " ".join(title.split()), question.strip()
        if not title or len(title) > MAX_TITLE:
            raise CourseworkError(f"Give the assignment a title of 1 to {MAX_TITLE} characters.")
        if not question or len(question) > MAX_QUESTION:
            raise CourseworkError(f"Give the question, in at most {MAX_QUESTION} characters.")
        due = checked_due(due)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._store.transaction() as db:
            cursor = db.execute(
                "INSERT INTO assignments (class_id, title, question, rubric, due, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (class_id, title, question, rubric, due or None, created),
            )
        return Assignment(int(cursor.lastrowid or 0), class_id, title, question, rubric, due)

    def get(self, assignment_id: int) -> Assignment | None:
        """Return an assignment by id, or None."""
        row = self._db().execute("SELECT * FROM assignments WHERE id = ?", (assignment_id,))
        found = row.fetchone()
        return _assignment(found) if found else None

    def of_class(self, class_id: int) -> list[Assignment]:
        """Return a class's assignments, oldest first."""
        rows = self._db().execute(
            "SELECT * FROM assignments WHERE class_id = ? ORDER BY id", (class_id,)
        )
        return [_assignment(r) for r in rows]

    def hand_in(self, assignment_id: int, student_id: int, draft_id: int) -> None:
        """Hand in a draft for an assignment, replacing what the student handed in before."""
        when = datetime.now(UTC).isoformat(timespec="seconds")
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO submissions (assignment_id, student_id, draft_id, handed_in) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (assignment_id, student_id) DO UPDATE SET "
                "draft_id = excluded.draft_id, handed_in = excluded.handed_in",
                (assignment_id, student_id, draft_id, when),
            )

    def handed_in_draft(self, assignment_id: int, student_id: int) -> int | None:
        """Return the id of the draft a student handed in for an assignment, or None."""
        row = (
            self._db()
            .execute(
                "SELECT draft_id FROM submissions WHERE assignment_id = ? AND student_id = ?",
                (assignment_id, student_id),
            )
            .fetchone()
        )
        return int(row[0]) if row else None

    def handed_in_texts(self, assignment_id: int) -> list[tuple[str, str]]:
        """Return each student's name and the text they handed in for an assignment."""
        rows = self._db().execute(
            "SELECT s.name, d.text FROM submissions sub "
            "JOIN students s ON s.id = sub.student_id JOIN drafts d ON d.id = sub.draft_id "
            "WHERE sub.assignment_id = ? ORDER BY s.name",
            (assignment_id,),
        )
        return [(str(r["name"]), str(r["text"])) for r in rows]

    def who_handed_in(self, assignment: Assignment) -> list[HandedIn]:
        """List every student of the assignment's class: their drafts and what they handed in."""
        rows = self._db().execute(
            "SELECT s.id, s.name, sub.handed_in, d.result, "
            "(SELECT COUNT(*) FROM drafts x WHERE x.student_id = s.id AND x.rubric = ?) AS n "
            "FROM students s "
            "LEFT JOIN submissions sub ON sub.student_id = s.id AND sub.assignment_id = ? "
            "LEFT JOIN drafts d ON d.id = sub.draft_id "
            "WHERE s.class_id = ? ORDER BY s.name",
            (assignment.rubric, assignment.id, assignment.class_id),
        )
        return [_handed_in(r, assignment.due) for r in rows]

    def set_marking(self, assignment_id: int, job: str) -> None:
        """Record the class marking of an assignment's hand-ins (a new one replaces it)."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO assignment_marking (assignment_id, job) VALUES (?, ?) "
                "ON CONFLICT (assignment_id) DO UPDATE SET job = excluded.job",
                (assignment_id, job),
            )

    def marking_of(self, assignment_id: int) -> str | None:
        """Return the class marking of an assignment's hand-ins, if any."""
        row = self._db().execute(
            "SELECT job FROM assignment_marking WHERE assignment_id = ?", (assignment_id,)
        )
        found = row.fetchone()
        return str(found["job"]) if found else None

    def release(self, assignment_id: int, student_id: int, total: str) -> None:
        """Release a student's marks for an assignment (again: with the total now)."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO releases (assignment_id, student_id, released, total) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (assignment_id, student_id) "
                "DO UPDATE SET released = excluded.released, total = excluded.total",
                (assignment_id, student_id, datetime.now(UTC).isoformat(timespec="seconds"), total),
            )

    def released(self, assignment_id: int, student_id: int) -> str | None:
        """Return the total released to a student, or None while their marks are a draft."""
        row = self._db().execute(
            "SELECT total FROM releases WHERE assignment_id = ? AND student_id = ?",
            (assignment_id, student_id),
        )
        found = row.fetchone()
        return str(found["total"]) if found else None


def _assignment(row: sqlite3.Row) -> Assignment:
    """Rebuild an assignment from its row."""
    return Assignment(
        int(row["id"]),
        int(row["class_id"]),
        str(row["title"]),
        str(row["question"]),
        str(row["rubric"]),
        str(row["due"] or ""),
    )


def _handed_in(row: sqlite3.Row, due: str) -> HandedIn:
    """Rebuild one student's line of an assignment's hand-ins."""
    when = str(row["handed_in"] or "")
    total = json.loads(row["result"])["total"] if row["result"] else None
    return HandedIn(
        int(row["id"]),
        str(row["name"]),
        int(row["n"]),
        when,
        float(total["percent"]) if total else None,
        str(total["grade"]) if total else "",
        bool(when and due and when[:10] > due),
    )
