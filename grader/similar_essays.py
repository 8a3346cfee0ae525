"""Essays in one class that are the same or nearly the same: what a teacher must look at.

Candidates are pairs that share runs of five words (an inverted index of hashed word
5-grams, leaving out runs most of the class shares, such as a copied question), so a class
of a thousand is not compared pair by pair; each candidate's similarity is rapidfuzz's
normalised edit similarity of the two texts (1.0 when they are the same after case and
spacing).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

SHINGLE = 5
SHARED_FOR_CANDIDATE = 0.3  # share of the shorter essay's word runs found in the other
NEARLY_SAME = 0.8  # similarity from which a pair is listed
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SimilarPair:
    """Two essays of a class and how alike they are (0-1)."""

    first: int
    second: int
    similarity: float


def similar_pairs(texts: Sequence[str], threshold: float = NEARLY_SAME) -> list[SimilarPair]:
    """Return the pairs of texts at least `threshold` alike, the most alike first."""
    words = [_WORD.findall(text.lower()) for text in texts]
    shingles = [
        {hash(tuple(w[i : i + SHINGLE])) for i in range(max(len(w) - SHINGLE + 1, 1))}
        for w in words
    ]
    holders: dict[int, list[int]] = defaultdict(list)
    for index, own in enumerate(shingles):
        for shingle in own:
            holders[shingle].append(index)
    common = max(2, len(texts) // 2)
    shared: Counter[tuple[int, int]] = Counter()
    for group in holders.values():
        if len(group) > common:
            continue  # the question or a quotation the whole class copied
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                shared[(a, b)] += 1
    found = []
    for (a, b), count in shared.items():
        if count < SHARED_FOR_CANDIDATE * min(len(shingles[a]), len(shingles[b])):
            continue
        similarity = fuzz.ratio(" ".join(words[a]), " ".join(words[b])) / 100
        if similarity >= threshold:
            found.append(SimilarPair(a, b, similarity))
    return sorted(found, key=lambda p: (-p.similarity, p.first, p.second))
