"""A class folder's review file (review.json) and the record of how the class was marked.

`grader review` writes the teacher's changes to review.json in the output folder; every run
of `grader mark` into that folder reads them back and applies them. The run record
(.grader-cache/run.json) names the rubric and essays, so a review can mark the folder again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.io.files import write_atomic
from grader.review import ClassReview, review_from_dict, review_to_dict

REVIEW_FILE = "review.json"
RUN_FILE = "run.json"


class ReviewFileError(ValueError):
    """A review or run file that cannot be read: one line naming it and what is wrong."""


def load_class_review(out_dir: Path) -> ClassReview:
    """Read the folder's review.json (none yet: an empty review)."""
    path = out_dir / REVIEW_FILE
    if not path.is_file():
        return ClassReview()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        students = {str(k): review_from_dict(v) for k, v in data["students"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ReviewFileError(f"{path}: not a review file grader wrote ({error})") from error
    return ClassReview(students)


def save_class_review(out_dir: Path, review: ClassReview) -> Path:
    """Write review.json atomically (the teacher's work is never half written)."""
    path = out_dir / REVIEW_FILE
    data = {
        "students": {
            name: review_to_dict(r) for name, r in sorted(review.students.items()) if not r.empty
        }
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


@dataclass(frozen=True)
class Run:
    """How a folder was marked: the rubric file and the essay paths given."""

    rubric: str
    paths: tuple[str, ...]  # as given, relative to `folder`
    folder: str  # where `grader mark` ran


def save_run(cache: Path, run: Run) -> None:
    """Record how the folder was marked."""
    data = {"rubric": run.rubric, "paths": list(run.paths), "folder": run.folder}
    write_atomic(cache / RUN_FILE, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_run(cache: Path) -> Run:
    """Read how the folder was marked (ReviewFileError when it was not marked here)."""
    path = cache / RUN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Run(str(data["rubric"]), tuple(str(p) for p in data["paths"]), str(data["folder"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReviewFileError(
            f"{path.parent.parent}: not a folder `grader mark` wrote (no {RUN_FILE})"
        ) from error
