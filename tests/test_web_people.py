"""Accounts and the database they live in: `grader teachers add`, migrations, foreign keys."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from grader.web.audit import AuditLog, audit_csv
from grader.web.people import People
from grader.web.retention import purge_older_than
from grader.web.sessions import Who
from grader.web.store import SCHEMA_VERSION, DraftStore
from tests.conftest import ROOT

PASSWORD = "correct horse battery"


def add_teacher(
    data: Path, name: str, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    """Create a teacher's account with the command a school's administrator runs."""
    secret = data.parent / f"{name}.password"
    secret.write_text(password + "\n", encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "teachers",
            "add",
            name,
            "--password-file",
            str(secret),
            "--data",
            str(data),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_teachers_add_refuses_a_short_password_and_a_taken_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    short = add_teacher(data, "Ms Short", "short")
    assert short.returncode != 0 and "at least 8 characters" in short.stderr
    assert add_teacher(data, "Ms Rivera").returncode == 0
    taken = add_teacher(data, "ms rivera")
    assert taken.returncode != 0 and "already a teacher" in taken.stderr
    stored = sqlite3.connect(data / "grader.sqlite3").execute("SELECT password FROM teachers")
    assert [row[0].startswith("$argon2id$") for row in stored] == [True]


def test_a_database_of_the_last_schema_is_migrated_with_its_drafts(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "grader.sqlite3")
    old.executescript(
        """
        CREATE TABLE drafts (id INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL UNIQUE,
            student TEXT NOT NULL, rubric TEXT NOT NULL, created TEXT NOT NULL,
            text TEXT NOT NULL, result TEXT NOT NULL);
        CREATE TABLE rubric_versions (name TEXT PRIMARY KEY, base TEXT NOT NULL,
            version INTEGER NOT NULL, created TEXT NOT NULL, note TEXT NOT NULL,
            text TEXT NOT NULL, facts_text TEXT NOT NULL DEFAULT '', UNIQUE (base, version));
        CREATE TABLE teacher_marks (class TEXT NOT NULL, student TEXT NOT NULL,
            mark REAL NOT NULL, PRIMARY KEY (class, student));
        INSERT INTO drafts (token, student, rubric, created, text, result)
            VALUES ('tok', 'Ada', 'general-essay', '2026-01-01', 'An essay.', '{}');
        PRAGMA user_version = 3;
        """
    )
    old.close()
    store = DraftStore(tmp_path)
    kept = store.drafts("Ada", "general-essay")
    assert [(d.token, d.text, d.student_id) for d in kept] == [("tok", "An essay.", None)]
    db = store.connection()
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):  # a draft for no student's account
        store.add("Ghost", "general-essay", "Text.", {}, student_id=999)


def test_deleted_drafts_leave_no_copy_in_the_database_files(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    secret = "Maria Lopez's own sentence about the Kirov murder, 1 December 1934."
    kept = "Another student's essay, which stays."
    store.add("Maria", "general-essay", secret, {"text": secret, "total": {"percent": 50}})
    store.add("Ada", "general-essay", kept, {"text": kept, "total": {"percent": 60}})
    files = [tmp_path / "grader.sqlite3", tmp_path / "grader.sqlite3-wal"]
    written = b"".join(f.read_bytes() for f in files if f.exists())
    assert secret.encode() in written  # there to be deleted
    assert store.delete("Maria", "general-essay") == 1
    left = b"".join(f.read_bytes() for f in files if f.exists())
    assert secret.encode() not in left and b"Maria Lopez" not in left
    assert [d.text for d in store.drafts("Ada", "general-essay")] == [kept]


def test_the_retention_period_deletes_old_drafts_and_classes_with_their_files(
    tmp_path: Path,
) -> None:
    store = DraftStore(tmp_path)
    old = store.add("Ada", "general-essay", "A draft from last year.", {})
    new = store.add("Ada", "general-essay", "A draft from this week.", {})
    people = People(store)
    people.add_upload("oldclass", None, "general-essay", 1)
    people.add_upload("newclass", None, "general-essay", 1)
    for job in ("oldclass", "newclass"):
        (tmp_path / "classes" / job / "essays").mkdir(parents=True)
        (tmp_path / "classes" / job / "essays" / "Dan_Brown.txt").write_text("An essay.")
    with store.transaction() as db:  # as if written 400 days ago
        db.execute(
            "UPDATE drafts SET created = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old.id,)
        )
        db.execute("UPDATE class_uploads SET created = '2020-01-01' WHERE id = 'oldclass'")
    purged = purge_older_than(store, 365)
    assert (purged.drafts, purged.classes) == (1, 1)
    assert [d.token for d in store.drafts("Ada", "general-essay")] == [new.token]
    assert people.upload("oldclass") is None and people.upload("newclass") is not None
    assert not (tmp_path / "classes" / "oldclass").exists()
    assert (tmp_path / "classes" / "newclass" / "essays" / "Dan_Brown.txt").exists()
    files = [tmp_path / "grader.sqlite3", tmp_path / "grader.sqlite3-wal"]
    assert b"from last year" not in b"".join(f.read_bytes() for f in files if f.exists())


def test_the_audit_log_is_append_only_and_each_teacher_reads_their_own(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    people = People(store)
    rivera, okafor = people.add_teacher("Ms Rivera", PASSWORD), people.add_teacher("Mr O", PASSWORD)
    log = AuditLog(store)
    log.record(Who("teacher", rivera.id, rivera.name), "changed", "class 1: your marks Dan=7")
    log.record(Who("teacher", okafor.id, okafor.name), "viewed", "class 2: the overview")
    log.record(None, "viewed", "class 3: grades.csv")  # personal mode
    assert [e.target for e in log.entries(rivera.id)] == ["class 1: your marks Dan=7"]
    assert [e.who for e in log.entries(None)] == ["Ms Rivera", "Mr O", "this computer"]
    for statement in ("UPDATE audit SET target = 'nothing'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.transaction() as db:
            db.execute(statement)
    assert len(log.entries(None)) == 3
    assert audit_csv(log.entries(rivera.id)).splitlines()[0] == "at,role,who,action,what"
