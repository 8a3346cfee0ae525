"""The retention period: drafts and class files older than it are deleted, leaving no copy."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from grader.web.store import DraftStore

SCHOOL_YEAR_DAYS = 365


@dataclass(frozen=True)
class Purged:
    """What a purge deleted."""

    drafts: int
    classes: int


def purge_older_than(store: DraftStore, days: int) -> Purged:
    """Delete drafts and class uploads (rows, marks and files) older than `days` days."""
    cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with store.transaction() as db:
        drafts = db.execute("DELETE FROM drafts WHERE created < ?", (cutoff,)).rowcount
        old = [
            str(row[0])
            for row in db.execute("SELECT id FROM class_uploads WHERE created < ?", (cutoff,))
        ]
        for job in old:
            db.execute("DELETE FROM teacher_marks WHERE class = ?", (job,))
            db.execute("DELETE FROM class_uploads WHERE id = ?", (job,))
    for job in old:  # after the commit: a failed transaction leaves the files reachable
        shutil.rmtree(store.folder / "classes" / job, ignore_errors=True)
    store.forget_deleted()
    return Purged(int(drafts), len(old))
