"""Mechanics: spelling, grammar and punctuation, judged by a measured rule profile."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from grader.analysers.mechanics_checks import (
    finished_or_said,
    in_quotation,
    misfires,
    paragraph_ends,
    quotations,
    told_in_past,
)
from grader.analysers.mechanics_profile import (
    CATEGORIES,
    NAME_SPELLING,
    RULES,
    VARIANT_SPELLING,
    Action,
    extra_rules,
    off_categories,
    off_rules,
)
from grader.analysers.suggestions import fitting_suggestions, possessive_of
from grader.analysers.wording import letter_share, minimum_share
from grader.engines.grammar import EngineOptions, GrammarMatch, Variant
from grader.engines.parser import Parsed
from grader.essay import WORD, Essay
from grader.findings import Assessment, Finding, Severity
from grader.kinds.mechanics import MechanicsCriterion
from grader.services import Services

# The five families a teacher reads errors in, from LanguageTool's categories.
FAMILIES = ("grammar", "spelling", "punctuation", "typography", "style")
FAMILY_OF_CATEGORY = {
    "TYPOS": "spelling",
    "MULTITOKEN_SPELLING": "spelling",
    "COMPOUNDING": "spelling",
    "PUNCTUATION": "punctuation",
    "CASING": "punctuation",  # capital letters are taught with full stops, as punctuation
    "TYPOGRAPHY": "typography",
    "STYLE": "style",
    "REDUNDANCY": "style",
    "REPETITIONS_STYLE": "style",
    "PLAIN_ENGLISH": "style",
    "WIKIPEDIA": "style",
    "AMERICAN_ENGLISH": "style",
    "BRITISH_ENGLISH": "style",
    "BRE_STYLE_OXFORD_SPELLING": "style",
    "CREATIVE_WRITING": "style",
    "TEXT_ANALYSIS": "style",
}
FAMILY_OF_ISSUE = {"misspelling": "spelling", "typographical": "typography", "style": "style"}
# Keys of a fact sheet whose values are names and terms an essay on it may use.
NAME_KEYS = frozenset(
    "name names alias aliases about person people place places term terms spellings".split()
)
# Entities the parser names: a word it reads as a person, place or people is not misspelt.
NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "ORG"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Za-z]+)*\b")
# What shows a word is a name or a term the writer chose, wherever it stands: a title before it
# ("Mrs Pengelly"), a capital inside it ("SoundWave", "iPhone": a brand), or being introduced
# by name ("a short sword called a gladius", "known as the Cheka").
_AFTER_TITLE = re.compile(
    r"\b(?:Mrs?|Ms|Miss|Dr|Sir|Lady|Lord|Professor|Prof|Captain|Uncle|Aunt|Saint|St)\.?[ \t]+"
    r"([A-Z][\w’'-]+)"
)
_INNER_CAPITAL = re.compile(r"\b(?:[A-Z][a-z]+|i)[A-Z][A-Za-z]*\b")
_INTRODUCED = re.compile(
    r"\b(\w+)[ \t]+(?:called|named|termed|known as)[ \t]+(?:(?:a|an|the)[ \t]+)?([\w’'-]+)",
    re.IGNORECASE,
)
# "We called the police": after a person the verb is a deed, and what follows is not a term.
_CALLER = frozenset("i we you he she they who which that then and also just".split())
# IUPAC's "sulfur", "sulfate" are the spellings British science syllabuses and the RSC use: the
# en-GB dictionary's "sulph-" is the older one, not a correction to make.
_IUPAC_SULF = re.compile(r"sulf", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)?)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+(?:['’][A-Za-z]+)?)")
# Rules whose fix moves a mark that may touch the next word (their fix adds the space then).
MARK_SPACE_RULES = frozenset({"COMMA_PARENTHESIS_WHITESPACE"})
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?…:;\n][\"'“‘(\[\s]*)$")


@dataclass(frozen=True)
class Judged:
    """A match with the severity the profile gives it and the family it counts in."""

    match: GrammarMatch
    severity: Severity
    family: str
    text: str


def analyse_mechanics(
    essay: Essay, criterion: MechanicsCriterion, services: Services
) -> Assessment:
    """Check spelling, grammar and punctuation, and count the errors per 100 words."""
    rubric = services.rubric
    variant: Variant = rubric.language if rubric is not None else "en-GB"
    options = engine_options(variant, criterion.enabled_rules)
    engine = services.grammar(options, rubric.grammar_engine if rubric is not None else "auto")
    allowed = allowed_words(
        criterion.allowed_words, names_from_facts(rubric.facts if rubric else None)
    )
    matches = engine.check(essay.text)
    matches = [*matches, *paragraph_ends(essay.text, essay.paragraphs, matches)]
    # The engine's layers parsed this text already: the parser returns the same parse.
    parsed = services.parser().parse(essay.text) if matches and essay.text.strip() else None
    if rubric is None or rubric.genre != "narrative":
        # In an essay the words in quotation marks are a source's (Shakespeare's "o'erleaps",
        # a title, a witness): not the student's to correct. In a story they are the student's
        # own dialogue, and checked.
        inside = quotations(essay.text)
        matches = [m for m in matches if not in_quotation(m, inside)]
    assessment = assess_matches(essay, criterion, matches, allowed, parsed)
    # How much writing the accuracy was shown over: a few clean lines prove little control.
    assessment.measures["word_count"] = float(essay.word_count)
    assessment.measures["minimum_share"] = minimum_share(
        essay.word_count, rubric.word_count if rubric else None
    )
    return assessment


def engine_options(variant: Variant, enabled_rules: Iterable[str] = ()) -> EngineOptions:
    """Build the engine with the profile's rules off, unless the rubric turns them back on."""
    enabled = frozenset(enabled_rules)
    return EngineOptions(
        variant=variant,
        enabled_rules=enabled | extra_rules(),
        disabled_rules=off_rules() - enabled,
        disabled_categories=off_categories(),
    )


