"""What every page of the web server shares: the marking, the stores, the forms, the pages."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from grader.io.reading import EssayError
from grader.marking.pipeline import EssayResult
from grader.rubric.schema import Rubric
from grader.web.audit import AuditLog
from grader.web.comment_bank import CommentBank
from grader.web.coursework import Assignment, Coursework
from grader.web.marking import Busy, ClassJob, Marking
from grader.web.people import People, SchoolClass
from grader.web.rubric_page import RubricEditor
from grader.web.security import CSRF_COOKIE, FORGED, csrf_ok, csrf_token
from grader.web.sessions import SignInLimiter, Who, signed_in
from grader.web.store import Draft, DraftStore, RubricVersions

MAX_UPLOAD = 5_000_000  # one essay file
MAX_CLASS = 60_000_000  # a class: many files, or a zip of them
MAX_CLASS_FILES = 500
FORM_SLACK = 100_000  # the form's other fields and multipart framing
MAX_NAME = 80
RECENT = 64  # results kept in memory, so a draft's page shows without marking it again
STATIC = Path(__file__).resolve().parent / "static"
MEDIA = {".html": "text/html", ".csv": "text/csv", ".json": "application/json"}


@cache
def environment() -> Environment:
    """Create the pages' Jinja2 environment: the web templates, then the reports' own."""
    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("grader.web", "templates"),
                PackageLoader("grader.output.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Site:
    """The server's shared state and the helpers its handlers call (one per application)."""

    def __init__(self, marking: Marking, store: DraftStore, classes: bool = False) -> None:
        self.marking = marking
        self.store = store
        self.classes = classes  # class mode: accounts, sign-in, each sees only their own
        self.people = People(store)
        self.coursework = Coursework(store)
        self.limiter = SignInLimiter()
        self.audit_log = AuditLog(store)
        self.comment_bank = CommentBank(store)
        self.titles = {name: rubric.title for name, rubric in marking.rubrics.items()}
        self.recent: OrderedDict[str, EssayResult] = OrderedDict()
        self.versions = RubricVersions(store)
        self.editor = RubricEditor(marking, self.versions, self.offer)

    def offer(self, rubric: Rubric, label: str) -> None:
        """Offer a rubric saved on the rubric page to students and classes."""
        self.marking.rubrics[rubric.name] = rubric
        self.titles[rubric.name] = f"{rubric.title} ({label})"

    def audit(self, request: Request, action: str, target: str) -> None:
        """Record that whoever asks viewed or changed marks (grader.web.audit)."""
        self.audit_log.record(self.who(request), action, target)

    def who(self, request: Request) -> Who | None:
        """Return the account signed in (None in personal mode, or when no one is)."""
        if not self.classes:
            return None
        return signed_in(self.people, request)

    def teacher_id(self, request: Request) -> int | None:
        """Return the signed-in teacher's id (None in personal mode), refusing anyone else."""
        if not self.classes:
            return None
        who = self.who(request)
        if who is None or who.role != "teacher":
            raise HTTPException(403, "This page is for teachers only.")
        return who.id

    def student(self, request: Request) -> Who | None:
        """Return the signed-in student (None in personal mode), refusing anyone else."""
        if not self.classes:
            return None
        who = self.who(request)
        if who is None or who.role != "student":
            raise HTTPException(403, "This page is for students only.")
        return who

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> Response:
        """Render a page with a cross-site token, and set its cookie."""
        token = csrf_token(request)
        who = self.who(request)
        html = (
            environment()
            .get_template(template)
            .render(csrf=token, who=who, class_mode=self.classes, **values)
        )
        response = HTMLResponse(html, status_code=status)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    async def read_form(
        self, request: Request, limit: int, files: int, fields: int = 20
    ) -> FormData:
        """Parse a form within limits and check that it came from this server's own page."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit + FORM_SLACK:
            raise HTTPException(413, too_large(limit))
        form = await request.form(max_files=files, max_fields=fields, max_part_size=limit)
        for upload in form.getlist("file") + form.getlist("files"):
            if isinstance(upload, UploadFile) and (upload.size or 0) > limit:
                raise HTTPException(413, too_large(limit))
        if not csrf_ok(request, form):
            raise HTTPException(403, FORGED)
        return form

    def rubric_named(self, name: str) -> Rubric:
        """Return an offered rubric, or refuse the request naming the ones there are."""
        if name not in self.marking.rubrics:
            offered = ", ".join(self.titles) or "none"
            raise HTTPException(400, f"No rubric {name or '(none)'!r} is offered here: {offered}.")
        return self.marking.rubrics[name]

    async def mark(self, data: bytes, suffix: str, student: str, rubric: Rubric) -> EssayResult:
        """Mark a draft on the shared pool, turning its problems into clear answers."""
        try:
            return await asyncio.wrap_future(self.marking.check(data, suffix, student, rubric))
        except Busy as error:
            raise HTTPException(503, f"{error}.") from error
        except EssayError as error:
            raise HTTPException(422, str(error)) from error

    def remember(self, token: str, result: EssayResult) -> None:
        """Keep a recent draft's result for its page."""
        self.recent[token] = result
        while len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def draft_at(self, request: Request) -> Draft:
        """Return the draft at an address if it is the student's own, or answer 404 or 403."""
        student = self.student(request)
        draft = self.store.get(str(request.path_params["token"]))
        if draft is None:
            raise HTTPException(404, "There is no such draft: it may have been deleted.")
        if draft.student_id != (student.id if student else None):
            raise HTTPException(403, "This draft is not yours.")
        return draft

    def own_roster(self, request: Request) -> SchoolClass:
        """Return the signed-in teacher's class at an address, or answer 404."""
        teacher = self.teacher_id(request)
        found = self.people.school_class(row_id(request.path_params["class_id"]))
        if found is None or teacher is None or found.teacher_id != teacher:
            raise HTTPException(404, "There is no such class among yours.")
        return found

    def assignment_at(self, request: Request) -> Assignment:
        """Return an assignment of the signed-in teacher's or student's class, or answer 404."""
        who = self.who(request)
        found = self.coursework.get(row_id(request.path_params["assignment"]))
        owner = self.people.school_class(found.class_id) if found else None
        if who is None or found is None or owner is None:
            raise HTTPException(404, "There is no such assignment.")
        mine = owner.teacher_id == who.id if who.role == "teacher" else who.class_id == owner.id
        if not mine:
            raise HTTPException(404, "There is no such assignment among yours.")
        return found

    def class_job(self, request: Request) -> ClassJob:
        """Return the teacher's own class at an address, or answer 404."""
        job = self.own_class(str(request.path_params["job"]), self.teacher_id(request))
        if job is None:
            raise HTTPException(404, "There is no such class among yours.")
        return job

    def own_class(self, job_id: str, teacher_id: int | None) -> ClassJob | None:
        """Return a teacher's marked class upload, marking it again if the server restarted."""
        upload = self.people.upload(job_id) if job_id else None
        if upload is None or upload.teacher_id != teacher_id:
            return None
        job = self.marking.classes.get(job_id)
        if job is None and upload.rubric in self.marking.rubrics:
            job = self.marking.resume_class(job_id, self.marking.rubrics[upload.rubric])
        return job

    def rubric_at(self, request: Request) -> str:
        """Return the name of an offered rubric in the address, or answer 404."""
        name = str(request.path_params["name"])
        if name not in self.marking.rubrics:
            raise HTTPException(404, f"There is no rubric {name!r} here: {', '.join(self.titles)}.")
        return name

    def marked_class(self, request: Request, value: str, name: str) -> ClassJob | None:
        """Return the teacher's class a rubric's effect is shown on: the one named, or the
        newest marked."""
        teacher = self.teacher_id(request)
        job = self.own_class(value, teacher)
        if job is None:
            family = {name, self.editor.base_of(name)}
            own = {u.id for u in self.people.uploads_of(teacher)}
            marked = [
                j for j in self.marking.classes.values() if j.rubric.name in family and j.id in own
            ]
            job = next((j for j in reversed(marked) if j.finished and j.outcome), None)
        return job if job is not None and job.finished and job.outcome is not None else None


def row_id(value: int) -> int:
    """Return an address's number as a row id: 0 (no row) when SQLite cannot hold it."""
    return value if 0 < value < 2**63 else 0


def too_large(limit: int) -> str:
    """Say that an upload is over its limit."""
    return f"The upload is larger than {limit // 1_000_000} MB: send one essay, or a smaller zip."


def plain_name(filename: str) -> str:
    """Return a file name that names no folder, or refuse it."""
    if "/" in filename or "\\" in filename or filename in {".", ".."} or "\x00" in filename:
        raise HTTPException(400, f"{filename!r}: a file name may not contain a folder.")
    return filename.strip() or "essay"


def zip_download(entries: Sequence[tuple[str, str | Path]], filename: str) -> Response:
    """Answer with a .zip to download: each entry a name and its text, or a file to copy."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in entries:
            if isinstance(content, Path):
                bundle.write(content, name)
            else:
                bundle.writestr(name, content)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
