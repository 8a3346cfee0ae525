"""Class mode's account pages: sign in and out, join a class with its code, create a class."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.web.audit import CHANGED
from grader.web.people import PeopleError
from grader.web.sessions import Who, client_of, sign_in
from grader.web.site import Site, zip_download

FORM_LIMIT = 10_000
MAX_CARDS = 60  # sign-in cards printed at once: a class and then some


def _class_mode(site: Site) -> None:
    """Refuse an account page in personal mode, which has no accounts."""
    if not site.classes:
        raise HTTPException(404, "This page is personal: it has no accounts to sign in to.")


def _next_page(value: str, who: Who) -> str:
    """Return where to go after signing in: the page asked for, if it is one of ours."""
    home = "/teacher" if who.role == "teacher" else "/"
    if value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return home


async def signin_page(site: Site, request: Request) -> Response:
    _class_mode(site)
    return site.render(
        request, "signin.html", next=request.query_params.get("next", "")[:300], problem=""
    )


async def signin(site: Site, request: Request) -> Response:
    _class_mode(site)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    code = "".join(str(form.get("code", "")).split()).upper()
    key, client = f"{code}/{' '.join(name.split())}", client_of(request)
    site.limiter.check(key, client)
    who: Who | None = None
    student = None
    if code:
        student = await asyncio.to_thread(site.people.sign_in_student, code, name, password)
        who = (
            Who("student", student.id, student.name, student.class_id, student.stamp)
            if student
            else None
        )
    else:
        teacher = await asyncio.to_thread(site.people.sign_in_teacher, name, password)
        who = Who("teacher", teacher.id, teacher.name, stamp=teacher.stamp) if teacher else None
    if who is None:
        site.limiter.failed(key, client)
        problem = "That name and password do not match" + (
            " in the class with that code." if code else " a teacher's account."
        )
        next_page = str(form.get("next", ""))[:300]
        return site.render(request, "signin.html", status=401, next=next_page, problem=problem)
    site.limiter.succeeded(key, client)
    sign_in(request, who)
    if who.role == "student" and student is not None and student.must_choose:
        return RedirectResponse("/password", status_code=303)
    return RedirectResponse(_next_page(str(form.get("next", "")), who), status_code=303)


async def signout(site: Site, request: Request) -> Response:
    _class_mode(site)
    await site.read_form(request, FORM_LIMIT, files=0)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)


async def join_page(site: Site, request: Request) -> Response:
    _class_mode(site)
    code = request.query_params.get("code", "")[:20]
    return site.render(request, "join.html", code=code, name="", problem="")


async def join(site: Site, request: Request) -> Response:
    _class_mode(site)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    code, name = str(form.get("code", ""))[:20], str(form.get("name", ""))[:200]
    password = str(form.get("password", ""))
    client = client_of(request)
    site.limiter.check("join", client)  # guessing codes is guessing passwords
    joined = site.people.class_by_code(code)
    problem = ""
    if joined is None:
        site.limiter.failed("join", client)
        problem = "No class has that code: check it with your teacher."
    elif password != str(form.get("again", "")):
        problem = "The two passwords differ: type the same one twice."
    else:
        try:
            student = await asyncio.to_thread(site.people.add_student, joined.id, name, password)
        except PeopleError as error:
            problem = str(error)
        else:
            who = Who("student", student.id, student.name, student.class_id, student.stamp)
            sign_in(request, who)
            return RedirectResponse("/", status_code=303)
    return site.render(request, "join.html", status=422, code=code, name=name, problem=problem)


async def export_own(site: Site, request: Request) -> Response:
    student = site.student(request)
    if student is None:
        raise HTTPException(404, "This page is personal: its drafts are under Download my drafts.")
    drafts = site.store.all_of(student.id)
    entries: list[tuple[str, str | Path]] = [
        ("account.json", _json({"name": student.name, "drafts": len(drafts)}))
    ]
    for number, draft in enumerate(drafts, start=1):
        entries.append((f"{number:03d}-{draft.rubric}.txt", draft.text))
        entries.append((f"{number:03d}-{draft.rubric}.json", _json(draft.result)))
    return zip_download(entries, "my-grader-data.zip")


async def delete_own(site: Site, request: Request) -> Response:
    student = site.student(request)
    if student is None:
        raise HTTPException(404, "This page is personal: it has no account to delete.")
    form = await site.read_form(request, FORM_LIMIT, files=0)
    if form.get("confirm") != "delete":
        raise HTTPException(400, "Tick the box to say you mean to delete everything.")
    tokens = {d.token for d in site.store.all_of(student.id)}
    site.people.delete_student(student.id)
    for token in tokens & set(site.recent):
        site.recent.pop(token)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)


def _json(data: object) -> str:
    """Write data as readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


async def new_class(site: Site, request: Request) -> Response:
    _class_mode(site)
    teacher = site.teacher_id(request)
    assert teacher is not None  # class mode always has one here
    form = await site.read_form(request, FORM_LIMIT, files=0)
    try:
        site.people.add_class(teacher, str(form.get("name", "")))
    except PeopleError as error:
        raise HTTPException(422, str(error)) from error
    return RedirectResponse("/teacher#classes", status_code=303)


async def password_page(site: Site, request: Request) -> Response:
    _class_mode(site)
    return site.render(request, "password.html", problem="", first=_first(site, request))


async def choose_password(site: Site, request: Request) -> Response:
    _class_mode(site)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    who = site.who(request)
    assert who is not None  # the route's role is student
    password = str(form.get("password", ""))
    problem = ""
    if password != str(form.get("again", "")):
        problem = "The two passwords differ: type the same one twice."
    else:
        try:
            stamp = await asyncio.to_thread(site.people.set_password, who.id, password)
        except PeopleError as error:
            problem = str(error)
        else:
            sign_in(request, replace(who, stamp=stamp))  # this session goes on; others end
            return RedirectResponse("/", status_code=303)
    first = _first(site, request)
    return site.render(request, "password.html", status=422, problem=problem, first=first)


def _first(site: Site, request: Request) -> bool:
    """Tell whether the student signed in with a card and has no password yet."""
    who = site.who(request)
    return who is not None and site.people.must_choose_password(who.id)


async def print_cards(site: Site, request: Request) -> Response:
    group = site.own_roster(request)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    names = [line for line in str(form.get("names", "")).splitlines() if line.strip()]
    if not names or len(names) > MAX_CARDS:
        raise HTTPException(400, f"Give the students' names, one a line (at most {MAX_CARDS}).")
    try:
        cards = [
            await asyncio.to_thread(site.people.card_student, group.id, name) for name in names
        ]
    except PeopleError as error:
        raise HTTPException(422, str(error)) from error
    site.audit(request, CHANGED, f"class {group.name}: sign-in cards for {len(cards)} students")
    return site.render(request, "cards.html", group=group, cards=cards)
