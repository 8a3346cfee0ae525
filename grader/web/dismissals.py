"""What teachers dismiss: which rules and facts, how often, across a teacher's classes.

A grammar rule dismissed in more than half of its findings (at least MIN_FINDINGS of them) is
offered to be turned off in the rubric, in one click that keeps an `extends:` version, as the
rubric page does; marking with that version is marking with `grader mark --rubric SAVED`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from grader.io.files import write_atomic
from grader.rubric.editing import extends_text, parent_reference
from grader.running.reviews import ReviewFileError, load_class_review
from grader.web.audit import CHANGED, VIEWED
from grader.web.site import Site

MIN_FINDINGS = 10  # findings of a rule before its dismissals say anything
FORM_LIMIT = 10_000


@dataclass(frozen=True)
class Dismissed:
    """How often one rule or fact of one rubric was found, and dismissed."""

    rubric: str
    criterion: str
    what: str  # the rule's id, or the fact's
    is_rule: bool  # a grammar rule (it can be turned off), not a fact
    findings: int
    dismissed: int

    @property
    def offered(self) -> bool:
        """Tell whether to offer turning the rule off: mostly false alarms, often enough."""
        return self.is_rule and self.findings >= MIN_FINDINGS and self.dismissed * 2 > self.findings


def dismissal_counts(site: Site, teacher_id: int | None) -> list[Dismissed]:
    """Count each rule's and fact's findings and dismissals over the teacher's marked classes."""
    found: Counter[tuple[str, str, str, bool]] = Counter()
    dismissed: Counter[tuple[str, str, str, bool]] = Counter()
    for upload in site.people.uploads_of(teacher_id):
        out = site.marking.data / "classes" / upload.id / "out"
        try:
            results = json.loads((out / "results.json").read_text(encoding="utf-8"))
            reviews = load_class_review(out)
        except (OSError, ValueError, ReviewFileError):
            continue  # a class still being marked, or one whose files are gone
        for result in results:
            gone = {d.finding for d in reviews.of(str(result["student"])).dismissed}
            for finding in result["findings"]:
                key = _key(upload.rubric, finding)
                found[key] += 1
                dismissed[key] += finding["id"] in gone
    return sorted(
        (Dismissed(*key, found[key], dismissed[key]) for key in found if dismissed[key]),
        key=lambda d: (-d.dismissed / d.findings, -d.findings),
    )


def _key(rubric: str, finding: dict[str, Any]) -> tuple[str, str, str, bool]:
    """Name what made a finding: its grammar rule, its fact, else its check."""
    rule = finding.get("rule_id")
    what = rule or finding.get("fact") or str(finding["code"])
    return rubric, str(finding["criterion"]), str(what), bool(rule)


async def dismissals_page(site: Site, request: Request) -> Response:
    counts = dismissal_counts(site, site.teacher_id(request))
    site.audit(request, VIEWED, "what was dismissed, across the classes")
    return site.render(request, "dismissals.html", counts=counts, least=MIN_FINDINGS)


async def turn_off(site: Site, request: Request) -> Response:
    form = await site.read_form(request, FORM_LIMIT, files=0)
    rubric_name, criterion, rule = (str(form.get(k, "")) for k in ("rubric", "criterion", "rule"))
    offered = {
        (d.rubric, d.criterion, d.what)
        for d in dismissal_counts(site, site.teacher_id(request))
        if d.offered
    }
    if (rubric_name, criterion, rule) not in offered or rubric_name not in site.marking.rubrics:
        raise HTTPException(400, "That rule is not one your dismissals offer to turn off.")
    rubric = site.marking.rubrics[rubric_name]
    off = [*getattr(rubric.criterion(criterion), "disabled_rules", []), rule]
    note = f"Turned off {rule}, which you dismissed in most of its findings"
    folder = site.editor.folder

    def text_for(name: str) -> str:
        """Write the version that turns the rule off, as the rubric page writes a version."""
        changed = {"criteria": [{"id": criterion, "disabled_rules": sorted(set(off))}]}
        text = extends_text(changed, parent_reference(rubric, folder), folder, note, date.today())
        write_atomic(folder / f"{name}.yaml", text)
        return text

    version = site.editor.save_text(site.editor.base_of(rubric_name), note, text_for)
    site.audit(request, CHANGED, f"rubric {rubric_name}: {rule} turned off in {version.name}")
    return RedirectResponse(f"/teacher/rubrics/{version.name}?saved=1", status_code=303)
