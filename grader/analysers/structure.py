"""Structure: paragraphs, a thesis, topic sentences, linking, a conclusion, evidence and length.

Every check is data in `STRUCTURE_CHECKS`: an id (the finding code is `structure.<id>`), what it
measures, a message template that says what to do, an example of good practice, a weight and a
pure function over the essay's `Layout`. `structure_score` is the weighted share of the checks
that apply and are met (0..1); checks that do not apply (no body paragraphs, no target length)
are left out. Paragraphing is judged by exactly one check: `one-block` for an essay of 150 words
or more in a single paragraph, `paragraph-count` otherwise.

Default weights (on each check below) follow the level descriptors: an essay in one unbroken
block weighs 5, a missing thesis or conclusion 3 each, new evidence in the conclusion and
paragraph balance 0.5 each, every other check 1. So an essay that is sound but for a missing
conclusion (or thesis) scores in "Organised" (0.65-0.85), one missing both in "Partly
organised", and a block with neither in "Partly organised" or below.

The essay's parts are found in `structure_parts` (the `Layout`), its evidence in
`structure_evidence` and its linking words in `linking`.

Evidence is what a teacher counts: dates, figures (in digits or words: "two or three days"),
quotations, sources, named people and places, and examples. A paragraph of one sentence is not
asked for evidence or a topic sentence: its development is the paragraphing checks' question.
A paragraph links when it uses a linking word, a clause link ("when", "as", "if"), or a time
word ("now", "every time"); in a story, a letter or a report also a sentence that opens on its
setting ("In the distance, ..."). A story's paragraphs that hold speech are dialogue.

How a topic sentence is judged to relate to the thesis. Words are compared by their Snowball
stems (NLTK, already installed for textstat), ignoring function words and the vocabulary of essay
writing ("argue", "essay", "paragraph"). A body paragraph's topic sentence (its first sentence,
with the second when the first is under eight words) relates to the argument when it shares at
least one content word with the thesis sentence, the criterion's `question` or the names the
introduction gives, at least two with the introduction as a whole or with the paragraph before,
or opens with a linking word.
Content-word overlap is crude but transparent: a student can see which words link a paragraph
to the thesis, and no model has to be downloaded.
"""

from __future__ import annotations

import re
from statistics import median

from grader.analysers.checks import NOT_APPLICABLE, Check, Hit, Outcome, quoted, weighted_share
from grader.analysers.linking import (
    CONDITION_LINKS,
    FUNCTION_NAMES,
    LINK_EXAMPLES,
    LINKING,
    TOLD_LINK_EXAMPLES,
)
from grader.analysers.structure_evidence import new_evidence
from grader.analysers.structure_parts import (
    SIGN_OFF_WORDS,
    Layout,
)
from grader.analysers.wording import (
    content_terms,
    is_content_word,
    length_share,
    letter_share,
    plain,
    words_in,
)
from grader.essay import FINAL_PUNCTUATION, LIST_MARK, Essay, Span
from grader.findings import Assessment
from grader.kinds.structure import StructureCriterion
from grader.services import Services

__all__ = ["CHECKS_BY_ID", "STRUCTURE_CHECKS", "Layout", "analyse_structure", "measure_structure"]

KIND = "structure"

# How to link and develop, by the kind of writing: a story moves on by time and cause.
ARGUED_LINKING = (
    "your points connect. Add words such as 'however', 'as a result' or 'furthermore' where one "
    "point contrasts with, follows from or adds to another."
)
TOLD_LINKING = (
    "one thing leads to another. Add words such as 'when', 'later', 'because' or 'but' where one "
    "event follows, causes or contrasts with another."
)
# A story moves on by its events and a report by its headings and numbered steps: linking words
# within a paragraph are an argument's (and a letter's) way to show how one point leads on.
UNLINKED_GENRES = frozenset({"narrative", "report"})
# "A second argument is economic": a paragraph that numbers its point among the essay's.
NUMBERED_POINT = re.compile(
    r"(?:a|the|my|our|one)\s+(?:first|second|third|fourth|fifth|final|last|further|next|other|"
    r"main|biggest|strongest)\s+(?:argument|reason|point|factor|cause|benefit|advantage|"
    r"disadvantage|problem|objection|concern|effect|consequence|way)s?\b",
    re.IGNORECASE,
)
DEVELOP_ARGUED = "Develop each main point with more evidence and explanation."
DEVELOP_TOLD = "Develop what you tell with more detail: what happened, and why, and how it felt."
# A letter or a report tells no story: "how it felt" misfits a complaint to the council.
DEVELOP_POINTS = "Develop each point with more detail and explanation."
# How to paragraph an essay in one block, by the kind of writing.
ARGUED_PARTS = (
    "an introduction that gives your answer, one paragraph for each main point, and a conclusion"
)
TOLD_PARTS = "start a new paragraph for each new stage of events, new point or new speaker"

