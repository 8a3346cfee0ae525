"""Teachers, their classes, the students who joined them, and the classes they uploaded.

Kept in the drafts' SQLite file (tables of migration 4 in store.py). Passwords are hashed with
argon2id (argon2-cffi's defaults): a stolen database file does not give them away.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from grader.web.store import DraftStore

MIN_PASSWORD = 8
MAX_PERSON_NAME = 80
# A join code is read aloud and typed by children: no 0/O or 1/I/L to mix up.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_LENGTH = 8  # 31^8: about 8.5e11 codes, and join attempts are rate-limited
HASHER = PasswordHasher()  # thread-safe: it holds only its parameters
# Verified when a name is unknown, so that an unknown name takes as long as a wrong password.
UNKNOWN = HASHER.hash(secrets.token_urlsafe(16))


class PeopleError(ValueError):
    """A name already taken, a password too short, a join code that opens no class."""


@dataclass(frozen=True)
class Teacher:
    """A teacher's account."""

    id: int
    name: str
    stamp: str = ""  # changes with the password: a session made before a new one ends


@dataclass(frozen=True)
class SchoolClass:
    """A teacher's class: students join it with its code."""

    id: int
    teacher_id: int
    name: str
    join_code: str
    students: int = 0


@dataclass(frozen=True)
class Student:
    """A student's account, in one class."""

    id: int
    class_id: int
    name: str
    must_choose: bool = False  # signed in with a card's code: a password of their own is due
    stamp: str = ""  # changes with the password: a session made before a new one ends


@dataclass(frozen=True)
class Upload:
    """A class of essays a teacher uploaded and had marked."""

    id: str
    teacher_id: int | None
    rubric: str
    files: int
    created: str


def stamp_of(hashed: str) -> str:
    """Return a short digest of a password's hash (salted: it changes at every new password)."""
    return hashlib.sha256(hashed.encode("utf-8")).hexdigest()[:16]


def checked_name(name: str, what: str) -> str:
    """Return a person's or class's name with its spaces tidied, or refuse an empty or long one."""
    tidy = " ".join(name.split())
    if not tidy or len(tidy) > MAX_PERSON_NAME:
        raise PeopleError(f"Give {what} of 1 to {MAX_PERSON_NAME} characters.")
    return tidy


