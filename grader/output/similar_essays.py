"""Essays in one class that are the same or nearly the same: what a teacher must look at.

Candidates are pairs that share runs of five words (an inverted index of hashed word
5-grams, leaving out runs most of the class shares, such as a copied question), so a class
of a thousand is not compared pair by pair; each candidate's similarity is rapidfuzz's
normalised edit similarity of the two texts (1.0 when they are the same after case and
spacing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

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
    plain = [" ".join(w) for w in words]
    found = []
    for a, b in _candidates(shingles, common=max(2, len(texts) // 2)):
        # The cut-off lets rapidfuzz stop early on a pair that cannot reach it (then 0).
        similarity = fuzz.ratio(plain[a], plain[b], score_cutoff=100 * threshold) / 100
        if similarity >= threshold:
            found.append(SimilarPair(a, b, similarity))
    return sorted(found, key=lambda p: (-p.similarity, p.first, p.second))


def _candidates(shingles: Sequence[set[int]], common: int) -> list[tuple[int, int]]:
    """Return the pairs that share enough word runs, leaving out runs over `common` essays.

    One sparse product (essays x runs, times its transpose) counts every pair's shared runs at
    once: a class whose essays share many runs costs a second, not a minute pair by pair.
    """
    columns: dict[int, int] = {}
    rows, cols = [], []
    for index, own in enumerate(shingles):
        for shingle in own:
            rows.append(index)
            cols.append(columns.setdefault(shingle, len(columns)))
    if not rows:
        return []
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(shingles), len(columns))
    )
    holders = np.asarray(incidence.sum(axis=0)).ravel()
    kept = incidence[:, np.flatnonzero(holders <= common)]  # not the question the class copied
    pairs = sparse.triu(kept @ kept.T, k=1).tocoo()
    sizes = np.array([len(own) for own in shingles])
    enough = pairs.data >= SHARED_FOR_CANDIDATE * np.minimum(sizes[pairs.row], sizes[pairs.col])
    return sorted(zip(pairs.row[enough].tolist(), pairs.col[enough].tolist(), strict=True))
