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

Where the parts are. A first paragraph of at most 15 words with no full stop, or one question,
is a title, not the introduction. With three paragraphs or more, the first is the introduction,
the last is the conclusion and those between are the body. With two, the second is the body and
the conclusion is looked for at its end. With one, the introduction is its first three sentences
(its position is looked for as far as the fifth). Lines with no sentence in them (a date, an
address, "Dear Sir or Madam,", a heading) lay the text out and are no paragraphs.

How the thesis and the conclusion are found. An introduction sentence states a position when it
signposts ("This essay argues", "I will show", "In my opinion", "This report explains", "I am
writing to") or frames a judgement ("the main cause", "to a large extent", "should", "it is
clear that", "my favourite", "is one of the best", or "however"/"although" weighing one side
against another); the last such sentence is the thesis. "No thesis" is said only when the
introduction takes no position at all. The ending concludes when it sums up ("In conclusion",
"Overall"; in a final paragraph also "therefore", "thus", "hence"), turns to the reader ("I hope
you agree", "I look forward to"), repeats at least 40% of the thesis's content words, or, as a
final paragraph that makes no further point, recaps or returns to the introduction's subject:
"no conclusion" means there is none, not that it is weak.

Evidence is what a teacher counts: dates, figures (in digits or words: "two or three days"),
quotations, sources, named people and places, and examples. A paragraph of one sentence is not
asked for evidence or a topic sentence: its development is the paragraphing checks' question.
A paragraph links when it uses a linking word, a clause link ("when", "as", "if"), or a time
word ("now", "every time"); in a story, a letter or a report also a sentence that opens on its
setting ("In the distance, ..."). A story's paragraphs that hold speech are dialogue.

The kind of writing. The rubric's `genre` decides which checks apply: a thesis, topic sentences
tied to it, a concluding paragraph (with no new evidence) and evidence in every body paragraph
belong to argued writing (argument, discussion, response). A story, a letter or a report is
judged on what fits it: paragraphs, development, linking and time words, an ending that is not
cut off; lines of dialogue are not paragraphs to count, develop, join or link.

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
from dataclasses import dataclass, field
from functools import cached_property
from statistics import median

from grader.analysers.checks import NOT_APPLICABLE, Check, Hit, Outcome, quoted, weighted_share
from grader.analysers.linking import (
    CLAUSE_MARKS,
    CONDITION_LINKS,
    FUNCTION_NAMES,
    LINK_EXAMPLES,
    LINKING,
    SUBORDINATE_LINKS,
    TIME_LINKS,
    TOLD_LINK_EXAMPLES,
)
from grader.analysers.wording import (
    content_terms,
    is_content_word,
    length_share,
    letter_share,
    plain,
    stem,
    words_in,
)
from grader.engines.parser import Parsed
from grader.essay import Essay, Span
from grader.findings import Assessment
from grader.rubric import ARGUED_GENRES, StructureCriterion
from grader.services import Services

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
DEVELOP_ARGUED = "Develop each main point with more evidence and explanation."
DEVELOP_TOLD = "Develop what you tell with more detail: what happened, and why, and how it felt."
# How to paragraph an essay in one block, by the kind of writing.
ARGUED_PARTS = (
    "an introduction that gives your answer, one paragraph for each main point, and a conclusion"
)
TOLD_PARTS = "start a new paragraph for each new stage of events, new point or new speaker"

# A sentence that signposts the writer's answer ...
SIGNPOST = re.compile(
    r"\b(this|my) (essay|answer)\b|\bin this (essay|answer)\b"
    r"|\bI (will|shall|would|intend to|aim to|am going to) (argue|show|suggest|explain|examine|"
    r"discuss|prove|demonstrate|consider|explore|assess|evaluate)\b"
    r"|\bI (strongly |really |firmly |do not |don't )?(believe|think|feel|argue|contend|agree|"
    r"disagree|would argue)\b|\bin my (opinion|view)\b|\bpersonally\b"
    r"|\bit (will|can) be (argued|shown|seen)\b"
    # ... or says what the piece sets out to do: a report's or a letter's purpose is its answer.
    r"|\bI am writing (to|with reference to|in (response|reply) to|about|because|regarding)\b"
    r"|\bthis (report|article|letter|review|piece|text|account) (will )?(explain|describe|show|"
    r"argue|look at|examine|discuss|review|outline|consider|compare)s?\b",
    re.IGNORECASE,
)
# ... or frames a judgement: what mattered most, how far something is true, what ought to be,
# or one side weighed against another ("although", "however").
FRAMING = re.compile(
    r"\b(main|chief|principal|key|primary|most important|most significant|decisive|underlying|"
    r"real) (cause|reason|factor|driving force|explanation|motive)s?\b"
    r"|\b(more|less) (important|significant|responsible|to blame) than\b"
    r"|\bto (a|an|some|what) (large |great |limited |certain |significant )?extent\b"
    r"|\b(was|were|is|are) (mainly|largely|primarily|chiefly|mostly|above all|ultimately) "
    r"(caused|driven|due|responsible|the result|the work)\b"
    r"|\b(should|must|ought to)\b"
    r"|\bit is (clear|important|evident|true|undeniable|likely|unlikely|doubtful|arguable|"
    r"debatable|obvious|wrong|right|vital|essential|necessary) (that|to)\b"
    r"|\b(however|although|though|whereas|nevertheless)\b"
    # ... or ranks and values: a favourite, one of the best, an important role ("Stalin, one of
    # the most powerful leaders" describes; "computers are one of the best inventions" judges).
    r"|\b(my|our) (favourite|favorite)\b"
    r"|\b(is|are|was|were|be) one of the (best|worst|greatest|most \w+)\b"
    r"|\b(important|vital|crucial|essential|key|major|central) (role|part)\b",
    re.IGNORECASE,
)
CONCLUDING = LINKING["conclusion"]
# In a final paragraph, these draw the argument's conclusion too.
DRAWING_TOGETHER = re.compile(rf"{CONCLUDING.pattern}|\b(therefore|thus|hence)\b", re.IGNORECASE)

# How an ending turns to its reader: an appeal, or the close of a letter. Wherever the ending
# is (a last paragraph, or a block's last sentences), these close the essay.
APPEAL = re.compile(
    r"\b(I (\w+ly )?(hope|trust) (that )?you (will )?(agree|see|understand|consider)"
    r"|I (\w+ly )?(advise|urge|encourage|ask|beg|recommend|promise)\b"
    r"|if (this|that|these|I) (did not|does not|didn't|doesn't|have not|haven't) (convince|"
    r"persuade)d?"
    r"|look(ing)? forward to|(please )?do not hesitate to|(I would|I'd) be (very )?grateful"
    r"|thank you for (your|reading|taking))",
    re.IGNORECASE,
)
# Phrases that close an essay without "In conclusion": its last paragraph sums up or answers.
CLOSING = re.compile(
    r"\b(all things considered|taking (everything|all this|all of this) into account"
    r"|as (we|I) have (seen|shown|explained)|as (you|we) can see|to (finish|end|close|wrap up)"
    r"|in brief|(for|because of) (all )?(these|those) reasons|(that|this) is (why|how)"
    r"|at the end of the day|in a nutshell|to put it simply|in my (opinion|view)"
    r"|I (strongly |firmly |still )?(believe|think|feel|am convinced)"
    r"|I (would )?(\w+ly )?recommend|(we|you|people|everyone) (should|must|need to))\b"
    rf"|{APPEAL.pattern}",
    re.IGNORECASE,
)
RECAP_SHARE = 0.5
# How a paragraph that moves on to one more point opens.
NEW_POINT = re.compile(
    r"(firstly|secondly|thirdly|next|then|however|on the other hand|in contrast|at the same time"
    r"|another|also|in addition)\b",
    re.IGNORECASE,
)
# ... of which these weigh one side against the other, as a conclusion may.
WEIGHING = re.compile(r"(however|on the other hand|in contrast|at the same time)\b", re.I)

YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th)? ({MONTHS})\b|\b({MONTHS}) \d{{1,2}}(st|nd|rd|th)?\b"
)
NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
QUOTATION = re.compile(r"“[^”]{3,300}”|\"[^\"\n]{3,300}\"|(?<!\w)‘[^’]{3,300}’(?!\w)")
SOURCE = re.compile(
    r"\baccording to\b|\bhistorians?\b|\bin (his|her|their) (book|study|work|article|memoirs?)\b"
    r"|\b(?i:studies|research|surveys?|statistics|scientists|experts|doctors|researchers)\b"
    r"|\b(?i:a (recent |new )?(study|report|survey))\b"
    r"|\([A-Z][A-Za-z-]+,? (1[5-9]|20)\d\d\)|\b(records|archives|sources)\b"
    r"|\b[A-Z][a-z]+ (argues|argued|wrote|writes|claims|claimed|estimates|estimated|believes|"
    r"believed|states|stated)\b"
)
# What web pages leave behind when an essay is copied from them (the seed essay has the first).
SCRAPED = re.compile(
    r"(?:…|\.{3})?[ \t]*\bshow (more|less) content\b[ \t]*(?:…|\.{3})?"
    r"|\bcontinue reading\b|\bview (the )?full (essay|document|text)\b"
    r"|\bsign up to (view|read|access)\b|\b(get|unlock) (full )?access\b"
    r"|\bpage \d+ of \d+\b|\bdownload (this|the) (essay|document|paper)\b",
    re.IGNORECASE,
)
# What the parse names that supports a point: amounts, and named people, places and bodies.
AMOUNTS = frozenset({"QUANTITY", "PERCENT", "MONEY"})
NAMED = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"}
)
SCALE = re.compile(r"\d|\b(hundreds?|thousands?|millions?|billions?|dozens?|half|quarter)\b", re.I)
# A figure in words: "six or seven hours", "two hundred pounds", "more than one hour".
NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|thousand|million|dozen|half)\b",
    re.IGNORECASE,
)
# Nouns that count the essay's own points, not the world: "two reasons" is no figure.
POINT_NOUNS = frozenset(
    "reason way thing point side problem kind type advantage disadvantage aspect factor example "
    "idea option question argument view opinion paragraph part".split()
)
COUNTED = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})
EXAMPLE = re.compile(r"\b(for example|for instance|such as|e\.g\.)", re.IGNORECASE)
# A paragraph that opens with a quotation mark or a speech dash is a line of dialogue.
DIALOGUE = re.compile(r"\s*(?:[\"“”‘'«]|[-–—]\s)")
# Words spoken inside a paragraph: a quoted sentence, closed with its own punctuation.
SPEECH = re.compile(r"[\"“][^\"”\n]{2,300}?[.!?,][\"”]")
FINAL_PUNCTUATION = re.compile(r"[.!?…][\"'”’)\]]*$")

