"""Writing output files atomically, so no reader ever sees half a file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def safe_stem(name: str) -> str:
    """Make a name safe as a file's stem: word characters, dots, dashes ("Gus Hand": Gus_Hand)."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "essay"


def cache_folder() -> Path:
    """Return grader's folder in the user's cache: $GRADER_CACHE, $XDG_CACHE_HOME or ~/.cache."""
    root = os.environ.get("GRADER_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "grader"


def write_atomic(path: Path, content: str) -> None:
    """Write text to a temporary file beside `path`, then rename it into place."""
    write_bytes_atomic(path, content.encode("utf-8"))


def write_bytes_atomic(path: Path, content: bytes) -> None:
    """Write bytes to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
