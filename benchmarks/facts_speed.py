"""Time the fact checker: 500-word essays against a 50-fact sheet (target: under 20 ms each).

The sheet is the real Great Terror sheet plus generated variants of its facts (other names,
other dates), so matching does the work a large teacher's sheet asks of it. Essays are
500-word windows of two kinds:
- on topic: the sample Great Terror essays, dense with names, dates and numbers (a window
  starts every eight sentences, so windows overlap);
- off topic: real learner and native essays from the Write & Improve + LOCNESS dev split
  (../shared/datasets/wi_locness/json/*.dev.json), read in place and never copied.
Each essay is parsed once by spaCy (timed on its own line: the parse is shared with the other
analysers), then checked as the analyser checks it (claims, verdicts, findings, measures), after
one warm-up call that builds the sheet's index. A two-process CPU probe is printed beside.

Run: .venv/bin/python -m benchmarks.facts_speed
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from benchmarks.cpu_probe import probe
from grader.analysers.facts import check_facts, findings_for, measures_for
from grader.engines.parser import Parser, parsed_from
from grader.essay import Essay, count_words
from grader.facts.sheet import FactSheet

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "rubrics" / "great-terror.facts.yaml"
SAMPLES = ROOT / "samples"
DATASETS = ROOT.parent / "shared" / "datasets"
WI_DEV = sorted((DATASETS / "wi_locness" / "json").glob("*.dev.json"))
FACTS = 50
WORDS = 500
REPEATS = 5
# Surnames for the generated facts' subjects: other people of the period, so the names look
# like the real ones to the fuzzy matcher.
SURNAMES = (
    "Rykov Tomsky Radek Pyatakov Yakir Uborevich Kork Eikhe Postyshev Kosior Chubar Rudzutak "
    "Krestinsky Rakovsky Sokolnikov Serebryakov Muralov Smirnov Blyukher Yegorov Gamarnik "
    "Putna Primakov Feldman Eideman Mekhlis Vyshinsky Ulrikh Frinovsky Zakovsky"
).split()


def fifty_fact_sheet() -> FactSheet:
    """Build a 50-fact sheet: the real facts, then variants with other subjects and dates."""
    data: dict[str, Any] = yaml.safe_load(SHEET.read_text(encoding="utf-8"))
    real = data["facts"]
    for i in range(FACTS - len(real)):
        base = real[i % len(real)]
        surname = SURNAMES[i % len(SURNAMES)]
        data["names"][surname] = [f"{surname[0]}. {surname}"]
        variant = {**base, "id": f"{base['id']}-{i}", "about": [surname, *base["about"][1:]]}
        variant["statement"] = f"{surname}: {base['statement']}"
        if "date" in base:
            dates = base["date"] if isinstance(base["date"], list) else [base["date"]]
            variant["date"] = [_later(d, i % 4 + 1) for d in dates]
        variant.pop("misconceptions", None)
        data["facts"].append(variant)
    return FactSheet.model_validate(data)


def _later(value: Any, years: int) -> Any:
    """Move a date, as a teacher wrote it, some years later."""
    if isinstance(value, date):
        return value.replace(year=value.year + years)
    if isinstance(value, int):
        return value + years
    return " to ".join(str(int(part[:4]) + years) + part[4:] for part in value.split(" to "))


def window(sentences: list[str], words: int = WORDS) -> str | None:
    """Join sentences from the first until about `words` words; None if the text runs out."""
    taken: list[str] = []
    for sentence in sentences:
        taken.append(sentence)
        if count_words(" ".join(taken)) >= words:
            return " ".join(taken)
    return None


def sentences_of(text: str) -> list[str]:
    """Split a text into its sentences, as the essay model does."""
    essay = Essay.from_text(text, "text")
    return [essay.text[s.start : s.end] for s in essay.sentences]


def on_topic() -> list[str]:
    """Cut the sample essays into 500-word windows, one starting at every paragraph."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    sentences = [s for text in texts for s in sentences_of(text)]
    starts = range(0, len(sentences), 8)
    found = [window(sentences[i:]) for i in starts]
    return [w for w in found if w]


def off_topic() -> list[str]:
    """Cut real W&I+LOCNESS dev essays into 500-word windows."""
    if not WI_DEV:
        sys.exit(f"missing data: no *.dev.json under {DATASETS / 'wi_locness' / 'json'}")
    texts = [
        json.loads(line)["text"]
        for path in WI_DEV
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sentences = [s for text in texts for s in sentences_of(text)]
    found: list[str] = []
    i = 0
    while (piece := window(sentences[i:])) is not None and len(found) < 150:
        found.append(piece)
        i += len(sentences_of(piece))
    return found


def time_essays(sheet: FactSheet, texts: list[str]) -> tuple[list[float], list[float]]:
    """Parse, then check, each text as the analyser does; the best of a few runs, in ms, each."""
    parser = Parser()
    essays = [Essay.from_text(t, f"e{i}") for i, t in enumerate(texts)]
    check_facts(essays[0], sheet, parser.parse(essays[0].text))  # warm up: load and index once
    checking, parsing = [], []
    for essay in essays:
        begun = time.perf_counter()
        parsed = parsed_from(parser.nlp()(essay.text))  # the parse as the adapter makes it
        parsing.append((time.perf_counter() - begun) * 1000)
        best = float("inf")
        for _ in range(REPEATS):
            begun = time.perf_counter()
            result = check_facts(essay, sheet, parsed)
            measures_for(result, sheet, findings_for(result, "facts", essay))
            best = min(best, time.perf_counter() - begun)
        checking.append(best * 1000)
    return checking, parsing


def summary(times: list[float]) -> str:
    """Describe times: median, 95th percentile and maximum."""
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"


def main() -> None:
    """Print the time per 500-word essay against the 50-fact sheet."""
    print(probe())
    sheet = fifty_fact_sheet()
    print(f"sheet: {len(sheet.facts)} facts, {len(sheet.names)} names")
    for label, texts in (("on topic (samples)", on_topic()), ("off topic (W&I dev)", off_topic())):
        words = statistics.mean(count_words(t) for t in texts)
        checking, parsing = time_essays(sheet, texts)
        print(f"{label}: {len(texts)} essays of {words:.0f} words on average")
        print(f"  checking facts: {summary(checking)}")
        print(f"  parsing (spaCy, shared by the analysers): {summary(parsing)}")
    print(probe())


if __name__ == "__main__":
    main()
