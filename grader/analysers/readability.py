"""Readability: textstat's formulas against the target grade band, and sentence-level feedback.

The reading grade (the median of four textstat grade formulas) is judged against the criterion's
`target_grade`: too hard and too easy are both findings over the whole essay. The checks in
`READABILITY_CHECKS` then point at the sentences and paragraphs to work on: very long sentences
(with a place to split them), paragraphs thick with the passive voice, runs of sentences that
begin alike, a repetitive vocabulary (MTLD) and overused vague words. The level still comes from
`grade_distance`; the other measures are reported beside it and a rubric may level on them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from math import ceil, floor
from statistics import median, pstdev

# Shared read-only: textstat's module-level object is never given another language or rounding
# here; its lru_caches hold numbers, and pyphen's per-dictionary memo stores each word whole.
import textstat

from grader.analysers.checks import NOT_APPLICABLE, Check, Hit, Outcome, quoted
from grader.analysers.diversity import mtld
from grader.analysers.sentence_shape import has_clause, passive_phrases, split_point
from grader.analysers.wording import is_content_word, length_share, letter_share, words_in
from grader.engines.parser import Parsed
from grader.essay import FINAL_PUNCTUATION, WORD, Essay, Span
from grader.findings import Assessment
from grader.kinds.readability import ReadabilityCriterion
from grader.rubric.measures import RUN_ON_WORDS
from grader.rubric.schema import ARGUED_GENRES
from grader.services import Services

KIND = "readability"

# The formulas that report a US school grade; their median is the essay's reading grade.
GRADE_FORMULAS = ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index")

REPEATED_OPENING_RUN = 3  # this many sentences in a row opening with the same word
MTLD_LOW = 50.0  # below this an essay's vocabulary is repetitive (essays usually reach 60-100)
MTLD_MIN_WORDS = 100  # MTLD is unreliable on shorter texts
# Vague or informal words that weaken an essay when leaned on.
VAGUE_WORDS = frozenset(
    """
    very really alot lot lots thing things stuff got get gets getting big good bad nice basically
    actually literally totally just huge massive pretty quite kind sort loads
    """.split()
)
OVERUSED_MIN = 3  # a vague word used this often is overused
# "Just" telling time is no filler: "had just died", "just before the war", "just as ...".
JUST_TIME_BEFORE = frozenset({"has", "have", "had", "'ve", "'d"})
JUST_TIME_AFTER = frozenset({"before", "after", "as", "when", "then", "now"})
OVERUSED_SHARE = 0.005  # ... if it also makes up this share of the words


LONG_WORD_LETTERS = 7


def measure_readability(text: str) -> dict[str, float]:
    """Compute every readability formula the tool reports, rounded as textstat rounds."""
    formulas = {
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
        "flesch_reading_ease": textstat.flesch_reading_ease,
        "gunning_fog": textstat.gunning_fog,
        "smog_index": textstat.smog_index,
        "coleman_liau_index": textstat.coleman_liau_index,
        "dale_chall": textstat.dale_chall_readability_score,
    }
    measures = {name: float(formula(text)) for name, formula in formulas.items()}
    measures["reading_grade"] = float(median(measures[name] for name in GRADE_FORMULAS))
    return measures


PARSED_WORDS = 20_000  # more is a book, not an essay: no parse for its readability advice


@dataclass(frozen=True)
class Reading:
    """An essay with the figures its readability checks share, each worked out once."""

    essay: Essay
    criterion: ReadabilityCriterion
    formulas: dict[str, float]
    genre: str = "argument"  # the kind of writing asked for (the rubric's `genre`)
    services: Services = field(default_factory=Services, compare=False, repr=False)

    @cached_property
    def parsed(self) -> Parsed | None:
        """Return the essay's parse, shared with the other analysers (none for a book).

        A book handed in by mistake would hold the shared pipeline for minutes, and every essay
        behind it past --timeout; its long sentences get plain advice instead of a split point.
        """
        if self.essay.word_count > PARSED_WORDS:
            return None
        return self.services.parser().parse(self.essay.text)

    @cached_property
    def names(self) -> frozenset[str]:
        """Return the names in the essay, lower-cased: the people, places and things it names.

        A name is a word the parse tags as a proper noun, or one the essay always capitalises
        where it is not the first word of a sentence ("Maria", "Kirov"). Repeating a character's
        name is not a narrow vocabulary.
        """
        parsed = self.parsed
        if parsed is None:
            return frozenset()
        proper = {w.text.lower() for w in parsed.words if w.pos == "PROPN" or w.entity == "PERSON"}
        lowered = {w.text for w in parsed.words if w.text.islower()}
        return frozenset(w for w in proper if w not in lowered)

    @property
    def grade(self) -> float:
        """Return the reading grade: the median of the grade formulas."""
        return self.formulas["reading_grade"]

    def text(self, span: Span) -> str:
        """Return the text of a span."""
        return self.essay.text[span.start : span.end]

    def words(self, span: Span) -> list[re.Match[str]]:
        """Return the words inside a span, with their offsets."""
        return list(words_in(self.essay, span))

    @cached_property
    def lowered_words(self) -> list[str]:
        """Return every word of the essay in lower case."""
        return [m.group().lower() for m in self.words(Span(0, len(self.essay.text)))]

    @cached_property
    def long_sentences(self) -> tuple[Span, ...]:
        """Return the sentences longer than the criterion's limit."""
        limit = self.criterion.long_sentence_words
        return tuple(s for s in self.essay.sentences if self.essay.words_in(s) > limit)

    @cached_property
    def mean_sentence_words(self) -> float:
        """Return the average number of words in a sentence."""
        sentences = self.essay.sentences
        return sum(self.essay.words_in(s) for s in sentences) / max(len(sentences), 1)

    @cached_property
    def passives(self) -> dict[Span, list[str]]:
        """Map each sentence that uses the passive voice to its passive phrases."""
        found = {s: passive_phrases(self.text(s)) for s in self.essay.sentences}
        return {s: phrases for s, phrases in found.items() if phrases}

    @cached_property
    def passive_share(self) -> float:
        """Return the share of sentences that use the passive voice."""
        sentences = self.essay.sentences
        return len(self.passives) / len(sentences) if sentences else 0.0

    @cached_property
    def repeated_openings(self) -> tuple[tuple[str, tuple[Span, ...]], ...]:
        """Return each run of sentences in one paragraph that open with the same word."""
        runs = []
        for paragraph in self.essay.paragraphs:
            sentences = [
                s for s in self.essay.sentences if paragraph.start <= s.start < paragraph.end
            ]
            run: list[Span] = []
            # Headings and table rows ("Temperature 20°C: 62 s") are not sentences to vary
            sentences = [s for s in sentences if FINAL_PUNCTUATION.search(self.text(s))]
            for sentence in sentences:
                if run and self.opening(sentence) != self.opening(run[0]):
                    if len(run) >= REPEATED_OPENING_RUN:
                        runs.append((self.opening(run[0]), tuple(run)))
                    run = []
                run.append(sentence)
            if len(run) >= REPEATED_OPENING_RUN:
                runs.append((self.opening(run[0]), tuple(run)))
        return tuple((word, run) for word, run in runs if word)

    def opening(self, sentence: Span) -> str:
        """Return a sentence's first word, in lower case."""
        words = self.words(sentence)
        return words[0].group().lower() if words else ""

    @cached_property
    def mtld(self) -> float:
        """Return the essay's MTLD."""
        return mtld(self.lowered_words)

    @cached_property
    def overused(self) -> dict[str, int]:
        """Map each overused vague word to how often it appears."""
        words = self.lowered_words
        counts = Counter(
            w for i, w in enumerate(words) if w in VAGUE_WORDS and not _just_in_time(words, i)
        )
        floor = max(OVERUSED_MIN, OVERUSED_SHARE * len(words))
        return {w: n for w, n in counts.most_common() if n >= floor}


