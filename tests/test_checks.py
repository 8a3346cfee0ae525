"""One table of passing and failing examples per check kind, compared with the registries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from grader.analysers import readability, structure
from grader.analysers.checks import Hit, Outcome, quoted, weighted_share
from tests import test_readability, test_structure

Table = dict[str, tuple[list[str], list[str]]]
KINDS: dict[str, tuple[set[str], Table, Callable[[str], set[str]]]] = {
    "structure": (set(structure.CHECKS_BY_ID), test_structure.EXAMPLES, test_structure.codes),
    "readability": (
        set(readability.CHECKS_BY_ID),
        test_readability.EXAMPLES,
        test_readability.codes,
    ),
}
CASES = [(kind, check_id) for kind, (ids, _, _) in KINDS.items() for check_id in sorted(ids)]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_check_has_passing_and_failing_examples(kind: str) -> None:
    ids, examples, _ = KINDS[kind]
    assert set(examples) == ids, f"{kind}: add examples for new checks, drop those of old ones"
    for check_id, (passing, failing) in examples.items():
        assert passing and failing, f"{kind}.{check_id} needs a passing and a failing example"


@pytest.mark.parametrize(("kind", "check_id"), CASES)
def test_check_passes_its_passing_examples(kind: str, check_id: str) -> None:
    _, examples, codes = KINDS[kind]
    for text in examples[check_id][0]:
        assert f"{kind}.{check_id}" not in codes(text)


@pytest.mark.parametrize(("kind", "check_id"), CASES)
def test_check_flags_its_failing_examples(kind: str, check_id: str) -> None:
    _, examples, codes = KINDS[kind]
    for text in examples[check_id][1]:
        assert f"{kind}.{check_id}" in codes(text)


def test_weighted_share_leaves_out_checks_that_do_not_apply() -> None:
    met, missed, absent = Outcome(1.0), Outcome(0.0, (Hit(0, 1),)), Outcome(None)
    assert weighted_share([(3.0, met), (1.0, missed), (5.0, absent)]) == 0.75
    assert weighted_share([(1.0, absent)]) == 1.0


def test_quoted_lists_a_few_words() -> None:
    assert quoted([]) == ""
    assert quoted(["a"]) == "'a'"
    assert quoted(["a", "b", "c", "d"]) == "'a', 'b' and 'c'"
