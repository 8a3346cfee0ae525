from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import harper

from grader.engines.harper import KINDS, OFF, HarperLayer

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


def test_the_kept_kinds_come_out_the_same_with_the_rules_turned_off() -> None:
    layer = HarperLayer(british=True)
    texts = [MIXED, *(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))]
    kept = 0
    for text in texts:
        expected = every_kept_lint(text)
        found = [(m.rule_id, m.start, m.end, text[m.start : m.end]) for m in layer.check(text)]
        assert found == [(f"HARPER_{k.upper()}", s, e, t) for k, s, e, t in expected]
        kept += len(found)
    assert kept >= 5  # the comparison covered real lints, not only empty lists
    assert "SpellCheck" in OFF


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
