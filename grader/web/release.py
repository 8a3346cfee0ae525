"""Releasing an assignment's marks: students see the teacher's marks only once released.

The hand-ins of an assignment are marked as a class (and reviewed there, on the page). Until
the teacher releases a student's marks they stay a draft: the student's page says "not yet
marked". A released mark that the teacher changes later tells the student it changed.
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from grader.io.files import safe_stem
from grader.marking.pipeline import EssayResult
from grader.output.report.model import number
from grader.web.audit import CHANGED, VIEWED
from grader.web.coursework import Assignment
from grader.web.marking import ClassJob
from grader.web.site import Site

FORM_LIMIT = 10_000


def total_of(result: EssayResult) -> str:
    """Write a result's total and grade as the student reads them."""
    return f"{number(result.total.score)} / {number(result.total.max)}, grade {result.total.grade}"


def marked_job(site: Site, assignment: Assignment) -> ClassJob | None:
    """Return the finished class marking of an assignment's hand-ins, if there is one."""
    job_id = site.coursework.marking_of(assignment.id)
    group = site.people.school_class(assignment.class_id)
    job = site.own_class(job_id, group.teacher_id) if job_id and group else None
    return job if job is not None and job.finished and job.outcome is not None else None


def result_of(job: ClassJob, student: str) -> tuple[str, EssayResult] | None:
    """Return a student's file and result in a marked class, or None.

    Hand-ins are marked as files named after their students, made safe as every class
    upload's are ("Gus Hand" is Gus_Hand).
    """
    assert job.outcome is not None
    key = safe_stem(student)
    return next(((f, r) for f, r in job.outcome.results if r.essay.student == key), None)


async def release_marks(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    job = marked_job(site, assignment)
    if job is None:
        raise HTTPException(409, "Mark the handed-in drafts, and wait until they are marked.")
    chosen = str(form.get("student", ""))
    handed_in = [s for s in site.coursework.who_handed_in(assignment) if s.handed_in]
    targets = [s for s in handed_in if chosen == "all" or str(s.student_id) == chosen]
    if not targets:
        raise HTTPException(400, "Choose a student who handed in, or everyone.")
    released = []
    for student in targets:
        found = result_of(job, student.student)
        if found is not None:
            site.coursework.release(assignment.id, student.student_id, total_of(found[1]))
            released.append(student.student)
    site.audit(request, CHANGED, f"assignment {assignment.id}: marks released to {released}")
    return RedirectResponse(f"/teacher/assignments/{assignment.id}", status_code=303)


def student_marks(site: Site, assignment: Assignment, student_id: int, name: str) -> dict[str, str]:
    """Say what a student sees of their marks: released (and changed since?) or not yet."""
    released = site.coursework.released(assignment.id, student_id)
    if released is None:
        return {"state": "not yet marked"}
    job = marked_job(site, assignment)
    found = result_of(job, name) if job is not None else None
    if found is None:
        return {"state": "being prepared"}
    now = total_of(found[1])
    changed = f"Your teacher changed this mark after releasing it (it was {released})."
    return {"state": "released", "total": now, "changed": "" if now == released else changed}


async def student_feedback(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    who = site.student(request)
    assert who is not None  # assignments exist in class mode only
    if site.coursework.released(assignment.id, who.id) is None:
        raise HTTPException(404, "Your teacher has not released your marks for this yet.")
    job = marked_job(site, assignment)
    found = result_of(job, who.name) if job is not None else None
    if job is None or found is None or job.outcome is None:
        raise HTTPException(409, "Your marked essay is being prepared: try again in a minute.")
    report: Path = job.outcome.reports[found[0]]
    site.audit(request, VIEWED, f"assignment {assignment.id}: {who.name}'s released marks")
    return FileResponse(report, media_type="text/html; charset=utf-8")
