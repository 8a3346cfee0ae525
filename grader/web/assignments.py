"""Assignments: a teacher sets one for a class and sees who handed in; a student hands in."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.io.reading import READS
from grader.output.report.model import essay_page
from grader.output.report.render import asset, today
from grader.web.audit import CHANGED, DELETED, VIEWED
from grader.web.classes import unique_names
from grader.web.coursework import CourseworkError
from grader.web.release import marked_job, student_marks
from grader.web.site import Site, row_id
from grader.web.views import history, rubric_options

FORM_LIMIT = 20_000


async def roster_page(site: Site, request: Request) -> Response:
    group = site.own_roster(request)
    sets = site.coursework.of_class(group.id)
    return site.render(
        request,
        "roster.html",
        group=group,
        assignments=[(a, site.coursework.who_handed_in(a)) for a in sets],
        rubrics=rubric_options(site.titles),
        titles=site.titles,
    )


async def delete_roster(site: Site, request: Request) -> Response:
    group = site.own_roster(request)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    if form.get("confirm") != "delete":
        raise HTTPException(400, "Tick the box to say you mean to delete the whole class.")
    site.people.delete_class(group.id)
    site.audit(request, DELETED, f"class {group.name} with its students, drafts and assignments")
    site.recent.clear()  # cached results of its students' drafts go with them
    return RedirectResponse("/teacher#classes", status_code=303)


async def add_assignment(site: Site, request: Request) -> Response:
    group = site.own_roster(request)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    rubric = site.rubric_named(str(form.get("rubric", "")))
    try:
        made = site.coursework.add(
            group.id,
            str(form.get("title", "")),
            str(form.get("question", "")),
            rubric.name,
            str(form.get("due", "")),
        )
    except CourseworkError as error:
        raise HTTPException(422, str(error)) from error
    return RedirectResponse(f"/teacher/assignments/{made.id}", status_code=303)


async def assignment_report(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    group = site.people.school_class(assignment.class_id)
    site.audit(request, VIEWED, f"assignment {assignment.id} ({assignment.title}): who handed in")
    students = site.coursework.who_handed_in(assignment)
    return site.render(
        request,
        "assignment_report.html",
        assignment=assignment,
        group=group,
        rubric_title=site.titles.get(assignment.rubric, assignment.rubric),
        students=students,
        marked=marked_job(site, assignment),
        released={
            s.student_id: site.coursework.released(assignment.id, s.student_id) for s in students
        },
    )


async def mark_handed_in(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    await site.read_form(request, FORM_LIMIT, files=0)
    texts = site.coursework.handed_in_texts(assignment.id)
    if not texts:
        raise HTTPException(400, "No one has handed in a draft for this assignment yet.")
    rubric = site.rubric_named(assignment.rubric)
    files = unique_names([(f"{name}.txt", text.encode("utf-8")) for name, text in texts])
    job = site.marking.start_class(files, rubric)
    site.people.add_upload(job.id, site.teacher_id(request), rubric.name, job.total)
    site.coursework.set_marking(assignment.id, job.id)
    site.audit(request, CHANGED, f"assignment {assignment.id}: hand-ins marked as class {job.id}")
    return RedirectResponse(f"/teacher/classes/{job.id}", status_code=303)


async def handed_in_draft(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    student = row_id(request.path_params["student"])
    number = site.coursework.handed_in_draft(assignment.id, student)
    draft = site.store.get_id(number) if number is not None else None
    if draft is None or draft.student_id != student:
        raise HTTPException(404, "That student has not handed in a draft for this assignment.")
    result = site.recent.get(draft.token)
    if result is None:  # the same text marks the same way
        rubric = site.rubric_named(draft.rubric)
        result = await site.mark(draft.text.encode("utf-8"), ".txt", draft.student, rubric)
        site.remember(draft.token, result)
    drafts = site.store.drafts(draft.student, draft.rubric, draft.student_id)
    site.audit(request, VIEWED, f"assignment {assignment.id}: {draft.student}'s handed-in draft")
    return site.render(
        request,
        "handed_in.html",
        page=essay_page(result, today()),
        css=asset("style.css"),
        essay_js=asset("report.js"),
        assignment=assignment,
        draft=draft,
        number=next(i for i, d in enumerate(drafts, start=1) if d.id == draft.id),
        count=len(drafts),
    )


async def student_progress(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    student = site.people.student(row_id(request.path_params["student"]))
    if student is None or student.class_id != assignment.class_id:
        raise HTTPException(404, "There is no such student in this class.")
    drafts = site.store.drafts(student.name, assignment.rubric, student.id)
    handed = site.coursework.handed_in_draft(assignment.id, student.id)
    points, _ = history(drafts, next((d.token for d in drafts if d.id == handed), ""))
    site.audit(request, VIEWED, f"assignment {assignment.id}: {student.name}'s drafts")
    return site.render(
        request, "progress.html", assignment=assignment, student=student, drafts=points
    )


async def student_assignment(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    student = site.student(request)
    assert student is not None  # assignments exist in class mode only
    drafts = site.store.drafts(student.name, assignment.rubric, student.id)
    handed = site.coursework.handed_in_draft(assignment.id, student.id)
    points, _ = history(drafts, next((d.token for d in drafts if d.id == handed), ""))
    return site.render(
        request,
        "assignment.html",
        assignment=assignment,
        rubric_title=site.titles.get(assignment.rubric, assignment.rubric),
        drafts=points,
        handed_in=handed is not None,
        reads=READS,
        marks=student_marks(site, assignment, student.id, student.name),
    )


async def hand_in(site: Site, request: Request) -> Response:
    assignment = site.assignment_at(request)
    student = site.student(request)
    assert student is not None
    form = await site.read_form(request, FORM_LIMIT, files=0)
    draft = site.store.get(str(form.get("draft", "")))
    if draft is None or draft.student_id != student.id:
        raise HTTPException(403, "You can hand in only a draft of your own.")
    if draft.rubric != assignment.rubric:
        raise HTTPException(400, "That draft was checked against another task's rubric.")
    site.coursework.hand_in(assignment.id, student.id, draft.id)
    return RedirectResponse(f"/assignments/{assignment.id}?handed=1", status_code=303)