# What web pages leave behind when an essay is copied from them (the seed essay has the first).
SCRAPED = re.compile(
    r"(?:…|\.{3})?[ \t]*\bshow (more|less) content\b[ \t]*(?:…|\.{3})?"
    r"|\bcontinue reading\b|\bview (the )?full (essay|document|text)\b"
    r"|\bsign up to (view|read|access)\b|\b(get|unlock) (full )?access\b"
    r"|\bpage \d+ of \d+\b|\bdownload (this|the) (essay|document|paper)\b",
    re.IGNORECASE,
)
ONE_BLOCK_WORDS = 150
TOPIC_SENTENCE_MIN_WORDS = 8
LONG_PARAGRAPH = 2.0
SHORT_PARAGRAPH = 0.4
LINKING_FUNCTIONS_WANTED = 3


# --- the checks -------------------------------------------------------------------------------


def _one_block(layout: Layout) -> Outcome:
    if len(layout.paragraphs) != 1 or layout.essay.word_count < ONE_BLOCK_WORDS:
        return NOT_APPLICABLE  # a paragraphed essay is judged by paragraph-count instead
    block = layout.paragraphs[0]
    parts = ARGUED_PARTS if layout.argued else TOLD_PARTS
    values = {"words": layout.essay.words_in(block), "parts": parts}
    return Outcome(0.0, (Hit(block.start, block.end, values),))


def _paragraph_count(layout: Layout) -> Outcome:
    count = len(layout.paragraphs)
    if not count or (count == 1 and layout.essay.word_count >= ONE_BLOCK_WORDS):
        return NOT_APPLICABLE  # an essay in one block is the one-block check's finding
    wanted = layout.criterion.paragraphs
    # Lines of dialogue in a story are paragraphs by convention: they do not make too many
    # paragraphs, and none is the shortest paragraph to develop or join.
    prose = [p for p in layout.paragraphs if not layout.is_dialogue(p)] or list(layout.paragraphs)
    if count > wanted.max:
        count = len(prose)
        if count <= wanted.max or not layout.argued:
            # Too many only by its lines of dialogue; or a story, a letter or a report, whose
            # scene changes, headings and numbered steps are short paragraphs by convention.
            return Outcome(met=1.0)
    if wanted.min <= count <= wanted.max:
        return Outcome(met=1.0)
    by_length = sorted(prose, key=layout.essay.words_in)
    if count < wanted.min:
        where = by_length[-1]
        advice = "This is your longest paragraph: split it where it moves on to a new point."
    else:
        where = by_length[0]
        advice = "This is your shortest paragraph: develop it, or join it to the one it supports."
    values = {
        "count": f"{count} paragraph{'s' * (count != 1)}",
        "low": f"{wanted.min:g}",
        "high": f"{wanted.max:g}",
        "advice": advice,
    }
    return Outcome(0.0, (Hit(where.start, where.end, values),))


def _no_thesis(layout: Layout) -> Outcome:
    if not layout.argued:
        return NOT_APPLICABLE  # a story or a letter states no thesis
    if layout.thesis is not None:
        return Outcome(met=1.0)
    where = layout.introduction or Span(0, len(layout.essay.text))
    return Outcome(0.0, (Hit(where.start, where.end),))


def _topic_sentence(layout: Layout) -> Outcome:
    if not layout.body or not layout.argued:
        return NOT_APPLICABLE  # a story's paragraphs move the events on; they argue no thesis
    hits = []
    previous = layout.introduction
    judged = 0
    for paragraph in layout.body:
        sentences = layout.sentences_in(paragraph)
        if len(sentences) < 2:
            previous = paragraph  # one sentence is the whole paragraph, not its topic sentence
            continue
        judged += 1
        topic = sentences[0]
        if layout.essay.words_in(topic) < TOPIC_SENTENCE_MIN_WORDS and len(sentences) > 1:
            topic = Span(topic.start, sentences[1].end)
        before = content_terms(layout.text(previous)) if previous else frozenset()
        previous = paragraph
        if not _topic_links(layout, layout.text(topic), before):
            hits.append(Hit(topic.start, topic.end, {"about": _about(layout)}))
    if not judged:
        return Outcome(met=1.0)  # every body paragraph is one sentence: none fails the check
    return Outcome(1 - len(hits) / judged, tuple(hits))


