"""The teacher's review on the page: a student's report beside the controls that change it.

Changes are kept in the class's review.json, the same file `grader review` writes, and applied
afresh to the tool's proposal with the same scoring, so the report, the overview, grades.csv
and results.json follow at once, and marking the class again keeps them.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.findings import finding_ids
from grader.marking.pipeline import EssayResult
from grader.marking.reviewing import (
    ReviewError,
    finding_by_id,
    level_change,
    required_reason,
)
from grader.output.report.model import essay_page
from grader.output.report.render import asset, today
from grader.review import ClassReview, Comment, Dismissal, EssayReview
from grader.running.batch import review_again, write_class_files
from grader.running.reviews import load_class_review, save_class_review
from grader.web.audit import CHANGED, VIEWED
from grader.web.marking import ClassJob
from grader.web.site import Site

FORM_LIMIT = 20_000


def _student(job: ClassJob, request: Request) -> tuple[str, EssayResult]:
    """Return the file and result of the student named in the address, or answer 404."""
    name = request.path_params["student"]
    found = (
        [(f, r) for f, r in job.outcome.results if r.essay.student == name] if job.outcome else []
    )
    if not found:
        raise HTTPException(404, f"The class has no student {name!r}.")
    return found[0]


async def review_page(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    file, result = _student(job, request)
    assert job.outcome is not None
    proposed = job.outcome.proposed.get(file, result)
    review = load_class_review(job.out).of(result.essay.student)
    site.audit(request, VIEWED, f"class {job.id}: {result.essay.student}'s marks, to review")
    ids = finding_ids(proposed.findings, proposed.essay.text)
    dismissed = {d.finding: d.reason for d in review.dismissed}
    return site.render(
        request,
        "review.html",
        page=essay_page(result, today()),
        css=asset("style.css"),
        essay_js=asset("report.js"),
        job=job,
        student=result.essay.student,
        criteria=[(c, site_levels(job, c.id)) for c in result.criteria],
        findings=[
            (i, f, dismissed.get(i, "")) for f, i in zip(proposed.findings, ids, strict=True)
        ],
        review=review,
        bank=site.comment_bank.comments(site.teacher_id(request)),
        problem=request.query_params.get("problem", "")[:300],
    )


def site_levels(job: ClassJob, criterion: str) -> list[str]:
    """Return the labels of a criterion's levels, best first."""
    levels = job.rubric.criterion(criterion).effective_levels()
    return [lv.label for lv in sorted(levels, key=lambda lv: -lv.score)]


async def review_post(site: Site, request: Request) -> Response:
    job = site.class_job(request)
    file, result = _student(job, request)
    form = await site.read_form(request, FORM_LIMIT, files=0)
    student = result.essay.student
    reviews = load_class_review(job.out)
    who = site.who(request)
    by, at = (who.name if who else "teacher"), datetime.now(UTC).isoformat(timespec="seconds")
    field = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    if field.get("action") == "comment":
        field["text"] = field.get("text", "").strip() or field.get("banked", "")
        if field.get("keep") and field["text"]:
            site.comment_bank.add(site.teacher_id(request), field["text"])
    assert job.outcome is not None
    proposed = job.outcome.proposed.get(file, result)
    try:
        changed, said = _changed(reviews.of(student), field, job, proposed, (by, at))
    except ReviewError as error:
        back = f"/teacher/classes/{job.id}/review/{quote(student)}?problem={quote(str(error))}"
        return RedirectResponse(back, status_code=303)
    reviews.students[student] = changed
    save_class_review(job.out, reviews)
    assert job.outcome is not None
    await asyncio.to_thread(_rewrite, job, reviews, file)
    site.audit(request, CHANGED, f"class {job.id}: {student}: {said}")
    return RedirectResponse(f"/teacher/classes/{job.id}/review/{quote(student)}", 303)


def _rewrite(job: ClassJob, reviews: ClassReview, file: str) -> None:
    """Apply the review to the student's proposal and write the class's files again."""
    assert job.outcome is not None
    generated = today()
    review_again(job.outcome, reviews, file, generated)
    write_class_files(job.outcome, job.rubric, generated)


def _span_of(text: str, about: str) -> tuple[int | None, int | None]:
    """Find the words a comment is about in the essay (none given: the whole essay)."""
    words = " ".join(about.split())
    if not words:
        return None, None
    found = re.search(r"\s+".join(re.escape(w) for w in words.split()), text)
    if found is None:
        raise ReviewError(f"The essay does not have the words {words!r}: copy them from it.")
    return found.start(), found.end()


def _changed(
    review: EssayReview,
    field: dict[str, str],
    job: ClassJob,
    proposed: EssayResult,
    stamp: tuple[str, str],
) -> tuple[EssayReview, str]:
    """Return the review with the form's one change, and that change in words."""
    action, (by, at) = field.get("action", ""), stamp
    if action == "level":
        criterion, level = field.get("criterion", ""), field.get("level", "")
        change = level_change(job.rubric, criterion, level, field.get("reason", ""), None, by, at)
        return review.with_level(change), f"level of {change.criterion} set to {change.level}"
    if action == "dismiss":
        finding_id = field.get("finding", "")
        finding = finding_by_id(proposed, finding_id)
        if finding is None:
            raise ReviewError(f"No finding {finding_id!r}: it may have changed; reload the page.")
        reason = required_reason(field.get("reason"))
        dismissal = Dismissal(finding_id, reason, finding.code, finding.fact or "", by, at)
        return review.with_dismissal(dismissal), f"finding {finding_id} dismissed: {reason}"
    if action == "comment" and field.get("text", "").strip():
        start, end = _span_of(proposed.essay.text, field.get("about", ""))
        comment = Comment(field["text"].strip(), start, end, by, at)
        return review.with_comment(comment), "comment added"
    if action == "summary":
        return review.with_summary(field.get("text", "")), "summary written"
    if action == "undo":
        undo = field.get("id", "")
        return review.without(undo), f"{undo} undone"
    raise ReviewError("Say what to change: a level with its reason, a finding, or a comment.")