def _just_in_time(words: list[str], i: int) -> bool:
    """Tell whether the word at i is "just" telling when ("had just died"), not filler."""
    if words[i] != "just":
        return False
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in JUST_TIME_BEFORE or after in JUST_TIME_AFTER


# How to vary sentence openings. An argument moves with linking words; a story or a letter
# moves with time and action: "Likewise, he gave up swimming" is no way to tell events.
ARGUED_OPENINGS = (
    "Vary how they start: open one with a time ('In 1937, …'), a linking word ('However, …') or "
    "a different subject."
)
TOLD_OPENINGS = (
    "Vary how they start: open one with a time ('That evening, …'), with what was happening "
    "('When she got home, …') or with a different subject, and join two short ones with 'and' "
    "or 'but'."
)

# --- the checks -------------------------------------------------------------------------------


def _band(reading: Reading) -> str:
    band = reading.criterion.target_grade
    return f"{band.min:g}–{band.max:g}"


# A US school grade is read by children about five years older: grade 8, age 13 (UK Year 9).
GRADE_TO_AGE = 5


def readers_of(grade: float, side: str = "") -> str:
    """Say who a reading grade is written for, in ages a student knows.

    `side` is "below" or "above" when the grade lies outside a target band: the age is then
    rounded away from the band (down below it, up above it), so that a grade of 9.6 against
    a band of 10-14 reads "aged about 14", never "about 15", the band's own first age.
    """
    exact = grade + GRADE_TO_AGE
    age = floor(exact) if side == "below" else ceil(exact) if side == "above" else round(exact)
    return "adult readers (university level)" if age >= 19 else f"readers aged about {age}"


