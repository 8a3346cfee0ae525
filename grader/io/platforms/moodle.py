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

from grader.io.platforms import Download, Submission, choose_essay

# The name has no "_" (Moodle turns it into a space); the id is missing only for "Default group".
FOLDER = re.compile(r"^(?P<name>[^_]+?)(?:_(?P<id>\d+))?_(?P<plugin>assignsubmission_[a-z]+)_?$")
FLAT = re.compile(r"^(?P<name>[^_]+?)(?:_(?P<id>\d+))?_(?P<plugin>assignsubmission_[a-z]+)_.+$")
# The word blind marking puts in place of every name (mod_assign's 'participant' string);
# a download where every folder has the same name and its own id is blind in any language.
BLIND_WORDS = frozenset({"Participant", "Participante", "Teilnehmer/in", "Teilnehmer in"})


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
    for (name, id_, prefix), own in groups.items():
        essay, others = choose_essay(own)
        student = f"{name} {id_}" if blind else name
        parts = essay.relative_to(root).parts
        where = parts[0] if len(parts) > 1 else prefix  # flat: the prefix of the file's name
        submissions.append(Submission(student, id_, essay, others, where))
    scheme = (
        f"Moodle submissions ({' and '.join(sorted(forms))}{', blind marking' if blind else ''})"
    )
    return Download("moodle", scheme, tuple(submissions), tuple(outside))