def _topic_links(layout: Layout, topic: str, before: frozenset[str]) -> bool:
    """Tell whether a topic sentence plainly links to the argument or to the paragraph before.

    It links when it shares a content word with the thesis or the question, two with the
    introduction or with the paragraph before it, or opens with a linking word ("Another
    reason ...", "However, ...", "Furthermore, ..."), which says how it follows on.
    """
    terms = content_terms(topic)
    if terms & (layout.thesis_terms | layout.question_terms | layout.introduction_names):
        return True
    if len(terms & layout.introduction_terms) >= 2 or len(terms & before) >= 2:
        return True
    opening = " ".join(topic.split()[:4])
    return any(
        (m := pattern.search(opening)) is not None and m.start() == 0
        for pattern in (*LINKING.values(), CONDITION_LINKS, NUMBERED_POINT)
    )


def _about(layout: Layout) -> str:
    """Name the thesis's key words, or the question, for a topic-sentence message."""
    if layout.thesis is None:
        return "your introduction or the question"
    words = [m.group() for m in words_in(layout.essay, layout.thesis) if is_content_word(m.group())]
    unique = list(dict.fromkeys(plain(w) if not w[0].isupper() else w for w in words))
    key = sorted(unique, key=lambda w: (not w[0].isupper(), -len(w)))[:3]
    return "your argument about " + quoted(w for w in unique if w in key)


def _no_linking(layout: Layout) -> Outcome:
    paragraphs = layout.linked_paragraphs
    if not paragraphs or layout.genre in UNLINKED_GENRES:
        return NOT_APPLICABLE
    how = ARGUED_LINKING if layout.argued else TOLD_LINKING
    hits = tuple(
        Hit(p.start, p.end, {"sentences": len(layout.sentences_in(p)), "how": how})
        for p in paragraphs
        if layout.links_in(p) == 0
    )
    return Outcome(1 - len(hits) / len(paragraphs), hits)


def _linking_variety(layout: Layout) -> Outcome:
    if len(layout.essay.sentences) < 5 or layout.genre in UNLINKED_GENRES:
        return NOT_APPLICABLE  # a story moves on in time, a report by its headings
    used = [f for f, words in layout.links.items() if words]
    if len(used) >= LINKING_FUNCTIONS_WANTED:
        return Outcome(met=1.0)
    if layout.argued:
        missing = [f for f in LINK_EXAMPLES if f not in used and f != "conclusion"]
        examples_of = LINK_EXAMPLES
    else:  # a story or a letter moves on in time and by cause and contrast, not "furthermore"
        missing = [f for f in TOLD_LINK_EXAMPLES if f not in used]
        examples_of = TOLD_LINK_EXAMPLES
    if used:
        examples = quoted(dict.fromkeys(w for f in used for w in layout.links[f]))
        kinds = " and ".join(FUNCTION_NAMES[f] for f in used)
        how = f"only with words for {kinds} ({examples})"
    else:
        how = "with no linking words at all"
    span = layout.body or layout.paragraphs
    values = {"how": how, "missing": "; ".join(examples_of[f] for f in missing)}
    return Outcome(
        len(used) / LINKING_FUNCTIONS_WANTED, (Hit(span[0].start, span[-1].end, values),)
    )


def _no_conclusion(layout: Layout) -> Outcome:
    if not layout.argued:
        return NOT_APPLICABLE  # a story ends and a letter signs off: neither sums up an argument
    if layout.concluded:
        return Outcome(met=1.0)
    where = layout.ending or Span(0, len(layout.essay.text))
    return Outcome(0.0, (Hit(where.start, where.end),))


def _conclusion_new_evidence(layout: Layout) -> Outcome:
    if not layout.argued:
        return NOT_APPLICABLE  # only an argument's conclusion must hold no new evidence
    if not layout.concluded or layout.ending is None or len(layout.paragraphs) < 2:
        return NOT_APPLICABLE
    # The question's words are the topic, not new evidence ("Great", "Terror").
    before = f"{layout.criterion.question}\n{layout.essay.text[: layout.ending.start]}"
    earlier_words = {plain(w) for w in re.findall(r"\w+(?:['’]\w+)*", before)}
    hits = []
    for sentence in layout.sentences_in(layout.ending):
        new = new_evidence(layout.parsed, layout.essay.text, sentence, before, earlier_words)
        if new:
            hits.append(Hit(sentence.start, sentence.end, {"evidence": quoted(new)}))
    return Outcome(0.0 if hits else 1.0, tuple(hits))