# Long (~70 lines) on purpose: one pass that judges each match in the essay's order, with the
# repeats, allowed words and sentence tallies it shares; split, the tallies would travel apart.
def assess_matches(
    essay: Essay,
    criterion: MechanicsCriterion,
    matches: Sequence[GrammarMatch],
    allowed: frozenset[str] = frozenset(),
    parsed: Parsed | None = None,
) -> Assessment:
    """Judge an engine's matches by the profile and the criterion, then group and count them."""
    disabled_rules = set(criterion.disabled_rules)
    disabled_categories = set(criterion.disabled_categories)
    enabled = set(criterion.enabled_rules)
    names = names_in(essay.text, matches)
    known = allowed | essay_names(essay.text, parsed)
    judged: list[Judged] = []
    # " .After": one slip, fixed by ". " on the mark, not a second finding asking for the space
    spaced_marks = {m.end for m in matches if m.rule_id in MARK_SPACE_RULES}
    for match in matches:
        if match.rule_id in disabled_rules or match.category in disabled_categories:
            continue
        if match.rule_id == "SENTENCE_WHITESPACE" and match.start in spaced_marks:
            continue
        if misfires(match, essay.text, parsed):
            continue
        match = finished_or_said(match, parsed)
        flagged = essay.text[match.start : match.end]
        possessive = possessive_of(flagged, match.suggestions) if match.is_spelling else None
        if possessive is not None:
            # "Stalins regime": the name is right and the apostrophe missing
            match = replace(match, suggestions=(possessive,))
            judged.append(Judged(match, "error", "spelling", flagged))
            continue
        if (
            match.is_spelling
            and _bare_word(flagged) in known
            and not _name_written_small(match, flagged)
        ):
            continue
        if match.is_spelling and is_variant_spelling(match) and _IUPAC_SULF.search(flagged):
            continue
        fitting = fitting_suggestions(
            match,
            flagged,
            _tag(parsed, match),
            *neighbours(essay.text, match.start, match.end),
            past=parsed is not None and told_in_past(parsed, match.start, match.end),
            following=essay.text[match.end : match.end + 1],
        )
        match = replace(match, suggestions=fitting)
        severity = severity_of(match, flagged in names, enabled)
        if severity is None:
            continue
        judged.append(Judged(match, severity, family_of(match), flagged))
    findings = _grouped_findings(judged, criterion)
    errors = [j for j in judged if j.severity == "error"]
    per_100 = 100.0 / max(essay.word_count, 1)
    measures = {"errors_per_100_words": len(errors) * per_100}
    for family in FAMILIES:
        count = sum(1 for j in errors if j.family == family)
        measures[f"{family}_per_100_words"] = count * per_100
    measures["distinct_issues"] = float(sum(1 for f in findings if f.severity == "error"))
    # Suggestions and checked length are evidence the level weighs apart from the errors.
    measures["suggestions_per_100_words"] = (
        sum(1 for j in judged if j.severity == "suggestion") * per_100
    )
    measures["errors_found"] = float(len(errors))
    # Descriptors speak of sentences ("errors in many sentences"): count them, not words.
    with_errors = {_sentence_of(essay, j.match.start) for j in errors} - {-1}
    measures["sentences_with_errors"] = float(len(with_errors))
    measures["sentences_with_errors_share"] = len(with_errors) / max(len(essay.sentences), 1)
    # A run-on of hundreds of words hides its missing full stops from the engine.
    measures["longest_sentence_words"] = float(
        max((essay.words_in(s) for s in essay.sentences), default=0)
    )
    measures["letter_share"] = letter_share(essay.text)
    return Assessment(measures=measures, findings=tuple(findings))


