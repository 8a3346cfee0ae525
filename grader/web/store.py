"""Drafts, rubric versions and teachers' marks in one SQLite file under --data.

Numbered migrations (MIGRATIONS), foreign keys on, every write a transaction.

A draft is kept with its result in the JSON output contract (grader/output/results.py), so a later
draft is compared with it without marking the earlier one again. SQLite in WAL mode with full
sync: a draft the page has acknowledged is on disk, even if the server is killed a moment later.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Numbered migrations: the database's `PRAGMA user_version` says how many are applied, and the
# rest run in order, each in one transaction. Append a new one; never edit one that shipped.
MIGRATIONS: tuple[str, ...] = (
    # 1: drafts, by the name a student typed
    """
    CREATE TABLE IF NOT EXISTS drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token TEXT NOT NULL UNIQUE,
        student TEXT NOT NULL,
        rubric TEXT NOT NULL,
        created TEXT NOT NULL,
        text TEXT NOT NULL,
        result TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS drafts_by_student ON drafts (student, rubric, id)
    """,
    # 2: rubric versions and teachers' own marks
    """
    CREATE TABLE IF NOT EXISTS rubric_versions (
        name TEXT PRIMARY KEY,
        base TEXT NOT NULL,
        version INTEGER NOT NULL,
        created TEXT NOT NULL,
        note TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (base, version)
    );
    CREATE TABLE IF NOT EXISTS teacher_marks (
        class TEXT NOT NULL,
        student TEXT NOT NULL,
        mark REAL NOT NULL,
        PRIMARY KEY (class, student)
    )
    """,
    # 3: a rubric version's own fact sheet
    "ALTER TABLE rubric_versions ADD COLUMN facts_text TEXT NOT NULL DEFAULT ''",
    # 4: class mode: teachers own classes, students join one, drafts belong to a student's
    # account (NULL in personal mode), and marked class uploads are kept with their teacher
    # (NULL in personal mode) so they are reachable again after a restart
    """
    CREATE TABLE teachers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE classes (
        id INTEGER PRIMARY KEY,
        teacher_id INTEGER NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        UNIQUE (teacher_id, name)
    );
    CREATE TABLE students (
        id INTEGER PRIMARY KEY,
        class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        password TEXT NOT NULL,
        created TEXT NOT NULL,
        UNIQUE (class_id, name)
    );
    ALTER TABLE drafts ADD COLUMN student_id INTEGER REFERENCES students (id) ON DELETE CASCADE;
    CREATE INDEX drafts_by_account ON drafts (student_id, rubric, id);
    CREATE TABLE class_uploads (
        id TEXT PRIMARY KEY,
        teacher_id INTEGER REFERENCES teachers (id) ON DELETE CASCADE,
        rubric TEXT NOT NULL,
        files INTEGER NOT NULL,
        created TEXT NOT NULL
    );
    CREATE INDEX class_uploads_by_teacher ON class_uploads (teacher_id, created)
    """,
    # 5: a class's assignments, and the one draft each student hands in for one (deleting
    # the draft withdraws it)
    """
    CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        question TEXT NOT NULL,
        rubric TEXT NOT NULL,
        due TEXT,
        created TEXT NOT NULL
    );
    CREATE INDEX assignments_by_class ON assignments (class_id, id);
    CREATE TABLE submissions (
        assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
        student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
        draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        handed_in TEXT NOT NULL,
        PRIMARY KEY (assignment_id, student_id)
    )
    """,
    # 6: who viewed or changed marks, append-only: no row is ever changed or deleted (a
    # teacher's account or class deleted leaves its entries, which name no one's password)
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        teacher_id INTEGER,
        role TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL
    );
    CREATE INDEX audit_by_teacher ON audit (teacher_id, id);
    CREATE TRIGGER audit_is_not_changed BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_is_not_deleted BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    # 7: sign-in cards: 1 while a student's password is the one-time code on a card the
    # teacher printed, 2 once the code was used and a password of their own is due
    "ALTER TABLE students ADD COLUMN card INTEGER NOT NULL DEFAULT 0",
    # 8: an assignment's hand-ins marked as a class, and the marks released to each student
    # (with the total released, so that a mark changed later tells the student so)
    """
    CREATE TABLE assignment_marking (
        assignment_id INTEGER PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
        job TEXT NOT NULL
    );
    CREATE TABLE releases (
        assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
        student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
        released TEXT NOT NULL,
        total TEXT NOT NULL,
        PRIMARY KEY (assignment_id, student_id)
    )
    """,
    # 9: a teacher's comment bank, reused across classes (personal mode's: no teacher)
    """
    CREATE TABLE comment_bank (
        id INTEGER PRIMARY KEY,
        teacher_id INTEGER REFERENCES teachers (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE INDEX comment_bank_by_teacher ON comment_bank (teacher_id, id)
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration into whole statements (a trigger's body has semicolons of its own)."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending.strip())
    return found


class StoreError(RuntimeError):
    """The database cannot be used: made by a newer grader, or damaged."""


@dataclass(frozen=True)
class Draft:
    """One submitted draft: who, against which rubric, when, the text and its result."""

    id: int
    token: str  # the draft's address: unguessable, unlike its number
    student: str
    rubric: str
    created: str
    text: str
    result: dict[str, Any]
    student_id: int | None = None  # the student's account in class mode; None in personal mode

    @property
    def percent(self) -> float:
        """Return the draft's total as a percentage."""
        return float(self.result["total"]["percent"])


class DraftStore:
    """Drafts in `folder/grader.sqlite3`, one connection per thread."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / "grader.sqlite3"
        self._local = threading.local()
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path.name}: made by a newer grader (schema {version}); upgrade grader"
                )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                for statement in statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    def connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opened on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")  # acknowledged means on disk
            db.execute("PRAGMA foreign_keys = ON")  # SQLite checks them only when asked
            db.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left
            db.row_factory = sqlite3.Row
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run statements as one transaction: all of them, or none."""
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def add(
        self,
        student: str,
        rubric: str,
        text: str,
        result: dict[str, Any],
        student_id: int | None = None,
    ) -> Draft:
        """Keep a new draft and return it with its id, once it is committed."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        token = secrets.token_urlsafe(12)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO drafts (token, student, rubric, created, text, result, student_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    token,
                    student,
                    rubric,
                    created,
                    text,
                    json.dumps(result, ensure_ascii=False),
                    student_id,
                ),
            )
            draft_id = int(cursor.lastrowid or 0)
        return Draft(draft_id, token, student, rubric, created, text, result, student_id)

    def drafts(self, student: str, rubric: str, student_id: int | None = None) -> list[Draft]:
        """Return a student's drafts against one rubric, oldest first.

        With an account, its drafts; without, the typed name's drafts that have no account.
        """
        where, values = _owner(student, student_id)
        rows = self.connection().execute(
            f"SELECT * FROM drafts WHERE {where} AND rubric = ? ORDER BY id", (*values, rubric)
        )
        return [_draft(row) for row in rows]

    def get(self, token: str) -> Draft | None:
        """Return the draft at this address, or None when there is no such draft."""
        row = self.connection().execute("SELECT * FROM drafts WHERE token = ?", (token,))
        found = row.fetchone()
        return _draft(found) if found else None

    def all_of(self, student_id: int) -> list[Draft]:
        """Return every draft of a student's account, oldest first."""
        rows = self.connection().execute(
            "SELECT * FROM drafts WHERE student_id = ? ORDER BY id", (student_id,)
        )
        return [_draft(row) for row in rows]

    def get_id(self, draft_id: int) -> Draft | None:
        """Return the draft with this number, or None."""
        row = self.connection().execute("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        found = row.fetchone()
        return _draft(found) if found else None

    def delete(self, student: str, rubric: str, student_id: int | None = None) -> int:
        """Delete a student's drafts against one rubric; return how many there were."""
        where, values = _owner(student, student_id)
        with self.transaction() as db:
            cursor = db.execute(
                f"DELETE FROM drafts WHERE {where} AND rubric = ?", (*values, rubric)
            )
        self.forget_deleted()
        return int(cursor.rowcount)

    def forget_deleted(self) -> None:
        """Move the WAL into the database and empty it, so no copy of deleted rows is left."""
        self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def count(self) -> int:
        """Return how many drafts are kept."""
        return int(self.connection().execute("SELECT COUNT(*) FROM drafts").fetchone()[0])


@dataclass(frozen=True)
class RubricVersion:
    """A rubric a teacher saved from the rubric page: a short file extending its base."""

    name: str  # the file's name without .yaml: base-vN
    base: str
    version: int
    created: str
    note: str
    text: str
    facts_text: str = ""  # its own fact sheet, NAME.facts.yaml ("" when it has none)


class RubricVersions:
    """Saved rubric versions and teachers' marks, in the drafts' database."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store

    def add(
        self,
        base: str,
        note: str,
        text_for: Callable[[str], str],
        facts_for: Callable[[str], str] | None = None,
    ) -> RubricVersion:
        """Keep the next version of a base rubric; `text_for(name)` writes its file's text.

        `facts_for(name)` writes its own fact sheet's text, if it has one ("" if not).
        """
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._store.transaction() as db:
            version = self._next(db, base)
            name = f"{base}-v{version}"
            text = text_for(name)
            facts = facts_for(name) if facts_for is not None else ""
            db.execute(
                "INSERT INTO rubric_versions (name, base, version, created, note, text, "
                "facts_text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, base, version, created, note, text, facts),
            )
        return RubricVersion(name, base, version, created, note, text, facts)

    def next_name(self, base: str) -> str:
        """Name the version a base rubric's next save would be."""
        return f"{base}-v{self._next(self._store.connection(), base)}"

    @staticmethod
    def _next(db: sqlite3.Connection, base: str) -> int:
        """Return the number of a base rubric's next version."""
        row = db.execute(
            "SELECT COALESCE(MAX(version), 0) FROM rubric_versions WHERE base = ?", (base,)
        ).fetchone()
        return int(row[0]) + 1

    def all(self) -> list[RubricVersion]:
        """Return every saved version, oldest first."""
        rows = self._store.connection().execute(
            "SELECT * FROM rubric_versions ORDER BY base, version"
        )
        return [_version(row) for row in rows]

    def get(self, name: str) -> RubricVersion | None:
        """Return a saved version by name, or None."""
        row = (
            self._store.connection()
            .execute("SELECT * FROM rubric_versions WHERE name = ?", (name,))
            .fetchone()
        )
        return _version(row) if row else None

    def set_mark(self, job: str, student: str, mark: float | None) -> None:
        """Keep (or, with None, forget) a teacher's own mark for a student of a class."""
        with self._store.transaction() as db:
            if mark is None:
                db.execute(
                    "DELETE FROM teacher_marks WHERE class = ? AND student = ?", (job, student)
                )
            else:
                db.execute(
                    "INSERT INTO teacher_marks (class, student, mark) VALUES (?, ?, ?) "
                    "ON CONFLICT (class, student) DO UPDATE SET mark = excluded.mark",
                    (job, student, mark),
                )

    def marks(self, job: str) -> dict[str, float]:
        """Return a teacher's marks for a class, by student."""
        rows = self._store.connection().execute(
            "SELECT student, mark FROM teacher_marks WHERE class = ?", (job,)
        )
        return {str(r["student"]): float(r["mark"]) for r in rows}


def _version(row: sqlite3.Row) -> RubricVersion:
    """Rebuild a rubric version from its row."""
    return RubricVersion(
        str(row["name"]),
        str(row["base"]),
        int(row["version"]),
        str(row["created"]),
        str(row["note"]),
        str(row["text"]),
        str(row["facts_text"]),
    )


def _owner(student: str, student_id: int | None) -> tuple[str, tuple[object, ...]]:
    """Return the condition that picks one owner's drafts: an account, or a typed name."""
    if student_id is not None:
        return "student_id = ?", (student_id,)
    return "student = ? AND student_id IS NULL", (student,)


def _draft(row: sqlite3.Row) -> Draft:
    """Rebuild a draft from its row."""
    return Draft(
        int(row["id"]),
        str(row["token"]),
        str(row["student"]),
        str(row["rubric"]),
        str(row["created"]),
        str(row["text"]),
        json.loads(row["result"]),
        row["student_id"],
    )