# A numbered or bulleted step ("6. Repeat the experiment ...") is an item of a list, however a
# long line before it set it apart: a method's steps are as long as they need to be.
LIST_ITEM = re.compile(rf"{LIST_MARK}\s")


def _paragraph_balance(layout: Layout) -> Outcome:
    if not layout.argued:
        # A story, a letter or a report shapes its paragraphs by what they tell: a one-line
        # paragraph for suspense, a speaker's line, a report's long Analysis. Labellers called
        # every balance note on such writing false or minor (11 and 3 of 14).
        return NOT_APPLICABLE
    body = tuple(
        p
        for p in layout.body
        if not layout.is_dialogue(p) and not LIST_ITEM.match(layout.essay.text, p.start)
    )
    if len(body) < 2:
        return NOT_APPLICABLE
    lengths = [layout.essay.words_in(p) for p in body]
    middle = median(lengths)
    hits = []
    for paragraph, words in zip(body, lengths, strict=True):
        if words > LONG_PARAGRAPH * middle:
            advice = "Split it where it moves on to a new point."
        elif words < SHORT_PARAGRAPH * middle:
            advice = "Develop its point with evidence and explanation, or join it to another."
        else:
            continue
        values = {"words": words, "median": round(middle), "advice": advice}
        hits.append(Hit(paragraph.start, paragraph.end, values))
    return Outcome(1 - len(hits) / len(body), tuple(hits))


def _word_count(layout: Layout) -> Outcome:
    target = layout.criterion.word_count
    if target is None:
        return NOT_APPLICABLE
    words = layout.essay.word_count
    if target.min <= words <= target.max:
        return Outcome(met=1.0)
    if words < target.min:
        met = words / target.min if target.min else 0.0
        advice = (
            DEVELOP_ARGUED
            if layout.argued
            else DEVELOP_TOLD
            if layout.genre == "narrative"
            else DEVELOP_POINTS
        )
    else:
        met = target.max / words
        advice = "Cut repetition and keep to your strongest points."
    values = {"words": words, "low": f"{target.min:g}", "high": f"{target.max:g}", "advice": advice}
    return Outcome(met, (Hit(0, len(layout.essay.text), values),))


def _few_evidence(layout: Layout) -> Outcome:
    paragraphs = layout.evidence_paragraphs
    if not paragraphs or not layout.argued:
        return NOT_APPLICABLE  # a story's paragraphs tell events; they need no dates or sources
    rubric = layout.services.rubric
    # A historian is evidence in a history essay; elsewhere an example or a study is.
    history = rubric is not None and "histor" in f"{rubric.subject} {rubric.title}".lower()
    support = (
        "a date, a figure, a short quotation or what a historian or source says"
        if history
        else "an example, a figure, a fact or what a study or an expert says"
    )
    # A paragraph of one sentence makes a point and no more: whether it is developed is the
    # paragraphing checks' question, not a demand for a source in the one sentence.
    judged = [p for p in paragraphs if len(layout.sentences_in(p)) > 1]
    if not judged:
        return NOT_APPLICABLE
    hits = tuple(
        Hit(p.start, p.end, {"support": support}) for p in judged if not layout.supported(p)
    )
    return Outcome(1 - len(hits) / len(judged), hits)


def _unfinished_sentence(layout: Layout) -> Outcome:
    paragraphs = layout.essay.paragraphs
    if not paragraphs:
        return NOT_APPLICABLE
    # A signature, "Thanks" or "Yours faithfully," and a name are not the last sentence.
    while len(paragraphs) > 1 and layout.essay.words_in(paragraphs[-1]) <= SIGN_OFF_WORDS:
        paragraphs = paragraphs[:-1]
    last = layout.sentences_in(paragraphs[-1])[-1]
    text = layout.text(last)
    if FINAL_PUNCTUATION.search(text):
        return Outcome(met=1.0)
    ending = " ".join(text.split()[-5:])
    return Outcome(0.0, (Hit(last.start, last.end, {"ending": ending}),))


