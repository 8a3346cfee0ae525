"""The shape of a sentence: its passive phrases, and where a long one can be split in two.

Read by the readability checks (passive voice, long sentences) and their advice. A split point
is offered only where both parts keep a subject and a finite verb in spaCy's parse.
"""

from __future__ import annotations

import re
from itertools import pairwise

from grader.analysers.wording import words_in
from grader.engines.parser import Parsed
from grader.essay import WORD, Essay, Span

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
CLAUSE_HEAD_DEPS = frozenset({"ROOT", "conj", "ccomp", "parataxis"})  # verbs that head a clause
# A clause the parse hangs on another ("..., so the army lost ..."): it stands alone once split,
# unless a subordinating word inside it ("because", "when") keeps it dependent.
SUBORDINATE_DEPS = frozenset({"advcl"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})  # "which", "who", "whose" as a subject
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # past, present and modal verb forms
# A sentence is split only where both parts keep at least this many words.
MIN_PART_WORDS = 6
COORDINATORS = {"and": "", "but": "However, ", "so": "As a result, ", "yet": "Yet "}
SUBORDINATORS = frozenset("which who where when while whereas although because as since".split())
# Words that can open a clause after "and": "... death sentences and by the end of 1934, ...".
CLAUSE_OPENERS = frozenset(
    """
    the a an this that these those he she it they we i there his her its their many some most
    all few several by in on at after before during from within when then later soon eventually
    as not no one each every such
    """.split()
)

# Passive voice: a form of "be" (or "get"), up to two adverbs, then a past participle.
BE = frozenset("am is are was were be been being get gets got gotten getting".split())
ADVERBS = frozenset("not never also all then later often soon still even already yet".split())
BE_LINKS = frozenset({"being", "been"})
IRREGULAR_PARTICIPLES = frozenset(
    """
    arisen awoken beaten become begun bent bet bid bitten bled blown broken brought built burnt
    bought caught chosen come cut dealt done drawn dreamt driven drunk eaten fallen fed felt
    fought found fled flown forbidden forgotten forgiven frozen given gone ground grown hung
    heard hidden hit held hurt kept knelt known laid led left lent let lost made meant met paid
    proven put quit read ridden rung risen run said seen sought sold sent set shaken shed shot
    shown shut sung sunk slain slept slid spoken spent spun split spread stood stolen stuck
    stung struck sworn swept swum taken taught torn told thought thrown understood undertaken
    upset woken worn won withdrawn written overthrown overtaken
    """.split()
)
# Words in -ed after "be" that describe a state or feeling rather than an action done to someone.
NOT_PASSIVE = frozenset(
    """
    tired interested scared terrified worried excited bored pleased surprised married supposed
    used concerned involved determined prepared convinced ashamed satisfied disappointed shocked
    amazed annoyed confused embarrassed frightened delighted relieved talented related aged
    indeed hundred naked wicked sacred beloved kindred limited detailed skilled
    """.split()
)


def passive_phrases(sentence: str) -> list[str]:
    """Return the passive-voice phrases in a sentence ("was shot", "were being watched")."""
    tokens = list(WORD.finditer(sentence))
    words = [m.group().lower() for m in tokens]
    phrases = []
    i = 0
    while i < len(tokens):
        if words[i] not in BE:
            i += 1
            continue
        # Up to three words may come between: adverbs, and "being"/"been" ("was being held").
        j = i + 1
        while j < len(tokens) and j - i <= 3 and (_is_adverb(words[j]) or words[j] in BE_LINKS):
            j += 1
        if (
            j < len(tokens)
            and _joined(sentence, tokens[i : j + 1])
            and is_past_participle(words[j])
        ):
            phrases.append(sentence[tokens[i].start() : tokens[j].end()])
            i = j
        i += 1
    return phrases


def _is_adverb(word: str) -> bool:
    """Tell whether a word may sit between "was" and a participle ("was quickly arrested")."""
    return word in ADVERBS or (word.endswith("ly") and len(word) > 4)


def _joined(sentence: str, tokens: list[re.Match[str]]) -> bool:
    """Tell whether words follow one another with only spaces between them."""
    return all(sentence[a.end() : b.start()].isspace() for a, b in pairwise(tokens))


def is_past_participle(word: str) -> bool:
    """Tell whether a word is a past participle that makes a passive after "be"."""
    if word in NOT_PASSIVE:
        return False
    if word in IRREGULAR_PARTICIPLES or word in {"freed", "agreed", "decreed", "guaranteed"}:
        return True
    return word.endswith("ed") and len(word) >= 5 and not word.endswith("eed")


