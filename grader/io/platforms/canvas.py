"""Canvas: its submissions zip and gradebook export.

The names come from Canvas's own code (instructure/canvas-lms, lib/content_zipper.rb,
`get_filename`, `add_upload_submission`, `add_text_or_url`, `sanitize_user_name`): the
student's sortable name in lower case with every non-word character removed ("Lee, Ann" gives
"leeann"), then "LATE" for a late submission, then the user id, or "anon_" and the anonymous id
(with no name) under anonymous grading, joined by "_". An uploaded file follows as
`_ATTACHMENTID_FILENAME`; a text entry is `_text.html` and a website URL `_link.html`.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from grader.io.platforms import (
    Download,
    Filled,
    Mark,
    Submission,
    choose_essay,
    match_rows,
    number_like,
)
from grader.io.platforms.sheet import SheetError, read_sheet

NAME = re.compile(
    r"^(?:(?P<name>[^\W_]+)_)??(?P<late>LATE_)?(?:anon_(?P<anon>[A-Za-z0-9]+)|(?P<user>\d+))"
    r"_(?:(?P<attachment>\d+)_(?P<file>.+)|(?P<entry>text|link)\.html)$"
)


def read_download(root: Path, files: Sequence[Path]) -> Download | None:
    """Read a Canvas submissions download, or None when its files are not named as Canvas's."""
    by_student: dict[tuple[str, str], list[Path]] = defaultdict(list)
    late: set[str] = set()
    outside: list[Path] = []
    anonymous = False
    for file in files:
        found = NAME.match(file.name)
        if found is None or found["entry"] == "link":  # a link holds no essay to mark
            outside.append(file)
            continue
        id_ = f"anon_{found['anon']}" if found["anon"] else found["user"]
        anonymous = anonymous or bool(found["anon"])
        by_student[(found["name"] or id_, id_)].append(file)
        if found["late"]:
            late.add(id_)
    if not by_student or len(outside) > sum(len(f) for f in by_student.values()):
        return None
    submissions = []
    for (name, id_), own in by_student.items():
        essay, others = choose_essay(own)
        submissions.append(Submission(name, id_, essay, others, late=id_ in late))
    scheme = "Canvas submissions" + (" (anonymous grading)" if anonymous else "")
    return Download("canvas", scheme, tuple(submissions), tuple(outside))


# The gradebook export (Canvas Guides, "How do I export grades in the Gradebook?" and "import
# grades"): Student, ID, SIS User ID, SIS Login ID, (Integration ID,) Section, then one
# "Assignment name (assignment id)" column per assignment; a "Points Possible" row may follow
# the header.
ASSIGNMENT = re.compile(r"\(\d+\)\s*$")
POINTS_ROW = "Points Possible"


def fill_gradebook(data: bytes, source: str, marks: Sequence[Mark], points: float | None) -> Filled:
    """Fill the first assignment column of a Canvas gradebook for every matched student."""
    sheet = read_sheet(data, source)
    header = [cell.value.strip() for cell in sheet.rows[0]]
    column = next((i for i, name in enumerate(header) if ASSIGNMENT.search(name)), None)
    if column is None:
        raise SheetError(
            f'{source}: has no "Assignment (id)" column; is it a Canvas gradebook export?'
        )
    id_column = header.index("ID") if "ID" in header else 1
    rows = []
    for index in range(1, len(sheet.rows)):
        if sheet.value(index, 0).strip() == POINTS_ROW:
            if points is None:
                with contextlib.suppress(ValueError):  # a blank: --points must say
                    points = float(sheet.value(index, column))
            continue
        rows.append((index, sheet.value(index, id_column).strip(), sheet.value(index, 0)))
    if points is None:
        raise SheetError(
            f"{source}: says no points for {header[column]!r}; give them with --points N"
        )
    matched, lonely_rows, lonely_marks = match_rows(rows, marks)
    cells = {(i, column): number_like(points * m.percent / 100, "") for i, m in matched.items()}
    return Filled(sheet.filled(cells), lonely_rows, lonely_marks)
