"""Whether an essay answers the rubric's task: its words against the task's, the sheet's and
the rubric's key terms, each weighted by how particular it is to the topic.

A word as common as "people" says little about what an essay is on; "censorship", "Kirov" or
"hibiscus" says a lot. Each term's weight is how rare it is in English at large (wordfreq's
Zipf scale, a general word list, not one drawn from any essays), and an essay answers the task
when the weighted share of its content words that belong to the task reaches a threshold
chosen on the training part of ASAP (benchmarks/off_task.py).

A rubric calibrated on 20 or more marked essays also knows the words those essays use for the
task (`task_words`, written by grader calibrate): "waiting" and "line" for a story about
patience, which the question never says. Then an essay answers the task when it uses the
class's words, each counting by how many marked essays use it and how much more than English
at large, about as much as the marked essays themselves do (a share of their median).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from grader.analysers.wording import is_content_word, plain, stem
from grader.essay import WORD
from grader.kinds.content import ContentCriterion
from grader.kinds.facts import FactsCriterion
from grader.rubric.schema import Rubric, TaskWords

# Words of the instructions, not of the topic: "Write a letter explaining your view ...".
INSTRUCTION_WORDS = frozenset(
    """
    write written writing letter response respond explain explains describe describes discuss
    support answer include including examples example information story stories read reading
    based excerpt author views view opinion reader readers persuade persuasive agree disagree
    tell true state found certain own way time someone know part element understand reflecting
    attempting allow faced created using use evaluate assess extent far much many important
    importance significant significance reasons reason factors factor mainly
    """.split()
)
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(?:\s*[-–]\s*([0-9]{2,4}))?\b")
# Essays shorter than this are not judged: too little to say what they are about.
MIN_WORDS = 50
# Weighted task words per content word below which an essay does not answer a task given only
# as a question; set on the training part of ASAP's eight prompts (benchmarks/off_task.py).
THRESHOLD = 0.004
# With a fact sheet or key terms the task's vocabulary is known well, and an essay on it uses
# much of it: below this share of the score of the sheet's own words, an essay is on another
# subject. Set on the topic sets of tests/facts_topics, each essay against the other sheets
# (on their own sheet: 0.35 and more; on another: 0.13 and less, but for two topics that are
# one and the same, the French Revolution's Terror and Stalin's).
RELATIVE_THRESHOLD = 0.1
# How many times one term can count: an essay that repeats one word is not more on the task.
MOST_PER_TERM = 3
FUZZY = 88  # rapidfuzz ratio for a misspelt task word ("patint" for "patient")
# Learning the class's words: fewer marked essays cannot tell the task's words from chance,
# and a word fewer than one marked essay in ten uses says little about the task.
MIN_MARKED = 20
LEAST_SHARE = 0.1
# Below this share of the marked essays' median score, an essay does not answer the task
# (chosen on ASAP's training pools, 50 marked essays a prompt: benchmarks/off_task.py).
SHARE_OF_TYPICAL = 0.175
MOST_LIFT = 10.0  # natural log: a word the class uses 22,000 times more than English does


@dataclass(frozen=True)
class TaskJudgement:
    """How far an essay's words belong to the task, and the verdict."""

    answers: bool
    score: float  # weighted task words per content word
    found: tuple[str, ...]  # the task's words the essay uses most, for the note


def specificity(word: str) -> float:
    """Return how particular a word is to a topic: 0.06 for 'people', 16 for 'hibiscus'.

    The square of how far the word's Zipf frequency lies below 6 (a word used once in a
    million): squared, so that a rare word outweighs several common ones (chosen on ASAP's
    training pools, where it flagged fewer essays on their own task than the plain distance).
    """
    from wordfreq import zipf_frequency  # a 50 MB table: loaded only for rubrics with a task

    zipf = float(zipf_frequency(plain(word), "en"))
    return min(max(6.0 - zipf, 0.25), 4.0) ** 2


