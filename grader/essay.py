"""The essay: its text exactly as analysed, with paragraphs and sentences as spans into it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number with thousands separators ("681,692") is one word, like "well-known" and "Stalin’s".
WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\w+(?:['’\-]\w+)*")
BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
LINE_BREAK = re.compile(r"\n\s*")
# In text whose paragraphs are set apart by blank lines, a single line break still ends a
# paragraph after a line too long to be a wrapped line of the same paragraph (wrapped text
# keeps its lines under 80 characters). Without it, adding one blank-line paragraph to an essay
# typed with single breaks merged all its other paragraphs into one.
BLANK_LINE_OR_LONG_LINE = re.compile(r"\n[ \t]*\n\s*|(?<=[^\n]{100})\n\s*")
# A sentence ends at . ! ? or … (possibly repeated), then any closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
# A text that ends as a sentence does: its last mark, then any closing quotes or brackets.
FINAL_PUNCTUATION = re.compile(r"[.!?…][\"'”’)\]]*$")
# The next sentence opens with a capital, a digit or an opening quote or bracket, or with a
# learner's lower-case "i" ("... a week. i play football"): it is the pronoun, not a word.
SENTENCE_START = re.compile(r"\s+[\"'“‘(\[]*(?:[A-Z0-9À-Ý]|i(?=[\s'’]))")
# A short line that stops without a mark, followed by a line opening with a capital or a digit,
# is a heading, a table row or an address line ("Results", "Temperature 20°C: 62 s"): it ends
# there. Wrapped prose fills its lines to 60-80 characters, ends no sentence of its own inside
# them at that length only when it starts one, and may stop on "of" before "Aragon"; these do not.
LINE_END = re.compile(r"(?<=[\w%)°])[ \t]*\n(?=[ \t]*[A-Z0-9])")
SHORT_LINE = 60
# What opens an item of a list: "- beaker", "• goggles", "2) Heat the water", "6. Repeat".
LIST_MARK = r"(?:\d{1,2}[.)]|[-•*])"
# A line break before a list item: each item stands alone.
LIST_BREAK = re.compile(rf"[ \t]*\n(?=[ \t]*{LIST_MARK}[ \t])")
MARK_INSIDE = re.compile(r"[.!?…][\"'”’)\]]*\s")
LAST_WORD = re.compile(r"(\w+)\W*$")
# Words a heading or a row does not end on: a wrapped sentence goes on after them.
OPEN_ENDINGS = frozenset(
    "a an the of in on at to for from by with and or but as than that which who his her their "
    "its my our your is are was were be been has have had will would can could".split()
)
ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof st sr jr no nos vs etc e.g i.e cf c ca approx fig vol pp p gen col "
        "capt lt sgt rev hon jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)


@dataclass(frozen=True)
class Span:
    """A half-open range of character offsets into the essay text."""

    start: int
    end: int


@dataclass(frozen=True)
class Essay:
    """An essay ready for analysis; every offset anywhere refers to `text`."""

    text: str
    student: str
    source: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    word_count: int
    # The student's id on the learning platform the essay was downloaded from (Moodle, Canvas).
    platform_id: str = ""

    @classmethod
    def from_text(cls, text: str, student: str, source: str = "") -> Essay:
        """Build an essay from loaded text, normalising line endings and outer whitespace."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        paragraphs = split_paragraphs(text)
        sentences = tuple(s for p in paragraphs for s in split_sentences(text, p))
        return cls(
            text=text,
            student=student,
            source=source,
            paragraphs=paragraphs,
            sentences=sentences,
            word_count=count_words(text),
        )

    def words_in(self, span: Span) -> int:
        """Count the words inside a span."""
        return count_words(self.text[span.start : span.end])


def count_words(text: str) -> int:
    """Count words, keeping contractions and hyphenated words whole."""
    return sum(1 for _ in WORD.finditer(text))


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Split at blank lines (and after long lines); text with no blank line at line breaks."""
    separator = BLANK_LINE_OR_LONG_LINE if BLANK_LINE.search(text) else LINE_BREAK
    spans: list[Span] = []
    start = 0
    for gap in separator.finditer(text):
        spans.append(Span(start, gap.start()))
        start = gap.end()
    spans.append(Span(start, len(text)))
    return tuple(_trimmed(text, s) for s in spans if text[s.start : s.end].strip())


def split_sentences(text: str, paragraph: Span) -> tuple[Span, ...]:
    """Split one paragraph into sentences, never across its edges."""
    spans: list[Span] = []
    start = paragraph.start
    ends = sorted(
        [
            *SENTENCE_END.finditer(text, paragraph.start, paragraph.end),
            *(
                m
                for m in LINE_END.finditer(text, paragraph.start, paragraph.end)
                if _stands_alone(text, m.start(), paragraph.start)
            ),
            *LIST_BREAK.finditer(text, paragraph.start, paragraph.end),
        ],
        key=lambda m: m.start(),
    )
    for end in ends:
        if end.end() <= start:
            continue
        if not end.group().strip():
            spans.append(Span(start, end.start()))  # a heading or a row: the line break ends it
            start = end.end()
            continue
        if not SENTENCE_START.match(text, end.end(), paragraph.end):
            continue
        if _ends_with_abbreviation(text, start, end.start(), end.group()):
            continue
        spans.append(Span(start, end.end()))
        start = end.end()
    spans.append(Span(start, paragraph.end))
    return tuple(_trimmed(text, s) for s in spans if text[s.start : s.end].strip())


def _stands_alone(text: str, end: int, paragraph_start: int) -> bool:
    """Tell whether the line ending at `end` is a heading, a row or an address line: shorter
    than wrapped prose, holding no sentence end, not stopping on a word that leads on, and
    not the tail of a sentence wrapped from a longer line before it."""
    start = max(text.rfind("\n", 0, end) + 1, paragraph_start)
    line = text[start:end]
    last = LAST_WORD.search(line)
    if len(line) >= SHORT_LINE or MARK_INSIDE.search(line) or last is None:
        return False
    if last.group(1).lower() in OPEN_ENDINGS:
        return False
    if start == paragraph_start:
        return True
    before = text[max(text.rfind("\n", 0, start - 1) + 1, paragraph_start) : start - 1].rstrip()
    return len(before) < SHORT_LINE or before.endswith((".", "!", "?", ":"))


def _ends_with_abbreviation(text: str, start: int, stop: int, mark: str) -> bool:
    """Tell whether a full stop closes an abbreviation or an initial rather than a sentence."""
    if not mark.startswith("."):
        return False
    word = re.search(r"[\w.]+$", text[start:stop])
    if word is None:
        return False
    token = word.group()
    # "J. Stalin", but not the unit of "at 60°C." or "5 km."
    after_space = word.start() == 0 or text[start + word.start() - 1] in " \t\n(\"'“‘"
    is_initial = len(token) == 1 and token.isupper()
    return after_space and (is_initial or token.lower() in ABBREVIATIONS)


def _trimmed(text: str, span: Span) -> Span:
    """Shrink a span so it neither starts nor ends with white space."""
    chunk = text[span.start : span.end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    return Span(span.start + left, span.start + right)
