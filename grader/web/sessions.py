"""Who is signed in, and what each role may open: the checks every route of class mode passes.

The session is Starlette's SessionMiddleware (a cookie signed with itsdangerous, HttpOnly,
SameSite=lax, Secure under TLS) holding only the role, the account's id and a stamp of its
password's hash; the account is read back from the database on every request, so a deleted
account, or one whose password was set anew (a reprinted card), signs its sessions out.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.web.people import People

Role = Literal["teacher", "student"]
SESSION_COOKIE = "grader_session"
SESSION_DAYS = 14
KEY_FILE = "session.key"
FAILURES_ALLOWED = 5
FAILURE_WINDOW = 15 * 60  # seconds


@dataclass(frozen=True)
class Who:
    """The account signed in: its role, id and name (and a student's class)."""

    role: Role
    id: int
    name: str
    class_id: int | None = None
    stamp: str = ""  # the password's stamp when the session began (people.stamp_of)


def session_key(folder: Path) -> str:
    """Return the key that signs session cookies: made once, kept in the data folder (0600)."""
    path = folder / KEY_FILE
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def signed_in(people: People, request: Request) -> Who | None:
    """Return the account this request's session names, if it still exists."""
    role, number = request.session.get("role"), request.session.get("id")
    if not isinstance(number, int):
        return None
    who = None
    if role == "teacher" and (teacher := people.teacher(number)):
        who = Who("teacher", teacher.id, teacher.name, stamp=teacher.stamp)
    if role == "student" and (student := people.student(number)):
        who = Who("student", student.id, student.name, student.class_id, student.stamp)
    # A password set since the session began (a new card, a new password) ends the session.
    return who if who is not None and request.session.get("stamp") == who.stamp else None


def sign_in(request: Request, who: Who) -> None:
    """Start a new session for an account (a fresh one: nothing of the old session is kept)."""
    request.session.clear()
    request.session.update({"role": who.role, "id": who.id, "stamp": who.stamp})


class SignInLimiter:
    """Count failed sign-ins per name and client; refuse more than 5 in 15 minutes."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, window: float = FAILURE_WINDOW) -> None:
        self.allowed = allowed
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()  # handlers' threads and the event loop share it

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        """Return a key's failures within the window, forgetting older ones (and empty keys)."""
        times = self._failures.get(key, deque())
        while times and times[0] < time.monotonic() - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)  # names tried once do not pile up
        return times

    def check(self, name: str, client: str) -> None:
        """Refuse (429) a name and client that failed too often lately."""
        with self._lock:
            if len(self._recent((name.casefold(), client))) >= self.allowed:
                raise HTTPException(
                    429, "Too many wrong passwords: wait 15 minutes, or ask your teacher."
                )

    def failed(self, name: str, client: str) -> None:
        """Count one failed attempt."""
        key = (name.casefold(), client)
        with self._lock:
            self._failures[key] = self._recent(key)
            self._failures[key].append(time.monotonic())

    def succeeded(self, name: str, client: str) -> None:
        """Forget a name and client's failures."""
        with self._lock:
            self._failures.pop((name.casefold(), client), None)


def client_of(request: Request) -> str:
    """Return the address a request came from."""
    return request.client.host if request.client else "unknown"


def refused(request: Request, who: Who | None, role: Role) -> Response | None:
    """Return the answer to a request its account may not make, or None when it may."""
    if who is None:
        if request.method in {"GET", "HEAD"}:
            return RedirectResponse(f"/signin?next={quote(request.url.path)}", status_code=303)
        raise HTTPException(403, "Sign in first: your session has ended.")
    if who.role == role:
        return None
    if who.role == "teacher" and request.url.path == "/":
        return RedirectResponse("/teacher", status_code=303)
    raise HTTPException(403, f"This page is for {role}s only.")