@lru_cache(maxsize=64)
def _terms_of(texts: tuple[tuple[str, float], ...]) -> Mapping[str, float]:
    """Weigh the terms of the texts that describe a task (remembered: rubrics repeat)."""
    rarity: dict[str, float] = {}  # a stem is as particular as its commonest form
    floors: dict[str, float] = {}
    for text, floor in texts:
        for match in WORD.finditer(text):
            word = match.group()
            if is_content_word(word) and plain(word) not in INSTRUCTION_WORDS:
                key = stem(word)
                rarity[key] = min(rarity.get(key, math.inf), specificity(word), specificity(key))
                floors[key] = max(floors.get(key, 0.0), floor)
    terms = {key: max(weight, floors[key]) for key, weight in rarity.items()}
    for text, _ in texts:
        for year in years_in(text):
            terms[year] = 4.0
    return terms


def _task_texts(rubric: Rubric) -> Iterable[tuple[str, float]]:
    """Yield the texts that say what the task is about, with the least weight of their words."""
    yield rubric.task, 0.0
    for criterion in rubric.criteria:
        if isinstance(criterion, ContentCriterion):
            yield " ".join(t for t, points in criterion.terms.items() if points > 0), 1.0
        if isinstance(criterion, FactsCriterion) and criterion.fact_sheet is not None:
            sheet = criterion.fact_sheet
            yield " ".join(w for n, others in sheet.names.items() for w in (n, *others)), 1.5
            for fact in sheet.facts:
                yield fact.statement, 0.0
                yield " ".join(w for group in fact.about for w in group), 0.5


def years_in(text: str) -> set[str]:
    """Return the years a text names, with the years inside ranges such as 1936-38."""
    found = set()
    for match in YEAR.finditer(text):
        first = int(match.group(1))
        found.add(str(first))
        end = match.group(2)
        if end:
            last = int(str(first)[: 4 - len(end)] + end)
            found.update(str(y) for y in range(first + 1, min(last, first + 20) + 1))
    return found


def judge_task(text: str, rubric: Rubric) -> TaskJudgement | None:
    """Judge whether an essay answers the rubric's task (None: no task, or too short to say)."""
    if not rubric.task.strip():
        return None
    tokens = [m.group() for m in WORD.finditer(text)]
    content = [w for w in tokens if is_content_word(w)]
    if len(tokens) < MIN_WORDS or not content:
        return None
    texts = tuple(_task_texts(rubric))  # built once: the terms and the threshold read them
    if rubric.task_words is not None:
        return _judge_by_class(text, rubric.task_words, texts)
    terms = _terms_of(texts)
    hits = _hits(content, terms)
    for year in YEAR.finditer(text):
        if year.group(1) in terms:
            hits[year.group(1)] += 1
    score = _weighted(hits, terms) / len(content)
    found = tuple(t for t, _ in sorted(hits.items(), key=lambda p: -terms[p[0]] * p[1])[:3])
    return TaskJudgement(answers=score >= _threshold(texts), score=round(score, 4), found=found)


def _threshold(texts: tuple[tuple[str, float], ...]) -> float:
    """Return the score an essay needs to answer the task these texts describe."""
    if len(texts) == 1:  # the question alone
        return THRESHOLD
    return max(THRESHOLD, RELATIVE_THRESHOLD * _own_score(texts))


@lru_cache(maxsize=64)
def _own_score(texts: tuple[tuple[str, float], ...]) -> float:
    """Score the task's own texts against the task: what an essay all on the topic reaches."""
    terms = _terms_of(texts)
    words = [m.group() for t, _ in texts for m in WORD.finditer(t)]
    content = [w for w in words if is_content_word(w)]
    return _weighted(_hits(content, terms), terms) / max(len(content), 1)


def _hits(content: Iterable[str], terms: Mapping[str, float]) -> Counter[str]:
    """Count how often each task term stands among content words."""
    return Counter(term for w in content if (term := _term_for(stem(w), terms)))


def _weighted(hits: Mapping[str, int], terms: Mapping[str, float]) -> float:
    """Add each term's weight once for every time it counts (at most MOST_PER_TERM times)."""
    return sum(terms[t] * min(n, MOST_PER_TERM) for t, n in hits.items())


