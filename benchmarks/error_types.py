"""ERRANT's error types for W&I+LOCNESS gold edits and for a checker's flags.

Each gold edit is typed by applying it alone to the sentence it sits in and asking ERRANT
(`errant.load("en", nlp)`, with the same spaCy pipeline the tool parses with) to classify the
difference: R:VERB:SVA, M:PUNCT, R:SPELL, R:ORTH ... A flag is typed the same way from its
first suggestion, so that precision can be read per type as well as recall. Types are cached
per split under ~/.cache/grader-benchmarks, since typing 8,000 edits takes a minute.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from grader.engines.parser import shared_parser

CACHE = Path.home() / ".cache" / "grader-benchmarks"
NO_TYPE = "UNK"


@cache
def annotator() -> Any:
    """Return ERRANT's English annotator over the tool's own spaCy pipeline."""
    import errant

    return errant.load("en", shared_parser().nlp())


def short_type(errant_type: str) -> str:
    """Drop the operation: "R:VERB:SVA" and "M:VERB:SVA" are both "VERB:SVA"."""
    return errant_type.split(":", 1)[1] if ":" in errant_type else errant_type


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the stretch of text between the sentence ends around an edit."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return left, (min(right) + 1 if right else len(text))


def type_of(text: str, start: int, end: int, correction: str) -> str:
    """Return ERRANT's type for replacing text[start:end] by correction."""
    left, right = sentence_around(text, start, end)
    orig = text[left:right]
    cor = text[left:start] + correction + text[end:right]
    if orig == cor:
        return NO_TYPE
    ann = annotator()
    edits = ann.annotate(ann.parse(orig, tokenise=True), ann.parse(cor, tokenise=True))
    types = [e.type for e in edits if e.type != "UNK"]
    return types[0] if types else NO_TYPE


def gold_types(
    key: str, texts: Sequence[str], edits: Sequence[Sequence[tuple[int, int, str]]]
) -> list[list[str]]:
    """Type every gold edit of every essay, from the cache when the same data was typed."""
    digest = hashlib.sha1(
        json.dumps([key, list(texts), [list(e) for e in edits]]).encode()
    ).hexdigest()[:16]
    path = CACHE / f"wi-types-{key}-{digest}.json"
    if path.exists():
        cached: list[list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    typed = [
        [type_of(text, s, e, c or "") for s, e, c in essay_edits]
        for text, essay_edits in zip(texts, edits, strict=True)
    ]
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(typed), encoding="utf-8")
    return typed
