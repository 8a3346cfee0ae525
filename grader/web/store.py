"""Students' drafts in one SQLite file under --data: versioned schema, every write a transaction.

A draft is kept with its result in the JSON output contract (grader/results.py), so a later
draft is compared with it without marking the earlier one again. SQLite in WAL mode with full
sync: a draft the page has acknowledged is on disk, even if the server is killed a moment later.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    student TEXT NOT NULL,
    rubric TEXT NOT NULL,
    created TEXT NOT NULL,
    text TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_by_student ON drafts (student, rubric, id);
"""


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

    @property
    def percent(self) -> float:
        """Return the draft's total as a percentage."""
        return float(self.result["total"]["percent"])


class DraftStore:
    """Drafts in `folder/grader.sqlite3`, one connection per thread."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "grader.sqlite3"
        self._local = threading.local()
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: made by a newer grader (schema {version}); upgrade grader"
                )
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opened on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")  # acknowledged means on disk
            db.row_factory = sqlite3.Row
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Run statements as one transaction: all of them, or none."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def add(self, student: str, rubric: str, text: str, result: dict[str, Any]) -> Draft:
        """Keep a new draft and return it with its id, once it is committed."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        token = secrets.token_urlsafe(12)
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO drafts (token, student, rubric, created, text, result) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (token, student, rubric, created, text, json.dumps(result, ensure_ascii=False)),
            )
            draft_id = int(cursor.lastrowid or 0)
        return Draft(draft_id, token, student, rubric, created, text, result)

    def drafts(self, student: str, rubric: str) -> list[Draft]:
        """Return a student's drafts against one rubric, oldest first."""
        rows = self._connection().execute(
            "SELECT * FROM drafts WHERE student = ? AND rubric = ? ORDER BY id", (student, rubric)
        )
        return [_draft(row) for row in rows]

    def get(self, token: str) -> Draft | None:
        """Return the draft at this address, or None when there is no such draft."""
        row = self._connection().execute("SELECT * FROM drafts WHERE token = ?", (token,))
        found = row.fetchone()
        return _draft(found) if found else None

    def delete(self, student: str, rubric: str) -> int:
        """Delete a student's drafts against one rubric; return how many there were."""
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM drafts WHERE student = ? AND rubric = ?", (student, rubric)
            )
            return int(cursor.rowcount)

    def count(self) -> int:
        """Return how many drafts are kept."""
        return int(self._connection().execute("SELECT COUNT(*) FROM drafts").fetchone()[0])


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
    )