def password_hash(password: str) -> str:
    """Hash a new password, or refuse one too short to be safe."""
    if len(password) < MIN_PASSWORD:
        raise PeopleError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    return HASHER.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Tell whether a password matches its hash (checking a dummy one when there is none)."""
    try:
        return HASHER.verify(stored or UNKNOWN, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _now() -> str:
    """Return the time now, as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class People:
    """Accounts, classes and class uploads, in the drafts' database."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store

    def _db(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        return self._store.connection()

    def add_teacher(self, name: str, password: str) -> Teacher:
        """Create a teacher's account, or refuse a name already taken."""
        name = checked_name(name, "the teacher a name")
        hashed = password_hash(password)
        try:
            with self._store.transaction() as db:
                cursor = db.execute(
                    "INSERT INTO teachers (name, password, created) VALUES (?, ?, ?)",
                    (name, hashed, _now()),
                )
        except sqlite3.IntegrityError:
            raise PeopleError(f"There is already a teacher called {name!r}.") from None
        return Teacher(int(cursor.lastrowid or 0), name, stamp_of(hashed))

    def teacher_count(self) -> int:
        """Return how many teachers have an account."""
        return int(self._db().execute("SELECT COUNT(*) FROM teachers").fetchone()[0])

    def teacher(self, teacher_id: int) -> Teacher | None:
        """Return a teacher by id, or None when the account is gone."""
        row = self._db().execute(
            "SELECT id, name, password FROM teachers WHERE id = ?", (teacher_id,)
        )
        found = row.fetchone()
        if not found:
            return None
        return Teacher(int(found["id"]), str(found["name"]), stamp_of(found["password"]))

    def sign_in_teacher(self, name: str, password: str) -> Teacher | None:
        """Return the teacher whose name and password these are, or None."""
        row = self._db().execute(
            "SELECT id, name, password FROM teachers WHERE name = ?", (" ".join(name.split()),)
        )
        found = row.fetchone()
        if not password_matches(found["password"] if found else None, password) or not found:
            return None
        return Teacher(int(found["id"]), str(found["name"]), stamp_of(found["password"]))

    def add_class(self, teacher_id: int, name: str) -> SchoolClass:
        """Create a class for a teacher, with a new join code."""
        name = checked_name(name, "the class a name")
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        try:
            with self._store.transaction() as db:
                cursor = db.execute(
                    "INSERT INTO classes (teacher_id, name, join_code, created) "
                    "VALUES (?, ?, ?, ?)",
                    (teacher_id, name, code, _now()),
                )
        except sqlite3.IntegrityError:
            raise PeopleError(f"You already have a class called {name!r}.") from None
        return SchoolClass(int(cursor.lastrowid or 0), teacher_id, name, code)

    def classes_of(self, teacher_id: int) -> list[SchoolClass]:
        """Return a teacher's own classes, with how many students joined each."""
        rows = self._db().execute(
            "SELECT c.id, c.teacher_id, c.name, c.join_code, COUNT(s.id) AS students "
            "FROM classes c LEFT JOIN students s ON s.class_id = c.id "
            "WHERE c.teacher_id = ? GROUP BY c.id ORDER BY c.name",
            (teacher_id,),
        )
        return [
            SchoolClass(
                int(r["id"]),
                int(r["teacher_id"]),
                str(r["name"]),
                str(r["join_code"]),
                int(r["students"]),
            )
            for r in rows
        ]

    def school_class(self, class_id: int) -> SchoolClass | None:
        """Return a class by id, or None."""
        row = self._db().execute(
            "SELECT id, teacher_id, name, join_code FROM classes WHERE id = ?", (class_id,)
        )
        found = row.fetchone()
        if found is None:
            return None
        return SchoolClass(
            int(found["id"]), int(found["teacher_id"]), str(found["name"]), str(found["join_code"])
        )

    def delete_class(self, class_id: int) -> None:
        """Delete a class with its students, their drafts, its assignments and hand-ins."""
        with self._store.transaction() as db:
            db.execute("DELETE FROM classes WHERE id = ?", (class_id,))  # cascades
        self._store.forget_deleted()

    def delete_upload(self, job_id: str) -> None:
        """Forget a class upload and the teacher's marks typed on it."""
        with self._store.transaction() as db:
            db.execute("DELETE FROM teacher_marks WHERE class = ?", (job_id,))
            db.execute("DELETE FROM class_uploads WHERE id = ?", (job_id,))
        self._store.forget_deleted()

    def class_by_code(self, code: str) -> SchoolClass | None:
        """Return the class a join code opens, or None."""
        row = self._db().execute(
            "SELECT id, teacher_id, name, join_code FROM classes WHERE join_code = ?",
            ("".join(code.split()).upper(),),
        )
        found = row.fetchone()
        if found is None:
            return None
        return SchoolClass(
            int(found["id"]), int(found["teacher_id"]), str(found["name"]), str(found["join_code"])
        )

    def add_student(self, class_id: int, name: str, password: str) -> Student:
        """Create a student's account in a class, or refuse a name already taken there."""
        name = checked_name(name, "your name")
        hashed = password_hash(password)
        try:
            with self._store.transaction() as db:
                cursor = db.execute(
                    "INSERT INTO students (class_id, name, password, created) VALUES (?, ?, ?, ?)",
                    (class_id, name, hashed, _now()),
                )
        except sqlite3.IntegrityError:
            raise PeopleError(
                f"Someone in this class is already called {name!r}: sign in, or add your "
                "surname's first letter."
            ) from None
        return Student(int(cursor.lastrowid or 0), class_id, name, stamp=stamp_of(hashed))

    def student(self, student_id: int) -> Student | None:
        """Return a student by id, or None when the account is gone."""
        row = self._db().execute(
            "SELECT id, class_id, name, password FROM students WHERE id = ?", (student_id,)
        )
        found = row.fetchone()
        if not found:
            return None
        stamp = stamp_of(found["password"])
        return Student(int(found["id"]), int(found["class_id"]), str(found["name"]), stamp=stamp)

    def delete_student(self, student_id: int) -> None:
        """Delete a student's account with their drafts and hand-ins, leaving no copy."""
        with self._store.transaction() as db:
            db.execute("DELETE FROM students WHERE id = ?", (student_id,))  # cascades
        self._store.forget_deleted()

    def sign_in_student(self, code: str, name: str, password: str) -> Student | None:
        """Return the student of this class whose name and password these are, or None.

        A sign-in card's code works once: it is replaced at once by a secret no one knows,
        and the student chooses a password of their own (`must_choose`).
        """
        joined = self.class_by_code(code)
        row = self._db().execute(
            "SELECT id, class_id, name, password, card FROM students "
            "WHERE class_id = ? AND name = ?",
            (joined.id if joined else -1, " ".join(name.split())),
        )
        found = row.fetchone()
        if not password_matches(found["password"] if found else None, password) or not found:
            return None
        hashed = str(found["password"])
        if found["card"] == 1:
            hashed = HASHER.hash(secrets.token_urlsafe(24))
            with self._store.transaction() as db:
                db.execute(
                    "UPDATE students SET password = ?, card = 2 WHERE id = ?", (hashed, found["id"])
                )
        return Student(
            int(found["id"]),
            int(found["class_id"]),
            str(found["name"]),
            found["card"] != 0,
            stamp_of(hashed),
        )

    def card_student(self, class_id: int, name: str) -> tuple[Student, str]:
        """Give a student (new, or one who forgot) a sign-in card: a code that works once."""
        name = checked_name(name, "each name")
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        hashed = HASHER.hash(code)
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO students (class_id, name, password, created, card) "
                "VALUES (?, ?, ?, ?, 1) ON CONFLICT (class_id, name) "
                "DO UPDATE SET password = excluded.password, card = 1",
                (class_id, name, hashed, _now()),
            )
            found = db.execute(
                "SELECT id FROM students WHERE class_id = ? AND name = ?", (class_id, name)
            ).fetchone()
        return Student(int(found["id"]), class_id, name), code

    def set_password(self, student_id: int, password: str) -> str:
        """Set a student's own password (after a card's code, or to change it); return its stamp."""
        hashed = password_hash(password)
        with self._store.transaction() as db:
            db.execute(
                "UPDATE students SET password = ?, card = 0 WHERE id = ?", (hashed, student_id)
            )
        return stamp_of(hashed)

    def must_choose_password(self, student_id: int) -> bool:
        """Tell whether a student signed in with a card and has no password of their own yet."""
        row = self._db().execute("SELECT card FROM students WHERE id = ?", (student_id,))
        found = row.fetchone()
        return bool(found and found["card"] == 2)

    def add_upload(self, job_id: str, teacher_id: int | None, rubric: str, files: int) -> None:
        """Keep a class upload with its teacher, so it is found again after a restart."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO class_uploads (id, teacher_id, rubric, files, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (job_id, teacher_id, rubric, files, _now()),
            )

    def upload(self, job_id: str) -> Upload | None:
        """Return a class upload by its id, or None."""
        row = self._db().execute("SELECT * FROM class_uploads WHERE id = ?", (job_id,))
        found = row.fetchone()
        return _upload(found) if found else None

    def uploads_of(self, teacher_id: int | None) -> list[Upload]:
        """Return a teacher's class uploads (personal mode's with None), newest first."""
        rows = self._db().execute(
            "SELECT * FROM class_uploads WHERE teacher_id IS ? ORDER BY created DESC, id",
            (teacher_id,),
        )
        return [_upload(r) for r in rows]


def _upload(row: sqlite3.Row) -> Upload:
    """Rebuild a class upload from its row."""
    teacher = row["teacher_id"]
    return Upload(
        str(row["id"]),
        int(teacher) if teacher is not None else None,
        str(row["rubric"]),
        int(row["files"]),
        str(row["created"]),
    )
