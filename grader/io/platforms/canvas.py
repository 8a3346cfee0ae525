"""Canvas: its submissions zip and gradebook export.

The names come from Canvas's own code (instructure/canvas-lms, lib/content_zipper.rb,
`get_filename`, `add_upload_submission`, `add_text_or_url`, `sanitize_user_name`): the
student's sortable name in lower case with every non-word character removed ("Lee, Ann" gives
"leeann"), then "LATE" for a late submission, then the user id, or "anon_" and the anonymous id
(with no name) under anonymous grading, joined by "_". An uploaded file follows as
`_ATTACHMENTID_FILENAME`; a text entry is `_text.html` and a website URL `_link.html`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from grader.io.platforms import Download, Submission, choose_essay

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
