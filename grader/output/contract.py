"""The JSON format: the contract objects of results.py, for one essay or a whole class."""

from __future__ import annotations

import json
from collections.abc import Sequence

from grader.marking.pipeline import EssayResult
from grader.output.formats import ClassFile, EssayFormat
from grader.output.results import result_to_dict


def _essay(result: EssayResult, generated: str) -> str:
    """Serialise one essay's result as the JSON contract."""
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"


def results_json(results: Sequence[tuple[str, EssayResult]]) -> str:
    """Serialise a batch as `results.json`: a list of contract objects, each with its file."""
    return (
        json.dumps([result_to_dict(r, file) for file, r in results], ensure_ascii=False, indent=2)
        + "\n"
    )


ESSAY = EssayFormat("json", "JSON for other tools", _essay)
CLASS = ClassFile("results.json", lambda marks: results_json(marks.results))
