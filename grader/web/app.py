"""The web page: students check drafts and see them improve; teachers mark a class.

A thin room over the same pipeline: drafts are marked by grader/web/marking.py with the same
services, reports are the same view models and templates as `grader check --format html`
(the draft page extends essay.html), and a class is marked by the batch code of `grader mark`.
"""

from __future__ import annotations

import asyncio
import io
import json
import math
import re
import sys
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from grader.batch import CACHE_FOLDER
from grader.loading import ESSAY_SUFFIXES, READS, EssayError
from grader.marking import EssayResult
from grader.report.model import essay_page
from grader.report.render import asset, today
from grader.results import result_to_dict
from grader.rubric import Rubric
from grader.web.calibrate import MIN_MARKS, calibrate_class
from grader.web.changes import compare
from grader.web.marking import Busy, ClassJob, Marking
from grader.web.rubric_page import Edit, RubricEditor, chosen_essay
from grader.web.rubric_views import FactsCheckView, facts_check_view
from grader.web.security import (
    CSRF_COOKIE,
    FORGED,
    Guard,
    content_security_policy,
    csrf_ok,
    csrf_token,
)
from grader.web.store import Draft, DraftStore, RubricVersions
from grader.web.views import DraftView, history, rubric_options

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
            [PackageLoader("grader.web", "templates"), PackageLoader("grader.report", "templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


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


def create_app(marking: Marking, store: DraftStore, password: str | None = None) -> Any:
    """Build the application: routes, limits and the security guard around them."""
    titles = {name: rubric.title for name, rubric in marking.rubrics.items()}
    recent: OrderedDict[str, EssayResult] = OrderedDict()
    versions = RubricVersions(store)

    def offer(rubric: Rubric, label: str) -> None:
        """Offer a rubric saved on the rubric page to students and classes."""
        marking.rubrics[rubric.name] = rubric
        titles[rubric.name] = f"{rubric.title} ({label})"

    editor = RubricEditor(marking, versions, offer)
    for problem in editor.load_saved():
        print(f"grader serve: {problem}", file=sys.stderr)

    def render(request: Request, template: str, status: int = 200, **values: Any) -> Response:
        """Render a page with a cross-site token, and set its cookie."""
        token = csrf_token(request)
        html = environment().get_template(template).render(csrf=token, **values)
        response = HTMLResponse(html, status_code=status)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    async def read_form(request: Request, limit: int, files: int, fields: int = 20) -> FormData:
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

    def rubric_named(name: str) -> Rubric:
        """Return an offered rubric, or refuse the request naming the ones there are."""
        if name not in marking.rubrics:
            offered = ", ".join(titles) or "none"
            raise HTTPException(400, f"No rubric {name or '(none)'!r} is offered here: {offered}.")
        return marking.rubrics[name]

    async def mark(data: bytes, suffix: str, student: str, rubric: Rubric) -> EssayResult:
        """Mark a draft on the shared pool, turning its problems into clear answers."""
        try:
            return await asyncio.wrap_future(marking.check(data, suffix, student, rubric))
        except Busy as error:
            raise HTTPException(503, f"{error}.") from error
        except EssayError as error:
            raise HTTPException(422, str(error)) from error

    async def student_page(request: Request) -> Response:
        student = request.query_params.get("student", "")[:MAX_NAME]
        chosen = request.query_params.get("rubric", "")
        options = rubric_options(titles, chosen)
        rubric = next((o.name for o in options if o.selected), "")
        drafts = store.drafts(student, rubric) if student else []
        points, _ = history(drafts, "")
        return render(
            request,
            "student.html",
            student=student,
            rubrics=options,
            drafts=points,
            deleted=request.query_params.get("deleted", ""),
            reads=READS,
        )

    async def check(request: Request) -> Response:
        form = await read_form(request, MAX_UPLOAD, files=1)
        student = " ".join(str(form.get("student", "")).split())[:MAX_NAME]
        if not student:
            raise HTTPException(400, "Type your name, so your drafts are kept together.")
        rubric = rubric_named(str(form.get("rubric", "")))
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            suffix = essay_suffix(upload.filename)
            data = await upload.read()
        else:
            data, suffix = str(form.get("text", "")).encode("utf-8"), ".txt"
        result = await mark(data, suffix, student, rubric)
        draft = store.add(student, rubric.name, result.essay.text, result_to_dict(result))
        remember(draft.token, result)
        return RedirectResponse(f"/drafts/{draft.token}", status_code=303)

    def remember(token: str, result: EssayResult) -> None:
        """Keep a recent draft's result for its page."""
        recent[token] = result
        while len(recent) > RECENT:
            recent.popitem(last=False)

    def draft_at(token: str) -> Draft:
        """Return the draft at an address, or answer 404."""
        draft = store.get(token)
        if draft is None:
            raise HTTPException(404, "There is no such draft: it may have been deleted.")
        return draft

    async def draft_page(request: Request) -> Response:
        draft = draft_at(request.path_params["token"])
        rubric = rubric_named(draft.rubric)
        result = recent.get(draft.token)
        if result is None:  # after a restart: the same text marks the same way
            result = await mark(draft.text.encode("utf-8"), ".txt", draft.student, rubric)
            remember(draft.token, result)
        drafts = store.drafts(draft.student, draft.rubric)
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
        return render(
            request,
            "draft.html",
            page=essay_page(result, today()),
            css=asset("style.css"),
            essay_js=asset("report.js"),
            draft=view,
            rubrics=rubric_options(titles, draft.rubric),
        )

    async def delete_drafts(request: Request) -> Response:
        draft = draft_at(request.path_params["token"])
        await read_form(request, 10_000, files=0)
        removed = store.delete(draft.student, draft.rubric)
        for token in [t for t in recent if t == draft.token]:
            recent.pop(token)
        return RedirectResponse(f"/?deleted={removed}", status_code=303)

    async def download_drafts(request: Request) -> Response:
        draft = draft_at(request.path_params["token"])
        drafts = store.drafts(draft.student, draft.rubric)
        entries = [
            entry
            for i, each in enumerate(drafts, start=1)
            for entry in ((f"draft-{i}.txt", each.text), (f"draft-{i}.json", _json(each.result)))
        ]
        name = re.sub(r"[^\w.-]+", "_", draft.student) or "drafts"
        return zip_download(entries, f"{name}-drafts.zip")

    async def teacher_page(request: Request) -> Response:
        return render(request, "teacher.html", rubrics=rubric_options(titles), reads=READS)

    async def start_class(request: Request) -> Response:
        form = await read_form(request, MAX_CLASS, files=MAX_CLASS_FILES)
        rubric = rubric_named(str(form.get("rubric", "")))
        uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
        if not uploads:
            raise HTTPException(400, "Choose the class's essay files, or a .zip of them.")
        files: list[tuple[str, bytes]] = []
        for upload in uploads:
            name = plain_name(upload.filename or "")
            data = await upload.read()
            if name.lower().endswith(".zip"):
                files.extend(zip_members(name, data))
            else:
                files.append((name, data))
        job = marking.start_class(unique_names(files), rubric)
        return RedirectResponse(f"/teacher/classes/{job.id}", status_code=303)

    def class_job(request: Request) -> Any:
        job = marking.classes.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, "There is no such class: the server may have restarted.")
        return job

    async def class_page(request: Request) -> Response:
        job = class_job(request)
        marks = versions.marks(job.id)
        return render(
            request,
            "class.html",
            job=job,
            students=class_rows(job, marks),
            typed=len(marks),
            least=MIN_MARKS,
            problem=request.query_params.get("problem", "")[:300],
        )

    async def class_marks(request: Request) -> Response:
        job = class_job(request)
        form = await read_form(request, 200_000, files=0, fields=MAX_CLASS_FILES + 10)
        known = {r.essay.student for _, r in job.outcome.results} if job.outcome else set()
        for key, value in form.multi_items():
            student = key.removeprefix("mark:")
            if key.startswith("mark:") and student in known and isinstance(value, str):
                versions.set_mark(job.id, student, teacher_mark(student, value))
        if form.get("action") == "calibrate":
            try:
                version, said = await asyncio.to_thread(
                    calibrate_class, job, versions.marks(job.id), editor
                )
            except ValueError as error:
                return RedirectResponse(
                    f"/teacher/classes/{job.id}?problem={quote(str(error))}", 303
                )
            return RedirectResponse(
                f"/teacher/rubrics/{version.name}?class={job.id}&calibrated={quote(said)}", 303
            )
        return RedirectResponse(f"/teacher/classes/{job.id}#marks", 303)

    async def class_progress(request: Request) -> Response:
        job = class_job(request)
        return JSONResponse(
            {
                "done": job.done,
                "total": job.total,
                "current": job.current,
                "finished": job.finished,
                "error": job.error,
            }
        )

    async def class_file(request: Request) -> Response:
        job = class_job(request)
        name = request.path_params["name"]
        written = {p.name: p for p in job.out.iterdir() if p.is_file()} if job.out.is_dir() else {}
        if name.startswith(".") or name not in written:
            raise HTTPException(404, f"The class has no file {name!r}.")
        return FileResponse(written[name], media_type=MEDIA.get(Path(name).suffix, "text/plain"))

    async def class_download(request: Request) -> Response:
        job = class_job(request)
        files = [
            (path.name, path)
            for path in sorted(job.out.iterdir())
            if path.is_file() and path.name != CACHE_FOLDER
        ]
        return zip_download(files, f"class-{job.id}.zip")

    def rubric_at(request: Request) -> str:
        """Return the name of an offered rubric in the address, or answer 404."""
        name = str(request.path_params["name"])
        if name not in marking.rubrics:
            raise HTTPException(404, f"There is no rubric {name!r} here: {', '.join(titles)}.")
        return name

    def marked_class(value: str, name: str) -> ClassJob | None:
        """Return the class a rubric's effect is shown on: the one named, or the newest marked."""
        job = marking.classes.get(value) if value else None
        if job is None:
            family = {name, editor.base_of(name)}
            marked = [j for j in marking.classes.values() if j.rubric.name in family]
            job = next((j for j in reversed(marked) if j.finished and j.outcome), None)
        return job if job is not None and job.finished and job.outcome is not None else None

    def rubric_view(
        request: Request,
        name: str,
        edit: Edit,
        job: ClassJob | None,
        check: FactsCheckView | None,
        status: int = 200,
    ) -> Response:
        base = editor.base_of(name)
        return render(
            request,
            "rubric.html",
            status=status,
            name=name,
            title=marking.rubrics[name].title,
            table=edit.table,
            text=edit.text,
            sheet=edit.sheet,
            sheet_text=edit.sheet_text,
            check=check,
            preview=edit.preview,
            valid=edit.valid,
            job=job,
            base=base,
            versions=[v for v in versions.all() if v.base == base],
            saved=request.query_params.get("saved") == "1",
            calibrated=request.query_params.get("calibrated", "")[:400],
        )

    async def facts_check(
        edit: Edit, fields: dict[str, str], job: ClassJob | None
    ) -> FactsCheckView | None:
        """Try the edited fact sheet on the chosen essay, as `grader facts check --essay`."""
        if edit.sheet is None:
            return None
        chosen = chosen_essay(job, fields, marking.max_words)
        if edit.fact_sheet is None or chosen.essay is None:
            note = chosen.problem or (
                "Put right the fact sheet's values marked in red to try it on an essay."
                if edit.fact_sheet is None
                else "Paste an essay here, or mark a class, to see what the sheet finds in it."
            )
            return FactsCheckView("", (), (), chosen.choices, chosen.chosen, chosen.pasted, note)
        try:
            found = await asyncio.wrap_future(marking.check_facts(chosen.essay, edit.fact_sheet))
        except Busy as error:
            raise HTTPException(503, f"{error}.") from error
        return facts_check_view(found, chosen)

    async def rubric_form(request: Request) -> tuple[str, dict[str, str], str, ClassJob | None]:
        """Read the rubric page's form: the rubric, its fields, the action and the class."""
        name = rubric_at(request)
        form = await read_form(request, 1_000_000, files=0, fields=5_000)
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        action = fields.pop("action", "preview")
        if action == "add":
            action = f"add:{fields.get('add_kind', '')}"
        return name, fields, action, marked_class(fields.get("class", ""), name)

    async def rubric_page(request: Request) -> Response:
        name = rubric_at(request)
        job = marked_class(request.query_params.get("class", ""), name)
        edit = editor.edit(name, None, "", job)
        return rubric_view(request, name, edit, job, await facts_check(edit, {}, job))

    async def rubric_post(request: Request) -> Response:
        name, fields, action, job = await rubric_form(request)
        edit = editor.edit(name, fields, "" if action == "save" else action, job)
        if action != "save" or not edit.valid:
            check = await facts_check(edit, fields, job)
            status = 422 if action == "save" else 200
            return rubric_view(request, name, edit, job, check, status=status)
        version = editor.save(name, edit)
        shown = f"&class={job.id}" if job is not None else ""
        return RedirectResponse(f"/teacher/rubrics/{version.name}?saved=1{shown}", 303)

    async def rubric_preview(request: Request) -> Response:
        name, fields, _, job = await rubric_form(request)
        edit = editor.edit(name, fields, "", job)
        templates = environment()
        fragment = templates.get_template("rubric_preview.html").render(preview=edit.preview)
        check = await facts_check(edit, fields, job)
        found = ""
        if check is not None:
            found = templates.get_template("rubric_facts_found.html").render(check=check)
        cells = edit.table.cells() + (edit.sheet.cells() if edit.sheet else [])
        other = list(edit.table.other_problems)
        other += list(edit.sheet.other_problems) if edit.sheet else []
        return JSONResponse(
            {
                "valid": edit.valid,
                "problems": {c.path: c.problem for c in cells if c.problem},
                "other": other,
                "preview": fragment,
                "facts_check": found,
                "fact_found": dict(check.by_fact) if check is not None else {},
                "shares": {str(row.index): row.share for row in edit.table.criteria},
                "text": edit.text,
                "sheet_text": edit.sheet_text,
            }
        )

    async def rubric_facts(request: Request) -> Response:
        name = rubric_at(request)
        text = editor.sheet_file_text(name)
        if text is None:
            has = "lists its facts itself" if marking.rubrics[name].facts else "has no fact sheet"
            raise HTTPException(404, f"The rubric {name!r} {has}: download the rubric instead.")
        return Response(
            text,
            media_type="application/yaml",
            headers={"content-disposition": f'attachment; filename="{name}.facts.yaml"'},
        )

    async def rubric_download(request: Request) -> Response:
        name = rubric_at(request)
        return Response(
            editor.file_text(name),
            media_type="application/yaml",
            headers={"content-disposition": f'attachment; filename="{name}.yaml"'},
        )

    async def failed(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if request.url.path.endswith(("/progress", "/preview")):
            return JSONResponse({"error": error.detail}, status_code=error.status_code)
        return render(request, "error.html", status=error.status_code, message=error.detail)

    app = Starlette(
        routes=[
            Route("/", student_page),
            Route("/favicon.ico", lambda request: Response(status_code=204)),  # reports ask
            Route("/check", check, methods=["POST"]),
            Route("/drafts/{token}", draft_page),
            Route("/drafts/{token}/delete", delete_drafts, methods=["POST"]),
            Route("/drafts/{token}/download", download_drafts),
            Route("/teacher", teacher_page),
            Route("/teacher/classes", start_class, methods=["POST"]),
            Route("/teacher/classes/{job}", class_page),
            Route("/teacher/classes/{job}/progress", class_progress),
            Route("/teacher/classes/{job}/marks", class_marks, methods=["POST"]),
            Route("/teacher/classes/{job}/files/{name}", class_file),
            Route("/teacher/classes/{job}/download", class_download),
            Route("/teacher/rubrics/{name}", rubric_page),
            Route("/teacher/rubrics/{name}", rubric_post, methods=["POST"]),
            Route("/teacher/rubrics/{name}/preview", rubric_preview, methods=["POST"]),
            Route("/teacher/rubrics/{name}/download", rubric_download),
            Route("/teacher/rubrics/{name}/facts", rubric_facts),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={HTTPException: failed},
    )
    policy = content_security_policy([asset("report.js"), asset("sort.js")])
    return Guard(app, policy, max_body=MAX_CLASS + 1_000_000, password=password)


def class_rows(job: ClassJob, marks: dict[str, float]) -> list[tuple[str, str, str, str]]:
    """List a marked class's students: the tool's total and grade, and the teacher's mark."""
    if job.outcome is None:
        return []
    return [
        (
            r.essay.student,
            f"{r.total.percent:.1f}",
            r.total.grade,
            f"{marks[r.essay.student]:g}" if r.essay.student in marks else "",
        )
        for _, r in job.outcome.results
    ]


def teacher_mark(student: str, value: str) -> float | None:
    """Read a teacher's mark (empty forgets it), or refuse one that is not a number."""
    value = value.strip()
    if not value:
        return None
    try:
        mark = float(value)
    except ValueError:
        raise HTTPException(400, f"{student}: {value!r} is not a mark; type a number.") from None
    if not math.isfinite(mark):
        raise HTTPException(400, f"{student}: {value!r} is not a mark; type a number.")
    return mark


def too_large(limit: int) -> str:
    """Say that an upload is over its limit."""
    return f"The upload is larger than {limit // 1_000_000} MB: send one essay, or a smaller zip."


def essay_suffix(filename: str) -> str:
    """Return an uploaded essay's suffix, or refuse a name with a folder or a kind not read."""
    name = plain_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ESSAY_SUFFIXES:
        raise HTTPException(415, f"{name}: not an essay file; {READS}.")
    return suffix


def plain_name(filename: str) -> str:
    """Return a file name that names no folder, or refuse it."""
    if "/" in filename or "\\" in filename or filename in {".", ".."} or "\x00" in filename:
        raise HTTPException(400, f"{filename!r}: a file name may not contain a folder.")
    return filename.strip() or "essay"


def zip_members(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """Read the essay files of a zip, by their own names, refusing a zip bomb or damage."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in bundle.infolist() if not m.is_dir()]
        members = [
            m
            for m in members
            if not m.filename.startswith("__MACOSX/")
            and not PurePosixPath(m.filename).name.startswith(".")
        ]
        if len(members) > MAX_CLASS_FILES or sum(m.file_size for m in members) > MAX_CLASS:
            raise HTTPException(413, f"{name}: more than a class's worth of files unpacked.")
        return [(PurePosixPath(m.filename).name, bundle.read(m)) for m in members]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise HTTPException(422, f"{name}: is not a readable .zip ({error}).") from error


def unique_names(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Make each file's name safe and distinct: two students' essay.docx stay two essays."""
    used: set[str] = set()
    named = []
    for name, data in files:
        stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix.lower()
        base = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "essay"
        candidate, number = base, 2
        while f"{candidate}{suffix}".lower() in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(f"{candidate}{suffix}".lower())
        named.append((f"{candidate}{suffix}", data))
    return named


def _json(data: Any) -> str:
    """Write a result as readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
