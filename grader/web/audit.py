"""Who viewed or changed marks: an append-only log a teacher can download (migration 6).

Every teacher page that shows or changes marks records one entry: when, who (role and name),
what they did and to what. The table refuses updates and deletes itself (SQLite triggers), so
the log is only ever added to; a teacher downloads the entries about their own classes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from grader.web.store import DraftStore

if TYPE_CHECKING:
    from grader.web.sessions import Who
    from grader.web.site import Site

VIEWED, CHANGED, DELETED, DOWNLOADED = "viewed", "changed", "deleted", "downloaded"
MAX_TARGET = 500  # characters of what an entry is about


@dataclass(frozen=True)
class Entry:
    """One thing someone did to marks."""

    at: str
    role: str
    who: str
    action: str
    target: str


class AuditLog:
    """The append-only audit table."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store

    def record(self, who: Who | None, action: str, target: str) -> None:
        """Add an entry: a teacher's are theirs; personal mode's belong to this computer."""
        role, name = (who.role, who.name) if who else ("personal", "this computer")
        teacher = who.id if who and who.role == "teacher" else None
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO audit (at, teacher_id, role, who, action, target) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), teacher, role, name, action, target[:MAX_TARGET]),
            )

    def entries(self, teacher_id: int | None) -> list[Entry]:
        """Return a teacher's entries, oldest first (personal mode: every entry)."""
        query = "SELECT at, role, who, action, target FROM audit"
        rows = self._store.connection().execute(
            query + (" WHERE teacher_id = ? ORDER BY id" if teacher_id else " ORDER BY id"),
            (teacher_id,) if teacher_id else (),
        )
        return [Entry(*row) for row in rows]


def audit_csv(entries: list[Entry]) -> str:
    """Write entries as CSV: when, role, who, action, what."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "role", "who", "action", "what"])
    writer.writerows([e.at, e.role, e.who, e.action, e.target] for e in entries)
    return out.getvalue()


async def audit_download(site: Site, request: Request) -> Response:
    """Answer the teacher's own audit entries as audit.csv."""
    who = site.who(request)
    site.audit(request, DOWNLOADED, "the audit log")
    entries = site.audit_log.entries(who.id if who else None)
    return Response(
        audit_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="audit.csv"'},
    )


def _now() -> str:
    """Return the time now, to the second, in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")