def _sentence_of(essay: Essay, offset: int) -> int:
    """Return the index of the sentence holding an offset (-1 when it falls between)."""
    starts = [s.start for s in essay.sentences]
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset <= essay.sentences[i].end else -1


def severity_of(match: GrammarMatch, is_name: bool, enabled: set[str]) -> Severity | None:
    """Give a match the severity its rule earned on real essays; None when the rule is off."""
    if match.rule_id in enabled:
        return "error"  # the rubric asked for this rule by name
    if match.is_spelling:
        if is_variant_spelling(match):
            return _severity(VARIANT_SPELLING.action)
        if is_name:
            return _severity(NAME_SPELLING.action)
    setting = RULES.get(match.rule_id) or CATEGORIES.get(match.category)
    return "error" if setting is None else _severity(setting.action)


def _severity(action: Action) -> Severity | None:
    """Turn a profile action into a finding's severity (None: not reported)."""
    return None if action == "off" else action


def is_variant_spelling(match: GrammarMatch) -> bool:
    """Tell whether a spelling match only objects to the other side of the Atlantic's spelling."""
    return "American English" in match.message or "British English" in match.message


def names_in(text: str, matches: Iterable[GrammarMatch]) -> set[str]:
    """Return the unknown words the essay capitalises inside a sentence: probably names.

    A word counts everywhere once it is seen so, even where it opens a sentence.
    """
    return {
        text[m.start : m.end]
        for m in matches
        if m.is_spelling
        and text[m.start : m.start + 1].isupper()
        and not _OPENS_SENTENCE.search(text, 0, m.start)
    }


def essay_names(text: str, parsed: Parsed | None) -> frozenset[str]:
    """Return the names an essay itself shows: capitalised words it repeats, words after a
    title, with a capital inside or introduced by name, and the people, places and peoples the
    parser finds (lower case, without a possessive ending)."""
    counts = Counter(m.group() for m in _CAPITALISED.finditer(text))
    found = {_bare_word(word) for word, n in counts.items() if n >= 2}
    found.update(_bare_word(m.group(1)) for m in _AFTER_TITLE.finditer(text))
    found.update(_bare_word(m.group()) for m in _INNER_CAPITAL.finditer(text))
    found.update(
        _bare_word(m.group(2))
        for m in _INTRODUCED.finditer(text)
        if m.group(1).lower() not in _CALLER
    )
    if parsed is not None:
        for entity in parsed.entities:
            if entity.label in NAME_LABELS:
                found.update(
                    _bare_word(w.group())
                    for w in WORD.finditer(text, entity.start, entity.end)
                    if w.group()[:1].isupper()
                )
        # "Zinoviev and Kamenev": a proper noun joined to a name is a name too
        words = parsed.words
        for word in words:
            other = words[word.head]
            if word.dep == "conj" and word.pos == other.pos == "PROPN":
                pair = {_bare_word(word.text), _bare_word(other.text)}
                if pair & found:
                    found.update(pair)
    return frozenset(found)


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the words just before and after a span in its sentence ("" past a mark)."""
    before = _WORD_BEFORE.search(text, max(start - 40, 0), start)
    after = _WORD_AFTER.match(text, end, end + 40)
    return (before.group(1) if before else "", after.group(1) if after else "")


def _tag(parsed: Parsed | None, match: GrammarMatch) -> str:
    """Return the parser's fine tag for the first word of a match ("" without a parse)."""
    if parsed is None:
        return ""
    i = parsed.word_at(match.start)
    return parsed.words[i].tag if i is not None else ""


def family_of(match: GrammarMatch) -> str:
    """Return the family (grammar, spelling, ...) a match counts in."""
    if match.is_spelling:
        return "spelling"
    return FAMILY_OF_CATEGORY.get(match.category) or FAMILY_OF_ISSUE.get(
        match.issue_type, "grammar"
    )


def allowed_words(*word_lists: Iterable[str]) -> frozenset[str]:
    """Collect words never to flag as misspelt, one word at a time and ignoring case."""
    return frozenset(
        word.group().lower()
        for words in word_lists
        for text in words
        for word in WORD.finditer(text)
    )


def names_from_facts(facts: str | list[Any] | dict[str, Any] | None) -> list[str]:
    """Collect the names and terms in a fact sheet (a file or an inline list of facts).

    Until the fact-sheet format settles this reads it defensively: every string under a key
    such as `names`, `aliases`, `about`, `person` or `place`, and the capitalised words of
    every `statement`.
    """
    if facts is None:
        return []
    if isinstance(facts, str):
        return list(_names_in_file(facts))
    found: list[str] = []
    _collect_names(facts, found, under_name_key=False)
    return found


