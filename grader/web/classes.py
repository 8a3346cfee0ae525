"""The teacher's class pages: upload a class, follow its marking, type marks, download it."""

from __future__ import annotations

import asyncio
import io
import math
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from grader.io.files import safe_stem
from grader.io.reading import READS
from grader.running.batch import CACHE_FOLDER
from grader.web.audit import CHANGED, DELETED, DOWNLOADED, VIEWED
from grader.web.calibrate import MIN_MARKS, calibrate_class, marks_to_calibrate
from grader.web.marking import ClassJob
from grader.web.site import MAX_CLASS, MAX_CLASS_FILES, MEDIA, Site, plain_name, zip_download
from grader.web.views import rubric_options


async def teacher_page(site: Site, request: Request) -> Response:
    teacher = site.teacher_id(request)
    return site.render(
        request,
        "teacher.html",
        rubrics=rubric_options(site.titles),
        reads=READS,
        classes=site.people.classes_of(teacher) if teacher is not None else [],
        uploads=site.people.uploads_of(teacher),
        titles=site.titles,
        problem=request.query_params.get("problem", "")[:300],
    )


async def start_class(site: Site, request: Request) -> Response:
    teacher = site.teacher_id(request)
    form = await site.read_form(request, MAX_CLASS, files=MAX_CLASS_FILES)
    rubric = site.rubric_named(str(form.get("rubric", "")))
    uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
    if not uploads:
        raise HTTPException(400, "Choose the class's essay files, or a .zip of them.")
    files: list[tuple[str, bytes]] = []
    download = None
    for upload in uploads:
        name = plain_name(upload.filename or "")
        data = await upload.read()
        if len(uploads) == 1 and name.lower().endswith(".zip"):
            download = data  # one zip, as a learning platform gives it: its folders name students
        elif name.lower().endswith(".zip"):
            files.extend(zip_members(name, data))
        else:
            files.append((name, data))
    sheet = form.get("gradebook")
    gradebook = (
        (plain_name(sheet.filename), await sheet.read())
        if isinstance(sheet, UploadFile) and sheet.filename
        else None
    )
    job = site.marking.start_class(unique_names(files), rubric, download, gradebook)
    site.people.add_upload(job.id, teacher, rubric.name, job.total)
    return RedirectResponse(f"/teacher/classes/{job.id}", status_code=303)


async def class_page(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    marks = site.versions.marks(job.id)
    site.audit(request, VIEWED, f"class {job.id}: the overview and its marks")
    return site.render(
        request,
        "class.html",
        job=job,
        students=class_rows(job, marks),
        typed=len(marks_to_calibrate(job, marks)),
        least=MIN_MARKS,
        problem=request.query_params.get("problem", "")[:300],
    )


async def class_marks(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    form = await site.read_form(request, 200_000, files=0, fields=MAX_CLASS_FILES + 10)
    known = {r.essay.student for _, r in job.outcome.results} if job.outcome else set()
    typed = []
    for key, value in form.multi_items():
        student = key.removeprefix("mark:")
        if key.startswith("mark:") and student in known and isinstance(value, str):
            site.versions.set_mark(job.id, student, teacher_mark(student, value))
            typed.append(f"{student}={value.strip() or 'none'}")
    if typed:
        site.audit(request, CHANGED, f"class {job.id}: your marks {', '.join(typed)}")
    if form.get("action") == "calibrate":
        try:
            marks = marks_to_calibrate(job, site.versions.marks(job.id))
            version, said = await asyncio.to_thread(calibrate_class, job, marks, site.editor)
        except ValueError as error:
            return RedirectResponse(f"/teacher/classes/{job.id}?problem={quote(str(error))}", 303)
        return RedirectResponse(
            f"/teacher/rubrics/{version.name}?class={job.id}&calibrated={quote(said)}", 303
        )
    return RedirectResponse(f"/teacher/classes/{job.id}#marks", 303)


async def class_progress(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    return JSONResponse(
        {
            "done": job.done,
            "total": job.total,
            "current": job.current,
            "finished": job.finished,
            "error": job.error,
        }
    )


async def class_file(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    name = request.path_params["name"]
    written = {p.name: p for p in job.out.iterdir() if p.is_file()} if job.out.is_dir() else {}
    if name.startswith(".") or name not in written:
        raise HTTPException(404, f"The class has no file {name!r}.")
    site.audit(request, VIEWED, f"class {job.id}: {name}")
    return FileResponse(written[name], media_type=MEDIA.get(Path(name).suffix, "text/plain"))


async def class_download(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    files = [
        (path.name, path)
        for path in sorted(job.out.iterdir())
        if path.is_file() and path.name != CACHE_FOLDER
    ]
    site.audit(request, DOWNLOADED, f"class {job.id}: every report, grades.csv, results.json")
    return zip_download(files, f"class-{job.id}.zip")


async def class_delete(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    await site.read_form(request, 10_000, files=0)
    if not job.finished:
        raise HTTPException(409, "The class is still being marked: delete it once it is done.")
    site.marking.forget_class(job.id)
    site.people.delete_upload(job.id)
    site.audit(request, DELETED, f"class {job.id} with its reports and marks")
    return RedirectResponse("/teacher", status_code=303)


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
        base = safe_stem(stem)
        candidate, number = base, 2
        while f"{candidate}{suffix}".lower() in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(f"{candidate}{suffix}".lower())
        named.append((f"{candidate}{suffix}", data))
    return named