def _scraped_text(layout: Layout) -> Outcome:
    hits = tuple(
        Hit(m.start(), m.end(), {"artefact": m.group().strip()})
        for m in SCRAPED.finditer(layout.essay.text)
    )
    return Outcome(0.0 if hits else 1.0, hits)


STRUCTURE_CHECKS: tuple[Check[Layout], ...] = (
    Check(
        id="one-block",
        measures="Whether an essay of 150 words or more is one unbroken paragraph.",
        message=(
            "Your {piece} is one unbroken block of {words} words. Break it into paragraphs: "
            "{parts}."
        ),
        example="Start a new paragraph each time you move on to a new main point.",
        run=_one_block,
        weight=5.0,
    ),
    Check(
        id="paragraph-count",
        measures="Whether the number of paragraphs lies in the criterion's `paragraphs` range.",
        message="Your {piece} has {count}; aim for {low}–{high}. {advice}",
        example="Introduction, three or four body paragraphs, conclusion.",
        run=_paragraph_count,
    ),
    Check(
        id="no-thesis",
        measures="Whether the introduction states a position (signposting or a judgement).",
        message=(
            "Your introduction does not say what you will argue. Add a sentence that gives your "
            "answer to the question, for example: 'This essay argues that …, because …'."
        ),
        example="This essay argues that Stalin was the main cause of the Terror.",
        run=_no_thesis,
        weight=3.0,
    ),
    Check(
        id="topic-sentence",
        measures="Share of body paragraphs whose first sentence shares words with the thesis.",
        message=(
            "This paragraph's first sentence does not connect to {about}. Start the paragraph "
            "with a sentence that says which point it makes and how that supports your answer."
        ),
        example="The show trials show most clearly that Stalin directed the Terror himself.",
        run=_topic_sentence,
    ),
    Check(
        id="no-linking",
        measures="Share of body paragraphs (3+ sentences) that use at least one linking word.",
        message=(
            "None of these {sentences} sentences uses a linking word, so the reader cannot see how "
            "{how}"
        ),
        example="However, the NKVD also acted on its own. As a result, …",
        run=_no_linking,
    ),
    Check(
        id="linking-variety",
        measures="How many kinds of link (addition, contrast, cause, sequence, summing up) appear.",
        message="Your {piece} links its ideas {how}. Use other kinds of link too: {missing}.",
        example="Furthermore (adding), however (contrast), as a result (cause), finally (order).",
        run=_linking_variety,
    ),
    Check(
        id="no-conclusion",
        measures="Whether the essay ends with a conclusion that sums up or returns to the thesis.",
        message=(
            "Your {piece} ends without a conclusion. Finish with a short paragraph that sums up "
            "your argument and answers the question, starting for example 'In conclusion, …'."
        ),
        example="In conclusion, the Terror was above all Stalin's creation, because …",
        run=_no_conclusion,
        weight=3.0,
    ),
    Check(
        id="conclusion-new-evidence",
        measures="Dates, figures, quotations or names the conclusion brings in for the first time.",
        message=(
            "This sentence brings new evidence ({evidence}) into your conclusion. Move it into a "
            "body paragraph and explain it there: a conclusion only sums up what you have shown."
        ),
        example="In conclusion, the evidence of the show trials shows that …",
        run=_conclusion_new_evidence,
        weight=0.5,
        severity="suggestion",
    ),
    Check(
        id="paragraph-balance",
        measures="Share of body paragraphs within 0.4–2 times the median body paragraph length.",
        message=(
            "This paragraph has {words} words, while your body paragraphs have about {median}. "
            "{advice}"
        ),
        example="Body paragraphs of roughly similar length, each making one point.",
        run=_paragraph_balance,
        weight=0.5,
        severity="suggestion",
    ),
    Check(
        id="word-count",
        measures="Whether the essay's length lies in the target range (criterion or rubric).",
        message="Your {piece} has {words} words; the target is {low}–{high} words. {advice}",
        example="A 700-word essay for a 500–1200 word task.",
        run=_word_count,
    ),
    Check(
        id="few-evidence",
        measures="Share of body paragraphs with a date, figure, quotation or named source.",
        message=(
            "This paragraph makes its point without evidence. Support it with {support} "
            "('According to …')."
        ),
        example="According to NKVD records, 681,692 people were executed in 1937 and 1938.",
        run=_few_evidence,
    ),
    Check(
        id="unfinished-sentence",
        measures="Whether the last sentence ends with a full stop, question or exclamation mark.",
        message=(
            "Your {piece} ends without a full stop ('… {ending}'), so its last sentence looks "
            "unfinished. Finish the sentence and the essay, or check that all of your text was "
            "copied in."
        ),
        example="… as the NKVD would later claim.",
        run=_unfinished_sentence,
        severity="error",
    ),
    Check(
        id="scraped-text",
        measures="Text left over from a web page, such as '…show more content…'.",
        message=(
            "'{artefact}' is left over from a web page, and the text around it is incomplete. "
            "Remove it and make sure the full text of your {piece} is here."
        ),
        example="An essay pasted from your own document, with nothing missing.",
        run=_scraped_text,
        severity="error",
    ),
)
CHECKS_BY_ID = {check.id: check for check in STRUCTURE_CHECKS}