def _band_ages(reading: Reading) -> str:
    band = reading.criterion.target_grade
    return f"ages {band.min + GRADE_TO_AGE:g}–{band.max + GRADE_TO_AGE:g}"


def _run_on(reading: Reading) -> Outcome:
    hits = [
        Hit(s.start, s.end, {"words": reading.essay.words_in(s)})
        for s in reading.essay.sentences
        if reading.essay.words_in(s) > RUN_ON_WORDS
    ]
    return Outcome(0.0 if hits else 1.0, tuple(hits))


def _measurable(reading: Reading) -> bool:
    """Tell whether the text reads as sentences, so that a reading grade means something."""
    return not any(reading.essay.words_in(s) > RUN_ON_WORDS for s in reading.essay.sentences)


# A grade less than half a grade outside the band is the band's own age in whole years ("aged
# about 13" for 12.9 against 13-17): saying it is too easy or too hard contradicts that age.
AGE_ROUNDING = 0.5


# "Too hard" asks for shorter sentences and plainer words. Where the sentences are of a
# readable length on average, the grade is the subject's own terms ("thiosulfate", "activation
# energy", "deliberation"), which no plainer word replaces: in the labelled essays of issue 36
# every "too hard" on sentences averaging 16-23 words was called false, and the ones on the seed
# essay (25 words) and a learner's essay (31 words) true. Plain-English guides put a readable
# average at 15-20 words; above 24 the sentences are what makes a text hard.
READABLE_SENTENCE_WORDS = 24


def _too_hard(reading: Reading) -> Outcome:
    if not _measurable(reading):
        return NOT_APPLICABLE  # the run-on check says why instead of a grade of 400
    if reading.grade < reading.criterion.target_grade.max + AGE_ROUNDING:
        return Outcome(met=1.0)
    if reading.mean_sentence_words <= READABLE_SENTENCE_WORDS:
        return Outcome(met=1.0)
    values = {
        "grade": f"{reading.grade:.1f}",
        "band": _band(reading),
        "readers": readers_of(reading.grade, "above"),
        "ages": _band_ages(reading),
    }
    return Outcome(0.0, (Hit(0, len(reading.essay.text), values),))


def _too_easy(reading: Reading) -> Outcome:
    if not _measurable(reading) or reading.genre == "narrative":
        # A story's short sentences and dialogue are its craft, and a grade formula built on
        # explaining prose reads them as simple: "use the precise terms of the subject" misfits.
        return NOT_APPLICABLE
    if reading.grade > reading.criterion.target_grade.min - AGE_ROUNDING:
        return Outcome(met=1.0)
    values = {
        "grade": f"{reading.grade:.1f}",
        "band": _band(reading),
        "readers": readers_of(reading.grade, "below"),
        "ages": _band_ages(reading),
    }
    return Outcome(0.0, (Hit(0, len(reading.essay.text), values),))


def _long_sentence(reading: Reading) -> Outcome:
    hits = []
    for sentence in reading.long_sentences:
        words = reading.essay.words_in(sentence)
        if words > RUN_ON_WORDS:
            continue  # the run-on check tells of it
        split = split_point(reading.essay, sentence, reading.parsed)
        if split is None and _lists_after_colon(reading, sentence):
            continue
        if split is None:
            advice = "Split it into two or three sentences, one for each idea."
        elif split[1]:
            advice = (
                f"Split it after '{split[0]}': end with a full stop there and start a new "
                f"sentence with '{split[1]}'."
            )
        else:
            advice = (
                f"Split it after '{split[0]}': end with a full stop there and turn the words "
                "after it into a sentence of their own."
            )
        values = {"words": words, "limit": reading.criterion.long_sentence_words, "advice": advice}
        hits.append(Hit(sentence.start, sentence.end, values))
    sentences = len(reading.essay.sentences)
    return Outcome(1 - len(hits) / sentences if sentences else 1.0, tuple(hits))


