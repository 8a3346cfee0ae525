"""Harper (harper-py, rules in Rust, offline) as a grammar layer: only the kinds that earned it.

Measured with benchmarks/grammar_candidates.py on the W&I+LOCNESS training essays, beside the
main engine's own findings: Punctuation (commas after opening discourse markers) was right
0.88-0.95 of the time, Usage 0.68-0.76 and Grammar 0.61-0.76; Spelling (0.48), Formatting
(0.17), Capitalization (0.55 beside the engine's own casing rules), Agreement (0.50) and the
style kinds were right too rarely to show a student, and stay off.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

from grader.engines.grammar import MAX_SUGGESTIONS, GrammarMatch
from grader.io.startup import HARPER, timed

# A number in words or figures ("three", "twenty-one", "1990").
NUMBER = re.compile(
    r"\d[\d,.]*|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-?)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion",
    re.IGNORECASE,
)
KINDS = {"Punctuation": "PUNCTUATION", "Usage": "GRAMMAR", "Grammar": "GRAMMAR"}
# The rules that gave a lint of a kept kind on the 3,000 W&I+LOCNESS training essays (74 of
# Harper's 917; the others gave only kinds not kept, or nothing). Only these run: the rest took
# nine tenths of Harper's time, and where one of them claimed a span first, Harper left out a
# kept lint on it ("history,it" lost its missing space to a formatting lint). On the dev essays
# the kept lints go from 246 to 270: 30 more, 6 fewer (rules never seen on train).
KEPT_RULES = frozenset(
    """
    AllowTo ArriveTo AsComparedTo AspireTo AwareOf BeWorried BetterOffPhrase BuiltIn CommaFixes
    CompoundSubjectI Damages DayAndAge DespiteItIs DidPast DiscourseMarkers Discuss DoMistake
    DoToDueTo DuringAges FascinatedBy FirstPersonModifierHyphen GoodAt HaveAHardTime
    HowItLooksLike InDemandInDepth InterestedIn IsBeenAuxSequence ItsContraction
    LastButNotLeast LaughOfAt LetToDo LikeTheresNoTomorrow LongTimeAgo LookForwardTo MassNouns
    MeansALotTo MissingDeterminer ModalSeem MostOfTheTimes NeedToNoun NoLonger NotBeAfterNot
    NotOnlyInversion Nowadays OnADailyBasis OnceInAWhile OneOfTheSingular PassionateAbout
    PluralDecades PrincipleToPrincipalRoleNoun QuantifierNumeralConflict ReasonForDoing
    RegularIrregulars SimplePastToPastParticiple SingleBe SoonerOrLater TakeALookTo TakeCareOf
    TheAnother TheEntiretyOf TheLastDays TheirToThere TheirToTheyre ThereToTheir TheyToThem
    ThreatenVerb UseToUsedTo VeryLess ViceVersa WhomSubjectOfVerb WillNonLemma WishCould
    WorthToDo YourPredicateAdjective
    """.split()
)


class HarperLayer:
    """Check text with Harper's kept lint kinds: one linter, one text at a time.

    A linter holds ~95 MB and may not be called from two threads at once; threads marking
    side by side take turns with one (~25 ms a 500-word essay) rather than hold one each.
    """

    name = "harper"

    def __init__(self, british: bool = True) -> None:
        self._british = british
        self._lock = threading.Lock()
        self._linter: Any = None

    def check(self, text: str) -> list[GrammarMatch]:
        """Return Harper's matches of the kept kinds, with character spans."""
        if not text:
            return []
        with self._lock, _stdout_silenced():
            lints = self._built().lint(text)
        found = [_to_match(lint) for lint in lints]
        return [m for m in found if m is not None]

    def _built(self) -> Any:
        """Return the linter, built on first use."""
        if self._linter is None:
            with timed(HARPER):
                import harper

                dialect = harper.Dialect.BRITISH if self._british else harper.Dialect.AMERICAN
                linter = harper.Linter(dialect=dialect)
                rules = linter.get_lint_config()
                linter.set_lint_config({rule: rule in KEPT_RULES for rule in rules})
            self._linter = linter
        return self._linter


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """Send the process's standard output to nowhere while Harper lints.

    harper-py 0.2 prints a debug line ("gerund_form: ...") from Rust straight to file
    descriptor 1, which broke `grader check --format json`. Marking writes nothing to standard
    output while it runs (progress goes to standard error), so nothing of ours is lost.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to protect
        yield
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _replacement(suggestion: Any, flagged: str) -> str:
    """Write a suggestion as the text that replaces the flagged words, as engines do."""
    kind = int(suggestion.kind)
    text = str(suggestion.replacement_text or "")
    if kind == 1:  # remove
        return ""
    if kind == 2:  # insert after: "However" -> "However,"
        return flagged + text
    return text


def _to_match(lint: Any) -> GrammarMatch | None:
    """Turn a Harper lint into a GrammarMatch, or None when its kind is not kept."""
    kind = str(lint.lint_kind)
    category = KINDS.get(kind)
    if category is None:
        return None
    flagged = str(lint.problem_text)
    suggestions = tuple(_replacement(s, flagged) for s in lint.suggestions)
    if NUMBER.fullmatch(flagged.strip()) and all(s.lower().endswith("s") for s in suggestions):
        return None  # "one of the top three" is right: a number is not a noun to make plural
    return GrammarMatch(
        rule_id=f"HARPER_{kind.upper()}",
        category=category,
        issue_type="typographical" if category == "PUNCTUATION" else "grammar",
        message=" ".join(str(lint.message).replace("`", "‘", 1).replace("`", "’", 1).split()),
        suggestions=suggestions[:MAX_SUGGESTIONS],
        start=int(lint.span.start),
        end=int(lint.span.end),
    )
