"""Moodle: its "Download all submissions" zip, grading worksheet and feedback zip.

The names come from Moodle's own code (moodle/moodle, mod/assign/classes/downloader.php,
`get_student_prefix` and `load_submissionplugin_filelist`): a student's prefix is their full
name with "_" turned into spaces, then "_" and the participant's unique id; under blind marking
the name is the word "Participant"; for group submissions it is the group's name and "_" and
the group id, or "Default group" with no id. Each submission plugin's files go in a folder
`PREFIX_assignsubmission_TYPE` ("download as folders", the default since Moodle 3.1; older
versions end it in "_"), or flat, as `PREFIX_assignsubmission_TYPE_FILENAME`. The online text
plugin exports the text as `onlinetext.html`.
"""

from __future__ import annotations

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
    name_keys,
    number_like,
)
from grader.io.platforms.sheet import Sheet, SheetError, read_sheet

# The name has no "_" (Moodle turns it into a space); the id is missing only for "Default group".
FOLDER = re.compile(r"^(?P<name>[^_]+?)(?:_(?P<id>\d+))?_(?P<plugin>assignsubmission_[a-z]+)_?$")
FLAT = re.compile(r"^(?P<name>[^_]+?)(?:_(?P<id>\d+))?_(?P<plugin>assignsubmission_[a-z]+)_.+$")
# The word blind marking puts in place of every name (mod_assign's 'participant' string);
# a download where every folder has the same name and its own id is blind in any language.
# Moodle's clean_filename drops the "/" of "Teilnehmer/in".
BLIND_WORDS = frozenset({"Participant", "Participante", "Teilnehmerin"})


def read_download(root: Path, files: Sequence[Path]) -> Download | None:
    """Read a Moodle submissions download (folders or flat), or None when it is not one."""
    groups: dict[tuple[str, str, str], list[Path]] = defaultdict(list)
    outside: list[Path] = []
    forms = set()
    for file in files:
        relative = file.relative_to(root)
        folder = FOLDER.match(relative.parts[0]) if len(relative.parts) > 1 else None
        flat = FLAT.match(relative.parts[0]) if len(relative.parts) == 1 else None
        found = folder or flat
        if found is None:
            outside.append(file)
            continue
        forms.add("folders" if folder else "flat")
        prefix = relative.parts[0][: found.start("plugin") - 1]
        groups[(found["name"], found["id"] or "", prefix)].append(file)
    if not groups or len(outside) > sum(len(g) for g in groups.values()):
        return None
    names = {name for name, _, _ in groups}
    blind = bool(names & BLIND_WORDS) or (len(names) == 1 and len(groups) > 1)
    submissions = []
    for (name, id_, _), own in groups.items():
        essay, others = choose_essay(own)
        student = f"{name} {id_}" if blind else name
        parts = essay.relative_to(root).parts
        is_flat = len(parts) == 1
        where = parts[0]  # the folder; flat: the name's prefix up to the plugin, as Moodle reads it
        if is_flat:
            found = FLAT.match(where)
            assert found is not None  # grouped above by this very match
            where = where[: found.end("plugin")]
        submissions.append(Submission(student, id_, essay, others, where, flat=is_flat))
    scheme = (
        f"Moodle submissions ({' and '.join(sorted(forms))}{', blind marking' if blind else ''})"
    )
    return Download("moodle", scheme, tuple(submissions), tuple(outside))


# The grading worksheet's headers (mod/assign/gradingtable.php, exported by "Download grading
# worksheet") are in the teacher's language: the column is found by a known translation, else
# by its place (the grade comes just before the maximum grade). The identifier is always first
# and the full name second. English, French and German are as Moodle's language packs give
# them (mod_assign 'maxgrade': "Note maximale", "Bestwertung"; worksheets seen in use:
# "Note", "Bewertung", "Feedback par commentaires", "Feedback als Kommentar"); the Spanish,
# Italian and Dutch names are unverified. A scale has no maximum: its grade is left alone.
GRADE = frozenset({"Grade", "Note", "Bewertung", "Calificación", "Voto", "Cijfer"})
MAXIMUM = frozenset(
    {"Maximum Grade", "Note maximale", "Bestwertung", "Calificación máxima", "Voto massimo"}
)
FEEDBACK = frozenset(
    {
        "Feedback comments",
        "Feedback par commentaires",
        "Feedback als Kommentar",
        "Comentarios de retroalimentación",
        "Commenti nel feedback",
    }
)
GROUP = frozenset({"Group", "Groupe", "Gruppe", "Grupo", "Gruppo"})
PARTICIPANT_ID = re.compile(r"(\d+)\s*$")


def fill_worksheet(data: bytes, source: str, marks: Sequence[Mark]) -> Filled:
    """Fill a Moodle grading worksheet's grade and feedback comment of every matched row."""
    sheet = read_sheet(data, source)
    header = [cell.value.strip() for cell in sheet.rows[0]]
    maximum = _column(header, MAXIMUM)
    grade = _column(header, GRADE)
    if grade is None and maximum is not None:
        grade = maximum - 1
    feedback = _column(header, FEEDBACK)
    if grade is None and feedback is None:
        raise SheetError(
            f"{source}: has no Grade or Feedback comments column; is it Moodle's grading worksheet?"
        )
    matched, lonely_rows, lonely_marks = match_rows(_rows(sheet, header, marks), marks)
    cells: dict[tuple[int, int], str] = {}
    for index, mark in matched.items():
        top = sheet.value(index, maximum) if maximum is not None else ""
        try:
            points = float(top.replace(",", "."))
        except ValueError:
            points = None  # a scale ("bestanden"): no number of ours belongs in its grade
        if grade is not None and points is not None:
            cells[(index, grade)] = number_like(points * mark.percent / 100, top)
        if feedback is not None:
            cells[(index, feedback)] = mark.comment
    note = "" if maximum is not None else "graded on a scale: grades left for you, comments filled"
    return Filled(sheet.filled(cells), lonely_rows, lonely_marks, note)


def _rows(sheet: Sheet, header: Sequence[str], marks: Sequence[Mark]) -> list[tuple[int, str, str]]:
    """Give each row its participant id, or its group's id when the class handed in as groups."""
    group = _column(header, GROUP)
    # A group submission's folder carries the group's id, the worksheet each member's own id
    # and the group's name (mod/assign/classes/downloader.php, get_student_prefix).
    groups = {key: m.platform_id for m in marks if m.platform_id for key in name_keys(m.student)}
    ids = {m.platform_id for m in marks}
    rows = []
    for index in range(1, len(sheet.rows)):
        found = PARTICIPANT_ID.search(sheet.value(index, 0))
        id_ = found.group(1) if found else ""
        if group is not None and id_ not in ids and sheet.value(index, group).strip():
            keys = name_keys(sheet.value(index, group))
            id_ = next((groups[k] for k in keys if k in groups), id_)
        rows.append((index, id_, sheet.value(index, 1)))
    return rows


def _column(header: Sequence[str], names: frozenset[str]) -> int | None:
    """Find a column by any of its known names."""
    return next((i for i, name in enumerate(header) if name in names), None)
