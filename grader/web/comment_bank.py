"""A teacher's comment bank: comments typed once and picked again on any student's review."""

from __future__ import annotations

from datetime import UTC, datetime

from grader.web.store import DraftStore

MAX_COMMENT = 2000


class CommentBank:
    """The comment_bank table (migration 9): each teacher's own comments."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store

    def add(self, teacher_id: int | None, text: str) -> None:
        """Keep a comment in the teacher's bank (once: the same words are not kept twice)."""
        text = text.strip()[:MAX_COMMENT]
        if not text or text in self.comments(teacher_id):
            return
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO comment_bank (teacher_id, text, created) VALUES (?, ?, ?)",
                (teacher_id, text, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def comments(self, teacher_id: int | None) -> list[str]:
        """Return a teacher's comments, oldest first."""
        rows = self._store.connection().execute(
            "SELECT text FROM comment_bank WHERE teacher_id IS ? ORDER BY id", (teacher_id,)
        )
        return [str(row["text"]) for row in rows]
