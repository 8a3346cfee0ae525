"""Google Classroom: a CSV of email and grade for its grade import, from a roster export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.io.platforms import Filled, Mark, match_rows, number_like
from grader.io.platforms.sheet import SheetError, read_sheet


def classroom_grades(data: bytes, source: str, marks: Sequence[Mark], points: float) -> Filled:
    """Write "Email Address,Grade" for every student of the roster whose essay was marked."""
    sheet = read_sheet(data, source)
    header = [cell.value.strip().lower() for cell in sheet.rows[0]]
    email = next((i for i, name in enumerate(header) if "email" in name), None)
    if email is None:
        raise SheetError(f"{source}: has no email column; export the class roster again")
    names = [i for i, name in enumerate(header) if "name" in name]
    rows = [
        (index, "", " ".join(sheet.value(index, i) for i in names))
        for index in range(1, len(sheet.rows))
    ]
    matched, lonely_rows, lonely_marks = match_rows(rows, marks)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Email Address", "Grade"])
    for index, mark in sorted(matched.items()):
        writer.writerow([sheet.value(index, email), number_like(points * mark.percent / 100, "")])
    return Filled(out.getvalue().encode("utf-8"), lonely_rows, lonely_marks)
