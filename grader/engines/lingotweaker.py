"""The embedded grammar engine: LingoTweaker, LanguageTool's rules in Rust, offline, no Java."""

from __future__ import annotations

import functools
import threading
from typing import Any

from grader.engines.grammar import EngineOptions, GrammarMatch, kept_suggestions, plain_message
from grader.io.startup import ENGINE, timed


class LingoTweakerEngine:
    """Check text with one `lt_py.Engine`, converting its UTF-8 byte offsets to characters."""

    name = "lingotweaker"

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._engine = build_engine(
            options.variant,
            tuple(sorted(options.enabled_rules)),
            tuple(sorted(options.disabled_rules)),
            tuple(sorted(options.disabled_categories)),
        )

    def check(self, text: str) -> list[GrammarMatch]:
        """Return the matches in `text` with character spans and plain messages."""
        if not text:
            return []
        to_char = byte_to_char_table(text)
        found = [to_match(raw, to_char) for raw in self._engine.check(text)]
        return sorted(found, key=lambda m: (m.start, m.end))


# Locked: threads asking for the same options at once must not build two 400 MB engines.
_building = threading.Lock()


def build_engine(
    variant: str,
    enabled_rules: tuple[str, ...],
    disabled_rules: tuple[str, ...],
    disabled_categories: tuple[str, ...],
) -> Any:
    """Build an engine once per process and option set: it takes ~2.5 s and ~400 MB."""
    with _building:
        return _built_engine(variant, enabled_rules, disabled_rules, disabled_categories)


# Shared by every marking thread, by design (issue 19; the 20-run stress test checks it):
# its check() releases the GIL and splits sentences across cores (one engine beats one each).
@functools.cache
def _built_engine(
    variant: str,
    enabled_rules: tuple[str, ...],
    disabled_rules: tuple[str, ...],
    disabled_categories: tuple[str, ...],
) -> Any:
    """Build an engine for these options (cached: called under the lock above)."""
    import lingotweaker_data_en
    import lt_py

    # Engine("en-GB") silently gives US English: the variant must be passed on its own. The data
    # folder is passed explicitly, or a ./data folder in the working directory would be used.
    with timed(ENGINE):
        return lt_py.Engine(
            "en",
            variant=variant,
            data_dir=lingotweaker_data_en.data_dir(),
            enabled_rules=list(enabled_rules),
            disabled_rules=list(disabled_rules),
            disabled_categories=list(disabled_categories),
        )


def to_match(raw: dict[str, Any], to_char: list[int]) -> GrammarMatch:
    """Turn one of lt_py's match dictionaries into a GrammarMatch."""
    offset, length = int(raw["offset"]), int(raw["length"])
    return GrammarMatch(
        rule_id=str(raw["rule_id"]),
        category=str(raw.get("category_id") or "MISC"),
        issue_type=str(raw.get("issue_type") or "other").lower(),
        message=plain_message(str(raw.get("message") or "")),
        suggestions=kept_suggestions(str(raw["rule_id"]), list(raw.get("suggestions") or ())),
        start=to_char[offset],
        end=to_char[offset + length],
    )


def byte_to_char_table(text: str) -> list[int]:
    """Map every UTF-8 byte offset of `text` (and its end) to a character offset."""
    table: list[int] = []
    for index, char in enumerate(text):
        table.extend([index] * len(char.encode("utf-8")))
    table.append(len(text))
    return table
