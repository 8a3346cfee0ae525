"""The rubric page: edit a rubric and its fact sheet, preview them, save or download them."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from grader.web.audit import CHANGED
from grader.web.marking import Busy, ClassJob
from grader.web.rubric_page import Edit, chosen_essay
from grader.web.rubric_views import FactsCheckView, facts_check_view
from grader.web.site import Site, environment


def rubric_view(
    site: Site,
    request: Request,
    name: str,
    edit: Edit,
    job: ClassJob | None,
    check: FactsCheckView | None,
    status: int = 200,
) -> Response:
    base = site.editor.base_of(name)
    return site.render(
        request,
        "rubric.html",
        status=status,
        name=name,
        title=site.marking.rubrics[name].title,
        table=edit.table,
        text=edit.text,
        sheet=edit.sheet,
        sheet_text=edit.sheet_text,
        check=check,
        preview=edit.preview,
        valid=edit.valid,
        job=job,
        base=base,
        versions=[v for v in site.versions.all() if v.base == base],
        saved=request.query_params.get("saved") == "1",
        calibrated=request.query_params.get("calibrated", "")[:400],
    )


async def facts_check(
    site: Site, edit: Edit, fields: dict[str, str], job: ClassJob | None
) -> FactsCheckView | None:
    """Try the edited fact sheet on the chosen essay, as `grader facts check --essay`."""
    if edit.sheet is None:
        return None
    chosen = chosen_essay(job, fields, site.marking.max_words)
    if edit.fact_sheet is None or chosen.essay is None:
        note = chosen.problem or (
            "Put right the fact sheet's values marked in red to try it on an essay."
            if edit.fact_sheet is None
            else "Paste an essay here, or mark a class, to see what the sheet finds in it."
        )
        return FactsCheckView("", (), (), chosen.choices, chosen.chosen, chosen.pasted, note)
    try:
        found = await asyncio.wrap_future(site.marking.check_facts(chosen.essay, edit.fact_sheet))
    except Busy as error:
        raise HTTPException(503, f"{error}.") from error
    return facts_check_view(found, chosen)


async def rubric_form(
    site: Site, request: Request
) -> tuple[str, dict[str, str], str, ClassJob | None]:
    """Read the rubric page's form: the rubric, its fields, the action and the class."""
    name = site.rubric_at(request)
    form = await site.read_form(request, 1_000_000, files=0, fields=5_000)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    action = fields.pop("action", "preview")
    if action == "add":
        action = f"add:{fields.get('add_kind', '')}"
    return name, fields, action, site.marked_class(request, fields.get("class", ""), name)


async def rubric_page(site: Site, request: Request) -> Response:
    name = site.rubric_at(request)
    job = site.marked_class(request, request.query_params.get("class", ""), name)
    edit = site.editor.edit(name, None, "", job)
    return rubric_view(site, request, name, edit, job, await facts_check(site, edit, {}, job))


async def rubric_post(site: Site, request: Request) -> Response:
    name, fields, action, job = await rubric_form(site, request)
    edit = site.editor.edit(name, fields, "" if action == "save" else action, job)
    if action != "save" or not edit.valid:
        check = await facts_check(site, edit, fields, job)
        status = 422 if action == "save" else 200
        return rubric_view(site, request, name, edit, job, check, status=status)
    version = site.editor.save(name, edit)
    site.audit(request, CHANGED, f"rubric {name}: saved as {version.name}, which marks by it")
    shown = f"&class={job.id}" if job is not None else ""
    return RedirectResponse(f"/teacher/rubrics/{version.name}?saved=1{shown}", 303)


async def rubric_preview(site: Site, request: Request) -> Response:
    name, fields, _, job = await rubric_form(site, request)
    edit = site.editor.edit(name, fields, "", job)
    templates = environment()
    fragment = templates.get_template("rubric_preview.html").render(preview=edit.preview)
    check = await facts_check(site, edit, fields, job)
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


async def rubric_facts(site: Site, request: Request) -> Response:
    name = site.rubric_at(request)
    text = site.editor.sheet_file_text(name)
    if text is None:
        has = "lists its facts itself" if site.marking.rubrics[name].facts else "has no fact sheet"
        raise HTTPException(404, f"The rubric {name!r} {has}: download the rubric instead.")
    return Response(
        text,
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{name}.facts.yaml"'},
    )


async def rubric_download(site: Site, request: Request) -> Response:
    name = site.rubric_at(request)
    return Response(
        site.editor.file_text(name),
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{name}.yaml"'},
    )
