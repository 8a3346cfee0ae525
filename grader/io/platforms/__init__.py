"""Learning platforms' downloads and gradebooks: one module per platform over a common model."""

from __future__ import annotations

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
    folder: str = ""  # Moodle: the submission's folder (or prefix), where feedback goes back
    late: bool = False


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


def choose_essay(files: Sequence[Path]) -> tuple[Path, tuple[Path, ...]]:
    """Choose a student's essay among their files: an essay file first, then online text."""
    ranked = sorted(
        files,
        key=lambda p: (p.suffix.lower() not in ESSAY_SUFFIXES, p.suffix.lower() != ".html", p),
    )
    return ranked[0], tuple(ranked[1:])
