"""The machine-readable output contract (README, "The JSON contract"): add fields, never rename."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from grader import __version__
from grader.findings import Finding, finding_ids
from grader.marking.pipeline import EssayResult
from grader.marking.scoring import Total


# Long (~80 lines) on purpose: the JSON contract as one literal, so every field a consumer
# reads is in one place (add fields; never rename them).
def result_to_dict(result: EssayResult, file: str | None = None) -> dict[str, Any]:
    """Turn one essay's result into the JSON object of the output contract."""
    essay = result.essay
    data: dict[str, Any] = {}
    if file is not None:
        data["file"] = file
    data.update(
        {
            "student": essay.student,
            # the student's id on the learning platform the essay came from, when it did
            **({"platform_id": essay.platform_id} if essay.platform_id else {}),
            "rubric": result.rubric.title,
            "grader_version": __version__,
            "text": essay.text,
            "word_count": essay.word_count,
            "paragraphs": [[p.start, p.end] for p in essay.paragraphs],
            "sentences": [[s.start, s.end] for s in essay.sentences],
            "total": {
                "score": rounded(result.total.score),
                "max": rounded(result.total.max),
                "percent": round(result.total.percent, 1),
                "grade": result.total.grade,
                "capped_because": result.total.capped_because,
                **(
                    {
                        "criteria_grade": result.total.criteria_grade,
                        "blend": {k: round(v, 3) for k, v in result.total.parts.items()},
                        "closest_marked": [
                            {"student": c.student, "mark": c.mark, "similarity": c.similarity}
                            for c in result.total.closest
                        ],
                    }
                    if result.total.closest
                    else {}
                ),
                "proposed": _total(result.proposed_total or result.total),
            },
            "criteria": [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind,
                    "level": c.level.label,
                    "level_score": rounded(c.level.score),
                    "score": rounded(c.score),
                    "max": rounded(c.max),
                    "weight": rounded(c.weight),
                    "descriptor": c.level.descriptor,
                    "measure": c.measure,
                    "measures": {k: round(v, 3) for k, v in c.measures.items()},
                    "evidence": [
                        {
                            "label": row.label,
                            "measure": row.measure,
                            "value": None if row.value != row.value else round(row.value, 3),
                            "share": round(row.share, 3),
                            "weight": rounded(row.weight),
                        }
                        for row in c.evidence
                    ],
                    "evidence_level": c.evidence_level.label if c.evidence_level else c.level.label,
                    "capped_because": c.capped_because,
                    "moved_because": c.moved_because,
                    "note": c.note,
                    "proposed_level": (c.proposed_level or c.level).label,
                    "reason": c.reason,
                }
                for c in result.criteria
            ],
            "findings": _findings(result),
            "comments": [asdict(c) for c in result.comments],
            "summary": result.summary,
            **(
                {
                    "task": {
                        "answers": result.task.answers,
                        "score": result.task.score,
                        "words_found": list(result.task.found),
                    }
                }
                if result.task is not None
                else {}
            ),
        }
    )
    return data


def _total(total: Total) -> dict[str, Any]:
    """Write a total's mark and grade."""
    return {
        "score": rounded(total.score),
        "max": rounded(total.max),
        "percent": round(total.percent, 1),
        "grade": total.grade,
    }


def _findings(result: EssayResult) -> list[dict[str, Any]]:
    """Write every finding with its stable id, the dismissed ones marked so, in text order."""
    every = sorted((*result.findings, *result.dismissed), key=lambda f: (f.start, f.end, f.code))
    ids = finding_ids(every, result.essay.text)
    dismissed = set(result.dismissed)
    return [
        {"id": i, **finding_to_dict(f, result.essay.text), "dismissed": f in dismissed}
        for f, i in zip(every, ids, strict=True)
    ]


def finding_to_dict(finding: Finding, text: str) -> dict[str, Any]:
    """Turn a finding into JSON, with the words it points at."""
    data = {f.name: getattr(finding, f.name) for f in fields(finding)}
    data = {k: v for k, v in data.items() if v is not None}
    data["suggestions"] = list(finding.suggestions)
    data["excerpt"] = text[finding.start : finding.end]
    return data


def finding_from_dict(data: dict[str, Any]) -> Finding:
    """Rebuild a finding from finding_to_dict's JSON, which turns tuples into lists."""
    names = {f.name for f in fields(Finding)}
    values = {key: value for key, value in data.items() if key in names}  # not the excerpt
    values["suggestions"] = tuple(values.get("suggestions") or ())
    if values.get("also_at") is not None:
        values["also_at"] = tuple(tuple(pair) for pair in values["also_at"])
    return Finding(**values)


def rounded(value: float) -> float | int:
    """Show whole numbers as integers and others to two decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)