# Immutable: a tuple of names per file (lru_cache's table is safe to share between threads).
@functools.lru_cache(maxsize=8)
def _names_in_file(path: str) -> tuple[str, ...]:
    """Read a fact-sheet file's names once per process, not once per essay."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()  # the facts criterion reports an unreadable fact sheet
    return tuple(names_from_facts(data if isinstance(data, list | dict) else None))


def _collect_names(node: Any, found: list[str], under_name_key: bool) -> None:
    """Walk a fact sheet, gathering name strings and the capitalised words of statements."""
    if isinstance(node, dict):
        for key, value in node.items():
            name = str(key).lower()
            if name == "statement" and isinstance(value, str):
                found.extend(w.group() for w in WORD.finditer(value) if w.group()[:1].isupper())
            else:
                _collect_names(value, found, under_name_key or name in NAME_KEYS)
    elif isinstance(node, list):
        for item in node:
            _collect_names(item, found, under_name_key)
    elif isinstance(node, str) and under_name_key:
        found.append(node)


def _name_written_small(match: GrammarMatch, flagged: str) -> bool:
    """Tell whether a word in lower case gets a name as the dictionary's first guess ("a club
    called valenciano" -> "Valenciana"): a name written small, not a term of the essay's own."""
    first = match.suggestions[0] if match.suggestions else ""
    return flagged[:1].islower() and first[:1].isupper()


def _bare_word(flagged: str) -> str:
    """Lower-case a flagged word without a possessive ending ("Yezhov’s" -> "yezhov")."""
    return re.sub(r"['’]s$", "", flagged.strip()).lower()


def _grouped_findings(judged: Sequence[Judged], criterion: MechanicsCriterion) -> list[Finding]:
    """Make one finding per distinct mistake, listing where else the same mistake was made."""
    groups: dict[tuple[str, str, str, str], list[Judged]] = {}
    for item in judged:
        # The message is in the key: one rule says different things of different subjects.
        key = (item.match.rule_id, item.text.lower(), item.severity, item.match.message)
        groups.setdefault(key, []).append(item)
    findings = []
    for items in groups.values():
        first = items[0]
        match = first.match
        findings.append(
            Finding(
                criterion=criterion.id,
                kind=criterion.kind,
                code=f"mechanics.{match.category}.{match.rule_id}",
                severity=first.severity,
                message=message_for(first, len(items)),
                start=match.start,
                end=match.end,
                suggestions=match.suggestions,
                rule_id=match.rule_id,
                category=match.category,
                also_at=tuple((i.match.start, i.match.end) for i in items[1:]) or None,
            )
        )
    return sorted(findings, key=lambda f: (f.start, f.end, f.code))


# The grammar engine's terms and the words a 15-year-old knows for them.
PLAIN_WORDS = (
    ("the conjunctive/linking adverb", "the linking word"),
    ("conjunctive/linking adverb", "linking word"),
    ("two independent clauses", "two complete sentences"),
    ("independent clauses", "complete sentences"),
    ("independent clause", "complete sentence"),
    ("a third-person plural verb", "the verb form for 'they'"),
    ("third-person singular", "he/she/it"),
    ("Possible spelling mistake found.", "Check the spelling."),
)


def plain_words(message: str) -> str:
    """Replace the grammar engine's jargon with plain words."""
    for jargon, plain in PLAIN_WORDS:
        message = message.replace(jargon, plain)
    return message


def message_for(item: Judged, times: int = 1) -> str:
    """Say what is wrong and what to do, in plain words, quoting the words flagged."""
    match, word = item.match, item.text
    quoted = f"‘{word.strip()}’" if any(c.isalnum() for c in word) else ""
    repeated = f" ×{times}" if times > 1 else ""
    first = f"‘{match.suggestions[0]}’" if match.suggestions else ""
    if match.is_spelling and is_variant_spelling(match):
        other, own = (
            ("American", "British") if "American" in match.message else ("British", "American")
        )
        text = f"this is the {other} spelling; in {own} English write {first or 'it differently'}"
    elif match.is_spelling and match.suggestions[:1] == (possessive_of(word, match.suggestions),):
        text = f"add the apostrophe – {first}, belonging to {word[:-1]}"
    elif match.is_spelling and item.severity == "suggestion":
        text = "not in the dictionary; if it is a name, leave it, otherwise check the spelling"
    elif match.is_spelling:
        text = f"check the spelling – did you mean {first}?" if first else "check the spelling"
    else:
        text = plain_words(match.message) or "Check this."
        if first and match.suggestions[0].strip() and match.suggestions[0] not in text:
            text += f" Try {first}."
    if quoted or repeated:
        return f"{quoted}{repeated}: {text}".lstrip()
    return text[:1].upper() + text[1:]
