"""The students' pages: check a draft, see it beside the earlier ones, delete or download them."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.io.reading import ESSAY_SUFFIXES, READS
from grader.output.report.model import essay_page
from grader.output.report.render import asset, today
from grader.output.results import result_to_dict
from grader.web.changes import compare
from grader.web.coursework import Assignment
from grader.web.site import MAX_NAME, MAX_UPLOAD, Site, plain_name, zip_download
from grader.web.views import DraftView, history, rubric_options


async def student_page(site: Site, request: Request) -> Response:
    account = site.student(request)
    student = account.name if account else request.query_params.get("student", "")[:MAX_NAME]
    chosen = request.query_params.get("rubric", "")
    options = rubric_options(site.titles, chosen)
    rubric = next((o.name for o in options if o.selected), "")
    owner = account.id if account else None
    drafts = site.store.drafts(student, rubric, owner) if student else []
    points, _ = history(drafts, "")
    return site.render(
        request,
        "student.html",
        student=student,
        rubrics=options,
        drafts=points,
        deleted=request.query_params.get("deleted", ""),
        reads=READS,
        assignments=site.coursework.of_class(account.class_id or 0) if account else [],
    )


async def check(site: Site, request: Request) -> Response:
    account = site.student(request)
    form = await site.read_form(request, MAX_UPLOAD, files=1)
    student = account.name if account else " ".join(str(form.get("student", "")).split())
    student = student[:MAX_NAME]
    if not student:
        raise HTTPException(400, "Type your name, so your drafts are kept together.")
    rubric = site.rubric_named(str(form.get("rubric", "")))
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        suffix = essay_suffix(upload.filename)
        data = await upload.read()
    else:
        data, suffix = str(form.get("text", "")).encode("utf-8"), ".txt"
    result = await site.mark(data, suffix, student, rubric)
    draft = site.store.add(
        student,
        rubric.name,
        result.essay.text,
        result_to_dict(result),
        account.id if account else None,
    )
    site.remember(draft.token, result)
    return RedirectResponse(f"/drafts/{draft.token}", status_code=303)


async def draft_page(site: Site, request: Request) -> Response:
    draft = site.draft_at(request)
    rubric = site.rubric_named(draft.rubric)
    result = site.recent.get(draft.token)
    if result is None:  # after a restart: the same text marks the same way
        result = await site.mark(draft.text.encode("utf-8"), ".txt", draft.student, rubric)
        site.remember(draft.token, result)
    drafts = site.store.drafts(draft.student, draft.rubric, draft.student_id)
    number = next(i for i, d in enumerate(drafts) if d.token == draft.token)
    points, line = history(drafts, draft.token)
    changes = compare(drafts[number - 1].result, draft.result) if number else None
    view = DraftView(
        student=draft.student,
        rubric=draft.rubric,
        rubric_title=rubric.title,
        number=number + 1,
        token=draft.token,
        text=draft.text,
        changes=changes,
        history=points,
        polyline=line,
    )
    return site.render(
        request,
        "draft.html",
        page=essay_page(result, today()),
        css=asset("style.css"),
        essay_js=asset("report.js"),
        draft=view,
        rubrics=rubric_options(site.titles, draft.rubric),
        hand_in=_assignments_for(site, request, draft.rubric),
    )


async def delete_drafts(site: Site, request: Request) -> Response:
    draft = site.draft_at(request)
    await site.read_form(request, 10_000, files=0)
    removed = site.store.delete(draft.student, draft.rubric, draft.student_id)
    for token in [t for t in site.recent if t == draft.token]:
        site.recent.pop(token)
    return RedirectResponse(f"/?deleted={removed}", status_code=303)


async def download_drafts(site: Site, request: Request) -> Response:
    draft = site.draft_at(request)
    drafts = site.store.drafts(draft.student, draft.rubric, draft.student_id)
    entries = [
        entry
        for i, each in enumerate(drafts, start=1)
        for entry in ((f"draft-{i}.txt", each.text), (f"draft-{i}.json", _json(each.result)))
    ]
    name = re.sub(r"[^\w.-]+", "_", draft.student) or "drafts"
    return zip_download(entries, f"{name}-drafts.zip")


def _assignments_for(site: Site, request: Request, rubric: str) -> list[Assignment]:
    """Return the signed-in student's assignments a draft against this rubric can answer."""
    account = site.student(request)
    if account is None or account.class_id is None:
        return []
    return [a for a in site.coursework.of_class(account.class_id) if a.rubric == rubric]


def essay_suffix(filename: str) -> str:
    """Return an uploaded essay's suffix, or refuse a name with a folder or a kind not read."""
    name = plain_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ESSAY_SUFFIXES:
        raise HTTPException(415, f"{name}: not an essay file; {READS}.")
    return suffix


def _json(data: Any) -> str:
    """Write a result as readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
