"""Whether a text reads as a story: told in the past, by someone who was there, or in dialogue.

A rubric written for arguments (the general rubric assumes one) should not tell a story to add
"This essay argues that ..." or evidence from a historian in every paragraph. When the text
plainly narrates and argues nowhere, marking judges it as the narrative it is, and says so.
"""

from __future__ import annotations

import re

from grader.essay import Essay

# A sentence told by someone who was there: "I was", "we went", "my brother and I ran".
FIRST_PERSON_PAST = re.compile(
    r"\b(?:I|[Ww]e|my \w+ and I)\s+(?:\w+ly\s+|had\s+|just\s+|never\s+|finally\s+)?"
    r"(?:was|were|had|went|came|saw|got|felt|thought|knew|said|told|ran|took|made|found|"
    r"decided|wanted|looked|started|tried|heard|asked|walked|arrived|remember(?:ed)?|"
    r"\w{3,}ed)\b"
)
SPEECH = re.compile(
    r"[\"“][^\"”\n]{2,200}[,.!?][\"”]\s*(?:\w+\s+)?"
    r"(?:said|asked|shouted|replied|whispered|cried|yelled|answered|told)\b"
    r"|\b(?:said|asked|shouted|replied|whispered|cried|yelled|answered)\s*,?\s*[\"“]",
    re.IGNORECASE,
)
STORY_TIME = re.compile(
    r"\b(?:one day|once upon a time|suddenly|the next (?:day|morning)|that (?:day|night|"
    r"morning|evening)|a few (?:minutes|hours|days) later|at last|in the end)\b",
    re.IGNORECASE,
)
# What marks an argument: a position, a reason weighed, a conclusion drawn.
ARGUES = re.compile(
    r"\b(?:I (?:believe|think|feel|agree|disagree|would argue|argue)|in my opinion|"
    r"this (?:essay|answer)|in conclusion|to conclude|to sum up|therefore|"
    r"should|must|ought to|on the other hand|firstly|secondly)\b",
    re.IGNORECASE,
)
# A character's deed told in the past ("she knew", "he didn't"), and the contractions of a
# told voice ("didn't", "he'll"): a story in the third person has many of both.
THIRD_PERSON = re.compile(
    r"\b(?:[Hh]e|[Ss]he)\s+(?:\w+\s+)?(?:\w+ed|knew|was|had|came|went|said|saw|felt|thought|got|"
    r"made|took|left|found|told|didn't|couldn't|wasn't|hadn't)\b"
)
CONTRACTION = re.compile(r"\b\w+(?:n't|'ll|'ve|'re|'d)\b|\b(?:he|she|that|it)'s\b", re.IGNORECASE)
# What an essay about a text says: it tells of a character too, but answers a question on it.
RESPONDS = re.compile(
    r"\bthe (?:author|writer|narrator|reader|text|passage|setting|story|memoir|poem|novel)\b",
    re.IGNORECASE,
)
TOLD_SHARE = 0.3  # of sentences told in the first person past
CONTRACTIONS = 4
MIN_SENTENCES = 5


def reads_as_story(essay: Essay) -> bool:
    """Tell whether the text narrates (first or third person past, dialogue) and argues nowhere."""
    if len(essay.sentences) < MIN_SENTENCES:
        return False
    sentences = [essay.text[s.start : s.end] for s in essay.sentences]
    told = sum(1 for s in sentences if FIRST_PERSON_PAST.search(s)) / len(sentences)
    speech = len(SPEECH.findall(essay.text))
    timed = len(STORY_TIME.findall(essay.text))
    argued = len(ARGUES.findall(essay.text))
    narrated = told >= TOLD_SHARE or speech >= 2 or (timed >= 2 and told >= TOLD_SHARE / 2)
    # A story told of "he" or "she" in a chatty voice, with no argument and no text discussed.
    about = sum(1 for s in sentences if THIRD_PERSON.search(s.replace("’", "'"))) / len(sentences)
    voiced = len(CONTRACTION.findall(essay.text.replace("’", "'"))) >= CONTRACTIONS
    third = about >= TOLD_SHARE / 2 and voiced and not argued and not RESPONDS.search(essay.text)
    narrated = narrated or third
    return narrated and argued <= len(sentences) // 10
