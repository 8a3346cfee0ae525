"""Where an essay's parts are: title, introduction, body, conclusion, thesis and dialogue.

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

The kind of writing. The rubric's `genre` decides which checks apply: a thesis, topic sentences
tied to it, a concluding paragraph (with no new evidence) and evidence in every body paragraph
belong to argued writing (argument, discussion, response). A story, a letter or a report is
judged on what fits it: paragraphs, development, linking and time words, an ending that is not
cut off; lines of dialogue are not paragraphs to count, develop, join or link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from grader.analysers.linking import (
    CONDITION_LINKS,
    LINKING,
    TIME_LINKS,
    clause_marks,
    opens_on_setting,
    sentence_links,
)
from grader.analysers.structure_evidence import NUMBER, evidence_in, examples_in
from grader.analysers.wording import content_terms, plain, stem
from grader.engines.parser import Parsed
from grader.essay import FINAL_PUNCTUATION, Essay, Span
from grader.kinds.structure import StructureCriterion
from grader.rubric.schema import ARGUED_GENRES
from grader.services import Services

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
    r"|\b(important|vital|crucial|essential|key|major|central) (role|part)\b"
    # ... or reads a text: "Shakespeare presents ambition as a dangerous force"
    r"|\b(presents|portrays|depicts|shows|uses) [\w'’ ]{1,40}? (as|to (show|warn|suggest|"
    r"criticise|criticize|explore|argue))\b"
    # ... or says what its author meant by it: "Priestley wanted to show the audience that ..."
    r"|\b(wanted|wants|intended|intends|aimed|aims|tried|tries|set out) to (show|warn|teach|"
    r"criticise|criticize|expose|argue|suggest|explore|highlight|convince|persuade)\b",
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

# A paragraph that opens with a quotation mark or a speech dash is a line of dialogue.
DIALOGUE = re.compile(r"\s*(?:[\"“”‘'«]|[-–—]\s)")
# Words spoken inside a paragraph: a quoted sentence, closed with its own punctuation.
SPEECH = re.compile(r"[\"“][^\"”\n]{2,300}?[.!?,][\"”]")

SIGN_OFF_WORDS = 4
RETURNED_THESIS_SHARE = 0.4
RETURNED_OPENING_SHARE = 0.25
RETURNED_TERMS = 3


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
        return sentence_links(self.parsed, self.essay.text, sentence)

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
            + clause_marks(self.parsed, s)
            + (not self.argued and opens_on_setting(self.parsed, s))
            for s in self.sentences_in(span)
        )

    def evidence_in(self, span: Span) -> list[str]:
        """Return the evidence markers in a span: dates, figures, quotations and sources."""
        return evidence_in(self.text(span))

    def examples_in(self, span: Span) -> list[str]:
        """Return the figures in words and named examples in a span (not the essay's subject)."""
        subject = self.thesis_terms | self.question_terms
        return examples_in(self.parsed, self.essay.text, span, subject)

    def supported(self, span: Span) -> bool:
        """Tell whether a paragraph supports its point with evidence or a specific example."""
        return bool(self.evidence_in(span) or self.examples_in(span))
