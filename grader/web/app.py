"""The web page: students check drafts and see them improve; teachers mark a class.

A thin room over the same pipeline: drafts are marked by grader/web/marking.py with the same
services, reports are the same view models and templates as `grader check --format html`
(the draft page extends essay.html), and a class is marked by the batch code of `grader mark`.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from grader.output.report.render import asset
from grader.web import classes, drafts, rubrics
from grader.web.marking import Marking
from grader.web.security import Guard, content_security_policy
from grader.web.site import MAX_CLASS, STATIC, Site
from grader.web.store import DraftStore

Handler = Callable[[Site, Request], Awaitable[Response]]
GET = None  # a page: Starlette answers GET and HEAD
# Every page's address, the handler that answers it, and the methods it takes.
ROUTES: tuple[tuple[str, Handler, list[str] | None], ...] = (
    ("/", drafts.student_page, GET),
    ("/check", drafts.check, ["POST"]),
    ("/drafts/{token}", drafts.draft_page, GET),
    ("/drafts/{token}/delete", drafts.delete_drafts, ["POST"]),
    ("/drafts/{token}/download", drafts.download_drafts, GET),
    ("/teacher", classes.teacher_page, GET),
    ("/teacher/classes", classes.start_class, ["POST"]),
    ("/teacher/classes/{job}", classes.class_page, GET),
    ("/teacher/classes/{job}/progress", classes.class_progress, GET),
    ("/teacher/classes/{job}/marks", classes.class_marks, ["POST"]),
    ("/teacher/classes/{job}/files/{name}", classes.class_file, GET),
    ("/teacher/classes/{job}/download", classes.class_download, GET),
    ("/teacher/rubrics/{name}", rubrics.rubric_page, GET),
    ("/teacher/rubrics/{name}", rubrics.rubric_post, ["POST"]),
    ("/teacher/rubrics/{name}/preview", rubrics.rubric_preview, ["POST"]),
    ("/teacher/rubrics/{name}/download", rubrics.rubric_download, GET),
    ("/teacher/rubrics/{name}/facts", rubrics.rubric_facts, GET),
)


def create_app(marking: Marking, store: DraftStore, password: str | None = None) -> Any:
    """Build the application: routes, limits and the security guard around them."""
    site = Site(marking, store)
    for problem in site.editor.load_saved():
        print(f"grader serve: {problem}", file=sys.stderr)
    app = Starlette(
        routes=[
            *(
                Route(path, partial(handler, site), methods=methods, name=handler.__name__)
                for path, handler, methods in ROUTES
            ),
            Route("/favicon.ico", lambda request: Response(status_code=204)),  # reports ask
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={HTTPException: partial(failed, site)},
    )
    policy = content_security_policy([asset("report.js"), asset("sort.js")])
    return Guard(app, policy, max_body=MAX_CLASS + 1_000_000, password=password)


async def failed(site: Site, request: Request, error: Exception) -> Response:
    """Answer a refused request: JSON for the scripts, else the error page."""
    assert isinstance(error, HTTPException)
    if request.url.path.endswith(("/progress", "/preview")):
        return JSONResponse({"error": error.detail}, status_code=error.status_code)
    return site.render(request, "error.html", status=error.status_code, message=error.detail)
