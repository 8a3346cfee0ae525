from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import harper

from grader.engines.harper import KEPT_RULES, KINDS, HarperLayer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Sentences that give each kept kind, and a misspelling beside them.
MIXED = (
    "However the purges continued into 1938. Their was alot of fear, and peple informed on "
    "there neighbours. Stalin had became more paranoid then ever. Between 1936-1938 many died."
)


def every_kept_lint(text: str) -> list[tuple[str, int, int, str]]:
    """Lint with every rule on, as Harper comes, and keep the kinds the layer keeps."""
    linter = harper.Linter(dialect=harper.Dialect.BRITISH)
    return [
        (str(lint.lint_kind), int(lint.span.start), int(lint.span.end), str(lint.problem_text))
        for lint in linter.lint(text)
        if str(lint.lint_kind) in KINDS
    ]


def test_every_kept_lint_of_full_harper_is_kept_on_the_samples() -> None:
    layer = HarperLayer(british=True)
    texts = [MIXED, *(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))]
    kept = 0
    for text in texts:
        expected = {(f"HARPER_{k.upper()}", s, e, t) for k, s, e, t in every_kept_lint(text)}
        found = {(m.rule_id, m.start, m.end, text[m.start : m.end]) for m in layer.check(text)}
        assert expected <= found
        kept += len(found)
    assert kept >= 5  # the comparison covered real lints, not only empty lists


def test_a_lint_that_another_rule_hid_is_found() -> None:
    # With every rule on, a repetition lint (a kind not kept) claims "is is" and Harper leaves
    # out the grammar lint on it; with only the kept rules, the student is told.
    text = "Finding a good teacher is is also critical for a young player."
    assert not every_kept_lint(text)
    found = [(m.rule_id, text[m.start : m.end]) for m in HarperLayer(british=True).check(text)]
    assert ("HARPER_GRAMMAR", " is") in found  # the second "is", to drop
    assert len(KEPT_RULES) < len(harper.Linter().get_lint_config()) / 5  # most rules stay off


def test_threads_share_one_linter_in_turn() -> None:
    layer = HarperLayer(british=True)
    results: list[list[tuple[int, int]]] = []

    def lint() -> None:
        results.append([(m.start, m.end) for m in layer.check(MIXED)])

    threads = [threading.Thread(target=lint) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] and r for r in results)


def test_harper_prints_nothing_into_the_json_a_check_writes(tmp_path: Path) -> None:
    # harper-py prints a debug line from Rust for some gerunds ("looking forward for hearing").
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Dear Tom,\n\nI am looking forward to hear from you soon. I am looking forward for "
        "hearing about your trip.\n\nBest wishes,\nAna\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(letter), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["text"].startswith("Dear Tom")


def test_a_number_is_not_made_plural() -> None:
    text = "Our town is one of the top three that recycle most. It is one of the reason we stay."
    found = {text[m.start : m.end]: m.suggestions for m in HarperLayer(british=True).check(text)}
    assert "three" not in found  # "one of the top three" is right
    assert any(s.startswith("reason") for s in found.get("reason", ()))  # the real slip stays
