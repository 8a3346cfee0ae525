"""Learning platforms' downloads and gradebooks: one module per platform over a common model."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ESSAY_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".rtf", ".pdf")
# A zip of a class is a few hundred essays; a far larger archive is not a class's download.
MAX_UNPACKED = 2_000_000_000


@dataclass(frozen=True)
class Submission:
    """One student's (or group's) submission as the platform named it."""

    student: str  # the name the platform gave, or "Participant 12345" under blind marking
    platform_id: str  # Moodle's participant or group id, Canvas's user id or anon_ id
    essay: Path  # the file the scheme marks as the submission
    others: tuple[Path, ...] = ()  # the student's other files, listed, not marked
    folder: str = ""  # Moodle: the submission's folder, or in the flat form its name's prefix
    late: bool = False
    flat: bool = False  # Moodle's flat form: files named PREFIX_assignsubmission_TYPE_NAME

    def feedback_path(self, name: str) -> str:
        """Place a feedback file where Moodle's feedback zip import finds this submission."""
        # mod/assign/feedback/file/importziplib.php, is_valid_filename_for_import: the first
        # path part split at "_" gives name, id, plugin type and plugin; the rest is the file.
        return f"{self.folder}_{name}" if self.flat else f"{self.folder}/{name}"


@dataclass(frozen=True)
class Mark:
    """One essay's mark as a platform's gradebook takes it."""

    student: str
    platform_id: str  # "" when the essay did not come from a platform's download
    percent: float
    comment: str  # the mark, what to fix first and where the report is


@dataclass(frozen=True)
class Filled:
    """A gradebook with the marks filled in, and what could not be matched either way."""

    data: bytes
    rows_without_essay: tuple[str, ...]
    essays_without_row: tuple[str, ...]
    note: str = ""  # what was left unfilled and why


@dataclass(frozen=True)
class Download:
    """A platform's submissions download, recognised by its naming scheme."""

    platform: str  # "moodle" or "canvas"
    scheme: str  # what the terminal says was recognised
    submissions: tuple[Submission, ...]
    unmatched: tuple[Path, ...] = field(default=())  # files outside the scheme: marked as today


class DownloadError(ValueError):
    """A download cannot be opened; the message names the file and the problem."""


Reader = Callable[[Path, Sequence[Path]], Download | None]


def recognise(root: Path) -> Download | None:
    """Recognise a folder as a Moodle or Canvas download, or return None (today's behaviour)."""
    from grader.io.platforms import canvas, moodle  # the platform modules import this model

    if not root.is_dir():
        return None
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    readers: tuple[Reader, ...] = (moodle.read_download, canvas.read_download)
    for read in readers:
        download = read(root, files)
        if download is not None:
            return download
    return None


def unpack(archive: Path, into: Path) -> Path:
    """Unpack a submissions zip into a folder of its own, refusing paths that leave it."""
    target = into / archive.stem
    # A new download of the same name replaces the last: a withdrawn submission must not stay.
    shutil.rmtree(target, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED:
                raise DownloadError(f"{archive}: holds more than 2 GB unpacked; not a class")
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.is_dir() or not parts or ".." in parts or parts[0] == "/":
                    continue
                destination = target.joinpath(*parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(bundle.read(member))
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:  # RuntimeError: encrypted
        raise DownloadError(f"{archive}: cannot be unpacked as a zip ({error})") from error
    return target


def open_download(path: Path, into: Path) -> tuple[Path, Download | None]:
    """Unpack a zip given as the class, and recognise the folder's platform, if any."""
    folder = unpack(path, into) if path.is_file() and path.suffix.lower() == ".zip" else path
    return folder, recognise(folder)


def name_keys(name: str) -> frozenset[str]:
    """Key a name whatever its order and punctuation ("Lee, Ann", "Ann Lee", Canvas's "leeann")."""
    words = re.findall(r"[^\W_]+", name.lower())
    return frozenset({" ".join(sorted(words)), "".join(words), "".join(reversed(words))})


def match_rows(
    rows: Sequence[tuple[int, str, str]], marks: Sequence[Mark]
) -> tuple[dict[int, Mark], tuple[str, ...], tuple[str, ...]]:
    """Match gradebook rows (index, platform id, name) to marks: by id, else by name."""
    by_id = {m.platform_id: m for m in marks if m.platform_id}
    # A row with an id is matched by name only to essays that have none (a plain folder); a
    # row without one (a Classroom roster) to any essay of that name.
    without_id = {key: m for m in marks if not m.platform_id for key in name_keys(m.student)}
    by_name = {key: m for m in marks for key in name_keys(m.student)}
    matched: dict[int, Mark] = {}
    lonely_rows = []
    for index, id_, name in rows:
        names = without_id if id_ else by_name
        mark = by_id.get(id_) if id_ else None
        if mark is not None:  # one id on several rows: a group's members share its mark
            matched[index] = mark
            continue
        mark = next((names[k] for k in name_keys(name) if k in names), None)
        if mark is None or mark in matched.values():
            lonely_rows.append(f"{name} ({id_})" if id_ else name)
        else:
            matched[index] = mark
    used = set(matched.values())
    lonely_marks = tuple(m.student for m in marks if m not in used)
    return matched, tuple(lonely_rows), lonely_marks


def number_like(value: float, example: str) -> str:
    """Write a number with the decimals and decimal comma of a cell of the same file."""
    decimals = (
        len(example.replace(",", ".").rpartition(".")[2]) if "." in example.replace(",", ".") else 0
    )
    text = (
        f"{value:.{decimals or 2}f}"
        if decimals or not float(value).is_integer()
        else f"{value:.0f}"
    )
    return text.replace(".", ",") if "," in example else text


def choose_essay(files: Sequence[Path]) -> tuple[Path, tuple[Path, ...]]:
    """Choose a student's essay among their files: an essay file first, then online text."""
    ranked = sorted(
        files,
        key=lambda p: (p.suffix.lower() not in ESSAY_SUFFIXES, p.suffix.lower() != ".html", p),
    )
    return ranked[0], tuple(ranked[1:])