def _term_for(word_stem: str, terms: Mapping[str, float]) -> str:
    """Return the task term a word's stem stands for: the same, a longer form, or misspelt."""
    if word_stem in terms:
        return word_stem
    if len(word_stem) >= 5:
        for term in _by_prefix(tuple(terms)).get(word_stem[:5], ()):
            # one a form of the other (laugh, laughter), or the same stem to six letters
            # (patienc, patient), which Snowball leaves apart
            if (
                term.startswith(word_stem)
                or word_stem.startswith(term)
                or term[:6] == word_stem[:6]
            ):
                return term
    if len(word_stem) >= 6:
        best = process.extractOne(word_stem, list(terms), scorer=fuzz.ratio, score_cutoff=FUZZY)
        if best is not None:
            return str(best[0])
    return ""


@lru_cache(maxsize=64)
def _by_prefix(terms: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    """Group terms of five letters or more by their first five letters."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        if len(term) >= 5:
            groups.setdefault(term[:5], []).append(term)
    return {k: tuple(v) for k, v in groups.items()}


def learn_task_words(texts: Sequence[str]) -> TaskWords | None:
    """Learn the words marked essays use for their task, and how far they use them."""
    if len(texts) < MIN_MARKED:
        return None
    each = [_class_words(text) for text in texts]
    used = Counter(word for words in each for word in set(words))
    least = max(LEAST_SHARE * len(texts), 3)  # a word three essays use is no accident
    shares = {w: round(n / len(texts), 3) for w, n in sorted(used.items()) if n >= least}
    scores = [class_score(words, shares)[0] for words in each]
    typical = statistics.median(scores) if scores else 0.0
    if typical <= 0:
        return None
    return TaskWords(typical=round(typical, 4), words=shares)


def class_score(
    words: Iterable[str], shares: Mapping[str, float]
) -> tuple[float, dict[str, float]]:
    """Score an essay's words by the class's: each by its share and its lift over English.

    A word counts once however often it is used, weighted by the share of marked essays that
    use it and by the log of how much more often they do than English at large; the sum is
    divided by the square root of the essay's distinct words, so a long essay is not
    on the task for its length alone. Also return each word's part, for the note.
    """
    from wordfreq import word_frequency  # loaded only for rubrics calibrated with a task

    distinct = set(words)
    parts: dict[str, float] = {}
    for word in distinct:
        share = shares.get(word, 0.0)
        if share >= LEAST_SHARE:
            # per thousand words, the rate at which the class uses the word, against English
            rate = share / 1000 / max(float(word_frequency(word, "en")), 1e-7)
            parts[word] = share * min(max(math.log(rate), 0.0), MOST_LIFT)
    return sum(parts.values()) / math.sqrt(max(len(distinct), 1)), parts


def _judge_by_class(
    text: str, learned: TaskWords, texts: tuple[tuple[str, float], ...]
) -> TaskJudgement:
    """Judge an essay by the words the marked essays use, with the task's own words beside."""
    shares = _class_shares(texts, tuple(learned.words.items()))
    score, parts = class_score(_class_words(text), shares)
    found = tuple(sorted(parts, key=lambda w: -parts[w])[:3])
    answers = score >= SHARE_OF_TYPICAL * learned.typical
    return TaskJudgement(answers=answers, score=round(score, 4), found=found)


@lru_cache(maxsize=64)
def _class_shares(
    texts: tuple[tuple[str, float], ...], learned: tuple[tuple[str, float], ...]
) -> Mapping[str, float]:
    """Add the task's own words to the class's, as if one marked essay in ten used them
    (remembered: every essay of a class is judged against the same)."""
    shares = dict(learned)
    for task_text, _ in texts:  # the question, the sheet and the key terms
        for word in set(_class_words(task_text)):
            shares[word] = shares.get(word, 0.0) + LEAST_SHARE
    return shares


def _class_words(text: str) -> list[str]:
    """Return a text's content words written in lower case (names and openers left out)."""
    return [
        plain(w)
        for m in WORD.finditer(text)
        if (w := m.group())[0].islower()
        and is_content_word(w)
        and plain(w).replace("'", "").replace("’", "").isalpha()
    ]