def _lists_after_colon(reading: Reading, sentence: Span) -> bool:
    """Tell whether a long sentence is a short statement and, after a colon, a list with no
    clause of its own ("... the damage done to debate: the spread of falsehood, the loss of
    shared facts, and ..."): it reads item by item, and no split leaves two sentences."""
    parsed = reading.parsed
    colon = reading.text(sentence).find(":")
    if parsed is None or colon < 0:
        return False
    start = sentence.start + colon + 1
    head = Span(sentence.start, start)
    return reading.essay.words_in(head) <= reading.criterion.long_sentence_words and not (
        has_clause(parsed, start, sentence.end, main=False)
    )


def _passive_voice(reading: Reading) -> Outcome:
    if not reading.essay.sentences:
        return NOT_APPLICABLE
    limit = reading.criterion.passive_share
    if reading.passive_share <= limit:
        return Outcome(met=1.0)
    hits = []
    for paragraph in reading.essay.paragraphs:
        sentences = [
            s for s in reading.essay.sentences if paragraph.start <= s.start < paragraph.end
        ]
        passive = [s for s in sentences if s in reading.passives]
        if len(passive) >= 2 and len(passive) / len(sentences) > limit:
            phrases = [p for s in passive for p in reading.passives[s]]
            values = {
                "count": len(passive),
                "sentences": len(sentences),
                "phrases": quoted(phrases),
            }
            hits.append(Hit(paragraph.start, paragraph.end, values))
    return Outcome(0.0, tuple(hits))


# A letter is written by "I" to "you": "I bought ... I returned ... I request ..." is its voice,
# and a request or a complaint said otherwise reads less plainly (issue 36, a labelled letter).
LETTER_VOICE = frozenset({"i"})


def _repeated_openings(reading: Reading) -> Outcome:
    advice = ARGUED_OPENINGS if reading.genre in ARGUED_GENRES else TOLD_OPENINGS
    hits = tuple(
        Hit(
            run[0].start,
            run[-1].end,
            {"count": len(run), "word": word.capitalize(), "advice": advice},
        )
        for word, run in reading.repeated_openings
        if not (reading.genre == "letter" and word in LETTER_VOICE)
    )
    return Outcome(0.0 if hits else 1.0, hits)


def _low_diversity(reading: Reading) -> Outcome:
    if len(reading.lowered_words) < MTLD_MIN_WORDS or reading.genre == "report":
        # A report names its variables and materials the same way every time ("temperature",
        # "rate"): another word for them would be less precise, not more varied.
        return NOT_APPLICABLE
    if reading.mtld >= MTLD_LOW:
        return Outcome(met=1.0)
    # Names are not repetition: a story says "Maria" as often as Maria acts.
    counts = Counter(
        w for w in reading.lowered_words if is_content_word(w) and w not in reading.names
    )
    repeated = [w for w, n in counts.most_common(3) if n > 2]
    if not repeated:
        return Outcome(reading.mtld / MTLD_LOW)  # nothing but names to vary: no advice to give
    values = {"mtld": f"{reading.mtld:.0f}", "low": f"{MTLD_LOW:g}", "repeated": quoted(repeated)}
    return Outcome(reading.mtld / MTLD_LOW, (Hit(0, len(reading.essay.text), values),))


def _overused_word(reading: Reading) -> Outcome:
    hits = []
    for word, count in reading.overused.items():
        per_paragraph = [
            (sum(1 for m in reading.words(p) if m.group().lower() == word), p)
            for p in reading.essay.paragraphs
        ]
        most, paragraph = max(per_paragraph, key=lambda pair: pair[0])
        values = {"word": word, "count": count, "here": most}
        hits.append(Hit(paragraph.start, paragraph.end, values))
    return Outcome(0.0 if hits else 1.0, tuple(hits))