def split_point(
    essay: Essay, sentence: Span, parsed: Parsed | None = None
) -> tuple[str, str] | None:
    """Find where to split a long sentence: the word to split after and how the rest begins.

    Candidates are clause boundaries near the middle: a semicolon or colon, "and", "but" or "so"
    before a new clause, then a comma or a dash. Stronger boundaries win unless much further from
    the middle. The second part says how the new sentence starts, or is empty when the student
    has to rephrase it. With a parse, a split is offered only where both parts keep a clause of
    their own (a subject and a finite verb, not a "which" or "because" clause), so that neither
    is left a fragment; the best such split wins, and None means no split is safe.
    """
    text = essay.text
    tokens = list(words_in(essay, sentence))
    n = len(tokens)
    candidates: list[tuple[float, str, str, int, int]] = []
    for i in range(MIN_PART_WORDS, n - MIN_PART_WORDS + 1):
        gap = text[tokens[i - 1].end() : tokens[i].start()]
        lowered = tokens[i].group().lower()
        start = ""
        rest = tokens[i].start()
        if ";" in gap or ":" in gap:
            strength = 1.0
            start = _sentence_start(text, tokens[i].start(), sentence.end)
        elif lowered in COORDINATORS and _opens_clause(tokens, i):
            strength = 0.9 if "," in gap else 0.8
            # "and" goes; "but" becomes "However, " and "so" "As a result, ".
            replacement = COORDINATORS[lowered]
            rest = tokens[i + 1].start()
            start = replacement + _sentence_start(text, rest, sentence.end, not replacement)
        elif "," in gap and lowered in SUBORDINATORS:
            strength = 0.6
        elif "," in gap or "—" in gap or "–" in gap or " - " in gap:
            strength = 0.5
        else:
            continue
        score = strength - abs(i - n / 2) / n
        candidates.append((score, tokens[i - 1].group(), start, tokens[i - 1].end(), rest))
    for _, after, start, first_end, rest in sorted(candidates, key=lambda c: -c[0]):
        # Where the student is told to rephrase the rest ("where the accused ...": no `start`),
        # it needs a subject and a verb to build on, not yet a main clause.
        if parsed is None or (
            has_clause(parsed, sentence.start, first_end)
            and has_clause(parsed, rest, sentence.end, main=bool(start))
            and not _cuts_phrase(parsed, sentence, first_end, rest)
        ):
            return after, start
    return None


def _cuts_phrase(parsed: Parsed, sentence: Span, first_end: int, rest: int) -> bool:
    """Tell whether a split leaves a word on one side that belongs to the other.

    "... having sex - perhaps, at the time he was angry": "perhaps" qualifies what follows, and
    ending the first sentence on it leaves it hanging; "social media, as it is designed, | does
    more harm" parts a subject from its verb. "... not because it lets people speak,
    but because the model rewards outrage": the rest opens "but because", a reason still
    waiting for the main clause before it, however it is rephrased.
    """
    before = parsed.words_in(sentence.start, first_end)
    after = parsed.words_in(rest, sentence.end)
    if not before or not after:
        return False
    last = parsed.words[before[-1]]
    set_off = len(before) > 1 and parsed.words[before[-2]].pos == "PUNCT"
    if last.pos == "ADV" and (last.head in after or set_off):
        return True  # "- perhaps, at the time he ...": the adverb opens what follows
    if any(parsed.words[j].dep in SUBJECT_DEPS and parsed.words[j].head in after for j in before):
        return True  # "social media, as it is designed, | does more harm": subject from verb
    lead = [parsed.words[j].text.lower() for j in after[:2]]
    return len(lead) == 2 and lead[0] in COORDINATORS and lead[1] in SUBORDINATORS


def has_clause(parsed: Parsed, start: int, end: int, main: bool = True) -> bool:
    """Tell whether a stretch of text holds a clause: a subject and a finite verb in it.

    The verb is finite (a past, present or modal form, or with such a helper). For a `main`
    clause it is not opened by a subordinating word inside the stretch ("because he was ..."),
    and its subject is not a relative pronoun ("which was ..."); where a learner's slip hides
    the subject from the parse ("numerous of his followers were shot"), a noun or pronoun before
    a main or joined verb stands in for it.
    """
    inside = set(parsed.words_in(start, end))
    heads = CLAUSE_HEAD_DEPS | SUBORDINATE_DEPS if main else None
    for verb in sorted(inside):
        word = parsed.words[verb]
        if word.pos not in ("VERB", "AUX") or (heads is not None and word.dep not in heads):
            continue
        children = [j for j in parsed.children(verb) if j in inside]
        opened = any(
            parsed.words[j].dep == "mark" or parsed.words[j].tag == "WRB" for j in children
        )
        if main and opened:
            continue
        helpers = [j for j in children if parsed.words[j].dep in ("aux", "auxpass")]
        if not any(parsed.words[j].tag in FINITE_TAGS for j in [verb, *helpers]):
            continue
        subjects = [j for j in children if parsed.words[j].dep in SUBJECT_DEPS]
        if subjects:
            if main and all(parsed.words[j].tag in RELATIVE_TAGS for j in subjects):
                continue
            return True
        before = (parsed.words[j] for j in inside if j < verb)
        if word.dep in CLAUSE_HEAD_DEPS and any(
            w.pos in ("NOUN", "PROPN", "PRON") and w.tag not in RELATIVE_TAGS for w in before
        ):
            return True
    return False


def _opens_clause(tokens: list[re.Match[str]], i: int) -> bool:
    """Tell whether the conjunction at `i` starts a new clause rather than joining two words."""
    if i + 2 >= len(tokens) or tokens[i - 1].group().isdigit():
        return False  # "between 1936 and 1938"
    if tokens[i - 1].group().lower() in COORDINATORS:
        return False  # "and so on", "and yet": the first word joined the clauses, if any
    following = tokens[i + 1].group()
    return following.lower() in CLAUSE_OPENERS or following[0].isupper()


def _sentence_start(text: str, start: int, end: int, capitalise: bool = True) -> str:
    """Return the first few words from `start`, as a new sentence would open."""
    opening = " ".join(text[start:end].split()[:4]).rstrip(",;:")
    if capitalise:
        opening = opening[:1].upper() + opening[1:]
    return f"{opening} …" if opening else ""
