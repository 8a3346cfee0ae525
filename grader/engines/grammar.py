"""The grammar engine interface: text in, matches with character spans out, whatever the engine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Variant = Literal["en-GB", "en-US"]
EngineChoice = Literal["auto", "lingotweaker", "languagetool"]

# A long list of guesses helps nobody: "teh" gets 40 from the spelling dictionary.
MAX_SUGGESTIONS = 5
# A misspelling keeps more of the engine's guesses: the analyser ranks them by what fits the
# sentence (grader/analysers/spelling.py), and the right word is often past the fifth.
MAX_CANDIDATES = 20
_SUGGESTION_MARKUP = re.compile(r"<suggestion>(.*?)</suggestion>", re.DOTALL)
_OTHER_MARKUP = re.compile(r"</?[a-z]+>")
# LanguageTool's dictionary rules: MORFOLOGIK_RULE_EN_GB, MORFOLOGIK_RULE_EN_US, HUNSPELL_RULE.
SPELLING_RULES = ("MORFOLOGIK_RULE", "HUNSPELL_RULE")


@dataclass(frozen=True)
class GrammarMatch:
    """One problem a grammar engine found, pointing at `text[start:end]` (characters)."""

    rule_id: str
    category: str  # LanguageTool's category id: TYPOS, GRAMMAR, PUNCTUATION ...
    issue_type: str  # lower case: misspelling, grammar, typographical, style, other ...
    message: str  # plain text, no markup
    suggestions: tuple[str, ...]
    start: int
    end: int

    @property
    def is_spelling(self) -> bool:
        """Tell whether the match is a spelling-dictionary miss (the kind allowed words silence)."""
        # Not issue_type "misspelling": LanguageTool gives that to confusions such as were/where.
        return self.rule_id.startswith(SPELLING_RULES)


@dataclass(frozen=True)
class EngineOptions:
    """What an engine must be built with: the variant, and rules off by default to turn on."""

    variant: Variant = "en-GB"
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()


class GrammarEngine(Protocol):
    """Anything that checks English text and reports LanguageTool-style matches."""

    name: str

    def check(self, text: str) -> list[GrammarMatch]:
        """Return the matches in `text`, in the order they appear."""
        ...


def kept_suggestions(rule_id: str, suggestions: Sequence[str]) -> tuple[str, ...]:
    """Keep the guesses worth ranking: more for a misspelling than for a grammar rule."""
    limit = MAX_CANDIDATES if rule_id.startswith(SPELLING_RULES) else MAX_SUGGESTIONS
    return tuple(str(s) for s in suggestions[:limit])


class EngineUnavailable(RuntimeError):
    """The grammar engine asked for cannot be used; the message says why and what to do."""


def plain_message(message: str) -> str:
    """Turn an engine message into plain text, quoting suggested words the way essays do."""
    text = _SUGGESTION_MARKUP.sub(lambda m: f"‘{m.group(1).strip()}’", message)
    return " ".join(_OTHER_MARKUP.sub("", text).split())
