"""How often the mechanics criterion's errors are real errors: W&I+LOCNESS learner essays.

Runs the `mechanics` analyser (default profile, en-GB, LingoTweaker) over the essays of one split
of W&I+LOCNESS (../shared/datasets/wi_locness/json/*.<split>.json) and compares what it calls an
error with the gold edits of the first annotator:

- a flag is right when it overlaps a gold edit; an insertion point counts when the flag covers it;
- precision = right flags / flags; recall = gold edits covered by some flag / gold edits;
  F0.5 weighs precision twice as much as recall, as grammar checking does.

Prints these per CEFR level (A, B, C; N = native LOCNESS essays) and overall, plus the speed of
the whole analyser (the engine, the spaCy parse its rule layer reads, Harper) in milliseconds
per 1,000 words and per 500-word essay (after the engine is built), with a two-process CPU probe
before and after, so that a run on a busy machine says so. With the per-type table it also prints
how often the first suggestion of an error flag lying exactly on a gold edit is the annotator's
correction: overall, for the spelling rules, and per ERRANT type of the gold edit.

    .venv/bin/python benchmarks/grammar_detection.py               # the default profile, dev
    .venv/bin/python benchmarks/grammar_detection.py --every-rule  # baseline: every rule on
    .venv/bin/python benchmarks/grammar_detection.py --split train --by-rule   # for tuning
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.cpu_probe import probe
from benchmarks.error_types import gold_types, short_type, type_of
from grader.analysers.mechanics import analyse_mechanics
from grader.engines.grammar import SPELLING_RULES, EngineOptions
from grader.engines.lingotweaker import LingoTweakerEngine
from grader.essay import Essay
from grader.kinds.mechanics import MechanicsCriterion
from grader.services import Services

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "wi_locness" / "json"
LEVELS = {"A": "A (beginner)", "B": "B (intermediate)", "C": "C (advanced)", "N": "N (native)"}


@dataclass
class Tally:
    """Counts for precision and recall."""

    flags: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0
    words: int = 0
    essays: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally into this one."""
        for name in ("flags", "right", "gold", "found", "words", "essays"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> tuple[float, float, float]:
        """Return precision, recall and F0.5."""
        p = self.right / self.flags if self.flags else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Rule:
    """Per-rule counts, for choosing the profile."""

    flags: int = 0
    right: int = 0
    severities: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Flag:
    """One place the checker flagged, with its first suggestion if it made one."""

    rule_id: str
    start: int
    end: int
    severity: str
    suggestion: tuple[str, ...]


def print_types(
    split: str, typing: Sequence[tuple[str, list[tuple[int, int, str]], list[Flag]]], limit: int
) -> None:
    """Print recall per gold ERRANT type, and precision per type of the flags' own fixes."""
    key = f"{split}-{limit}"
    types = gold_types(key, [t for t, _, _ in typing], [e for _, e, _ in typing])
    gold_n: Counter[str] = Counter()
    gold_found: Counter[str] = Counter()
    flag_n: Counter[str] = Counter()
    flag_right: Counter[str] = Counter()
    for (text, edits, flags), essay_types in zip(typing, types, strict=True):
        for (s, e, _), kind in zip(edits, essay_types, strict=True):
            kind = short_type(kind)
            gold_n[kind] += 1
            gold_found[kind] += any(hits(f.start, f.end, (s, e)) for f in flags)
        for f in flags:
            kind = (
                short_type(type_of(text, f.start, f.end, f.suggestion[0]))
                if f.suggestion
                else "(no fix)"
            )
            flag_n[kind] += 1
            flag_right[kind] += any(hits(f.start, f.end, (s, e)) for s, e, _ in edits)
    print("\nper ERRANT type (gold edits of the type found; flags whose fix is of the type right)")
    print(f"{'type':14} {'gold':>6} {'found':>6} {'R':>6} {'flags':>6} {'P':>6}")
    for kind, n in sorted(gold_n.items(), key=lambda kv: -kv[1]):
        flags_of = flag_n.get(kind, 0)
        precision = f"{flag_right[kind] / flags_of:6.3f}" if flags_of else f"{'-':>6}"
        print(
            f"{kind:14} {n:6} {gold_found[kind]:6} {gold_found[kind] / n:6.3f} "
            f"{flags_of:6} {precision}"
        )
    for kind in sorted(set(flag_n) - set(gold_n)):
        print(
            f"{kind:14} {0:6} {0:6} {'-':>6} {flag_n[kind]:6} "
            f"{flag_right[kind] / flag_n[kind]:6.3f}"
        )


def print_suggestion_accuracy(
    split: str, typing: Sequence[tuple[str, list[tuple[int, int, str]], list[Flag]]], limit: int
) -> None:
    """Print how often a flag exactly on a gold edit offers the gold correction first.

    Only error flags whose span equals a gold edit's span count, so that "the same fix" is
    well defined; spelling means the spelling-dictionary rules. Per type is the gold edit's.
    """
    key = f"{split}-{limit}"
    types = gold_types(key, [t for t, _, _ in typing], [e for _, e, _ in typing])
    on_edit: Counter[str] = Counter()
    same: Counter[str] = Counter()
    for (_, edits, flags), essay_types in zip(typing, types, strict=True):
        gold = {
            (s, e): (c, short_type(kind))
            for (s, e, c), kind in zip(edits, essay_types, strict=True)
        }
        for f in flags:
            if (f.start, f.end) not in gold:
                continue
            correction, kind = gold[(f.start, f.end)]
            right = bool(f.suggestion) and f.suggestion[0] == correction
            groups = ["overall", f"type {kind}"]
            if f.rule_id.startswith(SPELLING_RULES):
                groups.append("spelling rules")
            for group in groups:
                on_edit[group] += 1
                same[group] += right
    print("\nfirst suggestion = gold correction, error flags exactly on a gold edit")
    print(f"{'flags':22} {'on edit':>7} {'same':>6} {'share':>6}")
    order = ["overall", "spelling rules"]
    order += sorted((g for g in on_edit if g not in order), key=lambda g: -on_edit[g])
    for group in order:
        if on_edit[group]:
            print(
                f"{group:22} {on_edit[group]:7} {same[group]:6} {same[group] / on_edit[group]:6.1%}"
            )


def essays(split: str) -> Iterator[tuple[str, str, list[tuple[int, int, str]]]]:
    """Yield (level, text, gold edits as start, end, correction) for every essay of a split."""
    files = sorted(DATA.glob(f"*.{split}.json"))
    if not files:
        sys.exit(f"grammar_detection: no W&I+LOCNESS files {DATA}/*.{split}.json found")
    for path in files:
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            edits = record["edits"][0][1]  # the first annotator
            gold = [(int(e[0]), int(e[1]), e[2] or "") for e in edits if e[0] is not None]
            yield path.name[0], record["text"], gold


def hits(start: int, end: int, gold: tuple[int, int]) -> bool:
    """Tell whether a flag overlaps a gold edit, or covers a gold insertion point."""
    g_start, g_end = gold
    if g_start == g_end:
        return start <= g_start <= end
    if start == end:
        return g_start <= start <= g_end
    return start < g_end and g_start < end


def tally(flags: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> Tally:
    """Count right flags and found gold edits for one essay."""
    return Tally(
        flags=len(flags),
        right=sum(1 for s, e in flags if any(hits(s, e, g) for g in gold)),
        gold=len(gold),
        found=sum(1 for g in gold if any(hits(s, e, g) for s, e in flags)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument(
        "--every-rule", action="store_true", help="baseline: every default rule on, all flags"
    )
    parser.add_argument(
        "--with-suggestions", action="store_true", help="count suggestions as flags too"
    )
    parser.add_argument("--by-rule", action="store_true", help="print precision per rule")
    parser.add_argument("--no-types", action="store_true", help="skip the per-type table")
    parser.add_argument("--limit", type=int, default=0, help="only the first N essays per level")
    args = parser.parse_args(argv)

    services = Services()
    criterion = MechanicsCriterion(id="mechanics", name="Mechanics", kind="mechanics")
    started = time.perf_counter()
    baseline = LingoTweakerEngine(EngineOptions("en-GB")) if args.every_rule else None
    if baseline is None:
        analyse_mechanics(Essay.from_text("Warm up.", "warm-up"), criterion, services)
    print(f"engine ready in {time.perf_counter() - started:.1f} s")

    totals: dict[str, Tally] = defaultdict(Tally)
    rules: dict[str, Rule] = defaultdict(Rule)
    per_level_seen: dict[str, int] = defaultdict(int)
    typing: list[tuple[str, list[tuple[int, int, str]], list[Flag]]] = []
    seconds = 0.0
    per_500: list[float] = []  # ms per 500 words, for essays of 300 words or more
    print(probe())
    for level, raw, edits in essays(args.split):
        if args.limit and per_level_seen[level] >= args.limit:
            continue
        per_level_seen[level] += 1
        essay = Essay.from_text(raw, student="wi")
        lead = len(raw) - len(raw.lstrip())  # from_text strips leading space: shift the gold
        edits = [(max(s - lead, 0), max(e - lead, 0), c) for s, e, c in edits]
        gold = [(s, e) for s, e, _ in edits]
        clock = time.perf_counter()
        if baseline is not None:
            spans = [
                Flag(m.rule_id, m.start, m.end, "error", m.suggestions[:1])
                for m in baseline.check(essay.text)
            ]
        else:
            findings = analyse_mechanics(essay, criterion, services).findings
            spans = [
                Flag(f.rule_id or f.code, s, e, f.severity, f.suggestions[:1])
                for f in findings
                for s, e in ((f.start, f.end), *(f.also_at or ()))
            ]
        took = time.perf_counter() - clock
        seconds += took
        if essay.word_count >= 300:
            per_500.append(1000 * took * 500 / essay.word_count)
        counted = [f for f in spans if f.severity == "error" or args.with_suggestions]
        one = tally([(f.start, f.end) for f in counted], gold)
        one.words, one.essays = essay.word_count, 1
        totals[level].add(one)
        typing.append((essay.text, edits, counted))
        for flag in spans:
            rules[flag.rule_id].flags += 1
            rules[flag.rule_id].right += any(hits(flag.start, flag.end, g) for g in gold)
            rules[flag.rule_id].severities.add(flag.severity)

    overall = Tally()
    what = "every rule on" if args.every_rule else "default profile, errors"
    if args.with_suggestions and not args.every_rule:
        what = "default profile, errors and suggestions"
    print(f"W&I+LOCNESS {args.split}, en-GB, LingoTweaker, {what}")
    print(f"{'level':18} {'essays':>6} {'words':>7} {'flags':>6} {'P':>6} {'R':>6} {'F0.5':>6}")
    for level in sorted(totals):
        t = totals[level]
        overall.add(t)
        p, r, f = t.scores()
        print(f"{LEVELS[level]:18} {t.essays:6} {t.words:7} {t.flags:6} {p:6.3f} {r:6.3f} {f:6.3f}")
    p, r, f = overall.scores()
    print(
        f"{'overall':18} {overall.essays:6} {overall.words:7} {overall.flags:6} "
        f"{p:6.3f} {r:6.3f} {f:6.3f}"
    )
    print(f"speed: {1000 * seconds / max(overall.words, 1) * 1000:.0f} ms per 1,000 words")
    if per_500:
        per_500.sort()
        median, p95 = per_500[len(per_500) // 2], per_500[int(0.95 * (len(per_500) - 1))]
        print(
            f"whole mechanics analysis (engine, parse, layers), warm, per 500 words: median "
            f"{median:.0f} ms, p95 {p95:.0f} ms over {len(per_500)} essays of 300+ words"
        )
    print(probe())
    if not args.no_types:
        print_types(args.split, typing, args.limit)
        print_suggestion_accuracy(args.split, typing, args.limit)
    if args.by_rule:
        print(f"\n{'rule':50} {'flags':>6} {'P':>6}  severity")
        for rule_id, r_ in sorted(rules.items(), key=lambda kv: -kv[1].flags):
            shown = ",".join(sorted(r_.severities))
            print(f"{rule_id:50} {r_.flags:6} {r_.right / r_.flags:6.2f}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