READABILITY_CHECKS: tuple[Check[Reading], ...] = (
    Check(
        id="run-on",
        measures=f"Stretches of more than {RUN_ON_WORDS} words with no full stop.",
        message=(
            "This runs on for {words} words without a full stop, so it cannot be read, or "
            "measured, as sentences. End each idea with a full stop and start the next with a "
            "capital letter."
        ),
        example="Stalin feared his rivals. He had them tried and shot.",
        run=_run_on,
        severity="error",
    ),
    Check(
        id="too-hard",
        measures="Whether the reading grade is above the target band.",
        message=(
            "Your writing reads like text for {readers}, harder than the target ({ages}): use "
            "shorter sentences and plainer words where you can (start with the long sentences "
            "marked below)."
        ),
        example="Stalin feared rivals. He used the show trials to remove them.",
        run=_too_hard,
    ),
    Check(
        id="too-easy",
        measures="Whether the reading grade is below the target band.",
        message=(
            "Your writing reads like text for {readers}, simpler than the target ({ages}): join "
            "short related sentences and use the precise terms of the subject."
        ),
        example="Because Stalin feared rivals, he staged show trials to remove them.",
        run=_too_easy,
    ),
    Check(
        id="long-sentence",
        measures="Sentences longer than the criterion's `long_sentence_words` (default 35).",
        message="This {words}-word sentence is hard to follow (more than {limit} words). {advice}",
        example="Kirov was shot in December 1934. Stalin used his murder as an excuse.",
        run=_long_sentence,
    ),
    Check(
        id="passive-voice",
        measures="Paragraphs thick with the passive ('was arrested') in an essay that leans on it.",
        message=(
            "{count} of the {sentences} sentences in this paragraph use the passive ({phrases}), "
            "which hides who acted. Where it matters, say who did it: 'The NKVD arrested him' "
            "rather than 'He was arrested'."
        ),
        example="The NKVD arrested Bukharin in 1937.",
        run=_passive_voice,
    ),
    Check(
        id="repeated-openings",
        measures="Three or more sentences in a row that begin with the same word.",
        message="These {count} sentences in a row all begin with '{word}'. {advice}",
        example="Stalin feared rivals. In 1936, the first show trial began. However, …",
        run=_repeated_openings,
        severity="suggestion",
    ),
    Check(
        id="low-diversity",
        measures="Lexical diversity (MTLD) below 50 in essays of 100 words or more.",
        message=(
            "Your vocabulary is repetitive (lexical diversity {mtld}; essays usually reach {low} "
            "or more). Find other words for the ones you repeat most, such as {repeated}."
        ),
        example="The purge removed rivals; the show trials humiliated them.",
        run=_low_diversity,
    ),
    Check(
        id="overused-word",
        measures="Vague words ('very', 'a lot', 'things') used three or more times.",
        message=(
            "You use '{word}' {count} times ({here} in this paragraph). Cut it or choose a more "
            "precise word."
        ),
        example="Stalin was deeply suspicious (rather than 'very paranoid').",
        run=_overused_word,
        severity="suggestion",
    ),
)
CHECKS_BY_ID = {check.id: check for check in READABILITY_CHECKS}


def vocabulary(text: str) -> dict[str, float]:
    """Count distinct words and long words: the range of vocabulary, as markers reward it."""
    words = [m.group().lower() for m in WORD.finditer(text)]
    long_words = sum(1 for word in words if len(word) >= LONG_WORD_LETTERS)
    return {
        "unique_words": float(len(set(words))),
        "long_words": float(long_words),
        "long_word_share": long_words / max(len(words), 1),
        "mean_word_letters": sum(map(len, words)) / max(len(words), 1),
    }


def analyse_readability(
    essay: Essay, criterion: ReadabilityCriterion, services: Services
) -> Assessment:
    """Measure readability against the target band and point at the sentences to work on."""
    services.syllables()
    formulas = measure_readability(essay.text)
    genre = services.rubric.genre if services.rubric is not None else "argument"
    reading = Reading(essay, criterion, formulas, genre, services)
    band = criterion.target_grade
    sentence_words = [essay.words_in(s) for s in essay.sentences] or [0]
    measures = dict(formulas)
    measures |= {
        "target_grade_min": band.min,
        "target_grade_max": band.max,
        "grade_distance": max(band.min - reading.grade, reading.grade - band.max, 0.0),
        "long_sentences": float(len(reading.long_sentences)),
        "longest_sentence_words": float(max(sentence_words)),
        "mean_sentence_words": reading.mean_sentence_words,
        "passive_share": reading.passive_share,
        "repeated_openings": float(len(reading.repeated_openings)),
        "mtld": reading.mtld,
        "sentence_count": float(len(essay.sentences)),
        "long_sentence_share": len(reading.long_sentences) / max(len(essay.sentences), 1),
        "sentence_length_spread": pstdev(sentence_words),
        "letter_share": letter_share(essay.text),
        "word_count": float(essay.word_count),
        "length_share": length_share(
            essay.word_count, services.rubric.word_count if services.rubric else None
        ),
        "overused_words": float(len(reading.overused)),
        **vocabulary(essay.text),
    }
    findings = tuple(
        finding
        for check in READABILITY_CHECKS
        for finding in check.findings(KIND, criterion.id, check.run(reading))
    )
    return Assessment(measures=measures, findings=findings)
