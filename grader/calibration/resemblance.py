"""Resemblance to the essays a teacher marked: n-gram profiles and the marks they suggest.

Each marked essay becomes a profile: the counts of its character n-grams (spelling, word
endings, punctuation habits) or of its words and word pairs, hashed so that no text is kept,
weighted by how rare each n-gram is among the marked essays (tf-idf) and scaled to length 1.
Two profiles' dot product is how alike two essays are (cosine similarity). A kernel ridge
regression on these similarities suggests the mark a new essay resembles; its leave-one-out
predictions on the marked essays come in closed form, so the blend above it learns from
predictions on essays each model did not see. Length, which profiles of length 1 cannot
see, is measured plainly (`surface`) and blended beside them.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

Array = NDArray[np.float64]
HASHED_FEATURES = 2**20  # hashing buckets: collisions among essays' n-grams stay rare
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class ProfileKind:
    """How essays are cut into n-grams for one kind of resemblance."""

    name: str  # "characters" or "words"
    analyzer: str  # scikit-learn's analyzer: "char_wb" or "word"
    ngrams: tuple[int, int]
    alpha: float  # ridge penalty of the kernel regression (tuned on ASAP dev)


CHARACTERS = ProfileKind("characters", "char_wb", (2, 5), 1.0)
WORDS = ProfileKind("words", "word", (1, 2), 1.0)
# Words beside characters add a little on ASAP dev (+0.001 to +0.0014 QWK at 50 and with all).
KINDS = (CHARACTERS, WORDS)


# Immutable: a HashingVectorizer is never fitted, so threads may transform with the same one.
@lru_cache(maxsize=len(KINDS))
def _vectorizer(kind: ProfileKind) -> HashingVectorizer:
    """Build the hashing vectorizer of a kind once (it holds no state from the essays)."""
    return HashingVectorizer(
        analyzer=kind.analyzer,
        ngram_range=kind.ngrams,
        n_features=HASHED_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",
        dtype=np.float32,
    )


def counts(kind: ProfileKind, texts: Sequence[str], remember: bool = False) -> sparse.csr_matrix:
    """Count each text's hashed n-grams, one row per text, as (1 + log count).

    Texts counted with `remember` are kept: calibration's folds count the same essays again
    and again. Marking counts each new essay once, so it does not keep them.
    """
    with _COUNTED_LOCK:
        found = {t: _COUNTED[(kind, t)] for t in dict.fromkeys(texts) if (kind, t) in _COUNTED}
    missing = [text for text in dict.fromkeys(texts) if text not in found]
    if not found:
        rows = _count(kind, texts)  # the usual case when marking: one new essay
        if remember:
            _keep(kind, texts, rows)
        return rows
    if missing:
        rows = _count(kind, missing)
        found.update((text, rows[i]) for i, text in enumerate(missing))
        if remember:
            _keep(kind, missing, rows)
    return sparse.csr_matrix(sparse.vstack([found[t] for t in texts]), dtype=np.float32)


def _keep(kind: ProfileKind, texts: Sequence[str], rows: sparse.csr_matrix) -> None:
    """Remember texts' counts, forgetting the oldest beyond MOST_COUNTED."""
    with _COUNTED_LOCK:
        for i, text in enumerate(texts):
            _COUNTED[(kind, text)] = rows[i]
        while len(_COUNTED) > MOST_COUNTED:
            _COUNTED.popitem(last=False)


def _count(kind: ProfileKind, texts: Sequence[str]) -> sparse.csr_matrix:
    """Count hashed n-grams afresh."""
    if kind.analyzer == "char_wb":
        rows = sparse.csr_matrix(sparse.vstack([_by_words(kind, t) for t in texts]))
    else:
        rows = sparse.csr_matrix(_vectorizer(kind).transform(texts), dtype=np.float32)
    rows.data = 1.0 + np.log(rows.data)
    return rows


def _by_words(kind: ProfileKind, text: str) -> sparse.csr_matrix:
    """Count a text's character n-grams within words as the sum of its words' counts.

    scikit-learn's char_wb n-grams never cross a space, so a text's counts are its words'
    counts added up; each word is counted by scikit-learn once and remembered, which is
    five times faster on essays, whose words repeat.
    """
    words = Counter(text.lower().split())
    new = [w for w in words if (kind, w) not in _WORD_COUNTS]
    if new:
        rows = sparse.csr_matrix(_vectorizer(kind).transform(new), dtype=np.float32)
        with _COUNTED_LOCK:
            for i, word in enumerate(new):
                span = slice(rows.indptr[i], rows.indptr[i + 1])
                _WORD_COUNTS[(kind, word)] = (rows.indices[span], rows.data[span])
            while len(_WORD_COUNTS) > MOST_WORDS:
                _WORD_COUNTS.popitem(last=False)
    pieces = [(_WORD_COUNTS.get((kind, w)) or _fresh(kind, w), n) for w, n in words.items()]
    if not pieces:
        return sparse.csr_matrix((1, HASHED_FEATURES), dtype=np.float32)
    columns = np.concatenate([p[0] for p, _ in pieces])
    values = np.concatenate([p[1] * n for p, n in pieces]).astype(np.float32)
    row = sparse.csr_matrix(
        (values, (np.zeros(len(columns), dtype=np.int32), columns)),
        shape=(1, HASHED_FEATURES),
        dtype=np.float32,
    )
    row.sum_duplicates()
    return row


def _fresh(kind: ProfileKind, word: str) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
    """Count one word's n-grams (when another thread forgot it meanwhile)."""
    row = sparse.csr_matrix(_vectorizer(kind).transform([word]), dtype=np.float32)
    return row.indices, row.data