ONE_BLOCK_WORDS = 150
SIGN_OFF_WORDS = 4
TOPIC_SENTENCE_MIN_WORDS = 8
RETURNED_THESIS_SHARE = 0.4
RETURNED_OPENING_SHARE = 0.25
RETURNED_TERMS = 3
LONG_PARAGRAPH = 2.0
SHORT_PARAGRAPH = 0.4
# In a story or a letter of short paragraphs, one twice as long is still no wall of text.
TOLD_LONG_PARAGRAPH = 100
LINKING_FUNCTIONS_WANTED = 3


@dataclass(frozen=True)
class Layout:
    """An essay seen as parts: title, introduction, body, where the conclusion belongs."""

    essay: Essay
    criterion: StructureCriterion
    # The kind of writing asked for (the rubric's `genre`): a thesis, a concluding paragraph and
    # evidence in every body paragraph are looked for only in argued writing.
    genre: str = "argument"
    services: Services = field(default_factory=Services, compare=False, repr=False)

    @property
    def argued(self) -> bool:
        """Tell whether the writing asked for argues a position."""
        return self.genre in ARGUED_GENRES

    @cached_property
    def parsed(self) -> Parsed:
        """Return the essay's parse, shared with the other analysers."""
        return self.services.parser().parse(self.essay.text)

    def is_dialogue(self, paragraph: Span) -> bool:
        """Tell whether a paragraph is speech in a story, not a paragraph to develop or link.

        A story gives each new speaker a paragraph ('Mia squeezed my hand. "Can we go home
        now?" she asked.'). In argued writing a paragraph that quotes is still a paragraph.
        """
        text = self.text(paragraph)
        return not self.argued and bool(DIALOGUE.match(text) or SPEECH.search(text))

    @cached_property
    def title(self) -> Span | None:
        """Return the first paragraph when it is a title: short, with no full stop, or a question.

        "Why did Stalin start the Great Terror?" heads many essays: the question, not the
        introduction that follows it.
        """
        paragraphs = self.essay.paragraphs
        if len(paragraphs) < 2:
            return None
        first = paragraphs[0]
        text = self.text(first).strip()
        if self.essay.words_in(first) > 15:
            return None
        if not re.search(r"[.!?…]", text) or (
            text.endswith("?") and not re.search(r"[.!?…]", text[:-1])
        ):
            return first
        return None

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Return the paragraphs of the essay proper, without its title or a closing signature.

        Lines of at most four words with no full stop at the end ("Best wishes,", "Anna") sign
        the essay off: the conclusion is looked for before them. Lines with no sentence in them
        at all (a date, an address, "Dear Sir or Madam,", a heading) lay a letter or a report
        out: they are not paragraphs to count, develop or join.
        """
        paragraphs = self.essay.paragraphs
        paragraphs = paragraphs[1:] if self.title else paragraphs
        while len(paragraphs) > 1 and self.signs_off(paragraphs[-1]):
            paragraphs = paragraphs[:-1]
        laid_out = tuple(p for p in paragraphs if not self.lays_out(p))
        return laid_out or paragraphs

    def lays_out(self, paragraph: Span) -> bool:
        """Tell whether a paragraph is a layout line or block: no sentence, only short lines."""
        text = self.text(paragraph).strip()
        if re.search(r"[.!?…]", text):
            return False
        lines = [line for line in text.splitlines() if line.strip()]
        return all(len(line.split()) <= SIGN_OFF_WORDS for line in lines)

    def signs_off(self, paragraph: Span) -> bool:
        """Tell whether a last line is a signature or a greeting, not a sentence."""
        text = self.text(paragraph).strip()
        return self.essay.words_in(paragraph) <= SIGN_OFF_WORDS and not FINAL_PUNCTUATION.search(
            text
        )

    @cached_property
    def introduction(self) -> Span | None:
        """Return the introduction: the first paragraph, or a one-block essay's opening."""
        if not self.paragraphs:
            return None
        if len(self.paragraphs) == 1:
            opening = self.sentences_in(self.paragraphs[0])[:3]
            return Span(opening[0].start, opening[-1].end)
        return self.paragraphs[0]

    @cached_property
    def body(self) -> tuple[Span, ...]:
        """Return the body paragraphs: those between the introduction and the conclusion."""
        if len(self.paragraphs) >= 3:
            return self.paragraphs[1:-1]
        return self.paragraphs[1:]

    @cached_property
    def ending(self) -> Span | None:
        """Return where a conclusion belongs: the last paragraph, or an essay's last sentences."""
        if not self.paragraphs:
            return None
        if len(self.paragraphs) >= 3:
            return self.paragraphs[-1]
        last = self.sentences_in(self.paragraphs[-1])[-5:]
        # "In conclusion" may open the fourth or fifth sentence from the end of one block, or
        # follow a word or two ("So in conclusion").
        signalled = [s for s in last if CONCLUDING.search(" ".join(self.text(s).split()[:4]))]
        first = signalled[0] if signalled else last[-2] if len(last) > 1 else last[-1]
        return Span(first.start, last[-1].end)

    @cached_property
    def thesis(self) -> Span | None:
        """Return the introduction's last sentence that states a position, if any."""
        if self.introduction is None:
            return None
        opening = self.sentences_in(self.introduction)
        if len(self.paragraphs) == 1:
            # Where a block's introduction ends is unknown: the position may follow a few
            # sentences of background, so look as far as the fifth, never past the first half.
            sentences = self.sentences_in(self.paragraphs[0])
            opening = sentences[: max(3, min(5, len(sentences) // 2))]
        stated = [
            s for s in opening if SIGNPOST.search(self.text(s)) or FRAMING.search(self.text(s))
        ]
        return stated[-1] if stated else None  # the position usually closes the introduction

    @cached_property
    def thesis_terms(self) -> frozenset[str]:
        """Return the content-word stems of the thesis sentence."""
        return content_terms(self.text(self.thesis)) if self.thesis else frozenset()

    @cached_property
    def question_terms(self) -> frozenset[str]:
        """Return the content-word stems of the essay question and the essay's own title."""
        title = self.text(self.title) if self.title else ""
        return content_terms(f"{self.criterion.question} {title}")

    @cached_property
    def introduction_terms(self) -> frozenset[str]:
        """Return the content-word stems of the whole introduction."""
        return content_terms(self.text(self.introduction)) if self.introduction else frozenset()

    @cached_property
    def introduction_names(self) -> frozenset[str]:
        """Return the stems of the names the introduction gives: what the essay is about."""
        if self.introduction is None:
            return frozenset()
        parsed = self.parsed
        return frozenset(
            stem(plain(parsed.words[i].text))
            for i in parsed.words_in(self.introduction.start, self.introduction.end)
            if parsed.words[i].pos == "PROPN" and parsed.words[i].text[:1].isupper()
        )

    @cached_property
    def concluded(self) -> bool:
        """Tell whether the ending sums up: a concluding phrase, or the thesis's words again.

        A final paragraph (of three or more) that closes ("That is why ...", "As we have seen")
        or goes back over what the essay has said is a conclusion, however weak: "no
        conclusion" is said only where there is none.
        """
        if self.ending is None:
            return False
        text = self.text(self.ending)
        if DRAWING_TOGETHER.search(text) or APPEAL.search(text):
            return True
        if len(self.paragraphs) >= 3 and self.recaps(self.ending):
            return True
        if self.thesis is None:
            # A position the patterns do not know ("Computers are good for people") is still
            # the introduction's: an ending that goes back to a quarter of its words concludes.
            opening = self.introduction
            if opening is None or opening.end > self.ending.start or not self.introduction_terms:
                return False
            back = len(self.introduction_terms & content_terms(text)) / len(self.introduction_terms)
            return back >= RETURNED_OPENING_SHARE
        if self.thesis.start >= self.ending.start:
            return False  # the thesis itself sits in the last sentences
        if not self.thesis_terms:
            return False  # a thesis of only common words ("I think so") cannot be echoed
        returned = len(self.thesis_terms & content_terms(text)) / len(self.thesis_terms)
        return returned >= RETURNED_THESIS_SHARE

    def recaps(self, ending: Span) -> bool:
        """Tell whether a final paragraph closes or recaps, rather than making one more point.

        It recaps when it uses a closing phrase, or when it opens as a sentence of its own
        (a capital letter) that does not move on to a new point ("Also ...", "Secondly ...",
        "However ...", "At the same time ..."), holds no figure, and at least half of its
        content words come from earlier in the essay. It also recaps when it goes back to the
        introduction's subject (three of its words, "Lima ... city ... capital"), even opening
        with "However": a last paragraph may weigh the other side before it closes.
        """
        text = self.text(ending).strip()
        if CLOSING.search(text):
            return True
        opening = " ".join(text.split()[:4])
        if (
            not text[:1].isupper()
            or (NEW_POINT.match(opening) and not WEIGHING.match(opening))
            or LINKING["addition"].search(opening)
            or NUMBER.search(text)
            or self.essay.words_in(ending) < SIGN_OFF_WORDS
        ):
            return False
        terms = content_terms(text)
        if len(terms & (self.introduction_terms | self.question_terms)) >= RETURNED_TERMS:
            return True
        if WEIGHING.match(opening):
            return False
        earlier = content_terms(self.essay.text[: ending.start])
        return bool(terms) and len(terms & earlier) / len(terms) >= RECAP_SHARE

    @cached_property
    def linked_paragraphs(self) -> tuple[Span, ...]:
        """Return the paragraphs whose linking is checked: the body, or a one-block essay."""
        candidates = self.body or self.paragraphs
        return tuple(
            p for p in candidates if len(self.sentences_in(p)) >= 3 and not self.is_dialogue(p)
        )

    @cached_property
    def links(self) -> dict[str, list[str]]:
        """Return the linking words the essay uses, by function, in order of appearance."""
        found: dict[str, list[str]] = {function: [] for function in LINKING}
        for sentence in self.essay.sentences:
            for function, word in self.sentence_links(sentence):
                found[function].append(word)
        return found

    def sentence_links(self, sentence: Span) -> list[tuple[str, str]]:
        """Return the linking words of one sentence with their functions, in order."""
        text = self.text(sentence)
        found = [
            (m.start(), function, m.group().strip(", ").lower())
            for function, pattern in LINKING.items()
            for m in pattern.finditer(text)
        ]
        parsed = self.parsed
        for i in parsed.words_in(sentence.start, sentence.end):
            word = parsed.words[i]
            function = SUBORDINATE_LINKS.get(word.text.lower())
            if function and _opens_clause(parsed, i):
                found.append((word.start - sentence.start, function, word.text.lower()))
        return [(function, word) for _, function, word in sorted(found)]

    @cached_property
    def evidence_paragraphs(self) -> tuple[Span, ...]:
        """Return the paragraphs that should hold evidence: the body, or a one-block essay."""
        return self.body or self.paragraphs

    def text(self, span: Span) -> str:
        """Return the text of a span."""
        return self.essay.text[span.start : span.end]

    def sentences_in(self, span: Span) -> tuple[Span, ...]:
        """Return the sentences inside a span."""
        return tuple(s for s in self.essay.sentences if s.start >= span.start and s.end <= span.end)

    def links_in(self, span: Span) -> int:
        """Count the linking words and clause links inside a span.

        Beside the words that name a kind of link, a condition ("if"), a time word ("now",
        "every time") and a clause opened by "as" or "once" tie a sentence to what comes
        before it. In a story, a letter or a report, so does a sentence that opens on where or
        when it happens ("In the distance, ..."); an argument's points need logical links, and
        a date first ("In November 1938 ...") only orders events.
        """
        return sum(
            len(self.sentence_links(s))
            + len(CONDITION_LINKS.findall(self.text(s)))
            + len(TIME_LINKS.findall(self.text(s)))
            + self.clause_marks(s)
            + (not self.argued and self.opens_on_setting(s))
            for s in self.sentences_in(span)
        )

    def clause_marks(self, sentence: Span) -> int:
        """Count the clauses opened by "as" or "once" in a sentence ("As you enter, ...")."""
        parsed = self.parsed
        return sum(
            1
            for i in parsed.words_in(sentence.start, sentence.end)
            if parsed.words[i].dep == "mark" and parsed.words[i].text.lower() in CLAUSE_MARKS
        )

    def opens_on_setting(self, sentence: Span) -> bool:
        """Tell whether a sentence opens with a phrase of place or time before its subject.

        "In the distance a lifeboat was racing towards us": a preposition first, hung on the
        sentence's main verb, sets the scene from the sentence before.
        """
        parsed = self.parsed
        indices = parsed.words_in(sentence.start, sentence.end)
        if not indices:
            return False
        first = parsed.words[indices[0]]
        head = parsed.words[first.head]
        return first.dep == "prep" and head.dep == "ROOT" and head.pos in {"VERB", "AUX"}

    def evidence_in(self, span: Span) -> list[str]:
        """Return the evidence markers in a span: dates, figures, quotations and sources."""
        text = self.text(span)
        years = [m.group() for m in YEAR.finditer(text)]
        figures = [
            m.group()
            for m in NUMBER.finditer(text)
            if not YEAR.fullmatch(m.group()) and not DAY_MONTH.search(text, m.start(), m.end() + 12)
        ]
        dates = [m.group() for m in DAY_MONTH.finditer(text)]
        quotes = [m.group() for m in QUOTATION.finditer(text) if len(m.group().split()) >= 2]
        sources = [m.group() for m in SOURCE.finditer(text)]
        return years + figures + dates + quotes + sources

    def examples_in(self, span: Span) -> list[str]:
        """Return what else supports a point in a span: figures in words and named examples.

        "Thousands of officers", "half the delegates", "the Red Army", "Bukharin": an entity the
        parse finds that is a quantity, or a name that is not the essay's own subject (a word of
        the thesis or the question); and an example introduced as one ("for example").
        """
        found = [m.group() for m in EXAMPLE.finditer(self.text(span))]
        found += self.counted_in(span)
        subject = self.thesis_terms | self.question_terms
        for entity in self.parsed.entities_in(span.start, span.end):
            text = self.essay.text[entity.start : entity.end]
            if (
                entity.label in AMOUNTS
                or (entity.label == "CARDINAL" and SCALE.search(text))
                or (entity.label in COUNTED and NUMBER_WORD.search(text) and " " in text.strip())
                or (entity.label in NAMED and not content_terms(text) <= subject)
            ):
                found.append(text)
        return found

    def counted_in(self, span: Span) -> list[str]:
        """Return the things a span counts in words: "two hundred pounds", "two or three days".

        A number word (not "one", which is rarely a count) that counts a noun is a figure, unless
        the noun only orders the essay's own points ("two reasons", "three ways").
        """
        parsed = self.parsed
        found = []
        for i in parsed.words_in(span.start, span.end):
            word = parsed.words[i]
            noun = parsed.words[word.head]
            while noun.tag == "CD" and noun is not parsed.words[noun.head]:
                noun = parsed.words[noun.head]  # "two hundred pounds", "two or three days"
            if (
                word.tag == "CD"
                and NUMBER_WORD.fullmatch(word.text)
                and word.text.lower() not in {"one", "half"}
                and noun.pos == "NOUN"
                and noun.lemma.lower() not in POINT_NOUNS
            ):
                found.append(f"{word.text} {noun.text}")
        return found

    def supported(self, span: Span) -> bool:
        """Tell whether a paragraph supports its point with evidence or a specific example."""
        return bool(self.evidence_in(span) or self.examples_in(span))


def _opens_clause(parsed: Parsed, i: int) -> bool:
    """Tell whether a conjunction marks a clause ("before he left"), not a noun ("before 1936")."""
    word = parsed.words[i]
    head = parsed.words[word.head]
    if word.dep == "mark":
        return True
    return word.dep == "advmod" and word.text.lower() == "when" and head.pos in {"VERB", "AUX"}


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
        if count <= wanted.max:
            return Outcome(met=1.0)  # too many only by its lines of dialogue
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
        for pattern in (*LINKING.values(), CONDITION_LINKS)
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
    if not paragraphs:
        return NOT_APPLICABLE
    how = ARGUED_LINKING if layout.argued else TOLD_LINKING
    hits = tuple(
        Hit(p.start, p.end, {"sentences": len(layout.sentences_in(p)), "how": how})
        for p in paragraphs
        if layout.links_in(p) == 0
    )
    return Outcome(1 - len(hits) / len(paragraphs), hits)


def _linking_variety(layout: Layout) -> Outcome:
    if len(layout.essay.sentences) < 5:
        return NOT_APPLICABLE
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
        new = _new_evidence(layout, sentence, before, earlier_words)
        if new:
            hits.append(Hit(sentence.start, sentence.end, {"evidence": quoted(new)}))
    return Outcome(0.0 if hits else 1.0, tuple(hits))


def _new_evidence(layout: Layout, sentence: Span, before: str, earlier: set[str]) -> list[str]:
    """List what a concluding sentence brings in that the essay has not mentioned before.

    A figure or a quotation not written earlier, or a name (a proper noun in the parse, not the
    sentence's first word) that is not an earlier word or a form of one: "Stalinist" after
    "Stalin", "Soviets" after "Soviet". A sentence that sums up what a paragraph said names
    only what that paragraph named, and is not new evidence.
    """
    text = layout.text(sentence)
    new = [m.group() for m in NUMBER.finditer(text) if m.group() not in before]
    new += [m.group() for m in QUOTATION.finditer(text) if m.group()[1:-1] not in before]
    parsed = layout.parsed
    indices = parsed.words_in(sentence.start, sentence.end)
    earlier_stems = {stem(w) for w in earlier}
    for i in indices[1:]:
        word = parsed.words[i]
        if word.pos != "PROPN" or not word.text[:1].isupper() or word.text == "I":
            continue
        name = plain(word.text)
        if name in earlier or stem(name) in earlier_stems or _form_of_earlier(name, earlier):
            continue
        new.append(word.text)
    return list(dict.fromkeys(new))


def _form_of_earlier(name: str, earlier: set[str]) -> bool:
    """Tell whether a name is a longer or shorter form of an earlier word (Stalinist, Peruvians)."""
    return any(
        min(len(w), len(name)) >= 4
        and abs(len(w) - len(name)) <= 5
        and (w.startswith(name) or name.startswith(w))
        for w in earlier
    )


def _paragraph_balance(layout: Layout) -> Outcome:
    body = tuple(p for p in layout.body if not layout.is_dialogue(p))
    if len(body) < 2:
        return NOT_APPLICABLE
    lengths = [layout.essay.words_in(p) for p in body]
    middle = median(lengths)
    hits = []
    told = not layout.argued
    for paragraph, words in zip(body, lengths, strict=True):
        if words > LONG_PARAGRAPH * middle and not (told and words <= TOLD_LONG_PARAGRAPH):
            advice = "Split it where it moves on to a new point."
        elif words < SHORT_PARAGRAPH * middle and not told:
            advice = "Develop its point with evidence and explanation, or join it to another."
        elif words < SHORT_PARAGRAPH * middle and len(layout.sentences_in(paragraph)) > 1:
            # A one-line paragraph in a story or a letter is a device ("How are you?").
            advice = "Develop it, or join it to the paragraph it belongs with."
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
        advice = DEVELOP_ARGUED if layout.argued else DEVELOP_TOLD
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
            "Your essay is one unbroken block of {words} words. Break it into paragraphs: {parts}."
        ),
        example="Start a new paragraph each time you move on to a new main point.",
        run=_one_block,
        weight=5.0,
    ),
    Check(
        id="paragraph-count",
        measures="Whether the number of paragraphs lies in the criterion's `paragraphs` range.",
        message="Your essay has {count}; aim for {low}–{high}. {advice}",
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
        message="Your essay links its ideas {how}. Use other kinds of link too: {missing}.",
        example="Furthermore (adding), however (contrast), as a result (cause), finally (order).",
        run=_linking_variety,
    ),
    Check(
        id="no-conclusion",
        measures="Whether the essay ends with a conclusion that sums up or returns to the thesis.",
        message=(
            "Your essay ends without a conclusion. Finish with a short paragraph that sums up "
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
        message="Your essay has {words} words; the target is {low}–{high} words. {advice}",
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
            "Your essay ends without a full stop ('… {ending}'), so its last sentence looks "
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
            "Remove it and make sure the full text of your essay is here."
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
    findings = tuple(f for c, o in outcomes for f in c.findings(KIND, criterion.id, o))
    return Assessment(measures=measures, findings=findings)
