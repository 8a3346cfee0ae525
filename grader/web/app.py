"""The web page: students check drafts and see them improve; teachers mark a class.

A thin room over the same pipeline: drafts are marked by grader/web/marking.py with the same
services, reports are the same view models and templates as `grader check --format html`
(the draft page extends essay.html), and a class is marked by the batch code of `grader mark`.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from grader.output.report.render import asset
from grader.web import (
    accounts,
    assignments,
    audit,
    classes,
    dismissals,
    drafts,
    release,
    review,
    rubrics,
)
from grader.web.marking import Marking
from grader.web.security import Guard, content_security_policy
from grader.web.sessions import SESSION_COOKIE, SESSION_DAYS, Role, refused, session_key
from grader.web.site import MAX_CLASS, STATIC, Site
from grader.web.store import DraftStore

Handler = Callable[[Site, Request], Awaitable[Response]]
GET = None  # a page: Starlette answers GET and HEAD
ANYONE: Role | None = None  # the sign-in and join pages
STUDENT: Role = "student"
TEACHER: Role = "teacher"
# Every page's address, the handler that answers it, the methods it takes, and who may ask in
# class mode (personal mode has no accounts: everything is this one person's).
ROUTES: tuple[tuple[str, Handler, list[str] | None, Role | None], ...] = (
    ("/", drafts.student_page, GET, STUDENT),
    ("/check", drafts.check, ["POST"], STUDENT),
    ("/drafts/{token}", drafts.draft_page, GET, STUDENT),
    ("/drafts/{token}/delete", drafts.delete_drafts, ["POST"], STUDENT),
    ("/drafts/{token}/download", drafts.download_drafts, GET, STUDENT),
    ("/assignments/{assignment:int}", assignments.student_assignment, GET, STUDENT),
    ("/assignments/{assignment:int}/hand-in", assignments.hand_in, ["POST"], STUDENT),
    ("/assignments/{assignment:int}/feedback", release.student_feedback, GET, STUDENT),
    ("/account/download", accounts.export_own, GET, STUDENT),
    ("/account/delete", accounts.delete_own, ["POST"], STUDENT),
    ("/password", accounts.password_page, GET, STUDENT),
    ("/password", accounts.choose_password, ["POST"], STUDENT),
    ("/signin", accounts.signin_page, GET, ANYONE),
    ("/signin", accounts.signin, ["POST"], ANYONE),
    ("/signout", accounts.signout, ["POST"], ANYONE),
    ("/join", accounts.join_page, GET, ANYONE),
    ("/join", accounts.join, ["POST"], ANYONE),
    ("/teacher", classes.teacher_page, GET, TEACHER),
    ("/teacher/rosters", accounts.new_class, ["POST"], TEACHER),
    ("/teacher/rosters/{class_id:int}", assignments.roster_page, GET, TEACHER),
    ("/teacher/rosters/{class_id:int}/assignments", assignments.add_assignment, ["POST"], TEACHER),
    ("/teacher/rosters/{class_id:int}/delete", assignments.delete_roster, ["POST"], TEACHER),
    ("/teacher/rosters/{class_id:int}/cards", accounts.print_cards, ["POST"], TEACHER),
    ("/teacher/assignments/{assignment:int}", assignments.assignment_report, GET, TEACHER),
    ("/teacher/assignments/{assignment:int}/mark", assignments.mark_handed_in, ["POST"], TEACHER),
    ("/teacher/assignments/{assignment:int}/release", release.release_marks, ["POST"], TEACHER),
    (
        "/teacher/assignments/{assignment:int}/students/{student:int}",
        assignments.handed_in_draft,
        GET,
        TEACHER,
    ),
    ("/teacher/audit.csv", audit.audit_download, GET, TEACHER),
    ("/teacher/dismissals", dismissals.dismissals_page, GET, TEACHER),
    ("/teacher/dismissals/off", dismissals.turn_off, ["POST"], TEACHER),
    (
        "/teacher/assignments/{assignment:int}/students/{student:int}/drafts",
        assignments.student_progress,
        GET,
        TEACHER,
    ),
    ("/teacher/classes", classes.start_class, ["POST"], TEACHER),
    ("/teacher/classes/{job}", classes.class_page, GET, TEACHER),
    ("/teacher/classes/{job}/progress", classes.class_progress, GET, TEACHER),
    ("/teacher/classes/{job}/marks", classes.class_marks, ["POST"], TEACHER),
    ("/teacher/classes/{job}/files/{name}", classes.class_file, GET, TEACHER),
    ("/teacher/classes/{job}/download", classes.class_download, GET, TEACHER),
    ("/teacher/classes/{job}/delete", classes.class_delete, ["POST"], TEACHER),
    ("/teacher/classes/{job}/review/{student}", review.review_page, GET, TEACHER),
    ("/teacher/classes/{job}/review/{student}", review.review_post, ["POST"], TEACHER),
    ("/teacher/rubrics/{name}", rubrics.rubric_page, GET, TEACHER),
    ("/teacher/rubrics/{name}", rubrics.rubric_post, ["POST"], TEACHER),
    ("/teacher/rubrics/{name}/preview", rubrics.rubric_preview, ["POST"], TEACHER),
    ("/teacher/rubrics/{name}/download", rubrics.rubric_download, GET, TEACHER),
    ("/teacher/rubrics/{name}/facts", rubrics.rubric_facts, GET, TEACHER),
)


def create_app(
    marking: Marking,
    store: DraftStore,
    classes: bool = False,
    allowed_hosts: Sequence[str] = ("localhost", "127.0.0.1"),
    https: bool = False,
) -> Any:
    """Build the application: routes, sessions, limits, the host check and the guard."""
    site = Site(marking, store, classes=classes)
    for problem in site.editor.load_saved():
        print(f"grader serve: {problem}", file=sys.stderr)
    sessions = [
        Middleware(
            SessionMiddleware,
            secret_key=session_key(store.folder),
            session_cookie=SESSION_COOKIE,
            max_age=SESSION_DAYS * 24 * 3600,
            same_site="lax",
            https_only=https,
        )
    ]
    app = Starlette(
        routes=[
            *(
                Route(
                    path,
                    partial(guarded, site, role, handler),
                    methods=methods,
                    name=f"{handler.__name__}",
                )
                for path, handler, methods, role in ROUTES
            ),
            Route("/favicon.ico", lambda request: Response(status_code=204)),  # reports ask
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=sessions if classes else [],
        exception_handlers={HTTPException: partial(failed, site)},
    )
    policy = content_security_policy([asset("report.js"), asset("sort.js")])
    guard = Guard(app, policy, max_body=MAX_CLASS + 1_000_000)
    # Outermost: a request for another name (DNS rebinding) is refused before anything else.
    return TrustedHostMiddleware(guard, allowed_hosts=list(allowed_hosts), www_redirect=False)


async def guarded(site: Site, role: Role | None, handler: Handler, request: Request) -> Response:
    """Answer a request if, in class mode, the account signed in has the route's role."""
    if site.classes and role is not None:
        refusal = refused(request, site.who(request), role)
        if refusal is not None:
            return refusal
    return await handler(site, request)


async def failed(site: Site, request: Request, error: Exception) -> Response:
    """Answer a refused request: JSON for the scripts, else the error page."""
    assert isinstance(error, HTTPException)
    if request.url.path.endswith(("/progress", "/preview")):
        return JSONResponse({"error": error.detail}, status_code=error.status_code)
    return site.render(request, "error.html", status=error.status_code, message=error.detail)