MOST_WORDS = 200_000  # words whose n-gram counts are remembered, per process
# Written under _COUNTED_LOCK; read without it, as a word forgotten meanwhile is counted afresh
# (_fresh). The arrays it holds are never changed.
_WORD_COUNTS: OrderedDict[
    tuple[ProfileKind, str], tuple[NDArray[np.int32], NDArray[np.float32]]
] = OrderedDict()


MOST_COUNTED = 8192  # texts whose counts are remembered, per process
_COUNTED: OrderedDict[tuple[ProfileKind, str], sparse.csr_matrix] = OrderedDict()
_COUNTED_LOCK = threading.Lock()  # marking threads may share it


SENTENCE_END = re.compile(r"[.!?]+")
# Five plain measures of length and vocabulary, beside the criteria and the resemblances.
SURFACE = ("word_count", "different_words", "letters_per_word", "sentence_count", "log_words")


def surface(text: str) -> dict[str, float]:
    """Measure a text's length and vocabulary plainly: words, different words, letters ..."""
    words = WORD.findall(text)
    count = max(1, len(words))
    return {
        "word_count": float(len(words)),
        "different_words": float(len({w.lower() for w in words})),
        "letters_per_word": sum(map(len, words)) / count,
        "sentence_count": float(max(1, len(SENTENCE_END.findall(text)))),
        "log_words": math.log(count),
    }


@dataclass(frozen=True)
class Resemblance:
    """The marked essays' profiles of one kind and the regression that reads marks from them."""

    kind: ProfileKind
    idf_features: NDArray[np.int64]  # hashed n-grams found in the marked essays
    idf_values: NDArray[np.float32]  # their weights; n-grams never seen get `idf_unseen`
    idf_unseen: float
    profiles: sparse.csr_matrix  # one row per marked essay, tf-idf, unit length
    coefficients: Array  # the kernel regression's dual coefficients, one per marked essay
    centre: float  # the mean mark: the regression predicts differences from it

    @cached_property
    def _idf(self) -> NDArray[np.float32]:
        """Every hashed n-gram's weight, built once per model."""
        return _idf_weights(self.idf_features, self.idf_values, self.idf_unseen)

    @cached_property
    def _by_ngram(self) -> sparse.csc_matrix:
        """The marked essays' profiles by n-gram, to read only the n-grams a text has."""
        return sparse.csc_matrix(self.profiles)

    def profile(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Turn texts into unit-length tf-idf profiles comparable with the marked essays'."""
        return _unit_rows(counts(self.kind, texts), self._idf)

    def similarities(self, texts: Sequence[str]) -> Array:
        """Return how alike each text is to each marked essay (cosine, 0 to 1)."""
        rows = self.profile(texts)
        found = np.zeros((len(texts), self.profiles.shape[0]))
        for i in range(len(texts)):
            span = slice(rows.indptr[i], rows.indptr[i + 1])
            # Only the text's own n-grams can add to a dot product: a few thousand columns.
            found[i] = self._by_ngram[:, rows.indices[span]] @ rows.data[span]
        return found

    def predict(self, texts: Sequence[str]) -> Array:
        """Return the mark each text's resemblance to the marked essays suggests."""
        return self.suggested(self.similarities(texts))

    def suggested(self, similarities: Array) -> Array:
        """Return the marks that similarities to the marked essays suggest."""
        return np.asarray(similarities @ self.coefficients + self.centre, dtype=float)


def fit_resemblance(
    kind: ProfileKind, texts: Sequence[str], marks: Sequence[float]
) -> tuple[Resemblance, Array]:
    """Fit the kernel regression on the marked essays; also return its leave-one-out marks."""
    raw = counts(kind, texts, remember=True)
    features, values, unseen = _idf(raw)
    profiles = _unit_rows(raw, _idf_weights(features, values, unseen))
    kernel = np.asarray((profiles @ profiles.T).toarray(), dtype=float)
    y = np.asarray(marks, dtype=float)
    centre = float(y.mean())
    inverse = np.linalg.inv(kernel + kind.alpha * np.eye(len(y)))
    coefficients = inverse @ (y - centre)
    hat = kernel @ inverse
    fitted = hat @ (y - centre) + centre
    # Leave-one-out in closed form: each essay's residual grows by 1 / (1 - its leverage).
    left_out = y - (y - fitted) / (1.0 - np.diag(hat))
    model = Resemblance(kind, features, values, unseen, profiles, coefficients, centre)
    return model, left_out


def _idf(raw: sparse.csr_matrix) -> tuple[NDArray[np.int64], NDArray[np.float32], float]:
    """Weigh each n-gram by its rarity among the marked essays (scikit-learn's smooth idf)."""
    essays = raw.shape[0]
    present = raw.tocsc()
    document_frequency = np.diff(present.indptr)
    features = np.flatnonzero(document_frequency).astype(np.int64)
    values = (np.log((1 + essays) / (1 + document_frequency[features])) + 1).astype(np.float32)
    return features, values, float(math.log(1 + essays) + 1)


def _idf_weights(
    features: NDArray[np.int64], values: NDArray[np.float32], unseen: float
) -> NDArray[np.float32]:
    """Spread the idf of the n-grams seen over every hashed n-gram; the rest get `unseen`."""
    weights = np.full(HASHED_FEATURES, unseen, dtype=np.float32)
    weights[features] = values
    return weights


def _unit_rows(raw: sparse.csr_matrix, weights: NDArray[np.float32]) -> sparse.csr_matrix:
    """Apply idf weights and scale each row to unit length."""
    rows = raw.copy()
    rows.data = rows.data * weights[rows.indices]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    rows.data = rows.data / np.repeat(norms, np.diff(rows.indptr)).astype(np.float32)
    return rows