def measure_structure(layout: Layout) -> dict[str, float]:
    """Compute the structure measures other than the score.

    Where the kind of writing is not argued (a story, a letter, a report), `thesis_stated`,
    `topic_sentences_linked`, `conclusion_found` and `paragraphs_with_evidence` measure what
    such writing is not asked for: they are reported as met (1.0), so that the levels and caps
    built on them neither punish a story for having no thesis nor change for argued essays.
    """
    body = layout.body
    related = _topic_sentence(layout)
    evidence = layout.evidence_paragraphs
    argued = layout.argued
    return {
        "paragraph_count": float(len(layout.paragraphs)),
        "word_count": float(layout.essay.word_count),
        "thesis_stated": float(layout.thesis is not None or not argued),
        "topic_sentences_linked": related.met if related.met is not None else float(not argued),
        "linking_words": float(sum(len(words) for words in layout.links.values())),
        "linking_functions": float(sum(1 for words in layout.links.values() if words)),
        "conclusion_found": float(layout.concluded or not argued),
        "unbalanced_paragraphs": float(len(_paragraph_balance(layout).hits)) if body else 0.0,
        "evidence_markers": float(sum(len(layout.evidence_in(p)) for p in layout.paragraphs)),
        "paragraphs_with_evidence": (
            1.0
            if not argued
            else sum(1 for p in evidence if layout.supported(p)) / len(evidence)
            if evidence
            else 0.0
        ),
        "unfinished_sentence": float(bool(_unfinished_sentence(layout).hits)),
        "scraped_artefacts": float(len(_scraped_text(layout).hits)),
        "length_share": length_share(layout.essay.word_count, layout.criterion.word_count),
        "paragraphing": _paragraphing(layout),
        "sentence_count": float(len(layout.essay.sentences)),
        "longest_sentence_words": float(
            max((layout.essay.words_in(s) for s in layout.essay.sentences), default=0)
        ),
        "linking_per_sentence": (
            sum(len(words) for words in layout.links.values()) / max(len(layout.essay.sentences), 1)
        ),
        "repeated_paragraphs": float(repeated_paragraphs(layout)),
        "letter_share": letter_share(layout.essay.text),
    }


def _paragraphing(layout: Layout) -> float:
    """Return how far the paragraphing checks are met: 0 for one block, 1 for a count in range."""
    met = [o.met for o in (_one_block(layout), _paragraph_count(layout)) if o.met is not None]
    return min(met) if met else 0.0


def repeated_paragraphs(layout: Layout) -> int:
    """Count paragraphs (of ten words or more) that repeat an earlier one word for word."""
    seen: set[str] = set()
    repeats = 0
    for paragraph in layout.paragraphs:
        text = " ".join(layout.text(paragraph).lower().split())
        if len(text.split()) < 10:
            continue
        repeats += text in seen
        seen.add(text)
    return repeats


def analyse_structure(
    essay: Essay, criterion: StructureCriterion, services: Services
) -> Assessment:
    """Run every structure check and score the share met."""
    genre = services.rubric.genre if services.rubric is not None else "argument"
    layout = Layout(essay, criterion, genre, services)
    outcomes = [(check, check.run(layout)) for check in STRUCTURE_CHECKS]
    measures = {"structure_score": weighted_share((c.weight, o) for c, o in outcomes)}
    measures |= measure_structure(layout)
    shared = {"piece": services.rubric.piece if services.rubric is not None else "essay"}
    findings = tuple(f for c, o in outcomes for f in c.findings(KIND, criterion.id, o, shared))
    return Assessment(measures=measures, findings=findings)
