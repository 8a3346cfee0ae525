"""Key terms: the words whose use goes with higher (or lower) marks, learned from the marks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer

from grader.analysers.content import key_term_measures
from grader.analysers.wording import word_forms

Measures = Mapping[str, Mapping[str, float]]  # kind -> measure name -> value
MIN_ESSAYS_FOR_TERMS = 20  # fewer marked essays cannot tell key terms from chance
MOST_TERMS = 100
TERM_RIDGE = 10.0  # ridge penalty of the key-term points (tuned on ASAP dev)


def learn_key_terms(texts: Sequence[str], marks: Sequence[float]) -> dict[str, float]:
    """Learn the words whose use goes with higher (or lower) marks, with points for each.

    A ridge regression of the marks on which content words each essay uses (by stem, so
    "invented" and "invention" count as one); the strongest terms are kept and named by the
    form the essays use most.
    """
    stems = [_key_stems(text) for text in texts]
    least = max(3, len(texts) // 50)  # a term in fewer essays is too rare to learn from
    counts = Counter(term for found in stems for term in found)
    vocabulary = sorted(t for t, n in counts.items() if n >= least)
    if not vocabulary:
        return {}
    known = set(vocabulary)
    used = MultiLabelBinarizer(classes=vocabulary, sparse_output=True).fit_transform(
        [[t for t in found if t in known] for found in stems]
    )
    model = Ridge(alpha=TERM_RIDGE).fit(used, np.asarray(marks, dtype=float))
    coefficients = model.coef_
    strongest = np.argsort(-np.abs(coefficients), kind="stable")[:MOST_TERMS]
    top = float(np.abs(coefficients[strongest[0]])) or 1.0
    names = _surface_forms(texts, {vocabulary[j] for j in strongest})
    terms = {names[vocabulary[j]]: round(5.0 * float(coefficients[j]) / top, 2) for j in strongest}
    return {term: points for term, points in terms.items() if points and _is_key_term(term)}


# Immutable: tuples of stems (lru_cache's table is safe to share between threads).
@lru_cache(maxsize=8192)
def _key_stems(text: str) -> tuple[str, ...]:
    """List the stems of a text's words that can be key terms (cached: folds reuse texts)."""
    return tuple(t for t in word_forms(text) if _is_key_term(t))


def _is_key_term(word: str) -> bool:
    """Tell whether a word can be a key term: letters, with inner apostrophes or hyphens."""
    return word[:1].isalpha() and all(c.isalpha() or c in "'’-" for c in word)


def _surface_forms(texts: Sequence[str], stems: set[str]) -> dict[str, str]:
    """Name each stem by the word form the essays use most (lower case)."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        for root, forms in word_forms(text).items():
            if root in stems:
                total = counts.setdefault(root, {})
                for form, n in forms.items():
                    total[form] = total.get(form, 0) + n
    return {root: max(sorted(forms), key=forms.__getitem__) for root, forms in counts.items()}


def with_key_terms(measures: Measures, text: str, terms: Mapping[str, float]) -> Measures:
    """Add the key-term measures of a text to its other measures."""
    return {**measures, "content": key_term_measures(text, terms)}


def key_terms_by_fold(
    samples: Sequence[Measures], texts: Sequence[str], marks: Sequence[float], folds: KFold
) -> list[Measures]:
    """Measure key terms on each essay with terms learned from the other essays (5 folds).

    Terms learned from an essay would find that essay's own words and flatter the measure.
    """
    measured: list[Measures] = list(samples)
    for train, test in folds.split(np.arange(len(texts))):
        terms = learn_key_terms([texts[i] for i in train], [marks[i] for i in train])
        for i in test:
            measured[i] = with_key_terms(samples[i], texts[i], terms)
    return measured
